//! The people who sign in to `rounds serve` and their sessions.
//!
//! The store keeps what it is given: a password arrives here already hashed
//! (argon2, by the server's auth module) and a session token only as its
//! SHA-256, so nothing in the database lets anyone sign in.

use rusqlite::{params, OptionalExtension};

use super::{now_text, Store, StoreError};

/// What a user may see and do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// The whole team: every rep's day, every record.
    Manager,
    /// One rep's own day, accounts and visits only.
    Rep(String),
}

impl Role {
    /// `manager` or `rep`, as stored.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Rep(_) => "rep",
        }
    }

    /// Whether this role may read and record rep `rep`'s day.
    pub fn may_see_rep(&self, rep: &str) -> bool {
        match self {
            Role::Manager => true,
            Role::Rep(own) => own == rep,
        }
    }
}

/// A user as stored (without the password hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// The user's id (`users.id`).
    pub id: i64,
    /// The name typed at sign-in.
    pub name: String,
    /// What the user may see and do.
    pub role: Role,
}

/// A live session, found by its token's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Who is signed in.
    pub user: User,
    /// The token every state-changing request of the session carries.
    pub csrf: String,
    /// The session's language, `en` or `ja`.
    pub lang: String,
    /// Unix seconds after which the session is refused.
    pub expires_at: i64,
}

impl Store {
    /// Adds a user. `role` names the rep for a rep, who must be a rep some
    /// import brought in; `password_hash` is a PHC string (`$argon2id$...`).
    pub fn add_user(&mut self, name: &str, role: &Role, password_hash: &str) -> Result<User, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let bad = |what: String| StoreError::BadValue { path: path.clone(), what };
        let taken: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM users WHERE name = ?1)", [name], |row| row.get(0))
            .map_err(&sqlite)?;
        if taken {
            return Err(bad(format!("a user named `{name}` exists already")));
        }
        let rep = match role {
            Role::Manager => None,
            Role::Rep(rep) => {
                let known: bool = self
                    .conn
                    .query_row("SELECT EXISTS (SELECT 1 FROM reps WHERE id = ?1)", [rep], |row| row.get(0))
                    .map_err(&sqlite)?;
                if !known {
                    return Err(bad(format!("`{rep}` is not a rep of any import; import reps.csv first")));
                }
                Some(rep.as_str())
            }
        };
        self.conn
            .execute(
                "INSERT INTO users (name, role, rep, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, role.name(), rep, password_hash, now_text()],
            )
            .map_err(&sqlite)?;
        Ok(User { id: self.conn.last_insert_rowid(), name: name.to_string(), role: role.clone() })
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let sqlite = super::sqlite(&self.path);
        let mut statement =
            self.conn.prepare("SELECT id, name, role, rep FROM users ORDER BY name").map_err(&sqlite)?;
        let rows = statement.query_map([], user_of_row).map_err(&sqlite)?;
        let rows: Vec<_> = rows.collect::<Result<_, _>>().map_err(&sqlite)?;
        rows.into_iter().map(|row| self.user_of(row)).collect()
    }

    /// The user signing in as `name`, with their password hash; `None` for no such user.
    pub fn user_for_sign_in(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        let sqlite = super::sqlite(&self.path);
        let row = self
            .conn
            .query_row(
                "SELECT id, name, role, rep, password_hash FROM users WHERE name = ?1",
                [name],
                |row| Ok((user_of_row(row)?, row.get::<_, String>(4)?)),
            )
            .optional()
            .map_err(&sqlite)?;
        row.map(|(user, hash)| Ok((self.user_of(user)?, hash))).transpose()
    }

    /// Starts a session for `user`, kept under the SHA-256 of its token, and
    /// forgets the sessions that expired before `now` (unix seconds).
    pub fn create_session(
        &mut self,
        token_sha256: &str,
        user: i64,
        csrf: &str,
        lang: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let sqlite = super::sqlite(&self.path);
        self.conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now]).map_err(&sqlite)?;
        self.conn
            .execute(
                "INSERT INTO sessions (token_sha256, user, csrf, lang, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![token_sha256, user, csrf, lang, expires_at],
            )
            .map_err(&sqlite)?;
        Ok(())
    }

    /// The session whose token hashes to `token_sha256`, if it exists and has
    /// not expired at `now` (unix seconds). A read only: looking a session up
    /// on every request never takes the database's write lock.
    pub fn session(&self, token_sha256: &str, now: i64) -> Result<Option<Session>, StoreError> {
        let sqlite = super::sqlite(&self.path);
        let row = self
            .conn
            .query_row(
                "SELECT u.id, u.name, u.role, u.rep, s.csrf, s.lang, s.expires_at \
                 FROM sessions s JOIN users u ON u.id = s.user WHERE s.token_sha256 = ?1 AND s.expires_at > ?2",
                params![token_sha256, now],
                |row| {
                    Ok((user_of_row(row)?, row.get::<_, String>(4)?, row.get::<_, String>(5)?, row.get(6)?))
                },
            )
            .optional()
            .map_err(&sqlite)?;
        let Some((user, csrf, lang, expires_at)) = row else { return Ok(None) };
        Ok(Some(Session { user: self.user_of(user)?, csrf, lang, expires_at }))
    }

    /// Sets the language of a session.
    pub fn set_session_lang(&mut self, token_sha256: &str, lang: &str) -> Result<(), StoreError> {
        let sqlite = super::sqlite(&self.path);
        self.conn
            .execute("UPDATE sessions SET lang = ?2 WHERE token_sha256 = ?1", params![token_sha256, lang])
            .map_err(&sqlite)?;
        Ok(())
    }

    /// Ends a session (signing out).
    pub fn end_session(&mut self, token_sha256: &str) -> Result<(), StoreError> {
        let sqlite = super::sqlite(&self.path);
        self.conn.execute("DELETE FROM sessions WHERE token_sha256 = ?1", [token_sha256]).map_err(&sqlite)?;
        Ok(())
    }

    /// A user from the columns of [`user_of_row`], its role checked.
    fn user_of(&self, (id, name, role, rep): UserRow) -> Result<User, StoreError> {
        let role = match (role.as_str(), rep) {
            ("manager", None) => Role::Manager,
            ("rep", Some(rep)) => Role::Rep(rep),
            (role, _) => {
                return Err(StoreError::BadValue {
                    path: self.path.clone(),
                    what: format!("user `{name}` has role `{role}`, not manager or rep with a rep id"),
                })
            }
        };
        Ok(User { id, name, role })
    }
}

/// `id, name, role, rep` of a user row.
type UserRow = (i64, String, String, Option<String>);

fn user_of_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}
