//! `absences.csv`: days, or parts of days, a rep does not work.
//!
//! ```text
//! rep,from,to,start,end,note
//! R3,2026-12-01,2026-12-05,,,leave
//! R1,2026-12-02,2026-12-02,13:00,17:00,doctor
//! ```
//!
//! Read like `accounts.csv` (`,` or `;`, UTF-8 or Shift_JIS). `rep` names
//! a rep of `reps.csv` by id or by name (`山田 太郎`); `from` and `to` are the first and last day absent
//! (`to` empty: one day), written as the holidays file writes dates;
//! `start` and `end` (both or neither) make it the same part of each of
//! those days; `note` says why. A file with a header and no rows is an
//! empty list. What an absence does to a plan: [`crate::model::calendar`].

use std::path::Path;

use chrono::NaiveDate;

use super::csv_region::{
    clock_text, japanese_headers, unknown_rep, write_table, Header, RepNames, Row, Sheet,
};
use super::holidays::DATE_EXPECTED;
use super::text::TextEncoding;
use super::{InputError, Problems};
use crate::model::limits::{self, read_date};
use crate::model::time::parse_clock;
use crate::model::{Absence, Absences, Rep, TimeWindow};

/// Reads an absences file; every `rep` must be one of `reps`.
pub fn read_absences(path: &Path, reps: &[Rep], encoding: TextEncoding) -> Result<Absences, InputError> {
    let mut problems = Problems::default();
    let header = Header { required: &["rep", "from"], other_names: japanese_headers::ABSENCES };
    let sheet = Sheet::load_rows(path, &header, encoding, &limits::ROWS, &mut problems)?;
    let absences = absences_of(&sheet, reps, &mut problems);
    problems.finish(absences)
}

/// The absences of a sheet's rows; bad rows go to `problems`.
fn absences_of(sheet: &Sheet, reps: &[Rep], problems: &mut Problems) -> Absences {
    let mut list = Vec::new();
    let names = RepNames::new(reps);
    for row in sheet.rows() {
        list.extend(problems.keep(read_row(&row, reps, &names)));
    }
    Absences { list }
}

/// The columns [`write_absences`] writes, in order: the cells of [`absence_cells`].
pub const ABSENCE_COLUMNS: &[&str] = &["rep", "from", "to", "start", "end", "note"];

/// An absence's cells in the order of [`ABSENCE_COLUMNS`], as [`write_absences`]
/// writes them: [`read_absences`] reads them back to the same absence.
pub fn absence_cells(absence: &Absence) -> Vec<String> {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let (start, end) = absence
        .part
        .map_or((String::new(), String::new()), |w| (clock_text(w.open_s), clock_text(w.close_s)));
    vec![absence.rep.clone(), day(absence.from), day(absence.to), start, end, absence.note.clone()]
}

/// Writes `absences` as `absences.csv` (comma-delimited, with a header).
pub fn write_absences<W: std::io::Write>(w: W, absences: &Absences) -> std::io::Result<()> {
    write_table(w, ABSENCE_COLUMNS, absences.list.iter().map(absence_cells))
}

/// Absences from rows of [`ABSENCE_COLUMNS`] cells kept elsewhere than a file
/// (the database), each with the number errors call its line, read by the
/// rules of the file; `source` names them in errors.
pub fn absences_from_rows(
    source: &Path,
    rows: Vec<(u64, Vec<String>)>,
    reps: &[Rep],
) -> Result<Absences, InputError> {
    let mut problems = Problems::default();
    let absences = absences_of(&Sheet::from_rows(source, ABSENCE_COLUMNS, rows), reps, &mut problems);
    problems.finish(absences)
}

/// An absence of a row; its `rep` names a rep by id or by name, kept as the id.
fn read_row(row: &Row<'_>, reps: &[Rep], names: &RepNames<'_>) -> Result<Absence, InputError> {
    let rep = row.parse_as_written("rep", |text| {
        if text.is_empty() {
            return Err("missing; every absence names a rep".to_string());
        }
        match names.find(text) {
            Ok(rep) => Ok(reps[rep].id.clone()),
            Err(no_rep) => Err(no_rep.problem(text, "the region", || unknown_rep(text, reps))),
        }
    })?;
    let from = row.parse("from", |text| date(text, "the first day absent"))?;
    let to = row.parse("to", |text| {
        if text.is_empty() {
            return Ok(from);
        }
        let to = date(text, "the last day absent, or empty for one day")?;
        if to < from {
            return Err(format!("the last day {to} is before the first day {from}"));
        }
        Ok(to)
    })?;
    let part = read_part(row)?;
    Ok(Absence { rep, from, to, part, note: row.text("note").to_string() })
}

fn date(text: &str, what: &str) -> Result<NaiveDate, String> {
    if text.is_empty() {
        return Err(format!("missing; {DATE_EXPECTED}"));
    }
    read_date(text).ok_or_else(|| format!("`{text}` is not a date ({what}); {DATE_EXPECTED}"))
}

/// The `start` and `end` columns: both empty for whole days, else a window.
fn read_part(row: &Row<'_>) -> Result<Option<TimeWindow>, InputError> {
    let clock = |field: &str| row.parse_optional(field, parse_clock);
    match (clock("start")?, clock("end")?) {
        (None, None) => Ok(None),
        (Some(open_s), Some(close_s)) if open_s < close_s => Ok(Some(TimeWindow::new(open_s, close_s))),
        (Some(_), Some(_)) => Err(row.error("end", "the absence ends before it starts")),
        (Some(_), None) => Err(row.error("end", "missing; a part-day absence gives both start and end")),
        (None, Some(_)) => Err(row.error("start", "missing; a part-day absence gives both start and end")),
    }
}
