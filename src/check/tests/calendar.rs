//! The calendar: closed weekdays, holidays, closures and reps' absences.

use super::*;

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
