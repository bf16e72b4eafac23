//! Property tests of the planners over a team's calendar, on the Osaka month:
//! random whole- and part-day absences, closures, appointments (at a time or
//! in a window, with or without a rep), accounts closed on public holidays
//! (`土日祝`), with or without Japan's holidays, over days that include
//! 元日 and 成人の日. Every day plan, every week and every re-plan of a rep
//! held up or sent somewhere (`--position`) that the planners return must pass the independent validator: a
//! combination the planners accept and the validator refuses leaves the user
//! with no plan at all. The calendar files go through the readers the
//! command line uses, so every case is one a user can give.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rounds::io::text::TextEncoding;
use rounds::model::calendar::{Country, Holidays};
use rounds::model::plan::Stop;
use rounds::model::{LatLon, Region};
use rounds::planning::day::{DayOptions, DayProblem};
use rounds::planning::replan::{replan, ReplanRequest, Whereabouts};
use rounds::planning::week::{check_week, plan_week_with, WeekOptions};
use rounds::solver::{solve, SearchConfig};
use rounds::travel::StraightLine;

/// The region: its first [`ACCOUNTS`] accounts and its five reps.
const REGION: &str = "fixtures/calendar/osaka-month";
/// Accounts kept: enough for full days, few enough for a case in milliseconds.
const ACCOUNTS: usize = 30;
/// The first day a case may plan; [`DAYS`] days from it hold 元日 (2027-01-01)
/// and 成人の日 (2027-01-11), and every account's last visit lies before it.
const FIRST_DAY: &str = "2026-12-21";
const DAYS: u32 = 26;
/// Iterations of each search: enough to fill the days, a case stays quick.
const ITERATIONS: u64 = 200;

/// An absence: rep, first day, days after it, and the part of the day (start and
/// length, in minutes) or none for whole days.
type Absence = (usize, u32, u32, Option<(u32, u32)>);
/// An appointment: account, day, start (minutes), window length (none: an exact
/// time), whether the account's rep is named, length in minutes (none: the account's).
type Appointment = (usize, u32, u32, Option<u32>, bool, Option<u32>);

/// One case's calendar, as indices into the region and minutes of the day.
#[derive(Clone, Debug)]
struct Calendar {
    day: u32,
    japanese_holidays: bool,
    /// Accounts (indices) whose hours also close on public holidays.
    closed_on_holidays: Vec<usize>,
    absences: Vec<Absence>,
    /// Account, first day, days after it.
    closures: Vec<(usize, u32, u32)>,
    appointments: Vec<Appointment>,
    hold_up: HoldUp,
}

/// The re-plan of one rep's day.
#[derive(Clone, Debug)]
struct HoldUp {
    rep: usize,
    /// `--now`, in minutes.
    now: u32,
    /// `--delay`, in minutes.
    delay: u32,
    team: bool,
    end_day: bool,
    /// `--position` (where the rep is), else `--at-stop` (one of the rep's
    /// visits), else where the plan has them.
    position: Option<(f64, f64)>,
    at_stop: Option<prop::sample::Index>,
    /// `--cancel` one of the rep's visits.
    cancel: Option<prop::sample::Index>,
    /// An account of the region made urgent (`--add` of an id of the region).
    urgent: Option<usize>,
}

fn calendar() -> impl Strategy<Value = Calendar> {
    let day = || 0..DAYS;
    let absence = (0..5usize, day(), 0..3u32, prop::option::of((8 * 60..17 * 60u32, 30..300u32)));
    let closure = (0..ACCOUNTS, day(), 0..4u32);
    let appointment = (
        0..ACCOUNTS,
        day(),
        7 * 60..19 * 60u32,
        prop::option::of(15..120u32),
        any::<bool>(),
        prop::option::of(10..240u32),
    );
    let hold_up =
        (
            (0..5usize, 8 * 60..18 * 60u32, 0..300u32, any::<bool>(), any::<bool>()),
            prop::option::of((34.62..34.72f64, 135.45..135.55f64)),
            prop::option::of(any::<prop::sample::Index>()),
            prop::option::of(any::<prop::sample::Index>()),
            prop::option::of(0..ACCOUNTS),
        )
            .prop_map(|((rep, now, delay, team, end_day), position, at_stop, cancel, urgent)| {
                HoldUp { rep, now, delay, team, end_day, position, at_stop, cancel, urgent }
            });
    (
        (day(), any::<bool>(), prop::collection::vec(0..ACCOUNTS, 0..12)),
        prop::collection::vec(absence, 0..5),
        prop::collection::vec(closure, 0..5),
        prop::collection::vec(appointment, 0..8),
        hold_up,
    )
        .prop_map(|(days, absences, closures, appointments, hold_up)| {
            let (day, japanese_holidays, closed_on_holidays) = days;
            Calendar { day, japanese_holidays, closed_on_holidays, absences, closures, appointments, hold_up }
        })
}

fn first_day() -> NaiveDate {
    FIRST_DAY.parse().unwrap()
}

