//! Published plans, kept with what they were made from, so any of them can be
//! checked again later against exactly the region it was planned on.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::region::{parse_date, PlanInputs};
use super::{now_text, DayUnderWay, NotRecorded, Store, StoreError};
use crate::io::plan_json::{plan_from_json, plan_to_json};
use crate::model::plan::Plan;
use crate::model::Region;

/// Which command published a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanKind {
    /// `rounds plan --out`.
    Day,
    /// `rounds week --out`: several days.
    Week,
    /// `rounds replan --out`.
    Replan,
}

impl PlanKind {
    /// The name stored in `plans.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::Day => "day",
            PlanKind::Week => "week",
            PlanKind::Replan => "replan",
        }
    }

    fn parse(text: &str) -> Option<PlanKind> {
        [PlanKind::Day, PlanKind::Week, PlanKind::Replan].into_iter().find(|k| k.as_str() == text)
    }
}

/// A published plan, its days read back, with the region it was made from rebuilt.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredPlan {
    /// The plan's id.
    pub id: i64,
    /// Which command published it.
    pub kind: PlanKind,
    /// When it was stored, UTC, RFC 3339.
    pub created_at: String,
    /// The travel model it was priced with, in words.
    pub travel: String,
    /// What it was made from.
    pub inputs: PlanInputs,
    /// Its days, in order (one for a day plan or a re-plan).
    pub days: Vec<Plan>,
    /// The region it was made from, rebuilt and checked against the stored hash.
    pub region: Region,
}

impl Store {
    /// Stores a plan the caller has checked and published, with `inputs` (from
    /// the [`super::Snapshot`] the plan was made from) and its travel model in
    /// words. Returns the plan's id. A day or week plan over a day under way
    /// ([`Store::under_way`]) is refused: only a re-plan keeps its recorded visits.
    pub fn publish(
        &mut self,
        kind: PlanKind,
        inputs: &PlanInputs,
        days: &[Plan],
        travel: &str,
    ) -> Result<i64, StoreError> {
        let published = self.publish_if(kind, inputs, days, travel, None)?;
        Ok(published.expect("a publish without a plan to replace always stores"))
    }

    /// Publishes `days` as [`Store::publish`] does, but only while plan
    /// `in_force` is still the plan in force on each of their dates, checked
    /// inside the write transaction: `None` (nothing stored) when another
    /// plan was published meanwhile, so a re-plan made from an older plan
    /// never hides a newer one.
    pub fn publish_over(
        &mut self,
        in_force: i64,
        kind: PlanKind,
        inputs: &PlanInputs,
        days: &[Plan],
        travel: &str,
    ) -> Result<Option<i64>, StoreError> {
        self.publish_if(kind, inputs, days, travel, Some(in_force))
    }

