//! Swap: exchange the places of `u` and its neighbour `v`, in one route or two.

use super::{better, replaced_cost, route_objective, routed_pair, Candidate, Move};
use crate::solver::problem::Problem;
use crate::solver::solution::Solution;

/// The exchange of `u` and `v` with its cost change, if feasible.
pub fn evaluate(
    problem: &Problem,
    solution: &Solution,
    u: usize,
    v: usize,
    scratch: &mut Vec<u32>,
) -> Option<Candidate> {
    let (ra, pu, rb, pv) = routed_pair(solution, u, v)?;
    if u > v && ra == rb {
        return None; // the pair is evaluated once, from its lower task
    }
    let mv = Move::Swap { a: ra, pos_a: pu, b: rb, pos_b: pv };
    let (a, b) = (&solution.routes[ra], &solution.routes[rb]);
    let delta = if ra == rb {
        let (lo, hi) = (pu.min(pv), pu.max(pv));
        scratch.clear();
        scratch.extend_from_slice(&a.stops()[lo - 1..hi]);
        let last = scratch.len() - 1;
        scratch.swap(0, last);
        replaced_cost(problem, a, lo, hi, scratch).map(|c| c - route_objective(problem, a))
    } else {
        let new_a = replaced_cost(problem, a, pu, pu, &[v as u32]);
        let new_b = replaced_cost(problem, b, pv, pv, &[u as u32]);
        new_a.zip(new_b).map(|(x, y)| x + y - route_objective(problem, a) - route_objective(problem, b))
    };
    better(None, delta, mv)
}
