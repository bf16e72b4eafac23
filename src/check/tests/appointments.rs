//! Appointments: kept at their time by their rep, standing in for hours, closed days, closures
//! and holidays and for coverage.

use super::*;

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
fn an_appointment_stands_in_for_hours_closed_days_closures_and_holidays() {
    let mut region = region();
    // A5 is closed on Tuesdays and has no appointment: the plan leaves it out.
    region.appointments.list.push(appointment("A5", date(), 15 * H, None, 10 * M));
    assert_only(&check(&region, &valid_plan(&region)), ViolationKind::AppointmentNotCovered);
    let mut plan = valid_plan(&region);
    plan.unassigned.push(Unassigned { account: "A5".into(), reason: "the rep is ill".into() });
    assert!(check(&region, &plan).is_valid(), "listed with a reason");

    // Kept on a holiday, on the weekday it is closed and during a closure (agreed
    // with the customer, so it stands): the other due accounts wait.
    region.holidays.insert(date(), "Company day");
    region.closures.list.push(Closure {
        account: "A5".into(),
        from: date(),
        to: date(),
        note: "inventory".into(),
    });
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
