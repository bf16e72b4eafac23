//! The validator on a tiny hand-built region near Helsinki: one correct plan,
//! then one hand-broken copy per rule, each expected to yield exactly that
//! violation kind.
//!
//! Plans are timed here by a small scheduler of the test's own that prices legs
//! with `StraightLine::leg` directly, not through the matrix the validator builds.

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

#[test]
fn late_visit() {
    let region = region();
    // A1 closes at 12:00; leaving at 12:10 the rep can only start after it.
    let plan = plan_of(&region, vec![route(&region, "R2", 12 * H + 10 * M, &[Spec::Visit("A1")])]);
    let report = check(&region, &plan);
    assert_only(&report, ViolationKind::LateVisit);
    let (_, start_s, _) = visit_times(&plan, 0, 0);
    assert_eq!(
        report.violations[0].to_string(),
        format!(
            "rep R2 starts the visit to A1 at {} but A1 closes at 12:00:00 (open 08:00-12:00)",
            Hms(start_s)
        )
    );
    assert_eq!(report.violations[0].rep.as_deref(), Some("R2"));
    assert_eq!(report.violations[0].account.as_deref(), Some("A1"));
}

#[test]
fn visit_running_past_closing_is_late() {
    let region = region();
    // Starts before 12:00 but the 30-minute visit ends after it.
    let plan = plan_of(&region, vec![route(&region, "R2", 11 * H + 40 * M, &[Spec::Visit("A1")])]);
    let (_, start_s, end_s) = visit_times(&plan, 0, 0);
    assert!(start_s < 12 * H && end_s > 12 * H);
    assert_only(&check(&region, &plan), ViolationKind::LateVisit);
}

#[test]
fn too_short_service() {
    let region = region();
    let mut plan = valid_plan(&region);
    let (arrival, start, end) = visit_times(&plan, 0, 0);
    set_visit(&mut plan, 0, 0, arrival, start, end - 60);
    assert_only(&check(&region, &plan), ViolationKind::WrongServiceTime);
}

#[test]
fn visit_outside_window() {
    let region = region();
    let mut plan = valid_plan(&region);
    // A3 is closed between 11:00 and 13:00; start it at 12:00 instead of waiting.
    let (arrival, _, _) = visit_times(&plan, 0, 2);
    set_visit(&mut plan, 0, 2, arrival, 12 * H, 12 * H + 40 * M);
    let report = check(&region, &plan);
    assert_only(&report, ViolationKind::VisitOutsideWindow);
    assert!(report.violations[0].message.contains("only opens at 13:00:00"), "{}", report.violations[0]);
}

#[test]
fn visit_outside_the_shift_when_the_account_has_no_windows() {
    let region = region();
    // A2 has no windows, so R2's shift (from 08:00) bounds the visit; leaving at
    // 07:40 puts A2 before 08:00 but A4 after it.
    let plan =
        plan_of(&region, vec![route(&region, "R2", 7 * H + 40 * M, &[Spec::Visit("A2"), Spec::Visit("A4")])]);
    let report = check(&region, &plan);
    let kinds: Vec<_> = report.violations.iter().map(|v| v.kind).collect();
    assert_eq!(kinds, vec![ViolationKind::DepartBeforeShift, ViolationKind::VisitOutsideWindow]);
    let message = &report.violations[1].message;
    assert!(message.contains("rep R2's shift only starts at 08:00:00 (shift 08:00-17:00)"), "{message}");
}

#[test]
fn missing_break() {
    let region = region();
    let plan = plan_of(
        &region,
        vec![
            // Leaving at 10:00, A3 no longer fits its morning window and waits for 13:00.
            route(&region, "R1", 10 * H, &[Spec::Visit("A1"), Spec::Visit("A3")]),
            route(&region, "R2", 8 * H, &[Spec::Visit("A2"), Spec::Visit("A4")]),
        ],
    );
    assert!(plan.routes[0].return_s > 13 * H);
    assert_only(&check(&region, &plan), ViolationKind::MissingBreak);
}

