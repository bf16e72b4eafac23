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
//! clock times), prices every leg from one fresh [`TravelMatrix`], and never
//! touches `crate::solver`.
//!
//! # Rules (the same semantics the solver follows)
//! - Every route names a known rep; a rep has at most one route.
//! - Every visited account exists, is visited once in the whole plan, is not
//!   closed on the plan date's weekday, and belongs to the route's rep when it
//!   has a territory.
//! - Replayed in order: the rep departs within the shift; each arrival is no
//!   earlier than the previous activity's end (departure, visit or break) plus
//!   the drive from the previous *location* (a break is taken where the rep
//!   is); a visit starts no earlier than its arrival, lasts exactly
//!   `service_s`, and lies inside one opening window (or the shift, when the
//!   account has none); nothing overlaps or runs backwards.
//! - At most one break, only for a rep with a break rule, starting after the
//!   previous activity and inside the rule's window, lasting at least its
//!   duration. It is required once the route has a visit, unless the rep is
//!   back by the close of the break window.
//! - The return is no earlier than the last activity's end plus the drive to
//!   the rep's end, and no later than the shift's close; `max_visits` holds.
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
//! Benchmark solutions (Solomon VRPTW) have their own validator in
//! [`vrptw`], with the classic semantics and exact Euclidean distances;
//! VROOM responses theirs in [`vroom`], with VROOM's semantics.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::Datelike;

use crate::model::{due_accounts, Account, Hms, LatLon, Region, Rep, Seconds, TimeWindow};
use crate::plan::{Plan, Resume, RoutePlan, Stop};
use crate::travel::{NamedTravelError, TravelMatrix, TravelTimes};

#[cfg(test)]
mod tests;
pub mod vroom;
pub mod vrptw;

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
    /// The rep is back after the shift closes.
    ReturnAfterShift,
    /// A route has more visits than the rep's `max_visits`.
    TooManyVisits,
    /// A route's claimed `drive_s` differs from the sum of its legs.
    WrongDriveTotal,
    /// A route's claimed `distance_m` differs from the sum of its legs.
    WrongDistanceTotal,
    /// An account due on the plan date is neither visited nor listed as unassigned.
    DueNotCovered,
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
        };
        &with_added
    };
    let ids = Ids::new(region);
    let places = Places::collect(region, plan, &ids);
    let matrix = travel.matrix(&places.locations).map_err(|e| e.naming(|p| places.names[p].clone()))?;
    let mut checker = Checker {
        region,
        plan,
        ids: &ids,
        places: &places,
        matrix: &matrix,
        report: CheckReport::default(),
        visited_by: HashMap::new(),
    };
    checker.check_added();
    checker.check_routes();
    checker.check_coverage();
    checker.check_unavailable();
    Ok(checker.report)
}

/// Id → index lookups built once, so a large plan is not quadratic. Where a
/// region repeats an id, the first one wins, as in `Region::account_index`.
struct Ids<'a> {
    reps: HashMap<&'a str, usize>,
    accounts: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn new(region: &'a Region) -> Self {
        let mut reps = HashMap::new();
        for (index, rep) in region.reps.iter().enumerate() {
            reps.entry(rep.id.as_str()).or_insert(index);
        }
        let mut accounts = HashMap::new();
        for (index, account) in region.accounts.iter().enumerate() {
            accounts.entry(account.id.as_str()).or_insert(index);
        }
        Ids { reps, accounts }
    }

    fn rep(&self, id: &str) -> Option<usize> {
        self.reps.get(id).copied()
    }

    fn account(&self, id: &str) -> Option<usize> {
        self.accounts.get(id).copied()
    }
}

/// The one list of places handed to the travel model, and where each rep's
/// start and end and each visited account sit in it.
struct Places {
    locations: Vec<crate::model::LatLon>,
    /// What each location is, for messages ("rep R1's start", "account A7").
    names: Vec<String>,
    /// Per region rep: indices of its start and end, if it has a route.
    rep: Vec<Option<(usize, usize)>>,
    /// Per region account: its index, if some route visits it.
    account: Vec<Option<usize>>,
    /// Per plan route, per resume: the index of its position, if it gives one.
    resume: Vec<Vec<Option<usize>>>,
}

