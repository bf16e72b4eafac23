//! Opening hours and shifts by weekday, and dated closures, as a user runs
//! them on `fixtures/calendar/hours`: a flower shop open 10:00-14:00 on
//! Saturdays, a rep whose Friday ends at noon, a shop closed two weeks for
//! renovation and one closed a week for inventory; and the errors of each
//! new input.

use crate::common::{rounds, run_ok, text};

use std::path::{Path, PathBuf};

use serde_json::Value;

const HOURS: &str = "fixtures/calendar/hours";

/// `rounds plan REGION --date DATE`, its JSON and its terminal output.
fn plan(region: &str, date: &str, extra: &[&str]) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let mut args =
        vec!["plan", region, "--date", date, "--iterations", "200", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = run_ok(&args);
    (serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap(), text(&run.stdout))
}

fn clock(value: &Value) -> i64 {
    let text = value.as_str().unwrap();
    let parts: Vec<i64> = text.split(':').map(|p| p.parse().unwrap()).collect();
    parts[0] * 3600 + parts[1] * 60 + parts.get(2).copied().unwrap_or(0)
}

fn route<'a>(plan: &'a Value, rep: &str) -> Option<&'a Value> {
    plan["routes"].as_array().unwrap().iter().find(|r| r["rep"] == rep)
}

/// The visit to `account` in `plan`, if any.
fn visit<'a>(plan: &'a Value, account: &str) -> Option<&'a Value> {
    plan["routes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["stops"].as_array().unwrap())
        .find(|s| s["account"] == account)
}

fn reason<'a>(plan: &'a Value, account: &str) -> Option<&'a str> {
    plan["unassigned"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account"] == account)
        .map(|u| u["reason"].as_str().unwrap())
}

#[test]
fn saturday_opening_hours_and_a_saturday_shift_are_honoured() {
    // Saturday 5 December: only R1 works (R2's shift is Mon-Fri); the flower
    // shop opens at 10:00 on Saturdays (09:00 on weekdays); the office is
    // closed, so it is neither visited nor listed.
    let (sat, _) = plan(HOURS, "2026-12-05", &[]);
    assert!(route(&sat, "R2").is_none(), "{sat:#}");
    let r1 = route(&sat, "R1").expect("R1 works Saturdays");
    assert!(clock(&r1["depart"]) >= 9 * 3600 && clock(&r1["return"]) <= 14 * 3600, "{r1:#}");
    let s1 = visit(&sat, "S1").expect("the flower shop is visited");
    assert!(clock(&s1["start"]) >= 10 * 3600 && clock(&s1["end"]) <= 14 * 3600, "{s1:#}");
    assert!(visit(&sat, "W1").is_none() && reason(&sat, "W1").is_none(), "{sat:#}");

    // On a weekday the same shop is visited inside its weekday hours, 09:00-17:00.
    let (fri, _) = plan(HOURS, "2026-12-04", &[]);
    let s1 = visit(&fri, "S1").expect("visited on Friday");
    assert!(clock(&s1["start"]) >= 9 * 3600 && clock(&s1["end"]) <= 17 * 3600, "{s1:#}");
}

