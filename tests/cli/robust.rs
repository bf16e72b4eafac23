//! What a user may type on a bad day, as the command line answers it: one
//! test per class of problem (numbers out of range, sizes over a limit, an
//! output over an input, a disk that fills partway, a poisoned visit log,
//! many bad rows, a rep who cannot work, negative coordinates). Bad input
//! exits with 2 and writes nothing; nothing panics (exit 101) or hangs.

use crate::common::{rounds, text};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const REGION: &str = "fixtures/regions/helsinki-city";
const DATE: &str = "2026-11-24";

/// A copy of the sample region in `dir`, with `edit` applied to accounts.csv.
fn region_copy(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let region = dir.join("region");
    fs::create_dir_all(&region).unwrap();
    let accounts = fs::read_to_string(Path::new(REGION).join("accounts.csv")).unwrap();
    fs::write(region.join("accounts.csv"), edit(accounts)).unwrap();
    fs::copy(Path::new(REGION).join("reps.csv"), region.join("reps.csv")).unwrap();
    region
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Exit code 2, with every one of `words` on stderr.
fn assert_bad_input(run: &Output, words: &[&str]) {
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}{}", text(&run.stdout));
    for word in words {
        assert!(stderr.contains(word), "`{word}` not in: {stderr}");
    }
}

