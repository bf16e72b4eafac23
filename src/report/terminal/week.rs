//! The week as tables for the terminal: per day, one line per rep; then the
//! late visits and, per rep, the longest and shortest day.

use std::collections::HashSet;
use std::fmt::Write;

use chrono::Datelike;

use crate::model::plan::WeekPlan;
use crate::model::time::duration_text;
use crate::model::{due_accounts, Hm, Region};
use crate::planning::week::{rep_balance, roll_forward};

/// Per day: visits due and early, then per rep the visits, the working day
/// (departure to return), the driving and any time past the shift's end.
/// Then the totals, the holidays skipped, the late visits with their reasons
/// and each rep's longest and shortest day. With `summary_only`, the totals onwards.
pub fn week_table(region: &Region, week: &WeekPlan, summary_only: bool) -> String {
    let mut out = String::new();
    let mut today = region.clone();
    for plan in &week.days {
        if !summary_only {
            let due = due_accounts(&today.accounts, plan.date);
            let visited: HashSet<&str> = plan.visited_accounts().collect();
            let covered = due.iter().filter(|&&a| visited.contains(today.accounts[a].id.as_str())).count();
            let drive_s: i64 = plan.routes.iter().map(|r| r.drive_s).sum();
            let _ = writeln!(
                out,
                "{} ({}): {} visits ({} due, {} early), {} not covered; driving {}",
                plan.date,
                plan.date.weekday(),
                visited.len(),
                covered,
                visited.len() - covered,
                plan.unassigned.len(),
                duration_text(drive_s)
            );
            let _ = writeln!(
                out,
                "  {:<6} {:<22} {:>6}  {:<11} {:>6}  {:>7}  {:>8}",
                "rep", "name", "visits", "day", "hours", "driving", "overtime"
            );
            for route in &plan.routes {
                let rep = region.reps.iter().find(|r| r.id == route.rep);
                let name: String = rep.map_or("", |r| r.name.as_str()).chars().take(22).collect();
                let overtime_s = rep.map_or(0, |r| (route.return_s - r.shift.close_s).max(0));
                let _ = writeln!(
                    out,
                    "  {:<6} {:<22} {:>6}  {}-{} {:>6}  {:>7}  {:>8}",
                    route.rep,
                    name,
                    route.visit_count(),
                    Hm(route.depart_s),
                    Hm(route.return_s),
                    duration_text(route.return_s - route.depart_s),
                    duration_text(route.drive_s),
                    if overtime_s > 0 { duration_text(overtime_s) } else { "-".to_string() }
                );
            }
            for unassigned in &plan.unassigned {
                let _ = writeln!(out, "  not covered: {}: {}", unassigned.account, unassigned.reason);
            }
            let _ = writeln!(out);
        }
        roll_forward(&mut today, plan);
    }
    let visits: usize = week.days.iter().map(|p| p.visited_accounts().count()).sum();
    let drive_s: i64 = week.days.iter().flat_map(|p| &p.routes).map(|r| r.drive_s).sum();
    let distance_m: i64 = week.days.iter().flat_map(|p| &p.routes).map(|r| r.distance_m).sum();
    let (first, last) = (week.days.first().map(|p| p.date), week.days.last().map(|p| p.date));
    // Days off planned for their appointments only are named, not counted.
    let off: Vec<String> = week
        .days
        .iter()
        .filter(|p| !region.holidays.is_working_day(p.date))
        .map(|p| format!("{} {}", p.date.weekday(), p.date))
        .collect();
    let _ = writeln!(
        out,
        "{} working days{}{}: {} visits, {} late; driving {} ({:.1} km)",
        week.days.len() - off.len(),
        match (first, last) {
            (Some(first), Some(last)) => format!(" ({first} to {last})"),
            _ => String::new(),
        },
        if off.is_empty() { String::new() } else { format!(" and {} for appointments only", off.join(", ")) },
        visits,
        week.late.len(),
        duration_text(drive_s),
        distance_m as f64 / 1000.0
    );
    if let (Some(first), Some(last)) = (first, last) {
        let skipped: Vec<String> = first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| d.weekday().num_days_from_monday() < 5 && !week.days.iter().any(|p| p.date == *d))
            .filter_map(|d| region.holidays.name(d).map(|name| format!("{} {d} {name}", d.weekday())))
            .collect();
        if !skipped.is_empty() {
            let _ = writeln!(out, "holidays skipped: {}", skipped.join(", "));
        }
    }
    if !week.late.is_empty() {
        let _ = writeln!(out, "\nLate:");
        for late in &week.late {
            let planned = late.planned.map_or("not in these days".to_string(), |d| format!("planned {d}"));
            let _ = writeln!(out, "  {} due {}, {}: {}", late.account, late.due, planned, late.reason);
        }
    }
    let _ = writeln!(out, "\nWorking day per rep (departure to return; a day at home counts as 0):");
    let _ = writeln!(out, "  {:<6} {:>6}  {:>7}  {:>8}", "rep", "visits", "longest", "shortest");
    for rep in rep_balance(region, week) {
        let _ = writeln!(
            out,
            "  {:<6} {:>6}  {:>7}  {:>8}",
            rep.rep,
            rep.visits,
            duration_text(rep.longest_s),
            duration_text(rep.shortest_s)
        );
    }
    out
}
