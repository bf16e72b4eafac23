//! The one message catalogue of every table, page and calendar rounds writes
//! for people, in English and Japanese.
//!
//! A report never holds a sentence of its own: it asks [`Lang::text`] for a
//! fixed label or [`Lang::fill`] for a sentence with values (`{0}`, `{1}`,
//! ... so a translation may put them in its own order), and [`Lang::date`],
//! [`Lang::clock`] and [`Lang::duration`] for dates and times as a reader of
//! the language writes them: `2026-12-01 (Tue)`, `09:05`, `1h20m` in English,
//! `2026年12月1日(火)`, `9:05`, `1時間20分` in Japanese. [`Lang::from_locale`]
//! picks the language the way command-line programs do, from `LC_ALL`,
//! `LC_MESSAGES` and `LANG`.
//!
//! Reasons the planners give (why an account is left out, why a visit is
//! late, why an appointment is not kept) are typed values
//! ([`crate::model::reason::Reason`]); [`Lang::reason`] renders them, in
//! English word for word as the plan files keep them, in Japanese with dates
//! and times as above. A reason read back from a plan file is English text
//! only and is shown as written.

use std::fmt::Display;

use chrono::{Datelike, NaiveDate};

use crate::check::{Violation, ViolationKind};
use crate::model::calendar::{japanese_weekday, Absence};
use crate::model::plan::ChangeKind;
use crate::model::reason::{ChangeReason, Reason, Slot};
use crate::model::time::duration_text;
use crate::model::{Hm, Seconds};

mod catalogue;
mod ja;

pub use catalogue::Msg;

