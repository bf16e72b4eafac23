//! Benchmarking sample regions as day plans.
//!
//! A manager comparing territories, or a developer checking that a solver
//! change helps on every kind of region, wants one line per region: how much
//! was due, how much got covered, how far the team drives and how long the
//! search took. [`region_folders`] finds the regions in a folder (such as
//! `fixtures/regions`), [`bench_region`] plans one region's day exactly as
//! `rounds plan` does and condenses it into a [`RegionRow`], and
//! [`regions_table`] and [`regions_csv`] print the rows for people and for
//! spreadsheets. Every plan is replayed by [`check_plan`], so a row never
//! reports the numbers of a plan that breaks a rule without saying so.

use std::collections::HashSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::check::check_plan;
use crate::io::csv_region::read_region_as_of;
use crate::io::text::TextEncoding;
use crate::io::InputError;
use crate::model::plan::{Plan, RoutePlan, Stop};
use crate::model::{due_accounts, Region, Seconds, TimeWindow};
use crate::planning::day::{DayOptions, DayProblem, DUE_WEIGHT};
use crate::solver::{solve, Problem, SearchConfig};
use crate::travel::TravelTimes;

/// The accounts file of a region folder, as `rounds plan REGION` reads it.
const ACCOUNTS_FILE: &str = "accounts.csv";
/// The reps file of a region folder, as `rounds plan REGION` reads it.
const REPS_FILE: &str = "reps.csv";

/// One region's day plan, condensed to the figures regions are compared by.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionRow {
    /// The region folder's name, so rows can be told apart.
    pub region: String,
    /// Accounts due on the day: the work the team must do.
    pub due: usize,
    /// Due accounts the plan visits; below `due` when the team is short.
    pub covered: usize,
    /// Accounts visited before they fall due (only with a lookahead).
    pub early: usize,
    /// Due accounts the plan leaves out, each with a reason in the plan.
    pub unassigned: usize,
    /// What the due accounts the plan leaves out weigh in the search, in
    /// low-priority accounts due today: 4 for a high-priority account, 2 for
    /// a normal one, 1 for a low one, plus a hundredth per day overdue (at
    /// most 60), and 100 for an appointment not kept: the skip costs
    /// [`crate::planning::day`] gives them over [`DUE_WEIGHT`]. A full day
    /// cannot cover everything, and the search leaves out the least weight it
    /// can, not the fewest accounts: one long high-priority visit may take
    /// the place of two short low-priority ones, so a plan covering fewer
    /// accounts can leave less weight out.
    pub left_out_weight: f64,
    /// Reps with at least one visit, to see how many the day needs.
    pub reps_out: usize,
    /// Total driving of the team.
    pub drive_s: Seconds,
    /// Total waiting at doors before visits start: time the reps are out
    /// without driving or visiting.
    pub waiting_s: Seconds,
    /// What the solver minimises once the due accounts are covered, in
    /// seconds of driving: the driving, plus [`crate::planning::day::WORKING_DAY_PER_MILLE`]
    /// thousandths of each rep's working day (from the start of the shift
    /// to coming home).
    pub cost_s: Seconds,
    /// Total distance driven, what mileage is paid on.
    pub distance_m: i64,
    /// Sum over routes of the time each rep is back after the shift ends.
    /// The shift end is a hard rule, so anything but 0 points to a bug; it is
    /// measured from the plan rather than assumed.
    pub overtime_s: Seconds,
    /// Wall-clock seconds to build the day's problem, search and turn the
    /// solution into a plan: the figure `rounds plan` prints as "solved in".
    pub solve_s: f64,
    /// Whether the independent validator found no broken rule.
    pub valid: bool,
}

/// Why a region could not be benchmarked; a plan that breaks rules is not an
/// error but a row with `valid == false`.
#[derive(Debug, thiserror::Error)]
pub enum RegionBenchError {
    /// A region file is missing or malformed (the error names the file).
    #[error(transparent)]
    Input(#[from] InputError),
    /// The travel model cannot price the region's legs.
    #[error("cannot price the drives in {}: {message}", folder.display())]
    Travel {
        /// The region folder, as given.
        folder: PathBuf,
        /// What the travel model reported, with the places named where it could.
        message: String,
    },
}

/// The sub-folders of `dir` holding both `accounts.csv` and `reps.csv`,
/// sorted by name so that tables list regions in a stable order. Other
/// entries (loose files, half-made regions) are skipped, so a fixtures folder
/// can hold notes beside its regions.
pub fn region_folders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.join(ACCOUNTS_FILE).is_file() && path.join(REPS_FILE).is_file() {
            folders.push(path);
        }
    }
    folders.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(folders)
}

