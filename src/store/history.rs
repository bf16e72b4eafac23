//! `rounds db history`: everything the database knows about one account.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use super::region::{latest_import, parse_date, parse_status};
use super::rows::ACCOUNTS;
use super::{Store, StoreError};
use crate::model::visit_log::VisitRecord;

/// What one import did to an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// First imported.
    Added,
    /// Missing from the import (kept, with its visits, out of the region).
    Removed,
    /// Imported again after an import without it.
    Returned,
    /// One column's value changed; values are spelled as in accounts.csv.
    Field {
        /// The accounts.csv column.
        field: String,
        /// The value before.
        old: String,
        /// The value after.
        new: String,
    },
}

/// A change with the import that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeEntry {
    /// The day the import took effect.
    pub effective: NaiveDate,
    /// Where the import came from, as the user named it.
    pub source: String,
    /// The import's id.
    pub import_id: i64,
    /// What changed.
    pub change: Change,
}

/// A visit as the database keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredVisit {
    /// The visit.
    pub record: VisitRecord,
    /// Free text about it; may be empty.
    pub note: String,
    /// How it came in (`record plan.json`, `import REGION`).
    pub source: String,
}

/// Everything known about one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountHistory {
    /// The account's id.
    pub id: String,
    /// Its name in its latest version.
    pub name: String,
    /// Whether the latest import has it.
    pub in_region: bool,
    /// Every change, oldest first.
    pub changes: Vec<ChangeEntry>,
    /// Every visit, by date.
    pub visits: Vec<StoredVisit>,
}

impl Store {
    /// The history of account `id`: every change any import made to it, and every visit.
    pub fn history(&self, id: &str) -> Result<AccountHistory, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        // One read transaction: an import committing meanwhile is seen whole or not at all.
        let tx = self.conn.unchecked_transaction().map_err(&sqlite)?;
        let key: i64 = tx
            .query_row("SELECT key FROM accounts WHERE id = ?1", [id], |row| row.get(0))
            .optional()
            .map_err(&sqlite)?
            .ok_or_else(|| StoreError::UnknownAccount { path: path.clone(), account: id.to_string() })?;
        let (_, cells) = ACCOUNTS.latest_version(&tx, key).map_err(&sqlite)?;
        let latest = latest_import(&tx).map_err(&sqlite)?;
        let in_region: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM import_accounts WHERE import_id = ?1 AND account = ?2)",
                params![latest, key],
                |row| row.get(0),
            )
            .map_err(&sqlite)?;

        let mut statement = tx
            .prepare(
                "SELECT i.effective, i.source, i.id, c.change, c.field, c.old_value, c.new_value \
                 FROM account_changes c JOIN imports i ON i.id = c.import_id WHERE c.account = ?1 ORDER BY c.id",
            )
            .map_err(&sqlite)?;
        let mut rows = statement.query([key]).map_err(&sqlite)?;
        let mut changes = Vec::new();
        while let Some(row) = rows.next().map_err(&sqlite)? {
            let kind: String = row.get(3).map_err(&sqlite)?;
            let change = match kind.as_str() {
                "added" => Change::Added,
                "removed" => Change::Removed,
                "returned" => Change::Returned,
                _ => Change::Field {
                    field: row.get::<_, Option<String>>(4).map_err(&sqlite)?.unwrap_or_default(),
                    old: row.get::<_, Option<String>>(5).map_err(&sqlite)?.unwrap_or_default(),
                    new: row.get::<_, Option<String>>(6).map_err(&sqlite)?.unwrap_or_default(),
                },
            };
            changes.push(ChangeEntry {
                effective: parse_date(path, &row.get::<_, String>(0).map_err(&sqlite)?)?,
                source: row.get(1).map_err(&sqlite)?,
                import_id: row.get(2).map_err(&sqlite)?,
                change,
            });
        }
        drop(rows);
        drop(statement);

        let mut statement = tx
            .prepare(
                "SELECT date, rep, status, note, source FROM visits WHERE account = ?1 ORDER BY date, id",
            )
            .map_err(&sqlite)?;
        let mut rows = statement.query([key]).map_err(&sqlite)?;
        let mut visits = Vec::new();
        while let Some(row) = rows.next().map_err(&sqlite)? {
            visits.push(StoredVisit {
                record: VisitRecord {
                    account: id.to_string(),
                    date: parse_date(path, &row.get::<_, String>(0).map_err(&sqlite)?)?,
                    rep: row.get(1).map_err(&sqlite)?,
                    status: parse_status(path, &row.get::<_, String>(2).map_err(&sqlite)?)?,
                },
                note: row.get(3).map_err(&sqlite)?,
                source: row.get(4).map_err(&sqlite)?,
            });
        }
        drop(rows);
        drop(statement);
        tx.commit().map_err(&sqlite)?;
        Ok(AccountHistory { id: id.to_string(), name: cells[1].clone(), in_region, changes, visits })
    }
}
