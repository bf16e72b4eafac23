//! `rounds record --db`: the day's visits into the database, once each.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::region::{latest_import, parse_status};
use super::{now_text, Store, StoreError, StoredVisit};
use crate::model::visit_log::{VisitRecord, VisitStatus};

/// What recording did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordSummary {
    /// The visits added, in the order given.
    pub added: Vec<VisitRecord>,
    /// The visits whose account and date the database had already, with the
    /// status it keeps (the log is never rewritten).
    pub already: Vec<(VisitRecord, VisitStatus)>,
}

impl Store {
    /// Adds `visits` (each with its note) that the database does not have yet
    /// for their account and date, naming `source` (`record plan.json`). Every
    /// account must be one of the region's (the latest import), as the visit
    /// log reader requires of a log; otherwise nothing is recorded. One
    /// IMMEDIATE transaction: processes recording at the same time queue for
    /// the write lock (up to the busy timeout), and none loses or doubles a line.
    pub fn record_visits(
        &mut self,
        visits: &[(VisitRecord, String)],
        source: &str,
    ) -> Result<RecordSummary, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&sqlite)?;
        let import_id =
            latest_import(&tx).map_err(&sqlite)?.ok_or_else(|| StoreError::Empty { path: path.clone() })?;
        let mut key_of = tx
            .prepare_cached(
                "SELECT a.key FROM accounts a JOIN import_accounts m ON m.account = a.key AND m.import_id = ?1 \
                 WHERE a.id = ?2",
            )
            .map_err(&sqlite)?;
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO visits (account, date, rep, status, note, source, recorded_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (account, date) DO NOTHING",
            )
            .map_err(&sqlite)?;
        let mut kept = tx
            .prepare_cached("SELECT status FROM visits WHERE account = ?1 AND date = ?2")
            .map_err(&sqlite)?;
        let recorded_at = now_text();
        let mut unknown = Vec::new();
        let mut summary = RecordSummary { added: Vec::new(), already: Vec::new() };
        for (record, note) in visits {
            let key: Option<i64> = key_of
                .query_row(params![import_id, record.account], |row| row.get(0))
                .optional()
                .map_err(&sqlite)?;
            let Some(key) = key else {
                unknown.push(record.account.clone());
                continue;
            };
            let date = record.date.format("%Y-%m-%d").to_string();
            let status = record.status.as_str();
            let inserted = insert
                .execute(params![key, date, record.rep, status, note, source, recorded_at])
                .map_err(&sqlite)?;
            if inserted == 1 {
                summary.added.push(record.clone());
            } else {
                let status: String = kept.query_row(params![key, date], |row| row.get(0)).map_err(&sqlite)?;
                summary.already.push((record.clone(), parse_status(path, &status)?));
            }
        }
        drop((key_of, insert, kept));
        if !unknown.is_empty() {
            // Dropping the transaction rolls it back: nothing is recorded.
            return Err(StoreError::UnknownAccounts { path: path.clone(), accounts: unknown });
        }
        tx.commit().map_err(&sqlite)?;
        Ok(summary)
    }
    /// Every visit recorded for `date`, in the order recorded, with its note and source.
    pub fn visits_on(&self, date: NaiveDate) -> Result<Vec<StoredVisit>, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let mut statement = self
            .conn
            .prepare(
                "SELECT a.id, v.rep, v.status, v.note, v.source FROM visits v \
                 JOIN accounts a ON a.key = v.account WHERE v.date = ?1 ORDER BY v.id",
            )
            .map_err(&sqlite)?;
        let rows = statement
            .query_map([date.format("%Y-%m-%d").to_string()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get::<_, String>(2)?, row.get(3)?, row.get(4)?))
            })
            .map_err(&sqlite)?;
        let mut visits = Vec::new();
        for row in rows {
            let (account, rep, status, note, source) = row.map_err(&sqlite)?;
            let status = parse_status(path, &status)?;
            visits.push(StoredVisit { record: VisitRecord { account, date, rep, status }, note, source });
        }
        Ok(visits)
    }
}
