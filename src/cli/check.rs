//! `rounds check`: replay any plan file against the region and the travel model.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::args::{check_calendar, RegionArgs, TravelArgs};

/// Arguments of `rounds check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The plan to check (JSON as written by `rounds plan --out`).
    #[arg(long, value_name = "JSON")]
    plan: PathBuf,
    #[command(flatten)]
    region: RegionArgs,
    #[command(flatten)]
    travel: TravelArgs,
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let plan = rounds::io::plan_json::read_plan(&args.plan).context("cannot read the plan")?;
    let region = args.region.load(plan.date)?;
    let cache_dir = args.plan.parent().unwrap_or(Path::new(".")).to_path_buf();
    let travel = args.travel.model(&region, &cache_dir)?;
    let travel = travel.as_ref();
    check_calendar(&region, plan.date, plan.date)?;
    let report = rounds::check::check_plan(&region, &plan, travel)?;
    if report.is_valid() {
        let visits: usize = plan.routes.iter().map(|r| r.visit_count()).sum();
        println!(
            "{}: valid: {} routes, {visits} visits, {} due accounts unassigned with reasons",
            args.plan.display(),
            plan.routes.len(),
            plan.unassigned.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{}: {} problems found", args.plan.display(), report.violations.len());
        for violation in &report.violations {
            println!("  {violation}");
        }
        Ok(ExitCode::from(1))
    }
}
