//! Why a due account is left out of a day, why a visit is late, why an
//! appointment is not kept: [`Reason`], one variant per kind of reason,
//! holding its values (ids, dates, times in seconds) rather than a sentence.
//!
//! Its `Display` is the English sentence, word for word what the plan files
//! (`reason` in plan and week JSON) and scripts read; `report::lang` renders
//! the same value in Japanese, so a terminal table or an HTML report speaks
//! the reader's language without any call site translating on its own.
//!
//! The plan files keep the values beside the sentence (`io::reason_json`),
//! so a plan read back is typed again; a file without them, or whose
//! sentence was edited, gives [`Reason::Text`], shown as written in every
//! language. Two reasons are equal when their English sentences are, so a
//! plan read back from its own file equals the plan written.

use std::fmt;

use chrono::{NaiveDate, Weekday};

use crate::model::calendar::{Absence, Appointment, Closure};
use crate::model::time::{duration_text, Hm, Seconds, TimeWindow};

/// What a day's reason adds after its main sentence: whose account it is,
/// which allowed rep is absent part of the day, whose shift differs that
/// weekday ("(only R1 may visit it); R1 is absent 13:00-17:00 on ...").
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The account's territory rep, the only one who may visit it.
    pub only: Option<String>,
    /// Part-day absences of the reps who may visit it.
    pub absences: Vec<Absence>,
    /// Reps whose shift on `weekday` differs from their usual one: rep, weekday, shift.
    pub shifts: Vec<(String, Weekday, TimeWindow)>,
}

/// Why an appointment is not kept (after "appointment ... cannot be kept: ").
#[derive(Clone, Debug)]
pub enum Missed {
    /// The only rep who may keep it is absent.
    RepAbsent {
        /// That rep.
        rep: String,
        /// Their absences that day.
        absences: Vec<Absence>,
    },
    /// The only rep who may keep it is not in the region's reps planned.
    RepNotPlanned {
        /// That rep.
        rep: String,
    },
    /// The only rep who may keep it does not work that day.
    RepOff {
        /// That rep.
        rep: String,
    },
    /// No rep works that day.
    NobodyWorks {
        /// The day.
        date: NaiveDate,
        /// The absences of the day.
        absences: Vec<Absence>,
    },
    /// Even the nearest rep arrives after the appointment's time.
    CannotArrive {
        /// The nearest rep.
        rep: String,
        /// Their working time that day.
        shift: TimeWindow,
        /// The earliest arrival.
        arrive_s: Seconds,
    },
    /// The visit does not fit in the rep's day with the drives.
    DoesNotFit {
        /// How long the visit lasts.
        service_s: Seconds,
        /// The nearest rep.
        rep: String,
        /// Their working time that day.
        shift: TimeWindow,
    },
    /// No allowed rep is free at that time.
    NoTime {
        /// How long the visit lasts.
        service_s: Seconds,
    },
    /// Other appointments at that time are kept instead: each with its rep.
    Clashes(Vec<(Appointment, String)>),
}

