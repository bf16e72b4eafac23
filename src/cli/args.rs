//! Arguments shared by several subcommands: where the region is, and the travel model.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use rounds::interop::osrm::read_osrm_table;
use rounds::io::text::TextEncoding;
use rounds::io::Outputs;
use rounds::model::limits;
use rounds::model::plan::Plan;
use rounds::model::{Country, Holidays, LatLon, Region};
use rounds::report::ics::CalendarOptions;
use rounds::report::lang::{Lang, Msg};
use rounds::solver::SearchConfig;
use rounds::store::{PlanInputs, PlanKind, Store, StoreError};
use rounds::travel::cache::Cached;
use rounds::travel::given::GivenMatrix;
use rounds::travel::road::{RoadNetwork, RoadOptions};
use rounds::travel::{StraightLine, TravelTimes};

/// An argument that makes no sense (reported with exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Where the accounts, reps and holidays are: a region folder (or its files), or the team's
/// database.
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
    /// Days nobody is sent out: `jp` or `fi` for a built-in calendar, or a file (CSV of
    /// dates, or an iCalendar .ics). Repeat to combine; REGION/holidays.csv and
    /// REGION/holidays.ics count too when present.
    #[arg(long, value_name = "jp|fi|FILE", value_parser = HolidaySource::parse)]
    pub holidays: Vec<HolidaySource>,
    /// Reps' absences: `rep,from,to` with optional `start,end` (part of a day) and `note`
    /// (default: REGION/absences.csv when present).
    #[arg(long, value_name = "CSV")]
    pub absences: Option<PathBuf>,
    /// Dates accounts are closed: `account,from,to` with optional `note` (default:
    /// REGION/closures.csv when present).
    #[arg(long, value_name = "CSV")]
    pub closures: Option<PathBuf>,
    /// Visits agreed with customers: `account,date` and `start` (10:00) or `window`
    /// (10:00-11:00), with optional `rep`, `duration_min` and `note` (default:
    /// REGION/appointments.csv when present).
    #[arg(long, value_name = "CSV")]
    pub appointments: Option<PathBuf>,
    /// Encoding of the region's CSV files: utf-8 or shift_jis (default: UTF-8 when the file is
    /// valid UTF-8, else Shift_JIS).
    #[arg(long, value_name = "ENCODING", default_value = "auto", value_parser = TextEncoding::parse)]
    pub encoding: TextEncoding,
    /// The team's database (`rounds db init`, `rounds db import`) instead of a region folder:
    /// its latest import, with every visit recorded in it.
    #[arg(long, value_name = "DB", conflicts_with_all = ["region", "accounts", "reps", "log"])]
    pub db: Option<PathBuf>,
}

/// Where holidays come from: a built-in calendar or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HolidaySource {
    /// A built-in calendar (`jp`, `fi`).
    Country(Country),
    /// A holidays file (CSV or iCalendar).
    File(PathBuf),
}

impl HolidaySource {
    /// A country code when it is one (`jp`, `fi`), else a file path.
    fn parse(text: &str) -> Result<HolidaySource, String> {
        if text.trim().is_empty() {
            return Err("expected jp, fi or a holidays file".to_string());
        }
        Ok(Country::parse(text)
            .map_or_else(|| HolidaySource::File(PathBuf::from(text)), HolidaySource::Country))
    }
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
    /// A re-plan names the plan it was made `over`: it is stored only while
    /// that plan is still in force. What it says is in `lang`.
    pub fn publish(
        &self,
        kind: PlanKind,
        days: &[Plan],
        over: Option<i64>,
        travel: &TravelArgs,
        lang: Lang,
    ) -> anyhow::Result<()> {
        let RegionSource::Database { path, inputs } = self else { return Ok(()) };
        let mut store = Store::open(path)?;
        let travel = travel.describe()?;
        let id = match over {
            None => store.publish(kind, inputs, days, &travel)?,
            Some(base) => store.publish_over(base, kind, inputs, days, &travel)?.with_context(|| {
                format!(
                    "{}: another plan was published for {} while this one was made (plan {base} is no \
                     longer in force); nothing was stored or written, re-plan again",
                    path.display(),
                    days.first().map_or(String::new(), |day| day.date.to_string())
                )
            })?,
        };
        errln!("{}", lang.fill(Msg::StoredAsPlan, &[&id, &path.display()]));
        let Some(first) = days.first() else { return Ok(()) };
        if kind != PlanKind::Replan {
            if let Some(not_recorded) = store.not_recorded_before(first.date)? {
                errln!("{}", not_recorded.line(lang));
            }
        }
        // A day changed can leave the days after it wrong: a visit a re-plan sent to tomorrow.
        for line in super::db::stale_lines(&mut store, first.date, Msg::StaleAfterPlan, lang)? {
            errln!("{line}");
        }
        Ok(())
    }

