//! Property tests of the solver's invariants on random small problems:
//! every route it returns is feasible, every move's predicted cost change
//! equals the change recomputed from scratch, local search that skips the
//! pairs it settled before ends where a fresh one does, and the same seed
//! gives the same answer. The reference evaluator below shares no code with
//! the solver's cached route data.

use proptest::prelude::*;
use rounds::solver::insert::{best_in_route, best_in_route_below, Blinks, Insertion};
use rounds::solver::local_search::LocalSearch;
use rounds::solver::neighbours::Neighbours;
use rounds::solver::operators::{
    apply, rearranged_cost, relocate, routed_pair, swap, swap_in, two_opt, two_opt_star, Move, Scratch,
};
use rounds::solver::rng::Rng;
use rounds::solver::ruin::{ruin, RuinParams, RuinScratch};
use rounds::solver::{
    solve, ArcCost, BreakSpec, Decomposition, Problem, SearchConfig, SearchOutcome, Slot, Solution, Task,
    Vehicle, Window, BREAK,
};
use rounds::travel::TravelMatrix;

/// Simulates a route from scratch: `Some(objective)`, its arc cost and
/// weighed working day, if every window, the shift, the break rule and the
/// capacity hold.
fn reference_cost(problem: &Problem, vehicle_index: usize, stops: &[u32]) -> Option<i64> {
    reference_route(problem, vehicle_index, stops).map(|(arcs, working_day)| arcs + working_day)
}

/// [`reference_cost`]'s two parts: the arc cost, and what the working day
/// adds (from the start of the shift to coming home).
fn reference_route(problem: &Problem, vehicle_index: usize, stops: &[u32]) -> Option<(i64, i64)> {
    let vehicle = &problem.vehicles[vehicle_index];
    if stops.is_empty() {
        return Some((0, 0));
    }
    let breaks = stops.iter().filter(|&&n| n == BREAK).count();
    if breaks != usize::from(vehicle.break_spec.is_some()) {
        return None;
    }
    let (mut time, mut place, mut cost, mut load) = (vehicle.shift.open, vehicle.start_place, 0i64, 0i64);
    for (k, &node) in stops.iter().enumerate() {
        if node == BREAK {
            let rest = vehicle.break_spec.unwrap();
            // A skippable break last is not taken by a vehicle home by its latest start.
            if rest.skippable
                && k + 1 == stops.len()
                && time + problem.matrix.drive_s(place, vehicle.end_place) <= rest.start.close
            {
                continue;
            }
            let start = time.max(rest.start.open);
            if start > rest.start.close {
                return None;
            }
            time = start + rest.duration_s;
            continue;
        }
        let task = &problem.tasks[node as usize];
        if task.allowed_vehicles.as_ref().is_some_and(|allowed| !allowed.contains(&vehicle_index)) {
            return None;
        }
        let arrival = time + problem.matrix.drive_s(place, task.place);
        let start = task.windows.iter().filter(|w| w.close >= arrival).map(|w| w.open.max(arrival)).min()?;
        cost += problem.cost(place, task.place);
        time = start + task.service_s;
        place = task.place;
        load += task.demand;
    }
    let back = time + problem.matrix.drive_s(place, vehicle.end_place);
    (back <= vehicle.shift.close && load <= vehicle.capacity)
        .then(|| (cost + problem.cost(place, vehicle.end_place), problem.working_day_cost(vehicle, back)))
}

fn reference_objective(problem: &Problem, solution: &Solution) -> Option<i64> {
    let mut total = 0;
    for route in &solution.routes {
        if !route.is_empty() {
            total += reference_cost(problem, route.vehicle, route.stops())?
                + problem.vehicles[route.vehicle].fixed_cost;
        }
    }
    Some(total + solution.unassigned().map(|t| problem.tasks[t].skip_cost).sum::<i64>())
}

#[derive(Clone, Debug)]
struct Spec {
    points: Vec<(i32, i32)>,
    windows: Vec<Vec<(i64, i64)>>,
    services: Vec<i64>,
    /// One per vehicle.
    reps: Vec<RepSpec>,
    with_break: bool,
    /// Whether a vehicle home before the break must start skips it.
    skippable_break: bool,
    capacity: i64,
    /// The vehicles allowed to serve each task, if not all (a territory, or skills).
    allowed: Vec<Option<Vec<usize>>>,
    /// Thousandths of the working day the objective counts (0: the arcs alone).
    working_day_per_mille: i64,
    /// What an arc costs; the drive time and the distance are the same
    /// numbers here, but routes and scans read them from different places.
    arc_cost: ArcCost,
    /// Tenths by which each arc's straight line is stretched (`a * places +
    /// b`), if the matrix is skewed: a matrix from a routing engine is not
    /// symmetric, and one-way streets and snapping can break the triangle
    /// inequality, so that a detour through a visit takes less time than
    /// the direct drive. `None`: straight lines.
    skew: Option<Vec<u8>>,
}

