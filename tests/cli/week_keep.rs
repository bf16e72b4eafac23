//! Stable weeks as a user runs them: `rounds week --keep week.json --freeze N`
//! after a new absence and after a booked appointment (the frozen days stay
//! byte for byte, the rest is planned again), its refusals, and the
//! `preferred_days` column of accounts.csv honoured where it is free and not
//! where it would make a visit late.

use crate::common::{rounds, text};
use crate::read_json;

use std::collections::HashSet;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

const KOTKA: &str = "fixtures/kotka";
const PREFERRED: &str = "fixtures/calendar/preferred";
const FROM: &str = "2026-11-23";

fn week(region: &str, extra: &[&str]) -> Output {
    let mut args = vec!["week", region, "--from", FROM, "--days", "5", "--iterations", "200", "--quiet"];
    args.extend_from_slice(extra);
    rounds(&args)
}

fn run_ok(region: &str, extra: &[&str]) -> Output {
    let run = week(region, extra);
    assert!(run.status.success(), "{extra:?}: {}{}", text(&run.stdout), text(&run.stderr));
    run
}

fn refused(region: &str, extra: &[&str]) -> String {
    let run = week(region, extra);
    assert_eq!(run.status.code(), Some(2), "{extra:?}: {}{}", text(&run.stdout), text(&run.stderr));
    assert!(run.stdout.is_empty(), "nothing planned: {}", text(&run.stdout));
    text(&run.stderr)
}

/// The text of each day's object in a week file as `week --out` writes it
/// (two-space indent, each day's object opening with `    {` and closing with `    }`).
fn day_texts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut days = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line == "    {" {
            current = Some(String::new());
        }
        if let Some(day) = &mut current {
            day.push_str(line);
            day.push('\n');
        }
        if line == "    }," || line == "    }" {
            days.extend(current.take());
        }
    }
    days
}

/// Per day of a week file, (rep, account) of every visit in route order.
fn visits(json: &Value) -> Vec<Vec<(String, String)>> {
    json["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| {
            let mut visits = Vec::new();
            for route in day["routes"].as_array().unwrap() {
                for stop in route["stops"].as_array().unwrap() {
                    if let Some(account) = stop["account"].as_str() {
                        visits.push((route["rep"].as_str().unwrap().to_string(), account.to_string()));
                    }
                }
            }
            visits
        })
        .collect()
}

/// Plans the Kotka week into `dir/week.json` and returns its path.
fn kept_week(dir: &Path) -> std::path::PathBuf {
    let kept = dir.join("week.json");
    run_ok(KOTKA, &["--out", kept.to_str().unwrap()]);
    kept
}

#[test]
fn keep_and_freeze_after_a_new_absence() {
    let dir = tempfile::tempdir().unwrap();
    let kept = kept_week(dir.path());
    let absences = dir.path().join("absences.csv");
    std::fs::write(&absences, "rep,from,to,note\nR2,2026-11-26,2026-11-26,doctor\n").unwrap();
    let out = dir.path().join("again.json");
    let args = ["--keep", kept.to_str().unwrap(), "--freeze", "2", "--absences", absences.to_str().unwrap()];
    let run = run_ok(KOTKA, &[&args[..], &["--out", out.to_str().unwrap()]].concat());
    assert!(text(&run.stdout).contains("checked: every day's windows"), "{}", text(&run.stdout));

    // The frozen days are the kept days, byte for byte.
    let (before, after) = (day_texts(&kept), day_texts(&out));
    assert_eq!((before.len(), after.len()), (5, 5));
    assert_eq!(before[..2], after[..2]);
    assert_ne!(before[2..], after[2..], "the days after the freeze are planned again");

    // R2 is not sent out on Thursday; every visit the kept week made after
    // the freeze still happens after it, or is listed late with a reason.
    let (kept_json, json) = (read_json(&kept), read_json(&out));
    let days = visits(&json);
    assert!(days[3].iter().all(|(rep, _)| rep == "R1"), "{:?}", days[3]);
    let again: HashSet<&str> = days[2..].iter().flatten().map(|(_, a)| a.as_str()).collect();
    let late: HashSet<&str> =
        json["late"].as_array().unwrap().iter().map(|l| l["account"].as_str().unwrap()).collect();
    for l in json["late"].as_array().unwrap() {
        assert!(!l["reason"].as_str().unwrap().is_empty(), "{l}");
    }
    for (_, account) in visits(&kept_json)[2..].iter().flatten() {
        assert!(
            again.contains(account.as_str()) || late.contains(account.as_str()),
            "{account} fell through"
        );
    }
    // Nothing is visited twice: the frozen days' visits count as made.
    let frozen: HashSet<&str> = days[..2].iter().flatten().map(|(_, a)| a.as_str()).collect();
    assert!(frozen.is_disjoint(&again), "{:?}", frozen.intersection(&again).collect::<Vec<_>>());

    // The same seed gives the same file.
    let twice = dir.path().join("twice.json");
    run_ok(KOTKA, &[&args[..], &["--out", twice.to_str().unwrap()]].concat());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&twice).unwrap());
}