#[test]
fn numbers_out_of_their_range_are_bad_input_naming_the_file_line_and_field_or_argument() {
    let dir = tempfile::tempdir().unwrap();
    // every_days of 100 000 000 used to overflow the due-date arithmetic.
    let region = region_copy(dir.path(), |a| a.replacen(",14,2026-11-17,", ",100000000,2026-11-17,", 1));
    let field = "accounts.csv line 2, field `every_days`: `100000000` is out of range";
    assert_bad_input(&rounds(&["plan", path(&region), "--date", DATE]), &[field, "from 1 to 3650"]);
    assert_bad_input(&rounds(&["week", path(&region), "--from", DATE, "--days", "1"]), &[field]);

    // A time limit that does not fit a duration used to panic.
    for command in
        [vec!["plan", REGION, "--date", DATE], vec!["solve", "fixtures/benchmarks/solomon/C101.txt"]]
    {
        let mut args = command.clone();
        args.extend(["--time-limit", "1e20"]);
        assert_bad_input(&rounds(&args), &["--time-limit", "`1e20` is out of range", "at most 86400"]);
    }
    assert_bad_input(&rounds(&["plan", REGION, "--date", "3026-11-24"]), &["--date", "to 2999-12-31"]);
    assert_bad_input(
        &rounds(&["plan", REGION, "--date", DATE, "--runs", "0"]),
        &["--runs", "`0`", "from 1 to 256"],
    );

    // A Solomon fleet of 4294967295 vehicles used to abort allocating 80 GB: it is capped to the customers.
    let instance = dir.path().join("huge-fleet.txt");
    let c101 = fs::read_to_string("fixtures/benchmarks/solomon/C101.txt").unwrap();
    assert!(c101.contains("   25          200"));
    fs::write(&instance, c101.replacen("   25          200", "   4294967295          200", 1)).unwrap();
    let run = rounds(&["solve", path(&instance), "--iterations", "200"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("valid"), "{}", text(&run.stdout));
}

#[test]
fn sizes_over_their_limit_are_refused_before_anything_is_allocated() {
    // A device that never ends, as the accounts file: an error at once, not a hang.
    let run =
        rounds(&["plan", "--accounts", "/dev/zero", "--reps", "fixtures/regions/helsinki-city/reps.csv"]);
    assert_bad_input(&run, &["/dev/zero", "more than 67108864 bytes"]);
    assert_bad_input(
        &rounds(&["week", REGION, "--days", "100000"]),
        &["--days", "from 1 to 130", "several runs"],
    );
    assert_bad_input(
        &rounds(&["territories", "compare", REGION, "--current", "--split", "a=x.csv", "--weeks", "1000"]),
        &["--weeks", "from 1 to 26"],
    );
    let dir = tempfile::tempdir().unwrap();
    let reps = dir.path().join("reps.csv");
    let rows: String = (0..=500).map(|k| format!("R{k},52,4.8,08:00-17:00\n")).collect();
    fs::write(&reps, format!("id,start_lat,start_lon,shift\n{rows}")).unwrap();
    let run =
        rounds(&["plan", "--accounts", "fixtures/regions/helsinki-city/accounts.csv", "--reps", path(&reps)]);
    assert_bad_input(&run, &["reps.csv: line 502: more than 500 reps", "split the team"]);

    // 11 000 accounts all due on one day: a region may hold them, one day's matrix may not.
    let accounts = dir.path().join("accounts.csv");
    let rows: String = (0..11_000).map(|k| format!("A{k},60.{k:05},24.9,10,7\n")).collect();
    fs::write(&accounts, format!("id,lat,lon,service_min,every_days\n{rows}")).unwrap();
    let reps = "fixtures/regions/helsinki-city/reps.csv";
    let run = rounds(&["plan", "--accounts", path(&accounts), "--reps", reps, "--date", DATE]);
    assert_bad_input(&run, &["more than 11000 locations", "by territory"]);
    // Nor may a given matrix over all of their locations, refused before it is read.
    let matrix = dir.path().join("m.json");
    fs::write(&matrix, r#"{"code": "Ok", "durations": [[0]], "distances": [[0]]}"#).unwrap();
    let run = rounds(&[
        "plan",
        "--accounts",
        path(&accounts),
        "--reps",
        reps,
        "--date",
        DATE,
        "--matrix",
        path(&matrix),
    ]);
    assert_bad_input(
        &run,
        &["m.json", "11012 locations", "more than the 11000 a matrix may have", "split the region"],
    );
}

#[test]
fn no_command_writes_over_a_file_it_reads_whatever_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let region = region_copy(dir.path(), |a| a);
    let accounts = region.join("accounts.csv");
    let before = fs::read(&accounts).unwrap();
    let plan = dir.path().join("plan.json");
    assert!(rounds(&["plan", path(&region), "--date", DATE, "--out", path(&plan)]).status.success());

    // The same file by another name: a relative spelling, a symbolic link, a hard link.
    let symlink = dir.path().join("symlink.csv");
    std::os::unix::fs::symlink(&accounts, &symlink).unwrap();
    let hardlink = dir.path().join("hardlink.csv");
    fs::hard_link(&accounts, &hardlink).unwrap();
    let spelled = region.join("..").join("region").join("accounts.csv");
    for out in [&spelled, &symlink, &hardlink] {
        let run = rounds(&["plan", path(&region), "--date", DATE, "--out", path(out)]);
        assert_bad_input(&run, &["refusing to write"]);
    }
    // Every kind of input: a matrix, a map, a best-known table, a plan, a split.
    let matrix = dir.path().join("m.json");
    fs::write(&matrix, "{}").unwrap();
    let run =
        rounds(&["plan", path(&region), "--date", DATE, "--matrix", path(&matrix), "--out", path(&matrix)]);
    assert_bad_input(&run, &["refusing to write", "m.json"]);
    let map = dir.path().join("k.pbf");
    fs::copy("fixtures/osm/kotka-karhula.osm.pbf", &map).unwrap();
    let run =
        rounds(&["plan", "fixtures/kotka", "--date", DATE, "--roads", path(&map), "--geojson", path(&map)]);
    assert_bad_input(&run, &["refusing to write", "k.pbf"]);
    let bks = dir.path().join("bks.csv");
    fs::copy("fixtures/benchmarks/bks.csv", &bks).unwrap();
    let run = rounds(&["bench", "fixtures/benchmarks/solomon", "--bks", path(&bks), "--out", path(&bks)]);
    assert_bad_input(&run, &["refusing to write", "bks.csv"]);
    let run = rounds(&[
        "replan",
        "--plan",
        path(&plan),
        path(&region),
        "--now",
        "12:00",
        "--rep",
        "R1",
        "--out",
        path(&plan),
    ]);
    assert_bad_input(&run, &["refusing to write", "plan.json"]);
    let split = dir.path().join("split.csv");
    fs::write(&split, "account,rep\n").unwrap();
    let split_arg = format!("s={}", path(&split));
    let run = rounds(&[
        "territories",
        "compare",
        path(&region),
        "--current",
        "--split",
        &split_arg,
        "--out",
        path(&split),
    ]);
    assert_bad_input(&run, &["refusing to write", "split.csv"]);
    let run =
        rounds(&["record", "--plan", path(&plan), path(&region), "--today", DATE, "--log", path(&accounts)]);
    assert_bad_input(&run, &["refusing to write"]);

    assert_eq!(fs::read(&accounts).unwrap(), before);
    assert_eq!(fs::read("fixtures/osm/kotka-karhula.osm.pbf").unwrap(), fs::read(&map).unwrap());
    assert_eq!(fs::read("fixtures/benchmarks/bks.csv").unwrap(), fs::read(&bks).unwrap());
    assert_eq!(fs::read_to_string(&matrix).unwrap(), "{}");
}

/// `rounds` with every file it writes limited to `bytes` (`RLIMIT_FSIZE`), as
/// on a disk that fills partway: a write past the limit fails with "File too
/// large" (the signal it would raise is ignored, and stays so across exec).
fn rounds_with_files_up_to(args: &[&str], bytes: u64) -> Output {
    use std::os::unix::process::CommandExt;
    let mut command = rounds_command(args);
    // SAFETY: between fork and exec the closure only makes two system calls.
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            match libc::setrlimit(libc::RLIMIT_FSIZE, &limit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    command.output().expect("rounds runs")
}

/// `rounds` run as `common::rounds` runs it, for a test to set more on.
fn rounds_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rounds"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR")).env("LANG", "C").env_remove("LC_ALL");
    command
}

