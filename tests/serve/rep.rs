//! The rep's re-plan buttons and week, as a rep meets them: the real binary
//! with its clock pinned (`--today 2026-12-01 --now 10:30`), driven over
//! HTTP. Running late, an urgent visit of one of the rep's accounts and
//! stopping for the day each publish a checked re-plan that the manager's
//! API serves too; a manager hands a rep's day to the team, which a rep
//! cannot; a rep re-plans only their own day and accounts; two
//! re-plans at once both survive; the week shows the next days.

use crate::common::server::{s, Server, Session, TODAY};
use crate::common::{rounds, stdout_ok, text};

use serde_json::Value;

const NOW: &str = "10:30";

/// Minutes since midnight of `HH:MM`.
fn minutes(clock: &str) -> i64 {
    let (h, m) = clock.split_once(':').unwrap();
    h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
}

fn stops(day: &Value) -> &Vec<Value> {
    day["stops"].as_array().unwrap()
}

/// The start of the visit to `account` in `day`, in minutes.
fn start_of(day: &Value, account: &str) -> Option<i64> {
    stops(day).iter().find(|s| s["account"] == account).map(|s| minutes(s["start"].as_str().unwrap()))
}

/// The replan API's reply.
fn replan(server: &Server, session: &Session, rep: &str, body: &str) -> crate::common::server::Reply {
    server.post_json(&format!("/api/v1/reps/{rep}/replan"), Some(session), Some(&session.csrf), body)
}