/// The language of what people read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Parses `en` or `ja` (any case; `ja-JP`, `en_GB` and the like too).
    pub fn parse(text: &str) -> Result<Lang, String> {
        Lang::of_locale(text).ok_or_else(|| format!("`{text}` is not a language rounds speaks (en or ja)"))
    }

    /// The language of a locale name such as `ja_JP.UTF-8`, `en_US` or `C`;
    /// `None` for one rounds does not speak.
    fn of_locale(locale: &str) -> Option<Lang> {
        let language = locale.trim().split(['_', '-', '.', '@']).next().unwrap_or_default();
        match language.to_ascii_lowercase().as_str() {
            "ja" => Some(Lang::Ja),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the locale asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` that is set and not empty decides (as it
    /// does for messages of other programs); Japanese when it starts with
    /// `ja`, else English. `var` looks a variable up (`std::env::var`).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|name| var(name).filter(|value| !value.trim().is_empty()))
            .next()
            .map_or(
                Lang::En,
                |locale| if Lang::of_locale(&locale) == Some(Lang::Ja) { Lang::Ja } else { Lang::En },
            )
    }

    /// The language's code for an HTML `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// A date with its weekday: `2026-12-01 (Tue)`, `2026年12月1日(火)`.
    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Lang::En => format!("{} ({})", date.format("%Y-%m-%d"), date.weekday()),
            Lang::Ja => {
                format!(
                    "{}年{}月{}日({})",
                    date.year(),
                    date.month(),
                    date.day(),
                    japanese_weekday(date.weekday())
                )
            }
        }
    }

    /// A short date for links between days: `Tue 1 Dec`, `12月1日(火)`.
    pub fn short_date(self, date: NaiveDate) -> String {
        match self {
            Lang::En => date.format("%a %-d %b").to_string(),
            Lang::Ja => format!("{}月{}日({})", date.month(), date.day(), japanese_weekday(date.weekday())),
        }
    }

    /// A date in a table cell, without its weekday: `2026-12-01`, `2026/12/01`.
    pub fn numeric_date(self, date: NaiveDate) -> String {
        match self {
            Lang::En => date.format("%Y-%m-%d").to_string(),
            Lang::Ja => date.format("%Y/%m/%d").to_string(),
        }
    }

    /// A date in full for titles: `Tuesday 1 December 2026`, `2026年12月1日(火)`.
    pub fn long_date(self, date: NaiveDate) -> String {
        match self {
            Lang::En => date.format("%A %-d %B %Y").to_string(),
            Lang::Ja => self.date(date),
        }
    }

    /// A clock time: `09:05` in English, `9:05` in Japanese.
    pub fn clock(self, at_s: Seconds) -> String {
        let text = Hm(at_s).to_string();
        match self {
            Lang::En => text,
            Lang::Ja => match text.strip_prefix('0') {
                Some(rest) if !rest.starts_with(':') => rest.to_string(),
                _ => text,
            },
        }
    }

    /// A length of time to the minute: `1h20m` or `45 min`, `1時間20分` or `45分`.
    pub fn duration(self, seconds: Seconds) -> String {
        match self {
            Lang::En => duration_text(seconds),
            Lang::Ja => {
                let minutes = (seconds + 30) / 60;
                match (minutes / 60, minutes % 60) {
                    (0, m) => format!("{m}分"),
                    (h, 0) => format!("{h}時間"),
                    (h, m) => format!("{h}時間{m}分"),
                }
            }
        }
    }

    /// A distance in kilometres to one decimal: `12.3 km` in both languages.
    pub fn km(self, distance_m: i64) -> String {
        format!("{:.1} km", distance_m as f64 / 1000.0)
    }

    /// A broken rule in a line: in English the validator's own sentence, in
    /// Japanese the rule with the rep and the account it concerns (the
    /// validator speaks English, and its details, times and notes, stay in
    /// its sentence).
    pub fn violation(self, violation: &Violation) -> String {
        match self {
            Lang::En => violation.message.clone(),
            Lang::Ja => {
                let rep = violation.rep.as_deref().unwrap_or_default();
                let account = violation.account.as_deref().unwrap_or_default();
                self.fill(rule(violation.kind), &[&rep, &account])
            }
        }
    }

    /// A fixed label.
    pub fn text(self, msg: Msg) -> &'static str {
        let (en, ja) = msg.texts();
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// A sentence with `values` put in at `{0}`, `{1}`, ... in one pass, so
    /// a value holding `{1}` (a name from a CSV file) stays as written. A
    /// placeholder with no value stays as written too, so a mistake shows
    /// rather than panics.
    pub fn fill(self, msg: Msg, values: &[&dyn Display]) -> String {
        let template = self.text(msg);
        let mut out = String::with_capacity(template.len() + 16 * values.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after
                .find('}')
                .and_then(|close| Some((close, values.get(after[..close].parse::<usize>().ok()?)?)));
            match value {
                Some((close, value)) => {
                    out.push_str(&value.to_string());
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl Lang {
    /// A planner's reason in this language: the English sentence of the plan
    /// files, or the same values in Japanese.
    pub fn reason(self, reason: &Reason) -> String {
        match self {
            Lang::En => reason.to_string(),
            Lang::Ja => ja::reason(reason),
        }
    }

    /// A rep's absences of a day, described in this language.
    pub fn absences(self, absences: &[Absence]) -> String {
        match self {
            Lang::En => crate::model::reason::absences_text(absences),
            Lang::Ja => ja::absences(absences),
        }
    }

    /// The kind of a re-plan's change, in words ("to tomorrow", 「翌日へ」).
    pub fn change_kind(self, kind: ChangeKind) -> &'static str {
        self.text(match kind {
            ChangeKind::Added => Msg::KindAdded,
            ChangeKind::Cancelled => Msg::KindCancelled,
            ChangeKind::Reassigned => Msg::KindReassigned,
            ChangeKind::ToTomorrow => Msg::KindToTomorrow,
            ChangeKind::Moved => Msg::KindMoved,
        })
    }

    /// What a re-plan did to an account, in this language: the English
    /// sentence of the plan files, or the same values in Japanese.
    pub fn change(self, change: &ChangeReason) -> String {
        if self == Lang::En {
            return change.to_string();
        }
        let slot = |slot: &Slot| self.fill(Msg::ChangeSlot, &[&slot.rep, &self.clock(slot.start_s)]);
        match change {
            ChangeReason::Urgent { priority, now } => {
                let priority = match priority.as_str() {
                    "high" => self.text(Msg::PriorityHigh),
                    "low" => self.text(Msg::PriorityLow),
                    _ => self.text(Msg::PriorityNormal),
                };
                self.fill(Msg::ChangeUrgent, &[&priority, &slot(now)])
            }
            ChangeReason::UrgentLater { why } => self.fill(Msg::ChangeUrgentLater, &[&self.reason(why)]),
            ChangeReason::Cancelled { at_s, was } => {
                self.fill(Msg::ChangeCancelledAt, &[&self.clock(*at_s), &slot(was)])
            }
            ChangeReason::Moved { now, was } => self.fill(Msg::ChangeWas, &[&slot(now), &slot(was)]),
            ChangeReason::Later { why, was } => self.fill(Msg::ChangeWas, &[&self.reason(why), &slot(was)]),
            ChangeReason::Text(text) => text.clone(),
        }
    }
}

#[cfg(test)]
mod tests;

/// The line of the catalogue that names `kind`.
fn rule(kind: ViolationKind) -> Msg {
    match kind {
        ViolationKind::UnknownRep => Msg::RuleUnknownRep,
        ViolationKind::DuplicateRoute => Msg::RuleDuplicateRoute,
        ViolationKind::UnknownAccount => Msg::RuleUnknownAccount,
        ViolationKind::DuplicateVisit => Msg::RuleDuplicateVisit,
        ViolationKind::ClosedOnWeekday => Msg::RuleClosedOnWeekday,
        ViolationKind::VisitOnHoliday => Msg::RuleVisitOnHoliday,
        ViolationKind::VisitOnClosure => Msg::RuleVisitOnClosure,
        ViolationKind::OffShift => Msg::RuleOffShift,
        ViolationKind::AbsentRep => Msg::RuleAbsentRep,
        ViolationKind::WrongTerritory => Msg::RuleWrongTerritory,
        ViolationKind::DepartBeforeShift => Msg::RuleDepartBeforeShift,
        ViolationKind::Overlap => Msg::RuleOverlap,
        ViolationKind::ArrivalTooEarly => Msg::RuleArrivalTooEarly,
        ViolationKind::StartBeforeArrival => Msg::RuleStartBeforeArrival,
        ViolationKind::WrongServiceTime => Msg::RuleWrongServiceTime,
        ViolationKind::VisitOutsideWindow => Msg::RuleVisitOutsideWindow,
        ViolationKind::LateVisit => Msg::RuleLateVisit,
        ViolationKind::ExtraBreak => Msg::RuleExtraBreak,
        ViolationKind::BreakWithoutRule => Msg::RuleBreakWithoutRule,
        ViolationKind::BreakOutsideWindow => Msg::RuleBreakOutsideWindow,
        ViolationKind::BreakTooShort => Msg::RuleBreakTooShort,
        ViolationKind::MissingBreak => Msg::RuleMissingBreak,
        ViolationKind::ReturnTooEarly => Msg::RuleReturnTooEarly,
        ViolationKind::ReturnAfterShift => Msg::RuleReturnAfterShift,
        ViolationKind::OvertimeNotNeeded => Msg::RuleOvertimeNotNeeded,
        ViolationKind::TooManyVisits => Msg::RuleTooManyVisits,
        ViolationKind::WrongDriveTotal => Msg::RuleWrongDriveTotal,
        ViolationKind::WrongDistanceTotal => Msg::RuleWrongDistanceTotal,
        ViolationKind::DueNotCovered => Msg::RuleDueNotCovered,
        ViolationKind::AppointmentNotCovered => Msg::RuleAppointmentNotCovered,
        ViolationKind::AppointmentNotKept => Msg::RuleAppointmentNotKept,
        ViolationKind::UnassignedWithoutReason => Msg::RuleUnassignedWithoutReason,
        ViolationKind::UnassignedButVisited => Msg::RuleUnassignedButVisited,
        ViolationKind::ResumeOutOfRange => Msg::RuleResumeOutOfRange,
        ViolationKind::AddedAccountExists => Msg::RuleAddedAccountExists,
        ViolationKind::BadUnavailableRep => Msg::RuleBadUnavailableRep,
    }
}
