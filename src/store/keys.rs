//! The API keys of `rounds serve`'s VROOM-compatible endpoint.
//!
//! The store keeps a key only as the SHA-256 it is given (the server's auth
//! module makes the key and hashes it), so nothing in the database lets
//! anyone call the endpoint.

use rusqlite::{params, OptionalExtension};

use super::{now_text, Store, StoreError};

/// An API key as listed (its hash is never shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    /// Who or what the key is for.
    pub name: String,
    /// When it was made, UTC, RFC 3339.
    pub created_at: String,
}

impl Store {
    /// Adds a key named `name` (unique, 1 to 64 characters) kept as `key_sha256`.
    pub fn add_api_key(&mut self, name: &str, key_sha256: &str) -> Result<ApiKey, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let taken: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM api_keys WHERE name = ?1)", [name], |row| row.get(0))
            .map_err(&sqlite)?;
        if taken {
            return Err(StoreError::BadValue {
                path: path.clone(),
                what: format!("an API key named `{name}` exists already"),
            });
        }
        let created_at = now_text();
        self.conn
            .execute(
                "INSERT INTO api_keys (name, key_sha256, created_at) VALUES (?1, ?2, ?3)",
                params![name, key_sha256, created_at],
            )
            .map_err(&sqlite)?;
        Ok(ApiKey { name: name.to_string(), created_at })
    }

    /// Every key, by name.
    pub fn api_keys(&self) -> Result<Vec<ApiKey>, StoreError> {
        let sqlite = super::sqlite(&self.path);
        let mut statement =
            self.conn.prepare("SELECT name, created_at FROM api_keys ORDER BY name").map_err(&sqlite)?;
        let rows = statement
            .query_map([], |row| Ok(ApiKey { name: row.get(0)?, created_at: row.get(1)? }))
            .map_err(&sqlite)?;
        rows.collect::<Result<_, _>>().map_err(&sqlite)
    }

    /// Removes the key named `name`; false when there is none.
    pub fn remove_api_key(&mut self, name: &str) -> Result<bool, StoreError> {
        let sqlite = super::sqlite(&self.path);
        let removed = self.conn.execute("DELETE FROM api_keys WHERE name = ?1", [name]).map_err(&sqlite)?;
        Ok(removed == 1)
    }

    /// The name of the key whose SHA-256 is `key_sha256`, if there is one.
    pub fn api_key_named(&self, key_sha256: &str) -> Result<Option<String>, StoreError> {
        let sqlite = super::sqlite(&self.path);
        self.conn
            .query_row("SELECT name FROM api_keys WHERE key_sha256 = ?1", [key_sha256], |row| row.get(0))
            .optional()
            .map_err(&sqlite)
    }
}
