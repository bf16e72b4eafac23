//! The adherence report for the terminal: the team's line, a row per rep,
//! then the accounts overdue on the last day, worst first.

use std::fmt::Write;

use super::width::{cut, left, right};
use crate::model::adherence::Adherence;
use crate::model::Region;
use crate::report::lang::{Lang, Msg};

/// Widest a name is shown, in terminal columns.
const NAME_COLUMNS: usize = 22;

/// A share as a percentage with one decimal, `-` when there is nothing to share.
pub(crate) fn percent(share: Option<f64>) -> String {
    share.map_or("-".to_string(), |s| format!("{:.1}%", s * 100.0))
}

/// The team's line: visits planned, done and skipped, the share done, and
/// the accounts seen within their interval.
pub(crate) fn team_line(adherence: &Adherence, lang: Lang) -> String {
    let (v, a) = (&adherence.visits, &adherence.accounts);
    lang.fill(
        Msg::ReportTeam,
        &[
            &v.planned,
            &v.done,
            &v.skipped,
            &percent(v.done_share()),
            &a.in_interval,
            &a.accounts,
            &percent(a.in_interval_share()),
        ],
    )
}

/// The whole report as printed: title, team, per rep, overdue accounts.
pub fn adherence_table(region: &Region, adherence: &Adherence, title: &str, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{title}\n{}\n\n{}", team_line(adherence, lang), lang.text(Msg::PerRep));
    let header = [
        (Msg::ColPlanned, 7),
        (Msg::ColDone, 6),
        (Msg::ColSkipped, 7),
        (Msg::ColDoneShare, 7),
        (Msg::ColAccounts, 8),
        (Msg::ColInInterval, 11),
        (Msg::ColOverdue, 8),
    ];
    let numbers: String = header.iter().map(|&(msg, w)| format!(" {}", right(lang.text(msg), w))).collect();
    let _ = writeln!(
        out,
        "  {} {}{numbers}",
        left(lang.text(Msg::ColRep), 6),
        left(lang.text(Msg::ColName), NAME_COLUMNS)
    );
    let row = |out: &mut String,
               rep: &str,
               name: &str,
               v: &crate::model::adherence::VisitCounts,
               a: &crate::model::adherence::AccountCounts| {
        let cells = [
            v.planned.to_string(),
            v.done.to_string(),
            v.skipped.to_string(),
            percent(v.done_share()),
            a.accounts.to_string(),
            a.in_interval.to_string(),
            a.overdue.to_string(),
        ];
        let numbers: String =
            cells.iter().zip(&header).map(|(cell, &(_, w))| format!(" {}", right(cell, w))).collect();
        let _ = writeln!(out, "  {} {}{numbers}", left(rep, 6), left(&cut(name, NAME_COLUMNS), NAME_COLUMNS));
    };
    for rep in &adherence.reps {
        let name = region.reps.iter().find(|r| r.id == rep.rep).map_or("", |r| r.name.as_str());
        row(&mut out, &rep.rep, name, &rep.visits, &rep.accounts);
    }
    row(&mut out, lang.text(Msg::Team), "", &adherence.visits, &adherence.accounts);

    let last_day = lang.date(adherence.to);
    if adherence.overdue.is_empty() {
        let _ = writeln!(out, "\n{}", lang.fill(Msg::NothingOverdue, &[&last_day]));
        return out;
    }
    let _ = writeln!(out, "\n{}", lang.fill(Msg::OverdueOn, &[&last_day]));
    let _ = writeln!(
        out,
        "  {} {} {} {} {} {} {}",
        left(lang.text(Msg::ColAccount), 8),
        left(lang.text(Msg::ColName), NAME_COLUMNS),
        left(lang.text(Msg::ColRep), 6),
        left(lang.text(Msg::ColLastVisit), 10),
        left(lang.text(Msg::ColDue), 10),
        right(lang.text(Msg::ColEvery), 6),
        right(lang.text(Msg::ColDaysOverdue), 12),
    );
    for overdue in &adherence.overdue {
        let account = &region.accounts[overdue.account];
        let day = |d: Option<chrono::NaiveDate>, none: Msg| {
            d.map_or(lang.text(none).to_string(), |d| lang.numeric_date(d))
        };
        let days = overdue.days_overdue.map_or(lang.text(Msg::NotYetVisited).to_string(), |d| d.to_string());
        let _ = writeln!(
            out,
            "  {} {} {} {} {} {} {}",
            left(&account.id, 8),
            left(&cut(&account.name, NAME_COLUMNS), NAME_COLUMNS),
            left(overdue.rep.as_deref().unwrap_or(lang.text(Msg::NoRep)), 6),
            left(&day(overdue.last_visit, Msg::NeverVisited), 10),
            left(&day(overdue.due, Msg::NoRep), 10),
            right(&lang.fill(Msg::EveryDays, &[&account.every_days]), 6),
            right(&days, 12),
        );
    }
    out
}
