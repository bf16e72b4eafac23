//! Dated closures of accounts: a shop closed for renovation, a customer's
//! company holiday (`closures.csv`).
//!
//! On a day of a closure the account is not visited. When it is due then,
//! the day plan lists it as not covered with the closure as its reason
//! ("A17 is closed 2026-12-07 to 2026-12-18: renovation"), and the week
//! planner moves the visit before the closure when its interval allows, else
//! after it. Weekly closed days are the opening hours' business
//! ([`super::OpeningHours`]); a closure is for dates. An account whose hours
//! close on public holidays (`土日祝`) is closed on each of Japan's as by a
//! closure of that day, whether or not the team works it.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::Country;
use crate::model::Account;

/// One account closed over one or more days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closure {
    /// The account's id.
    pub account: String,
    /// First day closed.
    pub from: NaiveDate,
    /// Last day closed (inclusive).
    pub to: NaiveDate,
    /// Why (renovation, inventory); may be empty.
    pub note: String,
}

impl Closure {
    /// Whether the closure concerns `account` on `date`.
    pub fn covers(&self, account: &str, date: NaiveDate) -> bool {
        self.account == account && self.from <= date && date <= self.to
    }

    /// "A17 is closed 2026-12-07 to 2026-12-18: renovation", or "A17 is
    /// closed on 2026-12-07" for one day without a note.
    pub fn describe(&self) -> String {
        let days = if self.from == self.to {
            format!("on {}", self.from)
        } else {
            format!("{} to {}", self.from, self.to)
        };
        let note = if self.note.is_empty() { String::new() } else { format!(": {}", self.note) };
        format!("{} is closed {days}{note}", self.account)
    }
}

/// Every closure of a region's accounts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closures {
    /// In file order.
    pub list: Vec<Closure>,
}

impl Closures {
    /// The first closure (in file order) of `account` on `date`, if any; for
    /// an account closed on public holidays, a Japanese public holiday is a
    /// closure of that day, named by the holiday.
    pub fn on(&self, account: &Account, date: NaiveDate) -> Option<Cow<'_, Closure>> {
        if let Some(closure) = self.list.iter().find(|c| c.covers(&account.id, date)) {
            return Some(Cow::Borrowed(closure));
        }
        if !account.hours.closes_on_public_holidays() {
            return None;
        }
        let holiday = Country::Japan.holiday_on(date)?;
        Some(Cow::Owned(Closure {
            account: account.id.clone(),
            from: date,
            to: date,
            note: holiday.to_string(),
        }))
    }

    /// Whether `account` is closed on `date` by a closure.
    pub fn is_closed(&self, account: &Account, date: NaiveDate) -> bool {
        self.on(account, date).is_some()
    }

    /// Why `account` is not visited on `date` ([`Closure::describe`]), or
    /// `None` when no closure covers it.
    pub fn reason(&self, account: &Account, date: NaiveDate) -> Option<String> {
        self.on(account, date).map(|closure| closure.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_closure_covers_its_days_and_says_why() {
        let set = Closures {
            list: vec![
                Closure {
                    account: "A17".into(),
                    from: d("2026-12-07"),
                    to: d("2026-12-18"),
                    note: "renovation".into(),
                },
                Closure {
                    account: "A2".into(),
                    from: d("2026-12-09"),
                    to: d("2026-12-09"),
                    note: String::new(),
                },
            ],
        };
        let account = |id: &str| Account::new(id, crate::model::LatLon { lat: 34.7, lon: 135.5 }, 1800, 7);
        let (a17, a2, a3) = (account("A17"), account("A2"), account("A3"));
        assert!(set.is_closed(&a17, d("2026-12-07")));
        assert!(set.is_closed(&a17, d("2026-12-18")));
        assert!(!set.is_closed(&a17, d("2026-12-19")));
        assert!(!set.is_closed(&a2, d("2026-12-08")));
        assert_eq!(
            set.reason(&a17, d("2026-12-10")).unwrap(),
            "A17 is closed 2026-12-07 to 2026-12-18: renovation"
        );
        assert_eq!(set.reason(&a2, d("2026-12-09")).unwrap(), "A2 is closed on 2026-12-09");
        assert_eq!(set.reason(&a3, d("2026-12-09")), None);
    }

    #[test]
    fn an_account_closed_on_public_holidays_is_closed_on_each_of_japans() {
        let mut shop = Account::new("A5", crate::model::LatLon { lat: 34.7, lon: 135.5 }, 1800, 7);
        let none = Closures::default();
        assert!(!none.is_closed(&shop, d("2026-11-23")), "open on holidays unless its hours say");
        shop.hours.close_on_public_holidays();
        assert_eq!(none.reason(&shop, d("2026-11-23")).unwrap(), "A5 is closed on 2026-11-23: 勤労感謝の日");
        assert!(none.is_closed(&shop, d("2026-09-22")), "国民の休日");
        assert!(!none.is_closed(&shop, d("2026-11-24")));
        assert!(!none.is_closed(&shop, d("2150-01-01")), "outside the calendar's years");
    }
}
