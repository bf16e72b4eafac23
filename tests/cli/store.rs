//! The team's database as a user drives it: `rounds db init/import/export/history`,
//! `--db` on the planning commands (the same plan as from the folder), `record --db`,
//! stored plans replayed by `check --plan-id`, several recorders at once, and an
//! import killed half-way.

use crate::common::{rounds, stdout_ok, text};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rounds::io::absences::read_absences;
use rounds::io::appointments::read_appointments;
use rounds::io::closures::read_closures;
use rounds::io::csv_region::read_region;
use rounds::io::holidays::read_holidays;
use rounds::io::text::TextEncoding;
use rounds::io::visit_log::read_log_entries;

const REGION: &str = "fixtures/regions/helsinki-city";
const DATE: &str = "2026-11-24";
const ITERATIONS: &str = "1000";

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A new database in `dir` with the sample city region imported.
fn sample_db(dir: &Path) -> PathBuf {
    let db = dir.join("team.db");
    stdout_ok(&["db", "init", s(&db)]);
    stdout_ok(&["db", "import", s(&db), REGION, "--date", "2026-11-20"]);
    db
}

/// Every file of a folder by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn export(db: &Path, dir: &Path) -> Vec<(String, Vec<u8>)> {
    stdout_ok(&["db", "export", s(db), s(dir)]);
    files(dir)
}

