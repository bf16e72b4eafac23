//! Benchmarking the Solomon and Gehring & Homberger VRPTW instances against
//! best-known solutions: solve each instance, check the routes with the
//! independent validator, and report the gap per instance, per family and
//! overall.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::bench::{mean, pct};
use crate::interop::solomon::check::check_vrptw;
use crate::interop::solomon::problem::{routes_of, search_config, to_problem, Objective};
use crate::interop::solomon::reader::SolomonInstance;
use crate::io::csv_region::{Header, Sheet};
use crate::io::text::TextEncoding;
use crate::io::{InputError, Problems};
use crate::model::limits::{self, Range};
use crate::solver::{solve, SearchConfig};

/// A best-known distance.
const BKS_DISTANCE: Range<f64> = Range::new("a distance", 0.0, 1e12);
/// A best-known fleet size.
const BKS_VEHICLES: Range<usize> = Range::new("vehicles", 0, limits::MAX_PLACES);

/// Best-known solutions by instance name.
#[derive(Clone, Debug, Default)]
pub struct BestKnown {
    rows: BTreeMap<String, BestKnownRow>,
}

/// One instance's best-known solutions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BestKnownRow {
    /// Best total distance, vehicles free (unrounded Euclidean).
    pub distance_only: f64,
    /// Fewest vehicles known; `None` where the table leaves it empty (the
    /// 1 000-customer rows of `../shared/benchmarks/bks.csv` have only a distance).
    pub vehicles: Option<usize>,
    /// Best distance with the fewest vehicles, if known.
    pub distance_hier: Option<f64>,
}

impl BestKnown {
    /// Reads `instance,customers,bks_distance_only,bks_vehicles,bks_distance_hier,...`
    /// with the reader every CSV file of rounds goes through: every bad row is reported.
    pub fn read(path: &Path) -> Result<Self, InputError> {
        const COLUMNS: &[&str] = &["instance", "bks_distance_only", "bks_vehicles", "bks_distance_hier"];
        let mut problems = Problems::default();
        let sheet = Sheet::load(
            path,
            &Header::named(COLUMNS),
            "instances",
            TextEncoding::Auto,
            &limits::ROWS,
            &mut problems,
        )?;
        let mut rows = BTreeMap::new();
        for row in sheet.rows() {
            let best = (|| {
                Ok(BestKnownRow {
                    distance_only: row.parse("bks_distance_only", |t| BKS_DISTANCE.parse(t))?,
                    vehicles: row.parse_optional("bks_vehicles", |t| BKS_VEHICLES.parse(t))?,
                    distance_hier: row.parse_optional("bks_distance_hier", |t| BKS_DISTANCE.parse(t))?,
                })
            })();
            if let Some(best) = problems.keep(best) {
                rows.insert(row.text("instance").to_string(), best);
            }
        }
        problems.finish(BestKnown { rows })
    }

    /// The row for `instance`, if known.
    pub fn get(&self, instance: &str) -> Option<&BestKnownRow> {
        self.rows.get(instance)
    }
}

/// The instance files in `dir` (`*.txt`, sorted by name).
pub fn instance_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt")) && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// One solved instance.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceRow {
    /// Instance name as in the file.
    pub instance: String,
    /// Seed of this run.
    pub seed: u64,
    /// Non-empty routes.
    pub vehicles: usize,
    /// Total distance, unrounded Euclidean, as recomputed by the validator.
    pub distance: f64,
    /// Best-known distance for the objective, if known.
    pub best_known: Option<f64>,
    /// Vehicles of the best-known solution for the objective, if known.
    pub best_known_vehicles: Option<usize>,
    /// Wall-clock seconds of the solve.
    pub seconds: f64,
    /// Ruin-and-recreate iterations.
    pub iterations: u64,
    /// Whether the validator accepted the routes.
    pub valid: bool,
    /// The validator's complaints, if any.
    pub violations: Vec<String>,
}

impl InstanceRow {
    /// Gap to the best-known distance in per cent.
    pub fn gap_pct(&self) -> Option<f64> {
        self.best_known.map(|b| 100.0 * (self.distance - b) / b)
    }
}

