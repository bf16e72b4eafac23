//! Accounts and reps as database rows: the two kinds of versioned row, their
//! tables, and the conversion between their columns and the cells of
//! accounts.csv and reps.csv.
//!
//! A version row holds each CSV column (but the id) in a column of the same
//! meaning: numbers typed (`lat REAL`, `service_s INTEGER`), compound values
//! (opening hours, closed days, shift, break) spelled as the file spells them.
//! Reading a row back gives the cells [`crate::io::csv_region::account_cells`]
//! would write, which the CSV reader then reads: one set of rules for files
//! and database alike.

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use crate::io::csv_region::{account_cells, minutes_text, rep_cells, ACCOUNT_COLUMNS, REP_COLUMNS};
use crate::model::{Account, Rep};

/// One kind of versioned row and its four tables.
pub(super) struct Kind {
    /// Singular noun for messages and the key column of the other tables (`account`).
    pub noun: &'static str,
    /// The CSV file's columns, id first; the version columns are the rest, in this order.
    pub columns: &'static [&'static str],
    /// The database column of each CSV column but the id.
    pub version_columns: &'static [&'static str],
    /// Identities: `key`, `id`.
    pub identities: &'static str,
    /// Versions: `id`, the key column, `import_id`, the version columns.
    pub versions: &'static str,
    /// Which rows an import holds, in file order.
    pub members: &'static str,
    /// What each import changed.
    pub changes: &'static str,
    /// The cells of a version row whose version columns start at `offset`, id excluded.
    cells_of: fn(&Row<'_>, usize) -> rusqlite::Result<Vec<String>>,
}

/// Accounts.
pub(super) const ACCOUNTS: Kind = Kind {
    noun: "account",
    columns: ACCOUNT_COLUMNS,
    version_columns: &[
        "name",
        "address",
        "lat",
        "lon",
        "service_s",
        "windows",
        "every_days",
        "last_visit",
        "priority",
        "closed",
        "territory",
        "preferred_days",
    ],
    identities: "accounts",
    versions: "account_versions",
    members: "import_accounts",
    changes: "account_changes",
    cells_of: account_cells_of,
};

/// Reps.
pub(super) const REPS: Kind = Kind {
    noun: "rep",
    columns: REP_COLUMNS,
    version_columns: &[
        "name",
        "start_lat",
        "start_lon",
        "end_lat",
        "end_lon",
        "shift",
        "break",
        "max_visits",
    ],
    identities: "reps",
    versions: "rep_versions",
    members: "import_reps",
    changes: "rep_changes",
    cells_of: rep_cells_of,
};

/// A row of a file on its way in: its cells, and the values of its version columns.
pub(super) struct Incoming {
    /// The cells as the CSV writer spells them, id first.
    pub cells: Vec<String>,
    /// The version columns' values, in [`Kind::version_columns`] order.
    pub values: Vec<Value>,
}

impl Incoming {
    /// An account read by the CSV reader.
    pub fn account(a: &Account) -> Incoming {
        let cells = account_cells(a);
        let text = |i: usize| Value::Text(cells[i].clone());
        let optional = |i: usize| if cells[i].is_empty() { Value::Null } else { text(i) };
        let values = vec![
            text(1),
            text(2),
            Value::Real(a.location.lat),
            Value::Real(a.location.lon),
            Value::Integer(a.service_s),
            text(6),
            Value::Integer(i64::from(a.every_days)),
            optional(8),
            text(9),
            text(10),
            optional(11),
            text(12),
        ];
        Incoming { cells, values }
    }

    /// A rep read by the CSV reader.
    pub fn rep(r: &Rep) -> Incoming {
        let cells = rep_cells(r);
        let values = vec![
            Value::Text(r.name.clone()),
            Value::Real(r.start.lat),
            Value::Real(r.start.lon),
            Value::Real(r.end.lat),
            Value::Real(r.end.lon),
            Value::Text(cells[6].clone()),
            Value::Text(cells[7].clone()),
            r.max_visits.map_or(Value::Null, |n| Value::Integer(i64::from(n))),
        ];
        Incoming { cells, values }
    }

