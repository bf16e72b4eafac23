//! Edits made in `rounds serve` (an absence or an appointment added or
//! removed, an account's fields changed), kept the way an import is kept:
//! the latest import's region, edited, becomes a new import derived from it
//! (same accounts and reps, a version only for what changed, the calendar
//! written again). So `rounds db export`, `plan --db`, `week --db` and
//! `rounds db history` see an edit as they see any import, and the history
//! names its source (`serve:USER`).

use chrono::NaiveDate;
use rusqlite::TransactionBehavior;

use super::import::{write_import, ImportSummary};
use super::region::{imported_region, latest_import};
use super::rows::Incoming;
use super::{Store, StoreError};
use crate::model::Region;

impl Store {
    /// The latest import as imported, with its calendar (no visits applied):
    /// what an edit starts from and what the manager's calendar page lists.
    pub fn imported(&mut self) -> Result<Region, StoreError> {
        let path = self.path.clone();
        let sqlite = super::sqlite(&path);
        let tx = self.conn.transaction().map_err(&sqlite)?;
        let import_id =
            latest_import(&tx).map_err(&sqlite)?.ok_or_else(|| StoreError::Empty { path: path.clone() })?;
        let region = imported_region(&tx, &path, import_id)?;
        tx.commit().map_err(&sqlite)?;
        Ok(region)
    }

    /// Applies `edit` to the latest import's region and stores the result as
    /// a new import from `effective` on, naming `source` in the history, in
    /// one IMMEDIATE transaction (an import or another edit committing at the
    /// same moment is never lost). An edit that refuses (a value the CSV
    /// reader's rules reject) stores nothing and its error is returned.
    pub fn import_edit<E: From<StoreError>>(
        &mut self,
        source: &str,
        effective: NaiveDate,
        edit: impl FnOnce(&mut Region) -> Result<(), E>,
    ) -> Result<ImportSummary, E> {
        let path = self.path.clone();
        let sqlite = super::sqlite(&path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&sqlite)?;
        let import_id =
            latest_import(&tx).map_err(&sqlite)?.ok_or_else(|| StoreError::Empty { path: path.clone() })?;
        let mut region = imported_region(&tx, &path, import_id)?;
        edit(&mut region)?;
        let accounts: Vec<Incoming> = region.accounts.iter().map(Incoming::account).collect();
        let reps: Vec<Incoming> = region.reps.iter().map(Incoming::rep).collect();
        let mut summary = write_import(&tx, source, effective, &reps, &accounts, &[]).map_err(&sqlite)?;
        super::calendar::write_calendar(&tx, summary.import_id, &region).map_err(&sqlite)?;
        summary.holidays = region.holidays.len();
        summary.absences = region.absences.list.len();
        summary.closures = region.closures.list.len();
        summary.appointments = region.appointments.list.len();
        tx.commit().map_err(&sqlite)?;
        Ok(summary)
    }
}