/// Why an account is not visited on a day, or a visit is late, or a rep
/// cannot work the day.
#[derive(Clone, Debug)]
pub enum Reason {
    /// The day is a holiday.
    Holiday {
        /// The day.
        date: NaiveDate,
        /// Its name; may be empty.
        name: String,
    },
    /// A dated closure of the account.
    Closure(Closure),
    /// The account's only rep is absent.
    OnlyRepAbsent {
        /// The rep.
        rep: String,
        /// Their absences that day.
        absences: Vec<Absence>,
    },
    /// No rep works the day (every rep absent).
    NoRepOnDay {
        /// The day.
        date: NaiveDate,
        /// The absences of the day.
        absences: Vec<Absence>,
    },
    /// The account is closed on this weekday.
    ClosedOnWeekday {
        /// The weekday.
        weekday: Weekday,
        /// Its opening hours as written.
        hours: String,
    },
    /// The visit is longer than every opening window.
    HoursTooShort {
        /// How long the visit lasts.
        service_s: Seconds,
        /// The opening windows of the day.
        hours: Vec<TimeWindow>,
    },
    /// Every rep who may visit it cannot work the day.
    NoRepCanWork {
        /// Those reps.
        reps: Vec<String>,
        /// Whose account it is.
        context: Context,
    },
    /// No rep may visit it.
    NoRepMay {
        /// Whose account it is.
        context: Context,
    },
    /// It is farther than a whole shift's drive.
    TooFar {
        /// From the nearest rep's start.
        distance_m: i64,
        /// Driving from there.
        drive_s: Seconds,
        /// The nearest rep.
        rep: String,
        /// Whose account it is.
        context: Context,
    },
    /// Even the nearest rep arrives after it closes.
    CannotArrive {
        /// The opening windows of the day.
        hours: Vec<TimeWindow>,
        /// The nearest rep.
        rep: String,
        /// The earliest arrival.
        arrive_s: Seconds,
        /// Whose account it is.
        context: Context,
    },
    /// The visit does not fit in any shift with the drives.
    DoesNotFit {
        /// How long the visit lasts.
        service_s: Seconds,
        /// The opening windows of the day.
        hours: Vec<TimeWindow>,
        /// Whose account it is.
        context: Context,
    },
    /// Every rep who may visit it has their maximum number of visits.
    VisitsFull {
        /// Those reps.
        reps: Vec<String>,
        /// Whose account it is.
        context: Context,
    },
    /// No rep has room for it in the day.
    NoRoom {
        /// How long the visit lasts.
        service_s: Seconds,
        /// The opening windows of the day (empty: open all day).
        hours: Vec<TimeWindow>,
        /// Whose account it is.
        context: Context,
    },
    /// An appointment that is not kept.
    AppointmentNotKept {
        /// The appointment.
        appointment: Appointment,
        /// Why.
        why: Missed,
    },
    /// A visit waits for an appointment later on.
    WaitsForAppointment(Appointment),
    /// A day off planned for its appointments only.
    DayOff {
        /// The day.
        date: NaiveDate,
        /// The holiday's name, when the day is one (may be empty).
        holiday: Option<String>,
    },
    /// On a weekend working day, the account's rep does not work.
    RepOffToday {
        /// The account's rep, if known.
        rep: Option<String>,
        /// The day.
        date: NaiveDate,
        /// The reps who work it.
        team: Vec<String>,
    },
    /// No working day in the window before the due date.
    NoWorkingDay {
        /// The due date.
        due: NaiveDate,
        /// How many days before it a visit may come.
        early_days: u32,
        /// The holidays in the window: date and name.
        holidays: Vec<(NaiveDate, String)>,
    },
    /// Closed by closures on every working day of the window.
    ClosedInWindow(Vec<Closure>),
    /// No day before the due date had room.
    NoRoomBeforeDue,
    /// Closed on the weekdays of the window.
    ClosedOnWeekdays(Vec<Weekday>),
    /// In a re-plan, the rep goes home and nobody else is re-planned.
    RepGoesHome {
        /// The rep.
        rep: String,
    },
    /// Cancelled in a re-plan.
    Cancelled {
        /// When.
        at_s: Seconds,
    },
    /// The rep cannot even drive from the start to the end of the day within the shift.
    CannotWorkDay {
        /// The rep's working time that day.
        shift: TimeWindow,
        /// From the start to the end of the day.
        distance_m: i64,
        /// Driving from the start to the end of the day.
        drive_s: Seconds,
    },
    /// A sentence as read from a plan file, shown as written.
    Text(String),
}

impl Reason {
    /// The variant's name in snake_case (`closed_on_weekday`), for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Holiday { .. } => "holiday",
            Reason::Closure(_) => "closure",
            Reason::OnlyRepAbsent { .. } => "only_rep_absent",
            Reason::NoRepOnDay { .. } => "no_rep_on_day",
            Reason::ClosedOnWeekday { .. } => "closed_on_weekday",
            Reason::HoursTooShort { .. } => "hours_too_short",
            Reason::NoRepCanWork { .. } => "no_rep_can_work",
            Reason::NoRepMay { .. } => "no_rep_may",
            Reason::TooFar { .. } => "too_far",
            Reason::CannotArrive { .. } => "cannot_arrive",
            Reason::DoesNotFit { .. } => "does_not_fit",
            Reason::VisitsFull { .. } => "visits_full",
            Reason::NoRoom { .. } => "no_room",
            Reason::AppointmentNotKept { .. } => "appointment_not_kept",
            Reason::WaitsForAppointment(_) => "waits_for_appointment",
            Reason::DayOff { .. } => "day_off",
            Reason::RepOffToday { .. } => "rep_off_today",
            Reason::NoWorkingDay { .. } => "no_working_day",
            Reason::ClosedInWindow(_) => "closed_in_window",
            Reason::NoRoomBeforeDue => "no_room_before_due",
            Reason::ClosedOnWeekdays(_) => "closed_on_weekdays",
            Reason::RepGoesHome { .. } => "rep_goes_home",
            Reason::Cancelled { .. } => "cancelled",
            Reason::CannotWorkDay { .. } => "cannot_work_day",
            Reason::Text(_) => "text",
        }
    }
}

