//! Day plans as iCalendar files (RFC 5545), one per rep, so each rep's day
//! lands in the calendar on their phone.
//!
//! [`rep_calendars`] writes, for every rep of the region, one `VCALENDAR`
//! holding one `VEVENT` per visit, in date and stop order, and for each day
//! of the plans on which the rep has no visit an all-day event "No visits
//! planned" (free time, `TRANSP:TRANSPARENT`, with the rep's absences that
//! day when they have some), so that every rep's file is written again
//! and a day emptied by a re-plan leaves no stale visits on a phone that
//! subscribes to the file:
//!
//! - `UID` is stable per visit (the day and the account, `20261201-A01@rounds`),
//!   so importing a re-made plan updates the events rather than doubling them;
//! - `DTSTART` and `DTEND` are the visit's start and end, converted from the
//!   plan's local clock times in the region's time zone to UTC (every time in
//!   the file is UTC, so no `VTIMEZONE` is needed and no reader guesses);
//! - `SUMMARY` is the account's name (its id when it has none), `LOCATION` its
//!   address when it has one, `GEO` its position, and `DESCRIPTION` the
//!   account, the visit's place in the day, the arrival and a navigation link
//!   (`https://www.google.com/maps/dir/?api=1&destination=LAT,LON`);
//! - `DTSTAMP` is the time the file is made ([`CalendarOptions::stamp`]).
//!
//! The text follows the standard to the octet: CRLF line ends, lines folded
//! at 75 octets without splitting a UTF-8 character, and `\`, `;`, `,` and
//! line breaks escaped in text values.

use std::collections::HashSet;
use std::fmt::Write;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::lang::{Lang, Msg};
use crate::model::calendar::Absence;
use crate::model::plan::{Plan, Stop};
use crate::model::{Account, Region, Seconds};

/// Longest content line in octets, CRLF not counted (RFC 5545, 3.1).
const LINE_OCTETS: usize = 75;

/// How the calendars are written.
#[derive(Clone, Copy, Debug)]
pub struct CalendarOptions {
    /// The time zone the plans' clock times are in.
    pub tz: Tz,
    /// When the files are made (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
    /// The language of the descriptions.
    pub lang: Lang,
}

/// One rep's calendar file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepCalendar {
    /// The rep's id.
    pub rep: String,
    /// The file name, from [`file_names`].
    pub file_name: String,
    /// The file's text (CRLF line ends).
    pub text: String,
}

/// The calendar file name of every rep of `region`, in the order of its
/// reps: the id with every character that is not a letter, a digit, `-` or
/// `_` replaced by `_`, then `.ics`. Two ids that come out alike (`R/1`,
/// `R_1`) get the rep's place in `reps.csv` after them, so no rep's file
/// replaces another's.
pub fn file_names(region: &Region) -> Vec<String> {
    let safe: Vec<String> = region
        .reps
        .iter()
        .map(|rep| {
            let stem: String = rep
                .id
                .chars()
                .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
                .collect();
            if stem.is_empty() {
                "rep".to_string()
            } else {
                stem
            }
        })
        .collect();
    let mut seen = HashSet::new();
    let repeated: HashSet<&str> =
        safe.iter().filter(|s| !seen.insert(s.as_str())).map(String::as_str).collect();
    safe.iter()
        .enumerate()
        .map(|(k, stem)| {
            if repeated.contains(stem.as_str()) {
                format!("{stem}-{}.ics", k + 1)
            } else {
                format!("{stem}.ics")
            }
        })
        .collect()
}

/// One calendar per rep of `region`, in the order of the region's reps. The
/// plans must have been checked against `region`; a visit to an account it
/// does not know is left out.
pub fn rep_calendars(region: &Region, plans: &[Plan], options: &CalendarOptions) -> Vec<RepCalendar> {
    let names = file_names(region);
    let mut calendars = Vec::new();
    for (rep_index, rep) in region.reps.iter().enumerate() {
        let mut events = String::new();
        for plan in plans {
            let route = plan.routes.iter().find(|r| r.rep == rep.id);
            let visits = route.map_or(0, |r| r.visit_count());
            let Some(route) = route.filter(|_| visits > 0) else {
                let absences: Vec<Absence> = region.absences.on(&rep.id, plan.date).cloned().collect();
                write_day_without_visits(&mut events, plan.date, &rep.id, &absences, options);
                continue;
            };
            let mut order = 0;
            for stop in &route.stops {
                let Stop::Visit { account, arrival_s, start_s, end_s } = stop else { continue };
                order += 1;
                let Some(account) = find_account(region, plan, account) else { continue };
                let visit = Visit { account, date: plan.date, order, visits, arrival_s: *arrival_s };
                write_event(&mut events, &visit, (*start_s, *end_s), options);
            }
        }
        let mut text = String::new();
        let name = options.lang.fill(Msg::CalendarName, &[&rep.id, &rep.name]);
        for line in [
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".to_string(),
            format!("PRODID:-//rounds//rounds {}//EN", env!("CARGO_PKG_VERSION")),
            "CALSCALE:GREGORIAN".to_string(),
            "METHOD:PUBLISH".to_string(),
            format!("X-WR-CALNAME:{}", escape_text(name.trim_end())),
        ] {
            push_line(&mut text, &line);
        }
        text.push_str(&events);
        push_line(&mut text, "END:VCALENDAR");
        calendars.push(RepCalendar { rep: rep.id.clone(), file_name: names[rep_index].clone(), text });
    }
    calendars
}

