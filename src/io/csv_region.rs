//! A region folder's `accounts.csv` and `reps.csv`, as CRMs and spreadsheets export them.
//!
//! Columns are found by header name (case-insensitive, surrounding spaces
//! ignored, any order; unknown columns are ignored), the text is UTF-8 (a byte
//! order mark is skipped) or Shift_JIS, detected or named ([`TextEncoding`],
//! [`super::text`]), and the delimiter is `,` or `;` (European Excel exports), detected
//! from the header line. In `;` files a decimal comma (`52,37`) is accepted in
//! numbers. Blank lines and rows with only empty cells are skipped. Line
//! numbers in errors are physical lines of the file, the header being line 1.
//!
//! `accounts.csv` columns (see [`read_accounts`] for their meaning):
//! `id`, `name`, `address`, `lat`, `lon`, `service_min`, `windows`, `every_days`,
//! `last_visit`, `priority`, `closed`, `territory`, `preferred_days`.
//!
//! `reps.csv` columns (see [`read_reps`]): `id`, `name`, `start_lat`, `start_lon`, `end_lat`,
//! `end_lon`, `shift`, `break`, `max_visits`.
//!
//! [`read_region`] reads both and checks references between them;
//! [`write_accounts`] and [`write_reps`] write files these readers read back
//! to the same values, cell by cell as [`account_cells`] and [`rep_cells`]
//! give them. [`region_from_rows`] reads such cells from somewhere other than
//! a file (the database, [`crate::store`]) by exactly the same rules, so no
//! second validator exists.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Weekday};
use csv::StringRecord;

use super::text::{self, TextEncoding};
use super::{cut, read_input, shown, InputError, Problems};
use crate::model::calendar::parse_weekday;
use crate::model::limits::{self, Range, SizeLimit};
use crate::model::{
    Account, BreakRule, Holidays, LatLon, OpeningHours, Priority, Region, Rep, Seconds, Shift, TimeWindow,
};

/// Columns `accounts.csv` must have.
const ACCOUNT_REQUIRED: &[&str] = &["id", "lat", "lon", "service_min", "every_days"];
/// Columns `reps.csv` must have.
const REP_REQUIRED: &[&str] = &["id", "start_lat", "start_lon", "shift"];
/// Columns [`write_accounts`] writes, in order (`address` and
/// `preferred_days` only when some account has one).
pub const ACCOUNT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "address",
    "lat",
    "lon",
    "service_min",
    "windows",
    "every_days",
    "last_visit",
    "priority",
    "closed",
    "territory",
    "preferred_days",
];
/// Columns [`write_reps`] writes, in order: the cells of [`rep_cells`].
pub const REP_COLUMNS: &[&str] =
    &["id", "name", "start_lat", "start_lon", "end_lat", "end_lon", "shift", "break", "max_visits"];

/// Reads `accounts.csv`.
///
/// Required columns: `id` (non-empty, unique), `lat`, `lon` (degrees),
/// `service_min` (visit length in minutes, > 0, decimals allowed, rounded to
/// whole seconds), `every_days` (whole number from 1 to 3650). Optional: `name`,
/// `address` (free text such as `大阪府大阪市北区梅田1-2-3`, shown in every output),
/// `windows` (opening hours: space-separated `HH:MM-HH:MM` the same every day,
/// empty meaning any time, or by weekday like `Mon-Fri 09:00-17:00; Sat
/// 10:00-14:00`, see [`OpeningHours::parse`]), `last_visit` (`YYYY-MM-DD`),
/// `priority` (`high`, `normal`, `low`), `closed` (weekday names such as `Sat
/// Sun`, closing those days in either form), `territory` (a rep id),
/// `preferred_days` (the weekdays the customer expects the rep, written
/// `Tue Thu`; commas, full English names and Japanese `火 木` or `火曜日` are
/// read too; not a day the account is closed). A day's
/// windows are kept sorted; they must not overlap and each must be long
/// enough to hold the visit. Every number's range is in [`crate::model::limits`];
/// at most [`limits::MAX_ACCOUNTS`] rows. Every bad row is reported, not only the first.
pub fn read_accounts(path: &Path, encoding: TextEncoding) -> Result<Vec<Account>, InputError> {
    let mut problems = Problems::default();
    let located = accounts_in(path, encoding, None, &mut problems)?;
    problems.finish(located.into_iter().map(|(account, _)| account).collect())
}

/// Reads `reps.csv`.
///
/// Required columns: `id` (non-empty, unique), `start_lat`, `start_lon`
/// (degrees), `shift` (`HH:MM-HH:MM`, not empty, or by weekday like
/// `Mon-Thu 08:00-16:30; Fri 08:00-14:00`, see [`Shift::parse`]). Optional: `name`,
/// `end_lat` and `end_lon` (both or neither; the day ends at the start when
/// absent), `break` (`HH:MM-HH:MM/MM`: the window the break starts in, inside
/// the shift of at least one working day, and its length in minutes),
/// `max_visits` (whole number from 0 to 1000).
/// At most [`limits::MAX_REPS`] rows.
pub fn read_reps(path: &Path, encoding: TextEncoding) -> Result<Vec<Rep>, InputError> {
    let mut problems = Problems::default();
    let reps = reps_in(path, encoding, &mut problems)?;
    problems.finish(reps)
}

/// Reads both files of a region and checks the references between them: an
/// account's `territory` must name a rep in `reps`. The problems of both
/// files are reported together.
///
/// ```
/// use std::path::Path;
///
/// use rounds::io::csv_region::read_region;
/// use rounds::io::text::TextEncoding;
/// use rounds::io::InputError;
///
/// let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regions/helsinki-city");
/// let region = read_region(&dir.join("accounts.csv"), &dir.join("reps.csv"), TextEncoding::Auto)?;
/// assert_eq!((region.accounts.len(), region.reps.len()), (450, 6));
/// assert_eq!(region.reps[0].id, "R1");
///
/// // A mistake names the file (and the line and field, when it is one
/// // value); here the reps file is given as the accounts file.
/// let err = read_region(&dir.join("reps.csv"), &dir.join("reps.csv"), TextEncoding::Auto).unwrap_err();
/// assert!(err.to_string().contains("reps.csv"), "{err}");
/// assert!(err.to_string().contains("missing required columns `lat`, `lon`"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_region(accounts: &Path, reps: &Path, encoding: TextEncoding) -> Result<Region, InputError> {
    read_region_as_of(accounts, reps, encoding, None)
}

/// [`read_region`] for planning `date`: a `last_visit` after it is an error
/// naming its line, since it would hide the account until long after
/// (a visit typed as 2062 instead of 2026).
pub fn read_region_as_of(
    accounts: &Path,
    reps: &Path,
    encoding: TextEncoding,
    date: Option<NaiveDate>,
) -> Result<Region, InputError> {
    let mut problems = Problems::default();
    let located = accounts_in(accounts, encoding, date, &mut problems)?;
    let before = problems.count();
    let reps_read = reps_in(reps, encoding, &mut problems)?;
    // A rep on a bad row is missing, and the territories naming it would be reported too.
    if problems.count() == before {
        check_territories(accounts, &located, &reps_read, &reps.display().to_string(), &mut problems);
    }
    problems.finish(Region {
        accounts: located.into_iter().map(|(account, _)| account).collect(),
        reps: reps_read,
        holidays: Holidays::new(),
        absences: Default::default(),
        closures: Default::default(),
        appointments: Default::default(),
    })
}