fn date(day: u32) -> NaiveDate {
    first_day() + Duration::days(i64::from(day))
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The Osaka month's first [`ACCOUNTS`] accounts and its reps, read as `rounds plan` reads them.
fn osaka() -> Region {
    let dir = tempfile::tempdir().unwrap();
    let all = fs::read_to_string(format!("{REGION}/accounts.csv")).unwrap();
    let kept: String = all.lines().take(ACCOUNTS + 1).map(|l| format!("{l}\n")).collect();
    fs::write(dir.path().join("accounts.csv"), kept).unwrap();
    fs::copy(format!("{REGION}/reps.csv"), dir.path().join("reps.csv")).unwrap();
    rounds::io::csv_region::read_region_as_of(
        &dir.path().join("accounts.csv"),
        &dir.path().join("reps.csv"),
        TextEncoding::Auto,
        Some(first_day()),
    )
    .unwrap()
}

/// `region` with `calendar`'s files written and read as the command line reads them.
fn with_calendar(mut region: Region, calendar: &Calendar, dir: &Path) -> Region {
    if calendar.japanese_holidays {
        region.holidays.extend(&Holidays::country(Country::Japan));
    }
    for &a in &calendar.closed_on_holidays {
        region.accounts[a].hours.close_on_public_holidays();
    }
    let mut absences = String::from("rep,from,to,start,end,note\n");
    for &(rep, day, days, part) in &calendar.absences {
        let (start, end) = part.map_or((String::new(), String::new()), |(start, length)| {
            (clock(start), clock((start + length).min(23 * 60)))
        });
        let (from, to) = (date(day), date(day + days));
        writeln!(absences, "{},{from},{to},{start},{end},用事", region.reps[rep].id).unwrap();
    }
    let mut closures = String::from("account,from,to,note\n");
    for &(account, day, days) in &calendar.closures {
        let (from, to) = (date(day), date(day + days));
        writeln!(closures, "{},{from},{to},改装", region.accounts[account].id).unwrap();
    }
    let mut appointments = String::from("account,date,start,window,rep,duration_min,note\n");
    let mut agreed = Vec::new();
    for &(account, day, start, window, named, length) in &calendar.appointments {
        // One appointment per account and day; a rep named is one the territory allows.
        if agreed.contains(&(account, day)) {
            continue;
        }
        agreed.push((account, day));
        let account = &region.accounts[account];
        let (start, window) = match window {
            None => (clock(start), String::new()),
            Some(length) => (String::new(), format!("{}-{}", clock(start), clock(start + length))),
        };
        let rep =
            if named { account.territory.clone().unwrap_or_else(|| "R2".into()) } else { String::new() };
        let length = length.map_or(String::new(), |m| m.to_string());
        writeln!(appointments, "{},{},{start},{window},{rep},{length},商談", account.id, date(day)).unwrap();
    }
    let file = |name: &str, text: &str| {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    };
    let encoding = TextEncoding::Auto;
    region.absences =
        rounds::io::absences::read_absences(&file("absences.csv", &absences), &region.reps, encoding)
            .unwrap();
    region.closures =
        rounds::io::closures::read_closures(&file("closures.csv", &closures), &region.accounts, encoding)
            .unwrap();
    region.appointments = rounds::io::appointments::read_appointments(
        &file("appointments.csv", &appointments),
        &region,
        encoding,
    )
    .unwrap();
    region
}

fn search() -> SearchConfig {
    SearchConfig { iterations: Some(ITERATIONS), ..SearchConfig::default() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The day `rounds plan` makes, a re-plan of it with one rep held up, and
    /// three working days of `rounds week` from it, each checked.
    #[test]
    fn every_plan_made_over_a_calendar_passes_the_validator(calendar in calendar()) {
        let dir = tempfile::tempdir().unwrap();
        let region = with_calendar(osaka(), &calendar, dir.path());
        let travel = StraightLine::default();
        let today = date(calendar.day);

        let options = DayOptions { date: today, lookahead_days: 1 };
        let day = DayProblem::build(&region, &options, &travel).unwrap();
        let plan = day.to_plan(&region, &solve(&day.problem, &search()).solution);
        let report = rounds::check::check_plan(&region, &plan, &travel).unwrap();
        prop_assert!(report.is_valid(), "the day plan: {:?}", report.violations);

        let hold_up = &calendar.hold_up;
        let rep = region.reps[hold_up.rep].id.clone();
        let visits: Vec<String> = plan
            .routes
            .iter()
            .filter(|r| r.rep == rep)
            .flat_map(|r| r.stops.iter().filter_map(|s| match s {
                Stop::Visit { account, .. } => Some(account.clone()),
                Stop::Break { .. } => None,
            }))
            .collect();
        let one_of = |index: &Option<prop::sample::Index>| {
            index.as_ref().filter(|_| !visits.is_empty()).map(|i| i.get(&visits).clone())
        };
        let whereabouts = match (hold_up.position, one_of(&hold_up.at_stop)) {
            (Some((lat, lon)), _) => Whereabouts::Position(LatLon { lat, lon }),
            (None, Some(account)) => Whereabouts::AtStop(account),
            (None, None) => Whereabouts::AsPlanned,
        };
        let request = ReplanRequest {
            rep,
            now_s: i64::from(hold_up.now) * 60,
            whereabouts,
            delay_s: i64::from(hold_up.delay) * 60,
            urgent: Vec::new(),
            urgent_accounts: hold_up.urgent.map(|a| region.accounts[a].id.clone()).into_iter().collect(),
            cancel: one_of(&hold_up.cancel).into_iter().collect(),
            team: hold_up.team,
            end_day: hold_up.end_day,
            recorded: Vec::new(),
        };
        // A request the re-planner refuses (the day is over, the stop is later, the
        // urgent account is in the plan already) is a usage error.
        if let Ok(replanned) = replan(&region, &plan, &request, &travel, &search()) {
            let report = rounds::check::check_plan(&region, &replanned.plan, &travel).unwrap();
            let before = plan.routes.iter().find(|r| r.rep == request.rep);
            prop_assert!(report.is_valid(), "the re-plan {request:?} of {before:?}: {:?}", report.violations);
        }

        let options = WeekOptions::defaults(today, 3, Some(ITERATIONS));
        let week = plan_week_with(&region, &options, &SearchConfig::default(), &travel, &|| {}).unwrap();
        for report in check_week(&region, &week.week, &travel).unwrap() {
            prop_assert!(report.is_valid(), "the week: {:?}", report.violations);
        }
    }
}
