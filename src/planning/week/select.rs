//! Who visits each account, and which visits happen on a day: per rep, the
//! visits that cannot wait, then early visits near them until the day holds
//! its fair share of the rep's work still to come.
//!
//! Work is estimated, not routed: a visit's time plus the drive to it from
//! the nearest other stop of the rep's day (or the rep's start). That sum is
//! a little below a real route's driving, and it is cheap enough to forecast
//! the whole rest of the horizon for every rep on every day.

use chrono::NaiveDate;
use rayon::prelude::*;

use super::calendar::{Calendar, Offer};
use crate::model::{Candidate, Region, Rep, Seconds};
use crate::travel::{NamedTravelError, StraightLine, TravelMatrix, TravelTimes};

/// What one more open day left in an early visit's window counts against
/// taking it today, in seconds of estimated driving: among early visits about
/// as near to the day's other stops, the ones with fewer days left go first.
const LATER_DAY_S: Seconds = 300;

/// An early visit this much nearer to today's stops than to its due day's
/// is brought forward even from a day with no surplus.
const SAVING_S: Seconds = 300;

/// Visits a rep may take beyond an even share of the team's visit time,
/// while a nearer rep is full, before an account goes to the next nearest.
const SHARE_SLACK: f64 = 1.05;

/// The accounts by the rep who visits them over the whole horizon: the
/// territory rep, or else the nearest rep (straight line) who still has less
/// than an even share of the team's visit time.
pub(super) struct Groups {
    groups: Vec<Group>,
    /// Per account, the rep (and group) it belongs to; `None` when the region has no reps.
    pub(super) rep_of: Vec<Option<usize>>,
    /// Per account, its place in its group's matrix.
    place_of: Vec<usize>,
}

/// One rep's accounts and the drive times between them.
struct Group {
    /// Region indices of the accounts; account `k` is place `k + 1` of `matrix`.
    accounts: Vec<usize>,
    /// Drive times between the rep's start (place 0) and the accounts.
    matrix: TravelMatrix,
    /// A day's working time: the shift less the break.
    capacity_s: Seconds,
    /// Most visits in a day.
    max_visits: usize,
}

/// A day's working time of a rep: the shift of an average weekday less the
/// break; none for a rep who works no weekday.
fn capacity_s(rep: &Rep) -> Seconds {
    (rep.shift.mean_weekday_s() - rep.lunch.map_or(0, |b| b.duration_s)).max(0)
}

/// Each account's rep: its territory, or else the nearest rep whose visit
/// time per day stays within an even share (by working time) of the
/// team's. Accounts with only one rep nearby (the largest gap between the
/// nearest and the second nearest rep) choose first.
fn assign_reps(region: &Region, calendar: &Calendar) -> Vec<Option<usize>> {
    let reps = region.reps.len();
    let line = StraightLine::default();
    // Visit time over the horizon, were every visit made on its due date.
    let visit_s: Vec<f64> = region
        .accounts
        .iter()
        .map(|a| (a.service_s * calendar.naive_days(a, a.last_visit, 0).len() as Seconds) as f64)
        .collect();
    let weight = |a: usize| visit_s[a];
    let capacity: Vec<f64> = region.reps.iter().map(|r| capacity_s(r) as f64).collect();
    let total_capacity: f64 = capacity.iter().sum();
    let total_weight: f64 = (0..region.accounts.len()).map(weight).sum();
    let share: Vec<f64> = capacity.iter().map(|c| total_weight * c / total_capacity * SHARE_SLACK).collect();
    let mut load = vec![0.0; reps];
    let mut rep_of = vec![None; region.accounts.len()];
    let mut free = Vec::new();
    for (a, account) in region.accounts.iter().enumerate() {
        match account.territory.as_deref().and_then(|id| region.rep_index(id)) {
            Some(r) => {
                rep_of[a] = Some(r);
                load[r] += weight(a);
            }
            None => free.push(a),
        }
    }
    let by_distance: Vec<Vec<(i32, usize)>> = free
        .iter()
        .map(|&a| {
            let mut order: Vec<(i32, usize)> = (0..reps)
                .map(|r| (line.leg(region.reps[r].start, region.accounts[a].location).0, r))
                .collect();
            order.sort_unstable();
            order
        })
        .collect();
    let gap = |k: usize| match by_distance[k].as_slice() {
        [first, second, ..] => second.0 - first.0,
        _ => i32::MAX,
    };
    let mut order: Vec<usize> = (0..free.len()).collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(gap(k)), free[k]));
    for k in order {
        let a = free[k];
        let room = by_distance[k].iter().find(|&&(_, r)| load[r] + weight(a) <= share[r]);
        if let Some(&(_, r)) = room.or(by_distance[k].first()) {
            rep_of[a] = Some(r);
            load[r] += weight(a);
        }
    }
    rep_of
}

