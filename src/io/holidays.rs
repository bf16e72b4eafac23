//! A holidays file: the days nobody is sent out, as a CSV list or as an
//! iCalendar (`.ics`) calendar the way companies publish them.
//!
//! [`read_holidays`] reads either into a [`Holidays`] set; a file is an
//! iCalendar file when its name ends in `.ics` or its text starts with
//! `BEGIN:VCALENDAR`, else a CSV list.
//!
//! **CSV** (read like `accounts.csv`: `,` or `;`, UTF-8 or Shift_JIS):
//!
//! ```text
//! date,name
//! 2026-12-24,Christmas Eve
//! 2026-12-29,Year-end closing
//! ```
//!
//! Columns `date` (required) and `name` (optional), and an optional `to`:
//! the last day of a closure of several days (`2026-12-29,2027-01-03`).
//! Dates are `YYYY-MM-DD`, `YYYY/MM/DD` (`2026/1/1` too, as Japanese
//! systems write them) or `DD.MM.YYYY`. A file whose header has no `date`
//! column is read by position, date first and name second, so the Cabinet
//! Office's `syukujitsu.csv` (Shift_JIS, `国民の祝日・休日月日,国民の祝日・休日名称`)
//! reads as it is downloaded; a file whose first line is already a date
//! has no header.
//!
//! **iCalendar**: every event is a day off (an event with `STATUS:CANCELLED`
//! is not). `DTSTART` is its first day: a date (`DTSTART;VALUE=DATE:20261224`)
//! or a date and time, whose date counts as written in its own time zone
//! (`TZID`, or UTC for a time ending in `Z`). Its last day comes from `DTEND`
//! (for dates, the day after the last one, as calendars write it; for times,
//! the day the event ends) or `DURATION` (`P3D`), else it is one day.
//! `RRULE:FREQ=YEARLY` repeats it (with `INTERVAL`, `COUNT`, `UNTIL`, one
//! `BYMONTH`, one `BYMONTHDAY`, or one `BYDAY` such as `2MO` for the second
//! Monday), through [`REPEAT_THROUGH_YEAR`] when it has no end; `EXDATE`
//! removes days and `RDATE` adds them. `SUMMARY` is its name. Other
//! recurrences (weekly, monthly) are refused with the line, since a holiday
//! list that repeats weekly is a mistake.

use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::csv_region::{write_table, Header, Row, Sheet};
use super::ics::{self, Event, Property};
use super::text::TextEncoding;
use super::{read_input, InputError, Problems};
use crate::model::limits::{self, read_date};
use crate::model::Holidays;

/// A yearly event without `COUNT` or `UNTIL` repeats through this year, as
/// far as the built-in calendars go.
pub const REPEAT_THROUGH_YEAR: i32 = 2099;
/// Most days one row or event may close: a year.
const MAX_SPAN_DAYS: i64 = 366;

/// Reads a holidays file: CSV or iCalendar (module docs). `encoding` is
/// that of a CSV list; an iCalendar file is UTF-8 by its standard, whatever
/// the region's CSV files are, and is read with detection.
pub fn read_holidays(path: &Path, encoding: TextEncoding) -> Result<Holidays, InputError> {
    if is_icalendar(path)? {
        read_ics(path, TextEncoding::Auto)
    } else {
        read_csv(path, encoding)
    }
}

/// Whether the file is an iCalendar file: by its name, else by its first line.
fn is_icalendar(path: &Path) -> Result<bool, InputError> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ics")) {
        return Ok(true);
    }
    let bytes = read_input(path, &limits::FILE_BYTES)?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(text.len());
    let head = &text[start..text.len().min(start + 15)];
    Ok(head.eq_ignore_ascii_case(b"BEGIN:VCALENDAR"))
}

fn read_csv(path: &Path, encoding: TextEncoding) -> Result<Holidays, InputError> {
    let mut problems = Problems::default();
    let sheet = Sheet::load_rows(path, &Header::named(&[]), encoding, &limits::ROWS, &mut problems)?;
    let sheet = if sheet.columns().iter().any(|c| c == "date") {
        sheet
    } else if sheet.header_cells().next().is_some_and(|cell| read_date(cell).is_some()) {
        sheet.headerless(&["date", "name"])
    } else {
        sheet.rename_columns(&["date", "name"])
    };
    let holidays = holidays_of(&sheet, &mut problems);
    let holidays = problems.finish(holidays)?;
    if sheet.row_count() == 0 {
        return Err(InputError::File {
            file: path.to_path_buf(),
            problem: "no holidays: the file has a header but no dates".to_string(),
        });
    }
    Ok(holidays)
}

