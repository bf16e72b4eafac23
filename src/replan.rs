//! Re-planning the rest of a day that is under way: a customer calls with an
//! urgent problem, a visit runs over, a shop is closed, a rep goes home.
//!
//! [`replan`] takes the day's [`Plan`] and a [`ReplanRequest`] (who, when,
//! where they are, what to add, cancel or hand over) and returns a new full
//! plan: every stop that already happened keeps its times, the rest of the
//! day is planned again from where each rep is, and [`Change`]s say what
//! moved and why.
//!
//! # The rest of the day
//! Each rep whose day is re-planned goes on from a continuation point (a
//! [`Resume`] in the new plan): with [`Whereabouts::AtStop`], that account at
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
//! `added` (an urgent visit placed), `cancelled`, `reassigned` (another rep
//! now), `to_tomorrow` (no longer fits today, with the reason), `moved` (same
//! rep, start at least [`MOVED_MIN_S`] earlier or later).

use std::collections::{HashMap, HashSet};

use chrono::Datelike;

use crate::day::{priority_weight, DayProblem, Offer, RepStart};
use crate::model::{urgency, Account, Candidate, Hm, LatLon, Region, Seconds, TimeWindow, Urgency};
use crate::plan::{Change, ChangeKind, Plan, Resume, RoutePlan, Stop, Unassigned};
use crate::rng::Rng;
use crate::solver::insert::best_in_route;
use crate::solver::{solve, Route, SearchConfig, Solution, BREAK};
use crate::travel::{NamedTravelError, TravelTimes};

/// Skip cost of an urgent visit per unit of priority weight: ten times a
/// due visit's, so even a low-priority urgent visit outweighs two
/// high-priority overdue ones.
pub const URGENT_WEIGHT: i64 = 100_000_000;

/// A rep keeps their planned order unless the search's order drives at
/// least this much less (5 min).
pub const STABLE_ORDER_SLACK_S: i64 = 300;

/// A visit counts as moved when it starts at least this much earlier or later (1 min).
pub const MOVED_MIN_S: Seconds = 60;

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
    /// Accounts whose remaining visit today is cancelled (the shop is closed).
    pub cancel: Vec<String>,
    /// Whether the other reps may take over visits.
    pub team: bool,
    /// Whether the rep's day ends at the continuation point (they go home).
    pub end_day: bool,
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
    /// `now` lies outside the rep's shift.
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
    /// The travel model cannot price a place.
    #[error(transparent)]
    Travel(#[from] NamedTravelError),
}

/// Re-plans `plan` as `request` says, with the accounts of `region` (plus
/// those the plan added). `config` runs each search; without an iteration
/// budget it gets the day's default ([`DayProblem::default_iterations`]), so
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
    let rep = region.rep_index(&request.rep).ok_or_else(|| ReplanError::UnknownRep {
        rep: request.rep.clone(),
        known: region.reps.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", "),
    })?;
    let shift = region.reps[rep].shift;
    if !shift.contains(request.now_s) {
        return Err(ReplanError::NowOutsideShift { rep: request.rep.clone(), now_s: request.now_s, shift });
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
    let config =
        SearchConfig { iterations: config.iterations.or(Some(day.default_iterations())), ..config.clone() };
    let mut searched = Searched::run(&day, &config);
    keep_planned_orders(&day, &mut searched.solution, region, plan, &goings, config.seed);

    let rest = day.to_plan(region, &searched.solution);
    let reasons = left_out_reasons(region, plan, request, &day, &searched.solution);
    let mut new_plan = merge(region, plan, request, &goings, &rest, (&cancelled, &reasons), travel)?;
    new_plan.changes = changes(plan, request, &new_plan, &goings, &cancelled, &reasons);
    Ok(Replanned {
        plan: new_plan,
        iterations: searched.iterations,
        stopped_by_time: searched.stopped_by_time,
    })
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

/// A rep whose day goes on in the re-plan.
struct Going {
    /// Index of the rep in the region.
    rep: usize,
    /// The rep's route in the plan, if any.
    route: Option<usize>,
    /// How many stops of it happened and stay.
    done: usize,
    /// The break a rep back home took there before going out again, after the `done` stops.
    home_break: Option<Stop>,
    /// Where the day picks up again; `None` for a rep still at home, whose
    /// day starts afresh.
    resume: Option<Resume>,
    /// The rest of the day for the solver.
    start: RepStart,
}

impl Going {
    /// The accounts of the plan's visits after the continuation point.
    fn remaining<'p>(&self, plan: &'p Plan) -> impl Iterator<Item = &'p str> {
        let stops = self.route.map_or(&[][..], |r| &plan.routes[r].stops[self.done..]);
        stops.iter().filter_map(|stop| match stop {
            Stop::Visit { account, .. } => Some(account.as_str()),
            Stop::Break { .. } => None,
        })
    }
}

