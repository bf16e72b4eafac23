//! The routes a search makes, kept to be combined again. Every ruin and
//! recreate leaves a few routes that are feasible whatever becomes of the
//! solution around them; on a day with more due visits than the reps can
//! make, a solution that takes one rep's route from one iteration and
//! another's from a later one often covers more than any solution the
//! annealing held. [`RoutePool::improve`] looks for such combinations: for
//! every three vehicles in turn it finds the routes they can drive from the
//! pool that cost least together, given what the others visit (an exact set
//! packing over those three), the way route-based set partitioning
//! recombines a search's routes, without a solver for the whole of it.
//! Where the routes' values alone bound that search too loosely, the
//! three vehicles' tasks are first priced by Lagrangian relaxation, the
//! bound a column-generation solver would use: on the sample city's full
//! day a turn then scans under a million words of 64 routes, where it
//! scanned up to 156 million.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::operators::route_objective;
use super::problem::Problem;
use super::route::visits_in;
use super::search::in_parallel;
use super::solution::Solution;
use crate::solver::rng::Rng;

/// How many vehicles [`RoutePool::improve`] changes at once.
const VEHICLES_AT_ONCE: usize = 3;

/// At most this many words of 64 routes are scanned in one
/// [`RoutePool::improve`]; it stops there with what it has found. Searched
/// by the routes' values alone, a turn on the sample city's full day (six
/// reps with long routes and few accounts between them) scanned 37-156
/// million (0.6-2.7 s, seeds 1-2), and this limit cut it short. With the
/// tasks priced, a turn scans 0.3-1.0 million there and 0.5-0.7 million on
/// the overloaded day (seeds 1-3), well inside it.
const WORDS_SCANNED_AT_MOST: u64 = 12_000_000;

/// A subset of vehicles is first searched by the routes' values alone for
/// at most this many words; if that does not settle it, its tasks are
/// priced ([`Search::price`]) and it is searched again by the priced
/// bound. Budgets of 5 000 and 80 000 words, or of 5 and 15 words per
/// route searched, took as long or longer (seeds 1-3 of the overloaded
/// day and the sample city's full day).
const UNPRICED_WORDS: u64 = 20_000;

/// At most this many subgradient steps price a subset's tasks.
const PRICING_STEPS: usize = 40;

/// After this many steps without a better bound the steps are halved. 40
/// steps halved after 2 took 10-15 % less time to improve than 60 after
/// 4, 30 after 4 or 20 after 3 (the overloaded day and the sample city's
/// full day, seeds 1-3): fewer steps leave more to the search.
const PRICING_PATIENCE: usize = 2;

/// One route kept: its vehicle, stops and objective when it was made, where
/// its tasks are in the pool's, and what leaving them out would cost.
#[derive(Debug)]
struct Kept {
    vehicle: usize,
    cost: i64,
    stops: Vec<u32>,
    tasks: Range<usize>,
    skipped: i64,
}

/// Routes seen in a search, one per vehicle and set of tasks: the cheapest
/// stops seen for it. A trajectory's pool hands its routes on to the
/// search's ([`RoutePool::take_new`]) and keeps only what it has seen, so
/// that a route is held once: with two copies, a day of 100 reps planned on
/// one thread peaked at 338 MB instead of 303 MB (docs/measurements.md).
#[derive(Debug)]
pub(super) struct RoutePool {
    /// A random key per task: a set's fingerprint is the sum of its tasks' keys.
    task_keys: Vec<u64>,
    /// (vehicle, fingerprint of its tasks) to the cheapest route seen.
    index: HashMap<(usize, u64), Seen>,
    /// The routes kept since the last were handed on.
    routes: Vec<Kept>,
    /// The tasks of those routes, one after another.
    tasks: Vec<u32>,
    /// Routes handed on to another pool, and dropped here.
    handed_on: usize,
}

/// The cheapest objective seen for a vehicle and set of tasks, and the
/// place of that route, counted from the first route this pool kept: one
/// before [`RoutePool::handed_on`] is in another pool now.
#[derive(Clone, Copy, Debug)]
struct Seen {
    cost: i64,
    at: usize,
}

impl RoutePool {
    /// An empty pool for `problem`'s tasks.
    pub(super) fn new(problem: &Problem) -> Self {
        let mut rng = Rng::new(0x005E_ED0F_7A5C);
        RoutePool {
            task_keys: (0..problem.tasks.len()).map(|_| rng.next_u64()).collect(),
            index: HashMap::new(),
            routes: Vec::new(),
            tasks: Vec::new(),
            handed_on: 0,
        }
    }

    /// Keeps `routes` of `solution` (empty and infeasible ones aside), each
    /// unless a route as cheap with the same vehicle and tasks is kept.
    pub(super) fn add(&mut self, problem: &Problem, solution: &Solution, routes: &[usize]) {
        for &r in routes {
            let route = &solution.routes[r];
            if route.is_empty() || !route.is_feasible() {
                continue;
            }
            let cost = route_objective(problem, route);
            self.keep(route.vehicle, cost, route.stops(), |tasks| {
                let from = tasks.len();
                tasks.extend(route.visits());
                skip_cost_of(problem, &tasks[from..])
            });
        }
    }

