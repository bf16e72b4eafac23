//! A solution: one route per vehicle, plus the tasks left out.

use super::problem::Problem;
use super::route::{Route, BREAK};
use crate::solver::rng::Rng;

/// Where a task currently is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// In route `route` at padded position `pos`.
    Routed {
        /// Route (= vehicle) index.
        route: u32,
        /// Padded position.
        pos: u32,
    },
    /// Not served.
    Unassigned,
}

/// A complete assignment of tasks to routes.
///
/// It remembers which routes changed since [`Solution::clear_touched`], so
/// that the search can copy just those between its current and candidate
/// solutions instead of cloning everything each iteration.
#[derive(Clone, Debug)]
pub struct Solution {
    /// One route per vehicle, indexed by vehicle.
    pub routes: Vec<Route>,
    slots: Vec<Slot>,
    touched: Vec<usize>,
    is_touched: Vec<bool>,
}

impl Solution {
    /// Every vehicle at home, every task unassigned.
    pub fn empty(problem: &Problem) -> Self {
        Solution {
            routes: (0..problem.vehicles.len()).map(|v| Route::new(problem, v)).collect(),
            slots: vec![Slot::Unassigned; problem.tasks.len()],
            touched: Vec::new(),
            is_touched: vec![false; problem.vehicles.len()],
        }
    }

    /// Where `task` is.
    #[inline]
    pub fn slot(&self, task: usize) -> Slot {
        self.slots[task]
    }

    /// Tasks not served, in index order.
    pub fn unassigned(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots.iter().enumerate().filter(|(_, s)| **s == Slot::Unassigned).map(|(t, _)| t)
    }

    /// A task drawn uniformly among the routed ones, by redrawing until one
    /// is: where a ruin or a crossing starts. At least one task must be routed.
    pub fn random_routed_task(&self, rng: &mut Rng) -> usize {
        loop {
            let t = rng.below(self.slots.len());
            if self.slots[t] != Slot::Unassigned {
                return t;
            }
        }
    }

    /// Number of tasks not served.
    pub fn unassigned_count(&self) -> usize {
        self.slots.iter().filter(|s| **s == Slot::Unassigned).count()
    }

    /// Replaces a route's stops; tasks that leave it become unassigned unless placed elsewhere.
    pub fn set_route(&mut self, problem: &Problem, route: usize, stops: &[u32]) {
        for &old in self.routes[route].stops() {
            if old != BREAK {
                self.slots[old as usize] = Slot::Unassigned;
            }
        }
        self.routes[route].set_stops(problem, stops);
        self.index_route(route);
    }

    /// Replaces two routes at once (a move between them).
    pub fn set_routes(&mut self, problem: &Problem, a: usize, stops_a: &[u32], b: usize, stops_b: &[u32]) {
        for &old in self.routes[a].stops().iter().chain(self.routes[b].stops()) {
            if old != BREAK {
                self.slots[old as usize] = Slot::Unassigned;
            }
        }
        self.routes[a].set_stops(problem, stops_a);
        self.routes[b].set_stops(problem, stops_b);
        self.index_route(a);
        self.index_route(b);
    }

    /// Every route's caches recomputed for `problem`, which has the same
    /// tasks and vehicles as the one the routes were made for but may have
    /// other rules or costs (a route may turn infeasible there).
    pub fn recompute(&mut self, problem: &Problem) {
        for route in &mut self.routes {
            route.recompute(problem);
        }
        self.clear_touched();
    }

    /// Forgets which routes changed.
    pub fn clear_touched(&mut self) {
        for &r in &self.touched {
            self.is_touched[r] = false;
        }
        self.touched.clear();
    }

    /// Routes changed since the last [`Solution::clear_touched`].
    pub fn touched(&self) -> &[usize] {
        &self.touched
    }

    /// Makes `self` equal to `other`, assuming the two differ at most in the
    /// routes `other` or `self` touched since their last `clear_touched`.
    pub fn sync_from(&mut self, other: &Solution) {
        for &r in other.touched.iter().chain(&self.touched) {
            self.routes[r].clone_from(&other.routes[r]);
        }
        self.slots.copy_from_slice(&other.slots);
        self.clear_touched();
    }

    fn index_route(&mut self, route: usize) {
        if !self.is_touched[route] {
            self.is_touched[route] = true;
            self.touched.push(route);
        }
        for (k, &node) in self.routes[route].stops().iter().enumerate() {
            if node != BREAK {
                self.slots[node as usize] = Slot::Routed { route: route as u32, pos: k as u32 + 1 };
            }
        }
    }

    /// Objective value: arc costs and working days ([`Route::objective`]),
    /// fixed costs of used vehicles, and skip costs.
    pub fn cost(&self, problem: &Problem) -> i64 {
        let routes: i64 = self.routes.iter().map(|r| super::operators::route_objective(problem, r)).sum();
        routes + self.unassigned().map(|t| problem.tasks[t].skip_cost).sum::<i64>()
    }

    /// Whether every route is feasible.
    pub fn is_feasible(&self) -> bool {
        self.routes.iter().all(Route::is_feasible)
    }

    /// Number of vehicles that leave home.
    pub fn vehicles_used(&self) -> usize {
        self.routes.iter().filter(|r| !r.is_empty()).count()
    }
}
