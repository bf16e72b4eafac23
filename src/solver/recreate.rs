//! Recreate: the insertion half of ruin and recreate. The tasks a ruin
//! removed, and those left out before, go back one by one at their cheapest
//! feasible place, in one of SISR's orders with blinks, sorted first by what
//! leaving them out costs; when the routes are full of due visits, by what a
//! second of their visit is worth.

use super::insert::{best_in_route_below, blinked_positions, Blinks, Insertion, InsertionCache};
use super::neighbours::Neighbours;
use super::problem::{Problem, Task};
use super::solution::{Slot, Solution};
use crate::solver::rng::Rng;

/// What [`recreate`] reuses from one iteration to the next.
#[derive(Debug)]
pub(super) struct RecreateScratch {
    order: Vec<u32>,
    stops: Vec<u32>,
    /// The routes offered to the task being inserted ([`offer_routes`]).
    offered: Vec<usize>,
    /// Insertions of tasks that were left out before this iteration.
    cache: InsertionCache,
    /// Whether each task is such a retry in the current recreate.
    retried: Vec<bool>,
    /// Each task's place in the order of [`Tiers::Pack`] ([`pack_ranks`]).
    pack_rank: Vec<u32>,
}

impl RecreateScratch {
    pub(super) fn new(problem: &Problem) -> Self {
        RecreateScratch {
            order: Vec::new(),
            stops: Vec::new(),
            offered: Vec::new(),
            cache: InsertionCache::new(problem),
            retried: vec![false; problem.tasks.len()],
            pack_rank: pack_ranks(problem),
        }
    }
}

/// Whether `solution`'s routes are full of due visits: one of the due tasks
/// it leaves out (`left_out`, [`Problem::is_due`]) costs more to leave out
/// than all of its driving, so no saving in driving is why it is out, and
/// every one of the problem's `optional` tasks is left out too, so none
/// holds the room it needs; there is no room for it. Then [`recreate`]
/// packs by value. Early in a search, when the first solution leaves due
/// visits out while early ones are in (a day with a lookahead), they go in
/// again as they did before, by skip cost. Asked every iteration: the
/// optional tasks are counted only where there are some, and the first due
/// task left out that costs more than the driving settles it (on a day
/// without a lookahead, the first due one: reading all of them, some 470 on
/// a day of 40 reps, was 1.2 % of its instructions).
pub(super) fn routes_full(problem: &Problem, solution: &Solution, left_out: &[u32], optional: usize) -> bool {
    if left_out.is_empty() {
        return false;
    }
    if optional > 0 && left_out.iter().filter(|&&t| !problem.is_due(t as usize)).count() != optional {
        return false;
    }
    let driving: i64 = solution.used_routes().iter().map(|&r| solution.routes[r].cost()).sum();
    left_out.iter().any(|&t| problem.is_due(t as usize) && problem.tasks[t as usize].skip_cost > driving)
}

/// The drive, in seconds, that [`value_per_s`] counts on top of a visit's
/// service: a typical leg between two visits of a sales team's day. 600 s
/// covered more due accounts on an overloaded day than 1 800 s
/// (docs/measurements.md).
const PACKING_DRIVE_S: i64 = 600;

/// What leaving `task` out costs per second its visit takes (its service
/// and [`PACKING_DRIVE_S`]), in thousandths: where the time left in full
/// routes covers most, so that one long visit does not take the room of two
/// short ones worth more together.
fn value_per_s(task: &Task) -> i128 {
    i128::from(task.skip_cost) * 1000 / i128::from(task.service_s.max(0) + PACKING_DRIVE_S)
}

/// What [`recreate`] sorts SISR's order by (stably) before inserting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tiers {
    /// Skip cost, the highest first: due before optional, high priority and
    /// most overdue first.
    SkipCost,
    /// Due before optional, and SISR's order within each. Taken in every
    /// other recreate while the routes are not full: skip costs differ by
    /// priority and days overdue, so by skip cost alone nearly every
    /// recreate inserts in the same order and rebuilds the same routes. On
    /// the sample suburbs (seeds 1-32 at the default budget) this lowered
    /// the mean cost by 0.9 % and the mean driving by 1.2 %; the city and
    /// the rural region stayed within their spread (docs/measurements.md).
    DueFirst,
    /// Routes full ([`routes_full`]): the due tasks still first but by
    /// [`value_per_s`], the optional ones after them by skip cost.
    Pack,
}

