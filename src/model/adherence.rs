//! Adherence: were the planned visits done, and was every account seen in time?
//!
//! [`adherence`] reads the visit log ([`super::visit_log`]) over a period
//! from `from` to `to` (inclusive) and says, for the team and per rep:
//!
//! - the visits **planned** (every line of the log in the period: `rounds
//!   record` writes one per planned visit), **done** (`visited`) and
//!   **skipped**, counted for the rep named on the line;
//! - the accounts **seen within their interval**: no day of the period on
//!   which the account was overdue, that is, every day had a visit no more
//!   than `every_days` days before it (the account's `last_visit` column and
//!   the log's visits both count, as they do for planning);
//! - the accounts **overdue** on `to`, with the days since they fell due,
//!   worst first; an account never visited comes first of all, as it is
//!   due from the start.
//!
//! An account belongs to its territory's rep, else to the rep of its latest
//! line in the log up to `to`; an account with neither counts for the team only.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};

use super::visit_log::{VisitRecord, VisitStatus};
use super::{Account, Region};

/// Visits planned, done and skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VisitCounts {
    /// Lines of the log: every visit a plan held.
    pub planned: usize,
    /// Lines marked `visited`.
    pub done: usize,
    /// Lines marked `skipped`.
    pub skipped: usize,
}

impl VisitCounts {
    /// The share of planned visits done, 0 to 1; `None` when nothing was planned.
    pub fn done_share(&self) -> Option<f64> {
        (self.planned > 0).then(|| self.done as f64 / self.planned as f64)
    }

    fn add(&mut self, status: VisitStatus) {
        self.planned += 1;
        match status {
            VisitStatus::Visited => self.done += 1,
            VisitStatus::Skipped => self.skipped += 1,
        }
    }
}

/// How many accounts were seen in time, of how many.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccountCounts {
    /// Accounts counted.
    pub accounts: usize,
    /// Of them, those never overdue during the period.
    pub in_interval: usize,
    /// Of them, those overdue on the last day.
    pub overdue: usize,
}

impl AccountCounts {
    /// The share of accounts seen within their interval, 0 to 1; `None` without accounts.
    pub fn in_interval_share(&self) -> Option<f64> {
        (self.accounts > 0).then(|| self.in_interval as f64 / self.accounts as f64)
    }
}

/// One rep's part.
#[derive(Clone, Debug, PartialEq)]
pub struct RepAdherence {
    /// Rep id (as the log names it, for a rep no longer in `reps.csv`).
    pub rep: String,
    /// The rep's visits in the period.
    pub visits: VisitCounts,
    /// The rep's accounts.
    pub accounts: AccountCounts,
}

/// An account overdue on the last day of the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueAccount {
    /// Index into the region's accounts.
    pub account: usize,
    /// The rep it belongs to, if any.
    pub rep: Option<String>,
    /// Its latest visit up to the last day; `None` when never visited.
    pub last_visit: Option<NaiveDate>,
    /// The day it fell due; `None` when never visited.
    pub due: Option<NaiveDate>,
    /// Days from falling due to the last day; `None` when never visited.
    pub days_overdue: Option<i64>,
}

/// The adherence of a team over a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Adherence {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// The team's visits.
    pub visits: VisitCounts,
    /// The team's accounts: all of the region's.
    pub accounts: AccountCounts,
    /// The region's reps in file order, then reps only the log names, by id.
    pub reps: Vec<RepAdherence>,
    /// Accounts overdue on `to`, worst first.
    pub overdue: Vec<OverdueAccount>,
}

