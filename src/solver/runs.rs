//! Independent searches of one problem, the best solution kept
//! ([`SearchConfig::runs`]): the trajectories of one search trade their
//! solutions and fall into a trap together, two searches seldom do.

use std::time::{Duration, Instant};

use super::config::SearchConfig;
use super::problem::Problem;
use super::search::{in_parallel, solve_in_parts, SearchOutcome};
use super::solution::Solution;
use crate::solver::rng::Rng;

/// [`SearchConfig::runs`] searches, the best solution kept (the first of
/// equals), the iterations all of theirs; one run is the search of
/// [`SearchConfig::seed`] itself. With a thread for each, the runs search
/// side by side, the threads shared among them, each for the whole time
/// limit: a run of one trajectory then leaves no core idle, and the
/// trajectories of a run on one thread never wait for each other at the end
/// of an epoch. With fewer threads they search one after the other, each
/// on all of them with an equal share of the time left. Either way a run
/// gives the same solution, so the plan does not depend on the threads.
pub(super) fn solve_runs(
    problem: &Problem,
    config: &SearchConfig,
    start: Option<&Solution>,
) -> SearchOutcome {
    let runs = config.run_count();
    if runs == 1 {
        return solve_in_parts(problem, config, start);
    }
    let run_config = |run: usize, threads: usize, time_limit: Duration| SearchConfig {
        seed: run_seed(config.seed, run),
        threads,
        time_limit,
        runs: Some(1),
        ..config.clone()
    };
    let outcomes: Vec<SearchOutcome> = if config.threads >= runs {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(runs).build().ok();
        let threads = |run: usize| config.threads / runs + usize::from(run < config.threads % runs);
        in_parallel(pool.as_ref(), (0..runs).collect(), |run| {
            solve_in_parts(problem, &run_config(run, threads(run), config.time_limit), start)
        })
    } else {
        let started = Instant::now();
        (0..runs)
            .map(|run| {
                let time_left = config.time_limit.saturating_sub(started.elapsed());
                let one = run_config(run, config.threads, time_left / (runs - run) as u32);
                solve_in_parts(problem, &one, start)
            })
            .collect()
    };
    let iterations = outcomes.iter().map(|o| o.iterations).sum();
    let stopped_by_time = outcomes.iter().any(|o| o.stopped_by_time);
    let best = (0..runs).min_by_key(|&run| (outcomes[run].cost, run)).expect("at least one run");
    let best = outcomes.into_iter().nth(best).expect("the best run");
    SearchOutcome { iterations, stopped_by_time, ..best }
}

/// The seed of run `run` of a search seeded with `seed`: the seed itself
/// for the first, so that one run is the search it always was.
fn run_seed(seed: u64, run: usize) -> u64 {
    match run {
        0 => seed,
        _ => Rng::new(seed).fork(run as u64).next_u64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::search::solve;
    use crate::solver::testkit::line_problem as problem;

    /// Three runs are three searches, the first from the configured seed,
    /// the others from seeds of their own: the best solution of the three
    /// (the first of equals), with all their iterations, on any number of threads.
    #[test]
    fn independent_runs_keep_the_best_of_searches_from_seeds_of_their_own() {
        let problem = problem();
        let config = SearchConfig { iterations: Some(200), trajectories: Some(2), ..SearchConfig::default() };
        let seeds: Vec<u64> = (0..3).map(|run| run_seed(config.seed, run)).collect();
        assert_eq!(seeds[0], config.seed);
        assert!(seeds[1] != seeds[0] && seeds[2] != seeds[0] && seeds[2] != seeds[1]);
        let each: Vec<SearchOutcome> =
            seeds.iter().map(|&seed| solve(&problem, &SearchConfig { seed, ..config.clone() })).collect();
        let least = each.iter().map(|o| o.cost).min().unwrap();
        let best = each.iter().find(|o| o.cost == least).unwrap();
        // One after the other on one thread or two; side by side on three or four.
        for threads in 1..=4 {
            let runs = solve(&problem, &SearchConfig { runs: Some(3), threads, ..config.clone() });
            assert_eq!((runs.cost, runs.iterations), (best.cost, 3 * 2 * 200), "{threads} threads");
            for (a, b) in runs.solution.routes.iter().zip(&best.solution.routes) {
                assert_eq!(a.stops(), b.stops(), "{threads} threads");
            }
        }
        let one = solve(&problem, &SearchConfig { runs: Some(1), ..config.clone() });
        assert_eq!((one.cost, one.iterations), (each[0].cost, each[0].iterations));
    }
}
