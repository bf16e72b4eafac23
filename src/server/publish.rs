//! Publishing a plan from the manager's page: tomorrow's day or the next
//! working days, planned in the background as `rounds plan --db` and
//! `rounds week --db` plan them (their default search settings, the
//! straight-line travel model), every day confirmed by the independent
//! validator ([`crate::check`]) before [`Store::publish`] stores it. A plan
//! the validator refuses is never stored; the job says why.
//!
//! - [`PublishRequest`]: what to publish, parsed from a form or a JSON body
//!   with the CLI's own ranges ([`limits::DATE`], [`limits::DAYS`]), every
//!   error naming its field.
//! - [`Jobs`]: the jobs of this server's database, one running at a time (a
//!   second start while one runs is refused with 409), the latest few kept
//!   for their pages; each job's progress is the days planned of the days
//!   asked.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::state::AppState;
use super::ServerError;
use crate::check::check_plan;
use crate::model::limits;
use crate::planning::day::{DayOptions, DayProblem};
use crate::planning::week::{check_week, plan_week_with, working_days, WeekOptions};
use crate::solver::{solve, SearchConfig};
use crate::store::{DayUnderWay, NotRecorded, PlanKind, Store, StoreError};
use crate::travel::StraightLine;

/// How many finished jobs are kept for their pages.
const KEPT_JOBS: usize = 20;

/// What to publish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublishRequest {
    /// One day, as `rounds plan --db --date`.
    Day {
        /// The day planned.
        date: NaiveDate,
    },
    /// Several working days, as `rounds week --db --from --days`.
    Week {
        /// The first day (a day off starts on the next working day).
        from: NaiveDate,
        /// Working days, as `--days` takes them.
        days: u32,
    },
}

impl PublishRequest {
    /// The request of a form or a JSON body's members, each read by the
    /// CLI's rule for the same option; an error names the field.
    pub fn parse(
        kind: &str,
        date: Option<&str>,
        from: Option<&str>,
        days: Option<&str>,
    ) -> Result<PublishRequest, ServerError> {
        let trimmed = |value: Option<&str>| value.map(str::trim).unwrap_or_default().to_string();
        let date_of = |name: &str, value: Option<&str>| {
            limits::DATE.parse(&trimmed(value)).map_err(|message| ServerError::bad(name, message))
        };
        match kind.trim() {
            "day" => Ok(PublishRequest::Day { date: date_of("date", date)? }),
            "week" => {
                let from = date_of("from", from)?;
                let days = limits::DAYS
                    .parse(&trimmed(days))
                    .map_err(|message| ServerError::bad("days", message))?;
                Ok(PublishRequest::Week { from, days })
            }
            other => Err(ServerError::bad("kind", format!("`{other}` is neither day nor week"))),
        }
    }

    /// `day` or `week`.
    pub fn kind(&self) -> &'static str {
        match self {
            PublishRequest::Day { .. } => "day",
            PublishRequest::Week { .. } => "week",
        }
    }

    /// The first day asked for.
    pub fn first(&self) -> NaiveDate {
        match *self {
            PublishRequest::Day { date } => date,
            PublishRequest::Week { from, .. } => from,
        }
    }
}

/// Where a job stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobState {
    /// Planning: `done` of `total` days planned so far.
    Running {
        /// Days planned.
        done: usize,
        /// Days to plan (0 until the horizon is known).
        total: usize,
    },
    /// Checked and stored as plan `plan_id`.
    Done {
        /// The published plan's id.
        plan_id: i64,
        /// Days in it.
        days: usize,
        /// A day before it with visits not recorded, which it plans again if due.
        not_recorded: Option<NotRecorded>,
    },
    /// Nothing was stored.
    Failed {
        /// Why.
        error: String,
    },
}

/// A publishing job.
#[derive(Clone, Debug)]
pub struct Job {
    /// Its number, counted from 1 since the server started.
    pub id: u64,
    /// `day` or `week`.
    pub kind: &'static str,
    /// The first day asked for.
    pub first: NaiveDate,
    /// Working days asked for (1 for a day).
    pub days: u32,
    /// Who started it.
    pub started_by: String,
    /// Where it stands.
    pub state: JobState,
}

impl Job {
    /// The job as the API shows it: `state` is `running` (with `done` and
    /// `total` days), `done` (with `plan_id`) or `failed` (with `error`).
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "id": self.id,
            "kind": self.kind,
            "first": self.first.format("%Y-%m-%d").to_string(),
            "days": self.days,
            "started_by": self.started_by,
        });
        let state = match &self.state {
            JobState::Running { done, total } => json!({"state": "running", "done": done, "total": total}),
            JobState::Done { plan_id, days, not_recorded } => {
                let mut done = json!({"state": "done", "done": days, "total": days, "plan_id": plan_id});
                if let (Some(day), Value::Object(fields)) = (not_recorded, &mut done) {
                    let day =
                        json!({"date": day.date.to_string(), "plan_id": day.plan, "visits": day.visits});
                    fields.insert("not_recorded".into(), day);
                }
                done
            }
            JobState::Failed { error } => json!({"state": "failed", "error": error}),
        };
        if let (Value::Object(all), Value::Object(state)) = (&mut value, state) {
            all.extend(state);
        }
        value
    }
}

