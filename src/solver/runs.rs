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
/// of an epoch. With fewer threads they search one after the other on all
/// of them ([`sequential_time_limit`]). Either way a run gives the same
/// solution, so the plan does not depend on the threads as long as every
/// run finishes its budget; where the time limit cut some and not others,
/// only those that finished count ([`best_run`]).
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
        let mut outcomes = Vec::with_capacity(runs);
        let mut last_took = Duration::ZERO;
        for run in 0..runs {
            let time_left = config.time_limit.saturating_sub(started.elapsed());
            if run > 0 && !can_finish(config, time_left, last_took) {
                break;
            }
            let one = run_config(run, config.threads, sequential_time_limit(config, time_left, runs - run));
            let run_started = Instant::now();
            outcomes.push(solve_in_parts(problem, &one, start));
            last_took = run_started.elapsed();
        }
        outcomes
    };
    let iterations = outcomes.iter().map(|o| o.iterations).sum();
    // A run left out for want of time was cut too: with more threads it would count.
    let stopped_by_time = outcomes.len() < runs || outcomes.iter().any(|o| o.stopped_by_time);
    let best = best_run(&outcomes);
    let best = outcomes.into_iter().nth(best).expect("the best run");
    SearchOutcome { iterations, stopped_by_time, ..best }
}

/// The time limit of a run that searches after the others, with `time_left`
/// and `runs_left` runs (this one included) to go. Without an iteration
/// budget the time is the budget, and each gets an equal share of it. With
/// one, a run searches until its budget ends it, with all the time left: on
/// one core a large team's day (40 reps), when it ran two searches, searched
/// one's budget in 9.5-10 s where the 10 s limit, shared equally, cut both
/// at half of theirs, and the plan, worse, changed from one run to the next
/// (docs/measurements.md). A run the time limit then cuts does not count
/// ([`best_run`]), and the runs after it do not start ([`can_finish`]).
fn sequential_time_limit(config: &SearchConfig, time_left: Duration, runs_left: usize) -> Duration {
    match config.iterations {
        Some(_) => time_left,
        None => time_left / runs_left.max(1) as u32,
    }
}

/// Whether a run searching after others, with `time_left`, is worth
/// starting: there is time left, and with an iteration budget, as much as
/// the last run took (`last_took`), since a run the time limit cuts would
/// not count ([`best_run`]) and would only keep the user waiting.
fn can_finish(config: &SearchConfig, time_left: Duration, last_took: Duration) -> bool {
    !time_left.is_zero() && (config.iterations.is_none() || time_left >= last_took)
}

/// Which of `outcomes` to keep: the one that costs least (the first of
/// equals) among the runs that finished their iteration budget, or among all
/// of them if the time limit cut every one. A run cut by the clock gives a
/// different solution from one machine, load or thread count to the next,
/// and one that finished does not; preferring the finished keeps the plan
/// reproducible wherever one run could finish.
fn best_run(outcomes: &[SearchOutcome]) -> usize {
    let any_finished = outcomes.iter().any(|o| !o.stopped_by_time);
    (0..outcomes.len())
        .filter(|&run| !(any_finished && outcomes[run].stopped_by_time))
        .min_by_key(|&run| (outcomes[run].cost, run))
        .expect("at least one run")
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

    fn outcome(problem: &Problem, cost: i64, stopped_by_time: bool) -> SearchOutcome {
        SearchOutcome { solution: Solution::empty(problem), cost, iterations: 0, stopped_by_time }
    }

    /// A run the time limit cut is kept only when it cut every run: one that
    /// finished its budget gives the same solution on any machine.
    #[test]
    fn the_runs_that_finished_their_budget_are_kept_before_those_the_time_limit_cut() {
        let problem = problem();
        let runs = |list: &[(i64, bool)]| -> Vec<SearchOutcome> {
            list.iter().map(|&(cost, cut)| outcome(&problem, cost, cut)).collect()
        };
        assert_eq!(best_run(&runs(&[(5, true), (9, false), (7, false)])), 2);
        assert_eq!(best_run(&runs(&[(9, false), (5, true)])), 0);
        assert_eq!(best_run(&runs(&[(9, true), (5, true), (5, true)])), 1);
        assert_eq!(best_run(&runs(&[(7, false), (7, false)])), 0);
    }

    /// Searching one after the other, a run with an iteration budget gets
    /// all the time left, and the next starts only if as much is left as the
    /// last took; without a budget the time left is shared equally.
    #[test]
    fn runs_one_after_the_other_get_the_time_left_with_a_budget_and_equal_shares_without() {
        let budget = SearchConfig { iterations: Some(1_000), ..SearchConfig::default() };
        let timed = SearchConfig { iterations: None, ..SearchConfig::default() };
        let left = Duration::from_secs(6);
        assert_eq!(sequential_time_limit(&budget, left, 3), left);
        assert_eq!(sequential_time_limit(&timed, left, 3), Duration::from_secs(2));
        assert!(can_finish(&budget, left, Duration::from_secs(6)));
        assert!(!can_finish(&budget, left, Duration::from_secs(7)));
        assert!(can_finish(&timed, left, Duration::from_secs(7)));
        assert!(!can_finish(&timed, Duration::ZERO, Duration::ZERO));
    }

    /// On one thread, a budget the time limit cuts: the first run takes the
    /// whole limit, and the search ends on a feasible solution it says was cut.
    #[test]
    fn runs_whose_budget_the_time_limit_cuts_on_one_thread_end_feasible_and_say_so() {
        let problem = problem();
        let config = SearchConfig {
            iterations: Some(u64::MAX / 4),
            time_limit: Duration::from_millis(30),
            runs: Some(2),
            threads: 1,
            ..SearchConfig::default()
        };
        let runs = solve(&problem, &config);
        let first = solve(&problem, &SearchConfig { runs: Some(1), ..config.clone() });
        assert!(runs.stopped_by_time && first.stopped_by_time);
        assert!(runs.solution.routes.iter().all(|r| r.is_feasible()));
    }
}