#[test]
fn no_break_needed_when_back_before_the_break_window_closes() {
    let region = region();
    let plan = plan_of(&region, vec![route(&region, "R1", 8 * H, &[Spec::Visit("A1")])]);
    assert!(plan.routes[0].return_s <= 13 * H);
    let report = check(&region, &plan);
    assert!(report.is_valid(), "{:#?}", report.violations);
}

#[test]
fn break_outside_window() {
    let region = region();
    let mut plan = valid_plan(&region);
    set_break(&mut plan, 0, 1, 10 * H, 10 * H + 30 * M);
    assert_only(&check(&region, &plan), ViolationKind::BreakOutsideWindow);
}

#[test]
fn break_overlapping_a_visit() {
    let region = region();
    let mut plan = valid_plan(&region);
    // The rep reaches A3 before 12:00, so a break until 12:00 overlaps the drive and arrival.
    set_break(&mut plan, 0, 1, 11 * H + 30 * M, 12 * H);
    assert_only(&check(&region, &plan), ViolationKind::Overlap);
}

#[test]
fn break_starting_before_the_previous_visit_ends_overlaps() {
    let region = region();
    // Lunch window opens at 11:00; make A1's visit run until 11:20 by leaving late.
    let mut plan = plan_of(
        &region,
        vec![route(&region, "R1", 10 * H + 40 * M, &[Spec::Visit("A1"), Spec::Break, Spec::Visit("A3")])],
    );
    let (_, _, a1_end) = visit_times(&plan, 0, 0);
    assert!(a1_end > 11 * H + 5 * M);
    let Stop::Break { end_s, .. } = plan.routes[0].stops[1] else { unreachable!() };
    set_break(&mut plan, 0, 1, 11 * H, end_s);
    // The break still lasts long enough; only the overlap is wrong.
    assert_only(&check(&region, &plan), ViolationKind::Overlap);
}

#[test]
fn arrival_earlier_than_driving_allows() {
    let region = region();
    let mut plan = valid_plan(&region);
    let (_, start, end) = visit_times(&plan, 0, 2);
    set_visit(&mut plan, 0, 2, 11 * H + 30 * M + 1, start, end);
    let report = check(&region, &plan);
    assert_only(&report, ViolationKind::ArrivalTooEarly);
    assert!(report.violations[0].message.contains("of driving from A1"), "{}", report.violations[0]);
}

#[test]
fn return_after_shift() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.routes[1].return_s = 17 * H + 1;
    assert_only(&check(&region, &plan), ViolationKind::ReturnAfterShift);
}

/// A return past the close passes with exactly that overtime declared, by a
/// rep who resumed and went straight home; any other overtime is refused.
#[test]
fn overtime_only_as_declared_and_when_held_up() {
    let region = region();
    let mut plan = valid_plan(&region);
    // Held up 20 min past the close at the last stop, then straight home.
    let route = &mut plan.routes[1];
    let last_end_s = match route.stops.last() {
        Some(Stop::Visit { end_s, .. } | Stop::Break { end_s, .. }) => *end_s,
        None => panic!("the fixture's R2 visits"),
    };
    let held_s = 17 * H + 20 * M - route.return_s;
    let after_stops = route.stops.len();
    route.resumes = vec![Resume { after_stops, at_s: last_end_s + held_s, place: None }];
    route.return_s += held_s;
    let past_close_s = 20 * M;
    assert_only(&check(&region, &plan), ViolationKind::ReturnAfterShift);

    plan.routes[1].overtime_s = past_close_s;
    let report = check(&region, &plan);
    assert!(report.violations.is_empty(), "{:?}", report.violations);

    let mut too_much = plan.clone();
    too_much.routes[1].overtime_s += 60;
    assert_only(&check(&region, &too_much), ViolationKind::OvertimeNotNeeded);
    let mut too_little = plan.clone();
    too_little.routes[1].overtime_s -= 60;
    let report = check(&region, &too_little);
    assert!(report.violations.iter().any(|v| v.kind == ViolationKind::ReturnAfterShift), "{report:?}");

    let mut not_held_up = plan.clone();
    not_held_up.routes[1].resumes.clear();
    let report = check(&region, &not_held_up);
    assert_only(&report, ViolationKind::OvertimeNotNeeded);
    assert!(report.violations[0].message.contains("was not held up"), "{}", report.violations[0]);
}

