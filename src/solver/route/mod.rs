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

mod cursor;
mod home_by;

use std::sync::atomic::{AtomicU64, Ordering};

use cursor::latest_start;
pub use cursor::{earliest_start, Cursor};
use home_by::HomeBy;

use super::problem::{ArcCost, BreakSpec, Problem, Vehicle};

/// The marker for a vehicle's break in a route's stops.
pub const BREAK: u32 = u32::MAX;

/// The tasks among `stops`, in order: every stop but the [`BREAK`]. For
/// stop lists held outside a [`Route`] (a day's routes in a horizon, a
/// crossover's child); a route has [`Route::visits`].
pub fn visits_in(stops: &[u32]) -> impl Iterator<Item = u32> + '_ {
    stops.iter().copied().filter(|&n| n != BREAK)
}

/// Far below any clock time, without overflowing on subtraction.
pub const NEVER: i64 = i64::MIN / 4;

/// How many stops two routes share from the front.
pub(super) fn common_prefix(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// How many stops two routes share from the back.
fn common_suffix(a: &[u32], b: &[u32]) -> usize {
    a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

/// The rule of [`Route::insertion_cannot_beat`] on a day that weighs the
/// working day, once a position's numbers are read, shared with the loop of
/// [`Route::next_insertion_below`]: a detour of `detour_s` (the drives and
/// the visit) in place of a direct drive of `direct_s`, from a stop done at
/// `done` to one whose latest arrival and waiting from there on are `next`,
/// adding `arcs` to the arc cost. A detour that takes less than no time
/// (drive times that break the triangle inequality) has no bound in cost:
/// the rep arrives earlier, may catch an earlier window of what follows,
/// and may come home earlier by more than the arcs add.
#[inline]
fn detour_cannot_beat(
    problem: &Problem,
    arcs: i64,
    (done, direct_s, detour_s): (i64, i64, i64),
    (latest, waits): (i64, i64),
    limit: i64,
) -> bool {
    done + direct_s + detour_s > latest
        || (detour_s >= 0 && arcs + problem.weighed_working_s((detour_s - waits).max(0)) >= limit)
}

/// Visits put into a route in one piece, in their order, as far as the
/// bounds of [`Route::chain_insertion_cannot_beat`] need them: where the
/// chain starts and ends, the arc cost and the driving inside it, and the
/// time its visits take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chain {
    /// The place of the first visit.
    pub first: usize,
    /// The place of the last visit.
    pub last: usize,
    /// The arc cost from the first visit to the last.
    pub inner_cost: i64,
    /// The driving from the first visit to the last, in seconds.
    pub inner_drive_s: i64,
    /// The time the visits take, in seconds.
    pub service_s: i64,
}

impl Chain {
    /// A stop at `place` that takes no time.
    #[inline]
    pub fn at(place: usize) -> Self {
        Chain { first: place, last: place, inner_cost: 0, inner_drive_s: 0, service_s: 0 }
    }

    /// One visit of `task`.
    #[inline]
    pub fn of_task(task: &super::problem::Task) -> Self {
        Chain { service_s: task.service_s, ..Chain::at(task.place) }
    }

    /// This chain with a visit of `task` after its last: relocate grows a
    /// chain one stop at a time rather than summing each length anew.
    #[inline]
    pub fn followed_by(self, problem: &Problem, task: &super::problem::Task) -> Self {
        Chain {
            last: task.place,
            inner_cost: self.inner_cost + problem.cost(self.last, task.place),
            inner_drive_s: self.inner_drive_s + problem.drive_s(self.last, task.place),
            service_s: self.service_s + task.service_s,
            ..self
        }
    }

    /// This chain with a visit of `task` before its first: the same stops
    /// as [`Chain::followed_by`] grows, reversed.
    #[inline]
    pub fn preceded_by(self, problem: &Problem, task: &super::problem::Task) -> Self {
        Chain {
            first: task.place,
            inner_cost: problem.cost(task.place, self.first) + self.inner_cost,
            inner_drive_s: problem.drive_s(task.place, self.first) + self.inner_drive_s,
            service_s: task.service_s + self.service_s,
            ..self
        }
    }
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
    /// The longest visit that could go anywhere in the route in time
    /// ([`Route::widest_gap`]).
    widest_gap: i64,
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
            widest_gap: self.widest_gap,
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
        self.widest_gap = other.widest_gap;
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
            widest_gap: i64::MAX,
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
        self.set_stops_sharing(problem, stops, common_prefix(&self.stops, stops));
    }

    /// [`Route::set_stops`] where the caller has counted the stops the
    /// route and `stops` share from the front (`shared`, [`common_prefix`]),
    /// as a solution does to keep those stops' slots: counted once per
    /// change, not twice.
    pub(super) fn set_stops_sharing(&mut self, problem: &Problem, stops: &[u32], shared: usize) {
        debug_assert_eq!(shared, common_prefix(&self.stops, stops));
        let front = if self.feasible { shared } else { 0 };
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

    /// The tasks this route visits, in order, without its break.
    pub fn visits(&self) -> impl Iterator<Item = u32> + '_ {
        visits_in(&self.stops)
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
        self.chain_insertion_cost(problem, pos, &Chain::at(place))
    }

    /// What putting `chain` (or nothing) in place of padded positions
    /// `from..=to` (no break among them) changes in the route's arc cost:
    /// the arcs to, in and from the chain (or the one arc joining the stops
    /// on either side) less the arcs they replace. The break is taken where
    /// it stands, at the place of the stop before it, so a break right after
    /// `to` follows the chain (or the stop before `from`), as in
    /// [`Route::chain_insertion_cost`]. O(1); where the route stays
    /// feasible, exactly the change of its cost.
    #[inline]
    pub fn replacement_cost(&self, problem: &Problem, from: usize, to: usize, chain: Option<&Chain>) -> i64 {
        let next = if self.is_break(to + 1) { to + 2 } else { to + 1 };
        let (before, after) = (self.place[from - 1], self.place[next]);
        let added = match chain {
            Some(chain) => {
                problem.cost(before, chain.first) + chain.inner_cost + problem.cost(chain.last, after)
            }
            None => problem.cost(before, after),
        };
        added - (self.cost[next] - self.cost[from - 1])
    }

    /// How long this feasible route spends neither driving, visiting nor on
    /// a break it must take: its waiting, which is all that a move of its
    /// visits within it could save besides drives (and a break it may skip,
    /// counted here). `None` where arcs do not cost their drive time, or the
    /// route is not feasible. O(route length).
    pub fn idle_s(&self, problem: &Problem) -> Option<i64> {
        if problem.arc_cost != ArcCost::DriveTime || !self.feasible {
            return None;
        }
        let vehicle = &problem.vehicles[self.vehicle];
        let services: i64 = self.visits().map(|t| problem.tasks[t as usize].service_s).sum();
        let rest = match (self.break_pos, vehicle.break_spec) {
            (Some(_), Some(rest)) if !rest.skippable => rest.duration_s,
            _ => 0,
        };
        Some(self.done[self.stops.len() + 1] - vehicle.shift.open - self.cost() - services - rest)
    }

    /// The least that a move within this feasible route that changes its
    /// arc cost, the drive time, by `arcs` changes its objective by: its
    /// visits and the break it must take stay, so it comes home no earlier
    /// than its drives, less its waiting (`idle_s`, [`Route::idle_s`]),
    /// allow. On a day that weighs the working day, where the change in arcs
    /// alone is no bound, most moves within a route are ruled out by it
    /// before their schedule is walked.
    #[inline]
    pub fn within_move_floor(&self, problem: &Problem, arcs: i64, idle_s: i64) -> i64 {
        let back = self.done[self.stops.len() + 1];
        arcs + problem.working_day_cost(&problem.vehicles[self.vehicle], back + arcs - idle_s)
            - self.working_day_cost
    }

    /// The arc cost of the route up to padded position `pos`.
    #[inline]
    pub fn cost_to(&self, pos: usize) -> i64 {
        self.cost[pos]
    }

    /// [`Route::insertion_cost`] of a whole [`Chain`] of visits.
    #[inline]
    pub fn chain_insertion_cost(&self, problem: &Problem, pos: usize, chain: &Chain) -> i64 {
        let next = if self.is_break(pos + 1) { pos + 2 } else { pos + 1 };
        problem.cost(self.place[pos], chain.first)
            + chain.inner_cost
            + problem.cost(chain.last, self.place[next])
            - (self.cost[next] - self.cost[pos])
    }

    /// The first padded position in `positions` after which a visit at
    /// `place` adds less than `limit` to the arc cost
    /// ([`Route::insertion_cost`]), for a route without a break. Where the
    /// working day is not weighed, that is [`Route::insertion_cannot_beat`]
    /// read as one tight loop over slices of the route and of the place's
    /// row of costs: the scan every recreate runs over every route, most of
    /// the search's time on long routes.
    #[inline]
    pub fn next_arc_insertion_below(
        &self,
        problem: &Problem,
        positions: std::ops::Range<usize>,
        place: usize,
        limit: i64,
    ) -> Option<usize> {
        debug_assert!(self.break_pos.is_none());
        if positions.is_empty() {
            return None;
        }
        let from_place = problem.costs_from(place);
        let to_place = problem.costs_to(place);
        let places = &self.place[positions.start..=positions.end];
        let costs = &self.cost[positions.start..=positions.end];
        places
            .windows(2)
            .zip(costs.windows(2))
            .position(|(at, cost)| {
                i64::from(to_place[at[0]]) + i64::from(from_place[at[1]]) - (cost[1] - cost[0]) < limit
            })
            .map(|k| positions.start + k)
    }

    /// The first padded position in `positions` that
    /// [`Route::insertion_cannot_beat`] does not rule out for `task` below
    /// `limit`: where only arcs count and the route has no break, by
    /// [`Route::next_arc_insertion_below`]; on a day that weighs the working
    /// day and prices arcs by their drive time, the positions up to the
    /// break are read likewise as one tight loop over slices of the route
    /// and of the task's row of costs. On a full day this scan is most of
    /// the search's time.
    #[inline]
    pub fn next_insertion_below(
        &self,
        problem: &Problem,
        positions: std::ops::Range<usize>,
        task: &super::problem::Task,
        limit: i64,
    ) -> Option<usize> {
        if !problem.weighs_working_day() && self.break_pos.is_none() {
            return self.next_arc_insertion_below(problem, positions, task.place, limit);
        }
        if !(problem.weighs_working_day() && self.feasible && problem.arc_cost == ArcCost::DriveTime) {
            return positions.clone().find(|&pos| !self.insertion_cannot_beat(problem, pos, task, limit));
        }
        // Right before the break only what cannot be in time is ruled out;
        // the positions after it are scanned as those before.
        let from_task = problem.costs_from(task.place);
        let to_task = problem.costs_to(task.place);
        let scan = |from: usize, to: usize| {
            if from >= to {
                return None;
            }
            let places = &self.place[from..=to];
            let costs = &self.cost[from..=to];
            let done = &self.done[from..to];
            let latest = &self.latest[from + 1..=to];
            let waits = &self.home_by.waits[from + 1..=to];
            places
                .windows(2)
                .zip(costs.windows(2))
                .zip(done.iter().zip(latest).zip(waits))
                .position(|((at, cost), ((&done, &latest), &waits))| {
                    let direct_s = cost[1] - cost[0];
                    let arcs = i64::from(to_task[at[0]]) + i64::from(from_task[at[1]]) - direct_s;
                    let detour_s = arcs + task.service_s;
                    !detour_cannot_beat(problem, arcs, (done, direct_s, detour_s), (latest, waits), limit)
                })
                .map(|k| from + k)
        };
        match self.break_pos.map(|b| b - 1).filter(|pos| positions.contains(pos)) {
            None => scan(positions.start, positions.end),
            Some(before_break) => scan(positions.start, before_break).or_else(|| {
                if self.break_cannot_follow(problem, before_break, &Chain::of_task(task)) {
                    scan(before_break + 1, positions.end)
                } else {
                    Some(before_break)
                }
            }),
        }
    }

    /// Whether putting a visit of `task` right after padded position `pos`
    /// certainly adds `limit` or more to the objective, by a lower bound
    /// found in O(1): the [`Route::insertion_cost`], and when the working
    /// day counts, the detour's time (the drives and the visit) less the
    /// waiting after it that can absorb it, since a later arrival only waits
    /// less or misses a window for a later one. There, too, a detour that
    /// brings the next stop later than its latest arrival cannot be made at
    /// all: on a full day most positions of most routes, each of which the
    /// scan would otherwise walk only to find it late. Right before the break there
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
        self.chain_insertion_cannot_beat(problem, pos, &Chain::of_task(task), limit)
    }

    /// [`Route::insertion_cannot_beat`] for a whole [`Chain`] of visits put
    /// in one piece right after padded position `pos`, by the same bound:
    /// local search moving a chain to another route rules out most places
    /// by it before walking them.
    #[inline]
    pub fn chain_insertion_cannot_beat(
        &self,
        problem: &Problem,
        pos: usize,
        chain: &Chain,
        limit: i64,
    ) -> bool {
        let arcs = self.chain_insertion_cost(problem, pos, chain);
        if !problem.weighs_working_day() {
            return arcs >= limit;
        }
        if !self.feasible {
            return false;
        }
        if self.is_break(pos + 1) {
            return self.break_cannot_follow(problem, pos, chain);
        }
        let (direct_s, detour_s) = match problem.arc_cost {
            ArcCost::DriveTime => (self.cost[pos + 1] - self.cost[pos], arcs + chain.service_s),
            ArcCost::Distance => {
                let (before, after) = (self.place[pos], self.place[pos + 1]);
                let direct_s = problem.drive_s(before, after);
                let detour_s = problem.drive_s(before, chain.first)
                    + chain.inner_drive_s
                    + chain.service_s
                    + problem.drive_s(chain.last, after)
                    - direct_s;
                (direct_s, detour_s)
            }
        };
        let next = (self.latest[pos + 1], self.home_by.waits[pos + 1]);
        detour_cannot_beat(problem, arcs, (self.done[pos], direct_s, detour_s), next, limit)
    }

    /// Whether putting `chain` in place of the stops at padded positions
    /// `from..=to` of this feasible route certainly makes the stop after
    /// them late: its visits start no earlier than they are reached and end
    /// no earlier than their service, so that stop is reached no earlier
    /// than over the chain's drives from when the stop before `from` is done.
    /// No bound where the break comes next (it would be taken at the chain's
    /// last place) or on an infeasible route. On a full day most exchanges
    /// of visits between two routes make one of them late, and this rules
    /// them out before either is walked.
    #[inline]
    pub fn replacement_is_late(&self, problem: &Problem, (from, to): (usize, usize), chain: &Chain) -> bool {
        let next = to + 1;
        if !self.feasible || self.is_break(next) {
            return false;
        }
        let ready = self.done[from - 1]
            + problem.drive_s(self.place[from - 1], chain.first)
            + chain.inner_drive_s
            + chain.service_s;
        ready + problem.drive_s(chain.last, self.place[next]) > self.latest[next]
    }

    /// Whether `chain`, put right after padded position `pos` where the
    /// break comes next, certainly makes the break or the stop after it
    /// late on this feasible route: the break would be taken after the
    /// chain's last visit, and with drives of no less than no time, the
    /// chain's visits and the break no earlier than they can start, that
    /// stop is reached no earlier than over the chain and its own place.
    /// There is no bound in cost (the drive on from the new visit may be
    /// shorter), but on a full day almost no route has the time, and this
    /// position was most of the walks of a day's insertion scans (13 of
    /// 16 million on the overloaded day, 94 % of them late).
    fn break_cannot_follow(&self, problem: &Problem, pos: usize, chain: &Chain) -> bool {
        let Some(rest) = problem.vehicles[self.vehicle].break_spec else { return false };
        let (to_start, to_next) = self.time_before_break(rest, pos);
        // From when the stop at `pos` is done to the end of the chain's last visit, at the least.
        let chain_s = problem.drive_s(self.place[pos], chain.first) + chain.inner_drive_s + chain.service_s;
        chain_s > to_start
            || to_next.is_some_and(|to_next| {
                let break_from = chain_s.max(rest.start.open - self.done[pos]);
                break_from + problem.drive_s(chain.last, self.place[pos + 2]) > to_next
            })
    }

    /// Right before the break, which follows padded position `pos` under
    /// `rest`: how long after the stop at `pos` is done the break may still
    /// start, and, where a stop follows the break, how long until that
    /// stop's latest arrival less the break. The one rule of the time before
    /// the break, for [`Route::break_cannot_follow`] and [`Route::room_after`].
    fn time_before_break(&self, rest: BreakSpec, pos: usize) -> (i64, Option<i64>) {
        let done = self.done[pos];
        let to_next = (pos + 2 <= self.stops.len()).then(|| self.latest[pos + 2] - rest.duration_s - done);
        (rest.start.close - done, to_next)
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
        if self.break_pos.is_some_and(|b| b > front) {
            self.break_pos = None;
        }
        // Position 0 is the vehicle leaving its start, whatever the stops:
        // written once, when the route is made (and walked from, at `front` 0).
        let new_route = self.place.is_empty();
        let mut cursor = if new_route { Cursor::start(vehicle) } else { self.cursor(front) };
        for column in [&mut self.done, &mut self.cost, &mut self.load] {
            column.resize(n + 2, 0);
        }
        self.place.resize(n + 2, 0);
        // Written in place, by slices as long as the padded route, rather than pushed.
        let (place, done, cost, load) = (
            &mut self.place[..n + 2],
            &mut self.done[..n + 2],
            &mut self.cost[..n + 2],
            &mut self.load[..n + 2],
        );
        let mut write = |pos: usize, at: &Cursor| {
            (place[pos], done[pos], cost[pos], load[pos]) = (at.place, at.time, at.cost, at.load);
        };
        if new_route {
            write(0, &cursor);
        }
        self.feasible = true;
        for (k, &node) in self.stops.iter().enumerate().skip(front) {
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
            write(k + 1, &cursor);
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
        write(n + 1, &cursor);
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
            self.latest.resize(n + 2, NEVER);
            self.latest[n + 1] = vehicle.shift.close;
        }
        let (place, latest) = (&self.place[..n + 2], &mut self.latest[..n + 2]);
        for pos in (1..=(n + 1 - back.max(1))).rev() {
            let node = self.stops[pos - 1];
            let travel = problem.drive_s(place[pos], place[pos + 1]);
            let after = latest[pos + 1];
            latest[pos] = if after == NEVER {
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
        // With no stops, position 1 is home, whose latest arrival is the shift's end.
        latest[0] = latest[1] - problem.drive_s(place[0], place[1]);
        self.widest_gap = i64::MAX;
        if problem.weighs_working_day() && self.feasible {
            self.summarise_home_by(problem);
            self.widest_gap = self.widest_gap(problem);
        } else {
            self.home_by.clear();
        }
    }

    /// The longest visit that could be put anywhere in this feasible route
    /// in time (the most [`Route::room_after`] any position). A visit that takes
    /// longer fits nowhere. On a full day the routes leave no room for most
    /// of the accounts left out, each of which is offered every changed
    /// route in every recreate.
    fn widest_gap(&self, problem: &Problem) -> i64 {
        let n = self.stops.len();
        // Right before the break the latest arrival is the break's, never
        // later than the room there, so one pass over every position and the
        // room before the break give the widest.
        let widest =
            self.latest[1..=n + 1].iter().zip(&self.done[..=n]).map(|(latest, done)| latest - done).max();
        let before_break = self.break_pos.map(|b| self.room_after(problem, b - 1));
        widest.max(before_break).unwrap_or(i64::MIN)
    }

    /// The longest visit that could go right after padded position `pos` of
    /// this feasible route without making what follows late, drives aside
    /// (they take no less than no time): from when the stop there is done to
    /// the latest arrival at the next; right before the break, to the
    /// break's latest start and to the latest arrival after it less the
    /// break, as [`Route::insertion_cannot_beat`] rules there.
    pub fn room_after(&self, problem: &Problem, pos: usize) -> i64 {
        match problem.vehicles[self.vehicle].break_spec.filter(|_| self.is_break(pos + 1)) {
            None => self.latest[pos + 1] - self.done[pos],
            Some(rest) => {
                let (to_start, to_next) = self.time_before_break(rest, pos);
                to_next.map_or(to_start, |to_next| to_start.min(to_next))
            }
        }
    }

    /// Whether `service_s` is longer than any visit the route has room for
    /// after any position ([`Route::room_after`], kept when the route
    /// changes); never on an infeasible route, or where the working day is
    /// not weighed.
    #[inline]
    pub fn has_no_gap_for(&self, service_s: i64) -> bool {
        service_s > self.widest_gap
    }
}

#[cfg(test)]
mod tests;