/// Solves one instance and checks it; returns the row and the routes.
pub fn run_instance(
    instance: &SolomonInstance,
    objective: Objective,
    config: &SearchConfig,
    best_known: Option<&BestKnownRow>,
) -> (InstanceRow, Vec<Vec<u32>>) {
    let started = Instant::now();
    let problem = to_problem(instance, objective);
    let config = search_config(config, objective, instance);
    let outcome = solve(&problem, &config);
    let seconds = started.elapsed().as_secs_f64();
    let routes = routes_of(instance, &outcome.solution);
    let report = check_vrptw(instance, &routes);
    let row = InstanceRow {
        instance: instance.name.clone(),
        seed: config.seed,
        vehicles: report.vehicles,
        distance: report.distance,
        best_known: best_known.and_then(|b| match objective {
            Objective::Distance => Some(b.distance_only),
            Objective::Vehicles => b.distance_hier,
        }),
        // The distance-only table has no vehicle count of its own; the fewest known is the hierarchical one.
        best_known_vehicles: best_known.filter(|_| objective == Objective::Vehicles).and_then(|b| b.vehicles),
        seconds,
        iterations: outcome.iterations,
        valid: report.is_valid(),
        violations: report.violations,
    };
    (row, routes)
}

/// The family an instance belongs to: `C1`, `R2`, `RC1` for Solomon's,
/// `C1_2` for a Gehring & Homberger 200-customer one.
pub fn family(instance: &str) -> String {
    let letters: String = instance.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let rest = &instance[letters.len()..];
    match rest.split('_').collect::<Vec<_>>().as_slice() {
        [class, size, _] => format!("{letters}{class}_{size}"),
        _ => format!("{letters}{}", rest.chars().next().unwrap_or('?')),
    }
}

/// The table: one line per run, then per family and overall the mean gap,
/// the worst run's gap and, with several seeds, each seed's mean gap, so the
/// spread between seeds shows beside the spread between instances.
/// Under the vehicles objective, vehicles read `ours/best known`, and a gap
/// compares distances only meaningfully where the two counts agree.
pub fn table(rows: &[InstanceRow]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<10} {:>5} {:>8} {:>11} {:>11} {:>9} {:>8} {:>10}  valid",
        "instance", "seed", "vehicles", "distance", "best known", "gap", "seconds", "iterations"
    );
    for r in rows {
        let vehicles = match r.best_known_vehicles {
            Some(best) => format!("{}/{best}", r.vehicles),
            None => r.vehicles.to_string(),
        };
        let _ = writeln!(
            out,
            "{:<10} {:>5} {:>8} {:>11.2} {:>11} {:>9} {:>8.2} {:>10}  {}",
            r.instance,
            r.seed,
            vehicles,
            r.distance,
            r.best_known.map_or("-".into(), |b| format!("{b:.2}")),
            pct(r.gap_pct()),
            r.seconds,
            r.iterations,
            if r.valid { "yes" } else { "NO" }
        );
    }
    let mut families: BTreeMap<String, Vec<&InstanceRow>> = BTreeMap::new();
    for r in rows {
        families.entry(family(&r.instance)).or_default().push(r);
    }
    let all: Vec<&InstanceRow> = rows.iter().collect();
    let seeds: BTreeSet<u64> = rows.iter().map(|r| r.seed).collect();
    let _ =
        write!(out, "\n{:<10} {:>5} {:>9} {:>9} {:<12}", "family", "runs", "mean gap", "worst", "worst run");
    if seeds.len() > 1 {
        for seed in &seeds {
            let _ = write!(out, " {:>9}", format!("seed {seed}"));
        }
    }
    let _ = writeln!(out, " {:>9}", "seconds");
    for (name, members) in families.iter().map(|(n, m)| (n.as_str(), m)).chain([("overall", &all)]) {
        let worst =
            members.iter().filter_map(|r| r.gap_pct().map(|g| (g, *r))).max_by(|a, b| a.0.total_cmp(&b.0));
        let _ = write!(
            out,
            "{:<10} {:>5} {:>9} {:>9} {:<12}",
            name,
            members.len(),
            pct(mean(members.iter().filter_map(|r| r.gap_pct()))),
            pct(worst.map(|(g, _)| g)),
            worst.map_or("-".to_string(), |(_, r)| format!("{} s{}", r.instance, r.seed)),
        );
        if seeds.len() > 1 {
            for &seed in &seeds {
                let _ = write!(
                    out,
                    " {:>9}",
                    pct(mean(members.iter().filter(|r| r.seed == seed).filter_map(|r| r.gap_pct())))
                );
            }
        }
        let _ = writeln!(out, " {:>9.2}", mean(members.iter().map(|r| r.seconds)).unwrap_or(0.0));
    }
    let invalid = rows.iter().filter(|r| !r.valid).count();
    let _ = writeln!(out, "{} of {} solutions valid", rows.len() - invalid, rows.len());
    out
}