/// A region from rows of cells in the column order of [`ACCOUNT_COLUMNS`] and
/// [`REP_COLUMNS`] (as [`account_cells`] and [`rep_cells`] give them), each
/// with the number errors call its line, read by the rules of the files (a
/// `last_visit` after `date` refused as in [`read_region_as_of`]): every bad
/// row is reported, naming `account_source` or `rep_source`
/// (`team.db: accounts`).
pub fn region_from_rows(
    account_source: &Path,
    accounts: Vec<(u64, Vec<String>)>,
    rep_source: &Path,
    reps: Vec<(u64, Vec<String>)>,
    date: Option<NaiveDate>,
) -> Result<Region, InputError> {
    let mut problems = Problems::default();
    let located =
        accounts_of(&Sheet::from_rows(account_source, ACCOUNT_COLUMNS, accounts), date, &mut problems);
    let before = problems.count();
    let reps_read = reps_of(&Sheet::from_rows(rep_source, REP_COLUMNS, reps), &mut problems);
    if problems.count() == before {
        check_territories(
            account_source,
            &located,
            &reps_read,
            &rep_source.display().to_string(),
            &mut problems,
        );
    }
    problems.finish(Region {
        accounts: located.into_iter().map(|(account, _)| account).collect(),
        reps: reps_read,
        holidays: Holidays::new(),
        absences: Default::default(),
        closures: Default::default(),
        appointments: Default::default(),
    })
}

/// Reads accounts that join `region` for one day only (urgent visits,
/// `rounds replan --add`), in the format of `accounts.csv`. Each id must be
/// new to the region, and each territory one of its reps.
pub fn read_added_accounts(
    path: &Path,
    region: &Region,
    encoding: TextEncoding,
) -> Result<Vec<Account>, InputError> {
    let mut problems = Problems::default();
    let located = accounts_in(path, encoding, None, &mut problems)?;
    for (account, line) in &located {
        if region.account_index(&account.id).is_some() {
            problems.push(InputError::Field {
                file: path.to_path_buf(),
                line: *line,
                field: "id".to_string(),
                problem: format!(
                    "`{}` is already an account of the region; an added account needs an id of its own",
                    shown(&account.id)
                ),
            });
        }
    }
    check_territories(path, &located, &region.reps, "the region's reps", &mut problems);
    problems.finish(located.into_iter().map(|(account, _)| account).collect())
}

/// Reports every account whose `territory` is not one of `reps` (read from `reps_source`).
fn check_territories(
    accounts: &Path,
    located: &[(Account, u64)],
    reps: &[Rep],
    reps_source: &str,
    problems: &mut Problems,
) {
    let known: HashSet<&str> = reps.iter().map(|rep| rep.id.as_str()).collect();
    for (account, line) in located {
        if let Some(territory) = account.territory.as_deref().filter(|t| !known.contains(t)) {
            problems.push(InputError::Field {
                file: accounts.to_path_buf(),
                line: *line,
                field: "territory".to_string(),
                problem: format!(
                    "`{}` is not a rep in {reps_source} (expected one of: {}, or empty for any rep)",
                    shown(territory),
                    id_list(reps)
                ),
            });
        }
    }
}

/// Writes accounts as `accounts.csv` (comma-delimited, with a header) that
/// [`read_accounts`] reads back to the same values. The `address` column is
/// written only when some account has an address, and `preferred_days` only
/// when some account has one, so regions without them keep the file they
/// always had.
pub fn write_accounts<W: Write>(w: W, accounts: &[Account]) -> io::Result<()> {
    let with_address = accounts.iter().any(|a| !a.address.is_empty());
    let with_preferred = accounts.iter().any(|a| !a.preferred_days.is_empty());
    let keep = |column: &usize| match ACCOUNT_COLUMNS[*column] {
        "address" => with_address,
        "preferred_days" => with_preferred,
        _ => true,
    };
    let mut out = csv::Writer::from_writer(w);
    out.write_record((0..ACCOUNT_COLUMNS.len()).filter(keep).map(|c| ACCOUNT_COLUMNS[c]))?;
    for a in accounts {
        let cells = account_cells(a);
        out.write_record(cells.iter().enumerate().filter(|(c, _)| keep(c)).map(|(_, cell)| cell))?;
    }
    out.flush()
}

/// Writes reps as `reps.csv` (comma-delimited, with a header) that
/// [`read_reps`] reads back to the same values.
pub fn write_reps<W: Write>(w: W, reps: &[Rep]) -> io::Result<()> {
    write_table(w, REP_COLUMNS, reps.iter().map(rep_cells))
}

/// Writes a comma-delimited table: the header `columns`, then one line per
/// row of cells. Every file of ours that is written whole goes through it.
pub(super) fn write_table<W, R, C>(w: W, columns: &[&str], rows: R) -> io::Result<()>
where
    W: Write,
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<[u8]>,
{
    let mut out = csv::Writer::from_writer(w);
    out.write_record(columns)?;
    for row in rows {
        out.write_record(row)?;
    }
    out.flush()
}

/// An account's cells in the order of [`ACCOUNT_COLUMNS`], in the one
/// canonical spelling [`write_accounts`] uses: the reader reads them back to
/// the same values.
pub fn account_cells(a: &Account) -> Vec<String> {
    let (windows, closed) = a.hours.columns();
    let closed: Vec<String> = closed.iter().map(|d| d.to_string()).collect();
    vec![
        a.id.clone(),
        a.name.clone(),
        a.address.clone(),
        a.location.lat.to_string(),
        a.location.lon.to_string(),
        minutes_text(a.service_s),
        windows,
        a.every_days.to_string(),
        a.last_visit.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        a.priority.as_str().to_string(),
        closed.join(" "),
        a.territory.clone().unwrap_or_default(),
        weekdays_text(&a.preferred_days),
    ]
}

/// A rep's cells in the order of [`REP_COLUMNS`], spelled as [`write_reps`] writes them.
pub fn rep_cells(r: &Rep) -> Vec<String> {
    let lunch = r
        .lunch
        .map(|b| format!("{}/{}", window_text(b.start_window), minutes_text(b.duration_s)))
        .unwrap_or_default();
    vec![
        r.id.clone(),
        r.name.clone(),
        r.start.lat.to_string(),
        r.start.lon.to_string(),
        r.end.lat.to_string(),
        r.end.lon.to_string(),
        r.shift.to_string(),
        lunch,
        r.max_visits.map(|n| n.to_string()).unwrap_or_default(),
    ]
}

/// Reads accounts together with the line each came from, for cross-file
/// errors. Bad rows go to `problems`; a file that cannot be read as a whole is the error.
fn accounts_in(
    path: &Path,
    encoding: TextEncoding,
    date: Option<NaiveDate>,
    problems: &mut Problems,
) -> Result<Vec<(Account, u64)>, InputError> {
    let sheet = Sheet::load(path, ACCOUNT_REQUIRED, "accounts", encoding, &limits::ACCOUNTS, problems)?;
    Ok(accounts_of(&sheet, date, problems))
}

/// Every good row of an accounts sheet with its line; bad rows go to `problems`.
fn accounts_of(sheet: &Sheet, date: Option<NaiveDate>, problems: &mut Problems) -> Vec<(Account, u64)> {
    let mut first_line_of_id: HashMap<String, u64> = HashMap::new();
    let mut accounts = Vec::with_capacity(sheet.rows.len());
    for row in sheet.rows() {
        let Some(account) = problems.keep(parse_account(&row, date)) else { continue };
        if problems.keep(check_unique(&row, &account.id, &mut first_line_of_id)).is_some() {
            accounts.push((account, row.line));
        }
    }
    accounts
}

/// Reads reps; bad rows go to `problems`.
fn reps_in(path: &Path, encoding: TextEncoding, problems: &mut Problems) -> Result<Vec<Rep>, InputError> {
    let sheet = Sheet::load(path, REP_REQUIRED, "reps", encoding, &limits::REPS, problems)?;
    Ok(reps_of(&sheet, problems))
}

/// Every good row of a reps sheet; bad rows go to `problems`.
fn reps_of(sheet: &Sheet, problems: &mut Problems) -> Vec<Rep> {
    let mut first_line_of_id: HashMap<String, u64> = HashMap::new();
    let mut reps = Vec::with_capacity(sheet.rows.len());
    for row in sheet.rows() {
        let Some(rep) = problems.keep(parse_rep(&row)) else { continue };
        if problems.keep(check_unique(&row, &rep.id, &mut first_line_of_id)).is_some() {
            reps.push(rep);
        }
    }
    reps
}

