//! Relocate and or-opt: move a chain of one to three consecutive stops,
//! starting at `u`, to just after or just before its neighbour `v`, in the
//! same or another route, optionally reversed.

use super::{
    arcs_alone, below, better, rearranged_cost, replaced_cost, route_objective, routed_pair, Candidate, Move,
    Scratch,
};
use crate::solver::problem::Problem;
use crate::solver::route::{Chain, BREAK};
use crate::solver::solution::Solution;

/// Longest chain moved at once.
pub const MAX_CHAIN: usize = 3;

/// The best relocation of a chain starting at `u` next to `v` whose cost
/// change is below `limit`. To another route, the chain's removal is priced
/// once per length, and a place in the target that cannot bring the change
/// below `limit` ([`Route::chain_insertion_cannot_beat`]) is passed over
/// before its schedule is walked; so is a place in the same route whose
/// arcs alone say so where only arcs count, or, where the working day is
/// weighed, whose arcs and the route's waiting say so
/// ([`Route::within_move_floor`]).
///
/// [`Route::chain_insertion_cannot_beat`]: crate::solver::route::Route::chain_insertion_cannot_beat
/// [`Route::within_move_floor`]: crate::solver::route::Route::within_move_floor
pub fn evaluate(
    problem: &Problem,
    solution: &Solution,
    u: usize,
    v: usize,
    limit: i64,
    scratch: &mut Scratch,
) -> Option<Candidate> {
    let (ra, pu, rb, pv) = routed_pair(solution, u, v)?;
    let (source, target) = (&solution.routes[ra], &solution.routes[rb]);
    if ra != rb && target.is_empty() {
        return None;
    }
    // Within a route whose objective is its arcs, a move changes it by its arcs alone;
    // within one that weighs the working day, by no less than its floor.
    let within_by_arcs = ra == rb && arcs_alone(problem, source);
    let idle_s = (ra == rb && !within_by_arcs).then(|| source.idle_s(problem)).flatten();
    let mut best: Option<Candidate> = None;
    // The chain of each length and its reverse, each grown by the stop the length adds.
    let mut summaries: Option<(Chain, Chain)> = None;
    for len in 1..=MAX_CHAIN {
        if pu + len - 1 > source.len() {
            break;
        }
        let chain = &source.stops()[pu - 1..pu - 1 + len];
        if chain.contains(&BREAK) {
            break;
        }
        let added = &problem.tasks[chain[len - 1] as usize];
        let (forward, backward) = match summaries {
            None => (Chain::of_task(added), Chain::of_task(added)),
            Some((forward, backward)) => {
                (forward.followed_by(problem, added), backward.preceded_by(problem, added))
            }
        };
        summaries = Some((forward, backward));
        let removal = if ra == rb {
            (within_by_arcs || idle_s.is_some())
                .then(|| source.replacement_cost(problem, pu, pu + len - 1, None))
        } else {
            match scratch.removal(problem, source, pu, len) {
                Some(change) => Some(change),
                None => continue,
            }
        };
        for reversed in [false, true] {
            if reversed && len == 1 {
                continue;
            }
            let mut buffer = [0; MAX_CHAIN];
            let moved = &mut buffer[..len];
            moved.copy_from_slice(chain);
            if reversed {
                moved.reverse();
            }
            // What a bound needs, where one applies: the removal's change and the chain.
            let priced = removal.map(|removal| (removal, if reversed { backward } else { forward }));
            for after in [pv, pv - 1] {
                let below = below(best, limit);
                let mv = Move::Relocate { from: ra, pos: pu, len, reversed, to: rb, after };
                let delta = if ra == rb {
                    if after + 1 >= pu && after < pu + len {
                        continue; // inside the chain or where it already is
                    }
                    // Unless the break stands between them, the removal and
                    // the insertion change different arcs.
                    let break_between = (after + 2 == pu && source.is_break(pu - 1))
                        || (after == pu + len && source.is_break(pu + len));
                    if let Some((removal, summary)) = priced.as_ref().filter(|_| !break_between) {
                        let arcs = removal + source.chain_insertion_cost(problem, after, summary);
                        let floor =
                            idle_s.map_or(arcs, |idle_s| source.within_move_floor(problem, arcs, idle_s));
                        if floor >= below {
                            continue;
                        }
                    }
                    // The stops in between keep their order: before the chain
                    // when it moves back, after it when it moves on.
                    let cost = if after < pu {
                        let (replaced, kept) = ((after + 1, pu + len - 1), (after + 1, pu - 1));
                        rearranged_cost(problem, solution, ra, replaced, moved, kept, &[], scratch)
                    } else {
                        let (replaced, kept) = ((pu, after), (pu + len, after));
                        rearranged_cost(problem, solution, ra, replaced, &[], kept, moved, scratch)
                    };
                    cost.map(|c| c - route_objective(problem, source))
                } else {
                    let (removal, summary) = priced.expect("priced for another route");
                    if target.chain_insertion_cannot_beat(
                        problem,
                        after,
                        &summary,
                        below.saturating_sub(removal),
                    ) {
                        continue;
                    }
                    replaced_cost(problem, target, after + 1, after, moved)
                        .map(|new_target| removal + new_target - route_objective(problem, target))
                };
                best = better(best, delta, mv);
            }
        }
    }
    best.filter(|b| b.delta < limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{
        apply_checked, problem, recomputed_cost, rest, solution, stops, task, vehicle,
    };
    use crate::solver::{Problem, Vehicle};

    /// The depot and places 1-4 on a ring: 0 -10- 1 -10- 2 -10- 3 -10- 4 -20- 0.
    const RING: [[i32; 5]; 5] = [
        [0, 10, 20, 30, 20],
        [10, 0, 10, 20, 30],
        [20, 10, 0, 10, 20],
        [30, 20, 10, 0, 10],
        [20, 30, 20, 10, 0],
    ];

    /// Task k at ring place k + 1, 10 s of service each, one vehicle.
    /// Task 1 must start by `close_1`.
    fn ring(close_1: i64) -> Problem {
        let tasks = vec![
            task(1, 10, (0, 1000)),
            task(2, 10, (0, close_1)),
            task(3, 10, (0, 1000)),
            task(4, 10, (0, 1000)),
        ];
        problem(RING, tasks, vec![vehicle((0, 1000))])
    }

    fn relocate(from: usize, pos: usize, len: usize, reversed: bool, to: usize, after: usize) -> Move {
        Move::Relocate { from, pos, len, reversed, to, after }
    }

    /// Route 1, 0, 2, 3 (cost 80). For u = 0 and v = 1 the chains starting at 0
    /// can only go in front of 1 (after it is where 0 already is):
    /// 0 | 0 2 | 2 0 | 0 2 3 | 3 2 0 first cost 60, 80, 100, 80, 80.
    #[test]
    fn moves_a_visit_in_front_of_its_neighbour() {
        let problem = ring(1000);
        let solution = solution(&problem, &[&[1, 0, 2, 3]]);
        let found = evaluate(&problem, &solution, 0, 1, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, relocate(0, 2, 1, false, 0, 0));
        assert_eq!(found.delta, -20);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1, 2, 3]]);
        assert_eq!(moved.routes[0].cost(), 60);
    }

    /// Route 0, 3, 1, 2 (cost 100). For u = 3 and v = 2, the chain 3 goes after
    /// 2 (60) or before it (80); 3 1 and 1 3 go after 2 (80 each); longer
    /// chains would contain 2.
    #[test]
    fn moves_a_visit_after_its_neighbour() {
        let problem = ring(1000);
        let solution = solution(&problem, &[&[0, 3, 1, 2]]);
        let found = evaluate(&problem, &solution, 3, 2, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, relocate(0, 2, 1, false, 0, 4));
        assert_eq!(found.delta, -40);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1, 2, 3]]);
    }

    /// Same route, but task 1 must start by 25: today it starts at 20, and
    /// anything moved in front of it delays it to 30 or later.
    #[test]
    fn refuses_every_move_that_makes_a_visit_late() {
        let problem = ring(25);
        let solution = solution(&problem, &[&[1, 0, 2, 3]]);
        assert_eq!(evaluate(&problem, &solution, 0, 1, i64::MAX, &mut Scratch::default()), None);
        assert_eq!(recomputed_cost(&problem, 0, &[0, 1, 2, 3]), None);
    }

    /// Route 2, 1, 0, 3 (cost 100). The chains starting at 1 go in front of 2:
    /// 1 | 1 0 | 0 1 | 1 0 3 | 3 0 1 first cost 100, 80, 60, 100, 100; the
    /// reversed pair wins (or-opt).
    #[test]
    fn moves_a_reversed_chain() {
        let problem = ring(1000);
        let solution = solution(&problem, &[&[2, 1, 0, 3]]);
        let found = evaluate(&problem, &solution, 1, 2, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, relocate(0, 2, 2, true, 0, 0));
        assert_eq!(found.delta, -40);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1, 2, 3]]);
    }

    /// Task 4 (place 5) lies between tasks 0 and 1 of route 0 and far from
    /// the rest of route 1. Route 0 is 0, 1 (cost 40), route 1 is 2, 3, 4
    /// (cost 72; 40 without task 4). Task 4 fits in route 0 between 0 and 1
    /// for +1, or after 1 for +8. Every visit is 5 s long.
    fn two_routes(close_1: i64) -> Problem {
        let drive_s = [
            [0, 10, 20, 10, 20, 22],
            [10, 0, 10, 20, 30, 5],
            [20, 10, 0, 20, 25, 6],
            [10, 20, 20, 0, 10, 25],
            [20, 30, 25, 10, 0, 30],
            [22, 5, 6, 25, 30, 0],
        ];
        let mut tasks: Vec<_> = (1..=5).map(|place| task(place, 5, (0, 1000))).collect();
        tasks[1] = task(2, 5, (0, close_1));
        problem(drive_s, tasks, vec![vehicle((0, 1000)), vehicle((0, 1000))])
    }

    #[test]
    fn moves_a_visit_to_the_cheapest_side_of_its_neighbour_in_another_route() {
        let problem = two_routes(1000);
        let solution = solution(&problem, &[&[0, 1], &[2, 3, 4]]);
        let found = evaluate(&problem, &solution, 4, 1, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, relocate(1, 3, 1, false, 0, 1));
        assert_eq!(found.delta, 1 - 32);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 4, 1], vec![2, 3]]);
    }

    /// Task 1 must start by 25. It starts at 25 now (0 ends at 15, 10 s of
    /// driving); with task 4 in front of it, it would start at 31. Only the
    /// dearer side, after 1, is left; and next to task 0 nothing fits at all.
    #[test]
    fn a_window_forbids_the_cheaper_side() {
        let problem = two_routes(25);
        let solution = solution(&problem, &[&[0, 1], &[2, 3, 4]]);
        let found = evaluate(&problem, &solution, 4, 1, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, relocate(1, 3, 1, false, 0, 2));
        assert_eq!(found.delta, 8 - 32);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1, 4], vec![2, 3]]);
        assert_eq!(evaluate(&problem, &solution, 4, 0, i64::MAX, &mut Scratch::default()), None);
        assert_eq!(recomputed_cost(&problem, 0, &[0, 4, 1]), None);
    }

    /// Two vehicles that each cost 100 to use and rest 20 s starting between
    /// 40 and 60. Route 0 is 0, 1, break, 3 (cost 60); route 1 is 2, break
    /// (cost 60). Moving task 2 after task 1 costs route 0 nothing (the rest
    /// is now taken at place 3, from 60 to 80) and sends vehicle 1 home with
    /// its break: -60 - 100. Before task 1 the break could not start until 70.
    #[test]
    fn moving_the_last_visit_sends_the_vehicle_home_with_its_break() {
        let rep = Vehicle { break_spec: rest((40, 60), 20), fixed_cost: 100, ..vehicle((0, 200)) };
        let tasks = (1..=4).map(|place| task(place, 10, (0, 1000))).collect();
        let problem = problem(RING, tasks, vec![rep.clone(), rep]);
        let solution = solution(&problem, &[&[0, 1, BREAK, 3], &[2, BREAK]]);
        let found = evaluate(&problem, &solution, 2, 1, i64::MAX, &mut Scratch::default()).unwrap();
        assert_eq!(found.mv, relocate(1, 1, 1, false, 0, 2));
        assert_eq!(found.delta, -160);
        let moved = apply_checked(&problem, &solution, found);
        assert_eq!(stops(&moved), [vec![0, 1, 2, BREAK, 3], vec![]]);
        assert_eq!(moved.vehicles_used(), 1);
        assert_eq!(recomputed_cost(&problem, 0, &[0, 2, 1, BREAK, 3]), None);
    }
}
