//! Swap in: a task left out takes the place of its routed neighbour `v`,
//! which is left out instead: in `v`'s place, or just before the stop
//! before it, or just after the stop after it.
//!
//! On a day with more due accounts than the reps can visit, which accounts
//! go is the plan's largest cost. Recreate brings a left-out account in
//! only where it fits beside the visits a route holds, so a full route keeps
//! a visit that is worth less than a left-out one nearby until a ruin
//! happens to take that visit out and recreate happens to choose the
//! left-out one first. This move makes the exchange directly, priced at
//! both skip costs and the route's change.

use super::{better, replaced_cost, route_objective, Candidate, Move};
use crate::solver::problem::Problem;
use crate::solver::route::{Chain, BREAK};
use crate::solver::solution::{Slot, Solution};

/// Where the task swapped in goes, relative to the padded position `pos`
/// of the stop it replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// In the replaced stop's place.
    Instead,
    /// Just before the stop before it (which then follows the task).
    BeforePrevious,
    /// Just after the stop after it.
    AfterNext,
}

/// Every place the move weighs.
pub const PLACES: [Place; 3] = [Place::Instead, Place::BeforePrevious, Place::AfterNext];

/// The best exchange of the left-out task `u` for its routed neighbour `v`
/// whose cost change is below `limit`.
pub fn evaluate(problem: &Problem, solution: &Solution, u: usize, v: usize, limit: i64) -> Option<Candidate> {
    let Slot::Unassigned = solution.slot(u) else { return None };
    let Slot::Routed { route: index, pos } = solution.slot(v) else { return None };
    let (index, pos) = (index as usize, pos as usize);
    let route = &solution.routes[index];
    let skips = problem.tasks[v].skip_cost - problem.tasks[u].skip_cost;
    // No arc, working day or vehicle costs less than nothing, so the route
    // after the exchange costs no less than nothing either: the change is at
    // least the skip costs' less what the route costs now. On a full day
    // most left-out tasks are worth less than the visits next to them.
    if skips - route_objective(problem, route) >= limit {
        return None;
    }
    let mut best = None;
    for place in PLACES {
        let Some((from, to, middle)) = replacement(route.stops(), pos, u as u32, place) else { continue };
        let middle = &middle[..to + 1 - from];
        if !middle.contains(&BREAK) {
            let task = |n: u32| &problem.tasks[n as usize];
            let chain = middle[1..]
                .iter()
                .fold(Chain::of_task(task(middle[0])), |c, &n| c.followed_by(problem, task(n)));
            if route.replacement_is_late(problem, (from, to), &chain) {
                continue;
            }
        }
        let delta = replaced_cost(problem, route, from, to, middle)
            .map(|cost| cost - route_objective(problem, route) + skips);
        best = better(best, delta, Move::SwapIn { route: index, pos, task: u, place });
    }
    best.filter(|c| c.delta < limit)
}

/// The padded positions `from..=to` the move replaces, and the stops that
/// take their place (the first `to + 1 - from` of the array); `None` where
/// the stop before or after does not exist.
pub fn replacement(stops: &[u32], pos: usize, task: u32, place: Place) -> Option<(usize, usize, [u32; 2])> {
    match place {
        Place::Instead => Some((pos, pos, [task, 0])),
        Place::BeforePrevious if pos > 1 => Some((pos - 1, pos, [task, stops[pos - 2]])),
        Place::AfterNext if pos < stops.len() => Some((pos, pos + 1, [stops[pos], task])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{apply_checked, problem, solution, stops, task, vehicle};
    use crate::solver::{Problem, Task};

    /// The depot and places 1-3 on a line, 10 s apart; task k at place
    /// k + 1, 10 s of service each, left out at `skips[k]`; task 1 starts
    /// by `close_1`. The vehicle's shift (80 s) fits two of the visits.
    fn line(skips: [i64; 3], close_1: i64) -> Problem {
        let drive_s = [[0, 10, 20, 30], [10, 0, 10, 20], [20, 10, 0, 10], [30, 20, 10, 0]];
        let windows = [(0, 1000), (0, close_1), (0, 1000)];
        let tasks = (0..3).map(|k| Task { skip_cost: skips[k], ..task(k + 1, 10, windows[k]) }).collect();
        problem(drive_s, tasks, vec![vehicle((0, 80))])
    }

    /// Route 0, 1 costs 40 and leaves task 2 out; 0, 2 costs 60. Task 2's
    /// skip cost is 100 above task 1's, so the exchange gains 80.
    #[test]
    fn brings_in_the_task_worth_more() {
        let problem = line([50, 50, 150], 1000);
        let solution = solution(&problem, &[&[0, 1]]);
        let found = evaluate(&problem, &solution, 2, 1, i64::MAX).unwrap();
        assert_eq!(found.mv, Move::SwapIn { route: 0, pos: 2, task: 2, place: Place::Instead });
        assert_eq!(found.delta, -80);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 2]]);
    }

    /// Task 2 is worth only 10 more than task 1: the 20 s more driving
    /// outweigh it, and no exchange goes below zero.
    #[test]
    fn keeps_the_visit_when_driving_outweighs_the_skip_costs() {
        let problem = line([50, 50, 60], 1000);
        let solution = solution(&problem, &[&[0, 1]]);
        assert_eq!(evaluate(&problem, &solution, 2, 1, 0), None);
        assert_eq!(evaluate(&problem, &solution, 2, 1, i64::MAX).unwrap().delta, 10);
    }

    /// Task 1 must start by 30: exchanging task 0 for task 2 in its place
    /// (2, 1) reaches task 1 at 50, so task 2 goes after it (1, 2).
    #[test]
    fn places_the_task_after_the_next_stop() {
        let problem = line([50, 50, 150], 30);
        let solution = solution(&problem, &[&[0, 1]]);
        let found = evaluate(&problem, &solution, 2, 0, i64::MAX).unwrap();
        assert_eq!(found.mv, Move::SwapIn { route: 0, pos: 1, task: 2, place: Place::AfterNext });
        assert_eq!(found.delta, -80);
        assert_eq!(stops(&apply_checked(&problem, &solution, found)), [vec![1, 2]]);
    }

    /// A routed task is not swapped in.
    #[test]
    fn only_a_left_out_task_comes_in() {
        let problem = line([50, 50, 150], 1000);
        let solution = solution(&problem, &[&[0, 1]]);
        assert_eq!(evaluate(&problem, &solution, 0, 1, i64::MAX), None);
    }
}