/// Opening windows as written in reasons: `09:00-12:00 13:00-17:00`, or
/// `any time` when the account is open all day.
pub fn hours_text(hours: &[TimeWindow]) -> String {
    if hours.is_empty() {
        "any time".to_string()
    } else {
        hours.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(" ")
    }
}

pub(crate) fn absences_text(absences: &[Absence]) -> String {
    absences.iter().map(Absence::describe).collect::<Vec<_>>().join("; ")
}

fn holiday_text(date: NaiveDate, name: &str) -> String {
    if name.is_empty() {
        format!("{date} is a holiday")
    } else {
        format!("{date} is a holiday ({name})")
    }
}

impl fmt::Display for Context {
    /// " (only R1 may visit it); R1 is absent ...; R2's shift on Fri is 08:00-14:00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(only) = &self.only {
            write!(f, " (only {only} may visit it)")?;
        }
        for absence in &self.absences {
            write!(f, "; {}", absence.describe())?;
        }
        for (rep, weekday, shift) in &self.shifts {
            write!(f, "; {rep}'s shift on {weekday} is {shift}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Missed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const ONLY: &str = "may keep it (book another day or rep)";
        match self {
            Missed::RepAbsent { rep, absences } => write!(f, "{}; only {rep} {ONLY}", absences_text(absences)),
            Missed::RepNotPlanned { rep } => write!(f, "{rep} is not among the reps planned; only {rep} {ONLY}"),
            Missed::RepOff { rep } => write!(f, "{rep} does not work that day; only {rep} {ONLY}"),
            Missed::NobodyWorks { date, absences } if absences.is_empty() => write!(f, "no rep works on {date}"),
            Missed::NobodyWorks { date, absences } => {
                write!(f, "no rep works on {date}: {}", absences_text(absences))
            }
            Missed::CannotArrive { rep, shift, arrive_s } => {
                write!(f, "the nearest rep ({rep}, working {shift}) cannot arrive before {}", Hm(*arrive_s))
            }
            Missed::DoesNotFit { service_s, rep, shift } => write!(
                f,
                "the {} min visit at that time does not fit in {rep}'s day ({shift}) with the drive there and back",
                service_s / 60
            ),
            Missed::NoTime { service_s } => {
                write!(f, "no rep who may keep it has {} min free at that time", service_s / 60)
            }
            Missed::Clashes(kept) => {
                let list: Vec<String> =
                    kept.iter().map(|(a, rep)| format!("{} {} ({rep})", a.account, a.time)).collect();
                write!(f, "it clashes with other appointments kept at that time: {}", list.join(", "))
            }
        }
    }
}

