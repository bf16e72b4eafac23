//! Planning several working days at once (`rounds week`): which day each
//! visit happens, and each day's order per rep.
//!
//! Entry point: [`plan_week`] (or [`plan_week_with`] for the search's knobs)
//! turns a region and [`WeekOptions`] into a [`WeekPlan`]: one day [`Plan`]
//! per working day, plus the [`LateVisit`]s that could not happen by their
//! due date, each with its reason. [`check_week`] replays every day with the
//! independent validator against the region *as it stands that day*, and
//! [`rep_balance`] measures how even each rep's days are.
//!
//! # How it plans (assign, route, repair, balance, trade between days)
//!
//! Days are planned in order, because a visit planned on day d moves the
//! account's next due date to d + `every_days` (the roll-forward): an
//! every-7-days account visited on Monday falls due again the next Monday,
//! whatever its history said.
//!
//! 0. **Who** (`select`): every account is counted against one rep for the
//!    horizon: its territory, or else the nearest rep (straight line) who
//!    has less than an even share of the team's visit time, so that no rep
//!    holds twice the work of another.
//! 1. **Which visits today** (`select`): an account is offered on a working
//!    day it is open from `early_days` before its due date on. It *must* go
//!    today when it is due (or overdue), or when no later open working day
//!    comes before its due date (its last chance). Each rep then takes early
//!    visits, the ones nearest to the day's other visits first, until the
//!    day holds its fair share of the rep's work still to come: what the rest
//!    of the horizon would hold if every visit happened on its due date,
//!    divided by the days left. Work is estimated as visit time plus, per
//!    visit, the drive from the nearest other stop of that rep's day.
//! 2. **Route** with the day solver ([`DayProblem::build_from`],
//!    [`solve`], [`DayProblem::to_plan`]), each rep's day as a problem of its
//!    own, the reps in parallel (rayon). Early visits weigh less than due ones
//!    ([`crate::planning::day::PLANNED_WEIGHT`]), due ones as much as in `rounds plan`.
//!    When a rep's day leaves out a visit that must happen and that has no
//!    territory, the whole team's day is solved once more, where another rep
//!    may take it. A team of more than twice [`WeekOptions::reps_per_group`]
//!    reps is solved again by groups of nearby reps instead (`rep_groups`), in
//!    parallel, and a visit its group still leaves out is offered to the
//!    neighbouring group.
//! 3. **Repair**: an early visit the solver could not fit goes back to the
//!    pool for a later day of its window; a visit that had to be covered and
//!    was not is listed as unassigned that day (with the solver's reason) and
//!    must go the next open day. It is then *late*: reported with its due
//!    date, the day it finally happens (or none in the horizon), and the
//!    reason from the first day it was missed.
//! 4. **Balance** (`balance`): with every day routed, each rep's longest
//!    days give a visit to a shorter day of its window while both days,
//!    routed again, end up shorter than the long one was. This sees what the
//!    estimate cannot: opening hours that stretch a day of few visits.
//! 5. **Between days** (`between_days`): each rep's days are then routed
//!    again as one problem ([`crate::planning::horizon`], as the periodic
//!    planner routes its horizon), where a visit may go on any day of its
//!    window, so that the day solver trades visits between days; kept when
//!    it costs less as a day plan counts cost (driving and a tenth of each
//!    working day), then step 4 runs once more.
//!
//! **Weekends**: a Saturday or Sunday is a working day when some rep's
//! shift names it (`Mon-Fri 09:00-18:00; Sat 09:00-14:00`,
//! [`crate::model::Shift::names`]; the plain form names no day). Only those
//! reps go out, solved as one team, and only to their own accounts (their
//! territory's, and the ones step 0 gave them) that are open that day; the
//! other reps' accounts due that day are listed with the reason and wait for
//! their rep, who sees them before the weekend when they fall due on it.
//!
//! **Appointments** ([`crate::model::calendar`]) are kept on their day: a
//! holiday or weekend day from the first day asked to the last working day
//! that holds one is planned too, for its appointments only; an appointment is routed in its rep's part of the
//! day (or its account's), at its time; an account is not offered for being
//! due while an appointment of it lies less than one interval ahead; the
//! visit rolls the due date forward like any other and is never late (the
//! customer agreed to the day); and the balance step never moves it.
//!
//! **Preferred days** ([`crate::model::Account::preferred_days`]) cost
//! little: an early visit waits for a preferred day that comes before its
//! due date, is taken on one while the rep's shift has room, and balancing
//! never moves it off one; a visit that must happen (due, overdue, its last
//! chance) never waits for one. [`preferred_day_visits`] counts the result.
//!
//! **Kept weeks** ([`plan_week_keeping`], `rounds week --keep --freeze`):
//! the first days of a week planned before are taken as they were, after
//! the validator has passed them against the region as it is now, and count
//! as planned days (step 1 sees their roll-forward); only the days after
//! them are selected, routed and balanced.
//!
//! Deterministic: each day part's search has its own seed derived from
//! [`WeekOptions::seed`], the day and the rep (or group), and an iteration
//! budget, so the plan is the same whatever the number of threads.

