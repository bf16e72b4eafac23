//! `rounds plan --geojson --html` as a user runs it: the files parse back,
//! agree with the plan, hold no link outside themselves, and escape what users typed.

use crate::common::{rounds, run_ok, text};
use crate::read_json;

use std::path::Path;

use serde_json::Value;

const REGION: &str = "fixtures/regions/helsinki-city";
const DATE: &str = "2026-11-24";

fn features<'a>(geojson: &'a Value, status: &str) -> Vec<&'a Value> {
    geojson["features"].as_array().unwrap().iter().filter(|f| f["properties"]["status"] == status).collect()
}

#[test]
fn the_geojson_of_the_sample_day_matches_the_plan_in_lon_lat_order() {
    let dir = tempfile::tempdir().unwrap();
    let (plan_path, geojson_path) = (dir.path().join("plan.json"), dir.path().join("plan.geojson"));
    run_ok(&[
        "plan",
        REGION,
        "--date",
        DATE,
        "--iterations",
        "2000",
        "--out",
        plan_path.to_str().unwrap(),
        "--geojson",
        geojson_path.to_str().unwrap(),
    ]);
    let plan = read_json(&plan_path);
    let geojson = read_json(&geojson_path);
    assert_eq!(geojson["type"], "FeatureCollection");

    let all = geojson["features"].as_array().unwrap();
    for feature in all {
        assert_eq!(feature["type"], "Feature");
        assert_eq!(feature["properties"]["date"], DATE);
        let geometry = &feature["geometry"];
        let positions: Vec<&Value> = match geometry["type"].as_str().unwrap() {
            "Point" => vec![&geometry["coordinates"]],
            "LineString" => geometry["coordinates"].as_array().unwrap().iter().collect(),
            other => panic!("unexpected geometry {other}"),
        };
        for position in positions {
            let (lon, lat) = (position[0].as_f64().unwrap(), position[1].as_f64().unwrap());
            assert!(lon.abs() <= 180.0 && lat.abs() <= 90.0);
            // Helsinki: longitude about 25, latitude about 60, so the order is visible.
            assert!((24.0..26.0).contains(&lon) && (59.5..60.5).contains(&lat), "[{lon}, {lat}]");
        }
    }

    let routes = plan["routes"].as_array().unwrap();
    let lines: Vec<&Value> = all.iter().filter(|f| f["geometry"]["type"] == "LineString").collect();
    assert_eq!(lines.len(), routes.len());
    for (line, route) in lines.iter().zip(routes) {
        let properties = &line["properties"];
        for (geo_key, plan_key) in [
            ("rep", "rep"),
            ("drive_s", "drive_seconds"),
            ("distance_m", "distance_meters"),
            ("visits", "visits"),
        ] {
            assert_eq!(properties[geo_key], route[plan_key], "{geo_key}");
        }
        assert_eq!(properties["depart"], route["depart"].as_str().unwrap()[..5]);
        let stops = route["stops"].as_array().unwrap().iter().filter(|s| s.get("account").is_some()).count();
        assert_eq!(
            line["geometry"]["coordinates"].as_array().unwrap().len(),
            stops + 2,
            "start, visits, end"
        );
    }
    let r1_start = &lines[0]["geometry"]["coordinates"][0];
    assert_eq!(r1_start, &serde_json::json!([24.932976, 60.166245]), "R1's home from reps.csv");

    let visits = features(&geojson, "visited");
    let planned: Vec<(&Value, &Value)> = routes
        .iter()
        .flat_map(|r| {
            r["stops"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s.get("account").is_some())
                .map(|s| (&r["rep"], s))
        })
        .collect();
    assert_eq!(visits.len(), planned.len());
    for (visit, (rep, stop)) in visits.iter().zip(planned) {
        let properties = &visit["properties"];
        assert_eq!(&properties["rep"], rep);
        assert_eq!(properties["account"], stop["account"]);
        assert_eq!(properties["start"], stop["start"].as_str().unwrap()[..5]);
    }
    assert_eq!(features(&geojson, "unassigned").len(), plan["unassigned"].as_array().unwrap().len());
}

