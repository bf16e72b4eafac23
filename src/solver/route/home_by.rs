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
}
