//! Relocate and or-opt: move a chain of one to three consecutive stops,
//! starting at `u`, to just after or just before its neighbour `v`, in the
//! same or another route, optionally reversed.

use super::{better, replaced_cost, route_objective, routed_pair, Candidate, Move};
use crate::solver::problem::Problem;
use crate::solver::route::BREAK;
use crate::solver::solution::Solution;

/// Longest chain moved at once.
pub const MAX_CHAIN: usize = 3;

/// The best improving-or-not relocation of a chain starting at `u` next to `v`.
pub fn evaluate(
    problem: &Problem,
    solution: &Solution,
    u: usize,
    v: usize,
    scratch: &mut Vec<u32>,
) -> Option<Candidate> {
    let (ra, pu, rb, pv) = routed_pair(solution, u, v)?;
    let (source, target) = (&solution.routes[ra], &solution.routes[rb]);
    let mut best = None;
    for len in 1..=MAX_CHAIN {
        if pu + len - 1 > source.len() {
            break;
        }
        let chain = &source.stops()[pu - 1..pu - 1 + len];
        if chain.contains(&BREAK) {
            break;
        }
        for reversed in [false, true] {
            if reversed && len == 1 {
                continue;
            }
            for after in [pv, pv - 1] {
                let mv = Move::Relocate { from: ra, pos: pu, len, reversed, to: rb, after };
                let delta = if ra == rb {
                    if after + 1 >= pu && after < pu + len {
                        continue; // inside the chain or where it already is
                    }
                    scratch.clear();
                    let (from, to) = if after < pu {
                        push_chain(scratch, chain, reversed);
                        scratch.extend_from_slice(&source.stops()[after..pu - 1]);
                        (after + 1, pu + len - 1)
                    } else {
                        scratch.extend_from_slice(&source.stops()[pu + len - 1..after]);
                        push_chain(scratch, chain, reversed);
                        (pu, after)
                    };
                    replaced_cost(problem, source, from, to, scratch)
                        .map(|c| c - route_objective(problem, source))
                } else {
                    if target.is_empty() {
                        continue;
                    }
                    scratch.clear();
                    push_chain(scratch, chain, reversed);
                    let Some(new_target) = replaced_cost(problem, target, after + 1, after, scratch) else {
                        continue;
                    };
                    replaced_cost(problem, source, pu, pu + len - 1, &[]).map(|new_source| {
                        new_source + new_target
                            - route_objective(problem, source)
                            - route_objective(problem, target)
                    })
                };
                best = better(best, delta, mv);
            }
        }
    }
    best
}

fn push_chain(out: &mut Vec<u32>, chain: &[u32], reversed: bool) {
    if reversed {
        out.extend(chain.iter().rev());
    } else {
        out.extend_from_slice(chain);
    }
}
