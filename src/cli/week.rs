//! `rounds week`: several working days planned together, each day checked.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;
use rounds::io::plan_json::read_week;
use rounds::io::Outputs;
use rounds::model::limits;
use rounds::model::plan::WeekPlan;
use rounds::model::Region;
use rounds::planning::week::{
    check_week, plan_week_keeping, plan_week_with, preferred_day_visits, working_days, WeekOptions,
    DEFAULT_EARLY_DAYS, DEFAULT_REPS_PER_GROUP,
};
use rounds::report::lang::{Lang, Msg};
use rounds::report::terminal::week_table;
use rounds::store::PlanKind;
use rounds::travel::TravelTimes;

use super::args::{
    appointments_exit_code, check_calendar, write_outputs, ExportArgs, RegionArgs, SearchArgs, TravelArgs,
};
use super::progress;

/// Arguments of `rounds week`.
#[derive(Debug, Args)]
pub struct WeekArgs {
    #[command(flatten)]
    region: RegionArgs,
    /// First day, YYYY-MM-DD (default: today); a weekend day or holiday starts on the next working day.
    #[arg(long, value_parser = limits::DATE.arg())]
    from: Option<NaiveDate>,
    /// Working days to plan, 1 to 130: Monday to Friday, holidays skipped (not counted).
    #[arg(long, default_value_t = 5, value_parser = limits::DAYS.arg())]
    days: u32,
    /// A visit may happen up to this many days (at most 60) before it falls due.
    #[arg(long, default_value_t = DEFAULT_EARLY_DAYS, value_name = "DAYS", value_parser = limits::EARLY_DAYS.arg())]
    early_days: u32,
    /// Most reps (1 to 500) whose day is solved again together when a rep's own day leaves out a
    /// visit that must happen; a team without territories of more than twice as many is split into
    /// groups of nearby reps.
    #[arg(long, default_value_t = DEFAULT_REPS_PER_GROUP, value_name = "REPS", value_parser = REPS_PER_GROUP.arg())]
    reps_per_group: usize,
    #[command(flatten)]
    travel: TravelArgs,
    #[command(flatten)]
    search: SearchArgs,
    /// Write the week as JSON here (atomically; never over an input file).
    #[arg(long, value_name = "JSON")]
    out: Option<PathBuf>,
    /// A week written by `week --out` to plan on from: its first --freeze days stay as they were.
    #[arg(long, value_name = "JSON", requires = "freeze")]
    keep: Option<PathBuf>,
    /// How many days of the --keep week stay exactly as they were (0 to 130); the rest is planned again.
    #[arg(long, value_name = "DAYS", requires = "keep", value_parser = limits::DAYS_KEPT.arg())]
    freeze: Option<u32>,
    #[command(flatten)]
    export: ExportArgs,
    /// Print only the totals, the late visits and each rep's longest and shortest day; no progress bar.
    #[arg(long)]
    quiet: bool,
}

/// `--reps-per-group`: from one rep to the most reps a region may have.
const REPS_PER_GROUP: limits::Range<usize> = limits::Range::new("the reps per group", 1, limits::MAX_REPS);

/// Checks every day of `week` with the independent validator; when one
/// fails, prints `failed` and every violation with its day, and says so.
pub(super) fn week_holds(
    region: &Region,
    week: &WeekPlan,
    travel: &dyn TravelTimes,
    failed: &str,
) -> anyhow::Result<bool> {
    let reports = check_week(region, week, travel)?;
    if reports.iter().all(|r| r.is_valid()) {
        return Ok(true);
    }
    errln!("{failed}");
    for (plan, report) in week.days.iter().zip(&reports) {
        for violation in &report.violations {
            errln!("  {}: {violation}", plan.date);
        }
    }
    Ok(false)
}

pub fn run(args: WeekArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let kept_path: Vec<&Path> = args.keep.as_deref().into_iter().collect();
    let files = args.region.files(&args.travel, &kept_path, args.out.as_deref(), &args.export)?;
    let kept = args.keep.as_deref().map(read_week).transpose()?;
    let (inputs, cache_dir) = (files.input_paths(), &files.cache_dir);
    let from = args.from.unwrap_or_else(|| chrono::Local::now().date_naive());
    let (region, source) = args.region.load_source(from)?;
    args.export.refuse_calendar_inputs(&region, &inputs)?;
    let travel = args.travel.region_model(&region, cache_dir)?;
    let travel = travel.as_ref();
    let options = WeekOptions {
        from,
        days: args.days,
        early_days: args.early_days,
        seed: args.search.seed,
        iterations_per_day: args.search.iterations,
        reps_per_group: args.reps_per_group,
    };
    let config = args.search.day_config();
    let horizon = working_days(options.from, options.days, &region);
    if let (Some(first), Some(last)) = (horizon.first(), horizon.last()) {
        check_calendar(&region, *first, *last)?;
    }
    if args.out.is_some() {
        source.refuse_under_way(&horizon)?;
    }

    let started = Instant::now();
    let bar = progress::bar(u64::from(args.days), args.quiet);
    let tick = || bar.inc(1);
    let outcome = match (&kept, args.freeze) {
        (Some(kept), Some(freeze)) => {
            plan_week_keeping(&region, &options, &config, kept, freeze as usize, travel, &tick)?
        }
        _ => plan_week_with(&region, &options, &config, travel, &tick)?,
    };
    let week = outcome.week;
    bar.finish_and_clear();
    let plan_s = started.elapsed().as_secs_f64();

    if !week_holds(&region, &week, travel, "a day failed the independent check; nothing was written:")? {
        return Ok(ExitCode::from(1));
    }
    out!("{}", week_table(&region, &week, args.quiet, lang));
    let (preferred, of) = preferred_day_visits(&region, &week);
    if of > 0 {
        outln!("\n{}", lang.fill(Msg::OnPreferredDay, &[&preferred, &of]));
    }
    let cut = match outcome.searches_cut_by_time {
        0 => String::new(),
        n => lang.fill(Msg::SearchesCut, &[&n]),
    };
    let seconds = format!("{plan_s:.2}");
    outln!("\n{}", lang.fill(Msg::PlannedIn, &[&seconds, &args.search.seed, &cut]));
    let mut outputs = Outputs::new(&inputs);
    if let Some(out) = &args.out {
        outputs.stage(out, rounds::io::plan_json::week_to_json_for(&region, &week).as_bytes())?;
    }
    let title = match (week.days.first(), week.days.last()) {
        (Some(first), Some(last)) => {
            let (first, last) = match lang {
                Lang::En => (first.date.to_string(), last.date.to_string()),
                Lang::Ja => (lang.date(first.date), lang.date(last.date)),
            };
            lang.fill(Msg::WeekTitle, &[&args.region.label(), &first, &last])
        }
        _ => args.region.label(),
    };
    args.export.stage(&region, &week.days, &title, lang, &mut outputs)?;
    if args.out.is_some() {
        source.publish(PlanKind::Week, &week.days, None, &args.travel, lang)?;
    }
    write_outputs(outputs, lang)?;
    Ok(appointments_exit_code(&region, &week.days, lang))
}
