//! Day plans as GeoJSON (RFC 7946), for any map tool: QGIS, geojson.io, a web map.
//!
//! [`plans_geojson`] writes one `FeatureCollection` for one or several day
//! plans of the same region. Every feature carries the `date` of its plan:
//!
//! - a `LineString` per rep route: the rep's start, every visit in order, the
//!   rep's end, as straight segments between the places (not the roads driven);
//!   properties `rep`, `rep_name`, `date`, `drive_s`, `distance_m`, `visits`,
//!   `depart`, `return` (`HH:MM`) and `stroke`, the rep's colour in the HTML report;
//! - a `Point` per visit: `account`, `name`, `rep`, `order` (1-based), `arrival`,
//!   `start`, `end` (`HH:MM`), `"status": "visited"` and `marker-color`;
//! - a `Point` per due account left out: `account`, `name`, `reason` and
//!   `"status": "unassigned"`.
//!
//! Points of accounts with an address (the `address` column) carry it as `address`.
//!
//! Positions are `[longitude, latitude]` in WGS84 degrees, as RFC 7946 requires,
//! rounded to 6 decimals (about 10 cm). `stroke` and `marker-color` follow the
//! simplestyle convention that many viewers draw.

use serde_json::{json, Map, Value};

use super::drawing::rep_colour;
use crate::model::plan::{Plan, RoutePlan, Stop};
use crate::model::{Hm, LatLon, Region};

/// The plans as one GeoJSON `FeatureCollection`, one feature per line (compact,
/// yet easy to diff and to grep), ending with a newline.
///
/// The plans must have been checked against `region` ([`crate::check::check_plan`]):
/// a rep or account id the region does not know has no location, so its
/// features are left out.
pub fn plans_geojson(region: &Region, plans: &[Plan]) -> String {
    let mut features = Vec::new();
    for plan in plans {
        let date = plan.date.format("%Y-%m-%d").to_string();
        for route in &plan.routes {
            features.extend(route_features(region, route, &date));
        }
        for left_out in &plan.unassigned {
            let Some(account) = region.account_index(&left_out.account).map(|a| &region.accounts[a]) else {
                continue;
            };
            let properties = json!({
                "status": "unassigned",
                "date": date,
                "account": account.id,
                "name": account.name,
                "reason": left_out.reason.to_string(),
            });
            features.push(feature(point(account.location), with_address(properties, &account.address)));
        }
    }
    let lines: Vec<String> = features.iter().map(Value::to_string).collect();
    format!("{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}\n", lines.join(",\n"))
}

/// The route's line followed by a point per visit.
fn route_features(region: &Region, route: &RoutePlan, date: &str) -> Vec<Value> {
    let Some(rep_index) = region.rep_index(&route.rep) else { return Vec::new() };
    let rep = &region.reps[rep_index];
    let colour = rep_colour(rep_index);
    let mut line = vec![position(rep.start)];
    let mut visits = Vec::new();
    for stop in &route.stops {
        let Stop::Visit { account, arrival_s, start_s, end_s } = stop else { continue };
        let Some(account) = region.account_index(account).map(|a| &region.accounts[a]) else { continue };
        line.push(position(account.location));
        let properties = json!({
            "status": "visited",
            "date": date,
            "account": account.id,
            "name": account.name,
            "rep": rep.id,
            "order": visits.len() + 1,
            "arrival": Hm(*arrival_s).to_string(),
            "start": Hm(*start_s).to_string(),
            "end": Hm(*end_s).to_string(),
            "marker-color": colour,
        });
        visits.push(feature(point(account.location), with_address(properties, &account.address)));
    }
    line.push(position(rep.end));
    let mut features = vec![feature(
        json!({"type": "LineString", "coordinates": line}),
        json!({
            "rep": rep.id,
            "rep_name": rep.name,
            "date": date,
            "drive_s": route.drive_s,
            "distance_m": route.distance_m,
            "visits": route.visit_count(),
            "depart": Hm(route.depart_s).to_string(),
            "return": Hm(route.return_s).to_string(),
            "stroke": colour,
        }),
    )];
    features.append(&mut visits);
    features
}

/// `properties` with `address` added when the account has one.
fn with_address(mut properties: Value, address: &str) -> Value {
    if let (false, Value::Object(object)) = (address.is_empty(), &mut properties) {
        object.insert("address".into(), address.into());
    }
    properties
}

fn feature(geometry: Value, properties: Value) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), "Feature".into());
    object.insert("geometry".into(), geometry);
    object.insert("properties".into(), properties);
    Value::Object(object)
}

fn point(at: LatLon) -> Value {
    json!({"type": "Point", "coordinates": position(at)})
}

