//! The region in the database: as one import left it, with the visits
//! recorded up to a point applied, read back through the CSV reader's rules.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::rows::{ACCOUNTS, REPS};
use super::{LaterVisit, Store, StoreError};
use crate::io::csv_region::{region_from_rows, write_accounts, write_reps};
use crate::model::visit_log::{apply_log, VisitRecord, VisitStatus};
use crate::model::Region;

/// What a plan is made from, precisely enough to rebuild it later: the
/// accounts and reps of one import, the visits recorded up to one id, and the
/// SHA-256 of the result (as accounts.csv and reps.csv bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanInputs {
    /// The import (`imports.id`).
    pub import_id: i64,
    /// The highest visit id applied (0: none).
    pub visits_upto: i64,
    /// SHA-256 of the region's accounts.csv and reps.csv as [`write_accounts`] and [`write_reps`] write them.
    pub region_sha256: String,
}

/// The region to plan from, and what it is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The latest import with every visit applied (an account's last visit is
    /// the later of its `last_visit` and its latest visit recorded as visited).
    pub region: Region,
    /// What [`Snapshot::region`] was made from.
    pub inputs: PlanInputs,
}

/// The database as region files: what `rounds db export` writes.
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    /// The latest import as imported (visits not applied).
    pub region: Region,
    /// Every visit to an account of the region, in the order recorded, with its note.
    pub visits: Vec<(VisitRecord, String)>,
    /// Visits kept in the database to accounts no longer in the region (the
    /// log names accounts of accounts.csv, so they are not exported).
    pub visits_left_out: usize,
}

impl Store {
    /// The region to plan from: the latest import, every recorded visit
    /// applied. Read in one transaction, so an import or a record running at
    /// the same moment is seen whole or not at all.
    pub fn snapshot(&mut self) -> Result<Snapshot, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let tx = self.conn.transaction().map_err(&sqlite)?;
        let import_id = latest_import(&tx).map_err(&sqlite)?.ok_or_else(|| empty(path))?;
        let visits_upto: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) FROM visits", [], |row| row.get(0)).map_err(&sqlite)?;
        let mut region = imported_region(&tx, path, import_id)?;
        // Every visit of this transaction's view: the summary the log's trigger keeps.
        apply_latest_visits(
            &tx,
            path,
            &mut region,
            "SELECT a.id, l.date FROM last_visits l JOIN accounts a ON a.key = l.account",
            [],
        )?;
        tx.commit().map_err(&sqlite)?;
        let inputs = PlanInputs { import_id, visits_upto, region_sha256: region_sha256(&region) };
        Ok(Snapshot { region, inputs })
    }

    /// [`Store::snapshot`] to plan from `first_day` on, refused when an
    /// account was last visited after that day, as a plan made from files
    /// refuses such a last visit ([`StoreError::VisitAfter`]).
    pub fn snapshot_from(&mut self, first_day: NaiveDate) -> Result<Snapshot, StoreError> {
        let snapshot = self.snapshot()?;
        let latest = snapshot.region.accounts.iter().filter_map(|a| Some((a.last_visit?, &a.id))).max();
        match latest {
            Some((visit, account)) if visit > first_day => Err(StoreError::VisitAfter {
                path: self.path.clone(),
                visit: LaterVisit { account: account.clone(), visit, date: first_day },
            }),
            _ => Ok(snapshot),
        }
    }

    /// The latest import as it stood on the morning of `date`: only the
    /// visits recorded for days before it applied. `rounds record` checks a
    /// day's plan against it, as the plan was made that morning.
    pub fn region_before(&mut self, date: NaiveDate) -> Result<Region, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let tx = self.conn.transaction().map_err(&sqlite)?;
        let import_id = latest_import(&tx).map_err(&sqlite)?.ok_or_else(|| empty(path))?;
        let mut region = imported_region(&tx, path, import_id)?;
        let latest = "SELECT a.id, max(v.date) FROM visits v JOIN accounts a ON a.key = v.account \
                      WHERE v.status = 'visited' AND v.date < ?1 GROUP BY v.account";
        apply_latest_visits(&tx, path, &mut region, latest, [date.format("%Y-%m-%d").to_string()])?;
        tx.commit().map_err(&sqlite)?;
        Ok(region)
    }

    /// The region `inputs` describe, rebuilt; fails when it no longer hashes
    /// to what was stored (`plan` names the plan in the error).
    pub(super) fn replay(&self, plan: i64, inputs: &PlanInputs) -> Result<Region, StoreError> {
        let region = region_at(&self.conn, &self.path, inputs.import_id, inputs.visits_upto)?;
        let found = region_sha256(&region);
        if found != inputs.region_sha256 {
            return Err(StoreError::ReplayMismatch {
                path: self.path.clone(),
                id: plan,
                expected: inputs.region_sha256.clone(),
                found,
            });
        }
        Ok(region)
    }

    /// The region a plan made from `inputs` is held to now: the latest
    /// import (its accounts, reps and calendar, with every edit and import
    /// since the plan) with the visits the plan was made with. `None` when
    /// the plan was made from the latest import: nothing has changed under it.
    pub fn region_since(&mut self, inputs: &PlanInputs) -> Result<Option<Region>, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let tx = self.conn.transaction().map_err(&sqlite)?;
        let import_id = latest_import(&tx).map_err(&sqlite)?.ok_or_else(|| empty(path))?;
        if import_id == inputs.import_id {
            return Ok(None);
        }
        let region = region_at(&tx, path, import_id, inputs.visits_upto)?;
        tx.commit().map_err(&sqlite)?;
        Ok(Some(region))
    }

    /// The latest import and the visits to its accounts, as files hold them.
    pub fn export(&mut self) -> Result<Exported, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let tx = self.conn.transaction().map_err(&sqlite)?;
        let import_id = latest_import(&tx).map_err(&sqlite)?.ok_or_else(|| empty(path))?;
        let region = imported_region(&tx, path, import_id)?;
        let mut statement = tx
            .prepare(
                "SELECT a.id, v.date, v.rep, v.status, v.note, \
                 EXISTS (SELECT 1 FROM import_accounts m WHERE m.import_id = ?1 AND m.account = v.account) \
                 FROM visits v JOIN accounts a ON a.key = v.account ORDER BY v.id",
            )
            .map_err(&sqlite)?;
        let mut rows = statement.query([import_id]).map_err(&sqlite)?;
        let mut visits = Vec::new();
        let mut visits_left_out = 0;
        while let Some(row) = rows.next().map_err(&sqlite)? {
            if !row.get::<_, bool>(5).map_err(&sqlite)? {
                visits_left_out += 1;
                continue;
            }
            let record = VisitRecord {
                account: row.get(0).map_err(&sqlite)?,
                date: parse_date(path, &row.get::<_, String>(1).map_err(&sqlite)?)?,
                rep: row.get(2).map_err(&sqlite)?,
                status: parse_status(path, &row.get::<_, String>(3).map_err(&sqlite)?)?,
            };
            visits.push((record, row.get(4).map_err(&sqlite)?));
        }
        drop(rows);
        drop(statement);
        tx.commit().map_err(&sqlite)?;
        Ok(Exported { region, visits, visits_left_out })
    }
}

