-- rounds database, schema version 1.
--
-- Released migrations are never edited: a change to the schema is a new file
-- (0002_....sql) appended to MIGRATIONS in src/store/migrations.rs. A test pins
-- the SHA-256 of every released file.
--
-- Accounts and reps are versioned, never overwritten. An import of a region
-- folder is one row of `imports`; the region as that import left it is its
-- membership rows (`import_accounts`, `import_reps`: which accounts and reps,
-- in file order), each pointing at the version of the row in force. A version
-- is written only when a row changes, and every change is also written to
-- `account_changes` / `rep_changes` with the import that made it (its date and
-- source). Compound values (opening hours, closed days, shift, break) are kept
-- as accounts.csv and reps.csv spell them, so the CSV reader's rules read
-- them back.

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    -- Where the data came from, as the user named it (a folder, a CRM export).
    source      TEXT NOT NULL CHECK (source <> ''),
    -- The day the import's changes take effect (the export's date), YYYY-MM-DD.
    effective   TEXT NOT NULL CHECK (date(effective) IS effective),
    -- When the import ran, UTC, RFC 3339.
    imported_at TEXT NOT NULL CHECK (imported_at <> '')
);

-- Rep identities: one row per rep id ever imported.
CREATE TABLE reps (
    key INTEGER PRIMARY KEY,
    id  TEXT NOT NULL UNIQUE CHECK (id <> '')
);

CREATE TABLE rep_versions (
    id         INTEGER PRIMARY KEY,
    rep        INTEGER NOT NULL REFERENCES reps (key),
    import_id  INTEGER NOT NULL REFERENCES imports (id),
    name       TEXT NOT NULL,
    start_lat  REAL NOT NULL CHECK (start_lat BETWEEN -90 AND 90),
    start_lon  REAL NOT NULL CHECK (start_lon BETWEEN -180 AND 180),
    end_lat    REAL NOT NULL CHECK (end_lat BETWEEN -90 AND 90),
    end_lon    REAL NOT NULL CHECK (end_lon BETWEEN -180 AND 180),
    -- `HH:MM-HH:MM` as in reps.csv.
    shift      TEXT NOT NULL CHECK (shift LIKE '%_-_%'),
    -- `HH:MM-HH:MM/MM` as in reps.csv, or '' for no break.
    break      TEXT NOT NULL CHECK (break = '' OR break LIKE '%_-_%/_%'),
    max_visits INTEGER CHECK (max_visits >= 0),
    UNIQUE (rep, import_id),
    UNIQUE (rep, id)
);

CREATE TABLE import_reps (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    rep       INTEGER NOT NULL,
    -- 0-based row in reps.csv of that import.
    position  INTEGER NOT NULL CHECK (position >= 0),
    version   INTEGER NOT NULL,
    PRIMARY KEY (import_id, rep),
    UNIQUE (import_id, position),
    FOREIGN KEY (rep, version) REFERENCES rep_versions (rep, id)
) WITHOUT ROWID;

-- Account identities: one row per account id ever imported. Visits hang here,
-- so they outlive any change of the account (a territory hand-over, a new
-- location) and even its removal from a later export.
CREATE TABLE accounts (
    key INTEGER PRIMARY KEY,
    id  TEXT NOT NULL UNIQUE CHECK (id <> '')
);

CREATE TABLE account_versions (
    id         INTEGER PRIMARY KEY,
    account    INTEGER NOT NULL REFERENCES accounts (key),
    import_id  INTEGER NOT NULL REFERENCES imports (id),
    name       TEXT NOT NULL,
    lat        REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon        REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    service_s  INTEGER NOT NULL CHECK (service_s BETWEEN 1 AND 86400),
    -- Opening hours as in accounts.csv (`09:00-12:00 13:00-17:00`), '' for any time.
    windows    TEXT NOT NULL,
    every_days INTEGER NOT NULL CHECK (every_days >= 1),
    last_visit TEXT CHECK (date(last_visit) IS last_visit),
    priority   TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    -- Weekdays closed as in accounts.csv (`Sat Sun`), '' for none.
    closed     TEXT NOT NULL,
    territory  TEXT REFERENCES reps (id),
    UNIQUE (account, import_id),
    UNIQUE (account, id)
);

