//! What a split means for the reps, measured on its plans over a horizon.
//!
//! [`split_metrics`] reads a [`WeekPlan`] of a split and reports per rep
//! ([`RepMetrics`]) and for the team ([`SplitMetrics`]):
//!
//! - **driving**: the sum of the planned routes' drive times and distances;
//! - **workload per day**: from leaving home to being back (the lunch break
//!   included: the rep is out), 0 on a working day without visits; its mean
//!   and maximum over the horizon's working days;
//! - **overtime days**: days whose workload exceeds a limit (8 h by default in
//!   the command line). A plan never runs past the rep's shift, so "over the
//!   shift" cannot happen; what a shift cannot hold shows as late and missed
//!   visits instead, and overtime days show who is stretched to the end of it;
//! - **late and missed visits**: due visits done on a later day, or not at all
//!   within the horizon, counted for the rep holding the account. A rep with
//!   any is *overloaded*: the territory holds more than the shifts can cover;
//! - **balance**: the ratio of the largest to the smallest total workload of
//!   a rep (`None` when some rep has none), and their coefficient of variation
//!   (standard deviation over mean);
//! - **compactness**: the mean great-circle distance from a rep's accounts to
//!   their centre (the normalised mean of their unit vectors on the sphere).

use std::collections::HashMap;

use chrono::NaiveDate;
use geo::{Distance, Haversine, Point};

use super::{Split, WeekPlan};
use crate::model::{LatLon, Region, Seconds};

/// One rep's figures under a split.
#[derive(Clone, Debug, PartialEq)]
pub struct RepMetrics {
    /// Rep id.
    pub rep: String,
    /// Accounts the rep holds.
    pub accounts: usize,
    /// Visits planned over the horizon.
    pub visits: usize,
    /// Driving over the horizon.
    pub drive_s: Seconds,
    /// Distance driven over the horizon.
    pub distance_m: i64,
    /// Workload (leave to return) of every working day, 0 when the rep stays home.
    pub workload_s: Vec<Seconds>,
    /// Days whose workload exceeds the limit.
    pub overtime_days: usize,
    /// Due visits done on a later day than due.
    pub late: usize,
    /// Due visits not done within the horizon.
    pub missed: usize,
    /// Mean distance from the rep's accounts to their centre; 0 without accounts.
    pub centre_distance_m: f64,
}

impl RepMetrics {
    /// Total workload over the horizon.
    pub fn total_workload_s(&self) -> Seconds {
        self.workload_s.iter().sum()
    }

    /// Mean workload per working day.
    pub fn mean_workload_s(&self) -> Seconds {
        mean_seconds(self.total_workload_s(), self.workload_s.len())
    }

    /// The longest day.
    pub fn max_workload_s(&self) -> Seconds {
        self.workload_s.iter().copied().max().unwrap_or(0)
    }

    /// Whether the territory holds more than the rep's shifts can cover.
    pub fn overloaded(&self) -> bool {
        self.late + self.missed > 0
    }
}

/// A split's figures over a horizon: per rep, and for the team.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitMetrics {
    /// The working days planned.
    pub dates: Vec<NaiveDate>,
    /// Workload above which a day counts as overtime.
    pub day_limit_s: Seconds,
    /// One entry per rep, in region order.
    pub reps: Vec<RepMetrics>,
    /// Largest over smallest total workload of a rep; `None` when some rep has none.
    pub workload_ratio: Option<f64>,
    /// Standard deviation of the reps' total workloads over their mean (0 when all are idle).
    pub workload_cv: f64,
    /// Mean distance from every account to its rep's territory centre.
    pub centre_distance_m: f64,
}

impl SplitMetrics {
    /// Visits planned over the horizon.
    pub fn visits(&self) -> usize {
        self.reps.iter().map(|r| r.visits).sum()
    }

    /// Driving of the whole team over the horizon.
    pub fn drive_s(&self) -> Seconds {
        self.reps.iter().map(|r| r.drive_s).sum()
    }

    /// Distance driven by the whole team over the horizon.
    pub fn distance_m(&self) -> i64 {
        self.reps.iter().map(|r| r.distance_m).sum()
    }

    /// Late visits of the whole team.
    pub fn late(&self) -> usize {
        self.reps.iter().map(|r| r.late).sum()
    }

    /// Missed visits of the whole team.
    pub fn missed(&self) -> usize {
        self.reps.iter().map(|r| r.missed).sum()
    }

    /// Overtime days of the whole team.
    pub fn overtime_days(&self) -> usize {
        self.reps.iter().map(|r| r.overtime_days).sum()
    }

    /// Mean workload per rep and working day.
    pub fn mean_workload_s(&self) -> Seconds {
        let total: Seconds = self.reps.iter().map(RepMetrics::total_workload_s).sum();
        mean_seconds(total, self.reps.len() * self.dates.len())
    }

