//! Every endpoint that takes a body, sent mutated copies of valid bodies
//! by a user allowed to call it, as a client with a bug or a hostile one
//! would: half with the readers' mutations of the bytes
//! (`common/mutate.rs`), half with one member or field removed or its value
//! replaced by one of their tokens, so that most reach the rules behind the
//! parser. The server answers every request with a status below 500 and
//! never the framework's 422 (a 400 from the API names the field at fault),
//! it still answers afterwards, and what a rep sends never changes another
//! rep's day or visits. The manager's reads get mutated paths and query
//! strings, with the same rules.
//!
//! `ROUNDS_FUZZ_CASES` sets the requests per valid body (default
//! [`DEFAULT_CASES`]), `ROUNDS_FUZZ_SEED` another seed; a failing body is
//! shown in the assertion.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::server::{record, stop, Reply, Server, Session, TODAY};
use crate::mutate::{mutate, TOKENS};
use rounds::solver::rng::Rng;

/// A server taking a flood from one session: the rate limits (tested in
/// `ops`) would answer most of it 429 before it reached a handler.
const FLOOD: [&str; 4] = ["--requests-per-s", "10000", "--request-burst", "10000"];

/// Requests per valid body in a plain `cargo test`: a few seconds in all.
const DEFAULT_CASES: usize = 40;

