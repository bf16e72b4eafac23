//! A route's cached schedule data against walks and recomputations from
//! scratch: latest starts, the break where the rep is, the lunch rule, joins
//! to a cached tail, and caches kept across partial updates.

use super::*;
use crate::solver::problem::{BreakSpec, Window};
use crate::solver::testkit::{
    day_rep, day_tasks, problem, problem_by_distance, recomputed_cost, rest, task, vehicle, DAY_DRIVE_S,
};

/// Task 3 with a window that fits nowhere in particular.
const ANY_TIME: &[(i64, i64)] = &[(0, 400)];

fn day() -> Problem {
    problem(DAY_DRIVE_S, day_tasks(ANY_TIME), vec![day_rep()])
}

/// How long the activity at `pos` takes (a visit's service or the break).
fn duration_s(problem: &Problem, route: &Route, pos: usize) -> i64 {
    match route.node(pos) {
        Some(BREAK) => problem.vehicles[route.vehicle].break_spec.unwrap().duration_s,
        Some(task) => problem.tasks[task as usize].service_s,
        None => 0,
    }
}

/// The forward and backward data of the route in [`day_tasks`]' table.
#[test]
fn schedule_data_of_a_route_with_waiting_and_a_break() {
    let problem = day();
    let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
    assert!(route.is_feasible());
    assert_eq!(route.break_pos(), Some(3));
    assert_eq!(route.visit_count(), 3);
    assert_eq!((route.cost(), route.load()), (140, 3));

    let cursors: Vec<Cursor> = (0..=5).map(|pos| route.cursor(pos)).collect();
    // (done, place, load, cost so far) at each padded position.
    // After the break (position 3), the cursor knows when it began.
    let expected = [
        (0, 0, 0, 0, NEVER),
        (80, 1, 1, 30, NEVER),
        (150, 2, 2, 70, NEVER),
        (230, 2, 2, 70, 150),
        (260, 3, 3, 90, NEVER),
        (310, 0, 3, 140, NEVER),
    ]
    .map(|(time, place, load, cost, before_break)| Cursor { time, place, load, cost, before_break });
    assert_eq!(cursors, expected);
    assert_eq!(route.latest, [70, 100, 220, 250, 300, 400]);

    let start: Vec<i64> = (1..=4).map(|pos| cursors[pos].time - duration_s(&problem, &route, pos)).collect();
    assert_eq!(start, [60, 120, 200, 250]);
    let arrival: Vec<i64> = (1..=4)
        .map(|pos| cursors[pos - 1].time + problem.drive_s(route.place(pos - 1), route.place(pos)))
        .collect();
    assert_eq!(arrival, [30, 120, 150, 250]);
    let waiting: Vec<i64> = start.iter().zip(&arrival).map(|(s, a)| s - a).collect();
    assert_eq!(waiting, [30, 0, 50, 0]);
}

/// Where the detour alone brings the next stop later than its latest
/// arrival, no limit is high enough to try the insertion (waiting for the
/// visit's window only delays it more); where the route can take the visit,
/// even just in time, no limit rules it out before the schedule is walked.
#[test]
fn a_detour_past_the_next_latest_arrival_cannot_beat_any_limit() {
    let drive_s: [[i32; 4]; 4] = std::array::from_fn(|a| std::array::from_fn(|b| a.abs_diff(b) as i32 * 60));
    // Task 1 is reached at 480, or at 780 with task 2 just before it.
    for (close, takes) in
        [(500, [false, false, true]), (779, [false, false, true]), (780, [false, true, true])]
    {
        let tasks = vec![task(1, 300, (0, 10_000)), task(3, 300, (0, close)), task(2, 300, (0, 10_000))];
        let problem = problem(drive_s, tasks, vec![vehicle((0, 10_000))]).with_working_day_weight(100);
        let route = Route::with_stops(&problem, 0, vec![0, 1]);
        assert!(route.is_feasible());
        let visit = &problem.tasks[2];
        let feasible = (0..=2).map(|after| {
            let mut stops = route.stops().to_vec();
            stops.insert(after, 2);
            Route::with_stops(&problem, 0, stops).is_feasible()
        });
        assert_eq!(feasible.collect::<Vec<_>>(), takes, "close {close}");
        let tried = (0..=2).map(|after| !route.insertion_cannot_beat(&problem, after, visit, i64::MAX));
        assert_eq!(tried.collect::<Vec<_>>(), takes, "close {close}");
    }
}

