//! What can go wrong with the database, each naming the file.

use std::path::PathBuf;

use crate::io::InputError;
use crate::report::lang::{Lang, Msg};

/// Why a database operation failed. Every variant names the database file as given.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite itself failed: the disk, a lock held too long, a broken file.
    #[error("{}: {reason}", path.display())]
    Sqlite {
        /// The database, as given.
        path: PathBuf,
        /// What SQLite reported: part of the message, not a separate cause,
        /// so that it is said once however the error is printed.
        reason: rusqlite::Error,
    },
    /// Opening a database that is not there (only `rounds db init` creates one).
    #[error("{} does not exist; create it with `rounds db init {}`", path.display(), path.display())]
    Missing {
        /// The database, as given.
        path: PathBuf,
    },
    /// The new database's file could not be made or put in place.
    #[error("cannot create {}: {reason}", path.display())]
    Create {
        /// The database, as given.
        path: PathBuf,
        /// What the system reported: part of the message, not a separate
        /// cause, so that it is said once however the error is printed.
        reason: std::io::Error,
    },
    /// `rounds db init` on a file that is already there.
    #[error("{} already exists; `rounds db init` creates a new database only", path.display())]
    Exists {
        /// The file, as given.
        path: PathBuf,
    },
    /// The file is an SQLite database of something else, or not a database at all.
    #[error("{} is not a rounds database (create one with `rounds db init`)", path.display())]
    NotRounds {
        /// The file, as given.
        path: PathBuf,
    },
    /// The file was written by a newer rounds, whose schema this one does not know.
    #[error(
        "{} has schema version {found}, but this rounds knows versions up to {supported}; \
         use a rounds at least as new as the one that last wrote it",
        path.display()
    )]
    NewerSchema {
        /// The database, as given.
        path: PathBuf,
        /// The database's version (`PRAGMA user_version`).
        found: u32,
        /// The newest version this build has migrations for.
        supported: u32,
    },
    /// Planning from a database nothing has been imported into.
    #[error("{} holds no region yet; import one with `rounds db import {} REGION`", path.display(), path.display())]
    Empty {
        /// The database, as given.
        path: PathBuf,
    },
    /// Planning a day before an account's last visit.
    #[error("{}: {visit}", path.display())]
    VisitAfter {
        /// The database, as given.
        path: PathBuf,
        /// The visit, and the day asked for: part of the message, not a
        /// separate cause, so that it is said once however the error is printed.
        visit: LaterVisit,
    },
    /// Publishing a day or week plan over a day already under way.
    #[error("{}: {under_way}", path.display())]
    DayUnderWay {
        /// The database, as given.
        path: PathBuf,
        /// The day, its plan and what was recorded: part of the message, not
        /// a separate cause, so that it is said once however the error is printed.
        under_way: DayUnderWay,
    },
    /// An import whose files break the rules of the CSV readers: nothing was imported.
    #[error("nothing was imported into {}", path.display())]
    Rejected {
        /// The database, as given.
        path: PathBuf,
        /// Every bad row, with its file, line and field.
        source: InputError,
    },
    /// Rows in the database that the CSV reader's rules reject (edited by hand with another tool).
    #[error("{} holds rows that accounts.csv and reps.csv would not allow", path.display())]
    BadRows {
        /// The database, as given.
        path: PathBuf,
        /// Every bad row: the line is the row's line in `rounds db export`'s files.
        source: InputError,
    },
    /// A value in the database that no rounds writes (edited by hand with another tool).
    #[error("{}: {what}", path.display())]
    BadValue {
        /// The database, as given.
        path: PathBuf,
        /// Which value, and what is wrong with it.
        what: String,
    },
    /// Visits naming accounts that the region in the database does not have: none was recorded.
    #[error(
        "nothing was recorded in {}: {} not an account of its region ({}); \
         a visit names an account by its `id` in accounts.csv",
        path.display(),
        if accounts.len() == 1 { "this is" } else { "these are" },
        accounts.join(", ")
    )]
    UnknownAccounts {
        /// The database, as given.
        path: PathBuf,
        /// The ids not found, in the order given.
        accounts: Vec<String>,
    },
    /// An account id that was never imported.
    #[error("{}: no account `{account}` was ever imported", path.display())]
    UnknownAccount {
        /// The database, as given.
        path: PathBuf,
        /// The id asked for.
        account: String,
    },
    /// A plan id that is not stored.
    #[error("{}: there is no stored plan {id}", path.display())]
    UnknownPlan {
        /// The database, as given.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// A stored plan whose JSON no longer reads.
    #[error("{}: stored plan {id} does not read", path.display())]
    BadStoredPlan {
        /// The database, as given.
        path: PathBuf,
        /// The plan's id.
        id: i64,
        /// What the plan reader reported.
        source: InputError,
    },
    /// Replaying a stored plan rebuilt a region other than the one it was made from.
    #[error(
        "{}: plan {id} was made from a region with SHA-256 {expected}, but the database now rebuilds \
         {found} for it; its rows were changed by hand",
        path.display()
    )]
    ReplayMismatch {
        /// The database, as given.
        path: PathBuf,
        /// The plan's id.
        id: i64,
        /// The hash stored with the plan.
        expected: String,
        /// The hash of what was rebuilt.
        found: String,
    },
    /// A backup to a file that is already there (a backup never overwrites).
    #[error("{} exists; a backup goes to a new file", to.display())]
    BackupExists {
        /// The backup file, as given.
        to: PathBuf,
    },
    /// The backup's file could not be made, written or put in place.
    #[error("cannot back {} up to {}", path.display(), to.display())]
    Backup {
        /// The database, as given.
        path: PathBuf,
        /// The backup file, as given.
        to: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
}

