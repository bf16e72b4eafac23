//! What the team reads and carries: the adherence report over a visit log,
//! the reps' calendar files (`--ics`, read back with the `icalendar` crate),
//! the `address` column in every output, and the tables in Japanese
//! (`--lang ja`) with Japanese names lined up.
//!
//! Everything runs on `fixtures/calendar/osaka` (12 accounts with Japanese
//! names and addresses, 2 reps) and its four weeks of visit log,
//! `fixtures/calendar/osaka/visits.csv`.

use crate::common::{rounds, text};
use crate::read_json;

use std::path::Path;
use std::process::{Command, Output};

use chrono::{NaiveDate, NaiveTime, TimeZone};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const OSAKA: &str = "fixtures/calendar/osaka";
const LOG: &str = "fixtures/calendar/osaka/visits.csv";
const DAY: &str = "2026-12-01";

fn report(extra: &[&str]) -> Output {
    let mut args = vec!["report", OSAKA, "--log", LOG, "--from", "2026-11-02", "--to", "2026-11-27"];
    args.extend_from_slice(extra);
    rounds(&args)
}

#[test]
fn report_counts_the_log_per_rep_and_lists_the_overdue_worst_first() {
    let run = report(&[]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    let expected = "\
osaka: visits from 2026-11-02 to 2026-11-27
Team: 29 planned, 26 done, 3 skipped (89.7% done); 6 of 12 accounts seen within their interval (50.0%)

Per rep (an account is its territory's rep's, else the rep of its latest visit in the log):
  rep    name                   planned   done skipped  done % accounts in interval  overdue
  R1     山田 太郎                   20     19       1   95.0%        6           5        0
  R2     佐藤 花子                    9      7       2   77.8%        5           1        2
  team                               29     26       3   89.7%       12           6        3

Overdue on 2026-11-27 (Fri), worst first:
  account  name                   rep    last visit due         every days overdue
  A10      十三文具店             -      never      -            14 d never visited
  A12      森ノ宮書店             R2     2026-10-21 2026-11-04   14 d           23
  A09      弁天町電器             R2     2026-10-08 2026-11-05   28 d           22
";
    assert_eq!(stdout, expected);

    let json: Value = serde_json::from_str(&text(&report(&["--json"]).stdout)).unwrap();
    assert_eq!(json["visits"], serde_json::json!({"planned": 29, "done": 26, "skipped": 3}));
    assert_eq!(json["accounts"], serde_json::json!({"accounts": 12, "in_interval": 6, "overdue": 3}));
    assert_eq!(json["overdue"][1]["account"], "A12");
    assert_eq!(json["overdue"][1]["days_overdue"], 23);
    assert_eq!(json["overdue"][1]["address"], "大阪府大阪市中央区森ノ宮中央1-9-4");
    assert_eq!(json["overdue"][0]["days_overdue"], Value::Null, "never visited");
}

#[test]
fn report_html_is_a_page_of_its_own_and_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let run = report(&["--html", page.to_str().unwrap(), "--lang", "ja"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(html.contains("<title>osaka: 訪問実績 2026年11月2日(月)〜2026年11月27日(金)</title>"));
    assert!(html.contains("<table class=\"reps\">"));
    assert_eq!(html.matches("<tr><td><span class=\"swatch\"").count(), 2, "a row per rep");
    let overdue = html.split("<table class=\"overdue\">").nth(1).unwrap();
    assert_eq!(overdue.split("</table>").next().unwrap().matches("<tr><td>").count(), 3);
    assert!(overdue.contains("<td>森ノ宮書店</td><td>大阪府大阪市中央区森ノ宮中央1-9-4</td><td>R2</td>"));
    assert!(!html.contains("http://") && !html.contains("https://"), "no outside asset");

    let before = std::fs::read(LOG).unwrap();
    let run = report(&["--html", LOG]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    assert!(text(&run.stderr).contains("visits.csv"), "{}", text(&run.stderr));
    assert_eq!(std::fs::read(LOG).unwrap(), before);
}

#[test]
fn report_refuses_bad_periods_and_bad_log_lines_with_where() {
    let run = rounds(&["report", OSAKA, "--log", LOG, "--from", "2026-11-27", "--to", "2026-11-02"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("out of range; expected days in a report"), "{}", text(&run.stderr));
    let run = rounds(&["report", OSAKA, "--from", "2026-11-02", "--to", "2026-11-27"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("--log visits.csv"), "{}", text(&run.stderr));

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("visits.csv");
    std::fs::write(&log, "account,date,rep,status\nA01,2026-11-02,R1,visited\nA99,2026-11-03,R1,visited\nA02,2026-11-31,R2,done\n")
        .unwrap();
    let run = rounds(&[
        "report",
        OSAKA,
        "--log",
        log.to_str().unwrap(),
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-27",
    ]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("visits.csv line 3, field `account`: `A99` is not an account"), "{stderr}");
    assert!(stderr.contains("visits.csv line 4, field `date`"), "{stderr}");
    assert!(run.stdout.is_empty(), "no partial report");
}

/// `rounds` with the calendar's stamp fixed, so two runs give the same bytes.
fn rounds_stamped(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("SOURCE_DATE_EPOCH", "1764486000")
        .output()
        .expect("rounds runs")
}

/// Every event of a calendar file: (UID, start, end, summary, location, description).
type Event =
    (String, chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>, String, Option<String>, String);

fn events(path: &Path) -> Vec<Event> {
    let utc = |time: Option<DatePerhapsTime>| match time {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(time))) => time,
        other => panic!("{}: not a UTC time: {other:?}", path.display()),
    };
    calendar_events(path)
        .into_iter()
        .filter(|e| !matches!(e.get_start(), Some(DatePerhapsTime::Date(_))))
        .map(|e| {
            (
                e.get_uid().unwrap().to_string(),
                utc(e.get_start()),
                utc(e.get_end()),
                e.get_summary().unwrap().to_string(),
                e.get_location().map(str::to_string),
                e.get_description().unwrap().to_string(),
            )
        })
        .collect()
}

/// The events of a calendar file, as the `icalendar` crate reads them.
fn calendar_events(path: &Path) -> Vec<icalendar::Event> {
    let calendar: Calendar = std::fs::read_to_string(path).unwrap().parse().unwrap();
    calendar
        .components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .collect()
}

/// The all-day events of a calendar file: `(uid, date, summary, description)`.
fn days_without_visits(path: &Path) -> Vec<(String, NaiveDate, String, Option<String>)> {
    calendar_events(path)
        .into_iter()
        .filter_map(|e| match e.get_start() {
            Some(DatePerhapsTime::Date(date)) => {
                assert_eq!(e.get_end(), Some(DatePerhapsTime::Date(date.succ_opt().unwrap())));
                assert_eq!(e.property_value("TRANSP"), Some("TRANSPARENT"), "free time");
                let description = e.get_description().map(str::to_string);
                Some((
                    e.get_uid().unwrap().to_string(),
                    date,
                    e.get_summary().unwrap().to_string(),
                    description,
                ))
            }
            _ => None,
        })
        .collect()
}

/// The plan's visit at `clock` (`HH:MM:SS`) on `date` in Osaka, in UTC.
fn osaka_time(date: NaiveDate, clock: &str) -> chrono::DateTime<chrono::Utc> {
    let local = date.and_time(NaiveTime::parse_from_str(clock, "%H:%M:%S").unwrap());
    chrono_tz::Asia::Tokyo.from_local_datetime(&local).unwrap().with_timezone(&chrono::Utc)
}

#[test]
fn ics_files_hold_one_event_per_visit_at_the_planned_time() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, ics) = (dir.path().join("plan.json"), dir.path().join("calendars"));
    let args = ["plan", OSAKA, "--date", DAY, "--tz", "Asia/Tokyo", "--out", plan.to_str().unwrap()];
    let run = rounds_stamped(&[&args[..], &["--ics", ics.to_str().unwrap()]].concat());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let plan = read_json(&plan);
    let accounts = rounds::io::csv_region::read_accounts(
        &Path::new(OSAKA).join("accounts.csv"),
        rounds::io::text::TextEncoding::Auto,
    )
    .unwrap();
    let date: NaiveDate = DAY.parse().unwrap();
    for route in plan["routes"].as_array().unwrap() {
        let rep = route["rep"].as_str().unwrap();
        let events = events(&ics.join(format!("{rep}.ics")));
        let visits: Vec<&Value> =
            route["stops"].as_array().unwrap().iter().filter(|s| s.get("account").is_some()).collect();
        assert_eq!(events.len(), visits.len(), "{rep}: one event per visit");
        for (event, visit) in events.iter().zip(visits) {
            let id = visit["account"].as_str().unwrap();
            let account = accounts.iter().find(|a| a.id == id).unwrap();
            assert_eq!(event.0, format!("20261201-{id}@rounds"));
            assert_eq!(event.1, osaka_time(date, visit["start"].as_str().unwrap()), "{id}");
            assert_eq!(event.2, osaka_time(date, visit["end"].as_str().unwrap()), "{id}");
            assert_eq!(event.3, account.name);
            assert_eq!(event.4.as_deref().map(|l| l.replace("\\,", ",")), Some(account.address.clone()));
            assert_eq!(visit["address"], account.address.as_str(), "the plan JSON carries it too");
            let link = format!(
                "https://www.google.com/maps/dir/?api=1&destination={:.6}\\,{:.6}",
                account.location.lat, account.location.lon
            );
            assert!(event.5.contains(&link) || event.5.contains(&link.replace("\\,", ",")), "{}", event.5);
        }
    }
    // The same plan again gives the same files, byte for byte.
    let again = dir.path().join("again");
    assert!(rounds_stamped(&[&args[..], &["--ics", again.to_str().unwrap()]].concat()).status.success());
    for rep in ["R1", "R2"] {
        let file = format!("{rep}.ics");
        assert_eq!(std::fs::read(ics.join(&file)).unwrap(), std::fs::read(again.join(&file)).unwrap());
    }
}

#[test]
fn a_rep_without_visits_gets_a_free_day_in_place_of_the_earlier_plans_visits() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("calendars");
    let plan = |extra: &[&str]| {
        let args = ["plan", OSAKA, "--date", DAY, "--tz", "Asia/Tokyo", "--iterations", "300"];
        let run = rounds_stamped(&[&args[..], &["--ics", ics.to_str().unwrap()], extra].concat());
        assert!(run.status.success(), "{}", text(&run.stderr));
        text(&run.stderr)
    };
    plan(&[]);
    assert!(!events(&ics.join("R2.ics")).is_empty());
    assert!(days_without_visits(&ics.join("R2.ics")).is_empty());

    // The plan made again after R2 called in sick: R2's file no longer holds the visits.
    let absences = dir.path().join("absences.csv");
    std::fs::write(&absences, format!("rep,from,note\nR2,{DAY},有給休暇\n")).unwrap();
    let stderr = plan(&["--absences", absences.to_str().unwrap(), "--lang", "ja"]);
    assert!(stderr.contains(&format!("{} を書き出しました", ics.join("R2.ics").display())), "{stderr}");
    assert!(events(&ics.join("R2.ics")).is_empty(), "no visit left from the earlier plan");
    let free = days_without_visits(&ics.join("R2.ics"));
    assert_eq!(free.len(), 1, "{free:?}");
    let (uid, date, summary, description) = &free[0];
    assert_eq!(
        (uid.as_str(), date.to_string(), summary.as_str()),
        ("20261201/R2@rounds", DAY.to_string(), "訪問予定なし")
    );
    assert!(description.as_deref().is_some_and(|d| d.contains("有給休暇")), "{description:?}");
    assert!(!events(&ics.join("R1.ics")).is_empty() && days_without_visits(&ics.join("R1.ics")).is_empty());
}

