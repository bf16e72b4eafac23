//! Operating `rounds serve`: many clients recording at once lose and double
//! nothing, not even when the server is killed with SIGKILL mid-flight; the
//! limits, the proxy setting and the request log.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use crate::common::server::{s, Server, PASSWORD, TODAY};
use crate::common::stdout_ok;
use crate::load::{Client, Team};
use rounds::store::Store;
use serde_json::Value;

/// Reps of the generated region, each with a user named after the rep (`r1`..`r20`).
const REPS: usize = 20;
/// Sign-ins come from one address here; the default allows ten at once.
const SIGN_IN_BURST: [&str; 2] = ["--sign-in-burst", "100"];

/// A generated region of [`REPS`] reps imported, today's plan published, a
/// user per rep and a manager, made once; each test works on a copy.
fn team_template() -> &'static Path {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
            let team = Team { accounts: 400, reps: REPS, seed: 7, iterations: 200, managers: &["manager"] };
            team.create(dir.path(), TODAY, PASSWORD);
            dir
        })
        .path()
}

/// A server over a copy of [`team_template`], with `args`.
fn start_team(args: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    std::fs::copy(team_template().join("team.db"), &db).unwrap();
    Server::start_on(dir, db, args)
}

/// Signs in as `name` with the common password.
fn sign_in(base: &str, name: &str) -> Client {
    Client::sign_in(base, name, PASSWORD)
}

/// The accounts of rep `rep`'s day, in order.
fn day_of(client: &Client, rep: &str) -> Vec<String> {
    let (status, day) = client.get(&format!("/api/v1/reps/{rep}/day")).unwrap();
    assert_eq!(status, 200);
    day["stops"].as_array().unwrap().iter().map(|s| s["account"].as_str().unwrap().to_string()).collect()
}

/// Records a stop (skipped with a reason for every fourth account, by its id, else
/// visited, so every client asks the same of an account): the status and the answer,
/// or an error when the server is gone.
fn record(client: &Client, rep: &str, account: &str) -> Result<(u16, Value), ureq::Error> {
    let (status, note) = intended(account);
    let body = serde_json::json!({ "account": account, "status": status, "note": note }).to_string();
    client.post_json(&format!("/api/v1/reps/{rep}/visits"), &body)
}

/// What every client records for `account`: `(status, note)`.
fn intended(account: &str) -> (&'static str, &'static str) {
    let number: u32 = account.trim_start_matches('A').parse().unwrap_or(0);
    if number % 4 == 3 {
        ("skipped", "closed for inventory")
    } else {
        ("visited", "")
    }
}

/// An acknowledged record: the account, the rep, whether this request added it, the state kept.
#[derive(Clone, Debug)]
struct Ack {
    account: String,
    rep: String,
    added: bool,
    state: String,
}

impl Ack {
    fn of(rep: &str, account: &str, reply: &Value) -> Ack {
        assert_eq!(reply["account"], account, "{reply}");
        Ack {
            account: account.to_string(),
            rep: rep.to_string(),
            added: reply["added"].as_bool().unwrap(),
            state: reply["state"].as_str().unwrap().to_string(),
        }
    }
}

/// Every rep id and the accounts of its day.
fn days(server: &Server) -> Vec<(String, Vec<String>)> {
    let manager = sign_in(&server.base, "manager");
    (1..=REPS)
        .map(|n| format!("R{n}"))
        .map(|rep| {
            let stops = day_of(&manager, &rep);
            (rep, stops)
        })
        .collect()
}

/// Every acknowledged record is in the database, once, as acknowledged.
fn assert_stored_once(server: &Server, acks: &[Ack]) -> HashMap<String, (String, String)> {
    let mut stored: HashMap<String, (String, String)> = HashMap::new();
    for (account, rep, status) in server.recorded() {
        let again = stored.insert(account.clone(), (rep, status));
        assert!(again.is_none(), "{account} is stored twice");
    }
    for ack in acks {
        let Some((rep, status)) = stored.get(&ack.account) else {
            panic!("acknowledged {ack:?} is not in the database");
        };
        assert_eq!((rep, status), (&ack.rep, &ack.state), "{ack:?}");
    }
    stored
}

