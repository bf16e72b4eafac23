//! The rep's day, phone first: each stop with its times, address, opening
//! hours, a navigation link, and done / skipped buttons with a note (the
//! reason, when skipped); a recorded stop shows its state. Below the stops,
//! the re-plan buttons (running late, urgent visit, stop for today, and for
//! a manager hand the rest to the team), each a form; after a re-plan, a box
//! with what changed. `/rep/{rep}/week`: the next days, a day whose plan an
//! edit has broken marked as one that may still change. Both pages carry the
//! box where the phone says what it keeps without signal (`offline.rs`), and
//! each stop's form the page's day, with which a stop marked without signal
//! is recorded when it is sent.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::offline::held_box;
use super::{page, url_part};
use crate::report::drawing::escape;
use crate::report::lang::{Lang, Msg};
use crate::server::auth::{RepScope, Signed};
use crate::server::day::{record_stop, RecordStop, RepDay, StopState, TeamDay, MAX_NOTE_CHARS};
use crate::server::extract::Form;
use crate::server::replan::{
    changes_for, replan_day, urgent_choices, ChangeView, ReplanAction, UrgentChoice, MAX_LATE_MIN,
};
use crate::server::state::AppState;
use crate::server::week::rep_week;
use crate::server::ServerError;
use crate::store::Role;

/// What the rep's page shows besides the stops.
struct DayExtras {
    /// What the latest re-plan changed for the rep, with each account's name.
    changes: Vec<(ChangeView, String)>,
    /// The accounts the rep may call in as urgent.
    choices: Vec<UrgentChoice>,
}

/// `GET /rep/{rep}`.
pub(crate) async fn rep_page(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
) -> Result<Html<String>, ServerError> {
    Ok(Html(rep_page_html(&state, &scope, None).await?))
}

/// The rep's page, with `error` above the stops: a form's mistake, said in
/// the rep's language where the form is (the note, the minutes late).
async fn rep_page_html(
    state: &Arc<AppState>,
    scope: &RepScope,
    error: Option<&str>,
) -> Result<String, ServerError> {
    let today = state.today();
    let lang = scope.signed.lang;
    let rep = scope.rep.clone();
    let (day, extras) = state
        .with_store(move |store| {
            let team = TeamDay::load(store, today)?;
            let day = team.rep_day(&rep, lang)?;
            let name_of = |account: &str| match &team.plan {
                Some((_, plan, region)) => region
                    .account_index(account)
                    .map(|a| region.accounts[a].name.clone())
                    .or_else(|| plan.added.iter().find(|a| a.id == account).map(|a| a.name.clone()))
                    .unwrap_or_default(),
                None => String::new(),
            };
            let changes = changes_for(store, today, &rep)?
                .iter()
                .map(|c| (ChangeView::of(c, lang), name_of(&c.account)))
                .collect();
            let choices = urgent_choices(store, today, &rep)?;
            Ok((day, DayExtras { changes, choices }))
        })
        .await?;
    Ok(rep_day_page(&day, &extras, today, &scope.signed, error))
}

/// A form's answer: where to go when it worked; when the rep's input was
/// refused (400) or the day cannot take it as it stands (409), the rep's
/// page again with the reason at the top, so that the rep stays on the day.
async fn form_answer(
    state: &Arc<AppState>,
    scope: &RepScope,
    done: Result<String, ServerError>,
) -> Result<Response, ServerError> {
    let (status, message) = match done {
        Ok(to) => return Ok(Redirect::to(&to).into_response()),
        Err(ServerError::BadInput { message, .. }) => (StatusCode::BAD_REQUEST, message),
        Err(err @ (ServerError::Conflict(_) | ServerError::Refused(_))) => {
            (StatusCode::CONFLICT, err.to_string())
        }
        Err(other) => return Err(other),
    };
    let html = rep_page_html(state, scope, Some(&message)).await?;
    Ok((status, Html(html)).into_response())
}

