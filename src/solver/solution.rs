//! A solution: one route per vehicle, plus the tasks left out.

use super::problem::Problem;
use super::route::{common_prefix, Route, BREAK};
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
/// solutions instead of cloning everything each iteration; and which routes
/// are used, how much room each has left and how many tasks are left out,
/// which every iteration asks: a benchmark's fleet is 100 vehicles of which
/// a third leave the depot, most of them nearly full, and reading every
/// route and every task for those answers was a tenth of an iteration at
/// 400 customers.
#[derive(Clone, Debug)]
pub struct Solution {
    /// One route per vehicle, indexed by vehicle.
    pub routes: Vec<Route>,
    slots: Vec<Slot>,
    touched: Vec<usize>,
    is_touched: Vec<bool>,
    /// The routes with stops, in index order.
    used: Vec<usize>,
    /// Each route's vehicle capacity less its load.
    room: Vec<i64>,
    unassigned: usize,
    /// What the tasks left out cost to leave out, summed: every iteration
    /// asks for the objective, and reading the skip cost of every task left
    /// out (hundreds on a team's full day) was 1.5 % of its instructions.
    skipped: i64,
}

impl Solution {
    /// Every vehicle at home, every task unassigned.
    pub fn empty(problem: &Problem) -> Self {
        Solution {
            routes: (0..problem.vehicles.len()).map(|v| Route::new(problem, v)).collect(),
            slots: vec![Slot::Unassigned; problem.tasks.len()],
            touched: Vec::new(),
            is_touched: vec![false; problem.vehicles.len()],
            used: Vec::new(),
            room: problem.vehicles.iter().map(|v| v.capacity).collect(),
            unassigned: problem.tasks.len(),
            skipped: problem.tasks.iter().map(|t| t.skip_cost).sum(),
        }
    }

    /// Where `task` is.
    #[inline]
    pub fn slot(&self, task: usize) -> Slot {
        self.slots[task]
    }

    /// Tasks not served, in index order.
    pub fn unassigned(&self) -> impl Iterator<Item = usize> + '_ {
        let slots = if self.unassigned == 0 { &[][..] } else { &self.slots[..] };
        slots.iter().enumerate().filter(|(_, s)| **s == Slot::Unassigned).map(|(t, _)| t)
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
    #[inline]
    pub fn unassigned_count(&self) -> usize {
        self.unassigned
    }

    /// Number of tasks served.
    #[inline]
    pub fn routed_count(&self) -> usize {
        self.slots.len() - self.unassigned
    }

    /// The routes with stops, in index order.
    #[inline]
    pub fn used_routes(&self) -> &[usize] {
        &self.used
    }

    /// How much more load route `route` can take: its vehicle's capacity
    /// less its load.
    #[inline]
    pub fn room(&self, route: usize) -> i64 {
        self.room[route]
    }

    /// Replaces a route's stops; tasks that leave it become unassigned unless placed elsewhere.
    pub fn set_route(&mut self, problem: &Problem, route: usize, stops: &[u32]) {
        let kept = self.unassign_stops(problem, route, stops);
        self.routes[route].set_stops_sharing(problem, stops, kept);
        self.index_route(problem, route, kept);
    }

    /// Replaces two routes at once (a move between them).
    pub fn set_routes(&mut self, problem: &Problem, a: usize, stops_a: &[u32], b: usize, stops_b: &[u32]) {
        let kept_a = self.unassign_stops(problem, a, stops_a);
        let kept_b = self.unassign_stops(problem, b, stops_b);
        self.routes[a].set_stops_sharing(problem, stops_a, kept_a);
        self.routes[b].set_stops_sharing(problem, stops_b, kept_b);
        self.index_route(problem, a, kept_a);
        self.index_route(problem, b, kept_b);
    }

