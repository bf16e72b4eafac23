//! One line per request on stderr, for whoever runs the server: when, what,
//! the answer, how long it took and who asked.
//!
//! `2026-12-01T08:15:02Z POST /api/v1/reps/R1/visits 200 4ms r1`
//!
//! The path is logged without its query (a query may carry an API key), and
//! nothing of the body or the headers: no password, cookie, CSRF token or
//! key ever reaches the log. `--quiet` turns the lines off. The server's own
//! faults are logged through [`log`] too.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::auth::Signed;
use super::state::AppState;

/// Who made a request that no session signed: set by a handler that
/// authenticates otherwise (an API key's name), for the log.
#[derive(Clone, Debug)]
pub struct LoggedAs(pub String);

/// The middleware (inside the session lookup, so it knows the user).
pub(super) async fn log_request(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if state.quiet {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let user = request.extensions().get::<Signed>().map(|signed| signed.user.name.clone());
    let response = next.run(request).await;
    let user = user
        .or_else(|| response.extensions().get::<LoggedAs>().map(|who| who.0.clone()))
        .unwrap_or_else(|| "-".to_string());
    log(format_args!(
        "{}",
        line(&method, &path, response.status().as_u16(), started.elapsed().as_millis(), &user)
    ));
    response
}

/// Writes one line of the server's log to stderr. A log that cannot take it
/// (stderr sent to a file on a full disk) loses the line, and the request is
/// answered all the same: a panic here would answer nothing at all.
pub(super) fn log(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The log line, stamped now (UTC).
fn line(method: &axum::http::Method, path: &str, status: u16, ms: u128, user: &str) -> String {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // A name or path with a line break could forge a line of its own.
    let clean = |text: &str| text.replace(|c: char| c.is_control() || c == ' ', "_");
    format!("{now} {method} {} {status} {ms}ms {}", clean(path), clean(user))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cannot_be_split_by_what_a_client_sends() {
        let text = line(&axum::http::Method::GET, "/rep/R1", 200, 3, "office\nmanager 2");
        let (_, rest) = text.split_once(' ').unwrap();
        assert_eq!(rest, "GET /rep/R1 200 3ms office_manager_2");
    }
}