#[test]
fn a_disk_that_refuses_one_output_leaves_every_output_and_the_log_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, map, report) =
        (dir.path().join("plan.json"), dir.path().join("map.geojson"), dir.path().join("report.html"));
    let args = ["plan", REGION, "--date", DATE, "--quiet", "--out", path(&plan), "--geojson", path(&map)];
    let with_report = [&args[..], &["--html", path(&report)]].concat();
    assert!(rounds(&with_report).status.success());
    let sizes = [&plan, &map, &report].map(|p| fs::metadata(p).unwrap().len());
    assert!(sizes[2] > sizes[0].max(sizes[1]), "the report is the largest file: {sizes:?}");
    fs::write(&plan, "yesterday's plan").unwrap();
    fs::remove_file(&map).unwrap();
    fs::remove_file(&report).unwrap();

    // Room for the plan and the map, not the report: none of the three is written.
    let run = rounds_with_files_up_to(&with_report, sizes[0].max(sizes[1]));
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("report.html: File too large (os error 27)\n"), "{stderr}");
    assert_eq!(stderr.matches("File too large").count(), 1, "the reason said once: {stderr}");
    assert!(!stderr.contains(".rounds-") && !stderr.contains("wrote"), "{stderr}");
    assert_eq!(fs::read_to_string(&plan).unwrap(), "yesterday's plan");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["plan.json"], "no map, no report, no temporary file");
    // Nor the folder made for files that did not come.
    let pages = dir.path().join("man").join("pages");
    let run = rounds_with_files_up_to(&["man", path(&pages)], 100);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(!dir.path().join("man").exists(), "no empty folder left");

    // Two outputs on one file.
    let same_plan = dir.path().join(".").join("plan.json");
    let twice = [&args[..], &["--html", path(&same_plan)]].concat();
    assert_bad_input(&rounds(&twice), &["refusing to write", "plan.json twice"]);
    // A folder, which the last rename would have failed to replace once the plan was in place.
    let folder = [&args[..], &["--html", path(dir.path())]].concat();
    assert_bad_input(&rounds(&folder), &["refusing to write", "it is a folder"]);
    assert_eq!(fs::read_to_string(&plan).unwrap(), "yesterday's plan");

    // Standard output sent to a full disk is an error like any output's, not a panic.
    let dev_full = || fs::File::create("/dev/full").unwrap();
    let full = rounds_command(&args).stdout(dev_full()).output().unwrap();
    let stderr = text(&full.stderr);
    assert_eq!(full.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write to standard output: No space left on device"), "{stderr}");
    assert_eq!(fs::read_to_string(&plan).unwrap(), "yesterday's plan");
    // Standard error, where failures are told, has nowhere to tell its own: the work goes on.
    let quiet = rounds_command(&args).stderr(dev_full()).output().unwrap();
    assert_eq!(quiet.status.code(), Some(0));
    assert!(fs::read_to_string(&plan).unwrap().starts_with('{'), "the plan written");

    // An append the disk cuts short leaves the visit log as it was, not with half a line.
    assert!(rounds(&args).status.success());
    let log = dir.path().join("visits.csv");
    let logged = "account,date,rep,status\nA0001,2026-11-20,R1,visited\n";
    fs::write(&log, logged).unwrap();
    let record = ["record", "--plan", path(&plan), REGION, "--today", DATE, "--log", path(&log)];
    let run = rounds_with_files_up_to(&record, logged.len() as u64 + 20);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("visits.csv: File too large (os error 27)\n"), "{stderr}");
    assert_eq!(fs::read_to_string(&log).unwrap(), logged);

    // A database the disk cannot hold is not left half made for `db init` to call existing.
    let db = dir.path().join("team.db");
    let run = rounds_with_files_up_to(&["db", "init", path(&db)], 8192);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(!db.exists(), "no half-made database");
    let run = rounds(&["db", "init", path(&db)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    // Nor a backup, nor the journal files of either.
    let backup = dir.path().join("backup.db");
    let run = rounds_with_files_up_to(&["db", "backup", path(&db), path(&backup)], 65536);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(!backup.exists(), "no half-made backup");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().starts_with(".rounds")), "{names:?}");
}