#[test]
fn the_database_plans_byte_for_byte_what_the_folder_plans() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let (from_csv, from_db) = (dir.path().join("csv.json"), dir.path().join("db.json"));
    let plan = ["plan", "--date", DATE, "--iterations", ITERATIONS, "--quiet", "--out"];
    let csv_out = stdout_ok(&[&plan[..], &[s(&from_csv), REGION]].concat());
    let db_out = stdout_ok(&[&plan[..], &[s(&from_db), "--db", s(&db)]].concat());
    assert_eq!(fs::read(&from_csv).unwrap(), fs::read(&from_db).unwrap());
    let without_time =
        |out: &str| out.lines().filter(|l| !l.starts_with("solved in")).collect::<Vec<_>>().join("\n");
    assert_eq!(without_time(&csv_out), without_time(&db_out));

    let week = ["week", "--from", "2026-11-23", "--days", "2", "--iterations", "300", "--quiet", "--out"];
    let (week_csv, week_db) = (dir.path().join("week-csv.json"), dir.path().join("week-db.json"));
    stdout_ok(&[&week[..], &[s(&week_csv), REGION]].concat());
    let run = rounds(&[&week[..], &[s(&week_db), "--db", s(&db)]].concat());
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stderr).contains("stored as plan 2 in"), "{}", text(&run.stderr));
    assert_eq!(fs::read(&week_csv).unwrap(), fs::read(&week_db).unwrap());

    // The visits recorded in the database count as the log does for the folder. The day is
    // published again over the week's, so that the plan recorded is the plan in force.
    stdout_ok(&[&plan[..], &[s(&dir.path().join("republished.json")), "--db", s(&db)]].concat());
    let log = dir.path().join("visits.csv");
    stdout_ok(&["record", "--plan", s(&from_csv), REGION, "--log", s(&log), "--skipped", "A0448"]);
    let recorded = stdout_ok(&["record", "--plan", s(&from_db), "--db", s(&db), "--skipped", "A0448"]);
    assert!(recorded.contains("79 visits added (78 visited, 1 skipped), 0 already there"), "{recorded}");
    let next = ["plan", "--date", "2026-11-25", "--iterations", ITERATIONS, "--quiet", "--out"];
    let (next_csv, next_db) = (dir.path().join("next-csv.json"), dir.path().join("next-db.json"));
    stdout_ok(&[&next[..], &[s(&next_csv), REGION, "--log", s(&log)]].concat());
    stdout_ok(&[&next[..], &[s(&next_db), "--db", s(&db)]].concat());
    assert_eq!(fs::read(&next_csv).unwrap(), fs::read(&next_db).unwrap());
    // A day before those visits is refused from either, and nothing is written.
    let before = ["plan", "--date", "2026-11-23", "--iterations", ITERATIONS, "--quiet", "--out"];
    let early = dir.path().join("early.json");
    let from_log = rounds(&[&before[..], &[s(&early), REGION, "--log", s(&log)]].concat());
    assert_eq!(from_log.status.code(), Some(2));
    assert!(text(&from_log.stderr).contains("2026-11-24 is after 2026-11-23"), "{}", text(&from_log.stderr));
    let from_store = rounds(&[&before[..], &[s(&early), "--db", s(&db)]].concat());
    assert_eq!(from_store.status.code(), Some(2));
    let said = text(&from_store.stderr);
    assert!(
        said.contains("was last visited on 2026-11-24, after 2026-11-23, the first day planned"),
        "{said}"
    );
    assert!(!early.exists());
    // The day those visits were recorded is under way: shown, but published only by a re-plan.
    let again = dir.path().join("again.json");
    let over_day = rounds(&[&plan[..], &[s(&again), "--db", s(&db)]].concat());
    let over_week = ["week", "--from", DATE, "--days", "2", "--iterations", "300", "--quiet", "--out"];
    let over_week = rounds(&[&over_week[..], &[s(&again), "--db", s(&db)]].concat());
    for refused in [over_day, over_week] {
        assert_eq!(refused.status.code(), Some(2));
        let said = text(&refused.stderr);
        assert!(said.contains(&format!("{DATE} is under way: ")), "{said}");
        assert!(said.contains("re-plan the rest of the day instead, or publish from 2026-11-25"), "{said}");
    }
    assert!(!again.exists());
    stdout_ok(&["plan", "--date", DATE, "--iterations", ITERATIONS, "--quiet", "--db", s(&db)]);

    // Every stored plan replays against the region it was made from, even after a later import.
    let v2 = dir.path().join("v2");
    fs::create_dir(&v2).unwrap();
    fs::copy(format!("{REGION}/reps.csv"), v2.join("reps.csv")).unwrap();
    let accounts = fs::read_to_string(format!("{REGION}/accounts.csv")).unwrap();
    // A0448, visited on the first day, now takes two hours.
    fs::write(v2.join("accounts.csv"), accounts.replace("24.938974177339716,15,", "24.938974177339716,120,"))
        .unwrap();
    stdout_ok(&["db", "import", s(&db), s(&v2)]);
    for id in ["1", "2", "3"] {
        let out = stdout_ok(&["check", "--db", s(&db), "--plan-id", id]);
        assert!(out.contains(": valid: ") && !out.contains("problems"), "{out}");
    }
    let out = stdout_ok(&["check", "--db", s(&db), "--plan-id", "2"]);
    assert_eq!(out.matches(": valid: ").count(), 2, "both days of the week: {out}");
    // The same plan file against today's region is another question, with another answer.
    let today = rounds(&["check", "--plan", s(&from_db), "--db", s(&db)]);
    assert_eq!(today.status.code(), Some(1), "{}", text(&today.stdout));
    let other_travel = rounds(&["check", "--db", s(&db), "--plan-id", "1", "--speed-kmh", "40"]);
    assert_eq!(other_travel.status.code(), Some(2));
    assert!(text(&other_travel.stderr).contains("give the travel options it was made with"));
}

