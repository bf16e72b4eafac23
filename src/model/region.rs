//! Accounts and reps as the user gave them: the immutable input of every command.

use chrono::{NaiveDate, Weekday};

use super::calendar::{Absences, Appointments, Holidays};
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
    /// Parses `high`, `normal` or `low` (any case); empty means normal.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "normal" => Ok(Priority::Normal),
            "high" => Ok(Priority::High),
            "low" => Ok(Priority::Low),
            other => Err(format!("`{other}` is not a priority (high, normal or low)")),
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
    /// Where the visit happens.
    pub location: LatLon,
    /// How long a visit takes.
    pub service_s: Seconds,
    /// Opening hours; a visit starts and ends inside one of them. Empty means any time in the shift.
    pub windows: Vec<TimeWindow>,
    /// Visit frequency in days.
    pub every_days: u32,
    /// Date of the last visit; `None` when never visited.
    pub last_visit: Option<NaiveDate>,
    /// Importance when not everything fits.
    pub priority: Priority,
    /// Weekdays on which the account is closed.
    pub closed: Vec<Weekday>,
    /// The id of the only rep allowed to visit, if any.
    pub territory: Option<String>,
}

impl Account {
    /// An account with the required columns of accounts.csv given and every
    /// optional one at its default: no name, any time of day, never visited,
    /// normal priority, never closed, any rep.
    pub fn new(id: impl Into<String>, location: LatLon, service_s: Seconds, every_days: u32) -> Account {
        Account {
            id: id.into(),
            name: String::new(),
            location,
            service_s,
            windows: Vec::new(),
            every_days,
            last_visit: None,
            priority: Priority::Normal,
            closed: Vec::new(),
            territory: None,
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
    /// Leave no earlier than `open_s`, be back by `close_s`.
    pub shift: TimeWindow,
    /// The lunch break, if the rep takes one.
    pub lunch: Option<BreakRule>,
    /// Most visits in one day, if limited.
    pub max_visits: Option<u32>,
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

    /// The time rep `rep` (an index) works on `date`: the shift less their
    /// absences ([`Absences::working_window`]), `None` when they do not work.
    pub fn working_window(&self, rep: usize, date: NaiveDate) -> Option<TimeWindow> {
        let rep = &self.reps[rep];
        self.absences.working_window(&rep.id, date, rep.shift)
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