/// Task 2 in task 0's place is done at 520 and brings task 1 to 580:
/// one second past task 1's latest arrival the exchange is late by its
/// drives alone, and just in time it is not ruled out.
#[test]
fn an_exchange_whose_drives_reach_the_next_stop_past_its_latest_arrival_is_late() {
    let drive_s: [[i32; 4]; 4] = std::array::from_fn(|a| std::array::from_fn(|b| a.abs_diff(b) as i32 * 60));
    for (close, late) in [(579, true), (580, false)] {
        let tasks = vec![task(1, 300, (0, 10_000)), task(3, 300, (0, close)), task(2, 400, (0, 10_000))];
        let problem = problem(drive_s, tasks, vec![vehicle((0, 10_000))]).with_working_day_weight(100);
        let route = Route::with_stops(&problem, 0, vec![0, 1]);
        assert!(route.is_feasible());
        let exchanged = Route::with_stops(&problem, 0, vec![2, 1]);
        assert_eq!(exchanged.is_feasible(), !late, "close {close}");
        let visit = Chain::of_task(&problem.tasks[2]);
        assert_eq!(route.replacement_is_late(&problem, (1, 1), &visit), late, "close {close}");
    }
}

/// The break may start anywhere from 200 to 250; the rep may leave as
/// late as 70. One second later and the rest of the route fails.
#[test]
fn latest_starts_are_the_last_moment_that_still_works() {
    let problem = day();
    let rep = &problem.vehicles[0];
    let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
    let at_task_1_done = |time| Cursor { time, ..route.cursor(2) };
    assert_eq!(route.join_at(&problem, rep, at_task_1_done(250), 3), Some(140));
    assert_eq!(route.join_at(&problem, rep, at_task_1_done(251), 3), None);
    let leaving = |time| Cursor { time, ..route.cursor(0) };
    assert_eq!(route.join_at(&problem, rep, leaving(70), 1), Some(140));
    assert_eq!(route.join_at(&problem, rep, leaving(71), 1), None);
}

/// Without task 1 the break is taken at place 1, where the rep then is:
/// done with task 0 at 80, rest 200-230, 50 s to task 2 (280).
#[test]
fn the_break_is_taken_where_the_rep_is() {
    let problem = day();
    let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK, 2]);
    let joined = route.join_at(&problem, &problem.vehicles[0], route.cursor(1), 3);
    assert_eq!(joined, Some(30 + 50 + 50));
    let recomputed = Route::with_stops(&problem, 0, vec![0, BREAK, 2]);
    assert!(recomputed.is_feasible());
    assert_eq!(recomputed.place(2), 1);
    assert_eq!(recomputed.cursor(2).time, 230);
    assert_eq!(Some(recomputed.cost()), joined);
}

/// [`day_rep`] working `shift`, with a break it skips if home by 260.
fn lunch_rep(shift: (i64, i64)) -> Vehicle {
    let rest = day_rep().break_spec.map(|rest| BreakSpec { skippable: true, ..rest });
    Vehicle { break_spec: rest, ..crate::solver::testkit::vehicle(shift) }
}

