//! The [`Cursor`] that walks a route: one vehicle's state after each
//! activity, advanced stop by stop. Every walk of a route (its caches, a
//! move's new stops, a join to a cached tail) steps with it, so the rules of
//! time windows, the break and the way home are written once, here.

use super::{BREAK, NEVER};
use crate::solver::problem::{Problem, Vehicle, Window};

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
    /// [`BreakSpec::skippable`](crate::solver::problem::BreakSpec::skippable) and
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
    pub(super) fn fits_home_at(&self, vehicle: &Vehicle, back: i64) -> bool {
        back <= vehicle.shift.close && self.load <= vehicle.capacity
    }
}

/// The earliest start of service at or after `arrival` inside one of `windows`.
#[inline]
pub fn earliest_start(windows: &[Window], arrival: i64) -> Option<i64> {
    windows.iter().find(|w| w.close >= arrival).map(|w| w.open.max(arrival))
}

/// The latest start of service no later than `bound` inside one of `windows`.
#[inline]
pub(super) fn latest_start(windows: &[Window], bound: i64) -> i64 {
    windows.iter().rev().find(|w| w.open <= bound).map_or(NEVER, |w| w.close.min(bound))
}