mod balance;
mod between_days;
mod calendar;
mod rep_groups;
mod select;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Datelike, Days, NaiveDate};
use rayon::prelude::*;

use crate::check::{check_plan, CheckReport};
use crate::model::plan::{Plan, RoutePlan, Stop, Unassigned};
use crate::model::reason::Reason;
use crate::model::{Account, Candidate, Region, Seconds, Urgency};
use crate::planning::day::{self, DayProblem, RepStart};
use crate::solver::rng::Rng;
use crate::solver::{solve, solve_from, Problem, SearchConfig, Solution, BREAK};
use crate::travel::{NamedTravelError, TravelTimes};
use calendar::Calendar;

pub use crate::model::plan::{LateVisit, WeekPlan};

/// Days before its due date a visit may happen, when not told otherwise.
pub const DEFAULT_EARLY_DAYS: u32 = 2;

/// Iterations per visit of a group's day solved again
/// ([`WeekOptions::reps_per_group`]), a quarter of what `rounds plan` gives
/// a day of that size: the search starts from the routes the reps' own days
/// found and is there to place what they left out.
const GROUP_ITERATIONS_PER_VISIT: u64 = 25;

/// The fewest iterations of a group's search, as for a day of `rounds plan`.
const MIN_GROUP_ITERATIONS: u64 = 2_000;

/// Reps in a group solved together ([`WeekOptions::reps_per_group`]) when
/// not told otherwise: teams of up to 20 reps stay whole, and a group of
/// ten reps holds some 150 visits a day.
pub const DEFAULT_REPS_PER_GROUP: usize = 10;

/// How many reps go in a group when a team's day is solved again: a team
/// of at most twice `reps_per_group` stays whole. Splitting costs driving,
/// since a whole team solved again also changes which rep visits which
/// account: ten days of 1 000 accounts and 12 reps drove 158 h as two
/// groups of 6 and 131 h whole, with the same visits. Groups are for the
/// teams too large to solve again whole (40 reps, some 570 visits a day).
fn group_size(team: usize, reps_per_group: usize) -> usize {
    if team > 2 * reps_per_group {
        reps_per_group
    } else {
        team
    }
}

/// What to plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekOptions {
    /// The first day; a day off or a holiday starts the horizon on the next working day.
    pub from: NaiveDate,
    /// Number of working days (Monday to Friday, and a Saturday or Sunday
    /// some rep's shift names; the region's holidays skipped, not counted)
    /// in the horizon ([`Region::is_working_day`]).
    pub days: u32,
    /// A visit due on day d may happen up to this many calendar days before it.
    pub early_days: u32,
    /// Seed of every day's search.
    pub seed: u64,
    /// Ruin-and-recreate iterations of each search: of a rep's day, or of a
    /// team's day when one is solved again together; `None`: as much work
    /// as `rounds plan` gives a day of that size that fits
    /// ([`DayProblem::search_config_sharing`] of
    /// [`Problem::default_iterations`](crate::solver::Problem::default_iterations);
    /// a full day gets no more here), in one trajectory unless the search
    /// asks for more (then shared among them, as in `rounds plan`): a week
    /// solves hundreds of small days side by side, and splitting each as
    /// `rounds plan` does drove as much over ten days of the sample regions
    /// (seeds 1-8) and took up to 60 % longer (docs/measurements.md).
    pub iterations_per_day: Option<u64>,
    /// Most reps whose day is solved again together when a rep's own day
    /// leaves out a visit that must happen: a team of more than twice as
    /// many is split into groups of nearby reps ([`DEFAULT_REPS_PER_GROUP`]
    /// unless told).
    pub reps_per_group: usize,
}

impl WeekOptions {
    /// `days` working days from `from` as `rounds week` plans them when
    /// given nothing else: [`DEFAULT_EARLY_DAYS`], the default seed.
    pub fn defaults(from: NaiveDate, days: u32, iterations_per_day: Option<u64>) -> WeekOptions {
        WeekOptions {
            from,
            days,
            early_days: DEFAULT_EARLY_DAYS,
            seed: crate::solver::SearchConfig::default().seed,
            iterations_per_day,
            reps_per_group: DEFAULT_REPS_PER_GROUP,
        }
    }
}

/// A planned horizon and how its searches ended.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekOutcome {
    /// The plan.
    pub week: WeekPlan,
    /// How many day searches the time limit ended before their iteration
    /// budget: when not 0, the same seed may give another plan.
    pub searches_cut_by_time: usize,
}

