//! Granular local search: for every task `u` and each of its nearest
//! neighbours `v`, try every operator and apply the best improving move found
//! for that pair, until a full pass finds nothing. A left-out `u` has one
//! operator, swapping it in for `v`, unless the search turns it off
//! ([`SearchConfig::swap_in`](super::SearchConfig::swap_in)).
//!
//! A pair is looked at again only when one of its two routes changed since
//! it last gave no improving move ([`LocalSearch`]): after a ruin and
//! recreate most routes are as they were, and so are most pairs.

use super::neighbours::Neighbours;
use super::operators::{apply, below, relocate, swap, swap_in, two_opt, two_opt_star, Candidate, Scratch};
use super::problem::Problem;
use super::solution::{Slot, Solution};
use crate::solver::rng::Rng;

/// The route versions of a pair `(u, v)` and `v` itself, as they were when
/// the pair last gave no improving move.
type Settled = (u64, u64, u32);

/// No route has version 0, so no pair is settled under this key.
const NOT_SETTLED: Settled = (0, 0, u32::MAX);

/// The version a pair's key gives a left-out `u`: no route's, so the key
/// of a left-out `u` differs from any of a routed one.
const LEFT_OUT: u64 = 0;

/// Reusable local-search state: scratch buffers, the visiting order, and
/// which pairs of neighbours are known to hold no improving move.
///
/// Every operator judges a pair `(u, v)` from the stops of the routes of `u`
/// and `v` alone, and a [`Route::version`](super::route::Route::version)
/// names those stops (no two route states anywhere share one). So once a
/// pair gave no improving move, it is skipped for as long as both routes
/// keep their versions, in this solution or in any copy of it: its answer
/// would be the same. The search therefore applies exactly the moves, in
/// the same order and with the same random draws, as one that evaluates
/// every pair in every pass, and ends in the same local optimum: no pair of
/// granular neighbours has an improving relocate, or-opt, swap, 2-opt,
/// 2-opt* or swap-in move. What it saves is the evaluation of pairs whose routes
/// nothing touched, most of all in the last pass, which confirms that
/// nothing improves. It guarantees nothing beyond the granular
/// neighbourhood (moves between tasks that are not neighbours), as before.
/// One `LocalSearch` serves one problem.
#[derive(Debug)]
#[cfg_attr(test, derive(Clone))]
pub struct LocalSearch {
    order: Vec<usize>,
    scratch: Scratch,
    /// Per task `u`, one entry per neighbour slot (`stride` of them).
    settled: Vec<Settled>,
    stride: usize,
    /// Whether a left-out `u` is swapped in ([`SearchConfig::swap_in`](super::SearchConfig::swap_in)).
    swap_in: bool,
}

impl LocalSearch {
    /// State for a problem with `tasks` tasks.
    pub fn new(tasks: usize) -> Self {
        LocalSearch {
            order: (0..tasks).collect(),
            scratch: Scratch::default(),
            settled: Vec::new(),
            stride: 0,
            swap_in: true,
        }
    }

    /// The same local search, swapping left-out tasks in or not.
    pub fn with_swap_in(self, swap_in: bool) -> Self {
        LocalSearch { swap_in, ..self }
    }