    /// Refuses, before planning, to publish over a day under way (see
    /// [`Store::under_way`]); publishing refuses it again, so this only
    /// spares the wait for a plan that would not be stored. Nothing for files.
    pub fn refuse_under_way(&self, dates: &[NaiveDate]) -> anyhow::Result<()> {
        let RegionSource::Database { path, .. } = self else { return Ok(()) };
        match Store::open(path)?.under_way(dates)? {
            Some(under_way) => Err(StoreError::DayUnderWay { path: path.clone(), under_way }.into()),
            None => Ok(()),
        }
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

    /// Every file the region is read from (accounts, reps, the visit log,
    /// holidays and absences files, if any, or the database): the files no
    /// output may overwrite.
    pub fn inputs(&self) -> Result<Vec<PathBuf>, UsageError> {
        let region_files = match &self.db {
            Some(db) => vec![db.clone()],
            None => {
                let (accounts, reps) = self.paths()?;
                [accounts, reps].into_iter().chain(self.log.clone()).collect()
            }
        };
        Ok(region_files
            .into_iter()
            .chain(self.holiday_files())
            .chain(self.absences_file())
            .chain(self.closures_file())
            .chain(self.appointments_file())
            .collect())
    }

    /// The closures file read: `--closures`, else the region folder's
    /// `closures.csv` when it exists.
    fn closures_file(&self) -> Option<PathBuf> {
        self.closures.clone().or_else(|| {
            self.region.as_ref().map(|dir| dir.join("closures.csv")).filter(|path| path.is_file())
        })
    }

    /// The absences file read: `--absences`, else the region folder's
    /// `absences.csv` when it exists.
    fn absences_file(&self) -> Option<PathBuf> {
        self.absences.clone().or_else(|| {
            self.region.as_ref().map(|dir| dir.join("absences.csv")).filter(|path| path.is_file())
        })
    }

    /// The appointments file read: `--appointments`, else the region
    /// folder's `appointments.csv` when it exists.
    fn appointments_file(&self) -> Option<PathBuf> {
        self.appointments.clone().or_else(|| {
            self.region.as_ref().map(|dir| dir.join("appointments.csv")).filter(|path| path.is_file())
        })
    }

    /// The holidays files read: the region folder's `holidays.csv` and
    /// `holidays.ics` when they exist, then every `--holidays FILE`.
    fn holiday_files(&self) -> Vec<PathBuf> {
        let in_folder = self.region.iter().flat_map(|dir| {
            ["holidays.csv", "holidays.ics"].map(|name| dir.join(name)).into_iter().filter(|p| p.is_file())
        });
        let given = self.holidays.iter().filter_map(|source| match source {
            HolidaySource::File(path) => Some(path.clone()),
            HolidaySource::Country(_) => None,
        });
        in_folder.chain(given).collect()
    }

    /// Adds the holidays of every source given to the region's (a database's
    /// import has its own), and sets its absences and appointments when
    /// their files are given.
    pub fn add_calendar(&self, region: &mut Region) -> anyhow::Result<()> {
        region.holidays.extend(&self.read_holidays()?);
        if let Some(path) = self.absences_file() {
            region.absences = rounds::io::absences::read_absences(&path, &region.reps, self.encoding)
                .context("cannot read the absences")?;
        }
        if let Some(path) = self.closures_file() {
            region.closures = rounds::io::closures::read_closures(&path, &region.accounts, self.encoding)
                .context("cannot read the closures")?;
        }
        if let Some(path) = self.appointments_file() {
            region.appointments = rounds::io::appointments::read_appointments(&path, region, self.encoding)
                .context("cannot read the appointments")?;
        }
        Ok(())
    }

    /// The holidays of every source given, merged.
    fn read_holidays(&self) -> anyhow::Result<Holidays> {
        let mut holidays = Holidays::new();
        for source in &self.holidays {
            if let HolidaySource::Country(country) = source {
                holidays.extend(&Holidays::country(*country));
            }
        }
        for path in self.holiday_files() {
            let read = rounds::io::holidays::read_holidays(&path, self.encoding)
                .context("cannot read the holidays")?;
            holidays.extend(&read);
        }
        Ok(holidays)
    }

    /// The files of a command that reads this region, the travel model's
    /// files and `more_inputs`, and writes `out` and the `export` files.
    /// Refuses, before any work is done, an output that names an input, so a
    /// refused output never leaves the others written.
    pub fn files(
        &self,
        travel: &TravelArgs,
        more_inputs: &[&Path],
        out: Option<&Path>,
        export: &ExportArgs,
    ) -> anyhow::Result<CommandFiles> {
        let mut inputs = self.inputs()?;
        inputs.extend(travel.inputs().chain(more_inputs.iter().copied()).map(Path::to_path_buf));
        let outputs: Vec<&Path> = out.into_iter().chain(export.paths()).collect();
        refuse_overwrites(&inputs, &outputs)?;
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

    /// Reads and validates the region as it stands on `date`, the first day
    /// planned, with the visit log applied, the holidays, absences and
    /// appointments read when given, and appointments before `date` counted
    /// as the accounts' last visits. A last visit dated after `date`, in
    /// either file or in the database, is an error naming it.
    pub fn load(&self, date: NaiveDate) -> anyhow::Result<Region> {
        Ok(self.load_source(date)?.0)
    }

    /// [`RegionArgs::load`], and where the region came from, for publishing a
    /// plan made from it. From a database: the latest import with every
    /// recorded visit applied, read by the rules of the CSV files, and the
    /// holidays and absences given by the flags.
    pub fn load_source(&self, date: NaiveDate) -> anyhow::Result<(Region, RegionSource)> {
        if let Some(db) = &self.db {
            let mut snapshot = Store::open(db)?.snapshot_from(date)?;
            self.add_calendar(&mut snapshot.region)?;
            snapshot.region.appointments.apply_past(&mut snapshot.region.accounts, date);
            return Ok((
                snapshot.region,
                RegionSource::Database { path: db.clone(), inputs: snapshot.inputs },
            ));
        }
        let (accounts, reps) = self.paths()?;
        let mut region =
            rounds::io::csv_region::read_region_as_of(&accounts, &reps, self.encoding, Some(date))
                .context("cannot read the region")?;
        self.add_calendar(&mut region)?;
        if let Some(log) = &self.log {
            let visits =
                rounds::io::visit_log::read_log(log, &region, date).context("cannot read the visit log")?;
            rounds::model::visit_log::apply_log(&mut region, &visits);
        }
        region.appointments.apply_past(&mut region.accounts, date);
        Ok((region, RegionSource::Files))
    }
}

/// The day a command works on (`replan`, `record`): the `--plan` file, or
/// from a database the plan in force on `date` with its id. A file given
/// with a database must be the plan in force on its date, when one is: the
/// reps' days show that plan, and a re-plan or record of an older file would
/// hide what changed since (another rep's re-plan, a hand-over on the server).
pub fn day_plan(
    file: Option<&Path>,
    db: Option<&Path>,
    date: impl FnOnce() -> NaiveDate,
) -> anyhow::Result<(Plan, Option<i64>)> {
    let from_file = match file {
        Some(path) => Some(rounds::io::plan_json::read_plan(path).context("cannot read the plan")?),
        None => None,
    };
    let Some(db) = db else {
        return Ok((from_file.ok_or_else(|| UsageError("give the day's plan with --plan".into()))?, None));
    };
    let date = from_file.as_ref().map_or_else(date, |plan| plan.date);
    let in_force = Store::open(db)?.day_plan_for(date)?;
    match (file.zip(from_file), in_force) {
        (Some((path, plan)), Some((id, in_force))) if plan != in_force => Err(UsageError(format!(
            "{} is not the plan in force on {date} in {} (plan {id}), which the reps' days show; leave \
             out --plan to use the plan in force",
            path.display(),
            db.display()
        ))
        .into()),
        (_, Some((id, in_force))) => Ok((in_force, Some(id))),
        (Some((_, plan)), None) => Ok((plan, None)),
        (None, None) => Err(UsageError(format!(
            "{}: no plan is published for {date}; publish one with `rounds plan --db DB --out`, or give --plan",
            db.display()
        ))
        .into()),
    }
}

/// Exit code 1, with a line on stderr, when `plans` leave an appointment
/// unkept (each is listed in the plan with its reason); else 0. The plan
/// itself is sound and is shown and written: the office acts on the reason.
pub fn appointments_exit_code(
    region: &Region,
    plans: &[rounds::model::plan::Plan],
    lang: Lang,
) -> std::process::ExitCode {
    let unkept: Vec<String> = plans
        .iter()
        .flat_map(|plan| {
            region
                .appointments
                .unkept(plan)
                .map(move |u| lang.fill(Msg::AppointmentOn, &[&u.account, &lang.numeric_date(plan.date)]))
        })
        .collect();
    match unkept.len() {
        0 => return std::process::ExitCode::SUCCESS,
        1 => errln!("{}", lang.fill(Msg::AppointmentNotKept, &[&unkept[0]])),
        n => errln!("{}", lang.fill(Msg::AppointmentsNotKept, &[&n, &unkept.join(", ")])),
    }
    std::process::ExitCode::from(1)
}

/// Refuses dates from `first` to `last` that a built-in holiday calendar of
/// `region` does not cover: they would silently count as working days.
pub fn check_calendar(
    region: &Region,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
) -> Result<(), UsageError> {
    region.holidays.check_covers(first, last).map_err(|e| UsageError(e.to_string()))
}

/// Refuses, before any work, an output that is one of the command's inputs
/// (by any name: links are followed, hard links compared by file identity).
/// The one rule every command's outputs go through; reported with exit code 2.
pub fn refuse_overwrites<P: AsRef<Path>>(inputs: &[P], outputs: &[&Path]) -> anyhow::Result<()> {
    let inputs: Vec<&Path> = inputs.iter().map(AsRef::as_ref).collect();
    rounds::io::check_outputs(outputs, &inputs)?;
    Ok(())
}

/// The files a command reads and where it caches, from [`RegionArgs::files`].
pub struct CommandFiles {
    /// Every file read: no output may replace one.
    pub inputs: Vec<PathBuf>,
    /// Where road matrices are cached: beside the main output, else beside the region.
    pub cache_dir: PathBuf,
}

impl CommandFiles {
    /// [`CommandFiles::inputs`] as the paths no output may replace.
    pub fn input_paths(&self) -> Vec<&Path> {
        self.inputs.iter().map(PathBuf::as_path).collect()
    }
}

/// Which travel model prices the legs, and its knobs.
#[derive(Debug, Args)]
pub struct TravelArgs {
    /// Road distance over straight-line distance (straight-line model), 1 to 10.
    #[arg(long, default_value_t = 1.3, value_name = "FACTOR", value_parser = limits::DETOUR.arg())]
    pub detour: f64,
    /// Average driving speed (straight-line model), 1 to 200.
    #[arg(long, default_value_t = 30.0, value_name = "KMH", value_parser = limits::SPEED_KMH.arg())]
    pub speed_kmh: f64,
    /// A travel matrix from your own routing engine: an OSRM `table` response with
    /// `durations` and `distances`, rows and columns in the order of the region's
    /// accounts, then reps' starts, then reps' ends.
    #[arg(long, value_name = "JSON")]
    pub matrix: Option<PathBuf>,
    /// Drive on real roads from this OpenStreetMap extract (.osm.pbf).
    #[arg(long, value_name = "PBF", conflicts_with = "matrix")]
    pub roads: Option<PathBuf>,
    /// With --roads: how far a place may be from the nearest road (at most 100 000).
    #[arg(long, default_value_t = 500.0, value_name = "METRES", value_parser = limits::MAX_SNAP_M.arg())]
    pub max_snap_m: f64,
    /// With --roads: always compute the matrix, neither reading nor writing the cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl TravelArgs {
    /// The straight-line model these arguments describe (their ranges were checked when parsed).
    pub fn straight_line(&self) -> StraightLine {
        StraightLine { detour: self.detour, speed_kmh: self.speed_kmh }
    }

    /// The files the travel model reads: the matrix or the map, if any.
    pub fn inputs(&self) -> impl Iterator<Item = &Path> {
        self.matrix.iter().chain(&self.roads).map(PathBuf::as_path)
    }

    /// The travel model for `region`. Road matrices are cached in
    /// `cache_dir/.rounds-cache`, keyed by the map's SHA-256, the road
    /// options and the places, so re-planning the same region reuses them.
    pub fn model(&self, region: &Region, cache_dir: &Path) -> anyhow::Result<Box<dyn TravelTimes>> {
        if let Some(path) = &self.matrix {
            let given = read_osrm_table(path, region).context("cannot read the travel matrix")?;
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
            (None, None) => self.straight_line().describe(),
        })
    }

    /// The travel model for one or several regions (a given matrix belongs to one region only).
    pub fn shared_model(&self, cache_dir: &Path) -> anyhow::Result<Box<dyn TravelTimes>> {
        if self.matrix.is_some() {
            return Err(UsageError("--matrix belongs to one region; it cannot price several".into()).into());
        }
        let Some(pbf) = &self.roads else { return Ok(Box::new(self.straight_line())) };
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
    /// Stop searching after this many seconds at most (at most a day: 86400). By default 60
    /// where an iteration budget ends the search (a day's plan, a VROOM request, --iterations,
    /// --rounds), so that the same seed gives the same plan; 10 where the time is the budget
    /// (a benchmark instance without --iterations).
    #[arg(long, value_name = "SECONDS", value_parser = limits::TIME_LIMIT_S.arg())]
    pub time_limit: Option<f64>,
    /// Ruin-and-recreate iterations per trajectory (at most 10^12). The result is
    /// reproducible whenever this budget, not the time limit, ends the search.
    #[arg(long, value_parser = limits::ITERATIONS.arg())]
    pub iterations: Option<u64>,
    /// Seed of the search's random choices.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Threads the trajectories run on, 1 to 256 (default: the machine's cores); the result
    /// does not depend on it.
    #[arg(long, value_parser = limits::THREADS.arg())]
    pub threads: Option<usize>,
    /// Annealing trajectories that cooperate, 1 to 256: each runs `--iterations`, and every
    /// 1 000 iterations (10 000 on a benchmark instance) the worse half continue from the best
    /// crossed with their own best (default on a day: up to 8, sharing the day's default budget
    /// while each keeps 50 iterations per visit, and on a day too large for two of them, 2 that
    /// each search the whole budget and trade every 10 000; on a benchmark instance of up to 500
    /// customers 4; else 1).
    #[arg(long, value_parser = limits::TRAJECTORIES.arg())]
    pub trajectories: Option<usize>,
    /// Independent searches of `--trajectories` each, the best result kept, 1 to 256 (default on
    /// a day of up to about 110 visits: 2, or 1 when more is due than the reps can visit; else
    /// 1); side by side when there are threads for each, else one after the other, each with the
    /// time left (one the time limit would cut does not start, and only searches that finished
    /// their budget count if any did).
    #[arg(long, value_parser = limits::RUNS.arg())]
    pub runs: Option<usize>,
}

impl SearchArgs {
    /// The search configuration; `default_iterations` applies when `--iterations` is not given
    /// (`None`: run until the time limit). The ranges were checked when the arguments were parsed.
    pub fn config(&self, default_iterations: Option<u64>) -> SearchConfig {
        let iterations = self.iterations.or(default_iterations);
        SearchConfig {
            seed: self.seed,
            iterations,
            time_limit: self.time_limit(iterations.is_some()),
            threads: self.threads.unwrap_or_else(rounds::solver::every_core),
            trajectories: self.trajectories,
            runs: self.runs,
            ..SearchConfig::default()
        }
    }

    /// The configuration of a day's search, which always has an iteration budget: `--iterations`
    /// or the one the day's size gives it
    /// ([`DayProblem::search_config`](rounds::planning::day::DayProblem::search_config)), so the
    /// time limit is the guard even where no budget is given here.
    pub fn day_config(&self) -> SearchConfig {
        SearchConfig { time_limit: self.time_limit(true), ..self.config(None) }
    }

    /// `--time-limit`, else the guard of a search a budget ends
    /// ([`BUDGET_GUARD`](rounds::solver::BUDGET_GUARD)) or the time a search
    /// without one runs ([`TIME_BUDGET`](rounds::solver::TIME_BUDGET)).
    pub fn time_limit(&self, budgeted: bool) -> Duration {
        match self.time_limit {
            Some(seconds) => Duration::from_secs_f64(seconds),
            None if budgeted => rounds::solver::BUDGET_GUARD,
            None => rounds::solver::TIME_BUDGET,
        }
    }
}

/// Files of the plans: GeoJSON, a self-contained HTML report, a spreadsheet and calendars.
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
    /// Write the visiting schedule as a spreadsheet (CSV) here: a row per departure, visit,
    /// break and return, and per due account left out with its reason, headed in the language
    /// of --lang; UTF-8 with a byte-order mark, as Excel opens it (atomically; never over an
    /// input file).
    #[arg(long, value_name = "CSV")]
    pub csv: Option<PathBuf>,
    /// Write one iCalendar file per rep into this folder (REP.ics: one event per visit, and a
    /// "no visits planned" day when the rep has none, for the rep's phone calendar; created if
    /// missing, each file written atomically).
    #[arg(long, value_name = "DIR")]
    pub ics: Option<PathBuf>,
    /// Time zone of the plan's clock times, for --ics (IANA name such as Asia/Tokyo; default:
    /// the system's).
    #[arg(long, value_name = "ZONE", value_parser = parse_tz, requires = "ics")]
    pub tz: Option<chrono_tz::Tz>,
}

/// Parses an IANA time zone name (`Asia/Tokyo`, `Europe/Helsinki`, `UTC`).
fn parse_tz(text: &str) -> Result<chrono_tz::Tz, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a time zone name such as Asia/Tokyo or Europe/Helsinki"))
}

