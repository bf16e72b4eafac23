//! `rounds record`: append a day's visits to the visit log, for the next day's plan.
//!
//! The log is append-only, so what goes in must be right: the plan is first
//! checked against the region by the independent validator (every account
//! exists, every rule holds), and a plan dated after today is refused. The
//! region is checked as it stood on the plan's morning: the log's lines from
//! before that day applied.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::io::text::TextEncoding;
use rounds::io::visit_log::{append_log, read_recorded};
use rounds::model::limits;
use rounds::model::visit_log::{apply_log, not_yet_recorded, records_of_plan, VisitStatus};

use super::args::{refuse_overwrites, RegionArgs, TravelArgs, UsageError};

/// The log's name beside the plan file when `--log` is not given.
const DEFAULT_LOG: &str = "visits.csv";

/// Arguments of `rounds record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The day's plan as driven (JSON from `rounds plan --out` or `rounds replan --out`).
    #[arg(long, value_name = "JSON")]
    plan: PathBuf,
    /// The region the plan was made for (`--log` is the log appended to; default: visits.csv
    /// beside the plan).
    #[command(flatten)]
    region: RegionArgs,
    /// The travel model the plan was made with, to check it.
    #[command(flatten)]
    travel: TravelArgs,
    /// Visits of the plan that did not happen (repeat, or separate with commas).
    #[arg(long, value_name = "ACCOUNT", value_delimiter = ',', num_args = 1..)]
    skipped: Vec<String>,
    /// Today's date (default: the clock's); a plan dated after it is not recorded.
    #[arg(long, value_parser = limits::DATE.arg())]
    today: Option<NaiveDate>,
}

pub fn run(args: RecordArgs) -> anyhow::Result<ExitCode> {
    let log = args
        .region
        .log
        .clone()
        .unwrap_or_else(|| args.plan.parent().unwrap_or(Path::new(".")).join(DEFAULT_LOG));
    let (accounts, reps) = args.region.paths()?;
    let inputs: Vec<&Path> = [accounts.as_path(), reps.as_path(), args.plan.as_path()]
        .into_iter()
        .chain(args.travel.inputs())
        .collect();
    refuse_overwrites(&inputs, &[&log])?;
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());

    let plan = rounds::io::plan_json::read_plan(&args.plan).context("cannot read the plan")?;
    if plan.date > today {
        return Err(UsageError(format!(
            "the plan is for {}, after today ({today}); record a day once it has been driven",
            plan.date
        ))
        .into());
    }
    let visited: Vec<&str> = plan.visited_accounts().collect();
    if let Some(unknown) = args.skipped.iter().find(|a| !visited.contains(&a.as_str())) {
        return Err(
            UsageError(format!("--skipped {unknown}: the plan of {} has no visit to it", plan.date)).into()
        );
    }
    let mut region =
        rounds::io::csv_region::read_region_as_of(&accounts, &reps, TextEncoding::Auto, Some(today))
            .context("cannot read the region")?;
    let already = if log.exists() {
        read_recorded(&log, today).context("cannot read the visit log")?
    } else {
        Vec::new()
    };
    let before: Vec<_> = already.iter().filter(|r| r.date < plan.date).cloned().collect();
    apply_log(&mut region, &before);
    let cache_dir = args.plan.parent().unwrap_or(Path::new(".")).to_path_buf();
    let travel = args.travel.model(&region, &cache_dir)?;
    let report = rounds::check::check_plan(&region, &plan, travel.as_ref())?;
    if !report.is_valid() {
        eprintln!("the plan does not pass the check against the region; nothing was recorded:");
        for violation in &report.violations {
            eprintln!("  {violation}");
        }
        return Ok(ExitCode::from(1));
    }

    let records = records_of_plan(&plan, &args.skipped);
    let urgent = visited.len() - records.len();
    let new = not_yet_recorded(records.clone(), &already);
    append_log(&log, &new, &inputs).with_context(|| format!("cannot append to {}", log.display()))?;

    let skipped = new.iter().filter(|r| r.status == VisitStatus::Skipped).count();
    println!(
        "recorded {} in {}: {} visits appended ({} visited, {skipped} skipped), {} already there",
        plan.date,
        log.display(),
        new.len(),
        new.len() - skipped,
        records.len() - new.len()
    );
    for record in records.iter().filter(|r| !new.contains(r)) {
        if let Some(kept) = already.iter().find(|k| k.account == record.account && k.date == record.date) {
            if kept.status != record.status {
                println!(
                    "  {} stays recorded as {} for {} (the log is never rewritten)",
                    record.account,
                    kept.status.as_str(),
                    record.date
                );
            }
        }
    }
    if urgent > 0 {
        let (visits, are) = if urgent == 1 { ("visit", "is") } else { ("visits", "are") };
        println!("  {urgent} urgent {visits} to accounts added for the day (not in accounts.csv) {are} not recorded");
    }
    Ok(ExitCode::SUCCESS)
}