/// The working days of the horizon: `days` of them from `from` on, Monday
/// to Friday and the weekend days some rep works, skipping the region's
/// holidays ([`Region::is_working_day`]).
pub fn working_days(from: NaiveDate, days: u32, region: &Region) -> Vec<NaiveDate> {
    from.iter_days().filter(|d| region.is_working_day(*d)).take(days as usize).collect()
}

/// Plans the horizon with the default search settings, each day's search
/// ending on its iteration budget (the time limit only a
/// [`BUDGET_GUARD`](crate::solver::BUDGET_GUARD)); see [`plan_week_with`].
///
/// Five working days of the sample city region, every day then replayed by
/// the independent validator against the region as it stands that morning:
///
/// ```
/// use std::path::Path;
///
/// use chrono::NaiveDate;
/// use rounds::io::csv_region::read_region;
/// use rounds::io::text::TextEncoding;
/// use rounds::planning::week::{check_week, plan_week, WeekOptions, DEFAULT_EARLY_DAYS, DEFAULT_REPS_PER_GROUP};
/// use rounds::travel::StraightLine;
///
/// let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regions/helsinki-city");
/// let region = read_region(&dir.join("accounts.csv"), &dir.join("reps.csv"), TextEncoding::Auto)?;
/// let travel = StraightLine::default();
/// let options = WeekOptions {
///     from: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), // a Monday
///     days: 5,
///     early_days: DEFAULT_EARLY_DAYS,
///     seed: 1,
///     iterations_per_day: Some(200),
///     reps_per_group: DEFAULT_REPS_PER_GROUP,
/// };
///
/// let week = plan_week(&region, &options, &travel, &|| {})?;
/// assert_eq!(week.days.len(), 5);
/// assert_eq!(week.days[4].date, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
/// for report in check_week(&region, &week, &travel)? {
///     assert!(report.is_valid(), "{:?}", report.violations);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan_week(
    region: &Region,
    options: &WeekOptions,
    travel: &dyn TravelTimes,
    progress: &(dyn Fn() + Sync),
) -> Result<WeekPlan, NamedTravelError> {
    let search = SearchConfig { time_limit: crate::solver::BUDGET_GUARD, ..SearchConfig::default() };
    plan_week_with(region, options, &search, travel, progress).map(|outcome| outcome.week)
}

/// Plans the horizon (see the [module docs](self)). Each day's search runs
/// with `search`'s time limit, threads and tuning; its seed and iteration
/// budget come from `options`. `progress` is called once per planned day.
/// Also says how many searches the time limit cut.
///
/// Fails only when the travel model cannot price the region's places.
pub fn plan_week_with(
    region: &Region,
    options: &WeekOptions,
    search: &SearchConfig,
    travel: &dyn TravelTimes,
    progress: &(dyn Fn() + Sync),
) -> Result<WeekOutcome, NamedTravelError> {
    plan_after(region, options, search, &[], travel, progress)
}

/// Why a kept week cannot be planned on from ([`plan_week_keeping`]).
#[derive(Debug, thiserror::Error)]
pub enum KeepError {
    /// The kept week starts on another day than the horizon asked for.
    #[error("the kept week starts on {kept}, but --from asks for a horizon starting on {from}; give --from {kept}")]
    OtherStart {
        /// The kept week's first day.
        kept: NaiveDate,
        /// The first day of the horizon asked for.
        from: NaiveDate,
    },
    /// More days to freeze than the kept week or the horizon has.
    #[error("cannot freeze {freeze} days: the kept week has {kept} and the horizon {horizon}")]
    TooManyDays {
        /// Days asked to freeze.
        freeze: usize,
        /// Days of the kept week.
        kept: usize,
        /// Days of the horizon asked for.
        horizon: usize,
    },
    /// A frozen day is not a day the horizon plans any more (a new holiday, an appointment moved).
    #[error(
        "day {day} of the kept week is {kept}, but the calendar now plans {now} as day {day}; \
         use --freeze {fits} or smaller"
    )]
    OtherDay {
        /// 1-based number of the day.
        day: usize,
        /// The kept day's date.
        kept: NaiveDate,
        /// The date the calendar plans as that day now.
        now: NaiveDate,
        /// How many days could be frozen.
        fits: usize,
    },
    /// A frozen day no longer passes the independent validator against the region as it is now.
    #[error("frozen day {date} no longer holds: {message}; use --freeze {fits} or smaller")]
    NoLongerHolds {
        /// The day's date.
        date: NaiveDate,
        /// The rep concerned, when one is.
        rep: Option<String>,
        /// The rule broken.
        rule: crate::check::ViolationKind,
        /// The validator's sentence.
        message: String,
        /// How many days could be frozen (the days before this one).
        fits: usize,
    },
    /// The travel model could not price the region's places.
    #[error(transparent)]
    Travel(#[from] NamedTravelError),
}