#[test]
fn every_acknowledged_record_is_stored_exactly_once_under_concurrent_clients() {
    let server = start_team(&SIGN_IN_BURST);
    let days = days(&server);
    let total: usize = days.iter().map(|(_, stops)| stops.len()).sum();
    assert!(total >= 4 * REPS, "a day of {total} visits is too small to test with");
    let acks = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for (rep, stops) in &days {
            let acks = &acks;
            let base = &server.base;
            scope.spawn(move || {
                let client = sign_in(base, &rep.to_lowercase());
                // Each stop twice: a phone that retries after a lost answer.
                for account in stops.iter().chain(stops) {
                    let (status, reply) = record(&client, rep, account).unwrap();
                    assert_eq!(status, 200, "{rep} {account}: {reply}");
                    acks.lock().unwrap().push(Ack::of(rep, account, &reply));
                }
            });
        }
        // Two managers record every rep's day from the end at the same time, so the same
        // account is asked for from three clients at once.
        for _ in 0..2 {
            let (acks, days, base) = (&acks, &days, &server.base);
            scope.spawn(move || {
                let client = sign_in(base, "manager");
                for (rep, stops) in days {
                    for account in stops.iter().rev() {
                        let (status, reply) = record(&client, rep, account).unwrap();
                        assert_eq!(status, 200, "{rep} {account}: {reply}");
                        acks.lock().unwrap().push(Ack::of(rep, account, &reply));
                    }
                }
            });
        }
    });
    let acks = acks.into_inner().unwrap();
    assert_eq!(acks.len(), 4 * total, "every post was answered");
    let stored = assert_stored_once(&server, &acks);
    assert_eq!(stored.len(), total, "nothing is stored that no one asked for");
    for (rep, stops) in &days {
        for account in stops {
            let added = acks.iter().filter(|a| &a.account == account && a.added).count();
            assert_eq!(added, 1, "{rep} {account} was answered `added` {added} times");
            assert_eq!(stored[account].1, intended(account).0);
        }
    }
}

#[test]
fn a_server_killed_with_sigkill_under_load_keeps_every_acknowledged_record() {
    let mut server = start_team(&SIGN_IN_BURST);
    let days = days(&server);
    let total: usize = days.iter().map(|(_, stops)| stops.len()).sum();
    let clients: Vec<Client> =
        days.iter().map(|(rep, _)| sign_in(&server.base, &rep.to_lowercase())).collect();
    let acks = Mutex::new(Vec::new());
    let acked = AtomicUsize::new(0);
    let (cut_off, finished) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|scope| {
        for (client, (rep, stops)) in clients.iter().zip(&days) {
            let (acks, acked, cut_off, finished) = (&acks, &acked, &cut_off, &finished);
            scope.spawn(move || {
                // Every stop, then every stop again (bounded), until the server is gone.
                'rounds: for _ in 0..20 {
                    for account in stops {
                        match record(client, rep, account) {
                            Ok((200, reply)) => {
                                acks.lock().unwrap().push(Ack::of(rep, account, &reply));
                                acked.fetch_add(1, Ordering::SeqCst);
                            }
                            Ok((status, reply)) => panic!("{rep} {account}: {status} {reply}"),
                            Err(_) => {
                                cut_off.fetch_add(1, Ordering::SeqCst);
                                break 'rounds;
                            }
                        }
                    }
                }
                finished.fetch_add(1, Ordering::SeqCst);
            });
        }
        // Kill once half the day is acknowledged, while every client is still posting.
        while acked.load(Ordering::SeqCst) < total / 2 && finished.load(Ordering::SeqCst) < REPS {
            std::thread::sleep(Duration::from_millis(1));
        }
        server.kill_now();
    });
    assert!(cut_off.load(Ordering::SeqCst) > 0, "the server was killed while clients were posting");
    let acks = acks.into_inner().unwrap();
    assert!(!acks.is_empty());

    let conn = rusqlite::Connection::open(&server.db).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    drop(conn);

    server.restart(&SIGN_IN_BURST);
    assert_stored_once(&server, &acks);
    // The clients come back and finish the day: what was acknowledged is kept, the rest added.
    for (rep, stops) in &days {
        let client = sign_in(&server.base, &rep.to_lowercase());
        for account in stops {
            let (status, reply) = record(&client, rep, account).unwrap();
            assert_eq!(status, 200, "{reply}");
            let before = acks.iter().any(|a| &a.account == account);
            assert!(
                !before || reply["added"] == false,
                "{account} was acknowledged before the kill: {reply}"
            );
        }
    }
    let stored = assert_stored_once(&server, &acks);
    assert_eq!(stored.len(), total);
}

/// A server over a copy of the common template (the sample city, r1, r2, manager), with `args`.
fn start_city(args: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    std::fs::copy(crate::common::server::template().join("team.db"), &db).unwrap();
    Server::start_on(dir, db, args)
}