/// Each task's place in the order of [`Tiers::Pack`], tasks of equal keys
/// in equal places: the due ones first, by [`value_per_s`], then the
/// optional ones by skip cost, the highest first. Found once for a search
/// (its tasks stay the same when the rules of its breaks change): sorting
/// by the key itself, a 128-bit division per task, in every recreate of a
/// full day was 3-4 % of its instructions.
fn pack_ranks(problem: &Problem) -> Vec<u32> {
    ranks(&problem.tasks, |t, task| {
        if problem.is_due(t) {
            (false, std::cmp::Reverse(value_per_s(task)))
        } else {
            (true, std::cmp::Reverse(i128::from(task.skip_cost)))
        }
    })
}

/// Each task's place among `tasks` in the order of `key` (given the task's
/// index and the task), tasks of equal keys in equal places: an order found
/// once for a search, so that sorting or selecting by it compares plain
/// integers, not keys computed anew.
pub(super) fn ranks<K: Ord>(tasks: &[Task], key: impl Fn(usize, &Task) -> K) -> Vec<u32> {
    let keys: Vec<K> = tasks.iter().enumerate().map(|(t, task)| key(t, task)).collect();
    let mut order: Vec<&K> = keys.iter().collect();
    order.sort_unstable();
    order.dedup();
    keys.iter().map(|k| order.partition_point(|d| *d < k) as u32).collect()
}

/// Sorts `order` (stably) into the order in which [`recreate`] inserts;
/// `pack_rank` is [`pack_ranks`] of `problem`.
fn sort_for_insertion(problem: &Problem, order: &mut [u32], tiers: Tiers, pack_rank: &[u32]) {
    match tiers {
        Tiers::SkipCost => order.sort_by_key(|&t| std::cmp::Reverse(problem.tasks[t as usize].skip_cost)),
        Tiers::DueFirst => order.sort_by_key(|&t| !problem.is_due(t as usize)),
        Tiers::Pack => order.sort_by_key(|&t| pack_rank[t as usize]),
    }
}

/// Reinserts `tasks` one by one at their cheapest feasible place (into idle
/// vehicles only if `open_routes`), in one of SISR's orders, then sorted by
/// [`sort_for_insertion`]: if `pack`, the due tasks by value per second of
/// their visit; else, in turn, by skip cost or due first. The first
/// `ruined` of `tasks` were just removed and are inserted with blinks; the
/// rest were left out before and are looked up in the insertion cache, so
/// only routes that changed are scanned for them.
pub(super) fn recreate(
    (problem, neighbours): (&Problem, &Neighbours),
    solution: &mut Solution,
    (tasks, ruined, pack): (&[u32], usize, bool),
    blink_rate: f64,
    open_routes: bool,
    rng: &mut Rng,
    scratch: &mut RecreateScratch,
) {
    let RecreateScratch { order, stops, offered, cache, retried, pack_rank } = scratch;
    for &t in &tasks[ruined..] {
        retried[t as usize] = true;
    }
    order.clear();
    order.extend_from_slice(tasks);
    let depot = problem.vehicles.first().map_or(0, |v| v.start_place);
    // One draw picks both SISR's order (its weights 4:4:2:1 out of 11) and
    // the tiers: the draw halved is what one of 11 would have been, so a
    // problem whose tasks all cost the same to leave out (a benchmark)
    // searches as it did.
    let draw = rng.below(22);
    match draw / 2 {
        0..=3 => rng.shuffle(order),
        4..=7 => order.sort_by_key(|&t| (std::cmp::Reverse(problem.tasks[t as usize].demand), t)),
        8..=9 => order
            .sort_by_key(|&t| (std::cmp::Reverse(problem.cost(depot, problem.tasks[t as usize].place)), t)),
        _ => order.sort_by_key(|&t| (problem.cost(depot, problem.tasks[t as usize].place), t)),
    }
    let tiers = match (pack, draw % 2) {
        (true, _) => Tiers::Pack,
        (false, 0) => Tiers::SkipCost,
        (false, _) => Tiers::DueFirst,
    };
    sort_for_insertion(problem, order, tiers, pack_rank);
    let mut blinks = Blinks::new(blink_rate, rng);
    for &task in order.iter() {
        offer_routes(problem, solution, task, open_routes, offered);
        let best = if retried[task as usize] {
            let mut best: Option<Insertion> = None;
            for &r in offered.iter() {
                if let Some(ins) = cache.best_in_route(problem, &solution.routes[r], task, rng) {
                    if best.is_none_or(|b| ins.delta < b.delta) {
                        best = Some(ins);
                    }
                }
            }
            best
        } else {
            // Where each position's bound is cheap (the arcs alone, read in runs), no
            // route is worth scanning first: R1_4_3 took as many instructions, R2_4_3 1.5 % more.
            let near = if problem.weighs_working_day() {
                nearest_offered(solution, neighbours, task, offered)
            } else {
                None
            };
            best_of_offered(problem, solution, task, (offered, near), (&mut blinks, rng))
        };
        if let Some(ins) = best {
            if ins.delta < problem.tasks[task as usize].skip_cost {
                ins.stops_after(problem, &solution.routes[ins.route], task, stops);
                solution.set_route(problem, ins.route, stops);
            }
        }
    }
    for &t in &tasks[ruined..] {
        retried[t as usize] = false;
    }
}

