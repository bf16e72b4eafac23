//! Re-planning the rest of a day that is under way: a customer calls with an
//! urgent problem, a visit runs over, a shop is closed, a rep goes home.
//!
//! [`replan`] takes the day's [`Plan`] and a [`ReplanRequest`] (who, when,
//! where they are, what to add, cancel or hand over) and returns a new full
//! plan: every stop that already happened keeps its times, the rest of the
//! day is planned again from where each rep is, and [`Change`](crate::model::plan::Change)s say what
//! moved and why.
//!
//! # The rest of the day
//! Each rep whose day is re-planned goes on from a continuation point (a
//! [`Resume`](crate::model::plan::Resume) in the new plan): with [`Whereabouts::AtStop`], that account at
//! the end of its visit plus the delay; with [`Whereabouts::Position`], that
//! place at `now` plus the delay; otherwise where the plan has them at
//! `now`: at a stop (arrived, visiting, or on the break) until it ends, plus
//! the delay; between two stops, at the point reached along the leg in
//! proportion to the time driven; before leaving, at home. Stops before the
//! continuation point stay exactly as they were. The rest of the day is a
//! [`DayProblem`] built from per-rep [`RepStart`]s: that place and time, the
//! shift's end, the break only if not yet taken, what is left of
//! `max_visits`.
//!
//! What is offered: the rep's remaining planned visits (due ones with their
//! usual skip costs, early ones with their prizes), minus cancelled ones,
//! plus the urgent accounts added, each costing [`URGENT_WEIGHT`] × its
//! priority weight to leave out: more than any due visit, so an urgent visit
//! always goes in if it fits, pushing due visits to tomorrow if it must.
//! With `team`, every rep of the region goes on from where they are at `now`
//! and their remaining visits are offered too; a rep back home by the plan
//! has finished and keeps the day as it was. Without `team`, the other reps'
//! days are copied unchanged.
//!
//! # Held up
//! A rep held up (`delay`) past the break window's close, with the break
//! still owed, takes it where they are stuck: from when the hold-up began
//! (or the window opens), and goes on no earlier than its end. So a delay
//! never leaves a rep without the break; the validator sees an ordinary
//! break and applies its ordinary rule.
//!
//! When the rest of the day no longer fits the shift, the visits left go
//! to teammates (with `team`) or to tomorrow with reasons (`to_tomorrow`).
//! When even the drive straight home ends past the shift's close, the route
//! declares the difference as overtime ([`RoutePlan::overtime_s`]), which
//! the validator allows only in that case. A delay that would have the rep
//! home after midnight ([`DAY_END_S`]) is not a day to re-plan but a wrong
//! `--delay`: [`ReplanError::DelayPastMidnight`].
//!
//! # Stability
//! A re-plan should not reshuffle days for a one-minute gain, so:
//! - with `team`, the other reps' own remaining visits stay theirs; they
//!   take over the replanned rep's visits and the urgent ones, but never
//!   trade their own among themselves: a hand-over touches the days that
//!   take something on, and no others.
//! - every rep keeps the order of their remaining planned visits, with any
//!   new ones put where they cost least, unless the search found an order
//!   that drives more than [`STABLE_ORDER_SLACK_S`] less.
//!
//! # Changes
//! Urgent visits come as new accounts (`urgent`, with ids of their own) or
//! as accounts of the region the plan does not visit (`urgent_accounts`, a
//! customer who called); both are offered alike.
//!
//! `added` (an urgent visit placed), `cancelled`, `reassigned` (another rep
//! now), `to_tomorrow` (no longer fits today, with the reason), `moved` (same
//! rep, start at least [`MOVED_MIN_S`] earlier or later).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::model::plan::{Plan, RoutePlan, Stop};
use crate::model::{Account, Hm, LatLon, Region, Seconds, TimeWindow};
use crate::planning::day::{DayProblem, RepStart};
use crate::solver::SearchConfig;
use crate::travel::{NamedTravelError, TravelTimes};
use offers::{check_cancellations, offered};
use search::{keep_planned_orders, left_out_reasons, Searched};
use whereabouts::continuations;

mod changes;
mod merge;
mod offers;
mod search;
mod whereabouts;

