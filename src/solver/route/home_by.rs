//! When a vehicle entering a route partway is home, in O(1): the summary
//! that lets a move be priced by the working day it makes
//! ([`Problem::with_working_day_weight`]) without walking the stops it keeps.

use super::{Cursor, Route, BREAK, NEVER};
use crate::solver::problem::{Problem, Vehicle};

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
pub(super) struct HomeBy {
    arrival: Vec<i64>,
    span: Vec<i64>,
    release: Vec<i64>,
    today_latest: Vec<i64>,
    margin: Vec<i64>,
    /// Seconds of waiting from `pos` on (before visits and the break start).
    pub(super) waits: Vec<i64>,
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

    pub(super) fn clear(&mut self) {
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

impl Route {
    /// When a vehicle leaving `cursor` and arriving at padded position `pos`
    /// at `arrival` (no later than its latest arrival) is home after this
    /// route's stops from `pos` on.
    #[inline]
    pub(super) fn home_from(
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

    /// At least the objective ([`Route::objective`]) of `vehicle`, any
    /// vehicle, continuing `cursor` with this route's stops from padded
    /// position `pos` on; `None` where even that bound is home late or over
    /// capacity. The arcs are the route's own from `pos` on, and the day
    /// ends no earlier than over the drives and visits without waiting or a
    /// break (`vehicle` may rest for another time, or skip it). Where
    /// [`Route::join_at`]'s caches do not hold (a 2-opt* tail given to a rep
    /// with another home) the tail is walked, and this rules most such walks
    /// out first. No bound in time (the arcs alone) on an infeasible route,
    /// where the summaries are not kept, and none where `pos` holds the break
    /// or is home: then the cursor's own cost.
    #[inline]
    pub fn join_at_least(
        &self,
        problem: &Problem,
        vehicle: &Vehicle,
        cursor: Cursor,
        pos: usize,
    ) -> Option<i64> {
        let n = self.stops.len();
        if pos > n || self.is_break(pos) {
            return Some(cursor.cost);
        }
        if cursor.load + self.load_from(pos) > vehicle.capacity {
            return None;
        }
        let (first, last) = (self.place[pos], self.place[n]);
        let arcs = cursor.cost + problem.cost(cursor.place, first) + self.cost[n] - self.cost[pos]
            + problem.cost(last, vehicle.end_place);
        if !problem.weighs_working_day() || !self.feasible {
            return Some(arcs);
        }
        let own = &problem.vehicles[self.vehicle];
        // `span` holds a break inside the stops at its own vehicle's length, none last.
        let rest_s = match (self.break_pos, own.break_spec) {
            (Some(b), Some(rest)) if b > pos && b < n => rest.duration_s,
            _ => 0,
        };
        let busy_s = self.home_by.span[pos] - problem.drive_s(last, own.end_place) - rest_s;
        let back = cursor.time
            + problem.drive_s(cursor.place, first)
            + busy_s
            + problem.drive_s(last, vehicle.end_place);
        (back <= vehicle.shift.close).then(|| arcs + problem.working_day_cost(vehicle, back))
    }

    /// The break last in the route, if it is.
    pub(super) fn last_break(&self) -> Option<usize> {
        self.break_pos.filter(|&pos| pos == self.stops.len())
    }

    /// When the vehicle is home, given when it would be home without a
    /// break last in the route (as [`HomeBy`] summarises such a route): the
    /// same if the break is skipped ([`Cursor::skips_break`]), else later
    /// by the break and any wait for it.
    #[inline]
    pub(super) fn with_last_break(&self, problem: &Problem, vehicle: &Vehicle, back: i64) -> i64 {
        let (Some(pos), Some(rest)) = (self.last_break(), vehicle.break_spec) else { return back };
        if rest.skippable && back <= rest.start.close {
            return back;
        }
        let drive_s = problem.drive_s(self.place[pos], vehicle.end_place);
        (back - drive_s).max(rest.start.open) + rest.duration_s + drive_s
    }

    /// Fills [`HomeBy`] from the schedule and its windows today, backwards.
    pub(super) fn summarise_home_by(&mut self, problem: &Problem) {
        let vehicle = &problem.vehicles[self.vehicle];
        let n = self.stops.len();
        // Every entry but position 0's (never written, so 0) is written below.
        for values in self.home_by.columns() {
            values.resize(n + 2, 0);
        }
        let HomeBy { arrival, span, release, today_latest, margin, waits } = &mut self.home_by;
        let (arrival, span, release) = (&mut arrival[..n + 2], &mut span[..n + 2], &mut release[..n + 2]);
        let (today_latest, margin, waits) =
            (&mut today_latest[..n + 2], &mut margin[..n + 2], &mut waits[..n + 2]);
        let (stops, place, done) = (&self.stops[..n], &self.place[..n + 2], &self.done[..n + 2]);
        margin[n + 1] = i64::MAX;
        arrival[n + 1] = done[n + 1];
        span[n + 1] = 0;
        release[n + 1] = NEVER;
        today_latest[n + 1] = vehicle.shift.close;
        waits[n + 1] = 0;
        // The drive on from each position, carried back from the one after:
        // the drive to a position is the drive on from the one before it.
        let mut on_s = problem.drive_s(place[n], place[n + 1]);
        for pos in (1..=n).rev() {
            let to_s = problem.drive_s(place[pos - 1], place[pos]);
            let node = stops[pos - 1];
            if pos == n && node == BREAK {
                // Summarised as if home from the last visit; `with_last_break` adds the break.
                arrival[pos] = done[pos - 1];
                span[pos] = on_s;
                release[pos] = NEVER;
                today_latest[pos] = vehicle.shift.close - on_s;
                margin[pos] = i64::MAX;
                let rest = vehicle.break_spec.expect("a feasible route has a break only if its vehicle does");
                waits[pos] = done[pos] - rest.duration_s - done[pos - 1];
                on_s = to_s;
                continue;
            }
            let (window, duration_s, arrived, least_margin) = if node == BREAK {
                let rest = vehicle.break_spec.expect("a feasible route has a break only if its vehicle does");
                (rest.start, rest.duration_s, done[pos - 1], i64::MAX)
            } else {
                let task = &problem.tasks[node as usize];
                // A visit's place is its position's, so the drive to it is `to_s`.
                let arrived = done[pos - 1] + to_s;
                let today =
                    task.windows.iter().position(|w| w.close >= arrived).expect("the route is feasible");
                let least_margin =
                    if today == 0 { i64::MAX } else { arrived - task.windows[today - 1].close };
                (task.windows[today], task.service_s, arrived, least_margin)
            };
            let step = duration_s + on_s;
            arrival[pos] = arrived;
            span[pos] = step + span[pos + 1];
            release[pos] = window.open.max(release[pos + 1] - step);
            today_latest[pos] = window.close.min(today_latest[pos + 1] - step);
            margin[pos] = least_margin.min(margin[pos + 1]);
            let start = done[pos] - duration_s;
            waits[pos] = start - arrived + waits[pos + 1];
            on_s = to_s;
        }
    }
}