#[test]
fn the_week_counts_a_saturday_someone_works_and_plans_it_for_that_rep_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let args = ["week", HOURS, "--from", "2026-12-05", "--days", "3", "--iterations", "200"];
    run_ok(&[&args[..], &["--out", out.to_str().unwrap()]].concat());
    let week: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let days = week["days"].as_array().unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-12-05", "2026-12-07", "2026-12-08"], "Saturday counts, Sunday does not");
    // Saturday: only R1 (whose shift names Sat) is out, only to its own
    // accounts open on Saturday: the flower shop, from its Saturday opening at
    // 10:00. The café A1, open on Saturdays too, is R2's account: listed with
    // the reason, it waits for Monday. The accounts closed on Saturday are
    // neither visited nor listed.
    let sat = &days[0];
    let reps: Vec<&str> =
        sat["routes"].as_array().unwrap().iter().map(|r| r["rep"].as_str().unwrap()).collect();
    assert_eq!(reps, ["R1"], "{sat:#}");
    let visited: Vec<&str> =
        sat["routes"][0]["stops"].as_array().unwrap().iter().filter_map(|s| s["account"].as_str()).collect();
    assert_eq!(visited, ["S1"], "{sat:#}");
    assert!(clock(&visit(sat, "S1").unwrap()["start"]) >= 10 * 3600, "{sat:#}");
    assert_eq!(
        reason(sat, "A1"),
        Some("R2 does not work on Sat 2026-12-05 (only R1 does); it waits for their next working day")
    );
    assert_eq!(sat["unassigned"].as_array().unwrap().len(), 1, "{sat:#}");
    for account in ["A1", "W1", "P1"] {
        assert!(visit(&days[1], account).is_some(), "{account} on Monday: {:#}", days[1]);
    }
}

#[test]
fn a_friday_short_shift_is_honoured_and_named_in_the_reason() {
    // P1 opens only in the afternoon and only R1 may visit it: on Thursday
    // R1 works until 16:30 and goes; on Friday R1's day ends at noon.
    let (thu, _) = plan(HOURS, "2026-12-03", &[]);
    assert!(clock(&visit(&thu, "P1").expect("visited on Thursday")["start"]) >= 13 * 3600);
    let (fri, stdout) = plan(HOURS, "2026-12-04", &[]);
    assert!(clock(&route(&fri, "R1").unwrap()["return"]) <= 12 * 3600, "{fri:#}");
    assert!(visit(&fri, "P1").is_none());
    let why = reason(&fri, "P1").expect("P1 is listed as not covered");
    assert!(why.ends_with("(only R1 may visit it); R1's shift on Fri is 08:00-12:00"), "{why}");
    assert!(stdout.contains("R1's shift on Fri is 08:00-12:00"), "{stdout}");
}

#[test]
fn reasons_speak_the_language_of_the_tables() {
    // Saturday's A1 waits for its rep's next working day: the week table
    // gives the reason in the language asked for, the week file in English.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let args = ["week", HOURS, "--from", "2026-12-05", "--days", "1", "--iterations", "200"];
    let ja = text(&run_ok(&[&args[..], &["--lang", "ja", "--out", out.to_str().unwrap()]].concat()).stdout);
    assert!(
        ja.contains(
            "未訪問: A1: R2は12月5日(土)に勤務しません (勤務するのはR1のみ)。次の勤務日まで待ちます\n"
        ),
        "{ja}"
    );
    let week: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        reason(&week["days"][0], "A1"),
        Some("R2 does not work on Sat 2026-12-05 (only R1 does); it waits for their next working day")
    );
    let en = text(&run_ok(&[&args[..], &["--lang", "en"]].concat()).stdout);
    assert!(
        en.contains(
            "not covered: A1: R2 does not work on Sat 2026-12-05 (only R1 does); it waits for their next working day\n"
        ),
        "{en}"
    );

    // The day table too: a closure, and a shift shorter on Friday.
    let (_, tue) = plan(HOURS, "2026-12-08", &["--lang", "ja"]);
    assert!(tue.contains("  C2: C2は12月7日(月)〜12月11日(金)休業 (inventory)\n"), "{tue}");
    let (fri, stdout) = plan(HOURS, "2026-12-04", &["--lang", "ja"]);
    assert!(reason(&fri, "P1")
        .unwrap()
        .ends_with("(only R1 may visit it); R1's shift on Fri is 08:00-12:00"));
    assert!(stdout.contains(" (R1のみ訪問可)。R1の金曜日の勤務は8:00〜12:00\n"), "{stdout}");
}

