//! 2-opt*: exchange the tails of two routes so that `u` and its neighbour
//! `v` become consecutive. O(1) when both vehicles end alike (same place,
//! shift end and break), since each new route is a cached prefix joined to a
//! cached suffix; otherwise the moved tail is walked.

use super::{better, route_objective, routed_pair, Candidate, Move};
use crate::solver::problem::Problem;
use crate::solver::route::{Route, BREAK};
use crate::solver::solution::Solution;

/// The better of the two tail exchanges that put `v` right after `u` or `u` right after `v`.
pub fn evaluate(problem: &Problem, solution: &Solution, u: usize, v: usize) -> Option<Candidate> {
    let (ra, pu, rb, pv) = routed_pair(solution, u, v)?;
    if ra == rb {
        return None;
    }
    let mut best = None;
    // u then v: A keeps ..=u and takes v.. ; v then u: B keeps ..=v and takes u..
    for (pos_a, pos_b) in [(pu, pv - 1), (pu - 1, pv)] {
        let delta = swap_tails_delta(problem, &solution.routes[ra], pos_a, &solution.routes[rb], pos_b);
        best = better(best, delta, Move::SwapTails { a: ra, pos_a, b: rb, pos_b });
    }
    best
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
    let vehicle = &problem.vehicles[head.vehicle];
    let head_break = head.break_pos().is_some_and(|p| p <= pos_head);
    let tail_break = tail.break_pos().is_some_and(|p| p > pos_tail);
    let head_visits = pos_head - usize::from(head_break);
    let tail_visits = (tail.len() - pos_tail) - usize::from(tail_break);
    if head_visits + tail_visits == 0 {
        return Some(0);
    }
    let breaks = usize::from(head_break) + usize::from(tail_break);
    if breaks != usize::from(vehicle.break_spec.is_some()) {
        return None;
    }
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
