//! Appointments as a user runs them on the Osaka sample over Silver Week
//! 2026 (`fixtures/calendar/osaka-appointments.csv`): A03 on Thursday
//! 24 September at 10:00 with R2, A05 on the holiday of Tuesday the 22nd
//! between 14:00 and 15:00 with R1, and A11 on Wednesday the 30th at 08:00
//! with R2, an hour before R2's shift starts, so it cannot be kept. Then
//! `rounds book`, and the appointments file's errors.

use crate::common::{rounds, text};
use crate::read_json;

use std::process::Output;

use serde_json::Value;

const OSAKA: &str = "fixtures/calendar/osaka";
const APPOINTMENTS: &str = "fixtures/calendar/osaka-appointments.csv";

/// `rounds ARGS` on the Osaka region with its appointments and Japan's holidays.
fn osaka(command: &str, args: &[&str]) -> Output {
    let mut all =
        vec![command, OSAKA, "--appointments", APPOINTMENTS, "--holidays", "jp", "--iterations", "200"];
    all.extend_from_slice(args);
    rounds(&all)
}

/// The visits of a plan object: (rep, account, arrival, start, end) in route order.
fn visits(plan: &Value) -> Vec<(String, String, String, String, String)> {
    let mut out = Vec::new();
    for route in plan["routes"].as_array().unwrap() {
        for stop in route["stops"].as_array().unwrap() {
            if stop.get("account").is_some() {
                let field = |name: &str| stop[name].as_str().unwrap().to_string();
                out.push((
                    route["rep"].as_str().unwrap().to_string(),
                    field("account"),
                    field("arrival"),
                    field("start"),
                    field("end"),
                ));
            }
        }
    }
    out
}

#[test]
fn plan_keeps_an_appointment_at_its_time_with_its_rep_for_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let run = osaka("plan", &["--date", "2026-09-24", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    let stdout = text(&run.stdout);
    assert!(stdout.contains("  1  10:00   10:00-10:45  A03"), "{stdout}");
    let kept: Vec<_> = visits(&read_json(&out)).into_iter().filter(|v| v.1 == "A03").collect();
    assert_eq!(kept.len(), 1);
    let (rep, _, arrival, start, end) = &kept[0];
    assert_eq!(
        (rep.as_str(), start.as_str(), end.as_str()),
        ("R2", "10:00:00", "10:45:00"),
        "45 min, not 30"
    );
    assert!(arrival.as_str() <= "10:00:00");
    // A05's appointment on the 22nd was its visit: it is not due again until the 29th.
    assert!(!visits(&read_json(&out)).iter().any(|v| v.1 == "A05"));

    let check = rounds(&[
        "check",
        "--plan",
        out.to_str().unwrap(),
        OSAKA,
        "--appointments",
        APPOINTMENTS,
        "--holidays",
        "jp",
    ]);
    assert!(check.status.success(), "{}{}", text(&check.stdout), text(&check.stderr));
}

#[test]
fn an_appointment_on_a_holiday_sends_out_its_rep_for_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let run = osaka("plan", &["--date", "2026-09-22", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    let stdout = text(&run.stdout);
    assert!(stdout.starts_with("2026-09-22 (Tue, a holiday: 国民の休日): 1 reps out"), "{stdout}");
    assert!(
        stdout.contains("A01: 2026-09-22 is a holiday (国民の休日); nobody is sent out on a holiday"),
        "{stdout}"
    );
    let plan = read_json(&out);
    let all = visits(&plan);
    assert_eq!(all.len(), 1, "{all:?}");
    let (rep, account, _, start, _) = &all[0];
    assert_eq!((rep.as_str(), account.as_str()), ("R1", "A05"));
    assert!(("14:00:00"..="15:00:00").contains(&start.as_str()), "{start}");
}

#[test]
fn an_appointment_that_cannot_be_kept_is_listed_with_the_reason_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let run = osaka("plan", &["--date", "2026-09-30", "--out", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1), "{}{}", text(&run.stdout), text(&run.stderr));
    let stdout = text(&run.stdout);
    assert!(
        stdout.contains(
            "Not covered today:\n  A11: appointment 2026-09-30 at 08:00 with R2 (開店前) cannot be kept: \
             the nearest rep (R2, working 09:00-18:00) cannot arrive before 09:08\n"
        ),
        "{stdout}"
    );
    assert!(
        text(&run.stderr).contains("1 appointment cannot be kept (A11 on 2026-09-30)"),
        "{}",
        text(&run.stderr)
    );
    let ja = osaka("plan", &["--date", "2026-09-30", "--lang", "ja"]);
    assert_eq!(ja.status.code(), Some(1));
    assert!(
        text(&ja.stderr)
            .contains("守れない訪問予約が 1件あります (A11 2026/09/30)。理由は計画に記載しています"),
        "{}",
        text(&ja.stderr)
    );
    // The plan itself is sound: written, and accepted by the validator.
    let plan = read_json(&out);
    assert!(plan["unassigned"].as_array().unwrap().iter().any(|u| u["account"] == "A11"));
    let check = rounds(&[
        "check",
        "--plan",
        out.to_str().unwrap(),
        OSAKA,
        "--appointments",
        APPOINTMENTS,
        "--holidays",
        "jp",
    ]);
    assert!(check.status.success(), "{}{}", text(&check.stdout), text(&check.stderr));
}

#[test]
fn check_rejects_a_plan_that_moves_an_appointment_or_drops_it_silently() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    assert!(osaka("plan", &["--date", "2026-09-24", "--out", out.to_str().unwrap()]).status.success());
    let original = std::fs::read_to_string(&out).unwrap();
    let check = |text: &str| {
        let edited = dir.path().join("edited.json");
        std::fs::write(&edited, text).unwrap();
        let args = [
            "check",
            "--plan",
            edited.to_str().unwrap(),
            OSAKA,
            "--appointments",
            APPOINTMENTS,
            "--holidays",
            "jp",
        ];
        rounds(&args)
    };
    // Arrive and start at 10:10 instead of 10:00.
    let moved = original.replace("\"10:00:00\"", "\"10:10:00\"").replace("\"10:45:00\"", "\"10:55:00\"");
    let run = check(&moved);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stdout).contains(
            "rep R2 starts the visit to A03 at 10:10:00 but the appointment 2026-09-24 at 10:00 with R2 (新商品の説明)"
        ),
        "{}",
        text(&run.stdout)
    );
}

