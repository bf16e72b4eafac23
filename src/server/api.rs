//! The JSON API under `/api/v1`: what the pages show and do, for tools and
//! apps. Times are `HH:MM`, dates `YYYY-MM-DD`; errors are
//! `{"error": ..., "field": ...}` with the status.
//!
//! - `GET /api/v1/me`: who is signed in, and the session's CSRF token that
//!   every `POST` must carry in the `X-CSRF-Token` header.
//! - `GET /api/v1/me/day`: the signed-in rep's day.
//! - `GET /api/v1/reps/{rep}/day`: rep `rep`'s day (that rep or a manager).
//! - `POST /api/v1/reps/{rep}/visits` with `{"account", "status":
//!   "visited"|"skipped", "note"}` and the `X-CSRF-Token` header: records a
//!   stop; `added` is false when it was recorded already.
//! - `GET /api/v1/team/day`: every rep's day (a manager).
//! - `POST /api/v1/reps/{rep}/replan` with `{"kind": "late", "minutes": 20}`,
//!   `{"kind": "urgent", "account": "A17"}` or `{"kind": "stop"}` and the
//!   `X-CSRF-Token` header (that rep or a manager): re-plans the rest of the
//!   day; the new day, as `/day` gives it, plus `"changes": [{"account",
//!   "kind", "text"}]`; 400 naming the field, 409 when the day cannot be
//!   re-planned (no plan in force, the day over, the new plan refused by the
//!   validator).
//! - `GET /api/v1/reps/{rep}/week`: the rep's next days (that rep or a manager).
//! - `POST /api/v1/team/publish` with `{"kind": "day", "date"}` or
//!   `{"kind": "week", "from", "days"}` (a manager): starts publishing in
//!   the background; 202 with the job, 409 while another job runs.
//! - `GET /api/v1/team/jobs/{id}`: the job's `state` (`running` with `done`
//!   and `total` days, `done` with `plan_id`, `failed` with `error`).
//! - `GET /api/v1/team/calendar/absences` (or `appointments`): the rows,
//!   each an object of the file's columns; `POST` one such object adds a
//!   row, `POST .../remove` removes the row it names; both answer the new
//!   import's id.
//! - `GET /api/v1/team/accounts/{id}`: the account's accounts.csv cells;
//!   `POST` an object of the editable columns changes them.
//! - `GET /api/v1/team/stale`: the days from today on whose published plan
//!   no longer holds (an edit or import since broke one of its rules).
//! - `GET /api/v1/team/week?from=`: the plans in force for seven days from
//!   `from` (default today), per rep the visits, `drive_s` and `distance_m`.
//! - `GET /api/v1/team/adherence?from=&to=`: the adherence report as
//!   `rounds report --db --json` prints it (default: four weeks up to today).
//! - `GET /api/v1/team/territories?from=&weeks=`: the current territories
//!   compared as `rounds territories compare --current --out` writes them.
//! - `GET /api/v1/openapi.json`: the OpenAPI description of all of these
//!   (`openapi.rs`), from the annotations on the handlers here.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::auth::{Manager, RepScope, Signed};
use super::day::{record_stop, RecordStop, Recorded, RepDay, TeamDay};
use super::edit::{add_row, cells_of, edit_account, remove_row, CalendarList};
use super::error::ApiError;
use super::extract::{Path, Query};
use super::openapi::{BadInput, ManagerOnly, ManagerWrite, NotSignedIn, RepWrite};
use super::pages::{adherence_period, query_date, territory_horizon, Horizon, Period};
use super::publish::{start, PublishRequest};
use super::replan::{replan_day, ChangeView, ReplanAction};
use super::state::AppState;
use super::views::{adherence_of, published_week, territories_of, WeekDay};
use super::week::RepWeek;
use super::ServerError;
use crate::io::csv_region::{account_cells, ACCOUNT_COLUMNS};
use crate::report::lang::Lang;
use crate::store::{ImportSummary, Role, StaleDay};

