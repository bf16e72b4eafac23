//! Times of day and time windows, in whole seconds since local midnight.
//!
//! The solver core only ever sees integer seconds; parsing and printing of
//! `HH:MM` / `HH:MM:SS` lives here so that every format agrees on it.

use std::fmt;

/// Seconds since local midnight.
pub type Seconds = i64;

/// A closed interval `[open_s, close_s]` of seconds since midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeWindow {
    /// First second of the window.
    pub open_s: Seconds,
    /// Last second of the window.
    pub close_s: Seconds,
}

impl TimeWindow {
    /// A window; callers guarantee `open_s <= close_s`.
    pub fn new(open_s: Seconds, close_s: Seconds) -> Self {
        debug_assert!(open_s <= close_s);
        TimeWindow { open_s, close_s }
    }

    /// Length of the window in seconds.
    pub fn len_s(&self) -> Seconds {
        self.close_s - self.open_s
    }

    /// Whether `t` lies inside the window (both ends included).
    pub fn contains(&self, t: Seconds) -> bool {
        self.open_s <= t && t <= self.close_s
    }

    /// Parses `HH:MM-HH:MM` (or with another of the [`RANGE_DASHES`], as in
    /// `9:00～18:00`); the end must not be before the start.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (a, b) = text
            .split_once(RANGE_DASHES)
            .ok_or_else(|| format!("`{text}` is not a time range like 09:00-17:00"))?;
        let open_s = parse_clock(a.trim())?;
        let close_s = parse_clock(b.trim())?;
        if close_s < open_s {
            return Err(format!("`{text}` ends before it starts"));
        }
        Ok(TimeWindow { open_s, close_s })
    }
}

impl fmt::Display for TimeWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", Hm(self.open_s), Hm(self.close_s))
    }
}

/// What may join the two ends of a range, `09:00-18:00` or `月-金`: the
/// hyphen, the tilde and wave dash Japanese writes ranges with (`~`, `～`,
/// `〜`), and the dashes and minus signs word processors put for a hyphen.
pub const RANGE_DASHES: [char; 9] = ['-', '~', '～', '〜', '–', '—', '‐', '－', '−'];

/// `text` with every one of the [`RANGE_DASHES`] written as `-`.
pub fn with_hyphens(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(&RANGE_DASHES[1..]) {
        std::borrow::Cow::Owned(text.replace(RANGE_DASHES, "-"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Hours as people write them, in the notation the parsers read: ranges
/// joined by `-` ([`with_hyphens`]) and clock times as `H:MM`
/// ([`with_clock_digits`]): `午前9時～午後6時` is `9:00-18:00`.
pub fn written_hours(text: &str) -> std::borrow::Cow<'_, str> {
    match with_clock_digits(text) {
        std::borrow::Cow::Borrowed(text) => with_hyphens(text),
        std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(with_hyphens(&text).into_owned()),
    }
}

/// `text` with the clock times Japanese writes in words written as `H:MM`:
/// `9時` as `9:00`, `9時30分` as `9:30`, `17時半` as `17:30`, and with `午前`
/// or `午後` before them (`午後6時` as `18:00`, `午後6:30` as `18:30`; after
/// `午後`, an hour below 12 is one of the afternoon). Opening hours, shifts,
/// breaks and appointments are written this way as often as `9:00`.
pub fn with_clock_digits(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['時', '午']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut afternoon = None;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("午前").or(rest.strip_prefix("午後")) {
            afternoon = Some(rest.starts_with("午後"));
            rest = after;
            continue;
        }
        let digits = leading_digits(rest);
        if digits == 0 {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (hour, mut after) = rest.split_at(digits);
        let mut minutes = None;
        if let Some(past_hour) = after.strip_prefix('時') {
            let digits = leading_digits(past_hour);
            (minutes, after) = match (past_hour.strip_prefix('半'), past_hour[digits..].strip_prefix('分'))
            {
                (Some(past), _) => (Some("30"), past),
                (None, Some(past)) if digits > 0 => (Some(&past_hour[..digits]), past),
                _ => (Some("00"), past_hour),
            };
        }
        let hour_value: u32 = hour.parse().unwrap_or(u32::MAX);
        let hour = match afternoon.take() {
            Some(true) if hour_value < 12 => (hour_value + 12).to_string(),
            _ => hour.to_string(),
        };
        out.push_str(&hour);
        if let Some(minutes) = minutes {
            out.push(':');
            out.push_str(minutes);
        }
        rest = after;
    }
    std::borrow::Cow::Owned(out)
}

/// How many ASCII digits `text` starts with (bytes, as they are one each).
fn leading_digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// Parses `HH:MM` or `HH:MM:SS` (24-hour clock; `24:00` is allowed as end of
/// day), or as Japanese writes it ([`with_clock_digits`]: `9時30分`).
pub fn parse_clock(text: &str) -> Result<Seconds, String> {
    let bad = || format!("`{text}` is not a time of day like 08:30");
    let digits = with_clock_digits(text);
    let mut parts = digits.split(':');
    let mut next = |max: i64| -> Result<Option<i64>, String> {
        match parts.next() {
            None => Ok(None),
            Some(p) if !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                let v: i64 = p.parse().map_err(|_| bad())?;
                if v > max {
                    Err(bad())
                } else {
                    Ok(Some(v))
                }
            }
            Some(_) => Err(bad()),
        }
    };
    let h = next(24)?.ok_or_else(bad)?;
    let m = next(59)?.ok_or_else(bad)?;
    let s = next(59)?.unwrap_or(0);
    if parts.next().is_some() || (h == 24 && (m, s) != (0, 0)) {
        return Err(bad());
    }
    Ok(h * 3600 + m * 60 + s)
}

/// Displays seconds since midnight as `HH:MM:SS`.
pub struct Hms(pub Seconds);

impl fmt::Display for Hms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let s = self.0.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    }
}

