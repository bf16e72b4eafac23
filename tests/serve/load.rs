//! A team driving a running `rounds serve` with many clients at once: the
//! team's database ([`team_db`]) and one client per rep ([`Client`]), each
//! with its own connection and session. Shared by the load tests in `ops`
//! and by `benches/serve_load.rs` (through `#[path]`), so the test and the
//! benchmark drive the server the same way.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use rounds::store::{Role, Store};
use serde_json::Value;

/// A generated team: how large, from which seed, and how long its plan is searched.
pub struct Team {
    /// Accounts of the generated region.
    pub accounts: usize,
    /// Reps of the generated region, each with a user named after the rep (`r1`..).
    pub reps: usize,
    /// The generator's seed.
    pub seed: u64,
    /// Search iterations of the published plan.
    pub iterations: u32,
    /// Managers' user names.
    pub managers: &'static [&'static str],
}

impl Team {
    /// `dir/team.db`: the region generated on 2026-11-30 and imported, the plan for
    /// `today` published, a user per rep (`r1`..) and the managers, all signing in
    /// with `password`.
    pub fn create(&self, dir: &Path, today: &str, password: &str) -> PathBuf {
        let region = dir.join("region");
        let db = dir.join("team.db");
        let plan = dir.join("plan.json");
        let (accounts, reps, seed) =
            (self.accounts.to_string(), self.reps.to_string(), self.seed.to_string());
        let iterations = self.iterations.to_string();
        let generate = ["generate", s(&region), "--accounts", &accounts, "--reps", &reps, "--seed", &seed];
        rounds_ok(&[&generate[..], &["--today", "2026-11-30"]].concat());
        rounds_ok(&["db", "init", s(&db)]);
        rounds_ok(&["db", "import", s(&db), s(&region), "--date", "2026-11-30"]);
        rounds_ok(&[
            "plan",
            "--db",
            s(&db),
            "--date",
            today,
            "--iterations",
            &iterations,
            "--quiet",
            "--out",
            s(&plan),
        ]);
        // One hash for all: hashing is slow on purpose and no one needs distinct passwords.
        let hash = rounds::server::auth::hash_password(password).unwrap();
        let mut store = Store::open(&db).unwrap();
        let reps: Vec<String> = store.snapshot().unwrap().region.reps.iter().map(|r| r.id.clone()).collect();
        assert_eq!(reps.len(), self.reps);
        for rep in reps {
            store.add_user(&rep.to_lowercase(), &Role::Rep(rep.clone()), &hash).unwrap();
        }
        for manager in self.managers {
            store.add_user(manager, &Role::Manager, &hash).unwrap();
        }
        db
    }
}

/// Runs the `rounds` binary, which must succeed.
fn rounds_ok(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_rounds")).args(args).output().expect("rounds runs");
    assert!(
        out.status.success(),
        "rounds {}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A client with its own connection and session, that shows statuses as they come
/// and reports a dead server as an error.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    cookie: String,
    csrf: String,
}

impl Client {
    /// Signs in at `base` as `name`: the session cookie and its CSRF token.
    pub fn sign_in(base: &str, name: &str, password: &str) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let reply =
            agent.post(format!("{base}/login")).send_form([("name", name), ("password", password)]).unwrap();
        assert_eq!(reply.status(), 303, "signing in as {name}");
        let cookie = reply.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        let mut me = agent.get(format!("{base}/api/v1/me")).header("Cookie", &cookie).call().unwrap();
        let me: Value = serde_json::from_str(&me.body_mut().read_to_string().unwrap()).unwrap();
        let csrf = me["csrf"].as_str().unwrap().to_string();
        Client { agent, base: base.to_string(), cookie, csrf }
    }

    /// `GET path`: the status and the body as JSON (`null` when not JSON).
    pub fn get(&self, path: &str) -> Result<(u16, Value), ureq::Error> {
        let reply = self.agent.get(format!("{}{path}", self.base)).header("Cookie", &self.cookie).call()?;
        answer(reply)
    }

    /// `POST path` with a JSON `body` and the session's CSRF token: the status and the
    /// body as JSON (`null` when not JSON).
    pub fn post_json(&self, path: &str, body: &str) -> Result<(u16, Value), ureq::Error> {
        let reply = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .header("Content-Type", "application/json")
            .send(body)?;
        answer(reply)
    }
}

fn answer(mut reply: ureq::http::Response<ureq::Body>) -> Result<(u16, Value), ureq::Error> {
    let text = reply.body_mut().read_to_string()?;
    Ok((reply.status().as_u16(), serde_json::from_str(&text).unwrap_or(Value::Null)))
}
