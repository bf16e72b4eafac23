//! The search driver: regret construction and local search, then
//! ruin-and-recreate (SISR string removals, greedy insertion with blinks)
//! under simulated-annealing acceptance; local search polishes every new best.
//!
//! [`SearchConfig::trajectories`] such annealing trajectories cooperate: they
//! run in synchronous epochs of [`SearchConfig::epoch_iterations`] each, and
//! between epochs the worse half of them continue from the best solution any
//! has found, crossed with their own best (the `crossover` module). Their
//! number is fixed by the configuration, never by the machine, and the
//! exchange depends only on costs and indices, so a seed gives the same plan
//! on one thread or many ([`SearchConfig::threads`]).
//!
//! With a [`SearchConfig::decomposition`] the last share of the budget
//! improves the best solution by parts instead (the `decompose` module).
//!
//! Where a break may be skipped by a rep home before it must start
//! ([`BreakSpec::skippable`](super::problem::BreakSpec::skippable)), the
//! search takes every break for the first half of its budget and only then
//! weighs the half hours that skipping saves (`BREAKS_TAKEN_SHARE`).

use std::time::Instant;

use super::config::{SearchConfig, PROGRESS_EVERY};
use super::construct::regret_insertion;
use super::insert::best_in_route;
use super::neighbours::Neighbours;
use super::problem::Problem;
use super::recreate::{recreate, routes_full};
use super::route_pool::RoutePool;
use super::solution::Solution;
use crate::solver::rng::Rng;

mod trajectory;

use trajectory::{Annealing, Trajectory};

/// The result of one search.
#[derive(Clone, Debug)]
pub struct SearchOutcome {
    /// Best solution found.
    pub solution: Solution,
    /// Its objective value.
    pub cost: i64,
    /// Ruin-and-recreate iterations done (summed over trajectories).
    pub iterations: u64,
    /// Whether the time limit, not the iteration budget, ended the search.
    pub stopped_by_time: bool,
}

/// Runs `config.runs` independent searches of `config.trajectories`
/// cooperating trajectories each and returns the best solution found. A
/// problem without vehicles (a holiday: nobody works) leaves every task out.
pub fn solve(problem: &Problem, config: &SearchConfig) -> SearchOutcome {
    super::runs::solve_runs(problem, config, None)
}

/// [`solve`] from a solution already at hand (a day planned before and
/// changed a little) instead of a new construction: the search returns
/// nothing worse than `start`.
pub fn solve_from(problem: &Problem, config: &SearchConfig, start: &Solution) -> SearchOutcome {
    super::runs::solve_runs(problem, config, Some(start))
}

/// The search of the whole problem, then, with a [`SearchConfig::decomposition`],
/// the improvement of its best solution a few routes at a time in the last
/// share of the budget.
pub(super) fn solve_in_parts(
    problem: &Problem,
    config: &SearchConfig,
    start: Option<&Solution>,
) -> SearchOutcome {
    let Some(decomposition) = config.decomposition else { return solve_with(problem, config, start) };
    let started = Instant::now();
    let whole_share = 1.0 - decomposition.share;
    let whole = SearchConfig {
        iterations: config.iterations.map(|n| (n as f64 * whole_share).round() as u64),
        time_limit: config.time_limit.mul_f64(whole_share),
        decomposition: None,
        ..config.clone()
    };
    let outcome = solve_with(problem, &whole, start);
    // What the whole search's trajectories did not get of their iterations, all of theirs together.
    let budget = config
        .iterations
        .zip(whole.iterations)
        .map(|(n, whole_n)| (n - whole_n).saturating_mul(config.trajectory_count() as u64));
    decomposition.improve(problem, &whole, outcome, (budget, started + config.time_limit))
}

