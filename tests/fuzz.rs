//! Seeded mutation fuzzing of every reader: region CSVs, the calendar's
//! files (holidays as CSV and iCalendar, absences, closures, appointments),
//! split, visit log, plan JSON, matrix JSON, VROOM JSON, Solomon, PVRP, PBF.
//!
//! Each case takes a valid seed file, applies one to four mutations (bit
//! flips, deleted, repeated or swapped pieces, extreme numbers, long values,
//! quotes and separators, truncation), writes it where the reader expects
//! it, and calls the library the way a command does, then, when the file is
//! accepted, what a command does next (a day planned and checked, a request
//! solved and checked, a plan checked and drawn). It asserts that nothing
//! panics, that nothing is written beside the input (readers write nothing),
//! and that no case runs for more than [`CASE_TIMEOUT`] (a hang detector,
//! not a timing assertion: a case takes milliseconds).
//!
//! `ROUNDS_FUZZ_CASES` sets the cases per reader (default [`DEFAULT_CASES`]);
//! `ROUNDS_FUZZ_SEED` another seed. A failing input is saved under
//! `target/fuzz-failures/`. A large run, one reader at a time:
//!
//! ```sh
//! ROUNDS_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --nocapture --test-threads 2
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rounds::io::text::TextEncoding;
use rounds::model::Region;
use rounds::planning::day::{DayOptions, DayProblem};
use rounds::report::lang::Lang;
use rounds::solver::rng::Rng;
use rounds::solver::{solve, SearchConfig};
use rounds::travel::road::{RoadNetwork, RoadOptions};
use rounds::travel::{StraightLine, TravelTimes};

#[path = "common/mutate.rs"]
mod mutate;

use mutate::mutate;

/// Cases per reader in a plain `cargo test`: a few thousand, a few seconds each.
const DEFAULT_CASES: u64 = 2_000;
/// Longest a single case may take before the run counts as hung.
const CASE_TIMEOUT: Duration = Duration::from_secs(20);
/// The day planned in every case.
const DATE: &str = "2026-11-24";
/// Accounts of the sample region kept for the fuzz region: small enough for
/// a day to be planned and checked in about a millisecond.
const ACCOUNTS: usize = 30;

/// The number of cases per reader.
fn cases() -> u64 {
    std::env::var("ROUNDS_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES)
}

fn base_seed() -> u64 {
    std::env::var("ROUNDS_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(11)
}

/// One reader under test: seed files, the name it is written as, the files
/// beside it, and what a command does with it. `run` says whether the
/// reader accepted the file.
struct Target {
    name: &'static str,
    file: &'static str,
    seeds: Vec<Vec<u8>>,
    fixed: Vec<(&'static str, Vec<u8>)>,
    run: Box<dyn Fn(&Path) -> bool + Send + Sync>,
}

/// What a directory holds: file names and sizes.
fn listing(dir: &Path) -> BTreeMap<String, u64> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (entry.file_name().to_string_lossy().into_owned(), entry.metadata().unwrap().len())
        })
        .collect()
}