/// A visit as its event needs it.
struct Visit<'a> {
    account: &'a Account,
    date: NaiveDate,
    /// The visit's place in the rep's day, from 1.
    order: usize,
    /// The visits of the rep's day.
    visits: usize,
    arrival_s: Seconds,
}

/// The account of a visit: the region's, else one the plan added for the day.
fn find_account<'a>(region: &'a Region, plan: &'a Plan, id: &str) -> Option<&'a Account> {
    region.accounts.iter().chain(&plan.added).find(|a| a.id == id)
}

fn write_event(
    out: &mut String,
    visit: &Visit<'_>,
    (start_s, end_s): (Seconds, Seconds),
    options: &CalendarOptions,
) {
    let account = visit.account;
    let at = account.location;
    let link = format!("https://www.google.com/maps/dir/?api=1&destination={:.6},{:.6}", at.lat, at.lon);
    let lang = options.lang;
    let description = format!(
        "{}\n{}",
        lang.fill(
            Msg::EventDescription,
            &[&account.id, &visit.order, &visit.visits, &lang.clock(visit.arrival_s)]
        ),
        lang.fill(Msg::Directions, &[&link])
    );
    let summary = if account.name.is_empty() { &account.id } else { &account.name };
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}-{}@rounds", visit.date.format("%Y%m%d"), uid_part(&account.id)));
    push_line(out, &format!("DTSTAMP:{}", utc_text(options.stamp)));
    push_line(out, &format!("DTSTART:{}", utc_text(to_utc(visit.date, start_s, options.tz))));
    push_line(out, &format!("DTEND:{}", utc_text(to_utc(visit.date, end_s, options.tz))));
    push_line(out, &format!("SUMMARY:{}", escape_text(summary)));
    if !account.address.is_empty() {
        push_line(out, &format!("LOCATION:{}", escape_text(&account.address)));
    }
    push_line(out, &format!("GEO:{:.6};{:.6}", at.lat, at.lon));
    push_line(out, &format!("DESCRIPTION:{}", escape_text(&description)));
    push_line(out, "END:VEVENT");
}

/// The all-day event of `date` for rep `rep`, who has no visit that day,
/// saying why when they are absent. Its UID holds a `/`, which [`uid_part`]
/// never writes, so it is no visit's.
fn write_day_without_visits(
    out: &mut String,
    date: NaiveDate,
    rep: &str,
    absences: &[Absence],
    options: &CalendarOptions,
) {
    let lang = options.lang;
    let day = date.format("%Y%m%d");
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{day}/{}@rounds", uid_part(rep)));
    push_line(out, &format!("DTSTAMP:{}", utc_text(options.stamp)));
    push_line(out, &format!("DTSTART;VALUE=DATE:{day}"));
    push_line(out, &format!("DTEND;VALUE=DATE:{}", (date + chrono::Days::new(1)).format("%Y%m%d")));
    push_line(out, &format!("SUMMARY:{}", escape_text(lang.text(Msg::NoVisitsPlanned))));
    if !absences.is_empty() {
        push_line(out, &format!("DESCRIPTION:{}", escape_text(&lang.absences(absences))));
    }
    push_line(out, "TRANSP:TRANSPARENT");
    push_line(out, "END:VEVENT");
}