/// Plans the day `options` describes for the region in `folder`, the same way
/// `rounds plan` does, and condenses the plan into a row.
///
/// Without `iterations` in `config`, the search gets the same budget as
/// `rounds plan` gives the day ([`DayProblem::search_config`]), so the
/// row is reproducible and matches what a user sees.
pub fn bench_region(
    folder: &Path,
    options: &DayOptions,
    travel: &dyn TravelTimes,
    config: &SearchConfig,
) -> Result<RegionRow, RegionBenchError> {
    let region = read_region_as_of(
        &folder.join(ACCOUNTS_FILE),
        &folder.join(REPS_FILE),
        TextEncoding::Auto,
        Some(options.date),
    )?;
    let travel_error = |error: &dyn std::fmt::Display| RegionBenchError::Travel {
        folder: folder.to_path_buf(),
        message: error.to_string(),
    };

    let started = Instant::now();
    let day = DayProblem::build(&region, options, travel).map_err(|e| travel_error(&e))?;
    let config = day.search_config(config);
    let outcome = solve(&day.problem, &config);
    let plan = day.to_plan(&region, &outcome.solution);
    let solve_s = started.elapsed().as_secs_f64();
    let valid = check_plan(&region, &plan, travel).map_err(|e| travel_error(&e))?.is_valid();

    let due = due_accounts(&region.accounts, plan.date);
    let visited: HashSet<&str> = plan.visited_accounts().collect();
    let covered = due.iter().filter(|&&a| visited.contains(region.accounts[a].id.as_str())).count();
    let left_out_skip: i64 = outcome
        .solution
        .unassigned()
        .filter(|&t| day.problem.is_due(t))
        .map(|t| day.problem.tasks[t].skip_cost)
        .sum();
    Ok(RegionRow {
        region: folder.file_name().unwrap_or(folder.as_os_str()).to_string_lossy().into_owned(),
        due: due.len(),
        covered,
        early: visited.len() - covered,
        unassigned: plan.unassigned.len(),
        left_out_weight: left_out_skip as f64 / DUE_WEIGHT as f64,
        reps_out: plan.routes.len(),
        drive_s: plan.routes.iter().map(|r| r.drive_s).sum(),
        waiting_s: waiting_s(&plan),
        cost_s: cost_s(&region, &day.problem, &plan),
        distance_m: plan.routes.iter().map(|r| r.distance_m).sum(),
        overtime_s: overtime_s(&region, &plan),
        solve_s,
        valid,
    })
}

/// Seconds the reps wait at doors for visits to start, summed over routes.
fn waiting_s(plan: &Plan) -> Seconds {
    let waits = plan.routes.iter().flat_map(|route| &route.stops).map(|stop| match stop {
        Stop::Visit { arrival_s, start_s, .. } => start_s - arrival_s,
        Stop::Break { .. } => 0,
    });
    waits.sum()
}

/// The plan's driving and working days weighed by the day's problem
/// ([`RegionRow::cost_s`]), per route as the plan shows it (without a break
/// the plan leaves out at the end, which the solver's route still holds).
fn cost_s(region: &Region, problem: &Problem, plan: &Plan) -> Seconds {
    plan.routes
        .iter()
        .map(|route| {
            let shift_open_s = shift_of(region, plan, route).map_or(route.depart_s, |shift| shift.open_s);
            route.drive_s + problem.weighed_working_s(route.return_s - shift_open_s)
        })
        .sum()
}

/// The shift of `route`'s rep on the plan's day; `None` for a rep not in
/// the region or not working that day.
fn shift_of(region: &Region, plan: &Plan, route: &RoutePlan) -> Option<TimeWindow> {
    region.reps[region.rep_index(&route.rep)?].shift_on(plan.date)
}

/// Seconds by which reps are back after their shift ends, summed over routes.
/// A route naming an unknown rep has no shift to exceed; the validator
/// reports it instead.
fn overtime_s(region: &Region, plan: &Plan) -> Seconds {
    plan.routes
        .iter()
        .filter_map(|route| Some((route.return_s - shift_of(region, plan, route)?.close_s).max(0)))
        .sum()
}