impl Places {
    fn collect(region: &Region, plan: &Plan, ids: &Ids<'_>) -> Self {
        let mut places = Places {
            locations: Vec::new(),
            names: Vec::new(),
            rep: vec![None; region.reps.len()],
            account: vec![None; region.accounts.len()],
            resume: Vec::with_capacity(plan.routes.len()),
        };
        for route in &plan.routes {
            let resumes = route
                .resumes
                .iter()
                .map(|r| {
                    r.place
                        .map(|at| places.push(at, format!("rep {}'s position at {}", route.rep, Hms(r.at_s))))
                })
                .collect();
            places.resume.push(resumes);
            if let Some(r) = ids.rep(&route.rep) {
                if places.rep[r].is_none() {
                    let rep = &region.reps[r];
                    let start = places.push(rep.start, format!("rep {}'s start", rep.id));
                    let end = places.push(rep.end, format!("rep {}'s end", rep.id));
                    places.rep[r] = Some((start, end));
                }
            }
            for stop in &route.stops {
                if let Stop::Visit { account, .. } = stop {
                    if let Some(a) = ids.account(account) {
                        if places.account[a].is_none() {
                            let account = &region.accounts[a];
                            places.account[a] =
                                Some(places.push(account.location, format!("account {}", account.id)));
                        }
                    }
                }
            }
        }
        places
    }

    fn push(&mut self, location: LatLon, name: String) -> usize {
        self.locations.push(location);
        self.names.push(name);
        self.locations.len() - 1
    }
}

/// Where the rep is during the replay: a place index when known, and a name
/// for messages.
#[derive(Clone)]
struct Location {
    place: Option<usize>,
    name: String,
}

/// The activity before the one being checked, for "must come after" rules
/// and for naming it in messages.
enum Previous<'p> {
    Depart,
    Visit(&'p str),
    Break,
    Resume,
}

impl Previous<'_> {
    /// "the visit to A1 ends at 08:32:00", for "cannot be there before" messages.
    fn ends_at(&self, rep: &str, end_s: Seconds) -> String {
        match self {
            Previous::Depart => format!("rep {rep} departs at {}", Hms(end_s)),
            Previous::Visit(account) => format!("the visit to {account} ends at {}", Hms(end_s)),
            Previous::Break => format!("the break ends at {}", Hms(end_s)),
            Previous::Resume => format!("rep {rep} resumes at {}", Hms(end_s)),
        }
    }

    /// "the visit to A1 only ends at 08:32:00", for overlap messages.
    fn only_ends_at(&self, end_s: Seconds) -> String {
        match self {
            Previous::Depart => format!("the rep only departs at {}", Hms(end_s)),
            Previous::Visit(account) => format!("the visit to {account} only ends at {}", Hms(end_s)),
            Previous::Break => format!("the break only ends at {}", Hms(end_s)),
            Previous::Resume => format!("the rep only resumes at {}", Hms(end_s)),
        }
    }
}

/// A duration as `1 h 5 min`, `5 min 12 s` or `40 s`, for drive and visit
/// lengths inside messages (clock times use [`Hms`]).
struct Span(Seconds);

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 0 {
            f.write_str("-")?;
        }
        let total = self.0.unsigned_abs();
        let parts = [(total / 3600, "h"), ((total / 60) % 60, "min"), (total % 60, "s")];
        let mut written = false;
        for (value, unit) in parts {
            if value != 0 {
                if written {
                    f.write_str(" ")?;
                }
                write!(f, "{value} {unit}")?;
                written = true;
            }
        }
        if !written {
            f.write_str("0 s")?;
        }
        Ok(())
    }
}

/// Lists windows as `08:30-11:00, 13:00-16:00`.
struct WindowList<'w>(&'w [TimeWindow]);

impl fmt::Display for WindowList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, window) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{window}")?;
        }
        Ok(())
    }
}

/// How a visit `[start_s, end_s]` sits against a set of windows.
#[derive(Debug, PartialEq, Eq)]
enum Fit {
    /// Inside one window.
    Inside,
    /// Starts before `window` opens (before the first window, or in a gap):
    /// the rep should have waited.
    Early { window: TimeWindow },
    /// Starts after `window` closed with no later window, or starts in
    /// `window` but runs past its close.
    Late { window: TimeWindow },
}

