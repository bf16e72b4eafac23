//! Hours that differ by weekday: an account's opening hours
//! ([`OpeningHours`]) and a rep's shift ([`Shift`]).
//!
//! Both are written the same way, in one of two forms:
//!
//! - the plain form, the same every day: `09:00-12:00 13:00-17:00` (opening
//!   hours; empty means any time in the rep's shift) or `08:00-17:00` (a shift);
//! - the weekday form, parts separated by `;`, each naming its weekdays
//!   (single days or ranges, `Mon-Fri`, `Sat`, `Mon,Wed`) and then that
//!   day's hours: `Mon-Fri 09:00-12:00 13:00-17:00; Sat 10:00-14:00`. A
//!   weekday no part names is closed (opening hours) or off (a shift). Days
//!   with opening hours but no times (`Mon-Fri 09:00-17:00; Sat`) are open
//!   all of the rep's shift.
//!
//! Each planner and the validator ask for the hours of the date in question
//! ([`OpeningHours::windows_on`], [`Shift::on`]); a dated closure of an
//! account (`closures.csv`) is separate ([`super::Closures`]), because it
//! belongs to dates, not to weekdays.

use std::fmt;

use chrono::Weekday;

use crate::model::time::{written_hours, Hm, Hms, Seconds, TimeWindow};

/// The weekdays Monday first, in the order of the per-day arrays below.
const WEEK: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// An account's opening hours on each weekday.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpeningHours {
    /// Monday first: `None` closed, an empty list open all of the rep's
    /// shift, else the windows (sorted, not overlapping) a visit lies in.
    days: [Option<Vec<TimeWindow>>; 7],
    /// Closed on Japan's public holidays as well (`土日祝` in the `closed`
    /// column), whether or not the team works them; such a day is a closure
    /// of the account ([`super::Closures::on`]).
    closed_on_public_holidays: bool,
}

impl Default for OpeningHours {
    fn default() -> Self {
        OpeningHours::always()
    }
}

impl OpeningHours {
    /// Open every day, any time of the rep's shift.
    pub fn always() -> OpeningHours {
        OpeningHours::daily(Vec::new())
    }

    /// The same windows every day (the plain form); empty means any time.
    pub fn daily(mut windows: Vec<TimeWindow>) -> OpeningHours {
        windows.sort();
        OpeningHours {
            days: std::array::from_fn(|_| Some(windows.clone())),
            closed_on_public_holidays: false,
        }
    }

    /// Parses either form (module docs). Windows of one day are sorted, may
    /// touch but not overlap.
    pub fn parse(text: &str) -> Result<OpeningHours, String> {
        let text = &written_hours(text);
        let Some(parts) = weekday_parts(text)? else {
            return Ok(OpeningHours::daily(window_list(text)?));
        };
        let mut days: [Option<Vec<TimeWindow>>; 7] = Default::default();
        for (named, times) in parts {
            let windows = window_list(times)?;
            for day in named {
                days[index(day)] = Some(windows.clone());
            }
        }
        Ok(OpeningHours { days, closed_on_public_holidays: false })
    }

    /// Closes the account on `day` (the `closed` column).
    pub fn close(&mut self, day: Weekday) {
        self.days[index(day)] = None;
    }

    /// Closes the account on Japan's public holidays (`祝` in the `closed` column).
    pub fn close_on_public_holidays(&mut self) {
        self.closed_on_public_holidays = true;
    }

    /// Whether the account is closed on Japan's public holidays.
    pub fn closes_on_public_holidays(&self) -> bool {
        self.closed_on_public_holidays
    }

    /// The windows a visit on `day` lies in: `None` when closed that day,
    /// an empty slice when open all of the rep's shift.
    pub fn windows_on(&self, day: Weekday) -> Option<&[TimeWindow]> {
        self.days[index(day)].as_deref()
    }

