//! `rounds serve` as its users meet it: the real binary on 127.0.0.1:0 over
//! a database of its own, driven over HTTP. Sign-in; endpoint by endpoint, a
//! rep cannot read or change another rep's data and an anonymous request
//! gets none of the team's data; CSRF; a record stored once and seen by the
//! manager; bad input answered 400 with the field; a body too large 413.
//!
//! The rep's re-plan buttons (`rep`), the manager's pages (`manager`) and
//! operating the server (`ops`) are modules of this one binary, so the
//! template database (`common::server::template`) is made once and one test
//! program is linked instead of four. `load` drives a server with many clients
//! at once, for `ops` and for `benches/serve_load.rs`; `fuzz` sends every
//! endpoint that takes a body mutated copies of valid ones.

#[path = "../common/mod.rs"]
mod common;
mod fuzz;
mod load;
mod manager;
#[path = "../common/mutate.rs"]
mod mutate;
mod ops;
mod rep;

use common::server::{
    add_user, agent, record, s, stop, template, DemoServer, Reply, Server, Session, PASSWORD, TODAY,
};
use common::{rounds, stdout_ok, text};

#[test]
fn an_anonymous_request_gets_none_of_the_teams_data() {
    let server = Server::start();
    for page in ["/", "/rep/R1", "/team"] {
        let reply = server.get(page, None);
        assert_eq!(reply.status, 303, "{page}");
        assert_eq!(reply.header("location"), Some("/login"), "{page}");
    }
    for api in ["/api/v1/me", "/api/v1/me/day", "/api/v1/reps/R1/day", "/api/v1/team/day"] {
        let reply = server.get(api, None);
        assert_eq!(reply.status, 401, "{api}");
        assert!(!reply.body.contains("A0"), "{api}: {}", reply.body);
    }
    // Changing anything: refused before the body is read, even with a made-up cookie.
    let made_up = format!("rounds_session={}", "0".repeat(64));
    let reply =
        server.post_form("/rep/R1/visits", Some(&made_up), &[("account", "A0001"), ("status", "visited")]);
    assert_eq!((reply.status, reply.header("location")), (303, Some("/login")));
    let fake = Session { cookie: made_up, csrf: "0".repeat(64) };
    let reply = server.post_json(
        "/api/v1/reps/R1/visits",
        Some(&fake),
        Some(&fake.csrf),
        &record("A0001", "visited", ""),
    );
    assert_eq!(reply.status, 401);
    // The sign-in page itself holds nothing of the team.
    let login = server.get("/login", None);
    assert_eq!(login.status, 200);
    assert!(!login.body.contains("R1") && !login.body.contains("A0"));
    assert!(server.recorded().is_empty());
}

#[test]
fn a_wrong_password_gets_no_session() {
    let server = Server::start();
    for (name, password) in [("r1", "wrong password"), ("nobody", PASSWORD)] {
        let reply = server.post_form("/login", None, &[("name", name), ("password", password)]);
        assert_eq!(reply.status, 401);
        assert!(reply.header("set-cookie").is_none());
        assert!(reply.body.contains("Wrong user name or password."), "{}", reply.body);
    }
}

#[test]
fn a_rep_reads_and_changes_only_their_own_day() {
    let server = Server::start();
    let manager = server.sign_in("manager");
    let r2_day = server.day_of(&manager, "R2");
    let r2_account = stop(&r2_day, 0);
    let r1 = server.sign_in("r1");

    assert_eq!(server.get("/", Some(&r1.cookie)).header("location"), Some("/rep/R1"));
    let own = server.get("/rep/R1", Some(&r1.cookie));
    assert_eq!(own.status, 200);
    assert!(own.body.contains("Timo Nieminen"), "{}", own.body);
    let mine = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    assert_eq!(mine["rep"], "R1");
    assert!(!mine["stops"].as_array().unwrap().is_empty());
    assert_eq!(server.get("/api/v1/reps/R1/day", Some(&r1.cookie)).json()["stops"], mine["stops"]);

    for page in ["/rep/R2", "/team"] {
        let reply = server.get(page, Some(&r1.cookie));
        assert_eq!(reply.status, 403, "{page}");
        assert!(!reply.body.contains(&r2_account), "{page}");
    }
    for api in ["/api/v1/reps/R2/day", "/api/v1/team/day"] {
        let reply = server.get(api, Some(&r1.cookie));
        assert_eq!(reply.status, 403, "{api}");
        assert!(!reply.body.contains(&r2_account), "{api}");
    }
    let reply = server.post_json(
        "/api/v1/reps/R2/visits",
        Some(&r1),
        Some(&r1.csrf),
        &record(&r2_account, "visited", ""),
    );
    assert_eq!(reply.status, 403);
    let reply = server.post_form(
        "/rep/R2/visits",
        Some(&r1.cookie),
        &[("csrf", &r1.csrf), ("account", &r2_account), ("status", "visited")],
    );
    assert_eq!(reply.status, 403);
    // R2's account under R1's own path is not R1's to record either.
    let reply = server.post_json(
        "/api/v1/reps/R1/visits",
        Some(&r1),
        Some(&r1.csrf),
        &record(&r2_account, "visited", ""),
    );
    assert_eq!(reply.field(), "account");
    assert!(server.recorded().is_empty());
    assert_eq!(server.day_of(&manager, "R2")["stops"][0]["state"], "to_do");
}

