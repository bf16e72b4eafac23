-- rounds database, schema version 3: the weekdays a customer expects the rep.
--
-- accounts.csv `preferred_days`, spelled as the file's writer spells it
-- (`Tue Thu`), '' when the account has none.
ALTER TABLE account_versions ADD COLUMN preferred_days TEXT NOT NULL DEFAULT '';