/// Classifies a visit against `windows`; an empty list fits everything
/// (callers pass the shift instead of an account's empty windows).
fn fit(windows: &[TimeWindow], start_s: Seconds, end_s: Seconds) -> Fit {
    if windows.is_empty() || windows.iter().any(|w| w.open_s <= start_s && end_s <= w.close_s) {
        return Fit::Inside;
    }
    // Among the windows already open at the start, the one closing last is
    // the one the visit was aiming for.
    let current = windows.iter().filter(|w| w.open_s <= start_s).max_by_key(|w| w.close_s);
    if let Some(&window) = current {
        if start_s <= window.close_s {
            return Fit::Late { window };
        }
    }
    let next = windows.iter().filter(|w| w.open_s > start_s).min_by_key(|w| w.open_s);
    match (next, current) {
        (Some(&window), _) => Fit::Early { window },
        (None, Some(&window)) => Fit::Late { window },
        // Unreachable: a non-empty list has a window opening either by or after the start.
        (None, None) => Fit::Inside,
    }
}

/// The sum of leg drive times and distances along a route, or `None` once a
/// leg cannot be priced.
struct Legs {
    drive_s: Option<Seconds>,
    distance_m: Option<i64>,
}

impl Legs {
    fn add(&mut self, leg: Option<(Seconds, i64)>) {
        match leg {
            Some((drive_s, distance_m)) => {
                self.drive_s = self.drive_s.map(|d| d.saturating_add(drive_s));
                self.distance_m = self.distance_m.map(|d| d.saturating_add(distance_m));
            }
            None => {
                self.drive_s = None;
                self.distance_m = None;
            }
        }
    }
}