/// One region and seed planned twice: with the budget `rounds plan` gives the
/// day by default, and with a long reference budget. The default plan is what
/// a team gets; the reference shows what the same search finds given time, so
/// the difference is what the default leaves on the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The search seed of both runs.
    pub seed: u64,
    /// The plan with the default budget.
    pub default: RegionRow,
    /// The plan with the reference budget.
    pub reference: RegionRow,
}

/// Plans the region in `folder` for every seed in `seeds`, once as `rounds
/// plan` does (with `config`'s iterations if given, else the day's default)
/// and once with `reference_iterations` in one trajectory of one run (or
/// `config`'s trajectories and runs, if given): the long run the benchmarks
/// guide has always compared with, whatever the default plan's search becomes.
pub fn compare_region(
    folder: &Path,
    options: &DayOptions,
    travel: &dyn TravelTimes,
    config: &SearchConfig,
    seeds: impl IntoIterator<Item = u64>,
    reference_iterations: u64,
) -> Result<Vec<Comparison>, RegionBenchError> {
    seeds
        .into_iter()
        .map(|seed| {
            let default = bench_region(folder, options, travel, &SearchConfig { seed, ..config.clone() })?;
            let long = SearchConfig {
                seed,
                iterations: Some(reference_iterations),
                trajectories: config.trajectories.or(Some(1)),
                runs: config.runs.or(Some(1)),
                ..config.clone()
            };
            let reference = bench_region(folder, options, travel, &long)?;
            Ok(Comparison { seed, default, reference })
        })
        .collect()
}

/// Whether `row` ranks above `other` in the search's own order: less
/// weight of due accounts left out, then less cost.
fn beats(row: &RegionRow, other: &RegionRow) -> bool {
    (row.left_out_weight, row.cost_s) < (other.left_out_weight, other.cost_s)
}

/// The best plan known for each region among `comparisons`, in the order
/// the search ranks plans ([`beats`]: least weight of due accounts left out,
/// then least cost), over every valid run of both budgets. One row per
/// region, in the order first seen.
fn best_known(comparisons: &[Comparison]) -> Vec<&RegionRow> {
    let mut best: Vec<&RegionRow> = Vec::new();
    for row in comparisons.iter().flat_map(|c| [&c.default, &c.reference]).filter(|r| r.valid) {
        match best.iter_mut().find(|known| known.region == row.region) {
            Some(known) if beats(row, known) => *known = row,
            Some(_) => {}
            None => best.push(row),
        }
    }
    best
}

/// Cost `cost_s` above the best known `best_s`, in per cent.
fn gap_pct(cost_s: Seconds, best_s: Seconds) -> f64 {
    if best_s == 0 {
        return 0.0;
    }
    100.0 * (cost_s - best_s) as f64 / best_s as f64
}

/// What a default plan misses against the best known plan of its region:
/// the weight of due accounts it leaves out beyond the best plan's, and
/// its extra cost in per cent (only meaningful when both leave as much out).
fn shortfall(row: &RegionRow, best: &[&RegionRow]) -> (f64, f64) {
    let known = best_for(best, row);
    (row.left_out_weight - known.left_out_weight, gap_pct(row.cost_s, known.cost_s))
}

/// The best known plan of `row`'s region, or the row's own.
fn best_for<'a>(best: &[&'a RegionRow], row: &'a RegionRow) -> &'a RegionRow {
    best.iter().find(|known| known.region == row.region).map_or(row, |known| known)
}

/// A weight of accounts left out as the tables show it, to the hundredth.
fn weight(value: f64) -> String {
    format!("{value:.2}")
}