    /// The longest day of any rep.
    pub fn max_workload_s(&self) -> Seconds {
        self.reps.iter().map(RepMetrics::max_workload_s).max().unwrap_or(0)
    }

    /// The reps whose territory holds more than their shifts cover.
    pub fn overloaded(&self) -> impl Iterator<Item = &RepMetrics> {
        self.reps.iter().filter(|r| r.overloaded())
    }
}

/// The figures of `week`, a plan of `region` under `split`; a day longer than
/// `day_limit_s` counts as overtime.
pub fn split_metrics(region: &Region, split: &Split, week: &WeekPlan, day_limit_s: Seconds) -> SplitMetrics {
    let rep_index: HashMap<&str, usize> =
        region.reps.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let account_index: HashMap<&str, usize> =
        region.accounts.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let counts = split.counts();
    let mut reps: Vec<RepMetrics> = region
        .reps
        .iter()
        .enumerate()
        .map(|(r, rep)| RepMetrics {
            rep: rep.id.clone(),
            accounts: counts[r],
            visits: 0,
            drive_s: 0,
            distance_m: 0,
            workload_s: vec![0; week.days.len()],
            overtime_days: 0,
            late: 0,
            missed: 0,
            centre_distance_m: 0.0,
        })
        .collect();
    for (day, plan) in week.days.iter().enumerate() {
        for route in &plan.routes {
            let Some(&r) = rep_index.get(route.rep.as_str()) else { continue };
            let rep = &mut reps[r];
            rep.visits += route.visit_count();
            rep.drive_s += route.drive_s;
            rep.distance_m += route.distance_m;
            rep.workload_s[day] += route.return_s - route.depart_s;
        }
    }
    for visit in &week.late {
        let Some(&account) = account_index.get(visit.account.as_str()) else { continue };
        let rep = &mut reps[split.rep_of(account)];
        match visit.planned {
            Some(_) => rep.late += 1,
            None => rep.missed += 1,
        }
    }
    let mut distance_sum_m = 0.0;
    for (r, rep) in reps.iter_mut().enumerate() {
        rep.overtime_days = rep.workload_s.iter().filter(|&&w| w > day_limit_s).count();
        let places: Vec<LatLon> = split.accounts_of(r).map(|a| region.accounts[a].location).collect();
        let sum_m = centre_distance_sum_m(&places);
        distance_sum_m += sum_m;
        rep.centre_distance_m = if places.is_empty() { 0.0 } else { sum_m / places.len() as f64 };
    }
    let totals: Vec<f64> = reps.iter().map(|r| r.total_workload_s() as f64).collect();
    let (least, most) = totals.iter().fold((f64::INFINITY, 0.0_f64), |(lo, hi), &t| (lo.min(t), hi.max(t)));
    let mean = totals.iter().sum::<f64>() / totals.len().max(1) as f64;
    let variance = totals.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / totals.len().max(1) as f64;
    SplitMetrics {
        dates: week.days.iter().map(|p| p.date).collect(),
        day_limit_s,
        reps,
        workload_ratio: (least > 0.0).then(|| most / least),
        workload_cv: if mean > 0.0 { variance.sqrt() / mean } else { 0.0 },
        centre_distance_m: distance_sum_m / region.accounts.len().max(1) as f64,
    }
}

/// `total` spread over `count`, rounded to the second; 0 when `count` is 0.
fn mean_seconds(total: Seconds, count: usize) -> Seconds {
    if count == 0 {
        0
    } else {
        (total as f64 / count as f64).round() as Seconds
    }
}

/// The sum of the great-circle distances from `places` to their centre.
fn centre_distance_sum_m(places: &[LatLon]) -> f64 {
    let Some(centre) = centre(places) else { return 0.0 };
    let centre = Point::new(centre.lon, centre.lat);
    places.iter().map(|p| Haversine.distance(centre, Point::new(p.lon, p.lat))).sum()
}

