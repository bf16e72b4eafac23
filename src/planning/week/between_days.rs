//! Moving visits between a rep's days once all are routed: the rep's days
//! as one solver problem ([`HorizonProblem`]), as the periodic planner
//! routes its horizon.
//!
//! The days were chosen one at a time, each by an estimate (select), so a
//! visit that fits better beside the stops of another day of its window
//! stays where the estimate put it. Here every day of the rep's horizon is a
//! vehicle of one problem, each day's clock at an offset of its own
//! ([`DAY_OFFSET_S`]), and a visit that may change day is one task whose
//! windows are its opening hours on each day of its window: the day solver's
//! moves between routes are then moves between days. The result is kept
//! when it costs less than the days as they were, with every visit still
//! in: less driving and weighed working days ([`day::WORKING_DAY_PER_MILLE`]),
//! as each day's own plan counts them.
//!
//! Which visits may change day is the balance step's rule
//! ([`Planner::moved_urgency`]): an account only this rep visits, once in
//! the horizon, not late and without an appointment, to a day it is open
//! and within its window, without a visit on a preferred day leaving one.
//! Days on which one of the rep's accounts was left out, frozen days and
//! days the rep does not work are not touched.

use std::collections::HashMap;

use super::balance::RepDay;
use super::Planner;
use crate::model::plan::{RoutePlan, Stop};
use crate::model::{Candidate, Seconds, Urgency};
use crate::planning::day::{self, DayProblem, RepStart};
use crate::planning::horizon::HorizonProblem;
use crate::solver::rng::Rng;
use crate::solver::{
    solve_from, visits_in, ArcCost, BreakSpec, SearchConfig, Solution, Task, Vehicle, Window, BREAK,
};
use crate::travel::NamedTravelError;

/// Each day's clock starts this far after the previous day's, so that no
/// window of one day overlaps another's (a day's times lie within two days).
const DAY_OFFSET_S: Seconds = 4 * 86_400;

/// Ruin-and-recreate iterations per visit of the rep's horizon. On the
/// sample regions (5 days from 2026-11-23) see docs/week.md for what it buys.
const ITERATIONS_PER_VISIT: u64 = 40;

/// The fewest iterations of a rep's horizon search.
const MIN_ITERATIONS: u64 = 1_000;

/// Tags the seed of the between-days search, apart from the days' own searches.
const SEED_TAG: u64 = 0xbe7e_e4da;

/// One visit of the rep's horizon and the days it may be on, with its urgency there.
struct Placement {
    account: usize,
    day: usize,
    options: Vec<(usize, Urgency)>,
}