impl fmt::Display for Reason {
    /// The English sentence, as plan files keep it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Holiday { date, name } => {
                write!(f, "{}; nobody is sent out on a holiday", holiday_text(*date, name))
            }
            Reason::Closure(closure) => f.write_str(&closure.describe()),
            Reason::OnlyRepAbsent { rep, absences } => {
                write!(f, "{}; only {rep} may visit it", absences_text(absences))
            }
            Reason::NoRepOnDay { date, absences } => {
                write!(f, "no rep could take it on {date}: {}", absences_text(absences))
            }
            Reason::ClosedOnWeekday { weekday, hours } => write!(f, "closed on {weekday} (open {hours})"),
            Reason::HoursTooShort { service_s, hours } => write!(
                f,
                "the visit takes {} min but its opening hours ({}) are shorter",
                service_s / 60,
                hours_text(hours)
            ),
            Reason::NoRepCanWork { reps, context } => write!(
                f,
                "no rep who may visit it can work today ({} cannot: see the reps listed as unavailable){context}",
                reps.join(", ")
            ),
            Reason::NoRepMay { context } => write!(f, "no rep may visit it{context}"),
            Reason::TooFar { distance_m, drive_s, rep, context } => write!(
                f,
                "is {} km from the nearest rep's start ({rep}), {} of driving: more than the whole shift; \
                 check its coordinates{context}",
                distance_m / 1000,
                duration_text(*drive_s),
            ),
            Reason::CannotArrive { hours, rep, arrive_s, context } => write!(
                f,
                "opens {} but the nearest rep ({rep}) cannot arrive before {}{context}",
                hours_text(hours),
                Hm(*arrive_s)
            ),
            Reason::DoesNotFit { service_s, hours, context } => write!(
                f,
                "the {} min visit ({}) does not fit in any rep's shift with the drive there and back{context}",
                service_s / 60,
                hours_text(hours)
            ),
            Reason::VisitsFull { reps, context } => write!(
                f,
                "every rep who may visit it already has their maximum number of visits ({}){context}",
                reps.join(", ")
            ),
            Reason::NoRoom { service_s, hours, context } if hours.is_empty() => {
                write!(f, "no rep has {} more minutes free in their shift today{context}", service_s / 60)
            }
            Reason::NoRoom { service_s, hours, context } => write!(
                f,
                "no rep has {} more minutes free while it is open ({}) today{context}",
                service_s / 60,
                hours_text(hours)
            ),
            Reason::AppointmentNotKept { appointment, why } => {
                write!(f, "{} cannot be kept: {why}", appointment.describe())
            }
            Reason::WaitsForAppointment(appointment) => write!(f, "waits for its {}", appointment.describe()),
            Reason::DayOff { date, holiday } => {
                match holiday {
                    Some(name) => f.write_str(&holiday_text(*date, name))?,
                    None => write!(f, "{date} is a {}, not a working day", chrono::Datelike::weekday(date))?,
                }
                f.write_str("; only appointments are kept that day")
            }
            Reason::RepOffToday { rep, date, team } => write!(
                f,
                "{} does not work on {} {date} (only {} does); it waits for their next working day",
                rep.as_deref().unwrap_or("its rep"),
                chrono::Datelike::weekday(date),
                team.join(", ")
            ),
            Reason::NoWorkingDay { due, early_days, holidays } => {
                write!(
                    f,
                    "falls due on {} {due}, and no working day is within {early_days} days before",
                    chrono::Datelike::weekday(due)
                )?;
                if !holidays.is_empty() {
                    let list: Vec<String> = holidays.iter().map(|(d, n)| holiday_text(*d, n)).collect();
                    write!(f, " ({})", list.join(", "))?;
                }
                Ok(())
            }
            Reason::ClosedInWindow(closures) => {
                let list: Vec<String> = closures.iter().map(Closure::describe).collect();
                f.write_str(&list.join("; "))
            }
            Reason::NoRoomBeforeDue => f.write_str("no day before its due date had room for it"),
            Reason::ClosedOnWeekdays(days) => {
                let list: Vec<String> = days.iter().map(|d| d.to_string()).collect();
                write!(f, "closed on {}", list.join(" "))
            }
            Reason::RepGoesHome { rep } => write!(f, "rep {rep}{REP_GOES_HOME}"),
            Reason::Cancelled { at_s } => write!(f, "cancelled at {}", Hm(*at_s)),
            Reason::CannotWorkDay { shift, distance_m, drive_s } => write!(
                f,
                "cannot get from the start to the end of the day within the shift ({shift}): {} km, {} of driving; \
                 check the rep's end point",
                distance_m / 1000,
                duration_text(*drive_s),
            ),
            Reason::Text(text) => f.write_str(text),
        }
    }
}

/// Equal when the English sentences are: a reason read back from a plan
/// file ([`Reason::Text`]) equals the typed one it was written from.
impl PartialEq for Reason {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Reason::Text(a), Reason::Text(b)) => a == b,
            _ => self.to_string() == other.to_string(),
        }
    }
}

impl Eq for Reason {}

impl From<String> for Reason {
    fn from(text: String) -> Self {
        Reason::Text(text)
    }
}

impl From<&str> for Reason {
    fn from(text: &str) -> Self {
        Reason::Text(text.to_string())
    }
}

/// Who visits an account and when, as a re-plan's change says it: `R1 at 11:30`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The rep.
    pub rep: String,
    /// When the visit starts.
    pub start_s: Seconds,
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.rep, Hm(self.start_s))
    }
}

