-- rounds database: the people who sign in to `rounds serve`, their
-- sessions, and an index of the visit log by day for the server's pages.
--
-- A manager sees and records for the whole team; a rep only for the rep id
-- they are (`rep`, a rep of some import). Passwords are kept only as argon2
-- hashes in PHC form (`$argon2id$...`). A session's token is kept only as its
-- SHA-256, so a copy of the database lets nobody in; its CSRF token is the
-- one every state-changing request of the session must carry.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    -- The name typed at sign-in.
    name          TEXT NOT NULL UNIQUE CHECK (name <> '' AND length(name) <= 64),
    role          TEXT NOT NULL CHECK (role IN ('manager', 'rep')),
    -- The rep id a rep signs in as; NULL for a manager.
    rep           TEXT REFERENCES reps (id) CHECK ((role = 'rep') = (rep IS NOT NULL)),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2%'),
    -- When the user was added, UTC, RFC 3339.
    created_at    TEXT NOT NULL CHECK (created_at <> '')
);

CREATE TABLE sessions (
    -- SHA-256 (hex) of the token in the session cookie.
    token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
    user         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Sent back with every form and JSON call that changes something.
    csrf         TEXT NOT NULL CHECK (length(csrf) >= 32),
    -- The language the pages are shown in: en or ja.
    lang         TEXT NOT NULL CHECK (lang IN ('en', 'ja')),
    -- Unix seconds after which the session is no longer accepted.
    expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- The server reads a day's visits on every page (`Store::visits_on`).
CREATE INDEX visits_by_date ON visits (date);