#[test]
fn return_earlier_than_the_drive_home_allows() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.routes[1].return_s -= 1;
    assert_only(&check(&region, &plan), ViolationKind::ReturnTooEarly);
}

#[test]
fn depart_before_shift() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.routes[1].depart_s = 7 * H;
    assert_only(&check(&region, &plan), ViolationKind::DepartBeforeShift);
}

#[test]
fn start_before_arrival() {
    let region = region();
    let mut plan = valid_plan(&region);
    let (arrival, start, end) = visit_times(&plan, 0, 2);
    set_visit(&mut plan, 0, 2, start + 1, start, end);
    assert!(arrival < start);
    assert_only(&check(&region, &plan), ViolationKind::StartBeforeArrival);
}

#[test]
fn unknown_account() {
    let region = region();
    let mut plan = valid_plan(&region);
    let (_, _, a3_end) = visit_times(&plan, 0, 2);
    plan.routes[0].stops.push(Stop::Visit {
        account: "A99".into(),
        arrival_s: a3_end,
        start_s: a3_end,
        end_s: a3_end,
    });
    let report = check(&region, &plan);
    assert_only(&report, ViolationKind::UnknownAccount);
    // Legs to and from an unknown place cannot be priced.
    assert_eq!(report.routes[0].drive_s, None);
    assert_eq!(report.routes[0].visits, 3);
}

#[test]
fn unknown_rep() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.routes[1].rep = "R9".into();
    let report = check(&region, &plan);
    // A4 belongs to R2's territory, so R9 visiting it is also reported.
    let kinds: Vec<_> = report.violations.iter().map(|v| v.kind).collect();
    assert_eq!(kinds, vec![ViolationKind::UnknownRep, ViolationKind::WrongTerritory]);
}

#[test]
fn duplicate_route() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.routes.push(route(&region, "R2", 8 * H, &[]));
    assert_only(&check(&region, &plan), ViolationKind::DuplicateRoute);
}

#[test]
fn duplicate_visit() {
    let region = region();
    let plan = plan_of(
        &region,
        vec![
            route(
                &region,
                "R1",
                8 * H,
                &[Spec::Visit("A1"), Spec::Break, Spec::Visit("A3"), Spec::Visit("A2")],
            ),
            route(&region, "R2", 8 * H, &[Spec::Visit("A2"), Spec::Visit("A4")]),
        ],
    );
    let report = check(&region, &plan);
    assert_only(&report, ViolationKind::DuplicateVisit);
    assert_eq!(report.violations.len(), 1);
}

#[test]
fn closed_weekday() {
    let region = region();
    let mut routes = valid_routes(&region);
    routes[0] =
        route(&region, "R1", 8 * H, &[Spec::Visit("A1"), Spec::Break, Spec::Visit("A3"), Spec::Visit("A5")]);
    let report = check(&region, &plan_of(&region, routes));
    assert_only(&report, ViolationKind::ClosedOnWeekday);
    assert!(report.violations[0].message.contains("Tue 2026-11-24"), "{}", report.violations[0]);
}

#[test]
fn visits_on_a_holiday() {
    let mut region = region();
    region.holidays.insert(date(), "Company day");
    let report = check(&region, &valid_plan(&region));
    assert_only(&report, ViolationKind::VisitOnHoliday);
    assert_eq!(report.violations.len(), 4, "one per visit: {:#?}", report.violations);
    assert_eq!(report.violations[0].message, "rep R1 visits A1 but 2026-11-24 is a holiday (Company day)");
    // Nobody out, every due account explained: what `rounds plan` writes on a holiday.
    assert!(check(&region, &plan_of(&region, vec![])).is_valid());
}

/// Saturday 2026-11-28, for the weekday rules.
fn saturday() -> NaiveDate {
    "2026-11-28".parse().unwrap()
}