/// Plans the horizon again on from a kept week (`rounds week --keep`): its
/// first `freeze` days stay exactly as they were (same reps, visits, order
/// and times) and count as planned, so the days after them see the due
/// dates those visits rolled forward; the rest is planned as
/// [`plan_week_with`] plans it, from the region as it is now (a new
/// absence, an appointment booked since).
///
/// Refuses, before planning anything, a kept week that starts on another
/// day than the horizon, more frozen days than the kept week or the horizon
/// has, a frozen day the calendar no longer plans, and a frozen day the
/// independent validator rejects against `region` today (the rep is now
/// absent that day): the error names the day, rep and rule, and how many
/// days could be frozen.
pub fn plan_week_keeping(
    region: &Region,
    options: &WeekOptions,
    search: &SearchConfig,
    kept: &WeekPlan,
    freeze: usize,
    travel: &dyn TravelTimes,
    progress: &(dyn Fn() + Sync),
) -> Result<WeekOutcome, KeepError> {
    let calendar = Calendar::new(options, region);
    if kept.from != calendar.first {
        return Err(KeepError::OtherStart { kept: kept.from, from: calendar.first });
    }
    if freeze > kept.days.len() || freeze > calendar.days.len() {
        let (kept, horizon) = (kept.days.len(), calendar.days.len());
        return Err(KeepError::TooManyDays { freeze, kept, horizon });
    }
    let frozen = &kept.days[..freeze];
    for (day, (plan, &now)) in frozen.iter().zip(&calendar.days).enumerate() {
        if plan.date != now {
            return Err(KeepError::OtherDay { day: day + 1, kept: plan.date, now, fits: day });
        }
    }
    let frozen_week = WeekPlan { from: kept.from, days: frozen.to_vec(), late: Vec::new() };
    for (day, (plan, report)) in frozen.iter().zip(check_week(region, &frozen_week, travel)?).enumerate() {
        if let Some(violation) = report.violations.into_iter().next() {
            return Err(KeepError::NoLongerHolds {
                date: plan.date,
                rep: violation.rep,
                rule: violation.kind,
                message: violation.message,
                fits: day,
            });
        }
    }
    Ok(plan_after(region, options, search, frozen, travel, progress)?)
}

/// Plans the horizon, its first days being `frozen` (already checked to be
/// the horizon's first days and valid).
fn plan_after(
    region: &Region,
    options: &WeekOptions,
    search: &SearchConfig,
    frozen: &[Plan],
    travel: &dyn TravelTimes,
    progress: &(dyn Fn() + Sync),
) -> Result<WeekOutcome, NamedTravelError> {
    let calendar = Calendar::new(options, region);
    let first = calendar.first;
    if calendar.days.is_empty() {
        let week = WeekPlan { from: options.from, days: Vec::new(), late: Vec::new() };
        return Ok(WeekOutcome { week, searches_cut_by_time: 0 });
    }
    let planner = Planner::new(region, calendar, options, search, travel)?;
    let mut state = State {
        last_visit: region.accounts.iter().map(|a| a.last_visit).collect(),
        missed: vec![None; region.accounts.len()],
        late: Vec::new(),
    };
    let mut days = Vec::with_capacity(planner.calendar.days.len());
    let mut offered_by_day = Vec::with_capacity(planner.calendar.days.len());
    for day in 0..planner.calendar.days.len() {
        if let Some(kept) = frozen.get(day) {
            // A frozen day counts as planned: its visits roll due dates
            // forward, and what it left out is what it left out.
            let mut offered: Vec<Candidate> = kept
                .visited_accounts()
                .filter_map(|id| planner.account_index.get(id))
                .map(|&account| Candidate { account, urgency: Urgency::Due { days_overdue: Some(0) } })
                .collect();
            offered.sort_by_key(|c| c.account);
            state.record(region, &planner.calendar, &planner.account_index, kept);
            days.push(kept.clone());
            offered_by_day.push(offered);
            progress();
            continue;
        }
        let mut offered = planner.groups.select(region, &planner.calendar, &state.last_visit, day);
        let date = planner.calendar.days[day];
        offered.extend(day::appointment_candidates(region, date, &offered));
        offered.sort_by_key(|c| c.account);
        let mut plan = planner.route_day(day, offered.clone())?;
        if !planner.calendar.is_working(date) || planner.calendar.weekend_team(date).is_some() {
            planner.list_waiting(&mut plan, &state.last_visit);
        }
        state.record(region, &planner.calendar, &planner.account_index, &plan);
        days.push(plan);
        offered_by_day.push(offered);
        progress();
    }
    for (a, account) in region.accounts.iter().enumerate() {
        let due = planner.calendar.due(account, state.last_visit[a]);
        if due.max(first) < planner.calendar.end {
            state.late.push(LateVisit {
                account: account.id.clone(),
                due,
                planned: None,
                reason: state.missed[a].take().unwrap_or_else(|| {
                    let last = *planner.calendar.days.last().expect("the horizon has a first day");
                    match region.appointments.ahead(account, last) {
                        Some(appointment) => Reason::WaitsForAppointment(appointment.clone()),
                        None => planner.calendar.window_reason(account, due),
                    }
                }),
            });
        }
    }
    planner.balance(&mut days, &offered_by_day, &state.late, frozen.len())?;
    let week = WeekPlan { from: first, days, late: state.late };
    Ok(WeekOutcome { week, searches_cut_by_time: planner.cut_by_time.into_inner() })
}

