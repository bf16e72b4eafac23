//! A reason's values in the plan files: `"why"` beside the English `"reason"`.
//!
//! The sentence in `reason` is what people and scripts have always read; it
//! cannot be rendered in another language once written. `why` keeps the
//! same reason as values (`{"code": "closed_on_weekday", "weekday": "Mon",
//! "hours": "Tue-Fri 09:00-17:00"}`), so a plan read back (from a file, or a
//! plan published in the database and shown on a Japanese phone) is the
//! typed [`Reason`] again and every language can say it.
//!
//! `code` is [`Reason::code`]. Clock times are `HH:MM:SS`, time windows
//! `HH:MM:SS-HH:MM:SS`, dates `YYYY-MM-DD`, weekdays `Mon`, durations in
//! whole seconds (`*_seconds`), distances in metres (`distance_meters`).
//!
//! Reading trusts `why` only when it says exactly what `reason` says (its
//! English sentence is `reason`, character for character); otherwise (an
//! older file without it, a sentence edited by hand, values that do not
//! parse) the reason is the sentence as written, shown as written in every
//! language. The sentence stays the authority, so `why` can never make a
//! file say something other than what its reader sees in English.

use chrono::{NaiveDate, Weekday};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::model::calendar::{Absence, Appointment, AppointmentTime, Closure};
use crate::model::limits;
use crate::model::reason::{ChangeReason, Context, Missed, Reason, Slot};
use crate::model::time::{parse_clock, Hms, Seconds, TimeWindow};

/// A plan file's `why`: the values as written, or as read (loose until
/// they are compared with their sentence, so that values that do not say
/// the same never stop a file from being read).
pub(super) struct Why(Values);

enum Values {
    /// A left-out, unavailable or late reason's values, to be written.
    Reason(Box<WhyJson>),
    /// A re-plan change's values, to be written.
    Change(Box<ChangeJson>),
    /// As read from a file.
    Read(serde_json::Value),
}

impl Serialize for Why {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Values::Reason(why) => why.serialize(s),
            Values::Change(why) => why.serialize(s),
            Values::Read(value) => value.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Why {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d).map(|value| Why(Values::Read(value)))
    }
}

/// The `why` of a reason as written: `None` for a sentence read back
/// ([`Reason::Text`]), which has no values to write.
pub(super) fn why_of(reason: &Reason) -> Option<Why> {
    WhyJson::of(reason).map(|why| Why(Values::Reason(Box::new(why))))
}

/// The reason read back from its sentence and its `why`: typed when `why`
/// says the same as `text`, else the sentence as written.
pub(super) fn reason_of(text: String, why: Option<Why>) -> Reason {
    let typed = match why.map(|why| why.0) {
        Some(Values::Reason(why)) => Some(why.into_reason()),
        Some(Values::Read(value)) => serde_json::from_value::<WhyJson>(value).ok().map(WhyJson::into_reason),
        Some(Values::Change(_)) | None => None,
    };
    match typed {
        Some(reason) if reason.to_string() == text => reason,
        _ => Reason::Text(text),
    }
}

/// The `why` of a re-plan's change: `None` when it holds a sentence read back.
pub(super) fn change_why_of(change: &ChangeReason) -> Option<Why> {
    ChangeJson::of(change).map(|why| Why(Values::Change(Box::new(why))))
}

/// The change read back: typed from `why` when it says the same as `text`,
/// else read from the sentence ([`ChangeReason::parse`], for files written
/// before `why` existed).
pub(super) fn change_of(text: String, why: Option<Why>) -> ChangeReason {
    let typed = match why.map(|why| why.0) {
        Some(Values::Change(why)) => Some(why.into_change()),
        Some(Values::Read(value)) => {
            serde_json::from_value::<ChangeJson>(value).ok().map(ChangeJson::into_change)
        }
        Some(Values::Reason(_)) | None => None,
    };
    match typed {
        Some(change) if change.to_string() == text => change,
        _ => ChangeReason::parse(&text),
    }
}

/// A date written `YYYY-MM-DD`.
struct Date(NaiveDate);

