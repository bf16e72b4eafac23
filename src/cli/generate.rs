//! `rounds generate`: a realistic sample region.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use rounds::generate::{generate_region, GenerateOptions, Shape};
use rounds::model::limits::{self, Range};
use rounds::model::LatLon;

use super::args::{parse_lat_lon, UsageError};

/// Arguments of `rounds generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Folder to write accounts.csv and reps.csv into (created if missing; existing files are not overwritten).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Number of accounts (at most 100 000, the most a region may have).
    #[arg(long, default_value_t = 300, value_parser = ACCOUNT_COUNT.arg())]
    accounts: usize,
    /// Number of reps (at most 500, the most a region may have).
    #[arg(long, default_value_t = 6, value_parser = REP_COUNT.arg())]
    reps: usize,
    /// Seed; the same seed gives the same region.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// city, suburban or rural.
    #[arg(long, default_value = "city")]
    shape: Shape,
    /// The day the visit history leads up to (default: today).
    #[arg(long, value_parser = limits::DATE.arg())]
    today: Option<NaiveDate>,
    /// Centre of the region as LAT,LON (default: the shape's own place; a leading `-` is allowed).
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true)]
    centre: Option<LatLon>,
    /// How far the region reaches in km, at most 2000 (default: the shape's own reach).
    #[arg(long, value_name = "KM", value_parser = limits::RADIUS_KM.arg())]
    radius_km: Option<f64>,
}

/// `--accounts`: a region the readers take.
const ACCOUNT_COUNT: Range<usize> = Range::new("accounts", 1, limits::MAX_ACCOUNTS);
/// `--reps`: a team the readers take.
const REP_COUNT: Range<usize> = Range::new("reps", 1, limits::MAX_REPS);

pub fn run(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let accounts_path = args.dir.join("accounts.csv");
    let reps_path = args.dir.join("reps.csv");
    for path in [&accounts_path, &reps_path] {
        if path.exists() {
            return Err(UsageError(format!("{} exists; refusing to overwrite it", path.display())).into());
        }
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
    let mut accounts = Vec::new();
    rounds::io::csv_region::write_accounts(&mut accounts, &region.accounts)?;
    let mut reps = Vec::new();
    rounds::io::csv_region::write_reps(&mut reps, &region.reps)?;
    let mut outputs = rounds::io::Outputs::new(&[]);
    outputs.make_folder(&args.dir)?;
    outputs.stage(&accounts_path, &accounts)?;
    outputs.stage(&reps_path, &reps)?;
    outputs.commit()?;
    outln!(
        "wrote {} accounts and {} reps ({}, seed {}, history up to {today}) to {}",
        region.accounts.len(),
        region.reps.len(),
        args.shape.as_str(),
        args.seed,
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