/// A vehicle's start and end (the depot, place 0, where `None`; a rep may
/// start from home and end at the office), its shift, how many more
/// visits than [`Spec::capacity`] it may make, and how long its break takes.
#[derive(Clone, Debug)]
struct RepSpec {
    start: Option<prop::sample::Index>,
    end: Option<prop::sample::Index>,
    shift: (i64, i64),
    more_visits: i64,
    break_s: i64,
}

fn spec() -> impl Strategy<Value = Spec> {
    let weights = prop_oneof![Just(0i64), Just(100), Just(1_000)];
    let arc_costs = prop_oneof![Just(ArcCost::Distance), Just(ArcCost::DriveTime)];
    (4usize..14, 1usize..4, any::<bool>(), any::<bool>(), 3i64..20, weights, arc_costs).prop_flat_map(
        |(n, vehicles, with_break, skippable_break, capacity, working_day_per_mille, arc_cost)| {
        let places = n + 1;
        (
            // Some places are an earlier one's: accounts in one building, or at the depot.
            prop::collection::vec(
                ((0i32..100, 0i32..100), prop::option::weighted(0.15, any::<prop::sample::Index>())),
                places,
            ),
            prop::collection::vec(
                prop_oneof![
                    Just(vec![(0, 1000)]),
                    (0i64..400).prop_map(|o| vec![(o, o + 150)]),
                    (0i64..200).prop_map(|o| vec![(o, o + 80), (o + 300, o + 500)]),
                    // An appointment at a set time.
                    (0i64..600).prop_map(|o| vec![(o, o)]),
                ],
                n,
            ),
            // A VROOM job may take no time at the door.
            prop::collection::vec(prop_oneof![1 => Just(0i64), 6 => 5i64..40], n),
            prop::collection::vec(
                prop_oneof![
                    8 => Just(None),
                    1 => prop::sample::subsequence((0..vehicles).collect::<Vec<_>>(), 0..=vehicles).prop_map(Some),
                ],
                n,
            ),
            prop::option::weighted(0.3, prop::collection::vec(3u8..=20, places * places)),
            prop::collection::vec(
                (
                    prop::option::weighted(0.3, any::<prop::sample::Index>()),
                    prop::option::weighted(0.3, any::<prop::sample::Index>()),
                    prop_oneof![3 => Just((0i64, 1000i64)), 1 => (0i64..150, 600i64..1000)],
                    0i64..3,
                    prop_oneof![3 => Just(30i64), 1 => 10i64..60],
                )
                    .prop_map(|(start, end, shift, more_visits, break_s)| RepSpec {
                        start,
                        end,
                        shift,
                        more_visits,
                        break_s,
                    }),
                vehicles,
            ),
        )
            .prop_map(move |(drawn, windows, services, allowed, skew, reps)| Spec {
                points: shared_places(&drawn),
                windows,
                services,
                reps,
                with_break,
                skippable_break,
                capacity,
                allowed,
                working_day_per_mille,
                arc_cost,
                skew,
            })
        },
    )
}

/// Each drawn point, or the place of an earlier one where it is told to share it.
fn shared_places(drawn: &[((i32, i32), Option<prop::sample::Index>)]) -> Vec<(i32, i32)> {
    let mut points = Vec::with_capacity(drawn.len());
    for (k, &(point, shared)) in drawn.iter().enumerate() {
        points.push(match shared {
            Some(earlier) if k > 0 => points[earlier.index(k)],
            _ => point,
        });
    }
    points
}

