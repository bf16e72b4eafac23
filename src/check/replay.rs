//! The replay: each route stop by stop, from the rep's start to their
//! return, calling every rule in [`super::rules`] on the way.

use std::collections::HashSet;

use crate::check::{Checker, RouteTotals, ViolationKind};
use crate::model::plan::{RoutePlan, Stop};
use crate::model::{Hms, Seconds};

/// Where the rep is during the replay: a place index when known, and a name
/// for messages.
#[derive(Clone)]
pub(super) struct Location {
    pub(super) place: Option<usize>,
    pub(super) name: String,
}

/// The activity before the one being checked, for "must come after" rules
/// and for naming it in messages.
pub(super) enum Previous<'p> {
    Depart,
    Visit(&'p str),
    Break,
    Resume,
}

impl Previous<'_> {
    /// "the visit to A1 ends at 08:32:00", for "cannot be there before" messages.
    pub(super) fn ends_at(&self, rep: &str, end_s: Seconds) -> String {
        match self {
            Previous::Depart => format!("rep {rep} departs at {}", Hms(end_s)),
            Previous::Visit(account) => format!("the visit to {account} ends at {}", Hms(end_s)),
            Previous::Break => format!("the break ends at {}", Hms(end_s)),
            Previous::Resume => format!("rep {rep} resumes at {}", Hms(end_s)),
        }
    }

    /// "the visit to A1 only ends at 08:32:00", for overlap messages.
    pub(super) fn only_ends_at(&self, end_s: Seconds) -> String {
        match self {
            Previous::Depart => format!("the rep only departs at {}", Hms(end_s)),
            Previous::Visit(account) => format!("the visit to {account} only ends at {}", Hms(end_s)),
            Previous::Break => format!("the break only ends at {}", Hms(end_s)),
            Previous::Resume => format!("the rep only resumes at {}", Hms(end_s)),
        }
    }
}

/// The sum of leg drive times and distances along a route, or `None` once a
/// leg cannot be priced.
pub(super) struct Legs {
    pub(super) drive_s: Option<Seconds>,
    pub(super) distance_m: Option<i64>,
}

impl Legs {
    pub(super) fn add(&mut self, leg: Option<(Seconds, i64)>) {
        match leg {
            Some((drive_s, distance_m)) => {
                self.drive_s = self.drive_s.map(|d| d.saturating_add(drive_s));
                self.distance_m = self.distance_m.map(|d| d.saturating_add(distance_m));
            }
            None => {
                self.drive_s = None;
                self.distance_m = None;
            }
        }
    }
}

impl<'a> Checker<'a> {
    pub(in crate::check) fn check_routes(&mut self) {
        let mut seen_reps: HashSet<&str> = HashSet::new();
        for (index, route) in self.plan.routes.iter().enumerate() {
            let rep_index = self.ids.rep(&route.rep);
            match rep_index {
                None => self.push(
                    ViolationKind::UnknownRep,
                    Some(&route.rep),
                    None,
                    format!("route for rep {} names no rep in the region", route.rep),
                ),
                Some(_) if !seen_reps.insert(route.rep.as_str()) => self.push(
                    ViolationKind::DuplicateRoute,
                    Some(&route.rep),
                    None,
                    format!("rep {} has more than one route", route.rep),
                ),
                Some(_) => {}
            }
            let totals = self.check_route(index, route, rep_index);
            self.report.routes.push(totals);
        }
    }

    /// Replays one route (the plan's `index`th) stop by stop; `rep_index` is `None` for an unknown rep
    /// id, in which case the checks that need its shift, places or rules are skipped.
    pub(in crate::check) fn check_route(
        &mut self,
        index: usize,
        route: &'a RoutePlan,
        rep_index: Option<usize>,
    ) -> RouteTotals {
        let rep_id = route.rep.as_str();
        let region = self.region;
        let rep = rep_index.map(|r| &region.reps[r]);
        let ends = rep_index.and_then(|r| self.places.rep[r]);
        let mut legs = Legs { drive_s: Some(0), distance_m: Some(0) };
        let mut location = Location { place: ends.map(|(start, _)| start), name: "the start".into() };
        let mut previous = Previous::Depart;
        let mut previous_end_s = route.depart_s;
        let mut visits = 0usize;
        let mut breaks = 0usize;

        if let Some(rep) = rep {
            self.check_shift(route, rep);
        }

        let resume_places = &self.places.resume[index];
        for resume in route.resumes.iter().filter(|r| r.after_stops > route.stops.len()) {
            self.push(
                ViolationKind::ResumeOutOfRange,
                Some(rep_id),
                None,
                format!(
                    "rep {rep_id}'s route resumes after {} stops but has only {}",
                    resume.after_stops,
                    route.stops.len()
                ),
            );
        }
        for after_stops in 0..=route.stops.len() {
            for (resume, &place) in route.resumes.iter().zip(resume_places) {
                if resume.after_stops != after_stops {
                    continue;
                }
                self.check_resume(rep_id, resume, (&previous, previous_end_s));
                if let Some(place) = place {
                    legs.add(self.leg(index, location.place, Some(place)));
                    let at = resume.place.expect("a resume place index only for a resume with a place");
                    location = Location { place: Some(place), name: format!("{:.5},{:.5}", at.lat, at.lon) };
                }
                previous = Previous::Resume;
                previous_end_s = resume.at_s;
            }
            let Some(stop) = route.stops.get(after_stops) else { break };
            match stop {
                Stop::Visit { account: account_id, arrival_s, start_s, end_s } => {
                    visits += 1;
                    let account = self.ids.account(account_id).map(|a| &self.region.accounts[a]);
                    self.check_account(rep_id, account_id, account);
                    let place = self.ids.account(account_id).and_then(|a| self.places.account[a]);
                    let leg = self.leg(index, location.place, place);
                    legs.add(leg);
                    self.check_arrival(
                        rep_id,
                        account_id,
                        *arrival_s,
                        (&previous, previous_end_s),
                        &location,
                        leg.map(|(drive_s, _)| drive_s),
                    );
                    if start_s < arrival_s {
                        self.push(
                            ViolationKind::StartBeforeArrival,
                            Some(rep_id),
                            Some(account_id),
                            format!(
                                "rep {rep_id} starts the visit to {account_id} at {} but only arrives at {}",
                                Hms(*start_s),
                                Hms(*arrival_s)
                            ),
                        );
                    }
                    if let Some(account) = account {
                        self.check_visit_times(rep_id, rep, account, *start_s, *end_s);
                    }
                    previous = Previous::Visit(account_id);
                    previous_end_s = (*arrival_s).max(*start_s).max(*end_s);
                    location = Location { place, name: account_id.clone() };
                }
                Stop::Break { start_s, end_s } => {
                    breaks += 1;
                    self.check_break(rep_id, rep, breaks, *start_s, *end_s, (&previous, previous_end_s));
                    previous = Previous::Break;
                    previous_end_s = (*start_s).max(*end_s);
                }
            }
        }

        let home = self.leg(index, location.place, ends.map(|(_, end)| end));
        legs.add(home);
        if let Some(rep) = rep {
            self.check_return(route, rep, (&previous, previous_end_s), &location, home.map(|(d, _)| d));
            self.check_route_limits(route, rep, visits, breaks);
            self.check_totals(route, &legs);
        }
        RouteTotals { rep: route.rep.clone(), visits, drive_s: legs.drive_s, distance_m: legs.distance_m }
    }
}
