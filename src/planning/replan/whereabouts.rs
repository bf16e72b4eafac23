//! Where each rep is at `now`, and so where and when their day goes on:
//! the continuation points of the re-plan.

use super::{visits, AccountIds, ReplanError, ReplanRequest, Whereabouts};
use crate::model::plan::{Plan, Resume, RoutePlan, Stop};
use crate::model::{LatLon, Region, Seconds};
use crate::planning::day::RepStart;

/// A rep whose day goes on in the re-plan.
pub(super) struct Going {
    /// Index of the rep in the region.
    pub(super) rep: usize,
    /// The rep's route in the plan, if any.
    pub(super) route: Option<usize>,
    /// How many stops of it happened and stay.
    pub(super) done: usize,
    /// The break taken before the day goes on, after the `done` stops: at
    /// home by a rep sent out again, or where a held-up rep is stuck.
    pub(super) taken_break: Option<Stop>,
    /// Where the day picks up again; `None` for a rep still at home, whose
    /// day starts afresh.
    pub(super) resume: Option<Resume>,
    /// The rest of the day for the solver.
    pub(super) start: RepStart,
}

impl Going {
    /// The accounts of the plan's visits after the continuation point.
    pub(super) fn remaining<'p>(&self, plan: &'p Plan) -> impl Iterator<Item = &'p str> {
        let stops = self.route.map_or(&[][..], |r| &plan.routes[r].stops[self.done..]);
        stops.iter().filter_map(|stop| match stop {
            Stop::Visit { account, .. } => Some(account.as_str()),
            Stop::Break { .. } => None,
        })
    }
}

/// Where a rep is at some moment of the plan.
pub(super) enum Place {
    /// At home, not left yet.
    NotLeft,
    /// After `done` stops, free at `at_s`, at `place` (or where the last stop left them);
    /// held up there from `held_from_s`, when the plan had them free.
    Resumed { done: usize, at_s: Seconds, held_from_s: Seconds, place: Option<LatLon> },
    /// Back home for the day.
    Home,
}

/// The reps whose day goes on: the replanned rep, and with `team` every
/// other rep not yet back home by the plan.
pub(super) fn continuations(
    region: &Region,
    plan: &Plan,
    request: &ReplanRequest,
    rep: usize,
    ids: &AccountIds<'_>,
) -> Result<Vec<Going>, ReplanError> {
    let route_of = |r: usize| plan.routes.iter().position(|route| route.rep == region.reps[r].id);
    let mut goings = Vec::new();
    for r in 0..region.reps.len() {
        // The day's shift; on a day off, the week's bounds, which the day problem drops.
        let shift = region.reps[r].shift_on(plan.date).unwrap_or_else(|| region.reps[r].shift.bounds());
        // What the absences leave of the shift. The time to be back by is its close (an
        // absence's start later in the day); a rep held up past it goes straight home and
        // declares the difference as overtime.
        let working = region.working_window(r, plan.date);
        let close_s = working.map_or(shift.close_s, |w| w.close_s);
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
                let mut done = stops.iter().take_while(|s| stop_end(s) <= request.now_s).count();
                let mut at_s = request.now_s + delay_s;
                // A break under way at `now` is finished where the rep is: its window
                // may have closed meanwhile, and the day still owes it.
                if let Some(&Stop::Break { start_s, end_s }) = stops.get(done) {
                    if start_s <= request.now_s {
                        done += 1;
                        at_s = at_s.max(end_s);
                    }
                }
                Place::Resumed { done, at_s, held_from_s: request.now_s, place: Some(*at) }
            }
            (Whereabouts::AtStop(account), route) => {
                at_stop(plan, &request.rep, account, route, request.now_s, delay_s)?
            }
        };
        // A rep ahead of the plan who recorded a later stop already is past it.
        let place =
            match route.and_then(|k| last_recorded(&plan.routes[k], &request.recorded).map(|s| (k, s))) {
                Some((k, stop)) => past_recorded(place, &plan.routes[k], stop, request.now_s, delay_s),
                None => place,
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
                taken_break: None,
                resume: None,
                start: RepStart {
                    rep: r,
                    place: rep_data.start,
                    time_s: shift.open_s.max(request.now_s + delay_s),
                    break_left: true,
                    visits_left: rep_data.max_visits,
                    close_s,
                    resumed: false,
                },
            },
            Place::Resumed { done, mut at_s, held_from_s, place } => {
                let done_stops = route.map_or(&[][..], |k| &plan.routes[k].stops[..done]);
                let last_visit = done_stops.iter().rev().find_map(|s| match s {
                    Stop::Visit { account, .. } => ids.get(account).map(|a| region.accounts[a].location),
                    Stop::Break { .. } => None,
                });
                let visits_done = done_stops.iter().filter(|s| matches!(s, Stop::Visit { .. })).count();
                let took_break = done_stops.iter().any(|s| matches!(s, Stop::Break { .. }));
                // No break is owed on a day whose absences leave only time after its window.
                let lunch = rep_data
                    .lunch
                    .filter(|rule| working.is_none_or(|w| w.open_s <= rule.start_window.close_s));
                // Nor is a rep held up while absent in the morning.
                let held_from_s = working.map_or(held_from_s, |w| held_from_s.max(w.open_s));
                // A rep sent out again after the plan had them home took their
                // break at home, when its window has passed meanwhile, and goes
                // on no earlier than its end.
                let mut taken_break = route
                    .map(|k| &plan.routes[k])
                    .filter(|route| !took_break && done == route.stops.len() && route.return_s <= at_s)
                    .and_then(|route| {
                        let rule = lunch?;
                        let start_s = route.return_s.max(rule.start_window.open_s);
                        (rule.start_window.close_s < at_s && start_s <= rule.start_window.close_s)
                            .then_some(Stop::Break { start_s, end_s: start_s + rule.duration_s })
                    });
                if let Some(Stop::Break { end_s, .. }) = taken_break {
                    at_s = at_s.max(end_s);
                }
                // A rep held up past the break window's close takes the break
                // where they are stuck, from when the hold-up began.
                if let Some(rule) = lunch.filter(|rule| {
                    !took_break
                        && taken_break.is_none()
                        && at_s > held_from_s
                        && at_s > rule.start_window.close_s
                }) {
                    let start_s = held_from_s.max(rule.start_window.open_s);
                    if start_s <= rule.start_window.close_s {
                        let end_s = start_s + rule.duration_s;
                        taken_break = Some(Stop::Break { start_s, end_s });
                        at_s = at_s.max(end_s);
                    }
                }
                // Nobody goes on before an absence in the morning ends.
                if let Some(window) = working {
                    at_s = at_s.max(window.open_s);
                }
                let (after_stops, break_left) =
                    (done + usize::from(taken_break.is_some()), !took_break && taken_break.is_none());
                Going {
                    rep: r,
                    route,
                    done,
                    taken_break,
                    resume: Some(Resume { after_stops, at_s, place }),
                    start: RepStart {
                        rep: r,
                        place: place.or(last_visit).unwrap_or(rep_data.start),
                        time_s: at_s,
                        break_left,
                        visits_left: rep_data
                            .max_visits
                            .map(|m| m.saturating_sub(u32::try_from(visits_done).unwrap_or(u32::MAX))),
                        close_s,
                        resumed: true,
                    },
                }
            }
        };
        goings.push(going);
    }
    Ok(goings)
}