    /// The row's id.
    pub fn id(&self) -> &str {
        &self.cells[0]
    }
}

fn account_cells_of(row: &Row<'_>, at: usize) -> rusqlite::Result<Vec<String>> {
    Ok(vec![
        row.get(at)?,
        row.get(at + 1)?,
        row.get::<_, f64>(at + 2)?.to_string(),
        row.get::<_, f64>(at + 3)?.to_string(),
        minutes_text(row.get(at + 4)?),
        row.get(at + 5)?,
        row.get::<_, i64>(at + 6)?.to_string(),
        row.get::<_, Option<String>>(at + 7)?.unwrap_or_default(),
        row.get(at + 8)?,
        row.get(at + 9)?,
        row.get::<_, Option<String>>(at + 10)?.unwrap_or_default(),
        row.get(at + 11)?,
    ])
}

fn rep_cells_of(row: &Row<'_>, at: usize) -> rusqlite::Result<Vec<String>> {
    Ok(vec![
        row.get(at)?,
        row.get::<_, f64>(at + 1)?.to_string(),
        row.get::<_, f64>(at + 2)?.to_string(),
        row.get::<_, f64>(at + 3)?.to_string(),
        row.get::<_, f64>(at + 4)?.to_string(),
        row.get(at + 5)?,
        row.get(at + 6)?,
        row.get::<_, Option<i64>>(at + 7)?.map(|n| n.to_string()).unwrap_or_default(),
    ])
}

/// A row of one import: which identity, which version, and its cells (id first).
pub(super) struct Member {
    /// The identity's key.
    pub key: i64,
    /// The version in force.
    pub version: i64,
    /// The cells, id first.
    pub cells: Vec<String>,
}

impl Kind {
    /// The version columns, quoted, joined with commas, each prefixed with `prefix`.
    pub fn column_list(&self, prefix: &str) -> String {
        self.version_columns.iter().map(|c| format!("{prefix}\"{c}\"")).collect::<Vec<_>>().join(", ")
    }

    /// The rows of import `import_id`, in file order.
    pub fn members(&self, conn: &Connection, import_id: i64) -> rusqlite::Result<Vec<Member>> {
        let sql = format!(
            "SELECT i.id, m.{noun}, m.version, {columns} FROM {members} m \
             JOIN {versions} v ON v.id = m.version JOIN {identities} i ON i.key = m.{noun} \
             WHERE m.import_id = ?1 ORDER BY m.position",
            noun = self.noun,
            columns = self.column_list("v."),
            members = self.members,
            versions = self.versions,
            identities = self.identities,
        );
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map([import_id], |row| {
            let mut cells = vec![row.get::<_, String>(0)?];
            cells.extend((self.cells_of)(row, 3)?);
            Ok(Member { key: row.get(1)?, version: row.get(2)?, cells })
        })?;
        rows.collect()
    }

    /// The latest version of identity `key` (in any import): its id and cells, id first.
    pub fn latest_version(&self, conn: &Connection, key: i64) -> rusqlite::Result<(i64, Vec<String>)> {
        let sql = format!(
            "SELECT i.id, v.id, {columns} FROM {versions} v JOIN {identities} i ON i.key = v.{noun} \
             WHERE v.{noun} = ?1 ORDER BY v.id DESC LIMIT 1",
            noun = self.noun,
            columns = self.column_list("v."),
            versions = self.versions,
            identities = self.identities,
        );
        conn.query_row(&sql, [key], |row| {
            let mut cells = vec![row.get::<_, String>(0)?];
            cells.extend((self.cells_of)(row, 2)?);
            Ok((row.get(1)?, cells))
        })
    }
}