/// Import `import_id` with the visits up to `visits_upto` applied, the latest
/// visit of each account computed from the log itself.
fn region_at(conn: &Connection, path: &Path, import_id: i64, visits_upto: i64) -> Result<Region, StoreError> {
    let mut region = imported_region(conn, path, import_id)?;
    let latest = "SELECT a.id, max(v.date) FROM visits v JOIN accounts a ON a.key = v.account \
                  WHERE v.status = 'visited' AND v.id <= ?1 GROUP BY v.account";
    apply_latest_visits(conn, path, &mut region, latest, [visits_upto])?;
    Ok(region)
}

/// Applies the latest visit of each account, as `query` gives them (account id, date),
/// by the rule of the visit log ([`apply_log`]).
fn apply_latest_visits<P: rusqlite::Params>(
    conn: &Connection,
    path: &Path,
    region: &mut Region,
    query: &str,
    params: P,
) -> Result<(), StoreError> {
    let sqlite = super::sqlite(path);
    let mut statement = conn.prepare_cached(query).map_err(&sqlite)?;
    let mut rows = statement.query(params).map_err(&sqlite)?;
    let mut latest = Vec::new();
    while let Some(row) = rows.next().map_err(&sqlite)? {
        latest.push(VisitRecord {
            account: row.get(0).map_err(&sqlite)?,
            date: parse_date(path, &row.get::<_, String>(1).map_err(&sqlite)?)?,
            rep: String::new(),
            status: VisitStatus::Visited,
        });
    }
    apply_log(region, &latest);
    Ok(())
}

/// Import `import_id` as imported, with its calendar, read by the files' rules.
pub(super) fn imported_region(conn: &Connection, path: &Path, import_id: i64) -> Result<Region, StoreError> {
    let sqlite = super::sqlite(path);
    // Line numbers as in `rounds db export`'s files: the header is line 1.
    let numbered = |members: Vec<super::rows::Member>| {
        members.into_iter().enumerate().map(|(i, m)| (i as u64 + 2, m.cells)).collect::<Vec<_>>()
    };
    let accounts = numbered(ACCOUNTS.members(conn, import_id).map_err(&sqlite)?);
    let reps = numbered(REPS.members(conn, import_id).map_err(&sqlite)?);
    let source = |table: &str| PathBuf::from(format!("{} ({table})", path.display()));
    let mut region = region_from_rows(&source("accounts.csv"), accounts, &source("reps.csv"), reps, None)
        .map_err(|errors| StoreError::BadRows { path: path.to_path_buf(), source: errors })?;
    super::calendar::read_calendar(conn, path, import_id, &mut region)?;
    Ok(region)
}

fn empty(path: &Path) -> StoreError {
    StoreError::Empty { path: path.to_path_buf() }
}

/// A stored `YYYY-MM-DD` date.
pub(super) fn parse_date(path: &Path, text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| StoreError::BadValue {
        path: path.to_path_buf(),
        what: format!("`{text}` is not a date (YYYY-MM-DD)"),
    })
}

/// A stored visit status.
pub(super) fn parse_status(path: &Path, text: &str) -> Result<VisitStatus, StoreError> {
    VisitStatus::parse(text).map_err(|what| StoreError::BadValue { path: path.to_path_buf(), what })
}

/// The latest import's id, if any.
pub(super) fn latest_import(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT max(id) FROM imports", [], |row| row.get(0)).optional().map(Option::flatten)
}

/// SHA-256, in hex, of the region's accounts.csv followed by its reps.csv.
pub fn region_sha256(region: &Region) -> String {
    let mut hasher = HashWriter(Sha256::new());
    write_accounts(&mut hasher, &region.accounts).expect("hashing never fails");
    write_reps(&mut hasher, &region.reps).expect("hashing never fails");
    format!("{:x}", hasher.0.finalize())
}

/// Feeds written bytes to the hash.
struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
