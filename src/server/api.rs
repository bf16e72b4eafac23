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

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::Value;

use super::auth::{Manager, RepScope, Signed};
use super::day::{record_stop, RecordStop, Recorded, RepDay, TeamDay};
use super::replan::{replan_day, ChangeView, ReplanAction};
use super::state::AppState;
use super::week::{rep_week, RepWeek};
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

/// A re-planned day: the day as `/day` shows it, and what changed.
#[derive(serde::Serialize)]
pub(super) struct ReplannedDay {
    #[serde(flatten)]
    day: RepDay,
    changes: Vec<ChangeView>,
}

/// `POST /api/v1/reps/{rep}/replan`.
pub(super) async fn replan(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
    body: Bytes,
) -> Result<Json<ReplannedDay>, ServerError> {
    let action = parse_replan(&body)?;
    let (today, now_s) = (state.today(), state.now());
    let rep = scope.rep;
    state
        .with_store(move |store| {
            let replanned = replan_day(store, today, &rep, &action, now_s)?;
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
    ReplanAction::parse(kind, minutes.as_deref(), account)
}

/// `GET /api/v1/reps/{rep}/week`.
pub(super) async fn week(
    State(state): State<Arc<AppState>>,
    scope: RepScope,
) -> Result<Json<RepWeek>, ServerError> {
    let today = state.today();
    let rep = scope.rep;
    state.with_store(move |store| rep_week(store, today, &rep, Lang::En)).await.map(Json)
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
    }
}
