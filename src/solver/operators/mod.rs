//! Local-search moves, one file each, behind one contract: an operator
//! looks at a task `u` and one of its neighbours `v`, returns the best
//! [`Move`] it finds whose cost change is below a limit, with that exact
//! change, and [`apply`] performs it. Local search asks each operator for
//! less than zero and less than the best move found so far, so an operator
//! may pass over a move that a lower bound shows cannot be below the limit
//! without walking its routes. Every evaluation reuses the route caches: a move keeps a
//! prefix and a suffix of each route and only walks the stops in between,
//! except a stretch of the route's own stops kept in order by a move within
//! one route, which [`Segments`] pass in O(1) ([`rearranged_cost`]).

pub mod relocate;
pub mod swap;
pub mod swap_in;
pub mod two_opt;
pub mod two_opt_star;

use super::problem::Problem;
use super::route::{visits_in, Cursor, Route, BREAK};
use super::segments::{Passed, Segments};
use super::solution::{Slot, Solution};

/// Reusable buffers of the operators: the new stops of a move being walked,
/// the stretch summaries of each route, refreshed when its version changes,
/// and what taking the last chains asked about out of their route costs.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    stops: Vec<u32>,
    segments: Vec<Segments>,
    removals: Removals,
}

/// What taking the chain of each length from one padded position out of a
/// route changes in its objective, as found so far ([`Scratch::removal`]).
/// Local search asks it for a task and each of its neighbours in other
/// routes in turn, and on a team's day most of the answer was this walk
/// of the task's own route, the same for every neighbour.
#[derive(Clone, Debug, Default)]
struct Removals {
    /// The route's [`Route::version`] and the chains' first position.
    from: (u64, usize),
    /// By length less one: not asked yet, or the change (`None` where the
    /// route without the chain is infeasible).
    changes: [Option<Option<i64>>; relocate::MAX_CHAIN],
}

impl Scratch {
    /// What taking the `len` stops from padded position `from` out of
    /// `route` changes in its objective, `None` where that is infeasible:
    /// [`replaced_cost`] less [`route_objective`], found once for as long as
    /// the route keeps its version (which names its stops).
    fn removal(&mut self, problem: &Problem, route: &Route, from: usize, len: usize) -> Option<i64> {
        let key = (route.version(), from);
        if self.removals.from != key {
            self.removals = Removals { from: key, changes: [None; relocate::MAX_CHAIN] };
        }
        *self.removals.changes[len - 1].get_or_insert_with(|| {
            replaced_cost(problem, route, from, from + len - 1, &[])
                .map(|cost| cost - route_objective(problem, route))
        })
    }
}

/// A change to one or two routes. Positions are padded (1 = first stop).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Move the chain of `len` stops starting at `pos` in route `from` to
    /// just after padded position `after` of route `to` (old numbering),
    /// reversed if asked. Relocate is `len == 1`; or-opt is 2 or 3.
    Relocate {
        /// Source route.
        from: usize,
        /// First stop of the chain.
        pos: usize,
        /// Chain length.
        len: usize,
        /// Whether the chain is inserted back to front.
        reversed: bool,
        /// Target route.
        to: usize,
        /// Insert after this position.
        after: usize,
    },
    /// Exchange the stops at `pos_a` of route `a` and `pos_b` of route `b`.
    Swap {
        /// First route.
        a: usize,
        /// Position in the first route.
        pos_a: usize,
        /// Second route.
        b: usize,
        /// Position in the second route.
        pos_b: usize,
    },
    /// Reverse the stops from `from` to `to` of one route (2-opt).
    Reverse {
        /// The route.
        route: usize,
        /// First reversed position.
        from: usize,
        /// Last reversed position.
        to: usize,
    },
    /// Exchange the tails of two routes: everything after `pos_a` in `a`
    /// with everything after `pos_b` in `b` (2-opt*).
    SwapTails {
        /// First route.
        a: usize,
        /// Last kept position of the first route.
        pos_a: usize,
        /// Second route.
        b: usize,
        /// Last kept position of the second route.
        pos_b: usize,
    },
    /// Bring the left-out `task` in at `place` next to padded position
    /// `pos` of `route`, and leave the task at `pos` out.
    SwapIn {
        /// The route.
        route: usize,
        /// Position of the stop left out.
        pos: usize,
        /// The task brought in.
        task: usize,
        /// Where it goes.
        place: swap_in::Place,
    },
}

