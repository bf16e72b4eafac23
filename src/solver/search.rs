//! The search driver: regret construction and local search, then
//! ruin-and-recreate (SISR string removals, greedy insertion with blinks)
//! under simulated-annealing acceptance; local search polishes every new best.

use std::time::{Duration, Instant};

use super::construct::regret_insertion;
use super::insert::{best_in_route, Insertion};
use super::local_search::LocalSearch;
use super::neighbours::Neighbours;
use super::problem::Problem;
use super::ruin::{ruin, RuinParams};
use super::solution::Solution;
use crate::rng::Rng;

/// Up to this many left-out tasks are all retried in every recreate; beyond
/// it, only those near the ruined area and this many of the costliest to skip.
const RETRY_ALL_LEFT_OUT: usize = 10;

/// What stops the search and how it explores.
#[derive(Clone, Debug)]
pub struct SearchConfig {
    /// Seed of every random choice.
    pub seed: u64,
    /// Ruin-and-recreate iterations per thread; `None` runs until `time_limit`.
    /// With a budget the run is deterministic (as long as the time limit does not cut it).
    pub iterations: Option<u64>,
    /// Wall-clock cap.
    pub time_limit: Duration,
    /// Independent searches run in parallel (rayon); the best wins.
    pub threads: usize,
    /// Size of each task's granular neighbourhood.
    pub neighbours: usize,
    /// String-removal parameters.
    pub ruin: RuinParams,
    /// Probability of skipping a position during recreate (SISR's blinks).
    pub blink_rate: f64,
    /// Start temperature, as a multiple of the mean arc cost of the first solution.
    pub temperature_start: f64,
    /// End temperature, same unit.
    pub temperature_end: f64,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            seed: 1,
            iterations: None,
            time_limit: Duration::from_secs(10),
            threads: 1,
            neighbours: 40,
            ruin: RuinParams::default(),
            blink_rate: 0.01,
            temperature_start: 1.0,
            temperature_end: 0.01,
        }
    }
}

/// The result of one search.
#[derive(Clone, Debug)]
pub struct SearchOutcome {
    /// Best solution found.
    pub solution: Solution,
    /// Its objective value.
    pub cost: i64,
    /// Ruin-and-recreate iterations done (summed over threads).
    pub iterations: u64,
    /// Whether the time limit, not the iteration budget, ended the search.
    pub stopped_by_time: bool,
}

/// Runs `config.threads` independent searches and returns the best.
pub fn solve(problem: &Problem, config: &SearchConfig) -> SearchOutcome {
    let neighbours = Neighbours::build(problem, config.neighbours);
    let mut root = Rng::new(config.seed);
    let seeds: Vec<u64> = (0..config.threads.max(1)).map(|_| root.next_u64()).collect();
    let started = Instant::now();
    let outcomes: Vec<SearchOutcome> = if seeds.len() == 1 {
        vec![search(problem, &neighbours, config, seeds[0], started)]
    } else {
        use rayon::prelude::*;
        seeds.par_iter().map(|&s| search(problem, &neighbours, config, s, started)).collect()
    };
    let iterations = outcomes.iter().map(|o| o.iterations).sum();
    let stopped_by_time = outcomes.iter().any(|o| o.stopped_by_time);
    let best = outcomes.into_iter().min_by_key(|o| o.cost).expect("at least one search");
    SearchOutcome { iterations, stopped_by_time, ..best }
}

