//! `rounds db import`: a region folder's files into the database, in one
//! transaction, with every change recorded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction, TransactionBehavior};

use super::region::latest_import;
use super::rows::{Incoming, Kind, ACCOUNTS, REPS};
use super::{now_text, Store, StoreError};
use crate::io::absences::read_absences;
use crate::io::appointments::read_appointments;
use crate::io::closures::read_closures;
use crate::io::csv_region::read_region_as_of;
use crate::io::holidays::read_holidays;
use crate::io::text::TextEncoding;
use crate::io::visit_log::read_log_entries;
use crate::io::InputError;
use crate::model::visit_log::VisitRecord;

/// The files one import reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportFiles {
    /// `accounts.csv`.
    pub accounts: PathBuf,
    /// `reps.csv`.
    pub reps: PathBuf,
    /// The visit log, `visits.csv`, if there is one.
    pub log: Option<PathBuf>,
    /// Holidays files (`holidays.csv`, `holidays.ics`), merged.
    pub holidays: Vec<PathBuf>,
    /// `absences.csv`, if there is one.
    pub absences: Option<PathBuf>,
    /// `closures.csv`, if there is one.
    pub closures: Option<PathBuf>,
    /// `appointments.csv`, if there is one.
    pub appointments: Option<PathBuf>,
    /// How the files are encoded (UTF-8 or Shift_JIS, detected by default).
    pub encoding: TextEncoding,
}

impl ImportFiles {
    /// A region folder's files: `accounts.csv`, `reps.csv`, and `visits.csv`,
    /// `holidays.csv`, `holidays.ics`, `absences.csv`, `closures.csv` and
    /// `appointments.csv` when present.
    pub fn of_folder(dir: &Path) -> ImportFiles {
        let present = |name: &str| Some(dir.join(name)).filter(|path| path.is_file());
        ImportFiles {
            accounts: dir.join("accounts.csv"),
            reps: dir.join("reps.csv"),
            log: present("visits.csv"),
            holidays: ["holidays.csv", "holidays.ics"].into_iter().filter_map(present).collect(),
            absences: present("absences.csv"),
            closures: present("closures.csv"),
            appointments: present("appointments.csv"),
            encoding: TextEncoding::Auto,
        }
    }
}

/// How the rows of one kind compare with the import before.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCounts {
    /// New ids.
    pub added: usize,
    /// Ids in the import before, with at least one value changed.
    pub changed: usize,
    /// Ids in the import before and unchanged.
    pub unchanged: usize,
    /// Ids imported once, missing from the import before, back now.
    pub returned: usize,
    /// Ids in the import before and missing from this one (kept, with their visits).
    pub removed: usize,
}

/// What one import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    /// The import's id (`imports.id`).
    pub import_id: i64,
    /// Accounts compared with the import before.
    pub accounts: RowCounts,
    /// Reps compared with the import before.
    pub reps: RowCounts,
    /// Log lines new to the database.
    pub visits_added: usize,
    /// Log lines whose account and date the database had already (kept as they were).
    pub visits_already: usize,
    /// Holidays (days) in the import's calendar.
    pub holidays: usize,
    /// Absences in the import's calendar.
    pub absences: usize,
    /// Closures in the import's calendar.
    pub closures: usize,
    /// Appointments in the import's calendar.
    pub appointments: usize,
}

