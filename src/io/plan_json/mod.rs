//! The plan file: a [`Plan`] as JSON, for other tools and for `check` to replay.
//!
//! ```json
//! {"date": "2024-06-03",
//!  "routes": [{"rep": "R1", "depart": "08:00:00", "return": "16:40:00",
//!              "drive_seconds": 5400, "distance_meters": 81000, "visits": 1,
//!              "stops": [{"account": "A1", "arrival": "08:20:00", "start": "09:00:00", "end": "09:30:00"},
//!                        {"break": {"start": "12:00:00", "end": "12:30:00"}}]}],
//!  "unassigned": [{"account": "A7", "reason": "closed on Mondays"}]}
//! ```
//!
//! A rep who cannot work the day at all is listed, only when there is one, as
//! `"unavailable_reps": [{"rep": "R3", "reason": "..."}]`.
//!
//! A re-planned day (`rounds replan`) adds, only where there is something to say:
//! per route `"resumes": [{"after_stops": 3, "time": "10:50:00", "lat": 60.17, "lon": 24.93}]`
//! (where the day picked up again; no `lat`/`lon` when the rep was still at
//! the previous stop) and `"overtime_seconds": 2645` (how long after the
//! shift's close a held-up rep gets home), `"added_accounts"` (the urgent accounts added for the
//! day, with the columns of `accounts.csv`: `id`, `name`, `address` (when given), `lat`, `lon`,
//! `service_min`, `windows`, `every_days`, `last_visit`, `priority`,
//! `closed`, `territory`, `preferred_days` (when given)), and `"changes": [{"account", "change", "reason"}]`
//! with `change` one of `added`, `cancelled`, `reassigned`, `to_tomorrow`, `moved`.
//!
//! Written with the region ([`plan_to_json_for`], [`week_to_json_for`]), a
//! visit to an account with an `address` carries it (`"address": "..."`), for
//! tools that send the day to a phone; it is an annotation, not read back.
//!
//! Every `reason` (left out, unavailable, late, changes) has its values
//! beside it as `why` (see `reason_json`), so a plan read back renders
//! its reasons in any language.
//!
//! Times are `HH:MM:SS` since local midnight. `visits` is written for readers'
//! convenience and ignored when reading (it is derived from `stops`); other
//! extra fields are ignored too, so tools may annotate the file. The mirror
//! types here keep serde out of [`crate::model::plan`].
//!
//! Several days planned together ([`week_to_json`]) are written as
//! `{"from": ..., "days": [<plan objects>], "late": [...]}` and read back by
//! [`read_week`] (`rounds week --keep`).

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use self::fields::{
    de_change, de_date, de_depart, de_due, de_end, de_every_days, de_from, de_hours, de_last_visit, de_lat,
    de_lon, de_minutes, de_opt_arrival, de_opt_end, de_opt_start, de_planned, de_preferred_days, de_priority,
    de_return, de_start, de_time, de_weekdays, ser_change, ser_clock, ser_date, ser_hours, ser_minutes,
    ser_opt_date, ser_priority, ser_weekdays,
};
use super::reason_json::{change_of, change_why_of, reason_of, why_of, Why};
use super::{read_input, InputError};
use crate::model::limits;
use crate::model::plan::{
    Change, ChangeKind, LateVisit, Plan, Resume, RoutePlan, Stop, Unassigned, UnavailableRep, WeekPlan,
};
use crate::model::{Account, LatLon, OpeningHours, Priority, Region, Seconds};

mod fields;

/// The plan as pretty-printed JSON, ending with a newline, without the
/// accounts' addresses ([`plan_to_json_for`] adds them).
pub fn plan_to_json(plan: &Plan) -> String {
    plan_to_json_for(&Region::default(), plan)
}

/// The plan of `region` as pretty-printed JSON, ending with a newline; each
/// visit to an account with an address carries it.
pub fn plan_to_json_for(region: &Region, plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(&PlanJson::with_addresses(plan, region))
        .expect("a plan always serialises: only string keys and infallible field serialisers");
    text.push('\n');
    text
}