/// Runs `cases()` mutated inputs through `target`; panics naming the case
/// and the saved input on a panic, a write or a hang.
fn fuzz(target: Target) {
    let cases = cases();
    let target = Arc::new(target);
    let (done, progress) = mpsc::channel::<u64>();
    let worker = {
        let target = Arc::clone(&target);
        std::thread::spawn(move || -> Result<(u64, Duration), String> {
            let dir = tempfile::tempdir().unwrap();
            for (name, bytes) in &target.fixed {
                fs::write(dir.path().join(name), bytes).unwrap();
            }
            let fixed = listing(dir.path());
            let input = dir.path().join(target.file);
            let mut rng =
                Rng::new(base_seed() ^ target.name.len() as u64).fork(target.name.as_bytes()[0].into());
            let (mut accepted, mut slowest) = (0, Duration::ZERO);
            for case in 0..cases {
                let seed = &target.seeds[rng.below(target.seeds.len())];
                let bytes = mutate(seed, &mut rng);
                fs::write(&input, &bytes).unwrap();
                let started = Instant::now();
                let outcome = catch_unwind(AssertUnwindSafe(|| (target.run)(dir.path())));
                slowest = slowest.max(started.elapsed());
                let saved = || save_failure(target.name, case, &bytes);
                match outcome {
                    Ok(ok) => accepted += u64::from(ok),
                    Err(_) => {
                        return Err(format!(
                            "{}: case {case} panicked; input saved as {}",
                            target.name,
                            saved()
                        ))
                    }
                }
                let mut expected = fixed.clone();
                expected.insert(target.file.to_string(), bytes.len() as u64);
                if listing(dir.path()) != expected {
                    return Err(format!(
                        "{}: case {case} wrote a file; input saved as {}",
                        target.name,
                        saved()
                    ));
                }
                let _ = done.send(case);
                if cases >= 100_000 && (case + 1) % (cases / 10) == 0 {
                    eprintln!("fuzz {}: {} of {cases} cases, {accepted} accepted", target.name, case + 1);
                }
            }
            for (name, bytes) in &target.fixed {
                assert_eq!(&fs::read(dir.path().join(name)).unwrap(), bytes, "{name} was changed");
            }
            Ok((accepted, slowest))
        })
    };
    let mut last = None;
    loop {
        match progress.recv_timeout(CASE_TIMEOUT) {
            Ok(case) => last = Some(case),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let case = last.map_or(0, |c| c + 1);
                panic!("{}: case {case} ran for more than {CASE_TIMEOUT:?}", target.name);
            }
        }
    }
    match worker.join().expect("the fuzz worker catches panics") {
        Ok((0, _)) if cases >= 100 => {
            panic!("{}: no case was accepted; the seeds or mutations are wrong", target.name)
        }
        Ok((accepted, slowest)) => eprintln!(
            "fuzz {}: {cases} cases, {accepted} accepted, none panicked, wrote or hung; slowest {:.1} ms",
            target.name,
            slowest.as_secs_f64() * 1000.0
        ),
        Err(failure) => panic!("{failure}"),
    }
}

/// Keeps a failing input for a rerun; returns where.
fn save_failure(name: &str, case: u64, bytes: &[u8]) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("fuzz-failures");
    let path = dir.join(format!("{name}-{case}.bin"));
    let saved = fs::create_dir_all(&dir).and_then(|()| fs::write(&path, bytes));
    match saved {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("(not saved: {e})"),
    }
}

fn date() -> NaiveDate {
    DATE.parse().unwrap()
}

/// The first [`ACCOUNTS`] accounts of the sample region, and its reps, as CSV text.
fn small_region_files() -> (Vec<u8>, Vec<u8>) {
    // Territories name reps that the small region keeps.
    region_files(CITY, ACCOUNTS)
}

/// The sample region of [`small_region_files`].
fn small_region() -> Region {
    region_of(CITY, ACCOUNTS)
}

/// The sample city, whose accounts and reps most readers are fuzzed with.
const CITY: &str = "fixtures/regions/helsinki-city";

/// The first `accounts` accounts of the region in `folder`, and its reps, as CSV text.
fn region_files(folder: &str, accounts: usize) -> (Vec<u8>, Vec<u8>) {
    let all = fs::read_to_string(format!("{folder}/accounts.csv")).unwrap();
    let kept: String = all.lines().take(accounts + 1).map(|l| format!("{l}\n")).collect();
    (kept.into_bytes(), fs::read(format!("{folder}/reps.csv")).unwrap())
}

/// The region of [`region_files`], read as `rounds plan` reads it.
fn region_of(folder: &str, accounts: usize) -> Region {
    let dir = tempfile::tempdir().unwrap();
    let (accounts, reps) = region_files(folder, accounts);
    fs::write(dir.path().join("accounts.csv"), accounts).unwrap();
    fs::write(dir.path().join("reps.csv"), reps).unwrap();
    rounds::io::csv_region::read_region(
        &dir.path().join("accounts.csv"),
        &dir.path().join("reps.csv"),
        TextEncoding::Auto,
    )
    .unwrap()
}

