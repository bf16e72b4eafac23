//! The independent validator for VROOM responses: replays a [`VroomResponse`]
//! against its [`VroomRequest`] and lists every rule it breaks.
//!
//! Entry point: [`check_vroom`], which returns a [`VroomReport`].
//!
//! Like the other validators it shares nothing with the solver: it reads the
//! request as the file states it and the response as written, and prices
//! every leg itself, from the request's matrix or from one fresh travel
//! matrix over the request's coordinates.
//!
//! # Rules (VROOM's, with breaks taken where the vehicle is)
//! - `code` is 0. Every route names a known vehicle, at most once, and is not empty.
//! - A route opens with a `start` step exactly when its vehicle has a start,
//!   closes with an `end` step exactly when it has an end, and has `job` and
//!   `break` steps in between; jobs and breaks are known (breaks of the
//!   route's own vehicle) and every job appears at most once in the response,
//!   routed or unassigned, and exactly once overall.
//! - The vehicle holds every skill of each of its jobs; a route has at most
//!   `max_tasks` jobs and, with amounts, the load on board (all deliveries at
//!   the start, then minus each delivery and plus each pickup) never exceeds
//!   the capacity and matches each step's `load`.
//! - Replayed in order: the start's `arrival` is within the vehicle's
//!   time window; each job's arrival equals the previous departure plus the
//!   travel time from the previous location (a break is taken where the
//!   vehicle is, so it adds no travel); service (or setup) starts at
//!   `arrival + waiting_time` inside one of the job's windows; the setup is
//!   the job's, or 0 right after a step at the same location (the start
//!   counts); `service` is the job's; a break starts inside its window and
//!   lasts its `service`; the end is reached, or with no end the last step
//!   is done, by the close of the vehicle's time window. Each step's
//!   `duration` (and `distance`, when given) is the travel so far.
//! - Route and summary totals (`cost` = travel time, `setup`, `service`,
//!   `duration`, `waiting_time`, `priority`, `distance`, `routes`,
//!   `unassigned`) equal the sums of what they total.
//!
//! Nothing here panics on a hand-made response: every problem is a
//! violation, and a route whose vehicle is unknown is not replayed further.

use std::collections::{HashMap, HashSet};

use crate::io::vroom::{
    StepKind, VroomJob, VroomPlace, VroomRequest, VroomResponse, VroomRoute, VroomVehicle,
};
use crate::model::LatLon;
use crate::travel::{NamedTravelError, TravelMatrix, TravelTimes};

/// Everything [`check_vroom`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VroomReport {
    /// Every broken rule as a full sentence naming the vehicle, step and job.
    pub violations: Vec<String>,
}

impl VroomReport {
    /// Whether the response breaks no rule.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Replays `response` against `request`; the rules are in the [module docs](self).
/// `travel` prices the legs when the request has no matrix of its own.
pub fn check_vroom(
    request: &VroomRequest,
    response: &VroomResponse,
    travel: &dyn TravelTimes,
) -> Result<VroomReport, NamedTravelError> {
    let legs = Legs::new(request, travel)?;
    let mut checker = Checker {
        request,
        legs: &legs,
        jobs: request.jobs.iter().map(|j| (j.id, j)).collect(),
        vehicles: request.vehicles.iter().map(|v| (v.id, v)).collect(),
        placed: HashSet::new(),
        violations: Vec::new(),
    };
    if response.code != 0 {
        checker.violations.push(format!("The response has code {}, not 0 (solved).", response.code));
    }
    let mut seen_vehicles = HashSet::new();
    for route in &response.routes {
        if !seen_vehicles.insert(route.vehicle) {
            checker.violations.push(format!("Vehicle {} has more than one route.", route.vehicle));
        }
        checker.route(route);
    }
    checker.unassigned(response);
    checker.summary(response);
    Ok(VroomReport { violations: checker.violations })
}

/// Travel between the request's places, priced once.
struct Legs {
    /// Row of each coordinate pair, when the travel model prices the legs.
    rows: HashMap<(u64, u64), usize>,
    matrix: Option<TravelMatrix>,
}

impl Legs {
    fn new(request: &VroomRequest, travel: &dyn TravelTimes) -> Result<Legs, NamedTravelError> {
        if request.matrix.is_some() {
            return Ok(Legs { rows: HashMap::new(), matrix: None });
        }
        let mut rows = HashMap::new();
        let mut points = Vec::new();
        let mut names = Vec::new();
        let vehicle_places = request.vehicles.iter().flat_map(|v| {
            [(v.start, format!("vehicle {}'s start", v.id)), (v.end, format!("vehicle {}'s end", v.id))]
        });
        let job_places = request.jobs.iter().map(|j| (Some(j.place), format!("job {}", j.id)));
        for (place, name) in job_places.chain(vehicle_places) {
            if let Some([lon, lat]) = place.and_then(|p| p.coordinates) {
                rows.entry((lon.to_bits(), lat.to_bits())).or_insert_with(|| {
                    points.push(LatLon { lat, lon });
                    names.push(name);
                    points.len() - 1
                });
            }
        }
        let matrix = travel.matrix(&points).map_err(|e| e.naming(|p| names[p].clone()))?;
        Ok(Legs { rows, matrix: Some(matrix) })
    }