fn parse_account(row: &Row<'_>, date: Option<NaiveDate>) -> Result<Account, InputError> {
    let dc = row.decimal_comma();
    let id = row.parse("id", required_id)?;
    let name = row.text("name").to_string();
    let address = row.text("address").to_string();
    let lat = row.parse("lat", |t| decimal(t, dc, &limits::LATITUDE))?;
    let lon = row.parse("lon", |t| decimal(t, dc, &limits::LONGITUDE))?;
    let service_s = row.parse("service_min", |t| minutes_to_s(t, dc, "the visit length"))?;
    let mut hours = row.parse("windows", |t| opening_hours(t, service_s))?;
    let every_days = row.parse("every_days", |t| limits::EVERY_DAYS.parse(t))?;
    let last_visit = row.parse("last_visit", |t| last_visit(t, date))?;
    let priority = row.parse("priority", Priority::parse)?;
    for day in row.parse("closed", weekdays)? {
        hours.close(day);
    }
    let territory = Some(row.text("territory").to_string()).filter(|t| !t.is_empty());
    let preferred_days = row.parse("preferred_days", |t| preferred_days(t, &hours))?;
    Ok(Account {
        id,
        name,
        address,
        location: LatLon { lat, lon },
        service_s,
        hours,
        every_days,
        last_visit,
        priority,
        territory,
        preferred_days,
    })
}

fn parse_rep(row: &Row<'_>) -> Result<Rep, InputError> {
    const BOTH_OR_NEITHER: &str = "give both `end_lat` and `end_lon`, or neither to end the day at the start";
    let dc = row.decimal_comma();
    let id = row.parse("id", required_id)?;
    let name = row.text("name").to_string();
    let start = LatLon {
        lat: row.parse("start_lat", |t| decimal(t, dc, &limits::LATITUDE))?,
        lon: row.parse("start_lon", |t| decimal(t, dc, &limits::LONGITUDE))?,
    };
    let end = match (row.text("end_lat").is_empty(), row.text("end_lon").is_empty()) {
        (true, true) => start,
        (false, true) => {
            let problem = format!("missing while `end_lat` is given; {BOTH_OR_NEITHER}");
            return Err(row.error("end_lon", problem));
        }
        (true, false) => {
            let problem = format!("missing while `end_lon` is given; {BOTH_OR_NEITHER}");
            return Err(row.error("end_lat", problem));
        }
        (false, false) => LatLon {
            lat: row.parse("end_lat", |t| decimal(t, dc, &limits::LATITUDE))?,
            lon: row.parse("end_lon", |t| decimal(t, dc, &limits::LONGITUDE))?,
        },
    };
    let shift = row.parse("shift", shift)?;
    let lunch = row.parse("break", |t| break_rule(t, &shift, dc))?;
    let max_visits =
        row.parse(
            "max_visits",
            |t| {
                if t.is_empty() {
                    Ok(None)
                } else {
                    limits::MAX_VISITS.parse(t).map(Some)
                }
            },
        )?;
    Ok(Rep { id, name, start, end, shift, lunch, max_visits })
}

/// Fails on the second row using an id, naming the row that used it first.
fn check_unique(
    row: &Row<'_>,
    id: &str,
    first_line_of_id: &mut HashMap<String, u64>,
) -> Result<(), InputError> {
    if let Some(first) = first_line_of_id.get(id) {
        return Err(row.error(
            "id",
            format!("`{}` is already used on line {first}; every id must be unique", shown(id)),
        ));
    }
    first_line_of_id.insert(id.to_string(), row.line);
    Ok(())
}

/// The known rep ids for an error message, shortened when there are many.
pub(super) fn id_list(reps: &[Rep]) -> String {
    const SHOWN: usize = 10;
    let mut ids: Vec<Cow<'_, str>> = reps.iter().take(SHOWN).map(|r| shown(&r.id)).collect();
    if reps.len() > SHOWN {
        ids.push(Cow::Borrowed("..."));
    }
    ids.join(", ")
}

/// A CSV file loaded into memory, with its normalised header. Every reader
/// of CSV files (region, visit log, split, best-known table) shares it, so
/// every CSV is read alike: by header name, `,` or `;`, size-limited, every
/// bad row reported.
pub(crate) struct Sheet {
    path: PathBuf,
    /// Header names, trimmed and lower-cased, in file order.
    columns: Vec<String>,
    /// The header row as read, with its physical line number.
    header: (u64, StringRecord),
    /// Non-blank data rows with their physical line numbers.
    rows: Vec<(u64, StringRecord)>,
    /// Whether numbers may use a decimal comma (only in `;`-delimited files).
    decimal_comma: bool,
}

impl Sheet {
    /// Reads the file, decodes it ([`super::text`]), detects the delimiter
    /// and checks the required columns. `noun` names what the rows are
    /// (`accounts`) for the "no rows" error; more rows than `limit` are
    /// refused before they are kept. Rows holding text the decoding could not
    /// read go to `problems`.
    pub(crate) fn load(
        path: &Path,
        required: &[&str],
        noun: &str,
        encoding: TextEncoding,
        limit: &SizeLimit,
        problems: &mut Problems,
    ) -> Result<Sheet, InputError> {
        let before = problems.count();
        let sheet = Sheet::load_rows(path, required, encoding, limit, problems)?;
        // Rows that could not be read are reported as such, not as no rows at all.
        if sheet.rows.is_empty() && problems.count() == before {
            return Err(InputError::File {
                file: path.to_path_buf(),
                problem: format!("no {noun}: the file has a header but no data rows"),
            });
        }
        Ok(sheet)
    }

