//! `rounds solve`: one benchmark instance or VROOM request, solved, checked and written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use rounds::interop::pvrp::reader::read_pvrp;
use rounds::interop::solomon::bench::run_instance;
use rounds::interop::solomon::problem::Objective;
use rounds::interop::vroom::problem::VroomProblem;
use rounds::interop::vroom::{parse_vroom_response, read_vroom_request, response_json, ComputingTimes};
use rounds::model::limits;
use rounds::planning::periodic::PeriodicConfig;
use rounds::report::lang::Lang;
use rounds::solver::solve;

use super::args::{refuse_overwrites, write_output, SearchArgs, TravelArgs, UsageError};

/// Instance file formats `solve` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Solomon's text layout (also the Gehring & Homberger files).
    Solomon,
    /// A VROOM request (JSON); the answer is VROOM's response JSON.
    Vroom,
    /// Cordeau's periodic VRP layout: customers visited on allowed combinations of days.
    Pvrp,
}

/// Arguments of `rounds solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// The instance file.
    file: PathBuf,
    /// The file's format.
    #[arg(long, value_enum, default_value = "solomon")]
    format: Format,
    /// distance (vehicles free up to the fleet size) or vehicles (fewest vehicles, then distance).
    #[arg(long, default_value = "distance")]
    objective: Objective,
    #[command(flatten)]
    search: SearchArgs,
    /// Prices the legs of a VROOM request that has no matrix of its own.
    #[command(flatten)]
    travel: TravelArgs,
    /// pvrp: rounds of the periodic search (change some customers' days, re-route the days changed, go on from the result when within 1.5 % of the best);
    /// the result is reproducible when this budget, not the time limit, ends the search.
    #[arg(long, value_parser = limits::ITERATIONS.arg())]
    rounds: Option<u64>,
    /// Write the solution as JSON here (for vroom: instead of printing the response).
    #[arg(long, value_name = "JSON")]
    out: Option<PathBuf>,
}

pub fn run(args: SolveArgs) -> anyhow::Result<ExitCode> {
    let inputs: Vec<&Path> = std::iter::once(args.file.as_path()).chain(args.travel.inputs()).collect();
    refuse_overwrites(&inputs, &args.out.iter().map(PathBuf::as_path).collect::<Vec<_>>())?;
    if args.rounds.is_some() && args.format != Format::Pvrp {
        return Err(UsageError("--rounds is for PVRP instances (--format pvrp)".into()).into());
    }
    match args.format {
        Format::Solomon => solve_solomon(args),
        Format::Vroom => solve_vroom(args),
        Format::Pvrp => solve_pvrp(args),
    }
}

/// The periodic search's configuration from the shared search arguments;
/// `--iterations`, `--threads`, `--trajectories` and `--runs` belong to the day solver's own search and
/// `--objective` to Solomon instances, so they are refused rather than ignored.
pub fn periodic_config(
    search: &SearchArgs,
    rounds: Option<u64>,
    objective: Objective,
) -> Result<PeriodicConfig, UsageError> {
    if search.iterations.is_some()
        || search.threads.is_some()
        || search.trajectories.is_some()
        || search.runs.is_some()
        || objective != Objective::Distance
    {
        return Err(UsageError(
            "PVRP instances take --time-limit, --seed and --rounds; --iterations, --threads, --trajectories, \
             --runs and --objective are for Solomon instances"
                .into(),
        ));
    }
    Ok(PeriodicConfig {
        seed: search.seed,
        time_limit: search.time_limit(rounds.is_some()),
        rounds,
        ..PeriodicConfig::default()
    })
}

