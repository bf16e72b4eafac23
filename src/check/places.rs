//! The places of a plan: id lookups, and the one list of locations priced
//! by the travel model.

use std::collections::HashMap;

use crate::model::plan::{Plan, Stop};
use crate::model::{Hms, LatLon, Region};

/// Id → index lookups built once, so a large plan is not quadratic. Where a
/// region repeats an id, the first one wins, as in `Region::account_index`.
pub(super) struct Ids<'a> {
    pub(super) reps: HashMap<&'a str, usize>,
    pub(super) accounts: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    pub(super) fn new(region: &'a Region) -> Self {
        let mut reps = HashMap::new();
        for (index, rep) in region.reps.iter().enumerate() {
            reps.entry(rep.id.as_str()).or_insert(index);
        }
        let mut accounts = HashMap::new();
        for (index, account) in region.accounts.iter().enumerate() {
            accounts.entry(account.id.as_str()).or_insert(index);
        }
        Ids { reps, accounts }
    }

    pub(super) fn rep(&self, id: &str) -> Option<usize> {
        self.reps.get(id).copied()
    }

    pub(super) fn account(&self, id: &str) -> Option<usize> {
        self.accounts.get(id).copied()
    }
}

/// The one list of places handed to the travel model, and where each rep's
/// start and end and each visited account sit in it.
pub(super) struct Places {
    pub(super) locations: Vec<crate::model::LatLon>,
    /// What each location is, for messages ("rep R1's start", "account A7").
    pub(super) names: Vec<String>,
    /// Per region rep: indices of its start and end, if it has a route.
    pub(super) rep: Vec<Option<(usize, usize)>>,
    /// Per region account: its index, if some route visits it.
    pub(super) account: Vec<Option<usize>>,
    /// Per plan route, per resume: the index of its position, if it gives one.
    pub(super) resume: Vec<Vec<Option<usize>>>,
}

impl Places {
    pub(super) fn collect(region: &Region, plan: &Plan, ids: &Ids<'_>) -> Self {
        let mut places = Places {
            locations: Vec::new(),
            names: Vec::new(),
            rep: vec![None; region.reps.len()],
            account: vec![None; region.accounts.len()],
            resume: Vec::with_capacity(plan.routes.len()),
        };
        for route in &plan.routes {
            let resumes = route
                .resumes
                .iter()
                .map(|r| {
                    r.place
                        .map(|at| places.push(at, format!("rep {}'s position at {}", route.rep, Hms(r.at_s))))
                })
                .collect();
            places.resume.push(resumes);
            if let Some(r) = ids.rep(&route.rep) {
                if places.rep[r].is_none() {
                    let rep = &region.reps[r];
                    let start = places.push(rep.start, format!("rep {}'s start", rep.id));
                    let end = places.push(rep.end, format!("rep {}'s end", rep.id));
                    places.rep[r] = Some((start, end));
                }
            }
            for stop in &route.stops {
                if let Stop::Visit { account, .. } = stop {
                    if let Some(a) = ids.account(account) {
                        if places.account[a].is_none() {
                            let account = &region.accounts[a];
                            places.account[a] =
                                Some(places.push(account.location, format!("account {}", account.id)));
                        }
                    }
                }
            }
        }
        places
    }

    pub(super) fn push(&mut self, location: LatLon, name: String) -> usize {
        self.locations.push(location);
        self.names.push(name);
        self.locations.len() - 1
    }
}
