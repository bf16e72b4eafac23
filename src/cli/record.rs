//! `rounds record`: append a day's visits to the visit log, or add them to the
//! team's database, for the next day's plan.
//!
//! Both are append-only, so what goes in must be right: the plan is first
//! checked against the region by the independent validator (every account
//! exists, every rule holds), and a plan dated after today is refused. The
//! region is checked as it stood on the plan's morning: the visits recorded
//! before that day applied.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::io::visit_log::{read_recorded, LockedLog};
use rounds::model::limits;
use rounds::model::plan::Plan;
use rounds::model::visit_log::{apply_log, not_yet_recorded, records_of_plan, VisitRecord, VisitStatus};
use rounds::model::Region;
use rounds::report::lang::{Lang, Msg};
use rounds::store::Store;

use super::args::{day_plan, refuse_overwrites, RegionArgs, TravelArgs, UsageError};

/// The log's name beside the plan file when `--log` is not given.
const DEFAULT_LOG: &str = "visits.csv";

/// Arguments of `rounds record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The day's plan as driven (JSON from `rounds plan --out` or `rounds replan --out`).
    /// With --db, by default the plan in force on --today; a file given must be that plan
    #[arg(long, value_name = "JSON", required_unless_present = "db")]
    plan: Option<PathBuf>,
    /// The region the plan was made for (`--log` is the log appended to; default: visits.csv
    /// beside the plan; `--db` records into the team's database instead).
    #[command(flatten)]
    region: RegionArgs,
    /// The travel model the plan was made with, to check it.
    #[command(flatten)]
    travel: TravelArgs,
    /// Visits of the plan that did not happen (repeat, or separate with commas).
    #[arg(long, value_name = "ACCOUNT", value_delimiter = ',', num_args = 1..)]
    skipped: Vec<String>,
    /// Today's date (default: the clock's); a plan dated after it is not recorded.
    #[arg(long, value_parser = limits::DATE.arg())]
    today: Option<NaiveDate>,
    /// A note on a visit of the plan, kept in the database (repeat for several visits).
    #[arg(long, value_name = "ACCOUNT=TEXT", requires = "db", value_parser = parse_note)]
    note: Vec<(String, String)>,
}

/// Parses `ACCOUNT=TEXT`.
fn parse_note(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((account, note)) if !account.trim().is_empty() => {
            Ok((account.trim().to_string(), note.trim().to_string()))
        }
        _ => Err(format!("`{text}` is not ACCOUNT=TEXT")),
    }
}

pub fn run(args: RecordArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    // Beside the plan file, or in the folder the command runs in.
    let plan_dir = args.plan.as_deref().and_then(Path::parent).unwrap_or(Path::new(".")).to_path_buf();
    let log = match &args.region.db {
        Some(_) => None,
        None => Some(args.region.log.clone().unwrap_or_else(|| plan_dir.join(DEFAULT_LOG))),
    };
    // The log is appended to, not read as an input: its own entry (the third
    // of `inputs`, after accounts and reps) goes, but another input of the
    // same name stays, so `--log accounts.csv` is refused.
    let mut inputs: Vec<PathBuf> = args.region.inputs()?;
    if args.region.db.is_none() && args.region.log.is_some() {
        inputs.remove(2);
    }
    inputs.extend(args.plan.clone());
    inputs.extend(args.travel.inputs().map(Path::to_path_buf));
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    if let Some(log) = &log {
        refuse_overwrites(&inputs, &[log])?;
    }

    let (plan, in_force) = day_plan(args.plan.as_deref(), args.region.db.as_deref(), || today)?;
    if plan.date > today {
        return Err(UsageError(format!(
            "the plan is for {}, after today ({today}); record a day once it has been driven",
            plan.date
        ))
        .into());
    }
    let visited: Vec<&str> = plan.visited_accounts().collect();
    for (flag, account) in
        args.skipped.iter().map(|a| ("--skipped", a)).chain(args.note.iter().map(|(a, _)| ("--note", a)))
    {
        if !visited.contains(&account.as_str()) {
            return Err(UsageError(format!(
                "{flag} {account}: the plan of {} has no visit to it",
                plan.date
            ))
            .into());
        }
    }
    let mut region = match (&args.region.db, &log) {
        (Some(db), _) => Store::open(db)?.region_before(plan.date)?,
        (None, Some(log)) => file_region_before(&args, log, plan.date, today)?,
        (None, None) => unreachable!("a log is named whenever no database is"),
    };
    args.region.add_calendar(&mut region)?;
    let travel = args.travel.model(&region, &plan_dir)?;
    let report = rounds::check::check_plan(&region, &plan, travel.as_ref())?;
    if !report.is_valid() {
        errln!("the plan does not pass the check against the region; nothing was recorded:");
        for violation in &report.violations {
            errln!("  {violation}");
        }
        return Ok(ExitCode::from(1));
    }

    let records = records_of_plan(&plan, &args.skipped);
    let urgent = visited.len() - records.len();
    match (&args.region.db, &log) {
        (Some(db), _) => {
            // Where the visits came from, as an account's history shows it.
            let source = match (&args.plan, in_force) {
                (Some(file), _) => format!("record {}", file.display()),
                (None, Some(id)) => format!("record plan {id}"),
                (None, None) => unreachable!("a plan comes from a file or the database"),
            };
            record_in_db(&args, (db, &source), &plan, records, lang)?
        }
        (None, Some(log)) => record_in_log(log, &plan, &records, (today, &inputs), lang)?,
        (None, None) => unreachable!("a log is named whenever no database is"),
    }
    match urgent {
        0 => {}
        1 => outln!("{}", lang.text(Msg::UrgentNotRecorded)),
        n => outln!("{}", lang.fill(Msg::UrgentsNotRecorded, &[&n])),
    }
    Ok(ExitCode::SUCCESS)
}

