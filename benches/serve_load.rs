//! `rounds serve` under a team's load: 200 simulated reps on loopback, each a
//! client that signs in, reads its day, records its stops one by one (and
//! again, as a phone that retries), and now and then re-plans ("running 20
//! minutes late"), for a fixed time. Prints requests per second, p50 and p99
//! latency per kind of request and errors by status, then checks that every
//! acknowledged record is in the database exactly once.
//!
//! `cargo bench --bench serve_load` (60 s); `cargo bench --bench serve_load -- 10`
//! or `ROUNDS_LOAD_S=10` for another duration.
//!
//! The rate limits are lifted (`--requests-per-s`, `--request-burst`,
//! `--sign-in-burst`): this measures what the server can do, not the limits.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rounds::store::Store;
use serde_json::Value;

#[path = "../tests/serve/load.rs"]
mod load;

use load::{Client, Team};

const REPS: usize = 200;
const ACCOUNTS: usize = 4000;
const TODAY: &str = "2026-12-01";
const PASSWORD: &str = "load test password";
/// Every how many records a client re-plans.
const REPLAN_EVERY: usize = 7;

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The duration: the first argument that is a number of seconds, else `ROUNDS_LOAD_S`, else 60.
fn duration() -> Duration {
    let arg = std::env::args().skip(1).find_map(|a| a.parse::<f64>().ok());
    let env = std::env::var("ROUNDS_LOAD_S").ok().and_then(|v| v.parse::<f64>().ok());
    Duration::from_secs_f64(arg.or(env).unwrap_or(60.0))
}

/// What one client saw.
#[derive(Default)]
struct Tally {
    /// Latencies by kind of request.
    latency: BTreeMap<&'static str, Vec<Duration>>,
    /// Answers other than 200, by kind and status.
    errors: BTreeMap<(&'static str, u16), usize>,
    /// Re-plans answered 404: the endpoint is not there.
    replan_missing: usize,
    /// Acknowledged records: account -> (rep, state).
    acked: Vec<(String, String, String)>,
}

/// A rep's phone.
struct Rep {
    client: Client,
    rep: String,
}

impl Rep {
    /// Sends a request, timing it: the status and the body as JSON (`null` when not JSON).
    fn send(&self, tally: &mut Tally, kind: &'static str, path: &str, body: Option<&str>) -> (u16, Value) {
        let started = Instant::now();
        let reply = match body {
            None => self.client.get(path),
            Some(body) => self.client.post_json(path, body),
        };
        let (status, reply) = reply.unwrap_or_else(|err| panic!("{kind} {path}: {err}"));
        tally.latency.entry(kind).or_default().push(started.elapsed());
        if status != 200 && !(kind == "replan" && status == 404) {
            *tally.errors.entry((kind, status)).or_default() += 1;
        }
        (status, reply)
    }

