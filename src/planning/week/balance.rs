//! Evening out each rep's days once all are routed: the longest working day
//! (departure to return) gives a visit to one of the rep's shortest days in
//! the visit's window, as long as both days, routed again, are shorter than
//! the longest was.
//!
//! The estimate that chose the days (visit time plus the drive from the
//! nearest stop) cannot see opening hours: a day of few visits can last from
//! a shop opening at 8 to one that only receives at 15. The routed days can,
//! so this pass works on them. Reps are independent here (each moves only
//! accounts that only it visits this horizon), so they run in parallel.
//! Between two balancing passes each rep's days trade visits as one
//! problem (`between_days`).

use rayon::prelude::*;

use super::{LateVisit, Planner};
use crate::model::plan::{Plan, RoutePlan, Stop};
use crate::model::{Candidate, Seconds, Urgency};
use crate::travel::NamedTravelError;

/// A move must shorten the longer of the two days by at least this much.
const MIN_GAIN_S: Seconds = 10 * 60;
/// A move may add at most 1/this of its gain in driving. On the sample
/// regions (5 days from 2026-11-23), 1, 2 and 4 gave 57h03m, 56h29m and
/// 55h43m of driving in the suburbs for a spread (longest minus shortest
/// day, summed over reps) of 14h14m, 16h08m and 18h47m; the city did not
/// change and the rural region moved within noise.
const DRIVE_PER_GAIN: Seconds = 2;
/// Moves per rep and day of the horizon, at most.
const MOVES_PER_DAY: usize = 2;
/// How many of the rep's longest days try to give a visit away, longest first.
const LONG_DAYS_TRIED: usize = 2;
/// How many moves from one day are routed and tried.
const MOVES_TRIED: usize = 6;

/// One rep's day: the visits it holds and how they are routed.
#[derive(Clone)]
pub(super) struct RepDay {
    pub(super) visits: Vec<Candidate>,
    pub(super) route: Option<RoutePlan>,
    /// A day on which one of the rep's accounts was left out is not touched.
    pub(super) blocked: bool,
}

impl RepDay {
    pub(super) fn span_s(&self) -> Seconds {
        self.route.as_ref().map_or(0, |r| r.return_s - r.depart_s)
    }
}