/// Tasks 0 and 1 are done at 150, 60 s from home: home at 210 without
/// the break (window 200-260, 30 s), at 290 with it. A rep who may skip
/// it is home at 210, even with a shift ending at 220; one who may not
/// rests and is home at 290, after that shift. Home at 210 is too late to
/// skip a break that must start by 200: resting 150-180, home at 240.
#[test]
fn a_rep_home_before_the_break_must_start_needs_none() {
    let objective = |rep: Vehicle| {
        let problem = problem(DAY_DRIVE_S, day_tasks(ANY_TIME), vec![rep]).with_working_day_weight(1_000);
        let route = Route::with_stops(&problem, 0, vec![0, 1, BREAK]);
        let joined = route.join_at(&problem, &problem.vehicles[0], route.cursor(0), 1);
        assert_eq!(joined, route.is_feasible().then(|| route.objective()));
        assert_eq!(joined, recomputed_cost(&problem, 0, route.stops()));
        joined
    };
    let arcs = 30 + 40 + 60;
    assert_eq!(objective(lunch_rep((0, 400))), Some(arcs + 210));
    assert_eq!(objective(lunch_rep((0, 220))), Some(arcs + 210));
    assert_eq!(objective(day_rep()), Some(arcs + 290));
    assert_eq!(objective(Vehicle { shift: Window { open: 0, close: 220 }, ..day_rep() }), None);
    let early = day_rep().break_spec.map(|rest| BreakSpec {
        start: Window { open: 100, close: 200 },
        skippable: true,
        ..rest
    });
    assert_eq!(objective(Vehicle { break_spec: early, ..day_rep() }), Some(arcs + 240));
}

