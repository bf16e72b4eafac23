//! Breaks: taken when the rule says, long enough, once, never over a visit.

use super::*;

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
