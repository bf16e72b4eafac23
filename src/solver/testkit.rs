//! Tiny hand-built problems for the solver's unit tests, in the style of
//! PyVRP's test instances: an explicit matrix of a handful of places, tasks
//! and vehicles spelled out in the test, and a from-scratch evaluator that
//! shares no code with the cached route data, so that every predicted cost
//! change can be checked against a full recomputation.
//!
//! Conventions: vehicles start and end at place 0 unless a test says
//! otherwise; arc cost is drive time unless a test gives a separate distance
//! matrix; every task has demand 1.

use super::operators::{apply, Candidate};
use super::problem::{ArcCost, BreakSpec, Problem, Task, Vehicle, Window};
use super::route::BREAK;
use super::solution::{Slot, Solution};
use crate::travel::TravelMatrix;

/// A problem whose arcs cost their drive time (`drive_s[from][to]`).
pub(crate) fn problem<const N: usize>(
    drive_s: [[i32; N]; N],
    tasks: Vec<Task>,
    vehicles: Vec<Vehicle>,
) -> Problem {
    let rows = drive_s.concat();
    Problem::new(tasks, vehicles, TravelMatrix::from_rows(N, rows.clone(), rows), ArcCost::DriveTime)
}

/// Twenty tasks on a line, a minute apart, each 300 s long and open all
/// day; two vehicles of capacity 12 from place 0 at one end.
pub(crate) fn line_problem() -> Problem {
    line_problem_of(2)
}

/// [`line_problem`] with `vehicles` alike vehicles.
pub(crate) fn line_problem_of(vehicles: usize) -> Problem {
    let places: usize = 21;
    let drive: Vec<i32> =
        (0..places * places).map(|k| (k / places).abs_diff(k % places) as i32 * 60).collect();
    let tasks = (1..places).map(|place| task(place, 300, (0, 20_000))).collect();
    let vehicle = Vehicle { capacity: 12, ..self::vehicle((0, 20_000)) };
    let matrix = TravelMatrix::from_rows(places, drive.clone(), drive);
    Problem::new(tasks, vec![vehicle; vehicles], matrix, ArcCost::DriveTime)
}

/// [`line_problem_of`] with tasks worth 200 000 to 2 000 000 each to
/// visit, unequally, so that which tasks a full day leaves out matters.
pub(crate) fn line_problem_worth_visiting(vehicles: usize) -> Problem {
    let mut problem = line_problem_of(vehicles);
    for (t, task) in problem.tasks.iter_mut().enumerate() {
        task.skip_cost = 200_000 * (1 + (t as i64 * 7) % 10);
    }
    problem
}

/// Twenty-four tasks scattered over a 100 x 100 square, three vehicles
/// from one place in it, no windows to speak of: plenty of improving moves.
pub(crate) fn scattered() -> Problem {
    let mut rng = crate::solver::rng::Rng::new(7);
    let points: Vec<(i32, i32)> = (0..25).map(|_| (rng.below(100) as i32, rng.below(100) as i32)).collect();
    let drive_s: [[i32; 25]; 25] = std::array::from_fn(|a| {
        std::array::from_fn(|b| (points[a].0 - points[b].0).abs() + (points[a].1 - points[b].1).abs())
    });
    let tasks = (1..=24).map(|place| task(place, 10, (0, 100_000))).collect();
    problem(drive_s, tasks, vec![vehicle((0, 100_000)); 3])
}

/// A problem whose arcs cost their distance, which differs from the drive time.
pub(crate) fn problem_by_distance<const N: usize>(
    drive_s: [[i32; N]; N],
    distance_m: [[i32; N]; N],
    tasks: Vec<Task>,
    vehicles: Vec<Vehicle>,
) -> Problem {
    let matrix = TravelMatrix::from_rows(N, drive_s.concat(), distance_m.concat());
    Problem::new(tasks, vehicles, matrix, ArcCost::Distance)
}

/// A task at `place`, `service_s` long, whose service starts within `open..=close`.
pub(crate) fn task(place: usize, service_s: i64, (open, close): (i64, i64)) -> Task {
    Task {
        place,
        service_s,
        windows: vec![Window { open, close }],
        demand: 1,
        allowed_vehicles: None,
        skip_cost: 1_000_000,
    }
}

/// A vehicle from and to the depot working `open..=close`: no break, no
/// capacity limit, no fixed cost.
pub(crate) fn vehicle((open, close): (i64, i64)) -> Vehicle {
    Vehicle {
        start_place: 0,
        end_place: 0,
        shift: Window { open, close },
        break_spec: None,
        capacity: i64::MAX,
        fixed_cost: 0,
    }
}

/// A break of `duration_s` that starts within `open..=close`, taken even
/// when the vehicle is home before it must start.
pub(crate) fn rest((open, close): (i64, i64), duration_s: i64) -> Option<BreakSpec> {
    Some(BreakSpec { start: Window { open, close }, duration_s, skippable: false })
}

/// A solution with the given stops for vehicles `0..routes.len()`; every
/// route must be feasible, since each example starts from a valid plan.
pub(crate) fn solution(problem: &Problem, routes: &[&[u32]]) -> Solution {
    let mut solution = Solution::empty(problem);
    for (vehicle, stops) in routes.iter().enumerate() {
        solution.set_route(problem, vehicle, stops);
        assert!(solution.routes[vehicle].is_feasible(), "route {vehicle} {stops:?} is not feasible");
    }
    solution
}

/// Every route's stops, for comparing a whole solution at once.
pub(crate) fn stops(solution: &Solution) -> Vec<Vec<u32>> {
    solution.routes.iter().map(|r| r.stops().to_vec()).collect()
}