/// The publishing jobs of one server (one database).
#[derive(Default)]
pub struct Jobs {
    inner: Mutex<JobsInner>,
}

#[derive(Default)]
struct JobsInner {
    /// The last id given.
    last_id: u64,
    /// The running job and the latest finished ones, by id.
    list: BTreeMap<u64, Job>,
    /// The job running, if any.
    running: Option<u64>,
}

impl Jobs {
    fn lock(&self) -> MutexGuard<'_, JobsInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Job `id`, while it is kept.
    pub fn get(&self, id: u64) -> Option<Job> {
        self.lock().list.get(&id).cloned()
    }

    /// The jobs kept, latest first.
    pub fn latest(&self) -> Vec<Job> {
        self.lock().list.values().rev().cloned().collect()
    }

    /// Registers a job unless one is running (409, naming it).
    fn begin(&self, request: &PublishRequest, user: &str) -> Result<u64, ServerError> {
        let mut inner = self.lock();
        if let Some(running) = inner.running {
            return Err(ServerError::Conflict(format!(
                "a plan is being published already (job {running}); wait until it is done"
            )));
        }
        inner.last_id += 1;
        let id = inner.last_id;
        let days = match *request {
            PublishRequest::Day { .. } => 1,
            PublishRequest::Week { days, .. } => days,
        };
        let job = Job {
            id,
            kind: request.kind(),
            first: request.first(),
            days,
            started_by: user.to_string(),
            state: JobState::Running { done: 0, total: 0 },
        };
        inner.list.insert(id, job);
        inner.running = Some(id);
        while inner.list.len() > KEPT_JOBS {
            inner.list.pop_first();
        }
        Ok(id)
    }

    fn set(&self, id: u64, state: JobState) {
        let mut inner = self.lock();
        if !matches!(state, JobState::Running { .. }) && inner.running == Some(id) {
            inner.running = None;
        }
        if let Some(job) = inner.list.get_mut(&id) {
            job.state = state;
        }
    }
}

/// Marks its job failed when dropped before the job finished (a panic in
/// the planner), so the next start is not refused forever.
struct Finish<'a> {
    jobs: &'a Jobs,
    id: u64,
}

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        if self.jobs.lock().running == Some(self.id) {
            let error = "the planner stopped unexpectedly; the error is in the server's log".to_string();
            self.jobs.set(self.id, JobState::Failed { error });
        }
    }
}

/// Starts publishing `request` on a blocking thread; the job's id, or 409
/// when a job is running.
pub fn start(state: &Arc<AppState>, request: PublishRequest, user: &str) -> Result<u64, ServerError> {
    let id = state.jobs.begin(&request, user)?;
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let guard = Finish { jobs: &state.jobs, id };
        let progress = |done, total| state.jobs.set(id, JobState::Running { done, total });
        let finished = match publish(state.db(), &request, state.iterations, &progress) {
            Ok(Published { plan_id, days, not_recorded }) => JobState::Done { plan_id, days, not_recorded },
            Err(err) => JobState::Failed { error: err.to_string() },
        };
        state.jobs.set(id, finished);
        drop(guard);
    });
    Ok(id)
}

/// Why a job stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The database failed or holds no region.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The days cannot be planned (a calendar that does not cover them, a travel failure).
    #[error("the plan cannot be made: {0}")]
    Planning(String),
    /// A day is under way: its reps' recorded visits stay, so only a re-plan may replace it.
    #[error("nothing was published: {0}")]
    UnderWay(DayUnderWay),
    /// The validator found violations; each is listed with its day.
    #[error("the plan failed the independent check, so nothing was published: {}", .0.join("; "))]
    Rejected(Vec<String>),
}

/// What a job stored.
#[derive(Debug)]
pub struct Published {
    /// The plan's id.
    pub plan_id: i64,
    /// Its days.
    pub days: usize,
    /// The day before it whose plan has visits not recorded ([`Store::not_recorded_before`]).
    pub not_recorded: Option<NotRecorded>,
}

