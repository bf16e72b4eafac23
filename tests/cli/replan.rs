//! `rounds replan` and `rounds record` as a user runs them on the sample
//! city region: an urgent visit that fits, one that pushes a due account to
//! tomorrow, a hand-over to the team, bad arguments, and a recorded day
//! feeding the next day's plan. Every new plan must pass `rounds check`.

use crate::common::{rounds, stdout_ok, text};
use crate::read_json;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use rounds::io::csv_region::read_region;
use rounds::model::time::parse_clock;
use rounds::travel::StraightLine;
use serde_json::Value;

const REGION: &str = "fixtures/regions/helsinki-city";
const DATE: &str = "2026-11-24";
/// Small search budgets keep every command well under a second.
const ITERATIONS: &str = "2000";

/// The sample day's plan in `dir`.
fn plan_day(dir: &Path) -> (PathBuf, Value) {
    let out = dir.join("plan.json");
    stdout_ok(&["plan", REGION, "--date", DATE, "--iterations", ITERATIONS, "--out", out.to_str().unwrap()]);
    let plan = read_json(&out);
    (out, plan)
}

fn sample_region() -> rounds::model::Region {
    read_region(
        Path::new(&format!("{REGION}/accounts.csv")),
        Path::new(&format!("{REGION}/reps.csv")),
        rounds::io::text::TextEncoding::Auto,
    )
    .unwrap()
}

fn replan(plan: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args =
        vec!["replan", "--plan", plan.to_str().unwrap(), REGION, "--iterations", ITERATIONS, "--out"];
    args.push(out.to_str().unwrap());
    args.extend_from_slice(extra);
    rounds(&args)
}

fn check(plan: &Path) {
    let stdout = stdout_ok(&["check", "--plan", plan.to_str().unwrap(), REGION]);
    assert!(stdout.contains(": valid: "), "{stdout}");
}

fn route<'p>(plan: &'p Value, rep: &str) -> &'p Value {
    plan["routes"].as_array().unwrap().iter().find(|r| r["rep"] == rep).unwrap()
}

fn stops(route: &Value) -> &Vec<Value> {
    route["stops"].as_array().unwrap()
}

fn clock(value: &Value) -> i64 {
    parse_clock(value.as_str().unwrap()).unwrap()
}

/// A rep of the test plan still visiting at 14:00 with the break still ahead
/// at 13:00: the rep the hold-ups in the afternoon happen to (whose shift
/// ends at 16:30 or 17:30). Taken from the plan rather than named, since which
/// rep's day runs late is the search's choice.
fn afternoon_rep(plan: &Value) -> String {
    let after = |value: &Value, time: &str| clock(value) >= parse_clock(time).unwrap();
    let late = plan["routes"].as_array().unwrap().iter().find(|route| {
        let stops = stops(route);
        stops.iter().any(|s| s.get("account").is_some() && after(&s["end"], "14:00"))
            && stops.iter().any(|s| s.get("break").is_some_and(|b| after(&b["start"], "13:00")))
    });
    late.expect("a rep of the test plan works through the afternoon")["rep"].as_str().unwrap().to_string()
}

fn changes<'p>(plan: &'p Value, kind: &str) -> Vec<&'p Value> {
    plan["changes"].as_array().unwrap().iter().filter(|c| c["change"] == kind).collect()
}

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, body).unwrap();
    path
}

/// An urgent shop in the middle of the city, open `window`, visited for `minutes`.
fn urgent(dir: &Path, id: &str, minutes: u32, window: &str, priority: &str) -> PathBuf {
    write(
        dir,
        &format!("{id}.csv"),
        &format!(
            "id,name,lat,lon,service_min,windows,every_days,priority\n\
             {id},Urgent {id},60.1685,24.9330,{minutes},{window},7,{priority}\n"
        ),
    )
}