/// Several days planned together (`rounds week --out`) as pretty-printed
/// JSON, ending with a newline: `{"from": D, "days": [...], "late": [...]}`,
/// each day a plan object as above (with its own `date`), each late visit
/// `{"account", "due", "planned", "reason"}` with `planned` null when no day
/// of the horizon takes it.
pub fn week_to_json(week: &WeekPlan) -> String {
    week_to_json_for(&Region::default(), week)
}

/// [`week_to_json`] for a week of `region`: each visit to an account with an
/// address carries it, as in [`plan_to_json_for`].
pub fn week_to_json_for(region: &Region, week: &WeekPlan) -> String {
    let json = WeekJson {
        from: week.from,
        days: week.days.iter().map(|plan| PlanJson::with_addresses(plan, region)).collect(),
        late: week
            .late
            .iter()
            .map(|late| LateJson {
                account: late.account.clone(),
                due: late.due,
                planned: late.planned,
                reason: late.reason.to_string(),
                why: why_of(&late.reason),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json)
        .expect("a week always serialises: only string keys and infallible field serialisers");
    text.push('\n');
    text
}

/// Reads a plan file; errors give the line and column, and bad values name their field.
pub fn read_plan(path: &Path) -> Result<Plan, InputError> {
    let bytes = read_input(path, &limits::FILE_BYTES)?;
    plan_from_json(&bytes, path)
}

/// Reads a plan from the bytes of a plan file (a stored plan, [`crate::store`]);
/// `source` names them in errors.
pub fn plan_from_json(bytes: &[u8], source: &Path) -> Result<Plan, InputError> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let json: PlanJson = serde_json::from_slice(text).map_err(|e| InputError::json(source, &e))?;
    within_limits(Plan::from(json), source)
}

/// Reads a week file as `rounds week --out` writes it ([`week_to_json`]):
/// every day a plan object read by the rules of [`read_plan`], and the late
/// visits. Errors give the line and column, and bad values name their field.
pub fn read_week(path: &Path) -> Result<WeekPlan, InputError> {
    let bytes = read_input(path, &limits::FILE_BYTES)?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let json: WeekJson = serde_json::from_slice(text).map_err(|e| InputError::json(path, &e))?;
    let days =
        json.days.into_iter().map(|day| within_limits(Plan::from(day), path)).collect::<Result<_, _>>()?;
    let late = json
        .late
        .into_iter()
        .map(|l| LateVisit {
            account: l.account,
            due: l.due,
            planned: l.planned,
            reason: reason_of(l.reason, l.why),
        })
        .collect();
    Ok(WeekPlan { from: json.from, days, late })
}

/// `plan`, unless checking it would price more places, or add more
/// accounts, than the limits allow.
fn within_limits(plan: Plan, source: &Path) -> Result<Plan, InputError> {
    // Checking a plan prices a matrix between every place it names.
    let places: usize = plan
        .routes
        .iter()
        .map(|r| 2 + r.stops.len() + r.resumes.iter().filter(|resume| resume.place.is_some()).count())
        .sum();
    let too_many = limits::PLACES
        .check(places as u64)
        .err()
        .or_else(|| limits::ACCOUNTS.check(plan.added.len() as u64).err());
    if let Some(problem) = too_many {
        return Err(InputError::File {
            file: source.to_path_buf(),
            problem: format!("the plan names {problem}"),
        });
    }
    Ok(plan)
}

#[derive(Serialize, Deserialize)]
struct PlanJson {
    #[serde(serialize_with = "ser_date", deserialize_with = "de_date")]
    date: NaiveDate,
    routes: Vec<RouteJson>,
    #[serde(default)]
    unassigned: Vec<UnassignedJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unavailable_reps: Vec<UnavailableJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    added_accounts: Vec<AccountJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    changes: Vec<ChangeJson>,
}

#[derive(Serialize, Deserialize)]
struct RouteJson {
    rep: String,
    #[serde(serialize_with = "ser_clock", deserialize_with = "de_depart")]
    depart: Seconds,
    #[serde(rename = "return", serialize_with = "ser_clock", deserialize_with = "de_return")]
    return_s: Seconds,
    drive_seconds: Seconds,
    distance_meters: i64,
    /// Written for convenience; derived from `stops`, so not read back.
    #[serde(skip_deserializing)]
    visits: usize,
    stops: Vec<StopJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    resumes: Vec<ResumeJson>,
    /// Declared overtime after a re-plan; absent when the day fits its shift.
    #[serde(default, skip_serializing_if = "is_zero")]
    overtime_seconds: Seconds,
}

fn is_zero(seconds: &Seconds) -> bool {
    *seconds == 0
}

/// Where a re-planned day picked up again. Reading goes through [`RawResume`]
/// so that a half-given position is reported in words.
#[derive(Serialize, Deserialize)]
#[serde(try_from = "RawResume")]
struct ResumeJson {
    after_stops: usize,
    #[serde(serialize_with = "ser_clock")]
    time: Seconds,
    #[serde(skip_serializing_if = "Option::is_none")]
    lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lon: Option<f64>,
}

#[derive(Deserialize)]
struct RawResume {
    after_stops: usize,
    #[serde(deserialize_with = "de_time")]
    time: Seconds,
    lat: Option<f64>,
    lon: Option<f64>,
}

impl TryFrom<RawResume> for ResumeJson {
    type Error = String;

    fn try_from(raw: RawResume) -> Result<Self, String> {
        match (raw.lat, raw.lon) {
            (Some(lat), Some(lon)) if !(lat.abs() <= 90.0 && lon.abs() <= 180.0) => {
                Err(format!("the resume position {lat},{lon} is not a latitude and longitude in degrees"))
            }
            (Some(_), None) | (None, Some(_)) => {
                Err("the resume has only one of `lat` and `lon`; give both, or neither when the rep \
                     is still at the previous stop"
                    .to_string())
            }
            (lat, lon) => Ok(ResumeJson { after_stops: raw.after_stops, time: raw.time, lat, lon }),
        }
    }
}

/// An account added for the day, with the columns and cell formats of `accounts.csv`.
#[derive(Serialize, Deserialize)]
struct AccountJson {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    address: String,
    #[serde(deserialize_with = "de_lat")]
    lat: f64,
    #[serde(deserialize_with = "de_lon")]
    lon: f64,
    #[serde(rename = "service_min", serialize_with = "ser_minutes", deserialize_with = "de_minutes")]
    service_s: Seconds,
    /// With `closed`, the account's opening hours, as the two columns of
    /// `accounts.csv` write them ([`OpeningHours::columns`]).
    #[serde(default, serialize_with = "ser_hours", deserialize_with = "de_hours")]
    windows: OpeningHours,
    #[serde(deserialize_with = "de_every_days")]
    every_days: u32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_date",
        deserialize_with = "de_last_visit"
    )]
    last_visit: Option<NaiveDate>,
    #[serde(default, serialize_with = "ser_priority", deserialize_with = "de_priority")]
    priority: Priority,
    #[serde(default, serialize_with = "ser_weekdays", deserialize_with = "de_weekdays")]
    closed: Vec<Weekday>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    territory: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "ser_weekdays",
        deserialize_with = "de_preferred_days"
    )]
    preferred_days: Vec<Weekday>,
}

