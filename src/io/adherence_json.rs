//! The adherence of `rounds report --json` ([`crate::model::adherence`]) as JSON, for other tools.
//!
//! ```json
//! {"from": "2026-11-02", "to": "2026-11-27",
//!  "visits": {"planned": 40, "done": 37, "skipped": 3},
//!  "accounts": {"accounts": 12, "in_interval": 9, "overdue": 2},
//!  "reps": [{"rep": "R1", "visits": {...}, "accounts": {...}}],
//!  "overdue": [{"account": "A10", "name": "十三文具店", "address": "...", "rep": "R1",
//!               "last_visit": null, "due": null, "days_overdue": null, "every_days": 14}]}
//! ```
//!
//! `overdue` is worst first; `last_visit`, `due` and `days_overdue` are
//! `null` for an account never visited, and `rep` for one no rep holds.

use serde::Serialize;

use crate::model::adherence::{AccountCounts, Adherence, VisitCounts};
use crate::model::Region;

/// The adherence of `region`'s team as pretty-printed JSON, ending with a newline.
pub fn adherence_to_json(region: &Region, adherence: &Adherence) -> String {
    let json = AdherenceJson {
        from: adherence.from.to_string(),
        to: adherence.to.to_string(),
        visits: adherence.visits.into(),
        accounts: adherence.accounts.into(),
        reps: adherence
            .reps
            .iter()
            .map(|r| RepJson { rep: r.rep.clone(), visits: r.visits.into(), accounts: r.accounts.into() })
            .collect(),
        overdue: adherence
            .overdue
            .iter()
            .map(|o| {
                let account = &region.accounts[o.account];
                OverdueJson {
                    account: account.id.clone(),
                    name: account.name.clone(),
                    address: account.address.clone(),
                    rep: o.rep.clone(),
                    last_visit: o.last_visit.map(|d| d.to_string()),
                    due: o.due.map(|d| d.to_string()),
                    days_overdue: o.days_overdue,
                    every_days: account.every_days,
                }
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&json).expect("adherence always serialises: string keys, integers");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct AdherenceJson {
    from: String,
    to: String,
    visits: VisitsJson,
    accounts: AccountsJson,
    reps: Vec<RepJson>,
    overdue: Vec<OverdueJson>,
}

#[derive(Serialize)]
struct VisitsJson {
    planned: usize,
    done: usize,
    skipped: usize,
}

impl From<VisitCounts> for VisitsJson {
    fn from(c: VisitCounts) -> Self {
        VisitsJson { planned: c.planned, done: c.done, skipped: c.skipped }
    }
}

#[derive(Serialize)]
struct AccountsJson {
    accounts: usize,
    in_interval: usize,
    overdue: usize,
}

impl From<AccountCounts> for AccountsJson {
    fn from(c: AccountCounts) -> Self {
        AccountsJson { accounts: c.accounts, in_interval: c.in_interval, overdue: c.overdue }
    }
}

#[derive(Serialize)]
struct RepJson {
    rep: String,
    visits: VisitsJson,
    accounts: AccountsJson,
}

#[derive(Serialize)]
struct OverdueJson {
    account: String,
    name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    address: String,
    rep: Option<String>,
    last_visit: Option<String>,
    due: Option<String>,
    days_overdue: Option<i64>,
    every_days: u32,
}
