//! `rounds territories compare` and `rounds territories propose`: who holds which accounts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rayon::prelude::*;
use rounds::check::Violation;
use rounds::io::compare_json::comparison_to_json;
use rounds::io::csv_split::{read_assignments, read_split, write_split};
use rounds::io::Outputs;
use rounds::model::limits::{self, Range};
use rounds::model::{Region, Seconds};
use rounds::planning::week::check_week;
use rounds::report::lang::{Lang, Msg};
use rounds::report::split_svg::split_svg;
use rounds::report::terminal::compare_table;
use rounds::territory::metrics::{split_metrics, SplitMetrics};
use rounds::territory::propose::{estimate_workloads, propose, ProposeOptions};
use rounds::territory::{plan_split, Split, WeekOptions, WeekPlan};
use rounds::travel::{NamedTravelError, TravelTimes};

use super::args::{refuse_overwrites, write_outputs, RegionArgs, SearchArgs, TravelArgs, UsageError};
use super::progress;

/// `--tolerance`, in percent.
const TOLERANCE: Range<f64> = Range::new("a percentage", 0.0, 100.0);
/// `--day-hours`.
const DAY_HOURS: Range<f64> = Range::above("hours", 0.0, 24.0);

/// Violations printed per split when its plans fail the check.
const SHOWN_VIOLATIONS: usize = 20;

/// Arguments of `rounds territories`.
#[derive(Debug, Args)]
pub struct TerritoriesArgs {
    #[command(subcommand)]
    command: TerritoriesCommand,
}

#[derive(Debug, Subcommand)]
enum TerritoriesCommand {
    /// Plan the same working days under two or more splits and compare them side by side.
    Compare(CompareArgs),
    /// Propose a compact split balanced by workload (written as account,rep).
    Propose(ProposeArgs),
}

/// Which working days are planned, and what counts as a long day.
#[derive(Debug, Args)]
struct HorizonArgs {
    /// First day planned, YYYY-MM-DD (default: today); a weekend starts on the Monday after.
    #[arg(long, value_parser = limits::DATE.arg())]
    from: Option<NaiveDate>,
    /// Working weeks to plan (Monday to Friday), 1 to 26.
    #[arg(long, default_value_t = 4, value_parser = limits::WEEKS.arg())]
    weeks: u32,
    /// Working days to plan, instead of --weeks: 1 to 130.
    #[arg(long, conflicts_with = "weeks", value_parser = limits::DAYS.arg())]
    days: Option<u32>,
    /// A day longer than this from leaving to being back counts as overtime (at most 24).
    #[arg(long, default_value_t = 8.0, value_name = "HOURS", value_parser = DAY_HOURS.arg())]
    day_hours: f64,
}