#[test]
fn an_import_says_which_published_days_it_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let plan = dir.path().join("plan.json");
    let publish = ["plan", "--date", DATE, "--iterations", ITERATIONS, "--quiet", "--db", s(&db), "--out"];
    stdout_ok(&[&publish[..], &[s(&plan)]].concat());
    // The CRM's next export: R2 is away on the day published, and one shop's name changed.
    let next = dir.path().join("next");
    fs::create_dir(&next).unwrap();
    fs::copy(format!("{REGION}/reps.csv"), next.join("reps.csv")).unwrap();
    let accounts = fs::read_to_string(format!("{REGION}/accounts.csv")).unwrap();
    fs::write(next.join("accounts.csv"), accounts.replacen("Niemisen Sisustus", "Niemisen Sisustus Oy", 1))
        .unwrap();
    let renamed = stdout_ok(&["db", "import", s(&db), s(&next), "--date", "2026-11-21"]);
    assert!(!renamed.contains("breaks"), "a new name breaks no rule: {renamed}");
    fs::write(next.join("absences.csv"), format!("rep,from,to,note\nR2,{DATE},{DATE},training\n")).unwrap();
    let away = stdout_ok(&["db", "import", s(&db), s(&next), "--date", "2026-11-22"]);
    assert!(
        away.contains("published plans this import breaks (publish those days again with `rounds plan --db`"),
        "{away}"
    );
    let line = away
        .lines()
        .find(|l| l.starts_with(&format!("  {DATE} (Tue), plan 1: rep R2 visits ")))
        .expect(&away);
    assert!(line.contains(&format!("but R2 is absent on {DATE} (training) (and ")), "{line}");
    assert!(!line.contains("under way"), "nothing recorded that day yet: {line}");
    // Published again, the day holds.
    let again = dir.path().join("again.json");
    stdout_ok(&[&publish[..], &[s(&again)]].concat());
    let quiet = stdout_ok(&["db", "import", s(&db), s(&next), "--date", "2026-11-22"]);
    assert!(!quiet.contains("breaks"), "{quiet}");
    // Once its visits are recorded, a broken day is re-planned, not published again. A rule that
    // only the recorded visits break is past changing: R3 away all day is not listed, R3 away from
    // noon (the route runs past it) is.
    stdout_ok(&["record", "--plan", s(&again), "--db", s(&db), "--today", DATE]);
    fs::write(next.join("absences.csv"), format!("rep,from,to,note\nR3,{DATE},{DATE},ill\n")).unwrap();
    let ill = stdout_ok(&["db", "import", s(&db), s(&next), "--date", "2026-11-22"]);
    assert!(!ill.contains("breaks"), "{ill}");
    let absences = format!("rep,from,to,start,end,note\nR3,{DATE},{DATE},12:00,18:00,ill\n");
    fs::write(next.join("absences.csv"), absences).unwrap();
    let ill = stdout_ok(&["db", "import", s(&db), s(&next), "--date", "2026-11-22"]);
    let line =
        ill.lines().find(|l| l.starts_with(&format!("  {DATE} (Tue), plan 2: rep R3 is out "))).expect(&ill);
    assert!(line.ends_with(" (under way: re-plan it with `rounds replan --db`)"), "{line}");
}

