//! The manager's view of the team's day: the report's map with each stop's
//! state, and per rep the counts and a link to their day.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Html;

use super::stale::stale_box;
use super::{page, url_part};
use crate::report::drawing::{escape, rep_colour};
use crate::report::html::day_map;
use crate::report::lang::Msg;
use crate::server::auth::{Manager, Signed};
use crate::server::day::{RepDay, StopState, TeamDay};
use crate::server::state::AppState;
use crate::server::ServerError;

/// `GET /team`: the manager's view of the day. Refreshes itself every minute.
pub(crate) async fn team_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
) -> Result<Html<String>, ServerError> {
    let today = state.today();
    let lang = signed.lang;
    let page = state
        .with_store(move |store| {
            let day = TeamDay::load(store, today)?;
            let stale = stale_box(store, today, &signed)?;
            Ok(team_day_page(&day, &day.rep_days(lang)?, &stale, &signed))
        })
        .await?;
    Ok(Html(page))
}

fn team_day_page(day: &TeamDay, reps: &[RepDay], stale: &str, signed: &Signed) -> String {
    let lang = signed.lang;
    let mut body = String::new();
    body.push_str(&super::edit::nav(lang));
    body.push_str(stale);
    match &day.plan {
        None => {
            let _ = writeln!(
                body,
                "<p class=\"none\">{}</p>",
                escape(&lang.fill(Msg::NoPlanPublished, &[&lang.date(day.date)]))
            );
        }
        Some((_, plan, region)) => {
            body.push_str(&day_map(region, plan, lang, &|account| Some(day.state(account).class())));
            let _ = writeln!(
                body,
                "<p><a class=\"button\" href=\"/team/schedule.csv?date={}\">{}</a></p>",
                day.date,
                escape(lang.text(Msg::ScheduleCsv))
            );
        }
    }
    let columns = [Msg::ColRep, Msg::ColName, Msg::ColVisits, Msg::ColDone, Msg::ColSkipped, Msg::ColToDo];
    let head: String = columns.iter().map(|&c| format!("<th>{}</th>", escape(lang.text(c)))).collect();
    let _ = writeln!(body, "<table class=\"reps\">\n<thead><tr>{head}<th></th></tr></thead>\n<tbody>");
    for (index, rep) in reps.iter().enumerate() {
        let _ = writeln!(
            body,
            "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td><a class=\"button\" href=\"/rep/{}\">{}</a></td></tr>",
            rep_colour(index),
            escape(&rep.rep),
            escape(&rep.name),
            rep.stops.len(),
            rep.count(StopState::Visited),
            rep.count(StopState::Skipped),
            rep.count(StopState::ToDo),
            url_part(&rep.rep),
            lang.text(Msg::OpenRepDay)
        );
    }
    body.push_str("</tbody>\n</table>\n");
    let title = lang.fill(Msg::TeamDayTitle, &[&lang.date(day.date)]);
    page(lang, &title, Some(signed), Some(60), &body)
}
