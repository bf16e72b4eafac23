//! `rounds plan`: the day's visiting order for every rep.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::day::{DayOptions, DayProblem};
use rounds::solver::{solve, SearchConfig};

use super::args::{RegionArgs, TravelArgs, UsageError};

/// Arguments of `rounds plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    region: RegionArgs,
    /// Day to plan, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<NaiveDate>,
    /// Also offer accounts due within this many days, taken where they fit at little extra driving.
    #[arg(long, default_value_t = 0, value_name = "DAYS")]
    lookahead: u32,
    #[command(flatten)]
    travel: TravelArgs,
    /// Stop searching after this many seconds at most.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    time_limit: f64,
    /// Ruin-and-recreate iterations (default: scaled to the day's size). The plan
    /// is reproducible whenever this budget, not the time limit, ends the search.
    #[arg(long)]
    iterations: Option<u64>,
    /// Seed of the search's random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Independent searches in parallel; the best plan wins.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Write the plan as JSON here (atomically; never over an input file).
    #[arg(long, value_name = "JSON")]
    out: Option<PathBuf>,
    /// Print only the summary, not every stop.
    #[arg(long)]
    quiet: bool,
}

/// Iterations when none are given: enough for a few hundred offered accounts
/// to settle, well inside the default time limit.
fn default_iterations(tasks: usize) -> u64 {
    (tasks as u64 * 100).clamp(2_000, 30_000)
}

pub fn run(args: PlanArgs) -> anyhow::Result<ExitCode> {
    if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
        return Err(UsageError(format!("--time-limit must be a positive number of seconds, not {}", args.time_limit)).into());
    }
    if args.threads == 0 {
        return Err(UsageError("--threads must be at least 1".into()).into());
    }
    let region = args.region.load()?;
    let travel = args.travel.model()?;
    let date = args.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let (accounts_path, reps_path) = args.region.paths()?;

    let started = Instant::now();
    let day = DayProblem::build(&region, &DayOptions { date, lookahead_days: args.lookahead }, &travel)?;
    let config = SearchConfig {
        seed: args.seed,
        iterations: Some(args.iterations.unwrap_or_else(|| default_iterations(day.problem.tasks.len()))),
        time_limit: Duration::from_secs_f64(args.time_limit),
        threads: args.threads,
        ..SearchConfig::default()
    };
    let outcome = solve(&day.problem, &config);
    let plan = day.to_plan(&region, &outcome.solution);
    let solve_s = started.elapsed().as_secs_f64();

    let report = rounds::check::check_plan(&region, &plan, &travel)?;
    if !report.is_valid() {
        eprintln!("the plan failed the independent check; nothing was written:");
        for violation in &report.violations {
            eprintln!("  {violation}");
        }
        return Ok(ExitCode::from(1));
    }
    print!("{}", rounds::report::plan_table(&region, &plan, args.quiet));
    println!(
        "solved in {solve_s:.2} s ({} iterations{}, seed {}); checked: every window, shift and break holds",
        outcome.iterations,
        if outcome.stopped_by_time { ", cut by the time limit" } else { "" },
        args.seed
    );
    if let Some(out) = &args.out {
        let json = rounds::io::plan_json::plan_to_json(&plan);
        rounds::io::write_atomic(out, json.as_bytes(), &[&accounts_path, &reps_path])
            .with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}