    /// Keeps the routes `other` kept since it last handed them on (new to
    /// it, or cheaper than it had seen), in the order it kept them, and
    /// drops them from `other`: taken at the end of a search, every route
    /// it made; taken as it goes, the same routes, each merged once.
    pub(super) fn take_new(&mut self, other: &mut RoutePool) {
        for kept in &other.routes {
            self.keep(kept.vehicle, kept.cost, &kept.stops, |tasks| {
                tasks.extend_from_slice(&other.tasks[kept.tasks.clone()]);
                kept.skipped
            });
        }
        other.handed_on += other.routes.len();
        other.routes.clear();
        other.tasks.clear();
    }

    /// Keeps `stops` for `vehicle` at `cost` unless a route with its tasks
    /// as cheap has been seen: in place of the route kept, or anew where
    /// there is none or it was handed on. Only for a route kept anew,
    /// `add_tasks` puts its tasks after the pool's and returns their skip
    /// costs.
    fn keep(
        &mut self,
        vehicle: usize,
        cost: i64,
        stops: &[u32],
        add_tasks: impl FnOnce(&mut Vec<u32>) -> i64,
    ) {
        let next = self.handed_on + self.routes.len();
        let fingerprint = self.fingerprint(stops);
        match self.index.entry((vehicle, fingerprint)) {
            Entry::Occupied(mut seen) => {
                let seen = seen.get_mut();
                if cost >= seen.cost {
                    return;
                }
                seen.cost = cost;
                if let Some(kept) = seen.at.checked_sub(self.handed_on).map(|at| &mut self.routes[at]) {
                    kept.cost = cost;
                    kept.stops.clear();
                    kept.stops.extend_from_slice(stops);
                    return;
                }
                seen.at = next;
            }
            Entry::Vacant(slot) => {
                slot.insert(Seen { cost, at: next });
            }
        }
        let from = self.tasks.len();
        let skipped = add_tasks(&mut self.tasks);
        let tasks = from..self.tasks.len();
        self.routes.push(Kept { vehicle, cost, stops: stops.to_vec(), tasks, skipped });
    }

    /// The sum of the keys of the tasks `stops` visit, the same in any order.
    fn fingerprint(&self, stops: &[u32]) -> u64 {
        visits_in(stops).fold(0u64, |sum, t| sum.wrapping_add(self.task_keys[t as usize]))
    }

    /// The routes of `start` with, for every [`VEHICLES_AT_ONCE`] vehicles
    /// in turn, the kept routes (or none) that cost least together with what
    /// they leave out, given what the other vehicles visit then. `None` when
    /// nothing changes. Costs are the kept ones: the caller prices the
    /// result. One turn: on the overloaded day a second changed nothing
    /// (seeds 1-2) and took as long as the first. On `threads`, the subsets
    /// are searched ahead in parallel ([`search_ahead`]), with the same
    /// result as one after the other.
    pub(super) fn improve(
        &self,
        problem: &Problem,
        start: &Solution,
        threads: Option<&rayon::ThreadPool>,
    ) -> Option<Vec<Vec<u32>>> {
        let workers = threads.map_or(1, rayon::ThreadPool::current_num_threads);
        let searches = (0..workers).map(|_| Search::new(problem.tasks.len())).collect();
        self.improve_by(problem, start, (threads, searches), WORDS_SCANNED_AT_MOST)
    }

    /// [`RoutePool::improve`] with one scratch `searches` per thread, and
    /// `words` to scan at most: a test prices every subset from the start,
    /// or gives few words.
    fn improve_by(
        &self,
        problem: &Problem,
        start: &Solution,
        (threads, mut searches): (Option<&rayon::ThreadPool>, Vec<Search>),
        words: u64,
    ) -> Option<Vec<Vec<u32>>> {
        let vehicles = problem.vehicles.len();
        let task_count = problem.tasks.len();
        let mut options: Vec<Options> = (0..vehicles).map(|_| Options::default()).collect();
        for kept in &self.routes {
            options[kept.vehicle].push(
                kept.cost - kept.skipped,
                &kept.stops,
                &self.tasks[kept.tasks.clone()],
            );
        }
        let start_tasks: Vec<Vec<u32>> = start.routes.iter().map(|route| route.visits().collect()).collect();
        let mut chosen = Vec::with_capacity(vehicles);
        for ((v, route), tasks) in start.routes.iter().enumerate().zip(&start_tasks) {
            options[v].push(
                route_objective(problem, route) - skip_cost_of(problem, tasks),
                route.stops(),
                tasks,
            );
            chosen.push(options[v].finish(task_count));
        }
        let start_chosen = chosen.clone();
        let mut blocking = Blocking::new(&options, &chosen);
        let subsets = subsets_of(vehicles, VEHICLES_AT_ONCE.min(vehicles));
        let mut words_left = words;
        let mut next = 0;
        while next < subsets.len() && words_left > 0 {
            let state = (&options[..], &chosen[..], &blocking);
            let ahead = search_ahead(threads, &mut searches, state, &subsets[next..], words_left);
            let mut better = None;
            let mut walked = 0;
            // In order, as if searched one after the other: what a subset
            // searched ahead found stands if it scanned no more words than
            // are left here; else it is searched again with those.
            for (at, found) in ahead.into_iter().enumerate() {
                let Some((found, used)) = found else { break };
                let (found, used) = if used <= words_left {
                    (found, used)
                } else {
                    let search = &mut searches[0];
                    search.words_left = words_left;
                    let found = search.best_for(state.0, &subsets[next + at], state.1, state.2);
                    (found, words_left - search.words_left)
                };
                words_left -= used;
                walked = at + 1;
                if found.is_some() || words_left == 0 {
                    better = found.map(|found| (next + at, found));
                    break;
                }
            }
            next += walked;
            if let Some((at, found)) = better {
                for (&v, entry) in subsets[at].iter().zip(found) {
                    chosen[v] = entry;
                    blocking.chosen(&options, v, entry);
                }
            }
        }
        (chosen != start_chosen)
            .then(|| chosen.iter().zip(&options).map(|(&e, o)| o.stops[e].to_vec()).collect())
    }
}