/// Displays seconds since midnight as `HH:MM` (seconds truncated).
pub struct Hm(pub Seconds);

impl fmt::Display for Hm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 3600, (self.0 / 60) % 60)
    }
}

/// Seconds as `2h13m` for tables.
pub fn duration_text(seconds: Seconds) -> String {
    let minutes = (seconds + 30) / 60;
    if minutes >= 60 {
        format!("{}h{:02}m", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_clock_times() {
        assert_eq!(parse_clock("08:30"), Ok(8 * 3600 + 30 * 60));
        assert_eq!(parse_clock("24:00"), Ok(86_400));
        assert_eq!(parse_clock("7:05:09"), Ok(7 * 3600 + 5 * 60 + 9));
        assert!(parse_clock("25:00").is_err());
        assert!(parse_clock("08:60").is_err());
        assert!(parse_clock("8h30").is_err());
        assert!(parse_clock("").is_err());
        let clock = |h: i64, m: i64| Ok(h * 3600 + m * 60);
        for (japanese, seconds) in [
            ("9時", clock(9, 0)),
            ("9時5分", clock(9, 5)),
            ("17時半", clock(17, 30)),
            ("午前10時", clock(10, 0)),
            ("午後6時30分", clock(18, 30)),
            ("午後6:30", clock(18, 30)),
            ("午後12時", clock(12, 0)),
            ("24時", clock(24, 0)),
        ] {
            assert_eq!(parse_clock(japanese), seconds, "{japanese}");
        }
        for bad in ["9時30", "25時", "9時60分", "午後"] {
            assert_eq!(parse_clock(bad), Err(format!("`{bad}` is not a time of day like 08:30")), "{bad}");
        }
        assert_eq!(written_hours("午前9時～午後6時"), "9:00-18:00");
        assert_eq!(written_hours("2026/9/14"), "2026/9/14");
        assert_eq!(Hms(3 * 3600 + 4 * 60 + 5).to_string(), "03:04:05");
        assert_eq!(Hms(-90).to_string(), "-00:01:30");
    }

    #[test]
    fn window_end_before_start_is_rejected() {
        assert!(TimeWindow::parse("12:00-11:00").is_err());
        let w = TimeWindow::parse("09:00-17:00").unwrap();
        assert_eq!(w.to_string(), "09:00-17:00");
    }
}
