//! Crossing two solutions, after SREX (Nagata & Kobayashi 2010): a few
//! routes of a donor, those nearest a random task, go into a copy of a
//! receiver, which first gives up every task they hold. The receiver keeps
//! the rest of its routes; the tasks this displaces from them are left for
//! the caller to insert again (recreate).
//!
//! Between two epochs a trajectory that fell behind continues from the best
//! solution any has found crossed with its own best, not from a copy of the
//! best: on a team's day the trap is which rep takes which cluster of
//! accounts, and a trajectory that placed a few clusters better than the
//! best hands those routes on instead of being overwritten by it
//! (docs/measurements.md).

use super::neighbours::Neighbours;
use super::problem::Problem;
use super::route::{visits_in, BREAK};
use super::solution::{Slot, Solution};
use crate::solver::rng::Rng;

/// Buffers reused from one crossing to the next.
#[derive(Debug, Default)]
pub struct CrossScratch {
    /// The donor's routes taken over.
    chosen: Vec<usize>,
    /// Per task, whether a chosen route holds it.
    taken: Vec<bool>,
    stops: Vec<u32>,
}

/// `receiver` with the routes of `donor` nearest a random task routed there
/// (between one and a third of the donor's routes), returning the tasks the
/// receiver's routes had to give up beyond those, now unassigned in `child`:
/// a receiver's route that became infeasible without the donor's tasks (its
/// break stranded), and the receiver's own route of a vehicle a donor route
/// needs (one of several alike vehicles when the fleet is uniform and one
/// is idle). The donor's routes are feasible for their vehicles and the
/// receiver's other routes only lose tasks, so every route of `child` is
/// feasible.
pub fn cross(
    problem: &Problem,
    neighbours: &Neighbours,
    (receiver, donor): (&Solution, &Solution),
    child: &mut Solution,
    rng: &mut Rng,
    scratch: &mut CrossScratch,
) -> Vec<u32> {
    child.clone_from(receiver);
    let mut displaced = Vec::new();
    if donor.vehicles_used() == 0 {
        return displaced;
    }
    let seed = donor.random_routed_task(rng);
    let routes = 1 + rng.below((donor.vehicles_used() / 3).max(1));
    let CrossScratch { chosen, taken, stops } = scratch;
    chosen.clear();
    for &t in std::iter::once(&(seed as u32)).chain(neighbours.of(seed)) {
        if chosen.len() >= routes {
            break;
        }
        if let Slot::Routed { route, .. } = donor.slot(t as usize) {
            if !chosen.contains(&(route as usize)) {
                chosen.push(route as usize);
            }
        }
    }
    taken.clear();
    taken.resize(problem.tasks.len(), false);
    for &r in chosen.iter() {
        for n in donor.routes[r].visits() {
            taken[n as usize] = true;
        }
    }
    for r in 0..child.routes.len() {
        let route = &child.routes[r];
        if !route.visits().any(|n| taken[n as usize]) {
            continue;
        }
        stops.clear();
        stops.extend(route.stops().iter().copied().filter(|&n| n == BREAK || !taken[n as usize]));
        if stops.iter().all(|&n| n == BREAK) {
            stops.clear();
        }
        child.set_route(problem, r, stops);
        if !child.routes[r].is_feasible() {
            displaced.extend(visits_in(stops));
            child.set_route(problem, r, &[]);
        }
    }
    for &r in chosen.iter() {
        let mut vehicle = r;
        if !child.routes[r].is_empty() && problem.uniform_fleet() {
            if let Some(idle) = (0..child.routes.len()).find(|&v| child.routes[v].is_empty()) {
                vehicle = idle;
            }
        }
        displaced.extend(child.routes[vehicle].visits());
        child.set_route(problem, vehicle, donor.routes[r].stops());
    }
    displaced.retain(|&t| child.slot(t as usize) == Slot::Unassigned);
    displaced
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{problem, recomputed_cost, solution, task, vehicle};

    /// Six tasks on a line, three vehicles; the receiver and the donor split
    /// them differently.
    fn example() -> (Problem, Solution, Solution) {
        let drive = |a: usize, b: usize| (a.abs_diff(b) * 60) as i32;
        let matrix: [[i32; 7]; 7] = std::array::from_fn(|a| std::array::from_fn(|b| drive(a, b)));
        let tasks = (1..=6).map(|place| task(place, 60, (0, 10_000))).collect();
        let problem = problem(matrix, tasks, vec![vehicle((0, 10_000)); 3]);
        let receiver = solution(&problem, &[&[0, 2, 4], &[1, 3, 5]]);
        let donor = solution(&problem, &[&[0, 1, 2], &[3, 4, 5]]);
        (problem, receiver, donor)
    }

    #[test]
    fn the_child_holds_donor_routes_whole_and_every_task_once_feasibly() {
        let (problem, receiver, donor) = example();
        let neighbours = Neighbours::build(&problem, 5);
        let mut scratch = CrossScratch::default();
        let mut child = Solution::empty(&problem);
        for seed in 0..200 {
            let mut rng = Rng::new(seed);
            let displaced =
                cross(&problem, &neighbours, (&receiver, &donor), &mut child, &mut rng, &mut scratch);
            let donor_routes: Vec<&[u32]> =
                donor.routes.iter().map(|r| r.stops()).filter(|s| !s.is_empty()).collect();
            let kept = child.routes.iter().filter(|r| donor_routes.contains(&r.stops())).count();
            assert!(kept >= 1, "seed {seed}: no donor route taken over");
            let mut seen = vec![0; problem.tasks.len()];
            for (v, route) in child.routes.iter().enumerate() {
                assert!(recomputed_cost(&problem, v, route.stops()).is_some(), "seed {seed}: route {v} late");
                for &n in route.stops() {
                    seen[n as usize] += 1;
                }
            }
            for (t, &times) in seen.iter().enumerate() {
                let out = child.slot(t) == Slot::Unassigned;
                assert_eq!(times, usize::from(!out), "seed {seed}: task {t}");
                assert_eq!(out, displaced.contains(&(t as u32)), "seed {seed}: task {t} displaced?");
            }
        }
    }
}