#[test]
fn a_change_without_the_sessions_csrf_token_is_refused() {
    let server = Server::start();
    let r1 = server.sign_in("r1");
    let account = stop(&server.get("/api/v1/me/day", Some(&r1.cookie)).json(), 0);
    let body = record(&account, "visited", "");
    assert_eq!(server.post_json("/api/v1/reps/R1/visits", Some(&r1), None, &body).status, 403);
    let other = "f".repeat(64);
    assert_eq!(server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&other), &body).status, 403);
    let fields = [("account", account.as_str()), ("status", "visited")];
    assert_eq!(server.post_form("/rep/R1/visits", Some(&r1.cookie), &fields).status, 403);
    let wrong = [("csrf", other.as_str()), ("account", account.as_str()), ("status", "visited")];
    assert_eq!(server.post_form("/rep/R1/visits", Some(&r1.cookie), &wrong).status, 403);
    // Another session's token is no better.
    let r1_again = server.sign_in("r1");
    assert_eq!(
        server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1_again.csrf), &body).status,
        403
    );
    assert_eq!(server.post_form("/logout", Some(&r1.cookie), &[]).status, 403);
    assert!(server.recorded().is_empty());
}

#[test]
fn a_record_is_stored_once_and_the_manager_sees_it() {
    let server = Server::start();
    let r1 = server.sign_in("r1");
    let day = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    let (first, second) = (stop(&day, 0), stop(&day, 1));

    let reply = server.post_json(
        "/api/v1/reps/R1/visits",
        Some(&r1),
        Some(&r1.csrf),
        &record(&first, "visited", "met the owner"),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["added"], true);
    assert_eq!(reply.json()["state"], "visited");
    for again in [record(&first, "visited", ""), record(&first, "skipped", "closed")] {
        let reply = server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &again);
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.json()["added"], false);
        assert_eq!(reply.json()["state"], "visited", "the log is never rewritten");
    }
    // The page's form: skipped with its reason, then back to the day at that stop.
    let fields = [
        ("csrf", r1.csrf.as_str()),
        ("account", second.as_str()),
        ("status", "skipped"),
        ("note", "closed for inventory"),
    ];
    let reply = server.post_form("/rep/R1/visits", Some(&r1.cookie), &fields);
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(reply.header("location"), Some(format!("/rep/R1#stop-{second}").as_str()));
    let page = server.get("/rep/R1", Some(&r1.cookie)).body;
    assert!(page.contains(&format!("<li class=\"stop done\" id=\"stop-{first}\">")), "{page}");
    assert!(page.contains(&format!("<li class=\"stop skipped\" id=\"stop-{second}\">")), "{page}");
    assert!(page.contains("closed for inventory"));

    let recorded = server.recorded();
    assert_eq!(
        recorded,
        vec![
            (first.clone(), "R1".to_string(), "visited".to_string()),
            (second.clone(), "R1".to_string(), "skipped".to_string())
        ]
    );
    let manager = server.sign_in("manager");
    let seen = server.day_of(&manager, "R1");
    assert_eq!(seen["stops"][0]["state"], "visited");
    assert_eq!(seen["stops"][0]["note"], "met the owner");
    assert_eq!(seen["stops"][1]["state"], "skipped");
    let team = server.get("/api/v1/team/day", Some(&manager.cookie)).json();
    assert_eq!(team.as_array().unwrap().len(), 6, "every rep of the region");
    let page = server.get("/team", Some(&manager.cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg class=\"map\""), "the report's map");
    assert_eq!(page.body.matches("<g class=\"stop done\"").count(), 1);
    assert_eq!(page.body.matches("<g class=\"stop skipped\"").count(), 1);
}