fn build(spec: &Spec) -> Problem {
    let places = spec.points.len();
    let mut drive = Vec::with_capacity(places * places);
    for (a, &(ax, ay)) in spec.points.iter().enumerate() {
        for (b, &(bx, by)) in spec.points.iter().enumerate() {
            let stretch = spec.skew.as_ref().map_or(1.0, |tenths| f64::from(tenths[a * places + b]) / 10.0);
            let line = f64::from((ax - bx).pow(2) + (ay - by).pow(2)).sqrt();
            drive.push(if a == b { 0 } else { (line * stretch).ceil() as i32 });
        }
    }
    let matrix = TravelMatrix::from_rows(places, drive.clone(), drive);
    let tasks = (0..places - 1)
        .map(|k| Task {
            place: k + 1,
            service_s: spec.services[k],
            windows: spec.windows[k].iter().map(|&(open, close)| Window { open, close }).collect(),
            demand: 1,
            allowed_vehicles: spec.allowed[k].clone(),
            skip_cost: SKIP_COSTS[k % SKIP_COSTS.len()],
        })
        .collect();
    let vehicles = spec
        .reps
        .iter()
        .map(|rep| Vehicle {
            start_place: rep.start.map_or(0, |i| i.index(places)),
            end_place: rep.end.map_or(0, |i| i.index(places)),
            shift: Window { open: rep.shift.0, close: rep.shift.1 },
            break_spec: spec.with_break.then_some(BreakSpec {
                start: Window { open: 200, close: 400 },
                duration_s: rep.break_s,
                skippable: spec.skippable_break,
            }),
            capacity: spec.capacity + rep.more_visits,
            fixed_cost: 0,
        })
        .collect();
    Problem::new(tasks, vehicles, matrix, spec.arc_cost).with_working_day_weight(spec.working_day_per_mille)
}

/// What leaving a task out costs, by task in turn: unequal, so that
/// swapping a left-out task in for a routed one changes the objective.
const SKIP_COSTS: [i64; 3] = [100_000, 150_000, 250_000];

/// Every route of `outcome` feasible, by the solver and by the reference,
/// and its cost the reference objective of its solution.
fn checked_by_reference(problem: &Problem, outcome: &SearchOutcome) -> Result<(), TestCaseError> {
    prop_assert!(outcome.solution.is_feasible());
    for route in &outcome.solution.routes {
        prop_assert!(
            reference_cost(problem, route.vehicle, route.stops()).is_some(),
            "route {:?}",
            route.stops()
        );
    }
    prop_assert_eq!(reference_objective(problem, &outcome.solution), Some(outcome.cost));
    Ok(())
}

