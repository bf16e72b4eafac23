//! What a search is asked to do: its budget, its threads, trajectories and
//! runs, and the knobs of its ruins, annealing and phases ([`SearchConfig`]),
//! with the defaults a team's day is searched by; and the hook a progress
//! bar listens on. The search itself is the `search` module.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::decompose::Decomposition;
use super::ruin::RuinParams;

/// Each trajectory reports its ruin-and-recreate iterations in batches of
/// this many, plus the rest when it ends: often enough for a progress bar,
/// rare enough to cost nothing in the loop.
pub const PROGRESS_EVERY: u64 = 256;

/// Told how many more ruin-and-recreate iterations are done (by any trajectory),
/// for a progress bar. It only observes: the search is the same with or without it.
#[derive(Clone)]
pub struct ProgressHook(Arc<dyn Fn(u64) + Send + Sync>);

impl ProgressHook {
    /// A hook calling `done` with each batch of iterations finished.
    pub fn new(done: impl Fn(u64) + Send + Sync + 'static) -> Self {
        ProgressHook(Arc::new(done))
    }

    /// Tells the listener that `iterations` more are done.
    pub(super) fn report(&self, iterations: u64) {
        (self.0)(iterations);
    }
}

impl fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProgressHook")
    }
}

/// How long a search without an iteration budget runs by default (a
/// benchmark instance without `--iterations`): there the time is the budget.
pub const TIME_BUDGET: Duration = Duration::from_secs(10);

/// The default wall-clock cap of a search that an iteration budget ends (a
/// day's plan, a VROOM request, `--iterations`). It only guards against a
/// machine far slower than expected, since the same seed gives the same plan
/// only where the budget ends the search: the largest team day measured (40
/// reps, 1 296 accounts due) needs 13 s of its budget on 2 cores and 22 s on
/// one, so a cap of [`TIME_BUDGET`] cut it and its plan changed from one run
/// to the next (docs/limits.md).
pub const BUDGET_GUARD: Duration = Duration::from_secs(60);

/// What stops the search and how it explores.
#[derive(Clone, Debug)]
pub struct SearchConfig {
    /// Seed of every random choice.
    pub seed: u64,
    /// Ruin-and-recreate iterations per trajectory; `None` runs until `time_limit`.
    /// With a budget the run is deterministic (as long as the time limit does not cut it).
    pub iterations: Option<u64>,
    /// Wall-clock cap ([`TIME_BUDGET`] by default; callers with an iteration
    /// budget usually give [`BUDGET_GUARD`]).
    pub time_limit: Duration,
    /// Threads the trajectories run on (a rayon pool of this many; 1 runs
    /// them in turn on the calling thread). Only the speed depends on it,
    /// never the result.
    pub threads: usize,
    /// Annealing trajectories that cooperate, each with its own random
    /// stream and the whole iteration budget; `None` runs one, unless the
    /// caller knows better for its problem (a day plan runs
    /// [`DayProblem::search_config`](crate::planning::day::DayProblem::search_config)'s).
    pub trajectories: Option<usize>,
    /// Independent searches, each of the whole configuration from a seed of
    /// its own (the first from [`SearchConfig::seed`]), of which the best
    /// solution is kept; `None` runs one, unless the caller knows better (a
    /// day plan runs
    /// [`DayProblem::search_config`](crate::planning::day::DayProblem::search_config)'s).
    /// The trajectories of one search trade their solutions, so a trap one
    /// falls into the others follow; a second search never sees the first's.
    /// On the sample suburbs the better of two day searches came within 1 %
    /// of the best plan known for 63 seeds of 64, where one search twice as
    /// long did for 59 (docs/measurements.md).
    pub runs: Option<usize>,
    /// Iterations each trajectory runs between two exchanges of solutions.
    pub epoch_iterations: u64,
    /// Size of each task's granular neighbourhood.
    pub neighbours: usize,
    /// String-removal parameters.
    pub ruin: RuinParams,
    /// Probability of skipping a position during recreate (SISR's blinks).
    pub blink_rate: f64,
    /// Start temperature, as a multiple of the mean arc cost of the first
    /// solution. 10 measured best among 1, 3, 10 and 30 on the Solomon
    /// instances with the widest spread between seeds (R112, R204, R205,
    /// R208, RC204, RC208; 3 seeds, 10 s): mean gap +0.52, +0.34, +0.28, +0.35 %.
    /// A day whose first solution's routes are full of due visits starts
    /// hotter still and cools to this first (the `cooling` module).
    pub temperature_start: f64,
    /// End temperature, same unit.
    pub temperature_end: f64,
    /// Share of the budget spent first on removing vehicles (SISR's fleet
    /// minimisation); `None` spends half when vehicles have a fixed cost, none
    /// otherwise (a sales team's reps work anyway; only driving counts).
    pub fleet_share: Option<f64>,
    /// Share of the budget before which new bests are not polished by
    /// local search: a tenth by default, measured on a team's full days.
    pub polish_from: f64,
    /// Share of the budget before which the annealing opens no route it does
    /// not already use: none by default. While the search is hot, a ruined
    /// cluster of visits often finds a new route its cheapest place, and on
    /// routes that capacity keeps short the extra routes stay, their spare
    /// capacity spread over many others that no later move packs again
    /// (`interop::solomon::problem::search_config` sets it there).
    pub open_routes_from: f64,
    /// Share of the recreates, while the routes are not full of due visits,
    /// that put the removed tasks back by regret-3 insertion (the first
    /// solution's rule) instead of SISR's greedy order with blinks: none by
    /// default. Greedy insertion puts each visit of a ruined cluster where it
    /// is cheapest now, and the rest of the cluster follows it; regret first
    /// places the visits that lose most by waiting, so a cluster can move to
    /// the rep whose day it fits. With one vehicle there is nothing to
    /// compare, and regret would only drop SISR's orders and blinks, so a
    /// problem of one vehicle never takes it. A day plan takes half
    /// ([`DayProblem::search_config`](crate::planning::day::DayProblem::search_config)).
    pub regret_rate: f64,
    /// Whether local search swaps a left-out task in for a routed neighbour
    /// where that costs less (the `swap_in` operator): on by default. On a
    /// day too full for its due accounts it keeps the weight left out and
    /// cuts the cost; benchmark runs, whose only left-out customers are
    /// those a part's construction could not place, turn it off
    /// (`interop::solomon::problem::search_config`).
    pub swap_in: bool,
    /// Whether the search keeps the routes its ruins and recreates make and
    /// combines them into its best solution where three vehicles' routes
    /// from different moments together cost less (the `route_pool` module),
    /// at 60 % and 80 % of an iteration budget and when it ends: off by
    /// default. A day whose routes are full of due visits turns it on
    /// ([`DayProblem::search_config`](crate::planning::day::DayProblem::search_config)):
    /// on the overloaded day it left out 0.8 less weight on the mean for
    /// about a fifth more time.
    pub combine_routes: bool,
    /// Told of the iterations done, every [`PROGRESS_EVERY`] per thread; `None` by default.
    pub progress: Option<ProgressHook>,
    /// The last share of the budget spent improving the best solution a
    /// few neighbouring routes at a time ([`Decomposition`]); `None` by
    /// default (`interop::solomon::problem::search_config` sets it).
    pub decomposition: Option<Decomposition>,
}