impl Slot {
    /// Reads `R1 at 11:30` back.
    fn parse(text: &str) -> Option<Slot> {
        let (rep, clock) = text.rsplit_once(" at ")?;
        let start_s = crate::model::time::parse_clock(clock).ok()?;
        (!rep.is_empty() && !rep.contains(' ')).then(|| Slot { rep: rep.to_string(), start_s })
    }
}

/// What a re-plan did to one account, with its values, as [`Reason`] holds
/// a left-out account's: the `Display` is the English `reason` of the plan
/// files' `changes`, `report::lang` renders it in Japanese.
///
/// A plan file keeps the values beside the sentence; for a file written
/// without them, [`ChangeReason::parse`] reads the sentences a re-plan
/// writes back into their values (so the rep's page shows a published
/// re-plan's changes in either language), and keeps any other sentence as
/// [`ChangeReason::Text`].
#[derive(Clone, Debug)]
pub enum ChangeReason {
    /// An urgent visit placed: `urgent (high priority): R1 at 11:30`.
    Urgent {
        /// The account's priority, as accounts.csv writes it.
        priority: String,
        /// Who visits it and when.
        now: Slot,
    },
    /// An urgent visit that does not fit today: `urgent, but ...`.
    UrgentLater {
        /// Why.
        why: Reason,
    },
    /// Cancelled on request: `cancelled at 10:30; was R1 at 11:30`.
    Cancelled {
        /// When.
        at_s: Seconds,
        /// The visit as it was planned.
        was: Slot,
    },
    /// Another rep or another time: `R2 at 13:00; was R1 at 11:30`.
    Moved {
        /// The visit now.
        now: Slot,
        /// The visit as it was planned.
        was: Slot,
    },
    /// No longer fits today: `<why>; was R1 at 11:30`.
    Later {
        /// Why.
        why: Reason,
        /// The visit as it was planned.
        was: Slot,
    },
    /// A sentence read back that is none of the above, shown as written.
    Text(String),
}

impl fmt::Display for ChangeReason {
    /// The English sentence, as plan files keep it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeReason::Urgent { priority, now } => write!(f, "urgent ({priority} priority): {now}"),
            ChangeReason::UrgentLater { why } => write!(f, "urgent, but {why}"),
            ChangeReason::Cancelled { at_s, was } => write!(f, "cancelled at {}; was {was}", Hm(*at_s)),
            ChangeReason::Moved { now, was } => write!(f, "{now}; was {was}"),
            ChangeReason::Later { why, was } => write!(f, "{why}; was {was}"),
            ChangeReason::Text(text) => f.write_str(text),
        }
    }
}

impl ChangeReason {
    /// Reads a sentence of a plan file's `changes` back into its values:
    /// the inverse of `Display` for every sentence a re-plan writes (a
    /// reason for tomorrow other than [`Reason::RepGoesHome`] stays its
    /// English text).
    pub fn parse(text: &str) -> ChangeReason {
        if let Some(why) = text.strip_prefix("urgent, but ") {
            return ChangeReason::UrgentLater { why: reason_of_text(why) };
        }
        let urgent = text.strip_prefix("urgent (").and_then(|rest| rest.split_once(" priority): "));
        if let Some((priority, now)) = urgent {
            if let Some(now) = Slot::parse(now) {
                return ChangeReason::Urgent { priority: priority.to_string(), now };
            }
        }
        let Some((before, was)) = text.rsplit_once("; was ") else { return ChangeReason::Text(text.into()) };
        let Some(was) = Slot::parse(was) else { return ChangeReason::Text(text.into()) };
        let cancelled =
            before.strip_prefix("cancelled at ").and_then(|at| crate::model::time::parse_clock(at).ok());
        if let Some(at_s) = cancelled {
            return ChangeReason::Cancelled { at_s, was };
        }
        match Slot::parse(before) {
            Some(now) => ChangeReason::Moved { now, was },
            None => ChangeReason::Later { why: reason_of_text(before), was },
        }
    }

    /// The reps the change names: who visits now and who was to, in that order.
    pub fn reps(&self) -> Vec<&str> {
        match self {
            ChangeReason::Urgent { now, .. } => vec![now.rep.as_str()],
            ChangeReason::Moved { now, was } => vec![now.rep.as_str(), was.rep.as_str()],
            ChangeReason::Cancelled { was, .. } | ChangeReason::Later { was, .. } => vec![was.rep.as_str()],
            ChangeReason::UrgentLater { .. } | ChangeReason::Text(_) => Vec::new(),
        }
    }
}