fn few_iterations() -> SearchConfig {
    SearchConfig { iterations: Some(3), ..SearchConfig::default() }
}

/// What `rounds plan` does with a region: the day planned and checked.
fn plan_and_check(region: &Region, travel: &dyn TravelTimes) {
    plan_and_check_on(region, travel, date());
}

/// [`plan_and_check`] on `date`.
fn plan_and_check_on(region: &Region, travel: &dyn TravelTimes, date: NaiveDate) {
    let options = DayOptions { date, lookahead_days: 1 };
    let Ok(day) = DayProblem::build(region, &options, travel) else { return };
    let outcome = solve(&day.problem, &few_iterations());
    let plan = day.to_plan(region, &outcome.solution);
    let report = rounds::check::check_plan(region, &plan, travel).unwrap();
    assert!(report.is_valid(), "{:?}", report.violations);
}

/// A region file: read, then planned and checked as `rounds plan` does.
fn region_target(name: &'static str, mutated: &'static str) -> Target {
    let (accounts, reps) = small_region_files();
    let (seed, other, other_name) = if mutated == "accounts.csv" {
        (accounts, reps, "reps.csv")
    } else {
        (reps, accounts, "accounts.csv")
    };
    Target {
        name,
        file: mutated,
        seeds: vec![seed],
        fixed: vec![(other_name, other)],
        run: Box::new(|dir| {
            let read = rounds::io::csv_region::read_region_as_of(
                &dir.join("accounts.csv"),
                &dir.join("reps.csv"),
                TextEncoding::Auto,
                Some(date()),
            );
            let Ok(region) = read else { return false };
            plan_and_check(&region, &StraightLine::default());
            true
        }),
    }
}

#[test]
fn fuzz_accounts_csv() {
    fuzz(region_target("accounts.csv", "accounts.csv"));
}

#[test]
fn fuzz_reps_csv() {
    fuzz(region_target("reps.csv", "reps.csv"));
}

/// Accounts of the Osaka month kept for the calendar's fuzz region: every
/// account its calendar files name is among them.
const CALENDAR_ACCOUNTS: usize = 20;
/// Where the calendar's seed files are.
const OSAKA_MONTH: &str = "fixtures/calendar/osaka-month";

/// Reads a calendar file into `region` as `rounds plan` and `rounds week`
/// do; the first date it names, or `None` when the reader refused it.
type CalendarReader = fn(&Path, &mut Region) -> Option<Option<NaiveDate>>;

/// A calendar file: read into the Osaka month's region, then the first day
/// it names planned and checked as `rounds plan` does, and three working
/// days from there planned and every day replayed by the validator as
/// `rounds week` does.
fn calendar_target(name: &'static str, seeds: &[&str], read: CalendarReader) -> Target {
    let region = region_of(OSAKA_MONTH, CALENDAR_ACCOUNTS);
    Target {
        name,
        file: name,
        seeds: seeds.iter().map(|seed| fs::read(Path::new(OSAKA_MONTH).join(seed)).unwrap()).collect(),
        fixed: vec![],
        run: Box::new(move |dir| {
            let mut region = region.clone();
            let Some(first) = read(&dir.join(name), &mut region) else { return false };
            let from = first.unwrap_or_else(date);
            let travel = StraightLine::default();
            plan_and_check_on(&region, &travel, from);
            let options = rounds::planning::week::WeekOptions {
                iterations_per_day: Some(3),
                ..rounds::planning::week::WeekOptions::defaults(from, 3, None)
            };
            let week = rounds::planning::week::plan_week_with(
                &region,
                &options,
                &SearchConfig::default(),
                &travel,
                &|| {},
            )
            .unwrap();
            for report in rounds::planning::week::check_week(&region, &week.week, &travel).unwrap() {
                assert!(report.is_valid(), "{:?}", report.violations);
            }
            true
        }),
    }
}

