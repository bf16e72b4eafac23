//! Groups of nearby reps: where a rep's own day leaves out a visit that
//! must happen, the day is solved again for the rep's group rather than
//! for the whole team.
//!
//! A team of a few reps is one group, so its day is solved again whole, as
//! it always was. A large team without territories (40 reps, some 570
//! visits a day) solved as one problem is slow and often cut by the time
//! limit; split into groups of at most [`RepGroups::build`]'s
//! `reps_per_group` reps whose starts lie near each other, each group's day
//! is a problem of about a hundred and fifty visits, and the groups are
//! solved in parallel. A visit its group still leaves out is offered once
//! to the neighbouring group (the one holding the nearest rep outside its
//! own), and otherwise stays listed with its group's reason.
//!
//! The groups come from the reps' starts alone (recursive halving along the
//! wider side of the reps' bounding box, ties by rep order), so they are
//! the same for every day, seed and number of threads.

use std::collections::HashSet;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::{joined, Planner, GROUP_ITERATIONS_PER_VISIT, MIN_GROUP_ITERATIONS};
use crate::model::plan::{Plan, RoutePlan, Stop};
use crate::model::{Candidate, LatLon, Region, Seconds};
use crate::travel::{NamedTravelError, StraightLine};

/// The reps split into groups of nearby ones, in a fixed order.
pub(super) struct RepGroups {
    /// Rep indices of each group, in region order within a group.
    pub(super) groups: Vec<Vec<usize>>,
    /// Per rep, its group.
    pub(super) group_of: Vec<usize>,
}

impl RepGroups {
    /// Splits the region's reps into `ceil(reps / reps_per_group)` groups
    /// of nearly equal size (one group when the team has at most
    /// `reps_per_group` reps; `reps_per_group` 0 counts as 1).
    pub(super) fn build(region: &Region, reps_per_group: usize) -> Self {
        let reps: Vec<usize> = (0..region.reps.len()).collect();
        let count = reps.len().div_ceil(reps_per_group.max(1)).max(1);
        let mut groups = Vec::with_capacity(count);
        halve(region, reps, count, &mut groups);
        let mut group_of = vec![0; region.reps.len()];
        for (g, group) in groups.iter_mut().enumerate() {
            group.sort_unstable();
            for &r in group.iter() {
                group_of[r] = g;
            }
        }
        RepGroups { groups, group_of }
    }

    /// The group to offer a visit at `location` to when group `own` left it
    /// out: the group of the nearest rep (by start, straight line) outside
    /// `own`; `None` when there is one group.
    pub(super) fn neighbour(&self, region: &Region, location: LatLon, own: usize) -> Option<usize> {
        let line = StraightLine::default();
        (0..region.reps.len())
            .filter(|&r| self.group_of[r] != own)
            .map(|r| (line.leg(region.reps[r].start, location).0, r))
            .min()
            .map(|(_, r)| self.group_of[r])
    }
}

/// Splits `reps` into `count` groups of nearby starts, appended to `groups`
/// west to east or south to north: halves along the wider side of their
/// bounding box, each half getting its share of the groups.
fn halve(region: &Region, mut reps: Vec<usize>, count: usize, groups: &mut Vec<Vec<usize>>) {
    if count <= 1 || reps.len() <= 1 {
        groups.push(reps);
        return;
    }
    let starts: Vec<LatLon> = reps.iter().map(|&r| region.reps[r].start).collect();
    let span = |f: fn(&LatLon) -> f64| {
        let values = starts.iter().map(f);
        values.clone().fold(f64::NEG_INFINITY, f64::max) - values.fold(f64::INFINITY, f64::min)
    };
    let mean_lat = starts.iter().map(|p| p.lat).sum::<f64>() / starts.len() as f64;
    let east_west = span(|p| p.lon) * mean_lat.to_radians().cos() > span(|p| p.lat);
    let key = |r: usize| {
        let start = region.reps[r].start;
        if east_west {
            start.lon
        } else {
            start.lat
        }
    };
    reps.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    let first_count = count / 2;
    let first_len = reps.len() * first_count / count;
    let second = reps.split_off(first_len);
    halve(region, reps, first_count, groups);
    halve(region, second, count - first_count, groups);
}