/// Every order of every subset of the tasks (with the break), as a route
/// of its own and as a change to every feasible route: keeping any common
/// prefix and suffix, walking the new middle and joining the cached tail
/// gives the cost a from-scratch simulation gives. Task 3 tries windows
/// in several places, some with two or three; the arcs cost either the
/// drive time or an asymmetric distance; and the objective counts the
/// working day too ([`HomeBy`]) or not.
#[test]
fn joining_a_cached_tail_agrees_with_recomputing_the_route() {
    #[rustfmt::skip]
    let distance_m = [
        [0, 7, 3, 9, 4],
        [8, 0, 5, 2, 6],
        [1, 9, 0, 4, 7],
        [6, 3, 8, 0, 5],
        [2, 6, 4, 9, 0],
    ];
    let windows_3: [&[(i64, i64)]; 7] = [
        ANY_TIME,
        &[(0, 90)],
        &[(150, 180)],
        &[(300, 350)],
        &[(0, 40), (270, 280)],
        &[(0, 100), (150, 200)],
        &[(0, 50), (140, 160), (300, 320)],
    ];
    let sequences = orders_with_break(&[0, 1, 2, 3]);
    let mut compared = 0;
    for windows in windows_3 {
        for problem in [
            problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]),
            problem_by_distance(DAY_DRIVE_S, distance_m, day_tasks(windows), vec![day_rep()]),
            problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]).with_working_day_weight(250),
            problem_by_distance(DAY_DRIVE_S, distance_m, day_tasks(windows), vec![day_rep()])
                .with_working_day_weight(1_000),
            problem(DAY_DRIVE_S, day_tasks(windows), vec![lunch_rep((0, 400))])
                .with_working_day_weight(1_000),
            problem_by_distance(DAY_DRIVE_S, distance_m, day_tasks(windows), vec![lunch_rep((0, 220))])
                .with_working_day_weight(250),
        ] {
            let rep = &problem.vehicles[0];
            let routes: Vec<Route> =
                sequences.iter().map(|s| Route::with_stops(&problem, 0, s.clone())).collect();
            for (route, stops) in routes.iter().zip(&sequences) {
                let expected = recomputed_cost(&problem, 0, stops);
                assert_eq!(route.is_feasible().then(|| route.objective()), expected, "{stops:?}");
            }
            for base in routes.iter().filter(|r| r.is_feasible()) {
                for new in &sequences {
                    let expected = recomputed_cost(&problem, 0, new);
                    for (prefix, suffix) in splits(base.stops(), new) {
                        let mut cursor = base.cursor(prefix);
                        let middle = &new[prefix..new.len() - suffix];
                        let joined = middle
                            .iter()
                            .all(|&node| cursor.advance(&problem, rep, node))
                            .then(|| base.join_at(&problem, rep, cursor, base.len() + 1 - suffix))
                            .flatten();
                        assert_eq!(
                            joined,
                            expected,
                            "{:?} -> {new:?} keeping {prefix} + {suffix}",
                            base.stops()
                        );
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared > 100_000, "{compared}");
}

/// Everything a route caches but its version.
#[allow(clippy::type_complexity)]
fn caches(
    route: &Route,
) -> (&[u32], &[usize], &[i64], &[i64], &[i64], &[i64], Option<usize>, bool, i64, &HomeBy) {
    (
        &route.stops,
        &route.place,
        &route.done,
        &route.latest,
        &route.cost,
        &route.load,
        route.break_pos,
        route.feasible,
        route.working_day_cost,
        &route.home_by,
    )
}

/// Setting a route's stops, which recomputes only what lies between
/// the stops it keeps in front and at the back, leaves every cache as a
/// route made from those stops has it: from every route of up to three
/// visits and the break (feasible or not, or empty) to every other.
#[test]
fn setting_stops_keeps_the_caches_a_fresh_route_has() {
    let mut sequences = orders_with_break(&[0, 1, 3]);
    sequences.push(Vec::new());
    let mut compared = 0;
    for windows in [ANY_TIME, &[(0, 90)], &[(0, 40), (270, 280)]] {
        for problem in [
            problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]),
            problem(DAY_DRIVE_S, day_tasks(windows), vec![day_rep()]).with_working_day_weight(250),
        ] {
            let fresh: Vec<Route> =
                sequences.iter().map(|s| Route::with_stops(&problem, 0, s.clone())).collect();
            for base in &fresh {
                for (new, expected) in sequences.iter().zip(&fresh) {
                    let mut route = base.clone();
                    route.set_stops(&problem, new);
                    assert_eq!(caches(&route), caches(expected), "{:?} -> {new:?}", base.stops());
                    assert_ne!(route.version(), base.version());
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 10_000, "{compared}");
}

/// Every order of every non-empty subset of `tasks`, each with one break.
fn orders_with_break(tasks: &[u32]) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    for mask in 1..1u32 << tasks.len() {
        let mut chosen: Vec<u32> =
            tasks.iter().enumerate().filter(|(k, _)| mask >> k & 1 == 1).map(|(_, &t)| t).collect();
        chosen.push(BREAK);
        permutations(&mut chosen, 0, &mut out);
    }
    out
}

fn permutations(items: &mut Vec<u32>, from: usize, out: &mut Vec<Vec<u32>>) {
    if from == items.len() {
        out.push(items.clone());
        return;
    }
    for k in from..items.len() {
        items.swap(from, k);
        permutations(items, from + 1, out);
        items.swap(from, k);
    }
}

/// Every (prefix, suffix) length pair that `old` and `new` share without overlap.
fn splits(old: &[u32], new: &[u32]) -> Vec<(usize, usize)> {
    let shortest = old.len().min(new.len());
    let (front, back) = (common_prefix(old, new), common_suffix(old, new));
    (0..=front).flat_map(|p| (0..=back).map(move |s| (p, s))).filter(|&(p, s)| p + s <= shortest).collect()
}

/// Where every drive takes no time, a visit right before the break has room
/// exactly until the break's latest start or, less the break, until the
/// latest arrival at the stop after it, whichever comes first (the break's
/// latest start alone where it comes last); elsewhere until the latest
/// arrival at the next stop. One second longer and the visit is late.
#[test]
fn the_room_after_a_position_is_exact_where_drives_take_no_time() {
    let no_drives = [[0; 4]; 4];
    // Task 1 by 300 or by 1 000, and the break between the tasks or last.
    for (close_1, stops, room_before_break) in
        [(300, vec![0, BREAK, 1], 240), (1_000, vec![0, BREAK, 1], 390), (300, vec![0, 1, BREAK], 380)]
    {
        let tasks = vec![task(1, 10, (0, 1_000)), task(2, 10, (0, close_1)), task(3, 0, (0, 1_000))];
        let rep = Vehicle { break_spec: rest((100, 400), 50), ..vehicle((0, 1_000)) };
        let mut problem = problem(no_drives, tasks, vec![rep]).with_working_day_weight(100);
        let route = Route::with_stops(&problem, 0, stops);
        assert!(route.is_feasible());
        let before_break = route.break_pos().unwrap() - 1;
        assert_eq!(route.room_after(&problem, before_break), room_before_break, "{:?}", route.stops());
        for pos in 0..=route.len() {
            let room = route.room_after(&problem, pos);
            for (service_s, fits) in [(room, true), (room + 1, false)] {
                problem.tasks[2].service_s = service_s;
                let mut stops = route.stops().to_vec();
                stops.insert(pos, 2);
                let feasible = Route::with_stops(&problem, 0, stops).is_feasible();
                assert_eq!(feasible, fits, "a visit of {service_s} s after {pos} of {:?}", route.stops());
            }
        }
        let widest = (0..=route.len()).map(|pos| route.room_after(&problem, pos)).max().unwrap();
        assert!(!route.has_no_gap_for(widest) && route.has_no_gap_for(widest + 1));
    }
}

/// Right before the break, a visit that ends before the break's window
/// opens leaves the break to wait for it: the stop after the break is
/// reached at the opening plus the break, just in time here, so the
/// insertion is tried. A visit one second longer than the wait delays the
/// break, and then no limit is high enough.
#[test]
fn a_visit_before_a_break_that_waits_for_its_window_is_tried() {
    let no_drives = [[0; 4]; 4];
    // Task 0 is done at 10, the break waits until 100 and ends at 150, when task 1 must start.
    let tasks = vec![task(1, 10, (0, 1_000)), task(2, 10, (0, 150)), task(3, 10, (0, 1_000))];
    let rep = Vehicle { break_spec: rest((100, 400), 50), ..vehicle((0, 1_000)) };
    let mut problem = problem(no_drives, tasks, vec![rep]).with_working_day_weight(100);
    let route = Route::with_stops(&problem, 0, vec![0, BREAK, 1]);
    assert!(route.is_feasible());
    let before_break = route.break_pos().unwrap() - 1;
    for (service_s, takes) in [(10, true), (90, true), (91, false)] {
        problem.tasks[2].service_s = service_s;
        let mut stops = route.stops().to_vec();
        stops.insert(before_break, 2);
        assert_eq!(Route::with_stops(&problem, 0, stops).is_feasible(), takes, "a visit of {service_s} s");
        let tried = !route.insertion_cannot_beat(&problem, before_break, &problem.tasks[2], i64::MAX);
        assert_eq!(tried, takes, "a visit of {service_s} s");
    }
}

/// A chain grown a visit at a time, after its last or before its first,
/// sums what a walk over its visits in order sums, where the drives and
/// the costs (distances) differ each way.
#[test]
fn chains_grown_at_either_end_sum_their_visits_in_order() {
    let drive_s: [[i32; 5]; 5] =
        std::array::from_fn(|a| std::array::from_fn(|b| (3 * a + 7 * b) as i32 % 11));
    let distance_m: [[i32; 5]; 5] =
        std::array::from_fn(|a| std::array::from_fn(|b| (5 * a + 2 * b) as i32 % 13 * 100));
    let tasks = (1..=4).map(|place| task(place, 10 * place as i64, (0, 1_000))).collect();
    let problem = problem_by_distance(drive_s, distance_m, tasks, vec![vehicle((0, 1_000))]);
    let walked = |order: &[usize]| {
        let places: Vec<usize> = order.iter().map(|&t| problem.tasks[t].place).collect();
        let arcs = places.windows(2);
        Chain {
            first: places[0],
            last: places[places.len() - 1],
            inner_cost: arcs.clone().map(|p| problem.cost(p[0], p[1])).sum(),
            inner_drive_s: arcs.map(|p| problem.drive_s(p[0], p[1])).sum(),
            service_s: order.iter().map(|&t| problem.tasks[t].service_s).sum(),
        }
    };
    for (a, b, c) in (0..64).map(|k| (k % 4, k / 4 % 4, k / 16)) {
        let (mut forward, mut backward) =
            (Chain::of_task(&problem.tasks[a]), Chain::of_task(&problem.tasks[a]));
        for (len, &next) in [b, c].iter().enumerate() {
            forward = forward.followed_by(&problem, &problem.tasks[next]);
            backward = backward.preceded_by(&problem, &problem.tasks[next]);
            let order = &[a, b, c][..len + 2];
            let reversed: Vec<usize> = order.iter().rev().copied().collect();
            assert_eq!(forward, walked(order), "{order:?}");
            assert_eq!(backward, walked(&reversed), "{order:?} reversed");
        }
    }
}
