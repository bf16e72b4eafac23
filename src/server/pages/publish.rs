//! The manager's publishing pages: `/team/publish` (a form for one day, one
//! for several working days, and the latest jobs) and `/team/jobs/{id}` (a
//! job's progress, refreshing itself until the job is done or failed).

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::page;
use super::stale::{not_recorded_note, stale_box_with};
use crate::report::drawing::escape;
use crate::report::lang::{Lang, Msg};
use crate::server::auth::{Manager, Signed};
use crate::server::extract::{Form, Path};
use crate::server::publish::{start, Job, JobState, PublishRequest};
use crate::server::state::AppState;
use crate::server::ServerError;

/// How often a running job's page reloads itself.
const REFRESH_S: u32 = 2;

/// The working days the week form offers by default: a working week.
const DEFAULT_DAYS: u32 = 5;

/// `GET /team/publish`.
pub(crate) async fn publish_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
) -> Result<Html<String>, ServerError> {
    let tomorrow = state.today() + Days::new(1);
    let stale = stale_of(&state, &signed).await?;
    Ok(Html(publish_form(&state, (&signed, &stale), tomorrow, None)))
}

/// The box of published days whose plan no longer holds, from today on,
/// then the caution for a plan from tomorrow (the forms' default) when a day
/// before has visits not recorded.
async fn stale_of(state: &Arc<AppState>, signed: &Signed) -> Result<String, ServerError> {
    let (today, asking) = (state.today(), signed.clone());
    state
        .with_store(move |store| {
            let stale = stale_box_with(store, today, &asking, false)?;
            Ok(stale + &not_recorded_note(store, today + Days::new(1), asking.lang)?)
        })
        .await
}

/// The fields of both publishing forms (`kind` says which).
#[derive(Deserialize)]
pub(crate) struct PublishForm {
    #[serde(default)]
    kind: String,
    date: Option<String>,
    from: Option<String>,
    days: Option<String>,
}

/// `POST /team/publish`: starts the job and shows its page; the form again
/// with the field at fault (400), or the running job named (409).
pub(crate) async fn publish(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Form(form): Form<PublishForm>,
) -> Result<Response, ServerError> {
    let tomorrow = state.today() + Days::new(1);
    let started =
        PublishRequest::parse(&form.kind, form.date.as_deref(), form.from.as_deref(), form.days.as_deref())
            .and_then(|request| start(&state, request, &signed.user.name));
    match started {
        Ok(id) => Ok(Redirect::to(&format!("/team/jobs/{id}")).into_response()),
        Err(err @ (ServerError::BadInput { .. } | ServerError::Conflict(_))) => {
            let status = if matches!(err, ServerError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::BAD_REQUEST
            };
            let stale = stale_of(&state, &signed).await?;
            Ok((status, Html(publish_form(&state, (&signed, &stale), tomorrow, Some(&err)))).into_response())
        }
        Err(err) => Err(err),
    }
}

/// `GET /team/jobs/{id}`.
pub(crate) async fn job_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Path(id): Path<String>,
) -> Result<Html<String>, ServerError> {
    let job = id.parse::<u64>().ok().and_then(|id| state.jobs.get(id)).ok_or_else(|| {
        ServerError::NotFound(format!("no publishing job `{}` (jobs are kept while the server runs)", id))
    })?;
    let lang = signed.lang;
    let mut body = super::edit::nav(lang);
    let running = matches!(job.state, JobState::Running { .. });
    let _ =
        writeln!(body, "<p class=\"job {}\">{}</p>", state_class(&job.state), escape(&job_text(lang, &job)));
    if let JobState::Done { .. } = job.state {
        let _ =
            writeln!(body, "<p><a class=\"button\" href=\"/team\">{}</a></p>", lang.text(Msg::TeamDayLink));
    }
    let _ = writeln!(
        body,
        "<p><a class=\"button\" href=\"/team/publish\">{}</a></p>",
        lang.text(Msg::PublishTitle)
    );
    let title = lang.fill(Msg::JobTitle, &[&job.id]);
    Ok(Html(page(lang, &title, Some(&signed), running.then_some(REFRESH_S), &body)))
}

fn state_class(state: &JobState) -> &'static str {
    match state {
        JobState::Running { .. } => "running",
        JobState::Done { .. } => "done",
        JobState::Failed { .. } => "failed",
    }
}