#[test]
fn a_replan_from_the_database_takes_the_plan_in_force_and_lists_the_days_it_leaves_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let week = dir.path().join("week.json");
    let days = ["week", "--db", s(&db), "--from", DATE, "--days", "2", "--iterations", ITERATIONS, "--quiet"];
    stdout_ok(&[&days[..], &["--out", s(&week)]].concat());
    let replan = |extra: &[&str], out: &Path| {
        let args = ["replan", "--db", s(&db), "--rep", "R1", "--now", "12:00", "--quiet", "--out", s(out)];
        rounds(&[&args[..], extra].concat())
    };

    // Without --plan, the plan in force on --date: the week's first day. R1 goes home at noon, and
    // the visits that go to tomorrow are on none of the week's routes tomorrow.
    let first = dir.path().join("first.json");
    let ended = replan(&["--date", DATE, "--end-day"], &first);
    let stderr = text(&ended.stderr);
    assert!(ended.status.success() && stderr.contains("stored as plan 2 in "), "{stderr}");
    assert!(
        stderr.contains(
            "published plans that this plan leaves wrong (publish those days again with `rounds plan --db`"
        ),
        "{stderr}"
    );
    let line =
        stderr.lines().find(|l| l.starts_with("  2026-11-25 (Wed), plan 1: due account ")).expect(&stderr);
    assert!(line.contains(" is neither visited nor listed as unassigned"), "{line}");

    // A file given with --db must be the plan in force: the re-plan just written is.
    let second = dir.path().join("second.json");
    let delayed = replan(&["--plan", s(&first), "--delay", "10", "--lang", "ja"], &second);
    let stderr = text(&delayed.stderr);
    assert!(delayed.status.success(), "{stderr}");
    // In the language asked for: where it is stored, and the days it still leaves wrong.
    assert!(stderr.contains(&format!("{} に計画 3 として保存しました。", db.display())), "{stderr}");
    assert!(stderr.contains("この計画で成り立たなくなった公開済みの計画 ("), "{stderr}");
    assert!(stderr.lines().any(|l| l.starts_with("  2026年11月25日(水)")), "{stderr}");
    // Re-planning the older file would hide the later re-plan: refused, nothing written or stored.
    let third = dir.path().join("third.json");
    let refused = replan(&["--plan", s(&first), "--delay", "20"], &third);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let expected = format!(
        "error: {} is not the plan in force on {DATE} in {} (plan 3), which the reps' days show; leave out \
         --plan to use the plan in force",
        first.display(),
        db.display()
    );
    assert_eq!(text(&refused.stderr).trim_end(), expected);
    assert!(!third.exists());
    let check = stdout_ok(&["check", "--db", s(&db), "--plan-id", "3"]);
    assert!(check.contains("valid"), "{check}");
    let check = stdout_ok(&["--lang", "ja", "check", "--db", s(&db), "--plan-id", "3"]);
    assert!(
        check.starts_with(&format!("{} の計画 3 (", db.display())) && check.contains("に保存した再計画。"),
        "{check}"
    );
    assert!(check.contains(&format!("  {DATE}: 検証済み: ルート ")), "{check}");
    let missing = rounds(&["check", "--db", s(&db), "--plan-id", "4"]);
    assert!(!missing.status.success(), "nothing stored as plan 4");

    // Recording likewise: not the older file, by default the plan in force, whose visits R1 made.
    let record = ["record", "--db", s(&db), "--today", DATE];
    let older = rounds(&[&record[..], &["--plan", s(&first)]].concat());
    assert_eq!(older.status.code(), Some(2));
    assert_eq!(text(&older.stderr).trim_end(), expected);
    let recorded = stdout_ok(&record);
    assert!(recorded.starts_with(&format!("recorded {DATE} in {}: ", db.display())), "{recorded}");
    let account = line.split_whitespace().nth(6).unwrap();
    let history = stdout_ok(&["db", "history", s(&db), account]);
    assert!(history.contains("visits:\n  none recorded"), "sent to tomorrow, not visited: {history}");

    // A day without a published plan, and neither --plan nor --db.
    let none = replan(&["--date", "2026-11-27"], &third);
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("no plan is published for 2026-11-27"), "{}", text(&none.stderr));
    let bare = rounds(&["replan", REGION, "--rep", "R1", "--now", "12:00"]);
    assert_eq!(bare.status.code(), Some(2));
    assert!(text(&bare.stderr).contains("--plan <JSON>"), "{}", text(&bare.stderr));
}