#[test]
fn week_counts_an_appointment_as_the_accounts_visit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let run = osaka("week", &["--from", "2026-09-18", "--days", "5", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    let stdout = text(&run.stdout);
    assert!(
        stdout
            .contains("5 working days (2026-09-18 to 2026-09-29) and Tue 2026-09-22 for appointments only:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("holidays skipped: Mon 2026-09-21 敬老の日, Wed 2026-09-23 秋分の日\n"),
        "{stdout}"
    );
    let week = read_json(&out);
    let mut seen: Vec<(String, String, String, String)> = Vec::new();
    for day in week["days"].as_array().unwrap() {
        let date = day["date"].as_str().unwrap().to_string();
        for (rep, account, _, start, _) in visits(day) {
            if account == "A03" || account == "A05" {
                seen.push((date.clone(), rep, account, start));
            }
        }
    }
    // A03 falls due on the 22nd and A05 on the 21st; each is visited at its
    // appointment and not before (A05 again from the 27th, a week later, less
    // the two days a visit may come early).
    seen.retain(|v| v.0.as_str() < "2026-09-27");
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].0, "2026-09-22");
    assert_eq!((seen[0].1.as_str(), seen[0].2.as_str()), ("R1", "A05"));
    assert_eq!(seen[1], ("2026-09-24".into(), "R2".into(), "A03".into(), "10:00:00".into()));
    let late: Vec<&str> =
        week["late"].as_array().unwrap().iter().map(|l| l["account"].as_str().unwrap()).collect();
    assert!(!late.contains(&"A03") && !late.contains(&"A05"), "{late:?}");
    // A11's appointment after the horizon is its next visit: it waits, and says so.
    assert!(
        stdout.contains(
            "A11 due 2026-09-22, not in these days: waits for its appointment 2026-09-30 at 08:00 with R2"
        ),
        "{stdout}"
    );
}

