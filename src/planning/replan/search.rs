//! The search of the rest of the day, kept stable: each rep keeps the order
//! of their remaining visits unless a new order saves enough driving, and
//! every visit left out gets a reason.

use std::collections::{HashMap, HashSet};

use chrono::Datelike;

use super::whereabouts::Going;
use super::{ReplanRequest, STABLE_ORDER_SLACK_S};
use crate::model::plan::{Plan, Stop};
use crate::model::reason::Reason;
use crate::model::Region;
use crate::planning::day::DayProblem;
use crate::solver::insert::best_in_route;
use crate::solver::rng::Rng;
use crate::solver::{solve, Route, SearchConfig, Solution, BREAK};

/// One search's result.
pub(super) struct Searched {
    pub(super) solution: Solution,
    pub(super) iterations: u64,
    pub(super) stopped_by_time: bool,
}

impl Searched {
    pub(super) fn run(day: &DayProblem, config: &SearchConfig) -> Searched {
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

/// Gives every vehicle of `solution` its rep's remaining planned order of
/// visits, with the visits new to them inserted where they cost least and a
/// break not yet taken where it costs least among them, when that is
/// feasible and drives at most [`STABLE_ORDER_SLACK_S`] more.
pub(super) fn keep_planned_orders(
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
        let serves: HashSet<u32> = found.visits().collect();
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
        for task in found.visits().filter(|n| !planned.contains(n)) {
            let Some(insertion) = best_in_route(problem, &route, task, 0.0, &mut rng) else { break };
            insertion.stops_after(problem, &route, task, &mut stops);
            route.set_stops(problem, &stops);
        }
        let planned_break = route.stops().iter().position(|&n| n == BREAK);
        planned.clear();
        planned.extend(route.visits());
        if problem.vehicles[v].break_spec.is_some() && !planned.is_empty() {
            // The break is not a visit whose place the rep expects: a delay
            // may move it (rather than wait for a window with the break still
            // ahead). It goes where it costs least; among equals where the
            // plan had it, so that a day the re-plan does not change stays as
            // it was, else last: a break left for the end is dropped when the
            // rep is home before its window closes.
            let best = (0..=planned.len())
                .rev()
                .map(|at| {
                    let mut with_break = planned.clone();
                    with_break.insert(at, BREAK);
                    (at, Route::with_stops(problem, v, with_break))
                })
                .filter(|(_, route)| route.is_feasible())
                .min_by_key(|(at, route)| (route.objective(), Some(*at) != planned_break));
            if let Some((_, best)) = best {
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
pub(super) fn left_out_reasons(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    day: &DayProblem,
    solution: &Solution,
) -> HashMap<String, Reason> {
    let mut reasons: HashMap<String, Reason> = solution
        .unassigned()
        .map(|t| {
            let reason = if day.problem.vehicles.is_empty() {
                Reason::RepGoesHome { rep: request.rep.clone() }
            } else {
                day.why_unassigned(region, solution, t)
            };
            (region.accounts[day.task_account[t]].id.clone(), reason)
        })
        .collect();
    let weekday = plan.date.weekday();
    for account in request.urgent.iter().filter(|a| !a.hours.is_open_on(weekday)) {
        reasons.insert(
            account.id.clone(),
            Reason::ClosedOnWeekday { weekday, hours: account.hours.to_string() },
        );
    }
    reasons
}