/// Everything the days of one horizon share.
struct Planner<'a> {
    region: &'a Region,
    calendar: Calendar,
    options: &'a WeekOptions,
    search: &'a SearchConfig,
    travel: &'a dyn TravelTimes,
    groups: select::Groups,
    /// Nearby reps whose day is solved again together.
    rep_groups: rep_groups::RepGroups,
    /// Account id to region index (the first, where ids repeat).
    account_index: HashMap<&'a str, usize>,
    /// Searches the time limit ended, so far.
    cut_by_time: AtomicUsize,
}

impl<'a> Planner<'a> {
    /// The planner of `calendar`'s days: who owns each account (a territory
    /// or the nearest group's rep) and which reps are solved again together.
    fn new(
        region: &'a Region,
        mut calendar: Calendar,
        options: &'a WeekOptions,
        search: &'a SearchConfig,
        travel: &'a dyn TravelTimes,
    ) -> Result<Self, NamedTravelError> {
        let groups = select::Groups::build(region, &calendar, travel)?;
        calendar.owners = region
            .accounts
            .iter()
            .zip(&groups.rep_of)
            .filter_map(|(account, rep)| Some((account.id.clone(), region.reps[(*rep)?].id.clone())))
            .collect();
        Ok(Planner {
            region,
            groups,
            rep_groups: rep_groups::RepGroups::build(
                region,
                group_size(region.reps.len(), options.reps_per_group),
            ),
            calendar,
            options,
            search,
            travel,
            account_index: region
                .accounts
                .iter()
                .enumerate()
                .rev()
                .map(|(i, a)| (a.id.as_str(), i))
                .collect(),
            cut_by_time: AtomicUsize::new(0),
        })
    }
}

