//! Ruin by slack-induction string removals (SISR, Christiaens & Vanden
//! Berghe 2020): remove a few strings of consecutive stops from routes that
//! lie near a random seed task, so that the recreate step can rebuild that
//! neighbourhood differently. Removing strings, not scattered stops, frees
//! whole stretches of time in each route, which is what lets tight windows
//! be re-sequenced.

use super::neighbours::Neighbours;
use super::problem::Problem;
use super::route::BREAK;
use super::solution::{Slot, Solution};
use crate::rng::Rng;

/// SISR's parameters.
#[derive(Clone, Copy, Debug)]
pub struct RuinParams {
    /// Average number of tasks removed per ruin (c̄).
    pub mean_removed: f64,
    /// Longest string removed from one route (L_max).
    pub max_string: usize,
    /// Probability of the split-string variant, which keeps a middle part.
    pub split_rate: f64,
    /// Controls how long the kept middle part of a split string grows (α).
    pub split_depth: f64,
}

impl Default for RuinParams {
    fn default() -> Self {
        RuinParams { mean_removed: 10.0, max_string: 10, split_rate: 0.5, split_depth: 0.01 }
    }
}

/// Buffers the ruin step reuses, so that an iteration allocates nothing.
#[derive(Debug, Default)]
pub struct RuinScratch {
    ruined_routes: Vec<usize>,
    stops: Vec<u32>,
    task_indices: Vec<usize>,
    chosen: Vec<usize>,
}

/// Removes strings around a random seed task, appending the removed tasks
/// to `removed`; returns the seed (`None` when no task is routed).
pub fn ruin(
    problem: &Problem,
    neighbours: &Neighbours,
    solution: &mut Solution,
    params: &RuinParams,
    rng: &mut Rng,
    scratch: &mut RuinScratch,
    removed: &mut Vec<u32>,
) -> Option<usize> {
    let routed: usize = solution.routes.iter().map(|r| r.visit_count()).sum();
    let used = solution.vehicles_used();
    if routed == 0 || used == 0 {
        return None;
    }
    let mean_len = routed as f64 / used as f64;
    let string_cap = (params.max_string as f64).min(mean_len);
    let strings_cap = 4.0 * params.mean_removed / (1.0 + string_cap) - 1.0;
    let strings = (rng.unit() * strings_cap).floor() as usize + 1;

    let seed = loop {
        let t = rng.below(problem.tasks.len());
        if solution.slot(t) != Slot::Unassigned {
            break t;
        }
    };
    scratch.ruined_routes.clear();
    for &c in std::iter::once(&(seed as u32)).chain(neighbours.of(seed)) {
        if scratch.ruined_routes.len() >= strings {
            break;
        }
        let Slot::Routed { route, pos } = solution.slot(c as usize) else { continue };
        let route = route as usize;
        if scratch.ruined_routes.contains(&route) {
            continue;
        }
        let r = &solution.routes[route];
        let visits = r.visit_count();
        let string_max = (string_cap.min(visits as f64)).max(1.0);
        let len = (rng.unit() * string_max).floor() as usize + 1;
        scratch.stops.clear();
        scratch.stops.extend_from_slice(r.stops());
        // Strings are counted in tasks; the break stays where it is.
        scratch.task_indices.clear();
        scratch.task_indices.extend((0..scratch.stops.len()).filter(|&k| scratch.stops[k] != BREAK));
        let at = scratch.task_indices.iter().position(|&k| k == pos as usize - 1).unwrap_or(0);
        if rng.chance(params.split_rate) && len < visits {
            split_string(&scratch.task_indices, at, len, params.split_depth, rng, &mut scratch.chosen);
        } else {
            string(&scratch.task_indices, at, len, rng, &mut scratch.chosen);
        }
        take(&mut scratch.stops, &scratch.chosen, removed);
        if scratch.stops.iter().all(|&n| n == BREAK) {
            scratch.stops.clear();
        }
        solution.set_route(problem, route, &scratch.stops);
        scratch.ruined_routes.push(route);
    }
    Some(seed)
}

/// Chooses `len` consecutive tasks (indices into the stops, in `tasks`)
/// in a window containing `tasks[at]`.
fn string(tasks: &[usize], at: usize, len: usize, rng: &mut Rng, chosen: &mut Vec<usize>) {
    let len = len.min(tasks.len());
    let lo = at.saturating_sub(len - 1);
    let hi = at.min(tasks.len() - len);
    let start = lo + rng.below(hi - lo + 1);
    chosen.clear();
    chosen.extend_from_slice(&tasks[start..start + len]);
}

/// Chooses a string of `len + kept` tasks around `tasks[at]` but leaves out
/// `kept` of them in the middle (SISR's split string).
fn split_string(tasks: &[usize], at: usize, len: usize, depth: f64, rng: &mut Rng, chosen: &mut Vec<usize>) {
    let mut kept = 1;
    while len + kept < tasks.len() && rng.unit() > depth {
        kept += 1;
    }
    let total = (len + kept).min(tasks.len());
    let lo = at.saturating_sub(total - 1);
    let hi = at.min(tasks.len() - total);
    let start = lo + rng.below(hi - lo + 1);
    let keep_from = start + rng.below(total - kept + 1);
    chosen.clear();
    chosen
        .extend((start..start + total).filter(|&i| i < keep_from || i >= keep_from + kept).map(|i| tasks[i]));
}

/// Removes the stops at `indices` (sorted), appending them to `removed`.
fn take(stops: &mut Vec<u32>, indices: &[usize], removed: &mut Vec<u32>) {
    removed.extend(indices.iter().map(|&k| stops[k]));
    let mut k = 0;
    stops.retain(|_| {
        let keep = indices.binary_search(&k).is_err();
        k += 1;
        keep
    });
}
