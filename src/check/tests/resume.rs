//! A re-planned day: routes resumed after an overrun or from a position, and accounts added for the day.

use super::*;

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
