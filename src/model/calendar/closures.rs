//! Dated closures of accounts: a shop closed for renovation, a customer's
//! company holiday (`closures.csv`).
//!
//! On a day of a closure the account is not visited. When it is due then,
//! the day plan lists it as not covered with the closure as its reason
//! ("A17 is closed 2026-12-07 to 2026-12-18: renovation"), and the week
//! planner moves the visit before the closure when its interval allows, else
//! after it. Weekly closed days are the opening hours' business
//! ([`super::OpeningHours`]); a closure is for dates.

use chrono::NaiveDate;

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
    /// The first closure (in file order) of `account` on `date`, if any.
    pub fn on(&self, account: &str, date: NaiveDate) -> Option<&Closure> {
        self.list.iter().find(|c| c.covers(account, date))
    }

    /// Whether `account` is closed on `date` by a closure.
    pub fn is_closed(&self, account: &str, date: NaiveDate) -> bool {
        self.on(account, date).is_some()
    }

    /// Why `account` is not visited on `date` ([`Closure::describe`]), or
    /// `None` when no closure covers it.
    pub fn reason(&self, account: &str, date: NaiveDate) -> Option<String> {
        self.on(account, date).map(Closure::describe)
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
        assert!(set.is_closed("A17", d("2026-12-07")));
        assert!(set.is_closed("A17", d("2026-12-18")));
        assert!(!set.is_closed("A17", d("2026-12-19")));
        assert!(!set.is_closed("A2", d("2026-12-08")));
        assert_eq!(
            set.reason("A17", d("2026-12-10")).unwrap(),
            "A17 is closed 2026-12-07 to 2026-12-18: renovation"
        );
        assert_eq!(set.reason("A2", d("2026-12-09")).unwrap(), "A2 is closed on 2026-12-09");
        assert_eq!(set.reason("A3", d("2026-12-09")), None);
    }
}
