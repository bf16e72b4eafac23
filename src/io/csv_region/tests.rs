//! The readers and writers of `accounts.csv` and `reps.csv`, on small files written by each test.

use std::fs;
use std::path::PathBuf;

use chrono::{NaiveDate, Weekday};

use super::*;
use crate::model::limits;
use crate::model::{BreakRule, LatLon, OpeningHours, Priority, TimeWindow};

/// Writes `text` as `name` in a fresh temporary directory.
fn fixture(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, text).unwrap();
    (dir, path)
}

const ACCOUNTS_HEADER: &str =
    "id,name,lat,lon,service_min,windows,every_days,last_visit,priority,closed,territory\n";
const REPS_HEADER: &str = "id,name,start_lat,start_lon,end_lat,end_lon,shift,break,max_visits\n";

fn accounts_err(body: &str) -> String {
    let (_dir, path) = fixture("accounts.csv", &format!("{ACCOUNTS_HEADER}{body}"));
    read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string()
}

fn reps_err(body: &str) -> String {
    let (_dir, path) = fixture("reps.csv", &format!("{REPS_HEADER}{body}"));
    read_reps(&path, TextEncoding::Auto).unwrap_err().to_string()
}

/// The message names the file, the line and the field.
fn assert_points_at(msg: &str, file: &str, line: u64, field: &str) {
    let place = format!("{file} line {line}, field `{field}`: ");
    assert!(msg.contains(&place), "expected `{place}` in: {msg}");
}

const GOOD_ROW: &str = "A1,Shop,52.37,4.89,30,09:00-17:00,7,,,,\n";

#[test]
fn reads_a_plain_accounts_file() {
    let (_dir, path) = fixture(
        "accounts.csv",
        &format!(
            "{ACCOUNTS_HEADER}{GOOD_ROW}A2,Bar,52.1,4.5,12.5,14:00-18:00 08:00-12:00,14,2024-05-01,high,\"sat, Sunday\",R1\n"
        ),
    );
    let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
    assert_eq!(accounts.len(), 2);
    let b = &accounts[1];
    assert_eq!(b.service_s, 750);
    let monday = b.hours.windows_on(Weekday::Mon).unwrap();
    assert_eq!(monday[0], TimeWindow::new(8 * 3600, 12 * 3600), "sorted by start");
    assert_eq!(b.last_visit, NaiveDate::from_ymd_opt(2024, 5, 1));
    assert_eq!(b.priority, Priority::High);
    assert!(!b.hours.is_open_on(Weekday::Sat) && !b.hours.is_open_on(Weekday::Sun));
    assert!(b.hours.is_open_on(Weekday::Fri));
    assert_eq!(b.territory.as_deref(), Some("R1"));
    assert_eq!(accounts[0].territory, None);
    assert_eq!(accounts[0].hours, OpeningHours::daily(vec![TimeWindow::new(9 * 3600, 17 * 3600)]));
}

#[test]
fn tolerates_bom_semicolons_odd_order_unknown_columns_and_blank_lines() {
    let text = "\u{feff} Every_Days ;LON;crm_owner;ID; lat ;service_min;Windows\r\n\
                \r\n\
                7;4,89;alice;A1;52,37;30;09:00 - 12:00\r\n\
                ;;;;;;\r\n\
                14;4.5;bob;A2;52.1;7,5;\r\n";
    let (_dir, path) = fixture("accounts.csv", text);
    let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0].id, "A1");
    assert_eq!(accounts[0].location, LatLon { lat: 52.37, lon: 4.89 });
    assert_eq!(accounts[0].hours, OpeningHours::daily(vec![TimeWindow::new(9 * 3600, 12 * 3600)]));
    assert_eq!(accounts[1].service_s, 450);
    assert_eq!(accounts[1].hours, OpeningHours::always());
    assert_eq!(accounts[1].every_days, 14);
}

#[test]
fn line_numbers_count_blank_lines() {
    let (_dir, path) =
        fixture("accounts.csv", &format!("{ACCOUNTS_HEADER}\n{GOOD_ROW}\n\nA2,x,abc,4.89,30,,7,,,,\n"));
    let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 6, "lat");
    // CRLF line ends, and a quoted cell spanning two lines.
    let (_dir, path) = fixture(
        "accounts.csv",
        &format!("{ACCOUNTS_HEADER}A1,\"two\r\nlines\",52,4,30,,7,,,,\r\n\r\nA2,x,abc,4,30,,7,,,,\r\n"),
    );
    let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 5, "lat");
}

