//! `reps.csv`: its columns, the rules of each column and the way it is written back.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use super::cells::{decimal, minutes_text, minutes_to_s, required_id, window_text};
use super::japanese_headers;
use super::sheet::{write_table, Header, Row, Sheet};
use super::{check_unique, InputError, Problems};
use crate::io::text::TextEncoding;
use crate::model::limits;
use crate::model::{BreakRule, LatLon, Rep, Shift, TimeWindow};

/// Columns `reps.csv` must have.
const REP_REQUIRED: &[&str] = &["id", "start_lat", "start_lon", "shift"];
/// Columns [`write_reps`] writes, in order: the cells of [`rep_cells`].
pub const REP_COLUMNS: &[&str] =
    &["id", "name", "start_lat", "start_lon", "end_lat", "end_lon", "shift", "break", "max_visits"];

/// Reads `reps.csv`.
///
/// Required columns: `id` (non-empty, unique), `start_lat`, `start_lon`
/// (degrees), `shift` (`HH:MM-HH:MM`, not empty, or by weekday like
/// `Mon-Thu 08:00-16:30; Fri 08:00-14:00`, see [`Shift::parse`]). Optional: `name`,
/// `end_lat` and `end_lon` (both or neither; the day ends at the start when
/// absent), `break` (`HH:MM-HH:MM/MM`: the window the break starts in, inside
/// the shift of at least one working day, and its length in minutes),
/// `max_visits` (whole number from 0 to 1000).
/// At most [`limits::MAX_REPS`] rows.
pub fn read_reps(path: &Path, encoding: TextEncoding) -> Result<Vec<Rep>, InputError> {
    let mut problems = Problems::default();
    let reps = reps_in(path, encoding, &mut problems)?;
    problems.finish(reps)
}

/// Writes reps as `reps.csv` (comma-delimited, with a header) that
/// [`read_reps`] reads back to the same values.
pub fn write_reps<W: Write>(w: W, reps: &[Rep]) -> io::Result<()> {
    write_table(w, REP_COLUMNS, reps.iter().map(rep_cells))
}

/// A rep's cells in the order of [`REP_COLUMNS`], spelled as [`write_reps`] writes them.
pub fn rep_cells(r: &Rep) -> Vec<String> {
    let lunch = r
        .lunch
        .map(|b| format!("{}/{}", window_text(b.start_window), minutes_text(b.duration_s)))
        .unwrap_or_default();
    vec![
        r.id.clone(),
        r.name.clone(),
        r.start.lat.to_string(),
        r.start.lon.to_string(),
        r.end.lat.to_string(),
        r.end.lon.to_string(),
        r.shift.to_string(),
        lunch,
        r.max_visits.map(|n| n.to_string()).unwrap_or_default(),
    ]
}

/// Reads reps; bad rows go to `problems`.
pub(super) fn reps_in(
    path: &Path,
    encoding: TextEncoding,
    problems: &mut Problems,
) -> Result<Vec<Rep>, InputError> {
    let header = Header { required: REP_REQUIRED, other_names: japanese_headers::REPS };
    let sheet = Sheet::load(path, &header, "reps", encoding, &limits::REPS, problems)?;
    Ok(reps_of(&sheet, problems))
}

/// Every good row of a reps sheet; bad rows go to `problems`.
pub(super) fn reps_of(sheet: &Sheet, problems: &mut Problems) -> Vec<Rep> {
    let mut first_line_of_id: HashMap<String, u64> = HashMap::new();
    let mut reps = Vec::with_capacity(sheet.row_count());
    for row in sheet.rows() {
        let Some(rep) = problems.keep(parse_rep(&row)) else { continue };
        if problems.keep(check_unique(&row, &rep.id, &mut first_line_of_id)).is_some() {
            reps.push(rep);
        }
    }
    reps
}

