//! The command line as a user runs it: plans on the shipped sample region,
//! checks of good and hand-broken plans, and bad input.
//!
//! Every other command's tests are modules of this one binary, one per
//! command or concern (`week`, `replan`, `store`, `robust`, ...), so a
//! fresh `cargo test` builds and links one test program instead of fifteen.
//! Run one part with `cargo test --test cli week::`.

mod appointments;
mod benchmarks;
mod calendar;
#[path = "../common/mod.rs"]
mod common;
mod hours;
mod man;
mod outputs;
mod replan;
mod report;
mod robust;
mod store;
mod territories;
mod vroom;
mod week;
mod week_keep;

use common::{rounds, text};

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

const REGION: &str = "fixtures/regions/helsinki-city";
const DATE: &str = "2026-11-24";

/// A time limit far beyond what a plan of the sample region takes, for
/// tests that compare the default search's plans and iterations: only the
/// budget ends such a search, however busy the machine.
const UNCUT: [&str; 2] = ["--time-limit", "600"];

fn plan_to(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["plan", REGION, "--date", DATE, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    rounds(&args)
}

/// [`plan_to`] under [`UNCUT`].
fn plan_uncut_to(out: &Path, extra: &[&str]) -> Output {
    plan_to(out, &[extra, &UNCUT].concat())
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The accounts a plan's routes visit, in route and stop order.
fn visited_accounts(plan: &Value) -> Vec<&str> {
    plan["routes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["stops"].as_array().unwrap())
        .filter_map(|stop| stop["account"].as_str())
        .collect()
}

#[test]
fn plans_the_sample_day_covering_every_due_account() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let run = plan_to(&out, &[]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{}{}", stdout, text(&run.stderr));
    assert!(stdout.contains("79 due accounts, 79 covered"), "{stdout}");
    assert!(stdout.contains("0 unassigned"), "{stdout}");
    assert!(stdout.contains("checked: every window, shift and break holds"), "{stdout}");

    let plan = read_json(&out);
    assert_eq!(plan["date"], DATE);
    assert_eq!(plan["unassigned"].as_array().unwrap().len(), 0);
    let routes = plan["routes"].as_array().unwrap();
    let visits: usize = routes
        .iter()
        .map(|r| r["stops"].as_array().unwrap().iter().filter(|s| s.get("account").is_some()).count())
        .sum();
    assert_eq!(visits, 79);
    for route in routes {
        for key in ["rep", "depart", "return", "drive_seconds", "distance_meters", "stops"] {
            assert!(route.get(key).is_some(), "route lacks {key}");
        }
    }

    let check = rounds(&["check", "--plan", out.to_str().unwrap(), REGION]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    assert!(text(&check.stdout).contains("valid: "));
}

#[test]
fn same_seed_gives_the_same_plan_also_with_threads() {
    let dir = tempfile::tempdir().unwrap();
    let runs: Vec<String> = (0..2)
        .map(|k| {
            let out = dir.path().join(format!("plan{k}.json"));
            assert!(plan_uncut_to(&out, &["--seed", "5", "--threads", "2"]).status.success());
            std::fs::read_to_string(out).unwrap()
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
}

#[test]
fn cooperating_trajectories_give_the_same_plan_on_one_thread_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let runs: Vec<Value> = ["1", "2"]
        .iter()
        .map(|threads| {
            let out = dir.path().join(format!("plan{threads}.json"));
            let args = ["--seed", "3", "--trajectories", "3", "--iterations", "800", "--threads", threads];
            assert!(plan_to(&out, &args).status.success());
            read_json(&out)
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert!(!runs[0]["routes"].as_array().unwrap().is_empty());
}

/// The sample day's default search is two runs of eight trajectories
/// sharing its budget: the same plan on one thread or four, and the same as
/// asking for those runs, trajectories and their share of the iterations outright.
/// Each under a time limit no load reaches ([`plan_uncut_to`]): on one thread the
/// runs go one after the other, and on a busy machine the second did not
/// start within the default 10 s.
#[test]
fn the_default_plan_is_two_runs_of_eight_trajectories_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut iterations = Vec::new();
    let mut runs = Vec::new();
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("default{threads}.json"));
        let run = plan_uncut_to(&out, &["--threads", threads]);
        assert!(run.status.success());
        let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
        let total = stdout
            .split_once("s (")
            .and_then(|(_, rest)| rest.split_once(" iterations"))
            .map(|(n, _)| n.parse::<u64>().unwrap())
            .unwrap_or_else(|| panic!("the summary names the iterations: {stdout}"));
        iterations.push(total);
        runs.push(read_json(&out));
    }
    assert_eq!(runs[0], runs[1]);
    assert_eq!(iterations[0], iterations[1]);
    assert_eq!(iterations[0] % 16, 0, "two runs of eight trajectories of equal budgets: {iterations:?}");
    let share = (iterations[0] / 16).to_string();
    let out = dir.path().join("explicit.json");
    let explicit = ["--runs", "2", "--trajectories", "8", "--iterations", &share, "--threads", "2"];
    assert!(plan_uncut_to(&out, &explicit).status.success());
    assert_eq!(read_json(&out), runs[0]);
}

#[test]
fn check_catches_a_hand_broken_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    assert!(plan_to(&out, &[]).status.success());
    let mut plan = read_json(&out);
    // Squeeze the first visit of the first route into half its length, and drop a due visit.
    let stops = plan["routes"][0]["stops"].as_array_mut().unwrap();
    let first = stops.iter_mut().find(|s| s.get("account").is_some()).unwrap();
    first["end"] = first["start"].clone();
    let dropped = plan["routes"][1]["stops"].as_array_mut().unwrap();
    let index = dropped.iter().position(|s| s.get("account").is_some()).unwrap();
    let removed = dropped.remove(index);
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, serde_json::to_string_pretty(&plan).unwrap()).unwrap();

    let check = rounds(&["check", "--plan", broken.to_str().unwrap(), REGION]);
    let stdout = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("lasts 0 s but a visit there takes"), "{stdout}");
    let account = removed["account"].as_str().unwrap();
    assert!(
        stdout.contains(&format!("due account {account} is neither visited nor listed as unassigned")),
        "{stdout}"
    );
}

#[test]
fn a_short_staffed_day_lists_the_uncovered_accounts_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    // Only reps R1-R3 work; accounts tied to the others lose their territory.
    let reps: String = std::fs::read_to_string(Path::new(REGION).join("reps.csv"))
        .unwrap()
        .lines()
        .take(4)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("reps.csv"), reps).unwrap();
    let accounts = std::fs::read_to_string(Path::new(REGION).join("accounts.csv"))
        .unwrap()
        .replace(",R4\n", ",\n")
        .replace(",R5\n", ",\n")
        .replace(",R6\n", ",\n");
    std::fs::write(dir.path().join("accounts.csv"), accounts).unwrap();
    let out = dir.path().join("plan.json");
    let run = rounds(&["plan", dir.path().to_str().unwrap(), "--date", DATE, "--out", out.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.contains("Not covered today:"), "{stdout}");
    let plan = read_json(&out);
    let unassigned = plan["unassigned"].as_array().unwrap();
    assert!(!unassigned.is_empty());
    for u in unassigned {
        assert!(u["reason"].as_str().unwrap().starts_with("no rep has"), "{u}");
    }
    let check = rounds(&["check", "--plan", out.to_str().unwrap(), dir.path().to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn lookahead_adds_early_visits_without_losing_due_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let run = plan_to(&out, &["--lookahead", "3", "--iterations", "3000"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    assert!(stdout.contains("79 covered"), "{stdout}");
    assert!(!stdout.contains(" 0 early visits"), "{stdout}");
}

/// Writes a region with the given accounts rows under the standard header.
fn region_with_accounts(dir: &Path, header: &str, rows: &str) -> PathBuf {
    std::fs::write(dir.join("accounts.csv"), format!("{header}\n{rows}")).unwrap();
    std::fs::write(
        dir.join("reps.csv"),
        "id,start_lat,start_lon,shift,break\nR1,60.17,24.94,08:00-16:30,11:00-13:30/30\n",
    )
    .unwrap();
    dir.to_path_buf()
}

#[test]
fn bad_input_names_file_line_and_field_and_writes_nothing() {
    let header = "id,lat,lon,service_min,windows,every_days,closed,territory";
    let good = "A1,60.17,24.95,30,09:00-17:00,7,,\n";
    let cases: &[(&str, &str, &str)] = &[
        ("id,lat,service_min,every_days", "A1,60.1,30,7\n", "`lon`"),
        (header, &format!("{good}A2,60.18,24.95,thirty,,7,,\n"), "line 3, field `service_min`"),
        (header, &format!("{good}A2,NaN,24.95,30,,7,,\n"), "line 3, field `lat`"),
        (header, &format!("{good}A2,91.5,24.95,30,,7,,\n"), "line 3, field `lat`"),
        (header, &format!("{good}A2,60.18,24.95,30,17:00-09:00,7,,\n"), "line 3, field `windows`"),
        (header, &format!("{good}A2,60.18,24.95,30,,7,Caturday,\n"), "line 3, field `closed`"),
        (header, &format!("{good}A1,60.18,24.95,30,,7,,\n"), "line 3, field `id`"),
        (header, &format!("{good}A2,60.18,24.95,30,,7,,R9\n"), "line 3, field `territory`"),
        (header, "", "accounts.csv"),
    ];
    for (k, (head, rows, expected)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let region = region_with_accounts(dir.path(), head, rows);
        let out = dir.path().join("plan.json");
        let run = rounds(&["plan", region.to_str().unwrap(), "--date", DATE, "--out", out.to_str().unwrap()]);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "case {k}: {stderr}");
        assert!(stderr.contains("accounts.csv"), "case {k}: {stderr}");
        assert!(stderr.contains(expected), "case {k}: expected {expected} in {stderr}");
        assert!(!stderr.contains("panicked"), "case {k}: {stderr}");
        assert!(!out.exists(), "case {k}: an output was written");
    }
}

#[test]
fn never_overwrites_an_input_file() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["accounts.csv", "reps.csv"] {
        std::fs::copy(Path::new(REGION).join(file), dir.path().join(file)).unwrap();
    }
    let accounts = dir.path().join("accounts.csv");
    let before = std::fs::read(&accounts).unwrap();
    let run =
        rounds(&["plan", dir.path().to_str().unwrap(), "--date", DATE, "--out", accounts.to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("accounts.csv"), "{}", text(&run.stderr));
    assert_eq!(std::fs::read(&accounts).unwrap(), before);

    // One output naming an input stops them all, before anything is written.
    let plan_json = dir.path().join("plan.json");
    let run = rounds(&[
        "plan",
        dir.path().to_str().unwrap(),
        "--date",
        DATE,
        "--out",
        plan_json.to_str().unwrap(),
        "--html",
        accounts.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(!plan_json.exists(), "plan.json was written although --html named an input");
    assert_eq!(std::fs::read(&accounts).unwrap(), before);
}

#[test]
fn generated_regions_plan_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("rural");
    let gen = rounds(&[
        "generate",
        region.to_str().unwrap(),
        "--accounts",
        "120",
        "--reps",
        "4",
        "--shape",
        "rural",
        "--today",
        DATE,
    ]);
    assert!(gen.status.success(), "{}", text(&gen.stderr));
    let again =
        rounds(&["generate", region.to_str().unwrap(), "--accounts", "120", "--reps", "4", "--today", DATE]);
    assert_eq!(again.status.code(), Some(2), "generate must not overwrite a region");
    let out = dir.path().join("plan.json");
    let run = rounds(&["plan", region.to_str().unwrap(), "--date", DATE, "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    let check = rounds(&["check", "--plan", out.to_str().unwrap(), region.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn an_overloaded_day_covers_what_fits_and_lists_every_other_due_account_with_a_reason() {
    // 48 accounts due on 2026-12-01 and two reps: about half fit, so the
    // search packs the routes by value per second of visit.
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("suburban");
    let dir_arg = region.to_str().unwrap();
    let generate = ["generate", dir_arg, "--accounts", "200", "--reps", "2", "--shape", "suburban"];
    let gen = rounds(&[&generate[..], &["--today", "2026-11-30"]].concat());
    assert!(gen.status.success(), "{}", text(&gen.stderr));
    let out = dir.path().join("plan.json");
    let run = rounds(&["plan", dir_arg, "--date", "2026-12-01", "--out", out.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.contains("48 due accounts"), "{stdout}");
    assert!(stdout.contains("checked: every window, shift and break holds"), "{stdout}");

    let plan = read_json(&out);
    let visited = visited_accounts(&plan);
    let unassigned = plan["unassigned"].as_array().unwrap();
    assert!(!unassigned.is_empty() && visited.len() > unassigned.len(), "{stdout}");
    assert_eq!(visited.len() + unassigned.len(), 48, "{stdout}");
    for u in unassigned {
        assert!(!visited.contains(&u["account"].as_str().unwrap()), "{u}");
        assert!(u["reason"].as_str().is_some_and(|r| !r.is_empty()), "{u}");
    }
    let check = rounds(&["check", "--plan", out.to_str().unwrap(), dir_arg]);
    assert!(check.status.success(), "{}", text(&check.stdout));
}

/// A matrix from a routing engine is not symmetric, and snapping or one-way
/// streets can make a detour through a visit quicker than the direct drive:
/// the plan drives each leg in its own direction at its own time, and the
/// check, replaying the same matrix, confirms it, while the same plan
/// against the matrix read the other way round fails.
#[test]
fn a_skewed_matrix_is_driven_leg_by_leg_in_its_own_direction() {
    let region = kotka_region();
    // 0.4 to 2 times the straight line from a to b, unlike from b to a.
    let stretch = |a: usize, b: usize| (4 + (a * 7 + b * 13) % 17) as f64 / 10.0;
    let dir = tempfile::tempdir().unwrap();
    let (matrix, reversed, out) =
        (dir.path().join("matrix.json"), dir.path().join("reversed.json"), dir.path().join("plan.json"));
    std::fs::write(&matrix, osrm_response(&region, &stretch).to_string()).unwrap();
    std::fs::write(&reversed, osrm_response(&region, &|a, b| stretch(b, a)).to_string()).unwrap();
    let run = plan_kotka_on(&matrix, &out);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.contains("checked: every window, shift and break holds"), "{stdout}");
    let own = check_kotka_on(&out, &matrix);
    assert!(own.status.success(), "{}", text(&own.stdout));
    let other = check_kotka_on(&out, &reversed);
    let report = text(&other.stdout);
    assert!(!other.status.success() && report.contains("cannot be there before"), "{report}");
}

/// `rounds plan` of Kotka on [`DATE`] driving by the OSRM table `matrix`, written to `out`.
fn plan_kotka_on(matrix: &Path, out: &Path) -> Output {
    let (matrix, out) = (matrix.to_str().unwrap(), out.to_str().unwrap());
    rounds(&["plan", "fixtures/kotka", "--date", DATE, "--matrix", matrix, "--out", out])
}

/// `rounds check` of the Kotka plan `plan`, replaying the OSRM table `matrix`.
fn check_kotka_on(plan: &Path, matrix: &Path) -> Output {
    let (plan, matrix) = (plan.to_str().unwrap(), matrix.to_str().unwrap());
    rounds(&["check", "--plan", plan, "fixtures/kotka", "--matrix", matrix])
}

/// The sample region of Kotka, as its CSV files read.
fn kotka_region() -> rounds::model::Region {
    let kotka = Path::new("fixtures/kotka");
    rounds::io::csv_region::read_region(
        &kotka.join("accounts.csv"),
        &kotka.join("reps.csv"),
        rounds::io::text::TextEncoding::Auto,
    )
    .unwrap()
}

/// An OSRM `table` response for `region`, priced with the straight-line
/// model, each entry from `a` to `b` times `stretch(a, b)`.
fn osrm_response(region: &rounds::model::Region, stretch: &dyn Fn(usize, usize) -> f64) -> serde_json::Value {
    use rounds::travel::TravelTimes;
    let places = region.locations();
    let matrix = rounds::travel::StraightLine::default().matrix(&places).unwrap();
    let table = |f: &dyn Fn(usize, usize) -> i64| -> Vec<Vec<f64>> {
        (0..places.len())
            .map(|a| (0..places.len()).map(|b| f(a, b) as f64 * stretch(a, b)).collect())
            .collect()
    };
    serde_json::json!({
        "code": "Ok",
        "durations": table(&|a, b| matrix.drive_s(a, b)),
        "distances": table(&|a, b| matrix.distance_m(a, b)),
    })
}

#[test]
fn a_given_matrix_plans_like_the_model_it_came_from() {
    let region = kotka_region();
    let dir = tempfile::tempdir().unwrap();
    let matrix = dir.path().join("matrix.json");
    std::fs::write(&matrix, osrm_response(&region, &|_, _| 1.0).to_string()).unwrap();
    let (given, straight) = (dir.path().join("given.json"), dir.path().join("straight.json"));
    let run = plan_kotka_on(&matrix, &given);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    assert!(rounds(&["plan", "fixtures/kotka", "--date", DATE, "--out", straight.to_str().unwrap()])
        .status
        .success());
    assert_eq!(std::fs::read_to_string(&given).unwrap(), std::fs::read_to_string(&straight).unwrap());
    let check = check_kotka_on(&given, &matrix);
    assert!(check.status.success(), "{}", text(&check.stdout));

    let mut broken = osrm_response(&region, &|_, _| 1.0);
    broken["durations"][1][3] = serde_json::Value::Null;
    std::fs::write(&matrix, broken.to_string()).unwrap();
    let run = rounds(&["plan", "fixtures/kotka", "--date", DATE, "--matrix", matrix.to_str().unwrap()]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("durations[1][3]") && stderr.contains("null"), "{stderr}");
}

const KOTKA_ROADS: &str = "fixtures/osm/kotka-karhula.osm.pbf";

#[test]
fn plans_kotka_on_real_roads_and_the_check_replays_road_times() {
    let dir = tempfile::tempdir().unwrap();
    let (cached, fresh) = (dir.path().join("cached.json"), dir.path().join("fresh.json"));
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "plan",
            "fixtures/kotka",
            "--date",
            DATE,
            "--roads",
            KOTKA_ROADS,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let run = rounds(&args);
        assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
        text(&run.stdout)
    };
    let stdout = run(&cached, &[]);
    assert!(stdout.contains("29 due accounts, 29 covered"), "{stdout}");
    assert!(
        dir.path().join(".rounds-cache").read_dir().unwrap().count() > 0,
        "the matrix is cached beside the output"
    );
    // A second run reads the cache; --no-cache computes afresh: both give the same plan.
    run(&cached, &[]);
    run(&fresh, &["--no-cache"]);
    assert_eq!(std::fs::read_to_string(&cached).unwrap(), std::fs::read_to_string(&fresh).unwrap());

    let with_roads =
        rounds(&["check", "--plan", cached.to_str().unwrap(), "fixtures/kotka", "--roads", KOTKA_ROADS]);
    assert!(with_roads.status.success(), "{}", text(&with_roads.stdout));
    // Road legs are longer than straight lines, so the straight-line model disagrees with the totals.
    let straight = rounds(&["check", "--plan", cached.to_str().unwrap(), "fixtures/kotka"]);
    assert_eq!(straight.status.code(), Some(1));
}

#[test]
fn an_account_far_from_every_road_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/kotka/reps.csv", dir.path().join("reps.csv")).unwrap();
    std::fs::write(
        dir.path().join("accounts.csv"),
        "id,lat,lon,service_min,every_days\nNEAR,60.532,26.950,20,7\nLAKE,60.575,26.950,20,7\n",
    )
    .unwrap();
    let run =
        rounds(&["plan", dir.path().to_str().unwrap(), "--date", DATE, "--roads", KOTKA_ROADS, "--no-cache"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("account LAKE is") && stderr.contains("m from the nearest connected road"),
        "{stderr}"
    );
}