/// The combination's state while it searches subsets: every vehicle's
/// options, the option each drives, and what those block.
type Chosen<'s, 'a> = (&'s [Options<'a>], &'s [usize], &'s Blocking);

/// The better routes for each of `subsets` given `state`, and the words
/// each search scanned, searched on `threads` with one of `searches` each:
/// search `k` takes subsets `k`, `k + n`, `k + 2 n`… of `n` searches, each
/// with `words_left` less what it has scanned itself. Every subset up to
/// the first that finds better routes is searched, as long as words are
/// left; the searches stop soon after it, since the state changes there.
/// `None` for a subset not searched. The same subsets searched one after
/// the other would find the same wherever they scanned no more words than
/// were left then, since a search depends on the words it is given only
/// where they run out.
fn search_ahead(
    threads: Option<&rayon::ThreadPool>,
    searches: &mut [Search],
    (options, chosen, blocking): Chosen<'_, '_>,
    subsets: &[Vec<usize>],
    words_left: u64,
) -> Vec<Option<(Option<Vec<usize>>, u64)>> {
    let first_better = AtomicUsize::new(usize::MAX);
    let step = searches.len();
    let found = in_parallel(threads, searches.iter_mut().enumerate().collect(), |(k, search)| {
        search.words_left = words_left;
        let mut found = Vec::new();
        for at in (k..subsets.len()).step_by(step) {
            if at > first_better.load(Ordering::Relaxed) || search.words_left == 0 {
                break;
            }
            let before = search.words_left;
            let better = search.best_for(options, &subsets[at], chosen, blocking);
            if better.is_some() {
                first_better.fetch_min(at, Ordering::Relaxed);
            }
            found.push((at, better, before - search.words_left));
        }
        found
    });
    let searched = found.iter().flatten().map(|&(at, ..)| at + 1).max().unwrap_or(0);
    let mut ahead = vec![None; searched];
    for (at, better, used) in found.into_iter().flatten() {
        ahead[at] = Some((better, used));
    }
    ahead
}

/// What leaving `tasks` out costs: what a route visiting them saves.
fn skip_cost_of(problem: &Problem, tasks: &[u32]) -> i64 {
    tasks.iter().map(|&t| problem.tasks[t as usize].skip_cost).sum()
}

/// Per task, a bit per route of a list: which of the routes visit it.
#[derive(Default)]
struct TaskIndex {
    /// Word `w` of task `t` (bit `i` for route `64 w + i`) at `w * task_count + t`.
    holding: Vec<u64>,
    routes: usize,
    task_count: usize,
}

impl TaskIndex {
    fn build<'t>(&mut self, routes: impl ExactSizeIterator<Item = &'t [u32]>, task_count: usize) {
        self.routes = routes.len();
        self.task_count = task_count;
        self.holding.clear();
        self.holding.resize(self.words() * task_count, 0);
        for (i, tasks) in routes.enumerate() {
            for &t in tasks {
                self.holding[i / 64 * task_count + t as usize] |= 1 << (i % 64);
            }
        }
    }

    fn words(&self) -> usize {
        self.routes.div_ceil(64)
    }

    /// Bit `i` of word `w` set where route `64 w + i` visits any of `tasks`.
    fn taken_word(&self, w: usize, tasks: &[u32]) -> u64 {
        let holding = &self.holding[w * self.task_count..(w + 1) * self.task_count];
        tasks.iter().fold(0, |word, &t| word | holding[t as usize])
    }

    /// Bit `i` of word `w` set where route `64 w + i` exists and is not set in `taken`.
    fn open_word_but(&self, w: usize, mut taken: u64) -> u64 {
        let past = self.routes - 64 * w;
        if past < 64 {
            taken |= u64::MAX << past;
        }
        !taken
    }

    /// Bit `i` of word `w` set where route `64 w + i` visits none of `tasks` (and exists).
    fn open_word(&self, w: usize, tasks: &[u32]) -> u64 {
        self.open_word_but(w, self.taken_word(w, tasks))
    }
}

