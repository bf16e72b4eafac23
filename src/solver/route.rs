//! One vehicle's route and the per-position data that makes move checks O(1).
//!
//! Positions are *padded*: position 0 is the start depot, positions
//! `1..=len` are the stops, position `len + 1` is the end depot. For each
//! position the route caches, from a forward pass, the earliest time the
//! activity there is finished, the cost and load so far; and from a backward
//! pass, the latest arrival that still lets the rest of the route be served
//! in time. A move that keeps a prefix and a suffix and puts a few stops in
//! between is then checked by walking only the new stops with a [`Cursor`]
//! and comparing the arrival at the suffix with its latest arrival. This
//! works with several windows per task (waiting is allowed, so arriving
//! earlier never hurts), which segment summaries with a single window cannot.
//!
//! The break is a stop of its own ([`BREAK`]) taken where the vehicle is: it
//! has no place, so the route's *effective* place at the break is the place
//! before it, and driving resumes from there. Last in a route, a skippable
//! break is not taken by a vehicle home by its latest start
//! ([`Cursor::skips_break`]): every walk, join and summary here applies that
//! one rule.

use std::sync::atomic::{AtomicU64, Ordering};

use super::problem::{ArcCost, Problem, Vehicle};

/// The marker for a vehicle's break in a route's stops.
pub const BREAK: u32 = u32::MAX;

/// Far below any clock time, without overflowing on subtraction.
pub const NEVER: i64 = i64::MIN / 4;

/// The state of a vehicle after some activity: when it is free, where, how
/// loaded, and what the route has cost so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// Earliest time the vehicle is free to drive on.
    pub time: i64,
    /// Where the vehicle is.
    pub place: usize,
    /// Load so far.
    pub load: i64,
    /// Arc cost so far.
    pub cost: i64,
    /// When the vehicle was free before the break, if the break is the
    /// last activity so far; [`NEVER`] otherwise. A break left for the end
    /// may not be needed ([`Cursor::skips_break`]).
    pub before_break: i64,
}

impl Cursor {
    /// A vehicle leaving its start at the beginning of its shift.
    pub fn start(vehicle: &Vehicle) -> Self {
        Cursor { time: vehicle.shift.open, place: vehicle.start_place, load: 0, cost: 0, before_break: NEVER }
    }

    /// Serves `node` next (a task or [`BREAK`]); `false` if it cannot be done in time.
    #[inline]
    pub fn advance(&mut self, problem: &Problem, vehicle: &Vehicle, node: u32) -> bool {
        if node == BREAK {
            let Some(rest) = vehicle.break_spec else { return false };
            let start = self.time.max(rest.start.open);
            if start > rest.start.close {
                return false;
            }
            self.before_break = self.time;
            self.time = start + rest.duration_s;
            return true;
        }
        let task = &problem.tasks[node as usize];
        let arrival = self.time + problem.drive_s(self.place, task.place);
        let Some(start) = earliest_start(&task.windows, arrival) else { return false };
        self.cost += problem.cost(self.place, task.place);
        self.time = start + task.service_s;
        self.place = task.place;
        self.load += task.demand;
        self.before_break = NEVER;
        true
    }

    /// Whether the break, the last activity so far, is not needed: it is
    /// [`BreakSpec::skippable`](super::problem::BreakSpec::skippable) and
    /// the vehicle, driving home instead, is there by the break's latest start.
    #[inline]
    pub fn skips_break(&self, problem: &Problem, vehicle: &Vehicle) -> bool {
        self.before_break != NEVER
            && vehicle.break_spec.is_some_and(|rest| {
                rest.skippable
                    && self.before_break + problem.drive_s(self.place, vehicle.end_place) <= rest.start.close
            })
    }

    /// When the vehicle is home, driving there now: without the break if
    /// it [skips it](Cursor::skips_break).
    #[inline]
    pub fn back(&self, problem: &Problem, vehicle: &Vehicle) -> i64 {
        let free = if self.skips_break(problem, vehicle) { self.before_break } else { self.time };
        free + problem.drive_s(self.place, vehicle.end_place)
    }

    /// Drives to the vehicle's end; `Some(the route's objective)`, its arc
    /// cost and working day ([`Problem::working_day_cost`]), if back in time
    /// and within capacity.
    #[inline]
    pub fn finish(&self, problem: &Problem, vehicle: &Vehicle) -> Option<i64> {
        self.home(problem, vehicle).map(|(cost, back)| cost + problem.working_day_cost(vehicle, back))
    }

    /// Drives to the vehicle's end; `Some((arc cost, when home))` if back in
    /// time and within capacity.
    #[inline]
    pub fn home(&self, problem: &Problem, vehicle: &Vehicle) -> Option<(i64, i64)> {
        let back = self.back(problem, vehicle);
        self.fits_home_at(vehicle, back)
            .then(|| (self.cost + problem.cost(self.place, vehicle.end_place), back))
    }

    /// Whether `vehicle`, home at `back` with this load, keeps its shift and capacity.
    #[inline]
    fn fits_home_at(&self, vehicle: &Vehicle, back: i64) -> bool {
        back <= vehicle.shift.close && self.load <= vehicle.capacity
    }
}