fn cases() -> usize {
    std::env::var("ROUNDS_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES)
}

fn rng() -> Rng {
    Rng::new(std::env::var("ROUNDS_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(11))
}

/// How an endpoint takes its body.
#[derive(Clone, Copy, Debug)]
enum Body {
    /// JSON, the session's CSRF token in its header (the API).
    Json,
    /// A form, the CSRF token its first field, kept whole (the pages).
    Form,
    /// A VROOM request (no session; the server runs with `--open-vroom`).
    Vroom,
}

/// Sends `cases()` mutated copies of each of `bodies` (path, valid body) as
/// `who`, asserting what the module promises of each answer.
fn send_mutated(server: &Server, who: &Session, kind: Body, bodies: &[(&str, String)], rng: &mut Rng) {
    for (path, body) in bodies {
        let mut statuses = BTreeMap::new();
        for case in 0..cases() {
            // The first as it is, so that the bodies are known to be valid.
            let mutated = match (rng.chance(0.5), kind) {
                _ if case == 0 => body.as_bytes().to_vec(),
                (false, _) => mutate(body.as_bytes(), rng),
                (true, Body::Form) => mutate_field(body, rng),
                (true, Body::Json | Body::Vroom) => mutate_member(body, rng),
            };
            let reply = match kind {
                Body::Json => server.post_bytes(
                    path,
                    (Some(&who.cookie), Some(&who.csrf)),
                    "application/json",
                    &mutated,
                ),
                Body::Form => {
                    let mut form = format!("csrf={}&", who.csrf).into_bytes();
                    form.extend_from_slice(&mutated);
                    server.post_bytes(
                        path,
                        (Some(&who.cookie), None),
                        "application/x-www-form-urlencoded",
                        &form,
                    )
                }
                Body::Vroom => server.post_bytes(path, (None, None), "application/json", &mutated),
            };
            if case == 0 {
                assert_ne!(reply.status, 400, "{path}: the valid body was refused: {}", reply.body);
            }
            let sent = format!("{path} case {case}, {:?}", String::from_utf8_lossy(&mutated));
            check_answer(&sent, &reply, matches!(kind, Body::Json), &mut statuses);
        }
        assert_eq!(
            server.get("/api/v1/me", Some(&who.cookie)).status,
            200,
            "the server answers after {path}"
        );
        eprintln!("fuzz {path}: {} requests, answered {statuses:?}", cases());
    }
}

/// What the module promises of every answer, `sent` naming the request:
/// below 500 and never 422, and from the API (`api`) a 400 naming its
/// field. Counts the answer's status in `statuses`.
fn check_answer(sent: &str, reply: &Reply, api: bool, statuses: &mut BTreeMap<u16, usize>) {
    *statuses.entry(reply.status).or_default() += 1;
    assert!(reply.status < 500 && reply.status != 422, "{sent}: {}: {}", reply.status, reply.body);
    if api && reply.status == 400 {
        let answer: Value = serde_json::from_str(&reply.body).unwrap_or_default();
        assert!(answer["field"].is_string(), "{sent}: a 400 without a field: {}", reply.body);
    }
}

/// `bytes` with every one but ASCII letters, digits and `keep` percent-encoded.
fn percent_encoded(bytes: &[u8], keep: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || keep.contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// One of [`TOKENS`], or a valid value with one appended.
fn token(valid: &str, rng: &mut Rng) -> String {
    let token = TOKENS[rng.below(TOKENS.len())];
    if rng.chance(0.5) {
        token.to_string()
    } else {
        format!("{valid}{token}")
    }
}

/// `body`, a JSON object, with one member removed or its value replaced: by
/// a token as a string, or as JSON where the token is JSON (a number, null,
/// an array).
fn mutate_member(body: &str, rng: &mut Rng) -> Vec<u8> {
    let mut value: Value = serde_json::from_str(body).unwrap();
    let object = value.as_object_mut().unwrap();
    let key = object.keys().nth(rng.below(object.len())).unwrap().clone();
    let valid = object[&key].as_str().map_or_else(|| object[&key].to_string(), str::to_string);
    match rng.below(3) {
        0 => {
            object.remove(&key);
        }
        1 => object[&key] = Value::String(token(&valid, rng)),
        _ => {
            let token = token(&valid, rng);
            object[&key] = serde_json::from_str(&token).unwrap_or(Value::String(token));
        }
    }
    serde_json::to_vec(&value).unwrap()
}

/// `body`, a form, with one field removed or its value replaced by a token
/// (percent-encoded, as a browser sends it).
fn mutate_field(body: &str, rng: &mut Rng) -> Vec<u8> {
    let mut fields: Vec<(String, String)> = body
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap();
            (name.to_string(), value.to_string())
        })
        .collect();
    let k = rng.below(fields.len());
    if rng.chance(0.25) {
        fields.remove(k);
    } else {
        fields[k].1 = percent_encoded(token(&fields[k].1, rng).as_bytes(), b"");
    }
    let pairs: Vec<String> = fields.iter().map(|(name, value)| format!("{name}={value}")).collect();
    pairs.join("&").into_bytes()
}

/// `path` with its id (the last segment that holds a digit: `R1`, `A0001`,
/// a job's number) replaced by a token, the query kept: a request that
/// reaches the handler, where bytes mutated anywhere mostly name no route.
/// `None` where no segment holds a digit.
fn mutate_segment(path: &str, rng: &mut Rng) -> Option<Vec<u8>> {
    let (route, query) = path.split_once('?').map_or((path, None), |(r, q)| (r, Some(q)));
    let mut segments: Vec<String> = route.split('/').map(str::to_string).collect();
    let k = segments.iter().rposition(|segment| segment.bytes().any(|b| b.is_ascii_digit()))?;
    segments[k] = token(&segments[k], rng);
    let route = segments.join("/");
    let url = match query {
        Some(query) => format!("{route}?{query}"),
        None => route,
    };
    Some(url.into_bytes())
}

/// Reads `cases()` mutated copies of each of `paths` (a path and query
/// that are valid) as `who`: bytes mutated, an id in the path or a query
/// value replaced by a token, then every byte a URL may not hold
/// percent-encoded. The answers must be as for a body ([`send_mutated`]);
/// the API's refusals are JSON naming the field, a page's are its error
/// page.
fn get_mutated(server: &Server, who: &Session, paths: &[&str], rng: &mut Rng) {
    for path in paths {
        let mut statuses = BTreeMap::new();
        for case in 0..cases() {
            let mutated = match (case, path.split_once('?'), rng.below(3)) {
                (0, _, _) => path.as_bytes().to_vec(),
                (_, Some((route, query)), 0) => {
                    let mut url = format!("{route}?").into_bytes();
                    url.extend(mutate_field(query, rng));
                    url
                }
                (_, _, 1) => mutate_segment(path, rng).unwrap_or_else(|| mutate(path.as_bytes(), rng)),
                _ => mutate(path.as_bytes(), rng),
            };
            let url = percent_encoded(&mutated, b"-._~/?&=%");
            let url = if url.starts_with('/') { url } else { format!("/{url}") };
            let reply = server.get(&url, Some(&who.cookie));
            if case == 0 {
                assert_eq!(reply.status, 200, "{path}: {}", reply.body);
            }
            check_answer(&url, &reply, url.starts_with("/api/"), &mut statuses);
        }
        eprintln!("fuzz GET {path}: {} requests, answered {statuses:?}", cases());
    }
}

/// What the manager's API shows of rep R2 today: the day and the visits
/// recorded. Not the id of the plan in force, which a re-plan of R1's day
/// renews for the team with R2's day as it was.
fn r2_today(server: &Server, manager: &Session) -> (Value, Vec<(String, String, String)>) {
    let visits = server.recorded().into_iter().filter(|(_, rep, _)| rep == "R2").collect();
    let mut day = server.day_of(manager, "R2");
    day.as_object_mut().unwrap().remove("plan_id");
    (day, visits)
}

#[test]
fn a_rep_sending_mutated_bodies_gets_answers_and_changes_nobody_elses_day() {
    let server = Server::start_with(&[&FLOOD[..], &["--iterations", "40", "--now", "10:30"]].concat());
    let manager = server.sign_in("manager");
    let r1 = server.sign_in("r1");
    let r2_before = r2_today(&server, &manager);
    let day = server.get("/api/v1/me/day", Some(&r1.cookie)).json();
    let (first, second) = (stop(&day, 0), stop(&day, 1));
    // An account the rep may add as urgent: the first the rep's page offers.
    let page = server.get("/rep/R1", Some(&r1.cookie)).body;
    let urgent = page.split("<option value=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    let mut rng = rng();
    let json = [
        ("/api/v1/reps/R1/visits", record(&first, "visited", "order taken")),
        ("/api/v1/reps/R1/visits", record(&second, "skipped", "closed today")),
        ("/api/v1/reps/R1/replan", r#"{"kind": "late", "minutes": 15}"#.to_string()),
        ("/api/v1/reps/R1/replan", format!(r#"{{"kind": "urgent", "account": "{urgent}"}}"#)),
    ];
    send_mutated(&server, &r1, Body::Json, &json, &mut rng);
    let forms = [
        ("/rep/R1/visits", format!("account={first}&status=visited&note=order+taken")),
        ("/rep/R1/replan", "kind=late&minutes=20".to_string()),
        ("/lang", "lang=ja".to_string()),
    ];
    send_mutated(&server, &r1, Body::Form, &forms, &mut rng);
    assert_eq!(r2_today(&server, &manager), r2_before, "R1's requests changed R2's day or visits");
}

#[test]
fn a_manager_sending_mutated_bodies_gets_answers() {
    let server = Server::start_with(&[&FLOOD[..], &["--iterations", "40", "--open-vroom"]].concat());
    let manager = server.sign_in("manager");
    let mut rng = rng();
    let absence = r#"{"rep": "R2", "from": "2026-12-02", "to": "2026-12-03", "start": "13:00", "end": "17:00", "note": "doctor"}"#;
    let appointment = r#"{"account": "A0002", "date": "2026-12-02", "start": "14:00", "duration_min": "45", "note": "price talk"}"#;
    let json = [
        ("/api/v1/team/calendar/absences", absence.to_string()),
        ("/api/v1/team/calendar/absences/remove", absence.to_string()),
        ("/api/v1/team/calendar/appointments", appointment.to_string()),
        ("/api/v1/team/calendar/appointments", r#"{"account": "A0003", "date": "2026-12-03", "window": "10:00-11:00"}"#.to_string()),
        ("/api/v1/team/calendar/appointments/remove", appointment.to_string()),
        (
            "/api/v1/team/accounts/A0001",
            r#"{"every_days": "21", "territory": "R2", "priority": "high", "service_min": "25", "windows": "Mon-Fri 09:00-17:00", "preferred_days": "Tue Thu"}"#.to_string(),
        ),
        ("/api/v1/team/publish", format!(r#"{{"kind": "day", "date": "{TODAY}"}}"#)),
        ("/api/v1/team/publish", r#"{"kind": "week", "from": "2026-12-02", "days": 2}"#.to_string()),
    ];
    send_mutated(&server, &manager, Body::Json, &json, &mut rng);
    let forms = [
        ("/team/calendar/absences", "rep=R3&from=2026-12-04&to=2026-12-04&note=training".to_string()),
        ("/team/calendar/appointments", "account=A0004&date=2026-12-04&start=09%3A30".to_string()),
        ("/team/accounts/A0005", "every_days=14&priority=low&windows=09%3A00-12%3A00".to_string()),
        ("/team/publish", "kind=day&date=2026-12-03".to_string()),
    ];
    send_mutated(&server, &manager, Body::Form, &forms, &mut rng);
    let vroom = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vroom/example_2.json"),
    )
    .unwrap();
    send_mutated(&server, &manager, Body::Vroom, &[("/vroom", vroom)], &mut rng);
    let reads = [
        "/api/v1/reps/R1/day",
        "/api/v1/reps/R1/week",
        "/api/v1/team/calendar/absences",
        "/api/v1/team/accounts/A0001",
        "/api/v1/team/jobs/1",
        "/api/v1/team/week?from=2026-12-01",
        "/api/v1/team/adherence?from=2026-11-01&to=2026-12-01",
        "/api/v1/team/territories?from=2026-12-01&weeks=1",
        "/rep/R1/week",
        "/team/accounts/A0001",
        "/team/jobs/1",
        "/team/week?from=2026-12-01",
        "/team/schedule.csv?date=2026-12-01",
        "/team/adherence?from=2026-11-01&to=2026-12-01",
        "/team/territories?from=2026-12-01&weeks=1",
    ];
    get_mutated(&server, &manager, &reads, &mut rng);
}