impl HorizonArgs {
    /// The first day planned.
    fn from(&self) -> NaiveDate {
        self.from.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn day_limit_s(&self) -> Seconds {
        (self.day_hours * 3600.0).round() as Seconds
    }

    /// The multi-day options; the search runs on its iteration budget, one search per rep's day,
    /// so the options of a search's time, threads and trajectories are refused, not ignored.
    fn week_options(&self, search: &SearchArgs) -> Result<WeekOptions, UsageError> {
        if search.threads.is_some() {
            return Err(UsageError(
                "--threads does not apply here: reps and splits are already planned in parallel".into(),
            ));
        }
        if search.time_limit.is_some() || search.trajectories.is_some() || search.runs.is_some() {
            return Err(UsageError(
                "--time-limit, --trajectories and --runs do not apply here: each rep's day is one \
                 search that ends on its iteration budget (--iterations)"
                    .into(),
            ));
        }
        Ok(WeekOptions {
            from: self.from(),
            days: self.days.unwrap_or(self.weeks * 5),
            early_days: rounds::planning::week::DEFAULT_EARLY_DAYS,
            seed: search.seed,
            iterations_per_day: search.iterations,
            reps_per_group: rounds::planning::week::DEFAULT_REPS_PER_GROUP,
        })
    }
}

/// Arguments of `rounds territories compare`.
#[derive(Debug, Args)]
struct CompareArgs {
    #[command(flatten)]
    region: RegionArgs,
    /// A split to compare, as NAME=FILE.csv with columns account,rep naming every account (repeatable).
    #[arg(long = "split", value_name = "NAME=CSV", value_parser = named_split)]
    splits: Vec<(String, PathBuf)>,
    /// Compare the current split too (named `current`): the accounts' territory column;
    /// an account without one goes to the rep whose day starts nearest.
    #[arg(long)]
    current: bool,
    #[command(flatten)]
    horizon: HorizonArgs,
    #[command(flatten)]
    travel: TravelArgs,
    #[command(flatten)]
    search: SearchArgs,
    /// Write the comparison as JSON here (atomically; never over an input file).
    #[arg(long, value_name = "JSON")]
    out: Option<PathBuf>,
    /// Write a map of every split into this folder, as NAME.svg.
    #[arg(long, value_name = "DIR")]
    svg: Option<PathBuf>,
    /// Print only the team's figures, not every rep's, and no progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Arguments of `rounds territories propose`.
#[derive(Debug, Args)]
struct ProposeArgs {
    #[command(flatten)]
    region: RegionArgs,
    /// Accounts that must stay with a rep: a CSV with columns account,rep.
    #[arg(long, value_name = "CSV")]
    fixed: Option<PathBuf>,
    /// At most this many accounts may get a rep other than in the current split.
    #[arg(long, value_name = "M")]
    max_moves: Option<usize>,
    /// How far a rep's estimated workload may stray from the fair share, in percent (0 to 100).
    #[arg(long, default_value_t = 5.0, value_name = "PERCENT", value_parser = TOLERANCE.arg())]
    tolerance: f64,
    /// Write the proposed split here as account,rep (atomically; never over an input file).
    #[arg(long, value_name = "CSV")]
    out: PathBuf,
    /// Plan the current and the proposed split over the horizon and compare them.
    #[arg(long)]
    compare: bool,
    /// With --compare: write a map of both splits into this folder.
    #[arg(long, value_name = "DIR", requires = "compare")]
    svg: Option<PathBuf>,
    #[command(flatten)]
    horizon: HorizonArgs,
    #[command(flatten)]
    travel: TravelArgs,
    #[command(flatten)]
    search: SearchArgs,
    /// With --compare: print only the team's figures, and no progress bar.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: TerritoriesArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    match args.command {
        TerritoriesCommand::Compare(args) => run_compare(args, lang),
        TerritoriesCommand::Propose(args) => run_propose(args, lang),
    }
}

/// `NAME=FILE`: a name usable as a file name, and the split file.
fn named_split(text: &str) -> Result<(String, PathBuf), String> {
    let (name, file) = text.split_once('=').ok_or_else(|| format!("`{text}` is not NAME=FILE.csv"))?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        return Err(format!("`{name}` is not a split name: use letters, digits, `-`, `_` or `.`"));
    }
    if file.is_empty() {
        return Err(format!("`{text}` names no file after `=`"));
    }
    Ok((name.to_string(), PathBuf::from(file)))
}

/// The current split, saying how many accounts had no territory.
fn current_split(region: &Region, lang: Lang) -> Split {
    let current = Split::current(region);
    if !current.defaulted.is_empty() {
        errln!("{}", lang.fill(Msg::SplitDefaulted, &[&current.defaulted.len(), &region.accounts.len()]));
    }
    current.split
}

/// The maps `--svg DIR` asks for: DIR/NAME.svg per split.
fn svg_paths(dir: Option<&Path>, names: &[&str]) -> Vec<PathBuf> {
    dir.map(|dir| names.iter().map(|name| dir.join(format!("{name}.svg"))).collect()).unwrap_or_default()
}

fn run_compare(args: CompareArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let region_inputs = args.region.inputs()?;
    let inputs: Vec<&Path> = region_inputs
        .iter()
        .map(PathBuf::as_path)
        .chain(args.splits.iter().map(|(_, path)| path.as_path()))
        .chain(args.travel.inputs())
        .collect();
    let names: Vec<&str> = args
        .current
        .then_some("current")
        .into_iter()
        .chain(args.splits.iter().map(|(n, _)| n.as_str()))
        .collect();
    let svgs = svg_paths(args.svg.as_deref(), &names);
    let outputs: Vec<&Path> =
        args.out.as_deref().into_iter().chain(svgs.iter().map(PathBuf::as_path)).collect();
    refuse_overwrites(&inputs, &outputs)?;
    let options = args.horizon.week_options(&args.search)?;
    let day_limit_s = args.horizon.day_limit_s();
    let region = args.region.load(options.from)?;
    let mut splits: Vec<(String, Split)> = Vec::new();
    if args.current {
        splits.push(("current".to_string(), current_split(&region, lang)));
    }
    for (name, path) in &args.splits {
        if splits.iter().any(|(other, _)| other == name) {
            return Err(UsageError(format!("two splits are named `{name}`; give each its own name")).into());
        }
        let split = read_split(path, &region).context("cannot read a split")?;
        splits.push((name.clone(), split));
    }
    if splits.len() < 2 {
        return Err(UsageError(
            "give two or more splits to compare: --current and/or --split NAME=FILE.csv".into(),
        )
        .into());
    }
    let travel = args.travel.region_model(&region, &args.region.cache_dir(args.out.as_deref())?)?;
    let Some(compared) = plan_and_check(&region, splits, &options, day_limit_s, travel.as_ref(), args.quiet)?
    else {
        return Ok(ExitCode::from(1));
    };
    let mut outputs = Outputs::new(&inputs);
    print_and_stage(
        &region,
        &compared,
        &options,
        Printed { summary_only: args.quiet, lang },
        (args.out.as_deref(), args.svg.as_deref()),
        &mut outputs,
    )?;
    write_outputs(outputs, lang)?;
    Ok(ExitCode::SUCCESS)
}

