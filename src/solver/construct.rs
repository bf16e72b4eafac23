//! A first solution by regret insertion: repeatedly insert the task that
//! would lose the most by waiting, so that tasks with few good options (a
//! narrow window, a far corner, a fixed territory) are placed before the
//! easy ones use up the room they need.

use super::insert::{best_in_route, Insertion};
use super::problem::Problem;
use super::solution::Solution;
use crate::solver::rng::Rng;

/// How many of the best routes the regret looks at.
const REGRET_DEPTH: usize = 3;

/// Inserts every task that fits, by regret-3 insertion.
pub fn regret_insertion(problem: &Problem, rng: &mut Rng) -> Solution {
    let mut solution = Solution::empty(problem);
    let vehicles = problem.vehicles.len();
    let mut pending: Vec<usize> = (0..problem.tasks.len()).collect();
    // best[t * vehicles + v]: cheapest insertion of task t into vehicle v's route.
    let mut best: Vec<Option<Insertion>> = Vec::with_capacity(pending.len() * vehicles);
    for t in 0..problem.tasks.len() {
        for route in &solution.routes {
            best.push(best_in_route(problem, route, t as u32, 0.0, rng));
        }
    }
    let mut stops = Vec::new();
    let mut options: Vec<i64> = Vec::with_capacity(vehicles);
    while !pending.is_empty() {
        let mut chosen: Option<(i64, usize, Insertion)> = None;
        for (slot, &t) in pending.iter().enumerate() {
            options.clear();
            let mut cheapest: Option<Insertion> = None;
            for ins in best[t * vehicles..(t + 1) * vehicles].iter().flatten() {
                options.push(ins.delta);
                if cheapest.is_none_or(|c| ins.delta < c.delta) {
                    cheapest = Some(*ins);
                }
            }
            let Some(cheapest) = cheapest else { continue };
            options.sort_unstable();
            let skip = problem.tasks[t].skip_cost;
            let regret: i64 =
                (1..REGRET_DEPTH).map(|k| options.get(k).map_or(skip, |&c| c - options[0])).sum();
            if chosen.as_ref().is_none_or(|(r, _, _)| regret > *r) {
                chosen = Some((regret, slot, cheapest));
            }
        }
        let Some((_, slot, insertion)) = chosen else { break };
        let task = pending.swap_remove(slot);
        let route = insertion.route;
        insertion.stops_after(problem, &solution.routes[route], task as u32, &mut stops);
        solution.set_route(problem, route, &stops);
        for &t in &pending {
            best[t * vehicles + route] = best_in_route(problem, &solution.routes[route], t as u32, 0.0, rng);
        }
    }
    solution
}