/// The holidays of a sheet's rows; bad rows go to `problems`.
fn holidays_of(sheet: &Sheet, problems: &mut Problems) -> Holidays {
    let mut holidays = Holidays::new();
    for row in sheet.rows() {
        problems.keep(add_row(&row, &mut holidays));
    }
    holidays
}

/// The columns [`write_holidays`] writes, one day a row.
pub const HOLIDAY_COLUMNS: &[&str] = &["date", "name"];

/// Writes `holidays` as a CSV list (comma-delimited, one day a row, with a
/// header) that [`read_holidays`] reads back to the same days and names.
pub fn write_holidays<W: std::io::Write>(w: W, holidays: &Holidays) -> std::io::Result<()> {
    let rows = holidays.iter().map(|(date, name)| [date.format("%Y-%m-%d").to_string(), name.to_string()]);
    write_table(w, HOLIDAY_COLUMNS, rows)
}

/// Holidays from rows of [`HOLIDAY_COLUMNS`] cells kept elsewhere than a file
/// (the database), each with the number errors call its line, read by the
/// rules of the CSV list; `source` names them in errors.
pub fn holidays_from_rows(source: &Path, rows: Vec<(u64, Vec<String>)>) -> Result<Holidays, InputError> {
    let mut problems = Problems::default();
    let holidays = holidays_of(&Sheet::from_rows(source, HOLIDAY_COLUMNS, rows), &mut problems);
    problems.finish(holidays)
}

fn add_row(row: &Row<'_>, holidays: &mut Holidays) -> Result<(), InputError> {
    let first = row.parse("date", |text| {
        if text.is_empty() {
            return Err(format!("missing; {DATE_EXPECTED}"));
        }
        read_date(text).ok_or_else(|| format!("`{text}` is not a date; {DATE_EXPECTED}"))
    })?;
    let last = row.parse("to", |text| {
        if text.is_empty() {
            return Ok(first);
        }
        let last = read_date(text).ok_or_else(|| {
            format!("`{text}` is not a date; expected the last day closed, or empty for one day")
        })?;
        check_span(first, last).map(|_| last)
    })?;
    let name = row.text("name");
    for day in first.iter_days().take_while(|d| *d <= last) {
        holidays.insert(day, name);
    }
    Ok(())
}

pub(super) const DATE_EXPECTED: &str =
    "expected a date like 2026-12-24 (or 2026/12/24, 2026年12月24日, 24.12.2026)";

/// Fails when `last` is before `first` or the span is longer than [`MAX_SPAN_DAYS`].
fn check_span(first: NaiveDate, last: NaiveDate) -> Result<(), String> {
    let days = (last - first).num_days() + 1;
    if days < 1 {
        Err(format!("the last day {last} is before the first day {first}"))
    } else if days > MAX_SPAN_DAYS {
        Err(format!(
            "{first} to {last} is {days} days; a holidays file closes at most {MAX_SPAN_DAYS} days at once"
        ))
    } else {
        Ok(())
    }
}

fn read_ics(path: &Path, encoding: TextEncoding) -> Result<Holidays, InputError> {
    let events = ics::read_events(path, encoding)?;
    if events.is_empty() {
        return Err(InputError::File {
            file: path.to_path_buf(),
            problem: "no holidays: the calendar has no events (VEVENT)".to_string(),
        });
    }
    let mut holidays = Holidays::new();
    for event in &events {
        let error = |property: &Property, problem: String| InputError::Field {
            file: path.to_path_buf(),
            line: property.line,
            field: property.name.clone(),
            problem,
        };
        add_event(event, &mut holidays).map_err(|(property, problem)| match property {
            Some(property) => error(property, problem),
            None => InputError::Field {
                file: path.to_path_buf(),
                line: event.line,
                field: "DTSTART".to_string(),
                problem,
            },
        })?;
    }
    Ok(holidays)
}

/// What is wrong with an event: the property (`None`: a missing `DTSTART`) and the problem.
type EventError<'e> = (Option<&'e Property>, String);

