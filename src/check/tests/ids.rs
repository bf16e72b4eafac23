//! Who and what a plan names: known accounts and reps, one route per rep, one visit per account.

use super::*;

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