/// What [`Reason::RepGoesHome`] says after the rep's id. It names both ways
/// to hand the visits to the team, the manager's on the server and the
/// command line's, since the rep may meet it in either.
const REP_GOES_HOME: &str =
    " goes home and no other rep's day is re-planned; the manager's hand-over (or `replan --team`) gives it to the team";

/// The same before session 87, which named only the command line's way: plans stored then say it.
const REP_GOES_HOME_BEFORE: &str =
    " goes home and no other rep's day is re-planned; give --team to hand it over";

/// A left-out reason read back: [`Reason::RepGoesHome`] (what "I have to
/// stop for today" gives every visit left) by its sentence, any other as written.
fn reason_of_text(text: &str) -> Reason {
    let home = text.strip_prefix("rep ").and_then(|rest| {
        rest.strip_suffix(REP_GOES_HOME).or_else(|| rest.strip_suffix(REP_GOES_HOME_BEFORE))
    });
    match home {
        Some(rep) if !rep.contains(' ') => Reason::RepGoesHome { rep: rep.to_string() },
        _ => Reason::Text(text.to_string()),
    }
}

impl From<&str> for ChangeReason {
    fn from(text: &str) -> Self {
        ChangeReason::parse(text)
    }
}

/// Equal when the English sentences are, as for [`Reason`].
impl PartialEq for ChangeReason {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for ChangeReason {}

/// One reason of every kind, with every kind of appointment miss, for
/// the tests of its renderings (English, Japanese, the plan files' values).
#[cfg(test)]
pub(crate) fn every_reason() -> Vec<Reason> {
    use crate::model::calendar::AppointmentTime;
    let date = |text: &str| -> NaiveDate { text.parse().unwrap() };
    let absence = Absence {
        rep: "R3".into(),
        from: date("2026-12-01"),
        to: date("2026-12-05"),
        part: None,
        note: "leave".into(),
    };
    let doctor = Absence {
        rep: "R1".into(),
        from: date("2026-12-02"),
        to: date("2026-12-02"),
        part: Some(TimeWindow { open_s: 13 * 3600, close_s: 17 * 3600 }),
        note: String::new(),
    };
    let closure = Closure {
        account: "A17".into(),
        from: date("2026-12-07"),
        to: date("2026-12-18"),
        note: "renovation".into(),
    };
    let appointment = Appointment {
        account: "A5".into(),
        date: date("2026-12-03"),
        time: AppointmentTime::At(10 * 3600),
        rep: Some("R1".into()),
        duration_s: 1800,
        note: String::new(),
    };
    let shift = TimeWindow { open_s: 8 * 3600, close_s: 16 * 3600 + 1800 };
    let hours = vec![TimeWindow { open_s: 9 * 3600, close_s: 17 * 3600 }];
    let context = Context {
        only: Some("R1".into()),
        absences: vec![doctor.clone()],
        shifts: vec![("R1".into(), Weekday::Fri, shift)],
    };
    let not_kept = |why: Missed| Reason::AppointmentNotKept { appointment: appointment.clone(), why };
    vec![
        Reason::Holiday { date: date("2026-12-31"), name: "大晦日".into() },
        Reason::Closure(closure.clone()),
        Reason::OnlyRepAbsent { rep: "R3".into(), absences: vec![absence.clone()] },
        Reason::NoRepOnDay { date: date("2026-12-02"), absences: vec![absence.clone(), doctor.clone()] },
        Reason::ClosedOnWeekday { weekday: Weekday::Mon, hours: "Tue-Sat 10:00-19:00".into() },
        Reason::HoursTooShort { service_s: 5400, hours: hours.clone() },
        Reason::NoRepCanWork { reps: vec!["R1".into()], context: context.clone() },
        Reason::NoRepMay { context: context.clone() },
        Reason::TooFar { distance_m: 612_000, drive_s: 30_000, rep: "R2".into(), context: context.clone() },
        Reason::CannotArrive {
            hours: hours.clone(),
            rep: "R1".into(),
            arrive_s: 17 * 3600 + 720,
            context: context.clone(),
        },
        Reason::DoesNotFit { service_s: 2700, hours: hours.clone(), context: context.clone() },
        Reason::VisitsFull { reps: vec!["R1".into(), "R2".into()], context: context.clone() },
        Reason::NoRoom { service_s: 2700, hours: vec![], context: Context::default() },
        Reason::NoRoom { service_s: 2700, hours: hours.clone(), context },
        not_kept(Missed::RepAbsent { rep: "R3".into(), absences: vec![absence.clone()] }),
        not_kept(Missed::RepNotPlanned { rep: "R9".into() }),
        not_kept(Missed::RepOff { rep: "R2".into() }),
        not_kept(Missed::NobodyWorks { date: date("2026-12-03"), absences: vec![] }),
        not_kept(Missed::NobodyWorks { date: date("2026-12-03"), absences: vec![absence.clone()] }),
        not_kept(Missed::CannotArrive { rep: "R1".into(), shift, arrive_s: 17 * 3600 + 720 }),
        not_kept(Missed::DoesNotFit { service_s: 2700, rep: "R1".into(), shift }),
        not_kept(Missed::NoTime { service_s: 2700 }),
        not_kept(Missed::Clashes(vec![(appointment.clone(), "R1".into())])),
        Reason::WaitsForAppointment(appointment),
        Reason::DayOff { date: date("2026-12-05"), holiday: None },
        Reason::DayOff { date: date("2026-12-31"), holiday: Some(String::new()) },
        Reason::RepOffToday { rep: Some("R2".into()), date: date("2026-12-05"), team: vec!["R1".into()] },
        Reason::NoWorkingDay {
            due: date("2027-01-01"),
            early_days: 2,
            holidays: vec![(date("2026-12-31"), "大晦日".into())],
        },
        Reason::ClosedInWindow(vec![closure]),
        Reason::NoRoomBeforeDue,
        Reason::ClosedOnWeekdays(vec![Weekday::Mon, Weekday::Tue]),
        Reason::RepGoesHome { rep: "R1".into() },
        Reason::Cancelled { at_s: 14 * 3600 + 300 },
        Reason::CannotWorkDay { shift, distance_m: 250_000, drive_s: 11_000 },
        Reason::Text("closed on Mondays".into()),
    ]
}

#[cfg(test)]
mod change_tests {
    use super::*;