impl Store {
    /// Imports the files as the region from `effective` on, naming `source`
    /// in the history. The files are read by the CSV readers first, every bad
    /// row reported ([`StoreError::Rejected`]) and nothing imported; then
    /// everything is written in one IMMEDIATE transaction, so a concurrent
    /// reader sees the region before or after, and a killed import leaves the
    /// one before. Accounts and reps missing from the files stay in the
    /// database (with their visits), out of the region.
    pub fn import(
        &mut self,
        files: &ImportFiles,
        source: &str,
        effective: NaiveDate,
    ) -> Result<ImportSummary, StoreError> {
        let rejected = |errors: InputError| StoreError::Rejected { path: self.path.clone(), source: errors };
        // Visits happened: no last visit and no line of the log after today (or the
        // import's day, if later), as no file a plan reads holds one after the day planned.
        let until = effective.max(chrono::Local::now().date_naive());
        let mut region =
            read_region_as_of(&files.accounts, &files.reps, files.encoding, Some(until)).map_err(rejected)?;
        let visits = match &files.log {
            Some(log) => read_log_entries(log, &region, until).map_err(rejected)?,
            None => Vec::new(),
        };
        for path in &files.holidays {
            region.holidays.extend(&read_holidays(path, files.encoding).map_err(rejected)?);
        }
        if let Some(path) = &files.absences {
            region.absences = read_absences(path, &region.reps, files.encoding).map_err(rejected)?;
        }
        if let Some(path) = &files.closures {
            region.closures = read_closures(path, &region.accounts, files.encoding).map_err(rejected)?;
        }
        if let Some(path) = &files.appointments {
            region.appointments = read_appointments(path, &region, files.encoding).map_err(rejected)?;
        }
        let accounts: Vec<Incoming> = region.accounts.iter().map(Incoming::account).collect();
        let reps: Vec<Incoming> = region.reps.iter().map(Incoming::rep).collect();

        let path = self.path.clone();
        let sqlite = super::sqlite(&path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&sqlite)?;
        let mut summary = write_import(&tx, source, effective, &reps, &accounts, &visits).map_err(&sqlite)?;
        super::calendar::write_calendar(&tx, summary.import_id, &region).map_err(&sqlite)?;
        summary.holidays = region.holidays.len();
        summary.absences = region.absences.list.len();
        summary.closures = region.closures.list.len();
        summary.appointments = region.appointments.list.len();
        tx.commit().map_err(&sqlite)?;
        Ok(summary)
    }
}

pub(super) fn write_import(
    tx: &Transaction<'_>,
    source: &str,
    effective: NaiveDate,
    reps: &[Incoming],
    accounts: &[Incoming],
    visits: &[(VisitRecord, String)],
) -> rusqlite::Result<ImportSummary> {
    let previous = latest_import(tx)?;
    tx.execute(
        "INSERT INTO imports (source, effective, imported_at) VALUES (?1, ?2, ?3)",
        params![source, effective.format("%Y-%m-%d").to_string(), now_text()],
    )?;
    let import_id = tx.last_insert_rowid();
    // Reps first: an account's territory refers to one.
    let rep_counts = import_rows(tx, &REPS, import_id, previous, reps)?;
    let account_counts = import_rows(tx, &ACCOUNTS, import_id, previous, accounts)?;
    let (visits_added, visits_already) = insert_visits(tx, visits, &format!("import {source}"))?;
    Ok(ImportSummary {
        import_id,
        accounts: account_counts,
        reps: rep_counts,
        visits_added,
        visits_already,
        holidays: 0,
        absences: 0,
        closures: 0,
        appointments: 0,
    })
}

