//! Visits agreed with the customer for a date and time (`appointments.csv`).
//!
//! An [`Appointment`] is kept or explained, never moved: on its date the
//! account is visited at its time (an exact start, waiting allowed before
//! it, or a start anywhere in a window) for its duration, by its rep when
//! one is named (else by any rep the account's territory allows), or the
//! plan lists it as not covered with the reason. That day the appointment
//! replaces the account's opening hours and closed weekdays, and on a
//! holiday the rep goes out for it alone.
//!
//! It is also the account's visit for the due rule: a due visit is not
//! planned while an appointment of the account lies less than one visit
//! interval ahead ([`Appointments::ahead`]), since the two would come
//! within one interval of each other; and once its date has passed, the
//! next due date counts from it ([`Appointments::apply_past`]).

use std::fmt;

use chrono::{Days, NaiveDate};

use crate::model::plan::{Plan, Unassigned};
use crate::model::time::{Hm, Seconds, TimeWindow};
use crate::model::Account;

/// When the visit of an appointment starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppointmentTime {
    /// Exactly then; the rep may arrive earlier and wait.
    At(Seconds),
    /// Any time in the window (both ends included); the visit may run past its end.
    Within(TimeWindow),
}

impl AppointmentTime {
    /// The earliest and latest start of the visit.
    pub fn starts(self) -> TimeWindow {
        match self {
            AppointmentTime::At(start_s) => TimeWindow::new(start_s, start_s),
            AppointmentTime::Within(window) => window,
        }
    }
}

impl fmt::Display for AppointmentTime {
    /// "at 10:00" or "10:00-11:00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppointmentTime::At(start_s) => write!(f, "at {}", Hm(*start_s)),
            AppointmentTime::Within(window) => write!(f, "{window}"),
        }
    }
}

/// One visit agreed with a customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appointment {
    /// The account's id.
    pub account: String,
    /// The day agreed.
    pub date: NaiveDate,
    /// When the visit starts.
    pub time: AppointmentTime,
    /// The rep agreed, if any; else any rep the account's territory allows.
    pub rep: Option<String>,
    /// How long the visit lasts (the account's service time unless the file says otherwise).
    pub duration_s: Seconds,
    /// Free text from the file (what the customer asked for); may be empty.
    pub note: String,
}

impl Appointment {
    /// "appointment 2026-12-03 at 10:00 with R1 (price talk)": the
    /// appointment in words, for reasons and messages.
    pub fn describe(&self) -> String {
        let rep = self.rep.as_deref().map(|r| format!(" with {r}")).unwrap_or_default();
        let note = if self.note.is_empty() { String::new() } else { format!(" ({})", self.note) };
        format!("appointment {} {}{rep}{note}", self.date, self.time)
    }
}

/// Every appointment of a region, at most one per account and day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Appointments {
    /// In file order.
    pub list: Vec<Appointment>,
}

impl Appointments {
    /// The appointments on `date`, in file order.
    pub fn on_date(&self, date: NaiveDate) -> impl Iterator<Item = &Appointment> {
        self.list.iter().filter(move |a| a.date == date)
    }

    /// The appointment of `account` on `date`, if any.
    pub fn of(&self, account: &str, date: NaiveDate) -> Option<&Appointment> {
        self.list.iter().find(|a| a.account == account && a.date == date)
    }

    /// The index (in [`Appointments::list`]) of the appointment of `account` on `date`, if any.
    pub fn index_of(&self, account: &str, date: NaiveDate) -> Option<usize> {
        self.list.iter().position(|a| a.account == account && a.date == date)
    }

    /// The first appointment of `account` after `date` and less than its
    /// visit interval (`every_days`) after it: a due visit on `date` would
    /// be followed by the appointment within one interval, so the
    /// appointment is the visit and nothing is planned for being due.
    pub fn ahead(&self, account: &Account, date: NaiveDate) -> Option<&Appointment> {
        let until = date + Days::new(u64::from(account.every_days));
        self.list
            .iter()
            .filter(|a| a.account == account.id && date < a.date && a.date < until)
            .min_by_key(|a| a.date)
    }

    /// The entries of `plan` that leave one of its day's appointments unkept.
    pub fn unkept<'p>(&'p self, plan: &'p Plan) -> impl Iterator<Item = &'p Unassigned> {
        plan.unassigned.iter().filter(|u| self.of(&u.account, plan.date).is_some())
    }

    /// Moves every account's last visit to its latest appointment before
    /// `date`, when later: an appointment that has passed was the visit, and
    /// the next due date counts from it.
    pub fn apply_past(&self, accounts: &mut [Account], date: NaiveDate) {
        for account in accounts {
            let latest =
                self.list.iter().filter(|a| a.account == account.id && a.date < date).map(|a| a.date).max();
            if latest > account.last_visit {
                account.last_visit = latest;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LatLon;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn appointment(account: &str, date: &str) -> Appointment {
        Appointment {
            account: account.into(),
            date: d(date),
            time: AppointmentTime::At(10 * 3600),
            rep: None,
            duration_s: 1800,
            note: String::new(),
        }
    }

    #[test]
    fn an_appointment_within_one_interval_ahead_is_the_visit() {
        let mut account = Account::new("A1", LatLon { lat: 60.0, lon: 25.0 }, 1800, 7);
        account.last_visit = Some(d("2026-11-24"));
        let set =
            Appointments { list: vec![appointment("A1", "2026-12-03"), appointment("B", "2026-12-01")] };
        assert_eq!(set.ahead(&account, d("2026-12-01")).map(|a| a.date), Some(d("2026-12-03")));
        assert_eq!(set.ahead(&account, d("2026-12-03")), None, "on the day it is the day's visit");
        assert_eq!(set.ahead(&account, d("2026-11-26")), None, "more than an interval ahead");
        let mut accounts = vec![account];
        set.apply_past(&mut accounts, d("2026-12-03"));
        assert_eq!(accounts[0].last_visit, Some(d("2026-11-24")));
        set.apply_past(&mut accounts, d("2026-12-04"));
        assert_eq!(accounts[0].last_visit, Some(d("2026-12-03")));
    }

    #[test]
    fn appointments_describe_themselves() {
        let mut a = appointment("A1", "2026-12-03");
        assert_eq!(a.describe(), "appointment 2026-12-03 at 10:00");
        a.time = AppointmentTime::Within(TimeWindow::new(36_000, 39_600));
        a.rep = Some("R2".into());
        a.note = "price talk".into();
        assert_eq!(a.describe(), "appointment 2026-12-03 10:00-11:00 with R2 (price talk)");
    }
}