fn add_event<'e>(event: &'e Event, holidays: &mut Holidays) -> Result<(), EventError<'e>> {
    if event.get("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED")) {
        return Ok(());
    }
    let start_property = event.get("DTSTART").ok_or((
        None,
        "the event has no DTSTART; every event needs its first day, like DTSTART;VALUE=DATE:20261224"
            .to_string(),
    ))?;
    let start = when(start_property).map_err(|problem| (Some(start_property), problem))?;
    let days = span_days(event, start)?;
    let mut firsts = match event.get("RRULE") {
        Some(rule) => yearly(rule, start.date()).map_err(|problem| (Some(rule), problem))?,
        None => vec![start.date()],
    };
    for rdate in event.all("RDATE") {
        firsts.extend(dates(rdate).map_err(|problem| (Some(rdate), problem))?);
    }
    for exdate in event.all("EXDATE") {
        let excluded = dates(exdate).map_err(|problem| (Some(exdate), problem))?;
        firsts.retain(|d| !excluded.contains(d));
    }
    let name = event.get("SUMMARY").map(|s| ics::unescape_text(s.value.trim())).unwrap_or_default();
    for first in firsts {
        for offset in 0..days {
            holidays.insert(first + Days::new(offset), &name);
        }
    }
    Ok(())
}

/// A `DATE` or `DATE-TIME` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum When {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl When {
    fn date(self) -> NaiveDate {
        match self {
            When::Date(date) => date,
            When::DateTime(time) => time.date(),
        }
    }
}

/// The value of a date property: `20261224` (`VALUE=DATE`) or
/// `20261224T090000` (`Z` or `TZID` or floating; the date as written).
fn when(property: &Property) -> Result<When, String> {
    parse_when(property.value.trim(), property.param("VALUE"))
}

fn parse_when(text: &str, value_type: Option<&str>) -> Result<When, String> {
    let bad = || {
        format!("`{text}` is not a date or date-time; expected 20261224 (with VALUE=DATE) or 20261224T090000")
    };
    let is_date = value_type.is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || text.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(text, "%Y%m%d").map(When::Date).map_err(|_| bad());
    }
    let local = text.strip_suffix(['Z', 'z']).unwrap_or(text);
    NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M%S").map(When::DateTime).map_err(|_| bad())
}

/// The comma-separated dates of an `EXDATE` or `RDATE`.
fn dates(property: &Property) -> Result<Vec<NaiveDate>, String> {
    if property.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD")) {
        return Err("periods are not supported here; list the dates (VALUE=DATE)".to_string());
    }
    property
        .value
        .split(',')
        .map(|text| parse_when(text.trim(), property.param("VALUE")).map(When::date))
        .collect()
}

/// How many days the event closes, from `DTEND` or `DURATION` (one when neither).
fn span_days<'e>(event: &'e Event, start: When) -> Result<u64, EventError<'e>> {
    let (last, property) = if let Some(end_property) = event.get("DTEND") {
        let end = when(end_property).map_err(|problem| (Some(end_property), problem))?;
        (last_day(start, end), end_property)
    } else if let Some(duration) = event.get("DURATION") {
        let seconds = duration_s(duration.value.trim()).map_err(|problem| (Some(duration), problem))?;
        let end = match start {
            When::Date(date) => When::Date(date + Days::new(seconds.div_ceil(86_400))),
            When::DateTime(time) => When::DateTime(time + chrono::Duration::seconds(seconds as i64)),
        };
        (last_day(start, end), duration)
    } else {
        return Ok(1);
    };
    check_span(start.date(), last).map_err(|problem| (Some(property), problem))?;
    Ok((last - start.date()).num_days() as u64 + 1)
}

/// The last day of an event from `start` to `end`: the day before an
/// all-day end (calendars write the day after), the end's own day when it
/// ends after midnight; never before the first day when the end equals the
/// start (some programs write one-day events so).
fn last_day(start: When, end: When) -> NaiveDate {
    let last = match end {
        When::Date(date) => date.pred_opt().unwrap_or(date),
        When::DateTime(time) if time.time() == NaiveTime::MIN => {
            time.date().pred_opt().unwrap_or(time.date())
        }
        When::DateTime(time) => time.date(),
    };
    if end.date() == start.date() {
        start.date()
    } else {
        last
    }
}

