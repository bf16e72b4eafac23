//! `rounds db backup`: a copy of the database made with SQLite's online
//! backup API, safe while `rounds serve` and other writers run.
//!
//! The copy is one consistent state of the database (the backup restarts if
//! a writer changes a page it has copied). It is written to a temporary file
//! beside the target, checked (`PRAGMA integrity_check`, and that it opens as
//! a rounds database), and only then put in place under its name, never over
//! a file that is there: a failed or killed backup leaves no half-written file.

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::Connection;

use super::{MadeBeside, Store, StoreError};

/// Pages copied per step; between steps other connections may write.
const PAGES_PER_STEP: std::ffi::c_int = 1024;
/// The pause between steps, so a backup of a large file lets writers in.
const PAUSE: Duration = Duration::from_millis(5);

impl Store {
    /// Copies the database to `to`, a file that must not exist.
    pub fn backup_to(&self, to: &Path) -> Result<(), StoreError> {
        let made = MadeBeside {
            path: to,
            exists: || StoreError::BackupExists { to: to.to_path_buf() },
            io: |source| StoreError::Backup { path: self.path.clone(), to: to.to_path_buf(), source },
        };
        made.make(|temporary| {
            // Named by the backup the user asked for: the temporary file is gone when this is read.
            let sqlite = super::sqlite(to);
            {
                let mut copy = Connection::open(temporary).map_err(&sqlite)?;
                Backup::new(&self.conn, &mut copy)
                    .and_then(|backup| backup.run_to_completion(PAGES_PER_STEP, PAUSE, None))
                    .map_err(&sqlite)?;
                let integrity: String =
                    copy.query_row("PRAGMA integrity_check", [], |row| row.get(0)).map_err(&sqlite)?;
                if integrity != "ok" {
                    return Err(StoreError::BadValue {
                        path: self.path.clone(),
                        what: format!("the backup fails SQLite's integrity check: {integrity}"),
                    });
                }
            }
            Store::open_as(temporary, to).map(drop)
        })
    }
}
