-- rounds database: the API keys of `rounds serve`'s VROOM-compatible endpoint
-- (`POST /vroom`), which tools call without a user's session.
--
-- A key is 32 random bytes shown once, when `rounds db key add` makes it; the
-- database keeps only its SHA-256 (a random key needs no slow hash), so a copy
-- of the database lets nobody call the endpoint.

CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    -- Who or what the key is for, as `rounds db key list` shows it.
    name       TEXT NOT NULL UNIQUE CHECK (name <> '' AND length(name) <= 64),
    -- SHA-256 (hex) of the key.
    key_sha256 TEXT NOT NULL UNIQUE CHECK (length(key_sha256) = 64),
    -- When the key was made, UTC, RFC 3339.
    created_at TEXT NOT NULL CHECK (created_at <> '')
);
