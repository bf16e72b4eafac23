//! The new full plan: the stops that already happened, then the re-planned
//! rest of each rep's day, timed and priced from the continuation point.

use std::collections::{HashMap, HashSet};

use chrono::Datelike;

use super::whereabouts::Going;
use super::{ReplanError, ReplanRequest};
use crate::model::plan::{Plan, Resume, RoutePlan, Stop, Unassigned};
use crate::model::reason::Reason;
use crate::model::{LatLon, Region};
use crate::travel::{NamedTravelError, TravelTimes};

/// The new plan: the stops that happened, then the rest of the day as
/// planned in `rest`. Reps whose day does not go on keep their routes, and
/// so do the other reps of a team whose rest of the day is what it was (the
/// same visits in the same order): their plan is not touched at all.
pub(super) fn merge(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    goings: &[Going],
    rest: &Plan,
    (cancelled, reasons): (&HashSet<String>, &HashMap<String, Reason>),
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
    // An urgent account of the region left out of the plan is placed now, or left out again below with today's reason.
    let mut unassigned: Vec<Unassigned> =
        plan.unassigned.iter().filter(|u| !request.urgent_accounts.contains(&u.account)).cloned().collect();
    for account in &request.cancel {
        if cancelled.contains(account) {
            unassigned.push(Unassigned {
                account: account.clone(),
                reason: Reason::Cancelled { at_s: request.now_s },
            });
        }
    }
    let weekday = plan.date.weekday();
    let closed_urgent = request.urgent.iter().filter(|a| !a.hours.is_open_on(weekday));
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
pub(super) fn same_order(planned: &[Stop], rest: Option<&RoutePlan>) -> bool {
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
pub(super) struct DoneLegs {
    pub(super) matrix: crate::travel::TravelMatrix,
    /// Per going rep: the matrix indices of its start, its done visits, its
    /// resume position (if any) and its end.
    pub(super) places: Vec<Vec<usize>>,
}

impl DoneLegs {
    pub(super) fn price(
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
pub(super) fn merge_route(
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
    stops.extend(going.taken_break.clone());
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
    // A rep not out yet leaves for where they go on, or for the break taken on the way.
    let first_s = match &going.taken_break {
        Some(Stop::Break { start_s, .. }) => resume.at_s.min(*start_s),
        _ => resume.at_s,
    };
    let depart_s = match route {
        Some(route) if going.done > 0 => route.depart_s,
        Some(route) => route.depart_s.min(first_s),
        None => first_s,
    };
    let mut resumes: Vec<Resume> = route
        .map_or(Vec::new(), |r| r.resumes.iter().filter(|x| x.after_stops <= going.done).cloned().collect());
    resumes.push(resume.clone());
    // Only a rep going straight home can be back past the close: the search keeps visits inside the shift.
    let overtime_s = (return_s - going.start.close_s).max(0);
    Some(RoutePlan {
        rep: rep.id.clone(),
        depart_s,
        return_s,
        drive_s,
        distance_m,
        stops,
        resumes,
        overtime_s,
    })
}