#[test]
fn record_appends_only_a_plan_that_holds_against_the_region_and_the_log_refuses_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("plan.json");
    assert!(rounds(&["plan", REGION, "--date", DATE, "--out", path(&plan_path)]).status.success());
    let log = dir.path().join("visits.csv");
    let record = |plan: &Path, today: &str| {
        rounds(&["record", "--plan", path(plan), REGION, "--today", today, "--log", path(&log)])
    };

    // An account the region does not have: the validator refuses the plan, nothing is appended.
    let plan = fs::read_to_string(&plan_path).unwrap();
    let first = plan.split("\"account\": \"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let typo = dir.path().join("typo.json");
    fs::write(&typo, plan.replacen(&format!("\"account\": \"{first}\""), "\"account\": \"A9999\"", 1))
        .unwrap();
    let run = record(&typo, DATE);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(text(&run.stderr).contains("A9999"), "{}", text(&run.stderr));
    assert!(!log.exists(), "nothing recorded");

    // A plan dated after today.
    assert_bad_input(
        &record(&plan_path, "2026-11-21"),
        &["the plan is for 2026-11-24, after today (2026-11-21)"],
    );
    assert!(!log.exists(), "nothing recorded");

    // Two runs at once (two people recording the same day) take turns on the log, which holds
    // each visit once, as one run writes it.
    let args = ["record", "--plan", path(&plan_path), REGION, "--today", DATE, "--log", path(&log)];
    let runs: Vec<_> = (0..2)
        .map(|_| rounds_command(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap())
        .collect();
    for run in runs {
        let run = run.wait_with_output().unwrap();
        assert!(run.status.success(), "{}", text(&run.stderr));
    }
    let once = dir.path().join("once.csv");
    let run = rounds(&["record", "--plan", path(&plan_path), REGION, "--today", DATE, "--log", path(&once)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(fs::read_to_string(&log).unwrap(), fs::read_to_string(&once).unwrap());
    // A hand-typed line dated 2030 is an error naming its line, not an account hidden for years.
    let mut lines = fs::read_to_string(&log).unwrap();
    lines.push_str(&format!("{first},2030-11-24,R1,visited\n"));
    fs::write(&log, &lines).unwrap();
    let line = lines.lines().count();
    let run = rounds(&["plan", REGION, "--date", "2026-11-25", "--log", path(&log)]);
    assert_bad_input(
        &run,
        &[&format!("visits.csv line {line}, field `date`: 2030-11-24 is after 2026-11-25")],
    );
}

#[test]
fn every_bad_row_is_reported_at_once_and_long_values_are_cut() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(1 << 20);
    let region = region_copy(dir.path(), |a| {
        let mut lines: Vec<String> = a.lines().map(String::from).collect();
        for line in lines.iter_mut().skip(1).take(60) {
            *line = line
                .replacen(",normal,", ",urgent,", 1)
                .replacen(",high,", ",urgent,", 1)
                .replacen(",low,", ",urgent,", 1);
        }
        lines[70] = lines[70].replacen(",normal,", &format!(",{huge},"), 1).replacen(
            ",high,",
            &format!(",{huge},"),
            1,
        );
        lines.join("\n") + "\n"
    });
    let run = rounds(&["plan", path(&region), "--date", DATE]);
    let stderr = text(&run.stderr);
    assert_bad_input(
        &run,
        &["61 problems found:", "accounts.csv line 2, field `priority`", "... and 11 more"],
    );
    assert!(stderr.len() < 20_000, "{} bytes of errors", stderr.len());
}

#[test]
fn a_rep_who_cannot_work_the_day_is_listed_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let region = region_copy(dir.path(), |a| a);
    let reps = fs::read_to_string(region.join("reps.csv")).unwrap();
    // R1's day ends 1 000 km north: no shift is long enough to get there.
    let mut lines: Vec<String> = reps.lines().map(String::from).collect();
    let fields: Vec<&str> = lines[1].split(',').collect();
    let mut edited: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    (edited[4], edited[5]) = ("69.0".into(), "27.0".into());
    lines[1] = edited.join(",");
    fs::write(region.join("reps.csv"), lines.join("\n") + "\n").unwrap();

    let out = dir.path().join("plan.json");
    let run = rounds(&["plan", path(&region), "--date", DATE, "--quiet", "--out", path(&out)]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(
        stdout.contains("Cannot work today:\n  R1: cannot get from the start to the end of the day"),
        "{stdout}"
    );
    let plan = crate::read_json(&out);
    assert_eq!(plan["unavailable_reps"][0]["rep"], "R1");
    assert!(rounds(&["check", "--plan", path(&out), path(&region)]).status.success());

    // The validator holds the listing to the truth: a listed rep may not also have a route.
    let mut edited = plan.clone();
    edited["unavailable_reps"][0]["rep"] = edited["routes"][0]["rep"].clone();
    let bad = dir.path().join("bad.json");
    fs::write(&bad, edited.to_string()).unwrap();
    let run = rounds(&["check", "--plan", path(&bad), path(&region)]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stdout).contains("is listed as unable to work the day but has a route"),
        "{}",
        text(&run.stdout)
    );
}

#[test]
fn negative_coordinates_parse_as_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sydney");
    let run = rounds(&[
        "generate",
        path(&out),
        "--accounts",
        "20",
        "--reps",
        "2",
        "--centre",
        "-33.9,151.2",
        "--today",
        DATE,
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let accounts = fs::read_to_string(out.join("accounts.csv")).unwrap();
    assert!(accounts.lines().nth(1).unwrap().contains(",-33."), "{accounts}");
    // A wide region at a pole and the date line still reads back.
    let pole = dir.path().join("pole");
    let args = ["generate", path(&pole), "--centre", "-89.9,-179.9", "--radius-km", "2000", "--today", DATE];
    assert!(rounds(&args).status.success());
    let run = rounds(&["plan", path(&pole), "--date", DATE, "--iterations", "10", "--quiet"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let run = rounds(&[
        "replan",
        "--plan",
        "no-such.json",
        REGION,
        "--now",
        "12:00",
        "--rep",
        "R1",
        "--position",
        "-33.9,151.2",
    ]);
    let stderr = text(&run.stderr);
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
    assert!(stderr.contains("no-such.json"), "{stderr}");
}
