//! A VROOM request as a solver [`Problem`], and a solution back as a VROOM
//! response: [`VroomProblem::build`] and [`VroomProblem::to_response`].
//!
//! The mapping, and where it is stricter than VROOM:
//! - Places are the request's distinct locations (matrix rows, or exact
//!   coordinates priced by the travel model), plus one place *anywhere*, zero
//!   seconds from and to everywhere, for a vehicle without a start or an end:
//!   its route then begins at its first job or ends at its last, as in VROOM.
//! - A job is a task whose time windows bound the start; its time on site is
//!   `setup + service`. VROOM skips the setup after a task at the same
//!   location; the solver always counts it (stricter), and the response is
//!   replayed with VROOM's rule, which only moves steps earlier, so every
//!   window still holds.
//! - Skills become the set of vehicles allowed to serve the job.
//! - Capacity: with amounts, a job's demand is `delivery + pickup` against the
//!   vehicle's `capacity`. That is exact when jobs only deliver or only pick
//!   up, and stricter than VROOM's load at every step when a route mixes
//!   both. Without amounts, every job counts 1 against `max_tasks`.
//! - A vehicle's break is taken where the vehicle is, after one step and
//!   before driving to the next; every route that serves a job takes it.
//! - The objective is VROOM's: keep the highest total priority, then the most
//!   jobs, then the least travel time. Leaving a job out costs more than any
//!   possible total travel time, plus, per point of priority, more than
//!   leaving every job out.

use std::collections::HashMap;

use crate::interop::vroom::{
    ComputingTimes, StepKind, VroomJob, VroomPlace, VroomRequest, VroomResponse, VroomRoute, VroomStep,
    VroomSummary, VroomUnassigned, MAX_TIME_S,
};
use crate::model::LatLon;
use crate::solver::route::earliest_start;
use crate::solver::{ArcCost, BreakSpec, Problem, Route, Solution, Task, Vehicle, Window, BREAK};
use crate::travel::{NamedTravelError, TravelMatrix, TravelTimes};

/// A time no request reaches: the close of an unbounded window. Far above
/// [`MAX_TIME_S`] plus any route, far below overflow.
const UNBOUNDED_S: i64 = MAX_TIME_S * 4;
/// The capacity of a vehicle nothing limits.
const UNLIMITED: i64 = i64::MAX / 4;
/// Largest total of skip costs the objective may reach, with room to add travel.
const OBJECTIVE_LIMIT: i128 = (i64::MAX / 4) as i128;

/// A request's problem with what it takes to answer in VROOM's terms.
#[derive(Debug)]
pub struct VroomProblem<'r> {
    /// The request, for ids, places and amounts.
    pub request: &'r VroomRequest,
    /// The solver's problem: task `k` is job `k`, vehicle `k` is vehicle `k`.
    pub problem: Problem,
    /// Whether metres are known (the travel model, or a matrix with distances).
    pub distances_known: bool,
}

/// A location of the request, as the solver's places are keyed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum PlaceKey {
    Row(usize),
    Coordinates(u64, u64),
}

/// The distinct places of a request and who uses each (for error messages).
#[derive(Default)]
struct Places {
    keys: Vec<PlaceKey>,
    names: Vec<String>,
    coordinates: Vec<[f64; 2]>,
    index: HashMap<PlaceKey, usize>,
}

impl Places {
    fn add(&mut self, place: &VroomPlace, with_matrix: bool, name: impl FnOnce() -> String) -> usize {
        let key = match (with_matrix, place.index, place.coordinates) {
            (true, Some(row), _) => PlaceKey::Row(row),
            (_, _, Some([lon, lat])) => PlaceKey::Coordinates(lon.to_bits(), lat.to_bits()),
            _ => unreachable!("the reader gives every place a row or coordinates, as the request prices it"),
        };
        *self.index.entry(key).or_insert_with(|| {
            self.keys.push(key);
            self.names.push(name());
            self.coordinates.push(place.coordinates.unwrap_or_default());
            self.keys.len() - 1
        })
    }
}