/// The stored plan `id` passes `rounds check` replayed from the database.
fn assert_checked(server: &Server, id: i64) {
    let out = rounds(&["check", "--db", s(&server.db), "--plan-id", &id.to_string()]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
}

/// Publishes a plan for the day after today, so the rep has accounts ahead.
fn publish_tomorrow(server: &Server) {
    let out = server.db.with_file_name("tomorrow.json");
    stdout_ok(&[
        "plan",
        "--db",
        s(&server.db),
        "--date",
        "2026-12-02",
        "--iterations",
        "300",
        "--quiet",
        "--out",
        s(&out),
    ]);
}

#[test]
fn running_late_moves_the_rest_of_the_day_and_everyone_sees_it() {
    let server = Server::start_at(NOW);
    let manager = server.sign_in("manager");
    let before = server.day_of(&manager, "R1");
    let r1 = server.sign_in("r1");
    let page = server.get("/rep/R1", Some(&r1.cookie));
    for text in ["name=\"minutes\"", "value=\"late\"", "value=\"stop\"", "/rep/R1/week"] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }

    let reply = server.post_form(
        "/rep/R1/replan",
        Some(&r1.cookie),
        &[("csrf", &r1.csrf), ("kind", "late"), ("minutes", "30")],
    );
    assert_eq!((reply.status, reply.header("location")), (303, Some("/rep/R1#changes")), "{}", reply.body);

    let after = server.day_of(&manager, "R1");
    let new_id = after["plan_id"].as_i64().unwrap();
    assert!(new_id > before["plan_id"].as_i64().unwrap());
    assert_checked(&server, new_id);
    let now = minutes(NOW);
    let mut later = 0;
    for stop in stops(&before) {
        let account = stop["account"].as_str().unwrap();
        let old = minutes(stop["start"].as_str().unwrap());
        let new = start_of(&after, account);
        if old < now {
            assert_eq!(new, Some(old), "{account} started before now and keeps its time");
        } else if new.is_some_and(|new| new > old) {
            later += 1;
        }
    }
    assert!(later > 0, "the rest of the day is later: {after}");
    // The rep's page shows the new times and the box of changes.
    let page = server.get("/rep/R1", Some(&r1.cookie));
    assert!(page.body.contains("id=\"changes\""), "{}", page.body);
    assert_eq!(server.get("/api/v1/me/day", Some(&r1.cookie)).json()["stops"], after["stops"]);

    // Late again, from the re-planned day: later still, on top of the first delay.
    let reply = replan(&server, &r1, "R1", r#"{"kind": "late", "minutes": 15}"#);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let again = reply.json();
    assert_checked(&server, again["plan_id"].as_i64().unwrap());
    let first_ahead = |day: &Value| {
        stops(day).iter().map(|s| minutes(s["start"].as_str().unwrap())).find(|&start| start >= now).unwrap()
    };
    assert!(first_ahead(&again) >= first_ahead(&after) + 15, "{again}");
}

#[test]
fn an_urgent_visit_of_the_reps_own_account_joins_the_day_and_is_explained_in_japanese() {
    let server = Server::start_at(NOW);
    publish_tomorrow(&server);
    let manager = server.sign_in("manager");
    let week = server.get("/api/v1/reps/R1/week", Some(&manager.cookie)).json();
    let tomorrow: Vec<&str> =
        stops(&week["days"][1]).iter().map(|s| s["account"].as_str().unwrap()).collect();

    let r1 = server.sign_in("r1");
    server.set_lang(&r1, "ja");
    let page = server.get("/rep/R1", Some(&r1.cookie));
    // The list holds R1's own accounts: on their route tomorrow (or of their territory), not in today's plan.
    let options: Vec<&str> =
        page.body.split("<option value=\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
    assert!(options.iter().any(|a| tomorrow.contains(a)), "{options:?} {tomorrow:?}");
    let team_today = server.get("/api/v1/team/day", Some(&manager.cookie)).json();
    for day in team_today.as_array().unwrap() {
        assert!(options.iter().all(|a| start_of(day, a).is_none()), "{options:?} are not in today's plan");
    }
    let account = options.iter().find(|a| tomorrow.contains(a)).unwrap().to_string();
    let reply = server.post_form(
        "/rep/R1/replan",
        Some(&r1.cookie),
        &[("csrf", &r1.csrf), ("kind", "urgent"), ("account", &account)],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);

    let day = server.day_of(&manager, "R1");
    assert!(start_of(&day, &account).is_some_and(|start| start >= minutes(NOW)), "{day}");
    assert_checked(&server, day["plan_id"].as_i64().unwrap());
    let page = server.get("/rep/R1", Some(&r1.cookie));
    assert!(page.body.contains("予定が組み直されました"), "{}", page.body);
    let line =
        page.body.lines().find(|l| l.contains("<li class=\"added\"")).expect("the urgent visit is listed");
    assert!(line.contains(&account) && line.contains("追加") && line.contains("緊急"), "{line}");
}

#[test]
fn stopping_for_the_day_leaves_no_stop_after_now_and_lists_the_rest_for_tomorrow() {
    let server = Server::start_at(NOW);
    let r1 = server.sign_in("r1");
    let before = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    let reply = replan(&server, &r1, "R1", r#"{"kind": "stop"}"#);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let day = reply.json();
    assert_eq!(day["rep"], "R1");
    for stop in stops(&day) {
        assert!(minutes(stop["start"].as_str().unwrap()) <= minutes(NOW), "{stop}");
    }
    let changes = day["changes"].as_array().unwrap();
    let dropped: Vec<&str> = stops(&before)
        .iter()
        .map(|s| s["account"].as_str().unwrap())
        .filter(|a| start_of(&day, a).is_none())
        .collect();
    assert!(!dropped.is_empty());
    for account in dropped {
        let change = changes.iter().find(|c| c["account"] == account).unwrap_or_else(|| panic!("{account}"));
        assert_eq!(change["kind"], "to_tomorrow");
        assert!(change["text"].as_str().unwrap().contains("goes home"), "{change}");
    }
    assert_checked(&server, day["plan_id"].as_i64().unwrap());
}

/// A rep ahead of the plan records visits planned after now. Found in session 87: the
/// re-plan placed the rep where the plan had them, so "I have to stop" sent a visit
/// already recorded to tomorrow, and a hand-over of another rep's day could give it
/// to someone else to make again.
#[test]
fn a_visit_recorded_ahead_of_the_plan_is_never_planned_again() {
    let server = Server::start_at(NOW);
    let (manager, r1) = (server.sign_in("manager"), server.sign_in("r1"));
    let day = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    // Every stop up to the second one the plan starts after now, recorded as made.
    let later = |s: &&Value| minutes(s["start"].as_str().unwrap()) > minutes(NOW);
    let second_later =
        stops(&day).iter().filter(later).nth(1).expect("two stops after now")["account"].clone();
    let mut ahead = Vec::new();
    for stop in stops(&day) {
        let account = stop["account"].as_str().unwrap();
        let body = crate::common::server::record(account, "visited", "");
        let reply = server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &body);
        assert_eq!(reply.status, 200, "{}", reply.body);
        if later(&stop) {
            ahead.push(account.to_string());
        }
        if stop["account"] == second_later {
            break;
        }
    }
    assert_eq!(ahead.len(), 2);
    let untouched = |day: &Value| {
        let changed: Vec<&str> =
            day["changes"].as_array().unwrap().iter().map(|c| c["account"].as_str().unwrap()).collect();
        for account in &ahead {
            assert!(!changed.contains(&account.as_str()), "{account} is recorded, yet changed: {day}");
            let stop = stops(day).iter().find(|s| &s["account"] == account);
            assert_eq!(stop.map(|s| s["state"].clone()), Some(Value::from("visited")), "{account}: {day}");
        }
    };
    // Another rep handed over: R1's visits made stay R1's, at their times.
    let reply = replan(&server, &manager, "R2", r#"{"kind": "hand_over"}"#);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let team = server.day_of(&manager, "R1");
    untouched(&serde_json::json!({"changes": reply.json()["changes"], "stops": team["stops"]}));
    for rep in ["R3", "R4", "R5", "R6"] {
        let theirs = server.day_of(&manager, rep);
        assert!(ahead.iter().all(|a| start_of(&theirs, a).is_none()), "{rep} took a visit made: {theirs}");
    }
    // R1 stops for the day: the visits made stay on the day, none goes to tomorrow.
    let reply = replan(&server, &r1, "R1", r#"{"kind": "stop"}"#);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let day = reply.json();
    untouched(&day);
    assert!(day["changes"].as_array().unwrap().iter().all(|c| c["kind"] == "to_tomorrow"), "{day}");
    assert_checked(&server, day["plan_id"].as_i64().unwrap());
}

#[test]
fn a_manager_hands_a_reps_day_to_the_team_and_the_others_see_what_they_took() {
    let server = Server::start_at(NOW);
    let (manager, r1, r2) = (server.sign_in("manager"), server.sign_in("r1"), server.sign_in("r2"));
    // Only a manager may hand a day over, from the API or the page; the rep does not see the button.
    assert_eq!(replan(&server, &r1, "R1", r#"{"kind": "hand_over"}"#).status, 403);
    let form = [("csrf", r1.csrf.as_str()), ("kind", "hand_over")];
    assert_eq!(server.post_form("/rep/R1/replan", Some(&r1.cookie), &form).status, 403);
    assert!(!server.get("/rep/R1", Some(&r1.cookie)).body.contains("value=\"hand_over\""));
    let page = server.get("/rep/R1", Some(&manager.cookie)).body;
    assert!(
        page.contains("value=\"hand_over\"") && page.contains("End this rep's day: the team takes over"),
        "{page}"
    );

    let before = server.day_of(&manager, "R1");
    let done = stops(&before)[0]["account"].as_str().unwrap().to_string();
    let body = format!(r#"{{"account": "{done}", "status": "visited"}}"#);
    assert_eq!(server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &body).status, 200);
    let form = [("csrf", manager.csrf.as_str()), ("kind", "hand_over")];
    let reply = server.post_form("/rep/R1/replan", Some(&manager.cookie), &form);
    assert_eq!((reply.status, reply.header("location")), (303, Some("/rep/R1#changes")), "{}", reply.body);

    let after = server.day_of(&manager, "R1");
    assert_ne!(after["plan_id"], before["plan_id"]);
    assert_checked(&server, after["plan_id"].as_i64().unwrap());
    assert_eq!(stops(&after)[0]["state"], "visited", "the recorded visit stays: {after}");
    for stop in stops(&after) {
        assert!(minutes(stop["start"].as_str().unwrap()) <= minutes(NOW), "nothing after now: {stop}");
    }
    // Every visit R1 no longer makes went to another rep or, with its reason, to tomorrow.
    let team = server.get("/api/v1/team/day", Some(&manager.cookie)).json();
    let holder = |account: &str| {
        team.as_array().unwrap().iter().find(|r| stops(r).iter().any(|s| s["account"] == account))
    };
    let mut taken = Vec::new();
    for account in stops(&before).iter().map(|s| s["account"].as_str().unwrap()) {
        if start_of(&after, account).is_some() {
            continue;
        }
        match holder(account) {
            Some(rep) => taken.push((account, rep["rep"].as_str().unwrap())),
            None => {
                let text = server.get("/rep/R1", Some(&manager.cookie)).body;
                let line = format!("<li class=\"to_tomorrow\"><strong>to tomorrow</strong> {account} ");
                assert!(text.contains(&line), "{account}: {text}");
            }
        }
    }
    // Whoever took one sees it in the box of changes on their own day.
    let Some((account, rep)) = taken.first() else { panic!("the team took none of R1's visits: {team}") };
    assert_ne!(*rep, "R1");
    for whose in [*rep, "R1"] {
        let page = server.get(&format!("/rep/{whose}"), Some(&manager.cookie)).body;
        assert!(page.contains(&format!("<strong>reassigned</strong> {account} ")), "{page}");
        let heading = format!("<h2>{whose} ");
        assert!(
            page.contains(&heading) && page.contains("&#39;s day was re-planned. What changed:"),
            "{page}"
        );
    }
    let r2_took = taken.iter().find(|(_, rep)| *rep == "R2").map(|(account, _)| account);
    if let Some(account) = r2_took {
        let page = server.get("/rep/R2", Some(&r2.cookie)).body;
        assert!(page.contains(&format!("<strong>reassigned</strong> {account} ")), "{page}");
        assert!(page.contains("<h2>Your day was re-planned. What changed:</h2>"), "{page}");
    }
}

#[test]
fn a_rep_replans_only_their_own_day_and_accounts_with_good_input() {
    let server = Server::start_at(NOW);
    publish_tomorrow(&server);
    let manager = server.sign_in("manager");
    let r2_week = server.get("/api/v1/reps/R2/week", Some(&manager.cookie)).json();
    let r2_account = r2_week["days"][1]["stops"][0]["account"].as_str().unwrap().to_string();
    let plan_before = server.day_of(&manager, "R1")["plan_id"].clone();

    let r1 = server.sign_in("r1");
    assert_eq!(replan(&server, &r1, "R2", r#"{"kind": "stop"}"#).status, 403);
    let form = [("csrf", r1.csrf.as_str()), ("kind", "stop")];
    assert_eq!(server.post_form("/rep/R2/replan", Some(&r1.cookie), &form).status, 403);
    let urgent = |account: &str| format!(r#"{{"kind": "urgent", "account": "{account}"}}"#);
    assert_eq!(replan(&server, &r1, "R1", &urgent(&r2_account)).field(), "account");
    assert_eq!(replan(&server, &r1, "R1", &urgent("NO-SUCH")).field(), "account");
    for minutes in ["0", "601", "-5", "2.5", "\"30\""] {
        let body = format!(r#"{{"kind": "late", "minutes": {minutes}}}"#);
        assert_eq!(replan(&server, &r1, "R1", &body).field(), "minutes", "{minutes}");
    }
    assert_eq!(replan(&server, &r1, "R1", r#"{"kind": "lunch"}"#).field(), "kind");
    let form = [("csrf", r1.csrf.as_str()), ("kind", "late"), ("minutes", "soon")];
    let reply = server.post_form("/rep/R1/replan", Some(&r1.cookie), &form);
    assert_eq!(reply.status, 400);
    let alert = "<p class=\"error\" role=\"alert\">`soon` is not a whole number of minutes from 1 to 600</p>";
    assert!(reply.body.contains(alert), "{}", reply.body);
    // The mistake is said on the rep's own day, in the rep's language, where the forms are.
    assert!(
        reply.body.contains("<ol class=\"stops\">") && reply.body.contains("id=\"replan\""),
        "{}",
        reply.body
    );
    server.set_lang(&r1, "ja");
    let reply = server.post_form("/rep/R1/replan", Some(&r1.cookie), &form);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("遅れは1～600分の整数で入力してください (`soon`)"), "{}", reply.body);
    let urgent_form = [("csrf", r1.csrf.as_str()), ("kind", "urgent"), ("account", "")];
    let reply = server.post_form("/rep/R1/replan", Some(&r1.cookie), &urgent_form);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("電話をくれた顧客を選んでください"), "{}", reply.body);
    let urgent_form = [("csrf", r1.csrf.as_str()), ("kind", "urgent"), ("account", r2_account.as_str())];
    let reply = server.post_form("/rep/R1/replan", Some(&r1.cookie), &urgent_form);
    assert_eq!(reply.status, 400);
    let not_yours = format!("`{r2_account}` は、本日訪問できるあなたの担当顧客ではありません");
    assert!(reply.body.contains(&not_yours), "{}", reply.body);
    let account = crate::common::server::stop(&server.day_of(&manager, "R1"), 0);
    let skipped =
        [("csrf", r1.csrf.as_str()), ("account", account.as_str()), ("status", "skipped"), ("note", " ")];
    let reply = server.post_form("/rep/R1/visits", Some(&r1.cookie), &skipped);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("見送りの場合は理由を入力してください"), "{}", reply.body);
    assert!(reply.body.contains(&format!("id=\"stop-{account}\"")), "{}", reply.body);
    // A stop of another rep's day (a page older than the plan in force): the day as it stands.
    let theirs = crate::common::server::stop(&server.day_of(&manager, "R2"), 0);
    let done = [("csrf", r1.csrf.as_str()), ("account", theirs.as_str()), ("status", "visited")];
    let reply = server.post_form("/rep/R1/visits", Some(&r1.cookie), &done);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains(&format!("`{theirs}` は現在の予定 (計画 ")), "{}", reply.body);
    assert!(server.recorded().is_empty(), "nothing was recorded");
    // Without the CSRF header, nothing happens either.
    let reply = server.post_json("/api/v1/reps/R1/replan", Some(&r1), None, r#"{"kind": "stop"}"#);
    assert_eq!(reply.status, 403);
    // Anonymous: nothing of the team.
    for path in ["/api/v1/reps/R1/week", "/api/v1/reps/R1/day"] {
        assert_eq!(server.get(path, None).status, 401, "{path}");
    }
    assert_eq!(server.post_json("/api/v1/reps/R1/replan", None, None, r#"{"kind": "stop"}"#).status, 401);
    let page = server.get("/rep/R1/week", None);
    assert_eq!((page.status, page.header("location")), (303, Some("/login")));
    assert_eq!(server.get("/rep/R2/week", Some(&r1.cookie)).status, 403);
    assert_eq!(server.get("/api/v1/reps/R2/week", Some(&r1.cookie)).status, 403);
    assert_eq!(server.day_of(&manager, "R1")["plan_id"], plan_before, "nothing was published");
}

#[test]
fn the_week_shows_the_next_days_from_their_published_plans() {
    let server = Server::start_at(NOW);
    let r1 = server.sign_in("r1");
    let week = server.get("/api/v1/reps/R1/week", Some(&r1.cookie)).json();
    let days = week["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0]["date"], TODAY);
    assert!(!stops(&days[0]).is_empty());
    assert!(days[1..].iter().all(|d| d["plan_id"].is_null()), "only today is published: {week}");
    let page = server.get("/rep/R1/week", Some(&r1.cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("No plan is published for"), "{}", page.body);
    assert!(page.body.contains(days[0]["stops"][0]["name"].as_str().unwrap()));

    publish_tomorrow(&server);
    let week = server.get("/api/v1/reps/R1/week", Some(&r1.cookie)).json();
    assert_eq!(week["days"][1]["date"], "2026-12-02");
    assert!(!stops(&week["days"][1]).is_empty());
}

#[test]
fn two_reps_replanning_at_once_both_keep_their_change() {
    let server = Server::start_at(NOW);
    let manager = server.sign_in("manager");
    let (r1, r2) = (server.sign_in("r1"), server.sign_in("r2"));
    let before: Vec<Value> = ["R1", "R2"].iter().map(|rep| server.day_of(&manager, rep)).collect();
    std::thread::scope(|scope| {
        let late = r#"{"kind": "late", "minutes": 45}"#;
        let one = scope.spawn(|| replan(&server, &r1, "R1", late));
        let two = scope.spawn(|| replan(&server, &r2, "R2", late));
        for reply in [one.join().unwrap(), two.join().unwrap()] {
            assert_eq!(reply.status, 200, "{}", reply.body);
        }
    });
    for (rep, before) in ["R1", "R2"].iter().zip(&before) {
        let after = server.day_of(&manager, rep);
        let moved = stops(before).iter().any(|stop| {
            let old = minutes(stop["start"].as_str().unwrap());
            old >= minutes(NOW)
                && start_of(&after, stop["account"].as_str().unwrap()).is_none_or(|new| new != old)
        });
        assert!(moved, "{rep}'s re-plan survives: {after}");
    }
}

/// A re-plan is stored as a plan file; read back from the database by a
/// server started again, its reasons keep their values (`why`), so a
/// Japanese page still says them in Japanese.
#[test]
fn the_reasons_of_a_stored_replan_read_back_in_japanese() {
    let mut server = Server::start_at(NOW);
    let r1 = server.sign_in("r1");
    server.set_lang(&r1, "ja");
    let reply = replan(&server, &r1, "R1", r#"{"kind": "late", "minutes": 300}"#);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let english = reply.json();
    let sent_on =
        english["changes"].as_array().unwrap().iter().filter(|c| c["kind"] == "to_tomorrow").count();
    assert!(sent_on > 0, "five hours late leaves visits for another day: {english}");

    server.restart(&["--now", NOW]);
    let page = server.get("/rep/R1", Some(&r1.cookie));
    let lines: Vec<&str> = page.body.lines().filter(|l| l.contains("<li class=\"to_tomorrow\"")).collect();
    assert_eq!(lines.len(), sent_on, "{}", page.body);
    for line in lines {
        assert!(line.contains("予定は R1"), "{line}");
        // After the account's name, no English word: only rep ids (R1) and times.
        let why = line.split_once(": ").map_or(line, |(_, why)| why).trim_end_matches("</li>");
        assert!(why.split(|c: char| !c.is_ascii_alphabetic()).all(|word| word.len() < 3), "{line}");
    }
}

#[test]
fn a_day_that_cannot_be_replanned_says_why_to_the_rep_in_their_language() {
    // 20:00: every rep of the sample day is home and off work.
    let server = Server::start_at("20:00");
    let r1 = server.sign_in("r1");
    let reply = replan(&server, &r1, "R1", r#"{"kind": "late", "minutes": 15}"#);
    assert_eq!(reply.status, 409, "{}", reply.body);
    let said = reply.json()["error"].as_str().unwrap().to_string();
    assert!(said.starts_with("it is outside your working hours today ("), "{said}");
    assert!(!said.contains("--now"), "no command-line option is named to a rep: {said}");
    server.set_lang(&r1, "ja");
    let form = [("csrf", r1.csrf.as_str()), ("kind", "late"), ("minutes", "15")];
    let page = server.post_form("/rep/R1/replan", Some(&r1.cookie), &form);
    assert_eq!(page.status, 409, "{}", page.body);
    assert!(page.body.contains("の外のため、予定を組み直せません</p>"), "{}", page.body);
    assert!(page.body.contains("<ol class=\"stops\">"), "the rep stays on the day: {}", page.body);
}