/// Where a rep is at some moment of the plan.
enum Place {
    /// At home, not left yet.
    NotLeft,
    /// After `done` stops, free at `at_s`, at `place` (or where the last stop left them).
    Resumed { done: usize, at_s: Seconds, place: Option<LatLon> },
    /// Back home for the day.
    Home,
}

/// The reps whose day goes on: the replanned rep, and with `team` every
/// other rep not yet back home by the plan.
fn continuations(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    rep: usize,
    ids: &AccountIds<'_>,
) -> Result<Vec<Going>, ReplanError> {
    let route_of = |r: usize| plan.routes.iter().position(|route| route.rep == region.reps[r].id);
    let mut goings = Vec::new();
    for r in 0..region.reps.len() {
        if r != rep && !request.team {
            continue;
        }
        let route = route_of(r);
        let (whereabouts, delay_s) =
            if r == rep { (&request.whereabouts, request.delay_s) } else { (&Whereabouts::AsPlanned, 0) };
        let place = match (whereabouts, route) {
            (Whereabouts::AsPlanned, None) => Place::NotLeft,
            (Whereabouts::AsPlanned, Some(k)) => {
                place_at(region, ids, r, &plan.routes[k], request.now_s, delay_s)
            }
            (Whereabouts::Position(at), route) => {
                let stops = route.map_or(&[][..], |k| &plan.routes[k].stops[..]);
                let done = stops.iter().take_while(|s| stop_end(s) <= request.now_s).count();
                Place::Resumed { done, at_s: request.now_s + delay_s, place: Some(*at) }
            }
            (Whereabouts::AtStop(account), route) => {
                at_stop(plan, &request.rep, account, route, request.now_s, delay_s)?
            }
        };
        let rep_data = &region.reps[r];
        let going = match place {
            Place::Home if r == rep => {
                let back_s = route.map_or(request.now_s, |k| plan.routes[k].return_s);
                return Err(ReplanError::DayOver { rep: request.rep.clone(), back_s, now_s: request.now_s });
            }
            Place::Home => continue,
            Place::NotLeft => Going {
                rep: r,
                route,
                done: 0,
                home_break: None,
                resume: None,
                start: RepStart {
                    rep: r,
                    place: rep_data.start,
                    time_s: rep_data.shift.open_s.max(request.now_s + delay_s),
                    break_left: true,
                    visits_left: rep_data.max_visits,
                },
            },
            Place::Resumed { done, at_s, place } => {
                let done_stops = route.map_or(&[][..], |k| &plan.routes[k].stops[..done]);
                let last_visit = done_stops.iter().rev().find_map(|s| match s {
                    Stop::Visit { account, .. } => ids.get(account).map(|a| region.accounts[a].location),
                    Stop::Break { .. } => None,
                });
                let visits_done = done_stops.iter().filter(|s| matches!(s, Stop::Visit { .. })).count();
                let took_break = done_stops.iter().any(|s| matches!(s, Stop::Break { .. }));
                // A rep sent out again after the plan had them home took their
                // break at home, when its window has passed meanwhile.
                let home_break = route
                    .map(|k| &plan.routes[k])
                    .filter(|route| !took_break && done == route.stops.len() && route.return_s <= at_s)
                    .and_then(|route| {
                        let rule = rep_data.lunch?;
                        let start_s = route.return_s.max(rule.start_window.open_s);
                        let end_s = start_s + rule.duration_s;
                        (rule.start_window.close_s < at_s
                            && start_s <= rule.start_window.close_s
                            && end_s <= at_s)
                            .then_some(Stop::Break { start_s, end_s })
                    });
                let (after_stops, break_left) =
                    (done + usize::from(home_break.is_some()), !took_break && home_break.is_none());
                Going {
                    rep: r,
                    route,
                    done,
                    home_break,
                    resume: Some(Resume { after_stops, at_s, place }),
                    start: RepStart {
                        rep: r,
                        place: place.or(last_visit).unwrap_or(rep_data.start),
                        time_s: at_s,
                        break_left,
                        visits_left: rep_data
                            .max_visits
                            .map(|m| m.saturating_sub(u32::try_from(visits_done).unwrap_or(u32::MAX))),
                    },
                }
            }
        };
        goings.push(going);
    }
    Ok(goings)
}