struct Checker<'a> {
    region: &'a Region,
    plan: &'a Plan,
    ids: &'a Ids<'a>,
    places: &'a Places,
    matrix: &'a TravelMatrix,
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

    /// Drive time and distance between two places, when both are known.
    fn leg(&self, from: Option<usize>, to: Option<usize>) -> Option<(Seconds, i64)> {
        let (from, to) = (from?, to?);
        Some((self.matrix.drive_s(from, to), self.matrix.distance_m(from, to)))
    }

    /// Every added account has an id of its own.
    fn check_added(&mut self) {
        let added_from = self.region.accounts.len() - self.plan.added.len();
        for (index, account) in self.region.accounts.iter().enumerate().skip(added_from) {
            let id = account.id.as_str();
            let first = self.ids.account(id).filter(|&first| first != index);
            if let Some(first) = first {
                let whose =
                    if first < added_from { "the region already has" } else { "the plan already adds" };
                self.push(
                    ViolationKind::AddedAccountExists,
                    None,
                    Some(id),
                    format!(
                        "the plan adds account {id}, which {whose}; an added account needs an id of its own"
                    ),
                );
            }
        }
    }

    fn check_routes(&mut self) {
        let mut seen_reps: HashSet<&str> = HashSet::new();
        for (index, route) in self.plan.routes.iter().enumerate() {
            let rep_index = self.ids.rep(&route.rep);
            match rep_index {
                None => self.push(
                    ViolationKind::UnknownRep,
                    Some(&route.rep),
                    None,
                    format!("route for rep {} names no rep in the region", route.rep),
                ),
                Some(_) if !seen_reps.insert(route.rep.as_str()) => self.push(
                    ViolationKind::DuplicateRoute,
                    Some(&route.rep),
                    None,
                    format!("rep {} has more than one route", route.rep),
                ),
                Some(_) => {}
            }
            let totals = self.check_route(index, route, rep_index);
            self.report.routes.push(totals);
        }
    }

    /// Replays one route (the plan's `index`th) stop by stop; `rep_index` is `None` for an unknown rep
    /// id, in which case the checks that need its shift, places or rules are skipped.
    fn check_route(&mut self, index: usize, route: &'a RoutePlan, rep_index: Option<usize>) -> RouteTotals {
        let rep_id = route.rep.as_str();
        let region = self.region;
        let rep = rep_index.map(|r| &region.reps[r]);
        let ends = rep_index.and_then(|r| self.places.rep[r]);
        let mut legs = Legs { drive_s: Some(0), distance_m: Some(0) };
        let mut location = Location { place: ends.map(|(start, _)| start), name: "the start".into() };
        let mut previous = Previous::Depart;
        let mut previous_end_s = route.depart_s;
        let mut visits = 0usize;
        let mut breaks = 0usize;

        if let Some(rep) = rep {
            if route.depart_s < rep.shift.open_s {
                self.push(
                    ViolationKind::DepartBeforeShift,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id} departs at {} but the shift starts at {}",
                        Hms(route.depart_s),
                        Hms(rep.shift.open_s)
                    ),
                );
            }
        }

        let resume_places = &self.places.resume[index];
        for resume in route.resumes.iter().filter(|r| r.after_stops > route.stops.len()) {
            self.push(
                ViolationKind::ResumeOutOfRange,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id}'s route resumes after {} stops but has only {}",
                    resume.after_stops,
                    route.stops.len()
                ),
            );
        }
        for after_stops in 0..=route.stops.len() {
            for (resume, &place) in route.resumes.iter().zip(resume_places) {
                if resume.after_stops != after_stops {
                    continue;
                }
                self.check_resume(rep_id, resume, (&previous, previous_end_s));
                if let Some(place) = place {
                    legs.add(self.leg(location.place, Some(place)));
                    let at = resume.place.expect("a resume place index only for a resume with a place");
                    location = Location { place: Some(place), name: format!("{:.5},{:.5}", at.lat, at.lon) };
                }
                previous = Previous::Resume;
                previous_end_s = resume.at_s;
            }
            let Some(stop) = route.stops.get(after_stops) else { break };
            match stop {
                Stop::Visit { account: account_id, arrival_s, start_s, end_s } => {
                    visits += 1;
                    let account = self.ids.account(account_id).map(|a| &self.region.accounts[a]);
                    self.check_account(rep_id, account_id, account);
                    let place = self.ids.account(account_id).and_then(|a| self.places.account[a]);
                    let leg = self.leg(location.place, place);
                    legs.add(leg);
                    self.check_arrival(
                        rep_id,
                        account_id,
                        *arrival_s,
                        (&previous, previous_end_s),
                        &location,
                        leg.map(|(drive_s, _)| drive_s),
                    );
                    if start_s < arrival_s {
                        self.push(
                            ViolationKind::StartBeforeArrival,
                            Some(rep_id),
                            Some(account_id),
                            format!(
                                "rep {rep_id} starts the visit to {account_id} at {} but only arrives at {}",
                                Hms(*start_s),
                                Hms(*arrival_s)
                            ),
                        );
                    }
                    if let Some(account) = account {
                        self.check_visit_times(rep_id, rep, account, *start_s, *end_s);
                    }
                    previous = Previous::Visit(account_id);
                    previous_end_s = (*arrival_s).max(*start_s).max(*end_s);
                    location = Location { place, name: account_id.clone() };
                }
                Stop::Break { start_s, end_s } => {
                    breaks += 1;
                    self.check_break(rep_id, rep, breaks, *start_s, *end_s, (&previous, previous_end_s));
                    previous = Previous::Break;
                    previous_end_s = (*start_s).max(*end_s);
                }
            }
        }

        let home = self.leg(location.place, ends.map(|(_, end)| end));
        legs.add(home);
        if let Some(rep) = rep {
            self.check_return(route, rep, (&previous, previous_end_s), &location, home.map(|(d, _)| d));
            self.check_route_limits(route, rep, visits, breaks);
            self.check_totals(route, &legs);
        }
        RouteTotals { rep: route.rep.clone(), visits, drive_s: legs.drive_s, distance_m: legs.distance_m }
    }

    /// A resume comes after an existing stop, and not before the previous activity ends.
    fn check_resume(
        &mut self,
        rep_id: &str,
        resume: &Resume,
        (previous, previous_end_s): (&Previous<'_>, Seconds),
    ) {
        if resume.at_s < previous_end_s {
            self.push(
                ViolationKind::Overlap,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} resumes at {} but {}",
                    Hms(resume.at_s),
                    previous.only_ends_at(previous_end_s)
                ),
            );
        }
    }

    /// Rules about the account itself: it exists, is visited once, is open
    /// today and belongs to this rep's territory.
    fn check_account(&mut self, rep_id: &'a str, account_id: &'a str, account: Option<&Account>) {
        match self.visited_by.get(account_id) {
            Some(first) => {
                let first = *first;
                self.push(
                    ViolationKind::DuplicateVisit,
                    Some(rep_id),
                    Some(account_id),
                    format!("rep {rep_id} visits {account_id}, which rep {first} already visits; an account is visited at most once a day"),
                );
            }
            None => {
                self.visited_by.insert(account_id, rep_id);
            }
        }
        let Some(account) = account else {
            self.push(
                ViolationKind::UnknownAccount,
                Some(rep_id),
                Some(account_id),
                format!("rep {rep_id} visits {account_id}, which names no account in the region"),
            );
            return;
        };
        let weekday = self.plan.date.weekday();
        if account.closed.contains(&weekday) {
            self.push(
                ViolationKind::ClosedOnWeekday,
                Some(rep_id),
                Some(account_id),
                format!(
                    "rep {rep_id} visits {account_id} on {} {}, a weekday it is closed",
                    weekday, self.plan.date
                ),
            );
        }
        if let Some(territory) = &account.territory {
            if territory != rep_id {
                self.push(
                    ViolationKind::WrongTerritory,
                    Some(rep_id),
                    Some(account_id),
                    format!("rep {rep_id} visits {account_id}, which only rep {territory} may visit"),
                );
            }
        }
    }

    /// The arrival must follow the previous activity plus the drive from the
    /// previous location.
    fn check_arrival(
        &mut self,
        rep_id: &str,
        account_id: &str,
        arrival_s: Seconds,
        (previous, previous_end_s): (&Previous<'_>, Seconds),
        from: &Location,
        drive_s: Option<Seconds>,
    ) {
        if arrival_s < previous_end_s {
            self.push(
                ViolationKind::Overlap,
                Some(rep_id),
                Some(account_id),
                format!(
                    "rep {rep_id} arrives at {account_id} at {} but {}",
                    Hms(arrival_s),
                    previous.only_ends_at(previous_end_s)
                ),
            );
            return;
        }
        let Some(drive_s) = drive_s else { return };
        let earliest_s = previous_end_s.saturating_add(drive_s);
        if arrival_s < earliest_s {
            self.push(
                ViolationKind::ArrivalTooEarly,
                Some(rep_id),
                Some(account_id),
                format!(
                    "rep {rep_id} arrives at {account_id} at {} but cannot be there before {} ({}, then {} of driving from {})",
                    Hms(arrival_s),
                    Hms(earliest_s),
                    previous.ends_at(rep_id, previous_end_s),
                    Span(drive_s),
                    from.name
                ),
            );
        }
    }

    /// The visit lasts exactly `service_s` and lies inside one of the
    /// account's windows, or inside the shift when it has none.
    fn check_visit_times(
        &mut self,
        rep_id: &str,
        rep: Option<&Rep>,
        account: &Account,
        start_s: Seconds,
        end_s: Seconds,
    ) {
        let id = account.id.as_str();
        let length_s = end_s.saturating_sub(start_s);
        if length_s != account.service_s {
            self.push(
                ViolationKind::WrongServiceTime,
                Some(rep_id),
                Some(id),
                format!(
                    "rep {rep_id}'s visit to {id} from {} to {} lasts {} but a visit there takes {}",
                    Hms(start_s),
                    Hms(end_s),
                    Span(length_s),
                    Span(account.service_s)
                ),
            );
        }
        // Names for the message: the account's hours, or the rep's shift.
        let (windows, owner, hours) = if account.windows.is_empty() {
            let Some(rep) = rep else { return };
            (std::slice::from_ref(&rep.shift), format!("rep {rep_id}'s shift"), "shift")
        } else {
            (account.windows.as_slice(), id.to_owned(), "open")
        };
        let (opens, closes) =
            if account.windows.is_empty() { ("starts", "ends") } else { ("opens", "closes") };
        match fit(windows, start_s, end_s) {
            Fit::Inside => {}
            Fit::Early { window } => self.push(
                ViolationKind::VisitOutsideWindow,
                Some(rep_id),
                Some(id),
                format!(
                    "rep {rep_id} starts the visit to {id} at {} but {owner} only {opens} at {} ({hours} {})",
                    Hms(start_s),
                    Hms(window.open_s),
                    WindowList(windows)
                ),
            ),
            Fit::Late { window } if start_s > window.close_s => self.push(
                ViolationKind::LateVisit,
                Some(rep_id),
                Some(id),
                format!(
                    "rep {rep_id} starts the visit to {id} at {} but {owner} {closes} at {} ({hours} {})",
                    Hms(start_s),
                    Hms(window.close_s),
                    WindowList(windows)
                ),
            ),
            Fit::Late { window } => self.push(
                ViolationKind::LateVisit,
                Some(rep_id),
                Some(id),
                format!(
                    "rep {rep_id} visits {id} from {} to {} but {owner} {closes} at {} ({hours} {})",
                    Hms(start_s),
                    Hms(end_s),
                    Hms(window.close_s),
                    WindowList(windows)
                ),
            ),
        }
    }

    /// A break comes after the previous activity, is the route's only one,
    /// and follows the rep's rule.
    fn check_break(
        &mut self,
        rep_id: &str,
        rep: Option<&Rep>,
        ordinal: usize,
        start_s: Seconds,
        end_s: Seconds,
        (previous, previous_end_s): (&Previous<'_>, Seconds),
    ) {
        if ordinal > 1 {
            self.push(
                ViolationKind::ExtraBreak,
                Some(rep_id),
                None,
                format!("rep {rep_id} takes a second break at {}; at most one is allowed", Hms(start_s)),
            );
        }
        if start_s < previous_end_s {
            self.push(
                ViolationKind::Overlap,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} starts a break at {} but {}",
                    Hms(start_s),
                    previous.only_ends_at(previous_end_s)
                ),
            );
        }
        let Some(rep) = rep else { return };
        let Some(rule) = rep.lunch else {
            self.push(
                ViolationKind::BreakWithoutRule,
                Some(rep_id),
                None,
                format!("rep {rep_id} takes a break at {} but has no break rule", Hms(start_s)),
            );
            return;
        };
        if !rule.start_window.contains(start_s) {
            self.push(
                ViolationKind::BreakOutsideWindow,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} starts a break at {} but breaks must start between {} and {}",
                    Hms(start_s),
                    Hms(rule.start_window.open_s),
                    Hms(rule.start_window.close_s)
                ),
            );
        }
        let length_s = end_s.saturating_sub(start_s);
        if length_s < rule.duration_s {
            self.push(
                ViolationKind::BreakTooShort,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id}'s break from {} to {} lasts {} but must last at least {}",
                    Hms(start_s),
                    Hms(end_s),
                    Span(length_s),
                    Span(rule.duration_s)
                ),
            );
        }
    }

    /// The return follows the last activity plus the drive home, within the shift.
    fn check_return(
        &mut self,
        route: &RoutePlan,
        rep: &Rep,
        (previous, previous_end_s): (&Previous<'_>, Seconds),
        from: &Location,
        drive_s: Option<Seconds>,
    ) {
        let rep_id = route.rep.as_str();
        if route.return_s < previous_end_s {
            self.push(
                ViolationKind::ReturnTooEarly,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} is back at {} but {}",
                    Hms(route.return_s),
                    previous.only_ends_at(previous_end_s)
                ),
            );
        } else if let Some(drive_s) = drive_s {
            let earliest_s = previous_end_s.saturating_add(drive_s);
            if route.return_s < earliest_s {
                self.push(
                    ViolationKind::ReturnTooEarly,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id} is back at {} but cannot be before {} ({}, then {} of driving from {})",
                        Hms(route.return_s),
                        Hms(earliest_s),
                        previous.ends_at(rep_id, previous_end_s),
                        Span(drive_s),
                        from.name
                    ),
                );
            }
        }
        if route.return_s > rep.shift.close_s {
            self.push(
                ViolationKind::ReturnAfterShift,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id} is back at {} but the shift ends at {}",
                    Hms(route.return_s),
                    Hms(rep.shift.close_s)
                ),
            );
        }
    }

    /// Whole-route rules: the break is present when required, and the visit cap holds.
    fn check_route_limits(&mut self, route: &RoutePlan, rep: &Rep, visits: usize, breaks: usize) {
        let rep_id = route.rep.as_str();
        if let Some(rule) = rep.lunch {
            // Back by the end of the break window: the break can wait until after the shift.
            if visits > 0 && breaks == 0 && route.return_s > rule.start_window.close_s {
                self.push(
                    ViolationKind::MissingBreak,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id} works until {} but takes no break (one of {} must start between {} and {})",
                        Hms(route.return_s),
                        Span(rule.duration_s),
                        Hms(rule.start_window.open_s),
                        Hms(rule.start_window.close_s)
                    ),
                );
            }
        }
        if let Some(max_visits) = rep.max_visits {
            if visits > max_visits as usize {
                self.push(
                    ViolationKind::TooManyVisits,
                    Some(rep_id),
                    None,
                    format!("rep {rep_id} makes {visits} visits but at most {max_visits} are allowed"),
                );
            }
        }
    }

    /// The claimed totals equal the sum of the legs, when every leg is known.
    fn check_totals(&mut self, route: &RoutePlan, legs: &Legs) {
        let rep_id = route.rep.as_str();
        if let Some(drive_s) = legs.drive_s {
            if route.drive_s != drive_s {
                self.push(
                    ViolationKind::WrongDriveTotal,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id}'s route claims {} s of driving but its legs add up to {drive_s} s",
                        route.drive_s
                    ),
                );
            }
        }
        if let Some(distance_m) = legs.distance_m {
            if route.distance_m != distance_m {
                self.push(
                    ViolationKind::WrongDistanceTotal,
                    Some(rep_id),
                    None,
                    format!(
                        "rep {rep_id}'s route claims {} m driven but its legs add up to {distance_m} m",
                        route.distance_m
                    ),
                );
            }
        }
    }

    /// Every due account is visited or explained; every unassigned entry is sound.
    fn check_coverage(&mut self) {
        let mut listed: HashSet<&str> = HashSet::new();
        for entry in &self.plan.unassigned {
            let id = entry.account.as_str();
            listed.insert(id);
            if self.ids.account(id).is_none() {
                self.push(
                    ViolationKind::UnknownAccount,
                    None,
                    Some(id),
                    format!("unassigned entry {id} names no account in the region"),
                );
            }
            if let Some(rep) = self.visited_by.get(id).copied() {
                self.push(
                    ViolationKind::UnassignedButVisited,
                    Some(rep),
                    Some(id),
                    format!("{id} is listed as unassigned but rep {rep} visits it"),
                );
            }
            if entry.reason.trim().is_empty() {
                self.push(
                    ViolationKind::UnassignedWithoutReason,
                    None,
                    Some(id),
                    format!("unassigned account {id} has no reason given"),
                );
            }
        }
        for index in due_accounts(&self.region.accounts, self.plan.date) {
            let id = self.region.accounts[index].id.as_str();
            if !self.visited_by.contains_key(id) && !listed.contains(id) {
                self.push(
                    ViolationKind::DueNotCovered,
                    None,
                    Some(id),
                    format!("due account {id} is neither visited nor listed as unassigned"),
                );
            }
        }
    }

    /// A rep listed as unable to work is a known rep, has no route, and has a reason.
    fn check_unavailable(&mut self) {
        for entry in &self.plan.unavailable {
            let rep = entry.rep.as_str();
            let message = if self.ids.rep(rep).is_none() {
                format!("rep {rep}, listed as unable to work the day, is not a rep of the region")
            } else if self.plan.routes.iter().any(|route| route.rep == rep) {
                format!("rep {rep} is listed as unable to work the day but has a route")
            } else if entry.reason.trim().is_empty() {
                format!("rep {rep} is listed as unable to work the day without a reason")
            } else {
                continue;
            };
            self.push(ViolationKind::BadUnavailableRep, Some(rep), None, message);
        }
    }
}
