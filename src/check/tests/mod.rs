//! The validator on a tiny hand-built region near Helsinki: one correct plan,
//! then one hand-broken copy per rule, each expected to yield exactly that
//! violation kind.
//!
//! Plans are timed here by a small scheduler of the test's own that prices legs
//! with `StraightLine::leg` directly, not through the matrix the validator builds.

mod appointments;
mod breaks;
mod calendar;
mod coverage;
mod ids;
mod resume;
mod route_limits;
mod shift;
mod totals;
mod visits;
mod windows;

use chrono::{Datelike, NaiveDate, Weekday};

use super::windows::{fit, Fit, Span};
use super::*;
use crate::model::plan::{Resume, RoutePlan, Stop, Unassigned};
use crate::model::{
    due_accounts, Account, Appointment, AppointmentTime, BreakRule, Closure, Hms, LatLon, OpeningHours,
    Priority, Rep, Shift, TimeWindow,
};
use crate::travel::StraightLine;

const H: Seconds = 3600;
const M: Seconds = 60;

/// Tuesday.
fn date() -> NaiveDate {
    "2026-11-24".parse().unwrap()
}

fn at(lat: f64, lon: f64) -> LatLon {
    LatLon { lat, lon }
}

fn account(id: &str, location: LatLon, service_s: Seconds, windows: Vec<TimeWindow>) -> Account {
    Account {
        id: id.into(),
        name: String::new(),
        address: String::new(),
        location,
        service_s,
        hours: OpeningHours::daily(windows),
        every_days: 7,
        last_visit: None,
        priority: Priority::Normal,
        territory: None,
        preferred_days: Vec::new(),
    }
}

/// R1 has a lunch rule (30 min starting 11:00-13:00); R2 has none but at most
/// two visits. Due on the date: A1, A2, A4. A3 was visited recently (not
/// due, may be visited early); A5 is closed on Tuesdays.
fn region() -> Region {
    let mut a3 = account(
        "A3",
        at(60.165, 24.960),
        40 * M,
        vec![TimeWindow::new(9 * H, 11 * H), TimeWindow::new(13 * H, 16 * H)],
    );
    a3.last_visit = Some("2026-11-20".parse().unwrap());
    let mut a4 = account("A4", at(60.200, 24.970), 15 * M, vec![]);
    a4.territory = Some("R2".into());
    let mut a5 = account("A5", at(60.160, 24.920), 10 * M, vec![]);
    a5.hours.close(Weekday::Tue);
    let shift = TimeWindow::new(8 * H, 17 * H);
    Region {
        accounts: vec![
            account("A1", at(60.175, 24.930), 30 * M, vec![TimeWindow::new(8 * H, 12 * H)]),
            account("A2", at(60.185, 24.950), 20 * M, vec![]),
            a3,
            a4,
            a5,
        ],
        reps: vec![
            Rep {
                id: "R1".into(),
                name: String::new(),
                start: at(60.170, 24.940),
                end: at(60.170, 24.940),
                shift: shift.into(),
                lunch: Some(BreakRule { start_window: TimeWindow::new(11 * H, 13 * H), duration_s: 30 * M }),
                max_visits: None,
            },
            Rep {
                id: "R2".into(),
                name: String::new(),
                start: at(60.190, 24.960),
                end: at(60.195, 24.955),
                shift: shift.into(),
                lunch: None,
                max_visits: Some(2),
            },
        ],
        ..Default::default()
    }
}