impl<'r> VroomProblem<'r> {
    /// Builds the solver's problem; without a matrix in the request, `travel`
    /// prices the legs between the coordinates.
    pub fn build(request: &'r VroomRequest, travel: &dyn TravelTimes) -> Result<Self, NamedTravelError> {
        let with_matrix = request.matrix.is_some();
        let mut places = Places::default();
        let job_places: Vec<usize> = request
            .jobs
            .iter()
            .map(|job| places.add(&job.place, with_matrix, || format!("job {}", job.id)))
            .collect();
        let ends: Vec<(Option<usize>, Option<usize>)> = request
            .vehicles
            .iter()
            .map(|v| {
                let start =
                    v.start.map(|p| places.add(&p, with_matrix, || format!("vehicle {}'s start", v.id)));
                let end = v.end.map(|p| places.add(&p, with_matrix, || format!("vehicle {}'s end", v.id)));
                (start, end)
            })
            .collect();

        let known = places.keys.len();
        let (located, distances_known) = match &request.matrix {
            Some(matrix) => {
                let rows: Vec<usize> = places
                    .keys
                    .iter()
                    .map(|key| match key {
                        PlaceKey::Row(row) => *row,
                        PlaceKey::Coordinates(..) => unreachable!("with a matrix, places are rows"),
                    })
                    .collect();
                let mut drive_s = Vec::with_capacity(known * known);
                let mut distance_m = Vec::with_capacity(known * known);
                for &from in &rows {
                    for &to in &rows {
                        drive_s.push(matrix.duration(from, to) as i32);
                        distance_m.push(matrix.distance(from, to).unwrap_or(0) as i32);
                    }
                }
                (TravelMatrix::from_rows(known, drive_s, distance_m), matrix.distances.is_some())
            }
            None => {
                let points: Vec<LatLon> =
                    places.coordinates.iter().map(|&[lon, lat]| LatLon { lat, lon }).collect();
                let matrix = travel.matrix(&points).map_err(|e| e.naming(|p| places.names[p].clone()))?;
                (matrix, true)
            }
        };
        let open_route = ends.iter().any(|(start, end)| start.is_none() || end.is_none());
        let anywhere = known;
        let matrix = if open_route { with_anywhere(&located) } else { located };

        let max_leg = (0..matrix.len())
            .flat_map(|a| (0..matrix.len()).map(move |b| (a, b)))
            .map(|(a, b)| matrix.drive_s(a, b))
            .max()
            .unwrap_or(0);
        let weights = SkipWeights::new(request.jobs.len(), request.vehicles.len(), max_leg);

        let tasks = request
            .jobs
            .iter()
            .zip(&job_places)
            .map(|(job, &place)| Task {
                place,
                service_s: job.setup_s + job.service_s,
                windows: if job.time_windows.is_empty() {
                    vec![Window { open: 0, close: UNBOUNDED_S }]
                } else {
                    job.time_windows.iter().map(|w| Window { open: w.start, close: w.end }).collect()
                },
                demand: if request.has_amounts { job.delivery + job.pickup } else { 1 },
                allowed_vehicles: allowed_vehicles(request, job),
                skip_cost: weights.skip_cost(job.priority),
            })
            .collect();
        let vehicles = request
            .vehicles
            .iter()
            .zip(&ends)
            .map(|(v, &(start, end))| {
                let shift = v.time_window.map_or(Window { open: 0, close: UNBOUNDED_S }, |w| Window {
                    open: w.start,
                    close: w.end,
                });
                Vehicle {
                    start_place: start.unwrap_or(anywhere),
                    end_place: end.unwrap_or(anywhere),
                    shift,
                    break_spec: v.break_rule.as_ref().map(|b| BreakSpec {
                        start: b.window.map_or(shift, |w| Window { open: w.start, close: w.end }),
                        duration_s: b.service_s,
                        skippable: false,
                    }),
                    capacity: match v.capacity {
                        Some(capacity) => capacity,
                        None => v.max_tasks.map_or(UNLIMITED, |max| max as i64),
                    },
                    fixed_cost: 0,
                }
            })
            .collect();
        Ok(VroomProblem {
            request,
            problem: Problem::new(tasks, vehicles, matrix, ArcCost::DriveTime),
            distances_known,
        })
    }

    /// Ruin-and-recreate iterations when none are asked for: the solver's
    /// rule for a problem of this size ([`Problem::default_iterations`]).
    pub fn default_iterations(&self) -> u64 {
        self.problem.default_iterations()
    }

