//! Splits side by side as a table for the terminal.

use std::fmt::Write;

use chrono::Datelike;

use crate::model::time::duration_text;
use crate::territory::metrics::SplitMetrics;

/// Overloaded reps named in the summary before the rest are counted.
const NAMED_OVERLOADED: usize = 4;

/// The team's figures of every split side by side; unless `summary_only`,
/// then every rep's figures under each split. Overloaded reps (late or missed
/// visits) are named in the summary and marked `!` per rep.
pub fn compare_table(splits: &[(&str, &SplitMetrics)], summary_only: bool) -> String {
    let mut out = String::new();
    let Some((_, first)) = splits.first() else { return out };
    if let (Some(start), Some(end)) = (first.dates.first(), first.dates.last()) {
        let _ = writeln!(
            out,
            "{} working days, {} ({}) to {} ({}); a day over {} counts as overtime\n",
            first.dates.len(),
            start,
            start.weekday(),
            end,
            end.weekday(),
            duration_text(first.day_limit_s)
        );
    }
    let each = |f: &dyn Fn(&SplitMetrics) -> String| splits.iter().map(|(_, m)| f(m)).collect::<Vec<_>>();
    let rows: Vec<(&str, Vec<String>)> = vec![
        ("", splits.iter().map(|(name, _)| name.to_string()).collect()),
        (
            "accounts per rep (min-max)",
            each(&|m| {
                let counts = m.reps.iter().map(|r| r.accounts);
                format!("{}-{}", counts.clone().min().unwrap_or(0), counts.max().unwrap_or(0))
            }),
        ),
        ("visits", each(&|m| m.visits().to_string())),
        ("late / missed visits", each(&|m| format!("{} / {}", m.late(), m.missed()))),
        ("overloaded reps", each(&overloaded_names)),
        ("driving", each(&|m| duration_text(m.drive_s()))),
        ("distance", each(&|m| format!("{:.0} km", m.distance_m() as f64 / 1000.0))),
        ("workload per rep-day: mean", each(&|m| duration_text(m.mean_workload_s()))),
        ("workload per rep-day: max", each(&|m| duration_text(m.max_workload_s()))),
        ("overtime days", each(&|m| m.overtime_days().to_string())),
        (
            "max/min workload of a rep",
            each(&|m| m.workload_ratio.map_or("no work".to_string(), |r| format!("{r:.2}"))),
        ),
        ("workload variation (CV)", each(&|m| format!("{:.2}", m.workload_cv))),
        ("mean distance to centre", each(&|m| format!("{:.2} km", m.centre_distance_m / 1000.0))),
    ];
    let width =
        rows.iter().flat_map(|(_, cells)| cells).map(|c| c.chars().count() + 2).max().unwrap_or(0).max(16);
    for (label, cells) in &rows {
        let _ = write!(out, "{label:<28}");
        for cell in cells {
            let _ = write!(out, "{cell:>width$}");
        }
        out.push('\n');
    }
    if summary_only {
        return out;
    }

    let _ = writeln!(
        out,
        "\nper rep: accounts, driving, workload per day (mean, max), overtime days, late, missed visits, \
         mean km to the territory centre; ! overloaded"
    );
    const BLOCK: usize = 53;
    let _ = write!(out, "{:<8}", "");
    for (name, _) in splits {
        let _ = write!(out, "| {:<BLOCK$}", name);
    }
    out.push('\n');
    let _ = write!(out, "{:<8}", "rep");
    for _ in splits {
        let _ = write!(
            out,
            "| {:>5} {:>7} {:>6} {:>6} {:>4} {:>4} {:>4} {:>6}   ",
            "accts", "drive", "mean", "max", "ot", "late", "miss", "km"
        );
    }
    out.push('\n');
    for (r, rep) in first.reps.iter().enumerate() {
        let _ = write!(out, "{:<8}", rep.rep);
        for (_, metrics) in splits {
            let Some(m) = metrics.reps.get(r) else { continue };
            let _ = write!(
                out,
                "| {:>5} {:>7} {:>6} {:>6} {:>4} {:>4} {:>4} {:>6.2} {} ",
                m.accounts,
                duration_text(m.drive_s),
                duration_text(m.mean_workload_s()),
                duration_text(m.max_workload_s()),
                m.overtime_days,
                m.late,
                m.missed,
                m.centre_distance_m / 1000.0,
                if m.overloaded() { '!' } else { ' ' }
            );
        }
        out.push('\n');
    }
    out.lines().map(str::trim_end).fold(String::new(), |mut trimmed, line| {
        trimmed.push_str(line);
        trimmed.push('\n');
        trimmed
    })
}

/// `R3, R6` (or `R1, R2, R3, R4 +5`), `-` when none.
fn overloaded_names(metrics: &SplitMetrics) -> String {
    let names: Vec<&str> = metrics.overloaded().map(|r| r.rep.as_str()).collect();
    match names.len() {
        0 => "-".to_string(),
        n if n <= NAMED_OVERLOADED => names.join(", "),
        n => format!("{} +{}", names[..NAMED_OVERLOADED].join(", "), n - NAMED_OVERLOADED),
    }
}
