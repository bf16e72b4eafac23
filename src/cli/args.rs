//! Arguments shared by several subcommands: where the region is, and the travel model.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use rounds::model::{LatLon, Region};
use rounds::plan::Plan;
use rounds::solver::SearchConfig;
use rounds::store::{PlanInputs, PlanKind, Store};
use rounds::travel::cache::Cached;
use rounds::travel::given::GivenMatrix;
use rounds::travel::road::{RoadNetwork, RoadOptions};
use rounds::travel::{StraightLine, TravelTimes};

/// An argument that makes no sense (reported with exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Where the accounts and reps are: a region folder (or its files), or the team's database.
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
    /// Visit log written by `rounds record`: an account's latest recorded visit counts over its
    /// `last_visit` when later.
    #[arg(long, value_name = "CSV")]
    pub log: Option<PathBuf>,
    /// The team's database (`rounds db init`, `rounds db import`) instead of a region folder:
    /// its latest import, with every visit recorded in it.
    #[arg(long, value_name = "DB", conflicts_with_all = ["region", "accounts", "reps", "log"])]
    pub db: Option<PathBuf>,
}

/// Where a loaded region came from, and what storing a plan made from it needs.
pub enum RegionSource {
    /// Files: a published plan is the file written, nothing more.
    Files,
    /// A database: published plans are stored in it with what they were made from.
    Database {
        /// The database, as given.
        path: PathBuf,
        /// What the region was made from.
        inputs: PlanInputs,
    },
}

impl RegionSource {
    /// Stores a plan that passed the check and was written (`--out`) in the
    /// database the region came from, and says so on stderr; nothing for files.
    pub fn publish(&self, kind: PlanKind, days: &[Plan], travel: &TravelArgs) -> anyhow::Result<()> {
        let RegionSource::Database { path, inputs } = self else { return Ok(()) };
        let id = Store::open(path)?.publish(kind, inputs, days, &travel.describe()?)?;
        eprintln!(
            "stored as plan {id} in {}; `rounds check --db {} --plan-id {id}` replays it",
            path.display(),
            path.display()
        );
        Ok(())
    }
}

impl RegionArgs {
    /// The two input files.
    pub fn paths(&self) -> Result<(PathBuf, PathBuf), UsageError> {
        let pick = |given: &Option<PathBuf>, file: &str| match (given, &self.region) {
            (Some(path), _) => Ok(path.clone()),
            (None, Some(dir)) => Ok(dir.join(file)),
            (None, None) => {
                Err(UsageError(format!("give a region folder or --{}", file.trim_end_matches(".csv"))))
            }
        };
        Ok((pick(&self.accounts, "accounts.csv")?, pick(&self.reps, "reps.csv")?))
    }

    /// Every file the region is read from (accounts, reps and the visit log, if any,
    /// or the database): the files no output may overwrite.
    pub fn inputs(&self) -> Result<Vec<PathBuf>, UsageError> {
        if let Some(db) = &self.db {
            return Ok(vec![db.clone()]);
        }
        let (accounts, reps) = self.paths()?;
        Ok([accounts, reps].into_iter().chain(self.log.clone()).collect())
    }

    /// The files of a command that reads this region (and `more_inputs`) and
    /// writes `out` and the `export` files. Refuses, before any work is done,
    /// an output that names an input, so a refused output never leaves the
    /// others written.
    pub fn files(
        &self,
        more_inputs: &[&Path],
        out: Option<&Path>,
        export: &ExportArgs,
    ) -> anyhow::Result<CommandFiles> {
        let mut inputs = self.inputs()?;
        inputs.extend(more_inputs.iter().map(|p| p.to_path_buf()));
        let input_paths: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
        let outputs: Vec<&Path> = out.into_iter().chain(export.paths()).collect();
        rounds::io::refuse_inputs(&outputs, &input_paths)?;
        Ok(CommandFiles { inputs, cache_dir: self.cache_dir(out)? })
    }

    /// Where road matrices are cached: beside the command's main output,
    /// else beside the region (or the database), so re-planning the same region reuses them.
    pub fn cache_dir(&self, out: Option<&Path>) -> Result<PathBuf, UsageError> {
        let region_file = match &self.db {
            Some(db) => db.clone(),
            None => self.paths()?.1,
        };
        let beside = out.unwrap_or(&region_file);
        Ok(beside.parent().unwrap_or(Path::new(".")).to_path_buf())
    }

    /// Reads and validates the region, with the visit log applied when one is given.
    pub fn load(&self) -> anyhow::Result<Region> {
        Ok(self.load_source()?.0)
    }