/// Who is signed in.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// The name typed at sign-in.
    name: String,
    /// `manager` or `rep`.
    role: &'static str,
    /// The rep id of a rep; `null` for a manager.
    rep: Option<String>,
    /// The session's language, `en` or `ja`.
    lang: &'static str,
    /// The token every `POST` of the session carries in the `X-CSRF-Token` header.
    csrf: String,
}

/// The body of `POST /api/v1/reps/{rep}/visits` as sent, before its values
/// are checked ([`RecordStop::parse`]). Read member by member by
/// `parse_record`, which names the member at fault.
#[derive(Debug, ToSchema)]
pub struct RecordBody {
    /// The account's id, of a visit in the rep's route of the published plan.
    account: String,
    /// `visited` or `skipped`.
    #[schema(pattern = "^(visited|skipped)$")]
    status: String,
    /// A note; the reason, which a skipped visit must have (at most 500 characters).
    note: Option<String>,
    /// The day of the visit, `YYYY-MM-DD`, up to 7 days back (default: today):
    /// a client without signal sends what the rep marked when it is back.
    #[schema(format = Date)]
    date: Option<String>,
}

/// `GET /api/v1/me`.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", security(("session" = [])),
    responses((status = 200, description = "Who is signed in, and the session's CSRF token", body = Me),
              NotSignedIn))]
pub(super) async fn me(signed: Signed) -> Json<Me> {
    let rep = match &signed.user.role {
        Role::Manager => None,
        Role::Rep(rep) => Some(rep.clone()),
    };
    Json(Me {
        name: signed.user.name,
        role: signed.user.role.name(),
        rep,
        lang: signed.lang.code(),
        csrf: signed.csrf,
    })
}

/// `GET /api/v1/me/day`.
#[utoipa::path(get, path = "/api/v1/me/day", tag = "day", security(("session" = [])),
    responses((status = 200, description = "The signed-in rep's day", body = RepDay),
              (status = 404, description = "A manager has no day of their own", body = ApiError),
              NotSignedIn))]
pub(super) async fn my_day(
    State(state): State<Arc<AppState>>,
    signed: Signed,
) -> Result<Json<RepDay>, ServerError> {
    let Role::Rep(rep) = signed.user.role else {
        return Err(ServerError::NotFound(
            "a manager has no day of their own; ask for /api/v1/reps/{rep}/day or /api/v1/team/day"
                .to_string(),
        ));
    };
    day_of(&state, rep).await.map(Json)
}

/// `GET /api/v1/reps/{rep}/day`.
#[utoipa::path(get, path = "/api/v1/reps/{rep}/day", tag = "day", security(("session" = [])),
    params(("rep" = String, Path, description = "The rep's id")),
    responses((status = 200, description = "The rep's day", body = RepDay),
              (status = 403, description = "Another rep's day", body = ApiError),
              (status = 404, description = "No such rep", body = ApiError),
              NotSignedIn))]
pub(super) async fn rep_day(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
) -> Result<Json<RepDay>, ServerError> {
    day_of(&state, scope.rep).await.map(Json)
}

async fn day_of(state: &Arc<AppState>, rep: String) -> Result<RepDay, ServerError> {
    let today = state.today();
    state.with_store(move |store| TeamDay::load(store, today)?.rep_day(&rep, Lang::En)).await
}

/// `GET /api/v1/team/day`.
#[utoipa::path(get, path = "/api/v1/team/day", tag = "day", security(("session" = [])),
    responses((status = 200, description = "Every rep's day, in the order of reps.csv", body = Vec<RepDay>),
              ManagerOnly))]
pub(super) async fn team_day(
    State(state): State<Arc<AppState>>,
    _: Manager,
) -> Result<Json<Vec<RepDay>>, ServerError> {
    let today = state.today();
    state.with_store(move |store| TeamDay::load(store, today)?.rep_days(Lang::En)).await.map(Json)
}

/// `POST /api/v1/reps/{rep}/visits`.
#[utoipa::path(post, path = "/api/v1/reps/{rep}/visits", tag = "day", security(("session" = [], "csrf" = [])),
    params(("rep" = String, Path, description = "The rep's id")),
    request_body(content = RecordBody, content_type = "application/json"),
    responses((status = 200, description = "Recorded, or recorded already (`added` false)", body = Recorded),
              (status = 413, description = "A body over 16 KiB", body = ApiError),
              (status = 429, description = "Too many requests", body = ApiError),
              RepWrite))]
