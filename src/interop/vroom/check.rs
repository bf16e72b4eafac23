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

use crate::interop::vroom::{
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
        let expect_edge = |present: bool, kind: StepKind, found: Option<StepKind>| {
            let (name, verb, article) =
                if kind == StepKind::Start { ("start", "open", "a") } else { ("end", "close", "an") };
            match (present, found == Some(kind)) {
                (true, false) => Some(format!(
                    "Vehicle {id} has {article} {name} location but its route does not {verb} with {article} {name} step."
                )),
                (false, true) => {
                    Some(format!("Vehicle {id} has no {name} location but its route has {article} {name} step."))
                }
                _ => None,
            }
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
                            "{here} serves job {}, which the request does not have.",
                            id_text(step.id)
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
                    let wrong_location = step.location.is_some() && step.location != job.place.coordinates;
                    if wrong_location
                        || (step.location_index.is_some() && step.location_index != job.place.index)
                    {
                        self.violations.push(format!(
                            "{here}: job {} is at location {:?} (row {:?}), not {:?} (row {:?}).",
                            job.id,
                            job.place.coordinates,
                            job.place.index,
                            step.location,
                            step.location_index
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
                            "{here} is break {}, which vehicle {id} does not have.",
                            id_text(step.id)
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
                    self.violations.push(format!(
                        "{here} is a {} step; the request has no shipments.",
                        kind_name(step.kind)
                    ));
                    continue;
                }
            }
            let arrival_expected = previous_done.filter(|_| step.kind != StepKind::Start).map(|t| t + leg_s);
            if let Some(expected) = arrival_expected.filter(|&e| e != step.arrival) {
                self.violations.push(format!(
                    "{here} ({}) arrives at {}; leaving the previous step at {} and travelling {leg_s} s \
                     arrives at {expected}.",
                    kind_name(step.kind),
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
                    self.violations.push(format!(
                        "{here} reports load {}; the load on board is [{load}].",
                        load_text(&step.load)
                    ));
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

/// An id for messages, `(none)` when the step has none.
fn id_text(id: Option<u64>) -> String {
    id.map_or_else(|| "(none)".to_string(), |id| id.to_string())
}

/// A step's load for messages.
fn load_text(load: &Option<Vec<i64>>) -> String {
    load.as_ref().map_or_else(|| "(none)".to_string(), |l| format!("{l:?}"))
}

/// A step kind as the response spells it.
fn kind_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Start => "start",
        StepKind::Job => "job",
        StepKind::Break => "break",
        StepKind::End => "end",
        StepKind::Pickup => "pickup",
        StepKind::Delivery => "delivery",
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::interop::vroom::{parse_vroom_request, parse_vroom_response, VroomWindow};
    use crate::travel::StraightLine;

    /// One vehicle, three jobs on a 3 x 3 matrix; jobs 5 and 6 share row 1.
    const REQUEST: &str = r#"{
      "vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "time_window": [0, 1000], "skills": [1],
                    "capacity": [3], "breaks": [{"id": 9, "service": 10, "time_windows": [[100, 200]]}]}],
      "jobs": [{"id": 5, "location_index": 1, "setup": 5, "service": 20, "delivery": [1],
                "time_windows": [[50, 80]], "priority": 3},
               {"id": 6, "location_index": 1, "setup": 5, "service": 10, "pickup": [2], "skills": [1]},
               {"id": 8, "location_index": 2, "service": 10}],
      "matrix": [[0, 30, 40], [30, 0, 25], [40, 25, 0]]
    }"#;

    /// Leaves at 20, serves job 5 at 50 (setup 5, service 20) and job 6 at the same
    /// place at 75 (no setup), waits 15 for the break at 100, is back at 140.
    const RESPONSE: &str = r#"{
      "code": 0,
      "summary": {"cost": 60, "routes": 1, "unassigned": 1, "delivery": [1], "pickup": [2], "setup": 5,
                  "service": 40, "duration": 60, "waiting_time": 15, "priority": 3},
      "unassigned": [{"id": 8, "location_index": 2, "type": "job"}],
      "routes": [{"vehicle": 1, "cost": 60, "delivery": [1], "pickup": [2], "setup": 5, "service": 40,
                  "duration": 60, "waiting_time": 15, "priority": 3, "steps": [
        {"type": "start", "location_index": 0, "load": [1], "arrival": 20, "duration": 0},
        {"type": "job", "location_index": 1, "id": 5, "setup": 5, "service": 20, "waiting_time": 0,
         "load": [0], "arrival": 50, "duration": 30},
        {"type": "job", "location_index": 1, "id": 6, "setup": 0, "service": 10, "waiting_time": 0,
         "load": [2], "arrival": 75, "duration": 30},
        {"type": "break", "id": 9, "service": 10, "waiting_time": 15, "load": [2], "arrival": 85, "duration": 30},
        {"type": "end", "location_index": 0, "load": [2], "arrival": 140, "duration": 60}]}]
    }"#;

    fn request() -> VroomRequest {
        parse_vroom_request(REQUEST, Path::new("request.json")).unwrap()
    }

    fn response() -> VroomResponse {
        parse_vroom_response(RESPONSE, Path::new("response.json")).unwrap()
    }

    fn violations(request: &VroomRequest, response: &VroomResponse) -> Vec<String> {
        check_vroom(request, response, &StraightLine::default()).unwrap().violations
    }

    /// Checks a response changed by `change`, expecting a violation containing `expected`.
    fn finds(change: impl FnOnce(&mut VroomRequest, &mut VroomResponse), expected: &str) {
        let (mut request, mut response) = (request(), response());
        change(&mut request, &mut response);
        let found = violations(&request, &response);
        assert!(found.iter().any(|v| v.contains(expected)), "expected {expected:?} in {found:#?}");
    }

    #[test]
    fn accepts_a_valid_response() {
        assert_eq!(violations(&request(), &response()), Vec::<String>::new());
    }

    #[test]
    fn checks_every_arrival_against_the_travel_time() {
        finds(
            |_, r| r.routes[0].steps[1].arrival = 49,
            "Vehicle 1, step 2 (job) arrives at 49; leaving the previous step at 20 and travelling 30 s arrives at 50.",
        );
        finds(|_, r| r.routes[0].steps[4].arrival = 139, "step 5 (end) arrives at 139");
        finds(|_, r| r.routes[0].steps[1].duration = 31, "reports 31 s of travel so far");
    }

    #[test]
    fn checks_windows_setup_and_service() {
        finds(|_, r| r.routes[0].steps[1].waiting_time = 40, "job 5 starts at 90, outside its time windows");
        finds(|_, r| r.routes[0].steps[2].setup = 5, "job 6 has setup 5, expected 0");
        finds(|_, r| r.routes[0].steps[1].service = 10, "job 5 has service 10, expected 20");
        finds(
            |_, r| r.routes[0].steps[3].waiting_time = 0,
            "break 9 starts at 85, outside its window [100, 200]",
        );
        finds(|q, _| q.vehicles[0].time_window = Some(VroomWindow { start: 0, end: 130 }), "finishes at 140");
        finds(|q, _| q.vehicles[0].time_window = Some(VroomWindow { start: 30, end: 1000 }), "leaves at 20");
    }

    #[test]
    fn checks_skills_capacity_max_tasks_and_breaks() {
        finds(|q, _| q.vehicles[0].skills.clear(), "job 6, which needs skills [1]");
        finds(|q, _| q.vehicles[0].capacity = Some(1), "the load 2 exceeds vehicle 1's capacity 1");
        finds(|_, r| r.routes[0].steps[2].load = Some(vec![1]), "reports load [1]; the load on board is [2]");
        finds(|q, _| q.vehicles[0].max_tasks = Some(1), "serves 2 jobs; its max_tasks is 1");
        finds(|_, r| drop(r.routes[0].steps.remove(3)), "takes 0 breaks; expected 1");
    }

    #[test]
    fn checks_every_job_is_routed_or_unassigned_once() {
        finds(|_, r| r.unassigned.clear(), "Job 8 is neither routed nor unassigned.");
        finds(|_, r| r.unassigned[0].id = 5, "Job 5 is both routed and unassigned.");
        finds(|_, r| r.routes[0].steps[2].id = Some(5), "serves job 5, which is already served");
        finds(|_, r| r.routes[0].steps[2].id = Some(77), "serves job 77, which the request does not have");
        finds(|_, r| r.routes[0].vehicle = 3, "names vehicle 3, which the request does not have");
        finds(
            |_, r| r.routes[0].steps[1].location_index = Some(2),
            "job 5 is at location None (row Some(1))",
        );
    }

    #[test]
    fn checks_the_totals() {
        finds(|_, r| r.routes[0].cost = 59, "claims cost 59; its steps add up to 60");
        finds(|_, r| r.routes[0].waiting_time = 0, "claims waiting_time 0; its steps add up to 15");
        finds(|_, r| r.summary.cost = 61, "The summary claims cost 61; the routes add up to 60.");
        finds(|_, r| r.summary.unassigned = 0, "The summary claims unassigned 0");
        finds(|_, r| r.code = 2, "code 2");
    }

    #[test]
    fn checks_start_and_end_steps_against_the_vehicle() {
        finds(|q, _| q.vehicles[0].end = None, "has no end location but its route has an end step");
        finds(
            |_, r| drop(r.routes[0].steps.remove(0)),
            "has a start location but its route does not open with a start step",
        );
    }
}
