//! The places of a plan: id lookups, and the one list of locations priced
//! by the travel model.

use std::collections::HashMap;

use crate::model::plan::{Plan, Stop};
use crate::model::{Hms, LatLon, Region, Seconds};
use crate::travel::{NamedTravelError, TravelMatrix, TravelTimes};

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
    /// Per plan route, the places its replay drives between: its rep's start
    /// and end, its resume positions and its visits, each once.
    pub(super) route: Vec<Vec<usize>>,
}

impl Places {
    pub(super) fn collect(region: &Region, plan: &Plan, ids: &Ids<'_>) -> Self {
        let mut places = Places {
            locations: Vec::new(),
            names: Vec::new(),
            rep: vec![None; region.reps.len()],
            account: vec![None; region.accounts.len()],
            resume: Vec::with_capacity(plan.routes.len()),
            route: Vec::with_capacity(plan.routes.len()),
        };
        for route in &plan.routes {
            let resumes: Vec<Option<usize>> = route
                .resumes
                .iter()
                .map(|r| {
                    r.place
                        .map(|at| places.push(at, format!("rep {}'s position at {}", route.rep, Hms(r.at_s))))
                })
                .collect();
            let mut members: Vec<usize> = resumes.iter().flatten().copied().collect();
            places.resume.push(resumes);
            if let Some(r) = ids.rep(&route.rep) {
                if places.rep[r].is_none() {
                    let rep = &region.reps[r];
                    let start = places.push(rep.start, format!("rep {}'s start", rep.id));
                    let end = places.push(rep.end, format!("rep {}'s end", rep.id));
                    places.rep[r] = Some((start, end));
                }
                if let Some((start, end)) = places.rep[r] {
                    members.extend([start, end]);
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
                        members.extend(places.account[a]);
                    }
                }
            }
            members.sort_unstable();
            members.dedup();
            places.route.push(members);
        }
        places
    }

    pub(super) fn push(&mut self, location: LatLon, name: String) -> usize {
        self.locations.push(location);
        self.names.push(name);
        self.locations.len() - 1
    }
}

/// Every route's legs priced: per plan route, one matrix of its own places
/// ([`Places::route`], in that order). A day of many reps is priced route
/// by route, so the work and memory grow with the routes' lengths, not with
/// the square of the whole day's visits, and only legs a rep could drive
/// are ever priced.
pub(super) struct RouteLegs(Vec<TravelMatrix>);

impl RouteLegs {
    /// Prices every route of `places` with `travel`.
    pub(super) fn price(places: &Places, travel: &dyn TravelTimes) -> Result<RouteLegs, NamedTravelError> {
        let matrices = places
            .route
            .iter()
            .map(|members| {
                let locations: Vec<LatLon> = members.iter().map(|&p| places.locations[p]).collect();
                travel.matrix(&locations).map_err(|e| e.naming(|local| places.names[members[local]].clone()))
            })
            .collect::<Result<_, _>>()?;
        Ok(RouteLegs(matrices))
    }

    /// Drive time and distance from place `from` to place `to` (indices into
    /// [`Places::locations`]), both of the plan's `route`th route.
    pub(super) fn leg(
        &self,
        places: &Places,
        route: usize,
        from: usize,
        to: usize,
    ) -> Option<(Seconds, i64)> {
        let members = &places.route[route];
        let from = members.binary_search(&from).ok()?;
        let to = members.binary_search(&to).ok()?;
        let matrix = &self.0[route];
        Some((matrix.drive_s(from, to), matrix.distance_m(from, to)))
    }
}
