//! `accounts.csv`: its columns, the rules of each column and the way it is written back.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use chrono::{NaiveDate, Weekday};

use super::cells::{decimal, minutes_text, minutes_to_s, required_id};
use super::japanese_headers;
use super::sheet::{Header, Row, Sheet};
use super::{check_unique, InputError, Problems};
use crate::io::text::TextEncoding;
use crate::model::calendar::{parse_weekday, weekday_words};
use crate::model::limits;
use crate::model::{Account, LatLon, OpeningHours, Priority, Seconds};

/// Columns `accounts.csv` must have.
const ACCOUNT_REQUIRED: &[&str] = &["id", "lat", "lon", "service_min", "every_days"];
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

/// Reads `accounts.csv`.
///
/// Required columns: `id` (non-empty, unique), `lat`, `lon` (degrees),
/// `service_min` (visit length in minutes, > 0, decimals allowed, rounded to
/// whole seconds), `every_days` (whole number from 1 to 3650, or `14日`,
/// `2週`, `毎週`, `隔週`). Optional: `name`,
/// `address` (free text such as `大阪府大阪市北区梅田1-2-3`, shown in every output),
/// `windows` (opening hours: space-separated `HH:MM-HH:MM` the same every day,
/// empty meaning any time, or by weekday like `Mon-Fri 09:00-17:00; Sat
/// 10:00-14:00`, see [`OpeningHours::parse`]), `last_visit` (`YYYY-MM-DD`),
/// `priority` (`high`, `normal`, `low`), `closed` (weekday names such as `Sat
/// Sun`, closing those days in either form, and `祝` for Japan's public
/// holidays), `territory` (a rep id; [`read_region`](super::read_region)
/// also takes a rep's name),
/// `preferred_days` (the weekdays the customer expects the rep, written
/// `Tue Thu`; commas, full English names and Japanese `火 木` or `火曜日` are
/// read too; not a day the account is closed). Columns may be headed in
/// Japanese (`緯度` for `lat`; `japanese_headers`). A day's
/// windows are kept sorted; they must not overlap and each must be long
/// enough to hold the visit. Every number's range is in [`crate::model::limits`];
/// at most [`limits::MAX_ACCOUNTS`] rows. Every bad row is reported, not only the first.
pub fn read_accounts(path: &Path, encoding: TextEncoding) -> Result<Vec<Account>, InputError> {
    let mut problems = Problems::default();
    let sheet = accounts_sheet(path, encoding, &mut problems)?;
    let located = accounts_of(&sheet, None, &mut problems);
    problems.finish(located.into_iter().map(|(account, _)| account).collect())
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

/// An account's cells in the order of [`ACCOUNT_COLUMNS`], in the one
/// canonical spelling [`write_accounts`] uses: the reader reads them back to
/// the same values.
pub fn account_cells(a: &Account) -> Vec<String> {
    let (windows, closed) = a.hours.columns();
    let mut closed: Vec<String> = closed.iter().map(|d| d.to_string()).collect();
    if a.hours.closes_on_public_holidays() {
        closed.push(PUBLIC_HOLIDAYS.to_string());
    }
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

/// Loads an accounts file, whose rows [`accounts_of`] reads. Rows the
/// decoding could not read go to `problems`; a file that cannot be read as a
/// whole is the error.
pub(super) fn accounts_sheet(
    path: &Path,
    encoding: TextEncoding,
    problems: &mut Problems,
) -> Result<Sheet, InputError> {
    let header = Header { required: ACCOUNT_REQUIRED, other_names: japanese_headers::ACCOUNTS };
    Sheet::load(path, &header, "accounts", encoding, &limits::ACCOUNTS, problems)
}

/// Every good row of an accounts sheet with its line, for cross-file errors;
/// bad rows go to `problems`.
pub(super) fn accounts_of(
    sheet: &Sheet,
    date: Option<NaiveDate>,
    problems: &mut Problems,
) -> Vec<(Account, u64)> {
    let mut first_line_of_id: HashMap<String, u64> = HashMap::new();
    let mut accounts = Vec::with_capacity(sheet.row_count());
    for row in sheet.rows() {
        let Some(account) = problems.keep(parse_account(&row, date)) else { continue };
        if problems.keep(check_unique(&row, &account.id, &mut first_line_of_id)).is_some() {
            accounts.push((account, row.line));
        }
    }
    accounts
}

fn parse_account(row: &Row<'_>, date: Option<NaiveDate>) -> Result<Account, InputError> {
    let dc = row.decimal_comma();
    let id = row.parse_as_written("id", required_id)?;
    let name = row.text("name").to_string();
    let address = row.text("address").to_string();
    let lat = row.parse("lat", |t| decimal(t, dc, &limits::LATITUDE))?;
    let lon = row.parse("lon", |t| decimal(t, dc, &limits::LONGITUDE))?;
    let service_s = row.parse("service_min", |t| minutes_to_s(t, dc, "the visit length"))?;
    let mut hours = row.parse("windows", |t| opening_hours(t, service_s))?;
    let every_days = row.parse("every_days", every_days)?;
    let last_visit = row.parse("last_visit", |t| last_visit(t, date))?;
    let priority = row.parse("priority", Priority::parse)?;
    let closed = row.parse("closed", closed_days)?;
    for &day in &closed.weekdays {
        hours.close(day);
    }
    if closed.public_holidays {
        hours.close_on_public_holidays();
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

/// How often the account is visited: a whole number of days, or as a
/// Japanese team writes it, `14日`, `2週` or `2週間` (weeks), `毎週` or
/// `週1回` (every week), `隔週` (every other week), `週7回` (every day),
/// `10日に1回`, `2週に1回`. A month is not a number of days (`月1回` is
/// every 4 weeks to one team and every 30 days to another), so `月2回`,
/// `毎月`, `隔月` and `3ヶ月に1回` are refused with the numbers to choose
/// from; so is `週2回`, which no whole number of days keeps.
fn every_days(text: &str) -> Result<u32, String> {
    let whole = |n: &str| n.trim().parse::<u32>().ok();
    let shown = crate::io::shown(text);
    // Once in a period: `10日に1回`, `2週に1回`, `3ヶ月に1回`.
    let period = text.strip_suffix("に1回").or(text.strip_suffix("に一回")).unwrap_or(text);
    if let Some(months) = months_in(period) {
        return Err(months_refused(&shown, months));
    }
    let days = if period == "毎週" {
        Some(7)
    } else if period == "隔週" {
        Some(14)
    } else if let Some(times) = text.strip_prefix('月').and_then(|t| t.strip_suffix('回')) {
        return Err(times_a_month(&shown, whole(times)));
    } else if let Some(times) = text.strip_prefix('週').and_then(|t| t.strip_suffix('回')) {
        match whole(times) {
            Some(times @ (1 | 7)) => Some(7 / times),
            other => return Err(times_a_week(&shown, other)),
        }
    } else if let Some(days) = period.strip_suffix('日') {
        whole(days)
    } else if let Some(weeks) = period.strip_suffix("週間").or(period.strip_suffix('週')) {
        whole(weeks).map(|weeks| weeks.saturating_mul(7))
    } else {
        return limits::EVERY_DAYS.parse(text);
    };
    match days {
        Some(days) => limits::EVERY_DAYS.check_as(days, &shown),
        None => limits::EVERY_DAYS.parse(text),
    }
}

/// The months of a period: `毎月` and `月` (as in `月に1回`) 1, `隔月` 2,
/// `3ヶ月` 3 (also `3か月`, `3カ月`, `3ケ月`, `3ヵ月`, `3箇月`).
fn months_in(period: &str) -> Option<u32> {
    match period {
        "月" | "毎月" => return Some(1),
        "隔月" => return Some(2),
        _ => {}
    }
    let count =
        ["ヶ月", "か月", "カ月", "ケ月", "ヵ月", "箇月"].iter().find_map(|unit| period.strip_suffix(unit))?;
    count.trim().parse().ok().filter(|&n| n > 0)
}

/// Every `n` months, refused with the two cycles a team may mean by it.
fn months_refused(shown: &str, n: u32) -> String {
    let (weeks, days) = (n.saturating_mul(4), n.saturating_mul(30));
    format!(
        "`{shown}` is not a number of days: write the cycle the team keeps, `{weeks}週` \
         ({} days) or `{days}日`",
        weeks.saturating_mul(7)
    )
}

/// `n` times a month, refused with the two cycles a team may mean by it.
fn times_a_month(shown: &str, times: Option<u32>) -> String {
    match times.filter(|&n| n > 0) {
        Some(1) => months_refused(shown, 1),
        Some(n) => {
            let (short, long) = ((28 + n / 2) / n, (30 + n / 2) / n);
            let choices =
                if short == long { format!("`{short}日`") } else { format!("`{short}日` or `{long}日`") };
            format!("`{shown}` is not a number of days: write the cycle the team keeps, {choices}")
        }
        None => format!("`{shown}` is not a number of days; expected the visit frequency, e.g. `14日`"),
    }
}

/// `n` times a week where no whole number of days keeps it.
fn times_a_week(shown: &str, times: Option<u32>) -> String {
    match times.filter(|&n| n > 0 && n < 7) {
        Some(n) => format!(
            "`{shown}` is not a whole number of days: write `{}日` or `{}日` (every day: `1日`)",
            7 / n,
            7_u32.div_ceil(n)
        ),
        None => {
            format!("`{shown}` is not a number of days; expected the visit frequency, e.g. `毎週` or `1日`")
        }
    }
}

/// The day of the last visit, if any; never after `date`, the day planned
/// (or imported into the database).
fn last_visit(text: &str, date: Option<NaiveDate>) -> Result<Option<NaiveDate>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let day = limits::DATE.parse_written(text).map_err(|e| format!("{e}, or empty if never visited"))?;
    match date {
        Some(date) if day > date => Err(format!(
            "{day} is after {date}, the day planned or imported; a visit cannot have happened yet \
             (a mistyped year?)"
        )),
        _ => Ok(Some(day)),
    }
}

/// What the `closed` column says.
struct ClosedDays {
    /// Monday first, without repeats.
    weekdays: Vec<Weekday>,
    /// `祝`: closed on Japan's public holidays too.
    public_holidays: bool,
}

/// The word of the `closed` column for public holidays, as Japanese hours
/// write `土日祝`.
const PUBLIC_HOLIDAYS: &str = "祝";

/// The `closed` column: weekday names as [`weekday_words`] and
/// [`parse_weekday`] read them (`Sat Sun`, `saturday, sunday`, `土 日`, `土日`,
/// `土曜・日曜`), and `祝` (`祝日`): closed on Japan's public holidays, as
/// Japanese hours write `土日祝`. `なし`, `無休` and `年中無休` (open every
/// day) name no day.
fn closed_days(text: &str) -> Result<ClosedDays, String> {
    const NO_WEEKDAY: [&str; 4] = ["なし", "無し", "無休", "年中無休"];
    let mut closed = ClosedDays { weekdays: Vec::new(), public_holidays: false };
    for word in weekday_words(text).into_iter().filter(|w| !NO_WEEKDAY.contains(w)) {
        if word == PUBLIC_HOLIDAYS || word == "祝日" {
            closed.public_holidays = true;
            continue;
        }
        let day = parse_weekday(word).ok_or_else(|| {
            format!(
                "`{word}` is not a weekday; expected names like `Sat Sun`, `saturday, sunday` or `土日祝`"
            )
        })?;
        if !closed.weekdays.contains(&day) {
            closed.weekdays.push(day);
        }
    }
    closed.weekdays.sort_by_key(|d| d.num_days_from_monday());
    Ok(closed)
}

/// Weekdays as the `closed` and `preferred_days` columns write them: `Tue Thu`.
fn weekdays_text(days: &[Weekday]) -> String {
    days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" ")
}

/// The `preferred_days` column: weekday names as `closed` reads them
/// (`Tue Thu`, `火 木`, `火曜・木曜`), each a day the account is open on.
fn preferred_days(text: &str, hours: &OpeningHours) -> Result<Vec<Weekday>, String> {
    let mut days = Vec::new();
    for word in weekday_words(text) {
        let day = parse_weekday(word).ok_or_else(|| {
            format!("`{word}` is not a weekday; expected names like `Tue Thu` (or `火 木`)")
        })?;
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