fn search(problem: &Problem, neighbours: &Neighbours, config: &SearchConfig, seed: u64, started: Instant) -> SearchOutcome {
    let mut rng = Rng::new(seed);
    let mut local_search = LocalSearch::new(problem.tasks.len());
    let mut current = regret_insertion(problem, &mut rng);
    local_search.run(problem, neighbours, &mut current, &mut rng);
    let mut current_cost = current.cost(problem);
    let mut best = current.clone();
    let mut best_cost = current_cost;

    let scale = mean_arc_cost(problem, &current);
    let (t_start, t_end) = (config.temperature_start * scale, config.temperature_end * scale);
    let mut removed = Vec::new();
    let mut left_out = Vec::new();
    let mut order = Vec::new();
    let mut stops = Vec::new();
    let mut iterations = 0u64;
    let mut stopped_by_time = false;
    if problem.tasks.is_empty() {
        return SearchOutcome { solution: best, cost: best_cost, iterations, stopped_by_time };
    }
    loop {
        let progress = match config.iterations {
            Some(budget) => {
                if iterations >= budget {
                    break;
                }
                iterations as f64 / budget as f64
            }
            None => started.elapsed().as_secs_f64() / config.time_limit.as_secs_f64().max(1e-9),
        };
        if started.elapsed() >= config.time_limit {
            stopped_by_time = true;
            break;
        }
        let temperature = t_start * (t_end / t_start).powf(progress.min(1.0));
        let mut candidate = current.clone();
        // Retry tasks left out before: those near the ruined area, and the
        // ones costliest to leave out, then the newly removed ones.
        removed.clear();
        left_out.clear();
        left_out.extend(candidate.unassigned().map(|t| t as u32));
        let seed = ruin(problem, neighbours, &mut candidate, &config.ruin, &mut rng, &mut removed);
        if left_out.len() > RETRY_ALL_LEFT_OUT {
            let near: &[u32] = seed.map_or(&[], |s| neighbours.of(s));
            left_out.sort_by_key(|&t| (std::cmp::Reverse(problem.tasks[t as usize].skip_cost), t));
            let costliest: Vec<u32> = left_out[..RETRY_ALL_LEFT_OUT].to_vec();
            left_out.retain(|t| near.contains(t) || costliest.contains(t));
        }
        removed.extend_from_slice(&left_out);
        recreate(problem, &mut candidate, &removed, config.blink_rate, &mut rng, &mut order, &mut stops);
        let mut candidate_cost = candidate.cost(problem);
        if candidate_cost < best_cost {
            local_search.run(problem, neighbours, &mut candidate, &mut rng);
            candidate_cost = candidate.cost(problem);
        }
        let threshold = current_cost as f64 - temperature * rng.unit().max(f64::MIN_POSITIVE).ln();
        if (candidate_cost as f64) < threshold {
            current = candidate;
            current_cost = candidate_cost;
            if current_cost < best_cost {
                best = current.clone();
                best_cost = current_cost;
            }
        }
        iterations += 1;
    }
    SearchOutcome { solution: best, cost: best_cost, iterations, stopped_by_time }
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
        let total: i64 = problem.tasks.iter().map(|t| problem.cost(problem.vehicles[0].start_place, t.place)).sum();
        return (total as f64 / n as f64).max(1.0);
    }
    (cost as f64 / arcs as f64).max(1.0)
}

/// Reinserts `tasks` one by one at their cheapest feasible place (with
/// blinks), in one of SISR's orders; tasks with a higher skip cost (due
/// before optional, high priority first) always go first.
fn recreate(problem: &Problem, solution: &mut Solution, tasks: &[u32], blink_rate: f64, rng: &mut Rng, order: &mut Vec<u32>, stops: &mut Vec<u32>) {
    order.clear();
    order.extend_from_slice(tasks);
    let depot = problem.vehicles.first().map_or(0, |v| v.start_place);
    match rng.below(11) {
        0..=3 => rng.shuffle(order),
        4..=7 => order.sort_by_key(|&t| (std::cmp::Reverse(problem.tasks[t as usize].demand), t)),
        8..=9 => order.sort_by_key(|&t| (std::cmp::Reverse(problem.cost(depot, problem.tasks[t as usize].place)), t)),
        _ => order.sort_by_key(|&t| (problem.cost(depot, problem.tasks[t as usize].place), t)),
    }
    order.sort_by_key(|&t| std::cmp::Reverse(problem.tasks[t as usize].skip_cost));
    for &task in order.iter() {
        let mut best: Option<Insertion> = None;
        let mut tried_empty = false;
        for route in &solution.routes {
            if route.is_empty() {
                // Identical idle vehicles would give identical answers; try one.
                let vehicle = &problem.vehicles[route.vehicle];
                if tried_empty && problem.tasks[task as usize].only_vehicle.is_none() && problem.vehicles.iter().all(|v| v == vehicle) {
                    continue;
                }
                tried_empty = true;
            }
            if let Some(ins) = best_in_route(problem, route, task, blink_rate, rng) {
                if best.is_none_or(|b| ins.delta < b.delta) {
                    best = Some(ins);
                }
            }
        }
        if let Some(ins) = best {
            if ins.delta < problem.tasks[task as usize].skip_cost {
                ins.stops_after(problem, &solution.routes[ins.route], task, stops);
                solution.set_route(problem, ins.route, stops);
            }
        }
    }
}
