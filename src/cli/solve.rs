//! `rounds solve`: one benchmark instance, solved, checked and written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use rounds::bench::vrptw::run_instance;
use rounds::vrptw::Objective;

use super::args::SearchArgs;

/// Instance file formats `solve` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Solomon's text layout (also the Gehring & Homberger files).
    Solomon,
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
    /// Write the solution as JSON here.
    #[arg(long, value_name = "JSON")]
    out: Option<PathBuf>,
}

pub fn run(args: SolveArgs) -> anyhow::Result<ExitCode> {
    let Format::Solomon = args.format;
    let instance = rounds::io::solomon::read_solomon(&args.file).context("cannot read the instance")?;
    let config = args.search.config(None)?;
    let (row, routes) = run_instance(&instance, args.objective, &config, None);
    println!(
        "{}: {} vehicles, distance {:.2}, {:.2} s, {} iterations{}",
        row.instance,
        row.vehicles,
        row.distance,
        row.seconds,
        row.iterations,
        if row.valid { ", valid" } else { "" }
    );
    if !row.valid {
        eprintln!("the solution failed the independent check; nothing was written:");
        for v in &row.violations {
            eprintln!("  {v}");
        }
        return Ok(ExitCode::from(1));
    }
    if let Some(out) = &args.out {
        let json = rounds::io::solomon::solution_json(&row.instance, row.distance, &routes);
        rounds::io::write_atomic(out, json.as_bytes(), &[&args.file])
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
