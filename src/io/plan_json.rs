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
//! Times are `HH:MM:SS` since local midnight. `visits` is written for readers'
//! convenience and ignored when reading (it is derived from `stops`); other
//! extra fields are ignored too, so tools may annotate the file. The mirror
//! types here keep serde out of [`crate::plan`].
//!
//! Several days planned together ([`week_to_json`]) are written as
//! `{"from": ..., "days": [<plan objects>], "late": [...]}`.

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::InputError;
use crate::model::time::parse_clock;
use crate::model::{Hms, Seconds};
use crate::plan::{Plan, RoutePlan, Stop, Unassigned};
use crate::week::WeekPlan;

/// The plan as pretty-printed JSON, ending with a newline.
pub fn plan_to_json(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(&PlanJson::from(plan))
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
    let json = WeekJson {
        from: week.from,
        days: week.days.iter().map(PlanJson::from).collect(),
        late: week
            .late
            .iter()
            .map(|late| LateJson {
                account: late.account.clone(),
                due: late.due,
                planned: late.planned,
                reason: late.reason.clone(),
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
    let bytes =
        std::fs::read(path).map_err(|source| InputError::Read { path: path.to_path_buf(), source })?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let json: PlanJson = serde_json::from_slice(text).map_err(|e| InputError::json(path, &e))?;
    Ok(Plan::from(json))
}

#[derive(Serialize, Deserialize)]
struct PlanJson {
    #[serde(serialize_with = "ser_date", deserialize_with = "de_date")]
    date: NaiveDate,
    routes: Vec<RouteJson>,
    #[serde(default)]
    unassigned: Vec<UnassignedJson>,
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
                    Ok(StopJson::Visit { account, arrival, start, end })
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

#[derive(Serialize)]
struct WeekJson {
    #[serde(serialize_with = "ser_date")]
    from: NaiveDate,
    days: Vec<PlanJson>,
    late: Vec<LateJson>,
}

#[derive(Serialize)]
struct LateJson {
    account: String,
    #[serde(serialize_with = "ser_date")]
    due: NaiveDate,
    #[serde(serialize_with = "ser_opt_date")]
    planned: Option<NaiveDate>,
    reason: String,
}

#[derive(Serialize, Deserialize)]
struct UnassignedJson {
    account: String,
    reason: String,
}

impl From<&Plan> for PlanJson {
    fn from(plan: &Plan) -> Self {
        PlanJson {
            date: plan.date,
            routes: plan.routes.iter().map(RouteJson::from).collect(),
            unassigned: plan
                .unassigned
                .iter()
                .map(|u| UnassignedJson { account: u.account.clone(), reason: u.reason.clone() })
                .collect(),
        }
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
                .map(|u| Unassigned { account: u.account, reason: u.reason })
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
        }
    }
}

impl From<StopJson> for Stop {
    fn from(json: StopJson) -> Self {
        match json {
            StopJson::Visit { account, arrival, start, end } => {
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
                "field `{}`: {problem}; expected a string like \"{}\"",
                self.field, self.example
            ))
        })
    }
}

fn clock<'de, D: Deserializer<'de>>(d: D, field: &'static str) -> Result<Seconds, D::Error> {
    d.deserialize_str(Text { field, example: "08:30:00", parse: parse_clock })
}

fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Text {
        field: "date",
        example: "2024-06-03",
        parse: |text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("`{text}` is not a date"))
        },
    })
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
            }],
            unassigned: vec![Unassigned { account: "A7".into(), reason: "closed on Mondays".into() }],
        }
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
    fn writes_a_week_as_its_days_and_late_visits() {
        let late = |planned: Option<&str>| crate::week::LateVisit {
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
    fn plan_round_trip() {
        let plan = sample();
        let (_dir, path) = fixture(&plan_to_json(&plan));
        assert_eq!(read_plan(&path).unwrap(), plan);
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