impl ExportArgs {
    /// The files these arguments ask for.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.geojson.iter().chain(&self.html).chain(&self.csv).map(PathBuf::as_path)
    }

    /// Refuses, before any work, a calendar file of `--ics` that would replace
    /// one of `inputs` (the file names come from the region's reps).
    pub fn refuse_calendar_inputs(&self, region: &Region, inputs: &[&Path]) -> anyhow::Result<()> {
        let Some(dir) = &self.ics else { return Ok(()) };
        stamp()?;
        let paths: Vec<PathBuf> =
            rounds::report::ics::file_names(region).iter().map(|name| dir.join(name)).collect();
        let outputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        refuse_overwrites(inputs, &outputs)
    }

    /// Stages the files asked for in `outputs`, which puts them in place with
    /// the command's others. Call it only with plans that passed the check.
    pub fn stage(
        &self,
        region: &Region,
        plans: &[rounds::model::plan::Plan],
        title: &str,
        lang: Lang,
        outputs: &mut Outputs,
    ) -> anyhow::Result<()> {
        if let Some(path) = &self.geojson {
            outputs.stage(path, rounds::report::geojson::plans_geojson(region, plans).as_bytes())?;
        }
        if let Some(path) = &self.html {
            outputs.stage(path, rounds::report::html::html_report(region, plans, title, lang).as_bytes())?;
        }
        if let Some(path) = &self.csv {
            outputs.stage(path, &rounds::report::schedule_csv::plans_csv(region, plans, lang))?;
        }
        if let Some(dir) = &self.ics {
            let options = CalendarOptions { tz: self.time_zone(), stamp: stamp()?, lang };
            let calendars = rounds::report::ics::rep_calendars(region, plans, &options);
            outputs.make_folder(dir)?;
            for calendar in &calendars {
                outputs.stage(&dir.join(&calendar.file_name), calendar.text.as_bytes())?;
            }
        }
        Ok(())
    }

    /// `--tz`, else the system's time zone, else UTC (said on stderr).
    fn time_zone(&self) -> chrono_tz::Tz {
        if let Some(tz) = self.tz {
            return tz;
        }
        let system = iana_time_zone::get_timezone().ok().and_then(|name| name.parse().ok());
        system.unwrap_or_else(|| {
            errln!("the system's time zone is unknown; calendar times are read as UTC (give --tz)");
            chrono_tz::UTC
        })
    }
}

