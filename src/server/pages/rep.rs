//! The rep's day, phone first: each stop with its times, address, opening
//! hours, a navigation link, and done / skipped buttons with a note (the
//! reason, when skipped); a recorded stop shows its state.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{Html, Redirect};
use axum::Form;
use serde::Deserialize;

use super::{page, url_part};
use crate::report::drawing::escape;
use crate::report::lang::Msg;
use crate::server::auth::{Page, RepScope, Signed};
use crate::server::day::{record_stop, RecordStop, RepDay, StopState, TeamDay, MAX_NOTE_CHARS};
use crate::server::error::PageError;
use crate::server::state::AppState;
use crate::store::Role;

/// `GET /rep/{rep}`.
pub(crate) async fn rep_page(
    State(state): State<Arc<AppState>>,
    Page(scope): Page<RepScope>,
) -> Result<Html<String>, PageError> {
    let today = state.today();
    let lang = scope.signed.lang;
    let rep = scope.rep.clone();
    let day = state.with_store(move |store| TeamDay::load(store, today)?.rep_day(&rep, lang)).await?;
    Ok(Html(rep_day_page(&day, today, &scope.signed)))
}

fn rep_day_page(day: &RepDay, today: chrono::NaiveDate, signed: &Signed) -> String {
    let lang = signed.lang;
    let title = lang.fill(Msg::RepDayTitle, &[&day.rep, &day.name, &lang.date(today)]);
    let mut body = String::new();
    if matches!(signed.user.role, Role::Manager) {
        let _ =
            writeln!(body, "<p><a class=\"button\" href=\"/team\">{}</a></p>", lang.text(Msg::BackToStart));
    }
    if day.plan_id.is_none() {
        let _ = writeln!(
            body,
            "<p class=\"none\">{}</p>",
            escape(&lang.fill(Msg::NoPlanPublished, &[&lang.date(today)]))
        );
    } else if day.stops.is_empty() {
        let _ = writeln!(
            body,
            "<p class=\"none\">{}</p>",
            escape(&lang.fill(Msg::NoRouteToday, &[&lang.date(today)]))
        );
    }
    body.push_str("<ol class=\"stops\">\n");
    for stop in &day.stops {
        let state = match stop.state {
            StopState::ToDo => Msg::StateToDo,
            StopState::Visited => Msg::StateDone,
            StopState::Skipped => Msg::StateSkipped,
            StopState::Added => Msg::StateAdded,
        };
        let _ = write!(
            body,
            "<li class=\"stop {}\" id=\"stop-{}\">\n<p><span class=\"time\">{}</span> {}&ndash;{} \
             <span class=\"state\">{}</span></p>\n<h2>{}. {} {}</h2>\n",
            stop.state.class(),
            escape(&url_part(&stop.account)),
            stop.arrival,
            stop.start,
            stop.end,
            lang.text(state),
            stop.order,
            escape(&stop.account),
            escape(&stop.name)
        );
        if !stop.address.is_empty() {
            let _ = writeln!(body, "<p class=\"address\">{}</p>", escape(&stop.address));
        }
        if !stop.hours.is_empty() {
            let _ = writeln!(body, "<p class=\"hours\">{}</p>", escape(&stop.hours));
        }
        if !stop.note.is_empty() {
            let _ =
                writeln!(body, "<p class=\"note\">{}</p>", escape(&lang.fill(Msg::NoteLabel, &[&stop.note])));
        }
        let _ = writeln!(
            body,
            "<div class=\"actions\"><a class=\"button nav\" href=\"geo:{lat:.6},{lon:.6}?q={lat:.6},{lon:.6}\">{}</a>\
             <a class=\"button\" href=\"https://www.openstreetmap.org/directions?to={lat:.6}%2C{lon:.6}\">OSM</a></div>",
            lang.text(Msg::Navigate),
            lat = stop.lat,
            lon = stop.lon
        );
        if stop.state == StopState::ToDo {
            let _ = writeln!(
                body,
                "<form method=\"post\" action=\"/rep/{}/visits\">\
                 <input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"account\" value=\"{}\">\
                 <label for=\"note-{n}\">{}</label><input type=\"text\" id=\"note-{n}\" name=\"note\" maxlength=\"{MAX_NOTE_CHARS}\">\
                 <div class=\"actions\"><button type=\"submit\" name=\"status\" value=\"visited\" class=\"done\">{}</button>\
                 <button type=\"submit\" name=\"status\" value=\"skipped\" class=\"skip\">{}</button></div></form>",
                url_part(&day.rep),
                signed.csrf,
                escape(&stop.account),
                lang.text(Msg::NoteOrReason),
                lang.text(Msg::MarkDone),
                lang.text(Msg::MarkSkipped),
                n = stop.order
            );
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ol>\n");
    page(lang, &title, Some(signed), None, &body)
}

/// The record form's fields.
#[derive(Deserialize)]
pub(crate) struct RecordForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

/// `POST /rep/{rep}/visits`: records the stop, then back to the day at that stop.
pub(crate) async fn record(
    State(state): State<Arc<AppState>>,
    Page(scope): Page<RepScope>,
    Form(form): Form<RecordForm>,
) -> Result<Redirect, PageError> {
    let stop = RecordStop::parse(&form.account, &form.status, &form.note)?;
    let today = state.today();
    let (rep, user) = (scope.rep.clone(), scope.signed.user.name.clone());
    let recorded = state.with_store(move |store| record_stop(store, today, &rep, &stop, &user)).await?;
    Ok(Redirect::to(&format!("/rep/{}#stop-{}", url_part(&scope.rep), url_part(&recorded.account))))
}