/// The routes one vehicle may drive, sorted by value (objective less the
/// skip costs of its tasks, so that the cheapest to choose comes first),
/// the empty route among them, indexed by task.
#[derive(Default)]
struct Options<'a> {
    values: Vec<i64>,
    /// The stops and tasks of the kept routes and the start's, not copied.
    stops: Vec<&'a [u32]>,
    tasks: Vec<&'a [u32]>,
    by_task: TaskIndex,
}

impl<'a> Options<'a> {
    fn push(&mut self, value: i64, stops: &'a [u32], tasks: &'a [u32]) {
        self.values.push(value);
        self.stops.push(stops);
        self.tasks.push(tasks);
    }

    /// Sorts the routes pushed (the empty one added), indexes them by task
    /// and returns where the last route pushed now is.
    fn finish(&mut self, task_count: usize) -> usize {
        let last = self.values.len() - 1;
        self.push(0, &[], &[]);
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        order.sort_unstable_by_key(|&i| (self.values[i], i));
        let at = order.iter().position(|&i| i == last).expect("pushed");
        self.values = order.iter().map(|&i| self.values[i]).collect();
        self.stops = order.iter().map(|&i| self.stops[i]).collect();
        self.tasks = order.iter().map(|&i| self.tasks[i]).collect();
        self.by_task.build(self.tasks.iter().copied(), task_count);
        at
    }
}

/// One vehicle's routes that visit none of the other vehicles' tasks, in
/// the order of their keys, and per task a bit per such route.
#[derive(Default)]
struct Level {
    entries: Vec<usize>,
    /// Each entry's value.
    values: Vec<i64>,
    /// What the search orders and bounds by: each entry's value plus the
    /// prices of its tasks ([`Search::price`]); its value while unpriced.
    keys: Vec<i64>,
    by_task: TaskIndex,
}

impl Level {
    /// The routes of `o` (vehicle `v`'s) that visit none of the tasks the
    /// vehicles outside `subset` visit, found a word of routes at a time
    /// from what each of those vehicles blocks.
    fn build(&mut self, o: &Options, (v, subset): (usize, &[usize]), blocking: &Blocking, task_count: usize) {
        self.entries.clear();
        let outside: Vec<&[u64]> = (0..blocking.vehicles())
            .filter(|u| !subset.contains(u))
            .map(|u| blocking.blocked(v, u))
            .collect();
        for w in 0..o.by_task.words() {
            let taken = outside.iter().fold(0, |word, blocked| word | blocked[w]);
            let mut open = o.by_task.open_word_but(w, taken);
            while open != 0 {
                self.entries.push(64 * w + open.trailing_zeros() as usize);
                open &= open - 1;
            }
        }
        self.values.clear();
        self.values.extend(self.entries.iter().map(|&e| o.values[e]));
        self.keys.clone_from(&self.values);
        self.index(o, task_count);
    }

    /// Orders the entries by their value plus the prices of their tasks.
    fn reprice(&mut self, o: &Options, prices: &[i64], task_count: usize) {
        let key = |e: usize| o.values[e] + o.tasks[e].iter().map(|&t| prices[t as usize]).sum::<i64>();
        let mut keyed: Vec<(i64, usize)> = self.entries.iter().map(|&e| (key(e), e)).collect();
        keyed.sort_unstable();
        self.entries.clear();
        self.entries.extend(keyed.iter().map(|&(_, e)| e));
        self.keys.clear();
        self.keys.extend(keyed.iter().map(|&(k, _)| k));
        self.values.clear();
        self.values.extend(self.entries.iter().map(|&e| o.values[e]));
        self.index(o, task_count);
    }

    fn index(&mut self, o: &Options, task_count: usize) {
        self.by_task.build(self.entries.iter().map(|&e| o.tasks[e]), task_count);
    }
}

/// Per vehicle `v` and vehicle `u`, the words of `v`'s options (as its
/// [`TaskIndex`] numbers them) with a bit set for each route that visits a
/// task of `u`'s chosen route. A level's routes are those no vehicle
/// outside the subset blocks: an OR over vehicles, where folding in every
/// task the others visit took 9 G of the 102 G instructions a day of 40
/// reps and 1 296 due accounts took (docs/measurements.md).
struct Blocking {
    vehicles: usize,
    /// `v * vehicles + u` to its words.
    words: Vec<Vec<u64>>,
}

impl Blocking {
    fn new(options: &[Options], chosen: &[usize]) -> Self {
        let vehicles = options.len();
        let mut blocking = Blocking { vehicles, words: vec![Vec::new(); vehicles * vehicles] };
        for (u, &entry) in chosen.iter().enumerate() {
            blocking.chosen(options, u, entry);
        }
        blocking
    }