/// Writes into `offered` the routes [`recreate`] scans for `task`, in
/// index order: every used route with room for it, and if `open_routes`
/// the idle ones; only the first of those when the vehicles are alike and
/// the task may take any, since identical idle vehicles give identical
/// answers. On a benchmark of 400 customers three routes in four are too
/// full for the task at hand, and asking each of them was a tenth of an
/// iteration.
fn offer_routes(
    problem: &Problem,
    solution: &Solution,
    task: u32,
    open_routes: bool,
    offered: &mut Vec<usize>,
) {
    offered.clear();
    let demand = problem.tasks[task as usize].demand;
    let with_room = |r: &usize| solution.room(*r) >= demand;
    let used = solution.used_routes();
    if !open_routes {
        offered.extend(used.iter().copied().filter(with_room));
    } else if problem.uniform_fleet() && problem.tasks[task as usize].allowed_vehicles.is_none() {
        // The first idle route is the first index missing from the sorted used ones.
        let at = used.iter().enumerate().position(|(k, &r)| r != k).unwrap_or(used.len());
        offered.extend(used[..at].iter().copied().filter(with_room));
        if at < solution.routes.len() && with_room(&at) {
            offered.push(at);
        }
        offered.extend(used[at..].iter().copied().filter(with_room));
    } else {
        offered.extend((0..solution.routes.len()).filter(with_room));
    }
}

/// Where in `offered` the route of `task`'s nearest routed neighbour is,
/// if it is offered.
fn nearest_offered(
    solution: &Solution,
    neighbours: &Neighbours,
    task: u32,
    offered: &[usize],
) -> Option<usize> {
    let nearest = neighbours.of(task as usize).iter().find_map(|&n| match solution.slot(n as usize) {
        Slot::Routed { route, .. } => Some(route as usize),
        Slot::Unassigned => None,
    })?;
    offered.iter().position(|&r| r == nearest)
}

