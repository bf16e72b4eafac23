//! Cheapest feasible insertion of one task into one route: the building block
//! of construction and of every recreate step.

use std::ops::Range;

use super::problem::{Problem, Task, Vehicle};
use super::route::{Cursor, Route, BREAK};
use crate::solver::rng::{Geometric, Rng};

/// Where a task goes and what it costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insertion {
    /// Route (= vehicle) index.
    pub route: usize,
    /// Insert after this padded position.
    pub after: usize,
    /// For a route that was empty and has a break: whether the break comes first.
    pub break_first: bool,
    /// Increase of the objective (arc cost and working day, plus the fixed
    /// cost of a vehicle not yet used).
    pub delta: i64,
}

impl Insertion {
    /// Writes the stops of the route after this insertion of `task` into `out`.
    pub fn stops_after(&self, problem: &Problem, route: &Route, task: u32, out: &mut Vec<u32>) {
        out.clear();
        if route.is_empty() && problem.vehicles[route.vehicle].break_spec.is_some() {
            if self.break_first {
                out.extend([BREAK, task]);
            } else {
                out.extend([task, BREAK]);
            }
            return;
        }
        out.extend_from_slice(&route.stops()[..self.after]);
        out.push(task);
        out.extend_from_slice(&route.stops()[self.after..]);
    }
}

/// SISR's blinks: each position a scan reaches is skipped with probability
/// `rate`. They are drawn as the gaps between them
/// ([`Geometric`]), one draw per blink, and one set of
/// gaps runs on through every scan of a recreate: a draw per position was a
/// tenth of the search's instructions on long routes, and a draw per scan
/// still 4 % on a team's day.
#[derive(Clone, Debug)]
pub struct Blinks {
    gaps: Geometric,
    /// Positions still to scan before the next blink.
    until_next: usize,
}

impl Blinks {
    /// Blinks at `rate`, the first gap drawn from `rng`; at rate 0 there are
    /// none, and nothing is drawn.
    pub fn new(rate: f64, rng: &mut Rng) -> Self {
        let gaps = Geometric::new(rate);
        Blinks { gaps, until_next: gaps.draw(rng) }
    }

    /// Passes `positions` positions as [`Blinks::skip`] would one by one,
    /// with the same draws, for positions that are passed over anyway.
    pub(super) fn pass(&mut self, mut positions: usize, rng: &mut Rng) {
        while positions > self.until_next {
            positions -= self.until_next + 1;
            self.until_next = self.gaps.draw(rng);
        }
        self.until_next -= positions;
    }

    /// Whether the position reached now is skipped: the blinks one
    /// position at a time, what [`Blinks::pass`] and [`Blinks::run`] are
    /// tested against.
    #[cfg(test)]
    fn skip(&mut self, rng: &mut Rng) -> bool {
        if self.until_next == 0 {
            self.until_next = self.gaps.draw(rng);
            true
        } else {
            self.until_next -= 1;
            false
        }
    }

    /// Of the next `positions` positions, how many are scanned before the
    /// next blink (all of them if it falls beyond), and whether the blink
    /// falls among them, on the position right after those: the same
    /// positions and draws as asking one position at a time, a draw only
    /// at each blink.
    #[inline]
    fn run(&mut self, positions: usize, rng: &mut Rng) -> (usize, bool) {
        if self.until_next >= positions {
            self.until_next -= positions;
            (positions, false)
        } else {
            let scanned = self.until_next;
            self.until_next = self.gaps.draw(rng);
            (scanned, true)
        }
    }
}

/// The cheapest feasible insertion of `task` into `route`, skipping each
/// position with probability `blink_rate` (SISR's [`Blinks`]; 0 for none).
pub fn best_in_route(
    problem: &Problem,
    route: &Route,
    task: u32,
    blink_rate: f64,
    rng: &mut Rng,
) -> Option<Insertion> {
    let mut blinks = Blinks::new(blink_rate, rng);
    best_in_route_below(problem, route, task, &mut blinks, i64::MAX, rng)
}