pub(super) fn stop_end(stop: &Stop) -> Seconds {
    match stop {
        Stop::Visit { end_s, .. } | Stop::Break { end_s, .. } => *end_s,
    }
}

/// Where the plan has rep `r` at `now`: at a stop until it ends (plus
/// `delay_s`), or on a leg at the point reached in proportion to the time driven.
pub(super) fn place_at(
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
        Place::Resumed { done, at_s: now_s + delay_s, held_from_s: now_s, place }
    };
    let (mut here, mut free_s) = (rep.start, route.depart_s);
    // An earlier re-plan's hold-up after `done` stops: the rep is there until it ends.
    let held = |done: usize, here: &mut LatLon, free_s: &mut Seconds| {
        let resume = held_after(route, done)?;
        if now_s < resume.at_s {
            let (at_s, held_from_s) = (resume.at_s + delay_s, resume.at_s);
            return Some(Place::Resumed { done, at_s, held_from_s, place: resume.place });
        }
        (*here, *free_s) = (resume.place.unwrap_or(*here), resume.at_s);
        None
    };
    if let Some(place) = held(0, &mut here, &mut free_s) {
        return place;
    }
    for (k, stop) in route.stops.iter().enumerate() {
        match stop {
            Stop::Visit { account, arrival_s, end_s, .. } => {
                let there = ids.get(account).map_or(here, |a| region.accounts[a].location);
                if now_s < *arrival_s {
                    return on_leg(k, here, there, free_s, *arrival_s);
                }
                if now_s < *end_s {
                    return until_held(route, k + 1, *end_s, delay_s);
                }
                (here, free_s) = (there, *end_s);
            }
            Stop::Break { start_s, end_s } => {
                if now_s < *start_s {
                    return Place::Resumed {
                        done: k,
                        at_s: now_s + delay_s,
                        held_from_s: now_s,
                        place: None,
                    };
                }
                if now_s < *end_s {
                    return until_held(route, k + 1, *end_s, delay_s);
                }
                free_s = *end_s;
            }
        }
        if let Some(place) = held(k + 1, &mut here, &mut free_s) {
            return place;
        }
    }
    if now_s < route.return_s {
        return on_leg(route.stops.len(), here, rep.end, free_s, route.return_s);
    }
    Place::Home
}

