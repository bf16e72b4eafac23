//! The PVRP reader, validator and runner on a tiny hand-made instance and on
//! Cordeau's instances with their reference solutions.

use std::path::{Path, PathBuf};

use super::bench::run_instance;
use super::check::{check_pvrp, PvrpViolation};
use super::reader::{
    parse_pvrp, read_pvrp, read_pvrp_solution, solution_json, Point, PvrpRoute, PvrpSolution,
};
use crate::io::InputError;
use crate::planning::periodic::PeriodicConfig;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/benchmarks/pvrp").join(name)
}

/// Two days, two vehicles of capacity 3, routes of at most 20. Lines: 1 the
/// header, 2 and 3 the days, 4 the depot, 5 to 8 customers 1 to 4. Customer
/// 1 may come on either day, 3 on both, 4 on the first only (code 2 = day 1).
const TINY: &str = "\
1 2 4 2
20 3
20 3
 0  0  0 0 0 0 0
 1  3  0 1 1 1 2 2 1
 2 -3  0 1 1 1 2 2 1
 3  0  4 1 2 2 1 3
 4  0 -4 1 1 1 1 2
";

fn tiny() -> super::reader::PvrpInstance {
    parse_pvrp(TINY, Path::new("tiny.txt")).unwrap()
}

fn route(day: usize, stops: &[u32]) -> PvrpRoute {
    PvrpRoute { day, stops: stops.to_vec() }
}

/// Day 1: [4] (8) and [1, 3] (12); day 2: [3] (8) and [2] (6): 34 in all.
fn tiny_solution() -> PvrpSolution {
    PvrpSolution {
        distance: 34.0,
        routes: vec![route(0, &[4]), route(0, &[1, 3]), route(1, &[3]), route(1, &[2])],
    }
}

#[test]
fn reads_the_tiny_instance() {
    let instance = tiny();
    assert_eq!((instance.name.as_str(), instance.vehicles, instance.days.len()), ("tiny", 2, 2));
    assert_eq!(instance.days[0].max_duration, Some(20.0));
    assert_eq!(instance.days[0].capacity, 3);
    assert_eq!(instance.depot, Point { x: 0.0, y: 0.0 });
    let numbers: Vec<u32> = instance.customers.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(instance.customers[0].codes, [2, 1]);
    assert_eq!(instance.customers[0].combinations, [0b01, 0b10], "code 2 is the first day");
    assert_eq!(instance.customers[2].combinations, [0b11]);
    assert_eq!(instance.customers[3].combinations, [0b01]);
}

#[test]
fn reads_p01_where_no_route_has_a_limit() {
    let p01 = read_pvrp(&fixture("p01.txt")).unwrap();
    assert_eq!((p01.vehicles, p01.days.len(), p01.customers.len()), (3, 2, 51));
    assert!(p01.days.iter().all(|d| d.max_duration.is_none() && d.capacity == 160));
    let last = &p01.customers[50];
    assert_eq!((last.number, last.demand, last.combinations.as_slice()), (51, 160, &[0b01][..]));
}

/// Parses TINY with `from` replaced by `to`, expecting every problem listed.
fn broken(replacements: &[(&str, &str)]) -> Vec<(u64, String)> {
    let mut text = TINY.to_string();
    for (from, to) in replacements {
        assert!(text.contains(from), "{from:?} is not in the test instance");
        text = text.replacen(from, to, 1);
    }
    let err = parse_pvrp(&text, Path::new("tiny.txt")).expect_err("the broken instance must be rejected");
    err.problems()
        .iter()
        .map(|p| match p {
            InputError::Field { line, field, .. } => (*line, field.clone()),
            other => (0, other.to_string()),
        })
        .collect()
}

#[test]
fn lists_every_bad_row_with_its_line_and_field() {
    let found = broken(&[(" 1  3  0 1 1", " 1  3  x 1 1"), (" 3  0  4 1 2 2 1 3", " 3  0  4 1 2 2 1 2")]);
    assert_eq!(found, [(5, "y".to_string()), (7, "combination".to_string())]);
}

