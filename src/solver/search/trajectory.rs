//! One annealing trajectory: ruin and recreate under simulated annealing
//! ([`Searcher::anneal`]), where its annealing stands between epochs
//! ([`Annealing`]), how it starts and goes on from another trajectory's
//! best ([`Trajectory`]), and SISR's fleet minimisation. The search driver
//! (the parent module) runs several of them in epochs and trades their
//! solutions.

use std::time::Instant;

use crate::solver::config::{SearchConfig, PROGRESS_EVERY};
use crate::solver::construct::{regret_insert, regret_insertion, RegretScratch};
use crate::solver::cooling::Cooling;
use crate::solver::crossover::{cross, CrossScratch};
use crate::solver::local_search::LocalSearch;
use crate::solver::neighbours::Neighbours;
use crate::solver::problem::Problem;
use crate::solver::recreate::{ranks, recreate, routes_full, RecreateScratch};
use crate::solver::rng::Rng;
use crate::solver::route_pool::RoutePool;
use crate::solver::ruin::{ruin, RuinScratch};
use crate::solver::solution::{Slot, Solution};

/// Up to this many left-out tasks are all retried in every recreate; beyond
/// it, only those near the ruined area and this many of the costliest to skip.
const RETRY_ALL_LEFT_OUT: usize = 10;

/// Share of the budget spent removing vehicles when they have a fixed cost.
const DEFAULT_FLEET_SHARE: f64 = 0.5;

/// One annealing trajectory: its searcher (random stream, scratch, the
/// iterations it has done) and where its annealing stands.
pub(super) struct Trajectory<'a> {
    pub(super) searcher: Searcher<'a>,
    pub(super) annealing: Annealing,
}

impl<'a> Trajectory<'a> {
    /// Goes on searching `problem`, which has the same tasks, vehicles and
    /// places as the one searched so far but other break rules, under which
    /// every route so far is still feasible: the solutions cost what they
    /// cost there.
    pub(super) fn search_on(&mut self, problem: &'a Problem) {
        self.searcher.problem = problem;
        self.annealing.recompute(problem);
    }

    /// A trajectory from `start` or a construction of its own, polished by
    /// local search and, when vehicles have a fixed cost, through the fleet
    /// minimisation, ready to anneal.
    pub(super) fn start(
        problem: &'a Problem,
        neighbours: &'a Neighbours,
        config: &'a SearchConfig,
        seed: u64,
        started: Instant,
        start: Option<&Solution>,
    ) -> Self {
        let mut searcher = Searcher {
            problem,
            neighbours,
            config,
            started,
            rng: Rng::new(seed),
            local_search: LocalSearch::new(problem.tasks.len()).with_swap_in(config.swap_in),
            ruin_scratch: RuinScratch::default(),
            removed: Vec::new(),
            left_out: Vec::new(),
            retry_order: RetryOrder::new(problem),
            optional_tasks: problem.optional_count(),
            recreate: RecreateScratch::new(problem),
            regret: RegretScratch::default(),
            cross: CrossScratch::default(),
            iterations: 0,
            stopped_by_time: false,
            routes_made: config.combine_routes.then(|| RoutePool::new(problem)),
        };
        let mut current = match start {
            Some(start) => start.clone(),
            None => regret_insertion(problem, &mut searcher.rng),
        };
        searcher.local_search.run(problem, neighbours, &mut current, &mut searcher.rng);
        if !problem.tasks.is_empty() {
            let fleet_share =
                config.fleet_share.unwrap_or(if problem.vehicles.iter().any(|v| v.fixed_cost > 0) {
                    DEFAULT_FLEET_SHARE
                } else {
                    0.0
                });
            if fleet_share > 0.0 {
                current = searcher.minimise_fleet(current, fleet_share);
            }
        }
        let annealing = Annealing::new(problem, config, current, searcher.optional_tasks);
        Trajectory { searcher, annealing }
    }

