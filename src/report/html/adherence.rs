//! The adherence report as one self-contained HTML page, in the style of
//! the plan report: the team's figures, a table per rep (with the rep's
//! colour), the accounts overdue on the last day, worst first, and the
//! report as printed. No script, no outside asset.
//!
//! Hooks for tests and tools: `table.reps` (a row per rep, `tfoot` the
//! team) and `table.overdue` (a row per overdue account).

use std::fmt::Write;

use super::{header_row, page_head};
use crate::model::adherence::{AccountCounts, Adherence, VisitCounts};
use crate::model::Region;
use crate::report::drawing::{escape, rep_colour};
use crate::report::lang::{Lang, Msg};
use crate::report::terminal::{adherence_table, percent, team_line};

/// The adherence of `region`'s team as one HTML document titled `title`, in `lang`.
pub fn adherence_page(region: &Region, adherence: &Adherence, title: &str, lang: Lang) -> String {
    let mut out = String::new();
    page_head(&mut out, title, lang, "");
    out.push_str(&adherence_body(region, adherence, lang));
    let footer = lang.fill(Msg::ReportFooter, &[&env!("CARGO_PKG_VERSION")]);
    let _ = write!(out, "<footer>{}</footer>\n</body>\n</html>\n", escape(&footer));
    out
}

/// The report's content without the page around it (`rounds serve` puts it
/// in its own page): the headline, the tables and the report as printed.
pub fn adherence_body(region: &Region, adherence: &Adherence, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<p class=\"headline\">{}</p>", escape(&team_line(adherence, lang)));

    let _ = write!(
        out,
        "<h2>{}</h2>\n<table class=\"reps\">\n{}\n<tbody>\n",
        escape(lang.text(Msg::PerRep).trim_end_matches(':')),
        header_row(
            lang,
            &[
                Msg::ColRep,
                Msg::ColName,
                Msg::ColPlanned,
                Msg::ColDone,
                Msg::ColSkipped,
                Msg::ColDoneShare,
                Msg::ColAccounts,
                Msg::ColInInterval,
                Msg::ColOverdue,
            ]
        )
    );
    for rep in &adherence.reps {
        let index = region.rep_index(&rep.rep);
        let swatch = index.map_or(String::new(), |r| {
            format!("<span class=\"swatch\" style=\"background:{}\"></span>", rep_colour(r))
        });
        let name = index.map_or("", |r| region.reps[r].name.as_str());
        let _ = writeln!(
            out,
            "<tr><td>{swatch}{}</td><td>{}</td>{}</tr>",
            escape(&rep.rep),
            escape(name),
            number_cells(&rep.visits, &rep.accounts)
        );
    }
    let _ = write!(
        out,
        "</tbody>\n<tfoot><tr><td>{}</td><td></td>{}</tr></tfoot>\n</table>\n",
        escape(lang.text(Msg::Team)),
        number_cells(&adherence.visits, &adherence.accounts)
    );

    let last_day = lang.date(adherence.to);
    if adherence.overdue.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"covered\">{}</p>",
            escape(&lang.fill(Msg::NothingOverdue, &[&last_day]))
        );
    } else {
        let _ = write!(
            out,
            "<h2>{}</h2>\n<table class=\"overdue\">\n{}\n<tbody>\n",
            escape(lang.fill(Msg::OverdueOn, &[&last_day]).trim_end_matches(':')),
            header_row(
                lang,
                &[
                    Msg::ColAccount,
                    Msg::ColName,
                    Msg::ColAddress,
                    Msg::ColRep,
                    Msg::ColLastVisit,
                    Msg::ColDue,
                    Msg::ColEvery,
                    Msg::ColDaysOverdue,
                ]
            )
        );
        for overdue in &adherence.overdue {
            let account = &region.accounts[overdue.account];
            let day = |d: Option<chrono::NaiveDate>, none: Msg| {
                d.map_or(lang.text(none).to_string(), |d| lang.numeric_date(d))
            };
            let days =
                overdue.days_overdue.map_or(lang.text(Msg::NotYetVisited).to_string(), |d| d.to_string());
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&account.id),
                escape(&account.name),
                escape(&account.address),
                escape(overdue.rep.as_deref().unwrap_or(lang.text(Msg::NoRep))),
                day(overdue.last_visit, Msg::NeverVisited),
                day(overdue.due, Msg::NoRep),
                escape(&lang.fill(Msg::EveryDays, &[&account.every_days])),
                escape(&days)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let printed = adherence_table(region, adherence, "", lang);
    let _ = writeln!(
        out,
        "<details><summary>{}</summary><pre>{}</pre></details>",
        escape(lang.text(Msg::ReportAsPrinted)),
        escape(printed.trim_start())
    );
    out
}

/// The figures of a row: planned, done, skipped, done %, accounts, in interval, overdue.
fn number_cells(v: &VisitCounts, a: &AccountCounts) -> String {
    [
        v.planned.to_string(),
        v.done.to_string(),
        v.skipped.to_string(),
        percent(v.done_share()),
        a.accounts.to_string(),
        a.in_interval.to_string(),
        a.overdue.to_string(),
    ]
    .iter()
    .map(|cell| format!("<td class=\"num\">{cell}</td>"))
    .collect()
}
