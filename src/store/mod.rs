//! The team's database: every account, rep, visit and published plan in one
//! embedded SQLite file, behind one interface, [`Store`].
//!
//! - [`Store::create`] and [`Store::open`] (`rounds db init`, every `--db`):
//!   WAL journal (readers never wait for a writer), foreign keys enforced, a
//!   busy timeout so concurrent writers queue instead of failing, and the
//!   versioned migrations of [`migrations`] applied on open.
//! - [`Store::import`] (`rounds db import`) takes a region folder's files
//!   through the CSV readers of [`crate::io`], so a row those readers reject
//!   cannot get in; in one transaction, so a failed or killed import changes
//!   nothing. Accounts and reps are versioned: an import records what changed
//!   (`territory R1 -> R2`) with its date and source instead of overwriting.
//! - [`Store::snapshot`] is the region a plan is made from (the latest
//!   import, every recorded visit applied), read back through the same CSV
//!   rules; [`Store::export`] gives the files back.
//! - [`Store::record_visits`] (`rounds record --db`) adds the day's visits,
//!   never twice for one account and day; [`Store::history`] is everything
//!   known about one account.
//! - [`Store::publish`] keeps a plan with what it was made from;
//!   [`Store::stored_plan`] rebuilds that region for `rounds check --plan-id`;
//!   [`Store::plan_for`] is the plan in force on a day (`rounds serve`).
//! - [`Store::import_edit`] keeps an edit made in `rounds serve` (the
//!   calendar, an account's fields) as a new import derived from the latest.
//! - [`Store::add_user`] and [`Store::session`] keep who may sign in to
//!   `rounds serve` (argon2 hashes only) and their sessions (token hashes only);
//!   [`Store::add_api_key`] the keys of its VROOM endpoint (SHA-256 only).
//! - [`Store::backup_to`] (`rounds db backup`) copies the database with
//!   SQLite's online backup API while others use it.
//!
//! The store returns model types and typed [`StoreError`]s; it never prints.
//! Nothing outside this module sees SQL, so another database (PostgreSQL for
//! a company's shared installation) would replace this module only; see
//! `docs/database.md`.

mod backup;
mod calendar;
mod edit;
mod error;
mod history;
mod import;
mod keys;
pub mod migrations;
mod plans;
mod region;
mod rows;
mod stale;
#[cfg(test)]
mod tests;
mod users;
mod visits;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use error::{DayUnderWay, LaterVisit, NotRecorded, StoreError};
pub use history::{AccountHistory, Change, ChangeEntry, StoredVisit};
pub use import::{ImportFiles, ImportSummary, RowCounts};
pub use keys::ApiKey;
pub use plans::{PlanKind, StoredPlan, NOT_RECORDED_DAYS};
pub use region::{region_sha256, Exported, PlanInputs, Snapshot};
pub use stale::StaleDay;
pub use users::{Role, Session, User};
pub use visits::RecordSummary;

use migrations::Schema;

/// `PRAGMA application_id` of a rounds database (`rnds`), so another
/// program's SQLite file is recognised and refused.
const APPLICATION_ID: i32 = 0x726e_6473;

/// How long a writer waits for another writer's transaction before failing.
/// Imports of a large region hold the lock for seconds; a day's record for
/// milliseconds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// The published plans a [`Store`] has read back, shared between
/// connections to one database (a plan never changes once stored).
#[derive(Clone, Debug, Default)]
pub struct ReadPlans(std::sync::Arc<plans::PlanCache>);

/// An open rounds database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Published plans read back, by id: a plan never changes once stored,
    /// and reading one back (every day's JSON, the region rebuilt and its
    /// hash checked) is most of the work of showing a rep's day, which
    /// `rounds serve` does on every request.
    read_plans: std::sync::Arc<plans::PlanCache>,
}

impl Store {
    /// Creates a new database at `path` with the latest schema. Refuses a path
    /// that exists.
    ///
    /// The database is made whole in a temporary file beside `path` and then
    /// renamed there, never over a file: a creation the disk cuts short left a
    /// file behind that a second `rounds db init` refused as existing.
    pub fn create(path: &Path) -> Result<Store, StoreError> {
        let made = MadeBeside {
            path,
            exists: || StoreError::Exists { path: path.to_path_buf() },
            io: |reason| StoreError::Create { path: path.to_path_buf(), reason },
        };
        made.make(|temporary| {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
            let conn = Connection::open_with_flags(temporary, flags).map_err(sqlite(path))?;
            conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(sqlite(path))?;
            Store::configure(conn, path).map(drop)
        })?;
        Store::open(path)
    }

