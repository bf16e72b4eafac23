//! Per-route limits: the account's territory and the rep's most visits.

use super::*;

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