/// The comparisons as a table: per region and seed, the default plan
/// (covered, weight left out, driving, waiting, cost, seconds), the
/// reference run (covered, weight left out, cost, seconds), the best plan
/// known for the region (the best of all runs listed: least weight left
/// out, then least cost), and how far the default is from it: the weight it
/// leaves out beyond the best plan's, and extra cost. Two more lines per
/// region give the mean and the worst of both over the seeds.
pub fn comparison_table(comparisons: &[Comparison]) -> String {
    let best = best_known(comparisons);
    let header = [
        "region",
        "seed",
        "due",
        "covered",
        "left out",
        "drive h",
        "wait m",
        "cost h",
        "solve s",
        "ref covered",
        "ref left out",
        "ref cost h",
        "ref solve s",
        "best covered",
        "best left out",
        "best cost h",
        "missed",
        "gap",
        "valid",
    ];
    let (missed_column, gap_column) = (header.len() - 3, header.len() - 2);
    let mut lines: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    let percent = |gap: f64| format!("{gap:+.2} %");
    for known in &best {
        let region = &known.region;
        let mut gaps = Vec::new();
        for c in comparisons.iter().filter(|c| c.default.region == *region) {
            let (d, r) = (&c.default, &c.reference);
            let (missed, gap) = shortfall(d, &best);
            gaps.push((missed, gap));
            lines.push(vec![
                d.region.clone(),
                c.seed.to_string(),
                d.due.to_string(),
                d.covered.to_string(),
                weight(d.left_out_weight),
                hours_minutes(d.drive_s),
                ((d.waiting_s + 30) / 60).to_string(),
                hours_minutes(d.cost_s),
                format!("{:.2}", d.solve_s),
                r.covered.to_string(),
                weight(r.left_out_weight),
                hours_minutes(r.cost_s),
                format!("{:.2}", r.solve_s),
                known.covered.to_string(),
                weight(known.left_out_weight),
                hours_minutes(known.cost_s),
                weight(missed),
                percent(gap),
                if d.valid && r.valid { "yes" } else { "NO" }.to_string(),
            ]);
        }
        let runs = gaps.len().max(1) as f64;
        let summary = |label: &str, missed: f64, gap: f64| {
            let mut line = vec![String::new(); header.len()];
            line[0] = region.to_string();
            line[1] = label.to_string();
            line[missed_column] = weight(missed);
            line[gap_column] = percent(gap);
            line
        };
        let mean_missed = gaps.iter().map(|g| g.0).sum::<f64>() / runs;
        let mean_gap = gaps.iter().map(|g| g.1).sum::<f64>() / runs;
        lines.push(summary("mean", mean_missed, mean_gap));
        let worst_missed = gaps.iter().map(|g| g.0).fold(0.0, f64::max);
        let worst_gap = gaps.iter().map(|g| g.1).fold(f64::NEG_INFINITY, f64::max);
        lines.push(summary("worst", worst_missed, worst_gap));
    }
    aligned(&lines)
}

/// The comparisons as CSV, one row per region and seed, in seconds: the
/// default plan, the reference run and the region's best known plan.
pub fn comparison_csv(comparisons: &[Comparison]) -> String {
    let best = best_known(comparisons);
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COMPARISON_CSV_HEADER).expect("writing CSV to memory cannot fail");
    for c in comparisons {
        let (d, r) = (&c.default, &c.reference);
        let known = best_for(&best, d);
        out.write_record([
            d.region.clone(),
            c.seed.to_string(),
            d.due.to_string(),
            d.covered.to_string(),
            d.drive_s.to_string(),
            d.waiting_s.to_string(),
            d.cost_s.to_string(),
            format!("{:.3}", d.solve_s),
            d.valid.to_string(),
            r.covered.to_string(),
            r.drive_s.to_string(),
            r.cost_s.to_string(),
            format!("{:.3}", r.solve_s),
            r.valid.to_string(),
            known.covered.to_string(),
            known.cost_s.to_string(),
            format!("{:.4}", gap_pct(d.cost_s, known.cost_s)),
            weight(d.left_out_weight),
            weight(r.left_out_weight),
            weight(known.left_out_weight),
        ])
        .expect("writing CSV to memory cannot fail");
    }
    let bytes = out.into_inner().expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

/// The comparison CSV's header; names carry their units.
const COMPARISON_CSV_HEADER: [&str; 20] = [
    "region",
    "seed",
    "due",
    "covered",
    "drive_s",
    "waiting_s",
    "cost_s",
    "solve_s",
    "valid",
    "ref_covered",
    "ref_drive_s",
    "ref_cost_s",
    "ref_solve_s",
    "ref_valid",
    "best_covered",
    "best_cost_s",
    "gap_pct",
    "left_out_weight",
    "ref_left_out_weight",
    "best_left_out_weight",
];