#[test]
fn week_writes_every_day_into_each_reps_calendar_and_refuses_an_input_as_output() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("calendars");
    let out = dir.path().join("week.json");
    let run = rounds_stamped(&[
        "week",
        OSAKA,
        "--from",
        DAY,
        "--days",
        "3",
        "--tz",
        "Asia/Tokyo",
        "--iterations",
        "300",
        "--out",
        out.to_str().unwrap(),
        "--ics",
        ics.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let week = read_json(&out);
    let mut planned = 0;
    let mut evented = 0;
    for rep in ["R1", "R2"] {
        let path = ics.join(format!("{rep}.ics"));
        let events = events(&path);
        evented += events.len();
        let days: std::collections::BTreeSet<String> = events.iter().map(|e| e.0[..8].to_string()).collect();
        assert!(!days.is_empty());
        let raw = std::fs::read_to_string(&path).unwrap();
        assert!(raw.split("\r\n").all(|line| line.len() <= 75), "lines fold at 75 octets");
    }
    for day in week["days"].as_array().unwrap() {
        for route in day["routes"].as_array().unwrap() {
            planned +=
                route["stops"].as_array().unwrap().iter().filter(|s| s.get("account").is_some()).count();
        }
    }
    assert_eq!(evented, planned, "every visit of the week is an event");

    // A holidays file named like a calendar in the folder is an input: refused before any work.
    let region = dir.path().join("region");
    std::fs::create_dir(&region).unwrap();
    for file in ["accounts.csv", "reps.csv"] {
        std::fs::copy(Path::new(OSAKA).join(file), region.join(file)).unwrap();
    }
    std::fs::write(region.join("R1.ics"), std::fs::read(Path::new(OSAKA).join("holidays.ics")).unwrap())
        .unwrap();
    let plan_out = dir.path().join("plan.json");
    let run = rounds(&[
        "plan",
        region.to_str().unwrap(),
        "--date",
        DAY,
        "--tz",
        "Asia/Tokyo",
        "--holidays",
        region.join("R1.ics").to_str().unwrap(),
        "--out",
        plan_out.to_str().unwrap(),
        "--ics",
        region.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    assert!(text(&run.stderr).contains("R1.ics"), "{}", text(&run.stderr));
    assert!(!plan_out.exists(), "nothing written");
    assert!(!region.join("R2.ics").exists(), "nothing written");
}

#[test]
fn japanese_tables_line_up_japanese_names() {
    let run = rounds(&["plan", OSAKA, "--date", DAY, "--lang", "ja"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.starts_with("2026年12月1日(火): 出動 2名、訪問予定 12件、うち訪問 12件"), "{stdout}");
    assert!(stdout.contains("R1 山田 太郎: 出発 "), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("計算時間 ")
            && last.ends_with("。検証済み: 営業時間・勤務時間・休憩をすべて守っています"),
        "{last}"
    );
    // Every visit row and the header put the drive column at the same terminal column.
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| {
            l.starts_with("    #") || l.split_whitespace().next().is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .collect();
    assert!(rows.len() >= 12 + 2, "{stdout}");
    for row in &rows {
        assert_eq!(row.width(), rows[0].width(), "aligned:\n{}", rows.join("\n"));
    }
    let first_visit = rows.iter().find(|r| r.contains("A01")).unwrap();
    assert!(
        first_visit.contains("株式会社梅田薬局") && first_visit.contains("大阪府大阪市北区梅田1-2-3"),
        "{first_visit}"
    );
    // Times as a Japanese reader writes them: no leading zero, durations in 時間 and 分.
    assert!(stdout.contains("  9:00  ") || stdout.contains(" 9:"), "{stdout}");
    assert!(stdout.contains("分"), "{stdout}");

    // The locale picks Japanese when --lang is not given; LC_ALL outranks LANG.
    let by_locale = |vars: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rounds"));
        command.args(["plan", OSAKA, "--date", DAY, "--quiet"]).current_dir(env!("CARGO_MANIFEST_DIR"));
        command.env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
        for (name, value) in vars {
            command.env(name, value);
        }
        text(&command.output().unwrap().stdout)
    };
    assert!(by_locale(&[("LANG", "ja_JP.UTF-8")]).starts_with("2026年12月1日(火)"));
    assert!(by_locale(&[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "C")]).starts_with("2026-12-01 (Tue)"));
    let refused = rounds(&["plan", OSAKA, "--date", DAY, "--lang", "fi"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn week_table_in_japanese() {
    let run = rounds(&["week", OSAKA, "--from", DAY, "--days", "2", "--iterations", "300", "--lang", "ja"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.starts_with("2026年12月1日(火): 訪問 "), "{stdout}");
    assert!(stdout.contains("稼働日 2日 (2026年12月1日(火)〜2026年12月2日(水)): 訪問 "), "{stdout}");
    assert!(stdout.contains("\n計画の計算時間 ") && stdout.contains("(シード 1)。検証済み: "), "{stdout}");
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  R1 ") || l.starts_with("  R2 ") || l.starts_with("  担当"))
        .collect();
    let header = rows[0];
    for row in rows.iter().take_while(|r| !r.contains("最長")) {
        assert_eq!(row.width(), header.width(), "aligned:\n{}", rows.join("\n"));
    }
}

#[test]
fn the_schedule_spreadsheet_holds_every_stop_of_the_week_as_the_plan_has_it() {
    let dir = tempfile::tempdir().unwrap();
    let absences = dir.path().join("absences.csv");
    std::fs::write(&absences, "rep,from,to,note\nR2,2026-12-02,,研修\n").unwrap();
    let (out, sheet) = (dir.path().join("week.json"), dir.path().join("week.csv"));
    let run = rounds(&[
        "week",
        OSAKA,
        "--from",
        DAY,
        "--days",
        "3",
        "--iterations",
        "300",
        "--absences",
        absences.to_str().unwrap(),
        "--lang",
        "ja",
        "--out",
        out.to_str().unwrap(),
        "--csv",
        sheet.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let bytes = std::fs::read(&sheet).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a byte-order mark, as Excel reads UTF-8");
    let mut reader = csv::Reader::from_reader(body);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header.join(","),
        "日付,担当者ID,担当者名,区分,順番,顧客コード,顧客名,住所,到着,開始,終了,理由"
    );
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();

    // Every visit of the plan, in its order, at its times to the minute, with its address.
    let week = read_json(&out);
    let mut planned = Vec::new();
    for day in week["days"].as_array().unwrap() {
        for route in day["routes"].as_array().unwrap() {
            let visits = route["stops"].as_array().unwrap().iter().filter(|s| s.get("account").is_some());
            for (order, stop) in visits.enumerate() {
                let minute = |key: &str| stop[key].as_str().unwrap()[..5].to_string();
                planned.push(vec![
                    day["date"].as_str().unwrap().to_string(),
                    route["rep"].as_str().unwrap().to_string(),
                    (order + 1).to_string(),
                    stop["account"].as_str().unwrap().to_string(),
                    stop["address"].as_str().unwrap().to_string(),
                    minute("arrival"),
                    minute("start"),
                    minute("end"),
                ]);
            }
        }
    }
    let visits: Vec<Vec<String>> = rows
        .iter()
        .filter(|r| r[3] == "訪問")
        .map(|r| [0, 1, 4, 5, 7, 8, 9, 10].iter().map(|&i| r[i].clone()).collect())
        .collect();
    assert!(!planned.is_empty());
    assert_eq!(visits, planned);
    // Each rep's day opens with the departure and ends with the return.
    let departures = rows.iter().filter(|r| r[3] == "出発").count();
    assert_eq!(departures, rows.iter().filter(|r| r[3] == "帰着").count());

    // A due account the day leaves out is a row with the reason the table gives.
    let (out, sheet) = (dir.path().join("day.json"), dir.path().join("day.csv"));
    let day =
        ["plan", OSAKA, "--date", "2026-12-02", "--absences", absences.to_str().unwrap(), "--lang", "ja"];
    let run =
        rounds(&[&day[..], &["--out", out.to_str().unwrap(), "--csv", sheet.to_str().unwrap()]].concat());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let table = text(&run.stdout);
    let rows = String::from_utf8(std::fs::read(&sheet).unwrap()).unwrap();
    let left_out: Vec<&str> = rows.lines().filter(|r| r.contains(",未訪問,")).collect();
    assert_eq!(left_out.len(), 1, "{rows}");
    let reason = left_out[0].rsplit(',').next().unwrap();
    assert!(reason.contains("研修") && table.contains(&format!("A08: {reason}")), "{rows}\n{table}");

    // Never over an input: refused before any work, nothing written.
    let again = dir.path().join("again.json");
    let run = rounds(&[
        "plan",
        OSAKA,
        "--date",
        DAY,
        "--out",
        again.to_str().unwrap(),
        "--csv",
        absences.to_str().unwrap(),
        "--absences",
        absences.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    assert!(!again.exists());
    assert!(std::fs::read_to_string(&absences).unwrap().contains("研修"));
}
