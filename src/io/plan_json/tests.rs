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
    assert_eq!(json["unassigned"][0], serde_json::json!({"account": "A7", "reason": "closed on Mondays"}));
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
    assert_eq!(json["days"][0], serde_json::from_str::<serde_json::Value>(&plan_to_json(&sample())).unwrap());
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
