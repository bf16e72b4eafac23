//! 2-opt*: exchange the tails of two routes so that `u` and its neighbour
//! `v` become consecutive. O(1) when both vehicles end alike (same place,
//! shift end and break), since each new route is a cached prefix joined to a
//! cached suffix; otherwise the moved tail is walked.

use super::{arcs_alone, below, better, route_objective, routed_pair, Candidate, Move};
use crate::solver::problem::{Problem, Vehicle};
use crate::solver::route::{Route, BREAK};
use crate::solver::solution::Solution;

/// The better of the two tail exchanges that put `v` right after `u` or `u`
/// right after `v`, if feasible and below `limit`. Between two routes whose
/// objective is their arcs and that end at the same place, an exchange
/// that keeps both in use changes the objective by the two arcs it adds
/// less the two it takes away; one whose arcs do not bring it below
/// `limit` is not walked.
pub fn evaluate(problem: &Problem, solution: &Solution, u: usize, v: usize, limit: i64) -> Option<Candidate> {
    let (ra, pu, rb, pv) = routed_pair(solution, u, v)?;
    if ra == rb {
        return None;
    }
    let (a, b) = (&solution.routes[ra], &solution.routes[rb]);
    let by_arcs = arcs_alone(problem, a)
        && arcs_alone(problem, b)
        && problem.vehicles[a.vehicle].end_place == problem.vehicles[b.vehicle].end_place;
    let same_tail = problem.vehicles[a.vehicle].same_tail(&problem.vehicles[b.vehicle]);
    let mut best: Option<Candidate> = None;
    // u then v: A keeps ..=u and takes v.. ; v then u: B keeps ..=v and takes u..
    for (pos_a, pos_b) in [(pu, pv - 1), (pu - 1, pv)] {
        let below = below(best, limit);
        let both_used = pos_a + (b.len() - pos_b) > 0 && pos_b + (a.len() - pos_a) > 0;
        if by_arcs && both_used && exchanged_arcs(problem, a, pos_a, b, pos_b) >= below {
            continue;
        }
        if !same_tail && tails_cannot_beat(problem, (a, pos_a), (b, pos_b), below) {
            continue;
        }
        let delta = swap_tails_delta(problem, a, pos_a, b, pos_b);
        best = better(best, delta, Move::SwapTails { a: ra, pos_a, b: rb, pos_b });
    }
    best.filter(|c| c.delta < limit)
}

/// What exchanging the tails after `pos_a` and `pos_b` changes in the two
/// routes' arc cost, if both end at the same place.
fn exchanged_arcs(problem: &Problem, a: &Route, pos_a: usize, b: &Route, pos_b: usize) -> i64 {
    let arc = |route: &Route, pos: usize| route.cost_to(pos + 1) - route.cost_to(pos);
    problem.cost(a.place(pos_a), b.place(pos_b + 1)) + problem.cost(b.place(pos_b), a.place(pos_a + 1))
        - arc(a, pos_a)
        - arc(b, pos_b)
}

/// Whether exchanging the tails after `pos_a` and `pos_b` certainly changes
/// the objective by `below` or more, or is infeasible, by each new route's
/// bound ([`joined_cost_at_least`]). Between reps with different homes each
/// moved tail is walked; on a sales day most exchanges lose by their arcs and
/// working days alone. A route costs no less than nothing, so where `a`'s
/// new route alone settles it, `b`'s is not bounded.
fn tails_cannot_beat(
    problem: &Problem,
    (a, pos_a): (&Route, usize),
    (b, pos_b): (&Route, usize),
    below: i64,
) -> bool {
    let Some(new_a) = joined_cost_at_least(problem, (a, pos_a), (b, pos_b)) else { return true };
    let gain = new_a - route_objective(problem, a) - route_objective(problem, b);
    if gain >= below {
        return true;
    }
    joined_cost_at_least(problem, (b, pos_b), (a, pos_a)).is_none_or(|new_b| gain + new_b >= below)
}

/// At least [`joined_cost`], or `None` where it is certainly `None`.
fn joined_cost_at_least(
    problem: &Problem,
    (head, pos_head): (&Route, usize),
    (tail, pos_tail): (&Route, usize),
) -> Option<i64> {
    match joined(problem, head, pos_head, tail, pos_tail) {
        Joined::Empty => Some(0),
        Joined::Refused => None,
        Joined::Driven(vehicle) => Some(
            tail.join_at_least(problem, vehicle, head.cursor(pos_head), pos_tail + 1)? + vehicle.fixed_cost,
        ),
    }
}