    /// Seconds and metres (when known) from `a` to `b`.
    fn between(&self, request: &VroomRequest, a: &VroomPlace, b: &VroomPlace) -> (i64, Option<i64>) {
        match (&request.matrix, &self.matrix) {
            (Some(given), _) => {
                let (from, to) = (a.index.unwrap_or(0), b.index.unwrap_or(0));
                (given.duration(from, to), given.distance(from, to))
            }
            (None, Some(matrix)) => {
                let row = |p: &VroomPlace| {
                    p.coordinates
                        .and_then(|[lon, lat]| self.rows.get(&(lon.to_bits(), lat.to_bits())).copied())
                };
                match (row(a), row(b)) {
                    (Some(from), Some(to)) => (matrix.drive_s(from, to), Some(matrix.distance_m(from, to))),
                    _ => (0, None),
                }
            }
            (None, None) => (0, None),
        }
    }
}

/// Totals recomputed while replaying one route.
#[derive(Default)]
struct Totals {
    setup: i64,
    service: i64,
    waiting: i64,
    priority: i64,
}

struct Checker<'a> {
    request: &'a VroomRequest,
    legs: &'a Legs,
    jobs: HashMap<u64, &'a VroomJob>,
    vehicles: HashMap<u64, &'a VroomVehicle>,
    /// Jobs routed so far.
    placed: HashSet<u64>,
    violations: Vec<String>,
}

