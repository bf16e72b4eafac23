//! `rounds serve`: the team's pages and JSON API over the database, until
//! Ctrl-C. `--demo` builds a temporary database of the sample region first.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::model::limits;
use rounds::model::time::parse_clock;
use rounds::model::Seconds;
use rounds::server::{serve, RateLimits, ServeConfig};
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

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let demo_dir =
        if args.demo { Some(tempfile::tempdir().context("cannot make a temporary folder")?) } else { None };
    let db = match (&args.db, &demo_dir) {
        (Some(db), _) => db.clone(),
        (None, Some(dir)) => {
            let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let demo = rounds::server::demo::prepare(dir.path(), today)?;
            println!(
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
                println!("  sign in as {:<8} password {}  ({role})", user.name, user.password);
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
        limits: RateLimits::default(),
        iterations: args.iterations,
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(serve(config, |addr| {
        println!("rounds serve: listening on http://{addr} (Ctrl-C stops)");
        // The test harness and scripts read the address as soon as it is printed.
        let _ = std::io::stdout().flush();
    }))?;
    println!("rounds serve: stopped");
    Ok(ExitCode::SUCCESS)
}