/// [`best_in_route`] among the insertions that cost less than `bound`: the
/// best found in the routes scanned before, when only the cheapest of all
/// routes matters. Positions that [`Route::insertion_cannot_beat`] the
/// bound, or the best of this route so far, are passed over before their
/// schedule is checked (most of them, on long routes); the blinks are the
/// same, and so are the random draws, so the answer is [`best_in_route`]'s
/// whenever that costs less than `bound`, and `None` otherwise.
pub fn best_in_route_below(
    problem: &Problem,
    route: &Route,
    task: u32,
    blinks: &mut Blinks,
    bound: i64,
    rng: &mut Rng,
) -> Option<Insertion> {
    let vehicle_index = route.vehicle;
    if !problem.allowed(task as usize, vehicle_index) {
        return None;
    }
    let vehicle = &problem.vehicles[vehicle_index];
    let t = &problem.tasks[task as usize];
    if route.load() + t.demand > vehicle.capacity {
        return None;
    }
    if route.is_empty() {
        return insert_into_empty(problem, route.vehicle, task).filter(|ins| ins.delta < bound);
    }
    let last_close = t.windows.last().map_or(i64::MAX, |w| w.close);
    let first_open = t.windows.first().map_or(i64::MIN, |w| w.open);
    // From `late` on the visit would arrive after its last window closes.
    let late = route.first_position_done_after(last_close);
    // No room for the visit anywhere (on a full day, most routes for most
    // tasks left out): the positions pass through the blinks unseen.
    if route.has_no_gap_for(t.service_s) {
        blinks.pass(late, rng);
        return None;
    }
    // Before `first` the visit, done at its first opening plus its service
    // at the earliest, makes the rest of the route late. The blinks pass
    // over the positions before it as if each were scanned.
    let first = route.first_position_in_time(first_open.saturating_add(t.service_s));
    blinks.pass(first.min(late), rng);
    Scan { problem, vehicle, route, task, t }.runs(first..late, bound, (blinks, rng))
}

/// How many positions [`best_in_route_below`] passes through the blinks
/// when it scans `route` for `task`, whatever its bound: every position up
/// to where the visit would arrive too late (those before the first in
/// time are passed as if scanned), none where the route cannot take the
/// task or is empty. What lets a caller scan routes out of their order with
/// the blinks each would have met in order (passed on a copy).
pub fn blinked_positions(problem: &Problem, route: &Route, task: u32) -> usize {
    let t = &problem.tasks[task as usize];
    if !problem.allowed(task as usize, route.vehicle)
        || route.load() + t.demand > problem.vehicles[route.vehicle].capacity
        || route.is_empty()
    {
        return 0;
    }
    route.first_position_done_after(t.windows.last().map_or(i64::MAX, |w| w.close))
}

/// One task's insertion scan of one route, for [`best_in_route_below`].
#[derive(Clone, Copy)]
struct Scan<'a> {
    problem: &'a Problem,
    vehicle: &'a Vehicle,
    route: &'a Route,
    task: u32,
    t: &'a Task,
}

impl Scan<'_> {
    /// The cheapest insertion below `limit` after one of `positions`: the
    /// positions between two blinks are searched in one loop for the next
    /// one that is not ruled out below the best so far
    /// ([`Route::next_insertion_below`]).
    fn runs(
        self,
        positions: Range<usize>,
        mut limit: i64,
        (blinks, rng): (&mut Blinks, &mut Rng),
    ) -> Option<Insertion> {
        let mut best = None;
        let mut from = positions.start;
        while from < positions.end {
            let (scanned, blinked) = blinks.run(positions.end - from, rng);
            let end = from + scanned;
            let mut at = from;
            while let Some(after) = self.route.next_insertion_below(self.problem, at..end, self.t, limit) {
                self.try_position(after, &mut limit, &mut best);
                at = after + 1;
            }
            from = end + usize::from(blinked);
        }
        best
    }

    /// Walks the insertion after padded position `after`; if it is feasible
    /// and adds less than `limit`, it becomes `best` and its cost the new limit.
    #[inline]
    fn try_position(&self, after: usize, limit: &mut i64, best: &mut Option<Insertion>) {
        let mut cursor = self.route.cursor(after);
        if !cursor.advance(self.problem, self.vehicle, self.task) {
            return;
        }
        if let Some(new_cost) = self.route.join_at(self.problem, self.vehicle, cursor, after + 1) {
            let delta = new_cost - self.route.objective();
            if delta < *limit {
                *best = Some(Insertion { route: self.route.vehicle, after, break_first: false, delta });
                *limit = delta;
            }
        }
    }
}

/// Cheapest insertions (without blinks) of tasks into routes, each
/// remembered with the [`Route::version`] it was computed for.
///
/// On a day with more due visits than the team can make, dozens of tasks
/// stay left out for thousands of iterations and are offered again in every
/// recreate, while each iteration changes only a few routes. Scanning every
/// route for every one of them was most of the search's time; with this
/// cache only the routes that changed since are scanned again.
#[derive(Clone, Debug)]
pub struct InsertionCache {
    routes: usize,
    entries: Vec<(u64, Option<Insertion>)>,
}

