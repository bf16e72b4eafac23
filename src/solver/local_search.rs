//! Granular local search: for every task `u` and each of its nearest
//! neighbours `v`, try every operator and apply the best improving move found
//! for that pair, until a full pass finds nothing.

use super::neighbours::Neighbours;
use super::operators::{self, apply, relocate, swap, two_opt, two_opt_star, Candidate};
use super::problem::Problem;
use super::solution::{Slot, Solution};
use crate::solver::rng::Rng;

/// Reusable local-search state (scratch buffers, visiting order).
#[derive(Debug)]
pub struct LocalSearch {
    order: Vec<usize>,
    scratch: Vec<u32>,
}

impl LocalSearch {
    /// State for a problem with `tasks` tasks.
    pub fn new(tasks: usize) -> Self {
        LocalSearch { order: (0..tasks).collect(), scratch: Vec::with_capacity(64) }
    }

    /// Improves `solution` until no operator finds an improving move; returns the number of moves applied.
    pub fn run(
        &mut self,
        problem: &Problem,
        neighbours: &Neighbours,
        solution: &mut Solution,
        rng: &mut Rng,
    ) -> usize {
        let mut applied = 0;
        loop {
            let mut improved = false;
            rng.shuffle(&mut self.order);
            for k in 0..self.order.len() {
                let u = self.order[k];
                if solution.slot(u) == Slot::Unassigned {
                    continue;
                }
                for &v in neighbours.of(u) {
                    if let Some(best) = self.best_move(problem, solution, u, v as usize) {
                        apply(problem, solution, best.mv);
                        applied += 1;
                        improved = true;
                        if solution.slot(u) == Slot::Unassigned {
                            break;
                        }
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
        let mut best: Option<Candidate> = None;
        let candidates = [
            relocate::evaluate(problem, solution, u, v, &mut self.scratch),
            swap::evaluate(problem, solution, u, v, &mut self.scratch),
            two_opt::evaluate(problem, solution, u, v, &mut self.scratch),
            two_opt_star::evaluate(problem, solution, u, v),
        ];
        for c in candidates.into_iter().flatten() {
            best = operators::better(best, Some(c.delta), c.mv);
        }
        best.filter(|c| c.delta < 0)
    }
}