    /// Goes on from `best` (another trajectory's) crossed with this
    /// trajectory's own best: the routes of its own best nearest a random
    /// task replace what `best` had of their tasks, and the tasks that
    /// displaces are inserted again as after a ruin. On the sample suburbs
    /// (seeds 1-64) 51 default plans came within 1 % of the best known
    /// instead of 38 when the trajectory continued from a copy of `best`
    /// (docs/measurements.md).
    pub(super) fn continue_crossed(&mut self, best: &Solution) {
        let Searcher {
            problem,
            neighbours,
            config,
            rng,
            recreate: scratch,
            cross: crossing,
            optional_tasks,
            ..
        } = &mut self.searcher;
        let problem: &Problem = problem;
        let child = &mut self.annealing.candidate;
        let displaced = cross(problem, neighbours, (best, &self.annealing.best), child, rng, crossing);
        let left_out: Vec<u32> = child.unassigned().map(|t| t as u32).collect();
        let pack = routes_full(problem, child, &left_out, *optional_tasks);
        recreate(
            (problem, neighbours),
            child,
            (&displaced, displaced.len(), pack),
            config.blink_rate,
            true,
            rng,
            scratch,
        );
        let cost = child.cost(problem);
        self.annealing.continue_from_candidate(cost);
    }
}

/// Where one trajectory's simulated annealing stands between epochs.
pub(super) struct Annealing {
    pub(super) current: Solution,
    pub(super) current_cost: i64,
    /// The current solution plus one ruin and recreate; only the routes
    /// that step touched are copied back, whichever way it goes.
    candidate: Solution,
    pub(super) best: Solution,
    pub(super) best_cost: i64,
    cooling: Cooling,
}

impl Annealing {
    /// Anneals from `current`, starting hot ([`Cooling::hot_for_full_routes`])
    /// when its routes are full ([`routes_full`]; `optional` tasks are not due).
    pub(super) fn new(
        problem: &Problem,
        config: &SearchConfig,
        mut current: Solution,
        optional: usize,
    ) -> Self {
        let current_cost = current.cost(problem);
        current.clear_touched();
        let scale = mean_arc_cost(problem, &current);
        let mut cooling = Cooling::new(config.temperature_start * scale, config.temperature_end * scale);
        let left_out: Vec<u32> = current.unassigned().map(|t| t as u32).collect();
        if routes_full(problem, &current, &left_out, optional) {
            // Full routes leave every optional task out, so the rest left out are due.
            let (due_out, due) = (left_out.len() - optional, problem.tasks.len() - optional);
            cooling = cooling.hot_for_full_routes(problem, due_out, due);
        }
        Annealing {
            candidate: current.clone(),
            best: current.clone(),
            current,
            current_cost,
            best_cost: current_cost,
            cooling,
        }
    }

    /// The same solutions, their routes' caches and costs recomputed for
    /// `problem` ([`Trajectory::search_on`]).
    fn recompute(&mut self, problem: &Problem) {
        for solution in [&mut self.current, &mut self.best] {
            solution.recompute(problem);
        }
        self.best_cost = self.best.cost(problem);
        self.go_on_from_current(self.current.cost(problem));
    }

    /// Goes on from `solution` (another trajectory's best, costing `cost`).
    pub(super) fn continue_from(&mut self, solution: &Solution, cost: i64) {
        self.current.clone_from(solution);
        self.go_on_from_current(cost);
    }

    /// Goes on from the candidate (a child made there), costing `cost`.
    fn continue_from_candidate(&mut self, cost: i64) {
        std::mem::swap(&mut self.current, &mut self.candidate);
        self.go_on_from_current(cost);
    }

    /// Goes on from the current solution, costing `cost`: the candidate
    /// starts as its copy, and it is the best if it beats the best.
    fn go_on_from_current(&mut self, cost: i64) {
        self.current.clear_touched();
        self.candidate.clone_from(&self.current);
        self.current_cost = cost;
        if cost < self.best_cost {
            self.best.clone_from(&self.current);
            self.best_cost = cost;
        }
    }
}

