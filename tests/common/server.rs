//! A `rounds serve` for tests: the real binary on 127.0.0.1:0 over its own
//! copy of a database with the sample city imported, today's plan published
//! and three users, driven over HTTP with a client that shows statuses and
//! redirects as they come.

#![allow(dead_code)] // each server test binary uses its own part of the harness

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use super::{stdout_ok, text};

pub const REGION: &str = "fixtures/regions/helsinki-city";
pub const TODAY: &str = "2026-12-01";
pub const PASSWORD: &str = "correct horse battery";

pub fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `rounds db user add` with the password on stdin, as a script would.
pub fn add_user(db: &Path, name: &str, role: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(["db", "user", "add", s(db), name])
        .args(role)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refused command may exit before it reads the password: then the pipe is closed.
    let _ = child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes());
    child.wait_with_output().unwrap()
}

/// A new database `db` with `region` imported on 2026-11-30 and a plan for
/// [`TODAY`] published (searched `iterations` times).
pub fn publish_region(db: &Path, region: &Path, iterations: &str) {
    stdout_ok(&["db", "init", s(db)]);
    stdout_ok(&["db", "import", s(db), s(region), "--date", "2026-11-30"]);
    let plan = db.with_extension("plan.json");
    stdout_ok(&[
        "plan",
        "--db",
        s(db),
        "--date",
        TODAY,
        "--iterations",
        iterations,
        "--quiet",
        "--out",
        s(&plan),
    ]);
}

/// A database with the sample city imported, today's plan published and
/// three users (manager, r1 for R1, r2 for R2), made once; each test works on a copy.
pub fn template() -> &'static Path {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
            let db = dir.path().join("team.db");
            publish_region(&db, Path::new(REGION), "300");
            for (name, role) in [
                ("manager", &["--role", "manager"][..]),
                ("r1", &["--role", "rep", "--rep", "R1"]),
                ("r2", &["--role", "rep", "--rep", "R2"]),
            ] {
                let added = add_user(&db, name, role);
                assert!(added.status.success(), "{}", text(&added.stderr));
            }
            dir
        })
        .path()
}

/// A running server over its own copy of the template database; killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// A server over its own copy of the template, with `extra` arguments.
    pub fn start_with(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("team.db");
        std::fs::copy(template().join("team.db"), &db).unwrap();
        let args: Vec<&str> = ["--quiet"].into_iter().chain(extra.iter().copied()).collect();
        Server::start_on(dir, db, &args)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs in; the session cookie and its CSRF token.
    pub fn sign_in(&self, name: &str) -> Session {
        let reply = self.post_form("/login", None, &[("name", name), ("password", PASSWORD)]);
        assert_eq!(reply.status, 303, "{}", reply.body);
        let cookie = reply.header("set-cookie").expect("a session cookie");
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(attribute), "{cookie}");
        }
        let cookie = cookie.split(';').next().unwrap().to_string();
        let me = self.get("/api/v1/me", Some(&cookie));
        assert_eq!(me.status, 200);
        let csrf = me.json()["csrf"].as_str().unwrap().to_string();
        Session { cookie, csrf }
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = agent().get(self.url(path));
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        Reply::of(request.call().unwrap())
    }

    pub fn post_form(&self, path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Reply {
        let mut request = agent().post(self.url(path));
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        Reply::of(request.send_form(fields.iter().copied()).unwrap())
    }

    pub fn post_json(&self, path: &str, session: Option<&Session>, csrf: Option<&str>, body: &str) -> Reply {
        let cookie = session.map(|session| session.cookie.as_str());
        self.post_bytes(path, (cookie, csrf), "application/json", body.as_bytes())
    }

    /// Posts `body`, any bytes, as `content_type`, with a session cookie and
    /// an `X-CSRF-Token` header where given.
    pub fn post_bytes(
        &self,
        path: &str,
        (cookie, csrf): (Option<&str>, Option<&str>),
        content_type: &str,
        body: &[u8],
    ) -> Reply {
        let mut request = agent().post(self.url(path)).header("Content-Type", content_type);
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        if let Some(csrf) = csrf {
            request = request.header("X-CSRF-Token", csrf);
        }
        Reply::of(request.send(body).unwrap())
    }

    /// Rep `rep`'s day as the manager's API gives it.
    pub fn day_of(&self, manager: &Session, rep: &str) -> Value {
        let reply = self.get(&format!("/api/v1/reps/{rep}/day"), Some(&manager.cookie));
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    }

    /// The visits the database holds for today.
    pub fn recorded(&self) -> Vec<(String, String, String)> {
        let store = rounds::store::Store::open(&self.db).unwrap();
        let visits = store.visits_on(TODAY.parse().unwrap()).unwrap();
        visits
            .into_iter()
            .map(|v| (v.record.account, v.record.rep, v.record.status.as_str().to_string()))
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn of(mut response: ureq::http::Response<ureq::Body>) -> Reply {
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Reply { status: response.status().as_u16(), headers, body }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("{err}: {}", self.body))
    }

    /// The field a 400 names.
    pub fn field(&self) -> String {
        assert_eq!(self.status, 400, "{}", self.body);
        self.json()["field"].as_str().unwrap().to_string()
    }
}

