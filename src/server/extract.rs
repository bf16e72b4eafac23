//! The parts of a request a handler reads besides who sends it: a query,
//! a path segment, a page's form. One that cannot be read (a field given
//! twice, bytes that are not UTF-8 once decoded, another content type) is
//! bad input like any other, a 400 naming `query`, `path` or `form`: as
//! JSON from the API, on the error page from a page
//! ([`error_pages`](super::error::error_pages)), never the framework's plain
//! text, which named no field and answered a bad form 422.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::error::ServerError;

/// The query string's fields.
pub(super) struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ServerError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(fields)| Query(fields))
            .map_err(|rejection| ServerError::bad("query", rejection.body_text()))
    }
}

/// The route's path parameters.
pub(super) struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ServerError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(fields)| Path(fields))
            .map_err(|rejection| ServerError::bad("path", rejection.body_text()))
    }
}

/// A page's form fields.
pub(super) struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = ServerError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ServerError> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(fields)) => Ok(Form(fields)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ServerError::TooLarge)
            }
            Err(rejection) => Err(ServerError::bad("form", rejection.body_text())),
        }
    }
}
