//! Visits: inside the account's hours for that weekday, long enough, not before the rep can be there.

use super::*;

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
fn start_before_arrival() {
    let region = region();
    let mut plan = valid_plan(&region);
    let (arrival, start, end) = visit_times(&plan, 0, 2);
    set_visit(&mut plan, 0, 2, start + 1, start, end);
    assert!(arrival < start);
    assert_only(&check(&region, &plan), ViolationKind::StartBeforeArrival);
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