fn run_propose(args: ProposeArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let region_inputs = args.region.inputs()?;
    let inputs: Vec<&Path> = region_inputs
        .iter()
        .map(PathBuf::as_path)
        .chain(args.fixed.as_deref())
        .chain(args.travel.inputs())
        .collect();
    let svgs = svg_paths(args.svg.as_deref().filter(|_| args.compare), &["current", "proposed"]);
    let outputs: Vec<&Path> =
        std::iter::once(args.out.as_path()).chain(svgs.iter().map(PathBuf::as_path)).collect();
    refuse_overwrites(&inputs, &outputs)?;
    let options = args.horizon.week_options(&args.search)?;
    let day_limit_s = args.horizon.day_limit_s();
    let region = args.region.load(options.from)?;
    let current = current_split(&region, lang);
    let fixed = match &args.fixed {
        Some(path) => read_assignments(path, &region).context("cannot read the fixed accounts")?,
        None => vec![None; region.accounts.len()],
    };
    let propose_options = ProposeOptions {
        working_days: options.days,
        estimate: args.travel.straight_line(),
        max_moves: args.max_moves,
        tolerance: args.tolerance / 100.0,
    };
    let started = Instant::now();
    let proposal =
        propose(&region, &current, &fixed, &propose_options).map_err(|e| UsageError(e.to_string()))?;
    let propose_s = started.elapsed().as_secs_f64();

    let per_day = |loads: &[Seconds]| {
        let days = Seconds::from(options.days);
        let least = loads.iter().min().copied().unwrap_or(0) / days;
        let most = loads.iter().max().copied().unwrap_or(0) / days;
        if least == most {
            lang.duration(least)
        } else {
            lang.fill(Msg::SplitWorkloadRange, &[&lang.duration(least), &lang.duration(most)])
        }
    };
    let (current_loads, _) = estimate_workloads(&region, &current, &propose_options);
    let fixed_count = fixed.iter().flatten().count();
    let at_most = args.max_moves.map(|m| lang.fill(Msg::SplitAtMost, &[&m])).unwrap_or_default();
    let kept = if fixed_count > 0 { lang.fill(Msg::SplitFixedKept, &[&fixed_count]) } else { String::new() };
    let (accounts, reps) = (region.accounts.len(), region.reps.len());
    let seconds = format!("{propose_s:.2}");
    outln!(
        "{}",
        lang.fill(Msg::SplitProposed, &[&accounts, &reps, &seconds, &proposal.moves, &at_most, &kept])
    );
    let outside = proposal.outside_band(args.tolerance / 100.0);
    let band = match outside.first() {
        None => lang.fill(Msg::SplitAllWithin, &[&args.tolerance]),
        Some((rep, deviation)) => {
            let deviation = format!("{:+.1}", deviation * 100.0);
            let furthest = &region.reps[*rep].id;
            lang.fill(Msg::SplitOutside, &[&outside.len(), &reps, &args.tolerance, furthest, &deviation])
        }
    };
    let (current_day, proposed_day) = (per_day(&current_loads), per_day(&proposal.workload_s));
    let fair = per_day(&proposal.target_s);
    outln!("{}", lang.fill(Msg::SplitWorkloads, &[&options.days, &current_day, &proposed_day, &fair, &band]));

    let mut outputs = Outputs::new(&inputs);
    if args.compare {
        let travel = args.travel.region_model(&region, &args.region.cache_dir(Some(&args.out))?)?;
        let splits = vec![("current".to_string(), current), ("proposed".to_string(), proposal.split.clone())];
        let Some(compared) =
            plan_and_check(&region, splits, &options, day_limit_s, travel.as_ref(), args.quiet)?
        else {
            return Ok(ExitCode::from(1));
        };
        outln!();
        let printed = Printed { summary_only: args.quiet, lang };
        print_and_stage(&region, &compared, &options, printed, (None, args.svg.as_deref()), &mut outputs)?;
    }
    let mut csv = Vec::new();
    write_split(&mut csv, &region, &proposal.split).context("cannot format the split")?;
    outputs.stage(&args.out, &csv)?;
    write_outputs(outputs, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// One split planned over the horizon, with its figures.
struct Compared {
    name: String,
    split: Split,
    week: WeekPlan,
    metrics: SplitMetrics,
}

/// Plans every split (in parallel) and checks every day; `None` when a check
/// failed, after printing the violations.
fn plan_and_check(
    region: &Region,
    splits: Vec<(String, Split)>,
    options: &WeekOptions,
    day_limit_s: Seconds,
    travel: &dyn TravelTimes,
    quiet: bool,
) -> anyhow::Result<Option<Vec<Compared>>> {
    let steps = splits.len() * region.reps.len() * options.days as usize;
    let bar = progress::bar(steps as u64, quiet);
    let tick = || bar.inc(1);
    let planned = splits
        .par_iter()
        .map(|(_, split)| {
            let week = plan_split(region, split, options, travel, &tick)?;
            let reports = check_week(&split.apply(region), &week, travel)?;
            let violations: Vec<(NaiveDate, Violation)> = week
                .days
                .iter()
                .zip(reports)
                .flat_map(|(day, report)| report.violations.into_iter().map(move |v| (day.date, v)))
                .collect();
            Ok((week, violations))
        })
        .collect::<Result<Vec<(WeekPlan, Vec<(NaiveDate, Violation)>)>, NamedTravelError>>()?;
    bar.finish_and_clear();

    let mut valid = true;
    for ((name, _), (_, violations)) in splits.iter().zip(&planned) {
        if violations.is_empty() {
            continue;
        }
        valid = false;
        errln!("the plans of split {name} failed the independent check ({} violations):", violations.len());
        for (date, violation) in violations.iter().take(SHOWN_VIOLATIONS) {
            errln!("  {date}: {violation}");
        }
    }
    if !valid {
        errln!("nothing was written");
        return Ok(None);
    }
    Ok(Some(
        splits
            .into_iter()
            .zip(planned)
            .map(|((name, split), (week, _))| {
                let metrics = split_metrics(region, &split, &week, day_limit_s);
                Compared { name, split, week, metrics }
            })
            .collect(),
    ))
}

/// The table on stdout, then the JSON and the maps when asked for.
/// How the comparison table is printed.
#[derive(Clone, Copy)]
struct Printed {
    /// The team's figures only, not every rep's.
    summary_only: bool,
    /// The language of the table.
    lang: Lang,
}

/// Prints the comparison and stages its files: the JSON at `out` and a map
/// per split in `svg_dir`, each if asked for.
fn print_and_stage(
    region: &Region,
    compared: &[Compared],
    options: &WeekOptions,
    printed: Printed,
    (out, svg_dir): (Option<&Path>, Option<&Path>),
    outputs: &mut Outputs,
) -> anyhow::Result<()> {
    let table: Vec<(&str, &SplitMetrics)> = compared.iter().map(|c| (c.name.as_str(), &c.metrics)).collect();
    out!("{}", compare_table(&table, printed.summary_only, printed.lang));
    let lang = printed.lang;
    let iterations = options.iterations_per_day.map_or_else(
        || lang.text(Msg::SplitDefaultIterations).to_string(),
        |n| lang.fill(Msg::SplitIterations, &[&n]),
    );
    outln!("{}", lang.fill(Msg::SplitsChecked, &[&options.seed, &iterations]));
    if let Some(out) = out {
        let splits: Vec<_> =
            compared.iter().map(|c| (c.name.as_str(), &c.metrics, c.week.late.as_slice())).collect();
        outputs.stage(out, comparison_to_json(&splits).as_bytes())?;
    }
    if let Some(dir) = svg_dir {
        outputs.make_folder(dir)?;
        for c in compared {
            let path = dir.join(format!("{}.svg", c.name));
            let counts = [region.accounts.len(), region.reps.len(), c.metrics.dates.len()];
            let title = lang.fill(
                Msg::SplitMapTitle,
                &[&c.name, &counts[0], &counts[1], &counts[2], &lang.date(options.from)],
            );
            outputs.stage(&path, split_svg(region, &c.split, &c.metrics, &title, lang).as_bytes())?;
        }
    }
    Ok(())
}