impl Checker<'_> {
    fn route(&mut self, route: &VroomRoute) {
        let id = route.vehicle;
        let Some(&vehicle) = self.vehicles.get(&id) else {
            self.violations.push(format!("A route names vehicle {id}, which the request does not have."));
            return;
        };
        let request = self.request;
        let at = |k: usize| format!("Vehicle {id}, step {}", k + 1);
        let steps = &route.steps;
        if !steps.iter().any(|s| s.kind == StepKind::Job) {
            self.violations
                .push(format!("Vehicle {id} has a route without jobs; unused vehicles have no route."));
        }
        let window = vehicle.time_window;
        let expect_edge =
            |present: bool, kind: StepKind, found: Option<StepKind>| match (present, found == Some(kind)) {
                (true, false) => Some(format!(
                    "Vehicle {id} has a {kind:?} location but its route does not {} with a {kind:?} step.",
                    if kind == StepKind::Start { "open" } else { "close" }
                )),
                (false, true) => {
                    Some(format!("Vehicle {id} has no {kind:?} location but its route has a {kind:?} step."))
                }
                _ => None,
            };
        let first = steps.first().map(|s| s.kind);
        let last = steps.last().map(|s| s.kind);
        self.violations.extend(expect_edge(vehicle.start.is_some(), StepKind::Start, first));
        self.violations.extend(expect_edge(vehicle.end.is_some(), StepKind::End, last));

        let route_jobs: Vec<&VroomJob> = steps
            .iter()
            .filter(|s| s.kind == StepKind::Job)
            .filter_map(|s| s.id.and_then(|j| self.jobs.get(&j).copied()))
            .collect();
        let mut load = route_jobs.iter().map(|j| j.delivery).sum::<i64>();
        let capacity = vehicle.capacity.unwrap_or(0);
        // Where the vehicle is, when it is free, travel and distance so far.
        let mut place: Option<VroomPlace> = None;
        let mut free: Option<i64> = None;
        let (mut travel_s, mut distance_m) = (0i64, 0i64);
        let mut totals = Totals::default();
        let mut breaks = 0;
        let mut jobs_in_route = 0;

        for (k, step) in steps.iter().enumerate() {
            let here = at(k);
            // When the previous step is done, and the travel from it to this one.
            let previous_done = free;
            let mut leg_s = 0;
            match step.kind {
                StepKind::Start => {
                    if k != 0 {
                        self.violations.push(format!("{here} is a start step, but not the first step."));
                    }
                    place = vehicle.start;
                    if let Some(w) = window.filter(|w| step.arrival < w.start) {
                        self.violations.push(format!(
                            "{here}: leaves at {}, before the vehicle's time window opens at {}.",
                            step.arrival, w.start
                        ));
                    }
                    free = Some(step.arrival);
                }
                StepKind::Job => {
                    jobs_in_route += 1;
                    let Some(job) = step.id.and_then(|j| self.jobs.get(&j).copied()) else {
                        self.violations.push(format!(
                            "{here} serves job {:?}, which the request does not have.",
                            step.id
                        ));
                        continue;
                    };
                    if !self.placed.insert(job.id) {
                        self.violations
                            .push(format!("{here} serves job {}, which is already served.", job.id));
                    }
                    if !job.skills.iter().all(|s| vehicle.skills.binary_search(s).is_ok()) {
                        self.violations.push(format!(
                            "{here} serves job {}, which needs skills {:?}; vehicle {id} has {:?}.",
                            job.id, job.skills, vehicle.skills
                        ));
                    }
                    if step.location.is_some() && step.location != job.place.coordinates {
                        self.violations.push(format!(
                            "{here}: job {} is at {:?}, not {:?}.",
                            job.id, job.place.coordinates, step.location
                        ));
                    }
                    let leg_m;
                    (leg_s, leg_m) = match &place {
                        Some(from) => self.legs.between(request, from, &job.place),
                        None => (0, Some(0)),
                    };
                    travel_s += leg_s;
                    distance_m += leg_m.unwrap_or(0);
                    let start = step.arrival + step.waiting_time;
                    if !job.time_windows.is_empty() && !job.time_windows.iter().any(|w| w.contains(start)) {
                        self.violations.push(format!(
                            "{here}: job {} starts at {start}, outside its time windows {:?}.",
                            job.id,
                            job.time_windows.iter().map(|w| [w.start, w.end]).collect::<Vec<_>>()
                        ));
                    }
                    if let Some(w) = window.filter(|w| start < w.start) {
                        self.violations.push(format!(
                            "{here}: job {} starts at {start}, before the vehicle's time window opens at {}.",
                            job.id, w.start
                        ));
                    }
                    let setup = if place.is_some_and(|p| request.same_location(&p, &job.place)) {
                        0
                    } else {
                        job.setup_s
                    };
                    if step.setup != setup {
                        self.violations.push(format!(
                            "{here}: job {} has setup {}, expected {setup}.",
                            job.id, step.setup
                        ));
                    }
                    if step.service != job.service_s {
                        self.violations.push(format!(
                            "{here}: job {} has service {}, expected {}.",
                            job.id, step.service, job.service_s
                        ));
                    }
                    load += job.pickup - job.delivery;
                    totals.priority += job.priority;
                    place = Some(job.place);
                    free = Some(start + step.setup + step.service);
                }
                StepKind::Break => {
                    breaks += 1;
                    let Some(rule) = vehicle.break_rule.as_ref().filter(|b| Some(b.id) == step.id) else {
                        self.violations.push(format!(
                            "{here} is break {:?}, which vehicle {id} does not have.",
                            step.id
                        ));
                        continue;
                    };
                    let start = step.arrival + step.waiting_time;
                    if let Some(w) = rule.window.filter(|w| !w.contains(start)) {
                        self.violations.push(format!(
                            "{here}: break {} starts at {start}, outside its window [{}, {}].",
                            rule.id, w.start, w.end
                        ));
                    }
                    if step.service != rule.service_s {
                        self.violations.push(format!(
                            "{here}: break {} lasts {}, expected {}.",
                            rule.id, step.service, rule.service_s
                        ));
                    }
                    if step.setup != 0 {
                        self.violations.push(format!("{here}: break {} has a setup time.", rule.id));
                    }
                    free = Some(start + step.service);
                }
                StepKind::End => {
                    if k + 1 != steps.len() {
                        self.violations.push(format!("{here} is an end step, but not the last step."));
                    }
                    if let (Some(from), Some(end)) = (&place, &vehicle.end) {
                        let leg_m;
                        (leg_s, leg_m) = self.legs.between(request, from, end);
                        travel_s += leg_s;
                        distance_m += leg_m.unwrap_or(0);
                    }
                    free = Some(step.arrival);
                }
                StepKind::Pickup | StepKind::Delivery => {
                    self.violations
                        .push(format!("{here} is a {:?} step; the request has no shipments.", step.kind));
                    continue;
                }
            }
            let arrival_expected = previous_done.filter(|_| step.kind != StepKind::Start).map(|t| t + leg_s);
            if let Some(expected) = arrival_expected.filter(|&e| e != step.arrival) {
                self.violations.push(format!(
                    "{here} ({:?}) arrives at {}; leaving the previous step at {} and travelling {leg_s} s \
                     arrives at {expected}.",
                    step.kind,
                    step.arrival,
                    expected - leg_s,
                ));
            }
            if step.waiting_time < 0 {
                self.violations.push(format!("{here} has a negative waiting time {}.", step.waiting_time));
            }
            if step.duration != travel_s {
                self.violations.push(format!(
                    "{here} reports {} s of travel so far; the legs add up to {travel_s} s.",
                    step.duration
                ));
            }
            if step.distance.is_some_and(|d| d != distance_m) {
                self.violations.push(format!(
                    "{here} reports {} m so far; the legs add up to {distance_m} m.",
                    step.distance.unwrap_or(0)
                ));
            }
            if request.has_amounts {
                if load > capacity {
                    self.violations
                        .push(format!("{here}: the load {load} exceeds vehicle {id}'s capacity {capacity}."));
                }
                if step.load.as_deref() != Some(&[load]) {
                    self.violations
                        .push(format!("{here} reports load {:?}; the load on board is [{load}].", step.load));
                }
            }
            totals.setup += step.setup;
            totals.service += step.service;
            totals.waiting += step.waiting_time;
        }

        if let (Some(w), Some(done)) = (window, free) {
            if done > w.end {
                self.violations.push(format!(
                    "Vehicle {id} finishes at {done}, after its time window closes at {}.",
                    w.end
                ));
            }
        }
        if let Some(max) = vehicle.max_tasks.filter(|&max| jobs_in_route > max) {
            self.violations
                .push(format!("Vehicle {id} serves {jobs_in_route} jobs; its max_tasks is {max}."));
        }
        let wanted_breaks = usize::from(vehicle.break_rule.is_some() && jobs_in_route > 0);
        if breaks != wanted_breaks {
            self.violations.push(format!("Vehicle {id} takes {breaks} breaks; expected {wanted_breaks}."));
        }
        let claims = [
            ("cost", route.cost, travel_s),
            ("duration", route.duration, travel_s),
            ("setup", route.setup, totals.setup),
            ("service", route.service, totals.service),
            ("waiting_time", route.waiting_time, totals.waiting),
            ("priority", route.priority, totals.priority),
        ];
        for (what, claimed, actual) in claims {
            if claimed != actual {
                self.violations.push(format!(
                    "Vehicle {id}'s route claims {what} {claimed}; its steps add up to {actual}."
                ));
            }
        }
        if route.distance.is_some_and(|d| d != distance_m) {
            self.violations.push(format!(
                "Vehicle {id}'s route claims distance {}; its legs add up to {distance_m}.",
                route.distance.unwrap_or(0)
            ));
        }
    }

    fn unassigned(&mut self, response: &VroomResponse) {
        let mut listed = HashSet::new();
        for entry in &response.unassigned {
            if !self.jobs.contains_key(&entry.id) {
                self.violations.push(format!("Unassigned job {} is not in the request.", entry.id));
            } else if self.placed.contains(&entry.id) {
                self.violations.push(format!("Job {} is both routed and unassigned.", entry.id));
            } else if !listed.insert(entry.id) {
                self.violations.push(format!("Job {} is listed as unassigned twice.", entry.id));
            }
        }
        for job in &self.request.jobs {
            if !self.placed.contains(&job.id) && !listed.contains(&job.id) {
                self.violations.push(format!("Job {} is neither routed nor unassigned.", job.id));
            }
        }
    }

    fn summary(&mut self, response: &VroomResponse) {
        let summary = &response.summary;
        let sum = |f: fn(&VroomRoute) -> i64| response.routes.iter().map(f).sum::<i64>();
        let claims = [
            ("cost", summary.cost, sum(|r| r.cost)),
            ("duration", summary.duration, sum(|r| r.duration)),
            ("setup", summary.setup, sum(|r| r.setup)),
            ("service", summary.service, sum(|r| r.service)),
            ("waiting_time", summary.waiting_time, sum(|r| r.waiting_time)),
            ("priority", summary.priority, sum(|r| r.priority)),
            ("routes", summary.routes as i64, response.routes.len() as i64),
            ("unassigned", summary.unassigned as i64, response.unassigned.len() as i64),
        ];
        for (what, claimed, actual) in claims {
            if claimed != actual {
                self.violations
                    .push(format!("The summary claims {what} {claimed}; the routes add up to {actual}."));
            }
        }
        if let Some(distance) = summary.distance {
            let actual = sum(|r| r.distance.unwrap_or(0));
            if distance != actual {
                self.violations
                    .push(format!("The summary claims distance {distance}; the routes add up to {actual}."));
            }
        }
    }
}
