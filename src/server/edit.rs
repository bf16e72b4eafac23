//! Editing the team's calendar (absences, appointments) and accounts from
//! the manager's pages and the API, with the rules of the files: a row is
//! the cells of `absences.csv`, `appointments.csv` or `accounts.csv` under
//! their column names, read back with every row of its file by that file's
//! reader, so a value the file would refuse is refused here, naming the
//! column. The edit is stored as a new import derived from the latest
//! ([`Store::import_edit`]), with `serve:USER` as its source.

use std::path::Path;

use chrono::NaiveDate;

use super::ServerError;
use crate::io::absences::{absence_cells, absences_from_rows, ABSENCE_COLUMNS};
use crate::io::appointments::{appointment_cells, appointments_from_rows, APPOINTMENT_COLUMNS};
use crate::io::csv_region::{account_cells, region_from_rows, rep_cells, ACCOUNT_COLUMNS};
use crate::io::InputError;
use crate::model::Region;
use crate::store::{ImportSummary, Store};

/// The accounts.csv columns a manager may change from the pages.
pub const ACCOUNT_EDITABLE: &[&str] =
    &["address", "service_min", "windows", "every_days", "priority", "preferred_days", "territory"];

/// Which list of the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarList {
    /// `absences.csv`.
    Absences,
    /// `appointments.csv`.
    Appointments,
}

impl CalendarList {
    /// The list named in a path (`absences`, `appointments`).
    pub fn parse(text: &str) -> Result<CalendarList, ServerError> {
        match text {
            "absences" => Ok(CalendarList::Absences),
            "appointments" => Ok(CalendarList::Appointments),
            _ => Err(ServerError::NotFound(format!("no calendar list `{text}` (absences, appointments)"))),
        }
    }

    /// Its name in paths.
    pub fn name(self) -> &'static str {
        match self {
            CalendarList::Absences => "absences",
            CalendarList::Appointments => "appointments",
        }
    }

    /// Its file's columns, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            CalendarList::Absences => ABSENCE_COLUMNS,
            CalendarList::Appointments => APPOINTMENT_COLUMNS,
        }
    }

    /// The rows of `region`'s list, as the file's cells.
    pub fn rows(self, region: &Region) -> Vec<Vec<String>> {
        match self {
            CalendarList::Absences => region.absences.list.iter().map(absence_cells).collect(),
            CalendarList::Appointments => region.appointments.list.iter().map(appointment_cells).collect(),
        }
    }

    /// Sets `region`'s list to `rows`, read by the file's rules (the
    /// header is line 1); a refused row is a 400 naming its column.
    fn set(self, region: &mut Region, rows: Vec<Vec<String>>) -> Result<(), ServerError> {
        let file = Path::new(match self {
            CalendarList::Absences => "absences.csv",
            CalendarList::Appointments => "appointments.csv",
        });
        let numbered = rows.into_iter().enumerate().map(|(i, cells)| (i as u64 + 2, cells)).collect();
        match self {
            CalendarList::Absences => {
                region.absences = absences_from_rows(file, numbered, &region.reps).map_err(refused)?;
            }
            CalendarList::Appointments => {
                region.appointments = appointments_from_rows(file, numbered, region).map_err(refused)?;
            }
        }
        Ok(())
    }
}

/// A reader's refusal as a 400 naming the column (the first problem, when several).
fn refused(err: InputError) -> ServerError {
    match err {
        InputError::Field { field, problem, .. } => ServerError::bad(&field, problem),
        InputError::Several { mut problems, .. } if !problems.is_empty() => refused(problems.swap_remove(0)),
        other => ServerError::bad("row", other.to_string()),
    }
}

/// The cells of a row given by column name (`value` of each column; a
/// column not given is empty), refusing a name that is not a column.
pub fn cells_of<'a>(
    columns: &[&str],
    given: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<String>, ServerError> {
    let mut cells = vec![String::new(); columns.len()];
    for (name, value) in given {
        let Some(at) = columns.iter().position(|c| *c == name) else {
            return Err(ServerError::bad(name, format!("not a column ({})", columns.join(", "))));
        };
        cells[at] = value.trim().to_string();
    }
    Ok(cells)
}