/// The same cost and the same stops on every route.
fn same_plan(a: &SearchOutcome, b: &SearchOutcome) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.cost, b.cost);
    for (x, y) in a.solution.routes.iter().zip(&b.solution.routes) {
        prop_assert_eq!(x.stops(), y.stops());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn construction_and_search_return_feasible_routes(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let config = SearchConfig { seed, iterations: Some(60), ..SearchConfig::default() };
        let outcome = solve(&problem, &config);
        checked_by_reference(&problem, &outcome)?;
        let again = solve(&problem, &config);
        same_plan(&again, &outcome)?;
    }

    #[test]
    fn a_search_by_parts_returns_feasible_routes_and_never_worse_than_its_whole(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let parts = Decomposition { share: 0.5, part_tasks: 4, part_iterations: 10, part_trajectories: 2 };
        let config = SearchConfig {
            seed,
            iterations: Some(60),
            trajectories: Some(2),
            decomposition: Some(parts),
            ..SearchConfig::default()
        };
        let outcome = solve(&problem, &config);
        checked_by_reference(&problem, &outcome)?;
        // The parts start from the whole search's best and keep only what costs less.
        let whole = solve(&problem, &SearchConfig { iterations: Some(30), decomposition: None, ..config.clone() });
        prop_assert!(outcome.cost <= whole.cost, "{} after parts, {} before", outcome.cost, whole.cost);
        let on_two_threads = solve(&problem, &SearchConfig { threads: 2, ..config });
        same_plan(&on_two_threads, &outcome)?;
    }

    /// Combining the routes made, between epochs and when the search ends:
    /// the plan is feasible, costs what it is recomputed to cost, and is the
    /// same on two threads. (It may cost more than the same search's without
    /// combining: a combination during the search hands its result on, and
    /// from there the search takes another path. Over seeds it leaves less
    /// out, as `rounds bench` measures.)
    #[test]
    fn combining_the_routes_made_returns_feasible_routes_the_same_on_two_threads(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let combined = SearchConfig {
            seed,
            iterations: Some(40),
            trajectories: Some(3),
            epoch_iterations: 20,
            combine_routes: true,
            ..SearchConfig::default()
        };
        let outcome = solve(&problem, &combined);
        checked_by_reference(&problem, &outcome)?;
        let on_two_threads = solve(&problem, &SearchConfig { threads: 2, ..combined });
        same_plan(&on_two_threads, &outcome)?;
    }

    #[test]
    fn insertion_deltas_match_recomputation(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let mut rng = Rng::new(seed);
        let solution = rounds::solver::construct::regret_insertion(&problem, &mut rng);
        let mut stops = Vec::new();
        for task in solution.unassigned() {
            for route in &solution.routes {
                if let Some(ins) = best_in_route(&problem, route, task as u32, 0.0, &mut rng) {
                    ins.stops_after(&problem, route, task as u32, &mut stops);
                    let after = reference_cost(&problem, route.vehicle, &stops);
                    prop_assert!(after.is_some(), "insertion claimed feasible: {:?}", stops);
                    let before = if route.is_empty() { 0 } else { route.objective() };
                    prop_assert_eq!(after.unwrap() - before, ins.delta);
                }
            }
        }
    }

    /// Right after each position of a day's feasible route, a visit one
    /// second longer than the route has room for there (`Route::room_after`)
    /// cannot go in time: the reference finds it infeasible for every task
    /// the route does not visit. And a
    /// route has no gap for a visit (`Route::has_no_gap_for`) exactly when
    /// it has room for it nowhere.
    #[test]
    fn no_visit_longer_than_the_room_after_a_position_fits_there(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let solution = rounds::solver::construct::regret_insertion(&problem, &mut Rng::new(seed));
        let day_weighed = problem.weighs_working_day();
        for route in solution.routes.iter().filter(|r| !r.is_empty() && r.is_feasible() && day_weighed) {
            let rooms: Vec<i64> = (0..=route.len()).map(|pos| route.room_after(&problem, pos)).collect();
            let widest = rooms.iter().max().copied().unwrap_or(i64::MIN);
            for service_s in [0, 1, 30, 100, 300] {
                prop_assert_eq!(route.has_no_gap_for(service_s), service_s > widest);
            }
            for (after, room) in rooms.into_iter().enumerate() {
                let service_s = (room + 1).max(0);
                for task in (0..problem.tasks.len() as u32).filter(|t| !route.stops().contains(t)) {
                    let mut longer = problem.clone();
                    longer.tasks[task as usize].service_s = service_s;
                    let mut stops = route.stops().to_vec();
                    stops.insert(after, task);
                    prop_assert!(
                        reference_route(&longer, route.vehicle, &stops).is_none(),
                        "a visit of {} s fits in {:?}", service_s, stops
                    );
                }
            }
        }
    }

    #[test]
    fn insertion_costs_match_recomputation_and_bounds_only_cut(spec in spec(), seed in 0u64..1000, blink in 0.0f64..0.5) {
        let problem = build(&spec);
        let solution = rounds::solver::construct::regret_insertion(&problem, &mut Rng::new(seed));
        for task in 0..problem.tasks.len() as u32 {
            for route in solution.routes.iter().filter(|r| !r.stops().contains(&task)) {
                if !route.is_empty() {
                    // The cheapest of every position, each recomputed: no
                    // position the scan passes over unchecked could be feasible.
                    let mut cheapest: Option<i64> = None;
                    for after in 0..=route.len() {
                        let mut stops = route.stops().to_vec();
                        stops.insert(after, task);
                        if let Some((cost, working_day)) = reference_route(&problem, route.vehicle, &stops) {
                            let place = problem.tasks[task as usize].place;
                            prop_assert_eq!(route.insertion_cost(&problem, after, place), cost - route.cost(), "{:?}", stops);
                            let delta = cost + working_day - route.objective();
                            cheapest = Some(cheapest.map_or(delta, |c| c.min(delta)));
                        }
                    }
                    let found = best_in_route(&problem, route, task, 0.0, &mut Rng::new(seed));
                    prop_assert_eq!(found.map(|f| f.delta), cheapest, "task {} in {:?}", task, route.stops());
                    // The tight scan of a route without a break finds the first position below a limit.
                    if route.break_pos().is_none() {
                        let place = problem.tasks[task as usize].place;
                        let costs: Vec<i64> = (0..=route.len()).map(|after| route.insertion_cost(&problem, after, place)).collect();
                        for limit in costs.iter().map(|&c| c + 1).chain([i64::MIN, i64::MAX]) {
                            for from in 0..=route.len() {
                                let first = (from..=route.len()).find(|&after| costs[after] < limit);
                                let scanned = route.next_arc_insertion_below(&problem, from..route.len() + 1, place, limit);
                                prop_assert_eq!(scanned, first, "limit {} from {}", limit, from);
                            }
                        }
                    }
                    // The loop over a route's positions rules out what each position's bound does.
                    let visit = &problem.tasks[task as usize];
                    let deltas = (0..=route.len()).map(|after| route.insertion_cost(&problem, after, visit.place));
                    let limits = deltas.flat_map(|c| [c + 1, c + 20, c + 200]);
                    for limit in limits.chain([i64::MIN, i64::MAX]) {
                        for from in 0..=route.len() {
                            for to in from..=route.len() + 1 {
                                let first = (from..to).find(|&after| !route.insertion_cannot_beat(&problem, after, visit, limit));
                                let scanned = route.next_insertion_below(&problem, from..to, visit, limit);
                                prop_assert_eq!(scanned, first, "limit {} in {}..{}", limit, from, to);
                            }
                        }
                    }
                }
                // Below any bound: the unbounded answer if it is cheaper, else nothing, with the same draws.
                let mut rng = Rng::new(seed);
                let full = best_in_route(&problem, route, task, blink, &mut rng);
                let next_draw = rng.next_u64();
                for bound in [i64::MAX, full.map_or(0, |f| f.delta), full.map_or(0, |f| f.delta + 1), 0] {
                    let mut rng = Rng::new(seed);
                    let mut blinks = Blinks::new(blink, &mut rng);
                    let below = best_in_route_below(&problem, route, task, &mut blinks, bound, &mut rng);
                    prop_assert_eq!(below, full.filter(|f| f.delta < bound), "bound {}", bound);
                    prop_assert_eq!(rng.next_u64(), next_draw);
                }
            }
        }
    }

    #[test]
    fn every_operator_delta_matches_recomputation(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let mut rng = Rng::new(seed);
        let constructed = rounds::solver::construct::regret_insertion(&problem, &mut rng);
        let neighbours = Neighbours::build(&problem, 8);
        let mut scratch = Scratch::default();
        for solution in [leave_out_some(&problem, &constructed, seed), constructed] {
            let before = reference_objective(&problem, &solution).expect("construction is feasible");
            for u in 0..problem.tasks.len() {
                for &v in neighbours.of(u) {
                    let v = v as usize;
                    let found = [
                        relocate::evaluate(&problem, &solution, u, v, i64::MAX, &mut scratch),
                        swap::evaluate(&problem, &solution, u, v, i64::MAX, &mut scratch),
                        two_opt::evaluate(&problem, &solution, u, v, i64::MAX, &mut scratch),
                        two_opt_star::evaluate(&problem, &solution, u, v, i64::MAX),
                        swap_in::evaluate(&problem, &solution, u, v, i64::MAX),
                    ];
                    for candidate in found.into_iter().flatten() {
                        let mut moved = solution.clone();
                        apply(&problem, &mut moved, candidate.mv);
                        let after = reference_objective(&problem, &moved);
                        prop_assert!(after.is_some(), "{:?} claimed feasible", candidate.mv);
                        prop_assert_eq!(after.unwrap() - before, candidate.delta, "{:?}", candidate.mv);
                        prop_assert!(moved.is_feasible());
                    }
                }
            }
        }
    }

    /// Each operator returns the cheapest of all its moves, found by
    /// applying each one and recomputing the objective from scratch,
    /// although its bounds pass over moves before walking them; and asked
    /// for a move below a limit, exactly that move if it is below. The
    /// routes are those of a short search, and the same with some tasks left
    /// out, with visits of two windows, the break, the working day weighed
    /// or not, capacity and vehicle restrictions.
    #[test]
    fn every_operator_finds_its_cheapest_move_below_any_limit(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let config = SearchConfig { seed, iterations: Some(30), ..SearchConfig::default() };
        let searched = solve(&problem, &config).solution;
        let neighbours = Neighbours::build(&problem, 8);
        let mut scratch = Scratch::default();
        for solution in [leave_out_some(&problem, &searched, seed), searched] {
            let before = reference_objective(&problem, &solution).expect("a search returns feasible routes");
            let mut evaluate = |operator: usize, u: usize, v: usize, limit: i64| match operator {
                0 => relocate::evaluate(&problem, &solution, u, v, limit, &mut scratch),
                1 => swap::evaluate(&problem, &solution, u, v, limit, &mut scratch),
                2 => two_opt::evaluate(&problem, &solution, u, v, limit, &mut scratch),
                3 => two_opt_star::evaluate(&problem, &solution, u, v, limit),
                _ => swap_in::evaluate(&problem, &solution, u, v, limit),
            };
            for u in 0..problem.tasks.len() {
                for &v in neighbours.of(u) {
                    let v = v as usize;
                    for operator in 0..5 {
                        let cheapest = moves_of(operator, &solution, u, v)
                            .into_iter()
                            .filter_map(|mv| {
                                let mut moved = solution.clone();
                                apply(&problem, &mut moved, mv);
                                reference_objective(&problem, &moved).map(|after| after - before)
                            })
                            .min();
                        let found = evaluate(operator, u, v, i64::MAX);
                        prop_assert_eq!(found.map(|c| c.delta), cheapest, "operator {} u {} v {}", operator, u, v);
                        let Some(found) = found else { continue };
                        for limit in [found.delta - 1, found.delta, found.delta + 1, 0, -100, 100] {
                            let below = evaluate(operator, u, v, limit);
                            prop_assert_eq!(below, Some(found).filter(|c| c.delta < limit), "limit {}", limit);
                        }
                    }
                }
            }
        }
    }

    /// A route's head joined to any route's tail, driven by the head's
    /// vehicle, costs no less than `Route::join_at_least` says, and is
    /// feasible only where it gives a bound: 2-opt* passes over exchanges
    /// between reps with different homes by that bound, with breaks, two
    /// windows, skewed drives and every weight of the working day.
    #[test]
    fn a_joined_tail_costs_at_least_its_bound(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let config = SearchConfig { seed, iterations: Some(30), ..SearchConfig::default() };
        let solution = solve(&problem, &config).solution;
        for head in &solution.routes {
            let vehicle = &problem.vehicles[head.vehicle];
            for tail in &solution.routes {
                for pos_head in 0..=head.len() {
                    for pos in 1..=tail.len() + 1 {
                        let stops: Vec<u32> =
                            head.stops()[..pos_head].iter().chain(&tail.stops()[pos - 1..]).copied().collect();
                        let Some(cost) = reference_cost(&problem, head.vehicle, &stops) else { continue };
                        let bound = tail.join_at_least(&problem, vehicle, head.cursor(pos_head), pos);
                        prop_assert!(bound.is_some_and(|b| b <= cost), "{:?} costs {} but the bound is {:?}", stops, cost, bound);
                    }
                }
            }
        }
    }

    /// Every move within one route that keeps a stretch of its stops in
    /// order (a chain of one to three stops, the break included, moved back
    /// or on, reversed or not; any two stops swapped), evaluated with the
    /// stretch summaries, is feasible exactly when a simulation from scratch
    /// says so, at the same cost: with visits of two windows, the break, the
    /// capacity and vehicle restrictions. The routes are those of a short search.
    #[test]
    fn moves_within_a_route_agree_with_recomputation(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let config = SearchConfig { seed, iterations: Some(30), ..SearchConfig::default() };
        let solution = solve(&problem, &config).solution;
        let mut scratch = Scratch::default();
        let mut compared = 0;
        for (index, route) in solution.routes.iter().enumerate() {
            let old = route.stops();
            let n = old.len();
            let expect = |new: &[u32]| reference_cost(&problem, route.vehicle, new);
            for pos in 1..=n {
                for len in 1..=3.min(n + 1 - pos) {
                    for reversed in [false, true] {
                        let mut chain = old[pos - 1..pos - 1 + len].to_vec();
                        if reversed {
                            chain.reverse();
                        }
                        for after in (0..=n).filter(|&a| a + 1 < pos || a >= pos + len) {
                            let (got, new) = if after < pos {
                                let new = [&old[..after], &chain, &old[after..pos - 1], &old[pos - 1 + len..]].concat();
                                let got = rearranged_cost(&problem, &solution, index, (after + 1, pos + len - 1), &chain, (after + 1, pos - 1), &[], &mut scratch);
                                (got, new)
                            } else {
                                let new = [&old[..pos - 1], &old[pos - 1 + len..after], &chain, &old[after..]].concat();
                                let got = rearranged_cost(&problem, &solution, index, (pos, after), &[], (pos + len, after), &chain, &mut scratch);
                                (got, new)
                            };
                            prop_assert_eq!(got, expect(&new), "{:?} -> {:?}", old, new);
                            compared += 1;
                        }
                    }
                }
            }
            for lo in 1..=n {
                for hi in lo + 1..=n {
                    let mut new = old.to_vec();
                    new.swap(lo - 1, hi - 1);
                    let got = rearranged_cost(&problem, &solution, index, (lo, hi), &[old[hi - 1]], (lo + 1, hi - 1), &[old[lo - 1]], &mut scratch);
                    prop_assert_eq!(got, expect(&new), "{:?} -> {:?}", old, new);
                }
            }
        }
        prop_assert!(compared > 0 || solution.routes.iter().all(|r| r.len() < 2));
    }

    /// The search keeps one local search for the whole run, and it skips the
    /// pairs whose routes did not change since they last gave nothing. After
    /// each ruin and recreate it must end in a state that a fresh local
    /// search, evaluating every pair, cannot improve, at the cost recomputed
    /// from scratch.
    #[test]
    fn local_search_skipping_settled_pairs_leaves_nothing_to_improve(spec in spec(), seed in 0u64..1000) {
        let problem = build(&spec);
        let n = problem.tasks.len();
        let neighbours = Neighbours::build(&problem, 8);
        let mut rng = Rng::new(seed);
        let mut solution = rounds::solver::construct::regret_insertion(&problem, &mut rng);
        let mut kept = LocalSearch::new(n);
        for round in 0..12 {
            kept.run(&problem, &neighbours, &mut solution, &mut rng);
            let mut again = solution.clone();
            prop_assert_eq!(LocalSearch::new(n).run(&problem, &neighbours, &mut again, &mut rng), 0, "round {}", round);
            prop_assert!(solution.is_feasible());
            prop_assert_eq!(reference_objective(&problem, &solution), Some(solution.cost(&problem)));
            ruin_and_recreate(&problem, &neighbours, &mut solution, &mut rng);
        }
    }
}