impl Planner<'_> {
    /// Solves working day `day` for the reps `rep_indices` and the visits
    /// `offered`, with a seed of its own for the day and `part`.
    fn solve_part(
        &self,
        day: usize,
        rep_indices: &[usize],
        offered: Vec<Candidate>,
        part: u64,
    ) -> Result<Plan, NamedTravelError> {
        self.solve_part_on(day, rep_indices, offered, part, self.options.iterations_per_day, &[])
    }

    /// [`Planner::solve_part`] on `iterations` (`None`: as many as `rounds
    /// plan` gives a problem of that size), starting from `start` (routes of
    /// these reps planned before; a new construction when empty).
    fn solve_part_on(
        &self,
        day: usize,
        rep_indices: &[usize],
        offered: Vec<Candidate>,
        part: u64,
        iterations: Option<u64>,
        start: &[RoutePlan],
    ) -> Result<Plan, NamedTravelError> {
        let date = self.calendar.days[day];
        let offers = offered.into_iter().map(|c| day::Offer::of(self.region, c)).collect();
        let reps = rep_indices.iter().map(|&r| RepStart::whole_day(self.region, r)).collect();
        let problem = DayProblem::build_from(self.region, date, offers, reps, self.travel)?;
        // No regret recreates (`SearchConfig::regret_rate`), unlike `rounds plan`: a week's
        // days of several reps search briefly to place what their reps' own days left out,
        // and with regret ten-day weeks of the sample suburbs cost 0.3 % more (seeds 1-18).
        // The work of a day that fits, also when it is full: a week plans hundreds
        // of days, and places what their own days leave out between them.
        let given = SearchConfig {
            seed: Rng::new(self.options.seed).fork(day as u64).fork(part).next_u64(),
            iterations,
            trajectories: self.search.trajectories.or(Some(1)),
            ..self.search.clone()
        };
        let config = SearchConfig {
            regret_rate: 0.0,
            ..problem.search_config_sharing(&given, problem.problem.default_iterations())
        };
        let outcome = match start {
            [] => solve(&problem.problem, &config),
            routes => solve_from(&problem.problem, &config, &self.start_solution(&problem, routes)),
        };
        if outcome.stopped_by_time {
            self.cut_by_time.fetch_add(1, Ordering::Relaxed);
        }
        Ok(problem.to_plan(self.region, &outcome.solution))
    }

    /// `routes` (of reps and accounts of `problem`) as a solution of `problem`.
    fn start_solution(&self, problem: &DayProblem, routes: &[RoutePlan]) -> Solution {
        let task_of: HashMap<usize, u32> =
            problem.task_account.iter().enumerate().map(|(t, &a)| (a, t as u32)).collect();
        let mut solution = Solution::empty(&problem.problem);
        for route in routes {
            let rep = self.region.rep_index(&route.rep);
            let Some(vehicle) = rep.and_then(|r| problem.vehicle_rep.iter().position(|&v| v == r)) else {
                continue;
            };
            let stops = self.solver_stops(route, |a| task_of.get(&a).copied(), &problem.problem, vehicle);
            solution.set_route(&problem.problem, vehicle, &stops);
        }
        solution
    }

    /// A planned route as the stops of `vehicle` in `problem`: each visit
    /// as its task (`task` of its account index; visits it has none for are
    /// dropped), breaks as [`BREAK`], and the vehicle's break at the end when
    /// it has one and the route holds none (a plan leaves out a break left
    /// for the end when the rep is home before it must start; the solver's
    /// route holds it there).
    fn solver_stops(
        &self,
        route: &RoutePlan,
        task: impl Fn(usize) -> Option<u32>,
        problem: &Problem,
        vehicle: usize,
    ) -> Vec<u32> {
        let mut stops: Vec<u32> = route
            .stops
            .iter()
            .filter_map(|stop| match stop {
                Stop::Visit { account, .. } => {
                    self.account_index.get(account.as_str()).and_then(|&a| task(a))
                }
                Stop::Break { .. } => Some(BREAK),
            })
            .collect();
        if problem.vehicles[vehicle].break_spec.is_some() && !stops.is_empty() && !stops.contains(&BREAK) {
            stops.push(BREAK);
        }
        stops
    }

    /// Routes one day, each rep's visits as a problem of its own (in
    /// parallel). When that leaves out a visit that must happen today and
    /// has no territory, the day is solved once more for the whole team,
    /// where another rep may take it; the team's plan is kept if it leaves
    /// out fewer. A team of more than twice [`WeekOptions::reps_per_group`]
    /// reps is solved again by groups of nearby reps instead ([`Planner::route_groups`]).
    fn route_day(&self, day: usize, offered: Vec<Candidate>) -> Result<Plan, NamedTravelError> {
        let reps = self.region.reps.len();
        let date = self.calendar.days[day];
        if let Some(team) = self.calendar.weekend_team(date) {
            return self.route_weekend(day, team, offered);
        }
        let mut by_rep: Vec<Vec<Candidate>> = vec![Vec::new(); reps + 1];
        for candidate in &offered {
            by_rep[self.visit_rep(candidate, date).unwrap_or(reps)].push(*candidate);
        }
        let parts: Vec<(usize, Vec<Candidate>)> =
            by_rep.into_iter().enumerate().filter(|(_, part)| !part.is_empty()).collect();
        let plans: Vec<(usize, Plan)> = parts
            .into_par_iter()
            .map(|(r, part)| {
                let rep_indices = if r < reps { vec![r] } else { Vec::new() };
                Ok((r, self.solve_part(day, &rep_indices, part, r as u64)?))
            })
            .collect::<Result<_, NamedTravelError>>()?;
        let left_out_free =
            plans.iter().any(|(_, p)| p.unassigned.iter().any(|u| self.may_move(&u.account, date)));
        if reps > 1 && left_out_free && self.rep_groups.groups.len() > 1 {
            return self.route_groups(day, &offered, plans);
        }
        let plan = joined(date, plans.into_iter().map(|(_, plan)| plan));
        if reps > 1 && left_out_free {
            let all_reps: Vec<usize> = (0..reps).collect();
            let team = self.solve_part(day, &all_reps, offered, u64::MAX)?;
            if team.unassigned.len() < plan.unassigned.len() {
                return Ok(team);
            }
        }
        Ok(plan)
    }

    /// The rep whose part of the day a visit goes to: the rep its
    /// appointment names, or else the account's rep (`None` without reps).
    fn visit_rep(&self, candidate: &Candidate, date: NaiveDate) -> Option<usize> {
        let account = &self.region.accounts[candidate.account].id;
        let agreed = self.region.appointments.of(account, date).and_then(|a| a.rep.as_deref());
        agreed.and_then(|id| self.region.rep_index(id)).or(self.groups.rep_of[candidate.account])
    }

    /// Whether another rep may take the account's visit on `date`: it has
    /// no territory and no closure covers the day (a closed account would
    /// be left out by any rep).
    fn may_move(&self, account: &str, date: NaiveDate) -> bool {
        self.account_index.get(account).map(|&a| &self.region.accounts[a]).is_some_and(|account| {
            account.territory.is_none() && !self.region.closures.is_closed(account, date)
        })
    }
}

