//! The HTML pages: rendered here, inline CSS; every button is a form, so the
//! core of the day works on any phone browser, without script. The one
//! script (`offline.rs`) keeps the rep's pages usable without signal.
//!
//! - `/login`: the sign-in form (language from `Accept-Language` until the
//!   user picks one).
//! - `/rep/{rep}` (`rep.rs`): the rep's day, phone first, with the re-plan
//!   buttons; `/rep/{rep}/week`: the rep's next days.
//! - `/sw.js`, `/offline.js` (`offline.rs`): the service worker that keeps
//!   the rep's pages and the stops marked without signal, and its page script.
//! - `/team` (`team.rs`): the manager's view of the team's day.
//! - `/team/publish`, `/team/jobs/{id}` (`publish.rs`): publishing a plan
//!   from the page, and the job's progress.
//! - `/team/calendar`, `/team/accounts[/{id}]` (`edit.rs`): editing
//!   absences, appointments and accounts' fields.
//! - `/team/week`, `/team/adherence`, `/team/territories` (`reports.rs`):
//!   the published week, the adherence report, the territory comparison.
//!
//! Every text from the database (names, addresses, notes) is escaped. This
//! file holds the page shell and signing in; each signed-in view has its own
//! file.

mod edit;
mod offline;
mod publish;
mod rep;
mod reports;
mod stale;
mod team;

pub(super) use edit::{
    account_page, account_save, accounts_page, calendar_add, calendar_page, calendar_remove,
};
pub(super) use offline::{page_script, service_worker};
pub(super) use publish::{job_page, publish, publish_page};
pub(super) use rep::{record, rep_page, rep_week_page, replan};
pub(super) use reports::{
    adherence_page, adherence_period, query_date, schedule_csv, team_week_page, territories_page,
    territory_horizon, Horizon, Period,
};
pub(super) use team::team_page;

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{
    cleared_cookie, lang_of_accept, random_token, session_cookie, token_sha256, unix_now, verify_password,
    Signed, SESSION_S,
};
use super::error::{ErrorAnswer, Refusal};
use super::extract::{Form, Query};
use super::state::AppState;
use super::ServerError;
use crate::report::drawing::escape;
use crate::report::html::MAP_STYLE;
use crate::report::lang::{Lang, Msg};
use crate::store::Role;