#[test]
fn missing_column_is_named_with_the_columns_found() {
    let (_dir, path) = fixture("accounts.csv", "id,name,lon,service_min,every_days\nA1,x,4,30,7\n");
    let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert!(msg.contains("accounts.csv"), "{msg}");
    assert!(msg.contains("missing required column `lat`"), "{msg}");
    assert!(msg.contains("id, name, lon, service_min, every_days"), "{msg}");
}

#[test]
fn duplicate_column_is_an_error() {
    let (_dir, path) = fixture("accounts.csv", "id,lat,lon,LAT,service_min,every_days\nA1,1,2,3,30,7\n");
    let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert!(msg.contains("column `lat` appears twice"), "{msg}");
}

#[test]
fn japanese_headers_name_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (accounts, reps) = (dir.path().join("accounts.csv"), dir.path().join("reps.csv"));
    let japanese = |accounts_header: &str, reps_header: &str| {
        fs::write(
            &accounts,
            format!(
                "{accounts_header}\nA1,Shop,大阪市北区,34.7,135.5,30,09:00-17:00,14,2026-09-01,高,日,R1\n"
            ),
        )
        .unwrap();
        fs::write(&reps, format!("{reps_header}\nR1,Ann,34.6,135.4,08:30-17:30,12:00-13:00/45\n")).unwrap();
        read_region(&accounts, &reps, TextEncoding::Auto)
    };
    let english = japanese(
        "id,name,address,lat,lon,service_min,windows,every_days,last_visit,priority,closed,territory",
        "id,name,start_lat,start_lon,shift,break",
    )
    .unwrap();
    let headed = japanese(
        "顧客コード,店舗名,住所,緯度,経度,訪問時間（分）,営業時間,訪問周期 (日),最終訪問日,優先度,定休日,担当者",
        "担当者ＩＤ,氏名,出発地緯度,出発地経度,勤務時間,休憩",
    )
    .unwrap();
    assert_eq!(headed.accounts, english.accounts);
    assert_eq!(headed.reps, english.reps);

    // Errors name the column as the file heads it, and as rounds calls it.
    fs::write(
        &accounts,
        "顧客コード,緯度,経度,訪問時間,訪問周期,担当者\nA1,北緯34,135.5,30,14,R1\nA2,34.7,135.5,30,14,R9\n",
    )
    .unwrap();
    let msg = read_region(&accounts, &reps, TextEncoding::Auto).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 2, "緯度 (lat)");
    fs::write(&accounts, "顧客コード,緯度,経度,訪問時間,訪問周期,担当者\nA2,34.7,135.5,30,14,R9\n").unwrap();
    let msg = read_region(&accounts, &reps, TextEncoding::Auto).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 2, "担当者 (territory)");

    fs::write(&accounts, "顧客コード,経度,訪問時間,訪問周期\nA1,135.5,30,14\n").unwrap();
    let msg = read_accounts(&accounts, TextEncoding::Auto).unwrap_err().to_string();
    assert!(
        msg.contains("missing required column `lat` (the header has: 顧客コード, 経度, 訪問時間, 訪問周期;"),
        "{msg}"
    );
    assert!(msg.contains("also read: `lat` as 緯度"), "{msg}");

    fs::write(&accounts, "id,緯度,lon,lat,service_min,every_days\nA1,1,2,3,30,7\n").unwrap();
    let msg = read_accounts(&accounts, TextEncoding::Auto).unwrap_err().to_string();
    assert!(msg.contains("column `lat` appears twice (columns 2 `緯度` and 4)"), "{msg}");
}