/// A client that shows statuses and redirects as they come.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .build()
        .into()
}

/// The account of stop `k` (0-based) of a day.
pub fn stop(day: &Value, k: usize) -> String {
    day["stops"][k]["account"].as_str().unwrap().to_string()
}

pub fn record(account: &str, status: &str, note: &str) -> String {
    serde_json::json!({ "account": account, "status": status, "note": note }).to_string()
}

/// `rounds serve --demo` as a newcomer starts it, with the lines it printed
/// before its address (the plan, then a user and password per line).
pub struct DemoServer {
    child: Child,
    pub base: String,
    pub printed: Vec<String>,
}

impl DemoServer {
    /// Starts the demo on any free port, showing `today`, with `extra` arguments.
    pub fn start(today: &str, extra: &[&str]) -> DemoServer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rounds"))
            .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--today", today, "--quiet"])
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines().map(Result::unwrap);
        let mut printed = Vec::new();
        let base = loop {
            let line = lines.next().expect("the demo prints its users, then its address");
            if let Some(rest) = line.split("listening on ").nth(1) {
                break rest.split_whitespace().next().unwrap().to_string();
            }
            printed.push(line);
        };
        DemoServer { child, base, printed }
    }

    /// The password the demo printed for `name`.
    pub fn password_of(&self, name: &str) -> String {
        let line = self.printed.iter().find(|l| l.contains(&format!("sign in as {name} "))).unwrap();
        line.split("password ").nth(1).unwrap().split_whitespace().next().unwrap().to_string()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// rep: a server whose clock is pinned, for re-plans; pages in a language.

impl Server {
    /// A server as [`Server::start`] makes it, with `--now HH:MM` too.
    pub fn start_at(now: &str) -> Server {
        Server::start_with(&["--now", now])
    }

    /// Sets the session's language (`en` or `ja`), as the page's language button does.
    pub fn set_lang(&self, session: &Session, lang: &str) {
        let reply =
            self.post_form("/lang", Some(&session.cookie), &[("csrf", &session.csrf), ("lang", lang)]);
        assert_eq!(reply.status, 303, "{}", reply.body);
    }
}

// ---- ops: a server over a database of the test's own, with its own options, killed and restarted ----

/// `rounds serve --db db --today TODAY` on 127.0.0.1:0 with `args`, its request log going to
/// `log` (appended): the child and its base URL, once it listens.
pub fn spawn_server(db: &Path, args: &[&str], log: &Path) -> (Child, String) {
    spawn_server_at(db, "127.0.0.1:0", args, log)
}

/// [`spawn_server`] listening on `listen`.
fn spawn_server_at(db: &Path, listen: &str, args: &[&str], log: &Path) -> (Child, String) {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(["serve", "--db", s(db), "--listen", listen, "--today", TODAY])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().expect("the server prints its address").unwrap();
    let addr = line.split("http://").nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap();
    (child, format!("http://{addr}"))
}

impl Server {
    /// A server over `db`, a database in `dir` (removed when the server is dropped), with
    /// `args`; its stderr goes to `serve.log` in `dir` ([`Server::log`]).
    pub fn start_on(dir: tempfile::TempDir, db: PathBuf, args: &[&str]) -> Server {
        let (child, base) = spawn_server(&db, args, &dir.path().join("serve.log"));
        Server { child, base, db, _dir: dir }
    }

    /// What the server wrote to stderr ([`Server::start_on`] only).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("serve.log")).unwrap_or_default()
    }

    /// Kills the server with SIGKILL: nothing under way gets to finish.
    pub fn kill_now(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Starts the server again on the same database, with `args` (after [`Server::kill_now`]).
    pub fn restart(&mut self, args: &[&str]) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let (child, base) = spawn_server(&self.db, args, &self._dir.path().join("serve.log"));
        self.child = child;
        self.base = base;
    }

    /// [`Server::restart`] on the address it listened on, so that a browser finds it where it
    /// was (the same origin, the same service worker).
    pub fn restart_in_place(&mut self, args: &[&str]) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let listen = self.base.trim_start_matches("http://").to_string();
        let (child, base) = spawn_server_at(&self.db, &listen, args, &self._dir.path().join("serve.log"));
        assert_eq!(base, self.base);
        self.child = child;
    }
}
