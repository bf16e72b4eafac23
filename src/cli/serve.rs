//! `rounds serve`: the team's pages and JSON API over the database, until
//! Ctrl-C. `--demo` builds a temporary database of the sample region first.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::model::limits::{self, Range};
use rounds::model::time::parse_clock;
use rounds::model::Seconds;
use rounds::server::{serve, RateLimits, ServeConfig, VroomSettings};
use rounds::store::Role;

/// Arguments of `rounds serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The team's database (`rounds db init`, `rounds db import`, `rounds db user add`).
    #[arg(long, value_name = "DB", required_unless_present = "demo", conflicts_with = "demo")]
    db: Option<PathBuf>,
    /// Address and port to listen on (port 0: any free port; the address is printed).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Mark the session cookie Secure: set it when users reach the server through a TLS proxy.
    #[arg(long)]
    secure_cookies: bool,
    /// The sample region in a temporary database, today's plan published, and demo users
    /// whose passwords are printed.
    #[arg(long)]
    demo: bool,
    /// The day the pages show as today (default: the clock's).
    #[arg(long, value_parser = limits::DATE.arg())]
    today: Option<NaiveDate>,
    /// Behind a reverse proxy: take the client's address (for the rate limits) from the last
    /// entry of X-Forwarded-For, the one the proxy appends. Only when every request comes
    /// through that proxy: otherwise a client could name any address.
    #[arg(long)]
    trust_proxy: bool,
    /// No line per request on stderr.
    #[arg(long)]
    quiet: bool,
    /// Requests a second each signed-in session (or anonymous client address) may make, sustained.
    #[arg(long, value_name = "N", default_value_t = RateLimits::default().per_s, value_parser = PER_S.arg())]
    requests_per_s: f64,
    /// Requests a session or client address may make at once before the sustained rate applies.
    #[arg(long, value_name = "N", default_value_t = RateLimits::default().burst, value_parser = BURST.arg())]
    request_burst: f64,
    /// Sign-in attempts a minute from one client address, sustained.
    #[arg(long, value_name = "N", default_value_t = RateLimits::default().sign_in_per_s * 60.0,
          value_parser = PER_S.arg())]
    sign_ins_per_min: f64,
    /// Sign-in attempts from one client address at once (a team signing in behind one proxy
    /// without --trust-proxy needs one per user).
    #[arg(long, value_name = "N", default_value_t = RateLimits::default().sign_in_burst,
          value_parser = BURST.arg())]
    sign_in_burst: f64,
    /// Answer POST /vroom without an API key (keys: `rounds db key add`). --demo opens it.
    #[arg(long)]
    open_vroom: bool,
    /// The largest VROOM request taken, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = VroomSettings::default().max_bytes,
          value_parser = VROOM_BYTES.arg())]
    vroom_max_bytes: usize,
    /// The longest one VROOM request is solved for, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = VroomSettings::default().time_limit.as_secs_f64(),
          value_parser = limits::TIME_LIMIT_S.arg())]
    vroom_time_limit: f64,
    /// VROOM requests solved at once; more are answered 503.
    #[arg(long, value_name = "N", default_value_t = VroomSettings::default().concurrency,
          value_parser = limits::THREADS.arg())]
    vroom_concurrency: usize,
    /// Search iterations per search of the plans published from the manager's page (default:
    /// as `rounds plan` and `rounds week` choose; a small number makes a quick demo or test).
    #[arg(long, value_parser = limits::ITERATIONS.arg())]
    iterations: Option<u64>,
    /// The time of day re-plans start from, HH:MM (default: the clock's), for demos and tests.
    #[arg(long, value_name = "HH:MM", value_parser = parse_clock, requires = "today")]
    now: Option<Seconds>,
    /// The region's time zone, in which the clock's date and time are read (IANA name such as
    /// Asia/Tokyo; default: the system's).
    #[arg(long, value_name = "ZONE", value_parser = parse_tz)]
    tz: Option<chrono_tz::Tz>,
}

/// An IANA time zone name (`Asia/Tokyo`, `Europe/Helsinki`, `UTC`).
fn parse_tz(text: &str) -> Result<chrono_tz::Tz, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a time zone name such as Asia/Tokyo or Europe/Helsinki"))
}

/// `--vroom-max-bytes`: at least a small request, at most what a large region's matrix needs.
const VROOM_BYTES: Range<usize> = Range::new("bytes", 1024, 1024 * 1024 * 1024);
/// `--requests-per-s`, `--sign-ins-per-min`.
const PER_S: Range<f64> = Range::above("a rate", 0.0, 1_000_000.0);
/// `--request-burst`, `--sign-in-burst`.
const BURST: Range<f64> = Range::new("requests", 1.0, 1_000_000.0);

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let demo_dir =
        if args.demo { Some(tempfile::tempdir().context("cannot make a temporary folder")?) } else { None };
    let db = match (&args.db, &demo_dir) {
        (Some(db), _) => db.clone(),
        (None, Some(dir)) => {
            let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let demo = rounds::server::demo::prepare(dir.path(), today)?;
            outln!(
                "demo: Helsinki city in {} (removed on exit); plan {} for {today} published, {} visits",
                demo.db.display(),
                demo.plan_id,
                demo.visits
            );
            for user in &demo.users {
                let role = match &user.role {
                    Role::Manager => "manager".to_string(),
                    Role::Rep(rep) => format!("rep {rep}"),
                };
                outln!("  sign in as {:<8} password {}  ({role})", user.name, user.password);
            }
            demo.db
        }
        (None, None) => unreachable!("clap requires --db unless --demo"),
    };
    let config = ServeConfig {
        db,
        listen: args.listen,
        secure_cookies: args.secure_cookies,
        today: args.today,
        now: args.now,
        tz: args.tz.unwrap_or_else(|| {
            let system = iana_time_zone::get_timezone().ok().and_then(|name| name.parse().ok());
            system.unwrap_or(chrono_tz::UTC)
        }),
        iterations: args.iterations,
        limits: RateLimits {
            burst: args.request_burst,
            per_s: args.requests_per_s,
            sign_in_burst: args.sign_in_burst,
            sign_in_per_s: args.sign_ins_per_min / 60.0,
        },
        trust_proxy: args.trust_proxy,
        quiet: args.quiet,
        vroom: VroomSettings {
            open: args.open_vroom || args.demo,
            max_bytes: args.vroom_max_bytes,
            time_limit: Duration::from_secs_f64(args.vroom_time_limit),
            concurrency: args.vroom_concurrency,
        },
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(serve(config, |addr| {
        // The server runs on whether or not anyone can read this line; the test
        // harness and scripts read the address as soon as it is printed.
        let _ =
            super::write_stdout(format_args!("rounds serve: listening on http://{addr} (Ctrl-C stops)\n"));
        let _ = std::io::stdout().flush();
    }))?;
    outln!("rounds serve: stopped");
    Ok(ExitCode::SUCCESS)
}