/// Writes one kind's rows of an import: identities for new ids, a version
/// where the values changed, the import's membership rows in file order,
/// and a change row for everything that differs from the import before.
fn import_rows(
    tx: &Transaction<'_>,
    kind: &Kind,
    import_id: i64,
    previous: Option<i64>,
    rows: &[Incoming],
) -> rusqlite::Result<RowCounts> {
    let before = match previous {
        Some(id) => kind.members(tx, id)?,
        None => Vec::new(),
    };
    let mut still_in: Vec<bool> = vec![false; before.len()];
    let by_id: HashMap<&str, usize> =
        before.iter().enumerate().map(|(i, m)| (m.cells[0].as_str(), i)).collect();

    let noun = kind.noun;
    let mut find_identity =
        tx.prepare_cached(&format!("SELECT key FROM {} WHERE id = ?1", kind.identities))?;
    let mut insert_identity =
        tx.prepare_cached(&format!("INSERT INTO {} (id) VALUES (?1)", kind.identities))?;
    let placeholders = (0..kind.version_columns.len()).map(|i| format!("?{}", i + 3)).collect::<Vec<_>>();
    let mut insert_version = tx.prepare_cached(&format!(
        "INSERT INTO {} ({noun}, import_id, {}) VALUES (?1, ?2, {})",
        kind.versions,
        kind.column_list(""),
        placeholders.join(", ")
    ))?;
    let mut insert_member = tx.prepare_cached(&format!(
        "INSERT INTO {} (import_id, {noun}, position, version) VALUES (?1, ?2, ?3, ?4)",
        kind.members
    ))?;
    let mut insert_change = tx.prepare_cached(&format!(
        "INSERT INTO {} ({noun}, import_id, change, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        kind.changes
    ))?;
    let mut record = |key: i64, change: &str, field: Option<&str>, old: Option<&str>, new: Option<&str>| {
        insert_change.execute(params![key, import_id, change, field, old, new]).map(|_| ())
    };

    let mut counts = RowCounts::default();
    for (position, row) in rows.iter().enumerate() {
        let (key, base) = if let Some(&i) = by_id.get(row.id()) {
            still_in[i] = true;
            (before[i].key, Some((before[i].version, before[i].cells.clone())))
        } else if let Some(key) = find_identity.query_row([row.id()], |r| r.get(0)).optional()? {
            record(key, "returned", None, None, None)?;
            counts.returned += 1;
            (key, Some(kind.latest_version(tx, key)?))
        } else {
            insert_identity.execute([row.id()])?;
            let key = tx.last_insert_rowid();
            record(key, "added", None, None, None)?;
            counts.added += 1;
            (key, None)
        };
        let version = match base {
            Some((version, cells)) if cells == row.cells => {
                if by_id.contains_key(row.id()) {
                    counts.unchanged += 1;
                }
                version
            }
            base => {
                if let Some((_, old)) = &base {
                    for (field, (was, now)) in kind.columns.iter().zip(old.iter().zip(&row.cells)).skip(1) {
                        if was != now {
                            record(key, "changed", Some(field), Some(was), Some(now))?;
                        }
                    }
                    if by_id.contains_key(row.id()) {
                        counts.changed += 1;
                    }
                }
                let fixed =
                    [rusqlite::types::Value::Integer(key), rusqlite::types::Value::Integer(import_id)];
                insert_version.execute(params_from_iter(fixed.iter().chain(&row.values)))?;
                tx.last_insert_rowid()
            }
        };
        insert_member.execute(params![import_id, key, position as i64, version])?;
    }
    for (member, _) in before.iter().zip(&still_in).filter(|(_, kept)| !**kept) {
        record(member.key, "removed", None, None, None)?;
        counts.removed += 1;
    }
    Ok(counts)
}

/// Adds the log lines the database does not have (by account and date);
/// returns how many were added and how many it had.
pub(super) fn insert_visits(
    tx: &Transaction<'_>,
    visits: &[(VisitRecord, String)],
    source: &str,
) -> rusqlite::Result<(usize, usize)> {
    if visits.is_empty() {
        return Ok((0, 0));
    }
    let keys: HashMap<String, i64> = {
        let mut statement = tx.prepare("SELECT id, key FROM accounts")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut insert = tx.prepare_cached(
        "INSERT INTO visits (account, date, rep, status, note, source, recorded_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (account, date) DO NOTHING",
    )?;
    let recorded_at = now_text();
    let mut added = 0;
    for (record, note) in visits {
        // The reader checked every account against the region just written.
        let key = keys[&record.account];
        let date = record.date.format("%Y-%m-%d").to_string();
        added += insert.execute(params![
            key,
            date,
            record.rep,
            record.status.as_str(),
            note,
            source,
            recorded_at
        ])?;
    }
    Ok((added, visits.len() - added))
}
