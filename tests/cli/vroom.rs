//! `rounds solve REQUEST --format vroom` as a user runs it: VROOM's own
//! example requests round-trip (solved, written, read back and replayed by
//! the validator), and requests rounds cannot honour fail with exit code 2.

use crate::common::{rounds, text};

use std::path::{Path, PathBuf};

use rounds::interop::vroom::check::check_vroom;
use rounds::interop::vroom::{
    parse_vroom_response, read_vroom_request, StepKind, VroomResponse, VroomRoute, VroomStep,
};
use rounds::travel::StraightLine;

/// Solves `request` with `extra` options into a temporary file; returns the
/// response after checking it again with the library's validator.
fn solve(request: &Path, extra: &[&str], speed_kmh: f64) -> VroomResponse {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("response.json");
    let speed = speed_kmh.to_string();
    let mut args = vec![
        "solve",
        request.to_str().unwrap(),
        "--format",
        "vroom",
        "--iterations",
        "300",
        "--speed-kmh",
        &speed,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = rounds(&args);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.contains("checked: valid"), "{stdout}");

    let response = parse_vroom_response(&std::fs::read_to_string(&out).unwrap(), &out).unwrap();
    let request = read_vroom_request(&project(request)).unwrap();
    let travel = StraightLine { speed_kmh, ..StraightLine::default() };
    let report = check_vroom(&request, &response, &travel).unwrap();
    assert!(report.is_valid(), "{:#?}", report.violations);
    response
}

fn project(path: &Path) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn fixture(name: &str) -> PathBuf {
    Path::new("fixtures/vroom").join(name)
}

fn route(response: &VroomResponse, vehicle: u64) -> &VroomRoute {
    response.routes.iter().find(|r| r.vehicle == vehicle).unwrap_or_else(|| panic!("no route for {vehicle}"))
}

/// The job ids of a route, in order.
fn jobs(route: &VroomRoute) -> Vec<u64> {
    route.steps.iter().filter(|s| s.kind == StepKind::Job).filter_map(|s| s.id).collect()
}

fn routed(response: &VroomResponse) -> Vec<u64> {
    let mut ids: Vec<u64> = response.routes.iter().flat_map(jobs).collect();
    ids.sort_unstable();
    ids
}

/// A request file in a temporary folder.
fn request_file(dir: &tempfile::TempDir, json: &str) -> PathBuf {
    let path = dir.path().join("request.json");
    std::fs::write(&path, json).unwrap();
    path
}

#[test]
fn vrooms_matrix_example_gets_vrooms_documented_answer() {
    let response = solve(&fixture("example_2.json"), &[], 30.0);
    // VROOM's docs/example_2_sol.json: cost 5461, jobs 1414 then 1515.
    assert_eq!((response.code, response.summary.cost, response.summary.unassigned), (0, 5461, 0));
    let steps: Vec<(StepKind, Option<u64>, i64, i64)> =
        route(&response, 0).steps.iter().map(|s| (s.kind, s.id, s.arrival, s.duration)).collect();
    assert_eq!(
        steps,
        [
            (StepKind::Start, None, 0, 0),
            (StepKind::Job, Some(1414), 2104, 2104),
            (StepKind::Job, Some(1515), 4359, 4359),
            (StepKind::End, None, 5461, 5461),
        ]
    );
    assert_eq!(route(&response, 0).steps[1].location_index, Some(1));
    // No distances in the request, none in the answer; no amounts, no loads.
    assert_eq!(response.summary.distance, None);
    assert!(response.routes[0].steps.iter().all(|s| s.load.is_none()));
}

#[test]
fn vrooms_first_example_round_trips_without_its_shipment() {
    // About the speed OSRM's car profile gives on these roads (VROOM's answer drives 62.7 km in 49 min).
    let response = solve(&fixture("example_1_jobs.json"), &[], 75.0);
    // VROOM assigns every job of this request.
    assert_eq!(routed(&response), [1, 2, 5, 6]);
    assert!(response.unassigned.is_empty());
    for route in &response.routes {
        let breaks: Vec<&VroomStep> = route.steps.iter().filter(|s| s.kind == StepKind::Break).collect();
        assert_eq!(breaks.len(), 1, "vehicle {} takes its break", route.vehicle);
        let start = breaks[0].arrival + breaks[0].waiting_time;
        assert!((36000..=37800).contains(&start), "break at {start}");
        assert_eq!(route.steps[0].load, Some(vec![jobs(route).len() as i64]), "all deliveries on board");
    }
    // Jobs 1 and 2 need skill 1, which only vehicle 1 has.
    for job in [1, 2] {
        assert!(jobs(route(&response, 1)).contains(&job));
    }
    assert_eq!(response.summary.delivery, Some(vec![4]));
    assert!(response.summary.distance.is_some_and(|d| d > 0));
}

#[test]
fn vrooms_api_example_assigns_every_job_vroom_assigns() {
    let response = solve(&fixture("api_example.json"), &[], 60.0);
    // VROOM's documented answer: vehicle 1 serves 1, 2, 5; vehicle 2 serves 6, 3; job 4 unassigned.
    let routed = routed(&response);
    for job in [1, 2, 3, 5, 6] {
        assert!(routed.contains(&job), "job {job} routed: {routed:?}");
    }
    // Skills: jobs 1 and 2 need skill 1 (vehicle 1), jobs 3 and 4 skill 2 (vehicle 2).
    assert!(jobs(route(&response, 1)).iter().all(|j| ![3, 4].contains(j)));
    assert!(jobs(route(&response, 2)).iter().all(|j| ![1, 2].contains(j)));
}

