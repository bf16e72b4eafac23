//! `POST /vroom` (and `POST /api/v1/vroom`): a VROOM request in, VROOM's
//! response out, as vroom-express serves it, so tools that speak VROOM can
//! point at rounds.
//!
//! The request goes through the same reader, problem builder and independent
//! validator as `rounds solve --format vroom` ([`crate::interop::vroom`]): a
//! solution is answered only once the validator has replayed it. Legs are
//! priced by the request's own matrix, else by the straight-line model.
//!
//! It holds no team data and needs no session: a call carries an API key
//! (`Authorization: Bearer KEY`, or `?api_key=KEY` for tools that cannot set
//! a header) made by `rounds db key add`, unless the server runs with
//! `--open-vroom` (or `--demo`). Being cookie-free, it is the one `POST` the
//! CSRF check lets through.
//!
//! Errors are vroom-express's: `{"code": N, "error": "..."}` with code 2 and
//! status 400 for bad input, 4 and 413 for a request over the body limit,
//! 1 and 500 for the server's own faults. Beyond it, 401 for a missing or
//! unknown key and 503 when every solving slot is busy (code 1 both).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::access_log::LoggedAs;
use super::auth::token_sha256;
use super::error::error_chain;
use super::state::AppState;
use crate::interop::vroom::check::check_vroom;
use crate::interop::vroom::problem::VroomProblem;
use crate::interop::vroom::{
    parse_vroom_request, parse_vroom_response, response_json, ComputingTimes, VroomResponse,
};
use crate::solver::{solve, SearchConfig};
use crate::travel::StraightLine;

/// How the endpoint is opened and bounded.
#[derive(Clone, Debug, PartialEq)]
pub struct VroomSettings {
    /// No API key needed (`--open-vroom`, `--demo`).
    pub open: bool,
    /// The largest request body, bytes.
    pub max_bytes: usize,
    /// The longest one request is searched for.
    pub time_limit: Duration,
    /// How many requests are solved at once; more are answered 503.
    pub concurrency: usize,
}

impl Default for VroomSettings {
    /// 2 MiB holds a request of a few thousand jobs with coordinates (a
    /// matrix of 500 places is about 2 MiB on its own); 10 s is what
    /// `rounds solve` searches by default; two at a time leave the other
    /// cores of a small server to the team's pages.
    fn default() -> VroomSettings {
        VroomSettings {
            open: false,
            max_bytes: 2 * 1024 * 1024,
            time_limit: Duration::from_secs(10),
            concurrency: 2,
        }
    }
}

/// VROOM's error codes, as vroom-express answers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Code {
    /// The server's own fault.
    Internal = 1,
    /// The request is wrong.
    Input = 2,
    /// The request is over a size limit.
    TooLarge = 4,
}

/// The JSON of an error answer, as vroom-express sends it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct VroomError {
    /// VROOM's error code: 1 internal, 2 input, 4 too large.
    pub code: i64,
    /// What went wrong, in words.
    pub error: String,
}

/// A VROOM-style error answer.
fn error(status: StatusCode, code: Code, message: impl Into<String>) -> Response {
    (status, axum::Json(VroomError { code: code as i64, error: message.into() })).into_response()
}

/// The API key of a call: the bearer token, else the `api_key` query parameter.
fn given_key<'a>(headers: &'a HeaderMap, uri: &'a Uri) -> Option<&'a str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    bearer.or_else(|| {
        uri.query()?.split('&').find_map(|pair| pair.strip_prefix("api_key=")).filter(|key| !key.is_empty())
    })
}

/// A solving slot, given back when dropped.
struct Slot(Arc<AppState>);

