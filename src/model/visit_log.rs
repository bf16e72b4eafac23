//! The visit log: what actually happened, day by day, so that tomorrow's plan
//! knows which accounts were seen today without anyone editing
//! `accounts.csv` by hand.
//!
//! A [`VisitRecord`] says that a rep visited (or skipped) an account on a
//! date. `rounds record` turns a day's plan into records
//! ([`records_of_plan`]) and appends those the log does not have yet
//! ([`not_yet_recorded`]); planning with a log applies it to the region
//! ([`apply_log`]): an account's last visit is the later of its `last_visit`
//! column and the latest date the log records it *visited*. The file format
//! lives in [`crate::io::visit_log`].

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::plan::Plan;
use crate::model::Region;

/// Whether a planned visit happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VisitStatus {
    /// The rep visited the account.
    Visited,
    /// The visit was planned but did not happen; it does not count as a visit.
    Skipped,
}

impl VisitStatus {
    /// The name used in the log file.
    pub fn as_str(self) -> &'static str {
        match self {
            VisitStatus::Visited => "visited",
            VisitStatus::Skipped => "skipped",
        }
    }

    /// Parses `visited` or `skipped` (any case).
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "visited" => Ok(VisitStatus::Visited),
            "skipped" => Ok(VisitStatus::Skipped),
            _ => Err(format!("`{text}` is not a status; expected `visited` or `skipped`")),
        }
    }
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitRecord {
    /// Account id.
    pub account: String,
    /// The day of the visit.
    pub date: NaiveDate,
    /// The rep whose plan held the visit.
    pub rep: String,
    /// Whether it happened.
    pub status: VisitStatus,
}

/// One record per visit in `plan`, in route and stop order: `skipped` ones
/// marked so, the rest visited. Accounts the plan added for the day only
/// (urgent visits not in `accounts.csv`) are left out: the log names the
/// region's accounts, which a later plan must be able to find.
pub fn records_of_plan(plan: &Plan, skipped: &[String]) -> Vec<VisitRecord> {
    let added: HashSet<&str> = plan.added.iter().map(|a| a.id.as_str()).collect();
    plan.routes
        .iter()
        .flat_map(|route| route.stops.iter().map(move |stop| (route, stop)))
        .filter_map(|(route, stop)| match stop {
            crate::model::plan::Stop::Visit { account, .. } if !added.contains(account.as_str()) => {
                let status =
                    if skipped.contains(account) { VisitStatus::Skipped } else { VisitStatus::Visited };
                Some(VisitRecord {
                    account: account.clone(),
                    date: plan.date,
                    rep: route.rep.clone(),
                    status,
                })
            }
            _ => None,
        })
        .collect()
}

/// `records` without those whose account and date `log` already has (in any
/// status): recording the same day twice adds nothing, and a line once
/// written is never contradicted by a second one.
pub fn not_yet_recorded(records: Vec<VisitRecord>, log: &[VisitRecord]) -> Vec<VisitRecord> {
    let present: HashSet<(&str, NaiveDate)> = log.iter().map(|r| (r.account.as_str(), r.date)).collect();
    records.into_iter().filter(|r| !present.contains(&(r.account.as_str(), r.date))).collect()
}

/// Moves each account's `last_visit` forward to the latest date `log`
/// records it visited. Skipped visits do not count, and a log older than
/// the `last_visit` column does not move it back. Lines naming accounts the
/// region does not have are ignored here; the log reader rejects them.
pub fn apply_log(region: &mut Region, log: &[VisitRecord]) {
    let mut latest: HashMap<&str, NaiveDate> = HashMap::new();
    for record in log.iter().filter(|r| r.status == VisitStatus::Visited) {
        let date = latest.entry(record.account.as_str()).or_insert(record.date);
        *date = (*date).max(record.date);
    }
    for account in &mut region.accounts {
        if let Some(&date) = latest.get(account.id.as_str()) {
            account.last_visit = Some(account.last_visit.map_or(date, |last| last.max(date)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::{RoutePlan, Stop};
    use crate::model::{Account, LatLon};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn account(id: &str, last_visit: Option<&str>) -> Account {
        Account {
            last_visit: last_visit.map(date),
            ..Account::new(id, LatLon { lat: 60.17, lon: 24.94 }, 600, 7)
        }
    }

    fn record(account: &str, day: &str, status: VisitStatus) -> VisitRecord {
        VisitRecord { account: account.into(), date: date(day), rep: "R1".into(), status }
    }

    fn visit(account: &str) -> Stop {
        Stop::Visit { account: account.into(), arrival_s: 0, start_s: 0, end_s: 0 }
    }

    #[test]
    fn a_plan_becomes_one_record_per_visit_without_the_days_added_accounts() {
        let plan = Plan {
            date: date("2026-11-24"),
            routes: vec![RoutePlan {
                rep: "R2".into(),
                depart_s: 0,
                return_s: 0,
                drive_s: 0,
                distance_m: 0,
                stops: vec![visit("A1"), Stop::Break { start_s: 0, end_s: 0 }, visit("U1"), visit("A2")],
                resumes: vec![],
                overtime_s: 0,
            }],
            unassigned: vec![],
            unavailable: vec![],
            added: vec![account("U1", None)],
            changes: vec![],
        };
        let records = records_of_plan(&plan, &["A2".to_string()]);
        let expected = vec![
            VisitRecord {
                account: "A1".into(),
                date: date("2026-11-24"),
                rep: "R2".into(),
                status: VisitStatus::Visited,
            },
            VisitRecord {
                account: "A2".into(),
                date: date("2026-11-24"),
                rep: "R2".into(),
                status: VisitStatus::Skipped,
            },
        ];
        assert_eq!(records, expected);
        assert!(not_yet_recorded(records.clone(), &records).is_empty());
        let other_day = vec![record("A1", "2026-11-23", VisitStatus::Visited)];
        assert_eq!(not_yet_recorded(records.clone(), &other_day), records);
    }

    #[test]
    fn the_latest_visit_wins_and_skips_do_not_count() {
        let mut region = Region {
            accounts: vec![
                account("A1", Some("2026-11-10")),
                account("A2", Some("2026-11-20")),
                account("A3", None),
                account("A4", None),
            ],
            reps: vec![],
            ..Default::default()
        };
        apply_log(
            &mut region,
            &[
                record("A1", "2026-11-17", VisitStatus::Visited),
                record("A1", "2026-11-12", VisitStatus::Visited),
                record("A2", "2026-11-18", VisitStatus::Visited),
                record("A3", "2026-11-19", VisitStatus::Skipped),
                record("A4", "2026-11-19", VisitStatus::Visited),
                record("A4", "2026-11-21", VisitStatus::Skipped),
            ],
        );
        let last: Vec<Option<NaiveDate>> = region.accounts.iter().map(|a| a.last_visit).collect();
        assert_eq!(
            last,
            vec![Some(date("2026-11-17")), Some(date("2026-11-20")), None, Some(date("2026-11-19"))]
        );
    }

    #[test]
    fn statuses_parse_and_print() {
        assert_eq!(VisitStatus::parse(" Visited "), Ok(VisitStatus::Visited));
        assert_eq!(VisitStatus::parse("skipped").map(VisitStatus::as_str), Ok("skipped"));
        assert!(VisitStatus::parse("done").unwrap_err().contains("`visited` or `skipped`"));
    }
}