#[test]
fn a_stop_marked_without_signal_is_recorded_for_the_day_it_was_marked() {
    // Yesterday had its plan too; the rep's phone kept yesterday's last stop and sends it today.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    std::fs::copy(template().join("team.db"), &db).unwrap();
    let yesterday_plan = dir.path().join("yesterday.json");
    let yesterday = "2026-11-30";
    stdout_ok(&[
        "plan",
        "--db",
        s(&db),
        "--date",
        yesterday,
        "--iterations",
        "300",
        "--quiet",
        "--out",
        s(&yesterday_plan),
    ]);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&yesterday_plan).unwrap()).unwrap();
    let route =
        plan["routes"].as_array().unwrap().iter().find(|r| r["rep"] == "R1").expect("R1 out yesterday");
    let last = route["stops"].as_array().unwrap().iter().rev().find_map(|s| s["account"].as_str()).unwrap();
    let server = Server::start_on(dir, db, &["--quiet"]);
    let r1 = server.sign_in("r1");

    let mark = |date: &str| {
        let fields = [("csrf", r1.csrf.as_str()), ("account", last), ("status", "visited"), ("date", date)];
        server.post_form("/rep/R1/visits", Some(&r1.cookie), &fields)
    };
    let reply = mark(yesterday);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let store = rounds::store::Store::open(&server.db).unwrap();
    let kept: Vec<_> = store.visits_on(yesterday.parse().unwrap()).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!((kept[0].record.account.as_str(), kept[0].record.rep.as_str()), (last, "R1"));
    assert!(server.recorded().is_empty(), "nothing recorded for today");
    // Today's page carries its day in every stop's form, for the phone to send with it.
    let page = server.get("/rep/R1", Some(&r1.cookie)).body;
    assert!(page.contains(&format!("<input type=\"hidden\" name=\"date\" value=\"{TODAY}\">")), "{page}");
    assert!(page.contains("<script src=\"/offline.js\" defer></script>"), "{page}");
    for script in ["/sw.js", "/offline.js"] {
        let reply = server.get(script, None);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-type"), Some("text/javascript; charset=utf-8"));
    }

    // Tomorrow, a week and a day ago, or no date at all: refused on the page, naming why.
    for (date, said) in [
        ("2026-12-02", "2026-12-02 (Wed) is after today"),
        ("2026-11-23", "2026-11-23 (Mon) is more than 7 days ago"),
        ("yesterday", "`yesterday` is not a date"),
    ] {
        let reply = mark(date);
        assert_eq!(reply.status, 400, "{date}: {}", reply.body);
        assert!(reply.body.contains(said), "{date}: {}", reply.body);
    }
    // The API takes the same member, with the same rule.
    let body = format!(r#"{{"account": "{last}", "status": "visited", "date": "2026-12-02"}}"#);
    let reply = server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &body);
    assert_eq!((reply.status, reply.field()), (400, "date".to_string()), "{}", reply.body);
    let body = format!(r#"{{"account": "{last}", "status": "visited", "date": "{yesterday}"}}"#);
    let reply = server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &body);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["added"], false, "recorded already, from the page");
}

