//! `rounds record`: append a day's visits to the visit log, or add them to the
//! database, for the next day's plan.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rounds::io::visit_log::{append_log, read_recorded};
use rounds::plan::Plan;
use rounds::store::Store;
use rounds::visit_log::{not_yet_recorded, records_of_plan, VisitRecord, VisitStatus};

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
    /// Record into the team's database instead of a visit log.
    #[arg(long, value_name = "DB", conflicts_with = "log")]
    db: Option<PathBuf>,
    /// A note on a visit of the plan, kept in the database (repeat for several visits).
    #[arg(long, value_name = "ACCOUNT=TEXT", requires = "db", value_parser = parse_note)]
    note: Vec<(String, String)>,
}

/// Parses `ACCOUNT=TEXT`.
fn parse_note(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((account, note)) if !account.trim().is_empty() => {
            Ok((account.trim().to_string(), note.trim().to_string()))
        }
        _ => Err(format!("`{text}` is not ACCOUNT=TEXT")),
    }
}

pub fn run(args: RecordArgs) -> anyhow::Result<ExitCode> {
    let plan = rounds::io::plan_json::read_plan(&args.plan).context("cannot read the plan")?;
    let visited: Vec<&str> = plan.visited_accounts().collect();
    for (flag, account) in
        args.skipped.iter().map(|a| ("--skipped", a)).chain(args.note.iter().map(|(a, _)| ("--note", a)))
    {
        if !visited.contains(&account.as_str()) {
            return Err(UsageError(format!(
                "{flag} {account}: the plan of {} has no visit to it",
                plan.date
            ))
            .into());
        }
    }
    let records = records_of_plan(&plan, &args.skipped);
    let urgent = visited.len() - records.len();
    match &args.db {
        Some(db) => record_in_db(&args, db, &plan, records.clone())?,
        None => record_in_log(&args, &plan, &records)?,
    }
    if urgent > 0 {
        let (visits, are) = if urgent == 1 { ("visit", "is") } else { ("visits", "are") };
        println!("  {urgent} urgent {visits} to accounts added for the day (not in accounts.csv) {are} not recorded");
    }
    Ok(ExitCode::SUCCESS)
}

fn record_in_log(args: &RecordArgs, plan: &Plan, records: &[VisitRecord]) -> anyhow::Result<()> {
    let log =
        args.log.clone().unwrap_or_else(|| args.plan.parent().unwrap_or(Path::new(".")).join(DEFAULT_LOG));
    let already =
        if log.exists() { read_recorded(&log).context("cannot read the visit log")? } else { Vec::new() };
    let new = not_yet_recorded(records.to_vec(), &already);
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
            print_kept(record, kept.status, "the log");
        }
    }
    Ok(())
}

fn record_in_db(args: &RecordArgs, db: &Path, plan: &Plan, records: Vec<VisitRecord>) -> anyhow::Result<()> {
    let noted: Vec<(VisitRecord, String)> = records
        .into_iter()
        .map(|record| {
            let note = args.note.iter().rev().find(|(a, _)| *a == record.account).map(|(_, n)| n.clone());
            (record, note.unwrap_or_default())
        })
        .collect();
    let source = format!("record {}", args.plan.display());
    let summary = Store::open(db)?.record_visits(&noted, &source)?;
    let skipped = summary.added.iter().filter(|r| r.status == VisitStatus::Skipped).count();
    println!(
        "recorded {} in {}: {} visits added ({} visited, {skipped} skipped), {} already there",
        plan.date,
        db.display(),
        summary.added.len(),
        summary.added.len() - skipped,
        summary.already.len()
    );
    for (record, kept) in &summary.already {
        print_kept(record, *kept, "the database");
    }
    Ok(())
}

/// Says when a visit is recorded already with another status, which stays.
fn print_kept(record: &VisitRecord, kept: VisitStatus, store: &str) {
    if kept != record.status {
        println!(
            "  {} stays recorded as {} for {} ({store} is never rewritten)",
            record.account,
            kept.as_str(),
            record.date
        );
    }
}
