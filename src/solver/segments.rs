//! Summaries of the stretches of a route, so that a move within one route
//! passes the stops it keeps in between in O(1) instead of walking them.
//!
//! A move within a route (relocate, or-opt and swap) keeps a prefix and a
//! suffix, as every move does, and in between a stretch of the route's own
//! stops in their old order, now entered from another place at another time.
//! [`Segments`] answers, for any stretch `i..=j` of a route: entering at
//! `arrival`, is every window in it met, and when is the vehicle done at `j`?
//!
//! With one window per stop that is the classic summary (duration, earliest
//! finish, latest arrival): with `T[k]` the arrival offset of stop `k`
//! driving through without waiting, the stretch is met if `arrival - T[i]`
//! is at most the least `close[k] - T[k]`, and the vehicle is done at
//! `max(arrival - T[i], greatest open[k] - T[k]) + T[j] + service[j]`. Both
//! extremes come from sparse tables in O(1). The break is a stop like any
//! other there, at its predecessor's place, except first in a stretch, where
//! its place changes with the new predecessor, and last, where what follows
//! may need to know when it began (a break last in a route may be skipped):
//! there it is stepped through on its own.
//!
//! A visit with several windows is summarised with the window it starts in
//! today, which stays exact as long as the visit is reached no earlier than
//! just after the window before it closes: entering the stretch later than
//! today, or earlier by less than every such margin in it. Entering earlier
//! still, the summary is never too optimistic (the visit might start in an
//! earlier window, which it counts as a wait for today's), so a move it
//! accepts is feasible at the cost it gives (costs do not depend on time). A
//! visit reached after today's window closes may still make a later one: the
//! stretch is missed for certain only past the last window's close, and in
//! between [`Passed::Unsure`] tells the caller to walk the stops instead.

use super::problem::{Problem, Window};
use super::route::{Cursor, Route, BREAK, NEVER};

/// What [`Segments::pass`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passed {
    /// Every window met; the cursor is at the end of the stretch, with the true time.
    Yes,
    /// Every window met, but the cursor's time may be later than the true
    /// one: what fails after the stretch must be walked again.
    NoEarlier,
    /// Some window is missed (or a stop is not allowed for the vehicle).
    No,
    /// The summary misses a window, but the true schedule may not: walk.
    Unsure,
}

/// Range minima (or maxima) of one value per padded position, O(1) per
/// query from `log n` levels of extremes over `2^h` positions.
#[derive(Clone, Debug, Default)]
struct SparseTable {
    /// Level `h` at `h * stride..`: the extreme over positions `k..k + 2^h`.
    levels: Vec<i64>,
    stride: usize,
}

impl SparseTable {
    /// Fills the levels above the first (`levels[..stride]`, already set).
    fn build(&mut self, n: usize, stride: usize, pick: fn(i64, i64) -> i64) {
        self.stride = stride;
        self.levels.truncate(stride);
        let mut width = 1;
        while width * 2 <= n {
            let below = self.levels.len() - stride;
            for pos in 0..stride {
                let value = if pos >= 1 && pos + 2 * width - 1 <= n {
                    pick(self.levels[below + pos], self.levels[below + pos + width])
                } else {
                    0
                };
                self.levels.push(value);
            }
            width *= 2;
        }
    }

    /// The two entries that together cover positions `i..=j` (`i <= j`).
    #[inline]
    fn cover(&self, i: usize, j: usize) -> (i64, i64) {
        let level = (usize::BITS - 1 - (j + 1 - i).leading_zeros()) as usize;
        let base = level * self.stride;
        (self.levels[base + i], self.levels[base + j + 1 - (1 << level)])
    }

    #[inline]
    fn min(&self, i: usize, j: usize) -> i64 {
        let (a, b) = self.cover(i, j);
        a.min(b)
    }

    #[inline]
    fn max(&self, i: usize, j: usize) -> i64 {
        let (a, b) = self.cover(i, j);
        a.max(b)
    }
}

/// Summaries of one route's stretches, valid for one [`Route::version`].
#[derive(Clone, Debug, Default)]
pub struct Segments {
    /// The route version these summaries describe (0: none).
    version: u64,
    /// Whether the route is feasible; an infeasible one has no summary.
    usable: bool,
    /// `T[k]`: when stop `k` is reached after reaching stop 1 at 0, driving
    /// through without waiting (padded positions; 0 unused).
    arrival_offset: Vec<i64>,
    /// `T[k]` plus stop `k`'s service (or break) time.
    done_offset: Vec<i64>,
    /// When stop `k` is reached today.
    arrival: Vec<i64>,
    /// Least `close - T` of today's windows.
    slack: SparseTable,
    /// Least `close - T` of the last windows.
    last_slack: SparseTable,
    /// Greatest `open - T` of today's windows.
    release: SparseTable,
    /// Least margin by which a visit may be reached earlier than today and
    /// still after the window before today's closes (`i64::MAX` if none).
    margin: SparseTable,
    /// Prefix counts of visits the route's vehicle may not make.
    not_allowed: Vec<u32>,
}