/// The runs as CSV.
pub fn csv(rows: &[InstanceRow]) -> String {
    let mut out =
        String::from("instance,family,seed,vehicles,distance,best_known,gap_pct,seconds,iterations,valid,best_known_vehicles\n");
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{:.4},{},{},{:.3},{},{},{}",
            r.instance,
            family(&r.instance),
            r.seed,
            r.vehicles,
            r.distance,
            r.best_known.map_or(String::new(), |b| format!("{b:.2}")),
            r.gap_pct().map_or(String::new(), |g| format!("{g:.4}")),
            r.seconds,
            r.iterations,
            r.valid,
            r.best_known_vehicles.map_or(String::new(), |v| v.to_string())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_group_solomon_and_homberger_names() {
        assert_eq!(family("C101"), "C1");
        assert_eq!(family("RC208"), "RC2");
        assert_eq!(family("R1_2_1"), "R1_2");
        assert_eq!(family("RC2_4_10"), "RC2_4");
    }

    fn run(instance: &str, seed: u64, distance: f64) -> InstanceRow {
        InstanceRow {
            instance: instance.to_string(),
            seed,
            vehicles: 3,
            distance,
            best_known: Some(100.0),
            best_known_vehicles: None,
            seconds: 1.0,
            iterations: 10,
            valid: true,
            violations: Vec::new(),
        }
    }

    /// With two seeds, each family line carries its mean, its worst run
    /// and one mean per seed; the overall line likewise.
    #[test]
    fn the_summary_gives_each_family_its_mean_worst_run_and_seeds() {
        let rows =
            [run("C101", 1, 101.0), run("C101", 2, 103.0), run("R201", 1, 100.0), run("R201", 2, 102.0)];
        let table = table(&rows);
        let line = |name: &str| {
            table
                .lines()
                .find(|l| l.starts_with(&format!("{name} ")))
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
        };
        assert_eq!(line("family")[..8], ["family", "runs", "mean", "gap", "worst", "worst", "run", "seed"]);
        assert_eq!(
            line("C1"),
            ["C1", "2", "+2.00", "%", "+3.00", "%", "C101", "s2", "+1.00", "%", "+3.00", "%", "1.00"]
        );
        assert_eq!(
            line("overall"),
            ["overall", "4", "+1.50", "%", "+3.00", "%", "C101", "s2", "+0.50", "%", "+2.50", "%", "1.00"]
        );
        assert!(table.ends_with("4 of 4 solutions valid\n"), "{table}");
    }

    /// The shared table's 1 000-customer rows have a distance only: they are
    /// read, and a bad cell is still reported with its line and field.
    #[test]
    fn rows_without_a_fleet_size_are_read_and_bad_cells_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bks.csv");
        let header = "instance,customers,bks_distance_only,bks_vehicles,bks_distance_hier,source\n";
        std::fs::write(&path, format!("{header}C101,100,827.3,10,828.94,x\nR2_10_2,1000,31284.84,,,y\n"))
            .unwrap();
        let best = BestKnown::read(&path).unwrap();
        let c101 = BestKnownRow { distance_only: 827.3, vehicles: Some(10), distance_hier: Some(828.94) };
        assert_eq!(best.get("C101"), Some(&c101));
        let r2 = BestKnownRow { distance_only: 31284.84, vehicles: None, distance_hier: None };
        assert_eq!(best.get("R2_10_2"), Some(&r2));
        std::fs::write(&path, format!("{header}R2_10_2,1000,31284.84,many,,y\n")).unwrap();
        let error = BestKnown::read(&path).unwrap_err().to_string();
        assert!(error.contains("line 2") && error.contains("bks_vehicles"), "{error}");
    }
}
