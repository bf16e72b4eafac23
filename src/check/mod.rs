//! The independent validator: replays a day's [`Plan`] against the raw
//! [`Region`] and a travel model, and lists every rule the plan breaks.
//!
//! Entry point: [`check_plan`], which returns a [`CheckReport`] of
//! [`Violation`]s (each tagged with a [`ViolationKind`]) and the totals it
//! recomputed per route ([`RouteTotals`]).
//!
//! Why it is separate from the solver: a bug in the solver's bookkeeping
//! (cached arrival times, incremental drive totals, time-window shortcuts)
//! would be repeated by any checker that reused it. So this module reads only
//! what users gave (accounts, reps, dates) and what the plan claims (ids and
//! clock times), prices every leg afresh (one matrix per route), and never
//! touches `crate::solver`.
//!
//! # Rules (the same semantics the solver follows)
//! - Every route names a known rep; a rep has at most one route.
//! - Every visited account exists, is visited once in the whole plan, is not
//!   closed on the plan date's weekday (no opening hours that day, or named
//!   in `closed`), and belongs to the route's rep when it has a territory.
//! - Nothing is visited on one of the region's holidays, except to keep an
//!   appointment, nor on a day of one of the account's closures.
//! - A rep is sent out only on a weekday their shift works, and departs no
//!   earlier than that day's shift starts.
//! - Every appointment of the day is kept (visited at its time, for its
//!   duration, by its rep when it names one) or listed as unassigned with a
//!   reason; that day its time and duration replace the account's opening
//!   hours, service time and closed weekdays. A due account with an
//!   appointment less than one visit interval ahead need not be covered.
//! - No rep works while absent: no visit on a day they are absent, and on a
//!   day with a part-day absence the route lies inside what it leaves of the
//!   shift (a break whose window closes before that starts is not required).
//! - Replayed in order: the rep departs within the shift; each arrival is no
//!   earlier than the previous activity's end (departure, visit or break) plus
//!   the drive from the previous *location* (a break is taken where the rep
//!   is); a visit starts no earlier than its arrival, lasts exactly
//!   `service_s`, and lies inside one of that weekday's opening windows (or
//!   the day's shift, when the account has none); nothing overlaps or runs
//!   backwards.
//! - At most one break, only for a rep with a break rule, starting after the
//!   previous activity and inside the rule's window, lasting at least its
//!   duration. It is required once the route has a visit, unless the rep is
//!   back by the close of the break window.
//! - The return is no earlier than the last activity's end plus the drive to
//!   the rep's end, and no later than the day's shift closes; `max_visits` holds.
//! - The claimed `drive_s` and `distance_m` equal the sums of the legs exactly.
//! - Every account due on the plan date is visited or listed as unassigned
//!   with a reason; an unassigned entry names a known, unvisited account.
//!   Visiting an account before it is due is allowed. A rep listed as unable
//!   to work the day is a known rep without a route, with a reason.
//! - A re-planned route may *resume* after some of its stops: the rep is free
//!   again at the resume time (no earlier than the previous activity's end),
//!   at the resume position if one is given (else where the previous stop
//!   left them), and the next arrival is timed from there. The drive to a
//!   resume position counts in the totals but is not timed: the rep reported
//!   where they were. A resume comes after at most all of the route's stops.
//! - Accounts the plan adds for the day (urgent visits) count as accounts of
//!   the region, due by the same rules; each needs an id the region does not have.
//!
//! The plan may be a hand-edited file: unknown ids, times out of order,
//! negative or huge numbers. Nothing here panics on such content; every
//! problem becomes a violation, and checks that need a missing piece (an
//! unknown rep's shift, an unknown account's location) are skipped for that
//! piece only, since the unknown id is already reported.
//!
//! Layout: [`check_plan`] builds the one list of places (`places.rs`) and
//! replays each route (`replay.rs`); every rule is one file under `rules/`
//! adding one method to the checker; `windows.rs` says how visits sit in
//! opening windows and writes times for messages.
//!
//! Benchmark solutions (Solomon VRPTW) have their own validator in
//! [`crate::interop::solomon::check`], with the classic semantics and exact
//! Euclidean distances; VROOM responses theirs in
//! [`crate::interop::vroom::check`], with VROOM's semantics.

use std::collections::HashMap;
use std::fmt;