/// The adherence of `region`'s team from `from` to `to` (inclusive) by the
/// visit `log`. Log lines outside the period count only as the visits before
/// it that accounts' intervals start from. `from` must not be after `to`.
pub fn adherence(region: &Region, log: &[VisitRecord], from: NaiveDate, to: NaiveDate) -> Adherence {
    let index: HashMap<&str, usize> =
        region.accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let mut visits = VisitCounts::default();
    let mut per_rep: BTreeMap<&str, VisitCounts> = BTreeMap::new();
    let mut seen: Vec<Vec<NaiveDate>> = vec![Vec::new(); region.accounts.len()];
    let mut latest_rep: Vec<Option<(NaiveDate, &str)>> = vec![None; region.accounts.len()];
    for record in log.iter().filter(|r| r.date <= to) {
        let Some(&a) = index.get(record.account.as_str()) else { continue };
        if record.status == VisitStatus::Visited {
            seen[a].push(record.date);
        }
        if latest_rep[a].is_none_or(|(date, _)| date <= record.date) {
            latest_rep[a] = Some((record.date, record.rep.as_str()));
        }
        if record.date >= from {
            visits.add(record.status);
            per_rep.entry(record.rep.as_str()).or_default().add(record.status);
        }
    }

    let mut accounts = AccountCounts::default();
    let mut rep_accounts: HashMap<&str, AccountCounts> = HashMap::new();
    let mut overdue = Vec::new();
    for (a, account) in region.accounts.iter().enumerate() {
        let mut dates = std::mem::take(&mut seen[a]);
        dates.extend(account.last_visit.filter(|&d| d <= to));
        dates.sort_unstable();
        let rep = account.territory.as_deref().or(latest_rep[a].map(|(_, rep)| rep));
        let in_interval = never_overdue(account, &dates, from, to);
        let last_visit = dates.last().copied();
        let due = last_visit.map(|d| d + Days::new(u64::from(account.every_days)));
        let late = match due {
            None => Some(None),
            Some(due) if due < to => Some(Some((to - due).num_days())),
            Some(_) => None,
        };
        for counts in std::iter::once(&mut accounts).chain(rep.map(|r| rep_accounts.entry(r).or_default())) {
            counts.accounts += 1;
            counts.in_interval += usize::from(in_interval);
            counts.overdue += usize::from(late.is_some());
        }
        if let Some(days_overdue) = late {
            overdue.push(OverdueAccount {
                account: a,
                rep: rep.map(str::to_string),
                last_visit,
                due,
                days_overdue,
            });
        }
    }
    // Never visited first, then the most days overdue; ties in file order.
    overdue.sort_by_key(|o| (o.days_overdue.map_or(0, |_| 1), std::cmp::Reverse(o.days_overdue), o.account));

    let mut names: Vec<&str> = region.reps.iter().map(|r| r.id.as_str()).collect();
    let mut others: Vec<&str> =
        per_rep.keys().chain(rep_accounts.keys()).copied().filter(|r| !names.contains(r)).collect();
    others.sort_unstable();
    others.dedup();
    names.extend(others);
    let reps = names
        .into_iter()
        .map(|rep| RepAdherence {
            rep: rep.to_string(),
            visits: per_rep.get(rep).copied().unwrap_or_default(),
            accounts: rep_accounts.get(rep).copied().unwrap_or_default(),
        })
        .collect();
    Adherence { from, to, visits, accounts, reps, overdue }
}

