//! `rounds serve --demo`: everything a newcomer needs to see the server in
//! one command: a temporary database holding the sample region Helsinki
//! city (built into the binary), today's plan made, checked and published,
//! and a manager plus one user per rep with fresh random passwords.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;

use super::auth::{hash_password, random_password};
use super::ServerError;
use crate::io::csv_region::{read_accounts, write_accounts};
use crate::io::text::TextEncoding;
use crate::planning::day::{DayOptions, DayProblem};
use crate::solver::{solve, SearchConfig};
use crate::store::{ImportFiles, PlanKind, Role, Store};
use crate::travel::StraightLine;

/// The sample region's files, as in `fixtures/regions/helsinki-city`.
const ACCOUNTS_CSV: &str = include_str!("../../fixtures/regions/helsinki-city/accounts.csv");
const REPS_CSV: &str = include_str!("../../fixtures/regions/helsinki-city/reps.csv");

/// The day the sample's last visits were written for: the demo moves them
/// by as many days as today is later, so its day is always as full as this one.
const SAMPLE_DAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a valid date");

/// The longest the demo's plan is searched for: a newcomer waits for it.
const SEARCH_LIMIT: Duration = Duration::from_secs(5);

/// A demo user and the password to sign in with.
#[derive(Clone, Debug)]
pub struct DemoUser {
    /// The name to type.
    pub name: String,
    /// What they may see.
    pub role: Role,
    /// The password to type (random, shown once).
    pub password: String,
}

/// The demo's database and users.
#[derive(Clone, Debug)]
pub struct Demo {
    /// The database file.
    pub db: PathBuf,
    /// The published plan's id.
    pub plan_id: i64,
    /// Visits in today's plan.
    pub visits: usize,
    /// Who can sign in.
    pub users: Vec<DemoUser>,
}

/// Moves every account's last visit by `shift`, so that a demo started
/// weeks after the sample was written still shows a day a team can do
/// rather than every account overdue.
fn redate_last_visits(accounts_csv: &Path, shift: chrono::TimeDelta) -> Result<(), ServerError> {
    let internal = |err: String| ServerError::Internal(format!("the demo region: {err}"));
    let mut accounts =
        read_accounts(accounts_csv, TextEncoding::Utf8).map_err(|err| internal(err.to_string()))?;
    for account in &mut accounts {
        account.last_visit = account.last_visit.map(|date| date + shift);
    }
    let mut csv = Vec::new();
    write_accounts(&mut csv, &accounts).map_err(|err| internal(err.to_string()))?;
    std::fs::write(accounts_csv, csv).map_err(|err| internal(err.to_string()))
}

/// Builds the demo in `dir` (a temporary folder the caller removes) for `today`.
pub fn prepare(dir: &Path, today: NaiveDate) -> Result<Demo, ServerError> {
    let region_dir = dir.join("helsinki-city");
    let write = |name: &str, text: &str| {
        std::fs::write(region_dir.join(name), text)
            .map_err(|err| ServerError::Internal(format!("cannot write the demo region: {err}")))
    };
    std::fs::create_dir_all(&region_dir)
        .map_err(|err| ServerError::Internal(format!("cannot create {}: {err}", region_dir.display())))?;
    write("accounts.csv", ACCOUNTS_CSV)?;
    write("reps.csv", REPS_CSV)?;
    redate_last_visits(&region_dir.join("accounts.csv"), today - SAMPLE_DAY)?;

    let db = dir.join("demo.db");
    let mut store = Store::create(&db)?;
    store.import(&ImportFiles::of_folder(&region_dir), "demo: helsinki-city", today)?;
    let snapshot = store.snapshot()?;
    let region = &snapshot.region;
    let travel = StraightLine::default();
    let planning = |what: &str| ServerError::Internal(format!("the demo's plan {what}"));
    let day = DayProblem::build(region, &DayOptions { date: today, lookahead_days: 0 }, &travel)
        .map_err(|err| planning(&format!("cannot be made: {err}")))?;
    let config =
        day.search_config(&SearchConfig { time_limit: SEARCH_LIMIT, ..SearchConfig::on_every_core() });
    let plan = day.to_plan(region, &solve(&day.problem, &config).solution);
    let report = crate::check::check_plan(region, &plan, &travel)
        .map_err(|err| planning(&format!("cannot be checked: {err}")))?;
    if !report.is_valid() {
        return Err(planning("failed the independent check"));
    }
    let described = travel.describe();
    let plan_id = store.publish(PlanKind::Day, &snapshot.inputs, std::slice::from_ref(&plan), &described)?;

    let mut named = vec![("manager".to_string(), Role::Manager)];
    named.extend(region.reps.iter().map(|rep| (rep.id.to_lowercase(), Role::Rep(rep.id.clone()))));
    let users = named
        .into_iter()
        .map(|(name, role)| {
            let password = random_password()?;
            store.add_user(&name, &role, &hash_password(&password)?)?;
            Ok(DemoUser { name, role, password })
        })
        .collect::<Result<Vec<_>, ServerError>>()?;
    Ok(Demo { db, plan_id, visits: plan.visited_accounts().count(), users })
}