    /// Vehicle `u` now drives its option `entry`.
    fn chosen(&mut self, options: &[Options], u: usize, entry: usize) {
        let tasks = options[u].tasks[entry];
        for (v, o) in options.iter().enumerate() {
            let words = &mut self.words[v * self.vehicles + u];
            words.clear();
            words.extend((0..o.by_task.words()).map(|w| o.by_task.taken_word(w, tasks)));
        }
    }

    fn vehicles(&self) -> usize {
        self.vehicles
    }

    /// The routes of `v` that `u`'s chosen route blocks.
    fn blocked(&self, v: usize, u: usize) -> &[u64] {
        &self.words[v * self.vehicles + u]
    }
}

/// Scratch of the exact search over a few vehicles' options.
#[derive(Default)]
struct Search {
    levels: Vec<Level>,
    /// Tasks of the routes chosen at the levels above.
    above: Vec<u32>,
    choice: Vec<usize>,
    best: Vec<usize>,
    best_value: i64,
    task_count: usize,
    /// The sum of the task prices the levels' keys hold (0 unpriced).
    prices_total: i64,
    /// Words of routes the search may still scan: what is left of a
    /// combination's [`WORDS_SCANNED_AT_MOST`], set before each search.
    words_left: u64,
    /// Whether the last search stopped at `words_left`.
    ran_out: bool,
    /// Whether a subset is searched by values alone before it is priced.
    unpriced_first: bool,
    /// Per task: its place among the tasks [`Search::price`] prices, plus
    /// one (0 outside it).
    place: Vec<u32>,
}

impl Search {
    fn new(task_count: usize) -> Self {
        Search { task_count, unpriced_first: true, place: vec![0; task_count], ..Search::default() }
    }

    /// The routes for `subset`'s vehicles that together cost less than
    /// `chosen`'s, the least costly; `None` if there are none. A subset is
    /// searched by values alone for at most [`UNPRICED_WORDS`], which
    /// settles many; the others are priced and searched again.
    fn best_for(
        &mut self,
        options: &[Options],
        subset: &[usize],
        chosen: &[usize],
        blocking: &Blocking,
    ) -> Option<Vec<usize>> {
        self.levels.resize_with(subset.len(), Level::default);
        for (d, &v) in subset.iter().enumerate() {
            self.levels[d].build(&options[v], (v, subset), blocking, self.task_count);
        }
        let current: i64 = subset.iter().map(|&v| options[v].values[chosen[v]]).sum();
        self.best_value = current;
        self.prices_total = 0;
        let unpriced_words = if self.unpriced_first { UNPRICED_WORDS } else { 0 };
        let reserved = self.words_left.saturating_sub(unpriced_words);
        self.words_left -= reserved;
        self.search(options, subset);
        self.words_left += reserved;
        if self.ran_out && self.words_left > 0 {
            let prices = self.price(options, subset);
            for (d, &v) in subset.iter().enumerate() {
                self.levels[d].reprice(&options[v], &prices, self.task_count);
            }
            self.prices_total = prices.iter().sum();
            self.search(options, subset);
        }
        (self.best_value < current).then(|| self.best.clone())
    }

    /// The depth-first search over the levels in the order of their keys,
    /// for a choice of value below the best so far.
    fn search(&mut self, options: &[Options], subset: &[usize]) {
        // The least each level and those below can add: their least keys,
        // and their least values.
        let mut least = vec![(0i64, 0i64); subset.len() + 1];
        for d in (0..subset.len()).rev() {
            let level = &self.levels[d];
            let least_value = level.values.iter().min().copied().unwrap_or(0);
            least[d] = (least[d + 1].0 + level.keys[0], least[d + 1].1 + least_value);
        }
        self.choice.clear();
        self.choice.resize(subset.len(), 0);
        self.above.clear();
        self.ran_out = false;
        self.depth(options, subset, &least, 0, (0, 0));
    }

    /// Chooses a route at level `d` and below, with `key_value` the sum of
    /// the keys and of the values chosen above. Any choice below costs at
    /// least its keys less the prices of the tasks it leaves unvisited, so
    /// the keys, less all prices, bound it from below.
    fn depth(
        &mut self,
        options: &[Options],
        subset: &[usize],
        least: &[(i64, i64)],
        d: usize,
        key_value: (i64, i64),
    ) {
        let (key, value) = key_value;
        if d == subset.len() {
            if value < self.best_value {
                self.best_value = value;
                self.best.clear();
                self.best.extend(self.choice.iter().enumerate().map(|(d, &i)| self.levels[d].entries[i]));
            }
            return;
        }
        let (least_key, least_value) = least[d + 1];
        for w in 0..self.levels[d].by_task.words() {
            let level = &self.levels[d];
            // Every route from here on has at least the word's first key.
            if key + level.keys[64 * w] + least_key - self.prices_total >= self.best_value {
                return;
            }
            if self.words_left == 0 {
                self.ran_out = true;
                return;
            }
            self.words_left -= 1;
            let mut open = level.by_task.open_word(w, &self.above);
            while open != 0 {
                let i = 64 * w + open.trailing_zeros() as usize;
                open &= open - 1;
                let level = &self.levels[d];
                let with = (key + level.keys[i], value + level.values[i]);
                if with.0 + least_key - self.prices_total >= self.best_value {
                    return;
                }
                if with.1 + least_value >= self.best_value {
                    continue;
                }
                self.choice[d] = i;
                let mark = self.above.len();
                let e = level.entries[i];
                self.above.extend_from_slice(options[subset[d]].tasks[e]);
                self.depth(options, subset, least, d + 1, with);
                self.above.truncate(mark);
            }
        }
    }