pub(super) async fn record(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
    body: Bytes,
) -> Result<Json<Recorded>, ServerError> {
    let stop = parse_record(&body, state.today())?;
    let user = scope.signed.user.name.clone();
    state.with_store(move |store| record_stop(store, &scope.rep, &stop, (&user, Lang::En))).await.map(Json)
}

/// The body of a record: a JSON object with string members `account`,
/// `status` and (optional) `note` and `date`; anything else is refused naming the member.
fn parse_record(body: &[u8], today: chrono::NaiveDate) -> Result<RecordStop, ServerError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|err| ServerError::bad("body", format!("not JSON: {err}")))?;
    let Value::Object(members) = value else {
        return Err(ServerError::bad("body", "expected a JSON object"));
    };
    if let Some(unknown) =
        members.keys().find(|k| !["account", "status", "note", "date"].contains(&k.as_str()))
    {
        return Err(ServerError::bad(unknown, "not a member of a record (account, status, note, date)"));
    }
    let text = |name: &str| -> Result<Option<String>, ServerError> {
        match members.get(name) {
            Some(Value::String(text)) => Ok(Some(text.clone())),
            None => Ok(None),
            Some(_) => Err(ServerError::bad(name, "expected a string")),
        }
    };
    let required = |name: &str| text(name)?.ok_or_else(|| ServerError::bad(name, "missing"));
    let body = RecordBody {
        account: required("account")?,
        status: required("status")?,
        note: text("note")?,
        date: text("date")?,
    };
    let note = body.note.as_deref().unwrap_or_default();
    RecordStop::parse(&body.account, &body.status, note, body.date.as_deref(), today, Lang::En)
}

/// A re-planned day: the day as `/day` shows it, and what changed.
#[derive(serde::Serialize, ToSchema)]
pub(super) struct ReplannedDay {
    #[serde(flatten)]
    day: RepDay,
    changes: Vec<ChangeView>,
}

/// `POST /api/v1/reps/{rep}/replan`.
#[utoipa::path(post, path = "/api/v1/reps/{rep}/replan", tag = "day", security(("session" = [], "csrf" = [])),
    params(("rep" = String, Path, description = "The rep's id")),
    request_body(content = Object, content_type = "application/json",
        description = "`{\"kind\": \"late\", \"minutes\": 20}`, `{\"kind\": \"urgent\", \"account\": \"A17\"}`, `{\"kind\": \"stop\"}`, or from a manager `{\"kind\": \"hand_over\"}` (the rep's day ends and the other reps take over what they can)",
        example = json!({"kind": "late", "minutes": 20})),
    responses((status = 200, description = "The re-planned day, checked and published, and what changed", body = ReplannedDay),
              (status = 409, description = "The day cannot be re-planned as it stands, or the validator refused the new plan", body = ApiError),
              RepWrite))]
pub(super) async fn replan(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
    body: Bytes,
) -> Result<Json<ReplannedDay>, ServerError> {
    let action = parse_replan(&body)?;
    let (today, now_s) = (state.today(), state.now());
    let (rep, by) = (scope.rep, scope.signed.user.role);
    state
        .with_replan_slot(move |store| {
            let replanned = replan_day(store, today, &rep, (&action, &by), now_s, Lang::En)?;
            let day = TeamDay::load(store, today)?.rep_day(&rep, Lang::En)?;
            let changes = replanned.changes.iter().map(|c| ChangeView::of(c, Lang::En)).collect();
            Ok(ReplannedDay { day, changes })
        })
        .await
        .map(Json)
}

