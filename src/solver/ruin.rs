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

/// Removes strings around a random seed task, appending the removed tasks
/// to `removed`; returns the seed (`None` when no task is routed).
pub fn ruin(
    problem: &Problem,
    neighbours: &Neighbours,
    solution: &mut Solution,
    params: &RuinParams,
    rng: &mut Rng,
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
    let mut ruined_routes: Vec<usize> = Vec::with_capacity(strings);
    let mut stops: Vec<u32> = Vec::new();
    for &c in std::iter::once(&(seed as u32)).chain(neighbours.of(seed)) {
        if ruined_routes.len() >= strings {
            break;
        }
        let Slot::Routed { route, pos } = solution.slot(c as usize) else { continue };
        let route = route as usize;
        if ruined_routes.contains(&route) {
            continue;
        }
        let r = &solution.routes[route];
        let visits = r.visit_count();
        let string_max = (string_cap.min(visits as f64)).max(1.0);
        let len = (rng.unit() * string_max).floor() as usize + 1;
        stops.clear();
        stops.extend_from_slice(r.stops());
        let taken = if rng.chance(params.split_rate) && len < visits {
            split_string(&mut stops, pos as usize - 1, len, visits, params.split_depth, rng)
        } else {
            string(&mut stops, pos as usize - 1, len, rng)
        };
        removed.extend(taken.iter().copied());
        if stops.iter().all(|&n| n == BREAK) {
            stops.clear();
        }
        solution.set_route(problem, route, &stops);
        ruined_routes.push(route);
    }
    Some(seed)
}

/// Removes `len` consecutive tasks (the break is skipped over, not removed)
/// from `stops` in a window containing index `at`; returns them.
fn string(stops: &mut Vec<u32>, at: usize, len: usize, rng: &mut Rng) -> Vec<u32> {
    let tasks: Vec<usize> = (0..stops.len()).filter(|&k| stops[k] != BREAK).collect();
    let at_task = tasks.iter().position(|&k| k == at).unwrap_or(0);
    let len = len.min(tasks.len());
    let lo = at_task.saturating_sub(len - 1);
    let hi = at_task.min(tasks.len() - len);
    let start = lo + rng.below(hi - lo + 1);
    let chosen: Vec<usize> = tasks[start..start + len].to_vec();
    take(stops, &chosen)
}

/// Removes a string of `len + kept` tasks around `at` but keeps `kept` of
/// them in the middle (SISR's split string).
fn split_string(
    stops: &mut Vec<u32>,
    at: usize,
    len: usize,
    visits: usize,
    depth: f64,
    rng: &mut Rng,
) -> Vec<u32> {
    let mut kept = 1;
    while len + kept < visits && rng.unit() > depth {
        kept += 1;
    }
    let tasks: Vec<usize> = (0..stops.len()).filter(|&k| stops[k] != BREAK).collect();
    let total = (len + kept).min(tasks.len());
    let at_task = tasks.iter().position(|&k| k == at).unwrap_or(0);
    let lo = at_task.saturating_sub(total - 1);
    let hi = at_task.min(tasks.len() - total);
    let start = lo + rng.below(hi - lo + 1);
    let keep_from = start + rng.below(total - kept + 1);
    let chosen: Vec<usize> = (start..start + total)
        .filter(|&i| i < keep_from || i >= keep_from + kept)
        .map(|i| tasks[i])
        .collect();
    take(stops, &chosen)
}

fn take(stops: &mut Vec<u32>, indices: &[usize]) -> Vec<u32> {
    let taken: Vec<u32> = indices.iter().map(|&k| stops[k]).collect();
    let mut k = 0;
    stops.retain(|_| {
        let keep = !indices.contains(&k);
        k += 1;
        keep
    });
    taken
}