#[test]
fn an_urgent_visit_that_fits_and_a_cancellation() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    // R1 is in the middle of a visit at 10:30; the last visit of the day is cancelled.
    let r1 = route(&plan, "R1");
    let now = parse_clock("10:30").unwrap();
    let at = stops(r1)
        .iter()
        .position(|s| s.get("account").is_some() && clock(&s["start"]) <= now && now < clock(&s["end"]))
        .expect("R1 visits someone at 10:30");
    let at_stop = stops(r1)[at]["account"].as_str().unwrap();
    let last = stops(r1).iter().rev().find_map(|s| s["account"].as_str()).unwrap();
    let urgent = urgent(dir.path(), "U1", 20, "12:00-15:00", "high");
    let out = dir.path().join("new.json");
    let geojson = dir.path().join("new.geojson");
    let sheet = dir.path().join("new.csv");
    let run = replan(
        &plan_path,
        &out,
        &[
            "--now",
            "10:30",
            "--rep",
            "R1",
            "--at-stop",
            at_stop,
            "--delay",
            "10",
            "--add",
            urgent.to_str().unwrap(),
            "--cancel",
            last,
            "--geojson",
            geojson.to_str().unwrap(),
            "--csv",
            sheet.to_str().unwrap(),
        ],
    );
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.contains("Changes: 1 added, 1 cancelled"), "{stdout}");
    // The spreadsheet names the urgent shop, which is in the plan, not in accounts.csv.
    let rows = fs::read_to_string(&sheet).unwrap();
    assert!(rows
        .lines()
        .any(|r| r.contains(",R1,") && r.contains(",visit,") && r.contains(",U1,Urgent U1,")));
    let cancelled = rows.lines().find(|r| r.contains(&format!(",not covered,,{last},")));
    let cancelled = cancelled.unwrap_or_else(|| panic!("{rows}"));
    assert!(cancelled.ends_with(",cancelled at 10:30"), "{cancelled}");
    // The map of the new plan shows the urgent visit where the plan has it.
    let map = read_json(&geojson);
    let urgent_point =
        map["features"].as_array().unwrap().iter().find(|f| f["properties"]["account"] == "U1");
    assert_eq!(urgent_point.expect("the urgent visit is on the map")["properties"]["rep"], "R1");
    assert!(stdout.contains("re-planned: goes on from here"), "{stdout}");

    let new = read_json(&out);
    let added = changes(&new, "added");
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["account"], "U1");
    assert!(added[0]["reason"].as_str().unwrap().starts_with("urgent (high priority): R1 at "), "{added:?}");
    assert_eq!(changes(&new, "cancelled")[0]["account"], last);
    assert_eq!(new["added_accounts"][0]["id"], "U1");
    assert!(new["unassigned"].as_array().unwrap().iter().any(|u| u["account"] == last));

    // What happened stays as it was; R1 goes on 10 minutes after the visit's planned end.
    let new_r1 = route(&new, "R1");
    assert_eq!(stops(new_r1)[..=at], stops(r1)[..=at]);
    let end = clock(&stops(r1)[at]["end"]);
    assert_eq!(new_r1["resumes"][0]["after_stops"], at + 1);
    assert_eq!(clock(&new_r1["resumes"][0]["time"]), end + 600);
    assert!(stops(new_r1).iter().any(|s| s["account"] == "U1"));
    assert!(!stops(new_r1).iter().any(|s| s["account"] == last));
    // Without --team nobody else's day changes.
    for other in plan["routes"].as_array().unwrap().iter().filter(|r| r["rep"] != "R1") {
        assert_eq!(route(&new, other["rep"].as_str().unwrap()), other);
    }
    check(&out);

    // The new plan carries U1, so it can be re-planned again; record leaves U1 out of the log.
    let again = dir.path().join("again.json");
    let run = replan(&out, &again, &["--now", "12:00", "--rep", "R1"]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    check(&again);
    let stdout = stdout_ok(&["record", "--plan", again.to_str().unwrap(), REGION, "--today", DATE]);
    assert!(
        stdout.contains("1 urgent visit to accounts added for the day (not in accounts.csv) is not recorded"),
        "{stdout}"
    );
    let log = fs::read_to_string(dir.path().join("visits.csv")).unwrap();
    assert!(!log.contains("U1"), "{log}");
}