    /// The accounts of the day still to do, in order.
    fn to_do(&self, tally: &mut Tally) -> Vec<String> {
        let (status, day) = self.send(tally, "day", &format!("/api/v1/reps/{}/day", self.rep), None);
        if status != 200 {
            return Vec::new();
        }
        day["stops"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["state"] == "to_do")
            .map(|s| s["account"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Reads the day, records its stops (each twice), re-plans now and then, until `until`.
    fn run(&self, until: Instant) -> Tally {
        let mut tally = Tally::default();
        let mut replan = true;
        let mut recorded = 0usize;
        let mut done: Vec<String> = Vec::new();
        'day: while Instant::now() < until {
            let stops = self.to_do(&mut tally);
            let stops = if stops.is_empty() { done.clone() } else { stops };
            if stops.is_empty() {
                break;
            }
            for account in stops {
                if Instant::now() >= until {
                    break 'day;
                }
                let (kind, note) = ("visited", "");
                let body =
                    serde_json::json!({ "account": account, "status": kind, "note": note }).to_string();
                let path = format!("/api/v1/reps/{}/visits", self.rep);
                for kind in ["record", "record again"] {
                    let (status, reply) = self.send(&mut tally, kind, &path, Some(&body));
                    if status == 200 {
                        let state = reply["state"].as_str().unwrap_or_default().to_string();
                        tally.acked.push((account.clone(), self.rep.clone(), state));
                    }
                }
                if !done.contains(&account) {
                    done.push(account);
                }
                recorded += 1;
                if replan && recorded % REPLAN_EVERY == 0 {
                    let path = format!("/api/v1/reps/{}/replan", self.rep);
                    let (status, _) =
                        self.send(&mut tally, "replan", &path, Some(r#"{"kind":"late","minutes":20}"#));
                    if status == 404 {
                        tally.replan_missing += 1;
                        replan = false;
                    }
                    continue 'day;
                }
            }
        }
        tally
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn main() {
    let duration = duration();
    let dir = tempfile::tempdir().unwrap();
    let setup = Instant::now();
    let team = Team { accounts: ACCOUNTS, reps: REPS, seed: 1, iterations: 100, managers: &[] };
    let db = team.create(dir.path(), TODAY, PASSWORD);
    let mut server = Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(["serve", "--db", s(&db), "--listen", "127.0.0.1:0", "--today", TODAY, "--quiet"])
        .args(["--requests-per-s", "100000", "--request-burst", "100000", "--sign-in-burst", "1000"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let line = BufReader::new(server.stdout.take().unwrap()).lines().next().unwrap().unwrap();
    let base = format!("http://{}", line.split("http://").nth(1).unwrap().split_whitespace().next().unwrap());
    println!(
        "serve_load: {REPS} reps, {ACCOUNTS} accounts, {} s on loopback (set up in {:.1} s)",
        duration.as_secs_f64(),
        setup.elapsed().as_secs_f64()
    );

    let clients: Vec<Rep> = (1..=REPS)
        .map(|n| Rep { client: Client::sign_in(&base, &format!("r{n}"), PASSWORD), rep: format!("R{n}") })
        .collect();
    let tallies = Mutex::new(Vec::new());
    let started = Instant::now();
    let until = started + duration;
    std::thread::scope(|scope| {
        for client in &clients {
            let tallies = &tallies;
            scope.spawn(move || {
                let tally = client.run(until);
                tallies.lock().unwrap().push(tally);
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();

    let mut total = Tally::default();
    for tally in tallies.into_inner().unwrap() {
        for (kind, mut latencies) in tally.latency {
            total.latency.entry(kind).or_default().append(&mut latencies);
        }
        for (key, n) in tally.errors {
            *total.errors.entry(key).or_default() += n;
        }
        total.replan_missing += tally.replan_missing;
        total.acked.extend(tally.acked);
    }
    let requests: usize = total.latency.values().map(Vec::len).sum();
    println!("{requests} requests in {elapsed:.1} s: {:.0} requests/s", requests as f64 / elapsed);
    println!("{:<14} {:>9} {:>9} {:>9}", "request", "count", "p50 ms", "p99 ms");
    for (kind, latencies) in &mut total.latency {
        latencies.sort();
        println!(
            "{kind:<14} {:>9} {:>9.1} {:>9.1}",
            latencies.len(),
            percentile(latencies, 0.5),
            percentile(latencies, 0.99)
        );
    }
    if total.errors.is_empty() {
        println!("errors: none");
    }
    for ((kind, status), n) in &total.errors {
        println!("errors: {n} x {status} on {kind}");
    }
    if total.replan_missing > 0 {
        println!(
            "re-plan not available: POST /api/v1/reps/{{rep}}/replan answered 404 ({} clients); recording only",
            total.replan_missing
        );
    }

    // Every acknowledged record is stored once, in the state acknowledged.
    let store = Store::open(&db).unwrap();
    let mut stored: HashMap<String, (String, String)> = HashMap::new();
    for visit in store.visits_on(TODAY.parse().unwrap()).unwrap() {
        let again = stored.insert(
            visit.record.account.clone(),
            (visit.record.rep, visit.record.status.as_str().to_string()),
        );
        assert!(again.is_none(), "{} is stored twice", visit.record.account);
    }
    for (account, rep, state) in &total.acked {
        assert_eq!(
            stored.get(account),
            Some(&(rep.clone(), state.clone())),
            "acknowledged {account} of {rep}"
        );
    }
    println!(
        "checked: {} acknowledged answers, {} records stored, each once",
        total.acked.len(),
        stored.len()
    );
    let _ = server.kill();
    let _ = server.wait();
}
