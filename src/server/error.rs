//! What a request can fail with, and the HTTP answer each gets.
//!
//! The JSON API answers `{"error": "...", "field": "..."}` with the status;
//! pages wrap the same errors in [`PageError`], which sends a signed-out
//! visitor to the sign-in page instead and shows the rest as a short page.

use std::net::SocketAddr;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::report::drawing::escape;
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
        let body = ApiError { error: self.public_message(), field };
        let mut response = (status, axum::Json(body)).into_response();
        if status == StatusCode::TOO_MANY_REQUESTS {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
        }
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

/// A [`ServerError`] met while serving a page.
#[derive(Debug)]
pub struct PageError(pub ServerError);

impl From<ServerError> for PageError {
    fn from(err: ServerError) -> PageError {
        PageError(err)
    }
}

impl From<StoreError> for PageError {
    fn from(err: StoreError) -> PageError {
        PageError(err.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, ServerError::SignedOut) {
            return Redirect::to("/login").into_response();
        }
        let status = self.0.status();
        let page = format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{status}</title>\n</head>\n<body>\n<h1>{status}</h1>\n<p class=\"error\">{}</p>\n\
             <p><a href=\"/\">rounds</a></p>\n</body>\n</html>\n",
            escape(&self.0.public_message())
        );
        (status, axum::response::Html(page)).into_response()
    }
}

/// 404 for every path no route takes.
pub(super) async fn not_found() -> ServerError {
    ServerError::NotFound("no such page".to_string())
}
