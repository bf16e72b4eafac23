//! `rounds record`: append a day's visits to the visit log, for the next day's plan.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rounds::io::visit_log::{append_log, read_recorded};
use rounds::model::visit_log::{not_yet_recorded, records_of_plan, VisitStatus};

use super::args::UsageError;

/// The log's name beside the plan file when `--log` is not given.
const DEFAULT_LOG: &str = "visits.csv";

/// Arguments of `rounds record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The day's plan as driven (JSON from `rounds plan --out` or `rounds replan --out`).
    #[arg(long, value_name = "JSON")]
    plan: PathBuf,
    /// Visits of the plan that did not happen (repeat, or separate with commas).
    #[arg(long, value_name = "ACCOUNT", value_delimiter = ',', num_args = 1..)]
    skipped: Vec<String>,
    /// The visit log to append to; created if missing (default: visits.csv beside the plan).
    #[arg(long, value_name = "CSV")]
    log: Option<PathBuf>,
}

pub fn run(args: RecordArgs) -> anyhow::Result<ExitCode> {
    let plan = rounds::io::plan_json::read_plan(&args.plan).context("cannot read the plan")?;
    let visited: Vec<&str> = plan.visited_accounts().collect();
    if let Some(unknown) = args.skipped.iter().find(|a| !visited.contains(&a.as_str())) {
        return Err(
            UsageError(format!("--skipped {unknown}: the plan of {} has no visit to it", plan.date)).into()
        );
    }
    let log =
        args.log.clone().unwrap_or_else(|| args.plan.parent().unwrap_or(Path::new(".")).join(DEFAULT_LOG));
    let already =
        if log.exists() { read_recorded(&log).context("cannot read the visit log")? } else { Vec::new() };
    let records = records_of_plan(&plan, &args.skipped);
    let urgent = visited.len() - records.len();
    let new = not_yet_recorded(records.clone(), &already);
    append_log(&log, &new, &[&args.plan]).with_context(|| format!("cannot append to {}", log.display()))?;

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