#[test]
fn rejects_bad_headers_days_and_rows() {
    assert_eq!(broken(&[("1 2 4 2\n", "2 2 4 2\n")]), [(1, "type".to_string())]);
    assert_eq!(broken(&[("1 2 4 2\n", "1 2 4 40\n")]), [(1, "days".to_string())]);
    assert_eq!(broken(&[("20 3\n20 3", "20 -3\n20 3")]), [(2, "capacity".to_string())]);
    assert_eq!(broken(&[(" 0  0  0 0 0 0 0", " 0  0  0 0 5 0 0")]), [(4, "demand".to_string())]);
    assert_eq!(broken(&[(" 1  3  0 1 1 1 2 2 1", " 1  3  0 1 1 1 2 2")]), [(5, "combination".to_string())]);
    assert_eq!(broken(&[(" 4  0 -4 1 1 1 1 2", " 4  0 -4 1 1 1 1 4")]), [(8, "combination".to_string())]);
    assert_eq!(broken(&[(" 2 -3  0", " 1 -3  0")]), [(6, "number".to_string())]);
    let short = broken(&[(" 4  0 -4 1 1 1 1 2\n", "")]);
    assert!(short.len() == 1 && short[0].1.contains("4 site rows"), "{short:?}");
    let empty = parse_pvrp("\n \n", Path::new("tiny.txt")).unwrap_err();
    assert!(empty.to_string().contains("empty file"), "{empty}");
}

#[test]
fn the_checker_accepts_a_valid_solution() {
    let report = check_pvrp(&tiny(), &tiny_solution());
    assert!(report.is_valid(), "{:?}", report.violations);
    assert_eq!(report.distance, 34.0);
}

#[test]
fn the_checker_rejects_a_customer_off_its_combinations() {
    let mut solution = tiny_solution();
    solution.routes[3].stops = vec![2, 1];
    solution.distance = 34.0 + 6.0;
    let report = check_pvrp(&tiny(), &solution);
    assert_eq!(report.violations, [PvrpViolation::WrongCombination { customer: 1, days: vec![1, 2] }]);

    let mut solution = tiny_solution();
    solution.routes[2].stops.clear();
    solution.distance = 26.0;
    let report = check_pvrp(&tiny(), &solution);
    assert_eq!(report.violations, [PvrpViolation::WrongCombination { customer: 3, days: vec![1] }]);
    assert_eq!(
        report.violations[0].to_string(),
        "customer 3 is visited on days [1], none of its allowed combinations"
    );
}

#[test]
fn the_checker_rejects_routes_over_capacity_and_duration() {
    let mut solution = tiny_solution();
    solution.routes[0].stops = vec![4, 1, 3];
    solution.routes[1].stops.clear();
    solution.distance = 18.0 + 14.0;
    let report = check_pvrp(&tiny(), &solution);
    assert_eq!(
        report.violations,
        [
            PvrpViolation::OverCapacity { day: 1, route: 1, load: 4, capacity: 3 },
            PvrpViolation::OverDuration { day: 1, route: 1, duration: 21.0, limit: 20.0 },
        ]
    );
}

#[test]
fn the_checker_rejects_a_wrong_total_unknown_customers_and_too_many_routes() {
    let mut solution = tiny_solution();
    solution.distance = 34.5;
    assert_eq!(
        check_pvrp(&tiny(), &solution).violations,
        [PvrpViolation::WrongTotal { claimed: 34.5, recomputed: 34.0 }]
    );

    let mut solution = tiny_solution();
    solution.routes.push(route(1, &[9]));
    solution.routes.push(route(2, &[1]));
    let violations = check_pvrp(&tiny(), &solution).violations;
    assert_eq!(
        violations,
        [
            PvrpViolation::UnknownCustomer { day: 2, number: 9 },
            PvrpViolation::DayOutsideHorizon { day: 3 },
            PvrpViolation::TooManyRoutes { day: 2, routes: 3, vehicles: 2 },
        ]
    );
}