/// Skip cost of an urgent visit per unit of priority weight: ten times a
/// due visit's, so even a low-priority urgent visit outweighs two
/// high-priority overdue ones.
pub const URGENT_WEIGHT: i64 = 100_000_000;

/// A rep keeps their planned order unless the search's order drives at
/// least this much less (5 min).
pub const STABLE_ORDER_SLACK_S: i64 = 300;

/// A visit counts as moved when it starts at least this much earlier or later (1 min).
pub const MOVED_MIN_S: Seconds = 60;

/// A re-planned rep must be home by midnight (24:00): the plan is one day's.
pub const DAY_END_S: Seconds = 24 * 3600;

/// Where the replanned rep is.
#[derive(Clone, Debug, PartialEq)]
pub enum Whereabouts {
    /// Where the plan has them at `now`.
    AsPlanned,
    /// At this account of their plan, whose visit ends as planned (plus the delay).
    AtStop(String),
    /// At this place at `now` (plus the delay).
    Position(LatLon),
}

/// What to re-plan.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplanRequest {
    /// Id of the rep whose day changes.
    pub rep: String,
    /// The time of the re-plan; must lie in the rep's shift.
    pub now_s: Seconds,
    /// Where the rep is.
    pub whereabouts: Whereabouts,
    /// How much later than planned the rep can go on (a visit ran over).
    pub delay_s: Seconds,
    /// Urgent accounts to visit today, with ids of their own.
    pub urgent: Vec<Account>,
    /// Accounts of the region to visit today as urgent (the customer
    /// called): none of them may be in the plan already, and each must be
    /// open today.
    pub urgent_accounts: Vec<String>,
    /// Accounts whose remaining visit today is cancelled (the shop is closed).
    pub cancel: Vec<String>,
    /// Whether the other reps may take over visits.
    pub team: bool,
    /// Whether the rep's day ends at the continuation point (they go home).
    pub end_day: bool,
    /// Accounts whose visit today is recorded (done or skipped): every rep
    /// re-planned is past the last of them on their route, whatever the
    /// plan's times, so that none is planned again, moved or handed over.
    pub recorded: Vec<String>,
}

/// The re-planned day.
#[derive(Clone, Debug)]
pub struct Replanned {
    /// The full new plan, with its changes.
    pub plan: Plan,
    /// Ruin-and-recreate iterations spent.
    pub iterations: u64,
    /// Whether the time limit cut a search.
    pub stopped_by_time: bool,
}

