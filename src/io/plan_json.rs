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
use std::fmt;
use std::path::Path;

use chrono::{NaiveDate, Weekday};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::reason_json::{change_of, change_why_of, reason_of, why_of, Why};
use super::{read_input, InputError};
use crate::model::limits::{self, Bounded, Range};
use crate::model::plan::{
    Change, ChangeKind, LateVisit, Plan, Resume, RoutePlan, Stop, Unassigned, UnavailableRep, WeekPlan,
};
use crate::model::time::parse_clock;
use crate::model::{Account, Hms, LatLon, OpeningHours, Priority, Region, Seconds};

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

fn ser_clock<S: Serializer>(s: &Seconds, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&Hms(*s))
}

fn ser_date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&date.format("%Y-%m-%d"))
}

fn ser_opt_date<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => ser_date(date, serializer),
        None => serializer.serialize_none(),
    }
}

fn ser_minutes<S: Serializer>(s: &Seconds, serializer: S) -> Result<S::Ok, S::Error> {
    if s % 60 == 0 {
        serializer.serialize_i64(s / 60)
    } else {
        serializer.serialize_f64(*s as f64 / 60.0)
    }
}

fn ser_hours<S: Serializer>(hours: &OpeningHours, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&hours.columns().0)
}

fn ser_priority<S: Serializer>(priority: &Priority, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(priority.as_str())
}

fn ser_weekdays<S: Serializer>(days: &[Weekday], serializer: S) -> Result<S::Ok, S::Error> {
    let text: Vec<String> = days.iter().map(|d| d.to_string()).collect();
    serializer.serialize_str(&text.join(" "))
}

fn ser_change<S: Serializer>(kind: &ChangeKind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.as_str())
}

/// Deserialises a string with `parse`, naming `field` in every complaint.
struct Text<T> {
    field: &'static str,
    example: &'static str,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Visitor<'_> for Text<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string like \"{}\" for `{}`", self.example, self.field)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).map_err(|problem| {
            E::custom(format!(
                "field `{}`: {}; expected a string like \"{}\"",
                self.field,
                super::cut(problem, text),
                self.example
            ))
        })
    }
}

fn clock<'de, D: Deserializer<'de>>(d: D, field: &'static str) -> Result<Seconds, D::Error> {
    d.deserialize_str(Text { field, example: "08:30:00", parse: parse_clock })
}

fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Text { field: "date", example: "2024-06-03", parse: |text| limits::DATE.parse(text) })
}

fn de_from<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Text { field: "from", example: "2024-06-03", parse: |text| limits::DATE.parse(text) })
}

fn de_due<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Text { field: "due", example: "2024-06-03", parse: |text| limits::DATE.parse(text) })
}

/// A date or `null` (no day of the horizon takes the late visit).
fn de_planned<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|text| {
            limits::DATE.parse(&text).map_err(|problem| {
                de::Error::custom(format!(
                    "field `planned`: {}; expected a string like \"2024-06-03\" or null",
                    super::cut(problem, &text)
                ))
            })
        })
        .transpose()
}

/// A number read as `T` and checked against its documented range, naming `field`.
fn ranged<'de, D, T>(d: D, field: &str, range: &Range<T>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Bounded + Deserialize<'de>,
{
    let value = T::deserialize(d)?;
    range.check(value).map_err(|problem| de::Error::custom(format!("field `{field}`: {problem}")))
}

fn de_lat<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    ranged(d, "lat", &limits::LATITUDE)
}

fn de_lon<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    ranged(d, "lon", &limits::LONGITUDE)
}

fn de_every_days<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    ranged(d, "every_days", &limits::EVERY_DAYS)
}

fn de_depart<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "depart")
}

fn de_return<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "return")
}

fn de_start<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "start")
}

fn de_end<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "end")
}

fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    clock(d, "time")
}

fn de_last_visit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    d.deserialize_str(Text {
        field: "last_visit",
        example: "2024-05-31",
        parse: |text| if text.is_empty() { Ok(None) } else { limits::DATE.parse(text).map(Some) },
    })
}

/// A visit length in minutes (a number), as whole seconds.
fn de_minutes<'de, D: Deserializer<'de>>(d: D) -> Result<Seconds, D::Error> {
    let minutes = ranged(d, "service_min", &Range { what: "the visit length", ..limits::DURATION_MIN })?;
    Ok((minutes * 60.0).round() as Seconds)
}

fn de_hours<'de, D: Deserializer<'de>>(d: D) -> Result<OpeningHours, D::Error> {
    d.deserialize_str(Text {
        field: "windows",
        example: "09:00-12:00 13:00-17:00",
        parse: OpeningHours::parse,
    })
}