#[test]
fn a_closure_keeps_a_due_account_out_with_its_reason() {
    let (tue, stdout) = plan(HOURS, "2026-12-08", &[]);
    assert!(visit(&tue, "C2").is_none(), "{tue:#}");
    assert_eq!(reason(&tue, "C2"), Some("C2 is closed 2026-12-07 to 2026-12-11: inventory"));
    assert!(stdout.contains("  C2: C2 is closed 2026-12-07 to 2026-12-11: inventory\n"), "{stdout}");

    // The same region without its closures.csv visits it; `--closures` names the file instead.
    let dir = tempfile::tempdir().unwrap();
    let region = copy_region(dir.path(), &["accounts.csv", "reps.csv"]);
    let (open, _) = plan(&region, "2026-12-08", &[]);
    assert!(visit(&open, "C2").is_some(), "{open:#}");
    let closures = format!("{HOURS}/closures.csv");
    let (closed, _) = plan(&region, "2026-12-08", &["--closures", &closures]);
    assert!(visit(&closed, "C2").is_none() && reason(&closed, "C2").is_some(), "{closed:#}");
}

#[test]
fn the_week_plans_around_closures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    // 13 working days: the Saturdays count, since R1 works them.
    let args = ["week", HOURS, "--from", "2026-11-30", "--days", "13", "--iterations", "200"];
    let run = run_ok(&[&args[..], &["--out", out.to_str().unwrap()]].concat());
    let week: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let days = week["days"].as_array().unwrap();
    let visited_on = |account: &str| -> Vec<&str> {
        days.iter().filter(|d| visit(d, account).is_some()).map(|d| d["date"].as_str().unwrap()).collect()
    };
    // C1 (every 14 days) falls due on 9 December, inside its renovation:
    // visited before it, within half its interval, and not during it.
    assert_eq!(visited_on("C1").len(), 1, "{week:#}");
    assert!(("2026-12-02".."2026-12-07").contains(&visited_on("C1")[0]), "{:?}", visited_on("C1"));
    // C2 (every 7 days) falls due on 8 December, inside its inventory week,
    // with no open day before: listed on each closed day, visited after.
    assert!(visited_on("C2").iter().all(|d| !("2026-12-07"..="2026-12-11").contains(d)), "{week:#}");
    assert!(visited_on("C2").contains(&"2026-12-14"), "{:?}", visited_on("C2"));
    for day in days.iter().filter(|d| ("2026-12-08"..="2026-12-11").contains(&d["date"].as_str().unwrap())) {
        assert_eq!(reason(day, "C2"), Some("C2 is closed 2026-12-07 to 2026-12-11: inventory"), "{day:#}");
    }
    assert_eq!(
        week["late"],
        serde_json::json!([{"account": "C2", "due": "2026-12-08", "planned": "2026-12-14",
                            "reason": "C2 is closed 2026-12-07 to 2026-12-11: inventory",
                            "why": {"code": "closure", "closure": {"account": "C2", "from": "2026-12-07",
                                                                     "to": "2026-12-11", "note": "inventory"}}}])
    );
    assert!(
        text(&run.stdout).contains(
            "C2 due 2026-12-08, planned 2026-12-14: C2 is closed 2026-12-07 to 2026-12-11: inventory"
        ),
        "{}",
        text(&run.stdout)
    );
}

/// Copies `files` of the fixture region into `dir`; returns `dir` as text.
fn copy_region(dir: &Path, files: &[&str]) -> String {
    for file in files {
        std::fs::copy(Path::new(HOURS).join(file), dir.join(file)).unwrap();
    }
    dir.to_str().unwrap().to_string()
}