/// A candidate move with its exact change of the objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The move.
    pub mv: Move,
    /// Objective after minus before (negative improves).
    pub delta: i64,
}

/// Route and padded position of `u` and of `v`, if both are routed: where
/// every operator starts.
#[inline]
pub fn routed_pair(solution: &Solution, u: usize, v: usize) -> Option<(usize, usize, usize, usize)> {
    match (solution.slot(u), solution.slot(v)) {
        (Slot::Routed { route: ra, pos: pu }, Slot::Routed { route: rb, pos: pv }) => {
            Some((ra as usize, pu as usize, rb as usize, pv as usize))
        }
        _ => None,
    }
}

/// Whether a route's objective is its arcs alone: the working day is not
/// weighed and there is no break to take. A move between such routes that
/// keeps them in use changes the objective by exactly its arcs, where it
/// is feasible, which bounds it in O(1) before its schedule is walked.
#[inline]
pub fn arcs_alone(problem: &Problem, route: &Route) -> bool {
    !problem.weighs_working_day() && route.break_pos().is_none()
}

/// What a further move must cost less than: `limit`, or the best move found
/// so far where that is cheaper.
#[inline]
pub fn below(best: Option<Candidate>, limit: i64) -> i64 {
    best.map_or(limit, |c| c.delta.min(limit))
}

/// Keeps the better of two candidates.
#[inline]
pub fn better(best: Option<Candidate>, delta: Option<i64>, mv: Move) -> Option<Candidate> {
    match (best, delta) {
        (Some(b), Some(d)) if d < b.delta => Some(Candidate { mv, delta: d }),
        (None, Some(d)) => Some(Candidate { mv, delta: d }),
        (b, _) => b,
    }
}

/// The objective of `route` ([`Route::objective`] plus fixed cost when used) after
/// replacing padded positions `from..=to` by `middle`, driven by the
/// route's own vehicle; `None` if infeasible. `to = from - 1` inserts.
#[inline]
pub fn replaced_cost(
    problem: &Problem,
    route: &Route,
    from: usize,
    to: usize,
    middle: &[u32],
) -> Option<i64> {
    let vehicle = &problem.vehicles[route.vehicle];
    let removed = to + 1 - from;
    let removed_visits = removed - usize::from(route.break_pos().is_some_and(|b| b >= from && b <= to));
    let added_visits = visits_in(middle).count();
    if route.visit_count() + added_visits == removed_visits {
        return Some(0);
    }
    let mut cursor = route.cursor(from - 1);
    for &node in middle {
        if node != BREAK && !problem.allowed(node as usize, route.vehicle) {
            return None;
        }
        if !cursor.advance(problem, vehicle, node) {
            return None;
        }
    }
    route.join_at(problem, vehicle, cursor, to + 1).map(|c| c + vehicle.fixed_cost)
}

/// The objective of route `index` after replacing padded positions
/// `from..=to` by `before`, then its own stops `kept.0..=kept.1` in their
/// order, then `after`; `None` if infeasible. The same answer as
/// [`replaced_cost`] with the three joined, but the kept stops are passed in
/// O(1) from their [`Segments`]; only where those are unsure (a visit with
/// several windows reached far from today's time), or may give a later time
/// than the true one while the working day counts, is the whole middle walked.
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn rearranged_cost(
    problem: &Problem,
    solution: &Solution,
    index: usize,
    (from, to): (usize, usize),
    before: &[u32],
    kept: (usize, usize),
    after: &[u32],
    scratch: &mut Scratch,
) -> Option<i64> {
    let route = &solution.routes[index];
    if scratch.segments.len() <= index {
        scratch.segments.resize_with(solution.routes.len(), Segments::default);
    }
    let segments = &mut scratch.segments[index];
    segments.refresh(problem, route);
    let vehicle = &problem.vehicles[route.vehicle];
    let mut cursor = route.cursor(from - 1);
    let walk = |cursor: &mut Cursor, nodes: &[u32]| {
        nodes.iter().all(|&node| {
            (node == BREAK || problem.allowed(node as usize, route.vehicle))
                && cursor.advance(problem, vehicle, node)
        })
    };
    if !walk(&mut cursor, before) {
        return None;
    }
    let passed = segments.pass(problem, route, &mut cursor, kept.0, kept.1);
    // A time later than the true one still gives the arc cost, but not when the working day counts.
    let exact = passed == Passed::Yes || (passed == Passed::NoEarlier && !problem.weighs_working_day());
    if exact && walk(&mut cursor, after) {
        if let Some(cost) = route.join_at(problem, vehicle, cursor, to + 1) {
            return Some(cost + vehicle.fixed_cost);
        }
    }
    if matches!(passed, Passed::Yes | Passed::No) {
        return None;
    }
    let stops = &mut scratch.stops;
    stops.clear();
    stops.extend_from_slice(before);
    stops.extend_from_slice(&route.stops()[kept.0 - 1..kept.1]);
    stops.extend_from_slice(after);
    replaced_cost(problem, route, from, to, stops)
}

