//! The comparison file of `rounds territories compare --out`: every split's
//! figures (see [`crate::territory::metrics`]) and its late and missed visits.
//!
//! ```json
//! {"from": "2026-11-24", "to": "2026-12-21", "working_days": 20, "day_limit_seconds": 28800,
//!  "splits": [{"name": "current", "visits": 1650, "late": 12, "missed": 3, "overloaded_reps": ["R3"],
//!              "drive_seconds": 148800, "distance_meters": 1240000,
//!              "mean_workload_seconds": 22200, "max_workload_seconds": 30540, "overtime_days": 14,
//!              "workload_ratio": null, "workload_cv": 0.45, "mean_centre_distance_meters": 1210.5,
//!              "reps": [{"rep": "R1", "accounts": 103, "visits": 290, "drive_seconds": 37200,
//!                        "distance_meters": 310000, "workload_seconds": [27000, 0, ...],
//!                        "mean_workload_seconds": 21000, "max_workload_seconds": 30540,
//!                        "overtime_days": 3, "late": 0, "missed": 0, "overloaded": false,
//!                        "mean_centre_distance_meters": 1405.2}],
//!              "late_visits": [{"account": "A0262", "due": "2026-11-24", "planned": null,
//!                               "reason": "no rep has 45 more minutes free ..."}]}]}
//! ```
//!
//! `workload_seconds` has one entry per working day; `workload_ratio` is
//! `null` when some rep has no work at all; `planned` is `null` for a missed visit.

use serde::Serialize;

use crate::model::Seconds;
use crate::territory::metrics::{RepMetrics, SplitMetrics};
use crate::territory::LateVisit;

/// The comparison of `splits` (name, figures, late visits) as pretty-printed JSON, ending with a newline.
pub fn comparison_to_json(splits: &[(&str, &SplitMetrics, &[LateVisit])]) -> String {
    let dates = splits.first().map(|(_, m, _)| m.dates.as_slice()).unwrap_or_default();
    let json = ComparisonJson {
        from: dates.first().map(ToString::to_string),
        to: dates.last().map(ToString::to_string),
        working_days: dates.len(),
        day_limit_seconds: splits.first().map_or(0, |(_, m, _)| m.day_limit_s),
        splits: splits.iter().map(|&(name, metrics, late)| SplitJson::new(name, metrics, late)).collect(),
    };
    let mut text = serde_json::to_string_pretty(&json)
        .expect("a comparison always serialises: string keys, finite or null numbers");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct ComparisonJson<'a> {
    from: Option<String>,
    to: Option<String>,
    working_days: usize,
    day_limit_seconds: Seconds,
    splits: Vec<SplitJson<'a>>,
}

#[derive(Serialize)]
struct SplitJson<'a> {
    name: &'a str,
    visits: usize,
    late: usize,
    missed: usize,
    overloaded_reps: Vec<&'a str>,
    drive_seconds: Seconds,
    distance_meters: i64,
    mean_workload_seconds: Seconds,
    max_workload_seconds: Seconds,
    overtime_days: usize,
    workload_ratio: Option<f64>,
    workload_cv: f64,
    mean_centre_distance_meters: f64,
    reps: Vec<RepJson<'a>>,
    late_visits: Vec<LateJson<'a>>,
}

impl<'a> SplitJson<'a> {
    fn new(name: &'a str, m: &'a SplitMetrics, late: &'a [LateVisit]) -> Self {
        SplitJson {
            name,
            visits: m.visits(),
            late: m.late(),
            missed: m.missed(),
            overloaded_reps: m.overloaded().map(|r| r.rep.as_str()).collect(),
            drive_seconds: m.drive_s(),
            distance_meters: m.distance_m(),
            mean_workload_seconds: m.mean_workload_s(),
            max_workload_seconds: m.max_workload_s(),
            overtime_days: m.overtime_days(),
            workload_ratio: m.workload_ratio,
            workload_cv: m.workload_cv,
            mean_centre_distance_meters: m.centre_distance_m,
            reps: m.reps.iter().map(RepJson::from).collect(),
            late_visits: late
                .iter()
                .map(|v| LateJson {
                    account: &v.account,
                    due: v.due.to_string(),
                    planned: v.planned.map(|d| d.to_string()),
                    reason: v.reason.to_string(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct RepJson<'a> {
    rep: &'a str,
    accounts: usize,
    visits: usize,
    drive_seconds: Seconds,
    distance_meters: i64,
    workload_seconds: &'a [Seconds],
    mean_workload_seconds: Seconds,
    max_workload_seconds: Seconds,
    overtime_days: usize,
    late: usize,
    missed: usize,
    overloaded: bool,
    mean_centre_distance_meters: f64,
}

impl<'a> From<&'a RepMetrics> for RepJson<'a> {
    fn from(r: &'a RepMetrics) -> Self {
        RepJson {
            rep: &r.rep,
            accounts: r.accounts,
            visits: r.visits,
            drive_seconds: r.drive_s,
            distance_meters: r.distance_m,
            workload_seconds: &r.workload_s,
            mean_workload_seconds: r.mean_workload_s(),
            max_workload_seconds: r.max_workload_s(),
            overtime_days: r.overtime_days,
            late: r.late,
            missed: r.missed,
            overloaded: r.overloaded(),
            mean_centre_distance_meters: r.centre_distance_m,
        }
    }
}

#[derive(Serialize)]
struct LateJson<'a> {
    account: &'a str,
    due: String,
    planned: Option<String>,
    reason: String,
}