/// The cheapest insertion of `task` into the `offered` routes, with blinks:
/// what scanning them in their order gives, the first of equals, with the
/// same blinks and random draws. The route at `near` (the one next to the
/// task) is scanned first, though. Each route's scan passes over the positions whose
/// added cost cannot beat the best insertion found so far, which prunes
/// little until a cheap one is found, and the route next to the task
/// usually holds one: in index order, a day plan tried 40 % of the positions
/// it reached. Scanned first with the blinks as they will be when its turn
/// comes (the positions of the routes before it passed on a copy), it
/// lets the routes before it find only what beats it or ties (a tie goes to
/// the earlier route, as in order), and the blinks go on from where it ended.
fn best_of_offered(
    problem: &Problem,
    solution: &Solution,
    task: u32,
    (offered, near): (&[usize], Option<usize>),
    (blinks, rng): (&mut Blinks, &mut Rng),
) -> Option<Insertion> {
    let Some(near) = near.filter(|&k| k > 0) else {
        let mut best: Option<Insertion> = None;
        for &r in offered {
            let bound = best.map_or(i64::MAX, |b| b.delta);
            if let Some(ins) = best_in_route_below(problem, &solution.routes[r], task, blinks, bound, rng) {
                best = Some(ins);
            }
        }
        return best;
    };
    // The best so far and where in `offered` its route is.
    let mut best: Option<(Insertion, usize)> = None;
    let consider = |k: usize, found: Option<Insertion>, best: &mut Option<(Insertion, usize)>| {
        if let Some(ins) = found {
            if best.is_none_or(|(b, at)| ins.delta < b.delta || (ins.delta == b.delta && k < at)) {
                *best = Some((ins, k));
            }
        }
    };
    // Below what a route at `k` must insert to matter: a tie wins before the best's route.
    let bound = |k: usize, best: &Option<(Insertion, usize)>| {
        best.map_or(i64::MAX, |(b, at)| if k < at { b.delta.saturating_add(1) } else { b.delta })
    };
    let (mut ahead, mut rng_ahead) = (blinks.clone(), rng.clone());
    let before: usize =
        offered[..near].iter().map(|&r| blinked_positions(problem, &solution.routes[r], task)).sum();
    ahead.pass(before, &mut rng_ahead);
    let route = &solution.routes[offered[near]];
    consider(
        near,
        best_in_route_below(problem, route, task, &mut ahead, i64::MAX, &mut rng_ahead),
        &mut best,
    );
    for (k, &r) in offered[..near].iter().enumerate() {
        let found = best_in_route_below(problem, &solution.routes[r], task, blinks, bound(k, &best), rng);
        consider(k, found, &mut best);
    }
    // The blinks and the random stream as the near route left them.
    (*blinks, *rng) = (ahead, rng_ahead);
    for (k, &r) in offered.iter().enumerate().skip(near + 1) {
        let found = best_in_route_below(problem, &solution.routes[r], task, blinks, bound(k, &best), rng);
        consider(k, found, &mut best);
    }
    best.map(|(ins, _)| ins)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solver::testkit::{line_problem as problem, line_problem_of};

    /// Recreate draws one of 22 for SISR's order and the tiers together; its
    /// half must be the one of 11 it drew before, so that a benchmark, where
    /// the tiers change nothing, searches exactly as it did.
    #[test]
    fn the_draw_for_order_and_tiers_halved_is_the_draw_for_the_order_alone() {
        for seed in 0..10_000 {
            let (mut both, mut order_alone) = (Rng::new(seed), Rng::new(seed));
            assert_eq!(both.below(22) / 2, order_alone.below(11), "seed {seed}");
        }
    }

    #[test]
    fn insertion_tiers_order_by_skip_cost_due_first_or_value_per_second_when_full() {
        // (skip cost, service): due from 10 000 000, as in a day plan.
        let tasks = [(20_000_000, 3_000), (10_000_000, 300), (40_000_000, 6_000), (900, 300), (600, 0)];
        let mut problem = problem();
        problem.tasks.truncate(tasks.len());
        for (task, &(skip_cost, service_s)) in problem.tasks.iter_mut().zip(&tasks) {
            (task.skip_cost, task.service_s) = (skip_cost, service_s);
        }
        let sorted = |problem: &Problem, tiers| {
            let mut order = vec![4, 3, 2, 1, 0];
            sort_for_insertion(problem, &mut order, tiers, &pack_ranks(problem));
            order
        };
        // Without a due tier (a benchmark), skip cost alone, packing or not,
        // and the order as it was when due first.
        assert_eq!(sorted(&problem, Tiers::SkipCost), [2, 0, 1, 3, 4]);
        assert_eq!(sorted(&problem, Tiers::Pack), [2, 0, 1, 3, 4]);
        assert_eq!(sorted(&problem, Tiers::DueFirst), [4, 3, 2, 1, 0]);
        let problem = problem.with_due_from(10_000_000);
        assert_eq!(sorted(&problem, Tiers::SkipCost), [2, 0, 1, 3, 4]);
        assert_eq!(sorted(&problem, Tiers::DueFirst), [2, 1, 0, 4, 3]);
        // Per second of visit and 600 s of drive: 11.1 M for task 1, 6.06 M
        // for task 2, 5.56 M for task 0; the optional ones after every due one.
        assert_eq!(sorted(&problem, Tiers::Pack), [1, 2, 0, 3, 4]);
    }

    /// Alike vehicles: the used routes and the first idle one, in index
    /// order; without opening routes, the used ones; for a task only some
    /// vehicles may take, every route.
    #[test]
    fn recreate_offers_the_used_routes_and_one_idle_route_of_alike_vehicles() {
        let mut problem = line_problem_of(4);
        let mut solution = Solution::empty(&problem);
        solution.set_route(&problem, 0, &[0, 1]);
        solution.set_route(&problem, 2, &[2]);
        let offered = |problem: &Problem, solution: &Solution, open_routes| {
            let mut offered = Vec::new();
            offer_routes(problem, solution, 5, open_routes, &mut offered);
            offered
        };
        assert_eq!(offered(&problem, &solution, true), [0, 1, 2]);
        assert_eq!(offered(&problem, &solution, false), [0, 2]);
        solution.set_route(&problem, 1, &[3]);
        assert_eq!(offered(&problem, &solution, true), [0, 1, 2, 3]);
        solution.set_route(&problem, 0, &[]);
        assert_eq!(offered(&problem, &solution, true), [0, 1, 2]);
        problem.tasks[5].allowed_vehicles = Some(vec![3]);
        assert_eq!(offered(&problem, &solution, true), [0, 1, 2, 3]);
        // A route without room for the task is not offered.
        problem.tasks[5].allowed_vehicles = None;
        let full: Vec<u32> = (6..18).collect();
        solution.set_route(&problem, 1, &full);
        assert_eq!(solution.room(1), 0);
        assert_eq!(offered(&problem, &solution, true), [0, 2]);
    }

    /// Tasks on a line: task 5's nearest are 4 and 6, then 3 and 7, 2 and 8.
    #[test]
    fn the_route_of_the_nearest_routed_neighbour_is_found_among_those_offered() {
        let problem = problem();
        let neighbours = Neighbours::build(&problem, 10);
        let mut solution = Solution::empty(&problem);
        let near =
            |solution: &Solution, offered: &[usize]| nearest_offered(solution, &neighbours, 5, offered);
        assert_eq!(near(&solution, &[0, 1]), None, "no neighbour routed");
        solution.set_route(&problem, 0, &[0]);
        solution.set_route(&problem, 1, &[8]);
        assert_eq!(near(&solution, &[0, 1]), Some(1), "task 8 is nearer than task 0");
        solution.set_route(&problem, 0, &[0, 3]);
        assert_eq!(near(&solution, &[0, 1]), Some(0), "task 3 is nearer than task 8");
        assert_eq!(near(&solution, &[1]), None, "its route not offered (no room, say)");
    }

    /// Whichever offered route is scanned first, the insertion is the one
    /// scanning in order finds (on a line, many tie), and the blinks and
    /// the random stream go on alike.
    #[test]
    fn scanning_a_route_first_finds_what_the_order_finds() {
        let problem = line_problem_of(4);
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let mut solution = Solution::empty(&problem);
            let mut tasks: Vec<u32> = (0..20).collect();
            rng.shuffle(&mut tasks);
            for (k, stops) in tasks[..16].chunks(4).enumerate() {
                solution.set_route(&problem, k, stops);
            }
            let task = tasks[16 + rng.below(4)];
            let mut offered = Vec::new();
            offer_routes(&problem, &solution, task, true, &mut offered);
            let seed = rng.next_u64();
            let scan = |near: Option<usize>| {
                let mut rng = Rng::new(seed);
                let mut blinks = Blinks::new(0.3, &mut rng);
                let found =
                    best_of_offered(&problem, &solution, task, (&offered, near), (&mut blinks, &mut rng));
                (found, format!("{blinks:?}"), rng.next_u64())
            };
            let in_order = scan(None);
            for near in 0..offered.len() {
                assert_eq!(scan(Some(near)), in_order, "{:?}, task {task} near {near}", solution.routes);
            }
        }
    }

    #[test]
    fn routes_are_full_only_of_due_visits_with_a_due_one_left_out() {
        let mut problem = problem();
        // Tasks 0-9 due (11 000 000 to leave out), 10-19 optional (900).
        for (t, task) in problem.tasks.iter_mut().enumerate() {
            task.skip_cost = if t < 10 { 11_000_000 } else { 900 };
        }
        let left_out = |s: &Solution| s.unassigned().map(|t| t as u32).collect::<Vec<_>>();
        let mut solution = Solution::empty(&problem);
        let due = problem.clone().with_due_from(10_000_000);
        assert!(routes_full(&due, &solution, &left_out(&solution), 10));
        // Without a due tier (a benchmark) never.
        assert!(!routes_full(&problem, &solution, &left_out(&solution), 0));
        // An optional visit in a route holds room a due one may need.
        solution.set_route(&due, 0, &[0, 1, 15]);
        assert!(!routes_full(&due, &solution, &left_out(&solution), 10));
        solution.set_route(&due, 0, &[0, 1, 2]);
        assert!(routes_full(&due, &solution, &left_out(&solution), 10));
        // Every due visit in: nothing to pack.
        solution.set_route(&due, 1, &[3, 4, 5, 6, 7, 8, 9]);
        assert!(!routes_full(&due, &solution, &left_out(&solution), 10));
    }
}
