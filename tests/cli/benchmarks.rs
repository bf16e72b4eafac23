//! `rounds solve` and `rounds bench` as a user runs them, on the benchmark
//! instances and sample regions in `fixtures/`.

use crate::common::{rounds, text};

use std::path::Path;

use rounds::interop::solomon::check::check_vrptw;
use rounds::interop::solomon::reader::read_solomon;
use serde_json::Value;

const INSTANCES: &str = "fixtures/benchmarks/solomon";

fn solve(instance: &str, extra: &[&str], out: &Path) -> Value {
    let file = format!("{INSTANCES}/{instance}.txt");
    let mut args = vec!["solve", &file, "--format", "solomon", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = rounds(&args);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn routes(solution: &Value) -> Vec<Vec<u32>> {
    solution["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(|c| c.as_u64().unwrap() as u32).collect())
        .collect()
}

#[test]
fn solve_writes_a_solution_the_validator_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let solution = solve("R101", &["--iterations", "2000", "--seed", "3"], &dir.path().join("sol.json"));
    assert_eq!(solution["instance"], "R101");
    let instance = read_solomon(Path::new(&format!("{INSTANCES}/R101.txt"))).unwrap();
    let report = check_vrptw(&instance, &routes(&solution));
    assert!(report.is_valid(), "{:?}", report.violations);
    assert!((report.distance - solution["distance"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(solution["vehicles"].as_u64().unwrap() as usize, report.vehicles);
    // Within 3 % of the best known (1642.88) even on this short budget.
    assert!(report.distance < 1642.88 * 1.03, "{}", report.distance);
}

/// A benchmark instance runs four trajectories by default; the threads they
/// run on change only the speed.
#[test]
fn solve_gives_the_same_solution_for_a_seed_on_one_thread_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let args = |threads| ["--iterations", "1500", "--seed", "9", "--threads", threads];
    let a = solve("RC201", &args("2"), &dir.path().join("a.json"));
    let b = solve("RC201", &args("2"), &dir.path().join("b.json"));
    let c = solve("RC201", &args("1"), &dir.path().join("c.json"));
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn the_vehicles_objective_finds_the_fewest_vehicles_on_c101() {
    let dir = tempfile::tempdir().unwrap();
    let solution =
        solve("C101", &["--iterations", "1000", "--objective", "vehicles"], &dir.path().join("sol.json"));
    assert_eq!(solution["vehicles"], 10);
}

#[test]
fn a_malformed_instance_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.txt");
    let text_in =
        std::fs::read_to_string(format!("{INSTANCES}/C101.txt")).unwrap().replace("  912  ", "  9x2  ");
    std::fs::write(&file, text_in).unwrap();
    let run = rounds(&["solve", file.to_str().unwrap(), "--iterations", "10"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("line 11") && stderr.contains("READY TIME"), "{stderr}");
}

#[test]
fn bench_prints_gaps_per_family_and_writes_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bench.csv");
    let run = rounds(&[
        "bench",
        INSTANCES,
        "--bks",
        "fixtures/benchmarks/bks.csv",
        "--iterations",
        "500",
        "--jobs",
        "2",
        "--out",
        csv.to_str().unwrap(),
    ]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    for needle in ["C101", "R101", "RC201", "C203", "family", "overall", "4 of 4 solutions valid"] {
        assert!(stdout.contains(needle), "{needle} missing from {stdout}");
    }
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(written.lines().count(), 5, "{written}");
    assert!(written.starts_with("instance,family,seed,vehicles,distance,best_known,gap_pct"));
}

#[test]
fn bench_plans_every_sample_region() {
    let run = rounds(&["bench", "fixtures/regions", "--date", "2026-11-24", "--iterations", "800"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    for region in ["helsinki-city", "helsinki-suburbs", "kymenlaakso-rural", "total"] {
        assert!(stdout.contains(region), "{region} missing from {stdout}");
    }
    assert!(stdout.contains("219      219"), "every due account covered: {stdout}");
}

#[test]
fn bench_compares_the_default_plan_with_a_long_run_per_region_and_seed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("compare.csv");
    let run = rounds(&[
        "bench",
        "fixtures/regions",
        "--date",
        "2026-11-24",
        "--iterations",
        "200",
        "--reference-iterations",
        "600",
        "--seeds",
        "2",
        "--out",
        csv.to_str().unwrap(),
    ]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[1].starts_with("region") && lines[1].contains("ref cost h"), "{stdout}");
    // Per region: one line per seed, then the mean and the worst.
    assert_eq!(lines.len(), 2 + 3 * 4, "{stdout}");
    let city: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("helsinki-city ")).collect();
    assert!(city[0].split_whitespace().nth(1) == Some("1") && city[1].split_whitespace().nth(1) == Some("2"));
    assert!(city[2].contains(" mean ") && city[3].contains(" worst "), "{stdout}");
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(written.lines().count(), 1 + 3 * 2, "{written}");
    assert!(
        written.starts_with("region,seed,due,covered,drive_s,waiting_s,cost_s,solve_s,valid,ref_covered"),
        "{written}"
    );
    // Every due account of the sample regions fits: no weight is left out, by any run.
    assert!(lines[1].contains(" left out ") && lines[1].contains(" best left out "), "{stdout}");
    let header = written.lines().next().unwrap();
    assert!(header.ends_with(",left_out_weight,ref_left_out_weight,best_left_out_weight"), "{written}");
    assert!(written.lines().skip(1).all(|row| row.ends_with(",0.00,0.00,0.00")), "{written}");
}

const PVRP: &str = "fixtures/benchmarks/pvrp";

#[test]
fn solve_pvrp_writes_a_plan_the_validator_accepts() {
    use rounds::interop::pvrp::check::check_pvrp;
    use rounds::interop::pvrp::reader::{read_pvrp, PvrpRoute, PvrpSolution};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p02.json");
    let file = format!("{PVRP}/p02.txt");
    let args =
        ["solve", &file, "--format", "pvrp", "--rounds", "5", "--seed", "2", "--out", out.to_str().unwrap()];
    let run = rounds(&args);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.starts_with("p02: 5 days, ") && stdout.contains("5 rounds, valid"), "{stdout}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut routes = Vec::new();
    for day in written["days"].as_array().unwrap() {
        for route in day["routes"].as_array().unwrap() {
            routes.push(PvrpRoute {
                day: day["day"].as_u64().unwrap() as usize - 1,
                stops: route.as_array().unwrap().iter().map(|c| c.as_u64().unwrap() as u32).collect(),
            });
        }
    }
    let solution = PvrpSolution { distance: written["distance"].as_f64().unwrap(), routes };
    let report = check_pvrp(&read_pvrp(Path::new(&file)).unwrap(), &solution);
    assert!(report.is_valid(), "{:?}", report.violations);
    assert_eq!(written["combinations"].as_array().unwrap().len(), 50);

    let again = dir.path().join("again.json");
    let mut args_again = args;
    args_again[9] = again.to_str().unwrap();
    assert!(rounds(&args_again).status.success());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap(), "the same plan for a seed");
}

#[test]
fn bench_pvrp_prints_the_gap_of_every_instance_and_the_mean() {
    let bks = format!("{PVRP}/bks.csv");
    let run = rounds(&["bench", PVRP, "--format", "pvrp", "--bks", &bks, "--rounds", "5", "--quiet"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    for instance in ["p01", "p02"] {
        let line = stdout.lines().find(|l| l.starts_with(instance)).unwrap_or_else(|| panic!("{stdout}"));
        let gap: f64 = line.split_whitespace().nth(4).unwrap().parse().unwrap();
        assert!((-0.01..15.0).contains(&gap), "a sane gap: {line}");
        assert!(line.ends_with("yes"), "{line}");
    }
    assert!(stdout.contains("2 of 2 solutions valid"), "{stdout}");
}

#[test]
fn pvrp_arguments_of_the_day_solver_and_bad_instances_are_refused() {
    let file = format!("{PVRP}/p01.txt");
    let run = rounds(&["solve", &file, "--format", "pvrp", "--iterations", "10"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    let run = rounds(&["solve", "fixtures/benchmarks/solomon/C101.txt", "--rounds", "3"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.txt");
    let instance = std::fs::read_to_string(&file).unwrap().replacen(
        " 1 37 52 0   7 1 2 1 2",
        " 1 37 52 0   7 1 2 1 3",
        1,
    );
    std::fs::write(&broken, instance).unwrap();
    let run = rounds(&["solve", broken.to_str().unwrap(), "--format", "pvrp", "--rounds", "1"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("line 5") && stderr.contains("`combination`"), "{stderr}");
}