/// The source an edit's import names in the history.
fn source(user: &str) -> String {
    format!("serve:{user}")
}

/// Adds `cells` to `list`, the whole list read again by the file's rules
/// (one appointment per account and day holds across rows).
pub fn add_row(
    store: &mut Store,
    user: &str,
    effective: NaiveDate,
    list: CalendarList,
    cells: Vec<String>,
) -> Result<ImportSummary, ServerError> {
    store.import_edit(&source(user), effective, |region| {
        let mut rows = list.rows(region);
        rows.push(cells);
        list.set(region, rows)
    })
}

/// Removes the row of `list` that reads as `cells` do (a row given as the
/// list shows it); 404 when there is none.
pub fn remove_row(
    store: &mut Store,
    user: &str,
    effective: NaiveDate,
    list: CalendarList,
    cells: Vec<String>,
) -> Result<ImportSummary, ServerError> {
    store.import_edit(&source(user), effective, |region| {
        let mut rows = list.rows(region);
        // Read as the file would, so `10:00` and `10:0` or a missing duration name the same row.
        let mut alone = region.clone();
        list.set(&mut alone, vec![cells])?;
        let wanted = list.rows(&alone).pop().unwrap_or_default();
        let Some(at) = rows.iter().position(|row| *row == wanted) else {
            return Err(ServerError::NotFound(format!(
                "no such row in {}: {}",
                list.name(),
                wanted.join(",")
            )));
        };
        rows.remove(at);
        list.set(region, rows)
    })
}

/// Changes account `id`'s `changes` (accounts.csv column, new cell), every
/// account read again by the rules of accounts.csv and the appointments by
/// those of appointments.csv (a territory handed over must still allow each
/// appointment's rep).
pub fn edit_account(
    store: &mut Store,
    user: &str,
    effective: NaiveDate,
    id: &str,
    changes: &[(String, String)],
) -> Result<ImportSummary, ServerError> {
    for (column, _) in changes {
        if !ACCOUNT_EDITABLE.contains(&column.as_str()) {
            return Err(ServerError::bad(
                column,
                format!("not a column that can be changed here ({})", ACCOUNT_EDITABLE.join(", ")),
            ));
        }
    }
    store.import_edit(&source(user), effective, |region| {
        let at = region
            .account_index(id)
            .ok_or_else(|| ServerError::NotFound(format!("no account `{id}` in the region")))?;
        let number = |cells: Vec<Vec<String>>| -> Vec<(u64, Vec<String>)> {
            cells.into_iter().enumerate().map(|(i, cells)| (i as u64 + 2, cells)).collect()
        };
        let mut accounts: Vec<Vec<String>> = region.accounts.iter().map(account_cells).collect();
        for (column, value) in changes {
            let index = ACCOUNT_COLUMNS.iter().position(|c| c == column).unwrap_or_default();
            accounts[at][index] = value.trim().to_string();
        }
        let reps = region.reps.iter().map(rep_cells).collect();
        let read = region_from_rows(
            Path::new("accounts.csv"),
            number(accounts),
            Path::new("reps.csv"),
            number(reps),
            None,
        )
        .map_err(refused)?;
        region.accounts = read.accounts;
        let appointments = CalendarList::Appointments.rows(region);
        CalendarList::Appointments.set(region, appointments)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_named_by_its_columns() {
        let cells = cells_of(ABSENCE_COLUMNS, [("rep", " R1 "), ("from", "2026-12-02")]).unwrap();
        assert_eq!(cells, ["R1", "2026-12-02", "", "", "", ""]);
        match cells_of(ABSENCE_COLUMNS, [("who", "R1")]) {
            Err(ServerError::BadInput { field, .. }) => assert_eq!(field, "who"),
            other => panic!("{other:?}"),
        }
    }
}
