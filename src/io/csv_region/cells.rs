//! The rules for cells both files share: ids, decimal numbers, minutes,
//! and times written back so they read back exactly.

use crate::model::limits::{self, Range};
use crate::model::{Seconds, TimeWindow};

pub(super) fn required_id(text: &str) -> Result<String, String> {
    if text.is_empty() {
        Err("missing; every row needs an id".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// A decimal number in `range`; with `decimal_comma`, `52,37` is read as `52.37`.
pub(super) fn decimal(text: &str, decimal_comma: bool, range: &Range<f64>) -> Result<f64, String> {
    if decimal_comma && !text.contains('.') && text.matches(',').count() == 1 {
        let normalised = text.replace(',', ".");
        range.parse(&normalised).map_err(|problem| problem.replacen(&normalised, text, 1))
    } else {
        range.parse(text)
    }
}

/// A number of minutes (visit or break length), rounded to whole seconds.
pub(super) fn minutes_to_s(text: &str, decimal_comma: bool, what: &'static str) -> Result<Seconds, String> {
    let minutes = decimal(text, decimal_comma, &Range { what, ..limits::DURATION_MIN })?;
    let seconds = (minutes * 60.0).round() as Seconds;
    if seconds == 0 {
        return Err(format!("`{text}` minutes is less than a second; expected {what} in minutes, like 30"));
    }
    Ok(seconds)
}

/// A time of day as `HH:MM`, or `HH:MM:SS` when it has seconds, so it reads back exactly.
pub(in crate::io) fn clock_text(s: Seconds) -> String {
    if s % 60 == 0 {
        crate::model::Hm(s).to_string()
    } else {
        crate::model::Hms(s).to_string()
    }
}

pub(in crate::io) fn window_text(w: TimeWindow) -> String {
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