/// The route `head`'s vehicle drives through `head` up to `pos_head`,
/// then `tail` after `pos_tail`, before it is priced.
enum Joined<'a> {
    /// It holds no visit, and costs nothing.
    Empty,
    /// Its breaks are not the one its vehicle takes.
    Refused,
    /// It is to be driven by this vehicle.
    Driven(&'a Vehicle),
}

fn joined<'a>(
    problem: &'a Problem,
    head: &Route,
    pos_head: usize,
    tail: &Route,
    pos_tail: usize,
) -> Joined<'a> {
    let vehicle = &problem.vehicles[head.vehicle];
    let head_break = head.break_pos().is_some_and(|p| p <= pos_head);
    let tail_break = tail.break_pos().is_some_and(|p| p > pos_tail);
    let head_visits = pos_head - usize::from(head_break);
    let tail_visits = (tail.len() - pos_tail) - usize::from(tail_break);
    if head_visits + tail_visits == 0 {
        Joined::Empty
    } else if usize::from(head_break) + usize::from(tail_break) != usize::from(vehicle.break_spec.is_some()) {
        Joined::Refused
    } else {
        Joined::Driven(vehicle)
    }
}

/// Cost change of giving `a` the tail of `b` after `pos_b` and `b` the tail of `a` after `pos_a`.
pub fn swap_tails_delta(problem: &Problem, a: &Route, pos_a: usize, b: &Route, pos_b: usize) -> Option<i64> {
    let new_a = joined_cost(problem, a, pos_a, b, pos_b)?;
    let new_b = joined_cost(problem, b, pos_b, a, pos_a)?;
    Some(new_a + new_b - route_objective(problem, a) - route_objective(problem, b))
}

