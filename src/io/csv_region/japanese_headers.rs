//! The Japanese names a team's spreadsheet or CRM export heads rounds'
//! columns with, file by file, in one place: `顧客コード` for an account's
//! `id`, `緯度` for `lat`. Each list is lower-case and without spaces, as
//! [`super::sheet::Header`] matches a header cell; a unit in brackets after a
//! name (`訪問時間（分）`) is left out before matching. A name stands for one
//! column of a file only, and a name that means different things to
//! different people (`顧客`, a name or a code) is left out.

/// `(column, names)`: the other names of a file's columns.
pub(in crate::io) type OtherNames = &'static [(&'static str, &'static [&'static str])];

/// Names of an account's id, in every file that names an account.
const ACCOUNT_IDS: &[&str] = &[
    "顧客id",
    "顧客コード",
    "顧客番号",
    "得意先id",
    "得意先コード",
    "得意先番号",
    "取引先id",
    "取引先コード",
    "取引先番号",
    "訪問先id",
    "訪問先コード",
];

/// Names of a rep's id in a file that names a rep, where `担当者` can only
/// mean the rep's id.
const REP_IDS: &[&str] = &[
    "担当者",
    "担当",
    "担当者id",
    "担当者コード",
    "営業担当",
    "担当営業",
    "社員id",
    "社員番号",
    "社員コード",
];

const NOTES: &[&str] = &["備考", "メモ", "内容", "理由"];
const FROM: &[&str] = &["開始日", "開始", "から"];
const TO: &[&str] = &["終了日", "終了", "まで"];

/// `accounts.csv`.
pub(super) const ACCOUNTS: OtherNames = &[
    ("id", ACCOUNT_IDS),
    ("name", &["顧客名", "得意先名", "取引先名", "訪問先名", "会社名", "店舗名", "店名", "名称", "名前"]),
    ("address", &["住所", "所在地"]),
    ("lat", &["緯度"]),
    ("lon", &["経度"]),
    ("service_min", &["訪問時間", "滞在時間", "所要時間", "商談時間", "作業時間"]),
    ("windows", &["営業時間", "訪問可能時間", "訪問可能時間帯", "訪問時間帯", "受付時間"]),
    ("every_days", &["訪問周期", "訪問間隔", "訪問頻度", "訪問サイクル", "周期"]),
    ("last_visit", &["最終訪問日", "前回訪問日", "最終訪問"]),
    ("priority", &["優先度", "優先順位", "重要度"]),
    ("closed", &["定休日", "休業日", "休日"]),
    ("territory", REP_IDS),
    ("preferred_days", &["希望曜日", "訪問希望曜日", "訪問曜日"]),
];

/// `reps.csv`.
pub(super) const REPS: OtherNames = &[
    ("id", &["担当者id", "担当者コード", "社員id", "社員番号", "社員コード"]),
    ("name", &["担当者名", "氏名", "名前", "社員名"]),
    ("start_lat", &["出発地緯度", "出発緯度", "始点緯度"]),
    ("start_lon", &["出発地経度", "出発経度", "始点経度"]),
    ("end_lat", &["帰着地緯度", "帰着緯度", "到着地緯度", "終点緯度"]),
    ("end_lon", &["帰着地経度", "帰着経度", "到着地経度", "終点経度"]),
    ("shift", &["勤務時間", "就業時間", "勤務時間帯"]),
    ("break", &["休憩", "休憩時間"]),
    ("max_visits", &["最大訪問件数", "最大訪問数", "訪問上限", "上限件数"]),
];

/// An appointments file.
pub(in crate::io) const APPOINTMENTS: OtherNames = &[
    ("account", ACCOUNT_IDS),
    ("date", &["日付", "訪問日", "予定日", "予約日"]),
    ("rep", REP_IDS),
    ("duration_min", &["所要時間", "訪問時間", "滞在時間"]),
    ("start", &["開始時刻", "開始時間", "時刻", "予約時刻", "訪問時刻"]),
    ("window", &["時間帯", "訪問時間帯"]),
    ("note", NOTES),
];

/// An absences file.
pub(in crate::io) const ABSENCES: OtherNames = &[
    ("rep", REP_IDS),
    ("from", FROM),
    ("to", TO),
    ("start", &["開始時刻", "開始時間"]),
    ("end", &["終了時刻", "終了時間"]),
    ("note", NOTES),
];

/// A closures file.
pub(in crate::io) const CLOSURES: OtherNames =
    &[("account", ACCOUNT_IDS), ("from", FROM), ("to", TO), ("note", NOTES)];

/// A territory split (`account,rep`).
pub(in crate::io) const SPLIT: OtherNames = &[("account", ACCOUNT_IDS), ("rep", REP_IDS)];

#[cfg(test)]
mod tests {
    use super::*;

    /// The manual's table of these names ([Japanese column headers] in
    /// `docs/calendar.md`) is this module's lists, row for row.
    #[test]
    fn the_manual_lists_every_name() {
        let files: [(&str, OtherNames); 6] = [
            ("`accounts.csv`", ACCOUNTS),
            ("`reps.csv`", REPS),
            ("appointments", APPOINTMENTS),
            ("absences", ABSENCES),
            ("closures", CLOSURES),
            ("a territory split", SPLIT),
        ];
        // A column the same in several files is one row naming them all.
        let mut rows: Vec<(&str, &[&str], Vec<&str>)> = Vec::new();
        for (file, columns) in files {
            for &(column, names) in columns {
                match rows.iter_mut().find(|(c, n, _)| *c == column && *n == names) {
                    Some((_, _, in_files)) => in_files.push(file),
                    None => rows.push((column, names, vec![file])),
                }
            }
        }
        let mut table = String::from("| column | file | also headed |\n|---|---|---|\n");
        for (column, names, in_files) in rows {
            let names: Vec<String> = names.iter().map(|n| n.to_ascii_uppercase()).collect();
            table += &format!("| `{column}` | {} | {} |\n", in_files.join(", "), names.join(", "));
        }
        let manual = include_str!("../../../docs/calendar.md");
        assert!(manual.contains(&table), "docs/calendar.md should hold:\n{table}");
    }

    /// A name heads one column of a file, never two.
    #[test]
    fn no_name_heads_two_columns_of_a_file() {
        for columns in [ACCOUNTS, REPS, APPOINTMENTS, ABSENCES, CLOSURES, SPLIT] {
            let mut seen = std::collections::HashSet::new();
            for name in columns.iter().flat_map(|(_, names)| names.iter()) {
                assert!(seen.insert(name), "{name} names two columns");
                assert_eq!(name.to_lowercase(), *name, "{name} is matched lower-case");
                assert!(!name.contains(char::is_whitespace), "{name} is matched without spaces");
            }
        }
    }
}