/// An iCalendar duration (`P3D`, `P1W`, `PT8H`, `P1DT12H`) in seconds.
fn duration_s(text: &str) -> Result<u64, String> {
    let bad = || format!("`{text}` is not a duration; expected one like P1D, P2W or PT8H");
    let body = text.strip_prefix(['P', 'p']).ok_or_else(bad)?;
    let mut seconds: u64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    let mut units = 0;
    for c in body.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() && !in_time => in_time = true,
            unit => {
                let n: u64 = number.parse().map_err(|_| bad())?;
                number.clear();
                let unit_s = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return Err(bad()),
                };
                seconds = n.checked_mul(unit_s).and_then(|s| seconds.checked_add(s)).ok_or_else(bad)?;
                units += 1;
            }
        }
    }
    if !number.is_empty() || units == 0 {
        return Err(bad());
    }
    Ok(seconds)
}

/// The first days of a `FREQ=YEARLY` rule from `start` (itself the first).
fn yearly(rule: &Property, start: NaiveDate) -> Result<Vec<NaiveDate>, String> {
    const SUPPORTED: &str = "a holidays file repeats days with FREQ=YEARLY (and INTERVAL, COUNT, UNTIL, \
                             one BYMONTH, one BYMONTHDAY or one BYDAY like 2MO)";
    let mut frequency = None;
    let (mut interval, mut count, mut until) = (1, None, None);
    let (mut month, mut month_day, mut weekday) = (start.month(), None, None);
    for part in rule.value.trim().split(';').filter(|p| !p.is_empty()) {
        let (key, value) =
            part.split_once('=').ok_or_else(|| format!("`{part}` is not KEY=VALUE; {SUPPORTED}"))?;
        let number = |max: u32| {
            value
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| format!("{key}=`{value}` is not a number from 1 to {max}; {SUPPORTED}"))
        };
        match key.to_ascii_uppercase().as_str() {
            "FREQ" => frequency = Some(value.to_ascii_uppercase()),
            "INTERVAL" => interval = number(1000)?,
            "COUNT" => count = Some(number(10_000)?),
            "UNTIL" => until = Some(parse_when(value, None)?.date()),
            "BYMONTH" => month = number(12)?,
            "BYMONTHDAY" => month_day = Some(number(31)?),
            "BYDAY" => {
                weekday = Some(nth_weekday(value).ok_or_else(|| format!("BYDAY=`{value}`: {SUPPORTED}"))?)
            }
            "WKST" => {}
            other => return Err(format!("{other} is not supported; {SUPPORTED}")),
        }
    }
    match frequency.as_deref() {
        Some("YEARLY") => {}
        Some(other) => return Err(format!("FREQ={other} is not supported; {SUPPORTED}")),
        None => return Err(format!("the rule has no FREQ; {SUPPORTED}")),
    }
    if month_day.is_some() && weekday.is_some() {
        return Err(format!("BYMONTHDAY and BYDAY together are not supported; {SUPPORTED}"));
    }
    let occurrence = |year: i32| match weekday {
        Some((n, day)) => nth_weekday_of(year, month, day, n),
        None => NaiveDate::from_ymd_opt(year, month, month_day.unwrap_or(start.day())),
    };
    let mut firsts = vec![start];
    let mut year = start.year();
    while year <= REPEAT_THROUGH_YEAR && count.is_none_or(|c| firsts.len() < c as usize) {
        if let Some(day) = occurrence(year).filter(|d| *d > start) {
            if until.is_some_and(|u| day > u) {
                break;
            }
            firsts.push(day);
        }
        year += interval as i32;
    }
    Ok(firsts)
}

/// `2MO` (second Monday), `-1MO` (last Monday): the ordinal and the weekday.
fn nth_weekday(text: &str) -> Option<(i8, Weekday)> {
    let split = text.len().checked_sub(2)?;
    let (ordinal, day) = text.split_at_checked(split)?;
    let weekday = match day.to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    };
    let n: i8 = ordinal.trim_start_matches('+').parse().ok().filter(|n: &i8| (1..=5).contains(&n.abs()))?;
    Some((n, weekday))
}