#[test]
fn fuzz_holidays_csv() {
    fuzz(calendar_target("holidays.csv", &["holidays.csv"], read_holidays));
}

/// A holidays file, CSV or iCalendar, read into `region` ([`CalendarReader`]).
fn read_holidays(path: &Path, region: &mut Region) -> Option<Option<NaiveDate>> {
    let holidays = rounds::io::holidays::read_holidays(path, TextEncoding::Auto).ok()?;
    let first = holidays.iter().next().map(|(date, _)| date);
    region.holidays.extend(&holidays);
    Some(first)
}

#[test]
fn fuzz_holidays_ics() {
    fuzz(calendar_target("holidays.ics", &["../osaka/holidays.ics", "../kotka-company.ics"], read_holidays));
}

#[test]
fn fuzz_absences_csv() {
    fuzz(calendar_target("absences.csv", &["absences.csv"], |path, region| {
        region.absences = rounds::io::absences::read_absences(path, &region.reps, TextEncoding::Auto).ok()?;
        Some(region.absences.list.first().map(|a| a.from))
    }));
}

#[test]
fn fuzz_closures_csv() {
    fuzz(calendar_target("closures.csv", &["closures.csv"], |path, region| {
        region.closures =
            rounds::io::closures::read_closures(path, &region.accounts, TextEncoding::Auto).ok()?;
        Some(region.closures.list.first().map(|c| c.from))
    }));
}

#[test]
fn fuzz_appointments_csv() {
    fuzz(calendar_target("appointments.csv", &["appointments.csv"], |path, region| {
        region.appointments =
            rounds::io::appointments::read_appointments(path, region, TextEncoding::Auto).ok()?;
        Some(region.appointments.list.first().map(|a| a.date))
    }));
}

#[test]
fn fuzz_split_csv() {
    let region = small_region();
    let split: String =
        region.accounts.iter().enumerate().map(|(k, a)| format!("{},R{}\n", a.id, k % 6 + 1)).collect();
    let semicolons = format!(
        "\u{feff}Rep;Account\r\n{}",
        split
            .lines()
            .map(|l| {
                let (a, r) = l.split_once(',').unwrap();
                format!("{r};{a}\r\n")
            })
            .collect::<String>()
    );
    fuzz(Target {
        name: "split.csv",
        file: "split.csv",
        seeds: vec![format!("account,rep\n{split}").into_bytes(), semicolons.into_bytes()],
        fixed: vec![],
        run: Box::new(move |dir| {
            let Ok(split) = rounds::io::csv_split::read_split(&dir.join("split.csv"), &region) else {
                return false;
            };
            split.apply(&region);
            true
        }),
    });
}

#[test]
fn fuzz_visit_log() {
    let region = small_region();
    let lines: String = region
        .accounts
        .iter()
        .enumerate()
        .map(|(k, a)| {
            format!("{},2026-11-{:02},R{},{}\n", a.id, 10 + k % 14, k % 6 + 1, ["visited", "skipped"][k % 2])
        })
        .collect();
    fuzz(Target {
        name: "visits.csv",
        file: "visits.csv",
        seeds: vec![format!("account,date,rep,status\n{lines}").into_bytes()],
        fixed: vec![],
        run: Box::new(move |dir| {
            let Ok(log) = rounds::io::visit_log::read_log(&dir.join("visits.csv"), &region, date()) else {
                return false;
            };
            let mut applied = region.clone();
            rounds::model::visit_log::apply_log(&mut applied, &log);
            rounds::model::due_accounts(&applied.accounts, date());
            true
        }),
    });
}

