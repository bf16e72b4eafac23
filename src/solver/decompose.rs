//! Decomposition: the best solution improved a few neighbouring routes at a
//! time, each group searched as a problem of its own.
//!
//! Late in its budget an annealing search sits in one basin, and the way to
//! a better one often moves clusters of visits around three or four routes
//! at once, each step of which alone costs more. On Gehring & Homberger's
//! R2_2_4 (200 customers, 20 s) five seeds of eight ended at 1 953.20 where
//! the best known is 1 936.11. The two solutions differ in three of their
//! five routes, and a new search of just those three routes' 93 customers,
//! from a construction of its own, found the better arrangement in five
//! seeds of six in a second. So the last share of a budget takes a group of
//! neighbouring routes of the best solution at a time, searches its tasks
//! and vehicles alone ([`Problem::part`]) with the same search, and keeps
//! the result where it costs less than the routes it would replace
//! (docs/measurements.md).

use std::time::Instant;

use super::config::SearchConfig;
use super::problem::Problem;
use super::rng::Rng;
use super::route::BREAK;
use super::search::{solve, SearchOutcome};
use super::solution::Solution;

/// Mixed into the seed for the decomposition's own random stream (which
/// routes form a part, each part search's seed), so that it draws nothing
/// the search of the whole drew.
const PARTS_STREAM: u64 = 0x9a27_5e4c_0d1f_b383;

/// How the last share of a search's budget improves its best solution by
/// parts ([`SearchConfig::decomposition`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decomposition {
    /// Share of the budget (its iterations, and its time) spent on parts.
    pub share: f64,
    /// Routes join a part, nearest first, until it holds this many tasks.
    pub part_tasks: usize,
    /// Iterations of each trajectory that searches one part.
    pub part_iterations: u64,
    /// Trajectories that search each part, crossing their bests as a
    /// whole search's do. They are as many whatever the whole search ran:
    /// a part of a large instance, whose whole search runs one trajectory,
    /// gets the cooperation a small instance's part does.
    pub part_trajectories: usize,
}

impl Decomposition {
    /// `outcome` (the whole problem's search, made with `config`) improved
    /// part by part until `budget` iterations (when there is one) or the
    /// time `until` are spent. Each part is searched as `config` says, by
    /// [`Decomposition::part_trajectories`] trajectories seeded from
    /// `config.seed`, so a budget gives the same solution on any number of
    /// threads. A part gets only the vehicles whose routes it takes: it
    /// regroups visits among them and never opens another.
    pub(crate) fn improve(
        &self,
        problem: &Problem,
        config: &SearchConfig,
        mut outcome: SearchOutcome,
        (budget, until): (Option<u64>, Instant),
    ) -> SearchOutcome {
        let mut rng = Rng::new(config.seed ^ PARTS_STREAM);
        let trajectories = self.part_trajectories.max(1) as u64;
        let mut left = budget;
        loop {
            let now = Instant::now();
            let per_trajectory =
                left.map_or(self.part_iterations, |l| (l / trajectories).min(self.part_iterations));
            if now >= until || per_trajectory == 0 {
                break;
            }
            let Some(routes) = self.part_around(problem, &outcome.solution, &mut rng) else { break };
            let tasks: Vec<u32> = routes.iter().flat_map(|&r| outcome.solution.routes[r].visits()).collect();
            let part = problem.part(&tasks, &routes);
            let before = as_part(&part, &outcome.solution, &routes).cost(&part);
            let searched = solve(
                &part,
                &SearchConfig {
                    seed: rng.next_u64(),
                    iterations: Some(per_trajectory),
                    trajectories: Some(trajectories as usize),
                    time_limit: until - now,
                    decomposition: None,
                    ..config.clone()
                },
            );
            outcome.iterations += searched.iterations;
            outcome.stopped_by_time |= searched.stopped_by_time;
            if let Some(left) = &mut left {
                *left = left.saturating_sub(searched.iterations);
            }
            if searched.cost < before {
                for &r in &routes {
                    outcome.solution.set_route(problem, r, &[]);
                }
                for (j, &r) in routes.iter().enumerate() {
                    let stops: Vec<u32> = searched.solution.routes[j]
                        .stops()
                        .iter()
                        .map(|&t| if t == BREAK { BREAK } else { tasks[t as usize] })
                        .collect();
                    outcome.solution.set_route(problem, r, &stops);
                }
                outcome.cost = outcome.solution.cost(problem);
            }
        }
        outcome
    }