#[derive(Serialize, Deserialize)]
struct ChangeJson {
    account: String,
    #[serde(serialize_with = "ser_change", deserialize_with = "de_change")]
    change: ChangeKind,
    reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    why: Option<Why>,
}

/// A stop as written. Reading goes through [`RawStop`], whose optional fields
/// let a malformed stop be reported in words rather than as "did not match any variant".
#[derive(Serialize, Deserialize)]
#[serde(untagged, try_from = "RawStop")]
enum StopJson {
    Visit {
        account: String,
        #[serde(serialize_with = "ser_clock")]
        arrival: Seconds,
        #[serde(serialize_with = "ser_clock")]
        start: Seconds,
        #[serde(serialize_with = "ser_clock")]
        end: Seconds,
        /// The account's address, written for the reader's convenience; not read back.
        #[serde(skip_serializing_if = "Option::is_none")]
        address: Option<String>,
    },
    Break {
        #[serde(rename = "break")]
        span: SpanJson,
    },
}

#[derive(Serialize, Deserialize)]
struct SpanJson {
    #[serde(serialize_with = "ser_clock", deserialize_with = "de_start")]
    start: Seconds,
    #[serde(serialize_with = "ser_clock", deserialize_with = "de_end")]
    end: Seconds,
}

#[derive(Deserialize)]
struct RawStop {
    account: Option<String>,
    #[serde(default, deserialize_with = "de_opt_arrival")]
    arrival: Option<Seconds>,
    #[serde(default, deserialize_with = "de_opt_start")]
    start: Option<Seconds>,
    #[serde(default, deserialize_with = "de_opt_end")]
    end: Option<Seconds>,
    #[serde(rename = "break")]
    span: Option<SpanJson>,
}