CREATE TABLE import_accounts (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    account   INTEGER NOT NULL,
    -- 0-based row in accounts.csv of that import.
    position  INTEGER NOT NULL CHECK (position >= 0),
    version   INTEGER NOT NULL,
    PRIMARY KEY (import_id, account),
    UNIQUE (import_id, position),
    FOREIGN KEY (account, version) REFERENCES account_versions (account, id)
) WITHOUT ROWID;

-- What each import changed. `field` names the accounts.csv column of a
-- `changed` row; old and new values are spelled as in the file.
CREATE TABLE account_changes (
    id        INTEGER PRIMARY KEY,
    account   INTEGER NOT NULL REFERENCES accounts (key),
    import_id INTEGER NOT NULL REFERENCES imports (id),
    change    TEXT NOT NULL CHECK (change IN ('added', 'changed', 'removed', 'returned')),
    field     TEXT CHECK ((change = 'changed') = (field IS NOT NULL)),
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX account_changes_by_account ON account_changes (account, id);

CREATE TABLE rep_changes (
    id        INTEGER PRIMARY KEY,
    rep       INTEGER NOT NULL REFERENCES reps (key),
    import_id INTEGER NOT NULL REFERENCES imports (id),
    change    TEXT NOT NULL CHECK (change IN ('added', 'changed', 'removed', 'returned')),
    field     TEXT CHECK ((change = 'changed') = (field IS NOT NULL)),
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX rep_changes_by_rep ON rep_changes (rep, id);

-- The visit log: one row per account and day, never rewritten. `id` grows in
-- commit order, so "every visit up to id N" is a point in the log's history.
CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    account     INTEGER NOT NULL REFERENCES accounts (key),
    date        TEXT NOT NULL CHECK (date(date) IS date),
    -- The rep whose plan held the visit, as recorded (free text, as in visits.csv).
    rep         TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('visited', 'skipped')),
    note        TEXT NOT NULL DEFAULT '',
    -- How the line came in: `record plan.json`, `import REGION`.
    source      TEXT NOT NULL CHECK (source <> ''),
    recorded_at TEXT NOT NULL CHECK (recorded_at <> ''),
    UNIQUE (account, date)
);

-- The log is never rewritten: a line once recorded stays as it is.
CREATE TRIGGER visits_are_never_updated BEFORE UPDATE ON visits
BEGIN
    SELECT RAISE(ABORT, 'the visit log is never rewritten');
END;
CREATE TRIGGER visits_are_never_deleted BEFORE DELETE ON visits
BEGIN
    SELECT RAISE(ABORT, 'the visit log is never rewritten');
END;

-- The latest day each account was visited (skipped visits do not count),
-- kept by the trigger: what planning needs from a log of millions of lines.
-- A replay of a past plan recomputes it from `visits` up to the plan's point.
CREATE TABLE last_visits (
    account INTEGER PRIMARY KEY REFERENCES accounts (key),
    date    TEXT NOT NULL CHECK (date(date) IS date)
);
CREATE TRIGGER visits_keep_last_visits AFTER INSERT ON visits WHEN NEW.status = 'visited'
BEGIN
    INSERT INTO last_visits (account, date) VALUES (NEW.account, NEW.date)
    ON CONFLICT (account) DO UPDATE SET date = excluded.date WHERE excluded.date > last_visits.date;
END;

-- Published plans, with what they were made from: the accounts and reps of
-- one import, the visits up to one id, and the SHA-256 of that region as
-- accounts.csv + reps.csv bytes, so a replay can prove it rebuilt the same.
CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('day', 'week', 'replan')),
    created_at    TEXT NOT NULL CHECK (created_at <> ''),
    import_id     INTEGER NOT NULL REFERENCES imports (id),
    visits_upto   INTEGER NOT NULL CHECK (visits_upto >= 0),
    region_sha256 TEXT NOT NULL CHECK (length(region_sha256) = 64),
    -- The travel model the plan was priced with, in words (`rounds check` must use the same).
    travel        TEXT NOT NULL
);

CREATE TABLE plan_days (
    plan INTEGER NOT NULL REFERENCES plans (id),
    day  INTEGER NOT NULL CHECK (day >= 0),
    date TEXT NOT NULL CHECK (date(date) IS date),
    -- The day's plan file, as `rounds plan --out` writes it.
    json TEXT NOT NULL CHECK (json_valid(json)),
    PRIMARY KEY (plan, day)
) WITHOUT ROWID;