/// One day's plan made of the plans of its parts, in order.
fn joined(date: NaiveDate, parts: impl IntoIterator<Item = Plan>) -> Plan {
    let mut plan = Plan {
        date,
        routes: Vec::new(),
        unassigned: Vec::new(),
        unavailable: vec![],
        added: Vec::new(),
        changes: Vec::new(),
    };
    for part in parts {
        plan.routes.extend(part.routes);
        plan.unassigned.extend(part.unassigned);
        plan.unavailable.extend(part.unavailable);
    }
    plan
}

impl Planner<'_> {
    /// Routes a weekend working day: the reps whose shift names it (`team`,
    /// ids), and any rep an appointment of the day names, solved together,
    /// so that nobody else is sent out on their weekend.
    fn route_weekend(
        &self,
        day: usize,
        team: &[String],
        offered: Vec<Candidate>,
    ) -> Result<Plan, NamedTravelError> {
        let date = self.calendar.days[day];
        let agreed = offered.iter().filter_map(|c| {
            let appointment = self.region.appointments.of(&self.region.accounts[c.account].id, date)?;
            appointment.rep.as_deref()
        });
        let mut reps: Vec<usize> = team
            .iter()
            .map(String::as_str)
            .chain(agreed)
            .filter_map(|id| self.region.rep_index(id))
            .collect();
        reps.sort_unstable();
        reps.dedup();
        self.solve_part(day, &reps, offered, u64::MAX)
    }

    /// On a day off planned for its appointments only, lists every account
    /// due that day (by `last_visit`, as the validator reckons it) that the
    /// plan does not visit, with the day off as its reason, as `rounds plan`
    /// does on a holiday; on a weekend working day, the due accounts whose
    /// rep does not work it, with that as the reason.
    fn list_waiting(&self, plan: &mut Plan, last_visit: &[Option<NaiveDate>]) {
        let date = plan.date;
        let off = Reason::DayOff { date, holiday: self.region.holidays.name(date).map(str::to_string) };
        let team = self.calendar.weekend_team(date);
        for (a, account) in self.region.accounts.iter().enumerate() {
            let reason = match team {
                None => off.clone(),
                Some(_) if self.calendar.serves(account, date) => continue,
                Some(team) => {
                    let rep = self.calendar.owners.get(&account.id).or(account.territory.as_ref());
                    Reason::RepOffToday { rep: rep.cloned(), date, team: team.to_vec() }
                }
            };
            let due = last_visit[a].is_none_or(|d| d + Days::new(u64::from(account.every_days)) <= date);
            let listed = plan.visited_accounts().any(|id| id == account.id)
                || plan.unassigned.iter().any(|u| u.account == account.id);
            if due
                && !listed
                && account.hours.is_open_on(date.weekday())
                && self.region.appointments.ahead(account, date).is_none()
            {
                plan.unassigned.push(Unassigned { account: account.id.clone(), reason });
            }
        }
    }
}

/// What the days planned so far have done to the accounts.
struct State {
    /// Last visit per account, rolled forward by the days planned.
    last_visit: Vec<Option<NaiveDate>>,
    /// Why the account's pending visit was left out on a day it had to be covered (the first such day).
    missed: Vec<Option<Reason>>,
    late: Vec<LateVisit>,
}

impl State {
    /// Rolls the accounts visited in `plan` forward and notes what it left out.
    fn record(
        &mut self,
        region: &Region,
        calendar: &Calendar,
        account_index: &HashMap<&str, usize>,
        plan: &Plan,
    ) {
        // On a day off planned for its appointments, the due visits left out
        // wait for a working day: that day is not why they are late.
        let working = calendar.is_working(plan.date);
        for unassigned in plan
            .unassigned
            .iter()
            .filter(|u| working || calendar.appointments.of(&u.account, plan.date).is_some())
        {
            if let Some(&a) = account_index.get(unassigned.account.as_str()) {
                self.missed[a].get_or_insert_with(|| unassigned.reason.clone());
            }
        }
        for id in plan.visited_accounts() {
            let Some(&a) = account_index.get(id) else { continue };
            let account = &region.accounts[a];
            let due = calendar.due(account, self.last_visit[a]);
            // A kept appointment is on the day the customer agreed to, never late.
            if plan.date > due.max(calendar.first) && region.appointments.of(id, plan.date).is_none() {
                let reason = self.missed[a].take().unwrap_or_else(|| calendar.window_reason(account, due));
                self.late.push(LateVisit { account: id.to_string(), due, planned: Some(plan.date), reason });
            }
            self.missed[a] = None;
            self.last_visit[a] = Some(plan.date);
        }
    }
}

/// Whether `date` is one of the account's preferred weekdays.
fn is_preferred(account: &Account, date: NaiveDate) -> bool {
    account.preferred_days.contains(&date.weekday())
}