#[test]
fn export_gives_back_what_was_imported() {
    let dir = tempfile::tempdir().unwrap();
    // Byte for byte: files as rounds writes them (the sample region, a log `record` appended).
    let canonical = dir.path().join("canonical");
    fs::create_dir(&canonical).unwrap();
    for name in ["accounts.csv", "reps.csv"] {
        fs::copy(format!("{REGION}/{name}"), canonical.join(name)).unwrap();
    }
    let plan = dir.path().join("plan.json");
    stdout_ok(&["plan", REGION, "--date", DATE, "--iterations", "200", "--quiet", "--out", s(&plan)]);
    let log = canonical.join("visits.csv");
    stdout_ok(&["record", "--plan", s(&plan), REGION, "--log", s(&log), "--skipped", "A0011"]);
    let db = dir.path().join("a.db");
    stdout_ok(&["db", "init", s(&db)]);
    let out = stdout_ok(&["db", "import", s(&db), s(&canonical)]);
    assert!(out.contains("accounts: 450 added") && out.contains("79 added, 0 already there"), "{out}");
    assert_eq!(export(&db, &dir.path().join("out")), files(&canonical));

    // Equal as read: a spreadsheet's export (`;`, decimal commas, a BOM, CRLF, columns in
    // another order, an unknown column, a note, preferred days in Japanese) comes back in the
    // canonical spelling.
    let messy = dir.path().join("messy");
    fs::create_dir(&messy).unwrap();
    fs::write(
        messy.join("accounts.csv"),
        "\u{feff}ID;Lat;lon;service_min;every_days;crm_owner;windows;territory;priority;closed;last_visit;name;Preferred_Days\r\n\
         A1;60,17;24,94;12,5;7;alice;14:00 - 18:00 08:00-12:00;R1;HIGH;sun, SAT;2026-11-17;Kahvila \"Kulma\";木、火曜日\r\n\
         A2;60,18;24,95;30;14;bob;;;;;;;\r\n",
    )
    .unwrap();
    fs::write(
        messy.join("reps.csv"),
        "id;start_lat;start_lon;shift;break\r\nR1;60,16;24,93;08:00-16:00;11:00-13:00/30\r\n",
    )
    .unwrap();
    fs::write(
        messy.join("visits.csv"),
        "status;account;date;rep;note\r\nvisited;A1;2026-11-23;R1;\"paid; on time\"\r\n",
    )
    .unwrap();
    let db = dir.path().join("b.db");
    stdout_ok(&["db", "init", s(&db)]);
    stdout_ok(&["db", "import", s(&db), s(&messy)]);
    let out = dir.path().join("messy-out");
    export(&db, &out);
    let region =
        |d: &Path| read_region(&d.join("accounts.csv"), &d.join("reps.csv"), TextEncoding::Auto).unwrap();
    assert_eq!(region(&out), region(&messy));
    let accounts = fs::read_to_string(out.join("accounts.csv")).unwrap();
    assert!(accounts.lines().next().unwrap().ends_with(",territory,preferred_days"), "{accounts}");
    assert!(accounts.contains(",R1,Tue Thu\n"), "preferred days in their canonical spelling: {accounts}");
    let log = |d: &Path| read_log_entries(&d.join("visits.csv"), &region(d), NaiveDate::MAX).unwrap();
    assert_eq!(log(&out), log(&messy));
    assert_eq!(log(&out)[0].1, "paid; on time");
    // And the canonical spelling is a fixed point.
    let db = dir.path().join("c.db");
    stdout_ok(&["db", "init", s(&db)]);
    stdout_ok(&["db", "import", s(&db), s(&out)]);
    assert_eq!(export(&db, &dir.path().join("again")), files(&out));
}

#[test]
fn a_bad_import_lists_every_bad_row_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let before = export(&db, &dir.path().join("before"));
    let bad = dir.path().join("bad");
    fs::create_dir(&bad).unwrap();
    fs::copy(format!("{REGION}/reps.csv"), bad.join("reps.csv")).unwrap();
    let mut accounts = fs::read_to_string(format!("{REGION}/accounts.csv")).unwrap();
    accounts = accounts.replacen("60.17511472141231", "6O.17", 1).replacen(
        ",09:00-17:00,7,2026-11-18,",
        ",09:00-17:00,0,2026-11-18,",
        1,
    );
    // A mistyped year: in the database it would keep A0004 from falling due until 2062.
    accounts = accounts.replacen(",7,2026-11-20,normal,", ",7,2062-11-20,normal,", 1);
    accounts.push_str("A0999,Uusi,60.17,24.94,30,,7,,,,R99\n");
    fs::write(bad.join("accounts.csv"), accounts).unwrap();
    let run = rounds(&["db", "import", s(&db), s(&bad)]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = text(&run.stderr);
    assert!(stderr.contains("nothing was imported into"), "{stderr}");
    assert!(stderr.contains("4 problems found:"), "{stderr}");
    for place in [
        "line 2, field `lat`",
        "line 3, field `every_days`",
        "line 5, field `last_visit`: 2062-11-20 is after ",
        "line 452, field `territory`",
    ] {
        assert!(stderr.contains(place), "{place} in {stderr}");
    }
    assert_eq!(export(&db, &dir.path().join("after")), before);
}