/// An id as part of a UID: letters, digits, `-`, `_` and `.` as
/// they are, every other byte as `%XX`, so two ids never give one UID.
fn uid_part(id: &str) -> String {
    let mut out = String::new();
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A clock time of `date` in `tz`, as UTC. A time the clocks skip (the hour
/// lost when summer time starts) is read with the offset before the change;
/// a time they pass twice is the first of the two.
pub fn to_utc(date: NaiveDate, at_s: Seconds, tz: Tz) -> DateTime<Utc> {
    let local: NaiveDateTime =
        date.and_hms_opt(0, 0, 0).expect("midnight exists") + chrono::Duration::seconds(at_s);
    match tz.from_local_datetime(&local).earliest() {
        Some(time) => time.with_timezone(&Utc),
        None => {
            let before = local - chrono::Duration::hours(3);
            let offset = tz.offset_from_local_datetime(&before).earliest().map_or(0, |o| {
                use chrono::Offset;
                o.fix().local_minus_utc()
            });
            Utc.from_utc_datetime(&(local - chrono::Duration::seconds(i64::from(offset))))
        }
    }
}

/// `20261201T003000Z`.
fn utc_text(time: DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value escaped (RFC 5545, 3.3.11): `\`, `;`, `,` and line breaks.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at `LINE_OCTETS` octets, each piece ending in CRLF
/// and each continuation starting with a space (RFC 5545, 3.1). A fold never
/// falls inside a UTF-8 character.
pub fn push_line(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            room = LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::RoutePlan;
    use crate::model::{LatLon, Rep, TimeWindow};

    fn region() -> Region {
        let mut a1 = Account::new("A1", LatLon { lat: 34.7025, lon: 135.4959 }, 1800, 7);
        a1.name = "株式会社梅田薬局".into();
        a1.address = "大阪府大阪市北区梅田1-2-3, 2F; 受付\n裏口".into();
        let a2 = Account::new("A 2/x", LatLon { lat: 34.6662, lon: 135.5013 }, 1200, 7);
        let rep = |id: &str| Rep {
            id: id.into(),
            name: "山田 太郎".into(),
            start: LatLon { lat: 34.69, lon: 135.50 },
            end: LatLon { lat: 34.69, lon: 135.50 },
            shift: TimeWindow::new(8 * 3600, 17 * 3600).into(),
            lunch: None,
            max_visits: None,
        };
        Region { accounts: vec![a1, a2], reps: vec![rep("R1"), rep("R/2"), rep("R_2")], ..Default::default() }
    }

    fn plan() -> Plan {
        let visit = |account: &str, start_s: Seconds| Stop::Visit {
            account: account.into(),
            arrival_s: start_s - 300,
            start_s,
            end_s: start_s + 1800,
        };
        Plan {
            date: "2026-12-01".parse().unwrap(),
            routes: vec![RoutePlan {
                rep: "R1".into(),
                depart_s: 8 * 3600,
                return_s: 12 * 3600,
                drive_s: 1800,
                distance_m: 12_000,
                stops: vec![visit("A1", 9 * 3600 + 300), visit("A 2/x", 10 * 3600)],
                resumes: vec![],
                overtime_s: 0,
            }],
            unassigned: vec![],
            unavailable: vec![],
            added: vec![],
            changes: vec![],
        }
    }

    fn options() -> CalendarOptions {
        CalendarOptions {
            tz: chrono_tz::Asia::Tokyo,
            stamp: Utc.with_ymd_and_hms(2026, 11, 30, 7, 0, 0).unwrap(),
            lang: Lang::En,
        }
    }

    #[test]
    fn one_event_per_visit_at_its_time_in_utc() {
        let calendars = rep_calendars(&region(), &[plan()], &options());
        assert_eq!(calendars.len(), 3, "a calendar for every rep");
        assert!(
            calendars[1..].iter().all(|c| c.text.contains("\r\nSUMMARY:No visits planned\r\n")),
            "only R1 has visits"
        );
        let text = &calendars[0].text;
        assert_eq!(calendars[0].file_name, "R1.ics");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.contains("\r\nDTSTART:20261201T000500Z\r\n"), "09:05 in Tokyo: {text}");
        assert!(text.contains("\r\nDTEND:20261201T003500Z\r\n"));
        assert!(text.contains("\r\nUID:20261201-A1@rounds\r\n"));
        assert!(text.contains("\r\nUID:20261201-A%202%2Fx@rounds\r\n"));
        assert!(text.contains("\r\nDTSTAMP:20261130T070000Z\r\n"));
        assert!(text.contains("\r\nSUMMARY:A 2/x\r\n"), "no name: the id");
        assert!(text.contains("\r\nGEO:34.702500;135.495900\r\n"));
        assert_eq!(text.matches("LOCATION:").count(), 1, "only A1 has an address");
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("LOCATION:大阪府大阪市北区梅田1-2-3\\, 2F\\; 受付\\n裏口\r\n"),
            "{unfolded}"
        );
        assert!(unfolded.contains("destination=34.702500\\,135.495900"), "{unfolded}");
    }

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "梅".repeat(60));
        push_line(&mut out, &line);
        for piece in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(piece.len() <= 75, "{} octets: {piece}", piece.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), line);
        let mut short = String::new();
        push_line(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    #[test]
    fn file_names_are_safe_and_distinct() {
        assert_eq!(file_names(&region()), ["R1.ics", "R_2-2.ics", "R_2-3.ics"]);
    }

    #[test]
    fn summer_time_is_followed() {
        let helsinki = chrono_tz::Europe::Helsinki;
        let winter = to_utc("2026-12-01".parse().unwrap(), 9 * 3600, helsinki);
        let summer = to_utc("2026-06-01".parse().unwrap(), 9 * 3600, helsinki);
        assert_eq!(utc_text(winter), "20261201T070000Z");
        assert_eq!(utc_text(summer), "20260601T060000Z");
        // 03:30 does not exist on 29 March 2026 in Helsinki (03:00 -> 04:00).
        let skipped = to_utc("2026-03-29".parse().unwrap(), 3 * 3600 + 1800, helsinki);
        assert_eq!(utc_text(skipped), "20260329T013000Z");
    }
}