#[test]
fn visits_inside_that_weekdays_opening_hours() {
    let mut region = region();
    // A2 opens only 10:00-14:00 on Saturdays; A1 is closed then.
    region.accounts[1].hours = OpeningHours::parse("Mon-Fri 08:00-17:00; Sat 10:00-14:00").unwrap();
    region.accounts[0].hours = OpeningHours::parse("Mon-Fri 08:00-12:00").unwrap();
    for account in &mut region.accounts {
        account.last_visit = Some(saturday());
    }
    // Timed by the Saturday hours: valid.
    let plan =
        plan_on(&region, saturday(), vec![route_on(&region, saturday(), "R2", 8 * H, &[Spec::Visit("A2")])]);
    assert_eq!(visit_times(&plan, 0, 0).1, 10 * H);
    assert!(check(&region, &plan).is_valid(), "{:#?}", check(&region, &plan).violations);
    // Timed as on a weekday, at 08:xx: before the Saturday opening.
    let weekday = route(&region, "R2", 8 * H, &[Spec::Visit("A2")]);
    let report = check(&region, &plan_on(&region, saturday(), vec![weekday]));
    assert_only(&report, ViolationKind::VisitOutsideWindow);
    assert!(
        report.violations[0].message.contains("only opens at 10:00:00 (open 10:00-14:00)"),
        "{}",
        report.violations[0]
    );
    // A weekday its hours do not name is a closed day.
    let closed = route_on(&region, saturday(), "R1", 8 * H, &[Spec::Visit("A1")]);
    let report = check(&region, &plan_on(&region, saturday(), vec![closed]));
    assert_only(&report, ViolationKind::ClosedOnWeekday);
    assert!(
        report.violations[0].message.contains("a weekday it is closed (open Mon-Fri 08:00-12:00)"),
        "{}",
        report.violations[0]
    );
}

#[test]
fn a_rep_works_only_inside_that_weekdays_shift() {
    let mut region = region();
    region.reps[1].shift = Shift::parse("Mon-Thu 08:00-17:00; Fri 08:00-12:00").unwrap();
    let friday: NaiveDate = "2026-11-27".parse().unwrap();
    // Back from A2 and A4 well before noon on the short Friday: valid.
    let morning = route_on(&region, friday, "R2", 8 * H, &[Spec::Visit("A2"), Spec::Visit("A4")]);
    let report = check(&region, &plan_on(&region, friday, vec![morning]));
    assert!(report.is_valid(), "{:#?}", report.violations);
    // Out until after noon on Friday: past the day's shift.
    let late = route_on(&region, friday, "R2", 11 * H + 30 * M, &[Spec::Visit("A2"), Spec::Visit("A4")]);
    let report = check(&region, &plan_on(&region, friday, vec![late]));
    let kinds: Vec<ViolationKind> = report.violations.iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        [ViolationKind::LateVisit, ViolationKind::ReturnAfterShift],
        "{:#?}",
        report.violations
    );
    assert!(report.violations[0]
        .message
        .ends_with("but rep R2's shift ends at 12:00:00 (shift 08:00-12:00)"));
    assert!(
        report.violations[1].message.contains("but the shift ends at 12:00:00"),
        "{}",
        report.violations[1]
    );
    // Leaving before Friday's start is early too.
    region.reps[1].shift = Shift::parse("Mon-Thu 08:00-17:00; Fri 09:00-12:00").unwrap();
    let early = route_on(&region, friday, "R2", 8 * H, &[Spec::Visit("A1")]);
    assert_only(&check(&region, &plan_on(&region, friday, vec![early])), ViolationKind::DepartBeforeShift);
    // Saturday is not a working day of the shift at all.
    let report = check(
        &region,
        &plan_on(&region, saturday(), vec![route_on(&region, saturday(), "R2", 9 * H, &[Spec::Visit("A2")])]),
    );
    assert_only(&report, ViolationKind::OffShift);
    assert_eq!(
        report.violations[0].message,
        "rep R2 is sent out on Sat 2026-11-28, a day off in their shift (Mon-Thu 08:00-17:00; Fri 09:00-12:00)"
    );
}