use crate::model::plan::Plan;
use crate::model::{Region, Seconds};
use crate::travel::{NamedTravelError, TravelTimes};
use places::{Ids, Places, RouteLegs};

mod places;
mod replay;
mod rules;
#[cfg(test)]
mod tests;
mod windows;

/// Which rule a [`Violation`] breaks; one variant per rule so callers and
/// tests can match on it instead of parsing messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    /// A route names a rep id the region does not have.
    UnknownRep,
    /// A rep has more than one route.
    DuplicateRoute,
    /// A visit or an unassigned entry names an account id the region does not have.
    UnknownAccount,
    /// An account is visited more than once in the whole plan.
    DuplicateVisit,
    /// An account is visited on a weekday it is closed.
    ClosedOnWeekday,
    /// A visit is planned on one of the region's holidays.
    VisitOnHoliday,
    /// An account is visited on a day of one of its closures (`closures.csv`).
    VisitOnClosure,
    /// A rep is sent out on a weekday their shift does not work.
    OffShift,
    /// A rep visits on a day they are absent, or is out during the absent part of a day.
    AbsentRep,
    /// An account with a territory is visited by another rep.
    WrongTerritory,
    /// The rep leaves before the shift opens.
    DepartBeforeShift,
    /// An activity (visit arrival, break or return) begins before the
    /// previous one ends: the day overlaps itself or runs backwards.
    Overlap,
    /// A visit's arrival is earlier than the previous activity's end plus the drive.
    ArrivalTooEarly,
    /// A visit starts before the rep arrives.
    StartBeforeArrival,
    /// A visit's length differs from the account's `service_s`.
    WrongServiceTime,
    /// A visit starts before its opening window (or the shift) opens.
    VisitOutsideWindow,
    /// A visit starts or ends after its opening window (or the shift) closes.
    LateVisit,
    /// A route has more than one break.
    ExtraBreak,
    /// A route has a break but the rep has no break rule.
    BreakWithoutRule,
    /// A break starts outside the rule's start window.
    BreakOutsideWindow,
    /// A break is shorter than the rule's duration.
    BreakTooShort,
    /// A rep with a break rule, visits and a day past the break window has no break.
    MissingBreak,
    /// The claimed return is earlier than the last activity's end plus the drive home.
    ReturnTooEarly,
    /// The rep is back after the shift closes (plus the route's declared overtime).
    ReturnAfterShift,
    /// A route declares overtime it does not need: more or less than the
    /// return past the shift's close, or on a day that was not held up (no
    /// resume, or visits after the last one).
    OvertimeNotNeeded,
    /// A route has more visits than the rep's `max_visits`.
    TooManyVisits,
    /// A route's claimed `drive_s` differs from the sum of its legs.
    WrongDriveTotal,
    /// A route's claimed `distance_m` differs from the sum of its legs.
    WrongDistanceTotal,
    /// An account due on the plan date is neither visited nor listed as unassigned.
    DueNotCovered,
    /// An appointment of the plan date is neither visited nor listed as unassigned.
    AppointmentNotCovered,
    /// An appointment's account is visited by another rep than the
    /// appointment's, at another time, or for another length.
    AppointmentNotKept,
    /// An unassigned entry gives no reason.
    UnassignedWithoutReason,
    /// An account is both visited and listed as unassigned.
    UnassignedButVisited,
    /// A route resumes after more stops than it has.
    ResumeOutOfRange,
    /// An account the plan adds for the day has the id of an account of the
    /// region, or of another added account.
    AddedAccountExists,
    /// A rep listed as unable to work the day is unknown, has a route, or has no reason.
    BadUnavailableRep,
}

/// One broken rule, with who and what it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The rep id of the route concerned, if any (as written in the plan).
    pub rep: Option<String>,
    /// The account id concerned, if any (as written in the plan).
    pub account: Option<String>,
    /// Which rule.
    pub kind: ViolationKind,
    /// A full sentence a planner can act on, with clock times as `HH:MM:SS`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What the validator recomputed for one route, in plan order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteTotals {
    /// Rep id as written in the plan.
    pub rep: String,
    /// Number of visit stops (known or not).
    pub visits: usize,
    /// Sum of leg drive times start → visits → end; `None` when a leg
    /// touches an unknown rep or account and so cannot be priced.
    pub drive_s: Option<Seconds>,
    /// Sum of leg distances, `None` under the same condition as `drive_s`.
    pub distance_m: Option<i64>,
}

