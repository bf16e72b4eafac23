//! `rounds week` as a user runs it: five days of the shipped city region,
//! the week file, reproducibility, balance against planning every visit on
//! its due date, and bad input.

use crate::common::{rounds, text};
use crate::read_json;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

const REGION: &str = "fixtures/regions/helsinki-city";
const FROM: &str = "2026-11-23";

fn week(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "week",
        REGION,
        "--from",
        FROM,
        "--days",
        "5",
        "--iterations",
        "300",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    rounds(&args)
}

/// Per rep, the longest minus the shortest working day in minutes, from the summary table.
fn spreads_min(stdout: &str) -> Vec<i64> {
    let minutes = |t: &str| match t.split_once('h') {
        Some((h, m)) => h.parse::<i64>().unwrap() * 60 + m.trim_end_matches('m').parse::<i64>().unwrap(),
        None => t.trim_end_matches(" min").parse().unwrap(),
    };
    stdout
        .split("Working day per rep")
        .nth(1)
        .expect("the balance table")
        .lines()
        .filter(|l| l.trim_start().starts_with('R'))
        .map(|l| {
            let columns: Vec<&str> = l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
            minutes(columns[2]) - minutes(columns[3])
        })
        .collect()
}

#[test]
fn plans_five_checked_days_of_the_sample_region_with_nothing_late() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let run = week(&out, &[]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{}{}", stdout, text(&run.stderr));
    assert!(stdout.contains("5 working days (2026-11-23 to 2026-11-27): "), "{stdout}");
    assert!(stdout.contains(" visits, 0 late; driving "), "{stdout}");
    assert!(stdout.contains("checked: every day's windows, shifts, breaks and due visits hold"), "{stdout}");
    for day in
        ["2026-11-23 (Mon)", "2026-11-24 (Tue)", "2026-11-25 (Wed)", "2026-11-26 (Thu)", "2026-11-27 (Fri)"]
    {
        assert!(stdout.contains(&format!("{day}: ")), "{day}: {stdout}");
    }

    let json = read_json(&out);
    assert_eq!(json["from"], FROM);
    assert_eq!(json["late"], serde_json::json!([]));
    let days = json["days"].as_array().unwrap();
    assert_eq!(days.len(), 5);
    assert_eq!(days[4]["date"], "2026-11-27");
    let mut visited = std::collections::HashSet::new();
    for day in days {
        for key in ["date", "routes", "unassigned"] {
            assert!(day.get(key).is_some(), "a day lacks {key}");
        }
        for route in day["routes"].as_array().unwrap() {
            for stop in route["stops"].as_array().unwrap() {
                if let Some(account) = stop["account"].as_str() {
                    assert!(visited.insert(account.to_string()), "{account} twice in five days");
                }
            }
        }
    }
    // Every account due by the Friday is visited, once: 225 with a due date
    // from 2026-11-19 to 2026-11-27 and 15 never visited. None falls due
    // twice (the shortest frequency is seven days), and the next due dates
    // (Monday 2026-11-30 on) are more than two days after the Friday.
    assert_eq!(visited.len(), 240);
}