#[test]
fn bad_input_is_answered_400_naming_the_field() {
    let server = Server::start();
    let r1 = server.sign_in("r1");
    let account = stop(&server.get("/api/v1/me/day", Some(&r1.cookie)).json(), 0);
    let post = |body: &str| server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), body);
    assert_eq!(post("{not json").field(), "body");
    assert_eq!(post(&record(&account, "done", "")).field(), "status");
    assert_eq!(post(&record(&account, "skipped", " ")).field(), "note");
    assert_eq!(post(&record(&account, "visited", &"x".repeat(501))).field(), "note");
    assert_eq!(post(&record("NO-SUCH", "visited", "")).field(), "account");
    assert_eq!(post(r#"{"status": "visited"}"#).field(), "account");
    assert_eq!(
        post(&format!(r#"{{"account": "{account}", "status": "visited", "date": "2026-11-01"}}"#)).field(),
        "date"
    );
    assert_eq!(server.get("/api/v1/reps/R9/day", Some(&server.sign_in("manager").cookie)).status, 404);
    // A page's body that is not its form (a field twice) is bad input too, on the error page.
    let form = format!("csrf={}&account={account}&status=visited&status=skipped", r1.csrf);
    let form_type = "application/x-www-form-urlencoded";
    let page = server.post_bytes("/rep/R1/visits", (Some(&r1.cookie), None), form_type, form.as_bytes());
    assert_eq!(page.status, 400, "{}", page.body);
    assert!(
        page.body.contains("<p class=\"error\" role=\"alert\">form: ") && page.body.contains("status"),
        "{}",
        page.body
    );
    assert!(server.recorded().is_empty());
}

#[test]
fn a_body_too_large_is_answered_413() {
    let server = Server::start();
    let r1 = server.sign_in("r1");
    let big = record("A0001", "visited", &"x".repeat(64 * 1024));
    assert_eq!(server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &big).status, 413);
    let note = "x".repeat(64 * 1024);
    let fields =
        [("csrf", r1.csrf.as_str()), ("account", "A0001"), ("status", "visited"), ("note", note.as_str())];
    assert_eq!(server.post_form("/rep/R1/visits", Some(&r1.cookie), &fields).status, 413);
    assert!(server.recorded().is_empty());
}

#[test]
fn the_pages_speak_the_browsers_language_until_the_user_picks_one() {
    let server = Server::start();
    let login = Reply::of(
        agent()
            .get(server.url("/login"))
            .header("Accept-Language", "ja-JP,ja;q=0.9,en;q=0.5")
            .call()
            .unwrap(),
    );
    assert!(login.body.contains("<html lang=\"ja\">") && login.body.contains("ログイン"), "{}", login.body);
    let reply = server.post_form("/login", None, &[("name", "r1"), ("password", PASSWORD), ("lang", "ja")]);
    let cookie = reply.header("set-cookie").unwrap().split(';').next().unwrap().to_string();
    let page = server.get("/rep/R1", Some(&cookie)).body;
    assert!(page.contains("2026年12月1日(火)") && page.contains("完了"), "{page}");
    let csrf = server.get("/api/v1/me", Some(&cookie)).json()["csrf"].as_str().unwrap().to_string();
    assert_eq!(server.post_form("/lang", Some(&cookie), &[("csrf", &csrf), ("lang", "en")]).status, 303);
    let page = server.get("/rep/R1", Some(&cookie)).body;
    assert!(page.contains("2026-12-01 (Tue)") && page.contains(">Done</button>"), "{page}");
    // Signing out ends the session for good.
    assert_eq!(server.post_form("/logout", Some(&cookie), &[("csrf", &csrf)]).status, 303);
    assert_eq!(server.get("/api/v1/me", Some(&cookie)).status, 401);
}

#[test]
fn a_refusal_on_a_page_is_a_page_in_the_users_language_and_json_on_the_api() {
    let server = Server::start();
    let html = |reply: &Reply| reply.header("content-type").is_some_and(|t| t.starts_with("text/html"));
    let japanese =
        |path: &str| Reply::of(agent().get(server.url(path)).header("Accept-Language", "ja").call().unwrap());
    // Nobody signed in: the browser's language, and the way to sign in.
    let reply = japanese("/no-such-page");
    assert_eq!(reply.status, 404);
    assert!(html(&reply), "{:?}", reply.header("content-type"));
    assert!(
        reply.body.contains("<html lang=\"ja\">") && reply.body.contains("<h1>見つかりません</h1>"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("href=\"/login?lang=ja\">ログイン</a>"), "{}", reply.body);
    let reply = japanese("/api/v1/no-such-page");
    assert_eq!((reply.status, reply.json()["error"].as_str()), (404, Some("no such page")));

    // Signed in: the session's language, whichever layer refused.
    let r1 = server.sign_in("r1");
    server.set_lang(&r1, "ja");
    let reply = server.get("/rep/R2", Some(&r1.cookie));
    assert_eq!(reply.status, 403);
    assert!(html(&reply) && reply.body.contains("<h1>権限がありません</h1>"), "{}", reply.body);
    assert!(reply.body.contains("href=\"/\">自分のページへ戻る</a>"), "{}", reply.body);
    assert!(reply.body.contains("ログアウト"), "the page keeps its sign-out button: {}", reply.body);
    assert_eq!(server.get("/api/v1/reps/R2/day", Some(&r1.cookie)).json()["error"], "not allowed");
    let reply = server.post_form("/lang", Some(&r1.cookie), &[("csrf", "stale"), ("lang", "en")]);
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("<h1>ページが古くなっています</h1>"), "{}", reply.body);
    // A body that is not the page's form: the field at fault in a Japanese sentence.
    let form = format!("csrf={}&account=A1&status=visited&status=skipped", r1.csrf);
    let form_type = "application/x-www-form-urlencoded";
    let reply = server.post_bytes("/rep/R1/visits", (Some(&r1.cookie), None), form_type, form.as_bytes());
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.contains("<p class=\"error\" role=\"alert\">form の入力を読めません: "),
        "{}",
        reply.body
    );
    server.set_lang(&r1, "en");
    let reply = server.get("/team", Some(&r1.cookie));
    assert!(reply.body.contains("<h1>Not allowed</h1>") && reply.body.contains(">Back to your page</a>"));
    // Signed out, a page sends the browser to sign in; the API says 401.
    let reply = server.get("/rep/R1", None);
    assert_eq!((reply.status, reply.header("location")), (303, Some("/login")));
    assert_eq!(server.get("/api/v1/me/day", None).status, 401);
}

#[test]
fn db_user_add_takes_the_password_from_stdin_or_a_file_never_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    std::fs::copy(template().join("team.db"), &db).unwrap();
    let refused = add_user(&db, "r9", &["--role", "rep"]);
    assert_eq!(refused.status.code(), Some(2), "--role rep needs --rep");
    let refused = add_user(&db, "r9", &["--role", "rep", "--rep", "R9"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(text(&refused.stderr).contains("`R9` is not a rep"), "{}", text(&refused.stderr));
    let password_file = dir.path().join("password.txt");
    std::fs::write(&password_file, "short\n").unwrap();
    let short = rounds(&[
        "db",
        "user",
        "add",
        s(&db),
        "boss",
        "--role",
        "manager",
        "--password-file",
        s(&password_file),
    ]);
    assert_eq!(short.status.code(), Some(2));
    std::fs::write(&password_file, "long enough now\n").unwrap();
    stdout_ok(&[
        "db",
        "user",
        "add",
        s(&db),
        "boss",
        "--role",
        "manager",
        "--password-file",
        s(&password_file),
    ]);
    let again = rounds(&[
        "db",
        "user",
        "add",
        s(&db),
        "boss",
        "--role",
        "manager",
        "--password-file",
        s(&password_file),
    ]);
    assert_eq!(again.status.code(), Some(2), "a name is taken once");
    assert_eq!(
        stdout_ok(&["db", "user", "list", s(&db)]),
        "boss  manager\nmanager  manager\nr1  rep R1\nr2  rep R2\n"
    );
}

#[test]
fn the_demo_is_one_command_with_a_published_plan_and_a_user_per_rep() {
    let demo = DemoServer::start(TODAY, &["--secure-cookies"]);
    let (base, printed) = (&demo.base, &demo.printed);
    assert!(printed[0].contains(&format!("plan 1 for {TODAY} published")), "{printed:?}");
    assert_eq!(printed.iter().filter(|l| l.contains("sign in as")).count(), 7, "a manager and 6 reps");
    let login = Reply::of(
        agent()
            .post(format!("{base}/login"))
            .send_form([("name", "r1"), ("password", &demo.password_of("r1"))])
            .unwrap(),
    );
    assert_eq!(login.status, 303);
    let cookie = login.header("set-cookie").unwrap().to_string();
    assert!(cookie.contains("; Secure"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap();
    let day =
        Reply::of(agent().get(format!("{base}/api/v1/me/day")).header("Cookie", cookie).call().unwrap());
    assert_eq!(day.status, 200);
    assert!(!day.json()["stops"].as_array().unwrap().is_empty(), "{}", day.body);
}