impl Segments {
    /// Summarises `route` unless these summaries already describe its version.
    pub fn refresh(&mut self, problem: &Problem, route: &Route) {
        if self.version == route.version() {
            return;
        }
        self.version = route.version();
        self.usable = route.is_feasible();
        if !self.usable {
            return;
        }
        let n = route.len();
        let vehicle = &problem.vehicles[route.vehicle];
        let stride = n + 2;
        for values in [&mut self.arrival_offset, &mut self.done_offset, &mut self.arrival] {
            values.clear();
            values.resize(stride, 0);
        }
        for table in [&mut self.slack, &mut self.last_slack, &mut self.release, &mut self.margin] {
            table.levels.clear();
            table.levels.resize(stride, 0);
        }
        self.not_allowed.clear();
        self.not_allowed.resize(stride, 0);
        let mut offset = 0;
        for pos in 1..=n {
            let node = route.node(pos).expect("a stop");
            let before = route.cursor(pos - 1);
            let (today, last_close, margin, service_s, drive_s, allowed) = if node == BREAK {
                let rest = vehicle.break_spec.expect("a feasible route has a break only if its vehicle does");
                (rest.start, rest.start.close, i64::MAX, rest.duration_s, 0, true)
            } else {
                let task = &problem.tasks[node as usize];
                let drive_s = problem.drive_s(before.place, task.place);
                let arrival = before.time + drive_s;
                let today =
                    task.windows.iter().position(|w| w.close >= arrival).expect("the route is feasible");
                let margin = if today == 0 { i64::MAX } else { arrival - task.windows[today - 1].close };
                let last_close = task.windows[task.windows.len() - 1].close;
                let allowed = problem.allowed(node as usize, route.vehicle);
                (task.windows[today], last_close, margin, task.service_s, drive_s, allowed)
            };
            if pos > 1 {
                offset += drive_s;
            }
            self.arrival_offset[pos] = offset;
            self.done_offset[pos] = offset + service_s;
            self.arrival[pos] = before.time + drive_s;
            offset += service_s;
            self.not_allowed[pos] = self.not_allowed[pos - 1] + u32::from(!allowed);
            let Window { open, close } = today;
            self.slack.levels[pos] = close - self.arrival_offset[pos];
            self.last_slack.levels[pos] = last_close - self.arrival_offset[pos];
            self.release.levels[pos] = open - self.arrival_offset[pos];
            self.margin.levels[pos] = margin;
        }
        self.slack.build(n, stride, i64::min);
        self.last_slack.build(n, stride, i64::min);
        self.release.build(n, stride, i64::max);
        self.margin.build(n, stride, i64::min);
    }