/// Simulates `stops` driven by `vehicle` from scratch: `Some(arc cost)`, plus
/// the weighed working day if the problem counts it, if every window, the
/// shift, the break, the capacity and the vehicle restrictions hold. An empty
/// route costs nothing.
pub(crate) fn recomputed_cost(problem: &Problem, vehicle_index: usize, stops: &[u32]) -> Option<i64> {
    if stops.is_empty() {
        return Some(0);
    }
    let vehicle = &problem.vehicles[vehicle_index];
    let breaks = stops.iter().filter(|&&n| n == BREAK).count();
    if breaks != usize::from(vehicle.break_spec.is_some()) {
        return None;
    }
    let (mut time, mut place, mut cost, mut load) = (vehicle.shift.open, vehicle.start_place, 0, 0);
    for (k, &node) in stops.iter().enumerate() {
        if node == BREAK {
            let rest = vehicle.break_spec?;
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
        let window = task.windows.iter().find(|w| arrival <= w.close)?;
        cost += problem.cost(place, task.place);
        time = arrival.max(window.open) + task.service_s;
        place = task.place;
        load += task.demand;
    }
    let back = time + problem.matrix.drive_s(place, vehicle.end_place);
    let working_day = problem.working_day_cost(vehicle, back);
    (back <= vehicle.shift.close && load <= vehicle.capacity)
        .then(|| cost + problem.cost(place, vehicle.end_place) + working_day)
}

/// The objective of `solution` recomputed from scratch, `None` if a route is infeasible.
pub(crate) fn recomputed_objective(problem: &Problem, solution: &Solution) -> Option<i64> {
    let mut total = 0;
    for route in solution.routes.iter().filter(|r| !r.is_empty()) {
        total += recomputed_cost(problem, route.vehicle, route.stops())?
            + problem.vehicles[route.vehicle].fixed_cost;
    }
    Some(total + solution.unassigned().map(|t| problem.tasks[t].skip_cost).sum::<i64>())
}

/// Applies `candidate` to a copy of `solution` and checks that its predicted
/// delta is the change of the objective recomputed from scratch, and that the
/// moved solution knows where each task now is. Returns the moved solution.
pub(crate) fn apply_checked(problem: &Problem, solution: &Solution, candidate: Candidate) -> Solution {
    let before = recomputed_objective(problem, solution).expect("the example starts feasible");
    let mut moved = solution.clone();
    apply(problem, &mut moved, candidate.mv);
    let after = recomputed_objective(problem, &moved)
        .unwrap_or_else(|| panic!("{:?} was predicted feasible, gives {:?}", candidate.mv, stops(&moved)));
    assert_eq!(after - before, candidate.delta, "predicted delta of {:?}", candidate.mv);
    assert_eq!(moved.cost(problem) - solution.cost(problem), candidate.delta);
    assert!(moved.is_feasible());
    for task in 0..problem.tasks.len() {
        let found = moved.routes.iter().enumerate().find_map(|(r, route)| {
            let pos = route.stops().iter().position(|&n| n == task as u32)?;
            Some(Slot::Routed { route: r as u32, pos: pos as u32 + 1 })
        });
        assert_eq!(moved.slot(task), found.unwrap_or(Slot::Unassigned), "slot of task {task}");
    }
    moved
}

/// Drive times of the rep's day ([`day_tasks`], [`day_rep`]): the depot and
/// places 1-4.
#[rustfmt::skip]
pub(crate) const DAY_DRIVE_S: [[i32; 5]; 5] = [
    [0, 30, 60, 50, 25],
    [30, 0, 40, 50, 15],
    [60, 40, 0, 20, 30],
    [50, 50, 20, 0, 35],
    [25, 15, 30, 35, 0],
];

/// The tasks of a rep's day: task 0 at place 1 (20 s, starts 60..=100),
/// task 1 at place 2 (30 s, any time), task 2 at place 3 (10 s, starts
/// 250..=300), and task 3 at place 4 (10 s, starting in `windows_3`), which
/// the examples insert.
///
/// The route 0, 1, break, 2 of [`day_rep`] runs as follows (cost 140):
///
/// | pos | activity | place | arrival | start | done | latest start |
/// |-----|----------|-------|---------|-------|------|--------------|
/// | 0   | leave    | 0     |         |       | 0    | 70           |
/// | 1   | task 0   | 1     | 30      | 60    | 80   | 100          |
/// | 2   | task 1   | 2     | 120     | 120   | 150  | 220          |
/// | 3   | break    | 2     | 150     | 200   | 230  | 250          |
/// | 4   | task 2   | 3     | 250     | 250   | 260  | 300          |
/// | 5   | return   | 0     | 310     |       | 310  | 400          |
///
/// The rep waits 30 s at task 0 and 50 s for the break, which is taken
/// where the rep is (place 2) and may start as late as 250: 30 s of rest and
/// 20 s of driving still reach task 2 by 300.
pub(crate) fn day_tasks(windows_3: &[(i64, i64)]) -> Vec<Task> {
    let windows = windows_3.iter().map(|&(open, close)| Window { open, close }).collect();
    vec![
        task(1, 20, (60, 100)),
        task(2, 30, (0, 400)),
        task(3, 10, (250, 300)),
        Task { windows, ..task(4, 10, (0, 0)) },
    ]
}

/// The rep of [`day_tasks`]: works 0..=400 from and to the depot and rests
/// 30 s starting within 200..=260.
pub(crate) fn day_rep() -> Vehicle {
    Vehicle { break_spec: rest((200, 260), 30), ..vehicle((0, 400)) }
}
