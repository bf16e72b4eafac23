//! A day's plan as users see it: per rep, the stops with their clock times,
//! plus the due accounts that could not be covered and why.
//!
//! This is the interchange type between the solver (which produces it), the
//! JSON files (`io::plan_json`), the printed table and the independent
//! validator (`check`), which replays it against the raw input.

use chrono::NaiveDate;

use crate::model::Seconds;

/// One stop in a rep's day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A customer visit.
    Visit {
        /// Account id.
        account: String,
        /// When the rep arrives at the account.
        arrival_s: Seconds,
        /// When the visit starts (after any wait for opening).
        start_s: Seconds,
        /// When the visit ends.
        end_s: Seconds,
    },
    /// The rep's break, taken where the rep is (after the previous stop, before driving on).
    Break {
        /// Start of the break.
        start_s: Seconds,
        /// End of the break.
        end_s: Seconds,
    },
}

/// One rep's day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutePlan {
    /// Rep id.
    pub rep: String,
    /// When the rep leaves the start.
    pub depart_s: Seconds,
    /// When the rep is back at the end.
    pub return_s: Seconds,
    /// Total driving time.
    pub drive_s: Seconds,
    /// Total distance driven.
    pub distance_m: i64,
    /// Visits and the break, in order.
    pub stops: Vec<Stop>,
}

impl RoutePlan {
    /// Number of customer visits.
    pub fn visit_count(&self) -> usize {
        self.stops.iter().filter(|s| matches!(s, Stop::Visit { .. })).count()
    }
}

/// A due (or optional) account left out of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unassigned {
    /// Account id.
    pub account: String,
    /// Why, in words a manager can act on.
    pub reason: String,
}

/// A day's plan for the whole team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The day planned.
    pub date: NaiveDate,
    /// One entry per rep who works that day (reps with no visits are omitted).
    pub routes: Vec<RoutePlan>,
    /// Due accounts not covered, with reasons.
    pub unassigned: Vec<Unassigned>,
}

impl Plan {
    /// The account ids visited, route by route in stop order.
    pub fn visited_accounts(&self) -> impl Iterator<Item = &str> {
        self.routes.iter().flat_map(|r| r.stops.iter()).filter_map(|s| match s {
            Stop::Visit { account, .. } => Some(account.as_str()),
            Stop::Break { .. } => None,
        })
    }
}