#[test]
fn no_visit_on_a_closure_day() {
    let mut region = region();
    region.closures.list.push(Closure {
        account: "A2".into(),
        from: date(),
        to: "2026-12-04".parse().unwrap(),
        note: "renovation".into(),
    });
    let report = check(&region, &valid_plan(&region));
    assert_only(&report, ViolationKind::VisitOnClosure);
    assert_eq!(
        report.violations[0].message,
        "rep R2 visits A2 on 2026-11-24 but A2 is closed 2026-11-24 to 2026-12-04: renovation"
    );
    // Listed as not covered instead, with the closure as the reason: valid.
    let routes = vec![
        route(&region, "R1", 8 * H, &[Spec::Visit("A1"), Spec::Break, Spec::Visit("A3")]),
        route(&region, "R2", 8 * H, &[Spec::Visit("A4")]),
    ];
    assert!(check(&region, &plan_of(&region, routes)).is_valid());
}

fn absence(rep: &str, part: Option<TimeWindow>) -> crate::model::Absence {
    crate::model::Absence { rep: rep.into(), from: date(), to: date(), part, note: "training".into() }
}

#[test]
fn visits_by_an_absent_rep() {
    let mut region = region();
    region.absences.list.push(absence("R2", None));
    let report = check(&region, &valid_plan(&region));
    assert_only(&report, ViolationKind::AbsentRep);
    assert_eq!(report.violations.len(), 2, "one per visit: {:#?}", report.violations);
    assert_eq!(report.violations[0].message, "rep R2 visits A2 but R2 is absent on 2026-11-24 (training)");
}

#[test]
fn out_during_the_absent_part_of_a_day() {
    let mut region = region();
    region.absences.list.push(absence("R1", Some(TimeWindow::new(7 * H, 13 * H + 30 * M))));
    let report = check(&region, &valid_plan(&region));
    assert_only(&report, ViolationKind::AbsentRep);
    assert!(
        report.violations[0].message.starts_with("rep R1 is out from 08:00 to ")
            && report.violations[0].message.ends_with(
                "but works only 13:30-17:00 on 2026-11-24: R1 is absent 07:00-13:30 on 2026-11-24 (training)"
            ),
        "{}",
        report.violations[0]
    );
    // Out after the absence, with the break taken while absent: valid.
    let routes = vec![
        route(&region, "R1", 13 * H + 30 * M, &[Spec::Visit("A3")]),
        route(&region, "R2", 8 * H, &[Spec::Visit("A2"), Spec::Visit("A4")]),
    ];
    let plan = plan_of(&region, routes);
    let report = check(&region, &plan);
    assert!(report.is_valid(), "{:#?}", report.violations);
}

#[test]
fn wrong_territory() {
    let region = region();
    let plan = plan_of(
        &region,
        vec![
            route(&region, "R1", 8 * H, &[Spec::Visit("A1"), Spec::Break, Spec::Visit("A4")]),
            route(&region, "R2", 8 * H, &[Spec::Visit("A2")]),
        ],
    );
    assert_only(&check(&region, &plan), ViolationKind::WrongTerritory);
}

#[test]
fn max_visits_exceeded() {
    let region = region();
    let plan = plan_of(
        &region,
        vec![
            route(&region, "R1", 8 * H, &[Spec::Visit("A1")]),
            route(&region, "R2", 8 * H, &[Spec::Visit("A2"), Spec::Visit("A4"), Spec::Visit("A3")]),
        ],
    );
    assert_only(&check(&region, &plan), ViolationKind::TooManyVisits);
}

#[test]
fn wrong_claimed_drive_total() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.routes[0].drive_s += 1;
    assert_only(&check(&region, &plan), ViolationKind::WrongDriveTotal);
}

#[test]
fn wrong_claimed_distance_total() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.routes[1].distance_m -= 1;
    assert_only(&check(&region, &plan), ViolationKind::WrongDistanceTotal);
}

#[test]
fn due_account_missing() {
    let region = region();
    let mut routes = valid_routes(&region);
    routes[1] = route(&region, "R2", 8 * H, &[Spec::Visit("A4")]);
    let plan = Plan {
        date: date(),
        routes,
        unassigned: vec![],
        unavailable: vec![],
        added: vec![],
        changes: vec![],
    };
    let report = check(&region, &plan);
    assert_only(&report, ViolationKind::DueNotCovered);
    assert_eq!(report.violations[0].message, "due account A2 is neither visited nor listed as unassigned");
}