/// Whether every day from `from` to `to` had a visit (in `dates`, sorted)
/// at most the account's interval before it.
fn never_overdue(account: &Account, dates: &[NaiveDate], from: NaiveDate, to: NaiveDate) -> bool {
    let every = Days::new(u64::from(account.every_days));
    // The visit covering `from`, then each later one, must each reach the next.
    let mut covered_until = match dates.iter().rev().find(|&&d| d <= from) {
        Some(&last) => last + every,
        None => return false,
    };
    for &date in dates.iter().filter(|&&d| d > from) {
        if date > covered_until {
            return false;
        }
        covered_until = covered_until.max(date + every);
    }
    covered_until >= to
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LatLon;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn account(id: &str, every_days: u32, last_visit: Option<&str>, territory: Option<&str>) -> Account {
        Account {
            last_visit: last_visit.map(date),
            territory: territory.map(String::from),
            ..Account::new(id, LatLon { lat: 60.17, lon: 24.94 }, 600, every_days)
        }
    }

    fn line(account: &str, day: &str, rep: &str, status: VisitStatus) -> VisitRecord {
        VisitRecord { account: account.into(), date: date(day), rep: rep.into(), status }
    }

    fn region() -> Region {
        let rep = |id: &str| crate::model::Rep {
            id: id.into(),
            name: String::new(),
            start: LatLon { lat: 60.17, lon: 24.94 },
            end: LatLon { lat: 60.17, lon: 24.94 },
            shift: crate::model::TimeWindow::new(8 * 3600, 16 * 3600).into(),
            lunch: None,
            max_visits: None,
        };
        Region {
            accounts: vec![
                // Seen on time: visited 11-01 (from the column), 11-06, 11-13.
                account("ON", 7, Some("2026-11-01"), None),
                // Due 11-09, visited 11-12 (late), then due 11-19 and not seen: 11 days overdue.
                account("LATE", 7, Some("2026-11-02"), Some("R2")),
                // Due 11-05, never seen again: 25 days overdue on 11-30.
                account("OVER", 14, Some("2026-10-22"), None),
                // Never visited at all.
                account("NEW", 28, None, None),
                // Skipped only: overdue since 11-20.
                account("SKIP", 28, Some("2026-10-23"), None),
            ],
            reps: vec![rep("R1"), rep("R2")],
            ..Default::default()
        }
    }

    fn log() -> Vec<VisitRecord> {
        use VisitStatus::*;
        vec![
            line("OVER", "2026-10-22", "R1", Visited),
            line("ON", "2026-11-06", "R1", Visited),
            line("LATE", "2026-11-12", "R1", Visited),
            line("ON", "2026-11-13", "R1", Visited),
            line("SKIP", "2026-11-20", "R2", Skipped),
            line("ON", "2026-11-20", "R1", Visited),
            line("ON", "2026-11-27", "X9", Visited),
            // After the period: not counted, and not a visit before its end.
            line("OVER", "2026-12-01", "R1", Visited),
        ]
    }

    #[test]
    fn counts_planned_done_and_skipped_per_rep_and_team() {
        let report = adherence(&region(), &log(), date("2026-11-01"), date("2026-11-30"));
        assert_eq!(report.visits, VisitCounts { planned: 6, done: 5, skipped: 1 });
        let reps: Vec<(&str, VisitCounts)> = report.reps.iter().map(|r| (r.rep.as_str(), r.visits)).collect();
        assert_eq!(
            reps,
            [
                ("R1", VisitCounts { planned: 4, done: 4, skipped: 0 }),
                ("R2", VisitCounts { planned: 1, done: 0, skipped: 1 }),
                ("X9", VisitCounts { planned: 1, done: 1, skipped: 0 }),
            ]
        );
        assert_eq!(report.visits.done_share(), Some(5.0 / 6.0));
    }

    #[test]
    fn accounts_seen_in_time_and_overdue_worst_first() {
        let region = region();
        let report = adherence(&region, &log(), date("2026-11-01"), date("2026-11-30"));
        assert_eq!(report.accounts, AccountCounts { accounts: 5, in_interval: 1, overdue: 4 });
        let overdue: Vec<(&str, Option<i64>)> =
            report.overdue.iter().map(|o| (region.accounts[o.account].id.as_str(), o.days_overdue)).collect();
        assert_eq!(overdue, [("NEW", None), ("OVER", Some(25)), ("LATE", Some(11)), ("SKIP", Some(10))]);
        assert_eq!(report.overdue[1].due, Some(date("2026-11-05")));
        assert_eq!(report.overdue[1].last_visit, Some(date("2026-10-22")));
        // LATE is R2's by territory although R1 visited it; SKIP is R2's by its latest line.
        let r2 = &report.reps[1];
        assert_eq!(r2.accounts, AccountCounts { accounts: 2, in_interval: 0, overdue: 2 });
        assert_eq!(report.reps[0].accounts, AccountCounts { accounts: 1, in_interval: 0, overdue: 1 });
        // ON's latest line names X9, a rep only the log knows.
        assert_eq!(report.reps[2].accounts, AccountCounts { accounts: 1, in_interval: 1, overdue: 0 });
    }

    #[test]
    fn an_interval_is_kept_when_every_day_has_a_recent_enough_visit() {
        let a = account("A", 7, None, None);
        let days = |list: &[&str]| list.iter().map(|d| date(d)).collect::<Vec<_>>();
        let (from, to) = (date("2026-11-01"), date("2026-11-15"));
        assert!(never_overdue(&a, &days(&["2026-10-31", "2026-11-07", "2026-11-14"]), from, to));
        assert!(!never_overdue(&a, &days(&["2026-11-01", "2026-11-09"]), from, to), "a gap of 8 days");
        assert!(
            !never_overdue(&a, &days(&["2026-11-02", "2026-11-08"]), from, to),
            "nothing before the start"
        );
        assert!(!never_overdue(&a, &days(&["2026-11-01", "2026-11-07"]), from, to), "due on 11-14, not seen");
    }
}
