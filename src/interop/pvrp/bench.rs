//! Benchmarking the PVRP instances against best-known totals: plan each
//! instance with the periodic planner, check the plan with the independent
//! validator, and report the gap per instance and the mean.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

use crate::bench::{mean, pct};
use crate::interop::pvrp::check::{check_pvrp, PvrpViolation};
use crate::interop::pvrp::problem::{solution_of, to_periodic};
use crate::interop::pvrp::reader::{PvrpInstance, PvrpSolution};
use crate::io::csv_region::{Header, Sheet};
use crate::io::text::TextEncoding;
use crate::io::{InputError, Problems};
use crate::model::limits::{self, Range};
use crate::planning::periodic::{plan_periodic, PeriodicConfig};

/// A best-known total.
const BKS_DISTANCE: Range<f64> = Range::new("a distance", 0.0, 1e12);

/// Best-known totals by instance name, read from `instance,bks`.
#[derive(Clone, Debug, Default)]
pub struct BestKnownTotals {
    rows: BTreeMap<String, f64>,
}

impl BestKnownTotals {
    /// Reads `instance,bks` rows with the reader every CSV file of rounds
    /// goes through: every bad row is reported.
    pub fn read(path: &Path) -> Result<Self, InputError> {
        let mut problems = Problems::default();
        let sheet = Sheet::load(
            path,
            &Header::named(&["instance", "bks"]),
            "instances",
            TextEncoding::Auto,
            &limits::ROWS,
            &mut problems,
        )?;
        let mut rows = BTreeMap::new();
        for row in sheet.rows() {
            if let Some(bks) = problems.keep(row.parse("bks", |t| BKS_DISTANCE.parse(t))) {
                rows.insert(row.text("instance").to_string(), bks);
            }
        }
        problems.finish(BestKnownTotals { rows })
    }

    /// The best-known total of `instance`, if known.
    pub fn get(&self, instance: &str) -> Option<f64> {
        self.rows.get(instance).copied()
    }
}

/// One planned instance.
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpRow {
    /// Instance name.
    pub instance: String,
    /// Seed of this run.
    pub seed: u64,
    /// Total distance as the validator recomputed it.
    pub distance: f64,
    /// Best-known total, if known.
    pub best_known: Option<f64>,
    /// Wall-clock seconds of the plan.
    pub seconds: f64,
    /// Perturbation rounds of the search.
    pub rounds: u64,
    /// Whether the validator accepted the plan.
    pub valid: bool,
    /// The validator's complaints, if any.
    pub violations: Vec<PvrpViolation>,
}

impl PvrpRow {
    /// Gap to the best-known total in per cent.
    pub fn gap_pct(&self) -> Option<f64> {
        self.best_known.map(|b| 100.0 * (self.distance - b) / b)
    }
}

/// Plans one instance and checks it; returns the row and the solution.
pub fn run_instance(
    instance: &PvrpInstance,
    config: &PeriodicConfig,
    best_known: Option<f64>,
) -> (PvrpRow, PvrpSolution) {
    let started = Instant::now();
    let plan = plan_periodic(&to_periodic(instance), config);
    let seconds = started.elapsed().as_secs_f64();
    let solution = solution_of(instance, &plan);
    let report = check_pvrp(instance, &solution);
    let row = PvrpRow {
        instance: instance.name.clone(),
        seed: config.seed,
        distance: report.distance,
        best_known,
        seconds,
        rounds: plan.rounds,
        valid: report.is_valid(),
        violations: report.violations,
    };
    (row, solution)
}

/// The table: one line per run, then the mean gap and time.
pub fn table(rows: &[PvrpRow]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<10} {:>5} {:>11} {:>11} {:>9} {:>8} {:>7}  valid",
        "instance", "seed", "distance", "best known", "gap", "seconds", "rounds"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<10} {:>5} {:>11.2} {:>11} {:>9} {:>8.2} {:>7}  {}",
            r.instance,
            r.seed,
            r.distance,
            r.best_known.map_or("-".into(), |b| format!("{b:.2}")),
            pct(r.gap_pct()),
            r.seconds,
            r.rounds,
            if r.valid { "yes" } else { "NO" }
        );
    }
    let mean_gap = mean(rows.iter().filter_map(PvrpRow::gap_pct));
    let mean_seconds = mean(rows.iter().map(|r| r.seconds)).unwrap_or(0.0);
    let invalid = rows.iter().filter(|r| !r.valid).count();
    let _ = writeln!(
        out,
        "\n{:<10} {:>5} {:>9} {:>9.2}\n{} of {} solutions valid",
        "mean",
        rows.len(),
        pct(mean_gap),
        mean_seconds,
        rows.len() - invalid,
        rows.len()
    );
    out
}

/// The runs as CSV.
pub fn csv(rows: &[PvrpRow]) -> String {
    let mut out = String::from("instance,seed,distance,best_known,gap_pct,seconds,rounds,valid\n");
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{:.4},{},{},{:.3},{},{}",
            r.instance,
            r.seed,
            r.distance,
            r.best_known.map_or(String::new(), |b| format!("{b:.2}")),
            r.gap_pct().map_or(String::new(), |g| format!("{g:.4}")),
            r.seconds,
            r.rounds,
            r.valid
        );
    }
    out
}