/// The body of a re-plan: `kind` (a string), `minutes` (a number, for
/// `late`), `account` (a string, for `urgent`); any other member is refused by name.
fn parse_replan(body: &[u8]) -> Result<ReplanAction, ServerError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|err| ServerError::bad("body", format!("not JSON: {err}")))?;
    let Value::Object(members) = value else {
        return Err(ServerError::bad("body", "expected a JSON object"));
    };
    if let Some(unknown) = members.keys().find(|k| !["kind", "minutes", "account"].contains(&k.as_str())) {
        return Err(ServerError::bad(unknown, "not a member of a re-plan (kind, minutes, account)"));
    }
    let kind = match members.get("kind") {
        Some(Value::String(kind)) => kind.as_str(),
        None => return Err(ServerError::bad("kind", "missing")),
        Some(_) => return Err(ServerError::bad("kind", "expected a string")),
    };
    let minutes = match members.get("minutes") {
        None => None,
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(ServerError::bad("minutes", "expected a whole number")),
    };
    let account = match members.get("account") {
        None => None,
        Some(Value::String(account)) => Some(account.as_str()),
        Some(_) => return Err(ServerError::bad("account", "expected a string")),
    };
    ReplanAction::parse(kind, minutes.as_deref(), account, Lang::En)
}

/// `GET /api/v1/reps/{rep}/week`.
#[utoipa::path(get, path = "/api/v1/reps/{rep}/week", tag = "day", security(("session" = [])),
    params(("rep" = String, Path, description = "The rep's id")),
    responses((status = 200, description = "Today and the rep's next working days", body = RepWeek),
              (status = 403, description = "Another rep's week", body = ApiError),
              NotSignedIn))]
pub(super) async fn rep_week(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
) -> Result<Json<RepWeek>, ServerError> {
    let today = state.today();
    let rep = scope.rep;
    state.with_store(move |store| super::week::rep_week(store, today, &rep, Lang::En)).await.map(Json)
}

/// `POST /api/v1/team/publish`.
#[utoipa::path(post, path = "/api/v1/team/publish", tag = "team", security(("session" = [], "csrf" = [])),
    request_body(content = Object, content_type = "application/json",
        description = "`{\"kind\": \"day\", \"date\": ...}` or `{\"kind\": \"week\", \"from\": ..., \"days\": N}`",
        example = json!({"kind": "week", "from": "2026-12-02", "days": 5})),
    responses((status = 202, description = "Publishing started: the job", body = Object),
              (status = 409, description = "Another job is running", body = ApiError),
              ManagerWrite))]
pub(super) async fn publish(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ServerError> {
    let request = parse_publish(&body)?;
    let id = start(&state, request, &signed.user.name)?;
    let job = state.jobs.get(id).ok_or_else(|| ServerError::Internal(format!("job {id} vanished")))?;
    Ok((StatusCode::ACCEPTED, Json(job.to_json())))
}

/// `GET /api/v1/team/jobs/{id}`.
#[utoipa::path(get, path = "/api/v1/team/jobs/{id}", tag = "team", security(("session" = [])),
    params(("id" = u64, Path, description = "The job's number")),
    responses((status = 200, description = "The job: `state` running (with `done` and `total`), done (with `plan_id`) or failed (with `error`)", body = Object),
              (status = 404, description = "No such job", body = ApiError),
              ManagerOnly))]
pub(super) async fn job(
    State(state): State<Arc<AppState>>,
    _: Manager,
    Path(id): Path<String>,
) -> Result<Json<Value>, ServerError> {
    id.parse::<u64>().ok().and_then(|id| state.jobs.get(id)).map(|job| Json(job.to_json())).ok_or_else(|| {
        ServerError::NotFound(format!("no publishing job `{id}` (jobs are kept while the server runs)"))
    })
}

/// `GET /api/v1/team/calendar/{list}`.
#[utoipa::path(get, path = "/api/v1/team/calendar/{list}", tag = "team", security(("session" = [])),
    params(("list" = String, Path, description = "`absences` or `appointments`")),
    responses((status = 200, description = "The rows, each an object of the file's columns", body = Vec<Object>),
              BadInput, ManagerOnly))]
pub(super) async fn calendar(
    State(state): State<Arc<AppState>>,
    _: Manager,
    Path(list): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let list = CalendarList::parse(&list)?;
    let region = state.with_store(|store| Ok(store.imported()?)).await?;
    let rows = list.rows(&region).iter().map(|cells| row_json(list.columns(), cells)).collect();
    Ok(Json(Value::Array(rows)))
}