/// A clock time written `HH:MM:SS`.
struct Clock(Seconds);

/// A time window written `HH:MM:SS-HH:MM:SS`.
struct Window(TimeWindow);

/// A weekday written `Mon`.
struct Day(Weekday);

/// An appointment's time: `HH:MM:SS` (at) or `HH:MM:SS-HH:MM:SS` (within).
struct AppointmentTimeJson(AppointmentTime);

fn window_text(window: &TimeWindow) -> String {
    format!("{}-{}", Hms(window.open_s), Hms(window.close_s))
}

fn text_of<'de, D: Deserializer<'de>, T>(
    d: D,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).map_err(de::Error::custom)
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_of(d, |text| limits::DATE.parse(text)).map(Date)
    }
}

impl Serialize for Clock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&Hms(self.0))
    }
}

impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_of(d, parse_clock).map(Clock)
    }
}

impl Serialize for Window {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&window_text(&self.0))
    }
}

impl<'de> Deserialize<'de> for Window {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_of(d, TimeWindow::parse).map(Window)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_of(d, |text| text.parse::<Weekday>().map_err(|_| format!("`{text}` is not a weekday"))).map(Day)
    }
}

impl Serialize for AppointmentTimeJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            AppointmentTime::At(start_s) => s.collect_str(&Hms(start_s)),
            AppointmentTime::Within(window) => s.serialize_str(&window_text(&window)),
        }
    }
}

impl<'de> Deserialize<'de> for AppointmentTimeJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_of(d, |text| {
            if text.contains('-') {
                TimeWindow::parse(text).map(AppointmentTime::Within)
            } else {
                parse_clock(text).map(AppointmentTime::At)
            }
        })
        .map(AppointmentTimeJson)
    }
}

fn days(list: &[Weekday]) -> Vec<Day> {
    list.iter().copied().map(Day).collect()
}

fn windows(list: &[TimeWindow]) -> Vec<Window> {
    list.iter().copied().map(Window).collect()
}

fn unwrap_windows(list: Vec<Window>) -> Vec<TimeWindow> {
    list.into_iter().map(|w| w.0).collect()
}

#[derive(Serialize, Deserialize)]
struct AbsenceJson {
    rep: String,
    from: Date,
    to: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    part: Option<Window>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

impl AbsenceJson {
    fn list(absences: &[Absence]) -> Vec<AbsenceJson> {
        absences
            .iter()
            .map(|a| AbsenceJson {
                rep: a.rep.clone(),
                from: Date(a.from),
                to: Date(a.to),
                part: a.part.map(Window),
                note: a.note.clone(),
            })
            .collect()
    }

    fn unwrap(list: Vec<AbsenceJson>) -> Vec<Absence> {
        list.into_iter()
            .map(|a| Absence {
                rep: a.rep,
                from: a.from.0,
                to: a.to.0,
                part: a.part.map(|w| w.0),
                note: a.note,
            })
            .collect()
    }
}

#[derive(Serialize, Deserialize)]
struct ClosureJson {
    account: String,
    from: Date,
    to: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

impl ClosureJson {
    fn of(closure: &Closure) -> ClosureJson {
        ClosureJson {
            account: closure.account.clone(),
            from: Date(closure.from),
            to: Date(closure.to),
            note: closure.note.clone(),
        }
    }

    fn unwrap(self) -> Closure {
        Closure { account: self.account, from: self.from.0, to: self.to.0, note: self.note }
    }
}

#[derive(Serialize, Deserialize)]
struct AppointmentJson {
    account: String,
    date: Date,
    time: AppointmentTimeJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rep: Option<String>,
    duration_seconds: Seconds,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

impl AppointmentJson {
    fn of(appointment: &Appointment) -> AppointmentJson {
        AppointmentJson {
            account: appointment.account.clone(),
            date: Date(appointment.date),
            time: AppointmentTimeJson(appointment.time),
            rep: appointment.rep.clone(),
            duration_seconds: appointment.duration_s,
            note: appointment.note.clone(),
        }
    }