/// The position in `route` of its last visit to an account of `recorded`.
fn last_recorded(route: &RoutePlan, recorded: &[String]) -> Option<usize> {
    route
        .stops
        .iter()
        .rposition(|stop| matches!(stop, Stop::Visit { account, .. } if recorded.contains(account)))
}

/// `place`, or where a rep is once past the recorded stop `k` of `route`
/// when `place` has them before it: free when it ends by the plan (the
/// stops done keep their times), plus `delay_s`, and no earlier than now.
fn past_recorded(place: Place, route: &RoutePlan, k: usize, now_s: Seconds, delay_s: Seconds) -> Place {
    let behind = match place {
        Place::NotLeft => true,
        Place::Resumed { done, .. } => done <= k,
        Place::Home => false,
    };
    if !behind {
        return place;
    }
    match until_held(route, k + 1, stop_end(&route.stops[k]), delay_s) {
        Place::Resumed { done, at_s, held_from_s, place } => {
            Place::Resumed { done, at_s: at_s.max(now_s + delay_s), held_from_s, place }
        }
        other => other,
    }
}

/// The last hold-up an earlier re-plan put after `done` stops of `route`.
fn held_after(route: &RoutePlan, done: usize) -> Option<&Resume> {
    route.resumes.iter().rev().find(|resume| resume.after_stops == done)
}

/// A rep at a stop (or on the break) that ends at `end_s`: free when it
/// ends, or when an earlier re-plan's hold-up right after it ends, plus `delay_s`.
fn until_held(route: &RoutePlan, done: usize, end_s: Seconds, delay_s: Seconds) -> Place {
    let (free_s, place) = match held_after(route, done) {
        Some(resume) => (resume.at_s.max(end_s), resume.place),
        None => (end_s, None),
    };
    Place::Resumed { done, at_s: free_s + delay_s, held_from_s: free_s, place }
}

/// The continuation at `account`'s visit in the rep's route: it happened,
/// and the rep goes on when it ends plus `delay_s` (not before `now_s`).
pub(super) fn at_stop(
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
    let route = route.map(|k| &plan.routes[k]);
    let held = route.and_then(|route| held_after(route, k + 1));
    let free_s = held.map_or(end_s, |resume| resume.at_s.max(end_s));
    // Still there at `now`, past the visit's end: held up since it ended.
    let at_s = now_s.max(free_s + delay_s);
    Ok(Place::Resumed { done: k + 1, at_s, held_from_s: free_s, place: held.and_then(|r| r.place) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Rep, TimeWindow};

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
                shift: TimeWindow::new(8 * H, 17 * H).into(),
                lunch: None,
                max_visits: None,
            }],
            ..Default::default()
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
            overtime_s: 0,
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
            Place::Resumed { done: 1, at_s, place: None, .. } if at_s == 9 * H + 35 * M
        ));
        // A quarter of the way from A to B, a quarter of the way in time.
        match at(9 * H + 45 * M, 0) {
            Place::Resumed { done: 1, at_s, place: Some(p), .. } => {
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

    #[test]
    fn a_hold_up_of_an_earlier_replan_keeps_the_rep_until_it_ends() {
        // An earlier re-plan held the rep at A until 10:00 (A ends 09:30).
        let mut held = route();
        held.resumes = vec![Resume { after_stops: 1, at_s: 10 * H, place: None }];
        let region = region();
        let at = |now_s, delay_s| place_at(&region, &AccountIds::new(&region), 0, &held, now_s, delay_s);
        // Visiting A, or done with it but still held: free at 10:00, plus the new delay.
        for now_s in [9 * H + 10 * M, 9 * H + 45 * M] {
            assert!(
                matches!(
                    at(now_s, 15 * M),
                    Place::Resumed { done: 1, at_s, held_from_s, place: None }
                        if at_s == 10 * H + 15 * M && held_from_s == 10 * H
                ),
                "at {now_s}"
            );
        }
        let plan = Plan {
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            routes: vec![held.clone()],
            unassigned: vec![],
            unavailable: vec![],
            added: vec![],
            changes: vec![],
        };
        assert!(matches!(
            at_stop(&plan, "R1", "A", Some(0), 9 * H + 45 * M, 15 * M),
            Ok(Place::Resumed { done: 1, at_s, held_from_s, .. }) if at_s == 10 * H + 15 * M && held_from_s == 10 * H
        ));
        // Still at A at 14:00, long after the hold-up's end: held up there since 10:00,
        // so the break owed is taken there from then.
        assert!(matches!(
            at_stop(&plan, "R1", "A", Some(0), 14 * H, 0),
            Ok(Place::Resumed { done: 1, at_s, held_from_s, .. }) if at_s == 14 * H && held_from_s == 10 * H
        ));
        // Past the hold-up, the rep is on the leg to B again.
        assert!(matches!(at(10 * H + 20 * M, 0), Place::Resumed { done: 1, place: Some(_), .. }));
    }
}