fn parse_rep(row: &Row<'_>) -> Result<Rep, InputError> {
    const BOTH_OR_NEITHER: &str = "give both `end_lat` and `end_lon`, or neither to end the day at the start";
    let dc = row.decimal_comma();
    let id = row.parse_as_written("id", required_id)?;
    let name = row.text("name").to_string();
    let start = LatLon {
        lat: row.parse("start_lat", |t| decimal(t, dc, &limits::LATITUDE))?,
        lon: row.parse("start_lon", |t| decimal(t, dc, &limits::LONGITUDE))?,
    };
    let end = match (row.text("end_lat").is_empty(), row.text("end_lon").is_empty()) {
        (true, true) => start,
        (false, true) => {
            let problem = format!("missing while `end_lat` is given; {BOTH_OR_NEITHER}");
            return Err(row.error("end_lon", problem));
        }
        (true, false) => {
            let problem = format!("missing while `end_lon` is given; {BOTH_OR_NEITHER}");
            return Err(row.error("end_lat", problem));
        }
        (false, false) => LatLon {
            lat: row.parse("end_lat", |t| decimal(t, dc, &limits::LATITUDE))?,
            lon: row.parse("end_lon", |t| decimal(t, dc, &limits::LONGITUDE))?,
        },
    };
    let shift = row.parse("shift", shift)?;
    let lunch = row.parse("break", |t| break_rule(t, &shift, dc))?;
    let max_visits = row.parse_optional("max_visits", |t| limits::MAX_VISITS.parse(t))?;
    Ok(Rep { id, name, start, end, shift, lunch, max_visits })
}

/// The working day, the same every day (`08:00-17:00`) or by weekday
/// (`Mon-Thu 08:00-16:30; Fri 08:00-14:00`, [`Shift::parse`]).
fn shift(text: &str) -> Result<Shift, String> {
    const EXPECTED: &str = "expected the working day like 08:00-17:00, or by weekday like \
                            `Mon-Thu 08:00-16:30; Fri 08:00-14:00`";
    if text.is_empty() {
        return Err(format!("missing; {EXPECTED}"));
    }
    let shift = Shift::parse(text).map_err(|e| format!("{e}; {EXPECTED}"))?;
    if shift.windows().next().is_none() {
        return Err(format!("`{text}` names no working day; {EXPECTED}"));
    }
    Ok(shift)
}

/// `HH:MM-HH:MM/MM`: the window the break starts in and its length in
/// minutes; it must fit in the shift of at least one working day (a shorter
/// day that ends before the break window closes needs no break).
fn break_rule(text: &str, shift: &Shift, decimal_comma: bool) -> Result<Option<BreakRule>, String> {
    let mut days = shift.windows().collect::<Vec<_>>();
    // The longest day first: its complaint is the one shown when no day fits.
    days.sort_by_key(|w| std::cmp::Reverse(w.len_s()));
    let mut first_error = None;
    for day in days {
        match break_in_day(text, day, decimal_comma) {
            Ok(rule) => return Ok(rule),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    Err(first_error.unwrap_or_default())
}

/// [`break_rule`] for one day's shift.
fn break_in_day(text: &str, shift: TimeWindow, decimal_comma: bool) -> Result<Option<BreakRule>, String> {
    const EXPECTED: &str = "expected the start window and minutes like 12:00-13:30/30, or empty for no break";
    if text.is_empty() {
        return Ok(None);
    }
    let (window, minutes) =
        text.split_once('/').ok_or_else(|| format!("`{text}` has no `/minutes`; {EXPECTED}"))?;
    let start_window = TimeWindow::parse(window.trim()).map_err(|e| format!("{e}; {EXPECTED}"))?;
    let duration_s = minutes_to_s(minutes.trim(), decimal_comma, "the break length")?;
    if !(shift.contains(start_window.open_s) && shift.contains(start_window.close_s)) {
        return Err(format!(
            "the break start window {start_window} is not inside the shift {shift}; \
             expected a window within the shift"
        ));
    }
    if start_window.open_s + duration_s > shift.close_s {
        return Err(format!(
            "a {}-minute break starting at {} at the earliest ends after the shift ends at {}",
            minutes_text(duration_s),
            crate::model::Hm(start_window.open_s),
            crate::model::Hm(shift.close_s)
        ));
    }
    Ok(Some(BreakRule { start_window, duration_s }))
}