fn de_priority<'de, D: Deserializer<'de>>(d: D) -> Result<Priority, D::Error> {
    d.deserialize_str(Text { field: "priority", example: "high", parse: Priority::parse })
}

fn de_weekdays<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
    d.deserialize_str(Text { field: "closed", example: "Sat Sun", parse: weekday_list })
}

fn de_preferred_days<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
    d.deserialize_str(Text { field: "preferred_days", example: "Tue Thu", parse: weekday_list })
}

/// Weekday names separated by spaces, as [`ser_weekdays`] writes them.
fn weekday_list(text: &str) -> Result<Vec<Weekday>, String> {
    text.split_whitespace()
        .map(|day| day.parse::<Weekday>().map_err(|_| format!("`{day}` is not a weekday")))
        .collect()
}

fn de_change<'de, D: Deserializer<'de>>(d: D) -> Result<ChangeKind, D::Error> {
    d.deserialize_str(Text { field: "change", example: "moved", parse: ChangeKind::parse })
}

fn de_opt_arrival<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Seconds>, D::Error> {
    clock(d, "arrival").map(Some)
}

fn de_opt_start<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Seconds>, D::Error> {
    clock(d, "start").map(Some)
}

fn de_opt_end<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Seconds>, D::Error> {
    clock(d, "end").map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::PathBuf;

    fn sample() -> Plan {
        Plan {
            date: NaiveDate::from_ymd_opt(2024, 6, 3).unwrap(),
            routes: vec![RoutePlan {
                rep: "R1".into(),
                depart_s: 8 * 3600,
                return_s: 16 * 3600 + 40 * 60 + 5,
                drive_s: 5400,
                distance_m: 81_000,
                stops: vec![
                    Stop::Visit {
                        account: "A1".into(),
                        arrival_s: 8 * 3600 + 20 * 60,
                        start_s: 9 * 3600,
                        end_s: 9 * 3600 + 1800,
                    },
                    Stop::Break { start_s: 12 * 3600, end_s: 12 * 3600 + 1800 },
                    Stop::Visit {
                        account: "A2".into(),
                        arrival_s: 13 * 3600,
                        start_s: 13 * 3600,
                        end_s: 13 * 3600 + 900,
                    },
                ],
                resumes: vec![],
                overtime_s: 0,
            }],
            unassigned: vec![Unassigned { account: "A7".into(), reason: "closed on Mondays".into() }],
            unavailable: vec![],
            added: vec![],
            changes: vec![],
        }
    }

    /// The sample as a re-plan leaves it: resumed after the break, with an urgent account added.
    fn replanned() -> Plan {
        let mut plan = sample();
        plan.routes[0].resumes = vec![
            Resume { after_stops: 1, at_s: 10 * 3600, place: Some(LatLon { lat: 60.17, lon: 24.93 }) },
            Resume { after_stops: 2, at_s: 12 * 3600 + 2400, place: None },
        ];
        plan.added = vec![Account {
            id: "U1".into(),
            name: "Kioski".into(),
            address: "Mannerheimintie 1, 00100 Helsinki".into(),
            location: LatLon { lat: 60.18, lon: 24.95 },
            service_s: 1230,
            hours: OpeningHours::parse("Mon-Fri 13:00-15:00 16:00-17:00; Sat 10:00-12:00").unwrap(),
            every_days: 7,
            last_visit: Some(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()),
            priority: Priority::High,
            territory: Some("R1".into()),
            preferred_days: vec![Weekday::Tue, Weekday::Thu],
        }];
        plan.changes = vec![Change {
            account: "U1".into(),
            kind: ChangeKind::ToTomorrow,
            reason: "no rep has 20 more minutes".into(),
        }];
        plan
    }

    fn fixture(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn writes_the_documented_shape() {
        let json: serde_json::Value = serde_json::from_str(&plan_to_json(&sample())).unwrap();
        assert_eq!(json["date"], "2024-06-03");
        let route = &json["routes"][0];
        assert_eq!(route["rep"], "R1");
        assert_eq!(route["depart"], "08:00:00");
        assert_eq!(route["return"], "16:40:05");
        assert_eq!(route["drive_seconds"], 5400);
        assert_eq!(route["distance_meters"], 81_000);
        assert_eq!(route["visits"], 2);
        assert_eq!(
            route["stops"][0],
            serde_json::json!({"account": "A1", "arrival": "08:20:00", "start": "09:00:00", "end": "09:30:00"})
        );
        assert_eq!(route["stops"][1], serde_json::json!({"break": {"start": "12:00:00", "end": "12:30:00"}}));
        assert_eq!(
            json["unassigned"][0],
            serde_json::json!({"account": "A7", "reason": "closed on Mondays"})
        );
    }

    #[test]
    fn visits_carry_the_address_and_it_is_not_read_back() {
        let mut a1 = Account::new("A1", LatLon { lat: 60.17, lon: 24.94 }, 1800, 7);
        a1.address = "大阪府大阪市北区梅田1-2-3".into();
        let region = Region { accounts: vec![a1], ..Default::default() };
        let plan = sample();
        let text = plan_to_json_for(&region, &plan);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["routes"][0]["stops"][0]["address"], "大阪府大阪市北区梅田1-2-3");
        assert_eq!(text.matches("\"address\"").count(), 1, "only the account with an address: {text}");
        let (_dir, path) = fixture(&text);
        assert_eq!(read_plan(&path).unwrap(), plan);
    }

    #[test]
    fn writes_a_week_as_its_days_and_late_visits() {
        let late = |planned: Option<&str>| crate::model::plan::LateVisit {
            account: "A9".into(),
            due: NaiveDate::from_ymd_opt(2024, 6, 3).unwrap(),
            planned: planned.map(|d| d.parse().unwrap()),
            reason: "closed on Mon".into(),
        };
        let week = WeekPlan {
            from: NaiveDate::from_ymd_opt(2024, 6, 3).unwrap(),
            days: vec![sample()],
            late: vec![late(Some("2024-06-04")), late(None)],
        };
        let json: serde_json::Value = serde_json::from_str(&week_to_json(&week)).unwrap();
        assert_eq!(json["from"], "2024-06-03");
        assert_eq!(
            json["days"][0],
            serde_json::from_str::<serde_json::Value>(&plan_to_json(&sample())).unwrap()
        );
        assert_eq!(
            json["late"],
            serde_json::json!([
                {"account": "A9", "due": "2024-06-03", "planned": "2024-06-04", "reason": "closed on Mon"},
                {"account": "A9", "due": "2024-06-03", "planned": null, "reason": "closed on Mon"}
            ])
        );
    }

    #[test]
    fn week_round_trip_and_errors_name_the_field() {
        let late = crate::model::plan::LateVisit {
            account: "A9".into(),
            due: NaiveDate::from_ymd_opt(2024, 6, 3).unwrap(),
            planned: None,
            reason: "closed on Mon".into(),
        };
        let mut second = replanned();
        second.date = NaiveDate::from_ymd_opt(2024, 6, 4).unwrap();
        let week = WeekPlan { from: sample().date, days: vec![sample(), second], late: vec![late] };
        let text = week_to_json(&week);
        let (_dir, path) = fixture(&text);
        assert_eq!(read_week(&path).unwrap(), week);
        let bad = text.replace("\"planned\": null", "\"planned\": \"2024-13-01\"");
        let line = bad.lines().position(|l| l.contains("2024-13-01")).unwrap() + 1;
        let (_dir, path) = fixture(&bad);
        let msg = read_week(&path).unwrap_err().to_string();
        assert!(msg.contains(&format!("plan.json line {line}, column")), "{msg}");
        assert!(msg.contains("field `planned`"), "{msg}");
        let (_dir, path) = fixture(&text.replacen("\"09:00:00\"", "\"9 o'clock\"", 1));
        let msg = read_week(&path).unwrap_err().to_string();
        assert!(msg.contains("field `start`"), "{msg}");
    }

    #[test]
    fn plan_round_trip() {
        let plan = sample();
        let text = plan_to_json(&plan);
        for absent in ["resumes", "added_accounts", "changes"] {
            assert!(!text.contains(absent), "a plan made from scratch has no `{absent}`: {text}");
        }
        let (_dir, path) = fixture(&text);
        assert_eq!(read_plan(&path).unwrap(), plan);
    }

    #[test]
    fn replanned_plan_round_trip() {
        let plan = replanned();
        let text = plan_to_json(&plan);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            json["routes"][0]["resumes"],
            serde_json::json!([{"after_stops": 1, "time": "10:00:00", "lat": 60.17, "lon": 24.93},
                               {"after_stops": 2, "time": "12:40:00"}])
        );
        assert_eq!(json["added_accounts"][0]["windows"], "Mon-Fri 13:00-15:00 16:00-17:00; Sat 10:00-12:00");
        assert_eq!(json["added_accounts"][0]["service_min"], 20.5);
        assert_eq!(json["added_accounts"][0]["closed"], "", "a weekday without hours is closed");
        assert_eq!(json["added_accounts"][0]["address"], "Mannerheimintie 1, 00100 Helsinki");
        assert_eq!(json["routes"][0]["stops"][0].get("address"), None, "A1 has no address");
        assert_eq!(json["changes"][0]["change"], "to_tomorrow");
        let (_dir, path) = fixture(&text);
        assert_eq!(read_plan(&path).unwrap(), plan);
    }

    #[test]
    fn half_a_resume_position_is_explained() {
        let text = plan_to_json(&replanned()).replace("\"lon\": 24.93", "\"lonn\": 24.93");
        let (_dir, path) = fixture(&text);
        let msg = read_plan(&path).unwrap_err().to_string();
        assert!(msg.contains("only one of `lat` and `lon`"), "{msg}");
        let text = plan_to_json(&replanned()).replace("\"to_tomorrow\"", "\"later\"");
        let (_dir, path) = fixture(&text);
        let msg = read_plan(&path).unwrap_err().to_string();
        assert!(msg.contains("field `change`: `later` is not a change"), "{msg}");
    }

    #[test]
    fn extra_fields_are_ignored() {
        let (_dir, path) = fixture(
            r#"{"date": "2024-06-03", "version": 1,
                "routes": [{"rep": "R1", "color": "red", "depart": "08:00", "return": "09:00:00",
                            "drive_seconds": 0, "distance_meters": 0, "visits": 99,
                            "stops": [{"account": "A1", "name": "Shop", "arrival": "08:00:00",
                                       "start": "08:00:00", "end": "08:30:00"}]}]}"#,
        );
        let plan = read_plan(&path).unwrap();
        assert_eq!(plan.routes[0].depart_s, 8 * 3600);
        assert_eq!(plan.routes[0].visit_count(), 1);
        assert!(plan.unassigned.is_empty());
    }

    #[test]
    fn bad_time_names_the_field_and_line() {
        let text = plan_to_json(&sample()).replace("\"09:00:00\"", "\"25:00:00\"");
        let (_dir, path) = fixture(&text);
        let err = read_plan(&path).unwrap_err();
        let line = text.lines().position(|l| l.contains("25:00:00")).unwrap() + 1;
        match &err {
            InputError::Json { line: l, .. } => assert_eq!(*l, line),
            other => panic!("unexpected error {other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains(&format!("plan.json line {line}, column")), "{msg}");
        assert!(msg.contains("field `start`"), "{msg}");
        assert!(msg.contains("`25:00:00` is not a time of day"), "{msg}");
        assert!(!msg.contains(" at line "), "position given once: {msg}");
    }

    #[test]
    fn wrong_type_names_the_field() {
        let text = plan_to_json(&sample()).replace("\"08:00:00\"", "28800");
        let (_dir, path) = fixture(&text);
        let msg = read_plan(&path).unwrap_err().to_string();
        assert!(msg.contains("for `depart`"), "{msg}");
    }

    #[test]
    fn bad_date_names_the_field() {
        let (_dir, path) = fixture(r#"{"date": "03.06.2024", "routes": []}"#);
        let msg = read_plan(&path).unwrap_err().to_string();
        assert!(msg.contains("plan.json line 1, column"), "{msg}");
        assert!(msg.contains("field `date`"), "{msg}");
    }

    #[test]
    fn malformed_stops_are_explained() {
        let route = |stop: &str| {
            format!(
                r#"{{"date": "2024-06-03", "routes": [{{"rep": "R1", "depart": "08:00:00", "return": "09:00:00",
                    "drive_seconds": 0, "distance_meters": 0, "stops": [{stop}]}}]}}"#
            )
        };
        let cases = [
            (r#"{"account": "A1", "arrival": "08:00:00", "end": "08:30:00"}"#, "has no `start`"),
            (r#"{"account": "A1", "break": {"start": "08:00:00", "end": "08:30:00"}}"#, "both"),
            (r#"{"arrival": "08:00:00"}"#, "neither"),
            (r#"{"break": {"start": "08:00:00"}}"#, "missing field `end`"),
        ];
        for (stop, expected) in cases {
            let (_dir, path) = fixture(&route(stop));
            let msg = read_plan(&path).unwrap_err().to_string();
            assert!(msg.contains("plan.json line 2, column"), "{msg}");
            assert!(msg.contains(expected), "{expected}: {msg}");
        }
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let (_dir, path) = fixture("{\"date\": \"2024-06-03\",\n \"routes\": [,]}");
        let err = read_plan(&path).unwrap_err();
        assert!(matches!(err, InputError::Json { line: 2, column: 13, .. }), "{err:?}");
        let (_dir, path) = fixture("");
        assert!(read_plan(&path).is_err());
    }
}