#[test]
fn unassigned_without_reason() {
    let region = region();
    let mut routes = valid_routes(&region);
    routes[1] = route(&region, "R2", 8 * H, &[Spec::Visit("A4")]);
    let unassigned = vec![Unassigned { account: "A2".into(), reason: "  ".into() }];
    let plan = Plan { date: date(), routes, unassigned, unavailable: vec![], added: vec![], changes: vec![] };
    let report = check(&region, &plan);
    assert_only(&report, ViolationKind::UnassignedWithoutReason);
    assert_eq!(report.violations.len(), 1, "not also reported as uncovered");
}

#[test]
fn unassigned_but_visited() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.unassigned.push(Unassigned { account: "A1".into(), reason: "no time".into() });
    assert_only(&check(&region, &plan), ViolationKind::UnassignedButVisited);
}

#[test]
fn unassigned_unknown_account() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.unassigned.push(Unassigned { account: "A99".into(), reason: "no time".into() });
    assert_only(&check(&region, &plan), ViolationKind::UnknownAccount);
}

#[test]
fn early_visit_to_an_account_not_yet_due_is_allowed() {
    let region = region();
    // A3 (not due) is in the valid plan; dropping it is also fine.
    let mut routes = valid_routes(&region);
    routes[0] = route(&region, "R1", 8 * H, &[Spec::Visit("A1")]);
    let report = check(&region, &plan_of(&region, routes));
    assert!(report.is_valid(), "{:#?}", report.violations);
}

#[test]
fn break_too_short() {
    let region = region();
    let mut plan = valid_plan(&region);
    set_break(&mut plan, 0, 1, 11 * H, 11 * H + 29 * M);
    assert_only(&check(&region, &plan), ViolationKind::BreakTooShort);
}

#[test]
fn second_break() {
    let region = region();
    let mut plan = valid_plan(&region);
    let instant = 11 * H + 30 * M;
    plan.routes[0].stops.insert(2, Stop::Break { start_s: instant, end_s: instant });
    let kinds: Vec<_> = check(&region, &plan).violations.iter().map(|v| v.kind).collect();
    assert_eq!(kinds, vec![ViolationKind::ExtraBreak, ViolationKind::BreakTooShort]);
}