    /// Prices per task, in whole units of the objective, that make the
    /// levels' least keys less all prices a tight bound: the Lagrangian
    /// multipliers of "each task at most once", found by subgradient steps
    /// from zero. A task two cheapest routes hold gets dearer, one none
    /// holds cheaper, until the cheapest routes stop overlapping or the
    /// bound stops rising. Any prices of zero or more give a valid bound.
    /// The levels' routes come by value, as [`Level::build`] keeps them, so
    /// a step looks at a level's routes only until one's value alone
    /// reaches the least key found.
    fn price(&mut self, options: &[Options], subset: &[usize]) -> Vec<i64> {
        // The tasks the levels' routes visit, and each route as places
        // among them, one route after another: route `r` at
        // `places[route_bounds[r]..route_bounds[r + 1]]`.
        let mut priced: Vec<u32> = Vec::new();
        let mut places: Vec<u32> = Vec::new();
        let mut route_bounds: Vec<usize> = vec![0];
        let mut values: Vec<f64> = Vec::new();
        let mut level_ends: Vec<usize> = Vec::with_capacity(subset.len());
        for (level, &v) in self.levels.iter().zip(subset) {
            for (&e, &value) in level.entries.iter().zip(&level.values) {
                for &t in options[v].tasks[e] {
                    let place = &mut self.place[t as usize];
                    if *place == 0 {
                        priced.push(t);
                        *place = priced.len() as u32;
                    }
                    places.push(*place - 1);
                }
                route_bounds.push(places.len());
                values.push(value as f64);
            }
            level_ends.push(values.len());
        }
        let mut price = vec![0.0f64; priced.len()];
        let mut best_price = price.clone();
        let mut held = vec![0i32; priced.len()];
        let mut direction = vec![0.0f64; priced.len()];
        let mut best_bound = f64::NEG_INFINITY;
        let mut step_scale = 2.0;
        let mut since_better = 0;
        for _ in 0..PRICING_STEPS {
            held.fill(0);
            let mut bound: f64 = -price.iter().sum::<f64>();
            let mut route = 0;
            for &level_end in &level_ends {
                let mut cheapest = (f64::INFINITY, route);
                for r in route..level_end {
                    // A level's routes come by value, and prices only add.
                    if values[r] >= cheapest.0 {
                        break;
                    }
                    let route_places = &places[route_bounds[r]..route_bounds[r + 1]];
                    let key = values[r] + route_places.iter().map(|&p| price[p as usize]).sum::<f64>();
                    if key < cheapest.0 {
                        cheapest = (key, r);
                    }
                }
                bound += cheapest.0;
                let r = cheapest.1;
                for &p in &places[route_bounds[r]..route_bounds[r + 1]] {
                    held[p as usize] += 1;
                }
                route = level_end;
            }
            if bound > best_bound {
                best_bound = bound;
                best_price.clone_from(&price);
                since_better = 0;
            } else {
                since_better += 1;
                if since_better == PRICING_PATIENCE {
                    step_scale /= 2.0;
                    since_better = 0;
                }
            }
            // The direction: held more than once dearer, never held cheaper (not below zero).
            for ((g, &h), &p) in direction.iter_mut().zip(&held).zip(&price) {
                *g = if h == 0 && p <= 0.0 { 0.0 } else { f64::from(h - 1) };
            }
            let norm: f64 = direction.iter().map(|g| g * g).sum();
            let gap = self.best_value as f64 - bound;
            if gap < 1.0 || norm == 0.0 {
                break;
            }
            let step = step_scale * gap / norm;
            for (p, g) in price.iter_mut().zip(&direction) {
                *p = (*p + step * g).max(0.0);
            }
        }
        let mut prices = vec![0i64; self.task_count];
        for (&t, &p) in priced.iter().zip(&best_price) {
            prices[t as usize] = p.round() as i64;
            self.place[t as usize] = 0;
        }
        prices
    }
}