/// One trajectory's random stream, scratch buffers and iteration count.
pub(super) struct Searcher<'a> {
    problem: &'a Problem,
    pub(super) neighbours: &'a Neighbours,
    config: &'a SearchConfig,
    started: Instant,
    pub(super) rng: Rng,
    pub(super) local_search: LocalSearch,
    ruin_scratch: RuinScratch,
    removed: Vec<u32>,
    left_out: Vec<u32>,
    retry_order: RetryOrder,
    /// How many tasks are not due ([`Problem::is_due`]): optional visits.
    pub(super) optional_tasks: usize,
    pub(super) recreate: RecreateScratch,
    regret: RegretScratch,
    cross: CrossScratch,
    pub(super) iterations: u64,
    pub(super) stopped_by_time: bool,
    /// The routes each ruin and recreate made, to be combined during the
    /// search and when it ends ([`SearchConfig::combine_routes`]); `None`
    /// when they are not.
    pub(super) routes_made: Option<RoutePool>,
}

impl Searcher<'_> {
    /// How far through its budget the search is (0 to 1), or `None` once
    /// the budget or the time limit is spent.
    fn progress(&mut self) -> Option<f64> {
        if self.started.elapsed() >= self.config.time_limit {
            self.stopped_by_time = true;
            return None;
        }
        match self.config.iterations {
            Some(budget) => (self.iterations < budget).then(|| self.iterations as f64 / budget as f64),
            None => {
                Some(self.started.elapsed().as_secs_f64() / self.config.time_limit.as_secs_f64().max(1e-9))
            }
        }
    }

    /// Ruins `candidate` around a random seed and reinserts what fits.
    /// Tasks left out before are retried too: all of them when few, else
    /// those near the ruined area and the costliest to leave out.
    fn ruin_recreate(&mut self, candidate: &mut Solution, open_routes: bool) {
        self.removed.clear();
        self.left_out.clear();
        self.left_out.extend(candidate.unassigned().map(|t| t as u32));
        let pack = routes_full(self.problem, candidate, &self.left_out, self.optional_tasks);
        let seed = ruin(
            self.problem,
            self.neighbours,
            candidate,
            &self.config.ruin,
            &mut self.rng,
            &mut self.ruin_scratch,
            &mut self.removed,
        );
        if self.left_out.len() > RETRY_ALL_LEFT_OUT {
            let near: &[u32] = seed.map_or(&[], |s| self.neighbours.of(s));
            // A neighbour unassigned now and not just ruined was left out before.
            let was_left_out =
                |t: u32| candidate.slot(t as usize) == Slot::Unassigned && !self.removed.contains(&t);
            self.retry_order.keep_retried(&mut self.left_out, near, was_left_out);
        }
        let ruined = self.removed.len();
        self.removed.extend_from_slice(&self.left_out);
        // Drawn only where regret may be taken, so that other searches keep their random streams.
        let regret = !pack
            && self.config.regret_rate > 0.0
            && self.problem.vehicles.len() > 1
            && self.rng.chance(self.config.regret_rate);
        if regret {
            regret_insert(
                self.problem,
                candidate,
                &self.removed,
                open_routes,
                &mut self.regret,
                &mut self.rng,
            );
        } else {
            recreate(
                (self.problem, self.neighbours),
                candidate,
                (&self.removed, ruined, pack),
                self.config.blink_rate,
                open_routes,
                &mut self.rng,
                &mut self.recreate,
            );
        }
        self.iterations += 1;
        if self.iterations % PROGRESS_EVERY == 0 {
            if let Some(hook) = &self.config.progress {
                hook.report(PROGRESS_EVERY);
            }
        }
    }

    /// Simulated annealing over ruin and recreate until this trajectory
    /// has done `until` iterations (the end of an epoch); local search
    /// polishes every new best found after the first [`SearchConfig::polish_from`] of the
    /// budget, and no route opens before [`SearchConfig::open_routes_from`].
    /// Returns whether budget and time are left.
    pub(super) fn anneal(&mut self, state: &mut Annealing, until: u64) -> bool {
        let problem = self.problem;
        let Annealing { current, current_cost, candidate, best, best_cost, cooling } = state;
        while self.iterations < until {
            let Some(progress) = self.progress() else { return false };
            let temperature = cooling.at(progress);
            self.ruin_recreate(candidate, progress >= self.config.open_routes_from);
            if let Some(routes_made) = &mut self.routes_made {
                routes_made.add(problem, candidate, candidate.touched());
            }
            let mut candidate_cost = candidate.cost(problem);
            if candidate_cost < *best_cost && progress >= self.config.polish_from {
                self.local_search.run(problem, self.neighbours, candidate, &mut self.rng);
                candidate_cost = candidate.cost(problem);
            }
            let threshold = *current_cost as f64 - temperature * self.rng.unit().max(f64::MIN_POSITIVE).ln();
            if (candidate_cost as f64) < threshold {
                current.sync_from(candidate);
                candidate.clear_touched();
                *current_cost = candidate_cost;
                if *current_cost < *best_cost {
                    best.clone_from(current);
                    *best_cost = *current_cost;
                }
            } else {
                candidate.sync_from(current);
            }
        }
        true
    }

    /// Fleet minimisation (SISR's): take the shortest route out, then ruin
    /// and recreate without opening routes, preferring fewer tasks left out
    /// and, among those, tasks that were left out less often before (their
    /// absence counts), so hard tasks get placed first. When every task is
    /// back in, that fleet is kept and the next route comes out. Uses up to
    /// `share` of the budget; returns the smallest complete fleet found.
    fn minimise_fleet(&mut self, complete: Solution, share: f64) -> Solution {
        let problem = self.problem;
        let mut absences = vec![0u64; problem.tasks.len()];
        let absent = |s: &Solution, absences: &[u64]| s.unassigned().map(|t| absences[t]).sum::<u64>();
        let mut fewest = complete;
        if fewest.unassigned_count() > 0 || fewest.vehicles_used() < 2 {
            return fewest;
        }
        let mut current = fewest.clone();
        drop_shortest_route(problem, &mut current);
        current.clear_touched();
        let mut candidate = current.clone();
        while self.progress().is_some_and(|p| p < share) {
            self.ruin_recreate(&mut candidate, false);
            let (left, current_left) = (candidate.unassigned_count(), current.unassigned_count());
            let accept = left < current_left
                || (left == current_left && absent(&candidate, &absences) < absent(&current, &absences));
            for t in candidate.unassigned() {
                absences[t] += 1;
            }
            if accept {
                current.sync_from(&candidate);
                candidate.clear_touched();
                if current.unassigned_count() == 0 {
                    fewest.clone_from(&current);
                    if current.vehicles_used() < 2 {
                        break;
                    }
                    drop_shortest_route(problem, &mut current);
                    candidate.sync_from(&current);
                    current.clear_touched();
                }
            } else {
                candidate.sync_from(&current);
            }
        }
        fewest
    }
}