    /// The solution as VROOM's response: routes in vehicle order, times
    /// replayed with VROOM's rules, each route leaving as late as it can
    /// without making its first job later.
    pub fn to_response(&self, solution: &Solution, computing_times: ComputingTimes) -> VroomResponse {
        let routes: Vec<VroomRoute> =
            solution.routes.iter().filter(|r| !r.is_empty()).map(|r| self.route(r)).collect();
        let unassigned: Vec<VroomUnassigned> = solution
            .unassigned()
            .map(|t| {
                let job = &self.request.jobs[t];
                VroomUnassigned {
                    id: job.id,
                    location: job.place.coordinates,
                    location_index: job.place.index,
                    description: job.description.clone(),
                    kind: StepKind::Job,
                }
            })
            .collect();
        let sum = |f: fn(&VroomRoute) -> i64| routes.iter().map(f).sum::<i64>();
        let amounts = |f: fn(&VroomRoute) -> &Option<Vec<i64>>| {
            self.request
                .has_amounts
                .then(|| vec![routes.iter().filter_map(|r| f(r).as_ref()).map(|a| a[0]).sum::<i64>()])
        };
        let summary = VroomSummary {
            cost: sum(|r| r.cost),
            routes: routes.len(),
            unassigned: unassigned.len(),
            delivery: amounts(|r| &r.delivery),
            pickup: amounts(|r| &r.pickup),
            setup: sum(|r| r.setup),
            service: sum(|r| r.service),
            duration: sum(|r| r.duration),
            waiting_time: sum(|r| r.waiting_time),
            priority: sum(|r| r.priority),
            distance: self.distances_known.then(|| sum(|r| r.distance.unwrap_or(0))),
            violations: Vec::new(),
            computing_times: Some(computing_times),
        };
        VroomResponse { code: 0, error: None, summary, unassigned, routes }
    }

    fn route(&self, route: &Route) -> VroomRoute {
        let (problem, request) = (&self.problem, self.request);
        let vehicle = &problem.vehicles[route.vehicle];
        let given = &request.vehicles[route.vehicle];
        let stops = route.stops();
        let jobs: Vec<&VroomJob> = route.visits().map(|n| &request.jobs[n as usize]).collect();

        // Leave as late as possible without changing when the first job starts.
        let mut depart = vehicle.shift.open;
        if let Some(&first) = stops.first().filter(|&&n| n != BREAK) {
            let task = &problem.tasks[first as usize];
            let drive = problem.drive_s(vehicle.start_place, task.place);
            if let Some(start) = earliest_start(&task.windows, depart + drive) {
                depart = depart.max(start - drive);
            }
        }

        let amount = |value: i64| request.has_amounts.then(|| vec![value]);
        let mut load = jobs.iter().map(|j| j.delivery).sum::<i64>();
        let (mut time, mut place, mut travel_s, mut distance_m) = (depart, vehicle.start_place, 0, 0);
        let mut previous: Option<&VroomPlace> = given.start.as_ref();
        let mut steps = Vec::with_capacity(stops.len() + 2);
        let step = |kind, location: Option<&VroomPlace>, arrival, travel_s, distance_m, load| VroomStep {
            kind,
            location: location.and_then(|p| p.coordinates),
            location_index: location.and_then(|p| p.index),
            id: None,
            description: None,
            setup: 0,
            service: 0,
            waiting_time: 0,
            load: amount(load),
            arrival,
            duration: travel_s,
            distance: self.distances_known.then_some(distance_m),
            violations: Vec::new(),
        };
        if given.start.is_some() {
            steps.push(step(StepKind::Start, given.start.as_ref(), depart, 0, 0, load));
        }
        for &node in stops {
            if node == BREAK {
                let rest = vehicle.break_spec.expect("a break only in routes of vehicles with one");
                let rule = given.break_rule.as_ref().expect("a break spec only for vehicles with a break");
                let start = time.max(rest.start.open);
                steps.push(VroomStep {
                    id: Some(rule.id),
                    description: rule.description.clone(),
                    service: rule.service_s,
                    waiting_time: start - time,
                    ..step(StepKind::Break, None, time, travel_s, distance_m, load)
                });
                time = start + rule.service_s;
                continue;
            }
            let (task, job) = (&problem.tasks[node as usize], &request.jobs[node as usize]);
            travel_s += problem.drive_s(place, task.place);
            distance_m += problem.matrix.distance_m(place, task.place);
            let arrival = time + problem.drive_s(place, task.place);
            let start = earliest_start(&task.windows, arrival).unwrap_or(arrival);
            let setup =
                if previous.is_some_and(|p| request.same_location(p, &job.place)) { 0 } else { job.setup_s };
            load += job.pickup - job.delivery;
            steps.push(VroomStep {
                id: Some(job.id),
                description: job.description.clone(),
                setup,
                service: job.service_s,
                waiting_time: start - arrival,
                ..step(StepKind::Job, Some(&job.place), arrival, travel_s, distance_m, load)
            });
            time = start + setup + job.service_s;
            place = task.place;
            previous = Some(&job.place);
        }
        if given.end.is_some() {
            travel_s += problem.drive_s(place, vehicle.end_place);
            distance_m += problem.matrix.distance_m(place, vehicle.end_place);
            let arrival = time + problem.drive_s(place, vehicle.end_place);
            steps.push(step(StepKind::End, given.end.as_ref(), arrival, travel_s, distance_m, load));
        }

        let total = |f: fn(&VroomStep) -> i64| steps.iter().map(f).sum::<i64>();
        VroomRoute {
            vehicle: given.id,
            cost: travel_s,
            delivery: amount(jobs.iter().map(|j| j.delivery).sum()),
            pickup: amount(jobs.iter().map(|j| j.pickup).sum()),
            setup: total(|s| s.setup),
            service: total(|s| s.service),
            duration: travel_s,
            waiting_time: total(|s| s.waiting_time),
            priority: jobs.iter().map(|j| j.priority).sum(),
            distance: self.distances_known.then_some(distance_m),
            description: given.description.clone(),
            steps,
            violations: Vec::new(),
        }
    }
}