/// How many stops two routes share from the front.
fn common_prefix(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// How many stops two routes share from the back.
fn common_suffix(a: &[u32], b: &[u32]) -> usize {
    a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

/// The earliest start of service at or after `arrival` inside one of `windows`.
#[inline]
pub fn earliest_start(windows: &[super::problem::Window], arrival: i64) -> Option<i64> {
    windows.iter().find(|w| w.close >= arrival).map(|w| w.open.max(arrival))
}

/// The latest start of service no later than `bound` inside one of `windows`.
#[inline]
fn latest_start(windows: &[super::problem::Window], bound: i64) -> i64 {
    windows.iter().rev().find(|w| w.open <= bound).map_or(NEVER, |w| w.close.min(bound))
}

/// The source of [`Route::version`]s: one counter for the whole process, so
/// that no two route states anywhere (other solutions, other threads) share one.
static VERSIONS: AtomicU64 = AtomicU64::new(0);

/// A vehicle's sequence of stops with cached schedule data.
#[derive(Debug)]
pub struct Route {
    /// Index of the vehicle driving this route.
    pub vehicle: usize,
    version: u64,
    stops: Vec<u32>,
    place: Vec<usize>,
    done: Vec<i64>,
    latest: Vec<i64>,
    cost: Vec<i64>,
    load: Vec<i64>,
    break_pos: Option<usize>,
    feasible: bool,
    /// [`Problem::working_day_cost`] of the route as it stands.
    working_day_cost: i64,
    /// When the rest of the route is entered at each padded position, if
    /// the objective weighs the working day: see [`HomeBy`].
    home_by: HomeBy,
}

/// When a vehicle entering a route's stops at padded position `pos` at
/// time `t` is home, in O(1), so that a move's working day
/// ([`Problem::with_working_day_weight`]) costs no walk through the stops
/// it keeps after it. With each visit in the window it starts in today,
/// the vehicle is home at `max(t, release[pos]) + span[pos]`: `span` is the
/// drive-through time to home, `release` the latest entry that still waits
/// somewhere. That holds while every visit stays in today's window: `t` no
/// later than `today_latest[pos]`, and no earlier than today's arrival by
/// `margin[pos]` or more (the least gap, over the visits from `pos` on,
/// between today's arrival and the close of the window before today's).
/// Outside that, or on an infeasible route, the stops are walked.
#[derive(Debug, Default, PartialEq)]
struct HomeBy {
    arrival: Vec<i64>,
    span: Vec<i64>,
    release: Vec<i64>,
    today_latest: Vec<i64>,
    margin: Vec<i64>,
    /// Seconds of waiting from `pos` on (before visits and the break start).
    waits: Vec<i64>,
}

impl HomeBy {
    /// Every column, in one order, so that clearing and copying name each once.
    fn columns(&mut self) -> [&mut Vec<i64>; 6] {
        [
            &mut self.arrival,
            &mut self.span,
            &mut self.release,
            &mut self.today_latest,
            &mut self.margin,
            &mut self.waits,
        ]
    }

    fn clear(&mut self) {
        for values in self.columns() {
            values.clear();
        }
    }
}

impl Clone for HomeBy {
    fn clone(&self) -> Self {
        let mut copy = HomeBy::default();
        copy.clone_from(self);
        copy
    }

    /// Copies into the existing buffers, as [`Route`]'s copy does.
    fn clone_from(&mut self, other: &Self) {
        let theirs =
            [&other.arrival, &other.span, &other.release, &other.today_latest, &other.margin, &other.waits];
        for (mine, theirs) in self.columns().into_iter().zip(theirs) {
            mine.clone_from(theirs);
        }
    }
}

impl Clone for Route {
    fn clone(&self) -> Self {
        Route {
            vehicle: self.vehicle,
            version: self.version,
            stops: self.stops.clone(),
            place: self.place.clone(),
            done: self.done.clone(),
            latest: self.latest.clone(),
            cost: self.cost.clone(),
            load: self.load.clone(),
            break_pos: self.break_pos,
            feasible: self.feasible,
            working_day_cost: self.working_day_cost,
            home_by: self.home_by.clone(),
        }
    }

    /// Copies into the existing buffers: the search copies routes back and
    /// forth every iteration, and this keeps that free of allocation.
    fn clone_from(&mut self, other: &Self) {
        self.vehicle = other.vehicle;
        self.version = other.version;
        self.stops.clone_from(&other.stops);
        self.place.clone_from(&other.place);
        self.done.clone_from(&other.done);
        self.latest.clone_from(&other.latest);
        self.cost.clone_from(&other.cost);
        self.load.clone_from(&other.load);
        self.break_pos = other.break_pos;
        self.feasible = other.feasible;
        self.working_day_cost = other.working_day_cost;
        self.home_by.clone_from(&other.home_by);
    }
}

impl Route {
    /// An empty route for `vehicle`.
    pub fn new(problem: &Problem, vehicle: usize) -> Self {
        Self::with_stops(problem, vehicle, Vec::new())
    }

    /// A route with the given stops; check [`Route::is_feasible`].
    pub fn with_stops(problem: &Problem, vehicle: usize, stops: Vec<u32>) -> Self {
        let mut route = Route {
            vehicle,
            version: 0,
            stops,
            place: Vec::new(),
            done: Vec::new(),
            latest: Vec::new(),
            cost: Vec::new(),
            load: Vec::new(),
            break_pos: None,
            feasible: false,
            working_day_cost: 0,
            home_by: HomeBy::default(),
        };
        route.recompute(problem);
        route
    }

    /// Recomputes every cache from the stops, for `problem`: the one this
    /// route was made for, or one with the same tasks and vehicles but other
    /// rules ([`Solution::recompute`](super::solution::Solution::recompute)).
    pub fn recompute(&mut self, problem: &Problem) {
        self.update_between(problem, 0, (0, 0));
    }

    /// Replaces the stops and recomputes the caches. A move changes a
    /// route in the middle: the forward data of the stops it keeps in front
    /// (on a feasible route) and the latest arrivals of those it keeps at
    /// the back stay as they were, so only the stops in between are walked
    /// twice; the caches come out as [`Route::with_stops`] makes them.
    pub fn set_stops(&mut self, problem: &Problem, stops: &[u32]) {
        let front = if self.feasible { common_prefix(&self.stops, stops) } else { 0 };
        let most_back = self.stops.len().min(stops.len()) - front;
        let back = common_suffix(&self.stops, stops).min(most_back);
        let old_len = self.stops.len();
        self.stops.clear();
        self.stops.extend_from_slice(stops);
        self.update_between(problem, front, (old_len, back));
    }

    /// The stops (tasks and possibly [`BREAK`]) in order.
    pub fn stops(&self) -> &[u32] {
        &self.stops
    }

    /// Names this route's current stops: it changes whenever they are set,
    /// and a copy keeps it. Whatever is computed from a route alone (such as
    /// a task's cheapest insertion) stays valid as long as the version does.
    #[inline]
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Number of stops, the break included.
    pub fn len(&self) -> usize {
        self.stops.len()
    }

    /// Whether the route has no stops (the vehicle stays home).
    pub fn is_empty(&self) -> bool {
        self.stops.is_empty()
    }

    /// Number of task visits (the break excluded).
    pub fn visit_count(&self) -> usize {
        self.stops.len() - usize::from(self.break_pos.is_some())
    }

    /// The node at padded position `pos` (`None` at the depots).
    #[inline]
    pub fn node(&self, pos: usize) -> Option<u32> {
        (pos >= 1 && pos <= self.stops.len()).then(|| self.stops[pos - 1])
    }

    /// Whether padded position `pos` holds the break.
    #[inline]
    pub fn is_break(&self, pos: usize) -> bool {
        self.break_pos == Some(pos)
    }

    /// Padded position of the break, if the route has one.
    pub fn break_pos(&self) -> Option<usize> {
        self.break_pos
    }

    /// Effective place at padded position `pos`.
    #[inline]
    pub fn place(&self, pos: usize) -> usize {
        self.place[pos]
    }

    /// The vehicle's state after the activity at padded position `pos`.
    #[inline]
    pub fn cursor(&self, pos: usize) -> Cursor {
        Cursor {
            time: self.done[pos],
            place: self.place[pos],
            load: self.load[pos],
            cost: self.cost[pos],
            before_break: if self.is_break(pos) { self.done[pos - 1] } else { NEVER },
        }
    }

    /// When the activity at padded position `pos` is done ([`Route::cursor`]'s time).
    #[inline]
    pub fn done(&self, pos: usize) -> i64 {
        self.done[pos]
    }

    /// Arc cost of the whole route.
    #[inline]
    pub fn cost(&self) -> i64 {
        self.cost[self.stops.len() + 1]
    }

    /// What the route adds to the objective: its arc cost and its working
    /// day ([`Problem::working_day_cost`]), without the vehicle's fixed cost.
    #[inline]
    pub fn objective(&self) -> i64 {
        self.cost() + self.working_day_cost
    }

    /// Total load.
    #[inline]
    pub fn load(&self) -> i64 {
        self.load[self.stops.len() + 1]
    }

    /// Load of the stops from padded position `pos` to the end.
    #[inline]
    pub fn load_from(&self, pos: usize) -> i64 {
        self.load() - self.load[pos - 1]
    }

    /// Whether every window, the shift, the break and the capacity are respected.
    pub fn is_feasible(&self) -> bool {
        self.feasible
    }

    /// Continues a partial route `cursor`, driven by `vehicle`, with this
    /// route's stops from padded position `pos` to the end. Returns the new
    /// route's objective ([`Route::objective`]) if it is feasible. O(1), plus
    /// one step when `pos` holds the break, whose place depends on its
    /// predecessor, and a walk when the working day counts and a visit
    /// after `pos` changes windows (the route keeps when the rest of it gets
    /// home, valid while its visits keep their windows). The cached latest
    /// arrivals are this route's own, so `vehicle` must be this route's
    /// vehicle or one with the [`Vehicle::same_tail`].
    #[inline]
    pub fn join_at(
        &self,
        problem: &Problem,
        vehicle: &Vehicle,
        mut cursor: Cursor,
        mut pos: usize,
    ) -> Option<i64> {
        if self.is_break(pos) {
            if !cursor.advance(problem, vehicle, BREAK) {
                return None;
            }
            pos += 1;
        }
        if pos == self.stops.len() + 1 {
            // Home next, perhaps without a break just taken.
            return cursor.finish(problem, vehicle);
        }
        let next = self.place[pos];
        let arrival = cursor.time + problem.drive_s(cursor.place, next);
        if arrival > self.latest[pos] || cursor.load + self.load_from(pos) > vehicle.capacity {
            return None;
        }
        let cost = cursor.cost + problem.cost(cursor.place, next) + self.cost() - self.cost[pos];
        if !problem.weighs_working_day() {
            return Some(cost);
        }
        Some(cost + problem.working_day_cost(vehicle, self.home_from(problem, vehicle, cursor, pos, arrival)))
    }

    /// When a vehicle leaving `cursor` and arriving at padded position `pos`
    /// at `arrival` (no later than its latest arrival) is home after this
    /// route's stops from `pos` on.
    #[inline]
    fn home_from(
        &self,
        problem: &Problem,
        vehicle: &Vehicle,
        mut cursor: Cursor,
        pos: usize,
        arrival: i64,
    ) -> i64 {
        let home_by = &self.home_by;
        if self.feasible
            && arrival <= home_by.today_latest[pos]
            && home_by.arrival[pos] - arrival < home_by.margin[pos]
        {
            let back = arrival.max(home_by.release[pos]) + home_by.span[pos];
            return self.with_last_break(problem, vehicle, back);
        }
        for &node in &self.stops[pos - 1..] {
            let on_time = cursor.advance(problem, vehicle, node);
            debug_assert!(on_time, "the latest arrival was met");
        }
        cursor.back(problem, vehicle)
    }

    /// The break last in the route, if it is.
    fn last_break(&self) -> Option<usize> {
        self.break_pos.filter(|&pos| pos == self.stops.len())
    }

    /// When the vehicle is home, given when it would be home without a
    /// break last in the route (as [`HomeBy`] summarises such a route): the
    /// same if the break is skipped ([`Cursor::skips_break`]), else later
    /// by the break and any wait for it.
    #[inline]
    fn with_last_break(&self, problem: &Problem, vehicle: &Vehicle, back: i64) -> i64 {
        let (Some(pos), Some(rest)) = (self.last_break(), vehicle.break_spec) else { return back };
        if rest.skippable && back <= rest.start.close {
            return back;
        }
        let drive_s = problem.drive_s(self.place[pos], vehicle.end_place);
        (back - drive_s).max(rest.start.open) + rest.duration_s + drive_s
    }

    /// The first padded position whose activity is done after `time` (one
    /// past the last position if none is): a visit that must start by
    /// `time` fits only before it. Done times never decrease along a route.
    pub fn first_position_done_after(&self, time: i64) -> usize {
        self.done[..=self.stops.len()].partition_point(|&done| done <= time)
    }

    /// The first padded position after which a visit done no earlier than
    /// `earliest_done` can still be inserted in time: from every position
    /// before it, the next stop (past the break, whose place would change)
    /// is reached later than its latest arrival. Latest arrivals never
    /// decrease along a route, so this is a binary search; on an infeasible
    /// route, whose latest arrivals may not hold, it is 0.
    pub fn first_position_in_time(&self, earliest_done: i64) -> usize {
        if !self.feasible {
            return 0;
        }
        let next_latest = |after: usize| {
            let next = if self.is_break(after + 1) { after + 2 } else { after + 1 };
            self.latest[next]
        };
        let (mut lo, mut hi) = (0, self.stops.len());
        if next_latest(hi) < earliest_done {
            return hi + 1;
        }
        while lo < hi {
            let mid = (lo + hi) / 2;
            if next_latest(mid) < earliest_done {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// What putting a visit at `place` right after padded position `pos`
    /// adds to the route's arc cost: the arcs to and from it less the one
    /// they replace (a break at `pos + 1`, which has no place of its own, is
    /// passed). O(1) and without any check: where the insertion is feasible
    /// it is exactly the change [`Route::join_at`] gives, so a position
    /// whose added cost cannot beat the best found so far is passed over
    /// before its schedule is walked.
    #[inline]
    pub fn insertion_cost(&self, problem: &Problem, pos: usize, place: usize) -> i64 {
        let next = if self.is_break(pos + 1) { pos + 2 } else { pos + 1 };
        problem.cost(self.place[pos], place) + problem.cost(place, self.place[next])
            - (self.cost[next] - self.cost[pos])
    }

    /// Whether putting a visit of `task` right after padded position `pos`
    /// certainly adds `limit` or more to the objective, by a lower bound
    /// found in O(1): the [`Route::insertion_cost`], and when the working
    /// day counts, the detour's time (the drives and the visit) less the
    /// waiting after it that can absorb it, since a later arrival only waits
    /// less or misses a window for a later one. Right before the break there
    /// is no bound: the break would be taken at the new visit, and the drive
    /// on from there may be shorter; nor where the detour takes less than no
    /// time (drive times that break the triangle inequality, as a given
    /// matrix may), which could bring the rep home earlier.
    #[inline]
    pub fn insertion_cannot_beat(
        &self,
        problem: &Problem,
        pos: usize,
        task: &super::problem::Task,
        limit: i64,
    ) -> bool {
        let arcs = self.insertion_cost(problem, pos, task.place);
        if !problem.weighs_working_day() {
            return arcs >= limit;
        }
        if !self.feasible || self.is_break(pos + 1) {
            return false;
        }
        let detour_s = match problem.arc_cost {
            ArcCost::DriveTime => arcs + task.service_s,
            ArcCost::Distance => {
                let (before, after) = (self.place[pos], self.place[pos + 1]);
                problem.drive_s(before, task.place) + task.service_s + problem.drive_s(task.place, after)
                    - problem.drive_s(before, after)
            }
        };
        if detour_s < 0 {
            return false;
        }
        arcs >= limit
            || arcs + problem.weighed_working_s((detour_s - self.home_by.waits[pos + 1]).max(0)) >= limit
    }

    /// Recomputes the caches of stops that changed: the first `front` stops
    /// were there before with the same forward data (the old route was
    /// feasible), and the last `back` of the `old_len` stops before are the
    /// last `back` now. The forward pass starts after the front; the
    /// backward pass reuses the latest arrivals of the back but its first
    /// stop, which may be the break, whose place is the stop before it.
    fn update_between(&mut self, problem: &Problem, front: usize, (old_len, back): (usize, usize)) {
        self.version = VERSIONS.fetch_add(1, Ordering::Relaxed) + 1;
        let vehicle = &problem.vehicles[self.vehicle];
        let n = self.stops.len();
        // Position 0 is the vehicle leaving its start, whatever the stops.
        if self.place.is_empty() {
            self.push_cursor(Cursor::start(vehicle));
        }
        self.place.truncate(front + 1);
        for column in [&mut self.done, &mut self.cost, &mut self.load] {
            column.truncate(front + 1);
        }
        if self.break_pos.is_some_and(|b| b > front) {
            self.break_pos = None;
        }
        let mut cursor = self.cursor(front);
        self.feasible = true;
        for k in front..n {
            let node = self.stops[k];
            if node == BREAK {
                self.break_pos = Some(k + 1);
            }
            if !cursor.advance(problem, vehicle, node) {
                self.feasible = false;
                // Keep going so the caches are complete; the route is rejected anyway.
                if node != BREAK {
                    let task = &problem.tasks[node as usize];
                    cursor.cost += problem.cost(cursor.place, task.place);
                    cursor.place = task.place;
                    cursor.load += task.demand;
                }
            }
            self.push_cursor(cursor);
        }
        cursor.cost += problem.cost(cursor.place, vehicle.end_place);
        // At the end position the vehicle is home: its time is the return.
        cursor.time = cursor.back(problem, vehicle);
        cursor.place = vehicle.end_place;
        cursor.before_break = NEVER;
        if !cursor.fits_home_at(vehicle, cursor.time) {
            self.feasible = false;
        }
        self.working_day_cost = problem.working_day_cost(vehicle, cursor.time);
        self.push_cursor(cursor);
        if vehicle.break_spec.is_some() && n > 0 && self.break_pos.is_none() {
            self.feasible = false;
        }

        // The `back` latest arrivals kept: the back's but its first stop, and home's.
        if back > 0 {
            let old_from = old_len + 2 - back;
            self.latest.resize((n + 2).max(old_len + 2), NEVER);
            self.latest.copy_within(old_from..old_from + back, n + 2 - back);
            self.latest.truncate(n + 2);
        } else {
            self.latest.clear();
            self.latest.resize(n + 2, NEVER);
            self.latest[n + 1] = vehicle.shift.close;
        }
        for pos in (1..=(n + 1 - back.max(1))).rev() {
            let node = self.stops[pos - 1];
            let travel = problem.drive_s(self.place[pos], self.place[pos + 1]);
            let after = self.latest[pos + 1];
            self.latest[pos] = if after == NEVER {
                NEVER
            } else if node == BREAK {
                match vehicle.break_spec {
                    Some(rest) => {
                        let bound = after - travel - rest.duration_s;
                        let taken = if bound < rest.start.open { NEVER } else { bound.min(rest.start.close) };
                        if rest.skippable && pos == n {
                            // Last, it is skipped if home by its latest start.
                            taken.max(after.min(rest.start.close) - travel)
                        } else {
                            taken
                        }
                    }
                    None => NEVER,
                }
            } else {
                let task = &problem.tasks[node as usize];
                latest_start(&task.windows, after - travel - task.service_s)
            };
        }
        self.latest[0] = if n == 0 {
            vehicle.shift.close - problem.drive_s(self.place[0], self.place[1])
        } else {
            self.latest[1] - problem.drive_s(self.place[0], self.place[1])
        };
        self.home_by.clear();
        if problem.weighs_working_day() && self.feasible {
            self.summarise_home_by(problem);
        }
    }

    /// Fills [`HomeBy`] from the schedule and its windows today, backwards.
    fn summarise_home_by(&mut self, problem: &Problem) {
        let vehicle = &problem.vehicles[self.vehicle];
        let n = self.stops.len();
        let home_by = &mut self.home_by;
        for values in home_by.columns() {
            values.resize(n + 2, 0);
        }
        home_by.margin[n + 1] = i64::MAX;
        home_by.arrival[n + 1] = self.done[n + 1];
        home_by.release[n + 1] = NEVER;
        home_by.today_latest[n + 1] = vehicle.shift.close;
        for pos in (1..=n).rev() {
            let node = self.stops[pos - 1];
            if pos == n && node == BREAK {
                // Summarised as if home from the last visit; `with_last_break` adds the break.
                let drive_s = problem.drive_s(self.place[pos], self.place[pos + 1]);
                home_by.arrival[pos] = self.done[pos - 1];
                home_by.span[pos] = drive_s;
                home_by.release[pos] = NEVER;
                home_by.today_latest[pos] = vehicle.shift.close - drive_s;
                home_by.margin[pos] = i64::MAX;
                let rest = vehicle.break_spec.expect("a feasible route has a break only if its vehicle does");
                home_by.waits[pos] = self.done[pos] - rest.duration_s - self.done[pos - 1];
                continue;
            }
            let (window, duration_s, arrival, margin) = if node == BREAK {
                let rest = vehicle.break_spec.expect("a feasible route has a break only if its vehicle does");
                (rest.start, rest.duration_s, self.done[pos - 1], i64::MAX)
            } else {
                let task = &problem.tasks[node as usize];
                let arrival = self.done[pos - 1] + problem.drive_s(self.place[pos - 1], task.place);
                let today =
                    task.windows.iter().position(|w| w.close >= arrival).expect("the route is feasible");
                let margin = if today == 0 { i64::MAX } else { arrival - task.windows[today - 1].close };
                (task.windows[today], task.service_s, arrival, margin)
            };
            let step = duration_s + problem.drive_s(self.place[pos], self.place[pos + 1]);
            home_by.arrival[pos] = arrival;
            home_by.span[pos] = step + home_by.span[pos + 1];
            home_by.release[pos] = window.open.max(home_by.release[pos + 1] - step);
            home_by.today_latest[pos] = window.close.min(home_by.today_latest[pos + 1] - step);
            home_by.margin[pos] = margin.min(home_by.margin[pos + 1]);
            let start = self.done[pos] - duration_s;
            home_by.waits[pos] = start - arrival + home_by.waits[pos + 1];
        }
    }

    #[inline]
    fn push_cursor(&mut self, cursor: Cursor) {
        self.place.push(cursor.place);
        self.done.push(cursor.time);
        self.cost.push(cursor.cost);
        self.load.push(cursor.load);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::problem::{BreakSpec, Window};
    use crate::solver::testkit::{
        day_rep, day_tasks, problem, problem_by_distance, recomputed_cost, DAY_DRIVE_S,
    };

    /// Task 3 with a window that fits nowhere in particular.
    const ANY_TIME: &[(i64, i64)] = &[(0, 400)];

    fn day() -> Problem {
        problem(DAY_DRIVE_S, day_tasks(ANY_TIME), vec![day_rep()])
    }

    /// How long the activity at `pos` takes (a visit's service or the break).
    fn duration_s(problem: &Problem, route: &Route, pos: usize) -> i64 {
        match route.node(pos) {
            Some(BREAK) => problem.vehicles[route.vehicle].break_spec.unwrap().duration_s,
            Some(task) => problem.tasks[task as usize].service_s,
            None => 0,
        }
    }

    /// The forward and backward data of the route in [`day_tasks`]' table.
    #[test]
    fn schedule_data_of_a_route_with_waiting_and_a_break() {
        let problem = day();
        let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
        assert!(route.is_feasible());
        assert_eq!(route.break_pos(), Some(3));
        assert_eq!(route.visit_count(), 3);
        assert_eq!((route.cost(), route.load()), (140, 3));

        let cursors: Vec<Cursor> = (0..=5).map(|pos| route.cursor(pos)).collect();
        // (done, place, load, cost so far) at each padded position.
        // After the break (position 3), the cursor knows when it began.
        let expected = [
            (0, 0, 0, 0, NEVER),
            (80, 1, 1, 30, NEVER),
            (150, 2, 2, 70, NEVER),
            (230, 2, 2, 70, 150),
            (260, 3, 3, 90, NEVER),
            (310, 0, 3, 140, NEVER),
        ]
        .map(|(time, place, load, cost, before_break)| Cursor {
            time,
            place,
            load,
            cost,
            before_break,
        });
        assert_eq!(cursors, expected);
        assert_eq!(route.latest, [70, 100, 220, 250, 300, 400]);

        let start: Vec<i64> =
            (1..=4).map(|pos| cursors[pos].time - duration_s(&problem, &route, pos)).collect();
        assert_eq!(start, [60, 120, 200, 250]);
        let arrival: Vec<i64> = (1..=4)
            .map(|pos| cursors[pos - 1].time + problem.drive_s(route.place(pos - 1), route.place(pos)))
            .collect();
        assert_eq!(arrival, [30, 120, 150, 250]);
        let waiting: Vec<i64> = start.iter().zip(&arrival).map(|(s, a)| s - a).collect();
        assert_eq!(waiting, [30, 0, 50, 0]);
    }

    /// The break may start anywhere from 200 to 250; the rep may leave as
    /// late as 70. One second later and the rest of the route fails.
    #[test]
    fn latest_starts_are_the_last_moment_that_still_works() {
        let problem = day();
        let rep = &problem.vehicles[0];
        let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
        let at_task_1_done = |time| Cursor { time, ..route.cursor(2) };
        assert_eq!(route.join_at(&problem, rep, at_task_1_done(250), 3), Some(140));
        assert_eq!(route.join_at(&problem, rep, at_task_1_done(251), 3), None);
        let leaving = |time| Cursor { time, ..route.cursor(0) };
        assert_eq!(route.join_at(&problem, rep, leaving(70), 1), Some(140));
        assert_eq!(route.join_at(&problem, rep, leaving(71), 1), None);
    }

    /// Without task 1 the break is taken at place 1, where the rep then is:
    /// done with task 0 at 80, rest 200-230, 50 s to task 2 (280).
    #[test]
    fn the_break_is_taken_where_the_rep_is() {
        let problem = day();
        let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
        let joined = route.join_at(&problem, &problem.vehicles[0], route.cursor(1), 3);
        assert_eq!(joined, Some(30 + 50 + 50));
        let recomputed = Route::with_stops(&problem, 0, vec![0, BREAK, 2]);
        assert!(recomputed.is_feasible());
        assert_eq!(recomputed.place(2), 1);
        assert_eq!(recomputed.cursor(2).time, 230);
        assert_eq!(Some(recomputed.cost()), joined);
    }

    /// [`day_rep`] working `shift`, with a break it skips if home by 260.
    fn lunch_rep(shift: (i64, i64)) -> Vehicle {
        let rest = day_rep().break_spec.map(|rest| BreakSpec { skippable: true, ..rest });
        Vehicle { break_spec: rest, ..crate::solver::testkit::vehicle(shift) }
    }

    /// Tasks 0 and 1 are done at 150, 60 s from home: home at 210 without
    /// the break (window 200-260, 30 s), at 290 with it. A rep who may skip
    /// it is home at 210, even with a shift ending at 220; one who may not
    /// rests and is home at 290, after that shift. Home at 210 is too late to
    /// skip a break that must start by 200: resting 150-180, home at 240.
    #[test]
    fn a_rep_home_before_the_break_must_start_needs_none() {
        let objective = |rep: Vehicle| {
            let problem = problem(DAY_DRIVE_S, day_tasks(ANY_TIME), vec![rep]).with_working_day_weight(1_000);
            let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK]);
            let joined = route.join_at(&problem, &problem.vehicles[0], route.cursor(0), 1);
            assert_eq!(joined, route.is_feasible().then(|| route.objective()));
            assert_eq!(joined, recomputed_cost(&problem, 0, route.stops()));
            joined
        };
        let arcs = 30 + 40 + 60;
        assert_eq!(objective(lunch_rep((0, 400))), Some(arcs + 210));
        assert_eq!(objective(lunch_rep((0, 220))), Some(arcs + 210));
        assert_eq!(objective(day_rep()), Some(arcs + 290));
        assert_eq!(objective(Vehicle { shift: Window { open: 0, close: 220 }, ..day_rep() }), None);
        let early = day_rep().break_spec.map(|rest| BreakSpec {
            start: Window { open: 100, close: 200 },
            skippable: true,
            ..rest
        });
        assert_eq!(objective(Vehicle { break_spec: early, ..day_rep() }), Some(arcs + 240));
    }

    /// Every order of every subset of the tasks (with the break), as a route
    /// of its own and as a change to every feasible route: keeping any common
    /// prefix and suffix, walking the new middle and joining the cached tail
    /// gives the cost a from-scratch simulation gives. Task 3 tries windows
    /// in several places, some with two or three; the arcs cost either the
    /// drive time or an asymmetric distance; and the objective counts the
    /// working day too ([`HomeBy`]) or not.
    #[test]
    fn joining_a_cached_tail_agrees_with_recomputing_the_route() {
        #[rustfmt::skip]
        let distance_m = [
            [0, 7, 3, 9, 4],
            [8, 0, 5, 2, 6],
            [1, 9, 0, 4, 7],
            [6, 3, 8, 0, 5],
            [2, 6, 4, 9, 0],
        ];
        let windows_3: [&[(i64, i64)]; 7] = [
            ANY_TIME,
            &[(0, 90)],
            &[(150, 180)],
            &[(300, 350)],
            &[(0, 40), (270, 280)],
            &[(0, 100), (150, 200)],
            &[(0, 50), (140, 160), (300, 320)],
        ];
        let sequences = orders_with_break(&[0, 1, 2, 3]);
        let mut compared = 0;
        for windows in windows_3 {
            for problem in [
                problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]),
                problem_by_distance(DAY_DRIVE_S, distance_m, day_tasks(windows), vec![day_rep()]),
                problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]).with_working_day_weight(250),
                problem_by_distance(DAY_DRIVE_S, distance_m, day_tasks(windows), vec![day_rep()])
                    .with_working_day_weight(1_000),
                problem(DAY_DRIVE_S, day_tasks(windows), vec![lunch_rep((0, 400))])
                    .with_working_day_weight(1_000),
                problem_by_distance(DAY_DRIVE_S, distance_m, day_tasks(windows), vec![lunch_rep((0, 220))])
                    .with_working_day_weight(250),
            ] {
                let rep = &problem.vehicles[0];
                let routes: Vec<Route> =
                    sequences.iter().map(|s| Route::with_stops(&problem, 0, s.clone())).collect();
                for (route, stops) in routes.iter().zip(&sequences) {
                    let expected = recomputed_cost(&problem, 0, stops);
                    assert_eq!(route.is_feasible().then(|| route.objective()), expected, "{stops:?}");
                }
                for base in routes.iter().filter(|r| r.is_feasible()) {
                    for new in &sequences {
                        let expected = recomputed_cost(&problem, 0, new);
                        for (prefix, suffix) in splits(base.stops(), new) {
                            let mut cursor = base.cursor(prefix);
                            let middle = &new[prefix..new.len() - suffix];
                            let joined = middle
                                .iter()
                                .all(|&node| cursor.advance(&problem, rep, node))
                                .then(|| base.join_at(&problem, rep, cursor, base.len() + 1 - suffix))
                                .flatten();
                            assert_eq!(
                                joined,
                                expected,
                                "{:?} -> {new:?} keeping {prefix} + {suffix}",
                                base.stops()
                            );
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 100_000, "{compared}");
    }

    /// Everything a route caches but its version.
    #[allow(clippy::type_complexity)]
    fn caches(
        route: &Route,
    ) -> (&[u32], &[usize], &[i64], &[i64], &[i64], &[i64], Option<usize>, bool, i64, &HomeBy) {
        (
            &route.stops,
            &route.place,
            &route.done,
            &route.latest,
            &route.cost,
            &route.load,
            route.break_pos,
            route.feasible,
            route.working_day_cost,
            &route.home_by,
        )
    }

    /// Setting a route's stops, which recomputes only what lies between
    /// the stops it keeps in front and at the back, leaves every cache as a
    /// route made from those stops has it: from every route of up to three
    /// visits and the break (feasible or not, or empty) to every other.
    #[test]
    fn setting_stops_keeps_the_caches_a_fresh_route_has() {
        let mut sequences = orders_with_break(&[0, 1, 3]);
        sequences.push(Vec::new());
        let mut compared = 0;
        for windows in [ANY_TIME, &[(0, 90)], &[(0, 40), (270, 280)]] {
            for problem in [
                problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]),
                problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]).with_working_day_weight(250),
            ] {
                let fresh: Vec<Route> =
                    sequences.iter().map(|s| Route::with_stops(&problem, 0, s.clone())).collect();
                for base in &fresh {
                    for (new, expected) in sequences.iter().zip(&fresh) {
                        let mut route = base.clone();
                        route.set_stops(&problem, new);
                        assert_eq!(caches(&route), caches(expected), "{:?} -> {new:?}", base.stops());
                        assert_ne!(route.version(), base.version());
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    /// Every order of every non-empty subset of `tasks`, each with one break.
    fn orders_with_break(tasks: &[u32]) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        for mask in 1..1u32 << tasks.len() {
            let mut chosen: Vec<u32> =
                tasks.iter().enumerate().filter(|(k, _)| mask >> k & 1 == 1).map(|(_, &t)| t).collect();
            chosen.push(BREAK);
            permutations(&mut chosen, 0, &mut out);
        }
        out
    }

    fn permutations(items: &mut Vec<u32>, from: usize, out: &mut Vec<Vec<u32>>) {
        if from == items.len() {
            out.push(items.clone());
            return;
        }
        for k in from..items.len() {
            items.swap(from, k);
            permutations(items, from + 1, out);
            items.swap(from, k);
        }
    }

    /// Every (prefix, suffix) length pair that `old` and `new` share without overlap.
    fn splits(old: &[u32], new: &[u32]) -> Vec<(usize, usize)> {
        let shortest = old.len().min(new.len());
        let (front, back) = (common_prefix(old, new), common_suffix(old, new));
        (0..=front)
            .flat_map(|p| (0..=back).map(move |s| (p, s)))
            .filter(|&(p, s)| p + s <= shortest)
            .collect()
    }
}
