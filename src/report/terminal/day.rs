//! The plan as a readable table for the terminal, and what a re-plan changed.

use std::collections::HashSet;
use std::fmt::Write;

use super::width::{cut, duration_columns, left, right};
use crate::model::plan::{ChangeKind, Plan, RoutePlan, Stop};
use crate::model::{due_accounts, Region};
use crate::report::lang::{Lang, Msg};

/// Widest an account name is shown in the day table, in terminal columns.
const NAME_COLUMNS: usize = 30;
/// Widest an address is shown in the day table, in terminal columns.
const ADDRESS_COLUMNS: usize = 40;

/// The day's first line: the date, a holiday, reps out, due accounts
/// covered, early visits, unassigned and driving. The HTML report shows it too.
fn plan_headline(region: &Region, plan: &Plan, lang: Lang) -> String {
    // An account whose appointment lies less than an interval ahead is not due today.
    let mut due: Vec<usize> = due_accounts(&region.accounts, plan.date);
    due.retain(|&a| region.appointments.ahead(&region.accounts[a], plan.date).is_none());
    let visited: HashSet<&str> = plan.visited_accounts().collect();
    let covered = due.iter().filter(|&&a| visited.contains(region.accounts[a].id.as_str())).count();
    let drive_s: i64 = plan.routes.iter().map(|r| r.drive_s).sum();
    let distance_m: i64 = plan.routes.iter().map(|r| r.distance_m).sum();
    let holiday = region.holidays.name(plan.date).map_or(String::new(), |name| match name {
        "" => lang.text(Msg::Holiday).to_string(),
        name => lang.fill(Msg::NamedHoliday, &[&name]),
    });
    let date = lang.date(plan.date);
    // The holiday goes inside the date's brackets in English: `2026-12-24 (Thu, a holiday)`.
    let (date, holiday) = match (lang, date.strip_suffix(')')) {
        (Lang::En, Some(open)) if !holiday.is_empty() => (format!("{open}{holiday})"), String::new()),
        _ => (date, holiday),
    };
    lang.fill(
        Msg::DayHeadline,
        &[
            &date,
            &holiday,
            &plan.routes.len(),
            &due.len(),
            &covered,
            &(visited.len() - covered),
            &plan.unassigned.len(),
            &lang.duration(drive_s),
            &lang.km(distance_m),
        ],
    )
}