    /// Opens the database at `path`, applying the migrations it lacks. Refuses
    /// a missing file, a file that is not a rounds database, and one written
    /// by a newer rounds.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_as(path, path)
    }

    /// [`Store::open`] of `file`, with its errors naming `name`: a backup is
    /// checked under a temporary name, and reported under the one the user gave.
    pub(crate) fn open_as(file: &Path, name: &Path) -> Result<Store, StoreError> {
        let path = name;
        if !file.is_file() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        let conn =
            Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sqlite(path))?;
        let not_rounds = || StoreError::NotRounds { path: path.to_path_buf() };
        // A file that is not SQLite at all fails on the first read.
        let id: i32 =
            conn.pragma_query_value(None, "application_id", |row| row.get(0)).map_err(|_| not_rounds())?;
        if id != APPLICATION_ID {
            return Err(not_rounds());
        }
        Store::configure(conn, path)
    }

    /// The settings every connection needs, then the migrations.
    fn configure(mut conn: Connection, path: &Path) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite(path))?;
        conn.pragma_update(None, "foreign_keys", true).map_err(sqlite(path))?;
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))
            .map_err(sqlite(path))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::BadValue {
                path: path.to_path_buf(),
                what: format!("the journal cannot be switched to WAL (it stays `{mode}`)"),
            });
        }
        match migrations::migrate(&mut conn).map_err(sqlite(path))? {
            Schema::Current => Ok(Store { conn, path: path.to_path_buf(), read_plans: Default::default() }),
            Schema::Newer(found) => Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported: migrations::latest_version(),
            }),
        }
    }

    /// The plans this store has read back, to share with another connection
    /// to the same database ([`Store::sharing_read_plans`]).
    pub fn read_plans(&self) -> ReadPlans {
        ReadPlans(self.read_plans.clone())
    }

    /// This store, reading published plans through `plans`, so that
    /// connections opened side by side (the server's) read each plan once.
    pub fn sharing_read_plans(mut self, plans: &ReadPlans) -> Store {
        self.read_plans = plans.0.clone();
        self
    }

    /// The database file, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrations::user_version(&self.conn).map_err(self.sqlite())
    }

    /// Turns SQLite's errors into [`StoreError::Sqlite`] naming this database.
    fn sqlite(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        sqlite(&self.path)
    }
}

/// A database file made whole before it is at `path` (a new database, a
/// backup): built at a temporary path in the same folder, then renamed to
/// `path`, never over a file. One the disk cuts short leaves neither the file
/// nor the journal files SQLite keeps beside it, which a clean close removes
/// and a failed one leaves.
struct MadeBeside<'p, X, I> {
    path: &'p Path,
    /// The error for a `path` already there.
    exists: X,
    /// The error for the system's failure to make or rename the file.
    io: I,
}

impl<X: Fn() -> StoreError, I: Fn(std::io::Error) -> StoreError> MadeBeside<'_, X, I> {
    /// Builds the database with `build`, given the temporary path, and puts it in place.
    fn make(&self, build: impl FnOnce(&Path) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let io = |reason| (self.io)(crate::io::without_temporary_path(reason));
        if self.path.exists() {
            return Err((self.exists)());
        }
        // Closed before SQLite opens it: closing another descriptor of the file
        // later would drop the locks SQLite holds on it.
        let temporary = tempfile::Builder::new()
            .prefix(".rounds-")
            .suffix(".db")
            .tempfile_in(crate::io::folder_of(self.path))
            .map_err(io)?
            .into_temp_path();
        let built = build(&temporary);
        for journal in ["-wal", "-shm", "-journal"] {
            let mut name = temporary.as_os_str().to_owned();
            name.push(journal);
            let _ = std::fs::remove_file(name);
        }
        built?;
        temporary.persist_noclobber(self.path).map_err(|err| match err.error.kind() {
            std::io::ErrorKind::AlreadyExists => (self.exists)(),
            _ => io(err.error),
        })
    }
}

/// Turns SQLite's errors into [`StoreError::Sqlite`] naming `path`.
fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |reason| StoreError::Sqlite { path: path.to_path_buf(), reason }
}

/// Now, UTC, to the second, as stored in `*_at` columns.
fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
