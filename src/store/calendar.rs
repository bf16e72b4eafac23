//! Each import's calendar: the region folder's holidays, absences, closures
//! and appointments, kept
//! as the cells of the rows `rounds db export` writes and read back by the
//! files' own readers ([`holidays_from_rows`], [`absences_from_rows`],
//! [`closures_from_rows`], [`appointments_from_rows`]), as accounts and reps
//! are.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, Transaction};

use super::StoreError;
use crate::io::absences::{absence_cells, absences_from_rows};
use crate::io::appointments::{appointment_cells, appointments_from_rows};
use crate::io::closures::{closure_cells, closures_from_rows};
use crate::io::holidays::holidays_from_rows;
use crate::model::Region;

/// Writes the calendar of import `import_id` (the region's holidays,
/// absences, closures and appointments); every rep and account they name is one of the
/// import's, written before.
pub(super) fn write_calendar(tx: &Transaction<'_>, import_id: i64, region: &Region) -> rusqlite::Result<()> {
    let (holidays, absences, closures) = (&region.holidays, &region.absences, &region.closures);
    let mut insert_day = tx.prepare_cached(
        "INSERT INTO import_holidays (import_id, position, day, name) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, (day, name)) in holidays.iter().enumerate() {
        insert_day.execute(params![import_id, position as i64, day.format("%Y-%m-%d").to_string(), name])?;
    }
    let mut insert_absence = tx.prepare_cached(
        "INSERT INTO import_absences (import_id, position, rep, first_day, last_day, start, end, note) \
         VALUES (?1, ?2, (SELECT key FROM reps WHERE id = ?3), ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (position, absence) in absences.list.iter().enumerate() {
        let cells = absence_cells(absence);
        insert_absence.execute(params![
            import_id,
            position as i64,
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5]
        ])?;
    }
    let mut insert_closure = tx.prepare_cached(
        "INSERT INTO import_closures (import_id, position, account, first_day, last_day, note) \
         VALUES (?1, ?2, (SELECT key FROM accounts WHERE id = ?3), ?4, ?5, ?6)",
    )?;
    for (position, closure) in closures.list.iter().enumerate() {
        let cells = closure_cells(closure);
        insert_closure.execute(params![
            import_id,
            position as i64,
            cells[0],
            cells[1],
            cells[2],
            cells[3]
        ])?;
    }
    let mut insert_appointment = tx.prepare_cached(
        "INSERT INTO import_appointments (import_id, position, account, day, start, window, rep, duration_min, note) \
         VALUES (?1, ?2, (SELECT key FROM accounts WHERE id = ?3), ?4, ?5, ?6, \
         (SELECT key FROM reps WHERE id = ?7), ?8, ?9)",
    )?;
    for (position, appointment) in region.appointments.list.iter().enumerate() {
        let c = appointment_cells(appointment);
        insert_appointment.execute(params![
            import_id,
            position as i64,
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            c[5],
            c[6]
        ])?;
    }
    Ok(())
}

/// Sets the calendar of import `import_id` on `region` (its accounts and
/// reps read already), read by the files' rules. Errors name the database and
/// the row as the exported file's line.
pub(super) fn read_calendar(
    conn: &Connection,
    path: &Path,
    import_id: i64,
    region: &mut Region,
) -> Result<(), StoreError> {
    let sqlite = super::sqlite(path);
    let days =
        rows(conn, "SELECT day, name FROM import_holidays WHERE import_id = ?1 ORDER BY position", import_id)
            .map_err(&sqlite)?;
    let absences = rows(
        conn,
        "SELECT r.id, a.first_day, a.last_day, a.start, a.end, a.note \
         FROM import_absences a JOIN reps r ON r.key = a.rep WHERE a.import_id = ?1 ORDER BY a.position",
        import_id,
    )
    .map_err(&sqlite)?;
    let closures = rows(
        conn,
        "SELECT a.id, c.first_day, c.last_day, c.note \
         FROM import_closures c JOIN accounts a ON a.key = c.account WHERE c.import_id = ?1 ORDER BY c.position",
        import_id,
    )
    .map_err(&sqlite)?;
    let appointments = rows(
        conn,
        "SELECT a.id, p.day, p.start, p.window, coalesce(r.id, ''), p.duration_min, p.note \
         FROM import_appointments p JOIN accounts a ON a.key = p.account LEFT JOIN reps r ON r.key = p.rep \
         WHERE p.import_id = ?1 ORDER BY p.position",
        import_id,
    )
    .map_err(&sqlite)?;
    let source = |file: &str| PathBuf::from(format!("{} ({file})", path.display()));
    let bad = |source| StoreError::BadRows { path: path.to_path_buf(), source };
    region.holidays = holidays_from_rows(&source("holidays.csv"), days).map_err(bad)?;
    region.absences = absences_from_rows(&source("absences.csv"), absences, &region.reps).map_err(bad)?;
    region.closures = closures_from_rows(&source("closures.csv"), closures, &region.accounts).map_err(bad)?;
    region.appointments =
        appointments_from_rows(&source("appointments.csv"), appointments, region).map_err(bad)?;
    Ok(())
}

/// Every row of `query` (one `?1`, the import) as text cells, numbered as the
/// lines of an exported file (the header is line 1).
fn rows(conn: &Connection, query: &str, import_id: i64) -> rusqlite::Result<Vec<(u64, Vec<String>)>> {
    let mut statement = conn.prepare_cached(query)?;
    let columns = statement.column_count();
    let rows =
        statement.query_map([import_id], |row| (0..columns).map(|i| row.get::<_, String>(i)).collect())?;
    rows.enumerate().map(|(i, cells)| Ok((i as u64 + 2, cells?))).collect()
}