    /// [`RegionArgs::load`], and where the region came from, for publishing a plan made from it.
    /// From a database: the latest import with every recorded visit applied, read by the
    /// rules of the CSV files.
    pub fn load_source(&self) -> anyhow::Result<(Region, RegionSource)> {
        if let Some(db) = &self.db {
            let snapshot = Store::open(db)?.snapshot()?;
            return Ok((
                snapshot.region,
                RegionSource::Database { path: db.clone(), inputs: snapshot.inputs },
            ));
        }
        let (accounts, reps) = self.paths()?;
        let mut region =
            rounds::io::csv_region::read_region(&accounts, &reps).context("cannot read the region")?;
        if let Some(log) = &self.log {
            let visits =
                rounds::io::visit_log::read_log(log, &region).context("cannot read the visit log")?;
            rounds::visit_log::apply_log(&mut region, &visits);
        }
        Ok((region, RegionSource::Files))
    }
}

/// The files a command reads and where it caches, from [`RegionArgs::files`].
pub struct CommandFiles {
    /// Every file read: no output may replace one.
    pub inputs: Vec<PathBuf>,
    /// Where road matrices are cached: beside the main output, else beside the region.
    pub cache_dir: PathBuf,
}

impl CommandFiles {
    /// [`CommandFiles::inputs`] as the paths `write_output` refuses.
    pub fn input_paths(&self) -> Vec<&Path> {
        self.inputs.iter().map(PathBuf::as_path).collect()
    }
}

/// Which travel model prices the legs, and its knobs.
#[derive(Debug, Args)]
pub struct TravelArgs {
    /// Road distance over straight-line distance (straight-line model).
    #[arg(long, default_value_t = 1.3, value_name = "FACTOR")]
    pub detour: f64,
    /// Average driving speed (straight-line model).
    #[arg(long, default_value_t = 30.0, value_name = "KMH")]
    pub speed_kmh: f64,
    /// A travel matrix from your own routing engine: an OSRM `table` response with
    /// `durations` and `distances`, rows and columns in the order of the region's
    /// accounts, then reps' starts, then reps' ends.
    #[arg(long, value_name = "JSON")]
    pub matrix: Option<PathBuf>,
    /// Drive on real roads from this OpenStreetMap extract (.osm.pbf).
    #[arg(long, value_name = "PBF", conflicts_with = "matrix")]
    pub roads: Option<PathBuf>,
    /// With --roads: how far a place may be from the nearest road.
    #[arg(long, default_value_t = 500.0, value_name = "METRES")]
    pub max_snap_m: f64,
    /// With --roads: always compute the matrix, neither reading nor writing the cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl TravelArgs {
    /// The straight-line model these arguments describe.
    pub fn straight_line(&self) -> Result<StraightLine, UsageError> {
        if !(self.detour.is_finite() && self.detour >= 1.0) {
            return Err(UsageError(format!("--detour must be a number of at least 1, not {}", self.detour)));
        }
        if !(self.speed_kmh.is_finite() && self.speed_kmh > 0.0) {
            return Err(UsageError(format!("--speed-kmh must be a positive number, not {}", self.speed_kmh)));
        }
        Ok(StraightLine { detour: self.detour, speed_kmh: self.speed_kmh })
    }

    /// The travel model for `region`. Road matrices are cached in
    /// `cache_dir/.rounds-cache`, keyed by the map's SHA-256, the road
    /// options and the places, so re-planning the same region reuses them.
    pub fn model(&self, region: &Region, cache_dir: &Path) -> anyhow::Result<Box<dyn TravelTimes>> {
        if let Some(path) = &self.matrix {
            let given = GivenMatrix::read(path, region).context("cannot read the travel matrix")?;
            return Ok(Box::new(given));
        }
        self.shared_model(cache_dir)
    }

    /// [`TravelArgs::model`] for commands that plan many days of one region:
    /// on roads, every matrix asked of the network costs a search per place
    /// (and a cache entry), and the days ask for thousands of small ones, so
    /// the whole region is priced once and the days read from that.
    pub fn region_model(&self, region: &Region, cache_dir: &Path) -> anyhow::Result<Box<dyn TravelTimes>> {
        let travel = self.model(region, cache_dir)?;
        if self.roads.is_none() {
            return Ok(travel);
        }
        Ok(Box::new(GivenMatrix::priced(region, travel.as_ref())?))
    }

