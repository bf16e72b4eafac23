//! Plans in a real calendar, as a user runs them: `week` over Christmas with
//! Finland's holidays, `plan` on a holiday, holidays files (CSV and
//! iCalendar) and their errors, and a Shift_JIS accounts file planned like
//! its UTF-8 twin.
//!
//! The Shift_JIS fixture (`fixtures/calendar/osaka/accounts-sjis.csv`) is
//! committed as bytes, as a Japanese CRM exports it (CP932, CRLF); a test
//! here checks that it stays the twin of `accounts.csv`.

use crate::common::{rounds, run_ok, text};
use crate::{read_json, visited_accounts};

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{Datelike, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component};
use rounds::io::text::TextEncoding;
use serde_json::Value;

const KOTKA: &str = "fixtures/kotka";
const OSAKA: &str = "fixtures/calendar/osaka";
const KOTKA_ICS: &str = "fixtures/calendar/kotka-company.ics";
const KOTKA_ABSENCES: &str = "fixtures/calendar/kotka-absences.csv";

fn week_days(out: &Path) -> Vec<String> {
    read_json(out)["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap().to_string())
        .collect()
}

fn week(out: &Path, from: &str, days: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "week",
        KOTKA,
        "--from",
        from,
        "--days",
        days,
        "--iterations",
        "200",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run_ok(&args)
}

#[test]
fn week_over_christmas_skips_finlands_holidays_and_the_companys_days() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    week(&out, "2026-12-21", "5", &[]);
    assert_eq!(week_days(&out), ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25"]);

    // Christmas Eve to St Stephen's Day are skipped, not counted: five working days still.
    let run = week(&out, "2026-12-21", "5", &["--holidays", "fi"]);
    assert_eq!(week_days(&out), ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-28", "2026-12-29"]);
    let stdout = text(&run.stdout);
    assert!(!stdout.contains("2026-12-24 (Thu)"), "{stdout}");
    assert!(
        stdout.contains("holidays skipped: Thu 2026-12-24 Jouluaatto, Fri 2026-12-25 Joulupäivä\n"),
        "{stdout}"
    );

    // The company's calendar adds the inventory day (29th) and New Year's Eve (31st).
    week(&out, "2026-12-21", "6", &["--holidays", "fi", "--holidays", KOTKA_ICS]);
    assert_eq!(
        week_days(&out),
        ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-28", "2026-12-30", "2027-01-04"]
    );
}

#[test]
fn plan_on_a_holiday_sends_nobody_out_and_lists_every_due_account_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let run =
        run_ok(&["plan", KOTKA, "--date", "2026-12-24", "--holidays", "fi", "--out", out.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(stdout.starts_with("2026-12-24 (Thu, a holiday: Jouluaatto): 0 reps out"), "{stdout}");
    let plan = read_json(&out);
    assert!(plan["routes"].as_array().unwrap().is_empty());
    let unassigned = plan["unassigned"].as_array().unwrap();
    assert!(unassigned.len() > 10, "the due accounts wait for the next working day: {plan}");
    for entry in unassigned {
        assert_eq!(
            entry["reason"], "2026-12-24 is a holiday (Jouluaatto); nobody is sent out on a holiday",
            "{entry}"
        );
    }
    assert!(stdout.contains("Not covered today:"), "{stdout}");
    // The validator accepts it with the same holidays.
    run_ok(&["check", "--plan", out.to_str().unwrap(), KOTKA, "--holidays", "fi"]);

    // A plan of an ordinary day moved onto a holiday is rejected, visit by visit.
    run_ok(&["plan", KOTKA, "--date", "2026-12-23", "--iterations", "300", "--out", out.to_str().unwrap()]);
    let moved = std::fs::read_to_string(&out).unwrap().replace("2026-12-23", "2026-12-24");
    std::fs::write(&out, moved).unwrap();
    let check = rounds(&["check", "--plan", out.to_str().unwrap(), KOTKA, "--holidays", "fi"]);
    let stdout = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("but 2026-12-24 is a holiday (Jouluaatto)"), "{stdout}");
}

#[test]
fn japanese_holidays_built_in_and_from_the_region_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    // 2026-09-22 is a citizens' holiday, between 敬老の日 and 秋分の日.
    let run =
        run_ok(&["plan", OSAKA, "--date", "2026-09-22", "--holidays", "jp", "--out", out.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(stdout.starts_with("2026-09-22 (Tue, a holiday: 国民の休日)"), "{stdout}");
    // The region folder's holidays.ics is read without a flag: the year-end closing.
    let run = run_ok(&["plan", OSAKA, "--date", "2026-12-30", "--out", out.to_str().unwrap()]);
    assert!(
        text(&run.stdout).starts_with("2026-12-30 (Wed, a holiday: 年末年始休業)"),
        "{}",
        text(&run.stdout)
    );
    // A built-in calendar refuses years it does not know instead of planning them as working days.
    let run = rounds(&["plan", OSAKA, "--date", "2100-03-01", "--holidays", "jp"]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the built-in holidays of Japan cover 1980 to 2099; 2100 is outside them"),
        "{stderr}"
    );
}

#[test]
fn a_shop_closed_on_public_holidays_waits_for_the_next_day_when_the_team_works_one() {
    // A team that works on public holidays (no holidays file, no --holidays),
    // with shops whose hours say `土日祝` or `日祝`.
    let dir = tempfile::tempdir().unwrap();
    let accounts = std::fs::read_to_string(Path::new(OSAKA).join("accounts.csv")).unwrap();
    let accounts = accounts.replace(",Sat Sun,", ",土日祝,").replace(",Sun,\n", ",日祝,\n");
    std::fs::write(dir.path().join("accounts.csv"), &accounts).unwrap();
    std::fs::copy(Path::new(OSAKA).join("reps.csv"), dir.path().join("reps.csv")).unwrap();
    let closed_on_holidays: Vec<&str> = accounts
        .lines()
        .filter(|line| line.contains('祝'))
        .map(|line| line.split(',').next().unwrap())
        .collect();
    assert!(closed_on_holidays.len() >= 6, "{accounts}");
    let region = dir.path().to_str().unwrap();
    let out = dir.path().join("plan.json");
    let plan_on = |date: &str, lang: &str| {
        text(
            &run_ok(&[
                "--lang",
                lang,
                "plan",
                region,
                "--date",
                date,
                "--iterations",
                "300",
                "--out",
                out.to_str().unwrap(),
            ])
            .stdout,
        )
    };

    // 2026-11-23 (Mon) is 勤労感謝の日: the team goes out, those shops wait with the reason.
    let stdout = plan_on("2026-11-23", "en");
    assert!(stdout.starts_with("2026-11-23 (Mon): "), "a working day for the team: {stdout}");
    let plan = read_json(&out);
    let visited = visited_accounts(&plan);
    assert!(!visited.is_empty(), "the shops open on holidays are visited: {plan}");
    assert!(visited.iter().all(|a| !closed_on_holidays.contains(a)), "{visited:?}");
    let waiting: Vec<&str> = plan["unassigned"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["reason"].as_str().unwrap().ends_with("is closed on 2026-11-23: 勤労感謝の日"))
        .map(|entry| entry["account"].as_str().unwrap())
        .collect();
    assert!(waiting.len() >= 6 && waiting.iter().all(|a| closed_on_holidays.contains(a)), "{plan}");
    assert!(
        stdout.contains(&format!("  {0}: {0} is closed on 2026-11-23: 勤労感謝の日", waiting[0])),
        "{stdout}"
    );
    let stdout = plan_on("2026-11-23", "ja");
    assert!(stdout.contains(&format!("  {0}: {0}は11月23日(月)休業 (勤労感謝の日)", waiting[0])), "{stdout}");
    // The validator refuses a visit to such a shop on the holiday.
    run_ok(&["plan", region, "--date", "2026-11-24", "--iterations", "300", "--out", out.to_str().unwrap()]);
    let moved = std::fs::read_to_string(&out).unwrap().replace("2026-11-24", "2026-11-23");
    std::fs::write(&out, moved).unwrap();
    let check = rounds(&["check", "--plan", out.to_str().unwrap(), region]);
    let stdout = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("on 2026-11-23 but ") && stdout.contains("is closed on 2026-11-23: 勤労感謝の日"),
        "{stdout}"
    );

    // The next day they are visited.
    plan_on("2026-11-24", "en");
    let plan = read_json(&out);
    let visited = visited_accounts(&plan);
    assert!(waiting.iter().all(|a| visited.contains(a)), "{visited:?} {waiting:?}");

    // An appointment agreed for the holiday stands against the shop's `祝`, as against
    // its hours, and so does one agreed during a dated closure: both are kept, whether
    // the team works the holiday or goes out for appointments only.
    let appointments = dir.path().join("agreed.csv");
    std::fs::write(
        &appointments,
        "account,date,start,window,rep,duration_min,note\n\
         A03,2026-11-23,10:00,,,45,新商品の説明\n\
         A05,2026-11-23,,14:00-15:00,,,棚卸し\n",
    )
    .unwrap();
    let closures = dir.path().join("shut.csv");
    std::fs::write(&closures, "account,from,to,note\nA05,2026-11-23,,inventory\n").unwrap();
    for holidays in [&[][..], &["--holidays", "jp"]] {
        let (appointments, closures) = (appointments.to_str().unwrap(), closures.to_str().unwrap());
        let mut args = vec!["plan", region, "--date", "2026-11-23", "--appointments", appointments];
        args.extend(["--closures", closures, "--iterations", "300", "--out", out.to_str().unwrap()]);
        args.extend(holidays);
        run_ok(&args);
        let plan = read_json(&out);
        let visited = visited_accounts(&plan);
        assert!(visited.contains(&"A03") && visited.contains(&"A05"), "{holidays:?}: {plan}");
    }
}

/// A copy of the Kotka region with `name` holding `contents`.
fn kotka_with(dir: &Path, name: &str, contents: &str) -> PathBuf {
    for file in ["accounts.csv", "reps.csv"] {
        std::fs::copy(Path::new(KOTKA).join(file), dir.join(file)).unwrap();
    }
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn holidays_file_errors_name_file_line_and_field_and_write_nothing() {
    let cases: &[(&str, &str, &str)] = &[
        ("holidays.csv", "date,name\n2026-12-24,Jouluaatto\n\n24/12/2026,x\n", "line 4, field `date`: `24/12/2026` is not a date"),
        ("holidays.csv", "date,to,name\n2026-12-29,2026-12-27,Closed\n", "line 2, field `to`: the last day 2026-12-27 is before"),
        (
            "holidays.ics",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Closed\r\nDTSTART;VALUE=DATE:20261229\r\nRRULE:FREQ=MONTHLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "line 6, field `RRULE`: FREQ=MONTHLY is not supported",
        ),
        (
            "holidays.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:2026\r\n 1332\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "line 4, field `DTEND`: `20261332` is not a date",
        ),
    ];
    for (k, (name, contents, expected)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let file = kotka_with(dir.path(), name, contents);
        let out = dir.path().join("plan.json");
        let run = rounds(&[
            "plan",
            dir.path().to_str().unwrap(),
            "--date",
            "2026-12-23",
            "--out",
            out.to_str().unwrap(),
        ]);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "case {k}: {stderr}");
        assert!(stderr.contains(&format!("{} {expected}", file.display())), "case {k}: {stderr}");
        assert!(!out.exists(), "case {k}: nothing written");
    }
    // An output over a holidays file is refused: it is an input.
    let dir = tempfile::tempdir().unwrap();
    let file = kotka_with(dir.path(), "holidays.csv", "date\n2026-12-24\n");
    let run = rounds(&[
        "plan",
        dir.path().to_str().unwrap(),
        "--date",
        "2026-12-23",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("it is the input file"), "{}", text(&run.stderr));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "date\n2026-12-24\n");
}

/// The first day and name of every event, as the `icalendar` crate reads the file.
fn events_by_the_icalendar_crate(path: &str) -> Vec<(NaiveDate, String)> {
    let calendar: Calendar = std::fs::read_to_string(path).unwrap().parse().unwrap();
    calendar
        .components
        .iter()
        .filter_map(|component| match component {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .filter(|event| event.property_value("STATUS") != Some("CANCELLED"))
        .map(|event| {
            let start = event.get_start().expect("every fixture event has a start").date_naive();
            (start, event.get_summary().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn ics_files_read_as_an_icalendar_library_reads_them() {
    for path in [KOTKA_ICS, "fixtures/calendar/osaka/holidays.ics"] {
        let ours = rounds::io::holidays::read_holidays(Path::new(path), TextEncoding::Auto).unwrap();
        let theirs = events_by_the_icalendar_crate(path);
        assert!(theirs.len() >= 3, "{path}: {theirs:?}");
        for (start, summary) in theirs {
            assert_eq!(ours.name(start), Some(summary.as_str()), "{path}: {start}");
        }
    }
    let kotka = rounds::io::holidays::read_holidays(Path::new(KOTKA_ICS), TextEncoding::Auto).unwrap();
    let days: Vec<String> =
        kotka.iter().filter(|(d, _)| d.year() < 2027).map(|(d, n)| format!("{d} {n}")).collect();
    assert_eq!(
        days,
        [
            "2024-12-31 Uudenvuodenaatto",
            "2025-12-31 Uudenvuodenaatto",
            "2026-12-24 Joulutauko",
            "2026-12-25 Joulutauko",
            "2026-12-26 Joulutauko",
            "2026-12-27 Joulutauko",
            "2026-12-29 Inventaario – toimisto suljettu",
            "2026-12-31 Uudenvuodenaatto",
        ]
    );
}

#[test]
fn the_shift_jis_accounts_file_is_the_twin_of_the_utf8_one() {
    let utf8 = std::fs::read_to_string(Path::new(OSAKA).join("accounts.csv")).unwrap();
    let bytes = std::fs::read(Path::new(OSAKA).join("accounts-sjis.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "the twin is not UTF-8");
    let (decoded, _, malformed) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!malformed);
    assert_eq!(decoded.replace("\r\n", "\n"), utf8);
    assert!(utf8.contains("新大阪商事㈱") && utf8.contains("①"), "CP932's own characters are in it");
}

/// `accounts.csv` as a Japanese CRM or a hand-kept Excel sheet writes it:
/// Japanese headers, full-width digits, hours joined by `～` and `~` and written
/// `10時~19時`, dates as
/// `2026/9/14`, `2026年9月14日` and `令和8年9月14日`, visit frequencies as `毎週`
/// and `2週`, priorities as `高`, `普通` and `低`, closed days as `日曜` and
/// `土日祝`, territories by the rep's name; then saved as Shift_JIS.
fn japanese_notation(accounts: &str) -> Vec<u8> {
    let full_width =
        |text: &str| -> String {
            text.chars()
                .map(|c| {
                    if c.is_ascii_digit() || c == ':' {
                        char::from_u32(c as u32 + 0xFEE0).unwrap()
                    } else {
                        c
                    }
                })
                .collect()
        };
    let mut lines = accounts.lines();
    lines.next();
    let mut out = vec![ACCOUNTS_IN_JAPANESE.to_string()];
    for (i, line) in lines.enumerate() {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        cells[5] = full_width(&cells[5]);
        // Shift_JIS's wave dash (0x8160) reads as `～` (U+FF5E); `〜` (U+301C) is in UTF-8 files.
        let dash = if i % 2 == 0 { "～" } else { "~" };
        let windows = if i % 3 == 1 { kanji_clocks(&cells[6]) } else { cells[6].clone() };
        cells[6] = full_width(&windows.replace('-', dash).replace(' ', "\u{3000}"));
        let every_days: u32 = cells[7].parse().unwrap();
        cells[7] = match every_days {
            7 if i % 4 == 0 => "毎週".to_string(),
            7 => "週１回".to_string(),
            days if days % 7 == 0 && i % 3 == 0 => format!("{}週に1回", days / 7),
            days if days % 7 == 0 => format!("{}週", days / 7),
            days => format!("{days}日"),
        };
        if let Ok(date) = NaiveDate::parse_from_str(&cells[8], "%Y-%m-%d") {
            cells[8] = match i % 3 {
                0 => date.format("%Y/%-m/%-d").to_string(),
                1 => date.format("%Y年%-m月%-d日").to_string(),
                _ => date.format("令和8年%-m月%-d日").to_string(),
            };
        }
        cells[9] = match cells[9].as_str() {
            "high" => "高",
            "low" => "低",
            _ => "普通",
        }
        .to_string();
        cells[10] = cells[10].replace("Sat Sun", "土日祝").replace("Sun", "日曜").replace("Mon", "月");
        // The CRM's 担当者 names the rep, not the rep's id.
        cells[11] = cells[11].replace("R1", "山田 太郎").replace("R2", "佐藤\u{3000}花子");
        out.push(cells.join(","));
    }
    shift_jis_lines(&out)
}

/// The columns of `accounts.csv` and `reps.csv` as a Japanese spreadsheet heads them.
const ACCOUNTS_IN_JAPANESE: &str =
    "顧客コード,顧客名,住所,緯度,経度,訪問時間（分）,営業時間,訪問頻度,最終訪問日,優先度,定休日,担当者";
const REPS_IN_JAPANESE: &str =
    "担当者ID,氏名,出発地緯度,出発地経度,帰着地緯度,帰着地経度,勤務時間,休憩,最大訪問件数";

/// The Osaka reps under Japanese headers, their hours as `8時30分～17時30分`, as Shift_JIS.
fn reps_in_japanese(reps: &str) -> Vec<u8> {
    let rows = reps.lines().skip(1).map(|row| kanji_clocks(row).replace('-', "～"));
    let lines: Vec<String> = std::iter::once(REPS_IN_JAPANESE.to_string()).chain(rows).collect();
    shift_jis_lines(&lines)
}

/// Every `HH:MM` of `text` as Japanese writes it in words: `09:00` as `9時`,
/// `13:30` as `13時半`, `08:45` as `8時45分`.
fn kanji_clocks(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(colon) = rest.find(':') {
        let (before, after) = rest.split_at(colon);
        let (head, hour) = before.split_at(before.len() - 2);
        let (minutes, tail) = after[1..].split_at(2);
        let hour: u32 = hour.parse().unwrap();
        out.push_str(head);
        out.push_str(&match minutes {
            "00" => format!("{hour}時"),
            "30" => format!("{hour}時半"),
            m => format!("{hour}時{}分", m.trim_start_matches('0')),
        });
        rest = tail;
    }
    out + rest
}

/// Lines as a Japanese Windows program saves them: Shift_JIS, CRLF.
fn shift_jis_lines(lines: &[impl AsRef<str>]) -> Vec<u8> {
    let text: String = lines.iter().map(|line| format!("{}\r\n", line.as_ref())).collect();
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The Osaka sample's plan of 2026-09-24 with `extra` (the files to read it
/// from, their encoding), written to `out`: its table without the timing line.
fn osaka_day(out: &Path, extra: &[&str]) -> String {
    let args = ["plan", OSAKA, "--date", "2026-09-24", "--iterations", "500", "--out", out.to_str().unwrap()];
    let stdout = text(&run_ok(&[&args[..], extra].concat()).stdout);
    stdout.lines().filter(|l| !l.starts_with("solved in")).collect::<Vec<_>>().join("\n")
}

#[test]
fn japanese_headers_and_notation_in_a_crm_export_give_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = std::fs::read_to_string(Path::new(OSAKA).join("accounts.csv")).unwrap();
    let japanese = dir.path().join("accounts.csv");
    std::fs::write(&japanese, japanese_notation(&utf8)).unwrap();
    let japanese_reps = dir.path().join("reps.csv");
    let reps = std::fs::read_to_string(Path::new(OSAKA).join("reps.csv")).unwrap();
    std::fs::write(&japanese_reps, reps_in_japanese(&reps)).unwrap();
    let reps_bytes = std::fs::read(&japanese_reps).unwrap();
    let (written_reps, _, _) = encoding_rs::SHIFT_JIS.decode(&reps_bytes);
    assert!(written_reps.contains(",8時半～17時半,12時～13時半/45,"), "{written_reps}");
    let bytes = std::fs::read(&japanese).unwrap();
    let (written, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
    for form in [
        "９：００～１２：００\u{3000}１３：００～１８：００",
        "2026/9/14",
        "2026年9月8日",
        "令和8年",
        "土日祝",
        "日曜",
        ",毎週,",
        ",週１回,",
        ",2週,",
        ",2週に1回,",
        "１０時~１９時",
        ",山田 太郎\r\n",
        ACCOUNTS_IN_JAPANESE,
    ] {
        assert!(written.contains(form), "{form} in:\n{written}");
    }
    let (utf8_out, japanese_out) = (dir.path().join("utf8.json"), dir.path().join("japanese.json"));
    let expected = osaka_day(&utf8_out, &[]);
    let files = ["--accounts", japanese.to_str().unwrap(), "--reps", japanese_reps.to_str().unwrap()];
    assert_eq!(osaka_day(&japanese_out, &files), expected);
    assert_eq!(read_json(&japanese_out), read_json(&utf8_out));
}

#[test]
fn a_shift_jis_accounts_file_gives_the_same_plan_as_its_utf8_twin() {
    let dir = tempfile::tempdir().unwrap();
    let utf8_out = dir.path().join("utf8.json");
    let sjis_out = dir.path().join("sjis.json");
    let utf8 = osaka_day(&utf8_out, &["--accounts", "fixtures/calendar/osaka/accounts.csv"]);
    let sjis = osaka_day(&sjis_out, &["--accounts", "fixtures/calendar/osaka/accounts-sjis.csv"]);
    assert_eq!(sjis, utf8);
    assert!(utf8.contains("株式会社梅田薬局"), "{utf8}");
    assert_eq!(read_json(&sjis_out), read_json(&utf8_out));
    // Named: every CSV file of the region is read as Shift_JIS, as a Japanese Excel saves them.
    let folder = dir.path().join("sjis");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("accounts.csv"),
        std::fs::read(Path::new(OSAKA).join("accounts-sjis.csv")).unwrap(),
    )
    .unwrap();
    let reps = std::fs::read_to_string(Path::new(OSAKA).join("reps.csv")).unwrap();
    std::fs::write(folder.join("reps.csv"), encoding_rs::SHIFT_JIS.encode(&reps).0).unwrap();
    let accounts = folder.join("accounts.csv");
    let reps = folder.join("reps.csv");
    let named = osaka_day(
        &sjis_out,
        &[
            "--accounts",
            accounts.to_str().unwrap(),
            "--reps",
            reps.to_str().unwrap(),
            "--encoding",
            "shift_jis",
        ],
    );
    assert_eq!(named, utf8);

    // Named as UTF-8, the Shift_JIS file is refused at its first Japanese cell.
    let run = rounds(&[
        "plan",
        OSAKA,
        "--accounts",
        "fixtures/calendar/osaka/accounts-sjis.csv",
        "--encoding",
        "utf-8",
    ]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("accounts-sjis.csv line 2, field `name`: the text is not valid UTF-8"),
        "{stderr}"
    );
}

#[test]
fn an_absent_rep_is_not_planned_and_their_own_accounts_wait_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    week(&out, "2026-12-14", "4", &["--absences", KOTKA_ABSENCES]);
    let plan = read_json(&out);
    let days = plan["days"].as_array().unwrap();
    for day in &days[..3] {
        let reps: Vec<&str> =
            day["routes"].as_array().unwrap().iter().map(|r| r["rep"].as_str().unwrap()).collect();
        assert_eq!(reps, ["R1"], "R2 is on leave on {}", day["date"]);
    }
    // R1 is home by the doctor's appointment on the 17th.
    let r1 = days[3]["routes"].as_array().unwrap().iter().find(|r| r["rep"] == "R1");
    assert!(r1.is_none_or(|r| r["return"].as_str().unwrap() <= "12:00:00"), "{}", days[3]);
    // R2's own accounts that fall due wait, with the leave as their reason.
    let json = plan.to_string();
    assert!(json.contains("R2 is absent 2026-12-14 to 2026-12-16 (leave); only R2 may visit it"), "{json}");
    // The validator holds a day plan to the same absences.
    let day = dir.path().join("day.json");
    run_ok(&["plan", KOTKA, "--date", "2026-12-15", "--iterations", "300", "--out", day.to_str().unwrap()]);
    let check = rounds(&["check", "--plan", day.to_str().unwrap(), KOTKA, "--absences", KOTKA_ABSENCES]);
    let stdout = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("but R2 is absent 2026-12-14 to 2026-12-16 (leave)"), "{stdout}");
}

#[test]
fn absences_file_errors_name_file_line_and_field_and_write_nothing() {
    let cases: &[(&str, &str)] = &[
        (
            "rep,from,to\nR9,2026-12-14,2026-12-15\n",
            "line 2, field `rep`: `R9` is not a rep of the region (reps: R1, R2; or a rep's name)",
        ),
        (
            "rep,from,to\nR1,2026-12-14,2026-12-15\nR2,14/12/2026,\n",
            "line 3, field `from`: `14/12/2026` is not a date",
        ),
        (
            "rep,from,to\nR1,2026-12-14,2026-12-13\n",
            "line 2, field `to`: the last day 2026-12-13 is before the first day 2026-12-14",
        ),
        (
            "rep,from,to,start,end\nR1,2026-12-14,,13:00,\n",
            "line 2, field `end`: missing; a part-day absence gives both start and end",
        ),
        (
            "rep,from,start,end\nR1,2026-12-14,13:00,12:00\n",
            "line 2, field `end`: the absence ends before it starts",
        ),
        ("rep,to\nR1,2026-12-14\n", "missing required column `from`"),
    ];
    for (k, (contents, expected)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let file = kotka_with(dir.path(), "absences.csv", contents);
        let out = dir.path().join("plan.json");
        let run = rounds(&[
            "plan",
            dir.path().to_str().unwrap(),
            "--date",
            "2026-12-14",
            "--out",
            out.to_str().unwrap(),
        ]);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "case {k}: {stderr}");
        assert!(
            stderr.contains(&file.display().to_string()) && stderr.contains(expected),
            "case {k}: {stderr}"
        );
        assert!(!out.exists(), "case {k}: nothing written");
    }
    // The region folder's absences.csv is an input: no output may replace it.
    let dir = tempfile::tempdir().unwrap();
    let file = kotka_with(dir.path(), "absences.csv", "rep,from\nR1,2026-12-14\n");
    let run = rounds(&[
        "plan",
        dir.path().to_str().unwrap(),
        "--date",
        "2026-12-15",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("it is the input file"), "{}", text(&run.stderr));
}

/// The sample region around Osaka (`fixtures/calendar/osaka-month`, written by its `make.py`).
const OSAKA_MONTH: &str = "fixtures/calendar/osaka-month";

/// `(id, windows, closed)` of every account of the Osaka sample.
fn osaka_hours() -> std::collections::HashMap<String, (String, String)> {
    let accounts = std::fs::read_to_string(Path::new(OSAKA_MONTH).join("accounts.csv")).unwrap();
    accounts
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].to_string(), (cells[6].to_string(), cells[10].to_string()))
        })
        .collect()
}

#[test]
fn the_osaka_month_keeps_every_appointment_and_sends_nobody_on_leave_or_on_a_day_off() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("week.json");
    let args = ["week", OSAKA_MONTH, "--from", "2026-12-01", "--days", "23", "--holidays", "jp"];
    run_ok(&[&args[..], &["--iterations", "200", "--quiet", "--out", out.to_str().unwrap()]].concat());
    let week = read_json(&out);
    let days = week["days"].as_array().unwrap();
    let date_of = |d: &Value| NaiveDate::parse_from_str(d["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(days.len(), 23, "the Saturdays R5 works count");
    assert_eq!(date_of(days.last().unwrap()).to_string(), "2026-12-26");
    let visits = |d: &Value| -> Vec<(String, String, String)> {
        let mut all = Vec::new();
        for route in d["routes"].as_array().unwrap() {
            for stop in route["stops"].as_array().unwrap().iter().filter(|s| s["account"].is_string()) {
                let field = |k: &str| stop[k].as_str().unwrap().to_string();
                all.push((route["rep"].as_str().unwrap().to_string(), field("account"), field("start")));
            }
        }
        all
    };

    // Every appointment of the month, on its day, at its time, with its rep.
    let appointments = std::fs::read_to_string(Path::new(OSAKA_MONTH).join("appointments.csv")).unwrap();
    for line in appointments.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (account, date, start, window, rep) = (cells[0], cells[1], cells[2], cells[3], cells[4]);
        let day = days.iter().find(|d| d["date"] == date).unwrap_or_else(|| panic!("{date} is planned"));
        let kept: Vec<_> = visits(day).into_iter().filter(|v| v.1 == account).collect();
        assert_eq!(kept.len(), 1, "{line}: {kept:?}");
        let (by, _, at) = &kept[0];
        if !rep.is_empty() {
            assert_eq!(by, rep, "{line}");
        }
        if start.is_empty() {
            let (open, close) = window.split_once('-').unwrap();
            assert!(at[..5] >= *open && at[..5] < *close, "{line}: starts {at}");
        } else {
            assert_eq!(at, &format!("{start}:00"), "{line}");
        }
    }

    let hours = osaka_hours();
    for day in days {
        let date = date_of(day);
        // The office's year-end closing starts on the 29th; no national holiday falls in December.
        assert!(
            date.weekday() != chrono::Weekday::Sun && date < NaiveDate::from_ymd_opt(2026, 12, 29).unwrap()
        );
        for (rep, account, start) in visits(day) {
            // R2 on leave 14 to 18 December; R3 at the doctor from 13:00 on the 9th.
            let on_leave =
                rep == "R2" && ("2026-12-14".."2026-12-19").contains(&day["date"].as_str().unwrap());
            assert!(!on_leave, "{rep} visits {account} on {date} while on leave");
            if rep == "R3" && date.to_string() == "2026-12-09" {
                assert!(start.as_str() < "13:00", "R3 visits {account} at {start} on the 9th");
            }
            // A018's renovation.
            assert!(
                !(account == "A018" && ("2026-12-07".."2026-12-12").contains(&day["date"].as_str().unwrap()))
            );
            if date.weekday() == chrono::Weekday::Sat {
                let (windows, closed) = &hours[&account];
                assert_eq!(rep, "R5", "only the Saturday rep works Saturdays ({account} on {date})");
                let by_weekday = windows.starts_with(|c: char| c.is_alphabetic());
                let open = if by_weekday { windows.contains("Sat") } else { !closed.contains("Sat") };
                assert!(open, "{account} is open on Saturdays");
            }
        }
        for route in day["routes"].as_array().unwrap() {
            if route["rep"] == "R3" && date.to_string() == "2026-12-09" {
                assert!(route["return"].as_str().unwrap() <= "13:00:00", "{route:#}");
            }
        }
    }
    let saturdays = days.iter().filter(|d| date_of(d).weekday() == chrono::Weekday::Sat);
    assert!(saturdays.clone().all(|d| !visits(d).is_empty()), "R5 is out on each Saturday");
    assert_eq!(week["late"], serde_json::json!([]));
}

#[test]
fn the_osaka_sample_accounts_in_shift_jis_are_the_twin_of_the_utf8_ones() {
    let utf8 = std::fs::read_to_string(Path::new(OSAKA_MONTH).join("accounts.csv")).unwrap();
    let bytes = std::fs::read(Path::new(OSAKA_MONTH).join("accounts-sjis.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "the twin is not UTF-8");
    let (decoded, _, malformed) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!malformed && decoded.contains("\r\n"));
    assert_eq!(decoded.replace("\r\n", "\n"), utf8);
    assert!(utf8.contains('㈱'), "CP932's own characters are in it");
    // Read as a region, both give the same accounts.
    let read = |name: &str| {
        let dir = Path::new(OSAKA_MONTH);
        rounds::io::csv_region::read_region(&dir.join(name), &dir.join("reps.csv"), TextEncoding::Auto)
            .unwrap()
    };
    assert_eq!(read("accounts-sjis.csv").accounts, read("accounts.csv").accounts);
}

#[test]
fn book_offers_times_in_the_osaka_month() {
    let args = ["book", "A032", OSAKA_MONTH, "--holidays", "jp", "--from", "2026-12-01", "--days", "5"];
    let run = run_ok(&[&args[..], &["--iterations", "200", "--lang", "ja"]].concat());
    assert_eq!(
        text(&run.stdout),
        "A032 浪花青果 (30分の訪問) の候補: 稼働日 5日 (2026/12/01〜2026/12/05)、追加の運転が少ない順:
   #  日付                開始         担当   名称                    追加の運転
   1  2026年12月1日(火)   13:46-15:31  R1     中村 健一                     +0分
   2  2026年12月4日(金)   11:58-12:43  R1     中村 健一                     +2分
   3  2026年12月2日(水)   10:09-11:06  R5     松本 翔太                     +2分
検証済み: 各候補の日は訪問を入れて `rounds week` と同じく計画し (シード 1)、独立の検証を通っています
"
    );
}

#[test]
fn report_over_the_osaka_sample_log() {
    let log = format!("{OSAKA_MONTH}/visits.csv");
    let args = ["report", OSAKA_MONTH, "--log", &log, "--holidays", "jp", "--from", "2026-11-24"];
    let run = run_ok(&[&args[..], &["--to", "2026-11-30", "--lang", "ja"]].concat());
    let stdout = text(&run.stdout);
    for line in [
        "osaka-month: 訪問実績 2026年11月24日(火)〜2026年11月30日(月)\n",
        "チーム: 予定 119件、実施 111件、未実施 8件 (実施率 93.3%)、訪問間隔を守れた顧客 240件中 120件 (50.0%)\n",
        "  R5     松本 翔太                   42     41       1   97.6%       36           8        0\n",
        "  A165     ㈱大和青果             -      2026/11/19 2026/11/26    7日            4\n",
    ] {
        assert!(stdout.contains(line), "{line}in\n{stdout}");
    }
}
