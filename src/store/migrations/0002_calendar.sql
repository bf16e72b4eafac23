-- rounds database, schema version 2: each import's calendar, and accounts'
-- addresses.
--
-- A region folder's calendar files (holidays.csv or holidays.ics, absences.csv,
-- closures.csv, appointments.csv)
-- are part of the region an import leaves, kept per import like its accounts
-- and reps, as the cells of the CSV rows `rounds db export` writes back, so the
-- files' own readers read them again. Built-in calendars (`--holidays jp`) are
-- code, not data, and are not stored.

-- The days nobody is sent out, one row per day.
CREATE TABLE import_holidays (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    -- 0-based row in the exported holidays.csv.
    position  INTEGER NOT NULL CHECK (position >= 0),
    day       TEXT NOT NULL CHECK (date(day) IS day),
    name      TEXT NOT NULL,
    PRIMARY KEY (import_id, position),
    UNIQUE (import_id, day)
) WITHOUT ROWID;

-- Days, or parts of days, a rep does not work.
CREATE TABLE import_absences (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    -- 0-based row in absences.csv of that import.
    position  INTEGER NOT NULL CHECK (position >= 0),
    rep       INTEGER NOT NULL REFERENCES reps (key),
    first_day TEXT NOT NULL CHECK (date(first_day) IS first_day),
    last_day  TEXT NOT NULL CHECK (date(last_day) IS last_day AND last_day >= first_day),
    -- `HH:MM` (or `HH:MM:SS`) for a part of each day, both or neither.
    start     TEXT NOT NULL,
    end       TEXT NOT NULL CHECK ((start = '') = (end = '')),
    note      TEXT NOT NULL,
    PRIMARY KEY (import_id, position)
) WITHOUT ROWID;

-- Days an account is closed (renovation, inventory).
CREATE TABLE import_closures (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    -- 0-based row in closures.csv of that import.
    position  INTEGER NOT NULL CHECK (position >= 0),
    account   INTEGER NOT NULL REFERENCES accounts (key),
    first_day TEXT NOT NULL CHECK (date(first_day) IS first_day),
    last_day  TEXT NOT NULL CHECK (date(last_day) IS last_day AND last_day >= first_day),
    note      TEXT NOT NULL,
    PRIMARY KEY (import_id, position)
) WITHOUT ROWID;

-- Visits agreed with customers for a date and time.
CREATE TABLE import_appointments (
    import_id    INTEGER NOT NULL REFERENCES imports (id),
    -- 0-based row in appointments.csv of that import.
    position     INTEGER NOT NULL CHECK (position >= 0),
    account      INTEGER NOT NULL REFERENCES accounts (key),
    day          TEXT NOT NULL CHECK (date(day) IS day),
    -- `HH:MM` (the visit starts then) or '' when `window` gives the time.
    start        TEXT NOT NULL,
    -- `HH:MM-HH:MM` (the visit starts within it) or '' when `start` does.
    window       TEXT NOT NULL CHECK ((start = '') <> (window = '')),
    -- The rep who keeps it, or NULL for any rep the territory allows.
    rep          INTEGER REFERENCES reps (key),
    duration_min TEXT NOT NULL CHECK (duration_min <> ''),
    note         TEXT NOT NULL,
    PRIMARY KEY (import_id, position),
    UNIQUE (import_id, account, day)
) WITHOUT ROWID;

-- An account's postal address (accounts.csv `address`), '' when it has none.
ALTER TABLE account_versions ADD COLUMN address TEXT NOT NULL DEFAULT '';