/// A plan of the small region, as written, and the same plan as a re-plan
/// leaves it (a resume, an added account, changes, a rep who cannot work).
fn plan_seeds(region: &Region) -> Vec<Vec<u8>> {
    let day =
        DayProblem::build(region, &DayOptions { date: date(), lookahead_days: 1 }, &StraightLine::default())
            .unwrap();
    let outcome = solve(&day.problem, &SearchConfig { iterations: Some(300), ..SearchConfig::default() });
    let text = rounds::io::plan_json::plan_to_json(&day.to_plan(region, &outcome.solution));
    let mut replanned: serde_json::Value = serde_json::from_str(&text).unwrap();
    replanned["routes"][0]["resumes"] =
        serde_json::json!([{"after_stops": 1, "time": "11:00:00", "lat": 60.17, "lon": 24.93}]);
    replanned["added_accounts"] = serde_json::json!([{"id": "U1", "name": "Kioski", "lat": 60.18, "lon": 24.95,
        "service_min": 20, "windows": "13:00-15:00", "every_days": 7, "priority": "high", "closed": "Sat Sun"}]);
    replanned["changes"] =
        serde_json::json!([{"account": "U1", "change": "to_tomorrow", "reason": "no room"}]);
    replanned["unavailable_reps"] = serde_json::json!([{"rep": "R9", "reason": "far"}]);
    vec![text.into_bytes(), serde_json::to_string_pretty(&replanned).unwrap().into_bytes()]
}

#[test]
fn fuzz_plan_json() {
    let region = small_region();
    fuzz(Target {
        name: "plan.json",
        file: "plan.json",
        seeds: plan_seeds(&region),
        fixed: vec![],
        run: Box::new(move |dir| {
            let Ok(plan) = rounds::io::plan_json::read_plan(&dir.join("plan.json")) else { return false };
            let travel = StraightLine::default();
            let Ok(report) = rounds::check::check_plan(&region, &plan, &travel) else { return true };
            if report.is_valid() {
                let mut shown = region.clone();
                shown.accounts.extend(plan.added.iter().cloned());
                rounds::report::terminal::plan_table(&shown, &plan, false, Lang::En);
                rounds::report::geojson::plans_geojson(&shown, std::slice::from_ref(&plan));
                rounds::report::html::html_report(&shown, std::slice::from_ref(&plan), "fuzz", Lang::En);
            }
            true
        }),
    });
}

#[test]
fn fuzz_matrix_json() {
    let region = small_region();
    let locations = region.locations();
    let matrix = StraightLine::default().matrix(&locations).unwrap();
    let table = |value: &dyn Fn(usize, usize) -> i64| {
        let rows: Vec<String> = (0..locations.len())
            .map(|r| {
                let row: Vec<String> = (0..locations.len()).map(|c| value(r, c).to_string()).collect();
                format!("[{}]", row.join(","))
            })
            .collect();
        format!("[{}]", rows.join(",\n"))
    };
    let seed = format!(
        "{{\"code\": \"Ok\",\n\"durations\": {},\n\"distances\": {}}}\n",
        table(&|r, c| matrix.drive_s(r, c)),
        table(&|r, c| matrix.distance_m(r, c))
    );
    fuzz(Target {
        name: "matrix.json",
        file: "matrix.json",
        seeds: vec![seed.into_bytes()],
        fixed: vec![],
        run: Box::new(move |dir| {
            let read = rounds::interop::osrm::read_osrm_table(&dir.join("matrix.json"), &region);
            let Ok(given) = read else { return false };
            plan_and_check(&region, &given);
            true
        }),
    });
}