#[test]
fn an_urgent_visit_that_pushes_a_due_account_to_tomorrow() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    // The rep with the least time to spare at the end of the day, who still has work after 12:00.
    let region = sample_region();
    let busiest = plan["routes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            stops(r).iter().filter(|s| s.get("account").is_some() && clock(&s["start"]) > 13 * 3600).count()
                >= 4
        })
        .min_by_key(|r| {
            let rep = region.reps.iter().find(|rep| rep.id == r["rep"]).unwrap();
            rep.shift.bounds().close_s - clock(&r["return"])
        })
        .expect("a rep busy all afternoon");
    let rep = busiest["rep"].as_str().unwrap();
    let urgent = urgent(dir.path(), "U2", 150, "12:30-17:30", "normal");
    let out = dir.path().join("new.json");
    let run = replan(&plan_path, &out, &["--now", "12:00", "--rep", rep, "--add", urgent.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));

    let new = read_json(&out);
    assert_eq!(changes(&new, "added")[0]["account"], "U2");
    let pushed = changes(&new, "to_tomorrow");
    assert!(!pushed.is_empty(), "a 2.5 h visit does not fit in {rep}'s full afternoon: {stdout}");
    for change in &pushed {
        let reason = change["reason"].as_str().unwrap();
        assert!(
            reason.contains("more minutes free") && reason.contains(&format!("; was {rep} at ")),
            "{reason}"
        );
        // Listed as not covered, with the same reason.
        let listed = new["unassigned"].as_array().unwrap().iter().find(|u| u["account"] == change["account"]);
        let listed = listed.expect("a due account left out is listed");
        assert!(reason.starts_with(listed["reason"].as_str().unwrap()), "{listed}");
    }
    assert!(stdout.contains("  to tomorrow  "), "{stdout}");
    check(&out);
    // The same changes in Japanese: each kind and reason in words, the counts as a Japanese list.
    let ja = dir.path().join("ja.json");
    let extra = ["--now", "12:00", "--rep", rep, "--add", urgent.to_str().unwrap(), "--lang", "ja"];
    let stdout = text(&replan(&plan_path, &ja, &extra).stdout);
    assert!(stdout.contains(&format!("変更: 追加 1件、翌日へ {}件", pushed.len())), "{stdout}");
    let line = stdout.lines().find(|l| l.starts_with("  翌日へ")).expect("a change to tomorrow");
    assert!(line.contains("担当者がいません (予定は ") && !line.contains("more minutes"), "{line}");
}

