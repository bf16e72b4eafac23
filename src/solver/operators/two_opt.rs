//! 2-opt: within one route, reverse the stretch between `u` and its
//! neighbour `v` so that the two become consecutive.

use super::{better, replaced_cost, route_objective, routed_pair, Candidate, Move};
use crate::solver::problem::Problem;
use crate::solver::solution::Solution;

/// The reversal that makes `u` and `v` adjacent, with its cost change.
pub fn evaluate(
    problem: &Problem,
    solution: &Solution,
    u: usize,
    v: usize,
    scratch: &mut Vec<u32>,
) -> Option<Candidate> {
    let (route_index, pu, other_route, pv) = routed_pair(solution, u, v)?;
    if route_index != other_route {
        return None;
    }
    // Reverse (pu+1..=pv) when u comes first, else (pv..=pu-1): either way u and v meet.
    let (from, to) = if pu < pv { (pu + 1, pv) } else { (pv, pu - 1) };
    if to <= from {
        return None;
    }
    let route = &solution.routes[route_index];
    scratch.clear();
    scratch.extend(route.stops()[from - 1..to].iter().rev());
    let delta = replaced_cost(problem, route, from, to, scratch).map(|c| c - route_objective(problem, route));
    better(None, delta, Move::Reverse { route: route_index, from, to })
}