fn stop_end(stop: &Stop) -> Seconds {
    match stop {
        Stop::Visit { end_s, .. } | Stop::Break { end_s, .. } => *end_s,
    }
}

/// Where the plan has rep `r` at `now`: at a stop until it ends (plus
/// `delay_s`), or on a leg at the point reached in proportion to the time driven.
fn place_at(
    region: &Region,
    ids: &AccountIds<'_>,
    r: usize,
    route: &RoutePlan,
    now_s: Seconds,
    delay_s: Seconds,
) -> Place {
    let rep = &region.reps[r];
    if now_s < route.depart_s {
        return Place::NotLeft;
    }
    let on_leg = |done: usize, from: LatLon, to: LatLon, left_s: Seconds, arrive_s: Seconds| {
        let share =
            if arrive_s > left_s { (now_s - left_s) as f64 / (arrive_s - left_s) as f64 } else { 0.0 };
        let place = (share > 0.0).then(|| LatLon {
            lat: from.lat + share.min(1.0) * (to.lat - from.lat),
            lon: from.lon + share.min(1.0) * (to.lon - from.lon),
        });
        Place::Resumed { done, at_s: now_s + delay_s, place }
    };
    let (mut here, mut free_s) = (rep.start, route.depart_s);
    for (k, stop) in route.stops.iter().enumerate() {
        match stop {
            Stop::Visit { account, arrival_s, end_s, .. } => {
                let there = ids.get(account).map_or(here, |a| region.accounts[a].location);
                if now_s < *arrival_s {
                    return on_leg(k, here, there, free_s, *arrival_s);
                }
                if now_s < *end_s {
                    return Place::Resumed { done: k + 1, at_s: end_s + delay_s, place: None };
                }
                (here, free_s) = (there, *end_s);
            }
            Stop::Break { start_s, end_s } => {
                if now_s < *start_s {
                    return Place::Resumed { done: k, at_s: now_s + delay_s, place: None };
                }
                if now_s < *end_s {
                    return Place::Resumed { done: k + 1, at_s: end_s + delay_s, place: None };
                }
                free_s = *end_s;
            }
        }
    }
    if now_s < route.return_s {
        return on_leg(route.stops.len(), here, rep.end, free_s, route.return_s);
    }
    Place::Home
}

/// The continuation at `account`'s visit in the rep's route: it happened,
/// and the rep goes on when it ends plus `delay_s` (not before `now_s`).
fn at_stop(
    plan: &Plan,
    rep_id: &str,
    account: &str,
    route: Option<usize>,
    now_s: Seconds,
    delay_s: Seconds,
) -> Result<Place, ReplanError> {
    let stops = route.map_or(&[][..], |k| &plan.routes[k].stops[..]);
    let found = stops.iter().enumerate().find_map(|(k, stop)| match stop {
        Stop::Visit { account: a, start_s, end_s, .. } if a == account => Some((k, *start_s, *end_s)),
        _ => None,
    });
    let Some((k, start_s, end_s)) = found else {
        let elsewhere = plan
            .routes
            .iter()
            .find(|r| visits(r).any(|a| a == account))
            .map(|r| format!(" (rep {} visits it)", r.rep))
            .unwrap_or_default();
        return Err(ReplanError::AtStopNotInRoute {
            rep: rep_id.to_string(),
            account: account.to_string(),
            elsewhere,
        });
    };
    if start_s > now_s {
        return Err(ReplanError::AtStopLater {
            rep: rep_id.to_string(),
            account: account.to_string(),
            start_s,
            now_s,
        });
    }
    Ok(Place::Resumed { done: k + 1, at_s: now_s.max(end_s + delay_s), place: None })
}

