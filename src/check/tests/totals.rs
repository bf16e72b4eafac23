//! The drive and distance a plan claims, recomputed.

use super::*;

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