    /// Whether the account is open at all on `day`.
    pub fn is_open_on(&self, day: Weekday) -> bool {
        self.days[index(day)].is_some()
    }

    /// Every window of every open day, Monday first (a window used on
    /// several days comes once per day).
    pub fn all_windows(&self) -> impl Iterator<Item = &TimeWindow> {
        self.days.iter().flatten().flatten()
    }

    /// The hours as the `windows` and `closed` columns of `accounts.csv`
    /// write them: the plain form and the closed days when every open day has
    /// the same windows, else the weekday form and no closed days.
    pub fn columns(&self) -> (String, Vec<Weekday>) {
        let closed: Vec<Weekday> = WEEK.into_iter().filter(|d| !self.is_open_on(*d)).collect();
        let mut open = self.days.iter().flatten();
        match open.next() {
            None => (String::new(), closed),
            Some(first) if open.all(|w| w == first) => (plain(first), closed),
            Some(_) => (self.to_string(), Vec::new()),
        }
    }
}

impl fmt::Display for OpeningHours {
    /// The plain form when every day has the same windows, else the weekday
    /// form (`Mon-Fri 09:00-17:00; Sat 10:00-14:00`); an account closed every
    /// day is `closed`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(first) = self.days[0].as_ref().filter(|w| self.days.iter().all(|d| d.as_ref() == Some(w)))
        {
            return f.write_str(&plain(first));
        }
        if self.days.iter().all(Option::is_none) {
            return f.write_str("closed");
        }
        write_weekly(f, &self.days.clone().map(|d| d.map(|w| plain(&w))))
    }
}

/// A rep's working hours on each weekday: one window a day, or none on a
/// day off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shift {
    /// Monday first.
    days: [Option<TimeWindow>; 7],
    /// Written in the weekday form, which names the days worked: only then
    /// does a multi-day plan send the rep out on a Saturday or Sunday
    /// ([`Shift::names`]).
    by_weekday: bool,
}

impl From<TimeWindow> for Shift {
    fn from(window: TimeWindow) -> Shift {
        Shift::daily(window)
    }
}

impl Shift {
    /// The same hours every day (the plain form).
    pub fn daily(window: TimeWindow) -> Shift {
        Shift { days: [Some(window); 7], by_weekday: false }
    }

    /// Parses either form (module docs); each day's hours are one window
    /// that is not empty.
    pub fn parse(text: &str) -> Result<Shift, String> {
        let text = &written_hours(text);
        let one = |times: &str| -> Result<TimeWindow, String> {
            let window = TimeWindow::parse(times)?;
            if window.len_s() == 0 {
                return Err(format!("`{times}` is empty"));
            }
            Ok(window)
        };
        let Some(parts) = weekday_parts(text)? else {
            return one(text.trim()).map(Shift::daily);
        };
        let mut days = [None; 7];
        for (named, times) in parts {
            let times = glue_ranges(times);
            if times.is_empty() {
                return Err(format!(
                    "{} gives no hours; a working day needs them, like `Mon-Fri 08:00-16:30`",
                    named[0]
                ));
            }
            if times.contains(separates_items) {
                return Err(format!("`{times}` is more than one range; a shift is one range a day"));
            }
            let window = one(&times)?;
            for day in named {
                days[index(day)] = Some(window);
            }
        }
        Ok(Shift { days, by_weekday: true })
    }

    /// The working hours on `day`, or `None` on a day off.
    pub fn on(&self, day: Weekday) -> Option<TimeWindow> {
        self.days[index(day)]
    }

    /// Whether the weekday form names `day` as worked (`Sat` in `Mon-Fri
    /// 08:00-16:30; Sat 09:00-14:00`). The plain form names no day: it gives
    /// hours for any day `rounds plan` is asked for, but a multi-day plan
    /// leaves its weekends off, as it did before shifts had weekdays.
    pub fn names(&self, day: Weekday) -> bool {
        self.by_weekday && self.on(day).is_some()
    }

