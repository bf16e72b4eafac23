//! A day's plan as users see it: per rep, the stops with their clock times,
//! plus the due accounts that could not be covered and the reps who cannot
//! work the day ([`UnavailableRep`]), each with why.
//!
//! This is the interchange type between the solver (which produces it), the
//! JSON files (`io::plan_json`), the printed table and the independent
//! validator (`check`), which replays it against the raw input.
//!
//! A re-planned day (`rounds replan`, [`crate::planning::replan`]) is a plan like any
//! other, plus where a rep's day picked up again after the part already done
//! ([`Resume`]), the urgent accounts added for the day only
//! ([`Plan::added`]), and what changed and why ([`Change`]).

use chrono::NaiveDate;

use crate::model::reason::{ChangeReason, Reason};
use crate::model::{Account, LatLon, Seconds};

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
#[derive(Clone, Debug, PartialEq)]
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
    /// Where the day picked up again after a re-plan, in stop order; empty for
    /// a day driven as first planned.
    pub resumes: Vec<Resume>,
    /// How long after the shift's close the rep is back: 0 for a day that
    /// fits its shift. Only a re-plan declares overtime, when a delay keeps
    /// the rep out so late that even going straight home ends past the shift.
    pub overtime_s: Seconds,
}

/// A point where a rep's day continued from a place and time of its own
/// rather than from the end of the previous stop: the continuation point of
/// a re-plan. The rep may have been held up (a visit ran over) or be
/// somewhere else than the plan said (`--position`), so the next leg starts
/// here and the drive to this place is not timed.
#[derive(Clone, Debug, PartialEq)]
pub struct Resume {
    /// How many of the route's stops come before it.
    pub after_stops: usize,
    /// When the rep is free to drive on.
    pub at_s: Seconds,
    /// Where the rep is; `None` when still where the previous stop left them
    /// (at that account, or at the start when no stop comes before).
    pub place: Option<LatLon>,
}

impl RoutePlan {
    /// The resumes between the first `after_stops` stops and the rest, in
    /// order: the rep is free to drive on at the last one's time, whenever
    /// the stop before it ended.
    pub fn resumes_after(&self, after_stops: usize) -> impl Iterator<Item = &Resume> {
        self.resumes.iter().filter(move |r| r.after_stops == after_stops)
    }

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
    /// Why, in words a manager can act on (in the reader's language).
    pub reason: Reason,
}

/// A rep who cannot work the day at all (the drive from their start to
/// their end does not fit in the shift), listed like an account left out
/// rather than silently missing from the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnavailableRep {
    /// Rep id.
    pub rep: String,
    /// Why, in words a manager can act on.
    pub reason: Reason,
}

/// What a re-plan did to one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// An urgent visit placed in someone's day.
    Added,
    /// Dropped for today on request (the shop is closed).
    Cancelled,
    /// Now visited by another rep.
    Reassigned,
    /// No longer fits today.
    ToTomorrow,
    /// Same rep, another time.
    Moved,
}

impl ChangeKind {
    /// The name used in plan files.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Cancelled => "cancelled",
            ChangeKind::Reassigned => "reassigned",
            ChangeKind::ToTomorrow => "to_tomorrow",
            ChangeKind::Moved => "moved",
        }
    }

    /// Parses a name written by [`ChangeKind::as_str`].
    pub fn parse(text: &str) -> Result<Self, String> {
        [
            ChangeKind::Added,
            ChangeKind::Cancelled,
            ChangeKind::Reassigned,
            ChangeKind::ToTomorrow,
            ChangeKind::Moved,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
        .ok_or_else(|| {
            format!("`{text}` is not a change (added, cancelled, reassigned, to_tomorrow or moved)")
        })
    }
}

/// One account whose day changed in a re-plan, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Account id.
    pub account: String,
    /// What happened to it.
    pub kind: ChangeKind,
    /// Who, when and why, with its values (the English sentence of plan files, or Japanese).
    pub reason: ChangeReason,
}

/// A day's plan for the whole team.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The day planned.
    pub date: NaiveDate,
    /// One entry per rep who works that day (reps with no visits are omitted).
    pub routes: Vec<RoutePlan>,
    /// Due accounts not covered, with reasons.
    pub unassigned: Vec<Unassigned>,
    /// Reps who cannot work the day at all, with reasons; they have no route.
    pub unavailable: Vec<UnavailableRep>,
    /// Accounts that exist for this day only (urgent visits added by a
    /// re-plan), so that the plan can be checked and re-planned again
    /// without them being in `accounts.csv`.
    pub added: Vec<Account>,
    /// What the last re-plan changed; empty for a plan made from scratch.
    pub changes: Vec<Change>,
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

/// A visit that does not happen by its due date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LateVisit {
    /// Account id.
    pub account: String,
    /// When it falls due (the first day of the horizon for an account never visited).
    pub due: NaiveDate,
    /// The day it is planned, or `None` when no day of the horizon takes it.
    pub planned: Option<NaiveDate>,
    /// Why it could not be on time, in words a manager can act on.
    pub reason: Reason,
}

/// Several working days planned together.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekPlan {
    /// The first working day planned.
    pub from: NaiveDate,
    /// One plan per working day, in date order.
    pub days: Vec<Plan>,
    /// Visits that are late or do not happen, in the order they were found.
    pub late: Vec<LateVisit>,
}