#[test]
fn replan_keeps_an_appointment_later_in_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    let out = dir.path().join("replanned.json");
    assert!(osaka("plan", &["--date", "2026-09-24", "--out", plan.to_str().unwrap()]).status.success());
    let run = rounds(&[
        "replan",
        "--plan",
        plan.to_str().unwrap(),
        OSAKA,
        "--appointments",
        APPOINTMENTS,
        "--holidays",
        "jp",
        "--now",
        "09:00",
        "--rep",
        "R2",
        "--cancel",
        "A12",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    let kept: Vec<_> = visits(&read_json(&out)).into_iter().filter(|v| v.1 == "A03").collect();
    assert_eq!(kept.len(), 1);
    assert_eq!((kept[0].0.as_str(), kept[0].3.as_str()), ("R2", "10:00:00"));
}

#[test]
fn book_offers_the_slots_that_add_the_least_driving() {
    let book = |extra: &[&str]| {
        let mut args = vec![
            "book",
            "A12",
            OSAKA,
            "--appointments",
            APPOINTMENTS,
            "--holidays",
            "jp",
            "--from",
            "2026-09-24",
            "--days",
            "3",
            "--iterations",
            "200",
        ];
        args.extend_from_slice(extra);
        rounds(&args)
    };
    let run = book(&[]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    assert_eq!(text(&run.stdout), BOOK_TABLE);
    let json = book(&["--json", "--top", "2", "--duration", "60"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    let value: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["account"], "A12");
    assert_eq!(value["duration_min"], 60);
    let slots = value["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 2);
    let extra: Vec<i64> = slots.iter().map(|s| s["extra_drive_min"].as_i64().unwrap()).collect();
    assert!(extra[0] <= extra[1], "{extra:?}");
    assert!(slots.iter().all(|s| s["earliest"].as_str() <= s["latest"].as_str()));
    assert_eq!(
        text(&book(&["--json", "--top", "2", "--duration", "60"]).stdout),
        text(&json.stdout),
        "deterministic"
    );

    let unknown = rounds(&["book", "A99", OSAKA, "--from", "2026-09-24"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown.stderr).contains("`A99` is not an account of the region"),
        "{}",
        text(&unknown.stderr)
    );
}

/// `rounds book A12` over the 24th, 25th and 28th: on the 24th R2 passes by
/// anyway (A12 is due and in R2's day), R1 makes a detour; on the 25th R1's
/// day is short.
const BOOK_TABLE: &str = "\
best slots for A12 森ノ宮書店 (25 min visit) in 3 working days (2026-09-24 to 2026-09-28), fewest extra driving first:
   #  date              start        rep    name                 extra driving
   1  2026-09-24 (Thu)  11:27-11:56  R2     佐藤 花子                   +0 min
   2  2026-09-24 (Thu)  10:00-10:45  R1     山田 太郎                  +10 min
   3  2026-09-25 (Fri)  10:00-13:05  R1     山田 太郎                  +17 min
checked: each slot's day, planned as `rounds week` plans it (seed 1) with the visit booked, passes the independent check
";

#[test]
fn appointments_file_errors_name_file_line_and_field_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("appointments.csv");
    std::fs::write(
        &file,
        "account,date,start,window,rep,duration_min\n\
         A99,2026-09-24,10:00,,,\n\
         A03,24/09/2026,10:00,,,\n\
         A03,2026-09-25,10:70,,,\n\
         A03,2026-09-28,10:00,10:00-11:00,,\n\
         A06,2026-09-24,10:00,,R2,\n\
         A01,2026-09-24,10:00,,R9,\n\
         A01,2026-09-25,10:00,,,0\n\
         A02,2026-09-24,10:00,,,\n\
         A02,2026-09-24,15:00,,,\n",
    )
    .unwrap();
    let out = dir.path().join("plan.json");
    let run = rounds(&[
        "plan",
        OSAKA,
        "--appointments",
        file.to_str().unwrap(),
        "--date",
        "2026-09-24",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = text(&run.stderr);
    assert!(stderr.starts_with("error: cannot read the appointments: 8 problems found:"), "{stderr}");
    for expected in [
        "appointments.csv line 2, field `account`: `A99` is not an account of the region",
        "appointments.csv line 3, field `date`: `24/09/2026` is not a date",
        "appointments.csv line 4, field `start`: `10:70`",
        "appointments.csv line 5, field `window`: both `start` and `window` are given; give one of them",
        "appointments.csv line 6, field `rep`: `R2` may not visit A06: only R1 may (its territory)",
        "appointments.csv line 7, field `rep`: `R9` is not a rep of the region (reps: R1, R2; or a rep's name)",
        "appointments.csv line 8, field `duration_min`: `0`",
        "appointments.csv line 10, field `date`: A02 already has an appointment on 2026-09-24 (line 9); one appointment per account and day",
    ] {
        assert!(stderr.contains(expected), "{expected}\nnot in\n{stderr}");
    }
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_week_asked_from_a_holiday_keeps_that_days_appointment() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let run = osaka("week", &["--from", "2026-09-22", "--days", "3", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    assert!(
        text(&run.stdout)
            .contains("3 working days (2026-09-22 to 2026-09-28) and Tue 2026-09-22 for appointments only:"),
        "{}",
        text(&run.stdout)
    );
    let week = read_json(&out);
    let first = &week["days"][0];
    assert_eq!(first["date"], "2026-09-22");
    let kept: Vec<String> = visits(first).into_iter().map(|v| v.1).collect();
    assert_eq!(kept, ["A05"]);
}

#[test]
fn territories_plan_every_split_with_the_appointments_kept_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("split.csv");
    let args = |command: &'static str| {
        vec![
            "territories",
            command,
            OSAKA,
            "--appointments",
            APPOINTMENTS,
            "--holidays",
            "jp",
            "--from",
            "2026-09-18",
        ]
    };
    let mut propose = args("propose");
    propose.extend(["--out", split.to_str().unwrap()]);
    let run = rounds(&propose);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    let named = format!("proposed={}", split.display());
    let mut compare = args("compare");
    compare.extend(["--current", "--split", named.as_str(), "--weeks", "1", "--iterations", "200"]);
    let run = rounds(&compare);
    assert!(run.status.success(), "{}{}", text(&run.stdout), text(&run.stderr));
    assert!(text(&run.stdout).contains("checked: every day of every split holds"), "{}", text(&run.stdout));
}