fn solve_with(problem: &Problem, config: &SearchConfig, start: Option<&Solution>) -> SearchOutcome {
    if problem.vehicles.is_empty() {
        let solution = Solution::empty(problem);
        let cost = solution.cost(problem);
        return SearchOutcome { solution, cost, iterations: 0, stopped_by_time: false };
    }
    // A solution at hand may need a skipped break: it is searched as it is.
    let with_breaks = if start.is_none() { problem.with_breaks_taken() } else { None };
    let mut breaks_taken = with_breaks.is_some();
    let neighbours = Neighbours::build(problem, config.neighbours);
    let mut root = Rng::new(config.seed);
    let seeds: Vec<u64> = (0..config.trajectory_count()).map(|_| root.next_u64()).collect();
    let started = Instant::now();
    let threads = config.threads.min(seeds.len());
    let pool =
        (threads > 1).then(|| rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok()).flatten();
    let mut trajectories = in_parallel(pool.as_ref(), seeds, |seed| {
        Trajectory::start(with_breaks.as_ref().unwrap_or(problem), &neighbours, config, seed, started, start)
    });
    // Where the breaks stop being taken: an epoch ends there, so that the
    // plan is the same on any number of threads.
    let breaks_until = config.iterations.map(|budget| (budget as f64 * BREAKS_TAKEN_SHARE) as u64);
    // Every trajectory's routes, taken in at each combination.
    let mut all_routes =
        (config.combine_routes && !problem.tasks.is_empty()).then(|| RoutePool::new(problem));
    let mut combine_at: Vec<u64> = match (&all_routes, config.iterations) {
        (Some(_), Some(budget)) => {
            COMBINED_AT.iter().rev().map(|share| (budget as f64 * share) as u64).collect()
        }
        _ => Vec::new(),
    };
    if !problem.tasks.is_empty() {
        let epoch = config.epoch_iterations.max(1);
        let mut until = 0;
        loop {
            until = match breaks_until {
                Some(at) if breaks_taken && until < at => (until + epoch).min(at),
                _ => until + epoch,
            };
            let running = in_parallel(pool.as_ref(), trajectories.iter_mut().collect(), |t| {
                t.searcher.anneal(&mut t.annealing, until)
            });
            let running = running.contains(&true);
            if running {
                if let Some(routes) = &mut all_routes {
                    if !breaks_taken && combine_at.last().is_some_and(|&at| until >= at) {
                        combine_at.pop();
                        combine_routes(problem, routes, &mut trajectories, pool.as_ref());
                    }
                }
                exchange(&mut trajectories);
            }
            // The rule from here on, and on what the search ends with if it stopped before.
            let time_share = || started.elapsed().as_secs_f64() / config.time_limit.as_secs_f64().max(1e-9);
            if breaks_taken
                && (!running || breaks_until.map_or(time_share() >= BREAKS_TAKEN_SHARE, |at| until >= at))
            {
                breaks_taken = false;
                in_parallel(pool.as_ref(), trajectories.iter_mut().collect(), |t| t.search_on(problem));
            }
            if !running {
                break;
            }
        }
    }
    if let Some(routes) = &mut all_routes {
        combine_routes(problem, routes, &mut trajectories, pool.as_ref());
    }
    if let Some(hook) = &config.progress {
        for t in &trajectories {
            hook.report(t.searcher.iterations % PROGRESS_EVERY);
        }
    }
    let iterations = trajectories.iter().map(|t| t.searcher.iterations).sum();
    let stopped_by_time = trajectories.iter().any(|t| t.searcher.stopped_by_time);
    let best = best_trajectory(&trajectories);
    let Annealing { best: solution, best_cost: cost, .. } = trajectories.swap_remove(best).annealing;
    SearchOutcome { solution, cost, iterations, stopped_by_time }
}

