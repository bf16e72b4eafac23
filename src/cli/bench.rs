//! `rounds bench`: benchmark instances against best-known solutions, or
//! sample regions as day plans.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use rounds::interop::solomon::bench::{self as solomon, BestKnown, InstanceRow};
use rounds::interop::solomon::problem::Objective;
use rounds::model::limits;
use rounds::report::lang::Lang;

use super::args::{refuse_overwrites, write_output, SearchArgs, TravelArgs, UsageError};
use super::progress;

/// Arguments of `rounds bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A folder of instance files (*.txt, Solomon layout), or of region folders (accounts.csv + reps.csv).
    dir: PathBuf,
    /// The instance files' format: solomon, or pvrp (Cordeau's periodic VRP instances).
    #[arg(long, value_enum, default_value = "solomon")]
    format: InstanceFormat,
    /// pvrp: rounds of the periodic search per instance (see `rounds solve --rounds`).
    #[arg(long, value_parser = limits::ITERATIONS.arg())]
    rounds: Option<u64>,
    /// Best-known solutions (CSV with instance, bks_distance_only, bks_vehicles, bks_distance_hier;
    /// for pvrp: instance, bks).
    #[arg(long, value_name = "CSV")]
    bks: Option<PathBuf>,
    /// Runs per instance, 1 to 1000, with seeds 1..=K (or --seed .. --seed+K-1).
    #[arg(long, default_value_t = 1, value_parser = limits::SEEDS.arg())]
    seeds: u64,
    /// Instances solved at the same time, 1 to 256, each on --threads threads (default: the
    /// machine's cores shared among them).
    #[arg(long, default_value_t = 1, value_parser = limits::BENCH_JOBS.arg())]
    jobs: usize,
    /// distance or vehicles.
    #[arg(long, default_value = "distance")]
    objective: Objective,
    /// Day to plan when benchmarking regions.
    #[arg(long, value_parser = limits::DATE.arg())]
    date: Option<NaiveDate>,
    /// With regions: also plan each region and seed with this many iterations (one trajectory of
    /// one run unless --trajectories or --runs), and show the default plan against that long reference run
    /// (covered, weight of due accounts left out, driving, gap to the best known).
    #[arg(long, value_name = "ITERATIONS", value_parser = limits::ITERATIONS.arg())]
    reference_iterations: Option<u64>,
    #[command(flatten)]
    travel: TravelArgs,
    #[command(flatten)]
    search: SearchArgs,
    /// Also write the table as CSV here.
    #[arg(long, value_name = "CSV")]
    out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