/// Plans `request` from the database's region as the CLI's `--db` commands
/// do, checks every day and stores the plan.
/// `iterations` replaces the default search budget (`rounds serve
/// --iterations`); `progress` hears (days planned, days to plan).
pub fn publish(
    db: &Path,
    request: &PublishRequest,
    iterations: Option<u64>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Published, PublishError> {
    let planning = |err: &dyn std::fmt::Display| PublishError::Planning(err.to_string());
    let mut store = Store::open(db)?;
    let mut snapshot = store.snapshot_from(request.first()).map_err(|err| match err {
        StoreError::VisitAfter { visit, .. } => planning(&visit),
        other => PublishError::Store(other),
    })?;
    snapshot.region.appointments.apply_past(&mut snapshot.region.accounts, request.first());
    let region = &snapshot.region;
    let dates = match *request {
        PublishRequest::Day { date } => vec![date],
        PublishRequest::Week { from, days } => working_days(from, days, region),
    };
    if let Some(under_way) = store.under_way(&dates)? {
        return Err(PublishError::UnderWay(under_way));
    }
    let travel = StraightLine::default();
    let (kind, days) = match *request {
        PublishRequest::Day { date } => {
            region.holidays.check_covers(date, date).map_err(|e| planning(&e))?;
            progress(0, 1);
            let day = DayProblem::build(region, &DayOptions { date, lookahead_days: 0 }, &travel)
                .map_err(|e| planning(&e))?;
            let config = day.search_config(&SearchConfig { iterations, ..SearchConfig::on_every_core() });
            let plan = day.to_plan(region, &solve(&day.problem, &config).solution);
            let report = check_plan(region, &plan, &travel).map_err(|e| planning(&e))?;
            if !report.is_valid() {
                return Err(PublishError::Rejected(
                    report.violations.iter().map(|v| format!("{date}: {v}")).collect(),
                ));
            }
            progress(1, 1);
            (PlanKind::Day, vec![plan])
        }
        PublishRequest::Week { from, days } => {
            if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
                region.holidays.check_covers(*first, *last).map_err(|e| planning(&e))?;
            }
            let total = dates.len();
            progress(0, total);
            let options = WeekOptions::defaults(from, days, iterations);
            let done = AtomicUsize::new(0);
            let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            let outcome = plan_week_with(region, &options, &SearchConfig::default(), &travel, &tick)
                .map_err(|e| planning(&e))?;
            let reports = check_week(region, &outcome.week, &travel).map_err(|e| planning(&e))?;
            let violations: Vec<String> = outcome
                .week
                .days
                .iter()
                .zip(&reports)
                .flat_map(|(plan, report)| {
                    report.violations.iter().map(move |v| format!("{}: {v}", plan.date))
                })
                .collect();
            if !violations.is_empty() {
                return Err(PublishError::Rejected(violations));
            }
            (PlanKind::Week, outcome.week.days)
        }
    };
    // Asked before storing, so that a failure here stores nothing.
    let not_recorded = store.not_recorded_before(request.first())?;
    let id = store.publish(kind, &snapshot.inputs, &days, &travel.describe()).map_err(|err| match err {
        StoreError::DayUnderWay { under_way, .. } => PublishError::UnderWay(under_way),
        other => PublishError::Store(other),
    })?;
    Ok(Published { plan_id: id, days: days.len(), not_recorded })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: &str, date: Option<&str>, from: Option<&str>, days: Option<&str>) -> String {
        match PublishRequest::parse(kind, date, from, days) {
            Err(ServerError::BadInput { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_request_is_read_as_the_cli_reads_its_options() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(
            PublishRequest::parse("day", Some("2026-12-02"), None, None).unwrap(),
            PublishRequest::Day { date }
        );
        assert_eq!(
            PublishRequest::parse("week", None, Some(" 2026-12-02 "), Some("5")).unwrap(),
            PublishRequest::Week { from: date, days: 5 }
        );
        assert_eq!(field("month", None, None, None), "kind");
        assert_eq!(field("day", None, None, None), "date");
        assert_eq!(field("day", Some("2026-02-30"), None, None), "date");
        assert_eq!(field("day", Some("3026-01-01"), None, None), "date");
        assert_eq!(field("week", None, Some("tomorrow"), Some("5")), "from");
        assert_eq!(field("week", None, Some("2026-12-02"), Some("0")), "days");
        assert_eq!(field("week", None, Some("2026-12-02"), Some("131")), "days");
        assert_eq!(field("week", None, Some("2026-12-02"), None), "days");
    }

    #[test]
    fn one_job_runs_at_a_time() {
        let jobs = Jobs::default();
        let request = PublishRequest::Day { date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap() };
        let first = jobs.begin(&request, "manager").unwrap();
        assert!(matches!(jobs.begin(&request, "manager"), Err(ServerError::Conflict(_))));
        jobs.set(first, JobState::Running { done: 0, total: 1 });
        assert!(jobs.begin(&request, "manager").is_err());
        jobs.set(first, JobState::Done { plan_id: 7, days: 1, not_recorded: None });
        let second = jobs.begin(&request, "manager").unwrap();
        assert_eq!(second, first + 1);
        drop(Finish { jobs: &jobs, id: second });
        assert!(matches!(jobs.get(second).unwrap().state, JobState::Failed { .. }));
        assert_eq!(jobs.latest().iter().map(|j| j.id).collect::<Vec<_>>(), [second, first]);
    }
}