    /// [`Sheet::load`] for a file whose header alone is a valid, empty list.
    pub(crate) fn load_rows(
        path: &Path,
        required: &[&str],
        encoding: TextEncoding,
        limit: &SizeLimit,
        problems: &mut Problems,
    ) -> Result<Sheet, InputError> {
        let bytes = read_input(path, &limits::FILE_BYTES)?;
        let decoded = text::decode(&bytes, encoding);
        let text = decoded.text.as_bytes();
        let file_error = |problem: String| InputError::File { file: path.to_path_buf(), problem };
        let empty = || match required {
            [] => file_error("empty file; expected a header line naming the columns".to_string()),
            _ => file_error(format!(
                "empty file; expected a header line naming the columns, at least {}",
                required.join(", ")
            )),
        };
        let Some(delimiter) = detect_delimiter(text) else {
            return Err(empty());
        };
        let lines = LineIndex::new(text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(text);
        let mut records = reader.records();
        let header = loop {
            let record = records.next().ok_or_else(empty)?.map_err(|e| csv_error(path, e))?;
            if !is_blank(&record) {
                break record;
            }
        };
        let header_line = lines.line_of(header.position());
        let columns: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(path, e))?;
            if is_blank(&record) {
                continue;
            }
            let line = lines.line_of(record.position());
            if rows.len() as u64 >= limit.max {
                let too_many = limit.check(limit.max + 1).unwrap_err();
                return Err(file_error(format!("line {line}: {too_many}")));
            }
            rows.push((line, record));
        }
        let mut sheet = Sheet {
            path: path.to_path_buf(),
            columns,
            header: (header_line, header),
            rows,
            decimal_comma: delimiter == b';',
        };
        if decoded.malformed {
            sheet.set_aside_malformed(decoded.problem, problems)?;
        }
        sheet.check_columns(required)?;
        Ok(sheet)
    }

    /// Fails on a column named twice or a required column missing.
    fn check_columns(&self, required: &[&str]) -> Result<(), InputError> {
        let columns = &self.columns;
        let file_error = |problem: String| InputError::File { file: self.path.clone(), problem };
        for (i, name) in columns.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if let Some(first) = columns[..i].iter().position(|c| c == name) {
                return Err(file_error(format!(
                    "column `{}` appears twice (columns {} and {}); keep one",
                    shown(name),
                    first + 1,
                    i + 1
                )));
            }
        }
        let missing: Vec<&str> =
            required.iter().copied().filter(|r| !columns.iter().any(|c| c == r)).collect();
        if !missing.is_empty() {
            let found: Vec<Cow<'_, str>> =
                columns.iter().filter(|c| !c.is_empty()).map(|c| shown(c)).collect();
            let plural = if missing.len() == 1 { "" } else { "s" };
            return Err(file_error(format!(
                "missing required column{plural} `{}` (the header has: {}; required: {})",
                missing.join("`, `"),
                if found.is_empty() { "no names".to_string() } else { found.join(", ") },
                required.join(", ")
            )));
        }
        Ok(())
    }

    /// Text the decoding could not read (U+FFFD): in the header it is the
    /// error; each data row holding some is reported, naming its line and
    /// column, and set aside, so the rest of the file is still checked.
    fn set_aside_malformed(&mut self, problem: &str, problems: &mut Problems) -> Result<(), InputError> {
        let bad_cell = |record: &StringRecord| record.iter().position(|cell| cell.contains('\u{FFFD}'));
        if let Some(i) = bad_cell(&self.header.1) {
            return Err(InputError::Field {
                file: self.path.clone(),
                line: self.header.0,
                field: format!("column {}", i + 1),
                problem: problem.into(),
            });
        }
        let (path, columns) = (&self.path, &self.columns);
        self.rows.retain(|(line, record)| {
            let Some(i) = bad_cell(record) else { return true };
            let field = match columns.get(i).filter(|c| !c.is_empty()) {
                Some(name) => name.clone(),
                None => format!("column {}", i + 1),
            };
            problems.push(InputError::Field {
                file: path.clone(),
                line: *line,
                field,
                problem: problem.into(),
            });
            false
        });
        Ok(())
    }

    /// The sheet of a file whose first line may already be data: the
    /// header row becomes the first data row, and the columns are named
    /// `names` in order (a holidays list exported without a header).
    pub(super) fn headerless(mut self, names: &[&str]) -> Sheet {
        let (line, header) = self.header.clone();
        self.rows.insert(0, (line, header));
        self.columns = names.iter().map(|n| n.to_string()).collect();
        self
    }

    /// Names the columns by position (`names` in order), keeping the header
    /// line as a header: a file whose header names its columns in words the
    /// reader does not know.
    pub(super) fn rename_columns(mut self, names: &[&str]) -> Sheet {
        self.columns = names.iter().map(|n| n.to_string()).collect();
        self
    }

    /// The header row's cells, trimmed, as the file wrote them.
    pub(super) fn header_cells(&self) -> impl Iterator<Item = &str> {
        self.header.1.iter().map(str::trim)
    }

    /// The column names, trimmed and lower-cased.
    pub(super) fn columns(&self) -> &[String] {
        &self.columns
    }

    /// How many data rows the file has.
    pub(super) fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// A sheet of rows that come from elsewhere than a file, under `columns`
    /// (the header); numbers never use a decimal comma.
    pub(super) fn from_rows(source: &Path, columns: &[&str], rows: Vec<(u64, Vec<String>)>) -> Sheet {
        Sheet {
            path: source.to_path_buf(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            header: (0, StringRecord::from(columns.to_vec())),
            rows: rows.into_iter().map(|(line, cells)| (line, StringRecord::from(cells))).collect(),
            decimal_comma: false,
        }
    }

    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, record)| Row { sheet: self, line: *line, record })
    }
}

/// `;` when the header line has more semicolons than commas, else `,`;
/// `None` when the file has no non-blank line.
pub(super) fn detect_delimiter(text: &[u8]) -> Option<u8> {
    let header = text.split(|&b| b == b'\n').find(|line| line.iter().any(|b| !b.is_ascii_whitespace()))?;
    let count = |d: u8| header.iter().filter(|&&b| b == d).count();
    Some(if count(b';') > count(b',') { b';' } else { b',' })
}

/// Physical line numbers from byte offsets. The csv crate's own line count
/// skips blank lines, so it cannot be shown to a user looking at the file.
struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offset of every `\n`.
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a [u8]) -> Self {
        let newlines = (0..text.len()).filter(|&i| text[i] == b'\n').collect();
        LineIndex { text, newlines }
    }

    /// The 1-based line holding the first byte of a record. The csv position
    /// is where the reader resumed, before any blank lines it skipped.
    fn line_of(&self, pos: Option<&csv::Position>) -> u64 {
        let resumed = pos.map_or(0, |p| p.byte()).try_into().unwrap_or(usize::MAX);
        let skipped = self
            .text
            .get(resumed..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        let start = resumed.saturating_add(skipped);
        (self.newlines.partition_point(|&nl| nl < start) + 1) as u64
    }
}

fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

/// A CSV-level failure. The text is valid UTF-8 by the time the csv reader
/// sees it (bad bytes are reported by [`Sheet::malformed_cell`]), so what is
/// left is a file the reader cannot read at all.
fn csv_error(path: &Path, err: csv::Error) -> InputError {
    InputError::File { file: path.to_path_buf(), problem: format!("not a readable CSV file: {err}") }
}

/// One data row, with what is needed to report errors about it.
pub(crate) struct Row<'a> {
    sheet: &'a Sheet,
    /// Physical line in the file, 1-based.
    pub(super) line: u64,
    record: &'a StringRecord,
}

impl<'a> Row<'a> {
    /// The trimmed cell of a column; empty when the column or the cell is absent.
    pub(crate) fn text(&self, field: &str) -> &'a str {
        self.sheet
            .columns
            .iter()
            .position(|c| c == field)
            .and_then(|i| self.record.get(i))
            .map_or("", str::trim)
    }

    /// Parses a cell, turning the parser's complaint into an error naming file, line and field.
    pub(crate) fn parse<T>(
        &self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, InputError> {
        let text = self.text(field);
        parse(text).map_err(|problem| self.error(field, cut(problem, text)))
    }

    pub(super) fn error(&self, field: &str, problem: impl Into<String>) -> InputError {
        InputError::Field {
            file: self.sheet.path.clone(),
            line: self.line,
            field: field.to_string(),
            problem: problem.into(),
        }
    }

    fn decimal_comma(&self) -> bool {
        self.sheet.decimal_comma
    }
}