/// The accounts cancelled, each checked to be a remaining visit of a rep whose day goes on.
fn check_cancellations(
    plan: &Plan,
    request: &ReplanRequest,
    goings: &[Going],
) -> Result<HashSet<String>, ReplanError> {
    let mut cancelled = HashSet::new();
    for account in &request.cancel {
        let Some((k, route)) = plan.routes.iter().enumerate().find(|(_, r)| visits(r).any(|a| a == account))
        else {
            return Err(ReplanError::CancelNotInPlan { account: account.clone() });
        };
        let Some(going) = goings.iter().find(|g| g.route == Some(k)) else {
            return Err(ReplanError::CancelOtherRep {
                account: account.clone(),
                rep: route.rep.clone(),
                replanned: request.rep.clone(),
            });
        };
        let done = route.stops[..going.done].iter().find_map(|stop| match stop {
            Stop::Visit { account: a, start_s, end_s, .. } if a == account => Some((*start_s, *end_s)),
            _ => None,
        });
        if let Some((start_s, end_s)) = done {
            return Err(ReplanError::CancelDone {
                account: account.clone(),
                rep: route.rep.clone(),
                start_s,
                end_s,
            });
        }
        cancelled.insert(account.clone());
    }
    Ok(cancelled)
}

/// What the rest of the day offers: the remaining visits of every rep whose
/// day goes on (kept with that rep unless it is the one re-planned), minus
/// cancelled ones, and the urgent visits open today.
fn offered(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    rep: usize,
    goings: &[Going],
    cancelled: &HashSet<String>,
    ids: &AccountIds<'_>,
) -> Vec<Offer> {
    let mut offers = Vec::new();
    for going in goings {
        for account in going.remaining(plan).filter(|a| !cancelled.contains(*a)) {
            let index = ids.get(account).expect("plan accounts are checked against the region");
            let candidate =
                Candidate { account: index, urgency: urgency(&region.accounts[index], plan.date) };
            let offer = Offer::of(region, candidate);
            offers.push(if going.rep == rep { offer } else { Offer { only_rep: Some(going.rep), ..offer } });
        }
    }
    let weekday = plan.date.weekday();
    for account in request.urgent.iter().filter(|a| !a.closed.contains(&weekday)) {
        let index = ids.get(&account.id).expect("urgent accounts are part of the day's region");
        // An urgent visit counts as due today, whatever its history says.
        let candidate = Candidate { account: index, urgency: Urgency::Due { days_overdue: None } };
        offers.push(Offer {
            candidate,
            skip_cost: URGENT_WEIGHT * priority_weight(account.priority),
            ..Offer::of(region, candidate)
        });
    }
    offers
}

/// One search's result.
struct Searched {
    solution: Solution,
    iterations: u64,
    stopped_by_time: bool,
}

impl Searched {
    fn run(day: &DayProblem, config: &SearchConfig) -> Searched {
        if day.problem.vehicles.is_empty() {
            // Nobody left to visit anything (the only rep re-planned goes home).
            return Searched {
                solution: Solution::empty(&day.problem),
                iterations: 0,
                stopped_by_time: false,
            };
        }
        let outcome = solve(&day.problem, config);
        Searched {
            solution: outcome.solution,
            iterations: outcome.iterations,
            stopped_by_time: outcome.stopped_by_time,
        }
    }
}