#[test]
fn a_rep_who_goes_home_hands_visits_to_the_team() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    let out = dir.path().join("new.json");
    let run = replan(&plan_path, &out, &["--now", "10:00", "--rep", "R2", "--end-day", "--team"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    let new = read_json(&out);

    let reassigned = changes(&new, "reassigned");
    assert!(!reassigned.is_empty(), "{stdout}");
    for change in &reassigned {
        let account = &change["account"];
        let now_with = plan_rep(&new, account).expect("a reassigned visit is in someone's day");
        assert_ne!(now_with, "R2");
        assert_eq!(plan_rep(&plan, account), Some("R2".to_string()));
    }
    // R2's day ends where R2 was at 10:00: nothing after the resume point.
    let r2 = route(&new, "R2");
    let resume = &r2["resumes"][0];
    assert_eq!(stops(r2).len(), resume["after_stops"].as_u64().unwrap() as usize);
    // Every visit R2 had left is now someone else's or explained.
    for account in stops(route(&plan, "R2")).iter().skip(stops(r2).len()).filter_map(|s| s.get("account")) {
        let moved = plan_rep(&new, account).is_some();
        let explained = new["unassigned"].as_array().unwrap().iter().any(|u| &u["account"] == account);
        assert!(moved || explained, "{account}");
    }
    // Reps who take nothing over keep their day exactly as it was.
    for old in plan["routes"].as_array().unwrap() {
        let rep = old["rep"].as_str().unwrap();
        let took_over =
            reassigned.iter().any(|c| c["reason"].as_str().unwrap().starts_with(&format!("{rep} at ")));
        if rep != "R2" && !took_over {
            assert_eq!(route(&new, rep), old, "{rep} took nothing over");
        }
    }
    check(&out);

    // Without --team nobody takes them, and the reason says so.
    let alone = dir.path().join("alone.json");
    let run = replan(&plan_path, &alone, &["--now", "10:00", "--rep", "R2", "--end-day"]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    let alone_plan = read_json(&alone);
    assert!(changes(&alone_plan, "reassigned").is_empty());
    let pushed = changes(&alone_plan, "to_tomorrow");
    assert!(!pushed.is_empty());
    assert!(
        pushed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("the manager's hand-over (or `replan --team`) gives it to the team"),
        "{pushed:?}"
    );
    check(&alone);
}

/// Which rep visits `account` in `plan`.
fn plan_rep(plan: &Value, account: &Value) -> Option<String> {
    plan["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| stops(r).iter().any(|s| &s["account"] == account))
        .map(|r| r["rep"].as_str().unwrap().to_string())
}

#[test]
fn bad_arguments_are_clear_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    let r2_first = stops(route(&plan, "R2")).iter().find_map(|s| s["account"].as_str()).unwrap().to_string();
    let taken = write(
        dir.path(),
        "taken.csv",
        "id,lat,lon,service_min,every_days\nU1,60.17,24.93,20,7\nA0001,60.17,24.93,20,7\n",
    );
    let malformed =
        write(dir.path(), "malformed.csv", "id,lat,lon,service_min,every_days\nU1,60.17,east,20,7\n");
    let ill = write(dir.path(), "ill.csv", &format!("rep,from,note\nR1,{DATE},flu\n"));
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["--now", "11:00", "--rep", "R9"], "rep R9 is not in the region (reps: R1, R2".into()),
        (vec!["--now", "07:00", "--rep", "R1"], "--now 07:00 is outside rep R1's shift (08:00-16:30)".into()),
        (vec!["--now", "17:45", "--rep", "R2"], "--now 17:45 is outside rep R2's shift (09:00-17:30)".into()),
        (
            vec!["--now", "11:00", "--rep", "R1", "--at-stop", "A0001", "--position", "60.17,24.93"],
            "cannot be used with".into(),
        ),
        (
            vec!["--now", "11:00", "--rep", "R1", "--at-stop", &r2_first],
            format!("--at-stop {r2_first}: rep R1's plan has no visit to it (rep R2 visits it)"),
        ),
        (
            vec!["--now", "11:00", "--rep", "R1", "--cancel", &r2_first],
            format!("--cancel {r2_first}: it is rep R2's visit; only rep R1's day changes without --team"),
        ),
        (
            vec!["--now", "11:00", "--rep", "R1", "--date", "2026-11-25"],
            "--date 2026-11-25 is not the plan's date (2026-11-24)".into(),
        ),
        (
            vec!["--now", "11:00", "--rep", "R1", "--add", taken.to_str().unwrap()],
            "taken.csv line 3, field `id`: `A0001` is already an account of the region".into(),
        ),
        (
            vec!["--now", "11:00", "--rep", "R1", "--add", malformed.to_str().unwrap()],
            "malformed.csv line 2, field `lon`: `east` is not a number".into(),
        ),
        (vec!["--now", "25:00", "--rep", "R1"], "`25:00` is not a time of day".into()),
        (
            vec!["--now", "11:00", "--rep", "R1", "--absences", ill.to_str().unwrap()],
            format!("rep R1 does not work on {DATE}: R1 is absent on {DATE} (flu)"),
        ),
    ];
    let out = dir.path().join("new.json");
    for (args, expected) in cases {
        let run = replan(&plan_path, &out, &args);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(&expected), "{args:?}: expected `{expected}` in {stderr}");
        assert!(!out.exists(), "{args:?} wrote a plan");
    }
}