#[test]
fn the_html_report_of_the_sample_day_is_one_self_contained_file() {
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("report.html");
    run_ok(&["plan", REGION, "--date", DATE, "--iterations", "2000", "--html", html_path.to_str().unwrap()]);
    let html = std::fs::read_to_string(&html_path).unwrap();
    let without_svg_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for outside in ["http://", "https://", "<script", "<link", "src=", "url("] {
        assert!(!without_svg_namespace.contains(outside), "the report must not load anything: {outside}");
    }
    assert!(html.contains("<title>helsinki-city: plan for Tuesday 24 November 2026</title>"));
    assert!(html.contains("<svg class=\"map\" id=\"map-2026-11-24\""));
    assert_eq!(html.matches("<polyline class=\"route\"").count(), 6, "one route per rep");
    assert_eq!(html.matches("<g class=\"stop\"").count(), 79, "every covered account");
    assert_eq!(html.matches("<g class=\"timeline\"").count(), 6);
    assert_eq!(html.matches("class=\"block visit\"").count(), 79 + 1, "the visits and the legend");
    assert!(html.contains("<table class=\"summary\">"));
    assert!(html.contains("Every due account is covered."));
}

/// A region of three accounts around one rep: one an ordinary shop, one that
/// closes before the rep starts, names written to trip an HTML writer.
fn awkward_region(dir: &Path) {
    std::fs::write(
        dir.join("accounts.csv"),
        "id,name,lat,lon,service_min,windows,every_days,last_visit\n\
         A1,Kukka & <b>Co</b>,60.170,24.940,20,,7,\n\
         A2,\"O'Brien \"\"Pub\"\"\",60.172,24.945,20,06:00-06:30,7,\n\
         A3,Kiosk,60.168,24.935,10,,7,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("reps.csv"),
        "id,name,start_lat,start_lon,shift\nR1,Anna & Eve,60.169,24.938,08:00-16:00\n",
    )
    .unwrap();
}

#[test]
fn accounts_left_out_are_marked_with_their_reason_and_every_name_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    awkward_region(dir.path());
    let (geojson_path, html_path) = (dir.path().join("day.geojson"), dir.path().join("day.html"));
    run_ok(&[
        "plan",
        dir.path().to_str().unwrap(),
        "--date",
        DATE,
        "--iterations",
        "200",
        "--geojson",
        geojson_path.to_str().unwrap(),
        "--html",
        html_path.to_str().unwrap(),
    ]);

    let geojson = read_json(&geojson_path);
    let left_out = features(&geojson, "unassigned");
    assert_eq!(left_out.len(), 1);
    assert_eq!(left_out[0]["geometry"]["coordinates"], serde_json::json!([24.945, 60.172]));
    assert_eq!(left_out[0]["properties"]["account"], "A2");
    assert_eq!(left_out[0]["properties"]["name"], "O'Brien \"Pub\"");
    let reason = left_out[0]["properties"]["reason"].as_str().unwrap();
    assert!(reason.starts_with("opens 06:00-06:30 but the nearest rep (R1) cannot arrive"), "{reason}");
    assert_eq!(features(&geojson, "visited").len(), 2);

    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(!html.contains("<b>Co</b>") && !html.contains("\"Pub\""), "user text must be escaped");
    assert!(html.contains("Kukka &amp; &lt;b&gt;Co&lt;/b&gt;"));
    assert!(html.contains("Anna &amp; Eve"));
    assert_eq!(html.matches("<g class=\"unassigned\">").count(), 1);
    assert!(html.contains("<title>not covered: A2 O&#39;Brien &quot;Pub&quot;: opens 06:00-06:30"));
    assert!(html.contains("<h3>Not covered (1)</h3>"));
}

#[test]
fn the_report_never_replaces_an_input_and_stderr_stays_clean_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    awkward_region(dir.path());
    let accounts = dir.path().join("accounts.csv");
    let before = std::fs::read(&accounts).unwrap();
    let region = dir.path().to_str().unwrap();
    for flag in ["--geojson", "--html"] {
        let run = rounds(&[
            "plan",
            region,
            "--date",
            DATE,
            "--iterations",
            "200",
            flag,
            accounts.to_str().unwrap(),
        ]);
        assert!(!run.status.success());
        assert!(text(&run.stderr).contains("it is the input file"), "{}", text(&run.stderr));
        assert_eq!(std::fs::read(&accounts).unwrap(), before);
    }

    // Not a terminal: no progress bar, only what was written.
    let html = dir.path().join("day.html");
    let run =
        rounds(&["plan", region, "--date", DATE, "--iterations", "600", "--html", html.to_str().unwrap()]);
    assert!(run.status.success());
    assert_eq!(text(&run.stderr), format!("wrote {}\n", html.display()));
}