/// The fixture region in `dir` with `from` replaced by `to` in `file`.
fn region_with(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    copy_region(dir, &["accounts.csv", "reps.csv", "closures.csv"]);
    let path = dir.join(file);
    let contents = std::fs::read_to_string(&path).unwrap();
    assert!(contents.contains(from), "{from} not in {file}");
    std::fs::write(&path, contents.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn errors_in_hours_shifts_and_closures_name_file_line_and_field_and_write_nothing() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "accounts.csv",
            "Mon-Fri 09:00-17:00; Sat 10:00-14:00",
            "Mon-Fri 09:00-17:00; Sonntag 10:00-14:00",
            "accounts.csv line 2, field `windows`: `Sonntag` is not a weekday",
        ),
        (
            "accounts.csv",
            "Mon-Fri 08:00-16:00",
            "Mon-Fri 08:00-12:00 11:00-16:00",
            "accounts.csv line 3, field `windows`: opening hours 08:00-12:00 and 11:00-16:00 overlap",
        ),
        (
            "accounts.csv",
            "Mon-Fri 13:00-17:00",
            "Mon-Fri 17:00-13:00",
            "accounts.csv line 6, field `windows`: `17:00-13:00` ends before it starts",
        ),
        (
            "accounts.csv",
            "Mon-Fri 08:00-16:00",
            "Fri-Mon 08:00-16:00",
            "accounts.csv line 3, field `windows`: `Fri-Mon` runs backwards",
        ),
        (
            "reps.csv",
            "Fri 08:00-12:00",
            "Fri 14:00-08:00",
            "reps.csv line 2, field `shift`: `14:00-08:00` ends before it starts",
        ),
        (
            "reps.csv",
            "Mon-Fri 08:00-16:30",
            "Mon-Fri 08:00-16:30; Tue 09:00-12:00",
            "reps.csv line 3, field `shift`: Tue is named twice",
        ),
        (
            "closures.csv",
            "C1,2026-12-07",
            "C1,2026-12-32",
            "closures.csv line 2, field `from`: `2026-12-32` is not a date",
        ),
        (
            "closures.csv",
            "2026-12-18",
            "2026-12-06",
            "closures.csv line 2, field `to`: the last day 2026-12-06 is before the first day 2026-12-07",
        ),
        (
            "closures.csv",
            "C2,",
            "X9,",
            "closures.csv line 3, field `account`: `X9` is not an account of the region",
        ),
    ];
    for (k, (file, from, to, expected)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        region_with(dir.path(), file, from, to);
        let out = dir.path().join("plan.json");
        let run = rounds(&[
            "plan",
            dir.path().to_str().unwrap(),
            "--date",
            "2026-12-08",
            "--out",
            out.to_str().unwrap(),
        ]);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "case {k}: {stderr}");
        assert!(stderr.contains(expected), "case {k}: expected `{expected}` in: {stderr}");
        assert!(!out.exists(), "case {k}: no plan is written");
    }
}

#[test]
fn replan_holds_the_rep_to_the_days_shift() {
    let dir = tempfile::tempdir().unwrap();
    for (date, now, rep, expected) in [
        ("2026-12-04", "13:00", "R1", "--now 13:00 is outside rep R1's shift (08:00-12:00)"),
        ("2026-12-05", "09:30", "R2", "rep R2 does not work on Sat 2026-12-05 (shift Mon-Fri 08:00-16:30)"),
    ] {
        let planned = dir.path().join(format!("plan-{date}.json"));
        run_ok(&["plan", HOURS, "--date", date, "--iterations", "200", "--out", planned.to_str().unwrap()]);
        let out = dir.path().join("replanned.json");
        let run = rounds(&[
            "replan",
            HOURS,
            "--plan",
            planned.to_str().unwrap(),
            "--now",
            now,
            "--rep",
            rep,
            "--out",
            out.to_str().unwrap(),
        ]);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "expected `{expected}` in: {stderr}");
        assert!(!out.exists());
    }
    // Within R1's Friday: the rest of the day is re-planned and checked.
    let planned = dir.path().join("plan-2026-12-04.json");
    let out = dir.path().join("replanned.json");
    run_ok(&[
        "replan",
        HOURS,
        "--plan",
        planned.to_str().unwrap(),
        "--now",
        "09:00",
        "--rep",
        "R1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let replanned: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(clock(&route(&replanned, "R1").unwrap()["return"]) <= 12 * 3600, "{replanned:#}");
}