#[test]
fn bad_number() {
    let msg = accounts_err(&format!("{GOOD_ROW}A2,x,abc,4.89,30,,7,,,,\n"));
    assert_points_at(&msg, "accounts.csv", 3, "lat");
    assert!(msg.contains("`abc` is not a number"), "{msg}");
    let msg = accounts_err("A1,x,52,4.89,half an hour,,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "service_min");
    let msg = accounts_err("A1,x,52,4.89,0,,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "service_min");
    let msg = accounts_err("A1,x,52,4.89,30,,0,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "every_days");
    let msg = accounts_err("A1,x,52,4.89,30,,2.5,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "every_days");
    let msg = accounts_err("A1,x,52,,30,,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "lon");
    assert!(msg.contains("missing"), "{msg}");
}

#[test]
fn nan_and_infinite_coordinates() {
    let msg = accounts_err("A1,x,NaN,4.89,30,,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "lat");
    assert!(msg.contains("not a finite number"), "{msg}");
    let msg = accounts_err("A1,x,52,-inf,30,,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "lon");
}

#[test]
fn out_of_range_coordinates() {
    let msg = accounts_err("A1,x,90.5,4.89,30,,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "lat");
    assert!(msg.contains("from -90 to 90"), "{msg}");
    let msg = accounts_err("A1,x,52,-181,30,,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "lon");
}

#[test]
fn window_end_before_start() {
    let msg = accounts_err("A1,x,52,4.89,30,17:00-09:00,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "windows");
    assert!(msg.contains("ends before it starts"), "{msg}");
    let msg = accounts_err("A1,x,52,4.89,30,9am-5pm,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "windows");
}

#[test]
fn overlapping_windows() {
    let msg = accounts_err("A1,x,52,4.89,30,13:00-18:00 08:00-14:00,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "windows");
    assert!(msg.contains("08:00-14:00 and 13:00-18:00 overlap"), "{msg}");
}

#[test]
fn window_too_short_for_the_visit() {
    let msg = accounts_err("A1,x,52,4.89,45,08:00-12:00 12:00-12:30,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "windows");
    assert!(msg.contains("cannot fit"), "{msg}");
}

#[test]
fn unknown_weekday() {
    let msg = accounts_err("A1,x,52,4.89,30,,7,,,Sat Sonntag,\n");
    assert_points_at(&msg, "accounts.csv", 2, "closed");
    assert!(msg.contains("`Sonntag` is not a weekday"), "{msg}");
}

#[test]
fn visit_frequencies_written_in_japanese() {
    let every = |cell: &str| {
        let (_dir, path) = fixture("accounts.csv", &format!("{ACCOUNTS_HEADER}A1,x,52,4.8,30,,{cell},,,,\n"));
        read_accounts(&path, TextEncoding::Auto).map(|a| a[0].every_days).map_err(|e| e.to_string())
    };
    for (cell, days) in [
        ("14", 14),
        ("14日", 14),
        ("２週", 14),
        ("4週間", 28),
        ("毎週", 7),
        ("隔週", 14),
        ("週1回", 7),
        ("週７回", 1),
        ("10日に1回", 10),
        ("2週に1回", 14),
        ("3週間に一回", 21),
    ] {
        assert_eq!(every(cell), Ok(days), "{cell}");
    }
    let msg = every("0日").unwrap_err();
    assert!(msg.contains("field `every_days`: `0日` is out of range"), "{msg}");
    let msg = every("999999999週").unwrap_err();
    assert!(msg.contains("`999999999週` is out of range"), "{msg}");
    // A month is 28 days to one team and 30 to another: the error offers both.
    for (cell, choices) in [
        ("月1回", "`4週` (28 days) or `30日`"),
        ("毎月", "`4週` (28 days) or `30日`"),
        ("月に1回", "`4週` (28 days) or `30日`"),
        ("隔月", "`8週` (56 days) or `60日`"),
        ("3ヶ月に1回", "`12週` (84 days) or `90日`"),
        ("月2回", "`14日` or `15日`"),
        ("月4回", "`7日` or `8日`"),
    ] {
        let msg = every(cell).unwrap_err();
        assert!(
            msg.contains(&format!(
                "`{cell}` is not a number of days: write the cycle the team keeps, {choices}"
            )),
            "{msg}"
        );
        assert_points_at(&msg, "accounts.csv", 2, "every_days");
    }
    let msg = every("週２回").unwrap_err();
    assert!(msg.contains("`週2回` is not a whole number of days: write `3日` or `4日`"), "{msg}");
}

#[test]
fn japanese_closed_days() {
    let (_dir, path) = fixture(
        "accounts.csv",
        &format!("{ACCOUNTS_HEADER}A1,x,52,4.89,30,,7,,,土日祝,\nA2,x,52,4.89,30,,7,,,年中無休,\nA3,x,52,4.89,30,,7,,,水曜・日曜,\n"),
    );
    let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
    let closed = |a: &crate::model::Account| -> Vec<Weekday> {
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
            .into_iter()
            .filter(|&d| a.hours.windows_on(d).is_none())
            .collect()
    };
    assert_eq!(closed(&accounts[0]), [Weekday::Sat, Weekday::Sun]);
    assert_eq!(closed(&accounts[1]), []);
    assert_eq!(closed(&accounts[2]), [Weekday::Wed, Weekday::Sun]);
    let on_holidays: Vec<bool> = accounts.iter().map(|a| a.hours.closes_on_public_holidays()).collect();
    assert_eq!(on_holidays, [true, false, false]);
}

#[test]
fn closed_on_public_holidays_is_written_back() {
    let (_dir, path) = fixture(
        "accounts.csv",
        &format!(
            "{ACCOUNTS_HEADER}A1,x,52,4.89,30,,7,,,土日祝,\nA2,x,52,4.89,30,月～金 9:00～17:00,7,,,祝日,\n"
        ),
    );
    let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
    assert_eq!(account_cells(&accounts[0])[10], "Sat Sun 祝");
    assert_eq!(account_cells(&accounts[1])[9..11], ["normal", "Sat Sun 祝"]);
    let mut written = Vec::new();
    write_accounts(&mut written, &accounts).unwrap();
    fs::write(&path, written).unwrap();
    assert_eq!(read_accounts(&path, TextEncoding::Auto).unwrap(), accounts);
}

#[test]
fn duplicate_id_names_the_first_line() {
    let msg = accounts_err(&format!("{GOOD_ROW}A2,x,52,4.89,30,,7,,,,\n{GOOD_ROW}"));
    assert_points_at(&msg, "accounts.csv", 4, "id");
    assert!(msg.contains("already used on line 2"), "{msg}");
    let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,,\nR1,Bob,52,4.8,,,08:00-17:00,,\n");
    assert_points_at(&msg, "reps.csv", 3, "id");
}

#[test]
fn empty_id() {
    let msg = accounts_err(",x,52,4.89,30,,7,,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "id");
}

#[test]
fn territory_naming_an_unknown_rep() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = dir.path().join("accounts.csv");
    let reps = dir.path().join("reps.csv");
    fs::write(&accounts, format!("{ACCOUNTS_HEADER}{GOOD_ROW}A2,x,52,4.89,30,,7,,,,R9\n")).unwrap();
    fs::write(&reps, format!("{REPS_HEADER}R1,Ann,52,4.8,,,08:00-17:00,,\n")).unwrap();
    let msg = read_region(&accounts, &reps, TextEncoding::Auto).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 3, "territory");
    assert!(msg.contains("`R9` is not a rep"), "{msg}");
    assert!(msg.contains("R1"), "{msg}");

    fs::write(&accounts, format!("{ACCOUNTS_HEADER}{GOOD_ROW}A2,x,52,4.89,30,,7,,,,R1\n")).unwrap();
    let region = read_region(&accounts, &reps, TextEncoding::Auto).unwrap();
    assert_eq!(region.accounts.len(), 2);
    assert_eq!(region.reps.len(), 1);
}

#[test]
fn territory_naming_a_rep_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = dir.path().join("accounts.csv");
    let reps = dir.path().join("reps.csv");
    fs::write(
        &reps,
        format!("{REPS_HEADER}R1,山田 太郎,52,4.8,,,08:00-17:00,,\nR2,佐藤 花子,52,4.8,,,08:00-17:00,,\n"),
    )
    .unwrap();
    // As a Japanese CRM's 担当者 column names the rep, with any spacing.
    fs::write(
        &accounts,
        format!("{ACCOUNTS_HEADER}A1,x,52,4.89,30,,7,,,,山田\u{3000}太郎\nA2,x,52,4.89,30,,7,,,,佐藤花子\n"),
    )
    .unwrap();
    let region = read_region(&accounts, &reps, TextEncoding::Auto).unwrap();
    let territories: Vec<_> = region.accounts.iter().map(|a| a.territory.as_deref()).collect();
    assert_eq!(territories, [Some("R1"), Some("R2")], "the name is replaced by the rep's id");

    fs::write(
        &reps,
        format!("{REPS_HEADER}R1,山田 太郎,52,4.8,,,08:00-17:00,,\nR3,山田 太郎,52,4.8,,,08:00-17:00,,\n"),
    )
    .unwrap();
    let msg = read_region(&accounts, &reps, TextEncoding::Auto).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 2, "territory");
    assert!(msg.contains("`山田\u{3000}太郎` is the name of 2 reps in"), "{msg}");
    assert!(msg.contains("(R1, R3); give the rep's id"), "{msg}");
}

#[test]
fn every_file_naming_a_rep_reads_the_rep_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        path
    };
    let reps = "R1,山田 太郎,52,4.8,,,08:00-17:00,,\nR2,佐藤 花子,52,4.8,,,08:00-17:00,,\n";
    let region = read_region(
        &file("accounts.csv", &format!("{ACCOUNTS_HEADER}{GOOD_ROW}A2,x,52,4.89,30,,7,,,,R2\n")),
        &file("reps.csv", &format!("{REPS_HEADER}{reps}")),
        TextEncoding::Auto,
    )
    .unwrap();
    let absences = file("absences.csv", "担当者,開始日\n山田太郎,2026-12-01\n");
    let absences = crate::io::absences::read_absences(&absences, &region.reps, TextEncoding::Auto).unwrap();
    assert_eq!(absences.list[0].rep, "R1");
    let appointments =
        file("appointments.csv", "account,date,start,rep\nA2,2026-12-01,10:00,佐藤\u{3000}花子\n");
    let appointments =
        crate::io::appointments::read_appointments(&appointments, &region, TextEncoding::Auto).unwrap();
    assert_eq!(appointments.list[0].rep.as_deref(), Some("R2"));
    let split = file("split.csv", "account,rep\nA1,佐藤 花子\nA2,R2\n");
    assert_eq!(crate::io::csv_split::read_assignments(&split, &region).unwrap(), [Some(1), Some(1)]);

    // A name two reps share needs the id, in every file.
    let twins = file("twins.csv", &format!("{REPS_HEADER}{reps}R3,山田 太郎,52,4.8,,,08:00-17:00,,\n"));
    let region = read_region(&dir.path().join("accounts.csv"), &twins, TextEncoding::Auto).unwrap();
    let absences = dir.path().join("absences.csv");
    let msg = crate::io::absences::read_absences(&absences, &region.reps, TextEncoding::Auto).unwrap_err();
    assert!(
        msg.to_string().contains("`山田太郎` is the name of 2 reps in the region (R1, R3); give"),
        "{msg}"
    );
    let split = file("split.csv", "account,rep\nA1,山田 太郎\n");
    let msg = crate::io::csv_split::read_assignments(&split, &region).unwrap_err().to_string();
    assert!(msg.contains("line 2, field `rep`: `山田 太郎` is the name of 2 reps"), "{msg}");
}

#[test]
fn empty_file() {
    for text in ["", "\u{feff}", "\n  \n"] {
        let (_dir, path) = fixture("accounts.csv", text);
        let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert!(msg.contains("accounts.csv: empty file"), "{msg}");
    }
}

#[test]
fn header_only_file() {
    let (_dir, path) = fixture("accounts.csv", ACCOUNTS_HEADER);
    let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert!(msg.contains("accounts.csv: no accounts"), "{msg}");
    let (_dir, path) = fixture("reps.csv", &format!("{REPS_HEADER}\n,,,\n"));
    let msg = read_reps(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert!(msg.contains("reps.csv: no reps"), "{msg}");
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.csv");
    let err = read_accounts(&path, TextEncoding::Auto).unwrap_err();
    assert!(matches!(err, InputError::Read { .. }));
    assert!(err.to_string().contains("accounts.csv"), "{err}");
}

#[test]
fn bad_date() {
    let msg = accounts_err("A1,x,52,4.89,30,,7,2024-02-30,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "last_visit");
    assert!(msg.contains("YYYY-MM-DD"), "{msg}");
    let msg = accounts_err("A1,x,52,4.89,30,,7,31/05/2024,,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "last_visit");
}

#[test]
fn bad_priority() {
    let msg = accounts_err("A1,x,52,4.89,30,,7,,urgent,,\n");
    assert_points_at(&msg, "accounts.csv", 2, "priority");
    assert!(msg.contains("high, normal or low"), "{msg}");
}

#[test]
fn not_utf8_names_the_field() {
    let mut bytes = ACCOUNTS_HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"A1,Caf\xe9,52,4.89,30,,7,,,,\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.csv");
    fs::write(&path, bytes).unwrap();
    let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 2, "name");
    assert!(msg.contains("UTF-8"), "{msg}");
}

#[test]
fn shift_jis_files_read_like_utf8_ones() {
    let text = format!("{ACCOUNTS_HEADER}A1,株式会社なにわ商事 ①,34.69,135.50,30,,7,,,,\n");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.csv");
    fs::write(&path, &bytes).unwrap();
    for encoding in [TextEncoding::Auto, TextEncoding::ShiftJis] {
        assert_eq!(read_accounts(&path, encoding).unwrap()[0].name, "株式会社なにわ商事 ①");
    }
    let msg = read_accounts(&path, TextEncoding::Utf8).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 2, "name");
    assert!(msg.contains("not valid UTF-8"), "{msg}");
    // A header that is not UTF-8 names the column by number.
    fs::write(&path, encoding_rs::SHIFT_JIS.encode("id,名前,lat\n").0).unwrap();
    let msg = read_accounts(&path, TextEncoding::Utf8).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 1, "column 2");
}

#[test]
fn reads_reps() {
    let (_dir, path) = fixture(
        "reps.csv",
        &format!("{REPS_HEADER}R1,Ann,52,4.8,,,08:00-17:00,12:00-13:30/30,8\nR2,Bob,51,4.1,51.5,4.2,07:30-16:00,,\n"),
    );
    let reps = read_reps(&path, TextEncoding::Auto).unwrap();
    assert_eq!(reps[0].end, reps[0].start);
    assert_eq!(
        reps[0].lunch,
        Some(BreakRule { start_window: TimeWindow::new(12 * 3600, 13 * 3600 + 1800), duration_s: 1800 })
    );
    assert_eq!(reps[0].max_visits, Some(8));
    assert_eq!(reps[1].end, LatLon { lat: 51.5, lon: 4.2 });
    assert_eq!(reps[1].lunch, None);
    assert_eq!(reps[1].max_visits, None);
}

#[test]
fn reads_hours_and_shifts_by_weekday_and_writes_them_back() {
    let (_dir, path) = fixture(
        "accounts.csv",
        &format!(
            "{ACCOUNTS_HEADER}A1,x,52,4.89,30,\"Mon-Fri 09:00-12:00 13:00-17:00; Sat 10:00-14:00\",7,,,Wed,\n\
             A2,x,52,4.89,30,09:00-17:00,7,,,Sat Sun,\n"
        ),
    );
    let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
    let hours = &accounts[0].hours;
    assert_eq!(hours.windows_on(Weekday::Sat), Some(&[TimeWindow::new(10 * 3600, 14 * 3600)][..]));
    assert_eq!(hours.windows_on(Weekday::Wed), None, "the closed column closes a named day");
    assert_eq!(hours.windows_on(Weekday::Sun), None, "a day not named is closed");
    let mut bytes = Vec::new();
    write_accounts(&mut bytes, &accounts).unwrap();
    let written = String::from_utf8(bytes).unwrap();
    assert!(written.contains(",\"Mon,Tue 09:00-12:00 13:00-17:00; Thu,Fri 09:00-12:00 13:00-17:00; Sat 10:00-14:00\",7,,normal,,\n"), "{written}");
    assert!(written.contains(",09:00-17:00,7,,normal,Sat Sun,\n"), "{written}");
    let (_dir2, again) = fixture("accounts.csv", &written);
    assert_eq!(read_accounts(&again, TextEncoding::Auto).unwrap(), accounts);

    let (_dir3, path) = fixture(
        "reps.csv",
        &format!("{REPS_HEADER}R1,Ann,52,4.8,,,Mon-Thu 08:00-16:30; Fri 08:00-12:00; Sat 09:00-12:00,11:00-13:00/30,\n"),
    );
    let reps = read_reps(&path, TextEncoding::Auto).unwrap();
    assert_eq!(reps[0].shift.on(Weekday::Fri), Some(TimeWindow::new(8 * 3600, 12 * 3600)));
    assert_eq!(reps[0].shift.on(Weekday::Sun), None);
    let mut bytes = Vec::new();
    write_reps(&mut bytes, &reps).unwrap();
    let (_dir4, again) = fixture("reps.csv", std::str::from_utf8(&bytes).unwrap());
    assert_eq!(read_reps(&again, TextEncoding::Auto).unwrap(), reps);
    // A break that fits no day's shift is refused with the longest day's complaint.
    let msg = reps_err("R1,Ann,52,4.8,,,Mon-Thu 08:00-16:30; Fri 08:00-12:00,16:00-17:00/30,\n");
    assert_points_at(&msg, "reps.csv", 2, "break");
    assert!(msg.contains("not inside the shift 08:00-16:30"), "{msg}");
    let msg = reps_err("R1,Ann,52,4.8,,,Mon-Fri 08:00-12:00 13:00-17:00,,\n");
    assert_points_at(&msg, "reps.csv", 2, "shift");
    assert!(msg.contains("a shift is one range a day"), "{msg}");
}

#[test]
fn break_outside_shift() {
    let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,16:30-17:30/30,\n");
    assert_points_at(&msg, "reps.csv", 2, "break");
    assert!(msg.contains("not inside the shift 08:00-17:00"), "{msg}");
    let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,12:00-13:00,\n");
    assert_points_at(&msg, "reps.csv", 2, "break");
    let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,12:00-13:00/0,\n");
    assert_points_at(&msg, "reps.csv", 2, "break");
    let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,16:00-17:00/90,\n");
    assert_points_at(&msg, "reps.csv", 2, "break");
    assert!(msg.contains("ends after the shift"), "{msg}");
}

#[test]
fn end_lat_without_end_lon() {
    let msg = reps_err("R1,Ann,52,4.8,52.1,,08:00-17:00,,\n");
    assert_points_at(&msg, "reps.csv", 2, "end_lon");
    assert!(msg.contains("`end_lat` is given"), "{msg}");
    let msg = reps_err("R1,Ann,52,4.8,,4.1,08:00-17:00,,\n");
    assert_points_at(&msg, "reps.csv", 2, "end_lat");
    // Only one of the two columns in the header at all.
    let (_dir, path) =
        fixture("reps.csv", "id,start_lat,start_lon,end_lat,shift\nR1,52,4.8,52.1,08:00-17:00\n");
    let msg = read_reps(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert_points_at(&msg, "reps.csv", 2, "end_lon");
}

#[test]
fn bad_shift_and_max_visits() {
    let msg = reps_err("R1,Ann,52,4.8,,,17:00-08:00,,\n");
    assert_points_at(&msg, "reps.csv", 2, "shift");
    let msg = reps_err("R1,Ann,52,4.8,,,08:00-08:00,,\n");
    assert_points_at(&msg, "reps.csv", 2, "shift");
    let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,,-1\n");
    assert_points_at(&msg, "reps.csv", 2, "max_visits");
    let msg = reps_err("R1,Ann,95,4.8,,,08:00-17:00,,\n");
    assert_points_at(&msg, "reps.csv", 2, "start_lat");
}

#[test]
fn bad_preferred_days() {
    let (_dir, path) = fixture(
        "accounts.csv",
        "id,lat,lon,service_min,every_days,closed,preferred_days\n\
         A1,60.1,24.9,30,7,,Tue Tues\nA2,60.1,24.9,30,7,Sun,日\nA3,60.1,24.9,30,7,,火木\nA4,60.1,24.9,30,7,,火 祝\n",
    );
    let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
    assert!(msg.starts_with("3 problems found:"), "`火木` is Tuesday and Thursday: {msg}");
    assert_points_at(&msg, "accounts.csv", 2, "preferred_days");
    assert!(msg.contains("`Tues` is not a weekday"), "{msg}");
    assert_points_at(&msg, "accounts.csv", 3, "preferred_days");
    assert!(msg.contains("`日` is preferred but the account is closed on Sun"), "{msg}");
    assert_points_at(&msg, "accounts.csv", 5, "preferred_days");
    assert!(msg.contains("`祝` is not a weekday"), "{msg}");
}

#[test]
fn csv_round_trip() {
    let (_dir, path) = fixture(
        "accounts.csv",
        &format!(
            "{ACCOUNTS_HEADER}{GOOD_ROW}\
             A2,\"Bar, \"\"the\"\" corner\",-33.8688197,151.2092955,12.345,14:00-18:00 08:00:30-12:00,14,2024-05-01,high,Sun sat,R1\n\
             A3,,0.1,-0.2,1,,1,,low,mon tue wed thu fri sat sun,\n"
        ),
    );
    let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
    let mut bytes = Vec::new();
    write_accounts(&mut bytes, &accounts).unwrap();
    let (_dir2, again) = fixture("accounts.csv", std::str::from_utf8(&bytes).unwrap());
    assert_eq!(read_accounts(&again, TextEncoding::Auto).unwrap(), accounts);
    assert!(!std::str::from_utf8(&bytes).unwrap().contains("address"), "no address, no column");

    // An address, in any script and with a comma, is read and written back as given.
    let (_dir5, path) = fixture(
        "accounts.csv",
        "id,name,address,lat,lon,service_min,every_days\n\
         A1,梅田薬局,\"大阪府大阪市北区梅田1-2-3, 2F\",34.7025,135.4959,30,7\nA2,,,34.7,135.5,20,14\n",
    );
    let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
    assert_eq!(accounts[0].address, "大阪府大阪市北区梅田1-2-3, 2F");
    assert_eq!(accounts[1].address, "");
    let mut bytes = Vec::new();
    write_accounts(&mut bytes, &accounts).unwrap();
    let (_dir6, again) = fixture("accounts.csv", std::str::from_utf8(&bytes).unwrap());
    assert_eq!(read_accounts(&again, TextEncoding::Auto).unwrap(), accounts);

    // Preferred days in any accepted spelling are written back as `Tue Thu`.
    let (_dir7, path) = fixture(
        "accounts.csv",
        "id,lat,lon,service_min,every_days,closed,preferred_days\n\
         A1,60.1,24.9,30,7,Sat Sun,\"thursday, Tue\"\nA2,60.1,24.9,30,7,,火 木曜 金曜日、月\nA3,60.1,24.9,30,7,,\n",
    );
    let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
    assert_eq!(accounts[0].preferred_days, [Weekday::Tue, Weekday::Thu]);
    assert_eq!(accounts[1].preferred_days, [Weekday::Mon, Weekday::Tue, Weekday::Thu, Weekday::Fri]);
    assert!(accounts[2].preferred_days.is_empty());
    let mut bytes = Vec::new();
    write_accounts(&mut bytes, &accounts).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.contains(",Sat Sun,,Tue Thu\n") && text.contains(",Mon Tue Thu Fri\n"), "{text}");
    let (_dir8, again) = fixture("accounts.csv", text);
    assert_eq!(read_accounts(&again, TextEncoding::Auto).unwrap(), accounts);

    let (_dir3, path) = fixture(
        "reps.csv",
        &format!("{REPS_HEADER}R1,Ann,52.0001,4.8,,,08:00-17:00,12:00-13:30/30.5,8\nR2,Bob,51,4.1,51.5,4.2,07:30-16:00:15,,0\n"),
    );
    let reps = read_reps(&path, TextEncoding::Auto).unwrap();
    let mut bytes = Vec::new();
    write_reps(&mut bytes, &reps).unwrap();
    let (_dir4, again) = fixture("reps.csv", std::str::from_utf8(&bytes).unwrap());
    assert_eq!(read_reps(&again, TextEncoding::Auto).unwrap(), reps);
}

#[test]
fn every_bad_row_is_reported_up_to_fifty_then_counted() {
    let bad: String = (0..60).map(|k| format!("B{k},x,abc,4.89,30,,7,,,,\n")).collect();
    let msg = accounts_err(&format!("{GOOD_ROW}{bad}"));
    assert!(msg.starts_with("60 problems found:"), "{msg}");
    assert_points_at(&msg, "accounts.csv", 3, "lat");
    assert_points_at(&msg, "accounts.csv", 52, "lat");
    assert!(!msg.contains("line 53,"), "{msg}");
    assert!(msg.ends_with("... and 10 more"), "{msg}");
}

#[test]
fn both_files_of_a_region_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = dir.path().join("accounts.csv");
    let reps = dir.path().join("reps.csv");
    fs::write(&accounts, format!("{ACCOUNTS_HEADER}A1,x,52,4.89,30,,0,,,,\n{GOOD_ROW}")).unwrap();
    fs::write(&reps, format!("{REPS_HEADER}R1,Ann,52,4.8,,,08:00-07:00,,\n")).unwrap();
    let msg = read_region(&accounts, &reps, TextEncoding::Auto).unwrap_err().to_string();
    assert!(msg.starts_with("2 problems found:"), "{msg}");
    assert_points_at(&msg, "accounts.csv", 2, "every_days");
    assert_points_at(&msg, "reps.csv", 2, "shift");
}

#[test]
fn a_long_value_is_cut_in_the_message() {
    let long = "9".repeat(1_000_000);
    let msg = accounts_err(&format!("A1,x,52,4.89,30,,{long},,,,\n"));
    assert_points_at(&msg, "accounts.csv", 2, "every_days");
    assert!(msg.contains("(1000000 characters in all)"), "{}", &msg[..300]);
    assert!(msg.len() < 1000, "{}", msg.len());
}

#[test]
fn a_last_visit_after_the_day_planned_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = dir.path().join("accounts.csv");
    let reps = dir.path().join("reps.csv");
    fs::write(&accounts, format!("{ACCOUNTS_HEADER}A1,x,52,4.89,30,,7,2062-11-24,,,\n")).unwrap();
    fs::write(&reps, format!("{REPS_HEADER}R1,Ann,52,4.8,,,08:00-17:00,,\n")).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 24);
    let msg = read_region_as_of(&accounts, &reps, TextEncoding::Auto, day).unwrap_err().to_string();
    assert_points_at(&msg, "accounts.csv", 2, "last_visit");
    assert!(msg.contains("2062-11-24 is after 2026-11-24, the day planned"), "{msg}");
    assert!(read_region(&accounts, &reps, TextEncoding::Auto).is_ok());
}

#[test]
fn too_many_rows_are_refused_with_the_limit() {
    let rows: String = (0..=limits::MAX_REPS).map(|k| format!("R{k},,52,4.8,,,08:00-17:00,,\n")).collect();
    let msg = reps_err(&rows);
    assert!(msg.contains("more than 500 reps"), "{msg}");
    assert!(msg.contains("split the team"), "{msg}");
}

#[test]
fn never_panics_on_garbage() {
    let inputs: &[&[u8]] = &[
        b"\"",
        b"id,lat\n\"unterminated",
        b";;;\n;;;",
        b"id,lat,lon,service_min,every_days\n\xff\xfe,\x00,,,\n",
        b"id,lat,lon,service_min,every_days,windows\nA,1,1,1e308,1,\n",
        b"id,lat,lon,service_min,every_days,windows\nA,1,1,1,99999999999,\n",
        b"id,lat,lon,service_min,every_days,windows\nA,1,1,1,1,--\n",
        b"id,lat,lon,service_min,every_days,windows\nA,1,1,1,1,24:00-24:00\n",
    ];
    for bytes in inputs {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.csv");
        fs::write(&path, bytes).unwrap();
        assert!(read_accounts(&path, TextEncoding::Auto).is_err());
        let path = dir.path().join("reps.csv");
        fs::write(&path, bytes).unwrap();
        assert!(read_reps(&path, TextEncoding::Auto).is_err());
    }
}
