//! Splits side by side as a table for the terminal.

use std::fmt::Write;

use super::width::{columns, left, right};
use crate::report::lang::{Lang, Msg};
use crate::territory::metrics::SplitMetrics;

/// Overloaded reps named in the summary before the rest are counted.
const NAMED_OVERLOADED: usize = 4;

/// The team's figures of every split side by side; unless `summary_only`,
/// then every rep's figures under each split. Overloaded reps (late or missed
/// visits) are named in the summary and marked `!` per rep.
pub fn compare_table(splits: &[(&str, &SplitMetrics)], summary_only: bool, lang: Lang) -> String {
    let mut out = String::new();
    let Some((_, first)) = splits.first() else { return out };
    if let (Some(start), Some(end)) = (first.dates.first(), first.dates.last()) {
        let _ = writeln!(
            out,
            "{}\n",
            lang.fill(
                Msg::SplitsHorizon,
                &[
                    &first.dates.len(),
                    &lang.date(*start),
                    &lang.date(*end),
                    &lang.duration(first.day_limit_s)
                ]
            )
        );
    }
    let each = |f: &dyn Fn(&SplitMetrics) -> String| splits.iter().map(|(_, m)| f(m)).collect::<Vec<_>>();
    let rows: Vec<(&str, Vec<String>)> = vec![
        ("", splits.iter().map(|(name, _)| name.to_string()).collect()),
        (
            lang.text(Msg::SplitAccounts),
            each(&|m| {
                let counts = m.reps.iter().map(|r| r.accounts);
                format!("{}-{}", counts.clone().min().unwrap_or(0), counts.max().unwrap_or(0))
            }),
        ),
        (lang.text(Msg::SplitVisits), each(&|m| m.visits().to_string())),
        (lang.text(Msg::SplitLateMissed), each(&|m| format!("{} / {}", m.late(), m.missed()))),
        (lang.text(Msg::SplitOverloaded), each(&overloaded_names)),
        (lang.text(Msg::SplitDriving), each(&|m| lang.duration(m.drive_s()))),
        (lang.text(Msg::SplitDistance), each(&|m| format!("{:.0} km", m.distance_m() as f64 / 1000.0))),
        (lang.text(Msg::SplitMeanWorkload), each(&|m| lang.duration(m.mean_workload_s()))),
        (lang.text(Msg::SplitMaxWorkload), each(&|m| lang.duration(m.max_workload_s()))),
        (lang.text(Msg::SplitOvertimeDays), each(&|m| m.overtime_days().to_string())),
        (
            lang.text(Msg::SplitWorkloadRatio),
            each(&|m| {
                m.workload_ratio.map_or(lang.text(Msg::SplitNoWork).to_string(), |r| format!("{r:.2}"))
            }),
        ),
        (lang.text(Msg::SplitWorkloadCv), each(&|m| format!("{:.2}", m.workload_cv))),
        (lang.text(Msg::SplitCentreDistance), each(&|m| format!("{:.2} km", m.centre_distance_m / 1000.0))),
    ];
    let width = rows.iter().flat_map(|(_, cells)| cells).map(|c| columns(c) + 2).max().unwrap_or(0).max(16);
    for (label, cells) in &rows {
        let _ = write!(out, "{}", left(label, 28));
        for cell in cells {
            let _ = write!(out, "{}", right(cell, width));
        }
        out.push('\n');
    }
    if summary_only {
        return out;
    }

    let _ = writeln!(out, "\n{}", lang.text(Msg::SplitPerRep));
    let dur_w = match lang {
        Lang::En => [7, 6, 6],
        Lang::Ja => [10, 10, 10],
    };
    let widths = [5, dur_w[0], dur_w[1], dur_w[2], 4, 4, 4, 6];
    // A split's block: each cell after a space, then the overload mark's three columns.
    let block = widths.iter().map(|w| w + 1).sum::<usize>() + 3;
    let _ = write!(out, "{:<8}", "");
    for (name, _) in splits {
        let _ = write!(out, "| {}", left(name, block));
    }
    out.push('\n');
    let _ = write!(out, "{}", left(lang.text(Msg::ColRep), 8));
    let heads: Vec<&str> = lang.text(Msg::SplitRepColumns).split(' ').collect();
    for _ in splits {
        out.push('|');
        for (head, w) in heads.iter().zip(widths) {
            let _ = write!(out, " {}", right(head, w));
        }
        out.push_str("   ");
    }
    out.push('\n');
    for (r, rep) in first.reps.iter().enumerate() {
        let _ = write!(out, "{}", left(&rep.rep, 8));
        for (_, metrics) in splits {
            let Some(m) = metrics.reps.get(r) else { continue };
            let cells = [
                m.accounts.to_string(),
                lang.duration(m.drive_s),
                lang.duration(m.mean_workload_s()),
                lang.duration(m.max_workload_s()),
                m.overtime_days.to_string(),
                m.late.to_string(),
                m.missed.to_string(),
                format!("{:.2}", m.centre_distance_m / 1000.0),
            ];
            out.push('|');
            for (cell, w) in cells.iter().zip(widths) {
                let _ = write!(out, " {}", right(cell, w));
            }
            let _ = write!(out, " {} ", if m.overloaded() { '!' } else { ' ' });
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