/// The centre of `places` on the sphere: the mean of their unit vectors,
/// turned back into latitude and longitude (right across the antimeridian,
/// unlike a mean of degrees). `None` for no places or places whose vectors cancel.
pub fn centre(places: &[LatLon]) -> Option<LatLon> {
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for p in places {
        let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
        x += lat.cos() * lon.cos();
        y += lat.cos() * lon.sin();
        z += lat.sin();
    }
    let norm = (x * x + y * y + z * z).sqrt();
    (norm > 1e-12).then(|| LatLon { lat: (z / norm).asin().to_degrees(), lon: y.atan2(x).to_degrees() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::{Plan, RoutePlan};
    use crate::model::{Account, Rep, TimeWindow};
    use crate::territory::LateVisit;

    fn region() -> Region {
        let account = |id: &str, lat: f64| Account::new(id, LatLon { lat, lon: 25.0 }, 600, 7);
        let rep = |id: &str| Rep {
            id: id.into(),
            name: String::new(),
            start: LatLon { lat: 60.0, lon: 25.0 },
            end: LatLon { lat: 60.0, lon: 25.0 },
            shift: TimeWindow::new(8 * 3600, 17 * 3600).into(),
            lunch: None,
            max_visits: None,
        };
        Region {
            accounts: vec![account("A1", 60.0), account("A2", 60.02), account("A3", 61.0)],
            reps: vec![rep("R1"), rep("R2"), rep("R3")],
            ..Default::default()
        }
    }

    fn route(rep: &str, hours: i64) -> RoutePlan {
        RoutePlan {
            rep: rep.into(),
            depart_s: 8 * 3600,
            return_s: (8 + hours) * 3600,
            drive_s: 600,
            distance_m: 5000,
            stops: vec![],
            resumes: vec![],
            overtime_s: 0,
        }
    }

    fn day(date: &str, routes: Vec<RoutePlan>) -> Plan {
        Plan {
            date: date.parse().unwrap(),
            routes,
            unassigned: vec![],
            unavailable: vec![],
            added: vec![],
            changes: vec![],
        }
    }

    #[test]
    fn figures_per_rep_and_for_the_team() {
        let region = region();
        let split = Split::new(vec![0, 0, 1], 3);
        let late = |account: &str, planned: Option<&str>| LateVisit {
            account: account.into(),
            due: "2026-11-23".parse().unwrap(),
            planned: planned.map(|d| d.parse().unwrap()),
            reason: "full".into(),
        };
        let week = WeekPlan {
            from: "2026-11-23".parse().unwrap(),
            days: vec![
                day("2026-11-23", vec![route("R1", 9), route("R2", 4)]),
                day("2026-11-24", vec![route("R1", 7)]),
            ],
            late: vec![late("A1", Some("2026-11-24")), late("A2", None), late("A3", None)],
        };
        let metrics = split_metrics(&region, &split, &week, 8 * 3600);
        let r1 = &metrics.reps[0];
        assert_eq!((r1.accounts, r1.drive_s, r1.distance_m), (2, 1200, 10_000));
        assert_eq!(r1.workload_s, vec![9 * 3600, 7 * 3600]);
        assert_eq!((r1.mean_workload_s(), r1.max_workload_s(), r1.overtime_days), (8 * 3600, 9 * 3600, 1));
        assert_eq!((r1.late, r1.missed), (1, 1));
        assert!(r1.overloaded());
        // A1 and A2 lie 0.02 degrees (2.2 km) apart: each 1.1 km from their centre.
        assert!((r1.centre_distance_m - 1112.0).abs() < 2.0, "{}", r1.centre_distance_m);
        let r2 = &metrics.reps[1];
        assert_eq!((r2.workload_s.clone(), r2.missed), (vec![4 * 3600, 0], 1));
        assert!(r2.centre_distance_m < 1e-3, "a lone account is its own centre");
        assert_eq!(metrics.reps[2].accounts, 0);
        assert_eq!(metrics.workload_ratio, None, "R3 has no work");
        assert_eq!((metrics.late(), metrics.missed(), metrics.overtime_days()), (1, 2, 1));
        assert_eq!(metrics.mean_workload_s(), (16 + 4) * 3600 / 6);
        assert_eq!(metrics.overloaded().count(), 2);
        // Totals 16 h, 4 h, 0 h: mean 6h40m, standard deviation 6.8 h.
        assert!((metrics.workload_cv - 1.0198).abs() < 1e-3, "{}", metrics.workload_cv);
        assert!((metrics.centre_distance_m - 2.0 * 1112.0 / 3.0).abs() < 2.0);
    }

    #[test]
    fn balanced_reps_have_ratio_one_and_no_variation() {
        let region = region();
        let split = Split::new(vec![0, 1, 2], 3);
        let week = WeekPlan {
            from: "2026-11-23".parse().unwrap(),
            days: vec![day("2026-11-23", vec![route("R1", 5), route("R2", 5), route("R3", 5)])],
            late: vec![],
        };
        let metrics = split_metrics(&region, &split, &week, 8 * 3600);
        assert_eq!(metrics.workload_ratio, Some(1.0));
        assert_eq!(metrics.workload_cv, 0.0);
        assert!(metrics.centre_distance_m < 1e-3);
        assert_eq!(metrics.overloaded().count(), 0);
    }

    #[test]
    fn the_centre_of_places_across_the_antimeridian_is_on_it() {
        let centre = centre(&[LatLon { lat: 0.0, lon: 179.0 }, LatLon { lat: 0.0, lon: -179.0 }]).unwrap();
        assert!((centre.lon.abs() - 180.0).abs() < 1e-9 && centre.lat.abs() < 1e-9, "{centre:?}");
        assert_eq!(super::centre(&[]), None);
    }
}