#[test]
fn a_recorded_day_is_known_to_the_next_days_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    let visited: Vec<String> = plan["routes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| stops(r).iter().filter_map(|s| s["account"].as_str().map(String::from)))
        .collect();
    let skipped = visited[0].clone();
    let log = dir.path().join("visits.csv");

    let stdout = stdout_ok(&[
        "record",
        "--plan",
        plan_path.to_str().unwrap(),
        REGION,
        "--today",
        DATE,
        "--skipped",
        &skipped,
    ]);
    let appended = visited.len();
    assert!(
        stdout.contains(&format!(
            "{appended} visits appended ({} visited, 1 skipped), 0 already there",
            appended - 1
        )),
        "{stdout}"
    );
    let first = fs::read_to_string(&log).unwrap();
    assert_eq!(first.lines().count(), appended + 1);
    assert!(first.starts_with("account,date,rep,status\n"));
    assert!(first.contains(&format!("{skipped},{DATE},")) && first.contains(",skipped\n"));
    // Recording the same day again adds nothing.
    let stdout = stdout_ok(&[
        "record",
        "--plan",
        plan_path.to_str().unwrap(),
        REGION,
        "--today",
        DATE,
        "--log",
        log.to_str().unwrap(),
    ]);
    assert!(
        stdout.contains(&format!("0 visits appended (0 visited, 0 skipped), {appended} already there")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("{skipped} stays recorded as skipped")), "{stdout}");
    assert_eq!(fs::read_to_string(&log).unwrap(), first);
    // The same in Japanese.
    let plan_arg = plan_path.to_str().unwrap();
    let args = [
        "--lang",
        "ja",
        "record",
        "--plan",
        plan_arg,
        REGION,
        "--today",
        DATE,
        "--log",
        log.to_str().unwrap(),
    ];
    let stdout = stdout_ok(&args);
    let day = DATE.replace('-', "/");
    assert!(stdout.contains(&format!("{day}の訪問を {} に記録: 追記 0件", log.display())), "{stdout}");
    assert!(stdout.contains(&format!("  {skipped} は {day} に「見送り」と記録済みのままです")), "{stdout}");
    assert_eq!(fs::read_to_string(&log).unwrap(), first);

    // The next day: what was visited is not due again; the skipped account still is.
    let next = dir.path().join("next.json");
    let log_arg = log.to_str().unwrap();
    let with_log = stdout_ok(&[
        "plan",
        REGION,
        "--date",
        "2026-11-25",
        "--iterations",
        ITERATIONS,
        "--log",
        log_arg,
        "--out",
        next.to_str().unwrap(),
    ]);
    let without_log =
        stdout_ok(&["plan", REGION, "--date", "2026-11-25", "--iterations", ITERATIONS, "--quiet"]);
    let due = |stdout: &str| -> usize {
        let head = stdout.lines().next().unwrap();
        head.split(", ").find_map(|p| p.strip_suffix(" due accounts")).unwrap().parse().unwrap()
    };
    let region = sample_region();
    let open_tomorrow = visited[1..]
        .iter()
        .filter(|id| {
            let account = region.accounts.iter().find(|a| &&a.id == id).unwrap();
            account.hours.is_open_on(chrono::Weekday::Wed)
        })
        .count();
    assert_eq!(due(&without_log) - due(&with_log), open_tomorrow, "{with_log}\n{without_log}");
    let next_plan = read_json(&next);
    let planned: Vec<String> = next_plan["routes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| stops(r).iter().filter_map(|s| s["account"].as_str().map(String::from)))
        .chain(
            next_plan["unassigned"].as_array().unwrap().iter().map(|u| u["account"].as_str().unwrap().into()),
        )
        .collect();
    assert!(planned.contains(&skipped), "{skipped} was skipped, so still due");
    assert!(visited.iter().skip(1).all(|a| !planned.contains(a)));
    let checked = rounds(&["check", "--plan", next.to_str().unwrap(), REGION, "--log", log_arg]);
    assert!(checked.status.success(), "{}", text(&checked.stdout));

    // A line naming an unknown account is an error with its line number.
    fs::write(&log, format!("{first}A9999,{DATE},R1,visited\n")).unwrap();
    let run = rounds(&["plan", REGION, "--date", "2026-11-25", "--log", log_arg]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = text(&run.stderr);
    let line = appended + 2;
    assert!(
        stderr.contains(&format!(
            "visits.csv line {line}, field `account`: `A9999` is not an account of the region"
        )),
        "{stderr}"
    );
}

/// Held up at 14:00 until half an hour past the shift's close (16:30 or
/// 17:30), the rep cannot even drive home before it: the new plan sends them straight home with the
/// overtime declared, and the rest of their day goes to tomorrow, or with
/// `--team` to the others where they have room. Both plans pass `check`.
#[test]
fn a_rep_held_up_past_the_close_goes_home_with_overtime() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    let rep = afternoon_rep(&plan);
    let region = sample_region();
    let shift = region.reps[region.rep_index(&rep).unwrap()].shift_on(DATE.parse().unwrap()).unwrap();
    let close_s = shift.close_s;
    let delay_min = ((close_s - parse_clock("14:00").unwrap()) / 60 + 30).to_string();
    let visits = |route: &Value| stops(route).iter().filter(|s| s.get("account").is_some()).count();
    let planned = visits(route(&plan, &rep));
    for (name, extra, handed) in
        [("alone.json", &[][..], "to_tomorrow"), ("team.json", &["--end-day", "--team"][..], "reassigned")]
    {
        let out = dir.path().join(name);
        let mut args = vec!["--now", "14:00", "--rep", &rep, "--delay", &delay_min];
        args.extend_from_slice(extra);
        let run = replan(&plan_path, &out, &args);
        let stdout = text(&run.stdout);
        assert!(run.status.success(), "{name}: {stdout}{}", text(&run.stderr));
        check(&out);
        let new = read_json(&out);
        let held = route(&new, &rep);
        let overtime_s = held["overtime_seconds"].as_i64().expect("the rep declares overtime");
        assert_eq!(overtime_s, clock(&held["return"]) - close_s, "{name}: {held}");
        let resumed_after = held["resumes"][0]["after_stops"].as_u64().unwrap() as usize;
        assert!(stops(held).len() <= resumed_after + 1, "{name}: {rep} goes straight home: {held}");
        assert!(stdout.contains(" overtime), "), "{name}: {stdout}");
        // Every visit the rep no longer makes is handed on (with --team to
        // another rep where one has room, else to tomorrow), none is lost.
        // (A rep taking some over may have to leave one of their own.)
        let changes = new["changes"].as_array().cloned().unwrap_or_default();
        let count = |kind: &str| {
            changes.iter().filter(|c| c["change"] == kind && c["why"]["was"]["rep"] == rep.as_str()).count()
        };
        assert!(count(handed) > 0, "{name}: {stdout}");
        assert_eq!(visits(held) + count("reassigned") + count("to_tomorrow"), planned, "{name}: {stdout}");
    }
}

/// Held up past the start of an absence later in the day (a doctor's appointment
/// at 15:30), the rep goes straight home with the time past it declared as
/// overtime, as past the shift's close, and `check` given the absence accepts it.
/// The validator used to refuse that plan, so nothing was written.
#[test]
fn a_rep_held_up_past_an_absence_goes_home_with_overtime() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    let rep = afternoon_rep(&plan);
    let body = format!("rep,from,to,start,end,note\n{rep},{DATE},,15:30,18:00,doctor\n");
    let absences = write(dir.path(), "absences.csv", &body);
    let absences = absences.to_str().unwrap();
    let out = dir.path().join("new.json");
    let run = replan(
        &plan_path,
        &out,
        &["--now", "14:00", "--rep", &rep, "--delay", "120", "--absences", absences],
    );
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    let stdout = stdout_ok(&["check", "--plan", out.to_str().unwrap(), REGION, "--absences", absences]);
    assert!(stdout.contains(": valid: "), "{stdout}");
    let held = route(&read_json(&out), &rep).clone();
    let overtime_s = held["overtime_seconds"].as_i64().expect("the rep declares overtime");
    assert_eq!(overtime_s, clock(&held["return"]) - parse_clock("15:30").unwrap(), "{held}");
}