/// The objective of a route as it stands (0 when empty).
#[inline]
pub fn route_objective(problem: &Problem, route: &Route) -> i64 {
    if route.is_empty() {
        0
    } else {
        route.objective() + problem.vehicles[route.vehicle].fixed_cost
    }
}

/// Performs `mv` on `solution`.
pub fn apply(problem: &Problem, solution: &mut Solution, mv: Move) {
    match mv {
        Move::Relocate { from, pos, len, reversed, to, after } => {
            let mut chain: Vec<u32> = solution.routes[from].stops()[pos - 1..pos - 1 + len].to_vec();
            if reversed {
                chain.reverse();
            }
            if from == to {
                let old = solution.routes[from].stops();
                let mut stops: Vec<u32> = Vec::with_capacity(old.len());
                for (k, &node) in old.iter().enumerate() {
                    let p = k + 1;
                    if p < pos || p >= pos + len {
                        stops.push(node);
                    }
                    if p == after {
                        stops.extend_from_slice(&chain);
                    }
                }
                if after == 0 {
                    stops.splice(0..0, chain.iter().copied());
                }
                set_one(problem, solution, from, stops);
            } else {
                let mut source: Vec<u32> = solution.routes[from].stops().to_vec();
                source.drain(pos - 1..pos - 1 + len);
                let mut target: Vec<u32> = solution.routes[to].stops().to_vec();
                target.splice(after..after, chain);
                set_two(problem, solution, from, source, to, target);
            }
        }
        Move::Swap { a, pos_a, b, pos_b } => {
            let node_a = solution.routes[a].stops()[pos_a - 1];
            let node_b = solution.routes[b].stops()[pos_b - 1];
            if a == b {
                let mut stops = solution.routes[a].stops().to_vec();
                stops.swap(pos_a - 1, pos_b - 1);
                set_one(problem, solution, a, stops);
            } else {
                let mut stops_a = solution.routes[a].stops().to_vec();
                let mut stops_b = solution.routes[b].stops().to_vec();
                stops_a[pos_a - 1] = node_b;
                stops_b[pos_b - 1] = node_a;
                set_two(problem, solution, a, stops_a, b, stops_b);
            }
        }
        Move::Reverse { route, from, to } => {
            let mut stops = solution.routes[route].stops().to_vec();
            stops[from - 1..to].reverse();
            set_one(problem, solution, route, stops);
        }
        Move::SwapTails { a, pos_a, b, pos_b } => {
            let (ra, rb) = (solution.routes[a].stops(), solution.routes[b].stops());
            let stops_a: Vec<u32> = ra[..pos_a].iter().chain(&rb[pos_b..]).copied().collect();
            let stops_b: Vec<u32> = rb[..pos_b].iter().chain(&ra[pos_a..]).copied().collect();
            set_two(problem, solution, a, stops_a, b, stops_b);
        }
        Move::SwapIn { route, pos, task, place } => {
            let old = solution.routes[route].stops();
            let (from, to, middle) =
                swap_in::replacement(old, pos, task as u32, place).expect("a move the operator found");
            let stops = [&old[..from - 1], &middle[..to + 1 - from], &old[to..]].concat();
            set_one(problem, solution, route, stops);
        }
    }
}

/// A route left with only its break does not go out at all.
fn without_lone_break(mut stops: Vec<u32>) -> Vec<u32> {
    if stops.iter().all(|&n| n == BREAK) {
        stops.clear();
    }
    stops
}

fn set_one(problem: &Problem, solution: &mut Solution, route: usize, stops: Vec<u32>) {
    solution.set_route(problem, route, &without_lone_break(stops));
}

fn set_two(
    problem: &Problem,
    solution: &mut Solution,
    a: usize,
    stops_a: Vec<u32>,
    b: usize,
    stops_b: Vec<u32>,
) {
    let (stops_a, stops_b) = (without_lone_break(stops_a), without_lone_break(stops_b));
    solution.set_routes(problem, a, &stops_a, b, &stops_b);
}