/// Objective of `head`'s vehicle driving `head` up to `pos_head`, then `tail` after `pos_tail`.
fn joined_cost(
    problem: &Problem,
    head: &Route,
    pos_head: usize,
    tail: &Route,
    pos_tail: usize,
) -> Option<i64> {
    let vehicle = match joined(problem, head, pos_head, tail, pos_tail) {
        Joined::Empty => return Some(0),
        Joined::Refused => return None,
        Joined::Driven(vehicle) => vehicle,
    };
    let tail_stops = &tail.stops()[pos_tail..];
    if problem.has_restrictions()
        && tail_stops.iter().any(|&n| n != BREAK && !problem.allowed(n as usize, head.vehicle))
    {
        return None;
    }
    let cursor = head.cursor(pos_head);
    let cost = if vehicle.same_tail(&problem.vehicles[tail.vehicle]) {
        tail.join_at(problem, vehicle, cursor, pos_tail + 1)?
    } else {
        let mut cursor = cursor;
        for &node in tail_stops {
            if !cursor.advance(problem, vehicle, node) {
                return None;
            }
        }
        cursor.finish(problem, vehicle)?
    };
    Some(cost + vehicle.fixed_cost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{
        apply_checked, problem, recomputed_cost, rest, solution, stops, task, vehicle,
    };
    use crate::solver::{Problem, Vehicle};

    /// Depot at (0, 0) of a street grid; tasks 0 and 1 north of it at (0, 10)
    /// and (0, 20), tasks 2 and 3 east of it at (10, 0) and (20, 0). Route 0
    /// is 0, 3 and route 1 is 2, 1: each turns from one arm to the other (60
    /// each). Visits take 10 s, task 2's `service_2`; task 3 starts by `close_3`.
    fn crossed(service_2: i64, close_3: i64) -> Problem {
        let drive_s = [
            [0, 10, 20, 10, 20],
            [10, 0, 10, 20, 30],
            [20, 10, 0, 30, 40],
            [10, 20, 30, 0, 10],
            [20, 30, 40, 10, 0],
        ];
        let tasks = vec![
            task(1, 10, (0, 1000)),
            task(2, 10, (0, 1000)),
            task(3, service_2, (0, 1000)),
            task(4, 10, (0, close_3)),
        ];
        problem(drive_s, tasks, vec![vehicle((0, 1000)), vehicle((0, 1000))])
    }

    /// Putting 1 right after 0 exchanges the tails after the first stops:
    /// 0, 1 and 2, 3 (40 each). Putting 0 right after 1 instead would leave
    /// route 0 empty and route 1 as 2, 1, 0, 3 (100): -20 only. The vehicles
    /// end alike, so each tail is joined from its route's cache.
    #[test]
    fn exchanges_route_tails() {
        let problem = crossed(10, 1000);
        assert!(problem.vehicles[0].same_tail(&problem.vehicles[1]));
        let solution = solution(&problem, &[&[0, 3], &[2, 1]]);
        let found = evaluate(&problem, &solution, 0, 1, i64::MAX).unwrap();
        assert_eq!(found.mv, Move::SwapTails { a: 0, pos_a: 1, b: 1, pos_b: 1 });
        assert_eq!(found.delta, -40);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1], vec![2, 3]]);

        let emptying = swap_tails_delta(&problem, &solution.routes[0], 0, &solution.routes[1], 2);
        assert_eq!(emptying, Some(-20));
        let mv = Move::SwapTails { a: 0, pos_a: 0, b: 1, pos_b: 2 };
        let moved = apply_checked(&problem, &solution, Candidate { mv, delta: -20 });
        assert_eq!(stops(&moved), [vec![], vec![2, 1, 0, 3]]);
    }

    /// Task 2 now takes 40 s and task 3 must start by 55: it starts at 50 in
    /// route 0, but after task 2 it would start at 60 (and after 2, 1, 0 at 130).
    #[test]
    fn refuses_tails_that_make_a_visit_late() {
        let problem = crossed(40, 55);
        let solution = solution(&problem, &[&[0, 3], &[2, 1]]);
        assert_eq!(evaluate(&problem, &solution, 0, 1, i64::MAX), None);
        assert_eq!(recomputed_cost(&problem, 1, &[2, 3]), None);
        assert_eq!(recomputed_cost(&problem, 1, &[2, 1, 0, 3]), None);
    }

    /// Rep 0 lives at the depot (0, 0), rep 1 at place 5 (30, 0); both rest
    /// 15 s starting between 50 and 65. Tasks 0-3 are at (0, 10), (10, 10),
    /// (20, 10), (30, 20), visits take 10 s. Route 0 is 0, break, 3 (cost
    /// 100) and route 1 is 2, 1, break (cost 60). The reps end at different
    /// homes, so the moved tails are walked rather than joined. Exchanging
    /// the tails after the first stops gives 0, 1, break (40) and 2, break, 3
    /// (60), each with one break; the other exchange would make rep 1 rest
    /// at 70, too late.
    #[test]
    fn exchanges_tails_between_reps_with_different_homes_and_breaks() {
        let drive_s = [
            [0, 10, 20, 30, 50, 30],
            [10, 0, 10, 20, 40, 40],
            [20, 10, 0, 10, 30, 30],
            [30, 20, 10, 0, 20, 20],
            [50, 40, 30, 20, 0, 20],
            [30, 40, 30, 20, 20, 0],
        ];
        let tasks = (1..=4).map(|place| task(place, 10, (0, 1000))).collect();
        let rep_0 = Vehicle { break_spec: rest((50, 65), 15), ..vehicle((0, 300)) };
        let rep_1 = Vehicle { start_place: 5, end_place: 5, ..rep_0.clone() };
        let problem = problem(drive_s, tasks, vec![rep_0, rep_1]);
        let solution = solution(&problem, &[&[0, BREAK, 3], &[2, 1, BREAK]]);
        assert!(!problem.vehicles[0].same_tail(&problem.vehicles[1]));
        let found = evaluate(&problem, &solution, 0, 1, i64::MAX).unwrap();
        assert_eq!(found.mv, Move::SwapTails { a: 0, pos_a: 1, b: 1, pos_b: 1 });
        assert_eq!(found.delta, 40 + 60 - 160);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1, BREAK], vec![2, BREAK, 3]]);
        assert_eq!(swap_tails_delta(&problem, &solution.routes[0], 0, &solution.routes[1], 2), None);
        assert_eq!(recomputed_cost(&problem, 1, &[2, 1, 0, BREAK, 3]), None);
    }
}
