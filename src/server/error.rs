//! What a request can fail with, and the HTTP answer each gets.
//!
//! The JSON API answers `{"error": "...", "field": "..."}` with the status.
//! A page asks for a page back: [`error_pages`] draws every error answer to
//! a path outside the API as a page in the user's language (a signed-out
//! visitor is sent to the sign-in page instead), whichever layer refused
//! the request: a handler, the CSRF check, the rate limit, the fallback or
//! the session lookup itself.

use std::net::SocketAddr;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::auth::{lang_of_accept, Signed};
use crate::store::StoreError;

/// Why a request was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Input that breaks a rule: 400, naming the field.
    #[error("{field}: {message}")]
    BadInput {
        /// The form field, JSON member or path part at fault.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// No session, or an expired one: 401.
    #[error("sign in first")]
    SignedOut,
    /// Signed in, but not allowed this (another rep's day, a manager's page): 403.
    #[error("not allowed")]
    Forbidden,
    /// A state-changing request without its session's CSRF token: 403.
    #[error("the CSRF token is missing or wrong; reload the page")]
    Csrf,
    /// Nothing here: 404.
    #[error("{0}")]
    NotFound(String),
    /// A body over [`super::MAX_BODY_BYTES`]: 413.
    #[error("the request is too large")]
    TooLarge,
    /// Over the rate limit: 429.
    #[error("too many requests; wait a moment")]
    TooMany,
    /// The request clashes with the state of things (a plan being published; a day
    /// that cannot be re-planned as it stands: no plan in force, the day over): 409.
    #[error("{0}")]
    Conflict(String),
    /// A new plan the independent validator refused, so nothing was stored: 409.
    #[error("the new plan failed the independent check, so nothing changed: {0}")]
    Refused(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address could not be bound or served on.
    #[error("cannot serve on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the system reported.
        source: std::io::Error,
    },
    /// Anything else that is the server's fault: 500.
    #[error("{0}")]
    Internal(String),
}

impl ServerError {
    /// A 400 naming `field`.
    pub fn bad(field: &str, message: impl Into<String>) -> ServerError {
        ServerError::BadInput { field: field.to_string(), message: message.into() }
    }

    fn status(&self) -> StatusCode {
        match self {
            ServerError::BadInput { .. } => StatusCode::BAD_REQUEST,
            ServerError::SignedOut => StatusCode::UNAUTHORIZED,
            ServerError::Forbidden | ServerError::Csrf => StatusCode::FORBIDDEN,
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::Conflict(_) | ServerError::Refused(_) => StatusCode::CONFLICT,
            ServerError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            ServerError::Store(_) | ServerError::Bind { .. } | ServerError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// Which kind of refusal this is, for the page that shows it.
    fn refusal(&self) -> Refusal {
        match self {
            ServerError::BadInput { .. } => Refusal::BadInput,
            ServerError::SignedOut => Refusal::SignedOut,
            ServerError::Forbidden => Refusal::Forbidden,
            ServerError::Csrf => Refusal::Csrf,
            ServerError::NotFound(_) => Refusal::NotFound,
            ServerError::TooLarge => Refusal::TooLarge,
            ServerError::TooMany => Refusal::TooMany,
            ServerError::Conflict(_) => Refusal::Conflict,
            ServerError::Refused(_) => Refusal::CheckFailed,
            ServerError::Store(_) | ServerError::Bind { .. } | ServerError::Internal(_) => Refusal::Failed,
        }
    }

    /// The message a client is shown: the server's own faults are logged, not detailed.
    fn public_message(&self) -> String {
        match self {
            ServerError::Store(_) | ServerError::Bind { .. } | ServerError::Internal(_) => {
                super::access_log::log(format_args!("rounds serve: {:#}", error_chain(self)));
                "the server failed; the error is in its log".to_string()
            }
            other => other.to_string(),
        }
    }
}

/// The error and its causes on one line.
pub(super) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(next) = cause {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next.source();
    }
    text
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        let field = match &self {
            ServerError::BadInput { field, .. } => Some(field.clone()),
            _ => None,
        };
        // What the page says beside its kind: the rest are said in the user's language.
        let detail = match &self {
            ServerError::BadInput { message, .. }
            | ServerError::NotFound(message)
            | ServerError::Conflict(message)
            | ServerError::Refused(message) => message.clone(),
            _ => String::new(),
        };
        let answer = ErrorAnswer { refusal: self.refusal(), detail, field: field.clone() };
        let body = ApiError { error: self.public_message(), field };
        let mut response = (status, axum::Json(body)).into_response();
        if status == StatusCode::TOO_MANY_REQUESTS {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
        }
        response.extensions_mut().insert(answer);
        response
    }
}

/// The JSON of an error answer.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// What went wrong, in words.
    pub error: String,
    /// For 400: the form field, JSON member or path part at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The kinds of refusal a page tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 400: a field at fault.
    BadInput,
    /// 401: no session.
    SignedOut,
    /// 403: another user's page or change.
    Forbidden,
    /// 403: a form without its session's token (a page left open too long).
    Csrf,
    /// 404.
    NotFound,
    /// 413.
    TooLarge,
    /// 429.
    TooMany,
    /// 409: the state of things.
    Conflict,
    /// 409: the new plan failed the independent check.
    CheckFailed,
    /// 500: the server's fault, in its log.
    Failed,
}

/// An error answer, kept with the response so that [`error_pages`] can draw
/// it as a page.
#[derive(Clone, Debug)]
pub struct ErrorAnswer {
    /// What kind of refusal.
    pub refusal: Refusal,
    /// The words the refusal carries (bad input, what is not found, the
    /// conflict), as the code that refused wrote them; empty for the rest.
    pub detail: String,
    /// For bad input: the field at fault.
    pub field: Option<String>,
}

/// Whether `path` answers JSON (the API and the VROOM endpoint) rather than pages.
pub(super) fn answers_json(path: &str) -> bool {
    path.starts_with("/api/") || path == "/vroom"
}

/// The outermost middleware: an error answer to a page's path becomes a
/// page in the user's language (the session's, which the session lookup
/// hands back with the response, else the browser's), with the same status
/// and headers; a signed-out visitor is sent to the sign-in page. Outermost,
/// so that the session lookup's own failure gets a page too.
pub(super) async fn error_pages(request: Request, next: Next) -> Response {
    if answers_json(request.uri().path()) {
        return next.run(request).await;
    }
    let browser_lang = lang_of_accept(request.headers());
    let response = next.run(request).await;
    let Some(answer) = response.extensions().get::<ErrorAnswer>().cloned() else {
        return response;
    };
    let signed = response.extensions().get::<Signed>().cloned();
    let lang = signed.as_ref().map_or(browser_lang, |s| s.lang);
    if answer.refusal == Refusal::SignedOut {
        return Redirect::to("/login").into_response();
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let page = super::pages::error_page(lang, signed.as_ref(), &answer);
    (parts, axum::response::Html(page)).into_response()
}

/// 404 for every path no route takes.
pub(super) async fn not_found() -> ServerError {
    ServerError::NotFound("no such page".to_string())
}
