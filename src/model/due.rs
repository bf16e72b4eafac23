//! Which accounts are due on a date, and which may be visited early.
//!
//! An account is due on `date` when it was never visited or
//! `last_visit + every_days <= date`, and it is open on that weekday.
//! With a lookahead of N days, accounts falling due within the next N days
//! are offered as optional visits.

use chrono::{Datelike, NaiveDate};

use super::region::Account;

/// Whether a visit must happen today or is merely welcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Due today or overdue by `days_overdue` days (0 = due exactly today,
    /// `None` = never visited).
    Due {
        /// Days past the due date; `None` for an account never visited.
        days_overdue: Option<i64>,
    },
    /// Falls due in `days_until_due` days (1..=lookahead).
    Early {
        /// Days until the account falls due.
        days_until_due: i64,
    },
    /// Not due yet, but a multi-day plan ([`crate::planning::week`]) has put the visit
    /// on this day, ahead of its due date, to even out the rep's days.
    Planned {
        /// Days until the account falls due (1 or more).
        days_until_due: i64,
        /// Whether no later working day before the due date is open to it, so
        /// leaving it out today makes the visit late.
        last_chance: bool,
    },
}

/// An account offered for today, with why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Index into the region's accounts.
    pub account: usize,
    /// Due or early.
    pub urgency: Urgency,
}

impl Candidate {
    /// Whether the visit must be covered today.
    pub fn is_due(&self) -> bool {
        matches!(self.urgency, Urgency::Due { .. })
    }

    /// Whether leaving the visit out today makes it late: it is due, or
    /// today is its last chance before it falls due.
    pub fn must_cover(&self) -> bool {
        matches!(self.urgency, Urgency::Due { .. } | Urgency::Planned { last_chance: true, .. })
    }
}

/// The date on which the account next falls due; `None` when never visited.
pub fn next_due(account: &Account) -> Option<NaiveDate> {
    account.last_visit.map(|d| d + chrono::Days::new(u64::from(account.every_days)))
}

/// How urgent a visit to `account` is on `date`, whatever the weekday.
pub fn urgency(account: &Account, date: NaiveDate) -> Urgency {
    match next_due(account) {
        None => Urgency::Due { days_overdue: None },
        Some(d) if d <= date => Urgency::Due { days_overdue: Some((date - d).num_days()) },
        Some(d) => Urgency::Early { days_until_due: (d - date).num_days() },
    }
}

/// Every account due on `date`, followed by those due within `lookahead_days`
/// after it, skipping accounts closed on `date`'s weekday (their opening
/// hours). A dated closure does not hide a due account: the day plan lists
/// it as not covered, with the closure as the reason.
pub fn candidates(accounts: &[Account], date: NaiveDate, lookahead_days: u32) -> Vec<Candidate> {
    let weekday = date.weekday();
    let mut due = Vec::new();
    let mut early = Vec::new();
    for (index, account) in accounts.iter().enumerate() {
        if !account.hours.is_open_on(weekday) {
            continue;
        }
        let candidate = Candidate { account: index, urgency: urgency(account, date) };
        match candidate.urgency {
            Urgency::Due { .. } => due.push(candidate),
            Urgency::Early { days_until_due } if days_until_due <= i64::from(lookahead_days) => {
                early.push(candidate)
            }
            // `urgency` never says Planned: only the multi-day planner does.
            Urgency::Early { .. } | Urgency::Planned { .. } => {}
        }
    }
    due.extend(early);
    due
}

/// Indices of the accounts that must be covered on `date`.
pub fn due_accounts(accounts: &[Account], date: NaiveDate) -> Vec<usize> {
    candidates(accounts, date, 0).into_iter().map(|c| c.account).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::region::{LatLon, Priority};
    use crate::model::OpeningHours;
    use chrono::Weekday;

    fn account(last: Option<&str>, every: u32, closed: Vec<Weekday>) -> Account {
        let mut hours = OpeningHours::always();
        closed.into_iter().for_each(|d| hours.close(d));
        Account {
            id: "a".into(),
            name: String::new(),
            address: String::new(),
            location: LatLon { lat: 60.0, lon: 25.0 },
            service_s: 600,
            hours,
            every_days: every,
            last_visit: last.map(|s| s.parse().unwrap()),
            priority: Priority::Normal,
            territory: None,
            preferred_days: Vec::new(),
        }
    }

    #[test]
    fn due_rules_follow_the_frequency_and_closed_days() {
        let tue: NaiveDate = "2026-11-24".parse().unwrap();
        let accounts = vec![
            account(None, 7, vec![]),                           // never visited
            account(Some("2026-11-17"), 7, vec![]),             // due exactly today
            account(Some("2026-11-18"), 7, vec![]),             // due tomorrow
            account(Some("2026-11-01"), 7, vec![Weekday::Tue]), // overdue but closed today
            account(Some("2026-11-20"), 7, vec![]),             // due in 3 days
        ];
        assert_eq!(due_accounts(&accounts, tue), vec![0, 1]);
        let c = candidates(&accounts, tue, 2);
        assert_eq!(c.len(), 3);
        assert_eq!(c[1].urgency, Urgency::Due { days_overdue: Some(0) });
        assert_eq!(c[2], Candidate { account: 2, urgency: Urgency::Early { days_until_due: 1 } });
    }
}