/// `solution` with every fourth task (from `seed`) left out where its
/// route stays feasible without it: a state with tasks left out and room
/// beside them, as on a day with more due visits than the reps can make.
fn leave_out_some(problem: &Problem, solution: &Solution, seed: u64) -> Solution {
    let mut fewer = solution.clone();
    for task in (seed as usize % 4..problem.tasks.len()).step_by(4) {
        let Slot::Routed { route, .. } = fewer.slot(task) else { continue };
        let route = route as usize;
        let stops: Vec<u32> =
            fewer.routes[route].stops().iter().copied().filter(|&n| n != task as u32).collect();
        let stops = if stops.iter().all(|&n| n == BREAK) { Vec::new() } else { stops };
        if reference_cost(problem, fewer.routes[route].vehicle, &stops).is_some() {
            fewer.set_route(problem, route, &stops);
        }
    }
    fewer
}

/// Every move an operator weighs for `u` and its neighbour `v`, by its
/// definition. Relocate (0): a chain of one to three stops without the
/// break from `u` on, as it is or reversed, right after `v` or right before
/// it, not where it already is; to another route only if that route is
/// used. Swap (1): `u` and `v` exchanged, once per pair within a route.
/// 2-opt (2): within a route, the stops after the first of the two up to
/// the second reversed, or from the second to before the first. 2-opt*
/// (3): between routes, the tails exchanged so that `v` follows `u` or `u`
/// follows `v`. Swap in (4): a left-out `u` in the place of a routed `v`,
/// before the stop before it or after the stop after it, `v` left out.
fn moves_of(operator: usize, solution: &Solution, u: usize, v: usize) -> Vec<Move> {
    if operator == 4 {
        let (Slot::Unassigned, Slot::Routed { route, pos }) = (solution.slot(u), solution.slot(v)) else {
            return Vec::new();
        };
        let (route, pos) = (route as usize, pos as usize);
        let len = solution.routes[route].len();
        return swap_in::PLACES
            .into_iter()
            .filter(|&place| match place {
                swap_in::Place::Instead => true,
                swap_in::Place::BeforePrevious => pos > 1,
                swap_in::Place::AfterNext => pos < len,
            })
            .map(|place| Move::SwapIn { route, pos, task: u, place })
            .collect();
    }
    let Some((ra, pu, rb, pv)) = routed_pair(solution, u, v) else {
        return Vec::new();
    };
    let (source, target) = (&solution.routes[ra], &solution.routes[rb]);
    let mut moves = Vec::new();
    match operator {
        0 if ra == rb || !target.is_empty() => {
            for len in 1..=3 {
                if pu + len - 1 > source.len() || source.stops()[pu - 1..pu - 1 + len].contains(&BREAK) {
                    break;
                }
                for reversed in [false, true] {
                    for after in [pv, pv - 1] {
                        if (reversed && len == 1) || (ra == rb && after + 1 >= pu && after < pu + len) {
                            continue;
                        }
                        moves.push(Move::Relocate { from: ra, pos: pu, len, reversed, to: rb, after });
                    }
                }
            }
        }
        1 if ra != rb || u < v => moves.push(Move::Swap { a: ra, pos_a: pu, b: rb, pos_b: pv }),
        2 if ra == rb => {
            let (from, to) = if pu < pv { (pu + 1, pv) } else { (pv, pu - 1) };
            if to > from {
                moves.push(Move::Reverse { route: ra, from, to });
            }
        }
        3 if ra != rb => {
            for (pos_a, pos_b) in [(pu, pv - 1), (pu - 1, pv)] {
                moves.push(Move::SwapTails { a: ra, pos_a, b: rb, pos_b });
            }
        }
        _ => {}
    }
    moves
}