#[test]
fn matrices_with_setup_skills_a_break_and_an_open_route() {
    let response = solve(&fixture("matrices.json"), &[], 30.0);
    assert_eq!(routed(&response), [101, 102, 103, 104, 105]);
    let van = route(&response, 10);
    assert!(jobs(van).contains(&103), "job 103 needs the van's skill 1");
    assert_eq!(van.description.as_deref(), Some("van with a cold box"));
    // Jobs 101 and 102 share a location: the setup is paid once.
    let at_shop_a: Vec<&VroomStep> =
        response.routes.iter().flat_map(|r| &r.steps).filter(|s| s.location_index == Some(1)).collect();
    assert_eq!(at_shop_a.iter().map(|s| s.setup).sum::<i64>(), 120, "{at_shop_a:#?}");
    assert_eq!(response.summary.setup, 120);
    // Vehicle 20 has no end: its route stops at its last job.
    if let Some(car) = response.routes.iter().find(|r| r.vehicle == 20) {
        assert_eq!(car.steps.last().map(|s| s.kind), Some(StepKind::Job));
        assert!(jobs(car).len() <= 3, "max_tasks 3");
    }
    // Distances come from the request's matrix.
    assert!(response.summary.distance.is_some_and(|d| d > 0));
}

/// Found by the fuzz test: a coordinate written with more digits than a
/// float holds must read back as the same number from the response, or the
/// validator sees the job at another place.
#[test]
fn a_coordinate_with_many_digits_reads_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let request = request_file(
        &dir,
        r#"{"vehicles": [{"id": 1, "start": [2.35044, 48.71764], "end": [2.35044, 48.71764]}],
            "jobs": [{"id": 2, "location": [2.03655, 48.6112184467440737095516158], "service": 300}]}"#,
    );
    let response = solve(&request, &[], 30.0);
    assert_eq!(jobs(route(&response, 1)), [2]);
}

#[test]
fn skills_restrict_a_job_to_the_one_vehicle_that_has_them() {
    let dir = tempfile::tempdir().unwrap();
    // Job 2 is at vehicle 2's depot, but only vehicle 1, at the other end, has skill 7.
    let request = request_file(
        &dir,
        r#"{"vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "skills": [7]},
                         {"id": 2, "start_index": 1, "end_index": 1}],
            "jobs": [{"id": 1, "location_index": 0, "service": 60},
                     {"id": 2, "location_index": 1, "service": 60, "skills": [7]}],
            "matrix": [[0, 5000], [5000, 0]]}"#,
    );
    let response = solve(&request, &[], 30.0);
    assert_eq!(jobs(route(&response, 1)), [1, 2]);
    assert!(response.routes.iter().all(|r| r.vehicle == 1));
    assert_eq!(response.summary.cost, 10000);
}

#[test]
fn priority_decides_which_jobs_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    // In 900 s the vehicle serves either jobs 1 and 2 (near) or job 3 (far), never all three.
    let request = |priority: u32| {
        format!(
            r#"{{"vehicles": [{{"id": 1, "start_index": 0, "end_index": 0, "time_window": [0, 900]}}],
                "jobs": [{{"id": 1, "location_index": 1, "service": 300}},
                         {{"id": 2, "location_index": 2, "service": 300}},
                         {{"id": 3, "location_index": 3, "service": 300, "priority": {priority}}}],
                "matrix": [[0, 100, 100, 300], [100, 0, 100, 300], [100, 100, 0, 300], [300, 300, 300, 0]]}}"#
        )
    };
    let most_jobs = solve(&request_file(&dir, &request(0)), &[], 30.0);
    assert_eq!(routed(&most_jobs), [1, 2]);
    assert_eq!(most_jobs.unassigned.iter().map(|u| u.id).collect::<Vec<_>>(), [3]);

    let priority_first = solve(&request_file(&dir, &request(50)), &[], 30.0);
    assert_eq!(routed(&priority_first), [3]);
    assert_eq!(priority_first.summary.priority, 50);
    assert_eq!(priority_first.summary.unassigned, 2);
}

#[test]
fn shipments_are_rejected_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("response.json");
    let run = rounds(&[
        "solve",
        "fixtures/vroom/example_1.json",
        "--format",
        "vroom",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("example_1.json line 61, field `shipments`: pickup-and-delivery pairs"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn malformed_json_is_reported_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let request = request_file(
        &dir,
        "{\"vehicles\": [{\"id\": 1, \"start\": [2.3, 48.7]}],\n\"jobs\": [\n  {\"id\": 1,, }]}",
    );
    let run = rounds(&["solve", request.to_str().unwrap(), "--format", "vroom"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("request.json line 3, column 12"), "{stderr}");
    assert!(run.stdout.is_empty());
}

#[test]
fn options_that_make_no_sense_for_a_request_are_usage_errors() {
    let example = "fixtures/vroom/example_2.json";
    let cases: [&[&str]; 3] = [
        &["--objective", "vehicles"],
        &["--roads", "fixtures/osm/kotka-karhula.osm.pbf"],
        &["--matrix", "matrix.json"],
    ];
    for extra in cases {
        let mut args = vec!["solve", example, "--format", "vroom"];
        args.extend_from_slice(extra);
        let run = rounds(&args);
        assert_eq!(run.status.code(), Some(2), "{extra:?}: {}", text(&run.stderr));
    }
}

#[test]
fn prints_the_response_and_gives_the_same_answer_for_the_same_seed() {
    let run = || {
        let run =
            rounds(&["solve", "fixtures/vroom/matrices.json", "--format", "vroom", "--iterations", "300"]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        let mut response = parse_vroom_response(&text(&run.stdout), Path::new("stdout")).unwrap();
        assert!(response.summary.computing_times.is_some());
        // Only the computing times may differ between identical runs.
        response.summary.computing_times = None;
        response
    };
    assert_eq!(run(), run());
}