impl Planner<'_> {
    /// Evens out every rep's days in `days` (routed from `offered`), leaving
    /// accounts with a late visit alone and the first `frozen` days as they are.
    pub(super) fn balance(
        &self,
        days: &mut [Plan],
        offered: &[Vec<Candidate>],
        late: &[LateVisit],
        frozen: usize,
    ) -> Result<(), NamedTravelError> {
        let reps = self.region.reps.len();
        let mut visits = vec![0usize; self.region.accounts.len()];
        let mut fixed = vec![false; self.region.accounts.len()];
        // Late visits stay where they are, and so do appointments.
        let agreed = self.region.appointments.list.iter().map(|a| a.account.as_str());
        for account in late.iter().map(|l| l.account.as_str()).chain(agreed) {
            if let Some(&a) = self.account_index.get(account) {
                fixed[a] = true;
            }
        }
        let mut weeks: Vec<Vec<RepDay>> = vec![Vec::with_capacity(days.len()); reps];
        for (day, plan) in days.iter().enumerate() {
            let mut by_rep: Vec<RepDay> =
                vec![RepDay { visits: Vec::new(), route: None, blocked: day < frozen }; reps];
            for route in &plan.routes {
                let Some(r) = self.region.rep_index(&route.rep) else { continue };
                for stop in &route.stops {
                    let Stop::Visit { account, .. } = stop else { continue };
                    let a = self.account_index[account.as_str()];
                    visits[a] += 1;
                    let at =
                        offered[day].binary_search_by_key(&a, |c| c.account).expect("visits were offered");
                    by_rep[r].visits.push(offered[day][at]);
                }
                by_rep[r].route = Some(route.clone());
            }
            for unassigned in &plan.unassigned {
                let a = self.account_index[unassigned.account.as_str()];
                if let Some(r) = self.groups.rep_of[a] {
                    by_rep[r].blocked = true;
                }
            }
            for (r, rep_day) in by_rep.into_iter().enumerate() {
                weeks[r].push(rep_day);
            }
        }
        let weeks: Vec<Vec<RepDay>> = weeks
            .into_par_iter()
            .enumerate()
            .map(|(r, mut week)| {
                // Only accounts that only this rep visits, and none late, may move.
                let mine = |a: usize| {
                    self.groups.rep_of[a] == Some(r)
                        && !fixed[a]
                        && week.iter().flat_map(|d| &d.visits).filter(|c| c.account == a).count() == visits[a]
                };
                let movable: Vec<bool> = (0..self.region.accounts.len()).map(mine).collect();
                self.balance_rep(r, &mut week, &movable)?;
                self.move_between_days(r, &mut week, &movable)?;
                self.balance_rep(r, &mut week, &movable)?;
                Ok(week)
            })
            .collect::<Result<_, NamedTravelError>>()?;
        for (day, plan) in days.iter_mut().enumerate() {
            plan.routes = weeks.iter().filter_map(|week| week[day].route.clone()).collect();
        }
        Ok(())
    }

    /// Moves visits of rep `r` from its longest days to shorter ones while that helps.
    fn balance_rep(&self, r: usize, week: &mut [RepDay], movable: &[bool]) -> Result<(), NamedTravelError> {
        for _ in 0..MOVES_PER_DAY * week.len() {
            let mut open: Vec<usize> = (0..week.len()).filter(|&d| !week[d].blocked).collect();
            open.sort_by_key(|&d| (std::cmp::Reverse(week[d].span_s()), d));
            let mut moved = false;
            for &from in open.iter().take(LONG_DAYS_TRIED) {
                if self.move_one(r, week, movable, from)? {
                    moved = true;
                    break;
                }
            }
            if !moved {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Moves one visit of rep `r` from day `from` to a day at least
    /// [`MIN_GAIN_S`] shorter, if that leaves both days shorter than `from`
    /// was by that much. Tries the allowed moves to the shortest days first,
    /// nearest to that day's stops first.
    fn move_one(
        &self,
        r: usize,
        week: &mut [RepDay],
        movable: &[bool],
        from: usize,
    ) -> Result<bool, NamedTravelError> {
        let from_s = week[from].span_s();
        let mut moves: Vec<(Seconds, Seconds, usize, usize, Urgency)> = Vec::new();
        let works = |d: usize| {
            let date = self.calendar.days[d];
            self.calendar.weekend(date).is_none_or(|reps| reps.contains(&self.region.reps[r].id))
        };
        let open = |d: usize| !week[d].blocked && works(d) && week[d].span_s() + MIN_GAIN_S < from_s;
        for to in (0..week.len()).filter(|&d| open(d)) {
            let stops: Vec<usize> = week[to].visits.iter().map(|c| c.account).collect();
            for visit in week[from].visits.iter().filter(|c| movable[c.account]) {
                let Some(urgency) = self.moved_urgency(week, visit.account, from, to) else { continue };
                let Some(drive_s) = self.groups.drive_from_nearest_s(visit.account, &stops) else { continue };
                moves.push((week[to].span_s(), drive_s, to, visit.account, urgency));
            }
        }
        moves.sort_unstable_by_key(|&(span_s, drive_s, to, a, _)| (span_s, drive_s, to, a));
        let span = |route: &Option<RoutePlan>| route.as_ref().map_or(0, |r| r.return_s - r.depart_s);
        for &(_, _, to, a, urgency) in moves.iter().take(MOVES_TRIED) {
            let mut from_visits = week[from].visits.clone();
            from_visits.retain(|c| c.account != a);
            let mut to_visits = week[to].visits.clone();
            to_visits.push(Candidate { account: a, urgency });
            to_visits.sort_by_key(|c| c.account);
            let Some(from_route) = self.route_rep_day(from, r, &from_visits)? else { continue };
            let Some(to_route) = self.route_rep_day(to, r, &to_visits)? else { continue };
            let gain_s = from_s - span(&from_route).max(span(&to_route));
            let drive = |route: &Option<RoutePlan>| route.as_ref().map_or(0, |r| r.drive_s);
            let extra_drive_s =
                drive(&from_route) + drive(&to_route) - drive(&week[from].route) - drive(&week[to].route);
            if gain_s < MIN_GAIN_S || extra_drive_s * DRIVE_PER_GAIN > gain_s {
                continue;
            }
            week[from].visits = from_visits;
            week[from].route = from_route;
            week[to].visits = to_visits;
            week[to].route = to_route;
            self.follow_next_visit(week, a, to);
            return Ok(true);
        }
        Ok(false)
    }

    /// Rep `r`'s route on `day` for `visits` when every one of them fits
    /// (`Some(None)` for no visits), `None` when one is left out.
    fn route_rep_day(
        &self,
        day: usize,
        r: usize,
        visits: &[Candidate],
    ) -> Result<Option<Option<RoutePlan>>, NamedTravelError> {
        if visits.is_empty() {
            return Ok(Some(None));
        }
        let plan = self.solve_part(day, &[r], visits.to_vec(), r as u64)?;
        let routed: usize = plan.routes.iter().map(|route| route.visit_count()).sum();
        Ok((routed == visits.len()).then(|| plan.routes.into_iter().next()))
    }

    /// The urgency of account `a`'s visit on day `to` instead of `from`, or
    /// `None` when the move is not allowed: `to` must be open to it and in
    /// its window (not late, at most `early_days` early), and its next visit
    /// must stay in the window the move shifts, or, if it has none in the
    /// horizon, the move must not bring one due inside it.
    pub(super) fn moved_urgency(&self, week: &[RepDay], a: usize, from: usize, to: usize) -> Option<Urgency> {
        let calendar = &self.calendar;
        let account = &self.region.accounts[a];
        let visited: Vec<usize> =
            (0..week.len()).filter(|&d| week[d].visits.iter().any(|c| c.account == a)).collect();
        let k = visited.iter().position(|&d| d == from)?;
        if visited.contains(&to) || !calendar.is_open(account, calendar.days[to]) {
            return None;
        }
        // A visit on a preferred day stays on one.
        if super::is_preferred(account, calendar.days[from])
            && !super::is_preferred(account, calendar.days[to])
        {
            return None;
        }
        let previous = if k == 0 { account.last_visit } else { Some(calendar.days[visited[k - 1]]) };
        let due = calendar.due(account, previous);
        let early = chrono::Days::new(u64::from(calendar.early_days));
        let (from_date, to_date) = (calendar.days[from], calendar.days[to]);
        if due < calendar.first || from_date > due || to_date > due || to_date < due - early {
            return None;
        }
        let next_due = calendar.due(account, Some(to_date));
        match visited.get(k + 1) {
            Some(&next) => {
                let next_date = calendar.days[next];
                if next_date > next_due || next_date < next_due - early {
                    return None;
                }
            }
            None if next_due < calendar.end => return None,
            None => {}
        }
        Some(if to_date == due {
            Urgency::Due { days_overdue: Some(0) }
        } else {
            Urgency::Planned { days_until_due: (due - to_date).num_days(), last_chance: false }
        })
    }

    /// After account `a`'s visit moved to day `to`, its next visit in the
    /// horizon (if any) has a new due date: its urgency follows.
    fn follow_next_visit(&self, week: &mut [RepDay], a: usize, to: usize) {
        let next_due = self.calendar.due(&self.region.accounts[a], Some(self.calendar.days[to]));
        for (rep_day, &date) in week.iter_mut().zip(&self.calendar.days).skip(to + 1) {
            if let Some(visit) = rep_day.visits.iter_mut().find(|c| c.account == a) {
                visit.urgency = if date >= next_due {
                    Urgency::Due { days_overdue: Some((date - next_due).num_days()) }
                } else {
                    Urgency::Planned { days_until_due: (next_due - date).num_days(), last_chance: false }
                };
                return;
            }
        }
    }
}