/// `rounds db key add` on the server's database: the key it prints once.
fn add_key(server: &Server, name: &str) -> String {
    let out = stdout_ok(&["db", "key", "add", s(&server.db), name]);
    assert!(out.contains(&format!("added API key `{name}`")), "{out}");
    out.lines().last().unwrap().to_string()
}

/// `POST path` with `body`, and `Authorization: Bearer key` when given.
fn post_vroom(server: &Server, path: &str, key: Option<&str>, body: &str) -> crate::common::server::Reply {
    let mut request =
        crate::common::server::agent().post(server.url(path)).header("Content-Type", "application/json");
    if let Some(key) = key {
        request = request.header("Authorization", &format!("Bearer {key}"));
    }
    crate::common::server::Reply::of(request.send(body).unwrap())
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vroom").join(name)).unwrap()
}

/// The response checked by the independent validator, as a caller could.
fn assert_valid_vroom(request: &str, response: &str) -> rounds::interop::vroom::VroomResponse {
    use rounds::interop::vroom::{check::check_vroom, parse_vroom_request, parse_vroom_response};
    let request = parse_vroom_request(request, Path::new("request")).unwrap();
    let response = parse_vroom_response(response, Path::new("response")).unwrap();
    let report = check_vroom(&request, &response, &rounds::travel::StraightLine::default()).unwrap();
    assert!(report.is_valid(), "{:?}", report.violations);
    response
}