/// A stop for the test scheduler.
enum Spec {
    Visit(&'static str),
    Break,
}

/// Times a route the simple way: drive, wait for the first window the visit
/// fits in (or start at arrival when none does), serve; breaks start as soon
/// as both the rep and the rule's window allow.
fn route(region: &Region, rep_id: &str, depart_s: Seconds, specs: &[Spec]) -> RoutePlan {
    route_on(region, date(), rep_id, depart_s, specs)
}

/// [`route`] on another date, with that weekday's opening hours.
fn route_on(region: &Region, date: NaiveDate, rep_id: &str, depart_s: Seconds, specs: &[Spec]) -> RoutePlan {
    let model = StraightLine::default();
    let rep = &region.reps[region.rep_index(rep_id).unwrap()];
    let (mut drive_s, mut distance_m) = (0, 0);
    let mut here = rep.start;
    let mut time_s = depart_s;
    let mut stops = Vec::new();
    let mut drive = |from: LatLon, to: LatLon| {
        let (m, s) = model.leg(from, to);
        drive_s += Seconds::from(s);
        distance_m += i64::from(m);
        Seconds::from(s)
    };
    for spec in specs {
        match spec {
            Spec::Visit(id) => {
                let account = &region.accounts[region.account_index(id).unwrap()];
                let windows = account.hours.windows_on(date.weekday()).unwrap_or_default();
                let arrival_s = time_s + drive(here, account.location);
                let start_s = windows
                    .iter()
                    .map(|w| arrival_s.max(w.open_s))
                    .find(|s| windows.iter().any(|w| w.open_s <= *s && s + account.service_s <= w.close_s))
                    .unwrap_or(arrival_s);
                let end_s = start_s + account.service_s;
                stops.push(Stop::Visit { account: id.to_string(), arrival_s, start_s, end_s });
                here = account.location;
                time_s = end_s;
            }
            Spec::Break => {
                let rule = rep.lunch.unwrap();
                let start_s = time_s.max(rule.start_window.open_s);
                let end_s = start_s + rule.duration_s;
                stops.push(Stop::Break { start_s, end_s });
                time_s = end_s;
            }
        }
    }
    let return_s = time_s + drive(here, rep.end);
    RoutePlan {
        rep: rep_id.into(),
        depart_s,
        return_s,
        drive_s,
        distance_m,
        stops,
        resumes: vec![],
        overtime_s: 0,
    }
}

/// A plan of `routes`, listing every due account they leave out as
/// unassigned with a reason, so a test sees only the violation it provokes.
fn plan_of(region: &Region, routes: Vec<RoutePlan>) -> Plan {
    plan_on(region, date(), routes)
}

/// [`plan_of`] on another date.
fn plan_on(region: &Region, date: NaiveDate, routes: Vec<RoutePlan>) -> Plan {
    let mut plan =
        Plan { date, routes, unassigned: Vec::new(), unavailable: vec![], added: vec![], changes: vec![] };
    let visited: Vec<&str> = plan.visited_accounts().collect();
    let unassigned = due_accounts(&region.accounts, date)
        .into_iter()
        .map(|i| region.accounts[i].id.clone())
        .filter(|id| !visited.contains(&id.as_str()))
        .map(|account| Unassigned { account, reason: "left out by this test".into() })
        .collect();
    plan.unassigned = unassigned;
    plan
}

/// R1: A1, lunch at 11:00, A3 at 13:00 (its afternoon window). R2: A2, A4.
fn valid_routes(region: &Region) -> Vec<RoutePlan> {
    vec![
        route(region, "R1", 8 * H, &[Spec::Visit("A1"), Spec::Break, Spec::Visit("A3")]),
        route(region, "R2", 8 * H, &[Spec::Visit("A2"), Spec::Visit("A4")]),
    ]
}

fn valid_plan(region: &Region) -> Plan {
    let plan = plan_of(region, valid_routes(region));
    assert!(plan.unassigned.is_empty(), "the valid plan covers every due account");
    plan
}

fn check(region: &Region, plan: &Plan) -> CheckReport {
    check_plan(region, plan, &StraightLine::default()).unwrap()
}

/// Asserts the report has at least one violation and all of them are `kind`.
#[track_caller]
fn assert_only(report: &CheckReport, kind: ViolationKind) {
    assert!(!report.violations.is_empty(), "expected {kind:?}, got a valid plan");
    for v in &report.violations {
        assert_eq!(v.kind, kind, "expected only {kind:?}, got {v:?}");
    }
}

/// The times of stop `index` on route `route`, for hand-editing.
fn stop_mut(plan: &mut Plan, route: usize, index: usize) -> &mut Stop {
    &mut plan.routes[route].stops[index]
}

fn set_visit(plan: &mut Plan, route: usize, index: usize, arrival: Seconds, start: Seconds, end: Seconds) {
    match stop_mut(plan, route, index) {
        Stop::Visit { arrival_s, start_s, end_s, .. } => {
            (*arrival_s, *start_s, *end_s) = (arrival, start, end);
        }
        Stop::Break { .. } => panic!("stop {index} is a break"),
    }
}

fn visit_times(plan: &Plan, route: usize, index: usize) -> (Seconds, Seconds, Seconds) {
    match &plan.routes[route].stops[index] {
        Stop::Visit { arrival_s, start_s, end_s, .. } => (*arrival_s, *start_s, *end_s),
        Stop::Break { .. } => panic!("stop {index} is a break"),
    }
}

fn set_break(plan: &mut Plan, route: usize, index: usize, start: Seconds, end: Seconds) {
    match stop_mut(plan, route, index) {
        Stop::Break { start_s, end_s } => (*start_s, *end_s) = (start, end),
        Stop::Visit { .. } => panic!("stop {index} is a visit"),
    }
}

#[test]
fn the_test_plan_has_the_shape_the_tests_rely_on() {
    let region = region();
    let plan = valid_plan(&region);
    assert_eq!(due_accounts(&region.accounts, date()), vec![0, 1, 3]);
    // A1 is served in the morning, lunch waits for 11:00, A3 waits for 13:00.
    let (_, a1_start, a1_end) = visit_times(&plan, 0, 0);
    assert!(a1_start < 9 * H && a1_end < 10 * H);
    assert_eq!(plan.routes[0].stops[1], Stop::Break { start_s: 11 * H, end_s: 11 * H + 30 * M });
    let (a3_arrival, a3_start, _) = visit_times(&plan, 0, 2);
    assert!(a3_arrival > 11 * H + 30 * M && a3_arrival < 12 * H);
    assert_eq!(a3_start, 13 * H);
    assert!(plan.routes[0].return_s > 13 * H);
}

#[test]
fn a_correct_plan_is_valid_and_its_totals_are_recomputed() {
    let region = region();
    let plan = valid_plan(&region);
    let report = check(&region, &plan);
    assert!(report.is_valid(), "{:#?}", report.violations);
    let expected: Vec<RouteTotals> = plan
        .routes
        .iter()
        .map(|r| RouteTotals {
            rep: r.rep.clone(),
            visits: r.visit_count(),
            drive_s: Some(r.drive_s),
            distance_m: Some(r.distance_m),
        })
        .collect();
    assert_eq!(report.routes, expected);
    assert!(report.routes.iter().all(|r| r.drive_s > Some(0)));
}

#[test]
fn an_empty_plan_with_every_due_account_explained_is_valid() {
    let region = region();
    let report = check(&region, &plan_of(&region, vec![]));
    assert!(report.is_valid(), "{:#?}", report.violations);
}

/// Saturday 2026-11-28, for the weekday rules.
fn saturday() -> NaiveDate {
    "2026-11-28".parse().unwrap()
}

#[test]
fn garbage_plans_do_not_panic() {
    let region = region();
    let extremes = [Seconds::MIN, -1, 0, 1, 12 * H, Seconds::MAX];
    for &a in &extremes {
        for &b in &extremes {
            let mut plan = valid_plan(&region);
            plan.routes[0].depart_s = a;
            plan.routes[0].return_s = b;
            plan.routes[0].drive_s = a;
            plan.routes[0].distance_m = b;
            set_visit(&mut plan, 0, 0, b, a, b);
            set_break(&mut plan, 0, 1, b, a);
            set_visit(&mut plan, 1, 1, a, b, a);
            plan.routes.push(RoutePlan {
                rep: String::new(),
                depart_s: b,
                return_s: a,
                drive_s: 0,
                distance_m: 0,
                stops: vec![
                    Stop::Break { start_s: a, end_s: b },
                    Stop::Visit { account: String::new(), arrival_s: a, start_s: b, end_s: a },
                ],
                resumes: vec![],
                overtime_s: 0,
            });
            plan.unassigned.push(Unassigned { account: String::new(), reason: String::new().into() });
            let report = check(&region, &plan);
            assert!(!report.is_valid());
            for v in &report.violations {
                assert!(!v.to_string().is_empty());
            }
        }
    }
}
