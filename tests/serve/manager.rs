//! The manager's pages of `rounds serve` as a manager meets them: the real
//! binary over a database of its own (`--iterations` small, so a plan is
//! published in moments). Publishing a day and several days through the
//! API and the page, the job polled until the plan is stored and the plan
//! in force then replayed by `rounds check --db --plan-id`; absences,
//! appointments and accounts edited, and the next published plan (and
//! `rounds db history`) showing the edit; bad input answered 400 naming the
//! field; every new endpoint refused to a rep (403) and to an anonymous
//! client (401); CSRF.

use crate::common::server::{s, Server, Session};
use crate::common::{rounds, stdout_ok, text};

use rounds::model::plan::Stop;
use rounds::store::{PlanKind, Store};
use serde_json::Value;

/// The day after the harness's today.
const TOMORROW: &str = "2026-12-02";

fn quick() -> Server {
    Server::start_with(&["--iterations", "40"])
}

/// Polls job `id` until it is no longer running; its last state.
fn finished(server: &Server, manager: &Session, id: u64) -> Value {
    // A bound against a hung job, not a timing assertion: the job ends in moments.
    for _ in 0..600 {
        let reply = server.get(&format!("/api/v1/team/jobs/{id}"), Some(&manager.cookie));
        assert_eq!(reply.status, 200, "{}", reply.body);
        let job = reply.json();
        if job["state"] != "running" {
            return job;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("job {id} never finished");
}

/// Publishes through the API and waits; the plan's id.
fn publish(server: &Server, manager: &Session, body: &str) -> i64 {
    let reply = server.post_json("/api/v1/team/publish", Some(manager), Some(&manager.csrf), body);
    assert_eq!(reply.status, 202, "{}", reply.body);
    let job = finished(server, manager, reply.json()["id"].as_u64().unwrap());
    assert_eq!(job["state"], "done", "{job}");
    job["plan_id"].as_i64().unwrap()
}

/// `rounds check --db --plan-id` passes on the plan.
fn replays(server: &Server, plan_id: i64) {
    let out = rounds(&["check", "--db", s(&server.db), "--plan-id", &plan_id.to_string()]);
    assert!(out.status.success(), "{}\n{}", text(&out.stdout), text(&out.stderr));
}

#[test]
fn a_day_published_through_the_api_is_the_plan_in_force_and_replays() {
    let server = quick();
    let manager = server.sign_in("manager");
    let plan_id = publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
    let store = Store::open(&server.db).unwrap();
    let (in_force, plan, _) = store.plan_for(TOMORROW.parse().unwrap()).unwrap().unwrap();
    assert_eq!(in_force, plan_id);
    assert!(plan.visited_accounts().count() > 0);
    assert_eq!(store.stored_plan(plan_id).unwrap().kind, PlanKind::Day);
    replays(&server, plan_id);
}

#[test]
fn a_week_published_from_the_page_shows_its_progress_and_replays() {
    let server = quick();
    let manager = server.sign_in("manager");
    let form = server.get("/team/publish", Some(&manager.cookie));
    assert_eq!(form.status, 200);
    assert!(form.body.contains(&format!("value=\"{TOMORROW}\"")), "tomorrow by default: {}", form.body);
    // Today's visits are not recorded yet: a plan from tomorrow would plan the due ones again.
    let caution = "<p class=\"caution\">2026-12-01 (Tue) still has ";
    assert!(form.body.contains(caution), "{}", form.body);
    let reply = server.post_form(
        "/team/publish",
        Some(&manager.cookie),
        &[("csrf", &manager.csrf), ("kind", "week"), ("from", TOMORROW), ("days", "3")],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let location = reply.header("location").unwrap().to_string();
    assert_eq!(location, "/team/jobs/1");
    let job = finished(&server, &manager, 1);
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!((job["done"].as_u64(), job["total"].as_u64()), (Some(3), Some(3)));
    let page = server.get(&location, Some(&manager.cookie));
    assert_eq!(page.status, 200);
    let plan_id = job["plan_id"].as_i64().unwrap();
    assert!(page.body.contains(&format!("Published as plan {plan_id} (3 days)")), "{}", page.body);
    let today =
        Store::open(&server.db).unwrap().day_plan_for("2026-12-01".parse().unwrap()).unwrap().unwrap();
    let visits = today.1.visited_accounts().count();
    let expected = serde_json::json!({"date": "2026-12-01", "plan_id": today.0, "visits": visits});
    assert_eq!(job["not_recorded"], expected, "{job}");
    let note = format!("2026-12-01 (Tue) still has {visits} visits of plan {} not recorded", today.0);
    assert!(page.body.contains(&note), "{}", page.body);
    assert!(!page.body.contains("http-equiv=\"refresh\""), "a finished job's page stays still");
    let stored = Store::open(&server.db).unwrap().stored_plan(plan_id).unwrap();
    assert_eq!(stored.kind, PlanKind::Week);
    let dates: Vec<String> = stored.days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates, ["2026-12-02", "2026-12-03", "2026-12-04"]);
    replays(&server, plan_id);
    // The publishing page lists the job, and once today is recorded, says nothing more of it.
    let listed = server.get("/team/publish", Some(&manager.cookie));
    assert!(listed.body.contains("href=\"/team/jobs/1\""), "{}", listed.body);
    stdout_ok(&["record", "--db", s(&server.db), "--today", "2026-12-01"]);
    let listed = server.get("/team/publish", Some(&manager.cookie));
    assert!(!listed.body.contains("class=\"caution\""), "{}", listed.body);
}

#[test]
fn a_day_under_way_is_not_published_over_and_its_recorded_visits_stay() {
    let server = Server::start_with(&["--iterations", "40", "--now", "10:00"]);
    let (manager, r1) = (server.sign_in("manager"), server.sign_in("r1"));
    let today = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    let in_force = today["plan_id"].as_i64().unwrap();
    let first = today["stops"][0]["account"].as_str().unwrap().to_string();
    let body = format!(r#"{{"account": "{first}", "status": "visited"}}"#);
    let reply = server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &body);
    assert_eq!(reply.status, 200, "{}", reply.body);

    // Today, alone or as the first of several days: the job fails before planning, and says why.
    for request in
        [r#"{"kind": "day", "date": "2026-12-01"}"#, r#"{"kind": "week", "from": "2026-12-01", "days": 2}"#]
    {
        let reply = server.post_json("/api/v1/team/publish", Some(&manager), Some(&manager.csrf), request);
        assert_eq!(reply.status, 202, "{}", reply.body);
        let job = finished(&server, &manager, reply.json()["id"].as_u64().unwrap());
        assert_eq!(job["state"], "failed", "{job}");
        let error = job["error"].as_str().unwrap();
        assert!(
            error.contains(&format!(
                "2026-12-01 is under way: 1 of plan {in_force}'s visits is recorded for it"
            )) && error.contains("re-plan the rest of the day instead, or publish from 2026-12-02"),
            "{error}"
        );
        assert!(!error.contains(s(&server.db)), "no path on a page: {error}");
    }
    let after = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    assert_eq!(after["plan_id"], in_force, "the plan in force stays");
    // A day under way that an edit broke is listed without a publish button: it is re-planned.
    let body = r#"{"rep": "R2", "from": "2026-12-01", "note": "ill"}"#;
    let added = server.post_json("/api/v1/team/calendar/absences", Some(&manager), Some(&manager.csrf), body);
    assert_eq!(added.status, 201, "{}", added.body);
    let page = server.get("/team", Some(&manager.cookie)).body;
    assert!(
        page.contains("R2 is absent on 2026-12-01 (ill)") && page.contains("Under way: re-plan it"),
        "{page}"
    );
    assert!(!page.contains("name=\"date\" value=\"2026-12-01\""), "{page}");
    let stale = server.get("/api/v1/team/stale", Some(&manager.cookie)).json();
    assert_eq!((&stale[0]["date"], &stale[0]["under_way"]), (&Value::from("2026-12-01"), &Value::from(true)));
    assert_eq!(after["stops"][0]["state"], "visited", "{after}");

    // A re-plan keeps the recorded visit; the next day is free to publish.
    let reply = server.post_json(
        "/api/v1/reps/R1/replan",
        Some(&r1),
        Some(&r1.csrf),
        r#"{"kind": "late", "minutes": 10}"#,
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["stops"][0]["state"], "visited");
    publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
}

#[test]
fn an_edit_that_breaks_a_published_plan_is_shown_until_the_day_is_published_again() {
    let server = quick();
    let manager = server.sign_in("manager");
    publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
    let stale = || server.get("/api/v1/team/stale", Some(&manager.cookie)).json();
    assert_eq!(stale(), serde_json::json!([]));
    // An edit that breaks no rule of the plans leaves them as they are.
    let saved = server.post_json(
        "/api/v1/team/accounts/A0001",
        Some(&manager),
        Some(&manager.csrf),
        r#"{"priority": "high"}"#,
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(stale(), serde_json::json!([]));

    // R2 will be away tomorrow, which the plan published for tomorrow does not know.
    let body = format!(r#"{{"rep": "R2", "from": "{TOMORROW}", "note": "training"}}"#);
    let added =
        server.post_json("/api/v1/team/calendar/absences", Some(&manager), Some(&manager.csrf), &body);
    assert_eq!(added.status, 201, "{}", added.body);
    let days = stale();
    assert_eq!(days.as_array().unwrap().len(), 1, "{days}");
    assert_eq!((&days[0]["date"], &days[0]["under_way"]), (&Value::from(TOMORROW), &Value::from(false)));
    let problems = days[0]["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| p.as_str().unwrap().contains("R2")), "{days}");
    for page in ["/team", "/team/calendar", "/team/publish", "/team/week", "/team/accounts/A0001"] {
        let page = server.get(page, Some(&manager.cookie)).body;
        assert!(
            page.contains("<section class=\"stale\"") && page.contains("Publish this day again"),
            "{page}"
        );
        assert!(page.contains(&format!("name=\"date\" value=\"{TOMORROW}\"")), "{page}");
    }
    // Every rep's week marks the day as one that may still change.
    let r1 = server.sign_in("r1");
    let week = server.get("/rep/R1/week", Some(&r1.cookie)).body;
    assert_eq!(week.matches("<p class=\"may-change\">").count(), 1, "{week}");
    assert!(week.contains("its plan may still change"), "{week}");
    server.set_lang(&manager, "ja");
    let page = server.get("/team", Some(&manager.cookie)).body;
    assert!(
        page.contains("公開済みの計画が現在の条件に合っていません") && page.contains("この日を公開し直す"),
        "{page}"
    );
    // The broken rule in Japanese too, with the rep and the account it concerns.
    let account = problems[0].as_str().unwrap().split(' ').nth(3).unwrap();
    assert!(page.contains(&format!("R2 は不在ですが、{account} への訪問が入っています")), "{page}");

    // The box's button publishes the day again, from the region as it is now.
    let form = [("csrf", manager.csrf.as_str()), ("kind", "day"), ("date", TOMORROW)];
    let reply = server.post_form("/team/publish", Some(&manager.cookie), &form);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let id = reply.header("location").unwrap().trim_start_matches("/team/jobs/").parse().unwrap();
    assert_eq!(finished(&server, &manager, id)["state"], "done");
    assert_eq!(stale(), serde_json::json!([]));
    assert!(!server.get("/team", Some(&manager.cookie)).body.contains("class=\"stale\""));
    assert!(!server.get("/rep/R1/week", Some(&r1.cookie)).body.contains("<p class=\"may-change\">"));
    let plan = Store::open(&server.db).unwrap().plan_for(TOMORROW.parse().unwrap()).unwrap().unwrap().1;
    assert!(plan.routes.iter().all(|route| route.rep != "R2"), "R2 is away");
}

/// The accounts of a rep's day (`/api/v1/me/day`) in order, each with its start.
fn stops(day: &Value) -> Vec<(String, String)> {
    let stops = day["stops"].as_array().map_or(&[][..], Vec::as_slice);
    stops.iter().filter_map(|s| Some((s["account"].as_str()?.into(), s["start"].as_str()?.into()))).collect()
}

#[test]
fn a_day_that_a_replan_sends_visits_to_is_shown_until_it_is_published_again() {
    let server = Server::start_with(&["--iterations", "40", "--now", "10:00"]);
    let (manager, r1) = (server.sign_in("manager"), server.sign_in("r1"));
    // Three days as one week: each day's routes count on the visits of the days before it.
    let week = publish(&server, &manager, r#"{"kind": "week", "from": "2026-12-01", "days": 3}"#);
    let stale = || server.get("/api/v1/team/stale", Some(&manager.cookie)).json();
    assert_eq!(stale(), serde_json::json!([]));
    let today = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    let left: Vec<String> =
        stops(&today).into_iter().filter(|(_, start)| start.as_str() > "10:00").map(|(a, _)| a).collect();
    assert!(!left.is_empty(), "{today}");

    // R1 stops for the day: the visits left go to tomorrow, whose published routes do not hold
    // them, nor do the next day's.
    let reply = server.post_json("/api/v1/reps/R1/replan", Some(&r1), Some(&r1.csrf), r#"{"kind": "stop"}"#);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let days = stale();
    let dates: Vec<&str> = days.as_array().unwrap().iter().filter_map(|day| day["date"].as_str()).collect();
    assert_eq!(dates, [TOMORROW, "2026-12-03"], "{days}");
    assert_eq!((&days[0]["plan_id"], &days[0]["under_way"]), (&Value::from(week), &Value::from(false)));
    let problems: Vec<&str> =
        days[0]["problems"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(
        problems.iter().all(|p| left
            .iter()
            .any(|a| *p == format!("due account {a} is neither visited nor listed as unassigned"))),
        "{problems:?} {left:?}"
    );
    let page = server.get("/team", Some(&manager.cookie)).body;
    assert!(page.contains(&format!("name=\"date\" value=\"{TOMORROW}\"")), "{page}");
    let together = format!(
        "<input type=\"hidden\" name=\"kind\" value=\"week\"><input type=\"hidden\" name=\"from\" \
         value=\"{TOMORROW}\"><input type=\"hidden\" name=\"days\" value=\"2\">\
         <button type=\"submit\">Publish these 2 days again as one plan</button>"
    );
    assert!(page.contains(&together), "{page}");

    // The box's button publishes both again as one plan, and tomorrow visits each of them or
    // says why not.
    let form = [("csrf", manager.csrf.as_str()), ("kind", "week"), ("from", TOMORROW), ("days", "2")];
    let reply = server.post_form("/team/publish", Some(&manager.cookie), &form);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let id = reply.header("location").unwrap().trim_start_matches("/team/jobs/").parse().unwrap();
    assert_eq!(finished(&server, &manager, id)["state"], "done");
    assert_eq!(stale(), serde_json::json!([]));
    let plan = Store::open(&server.db).unwrap().plan_for(TOMORROW.parse().unwrap()).unwrap().unwrap().1;
    for problem in problems {
        let account = problem.split(' ').nth(2).unwrap();
        let visited = plan.visited_accounts().any(|a| a == account);
        assert!(visited || plan.unassigned.iter().any(|u| u.account == account), "{account}");
    }
}

#[test]
fn a_rep_taken_ill_and_handed_over_leaves_the_day_holding_again() {
    let server = Server::start_with(&["--iterations", "40", "--now", "10:00"]);
    let manager = server.sign_in("manager");
    let stale = || server.get("/api/v1/team/stale", Some(&manager.cookie)).json();
    // R2 made the morning's visits, then fell ill: away for the whole day, as the office notes it.
    let r2_day = server.get("/api/v1/reps/R2/day", Some(&manager.cookie)).json();
    let morning: Vec<String> =
        stops(&r2_day).into_iter().filter(|(_, start)| start.as_str() < "10:00").map(|(a, _)| a).collect();
    assert!(!morning.is_empty(), "{r2_day}");
    for account in &morning {
        let body = format!(r#"{{"account": "{account}", "status": "visited"}}"#);
        let reply = server.post_json("/api/v1/reps/R2/visits", Some(&manager), Some(&manager.csrf), &body);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let body = r#"{"rep": "R2", "from": "2026-12-01", "note": "ill"}"#;
    let added = server.post_json("/api/v1/team/calendar/absences", Some(&manager), Some(&manager.csrf), body);
    assert_eq!(added.status, 201, "{}", added.body);
    let days = stale();
    assert_eq!((&days[0]["date"], &days[0]["under_way"]), (&Value::from("2026-12-01"), &Value::from(true)));
    // Only the visits still ahead break the absence: those made are past changing.
    for problem in days[0]["problems"].as_array().unwrap().iter().filter_map(Value::as_str) {
        assert!(morning.iter().all(|account| !problem.contains(&format!(" {account} "))), "{problem}");
    }
    // The rest of R2's day goes to the team, and the day holds again.
    let reply = server.post_json(
        "/api/v1/reps/R2/replan",
        Some(&manager),
        Some(&manager.csrf),
        r#"{"kind": "hand_over"}"#,
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(stale(), serde_json::json!([]));
}

#[test]
fn visits_recorded_as_skipped_show_the_weeks_next_day_as_broken() {
    let server = Server::start_with(&["--iterations", "40", "--now", "10:00"]);
    let (manager, r1) = (server.sign_in("manager"), server.sign_in("r1"));
    let week = publish(&server, &manager, r#"{"kind": "week", "from": "2026-12-01", "days": 2}"#);
    let stale = || server.get("/api/v1/team/stale", Some(&manager.cookie)).json();
    let today = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    let stops: Vec<String> = stops(&today).into_iter().map(|(account, _)| account).collect();
    // Made as planned, the week holds.
    let record = |account: &str, status: &str| {
        let body = format!(r#"{{"account": "{account}", "status": "{status}", "note": "nobody in"}}"#);
        let reply = server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &body);
        assert_eq!(reply.status, 200, "{}", reply.body);
    };
    record(&stops[0], "visited");
    assert_eq!(stale(), serde_json::json!([]));
    // Nobody was in at the others: due today, they are due tomorrow, which the week has not planned.
    for account in &stops[1..] {
        record(account, "skipped");
    }
    let days = stale();
    assert_eq!(days.as_array().unwrap().len(), 1, "{days}");
    assert_eq!((&days[0]["date"], &days[0]["plan_id"]), (&Value::from(TOMORROW), &Value::from(week)));
    let problems = days[0]["problems"].as_array().unwrap();
    for problem in problems.iter().filter_map(Value::as_str) {
        let account = problem.strip_prefix("due account ").and_then(|p| p.split(' ').next()).expect(problem);
        assert!(stops[1..].iter().any(|skipped| skipped == account), "{problem}");
    }
    publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
    assert_eq!(stale(), serde_json::json!([]));
}

/// Every endpoint of the manager's part: method, path, JSON body.
const ENDPOINTS: &[(&str, &str, &str)] = &[
    ("GET", "/team/publish", ""),
    ("POST", "/team/publish", "kind=day&date=2026-12-02"),
    ("GET", "/team/jobs/1", ""),
    ("GET", "/team/calendar", ""),
    ("POST", "/team/calendar/absences", "rep=R2&from=2026-12-02"),
    ("POST", "/team/calendar/absences/remove", "rep=R2&from=2026-12-02"),
    ("POST", "/team/calendar/appointments", "account=A0001&date=2026-12-02&start=10:00"),
    ("POST", "/team/calendar/appointments/remove", "account=A0001&date=2026-12-02&start=10:00"),
    ("GET", "/team/accounts", ""),
    ("GET", "/team/accounts/A0001", ""),
    ("POST", "/team/accounts/A0001", "every_days=3"),
    ("GET", "/team/week", ""),
    ("GET", "/team/schedule.csv", ""),
    ("GET", "/team/adherence", ""),
    ("GET", "/team/territories?weeks=1", ""),
    ("POST", "/api/v1/team/publish", r#"{"kind": "day", "date": "2026-12-02"}"#),
    ("GET", "/api/v1/team/jobs/1", ""),
    ("GET", "/api/v1/team/calendar/absences", ""),
    ("GET", "/api/v1/team/calendar/appointments", ""),
    ("POST", "/api/v1/team/calendar/absences", r#"{"rep": "R2", "from": "2026-12-02"}"#),
    ("POST", "/api/v1/team/calendar/absences/remove", r#"{"rep": "R2", "from": "2026-12-02"}"#),
    (
        "POST",
        "/api/v1/team/calendar/appointments",
        r#"{"account": "A0001", "date": "2026-12-02", "start": "10:00"}"#,
    ),
    ("POST", "/api/v1/team/calendar/appointments/remove", r#"{"account": "A0001", "date": "2026-12-02"}"#),
    ("GET", "/api/v1/team/accounts/A0001", ""),
    ("POST", "/api/v1/team/accounts/A0001", r#"{"every_days": "3"}"#),
    ("GET", "/api/v1/team/week", ""),
    ("GET", "/api/v1/team/stale", ""),
    ("GET", "/api/v1/team/adherence", ""),
    ("GET", "/api/v1/team/territories?weeks=1", ""),
];

/// Sends `endpoint` as `who` (with their CSRF token, so only the role decides).
fn call(
    server: &Server,
    who: Option<&Session>,
    (method, path, body): (&str, &str, &str),
) -> crate::common::server::Reply {
    let cookie = who.map(|session| session.cookie.as_str());
    match (method, path.starts_with("/api/")) {
        ("GET", _) => server.get(path, cookie),
        (_, true) => server.post_json(path, who, who.map(|session| session.csrf.as_str()), body),
        (_, false) => {
            let csrf = who.map_or(String::new(), |session| session.csrf.clone());
            let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
            fields.extend(body.split('&').filter_map(|pair| pair.split_once('=')));
            server.post_form(path, cookie, &fields)
        }
    }
}

#[test]
fn a_rep_and_an_anonymous_client_get_none_of_the_managers_endpoints() {
    let server = quick();
    let manager = server.sign_in("manager");
    // A job 1 exists, so a refusal is about the role, not a missing job.
    publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
    let before = Store::open(&server.db).unwrap().imported().unwrap();
    let r1 = server.sign_in("r1");
    for &endpoint in ENDPOINTS {
        let (_, path, _) = endpoint;
        let rep = call(&server, Some(&r1), endpoint);
        assert_eq!(rep.status, 403, "a rep: {endpoint:?}: {}", rep.body);
        let anonymous = call(&server, None, endpoint);
        if path.starts_with("/api/") {
            assert_eq!(anonymous.status, 401, "anonymous: {endpoint:?}");
        } else {
            assert_eq!(
                (anonymous.status, anonymous.header("location")),
                (303, Some("/login")),
                "{endpoint:?}"
            );
        }
        assert!(!anonymous.body.contains("A0001") && !rep.body.contains("A0001"), "{endpoint:?}");
    }
    let mut store = Store::open(&server.db).unwrap();
    assert_eq!(store.imported().unwrap(), before, "nothing was changed");
    assert!(store.plan_for(TOMORROW.parse().unwrap()).unwrap().is_some());
}

#[test]
fn a_change_without_the_csrf_token_is_refused() {
    let server = quick();
    let manager = server.sign_in("manager");
    let page = server.post_form(
        "/team/calendar/absences",
        Some(&manager.cookie),
        &[("rep", "R1"), ("from", TOMORROW)],
    );
    assert_eq!(page.status, 403, "{}", page.body);
    let api = server.post_json(
        "/api/v1/team/publish",
        Some(&manager),
        None,
        r#"{"kind": "day", "date": "2026-12-02"}"#,
    );
    assert_eq!(api.status, 403, "{}", api.body);
    let wrong = server.post_json(
        "/api/v1/team/accounts/A0001",
        Some(&manager),
        Some(&"0".repeat(64)),
        r#"{"every_days": "3"}"#,
    );
    assert_eq!(wrong.status, 403, "{}", wrong.body);
    let mut store = Store::open(&server.db).unwrap();
    assert!(store.imported().unwrap().absences.list.is_empty());
    assert!(store.plan_for(TOMORROW.parse().unwrap()).unwrap().is_none());
}

#[test]
fn bad_input_is_answered_400_naming_the_field() {
    let server = quick();
    let manager = server.sign_in("manager");
    let api =
        |path: &str, body: &str| server.post_json(path, Some(&manager), Some(&manager.csrf), body).field();
    assert_eq!(api("/api/v1/team/publish", r#"{"kind": "month"}"#), "kind");
    assert_eq!(api("/api/v1/team/publish", r#"{"kind": "day", "date": "2026-02-30"}"#), "date");
    assert_eq!(api("/api/v1/team/publish", r#"{"kind": "week", "from": "2026-12-02", "days": 0}"#), "days");
    assert_eq!(api("/api/v1/team/publish", r#"{"kind": "week", "from": "soon", "days": 5}"#), "from");
    let absences = "/api/v1/team/calendar/absences";
    assert_eq!(api(absences, r#"{"rep": "R9", "from": "2026-12-02"}"#), "rep");
    assert_eq!(api(absences, r#"{"rep": "R1", "from": "2026-12-03", "to": "2026-12-02"}"#), "to");
    assert_eq!(api(absences, r#"{"rep": "R1", "from": "2026-12-02", "start": "13:00"}"#), "end");
    assert_eq!(api(absences, r#"{"rep": "R1", "when": "2026-12-02"}"#), "when");
    let appointments = "/api/v1/team/calendar/appointments";
    assert_eq!(
        api(appointments, r#"{"account": "A9999", "date": "2026-12-02", "start": "10:00"}"#),
        "account"
    );
    assert_eq!(api(appointments, r#"{"account": "A0001", "date": "2026-12-02", "start": "25:00"}"#), "start");
    assert_eq!(api(appointments, r#"{"account": "A0001", "date": "2026-12-02"}"#), "start");
    assert_eq!(
        api(
            appointments,
            r#"{"account": "A0001", "date": "2026-12-02", "start": "10:00", "duration_min": "-5"}"#
        ),
        "duration_min"
    );
    let account = "/api/v1/team/accounts/A0001";
    assert_eq!(api(account, r#"{"every_days": "0"}"#), "every_days");
    assert_eq!(api(account, r#"{"windows": "17:00-09:00x"}"#), "windows");
    assert_eq!(api(account, r#"{"territory": "R9"}"#), "territory");
    assert_eq!(api(account, r#"{"lat": "60.2"}"#), "lat");
    // A query or path that cannot be read is bad input too: JSON from the API, the error page from a page.
    let read = |path: &str| server.get(path, Some(&manager.cookie));
    assert_eq!(read("/api/v1/team/adherence?from=2026-11-01&from=2026-11-02").field(), "query");
    assert_eq!(read("/api/v1/team/accounts/A%FF").field(), "path");
    let page = read("/team/week?from=2026-12-01&from=2026-12-02");
    assert_eq!(page.status, 400);
    assert!(page.body.contains("<p class=\"error\" role=\"alert\">query: "), "{}", page.body);

    // The pages: the form again, 400, the field named, the values kept.
    let form = |path: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", manager.csrf.as_str())];
        all.extend_from_slice(fields);
        server.post_form(path, Some(&manager.cookie), &all)
    };
    let reply = form("/team/publish", &[("kind", "week"), ("from", TOMORROW), ("days", "500")]);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("Working days (days): `500` is out of range"), "{}", reply.body);
    let reply = form("/team/calendar/absences", &[("rep", "R1"), ("from", "2026-13-01")]);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("First day (from): `2026-13-01` is not a date"), "{}", reply.body);
    assert!(reply.body.contains("value=\"2026-13-01\""), "the form keeps what was typed");
    let reply =
        form("/team/calendar/appointments", &[("account", "A0001"), ("date", TOMORROW), ("window", "nine")]);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("Time window (window): "), "{}", reply.body);
    let reply = form("/team/accounts/A0001", &[("service_min", "0")]);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("Visit length (minutes) (service_min): "), "{}", reply.body);
    // On the Japanese page, the field by its Japanese label in a Japanese sentence.
    server.set_lang(&manager, "ja");
    let reply = form("/team/accounts/A0001", &[("service_min", "０")]);
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.contains("訪問時間 (分) (service_min) の入力を読めません: `0` is out of range"),
        "{}",
        reply.body
    );
    server.set_lang(&manager, "en");

    // Nothing was stored by any of them: the latest import is still the harness's.
    let history = stdout_ok(&["db", "history", s(&server.db), "A0001"]);
    assert!(!history.contains("serve:"), "{history}");
}

#[test]
fn an_absence_added_on_the_page_leaves_the_rep_out_of_the_next_plan() {
    let server = quick();
    let manager = server.sign_in("manager");
    let reply = server.post_form(
        "/team/calendar/absences",
        Some(&manager.cookie),
        &[("csrf", &manager.csrf), ("rep", "R1"), ("from", TOMORROW), ("to", ""), ("note", "<b>dentist</b>")],
    );
    assert_eq!((reply.status, reply.header("location")), (303, Some("/team/calendar")), "{}", reply.body);
    let page = server.get("/team/calendar", Some(&manager.cookie));
    assert!(page.body.contains("&lt;b&gt;dentist&lt;/b&gt;"), "escaped: {}", page.body);
    let listed = server.get("/api/v1/team/calendar/absences", Some(&manager.cookie)).json();
    assert_eq!(listed[0]["rep"], "R1");
    assert_eq!(listed[0]["to"], TOMORROW);

    let plan_id = publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
    let stored = Store::open(&server.db).unwrap().stored_plan(plan_id).unwrap();
    let day = &stored.days[0];
    assert!(
        !day.routes.iter().any(|r| r.rep == "R1" && !r.stops.is_empty()),
        "R1 is absent: {:?}",
        day.routes
    );
    assert!(day.routes.iter().any(|r| r.rep == "R2" && !r.stops.is_empty()));
    replays(&server, plan_id);

    // Removed again (the row as the page lists it), the next plan has R1 back.
    let reply = server.post_json(
        "/api/v1/team/calendar/absences/remove",
        Some(&manager),
        Some(&manager.csrf),
        &listed[0].to_string(),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let plan_id = publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
    let stored = Store::open(&server.db).unwrap().stored_plan(plan_id).unwrap();
    assert!(stored.days[0].routes.iter().any(|r| r.rep == "R1" && !r.stops.is_empty()));
    // The edits are imports: `db export` writes the calendar as it stands (no absences now).
    let out = tempfile::tempdir().unwrap();
    stdout_ok(&["db", "export", s(&server.db), s(&out.path().join("x"))]);
    assert!(!out.path().join("x/absences.csv").exists());
}

#[test]
fn an_appointment_added_is_kept_at_its_time_in_the_next_plan() {
    let server = quick();
    let manager = server.sign_in("manager");
    let reply = server.post_json(
        "/api/v1/team/calendar/appointments",
        Some(&manager),
        Some(&manager.csrf),
        r#"{"account": "A0002", "date": "2026-12-02", "start": "14:00", "duration_min": "45", "note": "price talk"}"#,
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    // One appointment per account and day, as in the file.
    let again = server.post_json(
        "/api/v1/team/calendar/appointments",
        Some(&manager),
        Some(&manager.csrf),
        r#"{"account": "A0002", "date": "2026-12-02", "start": "15:00"}"#,
    );
    assert_eq!(again.status, 400, "{}", again.body);

    let plan_id = publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
    let stored = Store::open(&server.db).unwrap().stored_plan(plan_id).unwrap();
    let visit = stored.days[0]
        .routes
        .iter()
        .flat_map(|r| &r.stops)
        .find_map(|stop| match stop {
            Stop::Visit { account, start_s, end_s, .. } if account == "A0002" => Some((*start_s, *end_s)),
            _ => None,
        })
        .expect("the appointment is in the plan");
    assert_eq!(visit, (14 * 3600, 14 * 3600 + 45 * 60));
    replays(&server, plan_id);
    let out = tempfile::tempdir().unwrap();
    stdout_ok(&["db", "export", s(&server.db), s(&out.path().join("x"))]);
    let file = std::fs::read_to_string(out.path().join("x/appointments.csv")).unwrap();
    assert!(file.contains("A0002,2026-12-02,14:00,,,45,price talk"), "{file}");
}

#[test]
fn an_account_edit_shows_in_the_history_with_its_user() {
    let server = quick();
    let manager = server.sign_in("manager");
    let shown = server.get("/api/v1/team/accounts/A0001", Some(&manager.cookie)).json();
    assert_eq!(shown["every_days"], "14");
    let reply = server.post_json(
        "/api/v1/team/accounts/A0001",
        Some(&manager),
        Some(&manager.csrf),
        r#"{"every_days": "21", "territory": "R2"}"#,
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    // The page form sends every editable field; unchanged ones stay unchanged.
    let page = server.get("/team/accounts/A0002", Some(&manager.cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"windows\" value=\"09:00-17:00\""), "{}", page.body);
    let reply = server.post_form(
        "/team/accounts/A0002",
        Some(&manager.cookie),
        &[("csrf", &manager.csrf), ("windows", "10:00-16:00"), ("every_days", "7"), ("priority", "normal")],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Saved as import"), "{}", reply.body);

    let history = stdout_ok(&["db", "history", s(&server.db), "A0001"]);
    assert!(history.contains("serve:manager  every_days: 14 -> 21"), "{history}");
    assert!(history.contains("serve:manager  territory: (empty) -> R2"), "{history}");
    let history = stdout_ok(&["db", "history", s(&server.db), "A0002"]);
    assert!(history.contains("serve:manager  windows: 09:00-17:00 -> 10:00-16:00"), "{history}");
    assert!(!history.contains("every_days:"), "{history}");
    let plan_id = publish(&server, &manager, &format!(r#"{{"kind": "day", "date": "{TOMORROW}"}}"#));
    replays(&server, plan_id);
}

#[test]
fn the_read_only_views_show_the_week_the_adherence_and_the_territories() {
    let server = quick();
    let manager = server.sign_in("manager");
    // A rep records a visit of today's plan; the adherence counts it.
    let r1 = server.sign_in("r1");
    let day = server.day_of(&manager, "R1");
    let account = crate::common::server::stop(&day, 0);
    let reply = server.post_json(
        "/api/v1/reps/R1/visits",
        Some(&r1),
        Some(&r1.csrf),
        &crate::common::server::record(&account, "visited", ""),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let plan_id =
        publish(&server, &manager, &format!(r#"{{"kind": "week", "from": "{TOMORROW}", "days": 2}}"#));

    let week = server.get("/api/v1/team/week", Some(&manager.cookie)).json();
    let days = week.as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0]["date"], crate::common::server::TODAY);
    assert_eq!(days[1]["plan_id"], plan_id);
    assert_eq!(days[2]["plan_id"], plan_id);
    assert!(days[3]["plan_id"].is_null());
    let r1_day = days[1]["reps"].as_array().unwrap().iter().find(|r| r["rep"] == "R1").unwrap();
    assert!(r1_day["visits"].as_u64().unwrap() > 0 && r1_day["drive_s"].as_i64().unwrap() > 0);
    let page = server.get("/team/week", Some(&manager.cookie));
    assert_eq!(page.status, 200);
    let link = format!("href=\"/team/schedule.csv?date={TOMORROW}\"");
    assert!(page.body.contains(&link), "{}", page.body);
    assert!(
        page.body.contains(&format!("#{plan_id}")) && page.body.contains("href=\"/team\""),
        "{}",
        page.body
    );

    let adherence = server.get("/api/v1/team/adherence", Some(&manager.cookie)).json();
    assert_eq!(adherence["visits"]["done"], 1, "{adherence}");
    let page = server.get("/team/adherence?from=2026-11-20&to=2026-12-01", Some(&manager.cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<table class=\"reps\">"), "{}", page.body);
    let bad = server.get("/api/v1/team/adherence?from=2026-12-05&to=2026-12-01", Some(&manager.cookie));
    assert_eq!(bad.field(), "to");
    assert_eq!(server.get("/api/v1/team/week?from=someday", Some(&manager.cookie)).field(), "from");

    let territories = server.get("/api/v1/team/territories?weeks=1", Some(&manager.cookie));
    assert_eq!(territories.status, 200, "{}", territories.body);
    assert_eq!(territories.json()["splits"][0]["name"], "current", "{}", territories.body);
    let page = server.get("/team/territories?weeks=1", Some(&manager.cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<pre class=\"territories\">") && page.body.contains("<svg"), "{}", page.body);
    assert!(page.body.contains(">rep: workload per day (mean)</text>"), "{}", page.body);
    // The map's legend and the table's split in the manager's language.
    server.set_lang(&manager, "ja");
    let page = server.get("/team/territories?weeks=1", Some(&manager.cookie)).body;
    assert!(
        page.contains(">担当者: 1日の負荷 (平均)</text>") && page.contains(">四角: 一日の出発地</text>"),
        "{page}"
    );
    assert!(page.contains("顧客 ") && !page.contains(" accounts") && !page.contains("current"), "{page}");
    server.set_lang(&manager, "en");
    assert_eq!(server.get("/api/v1/team/territories?weeks=27", Some(&manager.cookie)).field(), "weeks");
    // Planned from a day before the visit recorded today, the comparison would take it as done.
    let past = server.get("/api/v1/team/territories?from=2026-11-30&weeks=1", Some(&manager.cookie));
    assert_eq!(past.field(), "from");
    assert!(past.body.contains(&format!("{account} was last visited on 2026-12-01")), "{}", past.body);
    // So would a plan published for that day: the job fails and stores nothing.
    let job = server.post_json(
        "/api/v1/team/publish",
        Some(&manager),
        Some(&manager.csrf),
        r#"{"kind": "day", "date": "2026-11-30"}"#,
    );
    assert_eq!(job.status, 202, "{}", job.body);
    let state = finished(&server, &manager, job.json()["id"].as_u64().unwrap());
    assert_eq!(state["state"], "failed", "{state}");
    let error = state["error"].as_str().unwrap();
    assert!(
        error.starts_with(&format!(
            "the plan cannot be made: {account} was last visited on 2026-12-01, after 2026-11-30"
        )),
        "{state}"
    );
}

#[test]
fn the_managers_pages_speak_japanese_when_asked() {
    let server = quick();
    let manager = server.sign_in("manager");
    let reply = server.post_form("/lang", Some(&manager.cookie), &[("csrf", &manager.csrf), ("lang", "ja")]);
    assert_eq!(reply.status, 303);
    for (path, label) in [
        ("/team", "計画の公開"),
        ("/team/publish", "計画・検証して公開"),
        ("/team/calendar", "不在と訪問予約"),
        // Each field says what it holds, then its column, which the errors name.
        ("/team/calendar", "<label for=\"absences-start\">不在の開始時刻 (start)</label>"),
        ("/team/calendar", "name=\"start\" value=\"\" placeholder=\"時刻。空欄: 終日\">"),
        ("/team/calendar", "<label for=\"appointments-start\">開始時刻 (start)</label>"),
        ("/team/accounts/A0001", "保存"),
        ("/team/accounts/A0001", "<label for=\"windows\">営業時間 (windows)</label>"),
        ("/team/accounts", "<th>訪問間隔 (日) (every_days)</th>"),
        ("/team/week", "公開済み計画"),
    ] {
        let page = server.get(path, Some(&manager.cookie));
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body.contains("<html lang=\"ja\">") && page.body.contains(label),
            "{path}: {}",
            page.body
        );
    }
}

#[test]
fn the_day_s_schedule_downloads_as_the_spreadsheet_plan_csv_writes() {
    let server = quick();
    let manager = server.sign_in("manager");
    let team = server.get("/team", Some(&manager.cookie));
    let link = format!("href=\"/team/schedule.csv?date={}\"", crate::common::server::TODAY);
    assert!(team.body.contains(&link), "{}", team.body);

    let sheet = server.get("/team/schedule.csv", Some(&manager.cookie));
    assert_eq!(sheet.status, 200, "{}", sheet.body);
    assert_eq!(sheet.header("content-type"), Some("text/csv; charset=utf-8"));
    let file = format!("attachment; filename=\"schedule-{}.csv\"", crate::common::server::TODAY);
    assert_eq!(sheet.header("content-disposition"), Some(file.as_str()));
    let body = sheet.body.strip_prefix('\u{feff}').expect("a byte-order mark, as Excel reads UTF-8");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(reader.headers().unwrap().get(3), Some("stop"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // R1's visits, in the order the rep's day has them.
    let day = server.day_of(&manager, "R1");
    let stops: Vec<&str> =
        day["stops"].as_array().unwrap().iter().map(|s| s["account"].as_str().unwrap()).collect();
    let visits: Vec<&str> =
        rows.iter().filter(|r| &r[1] == "R1" && &r[3] == "visit").map(|r| &r[5]).collect();
    assert!(!visits.is_empty());
    assert_eq!(visits, stops);

    // In the manager's language.
    server.set_lang(&manager, "ja");
    let sheet = server.get("/team/schedule.csv", Some(&manager.cookie));
    assert!(sheet.body.starts_with("\u{feff}日付,担当者ID,担当者名,区分,"), "{}", sheet.body);
    let none = server.get("/team/schedule.csv?date=2026-12-20", Some(&manager.cookie));
    assert_eq!(none.status, 404, "{}", none.body);
    let bad = server.get("/team/schedule.csv?date=someday", Some(&manager.cookie));
    assert_eq!(bad.status, 400, "{}", bad.body);
}