#[test]
fn the_vroom_endpoint_answers_a_vroom_request_as_vroom_does_to_a_key_holder() {
    let server = start_city(&[]);
    let key = add_key(&server, "dispatch tool");
    let request = fixture("example_2.json");
    for path in ["/vroom", "/api/v1/vroom"] {
        let reply = post_vroom(&server, path, Some(&key), &request);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        assert!(reply.header("content-type").unwrap().starts_with("application/json"));
        let response = assert_valid_vroom(&request, &reply.body);
        // What VROOM's documentation answers for this request.
        assert_eq!(response.code, 0);
        assert_eq!(response.summary.cost, 5461);
    }
    // The key may come in the query, for tools that cannot set a header.
    let reply = crate::common::server::Reply::of(
        crate::common::server::agent()
            .post(server.url(&format!("/vroom?api_key={key}")))
            .header("Content-Type", "application/json")
            .send(&request)
            .unwrap(),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    // The log names the key, never the key itself.
    let log = server.log();
    assert!(log.contains("POST /vroom 200") && log.contains("key:dispatch_tool"), "{log}");
    assert!(!log.contains(&key), "{log}");

    // Larger than the pages' 16 KiB: 150 jobs with coordinates and names.
    let jobs: Vec<Value> = (0..150)
        .map(|k| {
            let (lat, lon) = (60.15 + (k % 15) as f64 * 0.004, 24.90 + (k / 15) as f64 * 0.006);
            serde_json::json!({ "id": k + 1, "location": [lon, lat], "service": 300,
                "description": format!("customer {k} on a street with a long and winding name") })
        })
        .collect();
    let vehicles = serde_json::json!([{ "id": 1, "start": [24.93, 60.17], "end": [24.93, 60.17] },
                                      { "id": 2, "start": [24.93, 60.17], "end": [24.93, 60.17] }]);
    let large = serde_json::json!({ "jobs": jobs, "vehicles": vehicles }).to_string();
    assert!(large.len() > 16 * 1024);
    let reply = post_vroom(&server, "/vroom", Some(&key), &large);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let response = assert_valid_vroom(&large, &reply.body);
    assert_eq!(response.summary.unassigned, 0);
}

#[test]
fn the_vroom_endpoint_refuses_as_vroom_express_does() {
    let server = start_city(&["--vroom-max-bytes", "4096"]);
    let key = add_key(&server, "tool");
    let request = fixture("example_2.json");
    let code_of = |reply: &crate::common::server::Reply| reply.json()["code"].as_i64().unwrap();

    let reply = post_vroom(&server, "/vroom", None, &request);
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    assert!(reply.json()["error"].as_str().unwrap().contains("API key"));
    let reply = post_vroom(&server, "/vroom", Some(&"0".repeat(64)), &request);
    assert_eq!(reply.status, 401, "an unknown key: {}", reply.body);

    // A session grants nothing here: the endpoint is for keys, so CSRF does not apply and the cookie is ignored.
    let manager = server.sign_in("manager");
    let reply = crate::common::server::Reply::of(
        crate::common::server::agent()
            .post(server.url("/vroom"))
            .header("Cookie", &manager.cookie)
            .header("Content-Type", "application/json")
            .send(&request)
            .unwrap(),
    );
    assert_eq!(reply.status, 401, "{}", reply.body);
    // ... while every cookie-authenticated POST still needs its CSRF token.
    let day = server.day_of(&manager, "R1");
    let record = crate::common::server::record(&crate::common::server::stop(&day, 0), "visited", "");
    let reply = server.post_json("/api/v1/reps/R1/visits", Some(&manager), None, &record);
    assert_eq!(reply.status, 403, "{}", reply.body);

    let reply = post_vroom(&server, "/vroom", Some(&key), "{\"jobs\": [");
    assert_eq!((reply.status, code_of(&reply)), (400, 2), "{}", reply.body);
    let reply = post_vroom(
        &server,
        "/vroom",
        Some(&key),
        r#"{"jobs": [], "vehicles": [{"id": 1, "start": "here"}]}"#,
    );
    assert_eq!((reply.status, code_of(&reply)), (400, 2), "{}", reply.body);
    assert!(reply.json()["error"].as_str().unwrap().contains("vehicles[0]"), "{}", reply.body);

    let padded = format!(r#"{{"jobs": [], "vehicles": [], "pad": "{}"}}"#, "x".repeat(5000));
    let reply = post_vroom(&server, "/vroom", Some(&key), &padded);
    assert_eq!((reply.status, code_of(&reply)), (413, 4), "{}", reply.body);

    // A removed key is refused from then on.
    let listed = stdout_ok(&["db", "key", "list", s(&server.db)]);
    assert!(listed.starts_with("tool  added "), "{listed}");
    assert!(!listed.contains(&key));
    stdout_ok(&["db", "key", "remove", s(&server.db), "tool"]);
    let reply = post_vroom(&server, "/vroom", Some(&key), &request);
    assert_eq!(reply.status, 401, "{}", reply.body);
    let run = crate::common::rounds(&["db", "key", "remove", s(&server.db), "tool"]);
    assert_eq!(run.status.code(), Some(2), "no such key: bad input");
}

#[test]
fn open_vroom_needs_no_key() {
    let server = start_city(&["--open-vroom"]);
    let reply = post_vroom(&server, "/vroom", None, &fixture("example_2.json"));
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn a_signed_in_session_has_its_own_rate_limit_and_anonymous_requests_share_the_address() {
    let server = start_city(&["--requests-per-s", "0.001", "--request-burst", "4"]);
    // Sign-in: one anonymous request; then the session's own bucket.
    let r1 = server.sign_in("r1");
    let statuses: Vec<u16> = (0..4).map(|_| server.get("/api/v1/me", Some(&r1.cookie)).status).collect();
    assert_eq!(statuses, [200, 200, 200, 429], "the sign-in's /api/v1/me took the first token");
    let r2 = server.sign_in("r2");
    assert_eq!(server.get("/api/v1/me", Some(&r2.cookie)).status, 200, "another session is not held back");
    // Two sign-ins took two of the address's four tokens.
    let statuses: Vec<u16> = (0..3).map(|_| server.get("/login", None).status).collect();
    assert_eq!(statuses, [200, 200, 429]);
    let limited = server.get("/login", None);
    assert_eq!(limited.header("retry-after"), Some("5"));
    assert!(
        limited.body.contains("<h1>Too many requests</h1>"),
        "a page's path gets a page: {}",
        limited.body
    );
    let limited = server.get("/api/v1/me", Some(&r1.cookie));
    assert_eq!((limited.status, limited.header("retry-after")), (429, Some("5")));
    assert_eq!(limited.json()["error"], "too many requests; wait a moment");
}

#[test]
fn behind_a_trusted_proxy_the_forwarded_address_is_the_client() {
    let get = |server: &Server, forwarded: &str| {
        let request =
            crate::common::server::agent().get(server.url("/login")).header("X-Forwarded-For", forwarded);
        crate::common::server::Reply::of(request.call().unwrap()).status
    };
    let server = start_city(&["--trust-proxy", "--requests-per-s", "0.001", "--request-burst", "2"]);
    let statuses: Vec<u16> = (0..3).map(|_| get(&server, "198.51.100.1, 203.0.113.1")).collect();
    assert_eq!(statuses, [200, 200, 429]);
    // What the client wrote before the proxy's entry changes nothing; another client address has its own bucket.
    assert_eq!(get(&server, "198.51.100.9, 203.0.113.1"), 429);
    assert_eq!(get(&server, "198.51.100.1, 203.0.113.2"), 200);

    let server = start_city(&["--requests-per-s", "0.001", "--request-burst", "2"]);
    let statuses: Vec<u16> =
        ["203.0.113.1", "203.0.113.2", "203.0.113.3"].iter().map(|a| get(&server, a)).collect();
    assert_eq!(statuses, [200, 200, 429], "without --trust-proxy the header is ignored");
}

#[test]
fn every_request_is_logged_on_one_line_without_secrets_unless_quiet() {
    let server = start_city(&[]);
    let r1 = server.sign_in("r1");
    let day = server.day_of(&server.sign_in("manager"), "R1");
    let record = crate::common::server::record(&crate::common::server::stop(&day, 0), "visited", "");
    assert_eq!(server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &record).status, 200);
    assert_eq!(server.get("/api/v1/team/day?secret=1", Some(&r1.cookie)).status, 403);
    let log = server.log();
    let lines: Vec<&str> = log.lines().collect();
    let line =
        |needle: &str| lines.iter().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {log}"));
    let fields: Vec<&str> = line("POST /login").split(' ').collect();
    assert_eq!(fields.len(), 6, "time, method, path, status, ms, user: {fields:?}");
    assert!(fields[0].ends_with('Z') && fields[4].ends_with("ms"), "{fields:?}");
    assert_eq!((fields[3], fields[5]), ("303", "-"), "the sign-in itself is anonymous");
    assert!(line("POST /api/v1/reps/R1/visits 200").ends_with(" r1"));
    assert!(line("GET /api/v1/team/day 403").ends_with(" r1"), "the query is left out");
    let token = r1.cookie.split('=').nth(1).unwrap();
    for secret in [PASSWORD, token, &r1.csrf, "secret=1"] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }

    let quiet = start_city(&["--quiet"]);
    quiet.sign_in("r1");
    assert_eq!(quiet.log(), "");
}

#[test]
fn a_log_on_a_full_disk_loses_its_lines_not_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    std::fs::copy(crate::common::server::template().join("team.db"), &db).unwrap();
    // The server's stderr is `serve.log` in its folder: here a disk with no room left.
    std::os::unix::fs::symlink("/dev/full", dir.path().join("serve.log")).unwrap();
    let server = Server::start_on(dir, db, &[]);
    let r1 = server.sign_in("r1");
    let day = server.day_of(&server.sign_in("manager"), "R1");
    let record = crate::common::server::record(&crate::common::server::stop(&day, 0), "visited", "");
    assert_eq!(server.post_json("/api/v1/reps/R1/visits", Some(&r1), Some(&r1.csrf), &record).status, 200);
    assert_eq!(server.recorded().len(), 1);
    assert_eq!(server.get("/login", None).status, 200, "still answering");
}