/// A first solution counts as full ([`starts_full`]) when it leaves out at
/// least one due task in this many. A construction that leaves a few out
/// usually meets a search that fits them in: the sample rural region's
/// leaves 2 of 43 out, a team's re-plans 1-8 of 32-152 (`cargo bench
/// --bench replan`), and every one ends covered. On the overloaded days
/// measured it leaves a third or more out (41 of 124, 80 of 229, 105 of
/// 225), and a sixth to a fifth stay out (docs/measurements.md).
pub const FULL_START_DUE_OUT_ONE_IN: usize = 10;

/// Whether a search of `problem` seeded with `seed` starts from full routes:
/// its first trajectory's construction leaves due tasks out for want of
/// room (as the annealing judges its start before it starts hot), at least
/// one in [`FULL_START_DUE_OUT_ONE_IN`], as on a day with more due visits
/// than the reps can make. A due task no vehicle could serve even alone (an
/// appointment no rep can reach in time) is not left out for want of room,
/// and does not count. Such a day gets more work by default
/// ([`DayProblem::search_config`](crate::planning::day::DayProblem::search_config)).
pub fn starts_full(problem: &Problem, seed: u64) -> bool {
    if problem.vehicles.is_empty() || problem.tasks.is_empty() {
        return false;
    }
    let with_breaks = problem.with_breaks_taken();
    let problem = with_breaks.as_ref().unwrap_or(problem);
    let first = regret_insertion(problem, &mut Rng::new(Rng::new(seed).next_u64()));
    let empty = Solution::empty(problem);
    let mut rng = Rng::new(seed);
    let mut left_out = Vec::new();
    for t in first.unassigned() {
        let mut fits_alone = (0..empty.routes.len())
            .filter(|&v| problem.allowed(t, v))
            .map(|v| best_in_route(problem, &empty.routes[v], t as u32, 0.0, &mut rng));
        if !problem.is_due(t) || fits_alone.any(|insertion| insertion.is_some()) {
            left_out.push(t as u32);
        }
    }
    let optional = problem.optional_count();
    let due_out = left_out.iter().filter(|&&t| problem.is_due(t as usize)).count();
    let due = problem.tasks.len() - optional;
    due_out * FULL_START_DUE_OUT_ONE_IN >= due && routes_full(problem, &first, &left_out, optional)
}

/// `work` applied to each of `items`, in their order: on `pool`'s threads
/// if there is one, else one after the other on this thread.
pub(super) fn in_parallel<T: Send, R: Send>(
    pool: Option<&rayon::ThreadPool>,
    items: Vec<T>,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    match pool {
        Some(pool) => {
            use rayon::prelude::*;
            pool.install(|| items.into_par_iter().map(&work).collect())
        }
        None => items.into_iter().map(work).collect(),
    }
}