    /// Moves `cursor`, driven by the route's vehicle, through the route's
    /// own stops `i..=j` (padded positions, in their order; none if `i > j`).
    /// O(1), plus one step when `i` or `j` holds the break. These summaries must
    /// describe `route` ([`Segments::refresh`]).
    #[inline]
    pub fn pass(
        &self,
        problem: &Problem,
        route: &Route,
        cursor: &mut Cursor,
        mut i: usize,
        j: usize,
    ) -> Passed {
        debug_assert_eq!(self.version, route.version());
        if i > j {
            return Passed::Yes;
        }
        if !self.usable {
            return Passed::Unsure;
        }
        if self.not_allowed[j] != self.not_allowed[i - 1] {
            return Passed::No;
        }
        if i < j && route.is_break(j) {
            // Stepped through on its own, so that the cursor knows when it began.
            let before = self.pass(problem, route, cursor, i, j - 1);
            if matches!(before, Passed::No | Passed::Unsure) {
                return before;
            }
            return match (cursor.advance(problem, &problem.vehicles[route.vehicle], BREAK), before) {
                (true, _) => before,
                (false, Passed::Yes) => Passed::No,
                (false, _) => Passed::Unsure,
            };
        }
        if route.is_break(i) {
            if !cursor.advance(problem, &problem.vehicles[route.vehicle], BREAK) {
                return Passed::No;
            }
            if i == j {
                return Passed::Yes;
            }
            i += 1;
        }
        let first_place = route.place(i);
        let arrival = cursor.time + problem.drive_s(cursor.place, first_place);
        let entered = arrival - self.arrival_offset[i];
        if entered > self.last_slack.min(i, j) {
            return Passed::No;
        }
        if entered > self.slack.min(i, j) {
            return Passed::Unsure;
        }
        cursor.time = entered.max(self.release.max(i, j)) + self.done_offset[j];
        let (at_i, at_j, before_i) = (route.cursor(i), route.cursor(j), route.cursor(i - 1));
        cursor.cost += problem.cost(cursor.place, first_place) + at_j.cost - at_i.cost;
        cursor.load += at_j.load - before_i.load;
        cursor.place = at_j.place;
        cursor.before_break = NEVER;
        if self.arrival[i] - arrival < self.margin.min(i, j) {
            Passed::Yes
        } else {
            Passed::NoEarlier
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{day_rep, day_tasks, problem, DAY_DRIVE_S};

    /// Walks `route`'s stops `i..=j` from `cursor` one by one.
    fn walked(problem: &Problem, route: &Route, mut cursor: Cursor, i: usize, j: usize) -> Option<Cursor> {
        let vehicle = &problem.vehicles[route.vehicle];
        (i..=j).all(|pos| cursor.advance(problem, vehicle, route.node(pos).unwrap())).then_some(cursor)
    }

    /// Every stretch of a route with a break, entered at every time of the
    /// day from every place: the summary agrees with walking the stops, and
    /// with two windows on task 3 it is never more optimistic and says when
    /// it is unsure.
    #[test]
    fn passing_a_stretch_agrees_with_walking_it() {
        let windows_3: [&[(i64, i64)]; 4] =
            [&[(0, 400)], &[(150, 180)], &[(0, 40), (240, 280)], &[(0, 50), (140, 160), (300, 320)]];
        let mut compared = 0;
        for windows in windows_3 {
            let problem = problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]);
            let mut routes = 0;
            for stops in orders(&[0, 1, 2, 3, BREAK]).into_iter().chain(orders(&[0, 1, 2, BREAK])) {
                let route = Route::with_stops(&problem, 0, stops.clone());
                if !route.is_feasible() {
                    continue;
                }
                routes += 1;
                let mut segments = Segments::default();
                segments.refresh(&problem, &route);
                for i in 1..=route.len() {
                    for j in i..=route.len() {
                        for place in 0..5 {
                            for time in (0..=300).step_by(5) {
                                let entry = Cursor { time, place, load: 2, cost: 7, before_break: NEVER };
                                let expected = walked(&problem, &route, entry, i, j);
                                let mut cursor = entry;
                                let passed = segments.pass(&problem, &route, &mut cursor, i, j);
                                let several =
                                    problem.tasks[3].windows.len() > 1 && stops[i - 1..j].contains(&3);
                                match (passed, expected) {
                                    (Passed::NoEarlier, Some(walked)) if several => {
                                        assert!(cursor.time >= walked.time);
                                        assert!(cursor.before_break >= walked.before_break);
                                        let (time, before_break) = (walked.time, walked.before_break);
                                        assert_eq!(Cursor { time, before_break, ..cursor }, walked);
                                    }
                                    (Passed::Yes, Some(walked)) => assert_eq!(cursor, walked),
                                    (Passed::No, None) => {}
                                    (Passed::Unsure, _) if several => {}
                                    other => panic!("{stops:?} {i}..={j} from {entry:?}: {other:?}"),
                                }
                                compared += 1;
                            }
                        }
                    }
                }
            }
            assert!(routes > 0, "{windows:?}");
        }
        assert!(compared > 10_000, "{compared}");
    }

    /// Every order of `items`.
    fn orders(items: &[u32]) -> Vec<Vec<u32>> {
        if items.len() <= 1 {
            return vec![items.to_vec()];
        }
        let mut out = Vec::new();
        for (k, &first) in items.iter().enumerate() {
            let mut rest = items.to_vec();
            rest.remove(k);
            for mut tail in orders(&rest) {
                tail.insert(0, first);
                out.push(tail);
            }
        }
        out
    }

    /// A route with a missed window has no summary: every stretch is unsure.
    #[test]
    fn an_infeasible_route_is_walked() {
        let problem = problem(DAY_DRIVE_S, day_tasks(&[(0, 10)]), vec![day_rep()]);
        let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2, 3]);
        assert!(!route.is_feasible());
        let mut segments = Segments::default();
        segments.refresh(&problem, &route);
        let mut cursor = route.cursor(0);
        assert_eq!(segments.pass(&problem, &route, &mut cursor, 1, 2), Passed::Unsure);
    }
}