    /// The travel model in words, as a stored plan keeps it: a replay must price
    /// legs the same way. Files are named by their SHA-256, not their path.
    pub fn describe(&self) -> anyhow::Result<String> {
        let sha256 = |path: &Path| -> anyhow::Result<String> {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok(format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&bytes)))
        };
        Ok(match (&self.matrix, &self.roads) {
            (Some(matrix), _) => format!("given matrix (SHA-256 {})", sha256(matrix)?),
            (None, Some(pbf)) => {
                format!(
                    "roads of the map with SHA-256 {}, places at most {} m from a road",
                    sha256(pbf)?,
                    self.max_snap_m
                )
            }
            (None, None) => {
                let line = self.straight_line()?;
                format!("straight line, detour {}, {} km/h", line.detour, line.speed_kmh)
            }
        })
    }

    /// The travel model for one or several regions (a given matrix belongs to one region only).
    pub fn shared_model(&self, cache_dir: &Path) -> anyhow::Result<Box<dyn TravelTimes>> {
        if self.matrix.is_some() {
            return Err(UsageError("--matrix belongs to one region; it cannot price several".into()).into());
        }
        let Some(pbf) = &self.roads else { return Ok(Box::new(self.straight_line()?)) };
        if !(self.max_snap_m.is_finite() && self.max_snap_m > 0.0) {
            return Err(UsageError(format!(
                "--max-snap-m must be a positive number, not {}",
                self.max_snap_m
            ))
            .into());
        }
        let options = RoadOptions { max_snap_m: self.max_snap_m, ..RoadOptions::default() };
        let network = RoadNetwork::from_pbf(pbf, &options)?;
        if self.no_cache {
            return Ok(Box::new(network));
        }
        let key = format!("roads v1 {} {:?}", network.source_sha256(), options);
        Ok(Box::new(Cached::new(network, cache_dir.join(".rounds-cache"), key)))
    }
}

/// How long and how the search runs.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Stop searching after this many seconds at most.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub time_limit: f64,
    /// Ruin-and-recreate iterations per thread. The result is reproducible
    /// whenever this budget, not the time limit, ends the search.
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Seed of the search's random choices.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Independent searches in parallel; the best result wins.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
}

impl SearchArgs {
    /// The search configuration; `default_iterations` applies when `--iterations` is not given
    /// (`None`: run until the time limit).
    pub fn config(&self, default_iterations: Option<u64>) -> Result<SearchConfig, UsageError> {
        if !(self.time_limit.is_finite() && self.time_limit > 0.0) {
            return Err(UsageError(format!(
                "--time-limit must be a positive number of seconds, not {}",
                self.time_limit
            )));
        }
        if self.threads == 0 {
            return Err(UsageError("--threads must be at least 1".into()));
        }
        Ok(SearchConfig {
            seed: self.seed,
            iterations: self.iterations.or(default_iterations),
            time_limit: Duration::from_secs_f64(self.time_limit),
            threads: self.threads,
            ..SearchConfig::default()
        })
    }
}

/// Map files of the plans: GeoJSON and a self-contained HTML report.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write the plan as GeoJSON here: a line per route, a point per visit and per
    /// account left out (atomically; never over an input file).
    #[arg(long, value_name = "GEOJSON")]
    pub geojson: Option<PathBuf>,
    /// Write a self-contained HTML report here: a map of the routes, a timeline per rep
    /// and the summary (atomically; never over an input file).
    #[arg(long, value_name = "HTML")]
    pub html: Option<PathBuf>,
}

impl ExportArgs {
    /// The files these arguments ask for.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.geojson.iter().chain(&self.html).map(PathBuf::as_path)
    }

    /// Writes the files asked for, each atomically and never over one of `inputs`,
    /// and says so on stderr. Call it only with plans that passed the check.
    pub fn write(
        &self,
        region: &Region,
        plans: &[rounds::plan::Plan],
        title: &str,
        inputs: &[&Path],
    ) -> anyhow::Result<()> {
        if let Some(path) = &self.geojson {
            let text = rounds::io::geojson::plans_geojson(region, plans);
            write_output(path, &text, inputs)?;
        }
        if let Some(path) = &self.html {
            let text = rounds::io::html_report::html_report(region, plans, title);
            write_output(path, &text, inputs)?;
        }
        Ok(())
    }
}

/// Writes `text` to `path` atomically, never over one of `inputs`, and says so on stderr.
pub fn write_output(path: &Path, text: &str, inputs: &[&Path]) -> anyhow::Result<()> {
    rounds::io::write_atomic(path, text.as_bytes(), inputs)
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

impl RegionArgs {
    /// A short name for the region in titles: its folder's name, else the accounts file's
    /// (or the database's).
    pub fn label(&self) -> String {
        let path = self.region.as_deref().or(self.accounts.as_deref()).or(self.db.as_deref());
        let name = path.and_then(|p| p.canonicalize().ok()?.file_stem().map(|s| s.to_owned()));
        name.map_or_else(|| "region".to_string(), |n| n.to_string_lossy().into_owned())
    }
}

/// Parses `LAT,LON` in degrees (`--centre`, `--position`).
pub fn parse_lat_lon(text: &str) -> Result<LatLon, String> {
    let (lat, lon) = text.split_once(',').ok_or_else(|| format!("`{text}` is not LAT,LON"))?;
    let number = |t: &str| t.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match (number(lat), number(lon)) {
        (Some(lat), Some(lon)) if lat.abs() <= 90.0 && lon.abs() <= 180.0 => Ok(LatLon { lat, lon }),
        _ => Err(format!("`{text}` is not LAT,LON in degrees")),
    }
}