/// Gives every vehicle of `solution` its rep's remaining planned order, with
/// the visits new to them inserted where they cost least, when that is
/// feasible and drives at most [`STABLE_ORDER_SLACK_S`] more.
fn keep_planned_orders(
    day: &DayProblem,
    solution: &mut Solution,
    region: &Region,
    plan: &Plan,
    goings: &[Going],
    seed: u64,
) {
    let problem = &day.problem;
    let task_of: HashMap<&str, u32> = day
        .task_account
        .iter()
        .enumerate()
        .map(|(t, &a)| (region.accounts[a].id.as_str(), t as u32))
        .collect();
    // Insertions without blinks draw no random numbers; the generator only satisfies the signature.
    let mut rng = Rng::new(seed);
    let mut stops = Vec::new();
    for v in 0..problem.vehicles.len() {
        let Some(going) = goings.iter().find(|g| g.rep == day.vehicle_rep[v]) else { continue };
        let found = &solution.routes[v];
        let serves: HashSet<u32> = found.stops().iter().copied().filter(|&n| n != BREAK).collect();
        let planned_rest = going.route.map_or(&[][..], |r| &plan.routes[r].stops[going.done..]);
        let mut planned: Vec<u32> = planned_rest
            .iter()
            .filter_map(|stop| match stop {
                Stop::Visit { account, .. } => {
                    task_of.get(account.as_str()).copied().filter(|t| serves.contains(t))
                }
                Stop::Break { .. } => problem.vehicles[v].break_spec.map(|_| BREAK),
            })
            .collect();
        let mut route = Route::with_stops(problem, v, planned.clone());
        for &task in found.stops().iter().filter(|&&n| n != BREAK && !planned.contains(&n)) {
            let Some(insertion) = best_in_route(problem, &route, task, 0.0, &mut rng) else { break };
            insertion.stops_after(problem, &route, task, &mut stops);
            route.set_stops(problem, &stops);
        }
        planned.clear();
        planned.extend_from_slice(route.stops());
        if problem.vehicles[v].break_spec.is_some() && !planned.is_empty() && !planned.contains(&BREAK) {
            // The plan had no break left in this part of the day; take it where it
            // costs least, last among equals: a break left for the end is dropped
            // when the rep is home before its window closes.
            let best = (0..=planned.len())
                .rev()
                .map(|at| {
                    let mut with_break = planned.clone();
                    with_break.insert(at, BREAK);
                    Route::with_stops(problem, v, with_break)
                })
                .filter(Route::is_feasible)
                .min_by_key(Route::cost);
            if let Some(best) = best {
                route = best;
            }
        }
        let same_visits = route.visit_count() == found.visit_count();
        if same_visits
            && route.is_feasible()
            && route.cost() <= found.cost() + STABLE_ORDER_SLACK_S
            && route.stops() != found.stops()
        {
            stops.clear();
            stops.extend_from_slice(route.stops());
            solution.set_route(problem, v, &stops);
        }
    }
}

/// Why each visit offered but not placed, and each urgent one closed today, waits for tomorrow.
fn left_out_reasons(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    day: &DayProblem,
    solution: &Solution,
) -> HashMap<String, String> {
    let mut reasons: HashMap<String, String> = solution
        .unassigned()
        .map(|t| {
            let reason = if day.problem.vehicles.is_empty() {
                format!(
                    "rep {} goes home and no other rep's day is re-planned; give --team to hand it over",
                    request.rep
                )
            } else {
                day.why_unassigned(region, solution, t)
            };
            (region.accounts[day.task_account[t]].id.clone(), reason)
        })
        .collect();
    let weekday = plan.date.weekday();
    for account in request.urgent.iter().filter(|a| a.closed.contains(&weekday)) {
        reasons.insert(account.id.clone(), format!("closed on {weekday}"));
    }
    reasons
}