/// Everything [`check_plan`] found.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CheckReport {
    /// Every broken rule, routes first (in plan and stop order), then coverage.
    pub violations: Vec<Violation>,
    /// Recomputed totals, one per route in plan order.
    pub routes: Vec<RouteTotals>,
}

impl CheckReport {
    /// Whether the plan breaks no rule.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Replays `plan` against `region` with drive times from `travel` and lists
/// every violation; the rules are listed in the [module docs](self).
///
/// Fails only when the travel model cannot price the places involved.
///
/// A plan read from a file, edited by hand: dropping a rep's route leaves
/// that rep's due accounts neither visited nor listed with a reason.
///
/// ```
/// use std::path::Path;
///
/// use chrono::NaiveDate;
/// use rounds::check::{check_plan, ViolationKind};
/// use rounds::io::csv_region::read_region;
/// use rounds::io::text::TextEncoding;
/// use rounds::planning::day::{DayOptions, DayProblem};
/// use rounds::solver::{solve, SearchConfig};
/// use rounds::travel::StraightLine;
///
/// let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regions/helsinki-city");
/// let region = read_region(&dir.join("accounts.csv"), &dir.join("reps.csv"), TextEncoding::Auto)?;
/// let travel = StraightLine::default();
/// let date = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
/// let day = DayProblem::build(&region, &DayOptions { date, lookahead_days: 0 }, &travel)?;
/// let search = SearchConfig { iterations: Some(300), ..SearchConfig::default() };
/// let mut plan = day.to_plan(&region, &solve(&day.problem, &search).solution);
/// assert!(check_plan(&region, &plan, &travel)?.is_valid());
///
/// let dropped = plan.routes.pop().unwrap();
/// let report = check_plan(&region, &plan, &travel)?;
/// assert!(!report.is_valid());
/// for violation in &report.violations {
///     assert_eq!(violation.kind, ViolationKind::DueNotCovered);
/// }
/// let lost = dropped.stops.iter().filter(|s| matches!(s, rounds::model::plan::Stop::Visit { .. }));
/// assert_eq!(report.violations.len(), lost.count());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_plan(
    region: &Region,
    plan: &Plan,
    travel: &dyn TravelTimes,
) -> Result<CheckReport, NamedTravelError> {
    let with_added;
    let region = if plan.added.is_empty() {
        region
    } else {
        with_added = Region {
            accounts: region.accounts.iter().chain(&plan.added).cloned().collect(),
            reps: region.reps.clone(),
            holidays: region.holidays.clone(),
            absences: region.absences.clone(),
            closures: region.closures.clone(),
            appointments: region.appointments.clone(),
        };
        &with_added
    };
    let ids = Ids::new(region);
    let places = Places::collect(region, plan, &ids);
    let legs = RouteLegs::price(&places, travel)?;
    let mut checker = Checker {
        region,
        plan,
        ids: &ids,
        places: &places,
        legs: &legs,
        report: CheckReport::default(),
        visited_by: HashMap::new(),
    };
    checker.check_added();
    checker.check_holiday();
    checker.check_closure();
    checker.check_absence();
    checker.check_routes();
    checker.check_coverage();
    checker.check_appointments();
    checker.check_unavailable();
    Ok(checker.report)
}

struct Checker<'a> {
    region: &'a Region,
    plan: &'a Plan,
    ids: &'a Ids<'a>,
    places: &'a Places,
    /// Per plan route, its legs priced.
    legs: &'a RouteLegs,
    report: CheckReport,
    /// Account id → the rep of the route that visits it first.
    visited_by: HashMap<&'a str, &'a str>,
}

impl<'a> Checker<'a> {
    fn push(&mut self, kind: ViolationKind, rep: Option<&str>, account: Option<&str>, message: String) {
        self.report.violations.push(Violation {
            rep: rep.map(str::to_owned),
            account: account.map(str::to_owned),
            kind,
            message,
        });
    }

    /// Drive time and distance between two places of the plan's `route`th
    /// route, when both are known.
    fn leg(&self, route: usize, from: Option<usize>, to: Option<usize>) -> Option<(Seconds, i64)> {
        self.legs.leg(self.places, route, from?, to?)
    }
}
