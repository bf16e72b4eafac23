//! `rounds check`: replay any plan file against the region and the travel model,
//! or a plan stored in the database against the region it was made from.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use rounds::model::plan::WeekPlan;
use rounds::planning::week::check_week;
use rounds::report::lang::{Lang, Msg};
use rounds::store::{PlanKind, Store};

use super::args::{check_calendar, RegionArgs, TravelArgs, UsageError};

/// Arguments of `rounds check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The plan to check (JSON as written by `rounds plan --out`).
    #[arg(long, value_name = "JSON", required_unless_present = "plan_id")]
    plan: Option<PathBuf>,
    /// A plan stored in the database by `plan`, `week` or `replan --db ... --out`, checked
    /// against the region it was made from (not the database's region of today).
    #[arg(long, value_name = "ID", conflicts_with = "plan", requires = "db")]
    plan_id: Option<i64>,
    #[command(flatten)]
    region: RegionArgs,
    #[command(flatten)]
    travel: TravelArgs,
}

/// Checks the plan; what holds and what does not is said in `lang`, each
/// broken rule in the validator's own sentence.
pub fn run(args: CheckArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let (Some(path), None) = (&args.plan, args.plan_id) else {
        return run_stored(&args, lang);
    };
    let plan = rounds::io::plan_json::read_plan(path).context("cannot read the plan")?;
    let region = args.region.load(plan.date)?;
    let cache_dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let travel = args.travel.model(&region, &cache_dir)?;
    let travel = travel.as_ref();
    check_calendar(&region, plan.date, plan.date)?;
    let report = rounds::check::check_plan(&region, &plan, travel)?;
    let valid = verdict(&path.display(), &plan, &report, ("", lang))?;
    Ok(if valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Prints whether `plan`, named `what`, holds (indented by `indent`), and
/// its broken rules when not; true when it holds.
fn verdict(
    what: &dyn std::fmt::Display,
    plan: &rounds::model::plan::Plan,
    report: &rounds::check::CheckReport,
    (indent, lang): (&str, Lang),
) -> anyhow::Result<bool> {
    if report.is_valid() {
        let visits: usize = plan.routes.iter().map(|r| r.visit_count()).sum();
        let (routes, unassigned) = (plan.routes.len(), plan.unassigned.len());
        outln!("{indent}{}", lang.fill(Msg::CheckValid, &[what, &routes, &visits, &unassigned]));
        return Ok(true);
    }
    outln!("{indent}{}", lang.fill(Msg::CheckProblems, &[what, &report.violations.len()]));
    for violation in &report.violations {
        outln!("{indent}  {violation}");
    }
    Ok(false)
}

/// `--plan-id`: every day of the stored plan, each against the region as it
/// stood that morning (a week's days roll their visits forward).
fn run_stored(args: &CheckArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let (Some(db), Some(id)) = (&args.region.db, args.plan_id) else {
        return Err(UsageError("give --plan FILE, or --db DB with --plan-id ID".into()).into());
    };
    let mut stored = Store::open(db)?.stored_plan(id)?;
    args.region.add_calendar(&mut stored.region)?;
    let travel_now = args.travel.describe()?;
    if travel_now != stored.travel {
        return Err(UsageError(format!(
            "plan {id} was priced with {}, but this check would use {travel_now}; give the travel options it was made with",
            stored.travel
        ))
        .into());
    }
    let cache_dir = db.parent().unwrap_or(Path::new(".")).to_path_buf();
    let travel = args.travel.model(&stored.region, &cache_dir)?;
    let Some(from) = stored.days.first().map(|day| day.date) else {
        return Err(UsageError(format!("plan {id} in {} has no days", db.display())).into());
    };
    let week = WeekPlan { from, days: stored.days, late: Vec::new() };
    let reports = check_week(&stored.region, &week, travel.as_ref())?;
    let kind = lang.text(match stored.kind {
        PlanKind::Day => Msg::StoredDayPlan,
        PlanKind::Week => Msg::StoredWeek,
        PlanKind::Replan => Msg::StoredReplan,
    });
    let inputs = &stored.inputs;
    outln!(
        "{}",
        lang.fill(
            Msg::CheckStored,
            &[&id, &db.display(), &kind, &stored.created_at, &inputs.import_id, &inputs.visits_upto]
        )
    );
    let mut valid = true;
    for (plan, report) in week.days.iter().zip(&reports) {
        valid &= verdict(&plan.date, plan, report, ("  ", lang))?;
    }
    Ok(if valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