/// The order in which a recreate retries tasks left out before, the
/// costliest to leave out first (ties by index), as each task's rank in it:
/// found once for a search, so that choosing the retried among hundreds of
/// left-out tasks every iteration compares plain integers, not skip costs
/// read from every task (3.5 % of a day of 40 reps' instructions).
struct RetryOrder {
    /// Each task's place in the order.
    rank: Vec<u32>,
    /// The task at each place.
    task: Vec<u32>,
}

impl RetryOrder {
    /// The order of `problem`'s tasks (its break rules may change during a
    /// search; its skip costs do not).
    fn new(problem: &Problem) -> Self {
        let rank = ranks(&problem.tasks, |t, task| (std::cmp::Reverse(task.skip_cost), t));
        let mut task = vec![0; rank.len()];
        for (t, &place) in rank.iter().enumerate() {
            task[place as usize] = t as u32;
        }
        RetryOrder { rank, task }
    }

    /// Keeps of `left_out` (more than [`RETRY_ALL_LEFT_OUT`] tasks) those a
    /// recreate retries, in this order: the [`RETRY_ALL_LEFT_OUT`] first,
    /// and those of `near` that `was_left_out`. Selected, not sorted: on a
    /// day of 40 reps that leaves 470 due accounts out, sorting them all
    /// every iteration took an eighth of the instructions
    /// (docs/measurements.md).
    fn keep_retried(&self, left_out: &mut Vec<u32>, near: &[u32], was_left_out: impl Fn(u32) -> bool) {
        for t in left_out.iter_mut() {
            *t = self.rank[*t as usize];
        }
        let (_, &mut last, _) = left_out.select_nth_unstable(RETRY_ALL_LEFT_OUT - 1);
        left_out.truncate(RETRY_ALL_LEFT_OUT);
        let later = near.iter().map(|&t| (t, self.rank[t as usize])).filter(|&(_, rank)| rank > last);
        left_out.extend(later.filter(|&(t, _)| was_left_out(t)).map(|(_, rank)| rank));
        left_out.sort_unstable();
        for t in left_out.iter_mut() {
            *t = self.task[*t as usize];
        }
    }
}

