//! The plan as a readable table for the terminal, and what a re-plan changed.

use std::collections::HashSet;
use std::fmt::Write;

use chrono::Datelike;

use crate::model::plan::{ChangeKind, Plan, RoutePlan, Stop};
use crate::model::time::duration_text;
use crate::model::{due_accounts, Hm, Region};

/// Per rep: the order, arrival, visit start-end, driving; then the totals.
/// With `summary_only`, one line per rep.
pub fn plan_table(region: &Region, plan: &Plan, summary_only: bool) -> String {
    let mut out = String::new();
    // An account whose appointment lies less than an interval ahead is not due today.
    let mut due: Vec<usize> = due_accounts(&region.accounts, plan.date);
    due.retain(|&a| region.appointments.ahead(&region.accounts[a], plan.date).is_none());
    let visited: HashSet<&str> = plan.visited_accounts().collect();
    let covered = due.iter().filter(|&&a| visited.contains(region.accounts[a].id.as_str())).count();
    let drive_s: i64 = plan.routes.iter().map(|r| r.drive_s).sum();
    let distance_m: i64 = plan.routes.iter().map(|r| r.distance_m).sum();
    let holiday = region.holidays.name(plan.date).map_or(String::new(), |name| match name {
        "" => ", a holiday".to_string(),
        name => format!(", a holiday: {name}"),
    });
    let _ = writeln!(
        out,
        "{} ({}{holiday}): {} reps out, {} due accounts, {} covered, {} early visits, {} unassigned; driving {} ({:.1} km)",
        plan.date,
        plan.date.weekday(),
        plan.routes.len(),
        due.len(),
        covered,
        visited.len() - covered,
        plan.unassigned.len(),
        duration_text(drive_s),
        distance_m as f64 / 1000.0
    );
    for route in &plan.routes {
        let rep = region.reps.iter().find(|r| r.id == route.rep);
        let name = rep.map_or("", |r| r.name.as_str());
        let overtime = if route.overtime_s > 0 {
            format!(" ({} overtime)", duration_text(route.overtime_s))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\n{} {}: leaves {}, back {}{overtime}, {} visits, driving {} ({:.1} km)",
            route.rep,
            name,
            Hm(route.depart_s),
            Hm(route.return_s),
            route.visit_count(),
            duration_text(route.drive_s),
            route.distance_m as f64 / 1000.0
        );
        if summary_only {
            continue;
        }
        let _ = writeln!(
            out,
            "  {:>3}  {:<6}  {:<11}  {:<8} {:<30} {:>7}",
            "#", "arrive", "visit", "account", "name", "drive"
        );
        let mut free_s = route.depart_s;
        let mut order = 0;
        for (index, stop) in route.stops.iter().enumerate() {
            free_s = write_resumes(&mut out, route, index, free_s);
            match stop {
                Stop::Visit { account, arrival_s, start_s, end_s } => {
                    order += 1;
                    let name =
                        region.accounts.iter().find(|a| &a.id == account).map_or("", |a| a.name.as_str());
                    let name: String = name.chars().take(30).collect();
                    let _ = writeln!(
                        out,
                        "  {order:>3}  {:<6}  {}-{}  {account:<8} {name:<30} {:>7}",
                        Hm(*arrival_s).to_string(),
                        Hm(*start_s),
                        Hm(*end_s),
                        duration_text(arrival_s - free_s)
                    );
                    free_s = *end_s;
                }
                Stop::Break { start_s, end_s } => {
                    let _ = writeln!(out, "  {:>3}  {:<6}  {}-{}  break", "", "", Hm(*start_s), Hm(*end_s));
                    free_s = *end_s;
                }
            }
        }
        free_s = write_resumes(&mut out, route, route.stops.len(), free_s);
        let _ = writeln!(
            out,
            "  {:>3}  {:<6}  back home {:>49}",
            "",
            Hm(route.return_s).to_string(),
            duration_text(route.return_s - free_s)
        );
    }
    if !plan.unassigned.is_empty() {
        let _ = writeln!(out, "\nNot covered today:");
        for u in &plan.unassigned {
            let _ = writeln!(out, "  {}: {}", u.account, u.reason);
        }
    }
    if !plan.unavailable.is_empty() {
        let _ = writeln!(out, "\nCannot work today:");
        for u in &plan.unavailable {
            let _ = writeln!(out, "  {}: {}", u.rep, u.reason);
        }
    }
    out
}

/// The lines of a re-planned route's resumes that come after `after_stops`
/// stops; returns when the rep is free again.
fn write_resumes(out: &mut String, route: &RoutePlan, after_stops: usize, mut free_s: i64) -> i64 {
    for resume in route.resumes.iter().filter(|r| r.after_stops == after_stops) {
        let place = resume.place.map(|p| format!(" at {:.5},{:.5}", p.lat, p.lon)).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:>3}  {:<6}  re-planned: goes on from here{place}",
            "",
            Hm(resume.at_s).to_string()
        );
        free_s = resume.at_s;
    }
    free_s
}

/// What a re-plan changed: a count per kind, then one line per account in
/// the plan's order (added, cancelled, reassigned, to tomorrow, moved).
pub fn changes_table(plan: &Plan) -> String {
    let mut out = String::new();
    let kinds = [
        (ChangeKind::Added, "added"),
        (ChangeKind::Cancelled, "cancelled"),
        (ChangeKind::Reassigned, "reassigned"),
        (ChangeKind::ToTomorrow, "to tomorrow"),
        (ChangeKind::Moved, "moved"),
    ];
    let counts: Vec<String> = kinds
        .iter()
        .filter_map(|&(kind, name)| {
            let n = plan.changes.iter().filter(|c| c.kind == kind).count();
            (n > 0).then(|| format!("{n} {name}"))
        })
        .collect();
    if counts.is_empty() {
        let _ = writeln!(out, "Changes: none");
        return out;
    }
    let _ = writeln!(out, "Changes: {}", counts.join(", "));
    for change in &plan.changes {
        let _ = writeln!(out, "  {:<11}  {:<8} {}", change.kind.as_str(), change.account, change.reason);
    }
    out
}
