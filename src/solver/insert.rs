//! Cheapest feasible insertion of one task into one route: the building block
//! of construction and of every recreate step.

use super::problem::Problem;
use super::route::{Cursor, Route, BREAK};
use crate::solver::rng::Rng;

/// Where a task goes and what it costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insertion {
    /// Route (= vehicle) index.
    pub route: usize,
    /// Insert after this padded position.
    pub after: usize,
    /// For a route that was empty and has a break: whether the break comes first.
    pub break_first: bool,
    /// Increase of the objective (arc cost, plus the fixed cost of a vehicle not yet used).
    pub delta: i64,
}

impl Insertion {
    /// Writes the stops of the route after this insertion of `task` into `out`.
    pub fn stops_after(&self, problem: &Problem, route: &Route, task: u32, out: &mut Vec<u32>) {
        out.clear();
        if route.is_empty() && problem.vehicles[route.vehicle].break_spec.is_some() {
            if self.break_first {
                out.extend([BREAK, task]);
            } else {
                out.extend([task, BREAK]);
            }
            return;
        }
        out.extend_from_slice(&route.stops()[..self.after]);
        out.push(task);
        out.extend_from_slice(&route.stops()[self.after..]);
    }
}

/// The cheapest feasible insertion of `task` into `route`, skipping each
/// position with probability `blink_rate` (SISR's blinks; 0 for none).
pub fn best_in_route(
    problem: &Problem,
    route: &Route,
    task: u32,
    blink_rate: f64,
    rng: &mut Rng,
) -> Option<Insertion> {
    let vehicle_index = route.vehicle;
    if !problem.allowed(task as usize, vehicle_index) {
        return None;
    }
    let vehicle = &problem.vehicles[vehicle_index];
    let t = &problem.tasks[task as usize];
    if route.load() + t.demand > vehicle.capacity {
        return None;
    }
    if route.is_empty() {
        return insert_into_empty(problem, route.vehicle, task);
    }
    let last_close = t.windows.last().map_or(i64::MAX, |w| w.close);
    let mut best: Option<Insertion> = None;
    for after in 0..=route.len() {
        let mut cursor = route.cursor(after);
        if cursor.time > last_close {
            break;
        }
        if blink_rate > 0.0 && rng.chance(blink_rate) {
            continue;
        }
        if !cursor.advance(problem, vehicle, task) {
            continue;
        }
        if let Some(new_cost) = route.join_at(problem, vehicle, cursor, after + 1) {
            let delta = new_cost - route.cost();
            if best.is_none_or(|b| delta < b.delta) {
                best = Some(Insertion { route: route.vehicle, after, break_first: false, delta });
            }
        }
    }
    best
}

fn insert_into_empty(problem: &Problem, vehicle_index: usize, task: u32) -> Option<Insertion> {
    let vehicle = &problem.vehicles[vehicle_index];
    let try_order = |order: &[u32]| {
        let mut cursor = Cursor::start(vehicle);
        order.iter().all(|&n| cursor.advance(problem, vehicle, n)).then_some(())?;
        cursor.finish(problem, vehicle)
    };
    let option = |cost: Option<i64>, break_first| {
        cost.map(|c| Insertion { route: vehicle_index, after: 0, break_first, delta: c + vehicle.fixed_cost })
    };
    if vehicle.break_spec.is_none() {
        return option(try_order(&[task]), false);
    }
    let after = option(try_order(&[task, BREAK]), false);
    let before = option(try_order(&[BREAK, task]), true);
    match (after, before) {
        (Some(a), Some(b)) => Some(if b.delta < a.delta { b } else { a }),
        (a, b) => a.or(b),
    }
}