    /// Improves `solution` until no operator finds an improving move; returns the number of moves applied.
    pub fn run(
        &mut self,
        problem: &Problem,
        neighbours: &Neighbours,
        solution: &mut Solution,
        rng: &mut Rng,
    ) -> usize {
        let stride = (0..self.order.len()).map(|u| neighbours.of(u).len()).max().unwrap_or(0);
        if stride != self.stride || self.settled.len() != stride * self.order.len() {
            self.stride = stride;
            self.settled.clear();
            self.settled.resize(stride * self.order.len(), NOT_SETTLED);
        }
        let mut applied = 0;
        loop {
            let mut improved = false;
            rng.shuffle(&mut self.order);
            for k in 0..self.order.len() {
                let u = self.order[k];
                for (j, &v) in neighbours.of(u).iter().enumerate() {
                    let Slot::Routed { route: route_v, .. } = solution.slot(v as usize) else {
                        continue;
                    };
                    let version_u = match solution.slot(u) {
                        Slot::Routed { route, .. } => solution.routes[route as usize].version(),
                        Slot::Unassigned if self.swap_in => LEFT_OUT,
                        Slot::Unassigned => break,
                    };
                    let key = (version_u, solution.routes[route_v as usize].version(), v);
                    let entry = u * stride + j;
                    if self.settled[entry] == key {
                        continue;
                    }
                    match self.best_move(problem, solution, u, v as usize) {
                        Some(best) => {
                            apply(problem, solution, best.mv);
                            applied += 1;
                            improved = true;
                        }
                        None => self.settled[entry] = key,
                    }
                }
            }
            if !improved {
                return applied;
            }
        }
    }

    fn best_move(&mut self, problem: &Problem, solution: &Solution, u: usize, v: usize) -> Option<Candidate> {
        if solution.slot(v) == Slot::Unassigned {
            return None;
        }
        if solution.slot(u) == Slot::Unassigned {
            return swap_in::evaluate(problem, solution, u, v, 0);
        }
        // Each operator is asked only for a move cheaper than the best so
        // far, the first of equal ones kept: the move the four would give
        // if each returned its best and the least were taken.
        let scratch = &mut self.scratch;
        let best = relocate::evaluate(problem, solution, u, v, 0, scratch);
        let best = swap::evaluate(problem, solution, u, v, below(best, 0), scratch).or(best);
        let best = two_opt::evaluate(problem, solution, u, v, below(best, 0), scratch).or(best);
        two_opt_star::evaluate(problem, solution, u, v, below(best, 0)).or(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::ruin::{ruin, RuinParams, RuinScratch};
    use crate::solver::testkit::{recomputed_objective, scattered, solution, stops};

    /// After each ruin and recreate, the local search that skips settled
    /// pairs applies the same moves as the same search with nothing settled
    /// (same visiting order, same random draws), and lands on the same
    /// routes at the cost recomputed from scratch.
    #[test]
    fn skipping_settled_pairs_changes_no_move() {
        let problem = scattered();
        let neighbours = Neighbours::build(&problem, 6);
        let in_turn = |first: u32| (first..24).step_by(3).collect::<Vec<u32>>();
        let mut current = solution(&problem, &[&in_turn(0), &in_turn(1), &in_turn(2)]);
        let mut kept = LocalSearch::new(problem.tasks.len());
        let mut rng = Rng::new(1);
        let (mut removed, mut scratch) = (Vec::new(), RuinScratch::default());
        let params = RuinParams { mean_removed: 3.0, max_string: 3, ..RuinParams::default() };
        let mut moves = 0;
        for round in 0..100 {
            let mut full = kept.clone();
            full.settled.fill(NOT_SETTLED);
            let mut full_solution = current.clone();
            let applied = kept.run(&problem, &neighbours, &mut current, &mut Rng::new(round));
            let full_applied = full.run(&problem, &neighbours, &mut full_solution, &mut Rng::new(round));
            assert_eq!(applied, full_applied, "round {round}");
            assert_eq!(stops(&current), stops(&full_solution), "round {round}");
            assert_eq!(recomputed_objective(&problem, &current), Some(current.cost(&problem)));
            moves += applied;

            removed.clear();
            ruin(&problem, &neighbours, &mut current, &params, &mut rng, &mut scratch, &mut removed);
            // Back at random places, so that the search has work in every round.
            for &t in &removed {
                let route = rng.below(current.routes.len());
                let mut changed = current.routes[route].stops().to_vec();
                changed.insert(rng.below(changed.len() + 1), t);
                current.set_route(&problem, route, &changed);
            }
        }
        assert!(moves > 300, "the example must give the search work: {moves} moves");
    }
}
