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
//! - `GET /api/v1/openapi.json`: the OpenAPI description of all of these
//!   (`openapi.rs`), from the annotations on the handlers here.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::auth::{Manager, RepScope, Signed};
use super::day::{record_stop, RecordStop, Recorded, RepDay, TeamDay};
use super::error::ApiError;
use super::state::AppState;
use super::ServerError;
use crate::report::lang::Lang;
use crate::store::Role;

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
}

/// `GET /api/v1/me`.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", security(("session" = [])),
    responses((status = 200, description = "Who is signed in, and the session's CSRF token", body = Me),
              (status = 401, description = "Not signed in", body = ApiError)))]
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
              (status = 401, description = "Not signed in", body = ApiError),
              (status = 404, description = "A manager has no day of their own", body = ApiError)))]
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
              (status = 401, description = "Not signed in", body = ApiError),
              (status = 403, description = "Another rep's day", body = ApiError),
              (status = 404, description = "No such rep", body = ApiError)))]
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
              (status = 401, description = "Not signed in", body = ApiError),
              (status = 403, description = "Not a manager", body = ApiError)))]
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
              (status = 400, description = "Bad input, naming the field", body = ApiError),
              (status = 401, description = "Not signed in", body = ApiError),
              (status = 403, description = "Another rep's day, or no CSRF token", body = ApiError),
              (status = 413, description = "A body over 16 KiB", body = ApiError),
              (status = 429, description = "Too many requests", body = ApiError)))]
pub(super) async fn record(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
    body: Bytes,
) -> Result<Json<Recorded>, ServerError> {
    let stop = parse_record(&body)?;
    let today = state.today();
    let user = scope.signed.user.name.clone();
    state.with_store(move |store| record_stop(store, today, &scope.rep, &stop, &user)).await.map(Json)
}

/// The body of a record: a JSON object with string members `account`,
/// `status` and (optional) `note`; anything else is refused naming the member.
fn parse_record(body: &[u8]) -> Result<RecordStop, ServerError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|err| ServerError::bad("body", format!("not JSON: {err}")))?;
    let Value::Object(members) = value else {
        return Err(ServerError::bad("body", "expected a JSON object"));
    };
    if let Some(unknown) = members.keys().find(|k| !["account", "status", "note"].contains(&k.as_str())) {
        return Err(ServerError::bad(unknown, "not a member of a record (account, status, note)"));
    }
    let text = |name: &str| -> Result<Option<String>, ServerError> {
        match members.get(name) {
            Some(Value::String(text)) => Ok(Some(text.clone())),
            None => Ok(None),
            Some(_) => Err(ServerError::bad(name, "expected a string")),
        }
    };
    let required = |name: &str| text(name)?.ok_or_else(|| ServerError::bad(name, "missing"));
    let body = RecordBody { account: required("account")?, status: required("status")?, note: text("note")? };
    RecordStop::parse(&body.account, &body.status, body.note.as_deref().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(body: &str) -> String {
        match parse_record(body.as_bytes()) {
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
        let stop = parse_record(br#"{"account": "A1", "status": "visited"}"#).unwrap();
        assert_eq!(stop.note, "");
    }
}