/// `POST /api/v1/team/calendar/{list}`.
#[utoipa::path(post, path = "/api/v1/team/calendar/{list}", tag = "team", security(("session" = [], "csrf" = [])),
    params(("list" = String, Path, description = "`absences` or `appointments`")),
    request_body(content = Object, content_type = "application/json", description = "A row: the file's columns"),
    responses((status = 201, description = "Added, as a new import: `{\"import_id\"}`", body = Object),
              ManagerWrite))]
pub(super) async fn calendar_add(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Path(list): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ServerError> {
    let list = CalendarList::parse(&list)?;
    let cells =
        cells_of(list.columns(), string_members(&body)?.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let today = state.today();
    let summary =
        state.with_store(move |store| add_row(store, &signed.user.name, today, list, cells)).await?;
    Ok((StatusCode::CREATED, Json(saved(&summary))))
}

/// `POST /api/v1/team/calendar/{list}/remove`.
#[utoipa::path(post, path = "/api/v1/team/calendar/{list}/remove", tag = "team", security(("session" = [], "csrf" = [])),
    params(("list" = String, Path, description = "`absences` or `appointments`")),
    request_body(content = Object, content_type = "application/json", description = "The row to remove, as the list gives it"),
    responses((status = 200, description = "Removed, as a new import: `{\"import_id\"}`", body = Object),
              (status = 404, description = "No such row", body = ApiError),
              ManagerWrite))]
pub(super) async fn calendar_remove(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Path(list): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ServerError> {
    let list = CalendarList::parse(&list)?;
    let cells =
        cells_of(list.columns(), string_members(&body)?.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let today = state.today();
    let summary =
        state.with_store(move |store| remove_row(store, &signed.user.name, today, list, cells)).await?;
    Ok(Json(saved(&summary)))
}

/// `GET /api/v1/team/accounts/{id}`.
#[utoipa::path(get, path = "/api/v1/team/accounts/{id}", tag = "team", security(("session" = [])),
    params(("id" = String, Path, description = "The account's id")),
    responses((status = 200, description = "The account's accounts.csv cells by column", body = Object),
              (status = 404, description = "No such account", body = ApiError),
              ManagerOnly))]
pub(super) async fn account(
    State(state): State<Arc<AppState>>,
    _: Manager,
    Path(id): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let region = state.with_store(|store| Ok(store.imported()?)).await?;
    let account = region
        .accounts
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| ServerError::NotFound(format!("no account `{id}` in the region")))?;
    Ok(Json(row_json(ACCOUNT_COLUMNS, &account_cells(account))))
}

/// `POST /api/v1/team/accounts/{id}`.
#[utoipa::path(post, path = "/api/v1/team/accounts/{id}", tag = "team", security(("session" = [], "csrf" = [])),
    params(("id" = String, Path, description = "The account's id")),
    request_body(content = Object, content_type = "application/json", description = "The editable columns to change"),
    responses((status = 200, description = "Changed, as a new import: `{\"import_id\"}`", body = Object),
              (status = 404, description = "No such account", body = ApiError),
              ManagerWrite))]
pub(super) async fn account_save(
    State(state): State<Arc<AppState>>,
    Manager(signed): Manager,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ServerError> {
    let changes = string_members(&body)?;
    let today = state.today();
    let summary =
        state.with_store(move |store| edit_account(store, &signed.user.name, today, &id, &changes)).await?;
    Ok(Json(saved(&summary)))
}

/// `GET /api/v1/team/week`.
#[utoipa::path(get, path = "/api/v1/team/week", tag = "team", security(("session" = [])),
    params(("from" = Option<String>, Query, description = "The first day, YYYY-MM-DD (default today)")),
    responses((status = 200, description = "Seven days: the plan in force and per rep the visits and driving", body = Vec<WeekDay>),
              BadInput, ManagerOnly))]
pub(super) async fn team_week(
    State(state): State<Arc<AppState>>,
    _: Manager,
    Query(period): Query<Period>,
) -> Result<Json<Vec<WeekDay>>, ServerError> {
    let from = query_date("from", period.from.as_deref(), state.today())?;
    let week = state.with_store(move |store| published_week(store, from)).await?;
    Ok(Json(week.into_iter().map(|(_, day)| day).collect()))
}