/// `located` with one more place, zero seconds and metres from and to every place.
fn with_anywhere(located: &TravelMatrix) -> TravelMatrix {
    let n = located.len() + 1;
    let mut drive_s = vec![0; n * n];
    let mut distance_m = vec![0; n * n];
    for a in 0..located.len() {
        for b in 0..located.len() {
            drive_s[a * n + b] = located.drive_s(a, b) as i32;
            distance_m[a * n + b] = located.distance_m(a, b) as i32;
        }
    }
    TravelMatrix::from_rows(n, drive_s, distance_m)
}

/// The vehicles holding every skill `job` needs, or `None` when all do.
fn allowed_vehicles(request: &VroomRequest, job: &VroomJob) -> Option<Vec<usize>> {
    let allowed: Vec<usize> = (0..request.vehicles.len())
        .filter(|&v| job.skills.iter().all(|s| request.vehicles[v].skills.binary_search(s).is_ok()))
        .collect();
    (allowed.len() < request.vehicles.len()).then_some(allowed)
}

/// Skip costs that rank solutions as VROOM does: total priority kept first,
/// then jobs kept, then travel time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SkipWeights {
    /// Leaving any job out: more than any possible total travel time.
    per_job: i64,
    /// Per point of priority: more than leaving every job out.
    per_priority: i64,
}

impl SkipWeights {
    /// Weights for `jobs` jobs and `vehicles` vehicles with legs of at most
    /// `max_leg_s`. Every job has one leg in and every route one leg home, so
    /// no solution travels more than `(jobs + vehicles) * max_leg_s`. For
    /// requests so large that those weights would overflow the objective,
    /// the job weight is cut down (priority still comes first).
    fn new(jobs: usize, vehicles: usize, max_leg_s: i64) -> Self {
        let n = jobs as i128;
        let travel_bound = (n + vehicles as i128) * i128::from(max_leg_s) + 1;
        // Every job left out at the top priority: n * (100 * (n + 1) + 1) job weights.
        let worst_in_job_weights = (n * (100 * (n + 1) + 1)).max(1);
        let per_job = travel_bound.min(OBJECTIVE_LIMIT / worst_in_job_weights).max(1);
        SkipWeights { per_job: per_job as i64, per_priority: ((n + 1) * per_job) as i64 }
    }

    fn skip_cost(&self, priority: i64) -> i64 {
        self.per_job + priority * self.per_priority
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_outweighs_job_count_and_job_count_outweighs_travel() {
        let w = SkipWeights::new(10, 2, 3_600);
        assert!(w.per_job > 12 * 3_600);
        // One point of priority beats keeping all ten other jobs.
        assert!(w.skip_cost(1) > 10 * w.skip_cost(0));
        assert!(w.skip_cost(100) > w.skip_cost(99) + 10 * w.skip_cost(0));
    }

    #[test]
    fn weights_never_overflow_the_objective() {
        let w = SkipWeights::new(50_000, 100, i64::from(i32::MAX));
        let worst = 50_000i128 * i128::from(w.skip_cost(100));
        assert!(worst <= OBJECTIVE_LIMIT);
        assert!(w.skip_cost(1) > 50_000 * w.skip_cost(0));
    }
}