fn required_id(text: &str) -> Result<String, String> {
    if text.is_empty() {
        Err("missing; every row needs an id".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// A decimal number in `range`; with `decimal_comma`, `52,37` is read as `52.37`.
fn decimal(text: &str, decimal_comma: bool, range: &Range<f64>) -> Result<f64, String> {
    if decimal_comma && !text.contains('.') && text.matches(',').count() == 1 {
        let normalised = text.replace(',', ".");
        range.parse(&normalised).map_err(|problem| problem.replacen(&normalised, text, 1))
    } else {
        range.parse(text)
    }
}

/// A number of minutes (visit or break length), rounded to whole seconds.
fn minutes_to_s(text: &str, decimal_comma: bool, what: &'static str) -> Result<Seconds, String> {
    let minutes = decimal(text, decimal_comma, &Range { what, ..limits::DURATION_MIN })?;
    let seconds = (minutes * 60.0).round() as Seconds;
    if seconds == 0 {
        return Err(format!("`{text}` minutes is less than a second; expected {what} in minutes, like 30"));
    }
    Ok(seconds)
}

/// Opening hours ([`OpeningHours::parse`]): `HH:MM-HH:MM` ranges separated
/// by spaces (or commas), the same every day, or by weekday
/// (`Mon-Fri 09:00-17:00; Sat 10:00-14:00`); a day's ranges may touch but not
/// overlap, and each must hold the visit.
fn opening_hours(text: &str, service_s: Seconds) -> Result<OpeningHours, String> {
    let hours = OpeningHours::parse(text)?;
    if let Some(short) = hours.all_windows().find(|w| w.len_s() < service_s) {
        return Err(format!(
            "opening hours {short} are shorter than the {}-minute visit (`service_min`), so the visit cannot fit; \
             lengthen the range or shorten the visit",
            minutes_text(service_s)
        ));
    }
    Ok(hours)
}

/// The day of the last visit, if any; never after `date`, the day planned.
fn last_visit(text: &str, date: Option<NaiveDate>) -> Result<Option<NaiveDate>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let day = limits::DATE.parse(text).map_err(|e| format!("{e}, or empty if never visited"))?;
    match date {
        Some(date) if day > date => Err(format!(
            "{day} is after {date}, the day planned; a visit cannot have happened yet (a mistyped year?)"
        )),
        _ => Ok(Some(day)),
    }
}

/// Weekday names (English, 3-letter or full, any case) separated by spaces or
/// commas; returned Monday first, without repeats.
fn weekdays(text: &str) -> Result<Vec<Weekday>, String> {
    let mut days = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()) {
        let day = parse_weekday(word).ok_or_else(|| {
            format!("`{word}` is not a weekday; expected names like `Sat Sun` or `saturday, sunday`")
        })?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    Ok(days)
}

/// Weekdays as the `closed` and `preferred_days` columns write them: `Tue Thu`.
fn weekdays_text(days: &[Weekday]) -> String {
    days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" ")
}

/// The `preferred_days` column: weekday names as `closed` reads them, or
/// Japanese (`火 木`, `火曜`, `火曜日`, separated by spaces, commas or `、`),
/// each a day the account is open on.
fn preferred_days(text: &str, hours: &OpeningHours) -> Result<Vec<Weekday>, String> {
    const JAPANESE: [char; 7] = ['月', '火', '水', '木', '金', '土', '日'];
    let mut days = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || c == ',' || c == '、').filter(|w| !w.is_empty()) {
        let japanese = word.strip_suffix("曜日").or_else(|| word.strip_suffix('曜')).unwrap_or(word);
        let mut chars = japanese.chars();
        let day = match (chars.next(), chars.next()) {
            (Some(c), None) => JAPANESE.iter().position(|&j| j == c).map(|i| Weekday::try_from(i as u8)),
            _ => None,
        };
        let day = match day {
            Some(Ok(day)) => day,
            _ => parse_weekday(word).ok_or_else(|| {
                format!("`{word}` is not a weekday; expected names like `Tue Thu` (or `火 木`)")
            })?,
        };
        if hours.windows_on(day).is_none() {
            return Err(format!("`{word}` is preferred but the account is closed on {day}"));
        }
        if !days.contains(&day) {
            days.push(day);
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    Ok(days)
}

/// The working day, the same every day (`08:00-17:00`) or by weekday
/// (`Mon-Thu 08:00-16:30; Fri 08:00-14:00`, [`Shift::parse`]).
fn shift(text: &str) -> Result<Shift, String> {
    const EXPECTED: &str = "expected the working day like 08:00-17:00, or by weekday like \
                            `Mon-Thu 08:00-16:30; Fri 08:00-14:00`";
    if text.is_empty() {
        return Err(format!("missing; {EXPECTED}"));
    }
    let shift = Shift::parse(text).map_err(|e| format!("{e}; {EXPECTED}"))?;
    if shift.windows().next().is_none() {
        return Err(format!("`{text}` names no working day; {EXPECTED}"));
    }
    Ok(shift)
}

/// `HH:MM-HH:MM/MM`: the window the break starts in and its length in
/// minutes; it must fit in the shift of at least one working day (a shorter
/// day that ends before the break window closes needs no break).
fn break_rule(text: &str, shift: &Shift, decimal_comma: bool) -> Result<Option<BreakRule>, String> {
    let mut days = shift.windows().collect::<Vec<_>>();
    // The longest day first: its complaint is the one shown when no day fits.
    days.sort_by_key(|w| std::cmp::Reverse(w.len_s()));
    let mut first_error = None;
    for day in days {
        match break_in_day(text, day, decimal_comma) {
            Ok(rule) => return Ok(rule),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    Err(first_error.unwrap_or_default())
}

/// [`break_rule`] for one day's shift.
fn break_in_day(text: &str, shift: TimeWindow, decimal_comma: bool) -> Result<Option<BreakRule>, String> {
    const EXPECTED: &str = "expected the start window and minutes like 12:00-13:30/30, or empty for no break";
    if text.is_empty() {
        return Ok(None);
    }
    let (window, minutes) =
        text.split_once('/').ok_or_else(|| format!("`{text}` has no `/minutes`; {EXPECTED}"))?;
    let start_window = TimeWindow::parse(window.trim()).map_err(|e| format!("{e}; {EXPECTED}"))?;
    let duration_s = minutes_to_s(minutes.trim(), decimal_comma, "the break length")?;
    if !(shift.contains(start_window.open_s) && shift.contains(start_window.close_s)) {
        return Err(format!(
            "the break start window {start_window} is not inside the shift {shift}; \
             expected a window within the shift"
        ));
    }
    if start_window.open_s + duration_s > shift.close_s {
        return Err(format!(
            "a {}-minute break starting at {} at the earliest ends after the shift ends at {}",
            minutes_text(duration_s),
            crate::model::Hm(start_window.open_s),
            crate::model::Hm(shift.close_s)
        ));
    }
    Ok(Some(BreakRule { start_window, duration_s }))
}

/// A time of day as `HH:MM`, or `HH:MM:SS` when it has seconds, so it reads back exactly.
pub(super) fn clock_text(s: Seconds) -> String {
    if s % 60 == 0 {
        crate::model::Hm(s).to_string()
    } else {
        crate::model::Hms(s).to_string()
    }
}

pub(super) fn window_text(w: TimeWindow) -> String {
    format!("{}-{}", clock_text(w.open_s), clock_text(w.close_s))
}

/// Seconds as minutes: whole when possible, else a decimal that rounds back to the same seconds.
pub fn minutes_text(s: Seconds) -> String {
    if s % 60 == 0 {
        (s / 60).to_string()
    } else {
        (s as f64 / 60.0).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Writes `text` as `name` in a fresh temporary directory.
    fn fixture(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        (dir, path)
    }

    const ACCOUNTS_HEADER: &str =
        "id,name,lat,lon,service_min,windows,every_days,last_visit,priority,closed,territory\n";
    const REPS_HEADER: &str = "id,name,start_lat,start_lon,end_lat,end_lon,shift,break,max_visits\n";

    fn accounts_err(body: &str) -> String {
        let (_dir, path) = fixture("accounts.csv", &format!("{ACCOUNTS_HEADER}{body}"));
        read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string()
    }

    fn reps_err(body: &str) -> String {
        let (_dir, path) = fixture("reps.csv", &format!("{REPS_HEADER}{body}"));
        read_reps(&path, TextEncoding::Auto).unwrap_err().to_string()
    }

    /// The message names the file, the line and the field.
    fn assert_points_at(msg: &str, file: &str, line: u64, field: &str) {
        let place = format!("{file} line {line}, field `{field}`: ");
        assert!(msg.contains(&place), "expected `{place}` in: {msg}");
    }

    const GOOD_ROW: &str = "A1,Shop,52.37,4.89,30,09:00-17:00,7,,,,\n";

    #[test]
    fn reads_a_plain_accounts_file() {
        let (_dir, path) = fixture(
            "accounts.csv",
            &format!(
                "{ACCOUNTS_HEADER}{GOOD_ROW}A2,Bar,52.1,4.5,12.5,14:00-18:00 08:00-12:00,14,2024-05-01,high,\"sat, Sunday\",R1\n"
            ),
        );
        let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
        assert_eq!(accounts.len(), 2);
        let b = &accounts[1];
        assert_eq!(b.service_s, 750);
        let monday = b.hours.windows_on(Weekday::Mon).unwrap();
        assert_eq!(monday[0], TimeWindow::new(8 * 3600, 12 * 3600), "sorted by start");
        assert_eq!(b.last_visit, NaiveDate::from_ymd_opt(2024, 5, 1));
        assert_eq!(b.priority, Priority::High);
        assert!(!b.hours.is_open_on(Weekday::Sat) && !b.hours.is_open_on(Weekday::Sun));
        assert!(b.hours.is_open_on(Weekday::Fri));
        assert_eq!(b.territory.as_deref(), Some("R1"));
        assert_eq!(accounts[0].territory, None);
        assert_eq!(accounts[0].hours, OpeningHours::daily(vec![TimeWindow::new(9 * 3600, 17 * 3600)]));
    }

    #[test]
    fn tolerates_bom_semicolons_odd_order_unknown_columns_and_blank_lines() {
        let text = "\u{feff} Every_Days ;LON;crm_owner;ID; lat ;service_min;Windows\r\n\
                    \r\n\
                    7;4,89;alice;A1;52,37;30;09:00 - 12:00\r\n\
                    ;;;;;;\r\n\
                    14;4.5;bob;A2;52.1;7,5;\r\n";
        let (_dir, path) = fixture("accounts.csv", text);
        let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0].id, "A1");
        assert_eq!(accounts[0].location, LatLon { lat: 52.37, lon: 4.89 });
        assert_eq!(accounts[0].hours, OpeningHours::daily(vec![TimeWindow::new(9 * 3600, 12 * 3600)]));
        assert_eq!(accounts[1].service_s, 450);
        assert_eq!(accounts[1].hours, OpeningHours::always());
        assert_eq!(accounts[1].every_days, 14);
    }

    #[test]
    fn line_numbers_count_blank_lines() {
        let (_dir, path) =
            fixture("accounts.csv", &format!("{ACCOUNTS_HEADER}\n{GOOD_ROW}\n\nA2,x,abc,4.89,30,,7,,,,\n"));
        let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert_points_at(&msg, "accounts.csv", 6, "lat");
        // CRLF line ends, and a quoted cell spanning two lines.
        let (_dir, path) = fixture(
            "accounts.csv",
            &format!("{ACCOUNTS_HEADER}A1,\"two\r\nlines\",52,4,30,,7,,,,\r\n\r\nA2,x,abc,4,30,,7,,,,\r\n"),
        );
        let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert_points_at(&msg, "accounts.csv", 5, "lat");
    }

    #[test]
    fn missing_column_is_named_with_the_columns_found() {
        let (_dir, path) = fixture("accounts.csv", "id,name,lon,service_min,every_days\nA1,x,4,30,7\n");
        let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert!(msg.contains("accounts.csv"), "{msg}");
        assert!(msg.contains("missing required column `lat`"), "{msg}");
        assert!(msg.contains("id, name, lon, service_min, every_days"), "{msg}");
    }

    #[test]
    fn duplicate_column_is_an_error() {
        let (_dir, path) = fixture("accounts.csv", "id,lat,lon,LAT,service_min,every_days\nA1,1,2,3,30,7\n");
        let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert!(msg.contains("column `lat` appears twice"), "{msg}");
    }

    #[test]
    fn bad_number() {
        let msg = accounts_err(&format!("{GOOD_ROW}A2,x,abc,4.89,30,,7,,,,\n"));
        assert_points_at(&msg, "accounts.csv", 3, "lat");
        assert!(msg.contains("`abc` is not a number"), "{msg}");
        let msg = accounts_err("A1,x,52,4.89,half an hour,,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "service_min");
        let msg = accounts_err("A1,x,52,4.89,0,,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "service_min");
        let msg = accounts_err("A1,x,52,4.89,30,,0,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "every_days");
        let msg = accounts_err("A1,x,52,4.89,30,,2.5,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "every_days");
        let msg = accounts_err("A1,x,52,,30,,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "lon");
        assert!(msg.contains("missing"), "{msg}");
    }

    #[test]
    fn nan_and_infinite_coordinates() {
        let msg = accounts_err("A1,x,NaN,4.89,30,,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "lat");
        assert!(msg.contains("not a finite number"), "{msg}");
        let msg = accounts_err("A1,x,52,-inf,30,,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "lon");
    }

    #[test]
    fn out_of_range_coordinates() {
        let msg = accounts_err("A1,x,90.5,4.89,30,,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "lat");
        assert!(msg.contains("from -90 to 90"), "{msg}");
        let msg = accounts_err("A1,x,52,-181,30,,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "lon");
    }

    #[test]
    fn window_end_before_start() {
        let msg = accounts_err("A1,x,52,4.89,30,17:00-09:00,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "windows");
        assert!(msg.contains("ends before it starts"), "{msg}");
        let msg = accounts_err("A1,x,52,4.89,30,9am-5pm,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "windows");
    }

    #[test]
    fn overlapping_windows() {
        let msg = accounts_err("A1,x,52,4.89,30,13:00-18:00 08:00-14:00,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "windows");
        assert!(msg.contains("08:00-14:00 and 13:00-18:00 overlap"), "{msg}");
    }

    #[test]
    fn window_too_short_for_the_visit() {
        let msg = accounts_err("A1,x,52,4.89,45,08:00-12:00 12:00-12:30,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "windows");
        assert!(msg.contains("cannot fit"), "{msg}");
    }

    #[test]
    fn unknown_weekday() {
        let msg = accounts_err("A1,x,52,4.89,30,,7,,,Sat Sonntag,\n");
        assert_points_at(&msg, "accounts.csv", 2, "closed");
        assert!(msg.contains("`Sonntag` is not a weekday"), "{msg}");
    }

    #[test]
    fn duplicate_id_names_the_first_line() {
        let msg = accounts_err(&format!("{GOOD_ROW}A2,x,52,4.89,30,,7,,,,\n{GOOD_ROW}"));
        assert_points_at(&msg, "accounts.csv", 4, "id");
        assert!(msg.contains("already used on line 2"), "{msg}");
        let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,,\nR1,Bob,52,4.8,,,08:00-17:00,,\n");
        assert_points_at(&msg, "reps.csv", 3, "id");
    }

    #[test]
    fn empty_id() {
        let msg = accounts_err(",x,52,4.89,30,,7,,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "id");
    }

    #[test]
    fn territory_naming_an_unknown_rep() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = dir.path().join("accounts.csv");
        let reps = dir.path().join("reps.csv");
        fs::write(&accounts, format!("{ACCOUNTS_HEADER}{GOOD_ROW}A2,x,52,4.89,30,,7,,,,R9\n")).unwrap();
        fs::write(&reps, format!("{REPS_HEADER}R1,Ann,52,4.8,,,08:00-17:00,,\n")).unwrap();
        let msg = read_region(&accounts, &reps, TextEncoding::Auto).unwrap_err().to_string();
        assert_points_at(&msg, "accounts.csv", 3, "territory");
        assert!(msg.contains("`R9` is not a rep"), "{msg}");
        assert!(msg.contains("R1"), "{msg}");

        fs::write(&accounts, format!("{ACCOUNTS_HEADER}{GOOD_ROW}A2,x,52,4.89,30,,7,,,,R1\n")).unwrap();
        let region = read_region(&accounts, &reps, TextEncoding::Auto).unwrap();
        assert_eq!(region.accounts.len(), 2);
        assert_eq!(region.reps.len(), 1);
    }

    #[test]
    fn empty_file() {
        for text in ["", "\u{feff}", "\n  \n"] {
            let (_dir, path) = fixture("accounts.csv", text);
            let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
            assert!(msg.contains("accounts.csv: empty file"), "{msg}");
        }
    }

    #[test]
    fn header_only_file() {
        let (_dir, path) = fixture("accounts.csv", ACCOUNTS_HEADER);
        let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert!(msg.contains("accounts.csv: no accounts"), "{msg}");
        let (_dir, path) = fixture("reps.csv", &format!("{REPS_HEADER}\n,,,\n"));
        let msg = read_reps(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert!(msg.contains("reps.csv: no reps"), "{msg}");
    }

    #[test]
    fn missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.csv");
        let err = read_accounts(&path, TextEncoding::Auto).unwrap_err();
        assert!(matches!(err, InputError::Read { .. }));
        assert!(err.to_string().contains("accounts.csv"), "{err}");
    }

    #[test]
    fn bad_date() {
        let msg = accounts_err("A1,x,52,4.89,30,,7,2024-02-30,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "last_visit");
        assert!(msg.contains("YYYY-MM-DD"), "{msg}");
        let msg = accounts_err("A1,x,52,4.89,30,,7,31.05.2024,,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "last_visit");
    }

    #[test]
    fn bad_priority() {
        let msg = accounts_err("A1,x,52,4.89,30,,7,,urgent,,\n");
        assert_points_at(&msg, "accounts.csv", 2, "priority");
        assert!(msg.contains("high, normal or low"), "{msg}");
    }

    #[test]
    fn not_utf8_names_the_field() {
        let mut bytes = ACCOUNTS_HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"A1,Caf\xe9,52,4.89,30,,7,,,,\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.csv");
        fs::write(&path, bytes).unwrap();
        let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert_points_at(&msg, "accounts.csv", 2, "name");
        assert!(msg.contains("UTF-8"), "{msg}");
    }

    #[test]
    fn shift_jis_files_read_like_utf8_ones() {
        let text = format!("{ACCOUNTS_HEADER}A1,株式会社なにわ商事 ①,34.69,135.50,30,,7,,,,\n");
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(!unmappable);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.csv");
        fs::write(&path, &bytes).unwrap();
        for encoding in [TextEncoding::Auto, TextEncoding::ShiftJis] {
            assert_eq!(read_accounts(&path, encoding).unwrap()[0].name, "株式会社なにわ商事 ①");
        }
        let msg = read_accounts(&path, TextEncoding::Utf8).unwrap_err().to_string();
        assert_points_at(&msg, "accounts.csv", 2, "name");
        assert!(msg.contains("not valid UTF-8"), "{msg}");
        // A header that is not UTF-8 names the column by number.
        fs::write(&path, encoding_rs::SHIFT_JIS.encode("id,名前,lat\n").0).unwrap();
        let msg = read_accounts(&path, TextEncoding::Utf8).unwrap_err().to_string();
        assert_points_at(&msg, "accounts.csv", 1, "column 2");
    }

    #[test]
    fn reads_reps() {
        let (_dir, path) = fixture(
            "reps.csv",
            &format!("{REPS_HEADER}R1,Ann,52,4.8,,,08:00-17:00,12:00-13:30/30,8\nR2,Bob,51,4.1,51.5,4.2,07:30-16:00,,\n"),
        );
        let reps = read_reps(&path, TextEncoding::Auto).unwrap();
        assert_eq!(reps[0].end, reps[0].start);
        assert_eq!(
            reps[0].lunch,
            Some(BreakRule { start_window: TimeWindow::new(12 * 3600, 13 * 3600 + 1800), duration_s: 1800 })
        );
        assert_eq!(reps[0].max_visits, Some(8));
        assert_eq!(reps[1].end, LatLon { lat: 51.5, lon: 4.2 });
        assert_eq!(reps[1].lunch, None);
        assert_eq!(reps[1].max_visits, None);
    }

    #[test]
    fn reads_hours_and_shifts_by_weekday_and_writes_them_back() {
        let (_dir, path) = fixture(
            "accounts.csv",
            &format!(
                "{ACCOUNTS_HEADER}A1,x,52,4.89,30,\"Mon-Fri 09:00-12:00 13:00-17:00; Sat 10:00-14:00\",7,,,Wed,\n\
                 A2,x,52,4.89,30,09:00-17:00,7,,,Sat Sun,\n"
            ),
        );
        let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
        let hours = &accounts[0].hours;
        assert_eq!(hours.windows_on(Weekday::Sat), Some(&[TimeWindow::new(10 * 3600, 14 * 3600)][..]));
        assert_eq!(hours.windows_on(Weekday::Wed), None, "the closed column closes a named day");
        assert_eq!(hours.windows_on(Weekday::Sun), None, "a day not named is closed");
        let mut bytes = Vec::new();
        write_accounts(&mut bytes, &accounts).unwrap();
        let written = String::from_utf8(bytes).unwrap();
        assert!(written.contains(",\"Mon,Tue 09:00-12:00 13:00-17:00; Thu,Fri 09:00-12:00 13:00-17:00; Sat 10:00-14:00\",7,,normal,,\n"), "{written}");
        assert!(written.contains(",09:00-17:00,7,,normal,Sat Sun,\n"), "{written}");
        let (_dir2, again) = fixture("accounts.csv", &written);
        assert_eq!(read_accounts(&again, TextEncoding::Auto).unwrap(), accounts);

        let (_dir3, path) = fixture(
            "reps.csv",
            &format!("{REPS_HEADER}R1,Ann,52,4.8,,,Mon-Thu 08:00-16:30; Fri 08:00-12:00; Sat 09:00-12:00,11:00-13:00/30,\n"),
        );
        let reps = read_reps(&path, TextEncoding::Auto).unwrap();
        assert_eq!(reps[0].shift.on(Weekday::Fri), Some(TimeWindow::new(8 * 3600, 12 * 3600)));
        assert_eq!(reps[0].shift.on(Weekday::Sun), None);
        let mut bytes = Vec::new();
        write_reps(&mut bytes, &reps).unwrap();
        let (_dir4, again) = fixture("reps.csv", std::str::from_utf8(&bytes).unwrap());
        assert_eq!(read_reps(&again, TextEncoding::Auto).unwrap(), reps);
        // A break that fits no day's shift is refused with the longest day's complaint.
        let msg = reps_err("R1,Ann,52,4.8,,,Mon-Thu 08:00-16:30; Fri 08:00-12:00,16:00-17:00/30,\n");
        assert_points_at(&msg, "reps.csv", 2, "break");
        assert!(msg.contains("not inside the shift 08:00-16:30"), "{msg}");
        let msg = reps_err("R1,Ann,52,4.8,,,Mon-Fri 08:00-12:00 13:00-17:00,,\n");
        assert_points_at(&msg, "reps.csv", 2, "shift");
        assert!(msg.contains("a shift is one range a day"), "{msg}");
    }

    #[test]
    fn break_outside_shift() {
        let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,16:30-17:30/30,\n");
        assert_points_at(&msg, "reps.csv", 2, "break");
        assert!(msg.contains("not inside the shift 08:00-17:00"), "{msg}");
        let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,12:00-13:00,\n");
        assert_points_at(&msg, "reps.csv", 2, "break");
        let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,12:00-13:00/0,\n");
        assert_points_at(&msg, "reps.csv", 2, "break");
        let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,16:00-17:00/90,\n");
        assert_points_at(&msg, "reps.csv", 2, "break");
        assert!(msg.contains("ends after the shift"), "{msg}");
    }

    #[test]
    fn end_lat_without_end_lon() {
        let msg = reps_err("R1,Ann,52,4.8,52.1,,08:00-17:00,,\n");
        assert_points_at(&msg, "reps.csv", 2, "end_lon");
        assert!(msg.contains("`end_lat` is given"), "{msg}");
        let msg = reps_err("R1,Ann,52,4.8,,4.1,08:00-17:00,,\n");
        assert_points_at(&msg, "reps.csv", 2, "end_lat");
        // Only one of the two columns in the header at all.
        let (_dir, path) =
            fixture("reps.csv", "id,start_lat,start_lon,end_lat,shift\nR1,52,4.8,52.1,08:00-17:00\n");
        let msg = read_reps(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert_points_at(&msg, "reps.csv", 2, "end_lon");
    }

    #[test]
    fn bad_shift_and_max_visits() {
        let msg = reps_err("R1,Ann,52,4.8,,,17:00-08:00,,\n");
        assert_points_at(&msg, "reps.csv", 2, "shift");
        let msg = reps_err("R1,Ann,52,4.8,,,08:00-08:00,,\n");
        assert_points_at(&msg, "reps.csv", 2, "shift");
        let msg = reps_err("R1,Ann,52,4.8,,,08:00-17:00,,-1\n");
        assert_points_at(&msg, "reps.csv", 2, "max_visits");
        let msg = reps_err("R1,Ann,95,4.8,,,08:00-17:00,,\n");
        assert_points_at(&msg, "reps.csv", 2, "start_lat");
    }

    #[test]
    fn bad_preferred_days() {
        let (_dir, path) = fixture(
            "accounts.csv",
            "id,lat,lon,service_min,every_days,closed,preferred_days\n\
             A1,60.1,24.9,30,7,,Tue Tues\nA2,60.1,24.9,30,7,Sun,日\nA3,60.1,24.9,30,7,,火木\n",
        );
        let msg = read_accounts(&path, TextEncoding::Auto).unwrap_err().to_string();
        assert_points_at(&msg, "accounts.csv", 2, "preferred_days");
        assert!(msg.contains("`Tues` is not a weekday"), "{msg}");
        assert_points_at(&msg, "accounts.csv", 3, "preferred_days");
        assert!(msg.contains("`日` is preferred but the account is closed on Sun"), "{msg}");
        assert_points_at(&msg, "accounts.csv", 4, "preferred_days");
        assert!(msg.contains("`火木` is not a weekday"), "{msg}");
    }

    #[test]
    fn csv_round_trip() {
        let (_dir, path) = fixture(
            "accounts.csv",
            &format!(
                "{ACCOUNTS_HEADER}{GOOD_ROW}\
                 A2,\"Bar, \"\"the\"\" corner\",-33.8688197,151.2092955,12.345,14:00-18:00 08:00:30-12:00,14,2024-05-01,high,Sun sat,R1\n\
                 A3,,0.1,-0.2,1,,1,,low,mon tue wed thu fri sat sun,\n"
            ),
        );
        let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
        let mut bytes = Vec::new();
        write_accounts(&mut bytes, &accounts).unwrap();
        let (_dir2, again) = fixture("accounts.csv", std::str::from_utf8(&bytes).unwrap());
        assert_eq!(read_accounts(&again, TextEncoding::Auto).unwrap(), accounts);
        assert!(!std::str::from_utf8(&bytes).unwrap().contains("address"), "no address, no column");

        // An address, in any script and with a comma, is read and written back as given.
        let (_dir5, path) = fixture(
            "accounts.csv",
            "id,name,address,lat,lon,service_min,every_days\n\
             A1,梅田薬局,\"大阪府大阪市北区梅田1-2-3, 2F\",34.7025,135.4959,30,7\nA2,,,34.7,135.5,20,14\n",
        );
        let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
        assert_eq!(accounts[0].address, "大阪府大阪市北区梅田1-2-3, 2F");
        assert_eq!(accounts[1].address, "");
        let mut bytes = Vec::new();
        write_accounts(&mut bytes, &accounts).unwrap();
        let (_dir6, again) = fixture("accounts.csv", std::str::from_utf8(&bytes).unwrap());
        assert_eq!(read_accounts(&again, TextEncoding::Auto).unwrap(), accounts);

        // Preferred days in any accepted spelling are written back as `Tue Thu`.
        let (_dir7, path) = fixture(
            "accounts.csv",
            "id,lat,lon,service_min,every_days,closed,preferred_days\n\
             A1,60.1,24.9,30,7,Sat Sun,\"thursday, Tue\"\nA2,60.1,24.9,30,7,,火 木曜 金曜日、月\nA3,60.1,24.9,30,7,,\n",
        );
        let accounts = read_accounts(&path, TextEncoding::Auto).unwrap();
        assert_eq!(accounts[0].preferred_days, [Weekday::Tue, Weekday::Thu]);
        assert_eq!(accounts[1].preferred_days, [Weekday::Mon, Weekday::Tue, Weekday::Thu, Weekday::Fri]);
        assert!(accounts[2].preferred_days.is_empty());
        let mut bytes = Vec::new();
        write_accounts(&mut bytes, &accounts).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.contains(",Sat Sun,,Tue Thu\n") && text.contains(",Mon Tue Thu Fri\n"), "{text}");
        let (_dir8, again) = fixture("accounts.csv", text);
        assert_eq!(read_accounts(&again, TextEncoding::Auto).unwrap(), accounts);

        let (_dir3, path) = fixture(
            "reps.csv",
            &format!("{REPS_HEADER}R1,Ann,52.0001,4.8,,,08:00-17:00,12:00-13:30/30.5,8\nR2,Bob,51,4.1,51.5,4.2,07:30-16:00:15,,0\n"),
        );
        let reps = read_reps(&path, TextEncoding::Auto).unwrap();
        let mut bytes = Vec::new();
        write_reps(&mut bytes, &reps).unwrap();
        let (_dir4, again) = fixture("reps.csv", std::str::from_utf8(&bytes).unwrap());
        assert_eq!(read_reps(&again, TextEncoding::Auto).unwrap(), reps);
    }

    #[test]
    fn every_bad_row_is_reported_up_to_fifty_then_counted() {
        let bad: String = (0..60).map(|k| format!("B{k},x,abc,4.89,30,,7,,,,\n")).collect();
        let msg = accounts_err(&format!("{GOOD_ROW}{bad}"));
        assert!(msg.starts_with("60 problems found:"), "{msg}");
        assert_points_at(&msg, "accounts.csv", 3, "lat");
        assert_points_at(&msg, "accounts.csv", 52, "lat");
        assert!(!msg.contains("line 53,"), "{msg}");
        assert!(msg.ends_with("... and 10 more"), "{msg}");
    }

    #[test]
    fn both_files_of_a_region_are_reported_together() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = dir.path().join("accounts.csv");
        let reps = dir.path().join("reps.csv");
        fs::write(&accounts, format!("{ACCOUNTS_HEADER}A1,x,52,4.89,30,,0,,,,\n{GOOD_ROW}")).unwrap();
        fs::write(&reps, format!("{REPS_HEADER}R1,Ann,52,4.8,,,08:00-07:00,,\n")).unwrap();
        let msg = read_region(&accounts, &reps, TextEncoding::Auto).unwrap_err().to_string();
        assert!(msg.starts_with("2 problems found:"), "{msg}");
        assert_points_at(&msg, "accounts.csv", 2, "every_days");
        assert_points_at(&msg, "reps.csv", 2, "shift");
    }

    #[test]
    fn a_long_value_is_cut_in_the_message() {
        let long = "9".repeat(1_000_000);
        let msg = accounts_err(&format!("A1,x,52,4.89,30,,{long},,,,\n"));
        assert_points_at(&msg, "accounts.csv", 2, "every_days");
        assert!(msg.contains("(1000000 characters in all)"), "{}", &msg[..300]);
        assert!(msg.len() < 1000, "{}", msg.len());
    }

    #[test]
    fn a_last_visit_after_the_day_planned_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = dir.path().join("accounts.csv");
        let reps = dir.path().join("reps.csv");
        fs::write(&accounts, format!("{ACCOUNTS_HEADER}A1,x,52,4.89,30,,7,2062-11-24,,,\n")).unwrap();
        fs::write(&reps, format!("{REPS_HEADER}R1,Ann,52,4.8,,,08:00-17:00,,\n")).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 24);
        let msg = read_region_as_of(&accounts, &reps, TextEncoding::Auto, day).unwrap_err().to_string();
        assert_points_at(&msg, "accounts.csv", 2, "last_visit");
        assert!(msg.contains("2062-11-24 is after 2026-11-24, the day planned"), "{msg}");
        assert!(read_region(&accounts, &reps, TextEncoding::Auto).is_ok());
    }

    #[test]
    fn too_many_rows_are_refused_with_the_limit() {
        let rows: String =
            (0..=limits::MAX_REPS).map(|k| format!("R{k},,52,4.8,,,08:00-17:00,,\n")).collect();
        let msg = reps_err(&rows);
        assert!(msg.contains("more than 500 reps"), "{msg}");
        assert!(msg.contains("split the team"), "{msg}");
    }

    #[test]
    fn never_panics_on_garbage() {
        let inputs: &[&[u8]] = &[
            b"\"",
            b"id,lat\n\"unterminated",
            b";;;\n;;;",
            b"id,lat,lon,service_min,every_days\n\xff\xfe,\x00,,,\n",
            b"id,lat,lon,service_min,every_days,windows\nA,1,1,1e308,1,\n",
            b"id,lat,lon,service_min,every_days,windows\nA,1,1,1,99999999999,\n",
            b"id,lat,lon,service_min,every_days,windows\nA,1,1,1,1,--\n",
            b"id,lat,lon,service_min,every_days,windows\nA,1,1,1,1,24:00-24:00\n",
        ];
        for bytes in inputs {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("accounts.csv");
            fs::write(&path, bytes).unwrap();
            assert!(read_accounts(&path, TextEncoding::Auto).is_err());
            let path = dir.path().join("reps.csv");
            fs::write(&path, bytes).unwrap();
            assert!(read_reps(&path, TextEncoding::Auto).is_err());
        }
    }
}
