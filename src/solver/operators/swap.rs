//! Swap: exchange the places of `u` and its neighbour `v`, in one route or two.

use super::{
    arcs_alone, better, rearranged_cost, replaced_cost, route_objective, routed_pair, Candidate, Move,
    Scratch,
};
use crate::solver::problem::Problem;
use crate::solver::route::Chain;
use crate::solver::solution::Solution;

/// The exchange of `u` and `v` with its cost change, if feasible and below
/// `limit`. Between two routes whose objective is their arcs, an exchange
/// whose arcs do not bring the change below `limit` is not walked.
pub fn evaluate(
    problem: &Problem,
    solution: &Solution,
    u: usize,
    v: usize,
    limit: i64,
    scratch: &mut Scratch,
) -> Option<Candidate> {
    let (ra, pu, rb, pv) = routed_pair(solution, u, v)?;
    if u > v && ra == rb {
        return None; // the pair is evaluated once, from its lower task
    }
    let mv = Move::Swap { a: ra, pos_a: pu, b: rb, pos_b: pv };
    let (a, b) = (&solution.routes[ra], &solution.routes[rb]);
    let delta = if ra == rb {
        let (lo, hi) = (pu.min(pv), pu.max(pv));
        let (first, last) = (a.stops()[hi - 1], a.stops()[lo - 1]);
        rearranged_cost(problem, solution, ra, (lo, hi), &[first], (lo + 1, hi - 1), &[last], scratch)
            .map(|c| c - route_objective(problem, a))
    } else {
        let visit = |task: usize| Chain::of_task(&problem.tasks[task]);
        let (to_a, to_b) = (visit(v), visit(u));
        if arcs_alone(problem, a) && arcs_alone(problem, b) {
            let arcs = a.replacement_cost(problem, pu, pu, Some(&to_a))
                + b.replacement_cost(problem, pv, pv, Some(&to_b));
            if arcs >= limit {
                return None;
            }
        }
        if a.replacement_is_late(problem, (pu, pu), &to_a) || b.replacement_is_late(problem, (pv, pv), &to_b)
        {
            return None;
        }
        let new_a = replaced_cost(problem, a, pu, pu, &[v as u32]);
        let new_b = replaced_cost(problem, b, pv, pv, &[u as u32]);
        new_a.zip(new_b).map(|(x, y)| x + y - route_objective(problem, a) - route_objective(problem, b))
    };
    better(None, delta, mv).filter(|c| c.delta < limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{apply_checked, problem, recomputed_cost, solution, stops, task, vehicle};
    use crate::solver::Problem;

    /// Depot at (0, 0) of a street grid; tasks 0 and 3 north of it at (0, 10)
    /// and (0, 20), tasks 2 and 1 east of it at (10, 0) and (20, 0). Route 0
    /// is 0, 1 and route 1 is 2, 3: each goes north and east (cost 60 each).
    /// Visits take 10 s, task 2's `service_2`; task 1 starts by `close_1`.
    fn crossed(service_2: i64, close_1: i64) -> Problem {
        let drive_s = [
            [0, 10, 20, 10, 20],
            [10, 0, 30, 20, 10],
            [20, 30, 0, 10, 40],
            [10, 20, 10, 0, 30],
            [20, 10, 40, 30, 0],
        ];
        let tasks = vec![
            task(1, 10, (0, 1000)),
            task(2, 10, (0, close_1)),
            task(3, service_2, (0, 1000)),
            task(4, 10, (0, 1000)),
        ];
        problem(drive_s, tasks, vec![vehicle((0, 1000)), vehicle((0, 1000))])
    }

    /// Exchanging 1 and 3 makes route 0 all north and route 1 all east (40 each).
    #[test]
    fn exchanges_visits_between_routes() {
        let problem = crossed(10, 1000);
        let solution = solution(&problem, &[&[0, 1], &[2, 3]]);
        let found = evaluate(&problem, &solution, 1, 3, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, Move::Swap { a: 0, pos_a: 2, b: 1, pos_b: 2 });
        assert_eq!(found.delta, -40);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 3], vec![2, 1]]);
    }

    /// Task 2 now takes 40 s, so in route 1 task 1 would start at 60, and it
    /// must start by 55 (it starts at 50 in route 0).
    #[test]
    fn refuses_an_exchange_that_makes_a_visit_late() {
        let problem = crossed(40, 55);
        let solution = solution(&problem, &[&[0, 1], &[2, 3]]);
        assert_eq!(evaluate(&problem, &solution, 1, 3, i64::MAX, &mut Scratch::default()), None);
        assert_eq!(recomputed_cost(&problem, 1, &[2, 1]), None);
    }

    /// Task 1 may only be served by vehicle 0.
    #[test]
    fn refuses_an_exchange_to_a_vehicle_not_allowed() {
        let mut problem = crossed(10, 1000);
        problem.tasks[1].allowed_vehicles = Some(vec![0]);
        let solution = solution(&problem, &[&[0, 1], &[2, 3]]);
        assert_eq!(evaluate(&problem, &solution, 1, 3, i64::MAX, &mut Scratch::default()), None);
        assert_eq!(recomputed_cost(&problem, 1, &[2, 1]), None);
    }

    /// On the ring 0 -10- 1 -10- 2 -10- 3 -10- 4 -20- 0 (task k at place
    /// k + 1), route 3, 1, 2, 0 costs 80; exchanging its ends gives the ring
    /// itself (60). The pair is evaluated once, from its lower task.
    #[test]
    fn exchanges_visits_within_a_route() {
        let ring = [
            [0, 10, 20, 30, 20],
            [10, 0, 10, 20, 30],
            [20, 10, 0, 10, 20],
            [30, 20, 10, 0, 10],
            [20, 30, 20, 10, 0],
        ];
        let tasks = (1..=4).map(|place| task(place, 10, (0, 1000))).collect();
        let problem = problem(ring, tasks, vec![vehicle((0, 1000))]);
        let solution = solution(&problem, &[&[3, 1, 2, 0]]);
        let found = evaluate(&problem, &solution, 0, 3, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, Move::Swap { a: 0, pos_a: 4, b: 0, pos_b: 1 });
        assert_eq!(found.delta, -20);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1, 2, 3]]);
        assert_eq!(evaluate(&problem, &solution, 3, 0, i64::MAX, &mut Scratch::default()), None);
    }
}