impl TryFrom<RawStop> for StopJson {
    type Error = String;

    fn try_from(raw: RawStop) -> Result<Self, String> {
        match (raw.account, raw.span) {
            (Some(account), None) => match (raw.arrival, raw.start, raw.end) {
                (Some(arrival), Some(start), Some(end)) => {
                    Ok(StopJson::Visit { account, arrival, start, end, address: None })
                }
                (arrival, start, _) => {
                    let missing = if arrival.is_none() {
                        "arrival"
                    } else if start.is_none() {
                        "start"
                    } else {
                        "end"
                    };
                    Err(format!(
                        "the visit to `{account}` has no `{missing}`; a visit needs `arrival`, `start` and `end`"
                    ))
                }
            },
            (None, Some(span)) => Ok(StopJson::Break { span }),
            (Some(account), Some(_)) => Err(format!(
                "the stop has both `account` (`{account}`) and `break`; a stop is either a visit or a break"
            )),
            (None, None) => {
                Err("the stop has neither `account` nor `break`; expected a visit or a break".to_string())
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
struct WeekJson {
    #[serde(serialize_with = "ser_date", deserialize_with = "de_from")]
    from: NaiveDate,
    days: Vec<PlanJson>,
    #[serde(default)]
    late: Vec<LateJson>,
}

#[derive(Serialize, Deserialize)]
struct LateJson {
    account: String,
    #[serde(serialize_with = "ser_date", deserialize_with = "de_due")]
    due: NaiveDate,
    #[serde(serialize_with = "ser_opt_date", deserialize_with = "de_planned")]
    planned: Option<NaiveDate>,
    reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    why: Option<Why>,
}

#[derive(Serialize, Deserialize)]
struct UnassignedJson {
    account: String,
    reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    why: Option<Why>,
}

#[derive(Serialize, Deserialize)]
struct UnavailableJson {
    rep: String,
    reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    why: Option<Why>,
}

impl PlanJson {
    /// The plan with each visit annotated with its account's address, from
    /// `region` or the plan's added accounts, when it has one.
    fn with_addresses(plan: &Plan, region: &Region) -> PlanJson {
        let mut json = PlanJson::from(plan);
        let addresses: HashMap<&str, &str> = region
            .accounts
            .iter()
            .chain(&plan.added)
            .filter(|a| !a.address.is_empty())
            .map(|a| (a.id.as_str(), a.address.as_str()))
            .collect();
        if addresses.is_empty() {
            return json;
        }
        for stop in json.routes.iter_mut().flat_map(|route| route.stops.iter_mut()) {
            if let StopJson::Visit { account, address, .. } = stop {
                *address = addresses.get(account.as_str()).map(|a| a.to_string());
            }
        }
        json
    }
}

impl From<&Plan> for PlanJson {
    fn from(plan: &Plan) -> Self {
        PlanJson {
            date: plan.date,
            routes: plan.routes.iter().map(RouteJson::from).collect(),
            unassigned: plan
                .unassigned
                .iter()
                .map(|u| UnassignedJson {
                    account: u.account.clone(),
                    reason: u.reason.to_string(),
                    why: why_of(&u.reason),
                })
                .collect(),
            unavailable_reps: plan
                .unavailable
                .iter()
                .map(|u| UnavailableJson {
                    rep: u.rep.clone(),
                    reason: u.reason.to_string(),
                    why: why_of(&u.reason),
                })
                .collect(),
            added_accounts: plan.added.iter().map(AccountJson::from).collect(),
            changes: plan
                .changes
                .iter()
                .map(|c| ChangeJson {
                    account: c.account.clone(),
                    change: c.kind,
                    reason: c.reason.to_string(),
                    why: change_why_of(&c.reason),
                })
                .collect(),
        }
    }
}

impl From<&Account> for AccountJson {
    fn from(account: &Account) -> Self {
        AccountJson {
            id: account.id.clone(),
            name: account.name.clone(),
            address: account.address.clone(),
            lat: account.location.lat,
            lon: account.location.lon,
            service_s: account.service_s,
            windows: account.hours.clone(),
            every_days: account.every_days,
            last_visit: account.last_visit,
            priority: account.priority,
            closed: account.hours.columns().1,
            territory: account.territory.clone(),
            preferred_days: account.preferred_days.clone(),
        }
    }
}

impl From<AccountJson> for Account {
    fn from(json: AccountJson) -> Self {
        let mut hours = json.windows;
        json.closed.into_iter().for_each(|day| hours.close(day));
        Account {
            id: json.id,
            name: json.name,
            address: json.address,
            location: LatLon { lat: json.lat, lon: json.lon },
            service_s: json.service_s,
            hours,
            every_days: json.every_days,
            last_visit: json.last_visit,
            priority: json.priority,
            territory: json.territory,
            preferred_days: json.preferred_days,
        }
    }
}

impl From<&Resume> for ResumeJson {
    fn from(resume: &Resume) -> Self {
        ResumeJson {
            after_stops: resume.after_stops,
            time: resume.at_s,
            lat: resume.place.map(|p| p.lat),
            lon: resume.place.map(|p| p.lon),
        }
    }
}

impl From<ResumeJson> for Resume {
    fn from(json: ResumeJson) -> Self {
        let place = json.lat.zip(json.lon).map(|(lat, lon)| LatLon { lat, lon });
        Resume { after_stops: json.after_stops, at_s: json.time, place }
    }
}

impl From<&RoutePlan> for RouteJson {
    fn from(route: &RoutePlan) -> Self {
        RouteJson {
            rep: route.rep.clone(),
            depart: route.depart_s,
            return_s: route.return_s,
            drive_seconds: route.drive_s,
            distance_meters: route.distance_m,
            visits: route.visit_count(),
            stops: route.stops.iter().map(StopJson::from).collect(),
            resumes: route.resumes.iter().map(ResumeJson::from).collect(),
            overtime_seconds: route.overtime_s,
        }
    }
}

impl From<&Stop> for StopJson {
    fn from(stop: &Stop) -> Self {
        match stop {
            Stop::Visit { account, arrival_s, start_s, end_s } => StopJson::Visit {
                account: account.clone(),
                arrival: *arrival_s,
                start: *start_s,
                end: *end_s,
                address: None,
            },
            Stop::Break { start_s, end_s } => {
                StopJson::Break { span: SpanJson { start: *start_s, end: *end_s } }
            }
        }
    }
}

impl From<PlanJson> for Plan {
    fn from(json: PlanJson) -> Self {
        Plan {
            date: json.date,
            routes: json.routes.into_iter().map(RoutePlan::from).collect(),
            unassigned: json
                .unassigned
                .into_iter()
                .map(|u| Unassigned { account: u.account, reason: reason_of(u.reason, u.why) })
                .collect(),
            unavailable: json
                .unavailable_reps
                .into_iter()
                .map(|u| UnavailableRep { rep: u.rep, reason: reason_of(u.reason, u.why) })
                .collect(),
            added: json.added_accounts.into_iter().map(Account::from).collect(),
            changes: json
                .changes
                .into_iter()
                .map(|c| Change { account: c.account, kind: c.change, reason: change_of(c.reason, c.why) })
                .collect(),
        }
    }
}

impl From<RouteJson> for RoutePlan {
    fn from(json: RouteJson) -> Self {
        RoutePlan {
            rep: json.rep,
            depart_s: json.depart,
            return_s: json.return_s,
            drive_s: json.drive_seconds,
            distance_m: json.distance_meters,
            stops: json.stops.into_iter().map(Stop::from).collect(),
            resumes: json.resumes.into_iter().map(Resume::from).collect(),
            overtime_s: json.overtime_seconds,
        }
    }
}

impl From<StopJson> for Stop {
    fn from(json: StopJson) -> Self {
        match json {
            StopJson::Visit { account, arrival, start, end, .. } => {
                Stop::Visit { account, arrival_s: arrival, start_s: start, end_s: end }
            }
            StopJson::Break { span } => Stop::Break { start_s: span.start, end_s: span.end },
        }
    }
}

#[cfg(test)]
mod tests;