/// Driving as `12h29m`, the way the issue tracker and managers quote it:
/// the differences compared here are minutes, which tenths of hours hide.
fn hours_minutes(seconds: Seconds) -> String {
    let minutes = (seconds + 30) / 60;
    format!("{}h{:02}m", minutes / 60, minutes % 60)
}

/// Lines of cells, names left-aligned and numbers right-aligned so their
/// digits line up, every column as wide as its widest cell.
fn aligned(lines: &[Vec<String>]) -> String {
    let columns = lines.first().map_or(0, Vec::len);
    let widths: Vec<usize> =
        (0..columns).map(|c| lines.iter().map(|l| l[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for line in lines {
        let mut text = format!("{:<width$}", line[0], width = widths[0]);
        for (cell, width) in line.iter().zip(&widths).skip(1) {
            let _ = write!(text, "  {cell:>width$}");
        }
        let _ = writeln!(out, "{}", text.trim_end());
    }
    out
}

/// The CSV's header: the [`RegionRow`] fields, whose names carry their units.
const CSV_HEADER: [&str; 14] = [
    "region",
    "due",
    "covered",
    "early",
    "unassigned",
    "reps_out",
    "drive_s",
    "waiting_s",
    "cost_s",
    "distance_m",
    "overtime_s",
    "solve_s",
    "valid",
    "left_out_weight",
];

fn hours(seconds: Seconds) -> String {
    format!("{:.1}", seconds as f64 / 3600.0)
}

/// The rows as an aligned table for the terminal, in hours and kilometres,
/// with a totals line (due, covered, weight left out, drive, waiting and
/// overtime hours, solve seconds) for comparing one solver version with
/// another at a glance.
pub fn regions_table(rows: &[RegionRow]) -> String {
    let header = [
        "region",
        "due",
        "covered",
        "early",
        "unassigned",
        "left out",
        "reps",
        "drive h",
        "wait h",
        "km",
        "overtime h",
        "solve s",
        "valid",
    ];
    let mut lines: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for row in rows {
        lines.push(vec![
            row.region.clone(),
            row.due.to_string(),
            row.covered.to_string(),
            row.early.to_string(),
            row.unassigned.to_string(),
            weight(row.left_out_weight),
            row.reps_out.to_string(),
            hours(row.drive_s),
            hours(row.waiting_s),
            format!("{:.1}", row.distance_m as f64 / 1000.0),
            hours(row.overtime_s),
            format!("{:.2}", row.solve_s),
            if row.valid { "yes" } else { "NO" }.to_string(),
        ]);
    }
    let blank = String::new;
    lines.push(vec![
        "total".to_string(),
        rows.iter().map(|r| r.due).sum::<usize>().to_string(),
        rows.iter().map(|r| r.covered).sum::<usize>().to_string(),
        blank(),
        blank(),
        weight(rows.iter().map(|r| r.left_out_weight).sum()),
        blank(),
        hours(rows.iter().map(|r| r.drive_s).sum()),
        hours(rows.iter().map(|r| r.waiting_s).sum()),
        blank(),
        hours(rows.iter().map(|r| r.overtime_s).sum()),
        format!("{:.2}", rows.iter().map(|r| r.solve_s).sum::<f64>()),
        blank(),
    ]);
    aligned(&lines)
}

/// The rows as CSV with a header, in the units the names say (seconds,
/// metres), for a spreadsheet or for comparing runs with a script.
pub fn regions_csv(rows: &[RegionRow]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(CSV_HEADER).expect("writing CSV to memory cannot fail");
    for row in rows {
        out.write_record([
            row.region.clone(),
            row.due.to_string(),
            row.covered.to_string(),
            row.early.to_string(),
            row.unassigned.to_string(),
            row.reps_out.to_string(),
            row.drive_s.to_string(),
            row.waiting_s.to_string(),
            row.cost_s.to_string(),
            row.distance_m.to_string(),
            row.overtime_s.to_string(),
            format!("{:.3}", row.solve_s),
            row.valid.to_string(),
            weight(row.left_out_weight),
        ])
        .expect("writing CSV to memory cannot fail");
    }
    let bytes = out.into_inner().expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::travel::StraightLine;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regions")
    }

    fn names(folders: &[PathBuf]) -> Vec<String> {
        folders.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect()
    }

    fn tuesday() -> DayOptions {
        DayOptions { date: "2026-11-24".parse().unwrap(), lookahead_days: 0 }
    }

    fn row(region: &str, drive_s: Seconds, solve_s: f64) -> RegionRow {
        RegionRow {
            region: region.to_string(),
            due: 40,
            covered: 39,
            early: 0,
            unassigned: 1,
            left_out_weight: 2.05,
            reps_out: 5,
            drive_s,
            waiting_s: 1_800,
            cost_s: drive_s + 2_880,
            distance_m: 123_456,
            overtime_s: 0,
            solve_s,
            valid: true,
        }
    }

    #[test]
    fn region_folders_finds_the_fixtures_in_name_order() {
        let folders = region_folders(&fixtures()).unwrap();
        assert_eq!(names(&folders), ["helsinki-city", "helsinki-suburbs", "kymenlaakso-rural"]);
    }

    #[test]
    fn region_folders_skips_folders_and_files_that_are_not_regions() {
        let dir = tempfile::tempdir().unwrap();
        for (folder, files) in [
            ("zeta", &[ACCOUNTS_FILE, REPS_FILE][..]),
            ("alpha", &[ACCOUNTS_FILE, REPS_FILE]),
            ("no-reps", &[ACCOUNTS_FILE]),
            ("empty", &[]),
        ] {
            std::fs::create_dir(dir.path().join(folder)).unwrap();
            for file in files {
                std::fs::write(dir.path().join(folder).join(file), "id\n").unwrap();
            }
        }
        std::fs::write(dir.path().join("README.md"), "notes").unwrap();
        assert_eq!(names(&region_folders(dir.path()).unwrap()), ["alpha", "zeta"]);
    }

    #[test]
    fn bench_region_plans_the_city_fixture_validly() {
        let config = SearchConfig { iterations: Some(300), ..Default::default() };
        let folder = fixtures().join("helsinki-city");
        let row = bench_region(&folder, &tuesday(), &StraightLine::default(), &config).unwrap();
        assert!(row.valid, "{row:?}");
        assert_eq!(row.region, "helsinki-city");
        assert_eq!((row.due, row.covered, row.unassigned, row.early), (79, 79, 0, 0));
        assert_eq!(row.left_out_weight, 0.0);
        assert_eq!(row.overtime_s, 0);
        assert!(row.reps_out > 0 && row.drive_s > 0 && row.distance_m > 0, "{row:?}");
    }

    #[test]
    fn bench_region_weighs_the_due_accounts_a_full_day_leaves_out() {
        // The city on Wednesday has 124 due accounts, more than its reps can visit.
        let config = SearchConfig { iterations: Some(300), ..Default::default() };
        let wednesday = DayOptions { date: "2026-11-25".parse().unwrap(), lookahead_days: 0 };
        let folder = fixtures().join("helsinki-city");
        let row = bench_region(&folder, &wednesday, &StraightLine::default(), &config).unwrap();
        assert!(row.valid && row.unassigned > 0, "{row:?}");
        assert_eq!(row.covered + row.unassigned, row.due);
        // Each account weighs its priority (1, 2 or 4) and at most 0.6 for being overdue.
        let out = row.unassigned as f64;
        assert!(row.left_out_weight >= out && row.left_out_weight <= 4.6 * out, "{row:?}");
    }

    #[test]
    fn bench_region_names_the_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = SearchConfig { iterations: Some(1), ..Default::default() };
        let err = bench_region(dir.path(), &tuesday(), &StraightLine::default(), &config).unwrap_err();
        assert!(matches!(err, RegionBenchError::Input(_)), "{err:?}");
        assert!(err.to_string().contains(ACCOUNTS_FILE), "{err}");
    }

    #[test]
    fn table_lists_every_region_and_totals() {
        let rows = [row("helsinki-city", 6_840, 0.25), row("kymenlaakso-rural", 76_260, 0.5)];
        let table = regions_table(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(lines[0].starts_with("region") && lines[0].contains("drive h"), "{table}");
        assert!(
            lines[1].starts_with("helsinki-city") && lines[2].starts_with("kymenlaakso-rural"),
            "{table}"
        );
        // 1.9 h + 21.2 h of driving; every line as wide as the widest cell needs.
        let total: Vec<&str> = lines[3].split_whitespace().collect();
        assert_eq!(total, ["total", "80", "78", "4.10", "23.1", "1.0", "0.0", "0.75"], "{table}");
        assert_eq!(lines[1].len(), lines[2].len(), "{table}");
        assert!(lines[1].contains("  1.9  ") && lines[1].contains("123.5"), "{table}");
    }

    /// A run of `region` covering `covered` due accounts, leaving `left_out`
    /// weight out, at `cost_s`.
    fn comparison(
        region: &str,
        seed: u64,
        default: (usize, f64, Seconds),
        reference: (usize, f64, Seconds),
    ) -> Comparison {
        let with = |(covered, left_out_weight, cost_s): (usize, f64, Seconds)| RegionRow {
            covered,
            left_out_weight,
            drive_s: cost_s - 600,
            cost_s,
            ..row(region, 0, 0.5)
        };
        Comparison { seed, default: with(default), reference: with(reference) }
    }

    #[test]
    fn comparison_measures_each_default_plan_against_the_best_run_of_its_region() {
        let runs = [
            comparison("city", 1, (39, 1.0, 7_200), (39, 1.0, 6_000)),
            comparison("city", 2, (38, 2.0, 5_000), (39, 1.0, 6_600)),
            comparison("city", 3, (38, 4.0, 4_000), (40, 0.0, 9_000)),
            comparison("rural", 1, (40, 0.0, 36_000), (40, 0.0, 36_000)),
        ];
        // Leaving less weight out beats costing less, whatever the count: the
        // city's best leaves 0 out (covering 40 of 40, at 2h30m).
        let best = best_known(&runs);
        let figures = |best: &[&RegionRow]| -> Vec<(String, f64, usize, Seconds)> {
            best.iter().map(|r| (r.region.clone(), r.left_out_weight, r.covered, r.cost_s)).collect()
        };
        assert_eq!(figures(&best), [("city".into(), 0.0, 40, 9_000), ("rural".into(), 0.0, 40, 36_000)]);
        assert_eq!(shortfall(&runs[0].default, &best), (1.0, -20.0));
        assert_eq!(shortfall(&runs[1].default, &best).0, 2.0);

        // Of two plans covering as many, the one leaving the high-priority
        // account out (weight 4) is not the best, even when it costs less.
        let by_weight = [
            comparison("suburbs", 1, (38, 4.0, 4_000), (38, 2.0, 5_000)),
            comparison("suburbs", 2, (37, 3.0, 4_500), (38, 2.0, 6_000)),
        ];
        assert_eq!(figures(&best_known(&by_weight)), [("suburbs".into(), 2.0, 38, 5_000)]);
        assert_eq!(shortfall(&by_weight[1].default, &best_known(&by_weight)).0, 1.0);

        let table = comparison_table(&runs);
        let lines: Vec<Vec<&str>> = table.lines().map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(lines.len(), 1 + 5 + 3, "{table}");
        assert_eq!(lines[0][..5], ["region", "seed", "due", "covered", "left"], "{table}");
        assert_eq!(
            lines[1],
            [
                "city", "1", "40", "39", "1.00", "1h50m", "30", "2h00m", "0.50", "39", "1.00", "1h40m",
                "0.50", "40", "0.00", "2h30m", "1.00", "-20.00", "%", "yes"
            ]
        );
        assert_eq!(lines[4], ["city", "mean", "2.33", "-40.00", "%"], "{table}");
        assert_eq!(lines[5], ["city", "worst", "4.00", "-20.00", "%"], "{table}");
        assert_eq!(lines[6][..2], ["rural", "1"]);

        let csv = comparison_csv(&runs);
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows[0], COMPARISON_CSV_HEADER.join(","));
        assert_eq!(
            rows[1],
            "city,1,40,39,6600,1800,7200,0.500,true,39,5400,6000,0.500,true,40,9000,-20.0000,1.00,1.00,0.00"
        );
        assert_eq!(rows.len(), 5);
    }

    #[test]
    fn csv_has_the_header_and_one_line_per_region() {
        let rows = [row("helsinki-city", 6_840, 0.25), row("rural, far", 76_260, 0.5)];
        let csv = regions_csv(&rows);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_HEADER.join(","));
        assert_eq!(lines[1], "helsinki-city,40,39,0,1,5,6840,1800,9720,123456,0,0.250,true,2.05");
        assert!(lines[2].starts_with("\"rural, far\","), "{csv}");
        assert_eq!(lines.len(), 3);
    }
}
