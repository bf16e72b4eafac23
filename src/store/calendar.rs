//! Each import's calendar: the region folder's holidays and absences, kept
//! as the cells of the rows `rounds db export` writes and read back by the
//! files' own readers ([`holidays_from_rows`], [`absences_from_rows`]), as
//! accounts and reps are.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, Transaction};

use super::StoreError;
use crate::io::absences::{absence_cells, absences_from_rows};
use crate::io::holidays::holidays_from_rows;
use crate::model::{Absences, Holidays, Rep};

/// Writes the calendar of import `import_id`; every absence's rep is one of
/// the import's reps, written before.
pub(super) fn write_calendar(
    tx: &Transaction<'_>,
    import_id: i64,
    holidays: &Holidays,
    absences: &Absences,
) -> rusqlite::Result<()> {
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
    Ok(())
}

/// The calendar of import `import_id`, read by the files' rules; `reps` are
/// the import's reps. Errors name the database and the row as the exported
/// file's line.
pub(super) fn read_calendar(
    conn: &Connection,
    path: &Path,
    import_id: i64,
    reps: &[Rep],
) -> Result<(Holidays, Absences), StoreError> {
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
    let source = |file: &str| PathBuf::from(format!("{} ({file})", path.display()));
    let bad = |source| StoreError::BadRows { path: path.to_path_buf(), source };
    let holidays = holidays_from_rows(&source("holidays.csv"), days).map_err(bad)?;
    let absences = absences_from_rows(&source("absences.csv"), absences, reps).map_err(bad)?;
    Ok((holidays, absences))
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