/// The new plan: the stops that happened, then the rest of the day as
/// planned in `rest`. Reps whose day does not go on keep their routes, and
/// so do the other reps of a team whose rest of the day is what it was (the
/// same visits in the same order): their plan is not touched at all.
fn merge(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    goings: &[Going],
    rest: &Plan,
    (cancelled, reasons): (&HashSet<String>, &HashMap<String, String>),
    travel: &dyn TravelTimes,
) -> Result<Plan, ReplanError> {
    let legs = DoneLegs::price(region, plan, goings, travel)?;
    let rep = region.rep_index(&request.rep).expect("the re-planned rep is checked against the region");
    let rest_of = |rep: usize| rest.routes.iter().find(|r| r.rep == region.reps[rep].id);
    let mut routes = Vec::with_capacity(plan.routes.len());
    for (k, route) in plan.routes.iter().enumerate() {
        match goings.iter().position(|g| g.route == Some(k)) {
            None => routes.push(route.clone()),
            Some(g)
                if goings[g].rep != rep
                    && same_order(&route.stops[goings[g].done..], rest_of(goings[g].rep)) =>
            {
                routes.push(route.clone())
            }
            Some(g) => {
                routes.extend(merge_route(region, &goings[g], Some(route), rest_of(goings[g].rep), &legs, g))
            }
        }
    }
    for (g, going) in goings.iter().enumerate().filter(|(_, g)| g.route.is_none()) {
        routes.extend(merge_route(region, going, None, rest_of(going.rep), &legs, g));
    }
    let now = Hm(request.now_s);
    let mut unassigned = plan.unassigned.clone();
    for account in &request.cancel {
        if cancelled.contains(account) {
            unassigned.push(Unassigned { account: account.clone(), reason: format!("cancelled at {now}") });
        }
    }
    let weekday = plan.date.weekday();
    let closed_urgent = request.urgent.iter().filter(|a| a.closed.contains(&weekday));
    for account in rest.unassigned.iter().map(|u| &u.account).chain(closed_urgent.map(|a| &a.id)) {
        unassigned.push(Unassigned { account: account.clone(), reason: reasons[account].clone() });
    }
    let mut added = plan.added.clone();
    added.extend(request.urgent.iter().cloned());
    Ok(Plan {
        date: plan.date,
        routes,
        unassigned,
        unavailable: plan.unavailable.clone(),
        added,
        changes: Vec::new(),
    })
}

/// Whether `rest` has the visits of `planned` in the same order, and the break in the same place.
fn same_order(planned: &[Stop], rest: Option<&RoutePlan>) -> bool {
    let rest = rest.map_or(&[][..], |r| &r.stops[..]);
    planned.len() == rest.len()
        && planned.iter().zip(rest).all(|pair| match pair {
            (Stop::Visit { account: a, .. }, Stop::Visit { account: b, .. }) => a == b,
            (Stop::Break { .. }, Stop::Break { .. }) => true,
            _ => false,
        })
}

/// Drive times of the part of each day that already happened, and from
/// where each rep goes on to home, priced in one matrix.
struct DoneLegs {
    matrix: crate::travel::TravelMatrix,
    /// Per going rep: the matrix indices of its start, its done visits, its
    /// resume position (if any) and its end.
    places: Vec<Vec<usize>>,
}

impl DoneLegs {
    fn price(
        region: &Region,
        plan: &Plan,
        goings: &[Going],
        travel: &dyn TravelTimes,
    ) -> Result<DoneLegs, NamedTravelError> {
        let mut locations = Vec::new();
        let mut names = Vec::new();
        let mut places = Vec::with_capacity(goings.len());
        for going in goings {
            let rep = &region.reps[going.rep];
            let mut indices = Vec::new();
            let mut push = |at: LatLon, name: String| {
                locations.push(at);
                names.push(name);
                indices.push(locations.len() - 1);
            };
            push(rep.start, format!("rep {}'s start", rep.id));
            let done = going.route.map_or(&[][..], |r| &plan.routes[r].stops[..going.done]);
            for stop in done {
                if let Stop::Visit { account, .. } = stop {
                    let a =
                        region.account_index(account).expect("plan accounts are checked against the region");
                    push(region.accounts[a].location, format!("account {account}"));
                }
            }
            if let Some(at) = going.resume.as_ref().and_then(|r| r.place) {
                push(at, format!("rep {}'s position", rep.id));
            }
            push(rep.end, format!("rep {}'s end", rep.id));
            places.push(indices);
        }
        let matrix = travel.matrix(&locations).map_err(|e| e.naming(|p| names[p].clone()))?;
        Ok(DoneLegs { matrix, places })
    }
}