#[test]
fn a_new_export_is_history_and_a_hand_over_keeps_the_visits() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let plan = dir.path().join("plan.json");
    stdout_ok(&["plan", "--db", s(&db), "--date", DATE, "--iterations", "200", "--quiet", "--out", s(&plan)]);
    stdout_ok(&[
        "record",
        "--plan",
        s(&plan),
        "--db",
        s(&db),
        "--skipped",
        "A0448",
        "--note",
        "A0448=shut for stocktaking",
    ]);
    // The CRM's next export: A0448 goes to R2 with new hours; A0011 is gone.
    let v2 = dir.path().join("crm");
    fs::create_dir(&v2).unwrap();
    fs::copy(format!("{REGION}/reps.csv"), v2.join("reps.csv")).unwrap();
    let accounts: String = fs::read_to_string(format!("{REGION}/accounts.csv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("A0011,"))
        .map(|l| {
            if l.starts_with("A0448,") {
                format!("{}R2", l.replace(",08:00-16:00,", ",10:00-18:00,"))
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    fs::write(v2.join("accounts.csv"), accounts).unwrap();
    let out =
        stdout_ok(&["db", "import", s(&db), s(&v2), "--date", "2026-12-01", "--source", "CRM 2026-12-01"]);
    assert!(out.contains("accounts: 0 added, 1 changed, 448 unchanged, 1 removed"), "{out}");
    let planned = crate::read_json(&plan);
    let rep_of = |account: &str| {
        let routes = planned["routes"].as_array().unwrap();
        let route =
            routes.iter().find(|r| r["stops"].as_array().unwrap().iter().any(|s| s["account"] == account));
        route.unwrap_or_else(|| panic!("{account} is in the plan"))["rep"].as_str().unwrap().to_string()
    };
    let history = stdout_ok(&["db", "history", s(&db), "A0448"]);
    let expected = [
        "A0448 Asemaurheilu (in the region)",
        "changes:",
        "  2026-11-20  import 1  fixtures/regions/helsinki-city  added",
        "  2026-12-01  import 2  CRM 2026-12-01  windows: 08:00-16:00 -> 10:00-18:00",
        "  2026-12-01  import 2  CRM 2026-12-01  territory: (empty) -> R2",
        "visits:",
    ];
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines[..6], expected, "{history}");
    assert!(
        lines[6].starts_with(&format!(
            "  2026-11-24  {}  skipped  \"shut for stocktaking\"  (record ",
            rep_of("A0448")
        )),
        "{history}"
    );
    let gone = stdout_ok(&["db", "history", s(&db), "A0011"]);
    assert!(
        gone.contains("(not in the latest import)") && gone.contains("CRM 2026-12-01  removed"),
        "{gone}"
    );
    assert!(gone.contains(&format!("  2026-11-24  {}  visited", rep_of("A0011"))), "{gone}");
    let out = stdout_ok(&["db", "export", s(&db), s(&dir.path().join("out"))]);
    assert!(out.contains("1 visit to an account no longer in the region stays in the database"), "{out}");
    let unknown = rounds(&["db", "history", s(&db), "A7777"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn recorders_at_the_same_moment_lose_and_double_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let days = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"];
    // Each day's plan as made that morning, before any of them is recorded.
    let plans: Vec<PathBuf> = days
        .iter()
        .map(|day| {
            let path = dir.path().join(format!("{day}.json"));
            stdout_ok(&[
                "plan",
                "--db",
                s(&db),
                "--date",
                day,
                "--iterations",
                "200",
                "--quiet",
                "--out",
                s(&path),
            ]);
            path
        })
        .collect();
    let visits: usize =
        plans.iter().map(|p| rounds::io::plan_json::read_plan(p).unwrap().visited_accounts().count()).sum();
    // Every day's plan twice, all at once.
    let children: Vec<_> = plans
        .iter()
        .chain(&plans)
        .map(|plan| {
            Command::new(env!("CARGO_BIN_EXE_rounds"))
                .args(["record", "--plan", s(plan), "--db", s(&db)])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let (mut added, mut already) = (0, 0);
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stdout = text(&out.stdout);
        assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
        let counts: Vec<usize> = stdout
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .map(|w| w.parse().unwrap())
            .collect();
        // recorded YYYY MM DD in <path>: ADDED visits added (V visited, S skipped), ALREADY already there
        let n = counts.len();
        added += counts[n - 4];
        already += counts[n - 1];
    }
    let expected = visits;
    assert_eq!((added, already), (expected, expected));
    let exported = dir.path().join("out");
    stdout_ok(&["db", "export", s(&db), s(&exported)]);
    let log = fs::read_to_string(exported.join("visits.csv")).unwrap();
    let mut lines: Vec<&str> = log.lines().skip(1).collect();
    assert_eq!(lines.len(), expected);
    lines.sort_unstable();
    lines.dedup();
    assert_eq!(lines.len(), expected, "no line twice");
}

/// When to kill an import.
#[derive(Clone, Copy, Debug)]
enum Kill {
    /// After this long.
    After(Duration),
    /// Once its write-ahead log holds this many bytes: the transaction is writing.
    AtWal(u64),
}

/// Runs `rounds db import DB DIR` and kills it (SIGKILL) when `kill` says, unless it
/// ended first; says whether it was killed.
fn import_killed(db: &Path, dir: &Path, kill: Kill) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(["db", "import", s(db), s(dir), "--date", "2026-12-01"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    match kill {
        Kill::After(delay) => std::thread::sleep(delay),
        Kill::AtWal(bytes) => {
            let wal = db.with_extension("db-wal");
            while child.try_wait().unwrap().is_none() && fs::metadata(&wal).map_or(0, |m| m.len()) < bytes {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
    }
    let killed = child.try_wait().unwrap().is_none();
    child.kill().ok();
    child.wait().unwrap();
    killed
}

/// A copy of a closed database (its WAL is checkpointed away on close).
fn copy_db(from: &Path, to: &Path) {
    fs::copy(from, to).unwrap();
    assert!(!from.with_extension("db-wal").exists());
}

#[test]
fn a_killed_import_leaves_the_region_before_or_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let base = sample_db(dir.path());
    let old = export(&base, &dir.path().join("old"));
    let big = dir.path().join("big");
    stdout_ok(&[
        "generate",
        s(&big),
        "--accounts",
        "10000",
        "--reps",
        "100",
        "--seed",
        "7",
        "--today",
        "2026-11-30",
    ]);

    let full = dir.path().join("full.db");
    copy_db(&base, &full);
    let started = Instant::now();
    stdout_ok(&["db", "import", s(&full), s(&big), "--date", "2026-12-01"]);
    let import_time = started.elapsed();
    let new = export(&full, &dir.path().join("new"));

    // Kills spread over the import's time, and kills while its transaction writes pages.
    let kills = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]
        .map(|fraction| Kill::After(import_time.mul_f64(fraction)))
        .into_iter()
        .chain([64 << 10, 1 << 20, 2 << 20].map(Kill::AtWal));
    let mut outcomes = Vec::new();
    for (k, kill) in kills.enumerate() {
        let db = dir.path().join(format!("killed{k}.db"));
        copy_db(&base, &db);
        let killed = import_killed(&db, &big, kill);
        let integrity: String = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        let state = export(&db, &dir.path().join(format!("state{k}")));
        let which = if state == old {
            "old"
        } else if state == new {
            "new"
        } else {
            panic!("after a kill ({kill:?}), the database holds neither the old nor the new region")
        };
        outcomes.push(format!("{kill:?}: {} -> {which}", if killed { "killed" } else { "finished" }));
        if k == 0 {
            // The database is usable after a kill: the import runs again to the end.
            stdout_ok(&["db", "import", s(&db), s(&big), "--date", "2026-12-01"]);
            assert_eq!(export(&db, &dir.path().join("rerun")), new);
        }
    }
    eprintln!("import of 10 000 accounts took {import_time:?}; kills: {outcomes:?}");
}

#[test]
fn the_calendar_of_a_folder_is_imported_planned_from_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("kotka");
    fs::create_dir(&folder).unwrap();
    for name in ["accounts.csv", "reps.csv"] {
        fs::copy(format!("fixtures/kotka/{name}"), folder.join(name)).unwrap();
    }
    fs::copy("fixtures/calendar/kotka-absences.csv", folder.join("absences.csv")).unwrap();
    fs::copy("fixtures/calendar/kotka-company.ics", folder.join("holidays.ics")).unwrap();
    let closure = "account,from,to,note\nA0001,2026-12-15,2026-12-16,stocktaking\n";
    fs::write(folder.join("closures.csv"), closure).unwrap();
    fs::write(
        folder.join("appointments.csv"),
        "account,date,start,note\nA0002,2026-12-16,10:00,価格の相談\n",
    )
    .unwrap();
    let db = dir.path().join("team.db");
    stdout_ok(&["db", "init", s(&db)]);
    let imported = stdout_ok(&["db", "import", s(&db), s(&folder), "--date", "2026-12-01"]);
    assert!(imported.contains("calendar: "), "{imported}");

    // The same week from the folder and from the database: R2 on leave, the company's days off.
    let week = ["week", "--from", "2026-12-14", "--days", "4", "--iterations", "300", "--quiet", "--out"];
    let (from_folder, from_db) = (dir.path().join("folder.json"), dir.path().join("db.json"));
    let folder_out = stdout_ok(&[&week[..], &[s(&from_folder), s(&folder)]].concat());
    stdout_ok(&[&week[..], &[s(&from_db), "--db", s(&db)]].concat());
    assert_eq!(fs::read(&from_folder).unwrap(), fs::read(&from_db).unwrap());
    assert!(folder_out.contains("R2"), "{folder_out}");

    // Exported back as files that read as the originals do.
    let out = dir.path().join("out");
    let exported = export(&db, &out);
    let names: Vec<&str> = exported.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["absences.csv", "accounts.csv", "appointments.csv", "closures.csv", "holidays.csv", "reps.csv"]
    );
    let region =
        read_region(&folder.join("accounts.csv"), &folder.join("reps.csv"), TextEncoding::Auto).unwrap();
    let closures = |path: &Path| read_closures(path, &region.accounts, TextEncoding::Auto).unwrap();
    assert_eq!(closures(&out.join("closures.csv")), closures(&folder.join("closures.csv")));
    assert_eq!(closures(&out.join("closures.csv")).list.len(), 1);
    let read_back = |path: &Path| read_appointments(path, &region, TextEncoding::Auto).unwrap();
    assert_eq!(read_back(&out.join("appointments.csv")), read_back(&folder.join("appointments.csv")));
    assert_eq!(read_back(&out.join("appointments.csv")).list[0].note, "価格の相談");
    let absences = |path: &Path| read_absences(path, &region.reps, TextEncoding::Auto).unwrap();
    assert_eq!(absences(&out.join("absences.csv")), absences(&folder.join("absences.csv")));
    let holidays = |path: &Path| read_holidays(path, TextEncoding::Auto).unwrap();
    assert_eq!(holidays(&out.join("holidays.csv")), holidays(&folder.join("holidays.ics")));
    assert!(!holidays(&out.join("holidays.csv")).is_empty());
}

#[test]
fn the_adherence_report_reads_the_visits_recorded_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    stdout_ok(&["db", "init", s(&db)]);
    // The Osaka sample with its four weeks of visits.
    stdout_ok(&["db", "import", s(&db), "fixtures/calendar/osaka", "--date", "2026-11-01"]);
    let period = ["--from", "2026-11-02", "--to", "2026-11-27", "--json"];
    let from_folder = stdout_ok(
        &[&["report", "fixtures/calendar/osaka", "--log", "fixtures/calendar/osaka/visits.csv"][..], &period]
            .concat(),
    );
    let from_db = stdout_ok(&[&["report", "--db", s(&db)][..], &period].concat());
    assert_eq!(from_folder, from_db);
    assert!(from_db.contains("\"done\""), "{from_db}");
}