/// Where a job stands, in a sentence.
fn job_text(lang: Lang, job: &Job) -> String {
    match &job.state {
        JobState::Running { done, total } => lang.fill(Msg::JobRunning, &[done, total]),
        JobState::Done { plan_id, days, not_recorded: None } => lang.fill(Msg::JobDone, &[plan_id, days]),
        JobState::Done { plan_id, days, not_recorded: Some(day) } => {
            format!("{} {}", lang.fill(Msg::JobDone, &[plan_id, days]), day.line(lang))
        }
        JobState::Failed { error } => lang.fill(Msg::JobFailed, &[error]),
    }
}

/// The two forms (with `error` and the box of days to publish again above
/// them), then the latest jobs.
fn publish_form(
    state: &AppState,
    (signed, stale): (&Signed, &str),
    tomorrow: NaiveDate,
    error: Option<&ServerError>,
) -> String {
    let lang = signed.lang;
    let mut body = super::edit::nav(lang);
    body.push_str(stale);
    match error {
        Some(ServerError::Conflict(_)) => {
            let running =
                state.jobs.latest().into_iter().find(|j| matches!(j.state, JobState::Running { .. }));
            let id = running.map_or(0, |job| job.id);
            let _ = writeln!(
                body,
                "<p class=\"error\">{}</p>\n<p><a class=\"button\" href=\"/team/jobs/{id}\">{}</a></p>",
                escape(&lang.fill(Msg::JobBusy, &[&id])),
                escape(&lang.fill(Msg::JobTitle, &[&id]))
            );
        }
        Some(ServerError::BadInput { field, message }) => {
            // The field by the label the form gives it, then its name.
            let label = match field.as_str() {
                "date" => Some(Msg::FieldDate),
                "from" => Some(Msg::FieldFrom),
                "days" => Some(Msg::FieldDays),
                _ => None,
            };
            let named =
                label.map_or_else(|| field.clone(), |label| format!("{} ({field})", lang.text(label)));
            let _ = writeln!(
                body,
                "<p class=\"error\" role=\"alert\">{}</p>",
                escape(&lang.fill(Msg::FieldError, &[&named, message]))
            );
        }
        _ => {}
    }
    let tomorrow = tomorrow.format("%Y-%m-%d");
    let hidden = format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", signed.csrf);
    let button = format!(
        "<div class=\"actions\"><button type=\"submit\" class=\"done\">{}</button></div>",
        lang.text(Msg::PublishButton)
    );
    let _ = writeln!(
        body,
        "<h2>{}</h2>\n<form method=\"post\" action=\"/team/publish\">{hidden}\
         <input type=\"hidden\" name=\"kind\" value=\"day\">\n\
         <label for=\"date\">{}</label><input type=\"date\" id=\"date\" name=\"date\" value=\"{tomorrow}\" required>\n\
         {button}\n</form>",
        lang.text(Msg::PublishDay),
        lang.text(Msg::FieldDate)
    );
    let _ = writeln!(
        body,
        "<h2>{}</h2>\n<form method=\"post\" action=\"/team/publish\">{hidden}\
         <input type=\"hidden\" name=\"kind\" value=\"week\">\n\
         <label for=\"from\">{}</label><input type=\"date\" id=\"from\" name=\"from\" value=\"{tomorrow}\" required>\n\
         <label for=\"days\">{}</label><input type=\"number\" id=\"days\" name=\"days\" value=\"{DEFAULT_DAYS}\" \
         min=\"1\" max=\"130\" required>\n{button}\n</form>",
        lang.text(Msg::PublishWeek),
        lang.text(Msg::FieldFrom),
        lang.text(Msg::FieldDays)
    );
    let jobs = state.jobs.latest();
    if !jobs.is_empty() {
        let _ =
            writeln!(body, "<h2>{}</h2>\n<table class=\"jobs\">\n<thead><tr>", lang.text(Msg::RecentJobs));
        for column in
            [Msg::ColJob, Msg::ColKind, Msg::FieldFrom, Msg::FieldDays, Msg::ColStartedBy, Msg::ColState]
        {
            let _ = write!(body, "<th>{}</th>", escape(lang.text(column)));
        }
        body.push_str("</tr></thead>\n<tbody>\n");
        for job in &jobs {
            let _ = writeln!(
                body,
                "<tr><td><a href=\"/team/jobs/{id}\">{id}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
                 <td>{}</td><td>{}</td></tr>",
                job.kind,
                lang.date(job.first),
                job.days,
                escape(&job.started_by),
                escape(&job_text(lang, job)),
                id = job.id
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    page(lang, lang.text(Msg::PublishTitle), Some(signed), None, &body)
}
