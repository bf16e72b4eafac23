//! `appointments.csv`: visits agreed with customers for a date and time.
//!
//! ```text
//! account,date,start,rep,duration_min,note
//! A01,2026-12-03,10:00,R1,45,price talk
//! A07,2026-12-04,,,,
//! ```
//!
//! Read like `accounts.csv` (`,` or `;`, UTF-8 or Shift_JIS). `account`
//! names an account of `accounts.csv`; `date` is written as the holidays
//! file writes dates; the time is either `start` (the visit starts exactly
//! then) or `window` (`10:00-11:00`: it starts within it); the file has at
//! least one of the two columns and each row fills exactly one. Optional:
//! `rep` (a rep of `reps.csv`, by id or by name, allowed by the account's territory),
//! `duration_min` (default the account's `service_min`) and `note`. One
//! appointment per account and day. Every bad row is reported. What an
//! appointment does to a plan: [`crate::model::calendar`].

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::csv_region::{
    clock_text, japanese_headers, minutes_text, unknown_rep, window_text, write_table, Header, RepNames, Row,
    Sheet,
};
use super::holidays::DATE_EXPECTED;
use super::text::TextEncoding;
use super::{InputError, Problems};
use crate::model::limits::{self, read_date};
use crate::model::time::parse_clock;
use crate::model::{Appointment, AppointmentTime, Appointments, Region, TimeWindow};

/// Reads an appointments file; accounts and reps must be those of `region`.
pub fn read_appointments(
    path: &Path,
    region: &Region,
    encoding: TextEncoding,
) -> Result<Appointments, InputError> {
    let mut problems = Problems::default();
    let header = Header { required: &["account", "date"], other_names: japanese_headers::APPOINTMENTS };
    let sheet = Sheet::load_rows(path, &header, encoding, &limits::ROWS, &mut problems)?;
    if !sheet.columns().iter().any(|c| c == "start" || c == "window") {
        return Err(InputError::File {
            file: path.to_path_buf(),
            problem: "no `start` or `window` column; an appointment gives its time as `start` (10:00) \
                      or `window` (10:00-11:00)"
                .to_string(),
        });
    }
    let appointments = appointments_of(&sheet, region, &mut problems);
    problems.finish(appointments)
}

/// The appointments of a sheet's rows, one per account and day; bad rows go to `problems`.
fn appointments_of(sheet: &Sheet, region: &Region, problems: &mut Problems) -> Appointments {
    let mut list: Vec<Appointment> = Vec::new();
    let mut lines: HashMap<(String, NaiveDate), u64> = HashMap::new();
    let names = RepNames::new(&region.reps);
    for row in sheet.rows() {
        let Some(appointment) = problems.keep(read_row(&row, region, &names)) else { continue };
        let key = (appointment.account.clone(), appointment.date);
        if let Some(first) = lines.get(&key) {
            problems.push(row.error(
                "date",
                format!(
                    "{} already has an appointment on {} (line {first}); one appointment per account and day",
                    appointment.account, appointment.date
                ),
            ));
            continue;
        }
        lines.insert(key, row.line);
        list.push(appointment);
    }
    Appointments { list }
}

/// The columns [`write_appointments`] writes, in order: the cells of [`appointment_cells`].
pub const APPOINTMENT_COLUMNS: &[&str] =
    &["account", "date", "start", "window", "rep", "duration_min", "note"];

/// An appointment's cells in the order of [`APPOINTMENT_COLUMNS`], as
/// [`write_appointments`] writes them (the duration always written):
/// [`read_appointments`] reads them back to the same appointment.
pub fn appointment_cells(appointment: &Appointment) -> Vec<String> {
    let (start, window) = match appointment.time {
        AppointmentTime::At(start_s) => (clock_text(start_s), String::new()),
        AppointmentTime::Within(window) => (String::new(), window_text(window)),
    };
    vec![
        appointment.account.clone(),
        appointment.date.format("%Y-%m-%d").to_string(),
        start,
        window,
        appointment.rep.clone().unwrap_or_default(),
        minutes_text(appointment.duration_s),
        appointment.note.clone(),
    ]
}

/// Writes `appointments` as `appointments.csv` (comma-delimited, with a header).
pub fn write_appointments<W: std::io::Write>(w: W, appointments: &Appointments) -> std::io::Result<()> {
    write_table(w, APPOINTMENT_COLUMNS, appointments.list.iter().map(appointment_cells))
}

/// Appointments from rows of [`APPOINTMENT_COLUMNS`] cells kept elsewhere than
/// a file (the database), each with the number errors call its line, read by
/// the rules of the file; `source` names them in errors.
pub fn appointments_from_rows(
    source: &Path,
    rows: Vec<(u64, Vec<String>)>,
    region: &Region,
) -> Result<Appointments, InputError> {
    let mut problems = Problems::default();
    let sheet = Sheet::from_rows(source, APPOINTMENT_COLUMNS, rows);
    let appointments = appointments_of(&sheet, region, &mut problems);
    problems.finish(appointments)
}

