//! The horizon's calendar: which days are planned, who works a weekend
//! day, and when each account may, and when it must, be visited.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{is_preferred, working_days, WeekOptions};
use crate::model::reason::Reason;
use crate::model::{Account, Appointments, Closure, Closures, Holidays, Region, Urgency};

/// The horizon's working days and the rules of when a visit may happen.
pub(super) struct Calendar {
    /// The days planned: the working days, and the days off from the first
    /// day asked to the last working day that hold appointments.
    pub(super) days: Vec<NaiveDate>,
    /// The first working day: an account never visited falls due on it.
    pub(super) first: NaiveDate,
    /// The region's holidays, which are not working days.
    pub(super) holidays: Holidays,
    /// Saturday's and Sunday's reps: the ids of those whose shift names the
    /// day ([`crate::model::Shift::names`]); a weekend day none works is off.
    pub(super) weekend_reps: [Vec<String>; 2],
    /// Account id to the id of the rep who visits it over the horizon
    /// (`select`), once known: on a weekend an account is offered only when
    /// that rep works, so that a rep's Saturday does not fill with the
    /// visits of the reps at home.
    pub(super) owners: HashMap<String, String>,
    /// The accounts' closures, days on which they are not visited.
    pub(super) closures: Closures,
    /// The next working day after the horizon: a visit due before it falls due within the horizon.
    pub(super) end: NaiveDate,
    pub(super) early_days: u32,
    /// The region's appointments, which replace due visits less than an interval before them.
    pub(super) appointments: Appointments,
}

/// Whether and how an account is offered on a day.
pub(super) enum Offer {
    /// Not today: closed, not yet in its window, or due after the horizon.
    No,
    /// Today: due, overdue, or its last chance before falling due.
    Must(Urgency),
    /// Today or on one of the `later_days` open working days before it
    /// falls due; `preferred` when today is one of the account's preferred days.
    Early { urgency: Urgency, later_days: usize, preferred: bool },
}

impl Calendar {
    pub(super) fn new(options: &WeekOptions, region: &Region) -> Self {
        let holidays = &region.holidays;
        let mut days = working_days(options.from, options.days, region);
        let end = days.last().map_or(options.from, |last| {
            working_days(*last + Days::new(1), 1, region).first().copied().unwrap_or(NaiveDate::MAX)
        });
        let first = days.first().copied().unwrap_or(options.from);
        if let Some(&last) = days.last() {
            let off = region.appointments.list.iter().map(|a| a.date);
            days.extend(off.filter(|d| options.from <= *d && *d < last && !region.is_working_day(*d)));
            days.sort_unstable();
            days.dedup();
        }
        let named = |day: Weekday| -> Vec<String> {
            region.reps.iter().filter(|r| r.shift.names(day)).map(|r| r.id.clone()).collect()
        };
        Calendar {
            days,
            first,
            holidays: holidays.clone(),
            weekend_reps: [named(Weekday::Sat), named(Weekday::Sun)],
            owners: HashMap::new(),
            closures: region.closures.clone(),
            end,
            early_days: options.early_days,
            appointments: region.appointments.clone(),
        }
    }

    /// The reps who work `date` when it is a Saturday or Sunday (`None` on
    /// Monday to Friday).
    pub(super) fn weekend(&self, date: NaiveDate) -> Option<&[String]> {
        match date.weekday() {
            Weekday::Sat => Some(&self.weekend_reps[0]),
            Weekday::Sun => Some(&self.weekend_reps[1]),
            _ => None,
        }
    }

    /// Whether `date` is a working day ([`Region::is_working_day`]), not a
    /// day off planned for its appointments only.
    pub(super) fn is_working(&self, date: NaiveDate) -> bool {
        !self.holidays.contains(date) && self.weekend(date).is_none_or(|reps| !reps.is_empty())
    }

    /// The reps of a weekend working day, `None` on any other day.
    pub(super) fn weekend_team(&self, date: NaiveDate) -> Option<&[String]> {
        self.weekend(date).filter(|reps| !reps.is_empty() && !self.holidays.contains(date))
    }

    /// Whether the rep who visits the account works `date`: any rep Monday
    /// to Friday (the day's shifts then decide); on a weekend its rep
    /// ([`Calendar::owners`], else its territory's), or any of that day's
    /// reps while reps are still being given their accounts.
    pub(super) fn serves(&self, account: &Account, date: NaiveDate) -> bool {
        let owner = self.owners.get(&account.id).or(account.territory.as_ref());
        self.weekend(date).is_none_or(|reps| match owner {
            Some(only) => reps.contains(only),
            None => !reps.is_empty(),
        })
    }

    /// When the account's next visit falls due, given its (rolled) last
    /// visit; an account never visited is due on the first day.
    pub(super) fn due(&self, account: &Account, last_visit: Option<NaiveDate>) -> NaiveDate {
        last_visit.map_or(self.first, |d| d + Days::new(u64::from(account.every_days)))
    }