/// Solving a day again by groups: each group's own problem, and the
/// visits offered across a border.
impl Planner<'_> {
    /// Solves working day `day` for the reps of group `g` and the visits
    /// `offered` from their routes so far (`start`), seeded by the day,
    /// `part` and the group, on at most
    /// [`GROUP_ITERATIONS_PER_VISIT`] iterations per visit (unless
    /// [`WeekOptions::iterations_per_day`] says otherwise).
    pub(super) fn solve_group(
        &self,
        day: usize,
        g: usize,
        offered: Vec<Candidate>,
        part: u64,
        start: &[RoutePlan],
    ) -> Result<Plan, NamedTravelError> {
        let budget = (offered.len() as u64 * GROUP_ITERATIONS_PER_VISIT).max(MIN_GROUP_ITERATIONS);
        let iterations = self.options.iterations_per_day.unwrap_or(budget);
        self.solve_part_on(day, &self.rep_groups.groups[g], offered, part + g as u64, Some(iterations), start)
    }

    /// Routes a day of a team split into groups of nearby reps, from each
    /// rep's own day (`by_rep`, by rep index; index `reps` for visits of no
    /// rep). Each group whose reps left out a visit another rep may take is
    /// solved again as one problem, kept if it leaves out fewer (the groups
    /// in parallel). Then each visit a group still leaves out is offered to
    /// its neighbouring group ([`rep_groups::RepGroups::neighbour`]), whose
    /// day is solved once more with those visits added and kept if it then
    /// leaves out fewer of its own and the offered ones together; a visit
    /// nobody takes stays listed by its own group, with that group's reason.
    /// Seeds are per group, so the plan does not depend on the number of threads.
    pub(super) fn route_groups(
        &self,
        day: usize,
        offered: &[Candidate],
        by_rep: Vec<(usize, Plan)>,
    ) -> Result<Plan, NamedTravelError> {
        const GROUP_PART: u64 = 1 << 32;
        const BORDER_PART: u64 = 2 << 32;
        let reps = self.region.reps.len();
        let date = self.calendar.days[day];
        let groups = &self.rep_groups.groups;
        let mut visits: Vec<Vec<Candidate>> = vec![Vec::new(); groups.len()];
        for candidate in offered {
            if let Some(r) = self.visit_rep(candidate, date) {
                visits[self.rep_groups.group_of[r]].push(*candidate);
            }
        }
        let mut own: Vec<Vec<Plan>> = vec![Vec::new(); groups.len()];
        let mut nobodys = Vec::new();
        for (r, plan) in by_rep {
            if r < reps {
                own[self.rep_groups.group_of[r]].push(plan);
            } else {
                nobodys.push(plan);
            }
        }
        let mut plans: Vec<Plan> = own
            .into_par_iter()
            .zip(&visits)
            .enumerate()
            .map(|(g, (parts, visits))| {
                let plan = joined(date, parts);
                if !plan.unassigned.iter().any(|u| self.may_move(&u.account, date)) {
                    return Ok(plan);
                }
                let together = self.solve_group(day, g, visits.clone(), GROUP_PART, &plan.routes)?;
                Ok(if together.unassigned.len() < plan.unassigned.len() { together } else { plan })
            })
            .collect::<Result<_, NamedTravelError>>()?;
        // What each group still leaves out goes to its neighbour (`extra`)
        // and out of its own group's problem (`away`), so that no account is
        // in two problems and none is visited twice. A group where no rep
        // has as long free as the visit takes ([`Planner::room_s`]) is not
        // offered it: it could only trade it for one of its own.
        let mut extra: Vec<Vec<Candidate>> = vec![Vec::new(); groups.len()];
        let mut away: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        let room: Vec<Seconds> =
            plans.iter().enumerate().map(|(g, plan)| self.room_s(g, plan, date)).collect();
        for (g, plan) in plans.iter().enumerate() {
            for unassigned in plan.unassigned.iter().filter(|u| self.may_move(&u.account, date)) {
                let a = self.account_index[unassigned.account.as_str()];
                let Some(candidate) = offered.iter().find(|c| c.account == a) else { continue };
                let account = &self.region.accounts[a];
                let neighbour = self.rep_groups.neighbour(self.region, account.location, g);
                if let Some(n) = neighbour.filter(|&n| room[n] >= account.service_s) {
                    extra[n].push(*candidate);
                    away[g].push(a);
                }
            }
        }
        let wider: Vec<Option<Plan>> = extra
            .par_iter()
            .enumerate()
            .map(|(g, extra)| {
                if extra.is_empty() {
                    return Ok(None);
                }
                let mut all: Vec<Candidate> =
                    visits[g].iter().filter(|c| !away[g].contains(&c.account)).copied().collect();
                all.extend(extra);
                all.sort_by_key(|c| c.account);
                let wider = self.solve_group(day, g, all, BORDER_PART, &plans[g].routes)?;
                let before = plans[g].unassigned.len() - away[g].len() + extra.len();
                Ok((wider.unassigned.len() < before).then_some(wider))
            })
            .collect::<Result<_, NamedTravelError>>()?;
        for (g, wider) in wider.into_iter().enumerate() {
            let Some(mut wider) = wider else { continue };
            // An offered visit it leaves out stays listed by its own group,
            // and so does what this group offered away.
            let offered_here: Vec<&str> =
                extra[g].iter().map(|c| self.region.accounts[c.account].id.as_str()).collect();
            wider.unassigned.retain(|u| !offered_here.contains(&u.account.as_str()));
            let gone = plans[g]
                .unassigned
                .iter()
                .filter(|u| self.account_index.get(u.account.as_str()).is_some_and(|a| away[g].contains(a)));
            wider.unassigned.extend(gone.cloned());
            plans[g] = wider;
        }
        let visited: HashSet<String> =
            plans.iter().flat_map(|p| p.visited_accounts().map(str::to_string)).collect();
        for plan in &mut plans {
            plan.unassigned.retain(|u| !visited.contains(&u.account));
        }
        Ok(joined(date, plans.into_iter().chain(nobodys)))
    }

    /// The most time one rep of group `g` has free in `plan` (their part of
    /// the day): what their working window leaves after visits, breaks and
    /// driving; none for a rep at their most visits. A group is offered its
    /// neighbours' left-out visits only where some rep has at least as long
    /// free: a group whose reps' days are all full would only trade one
    /// visit for another, and solving it again took over a third of the
    /// first day of 100 000 accounts and 500 reps (117 s of CPU, 72 s
    /// without). Twenty days of 5 000 accounts and 40 reps: 486 visits
    /// late instead of 499, in 39 s of CPU instead of 47 s.
    fn room_s(&self, g: usize, plan: &Plan, date: NaiveDate) -> Seconds {
        self.rep_groups.groups[g]
            .iter()
            .map(|&r| {
                let Some(window) = self.region.working_window(r, date) else { return 0 };
                let rep = &self.region.reps[r];
                let Some(route) = plan.routes.iter().find(|route| route.rep == rep.id) else {
                    return window.close_s - window.open_s;
                };
                if rep.max_visits.is_some_and(|most| route.visit_count() >= most as usize) {
                    return 0;
                }
                let busy_s: Seconds = route.drive_s
                    + route
                        .stops
                        .iter()
                        .map(|stop| match stop {
                            Stop::Visit { start_s, end_s, .. } | Stop::Break { start_s, end_s } => {
                                end_s - start_s
                            }
                        })
                        .sum::<Seconds>();
                (window.close_s - window.open_s - busy_s).max(0)
            })
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rep, TimeWindow};

    fn region(starts: &[(f64, f64)]) -> Region {
        let reps = starts
            .iter()
            .enumerate()
            .map(|(i, &(lat, lon))| Rep {
                id: format!("r{i}"),
                name: String::new(),
                start: LatLon { lat, lon },
                end: LatLon { lat, lon },
                shift: TimeWindow::parse("08:00-16:00").unwrap().into(),
                lunch: None,
                max_visits: None,
            })
            .collect();
        Region { reps, ..Region::default() }
    }

    #[test]
    fn a_small_team_is_one_group() {
        let region = region(&[(60.0, 24.0), (61.0, 25.0), (60.5, 26.0)]);
        let groups = RepGroups::build(&region, 10);
        assert_eq!(groups.groups, vec![vec![0, 1, 2]]);
        assert_eq!(groups.neighbour(&region, LatLon { lat: 60.0, lon: 24.0 }, 0), None);
    }

    #[test]
    fn nearby_reps_go_together_and_the_neighbour_is_the_nearest_other_group() {
        // Three reps in the west and three in the east, listed interleaved.
        let region =
            region(&[(60.0, 24.0), (60.0, 26.0), (60.1, 24.1), (60.1, 26.1), (60.05, 24.05), (60.05, 26.05)]);
        let groups = RepGroups::build(&region, 3);
        assert_eq!(groups.groups, vec![vec![0, 2, 4], vec![1, 3, 5]]);
        assert_eq!(groups.group_of, vec![0, 1, 0, 1, 0, 1]);
        let near_west = LatLon { lat: 60.0, lon: 24.2 };
        assert_eq!(groups.neighbour(&region, near_west, 1), Some(0));
        assert_eq!(groups.neighbour(&region, near_west, 0), Some(1));
    }
}
