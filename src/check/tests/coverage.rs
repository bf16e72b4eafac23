//! Coverage: every due account visited or listed with a reason, and nothing else listed.

use super::*;

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