/// Every `k` of `0..n`, in lexicographic order.
fn subsets_of(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut all = Vec::new();
    let mut current: Vec<usize> = (0..k).collect();
    if k == 0 || k > n {
        return all;
    }
    loop {
        all.push(current.clone());
        let Some(i) = (0..k).rev().find(|&i| current[i] < n - k + i) else { return all };
        current[i] += 1;
        for j in i + 1..k {
            current[j] = current[j - 1] + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{line_problem_worth_visiting, solution};

    /// Three vehicles on the line problem, tasks worth 200 000 to 2 000 000
    /// each to visit, too many for one vehicle's capacity of 12.
    fn problem() -> Problem {
        line_problem_worth_visiting(3)
    }

    /// A route of `vehicle` alone visiting `tasks` along the line.
    fn alone(problem: &Problem, vehicle: usize, tasks: &[u32]) -> Solution {
        let mut routes: Vec<&[u32]> = vec![&[]; problem.vehicles.len()];
        routes[vehicle] = tasks;
        solution(problem, &routes)
    }

    #[test]
    fn a_route_is_kept_once_per_vehicle_and_tasks_at_its_cheapest() {
        let problem = problem();
        let mut pool = RoutePool::new(&problem);
        pool.add(&problem, &alone(&problem, 0, &[4, 2, 3]), &[0]);
        pool.add(&problem, &alone(&problem, 0, &[2, 3, 4]), &[0]);
        pool.add(&problem, &alone(&problem, 0, &[3, 4, 2]), &[0]);
        pool.add(&problem, &alone(&problem, 1, &[2, 3, 4]), &[1]);
        let kept: Vec<(usize, &[u32])> = pool.routes.iter().map(|k| (k.vehicle, &k.stops[..])).collect();
        assert_eq!(kept, vec![(0, &[2, 3, 4][..]), (1, &[2, 3, 4][..])]);
    }

    /// The routes and costs kept, by vehicle and stops.
    fn kept(pool: &RoutePool) -> Vec<(usize, Vec<u32>, i64, Vec<u32>)> {
        let mut kept: Vec<_> = pool
            .routes
            .iter()
            .map(|k| (k.vehicle, k.stops.clone(), k.cost, pool.tasks[k.tasks.clone()].to_vec()))
            .collect();
        kept.sort_unstable();
        kept
    }

    /// Taken from another pool every few routes, a pool ends with the same
    /// routes at the same costs as one that takes them all at the end, and
    /// as one that made them all itself, routes made cheaper after they
    /// were handed on among them; the pool that hands them on keeps none.
    #[test]
    fn taking_routes_as_they_come_keeps_what_taking_them_at_the_end_keeps() {
        let problem = problem();
        let (mut made, mut made_too) = (RoutePool::new(&problem), RoutePool::new(&problem));
        let (mut as_they_come, mut never_handed_on) = (RoutePool::new(&problem), RoutePool::new(&problem));
        let mut rng = Rng::new(5);
        let mut cheaper_later = 0;
        for round in 0..200 {
            let vehicle = round % 3;
            let mut tasks: Vec<u32> = (0..5).filter(|_| rng.chance(0.5)).collect();
            rng.shuffle(&mut tasks);
            let solution = alone(&problem, vehicle, &tasks);
            made.add(&problem, &solution, &[vehicle]);
            made_too.add(&problem, &solution, &[vehicle]);
            never_handed_on.add(&problem, &solution, &[vehicle]);
            if round % 7 == 0 {
                cheaper_later += (made.routes.iter())
                    .filter(|k| as_they_come.index.contains_key(&(k.vehicle, made.fingerprint(&k.stops))))
                    .count();
                as_they_come.take_new(&mut made);
                assert!(made.routes.is_empty() && made.tasks.is_empty());
            }
        }
        as_they_come.take_new(&mut made);
        let mut at_the_end = RoutePool::new(&problem);
        at_the_end.take_new(&mut made_too);
        assert!(cheaper_later > 0, "no route was made cheaper after it was handed on");
        assert_eq!(kept(&as_they_come), kept(&at_the_end));
        assert_eq!(kept(&as_they_come), kept(&never_handed_on));
    }

    /// With three vehicles one turn is the whole set packing: the routes
    /// chosen cost exactly what the cheapest disjoint choice costs, found
    /// by trying every choice of a kept route, the start's or none per
    /// vehicle; searched by values alone, and priced from the first word.
    #[test]
    fn three_vehicles_get_the_cheapest_disjoint_routes_of_the_pool() {
        let problem = problem();
        let mut rng = Rng::new(3);
        for round in 0..40 {
            let priced = round % 2 == 1;
            let mut pool = RoutePool::new(&problem);
            let mut options: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new()]; 3];
            for (v, kept) in options.iter_mut().enumerate() {
                for _ in 0..6 {
                    let mut tasks: Vec<u32> = (0..20).filter(|_| rng.chance(0.35)).take(12).collect();
                    tasks.sort_unstable();
                    pool.add(&problem, &alone(&problem, v, &tasks), &[v]);
                    kept.push(tasks);
                }
            }
            let start = solution(&problem, &[&options[0][1], &[], &[]]);
            let chosen_cost = |routes: [&[u32]; 3]| {
                let mut tasks: Vec<u32> = routes.concat();
                tasks.sort_unstable();
                let disjoint = tasks.windows(2).all(|w| w[0] != w[1]);
                disjoint.then(|| solution(&problem, &routes).cost(&problem))
            };
            let mut cheapest = start.cost(&problem);
            for a in &options[0] {
                for b in &options[1] {
                    for c in &options[2] {
                        cheapest = chosen_cost([a, b, c]).map_or(cheapest, |cost| cost.min(cheapest));
                    }
                }
            }
            let search = Search { unpriced_first: !priced, ..Search::new(problem.tasks.len()) };
            let found = match pool.improve_by(&problem, &start, (None, vec![search]), WORDS_SCANNED_AT_MOST) {
                Some(routes) => chosen_cost([&routes[0], &routes[1], &routes[2]]).expect("disjoint routes"),
                None => start.cost(&problem),
            };
            assert_eq!(found, cheapest, "round {round}, priced {priced}");
        }
    }

    /// Searched ahead on two or three threads, a combination of six
    /// vehicles chooses what one search going through the subsets in
    /// order chooses, also where the words run out on the way: with 300 to
    /// 900 words, subsets searched ahead with the words their thread had
    /// left often scanned more than were left in order, and are searched
    /// again.
    #[test]
    fn searching_ahead_on_threads_chooses_what_searching_in_order_chooses() {
        let problem = line_problem_worth_visiting(6);
        let mut rng = Rng::new(11);
        let threads: Vec<rayon::ThreadPool> = [2, 3]
            .iter()
            .map(|&n| rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("a thread pool"))
            .collect();
        let mut changed = 0;
        for round in 0..12 {
            let mut pool = RoutePool::new(&problem);
            for v in 0..6 {
                for _ in 0..120 {
                    let mut tasks: Vec<u32> = (0..20).filter(|_| rng.chance(0.3)).take(12).collect();
                    tasks.sort_unstable();
                    pool.add(&problem, &alone(&problem, v, &tasks), &[v]);
                }
            }
            let start = solution(&problem, &[&[0, 1], &[5], &[], &[9, 10], &[], &[17]]);
            for words in (300..=900).step_by(50).chain([WORDS_SCANNED_AT_MOST]) {
                let searches = |n: usize| (0..n).map(|_| Search::new(problem.tasks.len())).collect();
                let in_order = pool.improve_by(&problem, &start, (None, searches(1)), words);
                changed += usize::from(in_order.is_some());
                for on in &threads {
                    let n = on.current_num_threads();
                    let ahead = pool.improve_by(&problem, &start, (Some(on), searches(n)), words);
                    assert_eq!(ahead, in_order, "round {round}, {words} words, {n} threads");
                }
            }
        }
        assert!(changed > 84, "the pool's routes changed the start in {changed} of 168 combinations");
    }

    /// A level holds exactly the options that visit none of the tasks the
    /// vehicles outside its subset drive, as those vehicles' choices change:
    /// the blocking kept per vehicle gives what folding in their tasks gave.
    #[test]
    fn a_level_holds_the_routes_clear_of_what_the_other_vehicles_drive() {
        const TASKS: usize = 60;
        let mut rng = Rng::new(7);
        let routes: Vec<Vec<Vec<u32>>> = (0..4)
            .map(|_| {
                (0..70 + rng.below(80))
                    .map(|_| (0..1 + rng.below(4)).map(|_| rng.below(TASKS) as u32).collect())
                    .collect()
            })
            .collect();
        let mut options: Vec<Options> = (0..4).map(|_| Options::default()).collect();
        for (o, routes) in options.iter_mut().zip(&routes) {
            for (i, tasks) in routes.iter().enumerate() {
                o.push(i as i64 % 17, tasks, tasks);
            }
            o.finish(TASKS);
        }
        let mut chosen: Vec<usize> = options.iter().map(|o| rng.below(o.values.len())).collect();
        let mut blocking = Blocking::new(&options, &chosen);
        let mut level = Level::default();
        for round in 0..20 {
            for subset in subsets_of(4, 2) {
                let others: Vec<u32> = (0..4)
                    .filter(|u| !subset.contains(u))
                    .flat_map(|u| options[u].tasks[chosen[u]].iter().copied())
                    .collect();
                for &v in &subset {
                    level.build(&options[v], (v, &subset), &blocking, TASKS);
                    let clear: Vec<usize> = (0..options[v].values.len())
                        .filter(|&e| options[v].tasks[e].iter().all(|t| !others.contains(t)))
                        .collect();
                    assert_eq!(level.entries, clear, "round {round}, subset {subset:?}, vehicle {v}");
                }
            }
            let u = rng.below(4);
            chosen[u] = rng.below(options[u].values.len());
            blocking.chosen(&options, u, chosen[u]);
        }
    }

    #[test]
    fn subsets_come_in_lexicographic_order() {
        assert_eq!(
            subsets_of(4, 2),
            vec![vec![0, 1], vec![0, 2], vec![0, 3], vec![1, 2], vec![1, 3], vec![2, 3]]
        );
        assert_eq!(subsets_of(3, 3), vec![vec![0, 1, 2]]);
        assert!(subsets_of(2, 3).is_empty());
    }
}