    fn publish_if(
        &mut self,
        kind: PlanKind,
        inputs: &PlanInputs,
        days: &[Plan],
        travel: &str,
        in_force: Option<i64>,
    ) -> Result<Option<i64>, StoreError> {
        let sqlite = super::sqlite(&self.path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&sqlite)?;
        if let Some(in_force) = in_force {
            for plan in days {
                if in_force_id(&tx, &self.path, plan.date)? != Some(in_force) {
                    return Ok(None);
                }
            }
        }
        if kind != PlanKind::Replan {
            let dates: Vec<NaiveDate> = days.iter().map(|plan| plan.date).collect();
            if let Some(under_way) = first_under_way(&tx, &self.path, &dates)? {
                return Err(StoreError::DayUnderWay { path: self.path.clone(), under_way });
            }
        }
        tx.execute(
            "INSERT INTO plans (kind, created_at, import_id, visits_upto, region_sha256, travel) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                kind.as_str(),
                now_text(),
                inputs.import_id,
                inputs.visits_upto,
                inputs.region_sha256,
                travel
            ],
        )
        .map_err(&sqlite)?;
        let id = tx.last_insert_rowid();
        for (day, plan) in days.iter().enumerate() {
            tx.execute(
                "INSERT INTO plan_days (plan, day, date, json) VALUES (?1, ?2, ?3, ?4)",
                params![id, day as i64, plan.date.format("%Y-%m-%d").to_string(), plan_to_json(plan)],
            )
            .map_err(&sqlite)?;
        }
        tx.commit().map_err(&sqlite)?;
        Ok(Some(id))
    }

    /// Stored plan `id`, with the region it was made from rebuilt (and proven
    /// the same by its hash).
    pub fn stored_plan(&self, id: i64) -> Result<StoredPlan, StoreError> {
        Ok(StoredPlan::clone(&*self.stored_plan_shared(id)?))
    }

    /// [`Store::stored_plan`], read once per open store and shared after.
    pub(super) fn stored_plan_shared(&self, id: i64) -> Result<Arc<StoredPlan>, StoreError> {
        if let Some(plan) = self.read_plans.get(id) {
            return Ok(plan);
        }
        let plan = Arc::new(self.read_stored_plan(id)?);
        self.read_plans.keep(id, plan.clone());
        Ok(plan)
    }

    fn read_stored_plan(&self, id: i64) -> Result<StoredPlan, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let tx = self.conn.unchecked_transaction().map_err(&sqlite)?;
        let row = tx
            .query_row(
                "SELECT kind, created_at, travel, import_id, visits_upto, region_sha256 FROM plans WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        PlanInputs { import_id: row.get(3)?, visits_upto: row.get(4)?, region_sha256: row.get(5)? },
                    ))
                },
            )
            .optional()
            .map_err(&sqlite)?;
        let Some((kind, created_at, travel, inputs)) = row else {
            return Err(StoreError::UnknownPlan { path: path.clone(), id });
        };
        let kind = PlanKind::parse(&kind).ok_or_else(|| StoreError::BadValue {
            path: path.clone(),
            what: format!("plan {id} is of kind `{kind}`, not day, week or replan"),
        })?;
        let mut statement =
            tx.prepare("SELECT date, json FROM plan_days WHERE plan = ?1 ORDER BY day").map_err(&sqlite)?;
        let mut rows = statement.query([id]).map_err(&sqlite)?;
        let mut days = Vec::new();
        while let Some(row) = rows.next().map_err(&sqlite)? {
            let date = parse_date(path, &row.get::<_, String>(0).map_err(&sqlite)?)?;
            let json: String = row.get(1).map_err(&sqlite)?;
            let source = PathBuf::from(format!("{} (plan {id}, {date})", path.display()));
            let plan = plan_from_json(json.as_bytes(), &source)
                .map_err(|source| StoreError::BadStoredPlan { path: path.clone(), id, source })?;
            days.push(plan);
        }
        drop(rows);
        drop(statement);
        let region = self.replay(id, &inputs)?;
        tx.commit().map_err(&sqlite)?;
        Ok(StoredPlan { id, kind, created_at, travel, inputs, days, region })
    }
    /// The plan in force on `date`: the day of the latest published plan (a
    /// day plan, a week or a re-plan) that covers it, with that plan's id and
    /// the region it was made from; `None` when no published plan covers it.
    pub fn plan_for(&self, date: NaiveDate) -> Result<Option<(i64, Plan, Region)>, StoreError> {
        let Some(id) = self.plan_id_for(date)? else { return Ok(None) };
        let stored = self.stored_plan_shared(id)?;
        let day = stored.days.iter().find(|plan| plan.date == date);
        Ok(day.map(|plan| (id, plan.clone(), stored.region.clone())))
    }

    /// Every day from `from` on with a plan in force, and that plan's id, by date.
    pub fn plans_in_force_from(&self, from: NaiveDate) -> Result<Vec<(NaiveDate, i64)>, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let mut statement = self
            .conn
            .prepare("SELECT date, max(plan) FROM plan_days WHERE date >= ?1 GROUP BY date ORDER BY date")
            .map_err(&sqlite)?;
        let mut rows = statement.query([from.format("%Y-%m-%d").to_string()]).map_err(&sqlite)?;
        let mut days = Vec::new();
        while let Some(row) = rows.next().map_err(&sqlite)? {
            days.push((
                parse_date(path, &row.get::<_, String>(0).map_err(&sqlite)?)?,
                row.get(1).map_err(&sqlite)?,
            ));
        }
        Ok(days)
    }

    /// The id of the plan in force on `date` (see [`Store::plan_for`]), without reading it.
    pub fn plan_id_for(&self, date: NaiveDate) -> Result<Option<i64>, StoreError> {
        in_force_id(&self.conn, &self.path, date)
    }

    /// The days on `date` of the re-plans published for it, newest first,
    /// with their ids (the plans only, without rebuilding their regions).
    pub fn replans_on(&self, date: NaiveDate) -> Result<Vec<(i64, Plan)>, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let mut statement = self
            .conn
            .prepare(
                "SELECT d.plan, d.json FROM plan_days d JOIN plans p ON p.id = d.plan \
                 WHERE d.date = ?1 AND p.kind = 'replan' ORDER BY d.plan DESC",
            )
            .map_err(&sqlite)?;
        let mut rows = statement.query([date.format("%Y-%m-%d").to_string()]).map_err(&sqlite)?;
        let mut plans = Vec::new();
        while let Some(row) = rows.next().map_err(&sqlite)? {
            let id: i64 = row.get(0).map_err(&sqlite)?;
            let json: String = row.get(1).map_err(&sqlite)?;
            let source = PathBuf::from(format!("{} (plan {id}, {date})", path.display()));
            let plan = plan_from_json(json.as_bytes(), &source)
                .map_err(|source| StoreError::BadStoredPlan { path: path.clone(), id, source })?;
            plans.push((id, plan));
        }
        Ok(plans)
    }

    /// The plan in force on `date` and its id, as [`Store::plan_for`] finds
    /// it, without rebuilding the region it was made from (quicker, for a
    /// look at the routes).
    pub fn day_plan_for(&self, date: NaiveDate) -> Result<Option<(i64, Plan)>, StoreError> {
        day_plan_in(&self.conn, &self.path, date)
    }

    /// The first of `dates` that is under way ([`DayUnderWay`]), if any: a
    /// day or week plan for it would not be published. Asked before planning,
    /// so that nobody waits for a plan that cannot be stored; publishing asks
    /// again inside its write transaction.
    pub fn under_way(&self, dates: &[NaiveDate]) -> Result<Option<DayUnderWay>, StoreError> {
        first_under_way(&self.conn, &self.path, dates)
    }

    /// The latest of the [`NOT_RECORDED_DAYS`] days before `first_day` whose
    /// plan in force has visits with no record for that day ([`NotRecorded`]),
    /// if any: a plan from `first_day` would plan the due ones again. Said
    /// when publishing, not refused: the office may know those visits did
    /// not happen.
    pub fn not_recorded_before(&self, first_day: NaiveDate) -> Result<Option<NotRecorded>, StoreError> {
        let path = &self.path;
        let sqlite = super::sqlite(path);
        let since = first_day - chrono::Days::new(NOT_RECORDED_DAYS);
        let mut days = self
            .conn
            .prepare("SELECT DISTINCT date FROM plan_days WHERE date < ?1 AND date >= ?2 ORDER BY date DESC")
            .map_err(&sqlite)?;
        let dates = days
            .query_map(
                [first_day.format("%Y-%m-%d").to_string(), since.format("%Y-%m-%d").to_string()],
                |row| row.get::<_, String>(0),
            )
            .map_err(&sqlite)?
            .map(|date| parse_date(path, &date.map_err(&sqlite)?))
            .collect::<Result<Vec<NaiveDate>, StoreError>>()?;
        for date in dates {
            let Some(day) = recorded_of_plan(&self.conn, path, date)? else { continue };
            if day.planned > day.recorded {
                return Ok(Some(NotRecorded { date, plan: day.plan, visits: day.planned - day.recorded }));
            }
        }
        Ok(None)
    }
}