impl Slot {
    /// A slot, or `None` when all [`VroomSettings::concurrency`] are taken.
    fn take(state: &Arc<AppState>) -> Option<Slot> {
        let limit = state.vroom.concurrency;
        state
            .vroom_busy
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |busy| (busy < limit).then_some(busy + 1))
            .ok()
            .map(|_| Slot(state.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.vroom_busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The count of requests being solved, kept in [`AppState`].
pub type Busy = AtomicUsize;

/// The handler, at `/vroom` and `/api/v1/vroom` (the description copies this path to the other).
#[utoipa::path(post, path = "/vroom", tag = "vroom", security(("api_key" = []), ()),
    request_body(content = Object, content_type = "application/json",
        description = "A request in VROOM's API (`jobs`, `vehicles`, `matrices`; VROOM's docs/API.md); \
                       docs/interop.md tells which keys rounds reads, rejects and ignores",
        example = json!({"vehicles": [{"id": 1, "start_index": 0, "end_index": 0}],
                         "jobs": [{"id": 1414, "location_index": 1}, {"id": 1515, "location_index": 2}],
                         "matrices": {"car": {"durations": [[0, 2104, 197], [1947, 0, 2255], [422, 2069, 0]]}}})),
    responses((status = 200, description = "VROOM's response, checked by the independent validator", body = VroomResponse),
              (status = 400, description = "Not JSON, or a key rounds rejects (code 2)", body = VroomError),
              (status = 401, description = "No known API key (code 2)", body = VroomError),
              (status = 413, description = "Over --vroom-max-bytes (code 4)", body = VroomError),
              (status = 500, description = "The server's fault (code 1)", body = VroomError),
              (status = 503, description = "Every solving slot is busy (code 1)", body = VroomError)))]
pub(super) async fn vroom(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let caller = if state.vroom.open {
        None
    } else {
        let Some(key) = given_key(&headers, &uri) else {
            return unauthorised("an API key is needed: `Authorization: Bearer KEY` (`rounds db key add`)");
        };
        let hash = token_sha256(key);
        match state.with_store(move |store| Ok(store.api_key_named(&hash)?)).await {
            Ok(Some(name)) => Some(name),
            Ok(None) => return unauthorised("the API key is not known to this server"),
            Err(err) => return error(StatusCode::INTERNAL_SERVER_ERROR, Code::Internal, failed(&err)),
        }
    };
    let mut response = answer(&state, body).await;
    if let Some(name) = caller {
        response.extensions_mut().insert(LoggedAs(format!("key:{name}")));
    }
    response
}

/// 401 with the scheme to use.
fn unauthorised(message: &str) -> Response {
    let mut response = error(StatusCode::UNAUTHORIZED, Code::Input, message);
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// The server's fault, logged; the client is told little.
fn failed(err: &dyn std::fmt::Display) -> String {
    super::access_log::log(format_args!("rounds serve: vroom: {err}"));
    "internal error; it is in the server's log".to_string()
}

/// Solves an authorised call's body.
async fn answer(state: &Arc<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let limit = state.vroom.max_bytes;
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                Code::TooLarge,
                format!("the request is over {limit} bytes, the most this server takes (--vroom-max-bytes)"),
            );
        }
        Err(rejection) => return error(StatusCode::BAD_REQUEST, Code::Input, rejection.body_text()),
    };
    let Some(slot) = Slot::take(state) else {
        let mut response = error(
            StatusCode::SERVICE_UNAVAILABLE,
            Code::Internal,
            "every solving slot is busy; try again in a moment",
        );
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return response;
    };
    let time_limit = state.vroom.time_limit;
    let solved = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        solve_request(&body, time_limit)
    })
    .await;
    match solved {
        Ok(Ok(json)) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Ok(Err((status, code, message))) => error(status, code, message),
        Err(err) => error(StatusCode::INTERNAL_SERVER_ERROR, Code::Internal, failed(&err)),
    }
}

/// Why a request got no solution: the status, VROOM's code and the message.
type Refusal = (StatusCode, Code, String);

/// Reads, solves and checks a request as `rounds solve --format vroom` does:
/// the response's JSON, or why not.
fn solve_request(body: &[u8], time_limit: Duration) -> Result<String, Refusal> {
    let started = Instant::now();
    let input = |message: String| (StatusCode::BAD_REQUEST, Code::Input, message);
    let text = std::str::from_utf8(body).map_err(|_| input("the request is not UTF-8 text".to_string()))?;
    let request =
        parse_vroom_request(text, Path::new("the request")).map_err(|err| input(error_chain(&err)))?;
    let travel = StraightLine::default();
    let vroom = VroomProblem::build(&request, &travel).map_err(|err| input(err.to_string()))?;
    let loading = started.elapsed();
    let config =
        SearchConfig { iterations: Some(vroom.default_iterations()), time_limit, ..SearchConfig::default() };
    let outcome = solve(&vroom.problem, &config);
    let computing_times = ComputingTimes {
        loading: loading.as_millis() as u64,
        solving: (started.elapsed() - loading).as_millis() as u64,
    };
    let json = response_json(&vroom.to_response(&outcome.solution, computing_times));
    let internal = |message: String| (StatusCode::INTERNAL_SERVER_ERROR, Code::Internal, failed(&message));
    // Checked as written, parsed back, as the caller will read it.
    let written =
        parse_vroom_response(&json, Path::new("the response")).map_err(|err| internal(error_chain(&err)))?;
    let report = check_vroom(&request, &written, &travel).map_err(|err| internal(err.to_string()))?;
    if !report.is_valid() {
        return Err(internal(format!(
            "the solution failed the independent check: {}",
            report.violations.join(" ")
        )));
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_comes_from_the_bearer_header_else_the_query() {
        let uri: Uri = "/vroom?x=1&api_key=abc".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(given_key(&headers, &uri), Some("abc"));
        headers.insert(header::AUTHORIZATION, "Bearer  def ".parse().unwrap());
        assert_eq!(given_key(&headers, &uri), Some("def"));
        headers.insert(header::AUTHORIZATION, "Basic ghi".parse().unwrap());
        assert_eq!(given_key(&headers, &"/vroom".parse().unwrap()), None);
        assert_eq!(given_key(&HeaderMap::new(), &"/vroom?api_key=".parse().unwrap()), None);
    }
}