/// Why a re-plan cannot be made; every case is a wrong argument or input.
#[derive(Debug, thiserror::Error)]
pub enum ReplanError {
    /// The rep is not in the region.
    #[error("rep {rep} is not in the region (reps: {known})")]
    UnknownRep {
        /// The id given.
        rep: String,
        /// The region's rep ids.
        known: String,
    },
    /// The plan's date is a day off in the rep's shift.
    #[error("rep {rep} does not work on {} {date} (shift {shift})", date.weekday())]
    DayOff {
        /// Rep id.
        rep: String,
        /// The plan's date.
        date: NaiveDate,
        /// The rep's shift by weekday, as `reps.csv` writes it.
        shift: String,
    },
    /// The rep is absent all of the plan's day (`absences.csv`).
    #[error("rep {rep} does not work on {date}: {why}")]
    Absent {
        /// Rep id.
        rep: String,
        /// The plan's date.
        date: NaiveDate,
        /// The absences, described.
        why: String,
    },
    /// `now` lies outside the rep's shift that day.
    #[error("--now {} is outside rep {rep}'s shift ({shift})", Hm(*now_s))]
    NowOutsideShift {
        /// Rep id.
        rep: String,
        /// The time given.
        now_s: Seconds,
        /// The rep's shift.
        shift: TimeWindow,
    },
    /// The account of [`Whereabouts::AtStop`] is not a visit of the rep's plan.
    #[error("--at-stop {account}: rep {rep}'s plan has no visit to it{elsewhere}")]
    AtStopNotInRoute {
        /// Rep id.
        rep: String,
        /// The account given.
        account: String,
        /// Who visits it instead, as `" (rep R3 visits it)"`, or empty.
        elsewhere: String,
    },
    /// The account of [`Whereabouts::AtStop`] is visited only after `now`.
    #[error(
        "--at-stop {account}: rep {rep}'s visit to it starts only at {}, after --now {}; \
         give --position if the rep is elsewhere",
        Hm(*start_s),
        Hm(*now_s)
    )]
    AtStopLater {
        /// Rep id.
        rep: String,
        /// The account given.
        account: String,
        /// When the plan starts that visit.
        start_s: Seconds,
        /// The time given.
        now_s: Seconds,
    },
    /// By the plan, the rep is back home before `now`.
    #[error(
        "rep {rep}'s planned day is over: back home at {}, before --now {}; give --position to send them out again",
        Hm(*back_s),
        Hm(*now_s)
    )]
    DayOver {
        /// Rep id.
        rep: String,
        /// When the plan has them back.
        back_s: Seconds,
        /// The time given.
        now_s: Seconds,
    },
    /// A cancelled account is not visited in the plan.
    #[error("--cancel {account}: no rep visits it in the plan")]
    CancelNotInPlan {
        /// The account given.
        account: String,
    },
    /// A cancelled account was visited before the continuation point.
    #[error("--cancel {account}: rep {rep} has already been there ({}-{})", Hm(*start_s), Hm(*end_s))]
    CancelDone {
        /// The account given.
        account: String,
        /// Who visited it.
        rep: String,
        /// When the visit started.
        start_s: Seconds,
        /// When it ended.
        end_s: Seconds,
    },
    /// A cancelled account belongs to a rep whose day is not re-planned.
    #[error(
        "--cancel {account}: it is rep {rep}'s visit; only rep {replanned}'s day changes without --team"
    )]
    CancelOtherRep {
        /// The account given.
        account: String,
        /// Whose visit it is.
        rep: String,
        /// The rep re-planned.
        replanned: String,
    },
    /// An urgent account has the id of an existing one.
    #[error("urgent account {account} has the id of an account the region or the plan already has")]
    UrgentIdExists {
        /// The id.
        account: String,
    },
    /// The plan visits an account the region does not have.
    #[error("the plan has rep {rep} visit {account}, which is not an account of the region")]
    UnknownAccountInPlan {
        /// Rep id.
        rep: String,
        /// The account id.
        account: String,
    },
    /// An urgent account of the region that the region does not have.
    #[error("urgent account {account} is not an account of the region")]
    UrgentUnknown {
        /// The id given.
        account: String,
    },
    /// An urgent account of the region that the plan visits already.
    #[error("urgent account {account} is in the plan already (rep {rep} visits it)")]
    UrgentInPlan {
        /// The id given.
        account: String,
        /// Who visits it.
        rep: String,
    },
    /// An urgent account of the region that is closed on the plan's day.
    #[error("urgent account {account} is closed on {date}")]
    UrgentClosed {
        /// The id given.
        account: String,
        /// The plan's date.
        date: NaiveDate,
    },
    /// The delay would keep the rep out past midnight.
    #[error(
        "--delay {delay_min} min keeps rep {rep} out past midnight; a re-plan covers one day, \
         so the delay can be at most {max_delay_min} min"
    )]
    DelayPastMidnight {
        /// Rep id.
        rep: String,
        /// The delay given, in minutes.
        delay_min: Seconds,
        /// The longest delay that has them home by midnight, in minutes.
        max_delay_min: Seconds,
    },
    /// The travel model cannot price a place.
    #[error(transparent)]
    Travel(#[from] NamedTravelError),
}