    fn slot(rep: &str, start_s: Seconds) -> Slot {
        Slot { rep: rep.into(), start_s }
    }

    #[test]
    fn every_change_a_replan_writes_reads_back_to_its_values() {
        let changes = [
            ChangeReason::Urgent { priority: "high".into(), now: slot("R1", 11 * 3600 + 30 * 60) },
            ChangeReason::UrgentLater { why: Reason::RepGoesHome { rep: "R1".into() } },
            ChangeReason::Cancelled { at_s: 10 * 3600 + 1800, was: slot("R2", 12 * 3600) },
            ChangeReason::Moved { now: slot("R2", 13 * 3600), was: slot("R1", 9 * 3600 + 5 * 60) },
            ChangeReason::Later { why: Reason::RepGoesHome { rep: "R1".into() }, was: slot("R1", 15 * 3600) },
        ];
        for change in changes {
            let text = change.to_string();
            let back = ChangeReason::parse(&text);
            assert_eq!(format!("{back:?}"), format!("{change:?}"), "{text}");
        }
        assert_eq!(
            ChangeReason::Moved { now: slot("R2", 13 * 3600), was: slot("R1", 9 * 3600) }.to_string(),
            "R2 at 13:00; was R1 at 09:00"
        );
    }

    #[test]
    fn a_plan_stored_before_reads_its_rep_gone_home_back_too() {
        let stored = "rep R1 goes home and no other rep's day is re-planned; give --team to hand it over; was R1 at 15:00";
        let back = ChangeReason::parse(stored);
        let expected =
            ChangeReason::Later { why: Reason::RepGoesHome { rep: "R1".into() }, was: slot("R1", 15 * 3600) };
        assert_eq!(format!("{back:?}"), format!("{expected:?}"));
    }

    #[test]
    fn another_sentence_is_kept_as_written() {
        for text in ["moved for a reason of its own", "no rep has 30 more minutes free; was R1 at 25:99"] {
            assert!(matches!(ChangeReason::parse(text), ChangeReason::Text(t) if t == text));
        }
        let later =
            ChangeReason::parse("no rep has 30 more minutes free in their shift today; was R1 at 15:00");
        assert!(matches!(later, ChangeReason::Later { why: Reason::Text(_), .. }));
    }
}