/// One ruin and recreate as the search does it: strings around a random
/// task come out, and each goes back at its cheapest feasible place.
fn ruin_and_recreate(problem: &Problem, neighbours: &Neighbours, solution: &mut Solution, rng: &mut Rng) {
    let params = RuinParams { mean_removed: 3.0, max_string: 3, ..RuinParams::default() };
    let mut removed = Vec::new();
    ruin(problem, neighbours, solution, &params, rng, &mut RuinScratch::default(), &mut removed);
    let mut stops = Vec::new();
    for task in removed {
        let best = solution
            .routes
            .iter()
            .filter_map(|route| best_in_route(problem, route, task, 0.0, rng))
            .min_by_key(|ins: &Insertion| ins.delta);
        if let Some(ins) = best {
            ins.stops_after(problem, &solution.routes[ins.route], task, &mut stops);
            solution.set_route(problem, ins.route, &stops);
        }
    }
}

fn vrptw_instance() -> impl Strategy<Value = rounds::interop::solomon::reader::SolomonInstance> {
    use rounds::interop::solomon::reader::{SolomonInstance, SolomonSite};
    (3usize..25, 2usize..6, 20i64..60).prop_flat_map(|(n, vehicles, capacity)| {
        prop::collection::vec((0i64..60, 0i64..60, 1i64..15, 0i64..300, 20i64..200, 0i64..15), n).prop_map(
            move |rows| SolomonInstance {
                name: "random".into(),
                vehicles,
                capacity,
                depot: SolomonSite { number: 0, x: 30.0, y: 30.0, demand: 0, ready: 0, due: 600, service: 0 },
                customers: rows
                    .into_iter()
                    .enumerate()
                    .map(|(k, (x, y, demand, ready, width, service))| SolomonSite {
                        number: k as u32 + 1,
                        x: x as f64,
                        y: y as f64,
                        demand,
                        ready,
                        due: ready + width,
                        service,
                    })
                    .collect(),
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever the solver returns for a benchmark-style instance, the
    /// independent validator (exact distances, f64 times) accepts every
    /// route it contains; customers that cannot be served are left out, never
    /// served late.
    #[test]
    fn vrptw_routes_pass_the_independent_validator(instance in vrptw_instance(), seed in 0u64..100) {
        use rounds::interop::solomon::problem::{routes_of, to_problem, Objective};
        let problem = to_problem(&instance, Objective::Distance);
        let config = SearchConfig { seed, iterations: Some(80), ..SearchConfig::default() };
        let outcome = solve(&problem, &config);
        let routes = routes_of(&instance, &outcome.solution);
        let report = rounds::interop::solomon::check::check_vrptw(&instance, &routes);
        let unexpected: Vec<&String> = report.violations.iter().filter(|v| !v.contains("not served")).collect();
        prop_assert!(unexpected.is_empty(), "{:?}", unexpected);
        prop_assert_eq!(report.violations.len(), outcome.solution.unassigned_count());
    }
}