/// Re-plans `plan` as `request` says, with the accounts of `region` (plus
/// those the plan added). `config` runs each search; without an iteration
/// budget it gets the day's default ([`DayProblem::search_config`]), so
/// a re-plan is quick and reproducible.
pub fn replan(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    travel: &dyn TravelTimes,
    config: &SearchConfig,
) -> Result<Replanned, ReplanError> {
    let mut day_region = region.clone();
    day_region.accounts.extend(plan.added.iter().cloned());
    for account in &request.urgent {
        if day_region.account_index(&account.id).is_some() {
            return Err(ReplanError::UrgentIdExists { account: account.id.clone() });
        }
        day_region.accounts.push(account.clone());
    }
    let region = &day_region;
    let ids = AccountIds::new(region);
    check_urgent_accounts(region, plan, request, &ids)?;
    let rep = region.rep_index(&request.rep).ok_or_else(|| ReplanError::UnknownRep {
        rep: request.rep.clone(),
        known: region.reps.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", "),
    })?;
    let Some(shift) = region.reps[rep].shift_on(plan.date) else {
        let shift = region.reps[rep].shift.to_string();
        return Err(ReplanError::DayOff { rep: request.rep.clone(), date: plan.date, shift });
    };
    if !shift.contains(request.now_s) {
        return Err(ReplanError::NowOutsideShift { rep: request.rep.clone(), now_s: request.now_s, shift });
    }
    if region.working_window(rep, plan.date).is_none() {
        let why = region.absences.reason(&request.rep, plan.date).unwrap_or_default();
        return Err(ReplanError::Absent { rep: request.rep.clone(), date: plan.date, why });
    }
    for route in &plan.routes {
        for account in visits(route) {
            if ids.get(account).is_none() {
                return Err(ReplanError::UnknownAccountInPlan {
                    rep: route.rep.clone(),
                    account: account.to_string(),
                });
            }
        }
    }

    let goings = continuations(region, plan, request, rep, &ids)?;
    let cancelled = check_cancellations(plan, request, &goings)?;
    let offers = offered(region, plan, request, rep, &goings, &cancelled, &ids);
    let starts: Vec<RepStart> =
        goings.iter().filter(|g| !(request.end_day && g.rep == rep)).map(|g| g.start).collect();

    let day = DayProblem::build_from(region, plan.date, offers, starts, travel)?;
    let config = day.search_config(config);
    let mut searched = Searched::run(&day, &config);
    keep_planned_orders(&day, &mut searched.solution, region, plan, &goings, config.seed);

    let rest = day.to_plan(region, &searched.solution);
    let reasons = left_out_reasons(region, plan, request, &day, &searched.solution);
    let mut new_plan = merge::merge(region, plan, request, &goings, &rest, (&cancelled, &reasons), travel)?;
    if let Some(back_s) = new_plan
        .routes
        .iter()
        .find(|r| r.rep == request.rep)
        .map(|r| r.return_s)
        .filter(|&back_s| back_s > DAY_END_S)
    {
        let over_min = (back_s - DAY_END_S + 59) / 60;
        return Err(ReplanError::DelayPastMidnight {
            rep: request.rep.clone(),
            delay_min: request.delay_s / 60,
            max_delay_min: (request.delay_s / 60 - over_min).max(0),
        });
    }
    new_plan.changes = changes::changes(region, plan, request, &new_plan, &goings, &cancelled, &reasons);
    Ok(Replanned {
        plan: new_plan,
        iterations: searched.iterations,
        stopped_by_time: searched.stopped_by_time,
    })
}

/// Each urgent account of the region: known, not in the plan, open on the day.
fn check_urgent_accounts(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    ids: &AccountIds<'_>,
) -> Result<(), ReplanError> {
    for account in &request.urgent_accounts {
        let Some(index) = ids.get(account) else {
            return Err(ReplanError::UrgentUnknown { account: account.clone() });
        };
        if let Some(route) = plan.routes.iter().find(|r| visits(r).any(|a| a == account)) {
            return Err(ReplanError::UrgentInPlan { account: account.clone(), rep: route.rep.clone() });
        }
        if region.visit_windows(index, plan.date).is_none() {
            return Err(ReplanError::UrgentClosed { account: account.clone(), date: plan.date });
        }
    }
    Ok(())
}

/// Account id → index, built once.
struct AccountIds<'a>(HashMap<&'a str, usize>);

impl<'a> AccountIds<'a> {
    fn new(region: &'a Region) -> Self {
        AccountIds(region.accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect())
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.0.get(id).copied()
    }
}

/// The account ids a route visits, in order.
fn visits(route: &RoutePlan) -> impl Iterator<Item = &str> {
    route.stops.iter().filter_map(|stop| match stop {
        Stop::Visit { account, .. } => Some(account.as_str()),
        Stop::Break { .. } => None,
    })
}