/// `GET /api/v1/team/stale`.
#[utoipa::path(get, path = "/api/v1/team/stale", tag = "team", security(("session" = [])),
    responses((status = 200, description = "The days from today on whose published plan no longer holds: \
        made before a later edit or import, it breaks the region's rules as they are now (publish the day again, or re-plan it when `under_way`)",
        body = Vec<StaleDay>),
              ManagerOnly))]
pub(super) async fn team_stale(
    State(state): State<Arc<AppState>>,
    _: Manager,
) -> Result<Json<Vec<StaleDay>>, ServerError> {
    let today = state.today();
    state.with_store(move |store| Ok(store.stale_days(today)?)).await.map(Json)
}

/// `GET /api/v1/team/adherence`.
#[utoipa::path(get, path = "/api/v1/team/adherence", tag = "team", security(("session" = [])),
    params(("from" = Option<String>, Query, description = "First day (default four weeks before today)"),
           ("to" = Option<String>, Query, description = "Last day (default today)")),
    responses((status = 200, description = "The adherence report as `rounds report --db --json` prints it", body = Object),
              BadInput, ManagerOnly))]
pub(super) async fn adherence(
    State(state): State<Arc<AppState>>,
    _: Manager,
    Query(period): Query<Period>,
) -> Result<([(axum::http::HeaderName, &'static str); 1], String), ServerError> {
    let (from, to) = adherence_period(&period, state.today())?;
    let json = state
        .with_store(move |store| {
            let (region, report) = adherence_of(store, from, to)?;
            Ok(crate::io::adherence_json::adherence_to_json(&region, &report))
        })
        .await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], json))
}

/// `GET /api/v1/team/territories`.
#[utoipa::path(get, path = "/api/v1/team/territories", tag = "team", security(("session" = [])),
    params(("from" = Option<String>, Query, description = "First day (default today)"),
           ("weeks" = Option<u32>, Query, description = "Working weeks planned (default 4)")),
    responses((status = 200, description = "The current territories compared as `rounds territories compare --current --out` writes them", body = Object),
              BadInput, ManagerOnly))]
pub(super) async fn territories(
    State(state): State<Arc<AppState>>,
    _: Manager,
    Query(horizon): Query<Horizon>,
) -> Result<([(axum::http::HeaderName, &'static str); 1], String), ServerError> {
    let (from, days) = territory_horizon(&horizon, state.today())?;
    let iterations = state.iterations;
    let json = state
        .with_store(move |store| {
            let territories = territories_of(store, from, days, iterations)?;
            if !territories.violations.is_empty() {
                return Err(ServerError::Internal(format!(
                    "the territories' plans failed the independent check: {}",
                    territories.violations.join("; ")
                )));
            }
            let splits = [("current", &territories.metrics, territories.late.as_slice())];
            Ok(crate::io::compare_json::comparison_to_json(&splits))
        })
        .await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], json))
}

/// A row as an object of its columns.
fn row_json(columns: &[&str], cells: &[String]) -> Value {
    Value::Object(columns.iter().zip(cells).map(|(c, v)| (c.to_string(), Value::String(v.clone()))).collect())
}

/// What an edit answers: the import it made.
fn saved(summary: &ImportSummary) -> Value {
    serde_json::json!({ "import_id": summary.import_id })
}

/// A JSON object whose members are all strings (numbers are taken as their
/// text), in order; anything else is refused naming the member.
fn string_members(body: &[u8]) -> Result<Vec<(String, String)>, ServerError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|err| ServerError::bad("body", format!("not JSON: {err}")))?;
    let Value::Object(members) = value else {
        return Err(ServerError::bad("body", "expected a JSON object"));
    };
    members
        .into_iter()
        .map(|(name, value)| match value {
            Value::String(text) => Ok((name, text)),
            Value::Number(number) => Ok((name, number.to_string())),
            _ => Err(ServerError::bad(&name, "expected a string")),
        })
        .collect()
}

