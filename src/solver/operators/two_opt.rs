//! 2-opt: within one route, reverse the stretch between `u` and its
//! neighbour `v` so that the two become consecutive.

use super::{better, replaced_cost, route_objective, routed_pair, Candidate, Move, Scratch};
use crate::solver::problem::Problem;
use crate::solver::solution::Solution;

/// The reversal that makes `u` and `v` adjacent, with its cost change, if
/// feasible and below `limit`.
pub fn evaluate(
    problem: &Problem,
    solution: &Solution,
    u: usize,
    v: usize,
    limit: i64,
    scratch: &mut Scratch,
) -> Option<Candidate> {
    let (route_index, pu, other_route, pv) = routed_pair(solution, u, v)?;
    if route_index != other_route {
        return None;
    }
    // Reverse (pu+1..=pv) when u comes first, else (pv..=pu-1): either way u and v meet.
    let (from, to) = if pu < pv { (pu + 1, pv) } else { (pv, pu - 1) };
    if to <= from {
        return None;
    }
    let route = &solution.routes[route_index];
    let stops = &mut scratch.stops;
    stops.clear();
    stops.extend(route.stops()[from - 1..to].iter().rev());
    let delta = replaced_cost(problem, route, from, to, stops).map(|c| c - route_objective(problem, route));
    better(None, delta, Move::Reverse { route: route_index, from, to }).filter(|c| c.delta < limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{apply_checked, problem, recomputed_cost, solution, stops, task, vehicle};
    use crate::solver::Problem;

    /// Depot at (0, 0) of a street grid and places 1-5 at (0, 10), (0, 20),
    /// (10, 20), (20, 20), (20, 10): a loop of 130 when driven in order. Task
    /// k is at place k + 1, visits take 10 s, task 3 starts by `close_3`.
    fn loop_of_five(close_3: i64) -> Problem {
        let drive_s = [
            [0, 10, 20, 30, 40, 30],
            [10, 0, 10, 20, 30, 20],
            [20, 10, 0, 10, 20, 30],
            [30, 20, 10, 0, 10, 20],
            [40, 30, 20, 10, 0, 10],
            [30, 20, 30, 20, 10, 0],
        ];
        let mut tasks: Vec<_> = (1..=5).map(|place| task(place, 10, (0, 1000))).collect();
        tasks[3] = task(4, 10, (0, close_3));
        problem(drive_s, tasks, vec![vehicle((0, 1000))])
    }

    /// Route 0, 3, 2, 1, 4 (cost 170) crosses itself; reversing 3, 2, 1 makes
    /// 0 and 1 consecutive and gives the loop (130). From v's side, reversing
    /// 0, 3, 2 instead gives 2, 3, 0, 1, 4, which is worse (+20) and still
    /// reported with its exact change.
    #[test]
    fn reverses_the_stretch_between_two_visits() {
        let problem = loop_of_five(1000);
        let solution = solution(&problem, &[&[0, 3, 2, 1, 4]]);
        let found = evaluate(&problem, &solution, 0, 1, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, Move::Reverse { route: 0, from: 2, to: 4 });
        assert_eq!(found.delta, -40);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1, 2, 3, 4]]);

        let other_way = evaluate(&problem, &solution, 1, 0, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(other_way.mv, Move::Reverse { route: 0, from: 1, to: 3 });
        assert_eq!(other_way.delta, 20);
        let moved = apply_checked(&problem, &solution, other_way);
        assert_eq!(stops(&moved), [vec![2, 3, 0, 1, 4]]);
    }

    /// Task 3 must start by 60: it starts at 50 second in the route, and
    /// would start at 70 fourth in the reversed one.
    #[test]
    fn refuses_a_reversal_that_makes_a_visit_late() {
        let problem = loop_of_five(60);
        let solution = solution(&problem, &[&[0, 3, 2, 1, 4]]);
        assert_eq!(evaluate(&problem, &solution, 0, 1, i64::MAX, &mut Scratch::default()), None);
        assert_eq!(recomputed_cost(&problem, 0, &[0, 1, 2, 3, 4]), None);
    }

    /// Neighbours already next to each other leave nothing to reverse.
    #[test]
    fn adjacent_visits_give_no_move() {
        let problem = loop_of_five(1000);
        let solution = solution(&problem, &[&[0, 3, 2, 1, 4]]);
        assert_eq!(evaluate(&problem, &solution, 0, 3, i64::MAX, &mut Scratch::default()), None);
        assert_eq!(evaluate(&problem, &solution, 2, 3, i64::MAX, &mut Scratch::default()), None);
    }
}