#[test]
fn keep_and_freeze_after_a_booked_appointment() {
    let dir = tempfile::tempdir().unwrap();
    let kept = kept_week(dir.path());
    let appointments = dir.path().join("appointments.csv");
    std::fs::write(&appointments, "account,date,start,rep\nA0021,2026-11-25,10:00,R1\n").unwrap();
    let out = dir.path().join("again.json");
    run_ok(
        KOTKA,
        &[
            "--keep",
            kept.to_str().unwrap(),
            "--freeze",
            "2",
            "--appointments",
            appointments.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(day_texts(&kept)[..2], day_texts(&out)[..2]);
    let json = read_json(&out);
    let kept_at: Vec<(String, Value)> =
        json["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|day| {
                let date = day["date"].as_str().unwrap().to_string();
                day["routes"].as_array().unwrap().iter().flat_map(move |route| {
                    let date = date.clone();
                    route["stops"].as_array().unwrap().iter().filter(|s| s["account"] == "A0021").map(
                        move |s| (format!("{date} {}", route["rep"].as_str().unwrap()), s["start"].clone()),
                    )
                })
            })
            .collect();
    assert_eq!(kept_at, [("2026-11-25 R1".to_string(), Value::from("10:00:00"))], "{kept_at:?}");
}

#[test]
fn refuses_a_kept_week_that_does_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let kept = kept_week(dir.path());
    let kept_text = std::fs::read(&kept).unwrap();
    let keep = kept.to_str().unwrap();

    let msg = refused(KOTKA, &["--keep", keep, "--freeze", "6"]);
    assert!(msg.contains("cannot freeze 6 days: the kept week has 5 and the horizon 5"), "{msg}");

    let run = rounds(&["week", KOTKA, "--from", "2026-11-24", "--keep", keep, "--freeze", "1"]);
    assert_eq!(run.status.code(), Some(2));
    let msg = text(&run.stderr);
    assert!(
        msg.contains(
            "the kept week starts on 2026-11-23, but --from asks for a horizon starting on 2026-11-24"
        ),
        "{msg}"
    );

    // R2 is now on leave on the second kept day: that day cannot stay as it was.
    let absences = dir.path().join("absences.csv");
    std::fs::write(&absences, "rep,from,to\nR2,2026-11-24,2026-11-24\n").unwrap();
    let msg = refused(KOTKA, &["--keep", keep, "--freeze", "3", "--absences", absences.to_str().unwrap()]);
    assert!(msg.contains("frozen day 2026-11-24 no longer holds: rep R2 "), "{msg}");
    assert!(msg.contains("use --freeze 1 or smaller"), "{msg}");

    // The one outputs rule: --out never replaces the kept week.
    let msg = refused(KOTKA, &["--keep", keep, "--freeze", "2", "--out", keep]);
    assert!(msg.contains("it is the input file"), "{msg}");
    assert_eq!(std::fs::read(&kept).unwrap(), kept_text);

    // --keep and --freeze go together.
    let run = week(KOTKA, &["--keep", keep]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("--freeze"), "{}", text(&run.stderr));

    // A damaged week file is named with its line and field.
    let broken = dir.path().join("broken.json");
    let damaged = String::from_utf8(kept_text).unwrap().replacen(
        "\"date\": \"2026-11-24\"",
        "\"date\": \"24.11.2026\"",
        1,
    );
    std::fs::write(&broken, &damaged).unwrap();
    let line = damaged.lines().position(|l| l.contains("24.11.2026")).unwrap() + 1;
    let msg = refused(KOTKA, &["--keep", broken.to_str().unwrap(), "--freeze", "1"]);
    assert!(msg.contains(&format!("broken.json line {line}, column")), "{msg}");
    assert!(msg.contains("field `date`"), "{msg}");
}