    /// Whether the account may be visited on `date`: a working day (not a
    /// day off planned for its appointments only), open that weekday and not
    /// closed by a closure.
    pub(super) fn is_open(&self, account: &Account, date: NaiveDate) -> bool {
        self.is_working(date)
            && self.serves(account, date)
            && account.hours.is_open_on(date.weekday())
            && !self.closures.is_closed(account, date)
    }

    /// The first day a visit due on `due` may happen: `early_days` before,
    /// or, when a closure covers the due date, as early as half the
    /// account's interval before, so that the visit can come before the
    /// closure without the customer seeing the rep twice in quick succession.
    pub(super) fn earliest(&self, account: &Account, due: NaiveDate) -> NaiveDate {
        let days = if self.closures.is_closed(account, due) {
            self.early_days.max(account.every_days / 2)
        } else {
            self.early_days
        };
        due - Days::new(u64::from(days))
    }

    /// How the account is offered on working day `day`.
    pub(super) fn offer(&self, account: &Account, last_visit: Option<NaiveDate>, day: usize) -> Offer {
        let date = self.days[day];
        let due = self.due(account, last_visit).max(self.first);
        let offered_today =
            self.is_working(date) && self.serves(account, date) && account.hours.is_open_on(date.weekday());
        if !offered_today || due >= self.end || self.appointments.ahead(account, date).is_some() {
            return Offer::No;
        }
        if due <= date {
            // Due on a day of a closure: offered all the same, so that the
            // day's plan lists it as not covered, with the closure as the reason.
            let days_overdue = last_visit.map(|_| (date - self.due(account, last_visit)).num_days());
            return Offer::Must(Urgency::Due { days_overdue });
        }
        if !self.is_open(account, date) || self.earliest(account, due) > date {
            return Offer::No;
        }
        let later: Vec<NaiveDate> = self.days[day + 1..]
            .iter()
            .take_while(|&&d| d <= due)
            .filter(|&&d| self.is_open(account, d))
            .copied()
            .collect();
        let later_days = later.len();
        let urgency =
            Urgency::Planned { days_until_due: (due - date).num_days(), last_chance: later_days == 0 };
        let preferred = is_preferred(account, date);
        if later_days == 0 {
            Offer::Must(urgency)
        } else if !preferred && later.iter().any(|&d| is_preferred(account, d)) {
            // A preferred day comes before the due date: wait for it.
            Offer::No
        } else {
            Offer::Early { urgency, later_days, preferred }
        }
    }

    /// The days (indices from `first` on) on which the account's visits
    /// would happen if each were made on its due date (or the last open
    /// working day before it, or the first after it when none is), each
    /// rolling the next due date forward.
    pub(super) fn naive_days(
        &self,
        account: &Account,
        mut last_visit: Option<NaiveDate>,
        first: usize,
    ) -> Vec<usize> {
        let mut days = Vec::new();
        let mut from = first;
        loop {
            let due = self.due(account, last_visit);
            if due.max(self.first) >= self.end {
                return days;
            }
            let open = |d: &usize| self.is_open(account, self.days[*d]);
            let on_time = (from..self.days.len()).rev().filter(|&d| self.days[d] <= due).find(open);
            let Some(day) = on_time.or_else(|| (from..self.days.len()).find(open)) else {
                return days;
            };
            days.push(day);
            last_visit = Some(self.days[day]);
            from = day + 1;
        }
    }

    /// Why a visit due on `due` had no open working day in its window (the
    /// only way a visit is late without a day plan having left it out).
    pub(super) fn window_reason(&self, account: &Account, due: NaiveDate) -> Reason {
        let start = self.earliest(account, due).max(self.first);
        let window: Vec<NaiveDate> = start.iter_days().take_while(|d| *d <= due.max(start)).collect();
        let working: Vec<NaiveDate> = window.iter().copied().filter(|d| self.is_working(*d)).collect();
        let holidays: Vec<(NaiveDate, String)> =
            window.iter().filter_map(|d| Some((*d, self.holidays.name(*d)?.to_string()))).collect();
        let mut closures: Vec<Closure> = Vec::new();
        for date in &working {
            if let Some(closure) = self.closures.on(account, *date) {
                if !closures.iter().any(|c| c.describe() == closure.describe()) {
                    closures.push(closure.into_owned());
                }
            }
        }
        let mut closed: Vec<Weekday> = Vec::new();
        for date in working.iter().filter(|d| !account.hours.is_open_on(d.weekday())) {
            if !closed.contains(&date.weekday()) {
                closed.push(date.weekday());
            }
        }
        if working.is_empty() {
            Reason::NoWorkingDay { due, early_days: self.early_days, holidays }
        } else if !closures.is_empty() {
            Reason::ClosedInWindow(closures)
        } else if closed.is_empty() {
            Reason::NoRoomBeforeDue
        } else {
            Reason::ClosedOnWeekdays(closed)
        }
    }
}