/// Per rep: the order, arrival, visit start-end, account, name, address
/// (when the accounts have one), driving; then the accounts left out and
/// the reps who cannot work. With `summary_only`, one line per rep.
/// Columns line up in terminal columns, so Japanese names align too.
pub fn plan_table(region: &Region, plan: &Plan, summary_only: bool, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", plan_headline(region, plan, lang));
    let account_of = |id: &str| region.account_index(id).map(|a| &region.accounts[a]);
    let with_address =
        plan.visited_accounts().any(|id| account_of(id).is_some_and(|a| !a.address.is_empty()));
    let drive_w = duration_columns(lang, 7);
    for route in &plan.routes {
        let rep = region.reps.iter().find(|r| r.id == route.rep);
        let name = rep.map_or("", |r| r.name.as_str());
        let overtime = if route.overtime_s > 0 {
            lang.fill(Msg::Overtime, &[&lang.duration(route.overtime_s)])
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\n{}",
            lang.fill(
                Msg::RouteLine,
                &[
                    &route.rep,
                    &name,
                    &lang.clock(route.depart_s),
                    &lang.clock(route.return_s),
                    &overtime,
                    &route.visit_count(),
                    &lang.duration(route.drive_s),
                    &lang.km(route.distance_m),
                ]
            )
        );
        if summary_only {
            continue;
        }
        let address_header = if with_address {
            format!(" {}", left(lang.text(Msg::ColAddress), ADDRESS_COLUMNS))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {}  {}  {}  {} {}{address_header} {}",
            right(lang.text(Msg::ColOrder), 3),
            left(lang.text(Msg::ColArrive), 6),
            left(lang.text(Msg::ColVisit), 11),
            left(lang.text(Msg::ColAccount), 8),
            left(lang.text(Msg::ColName), NAME_COLUMNS),
            right(lang.text(Msg::ColDrive), drive_w),
        );
        let mut free_s = route.depart_s;
        let mut order = 0;
        for (index, stop) in route.stops.iter().enumerate() {
            free_s = write_resumes(&mut out, route, index, free_s, lang);
            match stop {
                Stop::Visit { account, arrival_s, start_s, end_s } => {
                    order += 1;
                    let found = account_of(account);
                    let name = cut(found.map_or("", |a| a.name.as_str()), NAME_COLUMNS);
                    let address = match (with_address, found) {
                        (true, Some(a)) => {
                            format!(" {}", left(&cut(&a.address, ADDRESS_COLUMNS), ADDRESS_COLUMNS))
                        }
                        (true, None) => format!(" {}", left("", ADDRESS_COLUMNS)),
                        (false, _) => String::new(),
                    };
                    let _ = writeln!(
                        out,
                        "  {order:>3}  {}  {}  {} {}{address} {}",
                        left(&lang.clock(*arrival_s), 6),
                        left(&format!("{}-{}", lang.clock(*start_s), lang.clock(*end_s)), 11),
                        left(account, 8),
                        left(&name, NAME_COLUMNS),
                        right(&lang.duration(arrival_s - free_s), drive_w),
                    );
                    free_s = *end_s;
                }
                Stop::Break { start_s, end_s } => {
                    let _ = writeln!(
                        out,
                        "  {:>3}  {:<6}  {}  {}",
                        "",
                        "",
                        left(&format!("{}-{}", lang.clock(*start_s), lang.clock(*end_s)), 11),
                        lang.text(Msg::Break)
                    );
                    free_s = *end_s;
                }
            }
        }
        free_s = write_resumes(&mut out, route, route.stops.len(), free_s, lang);
        // The drive home lines up with the visits' drives; in English it has
        // always ended a column before them, and scripts may read it there.
        let back = lang.text(Msg::BackHome);
        let quirk = usize::from(lang == Lang::En);
        let drive_end = 11 + 2 + 8 + 1 + NAME_COLUMNS + 1 + drive_w - quirk
            + if with_address { ADDRESS_COLUMNS + 1 } else { 0 };
        let _ = writeln!(
            out,
            "  {:>3}  {}  {back}{}",
            "",
            left(&lang.clock(route.return_s), 6),
            right(&lang.duration(route.return_s - free_s), drive_end - super::width::columns(back)),
        );
    }
    if !plan.unassigned.is_empty() {
        let _ = writeln!(out, "\n{}", lang.text(Msg::NotCoveredToday));
        for u in &plan.unassigned {
            let _ = writeln!(out, "  {}: {}", u.account, lang.reason(&u.reason));
        }
    }
    if !plan.unavailable.is_empty() {
        let _ = writeln!(out, "\n{}", lang.text(Msg::CannotWorkToday));
        for u in &plan.unavailable {
            let _ = writeln!(out, "  {}: {}", u.rep, lang.reason(&u.reason));
        }
    }
    out
}

/// The lines of a re-planned route's resumes that come after `after_stops`
/// stops; returns when the rep is free again.
fn write_resumes(
    out: &mut String,
    route: &RoutePlan,
    after_stops: usize,
    mut free_s: i64,
    lang: Lang,
) -> i64 {
    for resume in route.resumes_after(after_stops) {
        let place = resume.place.map(|p| format!(" at {:.5},{:.5}", p.lat, p.lon)).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:>3}  {}  {}",
            "",
            left(&lang.clock(resume.at_s), 6),
            lang.fill(Msg::Resumed, &[&place])
        );
        free_s = resume.at_s;
    }
    free_s
}

/// What a re-plan changed: a count per kind, then one line per account in
/// the plan's order (added, cancelled, reassigned, to tomorrow, moved).
pub fn changes_table(plan: &Plan, lang: Lang) -> String {
    let mut out = String::new();
    let kinds = [
        (ChangeKind::Added, Msg::ChangeAdded),
        (ChangeKind::Cancelled, Msg::ChangeCancelled),
        (ChangeKind::Reassigned, Msg::ChangeReassigned),
        (ChangeKind::ToTomorrow, Msg::ChangeToTomorrow),
        (ChangeKind::Moved, Msg::ChangeMoved),
    ];
    let counts: Vec<String> = kinds
        .iter()
        .filter_map(|&(kind, msg)| {
            let n = plan.changes.iter().filter(|c| c.kind == kind).count();
            (n > 0).then(|| lang.fill(msg, &[&n]))
        })
        .collect();
    if counts.is_empty() {
        let _ = writeln!(out, "{}", lang.text(Msg::ChangesNone));
        return out;
    }
    let _ = writeln!(out, "{}", lang.fill(Msg::Changes, &[&counts.join(lang.text(Msg::ListSeparator))]));
    for change in &plan.changes {
        let kind = left(lang.change_kind(change.kind), 11);
        let _ = writeln!(out, "  {kind}  {} {}", left(&change.account, 8), lang.change(&change.reason));
    }
    out
}
