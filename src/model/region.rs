//! Accounts and reps as the user gave them: the immutable input of every command.

use chrono::{Datelike, NaiveDate, Weekday};

use super::calendar::{Absences, Appointments, Closures, Holidays, OpeningHours, Shift};
use super::time::{Seconds, TimeWindow};

/// A point in WGS84 degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    /// Latitude in degrees, -90..=90.
    pub lat: f64,
    /// Longitude in degrees, -180..=180.
    pub lon: f64,
}

/// How much an account matters when not every due account fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Priority {
    /// Visited last when time is short.
    Low,
    /// The default.
    #[default]
    Normal,
    /// Covered first.
    High,
}

impl Priority {
    /// Parses `high`, `normal` or `low` (any case), or Japanese `高`, `中`
    /// (`普通`, `通常`) or `低`; empty means normal.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "normal" | "中" | "普通" | "通常" => Ok(Priority::Normal),
            "high" | "高" => Ok(Priority::High),
            "low" | "低" => Ok(Priority::Low),
            other => Err(format!("`{other}` is not a priority (high, normal or low; or 高, 中, 低)")),
        }
    }

    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
        }
    }
}

/// A customer account a rep visits regularly.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    /// Unique id from the CRM.
    pub id: String,
    /// Display name; may be empty.
    pub name: String,
    /// Postal address as the CRM writes it (any script); may be empty. Carried
    /// to every output so a rep's phone can find the door, never used to plan.
    pub address: String,
    /// Where the visit happens.
    pub location: LatLon,
    /// How long a visit takes.
    pub service_s: Seconds,
    /// Opening hours by weekday: a visit starts and ends inside one of that
    /// day's windows; no windows means any time in the shift; a weekday
    /// without hours (or in the `closed` column) is closed.
    pub hours: OpeningHours,
    /// Visit frequency in days.
    pub every_days: u32,
    /// Date of the last visit; `None` when never visited.
    pub last_visit: Option<NaiveDate>,
    /// Importance when not everything fits.
    pub priority: Priority,
    /// The id of the only rep allowed to visit, if any.
    pub territory: Option<String>,
    /// The weekdays the customer expects the rep (Monday first, no repeats);
    /// empty for any day. The week planner honours them when it costs
    /// little; they are never a rule the validator enforces.
    pub preferred_days: Vec<Weekday>,
}

impl Account {
    /// An account with the required columns of accounts.csv given and every
    /// optional one at its default: no name, any time of day, never visited,
    /// normal priority, open every day, any rep, no address, no preferred day.
    pub fn new(id: impl Into<String>, location: LatLon, service_s: Seconds, every_days: u32) -> Account {
        Account {
            id: id.into(),
            name: String::new(),
            address: String::new(),
            location,
            service_s,
            hours: OpeningHours::always(),
            every_days,
            last_visit: None,
            priority: Priority::Normal,
            territory: None,
            preferred_days: Vec::new(),
        }
    }
}

/// An optional mid-shift break: `duration_s` long, starting inside `start_window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakRule {
    /// When the break may start.
    pub start_window: TimeWindow,
    /// How long it lasts.
    pub duration_s: Seconds,
}

/// A sales rep with a working day.
#[derive(Clone, Debug, PartialEq)]
pub struct Rep {
    /// Unique id.
    pub id: String,
    /// Display name; may be empty.
    pub name: String,
    /// Where the day starts (usually home).
    pub start: LatLon,
    /// Where the day ends.
    pub end: LatLon,
    /// The working hours by weekday: leave no earlier than the day's start,
    /// be back by its end; no hours on a day off.
    pub shift: Shift,
    /// The lunch break, if the rep takes one.
    pub lunch: Option<BreakRule>,
    /// Most visits in one day, if limited.
    pub max_visits: Option<u32>,
}

impl Rep {
    /// The shift on `date`'s weekday, `None` on a day off. Absences are
    /// not counted here: what the rep works is [`Region::working_window`].
    pub fn shift_on(&self, date: NaiveDate) -> Option<TimeWindow> {
        self.shift.on(date.weekday())
    }
}

/// Everything a region folder holds.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Region {
    /// The accounts, in file order.
    pub accounts: Vec<Account>,
    /// The reps, in file order.
    pub reps: Vec<Rep>,
    /// The days nobody is sent out (`holidays.csv` / `holidays.ics`, built-in calendars).
    pub holidays: Holidays,
    /// Days or parts of days reps do not work (`absences.csv`).
    pub absences: Absences,
    /// Dates accounts are closed (`closures.csv`).
    pub closures: Closures,
    /// Visits agreed with customers for a date and time (`appointments.csv`).
    pub appointments: Appointments,
}

impl Region {
    /// Index of the rep with this id.
    pub fn rep_index(&self, id: &str) -> Option<usize> {
        self.reps.iter().position(|r| r.id == id)
    }

    /// Index of the account with this id.
    pub fn account_index(&self, id: &str) -> Option<usize> {
        self.accounts.iter().position(|a| a.id == id)
    }

    /// Whether the multi-day planners (`week`, `book`, `territories`) count
    /// `date` as a working day: Monday to Friday, or a Saturday or Sunday
    /// that some rep's shift names ([`Shift::names`]); never a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.holidays.is_working_day(date)
            || (!self.holidays.contains(date) && self.reps.iter().any(|r| r.shift.names(date.weekday())))
    }

    /// The time rep `rep` (an index) works on `date`: that weekday's shift
    /// less their absences ([`Absences::working_window`]), `None` when they
    /// do not work: a day off in the shift, or absent all of it.
    pub fn working_window(&self, rep: usize, date: NaiveDate) -> Option<TimeWindow> {
        let rep = &self.reps[rep];
        self.absences.working_window(&rep.id, date, rep.shift_on(date)?)
    }

    /// The windows a visit to account `account` (an index) lies in on
    /// `date`: that weekday's opening hours (empty: any time in the shift),
    /// `None` when it is closed, on that weekday or by a closure.
    pub fn visit_windows(&self, account: usize, date: NaiveDate) -> Option<&[TimeWindow]> {
        let account = &self.accounts[account];
        if self.closures.is_closed(account, date) {
            return None;
        }
        account.hours.windows_on(date.weekday())
    }

    /// Every place of the region in one fixed order: the accounts in file
    /// order, then every rep's start, then every rep's end. A given travel
    /// matrix's rows follow this order, and maps frame exactly these places.
    pub fn locations(&self) -> Vec<LatLon> {
        let accounts = self.accounts.iter().map(|a| a.location);
        let starts = self.reps.iter().map(|r| r.start);
        let ends = self.reps.iter().map(|r| r.end);
        accounts.chain(starts).chain(ends).collect()
    }
}