impl Planner<'_> {
    /// Moves rep `r`'s visits between its days where the day solver, given
    /// the rep's days as one problem, finds a lower cost; see the [module docs](self).
    pub(super) fn move_between_days(
        &self,
        r: usize,
        week: &mut [RepDay],
        movable: &[bool],
    ) -> Result<(), NamedTravelError> {
        let works = |d: usize| {
            let date = self.calendar.days[d];
            self.calendar.weekend(date).is_none_or(|reps| reps.contains(&self.region.reps[r].id))
        };
        let in_play: Vec<usize> = (0..week.len()).filter(|&d| !week[d].blocked && works(d)).collect();
        let once = |a: usize| week.iter().flat_map(|d| &d.visits).filter(|c| c.account == a).count() == 1;
        let mut placements = Vec::new();
        for &day in &in_play {
            for visit in &week[day].visits {
                let mut options = vec![(day, visit.urgency)];
                if movable[visit.account] && once(visit.account) {
                    options.extend(in_play.iter().filter(|&&to| to != day).filter_map(|&to| {
                        self.moved_urgency(week, visit.account, day, to).map(|urgency| (to, urgency))
                    }));
                }
                placements.push(Placement { account: visit.account, day, options });
            }
        }
        if placements.iter().all(|p| p.options.len() == 1) {
            return Ok(());
        }
        let Some(horizon) = self.rep_horizon(r, week, &in_play, &placements)? else { return Ok(()) };
        let start = self.horizon_start(&horizon, week, &in_play, &placements);
        if start.unassigned_count() > 0 || !start.is_feasible() {
            return Ok(());
        }
        let config = SearchConfig {
            seed: Rng::new(self.options.seed).fork(SEED_TAG).fork(r as u64).next_u64(),
            iterations: Some((ITERATIONS_PER_VISIT * placements.len() as u64).max(MIN_ITERATIONS)),
            ..self.search.clone()
        };
        let outcome = solve_from(&horizon.problem, &config, &start);
        if outcome.stopped_by_time {
            self.cut_by_time.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        if outcome.solution.unassigned_count() > 0 || outcome.cost >= start.cost(&horizon.problem) {
            return Ok(());
        }
        self.take_days(r, week, &in_play, &placements, &horizon, &outcome.solution)
    }

    /// The rep's days of `in_play` as one problem: one vehicle a day, its
    /// clock at the day's offset, and a task per placement open on each day
    /// it may go on. `None` when a day has no vehicle (the rep is away).
    fn rep_horizon(
        &self,
        r: usize,
        week: &[RepDay],
        in_play: &[usize],
        placements: &[Placement],
    ) -> Result<Option<HorizonProblem>, NamedTravelError> {
        let rep = &self.region.reps[r];
        let mut places = vec![rep.start, rep.end];
        places.extend(placements.iter().map(|p| self.region.accounts[p.account].location));
        let mut vehicles = vec![Vec::new(); self.calendar.days.len()];
        let longest_s = in_play.iter().map(|&d| week[d].span_s()).max().unwrap_or(0);
        let even = (placements.len() + in_play.len() - 1) as i64 / in_play.len() as i64;
        // Per placement, its task as each day's problem offers it.
        let mut offered: Vec<Vec<(usize, Task)>> = (0..placements.len()).map(|_| Vec::new()).collect();
        for &day in in_play {
            let (indices, offers): (Vec<usize>, Vec<day::Offer>) = placements
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let &(_, urgency) = p.options.iter().find(|(d, _)| *d == day)?;
                    Some((i, day::Offer::of(self.region, Candidate { account: p.account, urgency })))
                })
                .unzip();
            let date = self.calendar.days[day];
            let reps = vec![RepStart::whole_day(self.region, r)];
            let problem = DayProblem::build_from(self.region, date, offers, reps, self.travel)?;
            let [vehicle] = &problem.problem.vehicles[..] else {
                // The rep is away that day: nothing may move there, and had
                // the day any visits there would be a vehicle.
                continue;
            };
            let offset = day as Seconds * DAY_OFFSET_S;
            let shifted = |w: &Window| Window { open: w.open + offset, close: w.close + offset };
            // No day may hold more visits than its own or an even share, nor
            // last longer than the rep's longest day: fewer days of more
            // visits would drive less, but a rep lives with the days. A day
            // may always last until its lunch break could end: the solver
            // keeps a break in every route, at the end of a day that is over
            // before lunch, where the plan then leaves it out.
            let visits = week[day].visits.len() as i64;
            let return_s = week[day].route.as_ref().map_or(0, |route| route.return_s);
            let lunch_end_s = vehicle.break_spec.map_or(0, |b| b.start.close + b.duration_s);
            let close =
                vehicle.shift.close.min(return_s.max(vehicle.shift.open + longest_s).max(lunch_end_s));
            vehicles[day].push(Vehicle {
                start_place: 0,
                end_place: 1,
                shift: shifted(&Window { close, ..vehicle.shift }),
                break_spec: vehicle.break_spec.map(|b| BreakSpec { start: shifted(&b.start), ..b }),
                capacity: vehicle.capacity.min(visits.max(even)),
                ..vehicle.clone()
            });
            for (task, i) in problem.problem.tasks.iter().zip(indices) {
                let windows = task.windows.iter().filter(|w| w.open <= w.close).map(shifted).collect();
                offered[i].push((day, Task { place: 2 + i, windows, ..task.clone() }));
            }
        }
        let tasks = offered
            .into_iter()
            .map(|on_days| {
                let days: Vec<usize> = on_days.iter().map(|(d, _)| *d).collect();
                let windows = on_days.iter().flat_map(|(_, t)| t.windows.iter().copied()).collect();
                let skip_cost = on_days.iter().map(|(_, t)| t.skip_cost).max().unwrap_or(0);
                let (_, first) = on_days.into_iter().next()?;
                Some((Task { windows, skip_cost, ..first }, days))
            })
            .collect::<Option<Vec<_>>>();
        let Some(tasks) = tasks else { return Ok(None) };
        let matrix = self.travel.matrix(&places).map_err(|error| {
            error.naming(|place| match place {
                0 => format!("rep {}'s start", rep.id),
                1 => format!("rep {}'s end", rep.id),
                p => format!("account {}", self.region.accounts[placements[p - 2].account].id),
            })
        })?;
        let horizon = HorizonProblem::new(&vehicles, tasks, matrix, ArcCost::DriveTime);
        Ok(Some(horizon.with_due_from(day::DUE_WEIGHT).with_working_day_weight(day::WORKING_DAY_PER_MILLE)))
    }

    /// The rep's routes as they are, as a solution of the horizon problem.
    fn horizon_start(
        &self,
        horizon: &HorizonProblem,
        week: &[RepDay],
        in_play: &[usize],
        placements: &[Placement],
    ) -> Solution {
        let task_of: HashMap<(usize, usize), u32> =
            placements.iter().enumerate().map(|(i, p)| ((p.day, p.account), i as u32)).collect();
        horizon.start(in_play.iter().filter_map(|&day| {
            let route = week[day].route.as_ref()?;
            let task = |a: usize| task_of.get(&(day, a)).copied();
            Some((day, 0, self.solver_stops(route, task, &horizon.problem, horizon.vehicle(day, 0))))
        }))
    }

    /// Takes the horizon's routes for the rep's days that changed, each day
    /// rebuilt as a problem of its own with its new visits in the order found.
    fn take_days(
        &self,
        r: usize,
        week: &mut [RepDay],
        in_play: &[usize],
        placements: &[Placement],
        horizon: &HorizonProblem,
        solution: &Solution,
    ) -> Result<(), NamedTravelError> {
        let mut new_days = Vec::new();
        for &day in in_play {
            let stops: Vec<u32> = horizon.day_routes(solution, day).flatten().copied().collect();
            let mut visits: Vec<Candidate> = visits_in(&stops)
                .map(|t| {
                    let placement = &placements[t as usize];
                    let &(_, urgency) = placement
                        .options
                        .iter()
                        .find(|(d, _)| *d == day)
                        .expect("a task goes on one of its days");
                    Candidate { account: placement.account, urgency }
                })
                .collect();
            let order: Vec<usize> = visits.iter().map(|c| c.account).collect();
            let before: Vec<usize> = week[day]
                .route
                .iter()
                .flat_map(|route| route.stops.iter())
                .filter_map(|stop| match stop {
                    Stop::Visit { account, .. } => Some(self.account_index[account.as_str()]),
                    Stop::Break { .. } => None,
                })
                .collect();
            if order == before {
                continue;
            }
            visits.sort_by_key(|c| c.account);
            let Some(route) = self.route_in_order(day, r, &visits, &stops, placements)? else {
                return Ok(());
            };
            new_days.push((day, visits, route));
        }
        for (day, visits, route) in new_days {
            week[day].visits = visits;
            week[day].route = route;
        }
        Ok(())
    }

    /// Rep `r`'s route on `day` through `visits` in the order of `stops`
    /// (horizon tasks, breaks included), timed by the day's own problem
    /// (`Some(None)` for no visits); `None` if it does not hold there.
    fn route_in_order(
        &self,
        day: usize,
        r: usize,
        visits: &[Candidate],
        stops: &[u32],
        placements: &[Placement],
    ) -> Result<Option<Option<RoutePlan>>, NamedTravelError> {
        if visits.is_empty() {
            return Ok(Some(None));
        }
        let offers = visits.iter().map(|&c| day::Offer::of(self.region, c)).collect();
        let reps = vec![RepStart::whole_day(self.region, r)];
        let problem =
            DayProblem::build_from(self.region, self.calendar.days[day], offers, reps, self.travel)?;
        let task_of: HashMap<usize, u32> =
            problem.task_account.iter().enumerate().map(|(t, &a)| (a, t as u32)).collect();
        let day_stops: Vec<u32> = stops
            .iter()
            .map(|&t| if t == BREAK { BREAK } else { task_of[&placements[t as usize].account] })
            .collect();
        let mut solution = Solution::empty(&problem.problem);
        solution.set_route(&problem.problem, 0, &day_stops);
        if !solution.is_feasible() || solution.unassigned_count() > 0 {
            return Ok(None);
        }
        Ok(Some(problem.to_plan(self.region, &solution).routes.into_iter().next()))
    }
}
