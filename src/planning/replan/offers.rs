//! What the rest of the day offers the solver: remaining visits minus
//! cancellations, plus the urgent ones, each with what leaving it out costs.

use std::collections::HashSet;

use chrono::Datelike;

use super::whereabouts::Going;
use super::{visits, AccountIds, ReplanError, ReplanRequest, URGENT_WEIGHT};
use crate::model::plan::{Plan, Stop};
use crate::model::{urgency, Candidate, Region, Urgency};
use crate::planning::day::{priority_weight, Offer};

/// The accounts cancelled, each checked to be a remaining visit of a rep whose day goes on.
pub(super) fn check_cancellations(
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
pub(super) fn offered(
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
    let added = request.urgent.iter().filter(|a| a.hours.is_open_on(weekday)).map(|a| a.id.as_str());
    for id in added.chain(request.urgent_accounts.iter().map(String::as_str)) {
        let index = ids.get(id).expect("urgent accounts are part of the day's region");
        // An urgent visit counts as due today, whatever its history says.
        let candidate = Candidate { account: index, urgency: Urgency::Due { days_overdue: None } };
        offers.push(Offer {
            candidate,
            skip_cost: URGENT_WEIGHT * priority_weight(region.accounts[index].priority),
            ..Offer::of(region, candidate)
        });
    }
    offers
}