    /// Every day's hours, Monday first, days off left out.
    pub fn windows(&self) -> impl Iterator<Item = TimeWindow> + '_ {
        self.days.iter().flatten().copied()
    }

    /// From the earliest start to the latest end over the week: a window
    /// that holds every day's hours, for a start that a date's hours then
    /// narrow ([`crate::planning::day::RepStart::within`]).
    pub fn bounds(&self) -> TimeWindow {
        let open_s = self.windows().map(|w| w.open_s).min().unwrap_or(0);
        let close_s = self.windows().map(|w| w.close_s).max().unwrap_or(0);
        TimeWindow::new(open_s, close_s)
    }

    /// The average working time of Monday to Friday, a day off counting 0:
    /// how much a rep works on an ordinary working day.
    pub fn mean_weekday_s(&self) -> Seconds {
        WEEK[..5].iter().filter_map(|d| self.on(*d)).map(|w| w.len_s()).sum::<i64>() / 5
    }
}

impl fmt::Display for Shift {
    /// The form it was written in: `08:00-17:00`, or the weekday form (which
    /// may be `Mon-Sun 08:00-17:00`, a rep who works weekends too).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.days[0] {
            Some(first) if !self.by_weekday && self.days.iter().all(|d| *d == Some(first)) => {
                f.write_str(&exact(first))
            }
            _ => write_weekly(f, &self.days.map(|d| d.map(exact))),
        }
    }
}

/// The Japanese weekday names, Monday first: `月` (`月曜`, `月曜日`) to `日`.
const JAPANESE_WEEK: [char; 7] = ['月', '火', '水', '木', '金', '土', '日'];

/// The one-character Japanese name of `day`, as read here and written after
/// a date (`11月23日(月)`).
pub fn japanese_weekday(day: Weekday) -> char {
    JAPANESE_WEEK[day.num_days_from_monday() as usize]
}

/// Parses a weekday name: English, 3-letter or full, any case, or Japanese
/// (`土`, `土曜` or `土曜日`).
pub fn parse_weekday(word: &str) -> Option<Weekday> {
    let japanese = word.strip_suffix("曜日").or_else(|| word.strip_suffix('曜')).unwrap_or(word);
    let mut chars = japanese.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some(i) = JAPANESE_WEEK.iter().position(|&j| j == c) {
            return Some(WEEK[i]);
        }
    }
    english_weekday(word)
}

/// The words of a list of weekdays, as [`parse_weekday`] reads each:
/// separated by spaces, commas, `、` or `・`, and Japanese names written
/// together (`土日`, `土曜日日曜日`, `土日祝`) taken one by one; `祝`
/// (`祝日`, public holidays) is a word of its own, for the list's reader.
pub fn weekday_words(text: &str) -> Vec<&str> {
    let starts_name = |c: char| JAPANESE_WEEK.contains(&c) || c == '祝';
    let mut words = Vec::new();
    for word in text.split(separates_items) {
        let mut start = 0;
        let mut previous = None;
        for (at, c) in word.char_indices() {
            // A name starts right after a one-kanji name (`土日`), not after `曜` (`土曜日`)
            // and not as the `日` of `祝日`.
            let after_name = previous.is_some_and(|p| starts_name(p) && !(p == '祝' && c == '日'));
            if at > start && starts_name(c) && after_name {
                words.push(&word[start..at]);
                start = at;
            }
            previous = Some(c);
        }
        words.push(&word[start..]);
    }
    words.retain(|w| !w.is_empty());
    words
}

/// What separates the items of a list of weekdays or of a day's hours: a
/// space, a comma, or Japanese `、` or `・`.
fn separates_items(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '、' | '・')
}