/// When the calendar files are made: `SOURCE_DATE_EPOCH` (seconds since
/// 1970, the reproducible-builds convention) when set, so the same plan
/// gives the same bytes, else now.
fn stamp() -> Result<chrono::DateTime<chrono::Utc>, UsageError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
            .ok_or_else(|| {
                UsageError(format!("SOURCE_DATE_EPOCH `{text}` is not a number of seconds since 1970"))
            }),
        Err(_) => Ok(chrono::Utc::now()),
    }
}

/// Puts every file staged in `outputs` in place together and says so on
/// stderr, in the language of the command's other lines.
pub fn write_outputs(outputs: Outputs, lang: Lang) -> anyhow::Result<()> {
    for path in outputs.commit()? {
        errln!("{}", lang.fill(Msg::Wrote, &[&path.display()]));
    }
    Ok(())
}

/// Writes one file atomically, never over one of `inputs`, and says so on
/// stderr, in the language of the command's other lines.
pub fn write_output(path: &Path, bytes: &[u8], inputs: &[&Path], lang: Lang) -> anyhow::Result<()> {
    rounds::io::write_atomic(path, bytes, inputs)?;
    errln!("{}", lang.fill(Msg::Wrote, &[&path.display()]));
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

/// Parses `LAT,LON` in degrees (`--centre`, `--position`); the arguments
/// using it allow a leading `-`, so `--position -33.9,151.2` is a position.
pub fn parse_lat_lon(text: &str) -> Result<LatLon, String> {
    let (lat, lon) = text.split_once(',').ok_or_else(|| format!("`{text}` is not LAT,LON"))?;
    let lat = limits::LATITUDE.parse(lat.trim()).map_err(|e| format!("LAT {e}"))?;
    let lon = limits::LONGITUDE.parse(lon.trim()).map_err(|e| format!("LON {e}"))?;
    Ok(LatLon { lat, lon })
}