#[test]
fn break_for_a_rep_without_a_break_rule() {
    let region = region();
    let mut plan = valid_plan(&region);
    let (_, _, a2_end) = visit_times(&plan, 1, 0);
    plan.routes[1].stops.insert(1, Stop::Break { start_s: a2_end, end_s: a2_end });
    assert_only(&check(&region, &plan), ViolationKind::BreakWithoutRule);
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

#[test]
fn spans_print_only_their_nonzero_parts() {
    assert_eq!(Span(0).to_string(), "0 s");
    assert_eq!(Span(40).to_string(), "40 s");
    assert_eq!(Span(30 * M).to_string(), "30 min");
    assert_eq!(Span(5 * M + 12).to_string(), "5 min 12 s");
    assert_eq!(Span(H + 5 * M).to_string(), "1 h 5 min");
    assert_eq!(Span(-65).to_string(), "-1 min 5 s");
    assert!(!Span(Seconds::MIN).to_string().is_empty());
}

#[test]
fn fit_tells_early_from_late() {
    let windows = [TimeWindow::new(13 * H, 16 * H), TimeWindow::new(9 * H, 11 * H)];
    let (morning, afternoon) = (windows[1], windows[0]);
    assert_eq!(fit(&windows, 9 * H, 10 * H), Fit::Inside);
    assert_eq!(fit(&windows, 13 * H, 16 * H), Fit::Inside);
    // Before the first window, or in the gap: the rep should have waited.
    assert_eq!(fit(&windows, 8 * H, 9 * H), Fit::Early { window: morning });
    assert_eq!(fit(&windows, 12 * H, 13 * H), Fit::Early { window: afternoon });
    // Runs past the close of the window it started in.
    assert_eq!(fit(&windows, 10 * H + 50 * M, 11 * H + 10 * M), Fit::Late { window: morning });
    // After the last window closed.
    assert_eq!(fit(&windows, 16 * H + M, 17 * H), Fit::Late { window: afternoon });
    assert_eq!(fit(&[], 0, 1), Fit::Inside);
}

/// R2's plan (A2, A4) as a re-plan leaves it when A2 ran `late_s` over: the
/// day resumes after A2, at `place` if given, and A4 and the return move on.
fn resumed_after_a2(region: &Region, late_s: Seconds, place: Option<LatLon>) -> Plan {
    let mut plan = valid_plan(region);
    let model = StraightLine::default();
    let leg = |from: LatLon, to: LatLon| {
        let (m, s) = model.leg(from, to);
        (Seconds::from(s), i64::from(m))
    };
    let (a2, a4) = (region.accounts[1].location, region.accounts[3].location);
    let (_, _, a2_end) = visit_times(&plan, 1, 0);
    let resume_s = a2_end + late_s;
    let from = place.unwrap_or(a2);
    let (to_a4_s, _) = leg(from, a4);
    let arrival = resume_s + to_a4_s;
    set_visit(&mut plan, 1, 1, arrival, arrival, arrival + 15 * M);
    let route = &mut plan.routes[1];
    let (home_s, _) = leg(a4, region.reps[1].end);
    route.return_s = arrival + 15 * M + home_s;
    if let Some(place) = place {
        let legs =
            [leg(region.reps[1].start, a2), leg(a2, place), leg(place, a4), leg(a4, region.reps[1].end)];
        route.drive_s = legs.iter().map(|l| l.0).sum();
        route.distance_m = legs.iter().map(|l| l.1).sum();
    }
    route.resumes = vec![Resume { after_stops: 1, at_s: resume_s, place }];
    plan
}

#[test]
fn a_route_resumed_after_an_overrun_is_timed_from_the_resume() {
    let region = region();
    let plan = resumed_after_a2(&region, 40 * M, None);
    let report = check(&region, &plan);
    assert!(report.is_valid(), "{:#?}", report.violations);

    // The next visit kept its old time: the rep cannot be there before the resume.
    let mut early = plan.clone();
    let valid = valid_plan(&region);
    early.routes[1].stops[1] = valid.routes[1].stops[1].clone();
    let report = check(&region, &early);
    assert_only(&report, ViolationKind::Overlap);
    assert!(report.violations[0].message.contains("the rep only resumes at"), "{:?}", report.violations);

    // A resume before the previous visit ends.
    let mut backwards = plan;
    backwards.routes[1].resumes[0].at_s = 8 * H;
    let report = check(&region, &backwards);
    assert!(report.violations.iter().any(|v| v.kind == ViolationKind::Overlap
        && v.message.starts_with("rep R2 resumes at 08:00:00 but the visit to A2 only ends at")));
}

#[test]
fn a_route_resumed_at_a_position_drives_on_from_there() {
    let region = region();
    let plan = resumed_after_a2(&region, 20 * M, Some(at(60.180, 24.990)));
    let report = check(&region, &plan);
    assert!(report.is_valid(), "{:#?}", report.violations);
    assert_eq!(report.routes[1].drive_s, Some(plan.routes[1].drive_s));

    // Timed from A2 instead of the position, A4 is reached too early.
    let from_a2 = resumed_after_a2(&region, 20 * M, None);
    let mut wrong = plan;
    wrong.routes[1].stops[1] = from_a2.routes[1].stops[1].clone();
    let report = check(&region, &wrong);
    assert!(report.violations.iter().any(|v| v.kind == ViolationKind::ArrivalTooEarly
        && v.message.contains("of driving from 60.18000,24.99000")));
}

#[test]
fn resume_out_of_range() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.routes[1].resumes = vec![Resume { after_stops: 3, at_s: 16 * H, place: None }];
    assert_only(&check(&region, &plan), ViolationKind::ResumeOutOfRange);
}