impl Groups {
    /// Gives every account its rep and prices the legs within each rep's
    /// accounts (in parallel).
    pub(super) fn build(
        region: &Region,
        calendar: &Calendar,
        travel: &dyn TravelTimes,
    ) -> Result<Self, NamedTravelError> {
        let rep_of = assign_reps(region, calendar);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); region.reps.len()];
        let mut place_of = vec![0; region.accounts.len()];
        for (a, rep) in rep_of.iter().enumerate() {
            if let Some(r) = rep {
                members[*r].push(a);
                place_of[a] = members[*r].len();
            }
        }
        let groups = members
            .into_par_iter()
            .enumerate()
            .map(|(r, accounts)| {
                let rep = &region.reps[r];
                let mut places = vec![rep.start];
                places.extend(accounts.iter().map(|&a| region.accounts[a].location));
                let matrix = travel.matrix(&places).map_err(|error| {
                    error.naming(|p| match p {
                        0 => format!("rep {}'s start", rep.id),
                        p => format!("account {}", region.accounts[accounts[p - 1]].id),
                    })
                })?;
                Ok(Group {
                    accounts,
                    matrix,
                    capacity_s: capacity_s(rep),
                    max_visits: rep.max_visits.map_or(usize::MAX, |m| m as usize),
                })
            })
            .collect::<Result<_, NamedTravelError>>()?;
        Ok(Groups { groups, rep_of, place_of })
    }

    /// The drive to account `a` from the nearest of `stops` (accounts; those
    /// of other reps are ignored) or from its rep's start.
    pub(super) fn drive_from_nearest_s(&self, a: usize, stops: &[usize]) -> Option<Seconds> {
        let r = self.rep_of[a]?;
        let to = self.place_of[a];
        let from = stops.iter().filter(|&&s| s != a && self.rep_of[s] == Some(r)).map(|&s| self.place_of[s]);
        from.chain([0]).map(|p| self.groups[r].matrix.drive_s(p, to)).min()
    }

    /// The visits offered on working day `day`, in account order.
    pub(super) fn select(
        &self,
        region: &Region,
        calendar: &Calendar,
        last_visit: &[Option<NaiveDate>],
        day: usize,
    ) -> Vec<Candidate> {
        let mut chosen: Vec<Candidate> = self
            .groups
            .par_iter()
            .enumerate()
            .flat_map_iter(|(r, group)| {
                // On a weekend a rep who does not work it brings no visit forward to it.
                let date = calendar.days[day];
                let works = calendar.weekend(date).is_none_or(|reps| reps.contains(&region.reps[r].id));
                group.select(region, calendar, last_visit, day, works)
            })
            .collect();
        let unowned = self.rep_of.iter().enumerate().filter(|(_, rep)| rep.is_none()).map(|(a, _)| a);
        chosen.extend(unowned.filter_map(|a| {
            match calendar.offer(&region.accounts[a], last_visit[a], day) {
                Offer::Must(urgency) => Some(Candidate { account: a, urgency }),
                Offer::No | Offer::Early { .. } => None,
            }
        }));
        chosen.sort_by_key(|c| c.account);
        chosen
    }
}

impl Group {
    fn service_s(&self, region: &Region, place: usize) -> Seconds {
        region.accounts[self.accounts[place - 1]].service_s
    }

    /// Estimated work of a day with these stops (places of the matrix).
    fn load_s(&self, region: &Region, stops: &[usize]) -> Seconds {
        stops
            .iter()
            .map(|&p| {
                let drive_s = stops
                    .iter()
                    .chain(&[0])
                    .filter(|&&q| q != p)
                    .map(|&q| self.matrix.drive_s(q, p))
                    .min()
                    .unwrap_or(0);
                self.service_s(region, p) + drive_s
            })
            .sum()
    }

    /// The rep's days from `day` to the end of the horizon were every visit
    /// made on its due date: the stops of each day (places of the matrix)
    /// and the day each account's next visit would fall on.
    fn naive_days(
        &self,
        region: &Region,
        calendar: &Calendar,
        last_visit: &[Option<NaiveDate>],
        day: usize,
    ) -> (Vec<Vec<usize>>, Vec<Option<usize>>) {
        let mut stops: Vec<Vec<usize>> = vec![Vec::new(); calendar.days.len() - day];
        let mut next = vec![None; self.accounts.len() + 1];
        for (k, &a) in self.accounts.iter().enumerate() {
            for d in calendar.naive_days(&region.accounts[a], last_visit[a], day) {
                next[k + 1].get_or_insert(d - day);
                stops[d - day].push(k + 1);
            }
        }
        (stops, next)
    }