impl SearchConfig {
    /// The default search with its trajectories on every core of this
    /// machine, as `rounds plan` and the team server run a day: only the
    /// speed depends on the threads, never the plan.
    pub fn on_every_core() -> Self {
        SearchConfig { threads: every_core(), ..SearchConfig::default() }
    }

    /// How many trajectories the search runs: [`SearchConfig::trajectories`], one if `None`.
    pub fn trajectory_count(&self) -> usize {
        self.trajectories.unwrap_or(1).max(1)
    }

    /// How many independent searches run: [`SearchConfig::runs`], one if `None`.
    pub fn run_count(&self) -> usize {
        self.runs.unwrap_or(1).max(1)
    }

    /// The ruin-and-recreate iterations of every trajectory of every run
    /// together, `None` without an iteration budget: what a progress bar counts to.
    pub fn total_iterations(&self) -> Option<u64> {
        let searches = (self.trajectory_count() * self.run_count()) as u64;
        self.iterations.map(|n| n.saturating_mul(searches))
    }
}

/// The machine's cores (one if they cannot be told).
pub fn every_core() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            seed: 1,
            iterations: None,
            time_limit: TIME_BUDGET,
            threads: 1,
            trajectories: None,
            runs: None,
            epoch_iterations: 1_000,
            neighbours: 40,
            ruin: RuinParams::default(),
            blink_rate: 0.01,
            temperature_start: 10.0,
            temperature_end: 0.01,
            fleet_share: None,
            polish_from: POLISH_FROM,
            open_routes_from: 0.0,
            regret_rate: 0.0,
            swap_in: true,
            combine_routes: false,
            progress: None,
            decomposition: None,
        }
    }
}

/// Share of the budget before which a day's new bests are not polished. Early in
/// the annealing a day whose routes are full finds a new best with nearly
/// every account it fits in, and polishing each costs as much as hundreds
/// of iterations (on the full city day of 250 due accounts, 13 % of the
/// instructions); where everything fits, nothing beats the first solution
/// that early, so nothing changes. On the two overloaded days, seeds 1-32:
/// less time, and as many due accounts covered or more (docs/measurements.md).
pub(super) const POLISH_FROM: f64 = 0.1;