/// One rep's new route: `route`'s stops up to the continuation point, then
/// `rest` (or straight home, with the break first if it is still owed and
/// the day would otherwise run past its window). `None` when the rep does
/// not leave home at all.
fn merge_route(
    region: &Region,
    going: &Going,
    route: Option<&RoutePlan>,
    rest: Option<&RoutePlan>,
    legs: &DoneLegs,
    g: usize,
) -> Option<RoutePlan> {
    let rep = &region.reps[going.rep];
    let Some(resume) = &going.resume else { return rest.cloned() };
    let done = route.map_or(&[][..], |r| &r.stops[..going.done]);
    let places = &legs.places[g];
    let (mut drive_s, mut distance_m) = (0, 0);
    let mut leg = |from: usize, to: usize| {
        drive_s += legs.matrix.drive_s(places[from], places[to]);
        distance_m += legs.matrix.distance_m(places[from], places[to]);
    };
    let visits_done = done.iter().filter(|s| matches!(s, Stop::Visit { .. })).count();
    for k in 0..visits_done {
        leg(k, k + 1);
    }
    let mut here = visits_done;
    if resume.place.is_some() {
        leg(here, here + 1);
        here += 1;
    }
    let mut stops = done.to_vec();
    stops.extend(going.home_break.clone());
    let return_s = match rest {
        Some(rest) => {
            stops.extend(rest.stops.iter().cloned());
            drive_s += rest.drive_s;
            distance_m += rest.distance_m;
            rest.return_s
        }
        None => {
            let end = places.len() - 1;
            let home_s = legs.matrix.drive_s(places[here], places[end]);
            leg(here, end);
            let mut free_s = resume.at_s;
            let owed = rep.lunch.filter(|_| going.start.break_left && visits_done > 0);
            if let Some(rule) = owed.filter(|rule| free_s + home_s > rule.start_window.close_s) {
                let start_s = free_s.max(rule.start_window.open_s);
                // Too late for the window: no break, and the check will say so.
                if start_s <= rule.start_window.close_s {
                    stops.push(Stop::Break { start_s, end_s: start_s + rule.duration_s });
                    free_s = start_s + rule.duration_s;
                }
            }
            free_s + home_s
        }
    };
    let depart_s = match route {
        Some(route) if going.done > 0 => route.depart_s,
        Some(route) => route.depart_s.min(resume.at_s),
        None => resume.at_s,
    };
    let mut resumes: Vec<Resume> = route
        .map_or(Vec::new(), |r| r.resumes.iter().filter(|x| x.after_stops <= going.done).cloned().collect());
    resumes.push(resume.clone());
    Some(RoutePlan { rep: rep.id.clone(), depart_s, return_s, drive_s, distance_m, stops, resumes })
}

/// Where and when each account is visited in a plan.
fn visit_times(plan: &Plan) -> HashMap<&str, (&str, Seconds)> {
    let mut times = HashMap::new();
    for route in &plan.routes {
        for stop in &route.stops {
            if let Stop::Visit { account, start_s, .. } = stop {
                times.insert(account.as_str(), (route.rep.as_str(), *start_s));
            }
        }
    }
    times
}

