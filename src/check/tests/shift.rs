//! The working day: out no earlier than the shift, home by its end (or with the overtime declared), on that weekday's shift.

use super::*;

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