    /// Every route's caches recomputed for `problem`, which has the same
    /// tasks and vehicles as the one the routes were made for but may have
    /// other rules or costs (a route may turn infeasible there).
    pub fn recompute(&mut self, problem: &Problem) {
        for route in &mut self.routes {
            route.recompute(problem);
        }
        self.skipped = self.unassigned().map(|t| problem.tasks[t].skip_cost).sum();
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
    /// Only the tasks on those routes, on either side, can be somewhere
    /// else, so only their slots are copied: the search syncs twice an
    /// iteration, and copying every slot of a day of 5 000 accounts was 2 %
    /// of its instructions.
    pub fn sync_from(&mut self, other: &Solution) {
        for &r in other.touched.iter().chain(&self.touched) {
            for &task in self.routes[r].stops().iter().chain(other.routes[r].stops()) {
                if task != BREAK {
                    self.slots[task as usize] = other.slots[task as usize];
                }
            }
            self.routes[r].clone_from(&other.routes[r]);
            self.room[r] = other.room[r];
        }
        self.used.clone_from(&other.used);
        self.unassigned = other.unassigned;
        self.skipped = other.skipped;
        self.clear_touched();
    }

    /// Marks the tasks of `route` unassigned, before its stops are replaced
    /// by `stops`, but those of the stops the two share from the front,
    /// which keep their slots; returns how many those are.
    fn unassign_stops(&mut self, problem: &Problem, route: usize, stops: &[u32]) -> usize {
        let old = self.routes[route].stops();
        let kept = common_prefix(old, stops);
        for &old in &old[kept..] {
            if old != BREAK && self.slots[old as usize] != Slot::Unassigned {
                self.slots[old as usize] = Slot::Unassigned;
                self.unassigned += 1;
                self.skipped += problem.tasks[old as usize].skip_cost;
            }
        }
        kept
    }

    /// Marks the tasks of `route` routed there, after its stops were
    /// replaced, from its `kept` stops on ([`Solution::unassign_stops`]).
    fn index_route(&mut self, problem: &Problem, route: usize, kept: usize) {
        if !self.is_touched[route] {
            self.is_touched[route] = true;
            self.touched.push(route);
        }
        for (k, &node) in self.routes[route].stops().iter().enumerate().skip(kept) {
            if node != BREAK {
                if self.slots[node as usize] == Slot::Unassigned {
                    self.unassigned -= 1;
                    self.skipped -= problem.tasks[node as usize].skip_cost;
                }
                self.slots[node as usize] = Slot::Routed { route: route as u32, pos: k as u32 + 1 };
            }
        }
        self.room[route] = problem.vehicles[route].capacity - self.routes[route].load();
        match (self.used.binary_search(&route), self.routes[route].is_empty()) {
            (Ok(k), true) => {
                self.used.remove(k);
            }
            (Err(k), false) => self.used.insert(k, route),
            _ => {}
        }
    }

    /// Objective value: arc costs and working days ([`Route::objective`]),
    /// fixed costs of used vehicles, and skip costs.
    pub fn cost(&self, problem: &Problem) -> i64 {
        let routes: i64 =
            self.used.iter().map(|&r| super::operators::route_objective(problem, &self.routes[r])).sum();
        routes + self.skipped
    }

    /// Whether every route is feasible.
    pub fn is_feasible(&self) -> bool {
        self.routes.iter().all(Route::is_feasible)
    }

    /// Number of vehicles that leave home.
    pub fn vehicles_used(&self) -> usize {
        self.used.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::line_problem_worth_visiting;

    /// The routes in use, each task's slot and the count of tasks left out,
    /// kept as routes change, agree with reading every route and task,
    /// through moves within and between routes (some keeping a front of
    /// their stops), emptied routes and copies; so does the objective, the
    /// tasks worth unequal amounts.
    #[test]
    fn used_routes_and_tasks_left_out_follow_every_change() {
        let problem = line_problem_worth_visiting(4);
        let mut rng = Rng::new(5);
        let mut solution = Solution::empty(&problem);
        let mut copy = solution.clone();
        for step in 0..2_000 {
            let (a, b) = (rng.below(4), rng.below(4));
            // The tasks of both routes and those left out, dealt anew; half
            // the time route `a` keeps a front of its stops.
            let old_a = solution.routes[a].stops();
            let kept = if rng.chance(0.5) { rng.below(old_a.len() + 1) } else { 0 };
            let mut to_a = old_a[..kept].to_vec();
            let mut pool: Vec<u32> = old_a[kept..].to_vec();
            if b != a {
                pool.extend_from_slice(solution.routes[b].stops());
            }
            pool.extend(solution.unassigned().map(|t| t as u32).filter(|_| rng.chance(0.3)));
            rng.shuffle(&mut pool);
            let mut to_b = Vec::new();
            for task in pool {
                match rng.below(3) {
                    0 if to_a.len() < 12 => to_a.push(task),
                    1 if to_b.len() < 12 => to_b.push(task),
                    _ => {}
                }
            }
            if b == a {
                solution.set_route(&problem, a, &to_a);
            } else {
                solution.set_routes(&problem, a, &to_a, b, &to_b);
            }
            for (r, route) in solution.routes.iter().enumerate() {
                for (k, &task) in route.stops().iter().enumerate() {
                    let slot = Slot::Routed { route: r as u32, pos: k as u32 + 1 };
                    assert_eq!(solution.slot(task as usize), slot, "step {step}");
                }
            }
            let unassigned = solution.slots.iter().filter(|s| **s == Slot::Unassigned).count();
            assert_eq!(solution.unassigned_count(), unassigned, "step {step}");
            assert_eq!(solution.unassigned().count(), unassigned, "step {step}");
            assert_eq!(
                solution.routed_count(),
                solution.routes.iter().map(Route::visit_count).sum::<usize>()
            );
            let used: Vec<usize> = (0..4).filter(|&r| !solution.routes[r].is_empty()).collect();
            assert_eq!(solution.used_routes(), used, "step {step}");
            for (r, route) in solution.routes.iter().enumerate() {
                assert_eq!(solution.room(r), problem.vehicles[r].capacity - route.load(), "step {step}");
            }
            let every_route: i64 =
                solution.routes.iter().map(|r| super::super::operators::route_objective(&problem, r)).sum();
            let left_out: i64 = solution.unassigned().map(|t| problem.tasks[t].skip_cost).sum();
            assert_eq!(solution.cost(&problem), every_route + left_out, "step {step}");
            if step % 7 == 0 {
                copy.sync_from(&solution);
                solution.clear_touched();
                assert_eq!(copy.used_routes(), solution.used_routes());
                assert!((0..4).all(|r| copy.room(r) == solution.room(r)));
                assert_eq!(copy.unassigned_count(), solution.unassigned_count());
                assert_eq!(copy.cost(&problem), solution.cost(&problem));
                assert_eq!(copy.slots, solution.slots, "step {step}");
            }
        }
    }
}
