//! `rounds plan`: the day's visiting order for every rep.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;
use rounds::io::Outputs;
use rounds::model::limits;
use rounds::planning::day::{DayOptions, DayProblem};
use rounds::report::lang::{Lang, Msg};
use rounds::solver::{solve, ProgressHook};
use rounds::store::PlanKind;

use super::args::{
    appointments_exit_code, check_calendar, write_outputs, ExportArgs, RegionArgs, SearchArgs, TravelArgs,
};
use super::progress;

/// Arguments of `rounds plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    region: RegionArgs,
    /// Day to plan, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = limits::DATE.arg())]
    date: Option<NaiveDate>,
    /// Also offer accounts due within this many days (at most 365), taken where they fit at
    /// little extra driving.
    #[arg(long, default_value_t = 0, value_name = "DAYS", value_parser = limits::LOOKAHEAD_DAYS.arg())]
    lookahead: u32,
    #[command(flatten)]
    travel: TravelArgs,
    #[command(flatten)]
    search: SearchArgs,
    /// Write the plan as JSON here (atomically; never over an input file).
    #[arg(long, value_name = "JSON")]
    out: Option<PathBuf>,
    #[command(flatten)]
    export: ExportArgs,
    /// Print only the summary, not every stop, and no progress bar.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: PlanArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let files = args.region.files(&args.travel, &[], args.out.as_deref(), &args.export)?;
    let (inputs, cache_dir) = (files.input_paths(), &files.cache_dir);
    let date = args.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let (region, source) = args.region.load_source(date)?;
    args.export.refuse_calendar_inputs(&region, &inputs)?;
    let travel = args.travel.model(&region, cache_dir)?;
    let travel = travel.as_ref();
    check_calendar(&region, date, date)?;
    if args.out.is_some() {
        source.refuse_under_way(&[date])?;
    }

    let started = Instant::now();
    let day = DayProblem::build(&region, &DayOptions { date, lookahead_days: args.lookahead }, travel)?;
    let mut config = day.search_config(&args.search.day_config());
    let bar = progress::bar(config.total_iterations().unwrap_or(0), args.quiet);
    bar.set_message("iterations");
    let ticks = bar.clone();
    config.progress = Some(ProgressHook::new(move |done| ticks.inc(done)));
    let outcome = solve(&day.problem, &config);
    bar.finish_and_clear();
    let plan = day.to_plan(&region, &outcome.solution);
    let solve_s = started.elapsed().as_secs_f64();

    let report = rounds::check::check_plan(&region, &plan, travel)?;
    if !report.is_valid() {
        errln!("the plan failed the independent check; nothing was written:");
        for violation in &report.violations {
            errln!("  {violation}");
        }
        return Ok(ExitCode::from(1));
    }
    out!("{}", rounds::report::terminal::plan_table(&region, &plan, args.quiet, lang));
    let cut = if outcome.stopped_by_time { lang.text(Msg::CutByTime) } else { "" };
    let seconds = format!("{solve_s:.2}");
    outln!("{}", lang.fill(Msg::SolvedIn, &[&seconds, &outcome.iterations, &cut, &args.search.seed]));
    let mut outputs = Outputs::new(&inputs);
    if let Some(out) = &args.out {
        outputs.stage(out, rounds::io::plan_json::plan_to_json_for(&region, &plan).as_bytes())?;
    }
    let title = lang.fill(Msg::PlanTitle, &[&args.region.label(), &lang.long_date(plan.date)]);
    args.export.stage(&region, std::slice::from_ref(&plan), &title, lang, &mut outputs)?;
    if args.out.is_some() {
        source.publish(PlanKind::Day, std::slice::from_ref(&plan), None, &args.travel, lang)?;
    }
    write_outputs(outputs, lang)?;
    Ok(appointments_exit_code(&region, std::slice::from_ref(&plan), lang))
}