/// An English weekday name, 3-letter or full, any case.
fn english_weekday(word: &str) -> Option<Weekday> {
    const NAMES: [(&str, &str); 7] = [
        ("mon", "monday"),
        ("tue", "tuesday"),
        ("wed", "wednesday"),
        ("thu", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
        ("sun", "sunday"),
    ];
    let word = word.to_ascii_lowercase();
    NAMES.iter().position(|(short, full)| word == *short || word == *full).map(|i| WEEK[i])
}

/// Monday 0 to Sunday 6.
fn index(day: Weekday) -> usize {
    day.num_days_from_monday() as usize
}

/// Windows written one after another, as the plain form writes them.
fn plain(windows: &[TimeWindow]) -> String {
    windows.iter().map(|w| exact(*w)).collect::<Vec<_>>().join(" ")
}

/// A window as `HH:MM-HH:MM`, with `:SS` on a time that has seconds, so
/// that it reads back exactly.
fn exact(window: TimeWindow) -> String {
    let clock = |s: Seconds| if s % 60 == 0 { Hm(s).to_string() } else { Hms(s).to_string() };
    format!("{}-{}", clock(window.open_s), clock(window.close_s))
}

/// `09:00 - 12:00` glued back into `09:00-12:00`.
fn glue_ranges(text: &str) -> String {
    text.split('-').map(str::trim).collect::<Vec<_>>().join("-")
}

/// The plain form's windows: `HH:MM-HH:MM` ranges separated by spaces,
/// commas, `、` or `・`, sorted by start; they may touch but not overlap.
fn window_list(text: &str) -> Result<Vec<TimeWindow>, String> {
    let glued = glue_ranges(text);
    let mut windows = glued
        .split(separates_items)
        .filter(|range| !range.is_empty())
        .map(|range| {
            TimeWindow::parse(range)
                .map_err(|e| format!("{e}; expected opening hours like `08:00-12:00 14:00-18:00`"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    windows.sort();
    for pair in windows.windows(2) {
        if pair[1].open_s < pair[0].close_s {
            return Err(format!(
                "opening hours {} and {} overlap; merge them into one range",
                pair[0], pair[1]
            ));
        }
    }
    Ok(windows)
}

/// The parts of the weekday form: each part's weekdays and its hours' text.
type Parts<'t> = Vec<(Vec<Weekday>, &'t str)>;

/// What the weekday form expects, for its error messages.
const WEEKDAY_FORM: &str = "expected weekdays then hours, like `Mon-Fri 09:00-17:00; Sat 10:00-14:00`";

/// The weekday form split into its parts: each part's weekdays and the
/// text of its hours. `None` for the plain form: text that neither starts
/// with a letter nor holds a `;`.
fn weekday_parts(text: &str) -> Result<Option<Parts<'_>>, String> {
    let text = text.trim();
    if !text.starts_with(|c: char| c.is_alphabetic()) && !text.contains(';') {
        return Ok(None);
    }
    let mut named_in: [Option<&str>; 7] = [None; 7];
    let mut parts = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        // The weekdays run up to the first digit: `Mon-Fri`, `Mon, Wed`, `Sat`.
        let split = part.find(|c: char| c.is_ascii_digit()).unwrap_or(part.len());
        let (names, times) = part.split_at(split);
        if names.trim().is_empty() {
            return Err(format!("`{part}` names no weekday; {WEEKDAY_FORM}"));
        }
        if let Some(word) = times.split(|c: char| !c.is_alphabetic()).find(|w| !w.is_empty()) {
            return Err(format!(
                "`{word}` comes after the hours of `{part}`; separate the days' hours with `;`: {WEEKDAY_FORM}"
            ));
        }
        let days = weekday_set(names)?;
        if days.is_empty() {
            return Err(format!("`{part}` names no weekday; {WEEKDAY_FORM}"));
        }
        for &day in &days {
            if let Some(first) = named_in[index(day)].replace(part) {
                return Err(format!(
                    "{day} is named twice (in `{first}` and `{part}`); name each weekday once"
                ));
            }
        }
        parts.push((days, times.trim()));
    }
    if parts.is_empty() {
        return Err(format!("`{text}` names no weekday; {WEEKDAY_FORM}"));
    }
    Ok(Some(parts))
}

/// `Mon-Fri`, `Sat, Sun`, `Mon Wed`: the weekdays named, in the order named.
fn weekday_set(text: &str) -> Result<Vec<Weekday>, String> {
    let glued = glue_ranges(text);
    let mut days = Vec::new();
    for item in weekday_words(&glued) {
        let day = |word: &str| {
            parse_weekday(word).ok_or_else(|| {
                format!("`{word}` is not a weekday (Mon, Tue, ... Sun, or 月, 火, ... 日); {WEEKDAY_FORM}")
            })
        };
        match item.split_once('-') {
            None => days.push(day(item)?),
            Some((a, b)) => {
                let (first, last) = (day(a)?, day(b)?);
                if index(last) < index(first) {
                    return Err(format!(
                        "`{item}` runs backwards; a range goes from Monday towards Sunday, like `Mon-Fri`"
                    ));
                }
                days.extend(WEEK[index(first)..=index(last)].iter().copied());
            }
        }
    }
    Ok(days)
}

/// The weekday form of per-day texts (`None` = not named): runs of days
/// with the same text as ranges, `Mon-Fri 09:00-17:00; Sat 10:00-14:00`.
fn write_weekly(f: &mut fmt::Formatter<'_>, days: &[Option<String>; 7]) -> fmt::Result {
    let mut first_part = true;
    let mut start = 0;
    while start < 7 {
        let mut end = start;
        while end + 1 < 7 && days[end + 1] == days[start] {
            end += 1;
        }
        if let Some(text) = &days[start] {
            if !first_part {
                f.write_str("; ")?;
            }
            first_part = false;
            let (a, b) = (WEEK[start], WEEK[end]);
            let span = match end - start {
                0 => a.to_string(),
                1 => format!("{a},{b}"),
                _ => format!("{a}-{b}"),
            };
            if text.is_empty() {
                f.write_str(&span)?;
            } else {
                write!(f, "{span} {text}")?;
            }
        }
        start = end + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> TimeWindow {
        TimeWindow::parse(text).unwrap()
    }

    #[test]
    fn the_plain_form_is_the_same_every_day() {
        let hours = OpeningHours::parse("13:00-17:00 09:00 - 12:00").unwrap();
        assert_eq!(hours, OpeningHours::daily(vec![w("09:00-12:00"), w("13:00-17:00")]));
        assert_eq!(hours.windows_on(Weekday::Sun), Some(&[w("09:00-12:00"), w("13:00-17:00")][..]));
        assert_eq!(hours.to_string(), "09:00-12:00 13:00-17:00");
        assert_eq!(OpeningHours::parse("").unwrap(), OpeningHours::always());
        assert_eq!(OpeningHours::always().windows_on(Weekday::Sat), Some(&[][..]));
    }

    #[test]
    fn japanese_hours_read_as_their_english_twins() {
        let pairs = [
            ("9:00～12:00 13:00〜18:00", "09:00-12:00 13:00-18:00"),
            ("月-金 9:00~18:00; 土 10:00–14:00", "Mon-Fri 09:00-18:00; Sat 10:00-14:00"),
            ("月曜～金曜 9:00-18:00; 土曜日・日曜日 10:00-14:00", "Mon-Fri 09:00-18:00; Sat,Sun 10:00-14:00"),
            ("月水金 09:00-12:00", "Mon,Wed,Fri 09:00-12:00"),
            ("9:00～12:00、13:00～18:00", "09:00-12:00 13:00-18:00"),
            ("月～金 9:00～12:00・13:00～18:00", "Mon-Fri 09:00-12:00 13:00-18:00"),
            ("9時～12時、13時～17時半", "09:00-12:00 13:00-17:30"),
            ("午前9時30分～午後6時", "09:30-18:00"),
            ("月～金 9時～18時; 土 10時～午後3時", "Mon-Fri 09:00-18:00; Sat 10:00-15:00"),
        ];
        for (japanese, english) in pairs {
            assert_eq!(OpeningHours::parse(japanese), OpeningHours::parse(english), "{japanese}");
        }
        assert_eq!(Shift::parse("月～金 8:30～17:30"), Shift::parse("Mon-Fri 08:30-17:30"));
        assert_eq!(Shift::parse("8時30分～17時30分"), Shift::parse("08:30-17:30"));
        let err = OpeningHours::parse("月-金 9:00-18:00; 祝 10:00-12:00").unwrap_err();
        assert!(err.contains("`祝` is not a weekday (Mon, Tue, ... Sun, or 月, 火, ... 日)"), "{err}");
    }

    #[test]
    fn weekday_words_part_names_written_together() {
        assert_eq!(weekday_words("土日"), ["土", "日"]);
        assert_eq!(weekday_words("土曜日日曜日、月"), ["土曜日", "日曜日", "月"]);
        assert_eq!(weekday_words("Sat, sun・火曜"), ["Sat", "sun", "火曜"]);
        assert_eq!(weekday_words("月-金"), ["月-金"]);
        assert_eq!(weekday_words("土日祝"), ["土", "日", "祝"]);
        assert_eq!(weekday_words("日曜・祝日"), ["日曜", "祝日"]);
        assert_eq!(weekday_words("土日祝日"), ["土", "日", "祝日"]);
        let days: Vec<_> =
            ["月", "火曜", "水曜日", "thursday", "Fri", "土", "日曜日"].map(parse_weekday).into();
        assert_eq!(days, WEEK.map(Some));
        assert_eq!(parse_weekday("曜日"), None);
        assert_eq!(parse_weekday("祝"), None);
    }

    #[test]
    fn the_weekday_form_gives_each_day_its_hours_and_closes_the_rest() {
        let hours = OpeningHours::parse("Mon-Fri 09:00-12:00 13:00-17:00; Sat 10:00-14:00").unwrap();
        assert_eq!(hours.windows_on(Weekday::Wed), Some(&[w("09:00-12:00"), w("13:00-17:00")][..]));
        assert_eq!(hours.windows_on(Weekday::Sat), Some(&[w("10:00-14:00")][..]));
        assert_eq!(hours.windows_on(Weekday::Sun), None);
        assert!(!hours.is_open_on(Weekday::Sun));
        assert_eq!(hours.to_string(), "Mon-Fri 09:00-12:00 13:00-17:00; Sat 10:00-14:00");
        assert_eq!(OpeningHours::parse(&hours.to_string()).unwrap(), hours);

        let hours = OpeningHours::parse("mon, wed 08:00-12:00; Thursday; sat-sun 10:00-11:00;").unwrap();
        assert_eq!(hours.windows_on(Weekday::Thu), Some(&[][..]), "open all of the shift");
        assert_eq!(hours.windows_on(Weekday::Tue), None);
        assert_eq!(hours.to_string(), "Mon 08:00-12:00; Wed 08:00-12:00; Thu; Sat,Sun 10:00-11:00");
        assert_eq!(OpeningHours::parse(&hours.to_string()).unwrap(), hours);
    }

    #[test]
    fn columns_split_the_hours_as_accounts_csv_writes_them() {
        let mut hours = OpeningHours::daily(vec![w("09:00-17:00")]);
        hours.close(Weekday::Sat);
        hours.close(Weekday::Sun);
        assert_eq!(hours.columns(), ("09:00-17:00".to_string(), vec![Weekday::Sat, Weekday::Sun]));
        assert_eq!(hours.to_string(), "Mon-Fri 09:00-17:00");
        let weekly = OpeningHours::parse("Mon-Fri 09:00-17:00; Sat 10:00-14:00").unwrap();
        assert_eq!(weekly.columns(), ("Mon-Fri 09:00-17:00; Sat 10:00-14:00".to_string(), vec![]));
        let mut never = OpeningHours::always();
        WEEK.into_iter().for_each(|d| never.close(d));
        assert_eq!(never.columns(), (String::new(), WEEK.to_vec()));
        assert_eq!(never.to_string(), "closed");
    }

    #[test]
    fn mistakes_in_the_weekday_form_are_named() {
        let err = |text: &str| OpeningHours::parse(text).unwrap_err();
        assert!(err("Mon-Fri 09:00-17:00; Sonntag 10:00-12:00").contains("`Sonntag` is not a weekday"));
        assert!(err("Fri-Mon 09:00-17:00").contains("`Fri-Mon` runs backwards"));
        assert!(err("Mon-Fri 09:00-17:00; Fri 10:00-12:00").contains("Fri is named twice"));
        assert!(err("Mon 09:00-17:00 Sat 10:00-12:00").contains("`Sat` comes after the hours"));
        assert!(err("09:00-17:00; Sat 10:00-12:00").contains("names no weekday"));
        assert!(err(" ; ").contains("names no weekday"), "not silently closed every day");
        assert!(err("Sat 14:00-10:00").contains("ends before it starts"));
        assert!(err("Sat 09:00-12:00 11:00-13:00").contains("overlap"));
    }

    #[test]
    fn shifts_by_weekday() {
        let shift = Shift::parse("Mon-Thu 08:00-16:30; Fri 08:00-14:00").unwrap();
        assert_eq!(shift.on(Weekday::Tue), Some(w("08:00-16:30")));
        assert_eq!(shift.on(Weekday::Fri), Some(w("08:00-14:00")));
        assert_eq!(shift.on(Weekday::Sat), None);
        assert_eq!(shift.bounds(), w("08:00-16:30"));
        assert_eq!(shift.mean_weekday_s(), (4 * 510 + 360) * 60 / 5);
        assert_eq!(shift.to_string(), "Mon-Thu 08:00-16:30; Fri 08:00-14:00");
        assert_eq!(Shift::parse(&shift.to_string()).unwrap(), shift);
        assert_eq!(Shift::parse("08:00 - 17:00").unwrap(), Shift::daily(w("08:00-17:00")));
        assert_eq!(Shift::daily(w("08:00-17:00")).to_string(), "08:00-17:00");
        assert_eq!(Shift::daily(w("07:30-16:00:15")).to_string(), "07:30-16:00:15", "reads back exactly");
        assert!(Shift::parse("Mon-Fri 08:00-12:00 13:00-17:00").unwrap_err().contains("one range a day"));
        assert!(Shift::parse("Mon-Fri").unwrap_err().contains("gives no hours"));
        assert!(Shift::parse("Mon 08:00-08:00").unwrap_err().contains("is empty"));
    }

    #[test]
    fn only_the_weekday_form_names_the_days_worked() {
        let saturday = Shift::parse("Mon-Fri 08:00-16:30; Sat 09:00-14:00").unwrap();
        assert!(saturday.names(Weekday::Sat) && saturday.names(Weekday::Mon));
        assert!(!saturday.names(Weekday::Sun));
        let plain = Shift::parse("08:00-17:00").unwrap();
        assert_eq!(plain.on(Weekday::Sat), Some(w("08:00-17:00")), "`rounds plan` may send them out");
        assert!(!plain.names(Weekday::Sat) && !plain.names(Weekday::Mon));
        let every_day = Shift::parse("Mon-Sun 08:00-17:00").unwrap();
        assert!(every_day.names(Weekday::Sun));
        assert_ne!(every_day, plain);
        assert_eq!(every_day.to_string(), "Mon-Sun 08:00-17:00", "reads back as written");
        assert!(Shift::parse("Mo 08:00-12:00").unwrap_err().contains("`Mo` is not a weekday"));
    }
}