/// The region files as they stood on the morning of `date` (the log's lines
/// from before it applied).
fn file_region_before(
    args: &RecordArgs,
    log: &Path,
    date: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<Region> {
    let (accounts, reps) = args.region.paths()?;
    let mut region =
        rounds::io::csv_region::read_region_as_of(&accounts, &reps, args.region.encoding, Some(today))
            .context("cannot read the region")?;
    let already = if log.exists() {
        read_recorded(log, today).context("cannot read the visit log")?
    } else {
        Vec::new()
    };
    let before: Vec<_> = already.into_iter().filter(|r| r.date < date).collect();
    apply_log(&mut region, &before);
    Ok(region)
}

/// Appends the visits the log does not hold yet. The log is read again
/// under its lock, so a `rounds record` of the same day running meanwhile
/// has its lines counted as already there, not appended twice.
fn record_in_log(
    log: &Path,
    plan: &Plan,
    records: &[VisitRecord],
    (today, inputs): (NaiveDate, &[&Path]),
    lang: Lang,
) -> anyhow::Result<()> {
    let mut locked = LockedLog::open(log, inputs)?;
    let already = locked.recorded(today).context("cannot read the visit log")?;
    let new = not_yet_recorded(records.to_vec(), &already);
    locked.append(&new)?;
    let skipped = new.iter().filter(|r| r.status == VisitStatus::Skipped).count();
    let counts = [new.len(), new.len() - skipped, skipped, records.len() - new.len()];
    let (date, log) = (lang.numeric_date(plan.date), log.display());
    outln!(
        "{}",
        lang.fill(Msg::RecordedInLog, &[&date, &log, &counts[0], &counts[1], &counts[2], &counts[3]])
    );
    for record in records.iter().filter(|r| !new.contains(r)) {
        if let Some(kept) = already.iter().find(|k| k.account == record.account && k.date == record.date) {
            print_kept(record, kept.status, Msg::KeptInLog, lang)?;
        }
    }
    Ok(())
}

fn record_in_db(
    args: &RecordArgs,
    (db, source): (&Path, &str),
    plan: &Plan,
    records: Vec<VisitRecord>,
    lang: Lang,
) -> anyhow::Result<()> {
    let noted: Vec<(VisitRecord, String)> = records
        .into_iter()
        .map(|record| {
            let note = args.note.iter().rev().find(|(a, _)| *a == record.account).map(|(_, n)| n.clone());
            (record, note.unwrap_or_default())
        })
        .collect();
    let summary = Store::open(db)?.record_visits(&noted, source)?;
    let skipped = summary.added.iter().filter(|r| r.status == VisitStatus::Skipped).count();
    let counts = [summary.added.len(), summary.added.len() - skipped, skipped, summary.already.len()];
    let (date, db) = (lang.numeric_date(plan.date), db.display());
    outln!("{}", lang.fill(Msg::RecordedInDb, &[&date, &db, &counts[0], &counts[1], &counts[2], &counts[3]]));
    for (record, kept) in &summary.already {
        print_kept(record, *kept, Msg::KeptInDb, lang)?;
    }
    Ok(())
}

/// Says when a visit is recorded already with another status, which stays
/// (`message` names where: the log or the database).
fn print_kept(record: &VisitRecord, kept: VisitStatus, message: Msg, lang: Lang) -> anyhow::Result<()> {
    if kept != record.status {
        let status = match (lang, kept) {
            (Lang::En, _) => kept.as_str(),
            (Lang::Ja, VisitStatus::Visited) => lang.text(Msg::StateDone),
            (Lang::Ja, VisitStatus::Skipped) => lang.text(Msg::StateSkipped),
        };
        let date = lang.numeric_date(record.date);
        outln!("{}", lang.fill(message, &[&record.account, &status, &date]));
    }
    Ok(())
}