/// The `n`th `weekday` of a month (negative: from its end), if the month has one.
fn nth_weekday_of(year: i32, month: u32, weekday: Weekday, n: i8) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let days: Vec<NaiveDate> =
        first.iter_days().take_while(|d| d.month() == month).filter(|d| d.weekday() == weekday).collect();
    let index = if n > 0 { n as usize - 1 } else { days.len().checked_sub(n.unsigned_abs() as usize)? };
    days.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn read(name: &str, bytes: &[u8]) -> Result<Holidays, InputError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        read_holidays(&path, TextEncoding::Auto)
    }

    fn listed(holidays: &Holidays) -> Vec<String> {
        holidays.iter().map(|(date, name)| format!("{date} {name}")).collect()
    }

    fn err(name: &str, text: &str) -> String {
        read(name, text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn csv_with_header_names_ranges_and_date_styles() {
        let text =
            "Name;Date;To\nChristmas Eve;24.12.2026;\nYear-end closing;2026/12/29;2027-01-03\n;2027-01-05;\n";
        let holidays = read("holidays.csv", text.as_bytes()).unwrap();
        assert_eq!(holidays.len(), 1 + 6 + 1);
        assert_eq!(holidays.name(d("2026-12-24")), Some("Christmas Eve"));
        assert_eq!(holidays.name(d("2027-01-03")), Some("Year-end closing"));
        assert_eq!(holidays.name(d("2027-01-05")), Some(""));
    }

    #[test]
    fn csv_without_header_or_with_the_cabinet_office_header() {
        let holidays = read("h.csv", b"2026-12-24,Jouluaatto\n2026-12-25\n").unwrap();
        assert_eq!(listed(&holidays), ["2026-12-24 Jouluaatto", "2026-12-25 "]);
        // The Cabinet Office's syukujitsu.csv: Shift_JIS, Japanese header, YYYY/M/D dates.
        let text = "国民の祝日・休日月日,国民の祝日・休日名称\r\n2026/1/1,元日\r\n2026/1/12,成人の日\r\n";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let holidays = read("syukujitsu.csv", &bytes).unwrap();
        assert_eq!(listed(&holidays), ["2026-01-01 元日", "2026-01-12 成人の日"]);
    }

    #[test]
    fn csv_errors_name_line_and_field() {
        let msg = err("holidays.csv", "date,name\n2026-12-24,x\n\n2026-13-01,y\n");
        assert!(msg.contains("holidays.csv line 4, field `date`: `2026-13-01` is not a date"), "{msg}");
        let msg = err("holidays.csv", "date,to\n2026-12-29,2026-12-20\n");
        assert!(msg.contains("line 2, field `to`: the last day 2026-12-20 is before the first day"), "{msg}");
        let msg = err("holidays.csv", "date,to\n2026-01-01,2027-12-31\n");
        assert!(msg.contains("line 2, field `to`: 2026-01-01 to 2027-12-31 is 730 days"), "{msg}");
        let msg = err("holidays.csv", "date,name\n,x\n");
        assert!(msg.contains("line 2, field `date`: missing"), "{msg}");
        let msg = err("holidays.csv", "date,name\n");
        assert!(msg.contains("holidays.csv: no holidays"), "{msg}");
        let msg = err("holidays.csv", "");
        assert!(msg.contains("holidays.csv: empty file"), "{msg}");
    }

    const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Holidays//EN\r\n";

    fn ics(events: &str) -> String {
        format!("{CALENDAR}{events}END:VCALENDAR\r\n")
    }

    #[test]
    fn ics_all_day_timed_multi_day_and_cancelled_events() {
        let text = ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261227\r\nSUMMARY:Christmas\\, all of it\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Helsinki:20261231T120000\r\nDTEND;TZID=Europe/Helsinki:20270101T000000\r\nSUMMARY:New Year's Eve afternoon\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART:20270105T080000Z\r\nDURATION:P2D\r\nSUMMARY:Inventory\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270110\r\nDTEND;VALUE=DATE:20270110\r\nSUMMARY:Same-day end\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270201\r\nSTATUS:CANCELLED\r\nSUMMARY:Called off\r\nEND:VEVENT\r\n");
        let holidays = read("company.ics", text.as_bytes()).unwrap();
        assert_eq!(
            listed(&holidays),
            [
                "2026-12-24 Christmas, all of it",
                "2026-12-25 Christmas, all of it",
                "2026-12-26 Christmas, all of it",
                "2026-12-31 New Year's Eve afternoon",
                "2027-01-05 Inventory",
                "2027-01-06 Inventory",
                "2027-01-07 Inventory",
                "2027-01-10 Same-day end",
            ]
        );
    }

    #[test]
    fn ics_yearly_rules() {
        let text = ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20241224\r\nRRULE:FREQ=YEARLY\r\nEXDATE;VALUE=DATE:20251224\r\nSUMMARY:Eve\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250113\r\nRRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=2MO;COUNT=3\r\nSUMMARY:成人の日\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250531\r\nRRULE:FREQ=YEARLY;BYDAY=-1SA;UNTIL=20270101T000000Z\r\nRDATE;VALUE=DATE:20280601,20290601\r\nSUMMARY:Last Saturday of May\r\nEND:VEVENT\r\n");
        let holidays = read("yearly.ics", text.as_bytes()).unwrap();
        let eves: Vec<NaiveDate> =
            holidays.iter().filter(|(_, n)| *n == "Eve").map(|(date, _)| date).collect();
        assert_eq!(eves.len(), (2024..=REPEAT_THROUGH_YEAR).count() - 1, "every year but the excluded 2025");
        assert!(!holidays.contains(d("2025-12-24")));
        assert_eq!(holidays.name(d("2099-12-24")), Some("Eve"));
        let coming_of_age: Vec<String> =
            holidays.iter().filter(|(_, n)| *n == "成人の日").map(|(date, _)| date.to_string()).collect();
        assert_eq!(coming_of_age, ["2025-01-13", "2026-01-12", "2027-01-11"]);
        let saturdays: Vec<String> = holidays
            .iter()
            .filter(|(_, n)| n.starts_with("Last Saturday"))
            .map(|(date, _)| date.to_string())
            .collect();
        assert_eq!(saturdays, ["2025-05-31", "2026-05-30", "2028-06-01", "2029-06-01"]);
    }

    #[test]
    fn ics_errors_name_line_and_property() {
        let msg = err("h.ics", &ics("BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n"));
        assert!(msg.contains("h.ics line 4, field `DTSTART`: the event has no DTSTART"), "{msg}");
        let msg = err("h.ics", &ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261324\r\nEND:VEVENT\r\n"));
        assert!(msg.contains("line 5, field `DTSTART`: `20261324` is not a date"), "{msg}");
        let msg = err(
            "h.ics",
            &ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n"),
        );
        assert!(msg.contains("line 6, field `RRULE`: FREQ=WEEKLY is not supported"), "{msg}");
        let msg = err(
            "h.ics",
            &ics(
                "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261220\r\nEND:VEVENT\r\n",
            ),
        );
        assert!(
            msg.contains("line 6, field `DTEND`: the last day 2026-12-19 is before the first day"),
            "{msg}"
        );
        let msg = err(
            "h.ics",
            &ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\nDURATION:3 days\r\nEND:VEVENT\r\n"),
        );
        assert!(msg.contains("line 6, field `DURATION`: `3 days` is not a duration"), "{msg}");
        let msg = err("h.ics", &ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\nRRULE:FREQ=YEARLY;BYWEEKNO=20\r\nEND:VEVENT\r\n"));
        assert!(msg.contains("line 6, field `RRULE`: BYWEEKNO is not supported"), "{msg}");
        let msg = err("h.ics", &ics(""));
        assert!(msg.contains("h.ics: no holidays: the calendar has no events"), "{msg}");
    }

    #[test]
    fn a_calendar_is_recognised_by_its_first_line_whatever_its_name() {
        let holidays =
            read("holidays.txt", ics("BEGIN:VEVENT\r\nDTSTART:20261224\r\nEND:VEVENT\r\n").as_bytes())
                .unwrap();
        assert!(holidays.contains(d("2026-12-24")));
    }

    #[test]
    fn durations() {
        assert_eq!(duration_s("P1W"), Ok(7 * 86_400));
        assert_eq!(duration_s("P1DT12H30M"), Ok(86_400 + 12 * 3_600 + 30 * 60));
        assert_eq!(duration_s("PT8H"), Ok(8 * 3_600));
        for bad in ["P", "1D", "PT", "P1H", "PD", "P1D2"] {
            assert!(duration_s(bad).is_err(), "{bad}");
        }
    }
}
