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
use crate::solver::rng::Rng;

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
    /// The stops of the route being ruined, as they were.
    original: Vec<u32>,
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
    let routed = solution.routed_count();
    let used = solution.vehicles_used();
    if routed == 0 || used == 0 {
        return None;
    }
    let mean_len = routed as f64 / used as f64;
    let string_cap = (params.max_string as f64).min(mean_len);
    let strings_cap = 4.0 * params.mean_removed / (1.0 + string_cap) - 1.0;
    let strings = (rng.unit() * strings_cap).floor() as usize + 1;

    let seed = solution.random_routed_task(rng);
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
        let buffers = (&mut scratch.stops, &mut scratch.original);
        take_feasibly(problem, solution, route, &scratch.chosen, buffers, removed);
        scratch.ruined_routes.push(route);
    }
    Some(seed)
}

/// Removes the stops at `indices` (sorted) of route `route`, whose stops
/// `stops` holds (`original` is scratch space), appending them to `removed`.
///
/// Unlike in a classic VRPTW, taking visits out can make a route late: the
/// break waits for its window wherever the vehicle is, so without the visits
/// before it the vehicle may wait at home, farther from the visits after it.
/// Then the break moves to the first position that keeps the route feasible,
/// and if there is none, the route stays as it was.
fn take_feasibly(
    problem: &Problem,
    solution: &mut Solution,
    route: usize,
    indices: &[usize],
    (stops, original): (&mut Vec<u32>, &mut Vec<u32>),
    removed: &mut Vec<u32>,
) {
    let removed_before = removed.len();
    original.clear();
    original.extend_from_slice(stops);
    take(stops, indices, removed);
    if stops.iter().all(|&n| n == BREAK) {
        stops.clear();
    }
    solution.set_route(problem, route, stops);
    if solution.routes[route].is_feasible() {
        return;
    }
    if let Some(at) = stops.iter().position(|&n| n == BREAK) {
        stops.remove(at);
        for at in 0..=stops.len() {
            stops.insert(at, BREAK);
            solution.set_route(problem, route, stops);
            if solution.routes[route].is_feasible() {
                return;
            }
            stops.remove(at);
        }
    }
    removed.truncate(removed_before);
    solution.set_route(problem, route, original);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::{ArcCost, BreakSpec, Task, Vehicle, Window};
    use crate::travel::TravelMatrix;

    /// Home (place 0) is an hour from B (place 1) and C (place 2), which are a
    /// minute apart. Visit C must start between 11:30 and 11:40 and the break
    /// (30 min) between 11:00 and 13:00. The route B, break, C works: the rep
    /// waits for the break at B. Without B the rep would wait at home and
    /// reach C at 12:31, so the break has to move after C.
    #[test]
    fn removing_the_visit_before_the_break_keeps_the_route_feasible() {
        let drive = |a: usize, b: usize| match (a.min(b), a.max(b)) {
            (x, y) if x == y => 0,
            (0, 1) => 3600,
            (0, 2) => 3660,
            _ => 60,
        };
        let drive_s: Vec<i32> = (0..3).flat_map(|a| (0..3).map(move |b| drive(a, b))).collect();
        let matrix = TravelMatrix::from_rows(3, drive_s.clone(), drive_s);
        let task = |place, open, close| Task {
            place,
            service_s: 600,
            windows: vec![Window { open, close }],
            demand: 1,
            allowed_vehicles: None,
            skip_cost: 1_000_000,
        };
        let vehicle = Vehicle {
            start_place: 0,
            end_place: 0,
            shift: Window { open: 8 * 3600, close: 17 * 3600 },
            break_spec: Some(BreakSpec {
                start: Window { open: 11 * 3600, close: 13 * 3600 },
                duration_s: 1800,
                skippable: false,
            }),
            capacity: 10,
            fixed_cost: 0,
        };
        let problem = Problem::new(
            vec![task(1, 8 * 3600, 16 * 3600), task(2, 11 * 3600 + 1800, 11 * 3600 + 2400)],
            vec![vehicle],
            matrix,
            ArcCost::DriveTime,
        );
        let mut solution = Solution::empty(&problem);
        solution.set_route(&problem, 0, &[0, BREAK, 1]);
        assert!(solution.routes[0].is_feasible());

        let mut stops = solution.routes[0].stops().to_vec();
        let mut removed = Vec::new();
        take_feasibly(&problem, &mut solution, 0, &[0], (&mut stops, &mut Vec::new()), &mut removed);
        assert_eq!(removed, vec![0]);
        assert_eq!(solution.routes[0].stops(), &[1, BREAK]);
        assert!(solution.routes[0].is_feasible());
    }
}