/// The id of the plan in force on `date`: the latest published that covers it.
fn in_force_id(conn: &Connection, path: &Path, date: NaiveDate) -> Result<Option<i64>, StoreError> {
    conn.query_row(
        "SELECT max(plan) FROM plan_days WHERE date = ?1",
        [date.format("%Y-%m-%d").to_string()],
        |row| row.get(0),
    )
    .map_err(super::sqlite(path))
}

fn day_plan_in(conn: &Connection, path: &Path, date: NaiveDate) -> Result<Option<(i64, Plan)>, StoreError> {
    let Some(id) = in_force_id(conn, path, date)? else { return Ok(None) };
    let json: String = conn
        .query_row(
            "SELECT json FROM plan_days WHERE plan = ?1 AND date = ?2",
            params![id, date.format("%Y-%m-%d").to_string()],
            |row| row.get(0),
        )
        .map_err(super::sqlite(path))?;
    let source = PathBuf::from(format!("{} (plan {id}, {date})", path.display()));
    let plan = plan_from_json(json.as_bytes(), &source).map_err(|source| StoreError::BadStoredPlan {
        path: path.to_path_buf(),
        id,
        source,
    })?;
    Ok(Some((id, plan)))
}

/// How many days before a plan's first day [`Store::not_recorded_before`]
/// looks at: a week, so that a team that records nothing is not told of its
/// whole history.
pub const NOT_RECORDED_DAYS: u64 = 7;

