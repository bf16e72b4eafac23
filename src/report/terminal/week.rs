//! The week as tables for the terminal: per day, one line per rep; then the
//! late visits and, per rep, the longest and shortest day.

use std::collections::HashSet;
use std::fmt::Write;

use chrono::Datelike;

use super::width::{cut, duration_columns, left, right};
use crate::model::plan::WeekPlan;
use crate::model::{due_accounts, Region};
use crate::planning::week::{rep_balance, roll_forward};
use crate::report::lang::{Lang, Msg};

/// Per day: visits due and early, then per rep the visits, the working day
/// (departure to return), the driving and any time past the shift's end.
/// Then the totals, the holidays skipped, the late visits with their reasons
/// and each rep's longest and shortest day. With `summary_only`, the totals onwards.
pub fn week_table(region: &Region, week: &WeekPlan, summary_only: bool, lang: Lang) -> String {
    let mut out = String::new();
    let (hours_w, driving_w, overtime_w) =
        (duration_columns(lang, 6), duration_columns(lang, 7), duration_columns(lang, 8));
    let mut today = region.clone();
    for plan in &week.days {
        if !summary_only {
            let due = due_accounts(&today.accounts, plan.date);
            let visited: HashSet<&str> = plan.visited_accounts().collect();
            let covered = due.iter().filter(|&&a| visited.contains(today.accounts[a].id.as_str())).count();
            let drive_s: i64 = plan.routes.iter().map(|r| r.drive_s).sum();
            let _ = writeln!(
                out,
                "{}",
                lang.fill(
                    Msg::WeekDayHeadline,
                    &[
                        &lang.date(plan.date),
                        &visited.len(),
                        &covered,
                        &(visited.len() - covered),
                        &plan.unassigned.len(),
                        &lang.duration(drive_s)
                    ]
                )
            );
            let _ = writeln!(
                out,
                "  {} {} {}  {} {}  {}  {}",
                left(lang.text(Msg::ColRep), 6),
                left(lang.text(Msg::ColName), 22),
                right(lang.text(Msg::ColVisits), 6),
                left(lang.text(Msg::ColDay), 11),
                right(lang.text(Msg::ColHours), hours_w),
                right(lang.text(Msg::ColDriving), driving_w),
                right(lang.text(Msg::ColOvertime), overtime_w),
            );
            for route in &plan.routes {
                let rep = region.reps.iter().find(|r| r.id == route.rep);
                let name = cut(rep.map_or("", |r| r.name.as_str()), 22);
                let close_s = rep.and_then(|r| r.shift_on(plan.date)).map_or(route.return_s, |s| s.close_s);
                let overtime_s = (route.return_s - close_s).max(0);
                let _ = writeln!(
                    out,
                    "  {} {} {:>6}  {} {}  {}  {}",
                    left(&route.rep, 6),
                    left(&name, 22),
                    route.visit_count(),
                    left(&format!("{}-{}", lang.clock(route.depart_s), lang.clock(route.return_s)), 11),
                    right(&lang.duration(route.return_s - route.depart_s), hours_w),
                    right(&lang.duration(route.drive_s), driving_w),
                    right(
                        &if overtime_s > 0 { lang.duration(overtime_s) } else { "-".to_string() },
                        overtime_w
                    )
                );
            }
            for unassigned in &plan.unassigned {
                let _ = writeln!(
                    out,
                    "  {}",
                    lang.fill(Msg::NotCovered, &[&unassigned.account, &lang.reason(&unassigned.reason)])
                );
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
        .filter(|p| !region.is_working_day(p.date))
        .map(|p| weekday_date(p.date, lang))
        .collect();
    let mut range = match (first, last) {
        (Some(first), Some(last)) => {
            lang.fill(Msg::WeekRange, &[&plain_date(first, lang), &plain_date(last, lang)])
        }
        _ => String::new(),
    };
    if !off.is_empty() {
        range.push_str(&lang.fill(Msg::AppointmentDaysOnly, &[&off.join(", ")]));
    }
    let _ = writeln!(
        out,
        "{}",
        lang.fill(
            Msg::WeekTotals,
            &[
                &(week.days.len() - off.len()),
                &range,
                &visits,
                &week.late.len(),
                &lang.duration(drive_s),
                &lang.km(distance_m)
            ]
        )
    );
    if let (Some(first), Some(last)) = (first, last) {
        let skipped: Vec<String> = first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| d.weekday().num_days_from_monday() < 5 && !week.days.iter().any(|p| p.date == *d))
            .filter_map(|d| region.holidays.name(d).map(|name| format!("{} {name}", weekday_date(d, lang))))
            .collect();
        if !skipped.is_empty() {
            let _ = writeln!(out, "{}", lang.fill(Msg::HolidaysSkipped, &[&skipped.join(", ")]));
        }
    }
    if !week.late.is_empty() {
        let _ = writeln!(out, "\n{}", lang.text(Msg::Late));
        for late in &week.late {
            let planned = late.planned.map_or(lang.text(Msg::NotInTheseDays).to_string(), |d| {
                lang.fill(Msg::PlannedOn, &[&plain_date(d, lang)])
            });
            let due = plain_date(late.due, lang);
            let _ = writeln!(
                out,
                "  {}",
                lang.fill(Msg::LateVisit, &[&late.account, &due, &planned, &lang.reason(&late.reason)])
            );
        }
    }
    let _ = writeln!(out, "\n{}", lang.text(Msg::WorkingDayPerRep));
    let _ = writeln!(
        out,
        "  {} {}  {}  {}",
        left(lang.text(Msg::ColRep), 6),
        right(lang.text(Msg::ColVisits), 6),
        right(lang.text(Msg::ColLongest), driving_w),
        right(lang.text(Msg::ColShortest), overtime_w)
    );
    for rep in rep_balance(region, week) {
        let _ = writeln!(
            out,
            "  {} {:>6}  {}  {}",
            left(&rep.rep, 6),
            rep.visits,
            right(&lang.duration(rep.longest_s), driving_w),
            right(&lang.duration(rep.shortest_s), overtime_w)
        );
    }
    out
}

/// A date inside a sentence: `2026-12-01` in English (the weekday would
/// crowd the line), with its weekday in Japanese, which always writes it.
fn plain_date(date: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => date.format("%Y-%m-%d").to_string(),
        Lang::Ja => lang.date(date),
    }
}

/// A skipped holiday's date: `Thu 2026-12-24`, `2026年12月24日(木)`.
fn weekday_date(date: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} {date}", date.weekday()),
        Lang::Ja => lang.date(date),
    }
}