#[test]
fn preferred_days_are_honoured_where_free_and_never_make_a_visit_late() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let run = run_ok(PREFERRED, &["--out", out.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(stdout.contains("\non a preferred day: 3 of 4 visits\n"), "{stdout}");
    let json = read_json(&out);
    assert_eq!(json["late"], serde_json::json!([]));
    let day_of = |account: &str| -> String {
        let days = visits(&json);
        let at = days.iter().position(|d| d.iter().any(|(_, a)| a == account)).expect("visited");
        json["days"][at]["date"].as_str().unwrap().to_string()
    };
    // P1 falls due on Thursday and prefers it; P2 falls due on Friday and
    // prefers Wednesday or Thursday; P4 prefers 火 or 木 (Tuesday, Thursday).
    assert_eq!(day_of("P1"), "2026-11-26");
    assert!(["2026-11-25", "2026-11-26"].contains(&day_of("P2").as_str()));
    assert_eq!(day_of("P4"), "2026-11-24");
    // P3 is due on Monday and prefers Wednesday: it is not made late for it.
    assert_eq!(day_of("P3"), "2026-11-23");

    // Without preferred days, P2 waits for its due date.
    let plain = dir.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    std::fs::copy(Path::new(PREFERRED).join("reps.csv"), plain.join("reps.csv")).unwrap();
    let mut accounts = std::fs::read_to_string(Path::new(PREFERRED).join("accounts.csv")).unwrap();
    for preferred in [",,Thu\n", ",,\"Wed,Thu\"\n", ",,Wed\n", ",,火 木\n"] {
        accounts = accounts.replace(preferred, ",,\n");
    }
    std::fs::write(plain.join("accounts.csv"), accounts).unwrap();
    let out = dir.path().join("plain.json");
    let run = run_ok(plain.to_str().unwrap(), &["--out", out.to_str().unwrap()]);
    assert!(!text(&run.stdout).contains("preferred"), "{}", text(&run.stdout));
    let days = visits(&read_json(&out));
    assert!(days[4].iter().any(|(_, a)| a == "P2"), "{days:?}");
}

#[test]
fn a_bad_preferred_day_names_its_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(Path::new(PREFERRED).join("reps.csv"), dir.path().join("reps.csv")).unwrap();
    let accounts = std::fs::read_to_string(Path::new(PREFERRED).join("accounts.csv")).unwrap();
    let bad = accounts.replace(",,Thu\n", ",,Tues\n").replace(",,Wed\n", ",,Sun\n");
    std::fs::write(dir.path().join("accounts.csv"), bad).unwrap();
    let msg = refused(dir.path().to_str().unwrap(), &[]);
    assert!(msg.contains("accounts.csv line 2, field `preferred_days`"), "{msg}");
    assert!(msg.contains("`Tues` is not a weekday"), "{msg}");
    assert!(msg.contains("accounts.csv line 4, field `preferred_days`"), "{msg}");
    assert!(msg.contains("`Sun` is preferred but the account is closed on Sun"), "{msg}");
}
