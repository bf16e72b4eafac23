-- rounds database, schema version 2: each import's calendar.
--
-- A region folder's calendar files (holidays.csv or holidays.ics, absences.csv)
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