    /// A random used route of `solution` and the used routes nearest it
    /// (by the cost from each of its stops to the other route's nearest
    /// stop, summed), nearest first, until they hold
    /// [`Decomposition::part_tasks`] tasks; at least two routes, `None`
    /// when fewer are used.
    fn part_around(&self, problem: &Problem, solution: &Solution, rng: &mut Rng) -> Option<Vec<usize>> {
        let used = solution.used_routes();
        if used.len() < 2 {
            return None;
        }
        let places = |r: usize| -> Vec<usize> {
            solution.routes[r].visits().map(|t| problem.tasks[t as usize].place).collect()
        };
        let first = used[rng.below(used.len())];
        let from = places(first);
        let mut nearest: Vec<(i64, usize)> = used
            .iter()
            .filter(|&&r| r != first)
            .map(|&r| {
                let to = places(r);
                let drive: i64 =
                    from.iter().map(|&a| to.iter().map(|&b| problem.cost(a, b)).min().unwrap_or(0)).sum();
                (drive, r)
            })
            .collect();
        nearest.sort_unstable();
        let mut part = vec![first];
        let mut tasks = solution.routes[first].visit_count();
        for (_, r) in nearest {
            if part.len() >= 2 && tasks >= self.part_tasks {
                break;
            }
            tasks += solution.routes[r].visit_count();
            part.push(r);
        }
        Some(part)
    }
}

/// `routes` of `solution` as a solution of `part` ([`Problem::part`] of
/// their tasks, in route order, and of their vehicles).
fn as_part(part: &Problem, solution: &Solution, routes: &[usize]) -> Solution {
    let mut mapped = Solution::empty(part);
    let mut next = 0u32;
    for (j, &r) in routes.iter().enumerate() {
        let stops: Vec<u32> = solution.routes[r]
            .stops()
            .iter()
            .map(|&t| {
                if t == BREAK {
                    BREAK
                } else {
                    next += 1;
                    next - 1
                }
            })
            .collect();
        mapped.set_route(part, j, &stops);
    }
    mapped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{self, scattered};

    fn three_routes(problem: &Problem) -> Solution {
        let first: Vec<u32> = (0..8).collect();
        let second: Vec<u32> = (8..16).collect();
        let third: Vec<u32> = (16..24).collect();
        testkit::solution(problem, &[&first, &second, &third])
    }

    #[test]
    fn a_part_costs_what_its_routes_cost_in_the_whole() {
        let problem = scattered();
        let solution = three_routes(&problem);
        let routes = [2, 0];
        let tasks: Vec<u32> = routes.iter().flat_map(|&r| solution.routes[r].visits()).collect();
        let part = problem.part(&tasks, &routes);
        let mapped = as_part(&part, &solution, &routes);
        assert_eq!(mapped.unassigned_count(), 0);
        let whole: i64 = routes.iter().map(|&r| solution.routes[r].objective()).sum();
        assert_eq!(mapped.cost(&part), whole);
        // Task 0 of the part is the first stop of route 2.
        assert_eq!(part.tasks[0], problem.tasks[16]);
        assert_eq!(mapped.routes[0].stops(), (0..8).collect::<Vec<u32>>());
    }

    #[test]
    fn a_part_keeps_a_task_to_those_of_its_allowed_vehicles_it_has() {
        let mut problem = scattered();
        problem.tasks[3].allowed_vehicles = Some(vec![0, 2]);
        let problem = Problem::new(
            problem.tasks,
            problem.vehicles,
            std::sync::Arc::unwrap_or_clone(problem.matrix),
            problem.arc_cost,
        );
        let part = problem.part(&[3, 4], &[2, 1]);
        assert_eq!(part.tasks[0].allowed_vehicles, Some(vec![0]));
        assert_eq!(part.tasks[1].allowed_vehicles, None);
        assert!(part.allowed(0, 0) && !part.allowed(0, 1));
    }

    #[test]
    fn improving_by_parts_keeps_every_task_and_costs_no_more() {
        let mut problem = scattered();
        // Room for 9 visits each: every part keeps all three reps out.
        for vehicle in &mut problem.vehicles {
            vehicle.capacity = 9;
        }
        let start = three_routes(&problem);
        let cost = start.cost(&problem);
        let outcome = SearchOutcome { solution: start, cost, iterations: 0, stopped_by_time: false };
        let config = SearchConfig { trajectories: Some(1), ..SearchConfig::default() };
        let parts = Decomposition { share: 0.5, part_tasks: 12, part_iterations: 200, part_trajectories: 2 };
        let until = Instant::now() + std::time::Duration::from_secs(60);
        let improved = parts.improve(&problem, &config, outcome, (Some(2_000), until));
        assert_eq!(improved.solution.unassigned_count(), 0);
        assert!(improved.solution.is_feasible());
        assert_eq!(improved.cost, improved.solution.cost(&problem));
        assert!(improved.cost < cost, "{} against {cost}", improved.cost);
        // Five parts of 2 x 200 iterations spend the budget of 2 000.
        assert_eq!(improved.iterations, 2_000);
    }
}