/// Held up at 13:00 for two and a half hours, past the break window's close
/// (13:30): the rep takes the break where they are stuck, inside its window, and
/// the day still fits the shift.
#[test]
fn a_rep_held_up_through_the_break_window_takes_the_break_there() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    let rep = afternoon_rep(&plan);
    let out = dir.path().join("new.json");
    let run = replan(&plan_path, &out, &["--now", "13:00", "--rep", &rep, "--delay", "150"]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    check(&out);
    let new = read_json(&out);
    let held = route(&new, &rep);
    let breaks: Vec<&Value> = stops(held).iter().filter(|s| s.get("break").is_some()).collect();
    assert_eq!(breaks.len(), 1, "{held}");
    let start_s = clock(&breaks[0]["break"]["start"]);
    assert!(start_s <= parse_clock("13:30").unwrap(), "{held}");
    assert!(held.get("overtime_seconds").is_none(), "{held}");
}

/// Held up at their second visit, every rep drives on as soon as they are
/// free: the first arrival after the resume is the resume time plus the
/// drive there. Leaving as late as the return allows is for leaving home;
/// on the road it turned the wait for the next opening into what the plan
/// table and the report's timeline show as driving (a rep free at 10:40
/// whose next visit is 18 s away was shown driving 14 minutes).
#[test]
fn a_rep_held_up_at_a_visit_drives_on_as_soon_as_free() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    let region = sample_region();
    let location =
        |account: &Value| region.accounts[region.account_index(account.as_str().unwrap()).unwrap()].location;
    let mut checked = 0;
    for held in plan["routes"].as_array().unwrap() {
        let rep = held["rep"].as_str().unwrap();
        let visits: Vec<&Value> = stops(held).iter().filter(|s| s.get("account").is_some()).collect();
        if visits.len() < 3 {
            continue;
        }
        let at = &visits[1];
        let minute = (clock(&at["start"]) + 60) / 60;
        let now = format!("{:02}:{:02}", minute / 60, minute % 60);
        for delay in ["10", "25"] {
            let out = dir.path().join(format!("{rep}-{delay}.json"));
            let run = replan(
                &plan_path,
                &out,
                &[
                    "--now",
                    &now,
                    "--rep",
                    rep,
                    "--at-stop",
                    at["account"].as_str().unwrap(),
                    "--delay",
                    delay,
                ],
            );
            assert!(run.status.success(), "{rep} {delay}: {}{}", text(&run.stdout), text(&run.stderr));
            check(&out);
            let new = read_json(&out);
            let route = route(&new, rep);
            let resume = &route["resumes"][0];
            let after = resume["after_stops"].as_u64().unwrap() as usize;
            let (Some(next), Some(from)) = (stops(route).get(after), stops(route)[..after].last()) else {
                continue;
            };
            if next.get("account").is_none() || from.get("account").is_none() {
                continue;
            }
            let (_, drive_s) =
                StraightLine::default().leg(location(&from["account"]), location(&next["account"]));
            assert_eq!(
                clock(&next["arrival"]),
                clock(&resume["time"]) + i64::from(drive_s),
                "{rep} held up {delay} min at {}: {route}",
                at["account"]
            );
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} re-plans drove on to a visit");
}

/// A delay that would keep the rep out past midnight is a wrong argument:
/// exit 2, naming `--delay` and the longest delay that fits, nothing written.
#[test]
fn a_delay_past_midnight_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, plan) = plan_day(dir.path());
    let rep = afternoon_rep(&plan);
    let out = dir.path().join("new.json");
    let run = replan(&plan_path, &out, &["--now", "13:00", "--rep", &rep, "--delay", "100000"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("--delay 100000 min keeps rep {rep} out past midnight")), "{stderr}");
    assert!(stderr.contains("the delay can be at most"), "{stderr}");
    assert!(!out.exists(), "{stderr}");
}