/// How many visits of `week` went to accounts with preferred days, and how
/// many of those landed on one: `(on a preferred day, of)`.
pub fn preferred_day_visits(region: &Region, week: &WeekPlan) -> (usize, usize) {
    let index: HashMap<&str, &Account> = region.accounts.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut counts = (0, 0);
    for plan in &week.days {
        for account in plan.visited_accounts().filter_map(|id| index.get(id)) {
            if !account.preferred_days.is_empty() {
                counts.1 += 1;
                counts.0 += usize::from(is_preferred(account, plan.date));
            }
        }
    }
    counts
}

/// Sets `last_visit` of every account `plan` visits to its date: the region
/// as it stands the day after `plan`.
pub fn roll_forward(region: &mut Region, plan: &Plan) {
    let visited: HashSet<&str> = plan.visited_accounts().collect();
    roll_forward_visits(region, plan.date, &visited);
}

/// Sets `last_visit` of every account in `visited` to `date`.
fn roll_forward_visits(region: &mut Region, date: NaiveDate, visited: &HashSet<&str>) {
    for account in &mut region.accounts {
        if visited.contains(account.id.as_str()) {
            account.last_visit = Some(date);
        }
    }
}

/// Replays every day of `week` with the independent validator, each against
/// the region as it stands that day (`last_visit` rolled forward by the days
/// before). One report per day, in order; see [`replay_days`].
pub fn check_week(
    region: &Region,
    week: &WeekPlan,
    travel: &dyn TravelTimes,
) -> Result<Vec<CheckReport>, NamedTravelError> {
    let days: Vec<ReplayDay> = week
        .days
        .iter()
        .map(|plan| ReplayDay {
            date: plan.date,
            checked: Some(plan),
            visited: plan.visited_accounts().collect(),
        })
        .collect();
    let reports = replay_days(region, &days, travel)?;
    Ok(reports.into_iter().flatten().collect())
}

/// A day of [`replay_days`]: the plan the validator checks that day, if any,
/// and the accounts visited that day, which the days after it see. They
/// differ from the plan's visits when the day went otherwise (a visit
/// recorded as skipped, a day re-planned since).
#[derive(Clone, Debug)]
pub struct ReplayDay<'a> {
    /// The day.
    pub date: NaiveDate,
    /// The plan checked against the region as it stands that morning.
    pub checked: Option<&'a Plan>,
    /// The accounts visited that day.
    pub visited: HashSet<&'a str>,
}

/// Checks each day's plan against the region as it stands that morning
/// (`last_visit` rolled forward by the visits of the days before), as many
/// days at once as there are threads: each day checked needs a copy of the
/// region, which for a national sales force (100 000 accounts) is tens of
/// megabytes. One report per day, in order, `None` for a day not checked.
pub fn replay_days(
    region: &Region,
    days: &[ReplayDay],
    travel: &dyn TravelTimes,
) -> Result<Vec<Option<CheckReport>>, NamedTravelError> {
    let mut today = region.clone();
    let mut reports = Vec::with_capacity(days.len());
    for chunk in days.chunks(rayon::current_num_threads().max(1)) {
        let mut mornings = Vec::with_capacity(chunk.len());
        for day in chunk {
            mornings.push(day.checked.map(|_| today.clone()));
            roll_forward_visits(&mut today, day.date, &day.visited);
        }
        let checked: Vec<Option<CheckReport>> = chunk
            .par_iter()
            .zip(mornings)
            .map(|(day, morning)| match (day.checked, morning) {
                (Some(plan), Some(morning)) => check_plan(&morning, plan, travel).map(Some),
                _ => Ok(None),
            })
            .collect::<Result<_, _>>()?;
        reports.extend(checked);
    }
    Ok(reports)
}

/// How even one rep's days are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepBalance {
    /// Rep id.
    pub rep: String,
    /// Visits over the horizon.
    pub visits: usize,
    /// The longest working day, departure to return.
    pub longest_s: Seconds,
    /// The shortest working day; a day at home counts as 0.
    pub shortest_s: Seconds,
}

/// Per rep in region order, the longest and shortest working day of `week`.
pub fn rep_balance(region: &Region, week: &WeekPlan) -> Vec<RepBalance> {
    region
        .reps
        .iter()
        .map(|rep| {
            let days: Vec<(usize, Seconds)> = week
                .days
                .iter()
                .map(|plan| {
                    plan.routes
                        .iter()
                        .find(|r| r.rep == rep.id)
                        .map_or((0, 0), |r| (r.visit_count(), r.return_s - r.depart_s))
                })
                .collect();
            RepBalance {
                rep: rep.id.clone(),
                visits: days.iter().map(|d| d.0).sum(),
                longest_s: days.iter().map(|d| d.1).max().unwrap_or(0),
                shortest_s: days.iter().map(|d| d.1).min().unwrap_or(0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