/// Instance file formats `bench` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InstanceFormat {
    /// Solomon's text layout (also the Gehring & Homberger files).
    Solomon,
    /// Cordeau's periodic VRP layout.
    Pvrp,
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let files =
        solomon::instance_files(&args.dir).with_context(|| format!("cannot list {}", args.dir.display()))?;
    if args.format == InstanceFormat::Pvrp {
        return run_pvrp(args, &files);
    }
    if args.rounds.is_some() {
        return Err(UsageError("--rounds is for PVRP instances (--format pvrp)".into()).into());
    }
    if files.is_empty() {
        return run_regions(args);
    }
    let inputs: Vec<&Path> =
        files.iter().map(PathBuf::as_path).chain(args.bks.as_deref()).chain(args.travel.inputs()).collect();
    refuse_overwrites(&inputs, &args.out.iter().map(PathBuf::as_path).collect::<Vec<_>>())?;
    let best_known = match &args.bks {
        Some(path) => BestKnown::read(path).context("cannot read the best-known solutions")?,
        None => BestKnown::default(),
    };
    let instances = files
        .iter()
        .map(|f| rounds::interop::solomon::reader::read_solomon(f))
        .collect::<Result<Vec<_>, _>>()
        .context("cannot read an instance")?;
    let runs: Vec<(usize, u64)> =
        (0..instances.len()).flat_map(|i| (0..args.seeds).map(move |s| (i, s))).collect();
    let bar = progress::bar(runs.len() as u64, args.quiet);
    // The cores shared among the instances solved at once, unless told.
    let threads = args.search.threads.unwrap_or_else(|| (rounds::solver::every_core() / args.jobs).max(1));
    let base = rounds::solver::SearchConfig { threads, ..args.search.config(None) };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.jobs).build()?;
    let rows: Vec<InstanceRow> = pool.install(|| {
        runs.par_iter()
            .map(|&(i, s)| {
                let config = rounds::solver::SearchConfig { seed: base.seed.wrapping_add(s), ..base.clone() };
                let instance = &instances[i];
                bar.set_message(instance.name.clone());
                let (row, _) =
                    solomon::run_instance(instance, args.objective, &config, best_known.get(&instance.name));
                bar.inc(1);
                row
            })
            .collect()
    });
    bar.finish_and_clear();
    out!("{}", solomon::table(&rows));
    if let Some(out) = &args.out {
        write_output(out, solomon::csv(&rows).as_bytes(), &inputs, Lang::En)?;
    }
    let invalid: Vec<&InstanceRow> = rows.iter().filter(|r| !r.valid).collect();
    for row in &invalid {
        errln!("{} (seed {}) is invalid:", row.instance, row.seed);
        for v in &row.violations {
            errln!("  {v}");
        }
    }
    Ok(if invalid.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Plans every PVRP instance of the folder, `--seeds` times each, and
/// prints the gaps to the best-known totals.
fn run_pvrp(args: BenchArgs, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    use rounds::interop::pvrp::bench::{self as pvrp, BestKnownTotals, PvrpRow};
    if files.is_empty() {
        return Err(UsageError(format!("{} holds no instance files (*.txt)", args.dir.display())).into());
    }
    if args.travel.roads.is_some() || args.travel.matrix.is_some() {
        return Err(UsageError(
            "--roads and --matrix are for regions; PVRP instances have their own distances".into(),
        )
        .into());
    }
    let base = super::solve::periodic_config(&args.search, args.rounds, args.objective)?;
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).chain(args.bks.as_deref()).collect();
    refuse_overwrites(&inputs, &args.out.iter().map(PathBuf::as_path).collect::<Vec<_>>())?;
    let best_known = match &args.bks {
        Some(path) => BestKnownTotals::read(path).context("cannot read the best-known totals")?,
        None => BestKnownTotals::default(),
    };
    let instances = files
        .iter()
        .map(|f| rounds::interop::pvrp::reader::read_pvrp(f))
        .collect::<Result<Vec<_>, _>>()
        .context("cannot read an instance")?;
    let runs: Vec<(usize, u64)> =
        (0..instances.len()).flat_map(|i| (0..args.seeds).map(move |s| (i, s))).collect();
    let bar = progress::bar(runs.len() as u64, args.quiet);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.jobs).build()?;
    let rows: Vec<PvrpRow> = pool.install(|| {
        runs.par_iter()
            .map(|&(i, s)| {
                let config = rounds::planning::periodic::PeriodicConfig {
                    seed: base.seed.wrapping_add(s),
                    ..base.clone()
                };
                let instance = &instances[i];
                bar.set_message(instance.name.clone());
                let (row, _) = pvrp::run_instance(instance, &config, best_known.get(&instance.name));
                bar.inc(1);
                row
            })
            .collect()
    });
    bar.finish_and_clear();
    out!("{}", pvrp::table(&rows));
    if let Some(out) = &args.out {
        write_output(out, pvrp::csv(&rows).as_bytes(), &inputs, Lang::En)?;
    }
    let invalid: Vec<&PvrpRow> = rows.iter().filter(|r| !r.valid).collect();
    for row in &invalid {
        errln!("{} (seed {}) is invalid:", row.instance, row.seed);
        for v in &row.violations {
            errln!("  {v}");
        }
    }
    Ok(if invalid.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn run_regions(args: BenchArgs) -> anyhow::Result<ExitCode> {
    use rounds::bench::regions;
    let folders =
        regions::region_folders(&args.dir).with_context(|| format!("cannot list {}", args.dir.display()))?;
    if folders.is_empty() {
        return Err(UsageError(format!(
            "{} holds neither instance files (*.txt) nor region folders (accounts.csv + reps.csv)",
            args.dir.display()
        ))
        .into());
    }
    let region_files: Vec<PathBuf> =
        folders.iter().flat_map(|folder| [folder.join("accounts.csv"), folder.join("reps.csv")]).collect();
    let inputs: Vec<&Path> = region_files.iter().map(PathBuf::as_path).chain(args.travel.inputs()).collect();
    refuse_overwrites(&inputs, &args.out.iter().map(PathBuf::as_path).collect::<Vec<_>>())?;
    let date = args.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let options = rounds::planning::day::DayOptions { date, lookahead_days: 0 };
    let travel = args.travel.shared_model(&args.dir)?;
    let travel = travel.as_ref();
    let config = args.search.day_config();
    if let Some(reference_iterations) = args.reference_iterations {
        let seeds: Vec<u64> = (0..args.seeds).map(|s| config.seed.wrapping_add(s)).collect();
        let bar = progress::bar(folders.len() as u64 * args.seeds, args.quiet);
        let mut comparisons = Vec::with_capacity(folders.len() * seeds.len());
        for folder in &folders {
            for &seed in &seeds {
                bar.set_message(format!("{} seed {seed}", folder.display()));
                comparisons.extend(regions::compare_region(
                    folder,
                    &options,
                    travel,
                    &config,
                    [seed],
                    reference_iterations,
                )?);
                bar.inc(1);
            }
        }
        bar.finish_and_clear();
        outln!("{date}, {}", rounds::travel::TravelTimes::describe(travel));
        out!("{}", regions::comparison_table(&comparisons));
        if let Some(out) = &args.out {
            write_output(out, regions::comparison_csv(&comparisons).as_bytes(), &inputs, Lang::En)?;
        }
        let valid = comparisons.iter().all(|c| c.default.valid && c.reference.valid);
        return Ok(if valid { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    let bar = progress::bar(folders.len() as u64, args.quiet);
    let mut rows = Vec::with_capacity(folders.len());
    for folder in &folders {
        bar.set_message(folder.display().to_string());
        rows.push(regions::bench_region(folder, &options, travel, &config)?);
        bar.inc(1);
    }
    bar.finish_and_clear();
    outln!("{date}, {}", rounds::travel::TravelTimes::describe(travel));
    out!("{}", regions::regions_table(&rows));
    if let Some(out) = &args.out {
        write_output(out, regions::regions_csv(&rows).as_bytes(), &inputs, Lang::En)?;
    }
    Ok(if rows.iter().all(|r| r.valid) { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