    /// The drive to `place` from the nearest other of `stops` or the start.
    fn nearest_s(&self, stops: &[usize], place: usize) -> Seconds {
        stops
            .iter()
            .chain(&[0])
            .filter(|&&q| q != place)
            .map(|&q| self.matrix.drive_s(q, place))
            .min()
            .unwrap_or(0)
    }

    /// The visits that must happen today, then (when `early_allowed`) early
    /// ones on one of their preferred days while the shift has room, then
    /// other early ones nearest to them until the day's estimated work
    /// reaches the fair share (or the shift).
    fn select(
        &self,
        region: &Region,
        calendar: &Calendar,
        last_visit: &[Option<NaiveDate>],
        day: usize,
        early_allowed: bool,
    ) -> Vec<Candidate> {
        let mut stops = Vec::new();
        let mut chosen = Vec::new();
        let mut early = Vec::new();
        let mut favoured = Vec::new();
        for (k, &a) in self.accounts.iter().enumerate() {
            match calendar.offer(&region.accounts[a], last_visit[a], day) {
                Offer::No => {}
                Offer::Must(urgency) => {
                    stops.push(k + 1);
                    chosen.push(Candidate { account: a, urgency });
                }
                Offer::Early { urgency, later_days, preferred } if early_allowed => {
                    if preferred {
                        favoured.push((k + 1, Candidate { account: a, urgency }));
                    } else {
                        early.push((k + 1, Candidate { account: a, urgency }, later_days));
                    }
                }
                Offer::Early { .. } => {}
            }
        }
        // An early visit on one of its account's preferred days is taken
        // while the day has room in the shift, nearest first: the customer
        // expects the rep today, and its other days in the window were
        // passed over for this one.
        let mut load_s = self.load_s(region, &stops);
        while chosen.len() < self.max_visits {
            let nearest =
                favoured.iter().enumerate().map(|(f, &(p, _))| (self.nearest_s(&stops, p), f)).min();
            let Some((drive_s, f)) = nearest else { break };
            let (place, candidate) = favoured.swap_remove(f);
            let cost_s = self.service_s(region, place) + drive_s;
            if load_s + cost_s > self.capacity_s {
                break;
            }
            load_s += cost_s;
            stops.push(place);
            chosen.push(candidate);
        }
        if early.is_empty() {
            return chosen;
        }
        // The fair share: the estimated work of the days left, were every
        // visit made on its due date, divided by the days left.
        let (naive, next) = self.naive_days(region, calendar, last_visit, day);
        let naive_s: Vec<Seconds> = naive.iter().map(|s| self.load_s(region, s)).collect();
        let target_s = (naive_s.iter().sum::<Seconds>() / naive.len() as Seconds).min(self.capacity_s);
        // What each later day would hold above the fair share: only such a
        // surplus is brought forward, so a day that is light anyway (a
        // Friday, which no Monday visit can reach) keeps its own visits.
        let mut surplus_s: Vec<Seconds> = naive_s.iter().map(|&s| s - target_s).collect();
        // Per early visit, the drive it would add on the day it falls due, and
        // the drive to it from the nearest stop of today so far.
        let due_day_s: Vec<Seconds> =
            early.iter().map(|&(p, ..)| next[p].map_or(0, |d| self.nearest_s(&naive[d], p))).collect();
        let mut nearest_s: Vec<Option<Seconds>> =
            early.iter().map(|&(p, ..)| Some(self.nearest_s(&stops, p))).collect();
        while load_s < target_s && chosen.len() < self.max_visits {
            let best = (0..early.len())
                .filter_map(|e| {
                    let later_s = LATER_DAY_S * (early[e].2 as Seconds - 1);
                    let saved_s = due_day_s[e] - nearest_s[e]?;
                    let surplus = next[early[e].0].is_some_and(|d| surplus_s[d] > 0);
                    (surplus || saved_s >= SAVING_S).then_some((later_s - saved_s, e))
                })
                .min();
            let Some((_, e)) = best else { break };
            let (place, candidate, _) = early[e];
            let cost_s = self.service_s(region, place) + nearest_s[e].unwrap_or(0);
            if load_s + cost_s / 2 > target_s {
                break;
            }
            load_s += cost_s;
            if let Some(d) = next[place] {
                surplus_s[d] -= cost_s;
            }
            chosen.push(candidate);
            nearest_s[e] = None;
            for (f, &(other, ..)) in early.iter().enumerate() {
                if let Some(s) = &mut nearest_s[f] {
                    *s = (*s).min(self.matrix.drive_s(place, other));
                }
            }
        }
        chosen
    }
}
