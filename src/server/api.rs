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

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::Value;

use super::auth::{Manager, RepScope, Signed};
use super::day::{record_stop, RecordStop, Recorded, RepDay, TeamDay};
use super::state::AppState;
use super::ServerError;
use crate::report::lang::Lang;
use crate::store::Role;

/// `GET /api/v1/me`.
pub(super) async fn me(signed: Signed) -> Json<Value> {
    let rep = match &signed.user.role {
        Role::Manager => Value::Null,
        Role::Rep(rep) => Value::String(rep.clone()),
    };
    Json(serde_json::json!({
        "name": signed.user.name,
        "role": signed.user.role.name(),
        "rep": rep,
        "lang": signed.lang.code(),
        "csrf": signed.csrf,
    }))
}

/// `GET /api/v1/me/day`.
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
pub(super) async fn team_day(
    State(state): State<Arc<AppState>>,
    _: Manager,
) -> Result<Json<Vec<RepDay>>, ServerError> {
    let today = state.today();
    state.with_store(move |store| TeamDay::load(store, today)?.rep_days(Lang::En)).await.map(Json)
}

/// `POST /api/v1/reps/{rep}/visits`.
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
    let text = |name: &str, required: bool| -> Result<String, ServerError> {
        match members.get(name) {
            Some(Value::String(text)) => Ok(text.clone()),
            None if !required => Ok(String::new()),
            None => Err(ServerError::bad(name, "missing")),
            Some(_) => Err(ServerError::bad(name, "expected a string")),
        }
    };
    RecordStop::parse(&text("account", true)?, &text("status", true)?, &text("note", false)?)
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