impl StoreError {
    /// Whether the user's input is at fault (exit code 2) rather than the
    /// system (a disk, a lock held past the busy timeout: exit code 1).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, StoreError::Sqlite { .. } | StoreError::Create { .. } | StoreError::Backup { .. })
    }
}

/// An account last visited after the first day asked for: a plan for that
/// day would take as done a visit not made yet. Files refuse such a
/// `last_visit` or log line alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{account} was last visited on {visit}, after {date}, the first day planned; \
     the database plans from the day of its latest visit on"
)]
pub struct LaterVisit {
    /// The account with the latest visit.
    pub account: String,
    /// That visit's day.
    pub visit: chrono::NaiveDate,
    /// The first day asked for.
    pub date: chrono::NaiveDate,
}

/// A day whose plan in force has visits recorded against it. A new day or
/// week plan for it would be made from the start of the working day, without
/// the accounts already visited, so the reps' days would lose the visits they
/// recorded and send them back where they began; a re-plan keeps both.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{date} is under way: {recorded} of plan {plan}'s visits {verb} recorded for it, and a new plan \
     would take {them} off the reps' days; re-plan the rest of the day instead, or publish from {next}",
    verb = if *recorded == 1 { "is" } else { "are" },
    them = if *recorded == 1 { "it" } else { "them" },
    next = date.succ_opt().unwrap_or(*date)
)]
pub struct DayUnderWay {
    /// The day.
    pub date: chrono::NaiveDate,
    /// The plan in force on it.
    pub plan: i64,
    /// How many of that plan's visits that day are recorded (done or skipped).
    pub recorded: usize,
}

/// A day before the first day planned whose plan in force still has visits
/// not recorded. The database plans from the visits recorded, so a plan made
/// now counts those as not made, and plans the ones still due again: the
/// reps would go back the next day to shops they saw the day before. A
/// caution, not an error: said in the reader's language by [`NotRecorded::line`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotRecorded {
    /// The day.
    pub date: chrono::NaiveDate,
    /// The plan in force on it.
    pub plan: i64,
    /// How many of its visits to accounts of the region have no record for that day.
    pub visits: usize,
}

impl NotRecorded {
    /// The caution after a plan is stored, in `lang`: the same words on the
    /// server's job page and from the command line.
    pub fn line(&self, lang: Lang) -> String {
        lang.fill(Msg::NotRecordedYet, &[&lang.date(self.date), &self.visits, &self.plan])
    }
}
