//! Arguments shared by several subcommands: where the region is, and the travel model.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use rounds::model::Region;
use rounds::travel::StraightLine;

/// An argument that makes no sense (reported with exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Where the accounts and reps are.
#[derive(Debug, Args)]
pub struct RegionArgs {
    /// Region folder holding accounts.csv and reps.csv.
    #[arg(value_name = "REGION")]
    pub region: Option<PathBuf>,
    /// Accounts file (default: REGION/accounts.csv).
    #[arg(long, value_name = "CSV")]
    pub accounts: Option<PathBuf>,
    /// Reps file (default: REGION/reps.csv).
    #[arg(long, value_name = "CSV")]
    pub reps: Option<PathBuf>,
}

impl RegionArgs {
    /// The two input files.
    pub fn paths(&self) -> Result<(PathBuf, PathBuf), UsageError> {
        let pick = |given: &Option<PathBuf>, file: &str| match (given, &self.region) {
            (Some(path), _) => Ok(path.clone()),
            (None, Some(dir)) => Ok(dir.join(file)),
            (None, None) => Err(UsageError(format!("give a region folder or --{}", file.trim_end_matches(".csv")))),
        };
        Ok((pick(&self.accounts, "accounts.csv")?, pick(&self.reps, "reps.csv")?))
    }

    /// Reads and validates the region.
    pub fn load(&self) -> anyhow::Result<Region> {
        let (accounts, reps) = self.paths()?;
        rounds::io::csv_region::read_region(&accounts, &reps).context("cannot read the region")
    }
}

/// The straight-line travel model's knobs.
#[derive(Debug, Args)]
pub struct TravelArgs {
    /// Road distance over straight-line distance.
    #[arg(long, default_value_t = 1.3, value_name = "FACTOR")]
    pub detour: f64,
    /// Average driving speed.
    #[arg(long, default_value_t = 30.0, value_name = "KMH")]
    pub speed_kmh: f64,
}

impl TravelArgs {
    /// The travel model these arguments describe.
    pub fn model(&self) -> Result<StraightLine, UsageError> {
        if !(self.detour.is_finite() && self.detour >= 1.0) {
            return Err(UsageError(format!("--detour must be a number of at least 1, not {}", self.detour)));
        }
        if !(self.speed_kmh.is_finite() && self.speed_kmh > 0.0) {
            return Err(UsageError(format!("--speed-kmh must be a positive number, not {}", self.speed_kmh)));
        }
        Ok(StraightLine { detour: self.detour, speed_kmh: self.speed_kmh })
    }
}
