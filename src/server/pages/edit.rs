//! The manager's editing pages: `/team/calendar` (absences and
//! appointments: the lists, a remove button per row, a form to add one) and
//! `/team/accounts`, `/team/accounts/{id}` (an account's editable fields).
//! Form fields are named as the files' columns, so an error names the
//! column as a bad row of the file would. A bad form comes back with its
//! values and the error (400); a stored edit redirects to the page (303).

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;

use super::stale::stale_box;
use super::{page, url_part};
use crate::io::csv_region::{account_cells, ACCOUNT_COLUMNS};
use crate::report::drawing::escape;
use crate::report::lang::{Lang, Msg};
use crate::server::auth::{Manager, Signed};
use crate::server::edit::{add_row, cells_of, edit_account, remove_row, CalendarList, ACCOUNT_EDITABLE};
use crate::server::extract::{Form, Path};
use crate::server::state::AppState;
use crate::server::ServerError;

/// A form's fields, in order (the CSRF token left out).
type Fields = Vec<(String, String)>;

fn without_csrf(fields: Fields) -> Fields {
    fields.into_iter().filter(|(name, _)| name != "csrf").collect()
}

/// `GET /team/calendar`.
pub(crate) async fn calendar_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
) -> Result<Html<String>, ServerError> {
    let today = state.today();
    let html = state.with_store(move |store| calendar_html(store, (&signed, today), None, None)).await?;
    Ok(Html(html))
}