#[test]
fn accounts_added_for_the_day_are_checked_like_the_regions() {
    let region = region();
    let mut plan = valid_plan(&region);
    plan.added = vec![account("U1", at(60.18, 24.95), 20 * M, vec![])];
    // Never visited, so due: it must be visited or explained.
    assert_only(&check(&region, &plan), ViolationKind::DueNotCovered);
    plan.unassigned.push(Unassigned { account: "U1".into(), reason: "no room".into() });
    assert!(check(&region, &plan).is_valid());

    plan.added.push(account("A2", at(60.18, 24.95), 20 * M, vec![]));
    plan.added.push(account("U1", at(60.18, 24.95), 20 * M, vec![]));
    let report = check(&region, &plan);
    assert_only(&report, ViolationKind::AddedAccountExists);
    assert_eq!(report.violations.len(), 2);
    assert!(report.violations[0].message.contains("which the region already has"));
    assert!(report.violations[1].message.contains("which the plan already adds"));
}

fn appointment(
    account: &str,
    date: NaiveDate,
    start_s: Seconds,
    rep: Option<&str>,
    duration_s: Seconds,
) -> Appointment {
    Appointment {
        account: account.into(),
        date,
        time: AppointmentTime::At(start_s),
        rep: rep.map(Into::into),
        duration_s,
        note: String::new(),
    }
}

#[test]
fn an_appointment_is_kept_at_its_time_by_its_rep_for_its_length() {
    let mut region = region();
    // The valid plan has R1 start A3 at 13:00 for 40 minutes.
    region.appointments.list.push(appointment("A3", date(), 13 * H, Some("R1"), 40 * M));
    assert!(check(&region, &valid_plan(&region)).is_valid());
    for wrong in [
        appointment("A3", date(), 13 * H + 30 * M, Some("R1"), 40 * M),
        appointment("A3", date(), 13 * H, Some("R2"), 40 * M),
        appointment("A3", date(), 13 * H, Some("R1"), 30 * M),
    ] {
        region.appointments.list = vec![wrong];
        let report = check(&region, &valid_plan(&region));
        assert_only(&report, ViolationKind::AppointmentNotKept);
        assert_eq!(report.violations.len(), 1, "{:?}", report.violations);
    }
    let message = &check(&region, &valid_plan(&region)).violations[0].message;
    assert_eq!(
        message,
        "rep R1's visit to A3 lasts 40 min but the appointment 2026-11-24 at 13:00 with R1 lasts 30 min"
    );
}

#[test]
fn an_appointment_stands_in_for_hours_closed_days_and_holidays() {
    let mut region = region();
    // A5 is closed on Tuesdays and has no appointment: the plan leaves it out.
    region.appointments.list.push(appointment("A5", date(), 15 * H, None, 10 * M));
    assert_only(&check(&region, &valid_plan(&region)), ViolationKind::AppointmentNotCovered);
    let mut plan = valid_plan(&region);
    plan.unassigned.push(Unassigned { account: "A5".into(), reason: "the rep is ill".into() });
    assert!(check(&region, &plan).is_valid(), "listed with a reason");

    // Kept on a holiday, on the weekday it is closed: the other due accounts wait.
    region.holidays.insert(date(), "Company day");
    let mut kept = route(&region, "R2", 14 * H, &[Spec::Visit("A5")]);
    set_visit_of(&mut kept, 15 * H, 15 * H + 10 * M);
    let plan = plan_of(&region, vec![kept]);
    assert!(check(&region, &plan).is_valid(), "{:?}", check(&region, &plan).violations);
}

/// Moves the first visit of `route` to `start`-`end`, waiting there from its arrival.
fn set_visit_of(route: &mut RoutePlan, start: Seconds, end: Seconds) {
    if let Some(Stop::Visit { start_s, end_s, .. }) = route.stops.first_mut() {
        let shift = end - *end_s;
        (*start_s, *end_s) = (start, end);
        route.return_s += shift;
    }
}

#[test]
fn a_due_account_with_an_appointment_within_its_interval_need_not_be_covered() {
    let mut region = region();
    let mut plan = valid_plan(&region);
    // A1, due today, left out without a word.
    plan.routes[0] = route(&region, "R1", 8 * H, &[Spec::Break, Spec::Visit("A3")]);
    assert_only(&check(&region, &plan), ViolationKind::DueNotCovered);
    let thursday = date() + chrono::Days::new(2);
    region.appointments.list.push(appointment("A1", thursday, 9 * H, None, 30 * M));
    assert!(check(&region, &plan).is_valid(), "{:?}", check(&region, &plan).violations);
}
