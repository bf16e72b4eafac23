//! Versioned schema migrations, applied in order when a database is opened.
//!
//! Migration `n` (1-based) is `MIGRATIONS[n - 1]`, a SQL file under
//! `src/store/migrations/` compiled into the binary. `PRAGMA user_version`
//! holds the number of migrations applied. A released file is never edited:
//! the schema changes by appending a file, and a test pins every released
//! file's SHA-256. A database whose version is higher than this build knows
//! was written by a newer rounds and is refused rather than misread.

use rusqlite::{Connection, TransactionBehavior};

/// The migrations, oldest first.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_calendar.sql"),
    include_str!("migrations/0003_preferred_days.sql"),
    include_str!("migrations/0004_users.sql"),
    include_str!("migrations/0005_api_keys.sql"),
];

/// The schema version this build writes: the number of migrations.
pub fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// What a connection found when it looked at the schema.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Schema {
    /// At `latest_version`, possibly after applying migrations.
    Current,
    /// Written by a newer build.
    Newer(u32),
}

/// Applies the migrations the database lacks, all in one IMMEDIATE transaction
/// (so two processes opening an old database at once migrate it once).
pub(super) fn migrate(conn: &mut Connection) -> rusqlite::Result<Schema> {
    let latest = latest_version();
    let version = user_version(conn)?;
    if version > latest {
        return Ok(Schema::Newer(version));
    }
    if version == latest {
        return Ok(Schema::Current);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated between the look and the lock.
    let version = user_version(&tx)?;
    for sql in MIGRATIONS.iter().skip(version as usize) {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", latest)?;
    tx.commit()?;
    Ok(Schema::Current)
}

/// `PRAGMA user_version`.
pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// The SHA-256 of every released migration. Editing a released file breaks
    /// every database it already built; add a new migration instead.
    const RELEASED: &[&str] = &[
        "a1f76b31d51078b7760532f3acaa5ea4d73afa35aaeeabccd323b8ea27231e1a",
        "f21bf7f3045846bffe3b6d3dd0af91c0f6a3eb475473eb58ec6d3ded84254f5d",
        "b0c9b8e3e564a9b01442c3261e7c5c4028f734673966c8f62a52195de6502b78",
        "b789a748da1069ca6a77bcab7fd14068d433c4d505eabb2c0572bfc292f6bb47",
        "6dbc04d8b2448cdaf782e788abca0c601678915008fdbeedfb62a8188f12ff8f",
    ];

    #[test]
    fn released_migrations_are_never_edited() {
        assert!(MIGRATIONS.len() >= RELEASED.len());
        for (i, (sql, pinned)) in MIGRATIONS.iter().zip(RELEASED).enumerate() {
            let sha = format!("{:x}", Sha256::digest(sql.as_bytes()));
            assert_eq!(&sha, pinned, "migration {} was edited after its release", i + 1);
        }
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), Schema::Current);
        assert_eq!(user_version(&conn).unwrap(), latest_version());
        assert_eq!(migrate(&mut conn).unwrap(), Schema::Current);
        conn.pragma_update(None, "user_version", latest_version() + 1).unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), Schema::Newer(latest_version() + 1));
    }

    #[test]
    fn a_database_of_an_older_version_gets_the_newer_migrations_on_open() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), Schema::Current);
        assert_eq!(user_version(&conn).unwrap(), latest_version());
        let calendar_tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('import_holidays', 'import_absences', 'import_closures', 'import_appointments')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(calendar_tables, 4);
    }
}