fn rep_day_page(
    day: &RepDay,
    extras: &DayExtras,
    today: chrono::NaiveDate,
    signed: &Signed,
    error: Option<&str>,
) -> String {
    let lang = signed.lang;
    let title = lang.fill(Msg::RepDayTitle, &[&day.rep, &day.name, &lang.date(today)]);
    let mut body = String::new();
    body.push_str("<p class=\"actions\">");
    if matches!(signed.user.role, Role::Manager) {
        let _ = write!(body, "<a class=\"button\" href=\"/team\">{}</a>", lang.text(Msg::BackToStart));
    }
    let _ = write!(
        body,
        "<a class=\"button\" href=\"/rep/{}/week\">{}</a>",
        url_part(&day.rep),
        lang.text(Msg::WeekLink)
    );
    if day.plan_id.is_some() && !day.stops.is_empty() {
        // The re-plan buttons follow the stops; a rep on the phone with a customer waiting jumps there.
        let _ = write!(body, "<a class=\"button\" href=\"#replan\">{}</a>", lang.text(Msg::ReplanHeading));
    }
    body.push_str("</p>\n");
    if let Some(error) = error {
        let _ = writeln!(body, "<p class=\"error\" role=\"alert\">{}</p>", escape(error));
    }
    body.push_str(&held_box(lang, today));
    changes_box(&mut body, &extras.changes, (signed, day));
    no_route_notice(&mut body, day, today, lang);
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
                 <input type=\"hidden\" name=\"date\" value=\"{today}\">\
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
    if day.plan_id.is_some() && !day.stops.is_empty() {
        replan_forms(&mut body, &day.rep, &extras.choices, signed);
    }
    page(lang, &title, Some(signed), None, &body)
}

/// Says so when `day` has no plan published or no route for the rep;
/// whether it did.
fn no_route_notice(body: &mut String, day: &RepDay, date: chrono::NaiveDate, lang: Lang) -> bool {
    let notice = if day.plan_id.is_none() {
        Msg::NoPlanPublished
    } else if day.stops.is_empty() {
        Msg::NoRouteToday
    } else {
        return false;
    };
    let _ = writeln!(body, "<p class=\"none\">{}</p>", escape(&lang.fill(notice, &[&lang.date(date)])));
    true
}

/// What the latest re-plan changed for the rep, told to the rep or, on the
/// manager's screen, about the rep.
fn changes_box(body: &mut String, changes: &[(ChangeView, String)], (signed, day): (&Signed, &RepDay)) {
    if changes.is_empty() {
        return;
    }
    let lang = signed.lang;
    let heading = match signed.user.role {
        Role::Manager => lang.fill(Msg::ReplanChangesOf, &[&day.rep, &day.name]),
        Role::Rep(_) => lang.text(Msg::ReplanChanges).to_string(),
    };
    let _ = writeln!(body, "<section class=\"changes\" id=\"changes\">\n<h2>{}</h2>\n<ul>", escape(&heading));
    for (change, name) in changes {
        let _ = writeln!(
            body,
            "<li class=\"{}\"><strong>{}</strong> {} {}: {}</li>",
            change.kind,
            change.kind_text,
            escape(&change.account),
            escape(name),
            escape(&change.text)
        );
    }
    body.push_str("</ul>\n</section>\n");
}

/// The three re-plan buttons, each a form that works without script, and for
/// a manager a fourth that hands the rest of the day to the team.
fn replan_forms(body: &mut String, rep: &str, choices: &[UrgentChoice], signed: &Signed) {
    let lang = signed.lang;
    let action = format!("/rep/{}/replan", url_part(rep));
    let hidden = |kind: &str| {
        format!(
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"kind\" value=\"{kind}\">",
            signed.csrf
        )
    };
    let _ = writeln!(
        body,
        "<section class=\"replan\" id=\"replan\">\n<h2>{}</h2>",
        lang.text(Msg::ReplanHeading)
    );
    let _ = writeln!(
        body,
        "<form method=\"post\" action=\"{action}\">{}<label for=\"minutes\">{}</label>\
         <input type=\"number\" id=\"minutes\" name=\"minutes\" min=\"1\" max=\"{MAX_LATE_MIN}\" \
         inputmode=\"numeric\" required><div class=\"actions\"><button type=\"submit\">{}</button></div></form>",
        hidden("late"),
        lang.text(Msg::MinutesLate),
        lang.text(Msg::RunningLate)
    );
    if choices.is_empty() {
        let _ = writeln!(body, "<p class=\"none\">{}</p>", lang.text(Msg::NoUrgentChoice));
    } else {
        let _ = write!(
            body,
            "<form method=\"post\" action=\"{action}\">{}<label for=\"account\">{}</label>\
             <select id=\"account\" name=\"account\" required>",
            hidden("urgent"),
            lang.text(Msg::UrgentAccount)
        );
        for choice in choices {
            let _ = write!(
                body,
                "<option value=\"{}\">{} {}</option>",
                escape(&choice.account),
                escape(&choice.account),
                escape(&choice.name)
            );
        }
        let _ = writeln!(
            body,
            "</select><div class=\"actions\"><button type=\"submit\">{}</button></div></form>",
            lang.text(Msg::UrgentVisit)
        );
    }
    let mut last = |kind: &str, msg: Msg| {
        let _ = writeln!(
            body,
            "<form method=\"post\" action=\"{action}\">{}<div class=\"actions\">\
             <button type=\"submit\" class=\"skip\">{}</button></div></form>",
            hidden(kind),
            lang.text(msg)
        );
    };
    last("stop", Msg::StopForToday);
    if signed.user.role == Role::Manager {
        last("hand_over", Msg::HandOverToTeam);
    }
    body.push_str("</section>\n");
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
    /// The day the page showed: a phone without signal sends the stop later.
    date: Option<String>,
}

