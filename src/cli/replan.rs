//! `rounds replan`: the rest of a day that did not go to plan.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::io::Outputs;
use rounds::model::limits;
use rounds::model::time::parse_clock;
use rounds::model::{LatLon, Seconds};
use rounds::planning::replan::{replan, ReplanRequest, Whereabouts};
use rounds::report::lang::{Lang, Msg};
use rounds::store::{PlanKind, Store};

use super::args::{
    check_calendar, day_plan, parse_lat_lon, write_outputs, ExportArgs, RegionArgs, SearchArgs, TravelArgs,
    UsageError,
};

/// Arguments of `rounds replan`.
#[derive(Debug, Args)]
pub struct ReplanArgs {
    /// The day's plan (JSON from `rounds plan --out`, or from an earlier `rounds replan --out`).
    /// With --db, by default the plan in force on --date (today when not given); a file given
    /// must be that plan
    #[arg(long, value_name = "JSON", required_unless_present = "db")]
    plan: Option<PathBuf>,
    #[command(flatten)]
    region: RegionArgs,
    /// The time of the re-plan, HH:MM; what happened before it stays as it was.
    #[arg(long, value_name = "HH:MM", value_parser = parse_clock)]
    now: Seconds,
    /// The rep whose day changes.
    #[arg(long, value_name = "ID")]
    rep: String,
    /// The rep is at this account of their plan and goes on when its visit ends
    /// (default: where the plan has them at --now).
    #[arg(long, value_name = "ACCOUNT", conflicts_with = "position")]
    at_stop: Option<String>,
    /// The rep is here at --now (a negative latitude or longitude may lead: -33.9,151.2).
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true)]
    position: Option<LatLon>,
    /// Urgent visits to add today: rows in the format of accounts.csv (their own
    /// windows and priority), with ids no account has.
    #[arg(long, value_name = "CSV")]
    add: Option<PathBuf>,
    /// Cancel the remaining visit to this account (repeat, or separate with commas).
    #[arg(long, value_name = "ACCOUNT", value_delimiter = ',')]
    cancel: Vec<String>,
    /// The visit the rep is at ran this many minutes over (elsewhere: the rep is held up so long).
    #[arg(long, default_value_t = 0, value_name = "MINUTES")]
    delay: u32,
    /// Let the other reps take over visits, each from where the plan has them at --now.
    #[arg(long)]
    team: bool,
    /// The rep's day ends here: they go home, and their remaining visits go to
    /// the others (with --team) or to tomorrow.
    #[arg(long)]
    end_day: bool,
    /// The plan's date; an error if it is not.
    #[arg(long, value_parser = limits::DATE.arg())]
    date: Option<NaiveDate>,
    #[command(flatten)]
    travel: TravelArgs,
    #[command(flatten)]
    search: SearchArgs,
    /// Write the new plan as JSON here (atomically; never over an input file).
    #[arg(long, value_name = "JSON")]
    out: Option<PathBuf>,
    #[command(flatten)]
    export: ExportArgs,
    /// Print only the changes and the summary, not every stop.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: ReplanArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let more_inputs: Vec<&Path> = args.plan.as_deref().into_iter().chain(args.add.as_deref()).collect();
    let files = args.region.files(&args.travel, &more_inputs, args.out.as_deref(), &args.export)?;
    let (inputs, cache_dir) = (files.input_paths(), &files.cache_dir);
    let date = || args.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let (plan, in_force) = day_plan(args.plan.as_deref(), args.region.db.as_deref(), date)?;
    let (region, source) = args.region.load_source(plan.date)?;
    args.export.refuse_calendar_inputs(&region, &inputs)?;
    check_calendar(&region, plan.date, plan.date)?;
    if let Some(date) = args.date.filter(|&d| d != plan.date) {
        return Err(UsageError(format!("--date {date} is not the plan's date ({})", plan.date)).into());
    }
    let urgent = match &args.add {
        Some(path) => {
            let mut known = region.clone();
            known.accounts.extend(plan.added.iter().cloned());
            rounds::io::csv_region::read_added_accounts(path, &known, args.region.encoding)
                .context("cannot read the urgent visits")?
        }
        None => Vec::new(),
    };
    let travel = args.travel.model(&region, cache_dir)?;
    let travel = travel.as_ref();
    let whereabouts = match (&args.at_stop, args.position) {
        (Some(account), _) => Whereabouts::AtStop(account.clone()),
        (None, Some(at)) => Whereabouts::Position(at),
        (None, None) => Whereabouts::AsPlanned,
    };
    // From the database, the day's visits recorded so far: each rep is past them.
    let recorded = match &args.region.db {
        Some(db) => Store::open(db)?.visits_on(plan.date)?.into_iter().map(|v| v.record.account).collect(),
        None => Vec::new(),
    };
    let request = ReplanRequest {
        rep: args.rep.clone(),
        now_s: args.now,
        whereabouts,
        delay_s: Seconds::from(args.delay) * 60,
        urgent,
        urgent_accounts: Vec::new(),
        cancel: args.cancel.clone(),
        team: args.team,
        end_day: args.end_day,
        recorded,
    };

    let started = Instant::now();
    let replanned = replan(&region, &plan, &request, travel, &args.search.day_config())?;
    let solve_s = started.elapsed().as_secs_f64();
    let new_plan = &replanned.plan;

    let report = rounds::check::check_plan(&region, new_plan, travel)?;
    if !report.is_valid() {
        errln!("the new plan failed the independent check; nothing was written:");
        for violation in &report.violations {
            errln!("  {violation}");
        }
        return Ok(ExitCode::from(1));
    }
    let mut shown = region.clone();
    shown.accounts.extend(new_plan.added.iter().cloned());
    out!(
        "{}\n{}",
        rounds::report::terminal::changes_table(new_plan, lang),
        rounds::report::terminal::plan_table(&shown, new_plan, args.quiet, lang)
    );
    let cut = if replanned.stopped_by_time { lang.text(Msg::CutByTime) } else { "" };
    let seconds = format!("{solve_s:.2}");
    outln!("{}", lang.fill(Msg::ReplannedIn, &[&seconds, &replanned.iterations, &cut, &args.search.seed]));
    let mut outputs = Outputs::new(&inputs);
    if let Some(out) = &args.out {
        outputs.stage(out, rounds::io::plan_json::plan_to_json_for(&region, new_plan).as_bytes())?;
    }
    let date = match lang {
        Lang::En => new_plan.date.to_string(),
        Lang::Ja => lang.date(new_plan.date),
    };
    let title = lang.fill(Msg::ReplanTitle, &[&args.region.label(), &lang.clock(args.now), &date]);
    args.export.stage(&shown, std::slice::from_ref(new_plan), &title, lang, &mut outputs)?;
    if args.out.is_some() {
        source.publish(PlanKind::Replan, std::slice::from_ref(new_plan), in_force, &args.travel, lang)?;
    }
    write_outputs(outputs, lang)?;
    Ok(super::args::appointments_exit_code(&region, std::slice::from_ref(new_plan), lang))
}