/// The body of a publish: a JSON object with `kind` and, by kind, `date`
/// or `from` and `days` (a number or its text); anything else is refused
/// naming the member.
fn parse_publish(body: &[u8]) -> Result<PublishRequest, ServerError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|err| ServerError::bad("body", format!("not JSON: {err}")))?;
    let Value::Object(members) = value else {
        return Err(ServerError::bad("body", "expected a JSON object"));
    };
    if let Some(unknown) = members.keys().find(|k| !["kind", "date", "from", "days"].contains(&k.as_str())) {
        return Err(ServerError::bad(unknown, "not a member of a publish request (kind, date, from, days)"));
    }
    let text = |name: &str| -> Result<Option<String>, ServerError> {
        match members.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(Value::Number(number)) if name == "days" => Ok(Some(number.to_string())),
            Some(_) => Err(ServerError::bad(name, "expected a string")),
        }
    };
    let kind = text("kind")?.ok_or_else(|| ServerError::bad("kind", "missing; expected day or week"))?;
    PublishRequest::parse(&kind, text("date")?.as_deref(), text("from")?.as_deref(), text("days")?.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn field(body: &str) -> String {
        match parse_record(body.as_bytes(), today()) {
            Err(ServerError::BadInput { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_record_names_its_member() {
        assert_eq!(field("{"), "body");
        assert_eq!(field("[]"), "body");
        assert_eq!(field(r#"{"status": "visited"}"#), "account");
        assert_eq!(field(r#"{"account": 7, "status": "visited"}"#), "account");
        assert_eq!(field(r#"{"account": "A1"}"#), "status");
        assert_eq!(field(r#"{"account": "A1", "status": "visited", "rep": "R2"}"#), "rep");
        assert_eq!(field(r#"{"account": "A1", "status": "visited", "date": 20261201}"#), "date");
        assert_eq!(field(r#"{"account": "A1", "status": "visited", "date": "2026-12-02"}"#), "date");
        let stop = parse_record(br#"{"account": "A1", "status": "visited"}"#, today()).unwrap();
        assert_eq!((stop.note.as_str(), stop.date), ("", today()));
        let body = br#"{"account": "A1", "status": "visited", "date": "2026-11-30"}"#;
        assert_eq!(parse_record(body, today()).unwrap().date.to_string(), "2026-11-30");
    }

    #[test]
    fn a_bad_replan_names_its_member() {
        let field = |body: &str| match parse_replan(body.as_bytes()) {
            Err(ServerError::BadInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field("[]"), "body");
        assert_eq!(field(r#"{"minutes": 20}"#), "kind");
        assert_eq!(field(r#"{"kind": "late", "minutes": "20"}"#), "minutes");
        assert_eq!(field(r#"{"kind": "late", "minutes": 20.5}"#), "minutes");
        assert_eq!(field(r#"{"kind": "late", "minutes": -5}"#), "minutes");
        assert_eq!(field(r#"{"kind": "urgent", "account": 17}"#), "account");
        assert_eq!(field(r#"{"kind": "stop", "rep": "R2"}"#), "rep");
        assert_eq!(
            parse_replan(br#"{"kind": "late", "minutes": 20}"#).unwrap(),
            ReplanAction::Late { minutes: 20 }
        );
        assert_eq!(parse_replan(br#"{"kind": "stop"}"#).unwrap(), ReplanAction::Stop);
        assert_eq!(parse_replan(br#"{"kind": "hand_over"}"#).unwrap(), ReplanAction::HandOver);
    }

    #[test]
    fn a_bad_publish_request_names_its_member() {
        let field = |body: &str| match parse_publish(body.as_bytes()) {
            Err(ServerError::BadInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field("[]"), "body");
        assert_eq!(field(r#"{"date": "2026-12-02"}"#), "kind");
        assert_eq!(field(r#"{"kind": "day", "date": 20261202}"#), "date");
        assert_eq!(field(r#"{"kind": "week", "from": "2026-12-02", "days": 500}"#), "days");
        assert_eq!(field(r#"{"kind": "day", "date": "2026-12-02", "seed": 3}"#), "seed");
        let week = parse_publish(br#"{"kind": "week", "from": "2026-12-02", "days": 3}"#).unwrap();
        assert!(matches!(week, PublishRequest::Week { days: 3, .. }));
    }
}