#[test]
fn db_backup_copies_the_database_while_the_server_runs_and_never_overwrites() {
    let server = start_city(&[]);
    let manager = server.sign_in("manager");
    let day = server.day_of(&manager, "R2");
    let account = crate::common::server::stop(&day, 0);
    let record = crate::common::server::record(&account, "visited", "");
    assert_eq!(
        server.post_json("/api/v1/reps/R2/visits", Some(&manager), Some(&manager.csrf), &record).status,
        200
    );
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    let out = stdout_ok(&["db", "backup", s(&server.db), s(&backup)]);
    assert!(out.starts_with("backed ") && out.contains("backup.db"), "{out}");
    let copy = Store::open(&backup).unwrap();
    let visits = copy.visits_on(TODAY.parse().unwrap()).unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].record.account, account);
    assert_eq!(copy.users().unwrap().len(), 3);
    drop(copy);

    let before = std::fs::read(&backup).unwrap();
    let again = crate::common::rounds(&["db", "backup", s(&server.db), s(&backup)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(crate::common::text(&again.stderr).contains("exists"), "{}", crate::common::text(&again.stderr));
    assert_eq!(std::fs::read(&backup).unwrap(), before, "the existing file is untouched");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind: {left:?}");
}

#[test]
fn the_openapi_description_is_served_to_anyone() {
    let server = start_city(&["--quiet"]);
    let reply = server.get("/api/v1/openapi.json", None);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    for (method, path) in [
        ("get", "/api/v1/me"),
        ("get", "/api/v1/reps/{rep}/day"),
        ("post", "/api/v1/reps/{rep}/visits"),
        ("get", "/api/v1/team/day"),
        ("post", "/vroom"),
        ("post", "/api/v1/vroom"),
    ] {
        assert!(doc["paths"][path][method]["responses"].is_object(), "{method} {path}");
    }
}