/// `[lon, lat]`, rounded to 6 decimals.
fn position(at: LatLon) -> Value {
    let round = |degrees: f64| (degrees * 1e6).round() / 1e6;
    json!([round(at.lon), round(at.lat)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::Unassigned;
    use crate::model::{Account, Rep, TimeWindow};

    fn place(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }

    fn account(id: &str, name: &str, at: LatLon) -> Account {
        Account { name: name.into(), ..Account::new(id, at, 900, 7) }
    }

    fn region() -> Region {
        Region {
            accounts: vec![
                account("A1", "Kukka & Co", place(60.1, 25.1)),
                account("A2", "Kahvila", place(60.2, 25.2)),
                account("A3", "Far away", place(61.0, 26.0)),
            ],
            reps: vec![Rep {
                id: "R1".into(),
                name: "Timo".into(),
                start: place(60.0, 25.0),
                end: place(60.05, 25.05),
                shift: TimeWindow::new(8 * 3600, 16 * 3600).into(),
                lunch: None,
                max_visits: None,
            }],
            ..Default::default()
        }
    }

    fn plan(day: u32) -> Plan {
        let visit = |account: &str, start_s| Stop::Visit {
            account: account.into(),
            arrival_s: start_s - 60,
            start_s,
            end_s: start_s + 900,
        };
        Plan {
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            routes: vec![RoutePlan {
                rep: "R1".into(),
                depart_s: 8 * 3600,
                return_s: 10 * 3600,
                drive_s: 1234,
                distance_m: 5678,
                resumes: vec![],
                overtime_s: 0,
                stops: vec![
                    visit("A1", 8 * 3600 + 600),
                    Stop::Break { start_s: 9 * 3600, end_s: 9 * 3600 + 1800 },
                    visit("A2", 9 * 3600 + 2400),
                ],
            }],
            unassigned: vec![Unassigned { account: "A3".into(), reason: "too far <really>".into() }],
            unavailable: vec![],
            added: vec![],
            changes: vec![],
        }
    }

    #[test]
    fn routes_visits_and_unassigned_accounts_become_features_in_lon_lat_order() {
        let json: Value = serde_json::from_str(&plans_geojson(&region(), &[plan(24)])).unwrap();
        assert_eq!(json["type"], "FeatureCollection");
        let features = json["features"].as_array().unwrap();
        assert_eq!(features.len(), 4, "one route, two visits, one unassigned");

        let route = &features[0];
        assert_eq!(route["geometry"]["type"], "LineString");
        assert_eq!(
            route["geometry"]["coordinates"],
            json!([[25.0, 60.0], [25.1, 60.1], [25.2, 60.2], [25.05, 60.05]]),
            "start, visits in order, end"
        );
        assert_eq!(
            route["properties"],
            json!({"rep": "R1", "rep_name": "Timo", "date": "2026-11-24", "drive_s": 1234,
                   "distance_m": 5678, "visits": 2, "depart": "08:00", "return": "10:00",
                   "stroke": rep_colour(0)})
        );

        let second = &features[2];
        assert_eq!(second["geometry"], json!({"type": "Point", "coordinates": [25.2, 60.2]}));
        assert_eq!(second["properties"]["order"], 2);
        assert_eq!(second["properties"]["arrival"], "09:39");
        assert_eq!(second["properties"]["start"], "09:40");
        assert_eq!(second["properties"]["end"], "09:55");
        assert_eq!(features[1]["properties"]["name"], "Kukka & Co");

        let left_out = &features[3];
        assert_eq!(left_out["geometry"]["coordinates"], json!([26.0, 61.0]));
        assert_eq!(left_out["properties"]["status"], "unassigned");
        assert_eq!(left_out["properties"]["reason"], "too far <really>");
    }

    #[test]
    fn several_days_go_into_one_collection_tagged_by_date() {
        let json: Value = serde_json::from_str(&plans_geojson(&region(), &[plan(24), plan(25)])).unwrap();
        let dates: Vec<&str> = json["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["date"].as_str().unwrap())
            .collect();
        assert_eq!(dates, ["2026-11-24"; 4].into_iter().chain(["2026-11-25"; 4]).collect::<Vec<_>>());
    }

    #[test]
    fn points_carry_the_address_when_the_account_has_one() {
        let mut region = region();
        region.accounts[1].address = "大阪府大阪市中央区難波3-4-5".into();
        region.accounts[2].address = "Kotkankatu 1, Kotka".into();
        let json: Value = serde_json::from_str(&plans_geojson(&region, &[plan(24)])).unwrap();
        let features = json["features"].as_array().unwrap();
        assert_eq!(features[1]["properties"].get("address"), None, "A1 has none");
        assert_eq!(features[2]["properties"]["address"], "大阪府大阪市中央区難波3-4-5");
        assert_eq!(features[3]["properties"]["address"], "Kotkankatu 1, Kotka");
    }

    #[test]
    fn coordinates_are_rounded_to_six_decimals() {
        let mut region = region();
        region.accounts[0].location = place(60.123456789, 25.987654321);
        let json: Value = serde_json::from_str(&plans_geojson(&region, &[plan(24)])).unwrap();
        assert_eq!(json["features"][1]["geometry"]["coordinates"], json!([25.987654, 60.123457]));
    }
}