/// No route has this version (versions start at 1), so an entry holding it is empty.
const NO_VERSION: u64 = 0;

impl InsertionCache {
    /// An empty cache for every task and route of `problem`.
    pub fn new(problem: &Problem) -> Self {
        let routes = problem.vehicles.len();
        InsertionCache { routes, entries: vec![(NO_VERSION, None); problem.tasks.len() * routes] }
    }

    /// [`best_in_route`] without blinks, computed again only if `route`
    /// changed since this task's last question about it.
    pub fn best_in_route(
        &mut self,
        problem: &Problem,
        route: &Route,
        task: u32,
        rng: &mut Rng,
    ) -> Option<Insertion> {
        let entry = &mut self.entries[task as usize * self.routes + route.vehicle];
        if entry.0 != route.version() {
            *entry = (route.version(), best_in_route(problem, route, task, 0.0, rng));
        }
        entry.1
    }
}

fn insert_into_empty(problem: &Problem, vehicle_index: usize, task: u32) -> Option<Insertion> {
    let vehicle = &problem.vehicles[vehicle_index];
    let try_order = |order: &[u32]| {
        let mut cursor = Cursor::start(vehicle);
        order.iter().all(|&n| cursor.advance(problem, vehicle, n)).then_some(())?;
        cursor.finish(problem, vehicle)
    };
    let option = |cost: Option<i64>, break_first| {
        cost.map(|c| Insertion { route: vehicle_index, after: 0, break_first, delta: c + vehicle.fixed_cost })
    };
    if vehicle.break_spec.is_none() {
        return option(try_order(&[task]), false);
    }
    let after = option(try_order(&[task, BREAK]), false);
    let before = option(try_order(&[BREAK, task]), true);
    match (after, before) {
        (Some(a), Some(b)) => Some(if b.delta < a.delta { b } else { a }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{day_rep, day_tasks, problem, recomputed_cost, DAY_DRIVE_S};
    use crate::solver::Vehicle;

    /// The route 0, 1, break, 2 of [`day_tasks`] (cost 140), task 3 starting in `windows_3`.
    fn day(windows_3: &[(i64, i64)]) -> (Problem, Route) {
        let problem = problem(DAY_DRIVE_S, day_tasks(windows_3), vec![day_rep()]);
        let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
        (problem, route)
    }

    fn inserted(problem: &Problem, route: &Route, insertion: Insertion) -> Vec<u32> {
        let mut stops = Vec::new();
        insertion.stops_after(problem, route, 3, &mut stops);
        stops
    }

    /// Task 3 at any time costs +10 first, +5 after task 0, +45 after task 1
    /// (the break moves to place 4), nothing after the break (task 2 would
    /// start at 305, past 300), +10 last.
    #[test]
    fn the_cheapest_position_on_a_route_with_a_break() {
        let (problem, route) = day(&[(0, 400)]);
        let best = best_in_route(&problem, &route, 3, 0.0, &mut Rng::new(1)).unwrap();
        assert_eq!(best, Insertion { route: 0, after: 1, break_first: false, delta: 5 });
        let stops = inserted(&problem, &route, best);
        assert_eq!(stops, [0, 3, 1, BREAK, 2]);
        assert_eq!(recomputed_cost(&problem, 0, &stops), Some(140 + 5));
    }

    /// Windows decide: by 90 only the front is early enough (+10); from 150
    /// to 180 the rep waits at task 3 after task 0 and rests at 220 instead
    /// of 200 (+5); from 300 only the last position is late enough (+10). In
    /// every case the predicted delta is the recomputed change.
    #[test]
    fn windows_move_the_best_position() {
        for (window, after, delta) in [((0, 90), 0, 10), ((150, 180), 1, 5), ((300, 350), 4, 10)] {
            let (problem, route) = day(&[window]);
            let best = best_in_route(&problem, &route, 3, 0.0, &mut Rng::new(1)).unwrap();
            assert_eq!(best, Insertion { route: 0, after, break_first: false, delta }, "{window:?}");
            let stops = inserted(&problem, &route, best);
            assert_eq!(recomputed_cost(&problem, 0, &stops), Some(140 + delta), "{stops:?}");
            let cheapest = (0..=route.len())
                .filter_map(|after| {
                    let mut stops = route.stops().to_vec();
                    stops.insert(after, 3);
                    recomputed_cost(&problem, 0, &stops)
                })
                .min();
            assert_eq!(cheapest, Some(140 + delta), "{window:?}");
        }
    }

    /// From 270 to 280 fits nowhere: first, task 0 is missed; after task 0
    /// or task 1, the break would start past 260; after the break, task 2 is
    /// missed (315); last, the rep arrives at 295.
    #[test]
    fn no_position_fits_a_window_between_the_stops() {
        let (problem, route) = day(&[(270, 280)]);
        assert_eq!(best_in_route(&problem, &route, 3, 0.0, &mut Rng::new(1)), None);
        for after in 0..=route.len() {
            let mut stops = route.stops().to_vec();
            stops.insert(after, 3);
            assert_eq!(recomputed_cost(&problem, 0, &stops), None, "{stops:?}");
        }
    }

    /// Task 3 belongs to rep 1: not inserted in rep 0's route however cheap,
    /// and in rep 1's empty route it costs the trip there and back (50).
    #[test]
    fn a_task_goes_only_to_the_vehicles_allowed() {
        let mut tasks = day_tasks(&[(0, 400)]);
        tasks[3].allowed_vehicles = Some(vec![1]);
        let problem = problem(DAY_DRIVE_S, tasks, vec![day_rep(), day_rep()]);
        let busy = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
        let idle = Route::new(&problem, 1);
        let mut rng = Rng::new(1);
        assert_eq!(best_in_route(&problem, &busy, 3, 0.0, &mut rng), None);
        let best = best_in_route(&problem, &idle, 3, 0.0, &mut rng).unwrap();
        assert_eq!(best, Insertion { route: 1, after: 0, break_first: false, delta: 50 });
        assert_eq!(inserted(&problem, &idle, best), [3, BREAK]);
    }

    /// A rep who costs 1 000 to send out and whose only visit starts at 300
    /// or later: resting after it would start past 260, so the break comes first.
    #[test]
    fn an_empty_route_takes_its_break_first_when_the_visit_is_late() {
        let rep = Vehicle { fixed_cost: 1000, ..day_rep() };
        let problem = problem(DAY_DRIVE_S, day_tasks(&[(300, 350)]), vec![rep]);
        let idle = Route::new(&problem, 0);
        let best = best_in_route(&problem, &idle, 3, 0.0, &mut Rng::new(1)).unwrap();
        assert_eq!(best, Insertion { route: 0, after: 0, break_first: true, delta: 1000 + 50 });
        assert_eq!(inserted(&problem, &idle, best), [BREAK, 3]);
    }

    /// The cache answers as a fresh scan does, for the route as it is now:
    /// a copy keeps the answer, changed stops ask again.
    #[test]
    fn the_cache_answers_for_the_current_stops_of_a_route() {
        let (problem, route) = day(&[(0, 400)]);
        let mut cache = InsertionCache::new(&problem);
        let mut rng = Rng::new(1);
        let fresh = best_in_route(&problem, &route, 3, 0.0, &mut rng);
        assert_eq!(cache.best_in_route(&problem, &route, 3, &mut rng), fresh);
        let copy = route.clone();
        assert_eq!(copy.version(), route.version());
        assert_eq!(cache.best_in_route(&problem, &copy, 3, &mut rng), fresh);

        // Without task 0, next to which task 3 was cheapest, the answer changes.
        let mut changed = route.clone();
        changed.set_stops(&problem, &[1, BREAK, 2]);
        assert_ne!(changed.version(), route.version());
        let now = cache.best_in_route(&problem, &changed, 3, &mut rng);
        assert_eq!(now, best_in_route(&problem, &changed, 3, 0.0, &mut rng));
        assert_ne!(now, fresh);
    }

    /// Passing k positions leaves the blinks and the random stream where k
    /// scans one by one leave them.
    #[test]
    fn passing_positions_blinks_as_scanning_them() {
        for rate in [0.0, 0.01, 0.3, 1.0] {
            for k in [0, 1, 2, 5, 40, 300] {
                let (mut scanned_rng, mut passed_rng) = (Rng::new(7), Rng::new(7));
                let mut scanned = Blinks::new(rate, &mut scanned_rng);
                let mut passed = Blinks::new(rate, &mut passed_rng);
                for _ in 0..k {
                    scanned.skip(&mut scanned_rng);
                }
                passed.pass(k, &mut passed_rng);
                let next: Vec<bool> = (0..50).map(|_| scanned.skip(&mut scanned_rng)).collect();
                let after: Vec<bool> = (0..50).map(|_| passed.skip(&mut passed_rng)).collect();
                assert_eq!(next, after, "rate {rate}, {k} positions");
                assert_eq!(scanned_rng.next_u64(), passed_rng.next_u64(), "rate {rate}, {k} positions");
            }
        }
    }

    /// A scan passes as many positions through the blinks as
    /// [`blinked_positions`] says, whatever its bound and its answer; none
    /// on an empty route, a full one or one whose vehicle may not take the task.
    #[test]
    fn a_scan_blinks_the_positions_counted_ahead() {
        let blinks_after = |problem: &Problem, route: &Route, passed: Option<usize>, bound: i64| {
            let mut rng = Rng::new(5);
            let mut blinks = Blinks::new(0.3, &mut rng);
            match passed {
                Some(k) => blinks.pass(k, &mut rng),
                None => drop(best_in_route_below(problem, route, 3, &mut blinks, bound, &mut rng)),
            }
            let next: Vec<bool> = (0..40).map(|_| blinks.skip(&mut rng)).collect();
            (next, rng.next_u64())
        };
        for window in [(0, 400), (0, 90), (150, 180), (270, 280), (300, 350), (500, 600)] {
            let (problem, route) = day(&[window]);
            let counted = blinked_positions(&problem, &route, 3);
            for bound in [i64::MAX, 20, 0] {
                assert_eq!(
                    blinks_after(&problem, &route, None, bound),
                    blinks_after(&problem, &route, Some(counted), bound),
                    "{window:?}, below {bound}"
                );
            }
        }
        let mut tasks = day_tasks(&[(0, 400)]);
        tasks[3].allowed_vehicles = Some(vec![1]);
        let full = Vehicle { capacity: 3, ..day_rep() };
        let problem = problem(DAY_DRIVE_S, tasks, vec![full, day_rep()]);
        let routes = [Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]), Route::new(&problem, 1)];
        for route in &routes {
            assert_eq!(blinked_positions(&problem, route, 3), 0);
            assert_eq!(
                blinks_after(&problem, route, None, i64::MAX),
                blinks_after(&problem, route, Some(0), i64::MAX)
            );
        }
    }

    /// Runs of any length blink the positions, and draw the numbers, that
    /// asking one position at a time does.
    #[test]
    fn runs_blink_the_positions_one_at_a_time_blinks() {
        for rate in [0.0, 0.01, 0.3, 1.0] {
            for len in [1, 2, 7, 40] {
                let (mut single_rng, mut run_rng) = (Rng::new(11), Rng::new(11));
                let mut single = Blinks::new(rate, &mut single_rng);
                let mut runs = Blinks::new(rate, &mut run_rng);
                let one_by_one: Vec<bool> = (0..300).map(|_| single.skip(&mut single_rng)).collect();
                let mut by_runs = Vec::new();
                while by_runs.len() < 300 {
                    let left = (300 - by_runs.len()).min(len);
                    let (scanned, blink) = runs.run(left, &mut run_rng);
                    by_runs.extend(std::iter::repeat_n(false, scanned));
                    if blink {
                        by_runs.push(true);
                    }
                }
                assert_eq!(one_by_one, by_runs, "rate {rate}, runs of {len}");
                assert_eq!(single_rng.next_u64(), run_rng.next_u64(), "rate {rate}, runs of {len}");
            }
        }
    }

    /// On the route 0, 1, break, 2 the padded positions are done at 0, 80,
    /// 150, 230 and 260, and the latest arrivals are 100 at task 0, 220 at
    /// task 1, 250 at the break, 300 at task 2 and 400 home. A visit done at
    /// 221 at the earliest is late for task 1 but may go after it: the break
    /// would then be taken at the new visit, so what must hold is task 2's
    /// latest arrival, not the break's. One done after 300 fits only last.
    /// A visit that must start by 100 fits only before the stops done later.
    #[test]
    fn positions_in_time_from_the_windows() {
        let (_, route) = day(&[(0, 400)]);
        assert_eq!((0..=route.len()).map(|p| route.done(p)).collect::<Vec<_>>(), [0, 80, 150, 230, 260]);
        let firsts: Vec<usize> =
            [0, 100, 101, 220, 221, 300, 301, 400, 401].map(|t| route.first_position_in_time(t)).to_vec();
        assert_eq!(firsts, [0, 0, 1, 1, 2, 2, 4, 4, 5]);
        assert_eq!(route.first_position_done_after(-1), 0);
        assert_eq!(route.first_position_done_after(100), 2);
        assert_eq!(route.first_position_done_after(1_000), route.len() + 1);
    }

    /// A rep who can make three visits has no room for a fourth.
    #[test]
    fn a_full_vehicle_takes_no_more() {
        let rep = Vehicle { capacity: 3, ..day_rep() };
        let problem = problem(DAY_DRIVE_S, day_tasks(&[(0, 400)]), vec![rep]);
        let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
        assert!(route.is_feasible());
        assert_eq!(best_in_route(&problem, &route, 3, 0.0, &mut Rng::new(1)), None);
    }
}