/// `POST /rep/{rep}/visits`: records the stop, then back to the day at that stop.
pub(crate) async fn record(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
    Form(form): Form<RecordForm>,
) -> Result<Response, ServerError> {
    let today = state.today();
    let (rep, user, lang) = (scope.rep.clone(), scope.signed.user.name.clone(), scope.signed.lang);
    let done = async {
        let stop =
            RecordStop::parse(&form.account, &form.status, &form.note, form.date.as_deref(), today, lang)?;
        let recorded = state.with_store(move |store| record_stop(store, &rep, &stop, (&user, lang))).await?;
        Ok(format!("/rep/{}#stop-{}", url_part(&scope.rep), url_part(&recorded.account)))
    }
    .await;
    form_answer(&state, &scope, done).await
}

/// The re-plan form's fields.
#[derive(Deserialize)]
pub(crate) struct ReplanForm {
    #[serde(default)]
    kind: String,
    minutes: Option<String>,
    account: Option<String>,
}

/// `POST /rep/{rep}/replan`: re-plans the rest of the day, then back to the
/// day at the box of changes.
pub(crate) async fn replan(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
    Form(form): Form<ReplanForm>,
) -> Result<Response, ServerError> {
    let (today, now_s) = (state.today(), state.now());
    let (rep, by) = (scope.rep.clone(), scope.signed.user.role.clone());
    let lang = scope.signed.lang;
    let done = async {
        let action = ReplanAction::parse(&form.kind, form.minutes.as_deref(), form.account.as_deref(), lang)?;
        state
            .with_replan_slot(move |store| replan_day(store, today, &rep, (&action, &by), now_s, lang))
            .await?;
        Ok(format!("/rep/{}#changes", url_part(&scope.rep)))
    }
    .await;
    form_answer(&state, &scope, done).await
}

/// `GET /rep/{rep}/week`: the rep's next days, each day's stops in order.
pub(crate) async fn rep_week_page(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
) -> Result<Html<String>, ServerError> {
    let today = state.today();
    let lang = scope.signed.lang;
    let rep = scope.rep.clone();
    let (week, stale) = state
        .with_store(move |store| {
            let stale: Vec<chrono::NaiveDate> = store.stale_days(today)?.iter().map(|day| day.date).collect();
            Ok((rep_week(store, today, &rep, lang)?, stale))
        })
        .await?;
    let title = lang.fill(Msg::RepWeekTitle, &[&week.rep, &week.name, &lang.date(today)]);
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<p class=\"actions\"><a class=\"button\" href=\"/rep/{}\">{}</a></p>",
        url_part(&week.rep),
        lang.text(Msg::DayLink)
    );
    body.push_str(&held_box(lang, today));
    for day in &week.days {
        let date = day.date.parse().unwrap_or(today);
        let _ = writeln!(body, "<section class=\"day\">\n<h2>{}</h2>", escape(&lang.date(date)));
        if stale.contains(&date) {
            // The manager has been told; the rep learns the day is not final yet.
            let _ = writeln!(body, "<p class=\"may-change\">{}</p>", escape(lang.text(Msg::DayMayChange)));
        }
        if !no_route_notice(&mut body, day, date, lang) {
            body.push_str("<ol class=\"stops week\">\n");
            for stop in &day.stops {
                let _ = writeln!(
                    body,
                    "<li class=\"stop {}\"><p><span class=\"time\">{}</span>&ndash;{} {} {}</p><p class=\"address\">{}</p></li>",
                    stop.state.class(),
                    stop.start,
                    stop.end,
                    escape(&stop.account),
                    escape(&stop.name),
                    escape(&stop.address)
                );
            }
            body.push_str("</ol>\n");
        }
        body.push_str("</section>\n");
    }
    Ok(Html(page(lang, &title, Some(&scope.signed), None, &body)))
}