/// Empties the route with the fewest visits; its tasks become unassigned.
fn drop_shortest_route(problem: &Problem, solution: &mut Solution) {
    if let Some(r) = (0..solution.routes.len())
        .filter(|&r| !solution.routes[r].is_empty())
        .min_by_key(|&r| (solution.routes[r].visit_count(), r))
    {
        solution.set_route(problem, r, &[]);
    }
}

/// Mean arc cost of a solution's routes: the unit in which temperatures are given.
fn mean_arc_cost(problem: &Problem, solution: &Solution) -> f64 {
    let (cost, arcs) = solution
        .routes
        .iter()
        .filter(|r| !r.is_empty())
        .fold((0i64, 0usize), |(c, a), r| (c + r.cost(), a + r.visit_count() + 1));
    if arcs == 0 {
        let n = problem.tasks.len().max(1);
        let total: i64 =
            problem.tasks.iter().map(|t| problem.cost(problem.vehicles[0].start_place, t.place)).sum();
        return (total as f64 / n as f64).max(1.0);
    }
    (cost as f64 / arcs as f64).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::line_problem as problem;

    /// The tasks retried are the ten costliest to leave out and the
    /// neighbours left out, in the order sorting them all by cost gives.
    #[test]
    fn a_recreate_retries_the_costliest_left_out_and_those_near_the_ruin() {
        let mut problem = problem();
        let mut rng = Rng::new(3);
        for round in 0..50 {
            for task in problem.tasks.iter_mut() {
                task.skip_cost = 1 + rng.below(6) as i64;
            }
            let tasks = problem.tasks.len();
            let left_out: Vec<u32> = (0..tasks as u32).filter(|_| rng.chance(0.7)).collect();
            if left_out.len() <= RETRY_ALL_LEFT_OUT {
                continue;
            }
            let near: Vec<u32> = (0..tasks as u32).filter(|_| rng.chance(0.3)).collect();
            let was_left_out = |t: u32| left_out.contains(&t);
            let mut sorted = left_out.clone();
            sorted.sort_by_key(|&t| (std::cmp::Reverse(problem.tasks[t as usize].skip_cost), t));
            let expected: Vec<u32> = sorted
                .iter()
                .enumerate()
                .filter(|&(rank, t)| rank < RETRY_ALL_LEFT_OUT || near.contains(t))
                .map(|(_, &t)| t)
                .collect();
            let mut kept = left_out.clone();
            RetryOrder::new(&problem).keep_retried(&mut kept, &near, was_left_out);
            assert_eq!(kept, expected, "round {round}");
        }
    }

    #[test]
    fn the_annealing_starts_hot_only_from_full_routes() {
        let mut problem = problem();
        // Tasks 0-9 due (11 000 000 to leave out), 10-19 optional (900).
        for (t, task) in problem.tasks.iter_mut().enumerate() {
            task.skip_cost = if t < 10 { 11_000_000 } else { 900 };
        }
        let due = problem.with_due_from(10_000_000);
        let config = SearchConfig::default();
        // Four of the ten due tasks in, the rest and every optional one out:
        // hot at ten times the least due skip cost, cooling to the usual
        // start over the share left out (0.6), at most half the budget.
        let mut full = Solution::empty(&due);
        full.set_route(&due, 0, &[0, 1, 2, 3]);
        let hot = Annealing::new(&due, &config, full.clone(), 10);
        let usual = config.temperature_start * mean_arc_cost(&due, &full);
        assert_eq!(hot.cooling.at(0.0), 100_000_000.0);
        assert!((hot.cooling.at(0.5) - usual).abs() < 1e-6 * usual);
        // Every due task in: the usual schedule.
        let mut fits = full;
        fits.set_route(&due, 1, &[4, 5, 6, 7, 8, 9]);
        let cold = Annealing::new(&due, &config, fits.clone(), 10);
        assert_eq!(cold.cooling.at(0.0), config.temperature_start * mean_arc_cost(&due, &fits));
    }
}
