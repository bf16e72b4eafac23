//! `rounds generate`: a realistic sample region.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::generate::{generate_region, GenerateOptions, Shape};
use rounds::model::LatLon;

use super::args::{parse_lat_lon, UsageError};

/// Arguments of `rounds generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Folder to write accounts.csv and reps.csv into (created if missing; existing files are not overwritten).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Number of accounts.
    #[arg(long, default_value_t = 300)]
    accounts: usize,
    /// Number of reps.
    #[arg(long, default_value_t = 6)]
    reps: usize,
    /// Seed; the same seed gives the same region.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// city, suburban or rural.
    #[arg(long, default_value = "city")]
    shape: Shape,
    /// The day the visit history leads up to (default: today).
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Centre of the region as LAT,LON (default: the shape's own place).
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon)]
    centre: Option<LatLon>,
    /// How far the region reaches in km (default: the shape's own reach).
    #[arg(long, value_name = "KM")]
    radius_km: Option<f64>,
}

pub fn run(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    if args.accounts == 0 || args.reps == 0 {
        return Err(UsageError("--accounts and --reps must be at least 1".into()).into());
    }
    if args.radius_km.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
        return Err(UsageError("--radius-km must be a positive number".into()).into());
    }
    let today = args.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let region = generate_region(&GenerateOptions {
        accounts: args.accounts,
        reps: args.reps,
        seed: args.seed,
        shape: args.shape,
        today,
        centre: args.centre,
        radius_km: args.radius_km,
    });
    std::fs::create_dir_all(&args.dir).with_context(|| format!("cannot create {}", args.dir.display()))?;
    let accounts_path = args.dir.join("accounts.csv");
    let reps_path = args.dir.join("reps.csv");
    for path in [&accounts_path, &reps_path] {
        if path.exists() {
            return Err(UsageError(format!("{} exists; refusing to overwrite it", path.display())).into());
        }
    }
    let mut accounts = Vec::new();
    rounds::io::csv_region::write_accounts(&mut accounts, &region.accounts)?;
    let mut reps = Vec::new();
    rounds::io::csv_region::write_reps(&mut reps, &region.reps)?;
    rounds::io::write_atomic(&accounts_path, &accounts, &[])?;
    rounds::io::write_atomic(&reps_path, &reps, &[])?;
    println!(
        "wrote {} accounts and {} reps ({}, seed {}, history up to {today}) to {}",
        region.accounts.len(),
        region.reps.len(),
        args.shape.as_str(),
        args.seed,
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