/// The reference solutions distributed with p01 and p02 pass the checker
/// with the best-known totals (p01's leaves out customer 51, which sits on
/// the depot with a full vehicle's demand: the only complaint).
#[test]
fn reference_solutions_validate_with_the_best_known_totals() {
    for (name, best_known) in [("p01", 524.61), ("p02", 1322.87)] {
        let instance = read_pvrp(&fixture(&format!("{name}.txt"))).unwrap();
        let solution = read_pvrp_solution(&fixture(&format!("{name}.res"))).unwrap();
        assert_eq!(solution.distance, best_known);
        let report = check_pvrp(&instance, &solution);
        let expected: &[PvrpViolation] = match name {
            "p01" => &[PvrpViolation::WrongCombination { customer: 51, days: vec![] }],
            _ => &[],
        };
        assert_eq!(report.violations, expected, "{name}");
        assert!((report.distance - best_known).abs() < 0.005, "{name}: {}", report.distance);
    }
}

/// Every reference solution of the shared set (`../shared/benchmarks/pvrp`,
/// present on developers' machines and in CI) checks out and is no shorter
/// than the best known, but for the two the set's README names: p01 leaves
/// out customer 51 and p11's names a customer 139 the instance lacks.
#[test]
fn every_shared_reference_solution_checks_out() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/pvrp");
    if !root.is_dir() {
        eprintln!("skipped: {} is not there", root.display());
        return;
    }
    let best_known = super::bench::BestKnownTotals::read(&root.join("bks.csv")).unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let instance = read_pvrp(&path).unwrap();
        let report = check_pvrp(&instance, &read_pvrp_solution(&path.with_extension("res")).unwrap());
        let bks = best_known.get(&instance.name).unwrap();
        match instance.name.as_str() {
            "p01" => assert_eq!(report.violations.len(), 1),
            "p11" => {
                assert!(report.violations.contains(&PvrpViolation::UnknownCustomer { day: 5, number: 139 }))
            }
            _ => {
                assert!(report.is_valid(), "{}: {:?}", instance.name, report.violations);
                assert!(report.distance > bks - 0.005, "{}: {} < {bks}", instance.name, report.distance);
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 25);
}

#[test]
fn planning_p01_gives_a_valid_plan_near_the_best_known_and_the_same_for_a_seed() {
    let instance = read_pvrp(&fixture("p01.txt")).unwrap();
    let config = PeriodicConfig { seed: 5, rounds: Some(20), ..PeriodicConfig::default() };
    let (row, solution) = run_instance(&instance, &config, Some(524.61));
    assert!(row.valid, "{:?}", row.violations);
    assert!(row.gap_pct().unwrap() < 10.0, "{row:?}");
    let (again, same) = run_instance(&instance, &config, Some(524.61));
    assert_eq!((again.distance, same), (row.distance, solution.clone()));
    let json: serde_json::Value = serde_json::from_str(&solution_json(&instance, &solution)).unwrap();
    assert_eq!(json["combinations"][50], serde_json::json!({"customer": 51, "code": 2, "days": [1]}));
}

#[test]
fn planning_p02_with_visits_on_several_days_gives_a_valid_plan_and_the_same_for_a_seed() {
    let instance = read_pvrp(&fixture("p02.txt")).unwrap();
    let config = PeriodicConfig { seed: 3, rounds: Some(30), ..PeriodicConfig::default() };
    let (row, solution) = run_instance(&instance, &config, Some(1322.87));
    assert!(row.valid, "{:?}", row.violations);
    assert!(row.gap_pct().unwrap() < 10.0, "{row:?}");
    let (again, same) = run_instance(&instance, &config, Some(1322.87));
    assert_eq!((again.distance, same), (row.distance, solution));
}