/// See [`Store::under_way`]: a day is under way when a visit on a route of
/// its plan in force is recorded for it. Visits recorded without a plan (an
/// import's `visits.csv`) do not make a day under way: no rep's day shows them.
fn first_under_way(
    conn: &Connection,
    path: &Path,
    dates: &[NaiveDate],
) -> Result<Option<DayUnderWay>, StoreError> {
    for &date in dates {
        let Some(day) = recorded_of_plan(conn, path, date)? else { continue };
        if day.recorded > 0 {
            return Ok(Some(DayUnderWay { date, plan: day.plan, recorded: day.recorded }));
        }
    }
    Ok(None)
}

/// How far the plan in force on a day is recorded: whether a day is under
/// way ([`first_under_way`]) and whether it is done ([`Store::not_recorded_before`]).
struct RecordedOfPlan {
    /// The plan in force.
    plan: i64,
    /// The accounts its routes visit that day, but for urgent accounts
    /// added for the day, which no record can name.
    planned: usize,
    /// How many of those have a visit recorded for that day (made or skipped).
    recorded: usize,
}

/// [`RecordedOfPlan`] for `date`; `None` when no plan is in force on it.
fn recorded_of_plan(
    conn: &Connection,
    path: &Path,
    date: NaiveDate,
) -> Result<Option<RecordedOfPlan>, StoreError> {
    let sqlite = super::sqlite(path);
    let Some((plan, day)) = day_plan_in(conn, path, date)? else { return Ok(None) };
    let added: HashSet<&str> = day.added.iter().map(|account| account.id.as_str()).collect();
    let planned: HashSet<&str> = day.visited_accounts().filter(|account| !added.contains(account)).collect();
    let mut recorded_on = conn
        .prepare_cached("SELECT a.id FROM visits v JOIN accounts a ON a.key = v.account WHERE v.date = ?1")
        .map_err(&sqlite)?;
    let accounts = recorded_on
        .query_map([date.format("%Y-%m-%d").to_string()], |row| row.get::<_, String>(0))
        .map_err(&sqlite)?;
    let mut recorded = 0;
    for account in accounts {
        recorded += usize::from(planned.contains(account.map_err(&sqlite)?.as_str()));
    }
    Ok(Some(RecordedOfPlan { plan, planned: planned.len(), recorded }))
}

/// The plans a [`Store`] has read back, by id, the newest few kept: the
/// plans in force are the latest ones.
#[derive(Debug, Default)]
pub(super) struct PlanCache(Mutex<BTreeMap<i64, Arc<StoredPlan>>>);

impl PlanCache {
    /// How many plans are kept.
    const PLANS: usize = 8;

    fn get(&self, id: i64) -> Option<Arc<StoredPlan>> {
        self.0.lock().ok()?.get(&id).cloned()
    }

    fn keep(&self, id: i64, plan: Arc<StoredPlan>) {
        if let Ok(mut plans) = self.0.lock() {
            plans.insert(id, plan);
            while plans.len() > Self::PLANS {
                plans.pop_first();
            }
        }
    }
}