#[test]
fn each_day_of_the_week_file_passes_rounds_check_on_its_own_day() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let (geojson, html) = (dir.path().join("week.geojson"), dir.path().join("week.html"));
    let run = week(&out, &["--geojson", geojson.to_str().unwrap(), "--html", html.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let json = read_json(&out);
    // The maps hold every day: a route line per rep and day, one map per day.
    let map = read_json(&geojson);
    let routes = map["features"].as_array().unwrap().iter().filter(|f| f["geometry"]["type"] == "LineString");
    let planned_routes: usize =
        json["days"].as_array().unwrap().iter().map(|d| d["routes"].as_array().unwrap().len()).sum();
    assert_eq!(routes.count(), planned_routes);
    let page = std::fs::read_to_string(&html).unwrap();
    assert_eq!(page.matches("class=\"map\"").count(), 5);
    // The first day is checked against the region as shipped.
    let monday = dir.path().join("monday.json");
    std::fs::write(&monday, serde_json::to_string(&json["days"][0]).unwrap()).unwrap();
    let check = rounds(&["check", "--plan", monday.to_str().unwrap(), REGION]);
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn the_same_seed_gives_the_same_week_file() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = (0..2)
        .map(|k| {
            let out = dir.path().join(format!("week{k}.json"));
            assert!(week(&out, &["--seed", "3", "--quiet"]).status.success());
            std::fs::read_to_string(&out).unwrap()
        })
        .collect();
    assert_eq!(files[0], files[1]);
}

#[test]
fn early_visits_make_each_reps_days_more_even_than_due_dates_alone() {
    let dir = tempfile::tempdir().unwrap();
    let run = |early: &str| {
        let out = dir.path().join(format!("week-{early}.json"));
        let run = week(&out, &["--early-days", early, "--quiet"]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        spreads_min(&text(&run.stdout))
    };
    let (balanced, naive) = (run("2"), run("0"));
    assert_eq!(balanced.len(), 6);
    let (balanced_sum, naive_sum): (i64, i64) = (balanced.iter().sum(), naive.iter().sum());
    assert!(balanced_sum * 2 < naive_sum, "{balanced:?} vs {naive:?}");
    assert!(balanced.iter().max() < naive.iter().max(), "{balanced:?} vs {naive:?}");
}

#[test]
fn bad_arguments_exit_with_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let run = rounds(&["week", REGION, "--from", FROM, "--days", "0", "--out", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    assert!(text(&run.stderr).contains("--days") && text(&run.stderr).contains("from 1 to 130"));
    let run =
        rounds(&["week", "fixtures/regions/no-such-region", "--from", FROM, "--out", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    assert!(!out.exists());
    // The week file is never written over an input.
    let accounts = format!("{REGION}/accounts.csv");
    let run =
        rounds(&["week", REGION, "--from", FROM, "--days", "1", "--iterations", "100", "--out", &accounts]);
    assert_ne!(run.status.code(), Some(0));
    assert!(std::fs::read_to_string(&accounts).unwrap().starts_with("id,name,lat,lon"));
}

#[test]
fn on_roads_the_region_is_priced_once_and_cached_as_one_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let args = [
        "week",
        "fixtures/kotka",
        "--from",
        FROM,
        "--days",
        "3",
        "--iterations",
        "300",
        "--roads",
        "fixtures/osm/kotka-karhula.osm.pbf",
        "--out",
        out.to_str().unwrap(),
    ];
    let first = rounds(&args);
    assert!(first.status.success(), "{}{}", text(&first.stdout), text(&first.stderr));
    assert_eq!(std::fs::read_dir(dir.path().join(".rounds-cache")).unwrap().count(), 1);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(rounds(&args).status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written, "the cached matrix gives the same week");
}

/// `rounds week` on `region` with `--reps-per-group 2` and `threads` rayon
/// threads, writing the week to `out`.
fn split_week(region: &Path, out: &Path, threads: &str) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(["week", region.to_str().unwrap(), "--from", FROM, "--days", "3", "--iterations", "200"])
        .args(["--reps-per-group", "2", "--quiet", "--out", out.to_str().unwrap()])
        .env("RAYON_NUM_THREADS", threads)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .output()
        .unwrap()
}

#[test]
fn a_team_split_into_groups_of_reps_covers_every_due_account_the_same_on_1_and_2_threads() {
    // Eight reps without territories and more due visits than they can make in
    // three days, split into four groups of two nearby reps each.
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("region");
    let generate = ["--accounts", "900", "--reps", "8", "--shape", "suburban", "--today", "2026-11-20"];
    let run = rounds(&[&["generate", region.to_str().unwrap()][..], &generate].concat());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let weeks: Vec<String> = ["1", "2"]
        .iter()
        .map(|threads| {
            let out = dir.path().join(format!("week-{threads}.json"));
            let run = split_week(&region, &out, threads);
            let stdout = text(&run.stdout);
            assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
            assert!(
                stdout.contains("checked: every day's windows, shifts, breaks and due visits hold"),
                "{stdout}"
            );
            std::fs::read_to_string(&out).unwrap()
        })
        .collect();
    assert_eq!(weeks[0], weeks[1], "the same week on 1 and 2 threads");

    let json: Value = serde_json::from_str(&weeks[0]).unwrap();
    let days = json["days"].as_array().unwrap();
    let mut visited = std::collections::HashSet::new();
    let mut listed = 0;
    for day in days {
        let mut today = std::collections::HashSet::new();
        for route in day["routes"].as_array().unwrap() {
            for stop in route["stops"].as_array().unwrap() {
                if let Some(account) = stop["account"].as_str() {
                    assert!(today.insert(account.to_string()), "{account} visited twice on {}", day["date"]);
                }
            }
        }
        for unassigned in day["unassigned"].as_array().unwrap() {
            let account = unassigned["account"].as_str().unwrap();
            assert!(!today.contains(account), "{account} both visited and left out on {}", day["date"]);
            assert!(!unassigned["reason"].as_str().unwrap().is_empty());
            listed += 1;
        }
        visited.extend(today);
    }
    assert!(listed > 0, "the first day holds more than the team can make, so the groups are solved again");
    // Every account due in the horizon is visited in it or listed as late with its reason.
    let late: std::collections::HashMap<&str, &str> = json["late"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["account"].as_str().unwrap(), l["reason"].as_str().unwrap()))
        .collect();
    let last_day: chrono::NaiveDate = days.last().unwrap()["date"].as_str().unwrap().parse().unwrap();
    let accounts = rounds::io::csv_region::read_region(
        &region.join("accounts.csv"),
        &region.join("reps.csv"),
        rounds::io::text::TextEncoding::Auto,
    )
    .unwrap()
    .accounts;
    let mut due = 0;
    for account in accounts.iter().filter(|a| !visited.contains(&a.id)) {
        let due_on = account.last_visit.map(|d| d + chrono::Days::new(u64::from(account.every_days)));
        if due_on.is_none_or(|d| d <= last_day) {
            due += 1;
            assert!(
                late.get(account.id.as_str()).is_some_and(|r| !r.is_empty()),
                "{} neither visited nor late",
                account.id
            );
        }
    }
    assert!(due > 0, "more accounts fall due than three days hold");
}