/// What happened to every visit still ahead at the continuation point, and to every urgent one.
fn changes(
    plan: &Plan,
    request: &ReplanRequest,
    new_plan: &Plan,
    goings: &[Going],
    cancelled: &HashSet<String>,
    reasons: &HashMap<String, String>,
) -> Vec<Change> {
    let before = visit_times(plan);
    let after = visit_times(new_plan);
    let why = |account: &str| reasons.get(account).cloned().unwrap_or_default();
    let mut changes = Vec::new();
    let mut change = |account: &str, kind: ChangeKind, reason: String| {
        changes.push(Change { account: account.to_string(), kind, reason });
    };
    for going in goings {
        for account in going.remaining(plan) {
            let (old_rep, old_s) = before[account];
            let was = format!("was {old_rep} at {}", Hm(old_s));
            if cancelled.contains(account) {
                change(account, ChangeKind::Cancelled, format!("cancelled at {}; {was}", Hm(request.now_s)));
                continue;
            }
            match after.get(account) {
                Some(&(rep, start_s)) if rep != old_rep => {
                    change(account, ChangeKind::Reassigned, format!("{rep} at {}; {was}", Hm(start_s)))
                }
                Some(&(rep, start_s)) if (start_s - old_s).abs() >= MOVED_MIN_S => {
                    change(account, ChangeKind::Moved, format!("{rep} at {}; {was}", Hm(start_s)))
                }
                Some(_) => {}
                None => change(account, ChangeKind::ToTomorrow, format!("{}; {was}", why(account))),
            }
        }
    }
    for account in &request.urgent {
        match after.get(account.id.as_str()) {
            Some(&(rep, start_s)) => change(
                &account.id,
                ChangeKind::Added,
                format!("urgent ({} priority): {rep} at {}", account.priority.as_str(), Hm(start_s)),
            ),
            None => change(&account.id, ChangeKind::ToTomorrow, format!("urgent, but {}", why(&account.id))),
        }
    }
    changes.sort_by_key(|c| c.kind);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rep;

    const H: Seconds = 3600;
    const M: Seconds = 60;

    fn account(id: &str, lat: f64) -> Account {
        Account::new(id, LatLon { lat, lon: 24.94 }, 30 * M, 7)
    }

    fn region() -> Region {
        let home = LatLon { lat: 60.00, lon: 24.94 };
        Region {
            accounts: vec![account("A", 60.10), account("B", 60.20)],
            reps: vec![Rep {
                id: "R1".into(),
                name: String::new(),
                start: home,
                end: home,
                shift: TimeWindow::new(8 * H, 17 * H),
                lunch: None,
                max_visits: None,
            }],
        }
    }

    /// Home 08:00, A 09:00-09:30, B 10:30-11:00, home 12:00: an hour's drive per leg.
    fn route() -> RoutePlan {
        let visit = |account: &str, start_s| Stop::Visit {
            account: account.into(),
            arrival_s: start_s,
            start_s,
            end_s: start_s + 30 * M,
        };
        RoutePlan {
            rep: "R1".into(),
            depart_s: 8 * H,
            return_s: 12 * H,
            drive_s: 4 * H,
            distance_m: 0,
            stops: vec![visit("A", 9 * H), visit("B", 10 * H + 30 * M)],
            resumes: vec![],
        }
    }

    fn at(now_s: Seconds, delay_s: Seconds) -> Place {
        let region = region();
        place_at(&region, &AccountIds::new(&region), 0, &route(), now_s, delay_s)
    }

    #[test]
    fn the_plan_places_a_rep_by_the_clock() {
        assert!(matches!(at(7 * H + 50 * M, 0), Place::NotLeft));
        // At A (visiting): done with A when the visit ends, plus the delay.
        assert!(matches!(
            at(9 * H + 10 * M, 5 * M),
            Place::Resumed { done: 1, at_s, place: None } if at_s == 9 * H + 35 * M
        ));
        // A quarter of the way from A to B, a quarter of the way in time.
        match at(9 * H + 45 * M, 0) {
            Place::Resumed { done: 1, at_s, place: Some(p) } => {
                assert_eq!(at_s, 9 * H + 45 * M);
                assert!((p.lat - 60.125).abs() < 1e-9, "{p:?}");
            }
            _ => panic!("on the leg from A to B"),
        }
        // Halfway home after B.
        match at(11 * H + 30 * M, 0) {
            Place::Resumed { done: 2, place: Some(p), .. } => assert!((p.lat - 60.10).abs() < 1e-9, "{p:?}"),
            _ => panic!("on the way home"),
        }
        assert!(matches!(at(12 * H, 0), Place::Home));
    }
}
