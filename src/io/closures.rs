//! `closures.csv`: dates an account is closed (renovation, inventory, a
//! customer's company holiday).
//!
//! ```text
//! account,from,to,note
//! A17,2026-12-07,2026-12-18,renovation
//! A3,2026-12-09,,inventory
//! ```
//!
//! Read like `absences.csv` (`,` or `;`, UTF-8 or Shift_JIS). `account`
//! names an account of `accounts.csv`; `from` and `to` are the first and last
//! day closed (`to` empty: one day), written as the holidays file writes
//! dates; `note` says why, and is shown as the reason a due account waits. A
//! file with a header and no rows is an empty list. What a closure does to a
//! plan: [`crate::model::calendar`].

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;

use super::csv_region::{japanese_headers, write_table, Header, Row, Sheet};
use super::holidays::DATE_EXPECTED;
use super::text::TextEncoding;
use super::{shown, InputError, Problems};
use crate::model::limits::{self, read_date};
use crate::model::{Account, Closure, Closures};

/// Reads a closures file; every `account` must be one of `accounts`.
pub fn read_closures(
    path: &Path,
    accounts: &[Account],
    encoding: TextEncoding,
) -> Result<Closures, InputError> {
    let mut problems = Problems::default();
    let header = Header { required: &["account", "from"], other_names: japanese_headers::CLOSURES };
    let sheet = Sheet::load_rows(path, &header, encoding, &limits::ROWS, &mut problems)?;
    let closures = closures_of(&sheet, accounts, &mut problems);
    problems.finish(closures)
}

/// The closures of a sheet's rows; bad rows go to `problems`.
fn closures_of(sheet: &Sheet, accounts: &[Account], problems: &mut Problems) -> Closures {
    let known: HashSet<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
    let mut list = Vec::new();
    for row in sheet.rows() {
        list.extend(problems.keep(read_row(&row, &known)));
    }
    Closures { list }
}

/// The columns [`write_closures`] writes, in order: the cells of [`closure_cells`].
pub const CLOSURE_COLUMNS: &[&str] = &["account", "from", "to", "note"];

/// A closure's cells in the order of [`CLOSURE_COLUMNS`], as [`write_closures`]
/// writes them: [`read_closures`] reads them back to the same closure.
pub fn closure_cells(closure: &Closure) -> Vec<String> {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    vec![closure.account.clone(), day(closure.from), day(closure.to), closure.note.clone()]
}

/// Writes `closures` as `closures.csv` (comma-delimited, with a header).
pub fn write_closures<W: std::io::Write>(w: W, closures: &Closures) -> std::io::Result<()> {
    write_table(w, CLOSURE_COLUMNS, closures.list.iter().map(closure_cells))
}

/// Closures from rows of [`CLOSURE_COLUMNS`] cells kept elsewhere than a file
/// (the database), each with the number errors call its line, read by the
/// rules of the file; `source` names them in errors.
pub fn closures_from_rows(
    source: &Path,
    rows: Vec<(u64, Vec<String>)>,
    accounts: &[Account],
) -> Result<Closures, InputError> {
    let mut problems = Problems::default();
    let closures = closures_of(&Sheet::from_rows(source, CLOSURE_COLUMNS, rows), accounts, &mut problems);
    problems.finish(closures)
}

fn read_row(row: &Row<'_>, known: &HashSet<&str>) -> Result<Closure, InputError> {
    let account = row.parse_as_written("account", |text| {
        if text.is_empty() {
            Err("missing; every closure names an account".to_string())
        } else if known.contains(text) {
            Ok(text.to_string())
        } else {
            Err(format!("`{}` is not an account of the region (accounts.csv `id`)", shown(text)))
        }
    })?;
    let from = row.parse("from", |text| date(text, "the first day closed"))?;
    let to = row.parse("to", |text| {
        if text.is_empty() {
            return Ok(from);
        }
        let to = date(text, "the last day closed, or empty for one day")?;
        if to < from {
            return Err(format!("the last day {to} is before the first day {from}"));
        }
        Ok(to)
    })?;
    Ok(Closure { account, from, to, note: row.text("note").to_string() })
}

fn date(text: &str, what: &str) -> Result<NaiveDate, String> {
    if text.is_empty() {
        return Err(format!("missing; {DATE_EXPECTED}"));
    }
    read_date(text).ok_or_else(|| format!("`{text}` is not a date ({what}); {DATE_EXPECTED}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LatLon;

    fn read(text: &str) -> Result<Closures, InputError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("closures.csv");
        std::fs::write(&path, text).unwrap();
        let accounts: Vec<Account> =
            ["A1", "A17"].map(|id| Account::new(id, LatLon { lat: 60.0, lon: 25.0 }, 600, 7)).to_vec();
        read_closures(&path, &accounts, TextEncoding::Auto)
    }

    #[test]
    fn reads_closures_with_one_day_and_notes() {
        let set =
            read("account,from,to,note\nA17,2026-12-07,2026-12-18,renovation\nA1,2026-12-09,,\n").unwrap();
        assert_eq!(set.list.len(), 2);
        assert_eq!(set.list[1].to, set.list[1].from);
        assert_eq!(
            set.reason(
                &Account::new("A17", LatLon { lat: 60.0, lon: 25.0 }, 600, 7),
                "2026-12-10".parse().unwrap()
            )
            .unwrap(),
            "A17 is closed 2026-12-07 to 2026-12-18: renovation"
        );
        assert!(read("account,from,to\n").unwrap().list.is_empty(), "a header alone is an empty list");
    }

    #[test]
    fn every_bad_row_is_named_with_its_line_and_field() {
        let msg = read("account,from,to\nA9,2026-12-07,2026-12-08\nA1,2026-13-01,\nA1,2026-12-08,2026-12-07\n,2026-12-01,\n")
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("4 problems found:"), "{msg}");
        assert!(
            msg.contains("closures.csv line 2, field `account`: `A9` is not an account of the region"),
            "{msg}"
        );
        assert!(msg.contains("closures.csv line 3, field `from`: `2026-13-01` is not a date"), "{msg}");
        assert!(
            msg.contains(
                "closures.csv line 4, field `to`: the last day 2026-12-07 is before the first day 2026-12-08"
            ),
            "{msg}"
        );
        assert!(msg.contains("closures.csv line 5, field `account`: missing"), "{msg}");
        let msg = read("id,from\nA1,2026-12-07\n").unwrap_err().to_string();
        assert!(msg.contains("missing required column `account`"), "{msg}");
    }
}