/// An appointment of a row; its `rep`, if any, names a rep by id or by name, kept as the id.
fn read_row(row: &Row<'_>, region: &Region, names: &RepNames<'_>) -> Result<Appointment, InputError> {
    let account = row.parse_as_written("account", |text| {
        if text.is_empty() {
            return Err("missing; every appointment names an account".to_string());
        }
        region.account_index(text).ok_or_else(|| format!("`{text}` is not an account of the region"))
    })?;
    let account = &region.accounts[account];
    let date = row.parse("date", |text| {
        if text.is_empty() {
            return Err(format!("missing; {DATE_EXPECTED}"));
        }
        read_date(text).ok_or_else(|| format!("`{text}` is not a date; {DATE_EXPECTED}"))
    })?;
    let time = read_time(row)?;
    let rep = row.parse_as_written("rep", |text| {
        if text.is_empty() {
            return Ok(None);
        }
        let rep = match names.find(text) {
            Ok(rep) => &region.reps[rep].id,
            Err(no_rep) => return Err(no_rep.problem(text, "the region", || unknown_rep(text, &region.reps))),
        };
        match &account.territory {
            Some(only) if only != rep => {
                Err(format!("`{text}` may not visit {}: only {only} may (its territory)", account.id))
            }
            _ => Ok(Some(rep.clone())),
        }
    })?;
    let duration_s = row.parse("duration_min", |text| {
        if text.is_empty() {
            return Ok(account.service_s);
        }
        let minutes = limits::DURATION_MIN.parse(text)?;
        Ok(((minutes * 60.0).round() as i64).max(1))
    })?;
    Ok(Appointment {
        account: account.id.clone(),
        date,
        time,
        rep,
        duration_s,
        note: row.text("note").to_string(),
    })
}

/// The `start` or `window` cell: exactly one of them filled.
fn read_time(row: &Row<'_>) -> Result<AppointmentTime, InputError> {
    match (row.text("start").is_empty(), row.text("window").is_empty()) {
        (false, true) => row.parse("start", |text| parse_clock(text).map(AppointmentTime::At)),
        (true, false) => row.parse("window", |text| {
            let window = TimeWindow::parse(text)?;
            if window.open_s == window.close_s {
                return Err(format!("`{text}` is an empty window; give `start` for an exact time"));
            }
            Ok(AppointmentTime::Within(window))
        }),
        (true, true) => Err(row.error("start", "missing; give `start` (10:00) or `window` (10:00-11:00)")),
        (false, false) => Err(row.error("window", "both `start` and `window` are given; give one of them")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, LatLon, Rep};

    fn region() -> Region {
        let place = LatLon { lat: 60.0, lon: 25.0 };
        let mut mine = Account::new("A2", place, 1800, 7);
        mine.territory = Some("R1".into());
        let rep = |id: &str| Rep {
            id: id.into(),
            name: String::new(),
            start: place,
            end: place,
            shift: TimeWindow::parse("08:00-16:00").unwrap().into(),
            lunch: None,
            max_visits: None,
        };
        Region {
            accounts: vec![Account::new("A1", place, 1200, 7), mine],
            reps: vec![rep("R1"), rep("R2")],
            ..Default::default()
        }
    }

    fn read(text: &str) -> Result<Appointments, InputError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("appointments.csv");
        std::fs::write(&path, text).unwrap();
        read_appointments(&path, &region(), TextEncoding::Auto)
    }

    #[test]
    fn reads_starts_windows_reps_and_durations() {
        let set = read(
            "account,date,start,window,rep,duration_min,note\n\
             A1,2026-12-03,10:00,,,,\n\
             A2,2026/12/04,,13:00-15:00,R1,45,price talk\n",
        )
        .unwrap();
        assert_eq!(set.list.len(), 2);
        assert_eq!(set.list[0].time, AppointmentTime::At(36_000));
        assert_eq!(set.list[0].duration_s, 1200, "the account's service time");
        assert_eq!(set.list[1].time, AppointmentTime::Within(TimeWindow::new(46_800, 54_000)));
        assert_eq!(set.list[1].rep.as_deref(), Some("R1"));
        assert_eq!(set.list[1].duration_s, 2700);
        assert_eq!(set.list[1].note, "price talk");
    }

    #[test]
    fn every_bad_row_is_named_by_line_and_field() {
        let err = read(
            "account,date,start,window,rep\n\
             A9,2026-12-03,10:00,,\n\
             A1,2026-13-03,10:00,,\n\
             A1,2026-12-03,25:00,,\n\
             A1,2026-12-04,,,\n\
             A1,2026-12-05,10:00,,R7\n\
             A2,2026-12-05,10:00,,R2\n\
             A1,2026-12-07,10:00,,\n\
             A1,2026-12-07,11:00,,\n",
        )
        .unwrap_err()
        .to_string();
        for expected in [
            "line 2, field `account`: `A9` is not an account of the region",
            "line 3, field `date`: `2026-13-03` is not a date",
            "line 4, field `start`: `25:00`",
            "line 5, field `start`: missing; give `start` (10:00) or `window` (10:00-11:00)",
            "line 6, field `rep`: `R7` is not a rep of the region (reps: R1, R2; or a rep's name)",
            "line 7, field `rep`: `R2` may not visit A2: only R1 may (its territory)",
            "line 9, field `date`: A1 already has an appointment on 2026-12-07 (line 8)",
        ] {
            assert!(err.contains(expected), "{expected}\nnot in\n{err}");
        }
    }

    #[test]
    fn a_file_without_a_time_column_is_refused() {
        let err = read("account,date\nA1,2026-12-03\n").unwrap_err().to_string();
        assert!(err.contains("no `start` or `window` column"), "{err}");
    }
}
