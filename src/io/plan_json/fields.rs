//! How each field of the plan file is written and read: times of day as
//! `HH:MM:SS`, dates, visit lengths in minutes, opening hours, weekdays and
//! numbers within their documented ranges. Every complaint names the field,
//! so a bad file is fixed from the message alone.

use std::fmt;

use chrono::{NaiveDate, Weekday};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};

use crate::model::limits::{self, Bounded, Range};
use crate::model::plan::ChangeKind;
use crate::model::time::parse_clock;
use crate::model::{Hms, OpeningHours, Priority, Seconds};

pub(super) fn ser_clock<S: Serializer>(s: &Seconds, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&Hms(*s))
}

pub(super) fn ser_date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&date.format("%Y-%m-%d"))
}

pub(super) fn ser_opt_date<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => ser_date(date, serializer),
        None => serializer.serialize_none(),
    }
}

pub(super) fn ser_minutes<S: Serializer>(s: &Seconds, serializer: S) -> Result<S::Ok, S::Error> {
    if s % 60 == 0 {
        serializer.serialize_i64(s / 60)
    } else {
        serializer.serialize_f64(*s as f64 / 60.0)
    }
}

pub(super) fn ser_hours<S: Serializer>(hours: &OpeningHours, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&hours.columns().0)
}

pub(super) fn ser_priority<S: Serializer>(priority: &Priority, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(priority.as_str())
}

pub(super) fn ser_weekdays<S: Serializer>(days: &[Weekday], serializer: S) -> Result<S::Ok, S::Error> {
    let text: Vec<String> = days.iter().map(|d| d.to_string()).collect();
    serializer.serialize_str(&text.join(" "))
}

pub(super) fn ser_change<S: Serializer>(kind: &ChangeKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.as_str())
}

/// Deserialises a string with `parse`, naming `field` in every complaint.
struct Text<T> {
    field: &'static str,
    example: &'static str,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Visitor<'_> for Text<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string like \"{}\" for `{}`", self.example, self.field)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).map_err(|problem| {
            E::custom(format!(
                "field `{}`: {}; expected a string like \"{}\"",
                self.field,
                crate::io::cut(problem, text),
                self.example
            ))
        })
    }
}

fn clock<'de, D: Deserializer<'de>>(d: D, field: &'static str) -> Result<Seconds, D::Error> {
    d.deserialize_str(Text { field, example: "08:30:00", parse: parse_clock })
}

pub(super) fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Text { field: "date", example: "2024-06-03", parse: |text| limits::DATE.parse(text) })
}

pub(super) fn de_from<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Text { field: "from", example: "2024-06-03", parse: |text| limits::DATE.parse(text) })
}

pub(super) fn de_due<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Text { field: "due", example: "2024-06-03", parse: |text| limits::DATE.parse(text) })
}

/// A date or `null` (no day of the horizon takes the late visit).
pub(super) fn de_planned<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|text| {
            limits::DATE.parse(&text).map_err(|problem| {
                de::Error::custom(format!(
                    "field `planned`: {}; expected a string like \"2024-06-03\" or null",
                    crate::io::cut(problem, &text)
                ))
            })
        })
        .transpose()
}

/// A number read as `T` and checked against its documented range, naming `field`.
fn ranged<'de, D, T>(d: D, field: &str, range: &Range<T>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Bounded + Deserialize<'de>,
{
    let value = T::deserialize(d)?;
    range.check(value).map_err(|problem| de::Error::custom(format!("field `{field}`: {problem}")))
}

pub(super) fn de_lat<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    ranged(d, "lat", &limits::LATITUDE)
}

pub(super) fn de_lon<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    ranged(d, "lon", &limits::LONGITUDE)
}

pub(super) fn de_every_days<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    ranged(d, "every_days", &limits::EVERY_DAYS)
}

pub(super) fn de_depart<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "depart")
}

pub(super) fn de_return<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "return")
}

pub(super) fn de_start<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "start")
}

pub(super) fn de_end<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "end")
}

pub(super) fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "time")
}

pub(super) fn de_last_visit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    d.deserialize_str(Text {
        field: "last_visit",
        example: "2024-05-31",
        parse: |text| if text.is_empty() { Ok(None) } else { limits::DATE.parse(text).map(Some) },
    })
}

/// A visit length in minutes (a number), as whole seconds.
pub(super) fn de_minutes<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    let minutes = ranged(d, "service_min", &Range { what: "the visit length", ..limits::DURATION_MIN })?;
    Ok((minutes * 60.0).round() as Seconds)
}

pub(super) fn de_hours<'de, D: Deserializer<'de>>(d: D) -> Result<OpeningHours, D::Error> {
    d.deserialize_str(Text {
        field: "windows",
        example: "09:00-12:00 13:00-17:00",
        parse: OpeningHours::parse,
    })
}

pub(super) fn de_priority<'de, D: Deserializer<'de>>(d: D) -> Result<Priority, D::Error> {
    d.deserialize_str(Text { field: "priority", example: "high", parse: Priority::parse })
}

pub(super) fn de_weekdays<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
    d.deserialize_str(Text { field: "closed", example: "Sat Sun", parse: weekday_list })
}

pub(super) fn de_preferred_days<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
    d.deserialize_str(Text { field: "preferred_days", example: "Tue Thu", parse: weekday_list })
}

/// Weekday names separated by spaces, as [`ser_weekdays`] writes them.
fn weekday_list(text: &str) -> Result<Vec<Weekday>, String> {
    text.split_whitespace()
        .map(|day| day.parse::<Weekday>().map_err(|_| format!("`{day}` is not a weekday")))
        .collect()
}

pub(super) fn de_change<'de, D: Deserializer<'de>>(d: D) -> Result<ChangeKind, D::Error> {
    d.deserialize_str(Text { field: "change", example: "moved", parse: ChangeKind::parse })
}

pub(super) fn de_opt_arrival<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Seconds>, D::Error> {
    clock(d, "arrival").map(Some)
}

pub(super) fn de_opt_start<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Seconds>, D::Error> {
    clock(d, "start").map(Some)
}

pub(super) fn de_opt_end<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Seconds>, D::Error> {
    clock(d, "end").map(Some)
}