/// The pages' style: phone first (usable from 320 px), touch targets of 48 px.
const STYLE: &str = "\
body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #222; background: #fff; }
header { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 12px; \
background: #2f5d8a; color: #fff; }
header h1 { font-size: 18px; margin: 0; flex: 1 1 100%; }
header form { margin: 0; }
main { padding: 8px 12px 24px; max-width: 980px; }
.stops { list-style: none; padding: 0; margin: 0; max-width: 640px; }
.stop { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 12px; margin: 10px 0; }
.stop.done { background: #eef7ee; }
.stop.skipped { background: #fbefef; }
.stop.queued { background: #fdf6e3; }
.queued .state { color: #8a5a00; }
.held { border: 2px solid #8a5a00; border-radius: 8px; padding: 4px 12px; margin: 10px 0; max-width: 640px; }
.held p { margin: 8px 0; }
.held .refused, .held .old { color: #b00; font-weight: 600; }
.stop h2 { font-size: 17px; margin: 2px 0; }
.stop p { margin: 2px 0; }
.time { font-weight: 600; font-size: 18px; }
.state { font-weight: 600; }
.done .state { color: #2a7d2a; }
.skipped .state { color: #b00; }
button, a.button { display: inline-block; min-height: 48px; min-width: 48px; padding: 10px 16px; \
font-size: 16px; border-radius: 8px; border: 1px solid #888; background: #f6f8fa; color: #222; \
text-decoration: none; box-sizing: border-box; cursor: pointer; }
button.done { background: #2a7d2a; border-color: #2a7d2a; color: #fff; }
button.skip { color: #b00; border-color: #b00; background: #fff; }
label { display: block; margin: 8px 0 4px; }
input[type=text], input[type=password], input[type=number], select { width: 100%; min-height: 48px; font-size: 16px; \
box-sizing: border-box; padding: 8px; border: 1px solid #888; border-radius: 6px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.error { color: #b00; font-weight: 600; }
.caution { color: #8a5a00; font-weight: 600; }
.changes { border: 2px solid #2f5d8a; border-radius: 8px; padding: 4px 12px; margin: 10px 0; max-width: 640px; }
.replan { max-width: 640px; margin-top: 16px; }
.stale { border: 2px solid #b00; border-radius: 8px; padding: 4px 12px; margin: 10px 0; max-width: 760px; }
.stale form { display: inline; margin-left: 8px; }
.may-change { color: #b00; font-weight: 600; }
svg.map { max-width: 100%; height: auto; }
.map .stop.done circle { stroke: #2a7d2a; stroke-width: 3; }
.map .stop.skipped circle { stroke: #d00; stroke-width: 3; fill-opacity: .35; }
.map .stop.todo circle { stroke: #fff; stroke-width: 1; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 6px 10px; border-bottom: 1px solid #e1e4e8; text-align: left; }
td.num { text-align: right; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
";

/// A whole page: `title` as the heading, the language and sign-out forms
/// when signed in, then `body`.
fn page(lang: Lang, title: &str, signed: Option<&Signed>, refresh_s: Option<u32>, body: &str) -> String {
    let mut out = String::new();
    let refresh =
        refresh_s.map_or(String::new(), |s| format!("<meta http-equiv=\"refresh\" content=\"{s}\">\n"));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{refresh}\
         <title>{}</title>\n<style>\n{STYLE}{MAP_STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        lang.code(),
        escape(title),
        escape(title)
    );
    if let Some(signed) = signed {
        let other = match lang {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        };
        let _ = write!(
            out,
            "<form method=\"post\" action=\"/lang\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <input type=\"hidden\" name=\"lang\" value=\"{}\"><button type=\"submit\">{}</button></form>\n\
             <form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <button type=\"submit\">{} ({})</button></form>\n",
            other.code(),
            lang.text(Msg::OtherLanguage),
            lang.text(Msg::SignOut),
            escape(&signed.user.name),
            csrf = signed.csrf
        );
    }
    let _ = write!(out, "</header>\n<main>\n{body}</main>\n</body>\n</html>\n");
    out
}

/// The page an error answer becomes ([`super::error::error_pages`]): what
/// kind of refusal in the user's language, the words the refusal carries
/// (which the handlers that know the user's language wrote in it), and the
/// way back.
pub(super) fn error_page(lang: Lang, signed: Option<&Signed>, answer: &ErrorAnswer) -> String {
    let detail = match &answer.field {
        Some(field) => lang.fill(Msg::FieldError, &[field, &answer.detail]),
        None => answer.detail.clone(),
    };
    let (title, said) = match answer.refusal {
        Refusal::BadInput | Refusal::Conflict => (Msg::ErrorNotDone, detail),
        Refusal::CheckFailed => (Msg::ErrorNotDone, format!("{} {detail}", lang.text(Msg::ErrorCheckFailed))),
        Refusal::TooLarge => (Msg::ErrorNotDone, lang.text(Msg::ErrorTooLarge).to_string()),
        Refusal::SignedOut => (Msg::SignIn, String::new()),
        Refusal::Forbidden => (Msg::ErrorForbiddenTitle, lang.text(Msg::ErrorForbidden).to_string()),
        Refusal::Csrf => (Msg::ErrorOutOfDateTitle, lang.text(Msg::ErrorOutOfDate).to_string()),
        Refusal::NotFound => (Msg::ErrorNotFoundTitle, detail),
        Refusal::TooMany => (Msg::ErrorTooManyTitle, lang.text(Msg::ErrorTooMany).to_string()),
        Refusal::Failed => (Msg::ErrorFailedTitle, lang.text(Msg::ErrorFailed).to_string()),
    };
    let back = match signed {
        Some(_) => format!("<a class=\"button\" href=\"/\">{}</a>", lang.text(Msg::ErrorBack)),
        None => {
            format!("<a class=\"button\" href=\"/login?lang={}\">{}</a>", lang.code(), lang.text(Msg::SignIn))
        }
    };
    let body = format!(
        "<p class=\"error\" role=\"alert\">{}</p>\n<div class=\"actions\">{back}</div>\n",
        escape(&said)
    );
    page(lang, lang.text(title), signed, None, &body)
}

/// A path segment or fragment with everything but unreserved characters percent-encoded.
fn url_part(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `/`: the signed-in user's own page, or the sign-in form.
pub(super) async fn home(signed: Option<Signed>) -> Redirect {
    match signed.map(|s| s.user.role) {
        Some(Role::Rep(rep)) => Redirect::to(&format!("/rep/{}", url_part(&rep))),
        Some(Role::Manager) => Redirect::to("/team"),
        None => Redirect::to("/login"),
    }
}

/// `?lang=` on the sign-in page.
#[derive(Deserialize)]
pub(super) struct LangQuery {
    lang: Option<String>,
}

/// `GET /login`.
pub(super) async fn login_form(headers: HeaderMap, Query(query): Query<LangQuery>) -> Html<String> {
    let lang = query.lang.and_then(|l| Lang::parse(&l).ok()).unwrap_or_else(|| lang_of_accept(&headers));
    Html(login_page(lang, false))
}

fn login_page(lang: Lang, failed: bool) -> String {
    let mut body = String::new();
    if failed {
        let _ = writeln!(body, "<p class=\"error\">{}</p>", lang.text(Msg::SignInFailed));
    }
    let other = if lang == Lang::En { Lang::Ja } else { Lang::En };
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"lang\" value=\"{}\">\n\
         <label for=\"name\">{}</label><input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"username\" \
         maxlength=\"64\" required>\n<label for=\"password\">{}</label><input type=\"password\" id=\"password\" \
         name=\"password\" autocomplete=\"current-password\" maxlength=\"1024\" required>\n\
         <div class=\"actions\"><button type=\"submit\" class=\"done\">{}</button>\
         <a class=\"button\" href=\"/login?lang={}\">{}</a></div>\n</form>\n",
        lang.code(),
        lang.text(Msg::UserName),
        lang.text(Msg::Password),
        lang.text(Msg::SignIn),
        other.code(),
        lang.text(Msg::OtherLanguage)
    );
    page(lang, &format!("rounds: {}", lang.text(Msg::SignIn)), None, None, &body)
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    lang: String,
}

/// `POST /login`: a session and its cookie, or the form again with 401.
pub(super) async fn login(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, ServerError> {
    let lang = Lang::parse(&form.lang).unwrap_or_else(|_| lang_of_accept(&headers));
    if form.name.len() > 64 || form.password.len() > 1024 {
        return Ok((StatusCode::UNAUTHORIZED, Html(login_page(lang, true))).into_response());
    }
    let token = random_token()?;
    let csrf = random_token()?;
    let hash = token_sha256(&token);
    let signed_in = state
        .with_store(move |store| {
            let found = store.user_for_sign_in(&form.name)?;
            if !verify_password(&form.password, found.as_ref().map(|(_, hash)| hash.as_str())) {
                return Ok(false);
            }
            let Some((user, _)) = found else { return Ok(false) };
            let now = unix_now();
            store.create_session(&hash, user.id, &csrf, lang.code(), now, now + SESSION_S)?;
            Ok(true)
        })
        .await?;
    if !signed_in {
        return Ok((StatusCode::UNAUTHORIZED, Html(login_page(lang, true))).into_response());
    }
    let cookie = session_cookie(&token, state.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

/// `POST /logout`.
pub(super) async fn logout(
    State(state): State<Arc<AppState>>,
    signed: Signed,
) -> Result<Response, ServerError> {
    let hash = signed.token_sha256.clone();
    state.with_store(move |store| Ok(store.end_session(&hash)?)).await?;
    let cookie = cleared_cookie(state.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
}

/// The language form's field.
#[derive(Deserialize)]
pub(super) struct LangForm {
    #[serde(default)]
    lang: String,
}

/// `POST /lang`: the session's language.
pub(super) async fn set_lang(
    State(state): State<Arc<AppState>>,
    signed: Signed,
    Form(form): Form<LangForm>,
) -> Result<Redirect, ServerError> {
    let lang = Lang::parse(&form.lang).map_err(|message| ServerError::bad("lang", message))?;
    let hash = signed.token_sha256.clone();
    state.with_store(move |store| Ok(store.set_session_lang(&hash, lang.code())?)).await?;
    Ok(Redirect::to("/"))
}