/// The routes the trajectories made since the last combination, taken into
/// `pool` in trajectory order, combined into the best solution found
/// ([`RoutePool::improve`]), the tasks that leaves out inserted again where
/// they fit, and the result polished by local search; if it costs less than
/// that best, it is the trajectory's new best and current solution. Runs
/// between epochs at [`COMBINED_AT`] and when the search ends, the
/// combination's subsets searched on `threads`. Depends only on costs and
/// indices, so the search stays the same on any number of threads.
fn combine_routes(
    problem: &Problem,
    pool: &mut RoutePool,
    trajectories: &mut [Trajectory<'_>],
    threads: Option<&rayon::ThreadPool>,
) {
    for t in trajectories.iter_mut() {
        if let Some(made) = &mut t.searcher.routes_made {
            pool.take_new(made);
        }
    }
    let best = best_trajectory(trajectories);
    let Trajectory { searcher, annealing } = &mut trajectories[best];
    let Some(routes) = pool.improve(problem, &annealing.best, threads) else { return };
    let mut combined = Solution::empty(problem);
    for (v, stops) in routes.iter().enumerate() {
        combined.set_route(problem, v, stops);
    }
    let left_out: Vec<u32> = combined.unassigned().map(|t| t as u32).collect();
    let pack = routes_full(problem, &combined, &left_out, searcher.optional_tasks);
    recreate(
        (problem, searcher.neighbours),
        &mut combined,
        (&left_out, 0, pack),
        0.0,
        true,
        &mut searcher.rng,
        &mut searcher.recreate,
    );
    searcher.local_search.run(problem, searcher.neighbours, &mut combined, &mut searcher.rng);
    let cost = combined.cost(problem);
    if cost < annealing.best_cost && combined.is_feasible() {
        annealing.continue_from(&combined, cost);
    }
}

/// The trajectory holding the best solution found, the first of equals.
fn best_trajectory(trajectories: &[Trajectory<'_>]) -> usize {
    (0..trajectories.len())
        .min_by_key(|&i| (trajectories[i].annealing.best_cost, i))
        .expect("at least one trajectory")
}

/// Between two epochs: the worse half of the trajectories (by the cost of
/// their current solution, ties by index) continue from the best solution
/// found so far crossed with their own best ([`Trajectory::continue_crossed`]),
/// each at its own temperature and with its own random stream; the better
/// half go on where they are. Depends only on costs and indices, so the
/// search is the same on any number of threads.
fn exchange(trajectories: &mut [Trajectory<'_>]) {
    if trajectories.len() < 2 {
        return;
    }
    let best = best_trajectory(trajectories);
    let (solution, cost) =
        (trajectories[best].annealing.best.clone(), trajectories[best].annealing.best_cost);
    let mut order: Vec<usize> = (0..trajectories.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(trajectories[i].annealing.current_cost), std::cmp::Reverse(i)));
    for &i in &order[..trajectories.len() / 2] {
        if trajectories[i].annealing.current_cost > cost {
            if i == best {
                trajectories[i].annealing.continue_from(&solution, cost);
            } else {
                trajectories[i].continue_crossed(&solution);
            }
        }
    }
}
/// Share of the budget searched with every break taken ([`Problem::with_breaks_taken`])
/// before the rest goes on with breaks skipped where the rule allows. A rep
/// home before lunch must start needs none, which saves half an hour of
/// the working day: searched with that rule throughout, many plans with
/// some rep home early become traps (which rep, with which accounts), and
/// the suburbs' default plans cost 0.3-0.5 % more on the mean (seeds
/// 1-128); with every break taken throughout, the city's plans missed the
/// rep who is home by eleven. Half measured best among 0.25, 0.5, 0.75, 0.9
/// and 0.95: the suburbs' mean as at 0.9, the city's 59 seeds of 64 within
/// 1 % of the best known instead of 38 (docs/measurements.md).
const BREAKS_TAKEN_SHARE: f64 = 0.5;

/// The shares of an iteration budget after which the routes made so far are
/// combined ([`combine_routes`]), besides at the end, where a search
/// combines them ([`SearchConfig::combine_routes`]); the exchange after it
/// hands the result on. Once all routes are at hand, combining at the end
/// left out 0.51 less weight on the overloaded day than not combining
/// (seeds 1-64); at 60 % and 80 % as well, 0.28-0.32 less again, for
/// 0.1 s more a plan on 2 cores. Five times from 50 % to 90 % gained no
/// more (docs/measurements.md). After the breaks stop being all taken
/// ([`BREAKS_TAKEN_SHARE`]), so the routes are those of the rules the search
/// ends with.
const COMBINED_AT: [f64; 2] = [0.6, 0.8];

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    use super::*;
    use crate::solver::testkit::line_problem as problem;
    use crate::solver::{BreakSpec, ProgressHook, Window};

    /// Regret is drawn only where it may be taken: a search of one vehicle,
    /// or one whose routes stay full of due visits, is the same with a
    /// regret rate as without; one of two vehicles with room is not.
    #[test]
    fn regret_changes_only_searches_it_applies_to() {
        // Few iterations, so that a search that took regret has not yet met the other's answer.
        let config = SearchConfig { iterations: Some(20), polish_from: 1.0, ..SearchConfig::default() };
        let with_regret = SearchConfig { regret_rate: 0.5, ..config.clone() };
        let same = |problem: &Problem| {
            let (a, b) = (solve(problem, &config), solve(problem, &with_regret));
            a.cost == b.cost
                && a.solution.routes.iter().zip(&b.solution.routes).all(|(x, y)| x.stops() == y.stops())
        };
        let alone = crate::solver::testkit::line_problem_of(1);
        assert!(same(&alone));
        // Two vehicles of 5 for twenty due visits: the routes are full throughout.
        let mut full = problem();
        for task in &mut full.tasks {
            task.skip_cost = 11_000_000;
        }
        for vehicle in &mut full.vehicles {
            vehicle.capacity = 5;
        }
        assert!(same(&full.with_due_from(10_000_000)));
        // Three vehicles with room for all: regret takes half the recreates.
        assert!(!same(&crate::solver::testkit::scattered()));
    }

    #[test]
    fn the_progress_hook_counts_every_iteration_and_changes_nothing() {
        let problem = problem();
        for (trajectories, threads, runs) in [(1, 1, 1), (2, 2, 2)] {
            let plain = SearchConfig {
                iterations: Some(600),
                trajectories: Some(trajectories),
                threads,
                runs: Some(runs),
                ..SearchConfig::default()
            };
            let counted = Arc::new(AtomicU64::new(0));
            let counter = Arc::clone(&counted);
            let watched = SearchConfig {
                progress: Some(ProgressHook::new(move |n| {
                    counter.fetch_add(n, Ordering::Relaxed);
                })),
                ..plain.clone()
            };
            let (without, with) = (solve(&problem, &plain), solve(&problem, &watched));
            assert_eq!(with.iterations, 600 * (trajectories * runs) as u64);
            assert_eq!(Some(with.iterations), plain.total_iterations());
            assert_eq!(counted.load(Ordering::Relaxed), with.iterations);
            assert_eq!(with.cost, without.cost);
            for (a, b) in with.solution.routes.iter().zip(&without.solution.routes) {
                assert_eq!(a.stops(), b.stops());
            }
        }
    }

    /// Four trajectories of `iterations` each, in epochs of 100, solved on
    /// one thread and on two: the same feasible solution either way.
    fn solved_on_one_thread_and_two(problem: &Problem, iterations: u64) -> SearchOutcome {
        let config = SearchConfig {
            iterations: Some(iterations),
            trajectories: Some(4),
            epoch_iterations: 100,
            ..SearchConfig::default()
        };
        solved_on_one_thread_and_two_by(problem, config)
    }

    fn solved_on_one_thread_and_two_by(problem: &Problem, config: SearchConfig) -> SearchOutcome {
        let iterations = config.iterations.expect("a budget");
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
            pool.install(|| solve(problem, &SearchConfig { threads, ..config.clone() }))
        };
        let (one, two) = (on(1), on(2));
        assert_eq!(one.iterations, 4 * iterations);
        assert_eq!((one.cost, one.iterations), (two.cost, two.iterations));
        for (a, b) in one.solution.routes.iter().zip(&two.solution.routes) {
            assert_eq!(a.stops(), b.stops());
        }
        assert!(one.solution.is_feasible());
        one
    }

    #[test]
    fn cooperating_trajectories_give_the_same_solution_on_one_thread_or_two() {
        solved_on_one_thread_and_two(&problem(), 900);
    }

    /// With more tasks than the vehicles can take, the routes made are
    /// combined at 60 % and 80 % of the budget (between epochs) and at the
    /// end, and the search is the same on one thread or two.
    #[test]
    fn combining_routes_during_the_search_gives_the_same_solution_on_one_thread_or_two() {
        let mut problem = crate::solver::testkit::line_problem_worth_visiting(3);
        for vehicle in &mut problem.vehicles {
            vehicle.capacity = 5;
        }
        let config = SearchConfig {
            iterations: Some(1_000),
            trajectories: Some(4),
            epoch_iterations: 100,
            combine_routes: true,
            ..SearchConfig::default()
        };
        let outcome = solved_on_one_thread_and_two_by(&problem, config);
        assert_eq!(outcome.solution.unassigned().count(), 5);
    }

    /// With lunch breaks a rep home by 6 000 may skip, the search takes
    /// every break until 475 of its 950 iterations (an epoch ends there),
    /// then weighs the rule: the answer costs what it costs under the rule,
    /// and is the same on one thread or two.
    #[test]
    fn breaks_are_taken_for_half_the_budget_then_skipped_where_the_rule_allows() {
        assert!(problem().with_breaks_taken().is_none(), "no break to take");
        let mut problem = problem().with_working_day_weight(100);
        let lunch =
            BreakSpec { start: Window { open: 3_000, close: 6_000 }, duration_s: 600, skippable: true };
        for vehicle in &mut problem.vehicles {
            vehicle.break_spec = Some(lunch);
        }
        let taken = problem.with_breaks_taken().expect("breaks to take");
        assert!(taken.vehicles.iter().all(|v| v.break_spec == Some(BreakSpec { skippable: false, ..lunch })));
        let one = solved_on_one_thread_and_two(&problem, 950);
        assert_eq!(one.cost, one.solution.cost(&problem));
        let mut recomputed = one.solution.clone();
        recomputed.recompute(&taken);
        assert!(recomputed.cost(&taken) > one.cost, "a rep home before 6 000 skips the break");
    }

    /// Kept from opening routes for the whole budget, the annealing's
    /// current and best solutions never use more routes than the fleet
    /// phase left; allowed, the search opens some, since here every route
    /// earns a bonus.
    #[test]
    fn no_route_opens_before_the_share_of_the_budget_that_allows_it() {
        let mut problem = crate::solver::testkit::line_problem_of(6);
        for vehicle in &mut problem.vehicles {
            vehicle.fixed_cost = -1_000;
        }
        let most_routes = |open_routes_from: f64| {
            let config = SearchConfig {
                iterations: Some(400),
                fleet_share: Some(0.5),
                open_routes_from,
                ..SearchConfig::default()
            };
            let neighbours = Neighbours::build(&problem, config.neighbours);
            let mut t = Trajectory::start(&problem, &neighbours, &config, 7, Instant::now(), None);
            let started_with = t.annealing.current.vehicles_used();
            let mut most = started_with;
            for until in (10..=400).step_by(10) {
                t.searcher.anneal(&mut t.annealing, until);
                most = most.max(t.annealing.current.vehicles_used()).max(t.annealing.best.vehicles_used());
            }
            (started_with, most)
        };
        let (started_with, most) = most_routes(1.0);
        assert!(started_with < problem.vehicles.len(), "the fleet phase leaves idle vehicles");
        assert_eq!(most, started_with);
        let (started_with, most) = most_routes(0.0);
        assert!(most > started_with, "the hot search opens a route: {most} against {started_with}");
    }

    /// Combining the routes four trajectories made into the best solution
    /// found goes on from a better one, feasible at its true cost, and never
    /// from a worse: here the best is held back to the routes of two
    /// vehicles, and the trajectories' routes fill the other four.
    #[test]
    fn combining_the_routes_made_goes_on_from_a_better_solution_never_a_worse() {
        let mut problem = crate::solver::testkit::scattered();
        problem.vehicles = vec![crate::solver::Vehicle { capacity: 3, ..problem.vehicles[0].clone() }; 6];
        for (t, task) in problem.tasks.iter_mut().enumerate() {
            task.skip_cost = 1_000 * (1 + (t as i64 * 7) % 10);
        }
        let config = SearchConfig { iterations: Some(60), combine_routes: true, ..SearchConfig::default() };
        let neighbours = Neighbours::build(&problem, config.neighbours);
        let mut trajectories: Vec<Trajectory> = (0..4)
            .map(|seed| Trajectory::start(&problem, &neighbours, &config, seed, Instant::now(), None))
            .collect();
        for t in &mut trajectories {
            t.searcher.anneal(&mut t.annealing, 60);
        }
        let found = trajectories.iter().map(|t| t.annealing.best_cost).min().expect("four");
        let mut held_back = Solution::empty(&problem);
        for (v, route) in trajectories[0].annealing.best.routes.iter().enumerate().take(2) {
            held_back.set_route(&problem, v, route.stops());
        }
        let start = held_back.cost(&problem);
        for t in &mut trajectories[1..] {
            t.annealing.best_cost = i64::MAX;
        }
        // Said to cost less than anything the routes can make, it stays the
        // best, and the trajectory goes on where it was.
        let mut pool = RoutePool::new(&problem);
        trajectories[0].annealing.best = held_back;
        trajectories[0].annealing.best_cost = 0;
        let current_cost = trajectories[0].annealing.current_cost;
        combine_routes(&problem, &mut pool, &mut trajectories, None);
        assert_eq!(trajectories[0].annealing.best_cost, 0);
        assert_eq!(trajectories[0].annealing.best.cost(&problem), start);
        assert_eq!(trajectories[0].annealing.current_cost, current_cost);
        // At its true cost, the routes made take its place.
        trajectories[0].annealing.best_cost = start;
        combine_routes(&problem, &mut pool, &mut trajectories, None);
        let combined = &trajectories[0].annealing;
        assert!(combined.best_cost < start, "{} from {start}", combined.best_cost);
        assert!(combined.best_cost <= found, "{} against {found} found", combined.best_cost);
        assert!(combined.best.is_feasible());
        assert_eq!(combined.best_cost, combined.best.cost(&problem));
    }

    #[test]
    fn the_worse_half_continues_from_the_best_crossed_with_their_own() {
        let problem = problem();
        let config = SearchConfig { iterations: Some(50), ..SearchConfig::default() };
        let neighbours = Neighbours::build(&problem, config.neighbours);
        let mut trajectories: Vec<Trajectory> = (0..4)
            .map(|seed| Trajectory::start(&problem, &neighbours, &config, seed, Instant::now(), None))
            .collect();
        // Current costs 40, 30, 20, 30; trajectory 3 has the best solution found (5).
        for (t, cost) in trajectories.iter_mut().zip([40, 30, 20, 30]) {
            t.annealing.current_cost = cost;
            t.annealing.best_cost = cost;
        }
        trajectories[3].annealing.best_cost = 5;
        let best = trajectories[3].annealing.best.clone();
        let own_best = trajectories[0].annealing.best.clone();
        exchange(&mut trajectories);
        // The two worst (40, and of the 30s the later one, 3) move; the rest go on.
        let costs: Vec<i64> = trajectories.iter().map(|t| t.annealing.current_cost).collect();
        assert_eq!(costs[1..], [30, 20, 5]);
        // Trajectory 3 holds the best itself and continues from it.
        for (a, b) in trajectories[3].annealing.current.routes.iter().zip(&best.routes) {
            assert_eq!(a.stops(), b.stops());
        }
        // Trajectory 0 continues from the best crossed with its own best: a
        // complete, feasible solution at its true cost, holding a route of its own.
        let child = &trajectories[0].annealing.current;
        assert_eq!(costs[0], child.cost(&problem));
        assert!(child.is_feasible());
        assert_eq!(child.unassigned_count(), 0);
        let own_routes = own_best.routes.iter().filter(|r| !r.is_empty());
        assert!(own_routes.into_iter().any(|own| child.routes.iter().any(|r| r.stops() == own.stops())));
    }
}
