//! What the manager's read-only views show: the published week (for each
//! day from a date on, the plan in force, [`Store::plan_for`], and per rep
//! the visits, the driving and the distance) and the adherence report over
//! the recorded visits, as `rounds report --db` computes it, and the
//! current territories planned over a horizon and measured, as `rounds
//! territories compare --current` does.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::ServerError;
use crate::model::adherence::{adherence, Adherence};
use crate::model::Region;
use crate::planning::week::check_week;
use crate::store::{Store, StoreError};
use crate::territory::metrics::{split_metrics, SplitMetrics};
use crate::territory::{plan_split, LateVisit, Split, WeekOptions};
use crate::travel::StraightLine;

/// A day longer than this from leaving to being back counts as overtime
/// (`rounds territories --day-hours` by default).
const DAY_LIMIT_S: i64 = 8 * 3600;

/// Calendar days the week view shows.
pub const WEEK_DAYS: u64 = 7;

/// One rep's day in the week view.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RepTotals {
    /// The rep's id.
    pub rep: String,
    /// Visits planned.
    pub visits: usize,
    /// Driving, in seconds.
    pub drive_s: i64,
    /// Distance, in metres.
    pub distance_m: i64,
}

/// One day of the week view.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WeekDay {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// The plan in force that day, if one is published.
    pub plan_id: Option<i64>,
    /// Every rep of the plan, in its order.
    pub reps: Vec<RepTotals>,
}

/// The [`WEEK_DAYS`] days from `from` on.
pub fn published_week(store: &Store, from: NaiveDate) -> Result<Vec<(NaiveDate, WeekDay)>, ServerError> {
    (0..WEEK_DAYS)
        .filter_map(|k| from.checked_add_days(Days::new(k)))
        .map(|date| {
            let found = store.plan_for(date)?;
            let plan_id = found.as_ref().map(|(id, _, _)| *id);
            let reps = found
                .map(|(_, plan, _)| {
                    plan.routes
                        .iter()
                        .map(|route| RepTotals {
                            rep: route.rep.clone(),
                            visits: route
                                .stops
                                .iter()
                                .filter(|s| matches!(s, crate::model::plan::Stop::Visit { .. }))
                                .count(),
                            drive_s: route.drive_s,
                            distance_m: route.distance_m,
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok((date, WeekDay { date: date.format("%Y-%m-%d").to_string(), plan_id, reps }))
        })
        .collect()
}

/// The adherence of the latest import's team from `from` to `to` (both
/// days count) over every visit the database recorded, with that region.
pub fn adherence_of(
    store: &mut Store,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Region, Adherence), ServerError> {
    let exported = store.export()?;
    let records: Vec<_> = exported.visits.into_iter().map(|(record, _)| record).collect();
    let report = adherence(&exported.region, &records, from, to);
    Ok((exported.region, report))
}

/// The current split (each account's territory) planned and measured.
pub struct Territories {
    /// The region planned (the latest import with every visit applied).
    pub region: Region,
    /// Who holds which account.
    pub split: Split,
    /// The figures `rounds territories compare` prints.
    pub metrics: SplitMetrics,
    /// What the independent check found wrong with the plans, by day (none: they hold).
    pub violations: Vec<String>,
    /// The visits the plans could not make by their due date.
    pub late: Vec<LateVisit>,
}

/// The current split planned over `days` working days from `from` and
/// measured, as `rounds territories compare --current --db` does with its
/// default settings; `iterations` replaces the default search budget.
pub fn territories_of(
    store: &mut Store,
    from: NaiveDate,
    days: u32,
    iterations: Option<u64>,
) -> Result<Territories, ServerError> {
    let mut snapshot = store.snapshot_from(from).map_err(|err| match err {
        StoreError::VisitAfter { visit, .. } => ServerError::bad("from", visit.to_string()),
        other => ServerError::Store(other),
    })?;
    snapshot.region.appointments.apply_past(&mut snapshot.region.accounts, from);
    let region = snapshot.region;
    let options = WeekOptions::defaults(from, days, iterations);
    let travel = StraightLine::default();
    let failed = |err: &dyn std::fmt::Display| {
        ServerError::Internal(format!("the territories cannot be planned: {err}"))
    };
    let split = Split::current(&region).split;
    let week = plan_split(&region, &split, &options, &travel, &|| ()).map_err(|e| failed(&e))?;
    let reports = check_week(&split.apply(&region), &week, &travel).map_err(|e| failed(&e))?;
    let violations = week
        .days
        .iter()
        .zip(reports)
        .flat_map(|(day, report)| report.violations.into_iter().map(move |v| format!("{}: {v}", day.date)))
        .collect();
    let metrics = split_metrics(&region, &split, &week, DAY_LIMIT_S);
    Ok(Territories { region, split, metrics, violations, late: week.late })
}