#[test]
fn fuzz_vroom_json() {
    let seeds = fs::read_dir("fixtures/vroom")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|x| x == "json"))
        .map(|path| fs::read(path).unwrap())
        .collect();
    fuzz(Target {
        name: "request.json",
        file: "request.json",
        seeds,
        fixed: vec![],
        run: Box::new(|dir| {
            let path = dir.join("request.json");
            let Ok(request) = rounds::interop::vroom::read_vroom_request(&path) else { return false };
            let travel = StraightLine::default();
            let Ok(vroom) = rounds::interop::vroom::problem::VroomProblem::build(&request, &travel) else {
                return true;
            };
            let outcome = solve(&vroom.problem, &few_iterations());
            let times = rounds::interop::vroom::ComputingTimes { loading: 0, solving: 0 };
            let json = rounds::interop::vroom::response_json(&vroom.to_response(&outcome.solution, times));
            let written = rounds::interop::vroom::parse_vroom_response(&json, &path).unwrap();
            let report = rounds::interop::vroom::check::check_vroom(&request, &written, &travel).unwrap();
            assert!(report.is_valid(), "{:?}", report.violations);
            true
        }),
    });
}

#[test]
fn fuzz_solomon() {
    let c101 = fs::read_to_string("fixtures/benchmarks/solomon/C101.txt").unwrap();
    // The header, the depot and 20 customers: the layout whole, the instance small.
    let depot = c101.lines().position(|l| l.trim_start().starts_with("0 ")).unwrap();
    let small: String = c101.lines().take(depot + 21).map(|l| format!("{l}\n")).collect();
    fuzz(Target {
        name: "solomon.txt",
        file: "instance.txt",
        seeds: vec![small.into_bytes()],
        fixed: vec![],
        run: Box::new(|dir| {
            let Ok(instance) = rounds::interop::solomon::reader::read_solomon(&dir.join("instance.txt"))
            else {
                return false;
            };
            let objective = rounds::interop::solomon::problem::Objective::Distance;
            // A mutated instance may well have no feasible solution: only the run must not fail.
            rounds::interop::solomon::bench::run_instance(&instance, objective, &few_iterations(), None);
            true
        }),
    });
}

#[test]
fn fuzz_pvrp() {
    let p01 = fs::read_to_string("fixtures/benchmarks/pvrp/p01.txt").unwrap();
    // Cordeau's layout whole (the header, the days' limits, the depot) with
    // 12 of its 50 customers: the instance small enough to plan in a case.
    let customers = 12;
    let mut lines = p01.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    let days: usize = header[3].parse().unwrap();
    let mut small = format!("{} {} {} {}\n", header[0], header[1], customers, header[3]);
    for line in lines.take(days + 1 + customers) {
        small.push_str(line);
        small.push('\n');
    }
    fuzz(Target {
        name: "pvrp.txt",
        file: "instance.txt",
        seeds: vec![small.into_bytes()],
        fixed: vec![],
        run: Box::new(|dir| {
            let Ok(instance) = rounds::interop::pvrp::reader::read_pvrp(&dir.join("instance.txt")) else {
                return false;
            };
            let config = rounds::planning::periodic::PeriodicConfig {
                rounds: Some(1),
                first_iterations: 3,
                day_iterations: 3,
                ..Default::default()
            };
            // What `rounds solve --format pvrp` does: plan, then the independent check.
            rounds::interop::pvrp::bench::run_instance(&instance, &config, None);
            true
        }),
    });
}

#[test]
fn fuzz_pbf() {
    // A small generated city, written uncompressed so that mutations reach the
    // protobuf fields rather than a compressed stream's checksum.
    let grid = rounds::generate::road_grid::GridOptions { streets: 5, ..Default::default() };
    let (points, segments) = rounds::generate::road_grid::grid_roads(&grid).unwrap();
    let mut pbf = Vec::new();
    rounds::generate::pbf_writer::write_pbf(&mut pbf, &points, &segments).unwrap();
    fuzz(Target {
        name: "roads.osm.pbf",
        file: "roads.osm.pbf",
        seeds: vec![pbf],
        fixed: vec![],
        run: Box::new(move |dir| {
            let read = RoadNetwork::from_pbf(&dir.join("roads.osm.pbf"), &RoadOptions::default());
            let Ok(network) = read else { return false };
            let _ = network.matrix(&points[..4]);
            true
        }),
    });
}