    fn unwrap(self) -> Appointment {
        Appointment {
            account: self.account,
            date: self.date.0,
            time: self.time.0,
            rep: self.rep,
            duration_s: self.duration_seconds,
            note: self.note,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ShiftJson {
    rep: String,
    weekday: Day,
    shift: Window,
}

/// [`Context`]: whose account it is; written only when it says something.
#[derive(Serialize, Deserialize, Default)]
struct ContextJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    only: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    absences: Vec<AbsenceJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    shifts: Vec<ShiftJson>,
}

impl ContextJson {
    fn of(context: &Context) -> ContextJson {
        ContextJson {
            only: context.only.clone(),
            absences: AbsenceJson::list(&context.absences),
            shifts: context
                .shifts
                .iter()
                .map(|(rep, weekday, shift)| ShiftJson {
                    rep: rep.clone(),
                    weekday: Day(*weekday),
                    shift: Window(*shift),
                })
                .collect(),
        }
    }

    fn is_empty(&self) -> bool {
        self.only.is_none() && self.absences.is_empty() && self.shifts.is_empty()
    }

    fn unwrap(self) -> Context {
        Context {
            only: self.only,
            absences: AbsenceJson::unwrap(self.absences),
            shifts: self.shifts.into_iter().map(|s| (s.rep, s.weekday.0, s.shift.0)).collect(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct HolidayJson {
    date: Date,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    name: String,
}

#[derive(Serialize, Deserialize)]
struct KeptJson {
    appointment: AppointmentJson,
    rep: String,
}

/// [`Missed`], tagged by `code` as [`Reason`] is.
#[derive(Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
enum MissedJson {
    RepAbsent { rep: String, absences: Vec<AbsenceJson> },
    RepNotPlanned { rep: String },
    RepOff { rep: String },
    NobodyWorks { date: Date, absences: Vec<AbsenceJson> },
    CannotArrive { rep: String, shift: Window, arrive: Clock },
    DoesNotFit { service_seconds: Seconds, rep: String, shift: Window },
    NoTime { service_seconds: Seconds },
    Clashes { kept: Vec<KeptJson> },
}

impl MissedJson {
    fn of(missed: &Missed) -> MissedJson {
        match missed {
            Missed::RepAbsent { rep, absences } => {
                MissedJson::RepAbsent { rep: rep.clone(), absences: AbsenceJson::list(absences) }
            }
            Missed::RepNotPlanned { rep } => MissedJson::RepNotPlanned { rep: rep.clone() },
            Missed::RepOff { rep } => MissedJson::RepOff { rep: rep.clone() },
            Missed::NobodyWorks { date, absences } => {
                MissedJson::NobodyWorks { date: Date(*date), absences: AbsenceJson::list(absences) }
            }
            Missed::CannotArrive { rep, shift, arrive_s } => {
                MissedJson::CannotArrive { rep: rep.clone(), shift: Window(*shift), arrive: Clock(*arrive_s) }
            }
            Missed::DoesNotFit { service_s, rep, shift } => MissedJson::DoesNotFit {
                service_seconds: *service_s,
                rep: rep.clone(),
                shift: Window(*shift),
            },
            Missed::NoTime { service_s } => MissedJson::NoTime { service_seconds: *service_s },
            Missed::Clashes(kept) => MissedJson::Clashes {
                kept: kept
                    .iter()
                    .map(|(a, rep)| KeptJson { appointment: AppointmentJson::of(a), rep: rep.clone() })
                    .collect(),
            },
        }
    }

    fn unwrap(self) -> Missed {
        match self {
            MissedJson::RepAbsent { rep, absences } => {
                Missed::RepAbsent { rep, absences: AbsenceJson::unwrap(absences) }
            }
            MissedJson::RepNotPlanned { rep } => Missed::RepNotPlanned { rep },
            MissedJson::RepOff { rep } => Missed::RepOff { rep },
            MissedJson::NobodyWorks { date, absences } => {
                Missed::NobodyWorks { date: date.0, absences: AbsenceJson::unwrap(absences) }
            }
            MissedJson::CannotArrive { rep, shift, arrive } => {
                Missed::CannotArrive { rep, shift: shift.0, arrive_s: arrive.0 }
            }
            MissedJson::DoesNotFit { service_seconds, rep, shift } => {
                Missed::DoesNotFit { service_s: service_seconds, rep, shift: shift.0 }
            }
            MissedJson::NoTime { service_seconds } => Missed::NoTime { service_s: service_seconds },
            MissedJson::Clashes { kept } => {
                Missed::Clashes(kept.into_iter().map(|k| (k.appointment.unwrap(), k.rep)).collect())
            }
        }
    }
}

/// [`Reason`] as values, tagged by `code` ([`Reason::code`]); every field
/// named as the plan files name such values.
#[derive(Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
enum WhyJson {
    Holiday {
        date: Date,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        name: String,
    },
    Closure {
        closure: ClosureJson,
    },
    OnlyRepAbsent {
        rep: String,
        absences: Vec<AbsenceJson>,
    },
    NoRepOnDay {
        date: Date,
        absences: Vec<AbsenceJson>,
    },
    ClosedOnWeekday {
        weekday: Day,
        hours: String,
    },
    HoursTooShort {
        service_seconds: Seconds,
        hours: Vec<Window>,
    },
    NoRepCanWork {
        reps: Vec<String>,
        #[serde(default, skip_serializing_if = "ContextJson::is_empty")]
        context: ContextJson,
    },
    NoRepMay {
        #[serde(default, skip_serializing_if = "ContextJson::is_empty")]
        context: ContextJson,
    },
    TooFar {
        distance_meters: i64,
        drive_seconds: Seconds,
        rep: String,
        #[serde(default, skip_serializing_if = "ContextJson::is_empty")]
        context: ContextJson,
    },
    CannotArrive {
        hours: Vec<Window>,
        rep: String,
        arrive: Clock,
        #[serde(default, skip_serializing_if = "ContextJson::is_empty")]
        context: ContextJson,
    },
    DoesNotFit {
        service_seconds: Seconds,
        hours: Vec<Window>,
        #[serde(default, skip_serializing_if = "ContextJson::is_empty")]
        context: ContextJson,
    },
    VisitsFull {
        reps: Vec<String>,
        #[serde(default, skip_serializing_if = "ContextJson::is_empty")]
        context: ContextJson,
    },
    NoRoom {
        service_seconds: Seconds,
        hours: Vec<Window>,
        #[serde(default, skip_serializing_if = "ContextJson::is_empty")]
        context: ContextJson,
    },
    AppointmentNotKept {
        appointment: AppointmentJson,
        why: MissedJson,
    },
    WaitsForAppointment {
        appointment: AppointmentJson,
    },
    DayOff {
        date: Date,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        holiday: Option<String>,
    },
    RepOffToday {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rep: Option<String>,
        date: Date,
        team: Vec<String>,
    },
    NoWorkingDay {
        due: Date,
        early_days: u32,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        holidays: Vec<HolidayJson>,
    },
    ClosedInWindow {
        closures: Vec<ClosureJson>,
    },
    NoRoomBeforeDue,
    ClosedOnWeekdays {
        weekdays: Vec<Day>,
    },
    RepGoesHome {
        rep: String,
    },
    Cancelled {
        at: Clock,
    },
    CannotWorkDay {
        shift: Window,
        distance_meters: i64,
        drive_seconds: Seconds,
    },
}

impl WhyJson {
    fn of(reason: &Reason) -> Option<WhyJson> {
        Some(match reason {
            Reason::Holiday { date, name } => WhyJson::Holiday { date: Date(*date), name: name.clone() },
            Reason::Closure(closure) => WhyJson::Closure { closure: ClosureJson::of(closure) },
            Reason::OnlyRepAbsent { rep, absences } => {
                WhyJson::OnlyRepAbsent { rep: rep.clone(), absences: AbsenceJson::list(absences) }
            }
            Reason::NoRepOnDay { date, absences } => {
                WhyJson::NoRepOnDay { date: Date(*date), absences: AbsenceJson::list(absences) }
            }
            Reason::ClosedOnWeekday { weekday, hours } => {
                WhyJson::ClosedOnWeekday { weekday: Day(*weekday), hours: hours.clone() }
            }
            Reason::HoursTooShort { service_s, hours } => {
                WhyJson::HoursTooShort { service_seconds: *service_s, hours: windows(hours) }
            }
            Reason::NoRepCanWork { reps, context } => {
                WhyJson::NoRepCanWork { reps: reps.clone(), context: ContextJson::of(context) }
            }
            Reason::NoRepMay { context } => WhyJson::NoRepMay { context: ContextJson::of(context) },
            Reason::TooFar { distance_m, drive_s, rep, context } => WhyJson::TooFar {
                distance_meters: *distance_m,
                drive_seconds: *drive_s,
                rep: rep.clone(),
                context: ContextJson::of(context),
            },
            Reason::CannotArrive { hours, rep, arrive_s, context } => WhyJson::CannotArrive {
                hours: windows(hours),
                rep: rep.clone(),
                arrive: Clock(*arrive_s),
                context: ContextJson::of(context),
            },
            Reason::DoesNotFit { service_s, hours, context } => WhyJson::DoesNotFit {
                service_seconds: *service_s,
                hours: windows(hours),
                context: ContextJson::of(context),
            },
            Reason::VisitsFull { reps, context } => {
                WhyJson::VisitsFull { reps: reps.clone(), context: ContextJson::of(context) }
            }
            Reason::NoRoom { service_s, hours, context } => WhyJson::NoRoom {
                service_seconds: *service_s,
                hours: windows(hours),
                context: ContextJson::of(context),
            },
            Reason::AppointmentNotKept { appointment, why } => WhyJson::AppointmentNotKept {
                appointment: AppointmentJson::of(appointment),
                why: MissedJson::of(why),
            },
            Reason::WaitsForAppointment(appointment) => {
                WhyJson::WaitsForAppointment { appointment: AppointmentJson::of(appointment) }
            }
            Reason::DayOff { date, holiday } => {
                WhyJson::DayOff { date: Date(*date), holiday: holiday.clone() }
            }
            Reason::RepOffToday { rep, date, team } => {
                WhyJson::RepOffToday { rep: rep.clone(), date: Date(*date), team: team.clone() }
            }
            Reason::NoWorkingDay { due, early_days, holidays } => WhyJson::NoWorkingDay {
                due: Date(*due),
                early_days: *early_days,
                holidays: holidays
                    .iter()
                    .map(|(date, name)| HolidayJson { date: Date(*date), name: name.clone() })
                    .collect(),
            },
            Reason::ClosedInWindow(closures) => {
                WhyJson::ClosedInWindow { closures: closures.iter().map(ClosureJson::of).collect() }
            }
            Reason::NoRoomBeforeDue => WhyJson::NoRoomBeforeDue,
            Reason::ClosedOnWeekdays(list) => WhyJson::ClosedOnWeekdays { weekdays: days(list) },
            Reason::RepGoesHome { rep } => WhyJson::RepGoesHome { rep: rep.clone() },
            Reason::Cancelled { at_s } => WhyJson::Cancelled { at: Clock(*at_s) },
            Reason::CannotWorkDay { shift, distance_m, drive_s } => WhyJson::CannotWorkDay {
                shift: Window(*shift),
                distance_meters: *distance_m,
                drive_seconds: *drive_s,
            },
            Reason::Text(_) => return None,
        })
    }

    fn into_reason(self) -> Reason {
        match self {
            WhyJson::Holiday { date, name } => Reason::Holiday { date: date.0, name },
            WhyJson::Closure { closure } => Reason::Closure(closure.unwrap()),
            WhyJson::OnlyRepAbsent { rep, absences } => {
                Reason::OnlyRepAbsent { rep, absences: AbsenceJson::unwrap(absences) }
            }
            WhyJson::NoRepOnDay { date, absences } => {
                Reason::NoRepOnDay { date: date.0, absences: AbsenceJson::unwrap(absences) }
            }
            WhyJson::ClosedOnWeekday { weekday, hours } => {
                Reason::ClosedOnWeekday { weekday: weekday.0, hours }
            }
            WhyJson::HoursTooShort { service_seconds, hours } => {
                Reason::HoursTooShort { service_s: service_seconds, hours: unwrap_windows(hours) }
            }
            WhyJson::NoRepCanWork { reps, context } => {
                Reason::NoRepCanWork { reps, context: context.unwrap() }
            }
            WhyJson::NoRepMay { context } => Reason::NoRepMay { context: context.unwrap() },
            WhyJson::TooFar { distance_meters, drive_seconds, rep, context } => Reason::TooFar {
                distance_m: distance_meters,
                drive_s: drive_seconds,
                rep,
                context: context.unwrap(),
            },
            WhyJson::CannotArrive { hours, rep, arrive, context } => Reason::CannotArrive {
                hours: unwrap_windows(hours),
                rep,
                arrive_s: arrive.0,
                context: context.unwrap(),
            },
            WhyJson::DoesNotFit { service_seconds, hours, context } => Reason::DoesNotFit {
                service_s: service_seconds,
                hours: unwrap_windows(hours),
                context: context.unwrap(),
            },
            WhyJson::VisitsFull { reps, context } => Reason::VisitsFull { reps, context: context.unwrap() },
            WhyJson::NoRoom { service_seconds, hours, context } => Reason::NoRoom {
                service_s: service_seconds,
                hours: unwrap_windows(hours),
                context: context.unwrap(),
            },
            WhyJson::AppointmentNotKept { appointment, why } => {
                Reason::AppointmentNotKept { appointment: appointment.unwrap(), why: why.unwrap() }
            }
            WhyJson::WaitsForAppointment { appointment } => Reason::WaitsForAppointment(appointment.unwrap()),
            WhyJson::DayOff { date, holiday } => Reason::DayOff { date: date.0, holiday },
            WhyJson::RepOffToday { rep, date, team } => Reason::RepOffToday { rep, date: date.0, team },
            WhyJson::NoWorkingDay { due, early_days, holidays } => Reason::NoWorkingDay {
                due: due.0,
                early_days,
                holidays: holidays.into_iter().map(|h| (h.date.0, h.name)).collect(),
            },
            WhyJson::ClosedInWindow { closures } => {
                Reason::ClosedInWindow(closures.into_iter().map(ClosureJson::unwrap).collect())
            }
            WhyJson::NoRoomBeforeDue => Reason::NoRoomBeforeDue,
            WhyJson::ClosedOnWeekdays { weekdays } => {
                Reason::ClosedOnWeekdays(weekdays.into_iter().map(|d| d.0).collect())
            }
            WhyJson::RepGoesHome { rep } => Reason::RepGoesHome { rep },
            WhyJson::Cancelled { at } => Reason::Cancelled { at_s: at.0 },
            WhyJson::CannotWorkDay { shift, distance_meters, drive_seconds } => {
                Reason::CannotWorkDay { shift: shift.0, distance_m: distance_meters, drive_s: drive_seconds }
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
struct SlotJson {
    rep: String,
    start: Clock,
}

impl SlotJson {
    fn of(slot: &Slot) -> SlotJson {
        SlotJson { rep: slot.rep.clone(), start: Clock(slot.start_s) }
    }

    fn unwrap(self) -> Slot {
        Slot { rep: self.rep, start_s: self.start.0 }
    }
}

/// [`ChangeReason`] as values, tagged by `code`.
#[derive(Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
enum ChangeJson {
    Urgent { priority: String, now: SlotJson },
    UrgentLater { why: WhyJson },
    Cancelled { at: Clock, was: SlotJson },
    Moved { now: SlotJson, was: SlotJson },
    Later { why: WhyJson, was: SlotJson },
}

impl ChangeJson {
    fn of(change: &ChangeReason) -> Option<ChangeJson> {
        Some(match change {
            ChangeReason::Urgent { priority, now } => {
                ChangeJson::Urgent { priority: priority.clone(), now: SlotJson::of(now) }
            }
            ChangeReason::UrgentLater { why } => ChangeJson::UrgentLater { why: WhyJson::of(why)? },
            ChangeReason::Cancelled { at_s, was } => {
                ChangeJson::Cancelled { at: Clock(*at_s), was: SlotJson::of(was) }
            }
            ChangeReason::Moved { now, was } => {
                ChangeJson::Moved { now: SlotJson::of(now), was: SlotJson::of(was) }
            }
            ChangeReason::Later { why, was } => {
                ChangeJson::Later { why: WhyJson::of(why)?, was: SlotJson::of(was) }
            }
            ChangeReason::Text(_) => return None,
        })
    }

    fn into_change(self) -> ChangeReason {
        match self {
            ChangeJson::Urgent { priority, now } => ChangeReason::Urgent { priority, now: now.unwrap() },
            ChangeJson::UrgentLater { why } => ChangeReason::UrgentLater { why: why.into_reason() },
            ChangeJson::Cancelled { at, was } => ChangeReason::Cancelled { at_s: at.0, was: was.unwrap() },
            ChangeJson::Moved { now, was } => ChangeReason::Moved { now: now.unwrap(), was: was.unwrap() },
            ChangeJson::Later { why, was } => {
                ChangeReason::Later { why: why.into_reason(), was: was.unwrap() }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::reason::every_reason;

    /// `why` written to JSON text and read back, as a plan file does.
    fn through_json(why: Option<Why>) -> Option<Why> {
        serde_json::from_str(&serde_json::to_string(&why).unwrap()).unwrap()
    }

    #[test]
    fn every_reason_reads_back_to_its_values() {
        for reason in every_reason() {
            let text = reason.to_string();
            let back = reason_of(text.clone(), through_json(why_of(&reason)));
            assert_eq!(format!("{back:?}"), format!("{reason:?}"), "{text}");
        }
    }

    #[test]
    fn every_change_reads_back_to_its_values() {
        let slot = |rep: &str, start_s| Slot { rep: rep.into(), start_s };
        let no_room = every_reason().into_iter().find(|r| r.code() == "no_room").unwrap();
        let changes = [
            ChangeReason::Urgent { priority: "high".into(), now: slot("R1", 41_400) },
            ChangeReason::UrgentLater { why: no_room.clone() },
            ChangeReason::Cancelled { at_s: 37_800, was: slot("R2", 43_200) },
            ChangeReason::Moved { now: slot("R2", 46_800), was: slot("R1", 32_700) },
            ChangeReason::Later { why: no_room, was: slot("R1", 54_000) },
        ];
        for change in changes {
            let text = change.to_string();
            let back = change_of(text.clone(), through_json(change_why_of(&change)));
            assert_eq!(format!("{back:?}"), format!("{change:?}"), "{text}");
        }
    }

    /// The sentence is the authority: values that say something else, do
    /// not parse, or are missing leave the sentence as written.
    #[test]
    fn a_sentence_without_matching_values_is_kept_as_written() {
        let reason = Reason::Cancelled { at_s: 14 * 3600 };
        let written = serde_json::to_string(&why_of(&reason)).unwrap();
        assert_eq!(written, r#"{"code":"cancelled","at":"14:00:00"}"#, "the code first, then the values");
        let read = |json: &str| Some(Why(Values::Read(serde_json::from_str(json).unwrap())));
        assert!(matches!(reason_of(reason.to_string(), read(&written)), Reason::Cancelled { at_s: 50_400 }));
        let edited = "cancelled at 14:00 by the customer";
        for (text, why) in [
            (edited, read(&written)),
            (&*reason.to_string(), read(r#"{"code": "cancelled", "at": "2 pm"}"#)),
            (&*reason.to_string(), read(r#"{"code": "no_such_reason"}"#)),
            (&*reason.to_string(), read("42")),
            (&*reason.to_string(), None),
        ] {
            assert!(matches!(reason_of(text.to_string(), why), Reason::Text(t) if t == text));
        }
        assert!(why_of(&Reason::Text("closed on Mondays".into())).is_none());
        let moved = "R2 at 13:00; was R1 at 09:00".to_string();
        assert!(
            matches!(change_of(moved, None), ChangeReason::Moved { .. }),
            "older files: read from the sentence"
        );
    }
}