/// Plans a PVRP instance, checks it with the independent validator, then
/// prints it and writes it.
fn solve_pvrp(args: SolveArgs) -> anyhow::Result<ExitCode> {
    if args.travel.roads.is_some() || args.travel.matrix.is_some() {
        return Err(UsageError(
            "--roads and --matrix price VROOM requests; PVRP instances have their own distances".into(),
        )
        .into());
    }
    let config = periodic_config(&args.search, args.rounds, args.objective)?;
    let instance = read_pvrp(&args.file).context("cannot read the instance")?;
    let (row, solution) = rounds::interop::pvrp::bench::run_instance(&instance, &config, None);
    if !row.valid {
        errln!("the plan failed the independent check; nothing was written:");
        for v in &row.violations {
            errln!("  {v}");
        }
        return Ok(ExitCode::from(1));
    }
    let routes = solution.routes.iter().filter(|r| !r.stops.is_empty()).count();
    outln!(
        "{}: {} days, {} routes, distance {:.2}, {:.2} s, {} rounds, valid",
        row.instance,
        instance.days.len(),
        routes,
        row.distance,
        row.seconds,
        row.rounds
    );
    if let Some(out) = &args.out {
        let json = rounds::interop::pvrp::reader::solution_json(&instance, &solution);
        write_output(out, json.as_bytes(), &[&args.file], Lang::En)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn solve_solomon(args: SolveArgs) -> anyhow::Result<ExitCode> {
    if args.travel.roads.is_some() || args.travel.matrix.is_some() {
        return Err(UsageError(
            "--roads and --matrix price VROOM requests; Solomon instances have their own distances".into(),
        )
        .into());
    }
    let instance =
        rounds::interop::solomon::reader::read_solomon(&args.file).context("cannot read the instance")?;
    let config = args.search.config(None);
    let (row, routes) = run_instance(&instance, args.objective, &config, None);
    outln!(
        "{}: {} vehicles, distance {:.2}, {:.2} s, {} iterations{}",
        row.instance,
        row.vehicles,
        row.distance,
        row.seconds,
        row.iterations,
        if row.valid { ", valid" } else { "" }
    );
    if !row.valid {
        errln!("the solution failed the independent check; nothing was written:");
        for v in &row.violations {
            errln!("  {v}");
        }
        return Ok(ExitCode::from(1));
    }
    if let Some(out) = &args.out {
        let json = rounds::interop::solomon::reader::solution_json(&row.instance, row.distance, &routes);
        write_output(out, json.as_bytes(), &[&args.file], Lang::En)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Solves a VROOM request: prints the response (or writes it with `--out`)
/// after the independent validator has replayed it.
fn solve_vroom(args: SolveArgs) -> anyhow::Result<ExitCode> {
    if args.objective != Objective::Distance {
        return Err(UsageError(
            "--objective is for Solomon instances; a VROOM request minimises travel time".into(),
        )
        .into());
    }
    if args.travel.matrix.is_some() {
        return Err(UsageError(
            "--matrix belongs to `rounds plan`; give a VROOM request its matrix as `matrices` inside it"
                .into(),
        )
        .into());
    }
    let started = Instant::now();
    let request = read_vroom_request(&args.file).context("cannot read the VROOM request")?;
    if request.matrix.is_some() && args.travel.roads.is_some() {
        return Err(UsageError(
            "the request has its own matrix, so --roads would price nothing; drop one of them".into(),
        )
        .into());
    }
    let cache_dir = args.out.as_deref().or(Some(&args.file)).and_then(Path::parent).unwrap_or(Path::new("."));
    let travel = args.travel.shared_model(cache_dir)?;
    let travel = travel.as_ref();
    let vroom = VroomProblem::build(&request, travel)?;
    let loading = started.elapsed();
    let config = args.search.config(Some(vroom.default_iterations()));
    let outcome = solve(&vroom.problem, &config);
    let computing_times = ComputingTimes {
        loading: loading.as_millis() as u64,
        solving: (started.elapsed() - loading).as_millis() as u64,
    };
    let json = response_json(&vroom.to_response(&outcome.solution, computing_times));

    // Check the response as written, parsed back, as a user of it would read it.
    let written = parse_vroom_response(&json, Path::new("the response"))?;
    let report = rounds::interop::vroom::check::check_vroom(&request, &written, travel)?;
    if !report.is_valid() {
        errln!("the response failed the independent check; nothing was written:");
        for violation in &report.violations {
            errln!("  {violation}");
        }
        return Ok(ExitCode::from(1));
    }
    let Some(out) = &args.out else {
        out!("{json}");
        return Ok(ExitCode::SUCCESS);
    };
    let summary = &written.summary;
    outln!(
        "{}: {} routes, {} jobs assigned, {} unassigned, cost {} (travel {} s), {:.2} s, {} iterations{}; \
         checked: valid",
        args.file.display(),
        summary.routes,
        request.jobs.len() - summary.unassigned,
        summary.unassigned,
        summary.cost,
        summary.duration,
        started.elapsed().as_secs_f64(),
        outcome.iterations,
        if outcome.stopped_by_time { ", cut by the time limit" } else { "" },
    );
    write_output(out, json.as_bytes(), &[&args.file], Lang::En)?;
    Ok(ExitCode::SUCCESS)
}