/// `POST /team/calendar/{list}`: adds a row.
pub(crate) async fn calendar_add(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Path(list): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, ServerError> {
    calendar_change(state, signed, list, without_csrf(fields), false).await
}

/// `POST /team/calendar/{list}/remove`: removes the row the form names.
pub(crate) async fn calendar_remove(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Path(list): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, ServerError> {
    calendar_change(state, signed, list, without_csrf(fields), true).await
}

async fn calendar_change(
    state: Arc<AppState>,
    signed: Signed,
    list: String,
    fields: Fields,
    remove: bool,
) -> Result<Response, ServerError> {
    let list = CalendarList::parse(&list)?;
    let today = state.today();
    state
        .with_store(move |store| {
            let user = signed.user.name.clone();
            let changed = cells_of(list.columns(), fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .and_then(|cells| {
                    if remove {
                        remove_row(store, &user, today, list, cells)
                    } else {
                        add_row(store, &user, today, list, cells)
                    }
                });
            match changed {
                Ok(_) => Ok(Redirect::to("/team/calendar").into_response()),
                Err(err @ (ServerError::BadInput { .. } | ServerError::NotFound(_))) => {
                    let status = if remove && matches!(err, ServerError::NotFound(_)) {
                        StatusCode::NOT_FOUND
                    } else {
                        StatusCode::BAD_REQUEST
                    };
                    let kept = if remove { None } else { Some((list, &fields)) };
                    let html = calendar_html(store, (&signed, today), Some(&err), kept)?;
                    Ok((status, Html(html)).into_response())
                }
                Err(err) => Err(err),
            }
        })
        .await
}

/// The calendar page: `error` above, the published days an edit left
/// without a plan that holds, each list with its rows and its add form
/// (`kept`: the values a refused add form held).
fn calendar_html(
    store: &mut crate::store::Store,
    (signed, today): (&Signed, NaiveDate),
    error: Option<&ServerError>,
    kept: Option<(CalendarList, &Fields)>,
) -> Result<String, ServerError> {
    let lang = signed.lang;
    let region = store.imported()?;
    let mut body = nav(lang);
    body.push_str(&stale_box(store, today, signed)?);
    if let Some(err) = error {
        let list = kept.map(|(list, _)| list);
        let _ =
            writeln!(body, "<p class=\"error\" role=\"alert\">{}</p>", escape(&error_text(lang, err, list)));
    }
    for (list, heading) in [
        (CalendarList::Absences, Msg::AbsencesHeading),
        (CalendarList::Appointments, Msg::AppointmentsHeading),
    ] {
        let columns = list.columns();
        let name = list.name();
        let _ = writeln!(body, "<h2 id=\"{name}\">{}</h2>", lang.text(heading));
        let rows = list.rows(&region);
        if rows.is_empty() {
            let _ = writeln!(body, "<p>{}</p>", lang.text(Msg::NoRows));
        } else {
            let head: String = columns
                .iter()
                .map(|c| format!("<th>{}</th>", escape(&column_label(lang, c, Some(list)).0)))
                .collect();
            let _ =
                writeln!(body, "<table class=\"{name}\">\n<thead><tr>{head}<th></th></tr></thead>\n<tbody>");
            for row in &rows {
                let cells: String = row.iter().map(|c| format!("<td>{}</td>", escape(c))).collect();
                let hidden: String = columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| format!("<input type=\"hidden\" name=\"{c}\" value=\"{}\">", escape(v)))
                    .collect();
                let _ = writeln!(
                    body,
                    "<tr>{cells}<td><form method=\"post\" action=\"/team/calendar/{name}/remove\">\
                     <input type=\"hidden\" name=\"csrf\" value=\"{}\">{hidden}\
                     <button type=\"submit\" class=\"skip\">{}</button></form></td></tr>",
                    signed.csrf,
                    lang.text(Msg::RemoveRow)
                );
            }
            body.push_str("</tbody>\n</table>\n");
        }
        let value = |column: &str| -> String {
            kept.filter(|(l, _)| *l == list)
                .and_then(|(_, fields)| fields.iter().find(|(k, _)| k == column).map(|(_, v)| v.clone()))
                .unwrap_or_default()
        };
        let _ = writeln!(
            body,
            "<form method=\"post\" action=\"/team/calendar/{name}\" class=\"add\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\">",
            signed.csrf
        );
        for column in columns {
            let id = format!("{name}-{column}");
            let _ = writeln!(body, "{}", text_field(lang, (&id, column), Some(list), &value(column)));
        }
        let _ = writeln!(
            body,
            "<div class=\"actions\"><button type=\"submit\" class=\"done\">{}</button></div>\n</form>",
            lang.text(Msg::AddRow)
        );
    }
    Ok(page(lang, lang.text(Msg::CalendarTitle), Some(signed), None, &body))
}

/// A column's label on these pages: what it holds in the user's language,
/// then the column's own name (what the files, the API and an error call
/// it) where the words do not say it already; and for some, what a field
/// takes, as its placeholder. `list` tells an absence's `start` and `end`
/// (a part of the day away) from an appointment's `start`.
fn column_label(lang: Lang, column: &str, list: Option<CalendarList>) -> (String, Option<&'static str>) {
    let (words, hint) = match (column, list) {
        ("id", _) => (Msg::ColumnId, None),
        ("name", _) => (Msg::ColumnName, None),
        ("address", _) => (Msg::ColumnAddress, None),
        ("service_min", _) => (Msg::ColumnServiceMin, None),
        ("windows", _) => (Msg::ColumnWindows, None),
        ("every_days", _) => (Msg::ColumnEveryDays, None),
        ("priority", _) => (Msg::ColumnPriority, Some(Msg::ColumnPriorityHint)),
        ("preferred_days", _) => (Msg::ColumnPreferredDays, None),
        ("territory", _) => (Msg::ColumnTerritory, Some(Msg::ColumnTerritoryHint)),
        ("rep", _) => (Msg::ColumnRep, None),
        ("from", _) => (Msg::ColumnFrom, None),
        ("to", _) => (Msg::ColumnTo, Some(Msg::ColumnToHint)),
        ("start", Some(CalendarList::Absences)) => (Msg::ColumnAwayFrom, Some(Msg::ColumnAwayFromHint)),
        ("end", _) => (Msg::ColumnAwayUntil, None),
        ("start", _) => (Msg::ColumnStart, None),
        ("note", _) => (Msg::ColumnNote, None),
        ("account", _) => (Msg::ColumnAccount, None),
        ("date", _) => (Msg::ColumnDate, None),
        ("window", _) => (Msg::ColumnWindow, Some(Msg::ColumnWindowHint)),
        ("duration_min", _) => (Msg::ColumnDurationMin, Some(Msg::ColumnDurationMinHint)),
        _ => return (column.to_string(), None),
    };
    let words = lang.text(words);
    let label =
        if words.eq_ignore_ascii_case(column) { words.to_string() } else { format!("{words} ({column})") };
    (label, hint.map(|hint| lang.text(hint)))
}

/// A form's text field for `column`: its label, then the input holding `value`.
fn text_field(lang: Lang, (id, column): (&str, &str), list: Option<CalendarList>, value: &str) -> String {
    let (label, hint) = column_label(lang, column, list);
    let placeholder = hint.map_or(String::new(), |hint| format!(" placeholder=\"{}\"", escape(hint)));
    format!(
        "<label for=\"{id}\">{}</label><input type=\"text\" id=\"{id}\" name=\"{column}\" value=\"{}\"{placeholder}>",
        escape(&label),
        escape(value)
    )
}

/// An error in a sentence, naming the field when it is one by its label
/// (of a form of `list`, for the calendar's).
fn error_text(lang: Lang, err: &ServerError, list: Option<CalendarList>) -> String {
    match err {
        ServerError::BadInput { field, message } => {
            lang.fill(Msg::FieldError, &[&column_label(lang, field, list).0, message])
        }
        other => other.to_string(),
    }
}

/// The manager's links: the team's day, publishing, the calendar, the accounts.
pub(super) fn nav(lang: Lang) -> String {
    let links = [
        ("/team", Msg::TeamDayLink),
        ("/team/publish", Msg::PublishTitle),
        ("/team/calendar", Msg::CalendarTitle),
        ("/team/accounts", Msg::AccountsTitle),
        ("/team/week", Msg::TeamWeekLink),
        ("/team/adherence", Msg::AdherenceLink),
        ("/team/territories", Msg::TerritoriesTitle),
    ];
    let links: String = links
        .iter()
        .map(|(href, msg)| format!("<a class=\"button\" href=\"{href}\">{}</a>", escape(lang.text(*msg))))
        .collect();
    format!("<nav class=\"actions\">{links}</nav>\n")
}

/// `GET /team/accounts`: every account with a link to its page.
pub(crate) async fn accounts_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
) -> Result<Html<String>, ServerError> {
    let region = state.with_store(|store| Ok(store.imported()?)).await?;
    let lang = signed.lang;
    let mut body = nav(lang);
    let shown = ["id", "name", "address", "territory", "every_days", "service_min"];
    let head: String =
        shown.iter().map(|c| format!("<th>{}</th>", escape(&column_label(lang, c, None).0))).collect();
    let _ = writeln!(body, "<table class=\"accounts\">\n<thead><tr>{head}<th></th></tr></thead>\n<tbody>");
    for account in &region.accounts {
        let cells = account_cells(account);
        let row: String = shown
            .iter()
            .filter_map(|c| ACCOUNT_COLUMNS.iter().position(|k| k == c))
            .map(|i| format!("<td>{}</td>", escape(&cells[i])))
            .collect();
        let _ = writeln!(
            body,
            "<tr>{row}<td><a class=\"button\" href=\"/team/accounts/{}\">{}</a></td></tr>",
            url_part(&account.id),
            lang.text(Msg::EditAccount)
        );
    }
    body.push_str("</tbody>\n</table>\n");
    Ok(Html(page(lang, lang.text(Msg::AccountsTitle), Some(&signed), None, &body)))
}

/// `GET /team/accounts/{id}`.
pub(crate) async fn account_page(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Path(id): Path<String>,
) -> Result<Html<String>, ServerError> {
    let today = state.today();
    let html = state.with_store(move |store| account_html(store, (&signed, today), &id, None, None)).await?;
    Ok(Html(html))
}

/// `POST /team/accounts/{id}`: changes the fields given.
pub(crate) async fn account_save(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, ServerError> {
    let today = state.today();
    let fields = without_csrf(fields);
    state
        .with_store(move |store| match edit_account(store, &signed.user.name, today, &id, &fields) {
            Ok(summary) => {
                let html = account_html(store, (&signed, today), &id, Some(Ok(summary.import_id)), None)?;
                Ok(Html(html).into_response())
            }
            Err(err @ ServerError::BadInput { .. }) => {
                let html = account_html(store, (&signed, today), &id, Some(Err(&err)), Some(&fields))?;
                Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
            }
            Err(err) => Err(err),
        })
        .await
}

/// An account's page: its editable fields in a form (`kept`: the values of
/// a refused form), after what the last save did and the published days it
/// left without a plan that holds.
fn account_html(
    store: &mut crate::store::Store,
    (signed, today): (&Signed, NaiveDate),
    id: &str,
    outcome: Option<Result<i64, &ServerError>>,
    kept: Option<&Fields>,
) -> Result<String, ServerError> {
    let lang = signed.lang;
    let region = store.imported()?;
    let account = region
        .accounts
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| ServerError::NotFound(format!("no account `{id}` in the region")))?;
    let cells = account_cells(account);
    let mut body = nav(lang);
    match outcome {
        Some(Ok(import_id)) => {
            let _ = writeln!(
                body,
                "<p class=\"saved\">{}</p>",
                escape(&lang.fill(Msg::EditSaved, &[&import_id]))
            );
        }
        Some(Err(err)) => {
            let _ = writeln!(
                body,
                "<p class=\"error\" role=\"alert\">{}</p>",
                escape(&error_text(lang, err, None))
            );
        }
        None => {}
    }
    body.push_str(&stale_box(store, today, signed)?);
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/team/accounts/{}\">\n<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n",
        url_part(id),
        signed.csrf
    );
    for column in ACCOUNT_EDITABLE {
        let current = ACCOUNT_COLUMNS.iter().position(|c| c == column).map_or("", |i| cells[i].as_str());
        let value = kept
            .and_then(|fields| fields.iter().find(|(k, _)| k == column).map(|(_, v)| v.as_str()))
            .unwrap_or(current);
        let _ = writeln!(body, "{}", text_field(lang, (column, column), None, value));
    }
    let _ = writeln!(
        body,
        "<div class=\"actions\"><button type=\"submit\" class=\"done\">{}</button></div>\n</form>",
        lang.text(Msg::SaveChanges)
    );
    let title = lang.fill(Msg::AccountTitle, &[&account.id, &account.name]);
    Ok(page(lang, &title, Some(signed), None, &body))
}
