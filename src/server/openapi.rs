//! The OpenAPI description of the JSON API and the VROOM endpoint, served at
//! `GET /api/v1/openapi.json`.
//!
//! Generated from the code with utoipa: each handler carries a
//! `#[utoipa::path]` annotation (method, path, parameters, request body and
//! every answer) and each type it answers derives `ToSchema` from its own
//! definition, so the description follows the code. The error answers that
//! many calls share ([`NotSignedIn`], [`ManagerOnly`], [`ManagerWrite`],
//! [`RepWrite`], [`BadInput`]) are described once here, and a handler lists
//! them by name beside the answers of its own. [`ApiDoc`] lists the
//! annotated handlers; a test reads `router()` in mod.rs and fails for any
//! route under `/api` (or `/vroom`) that the description does not have, so an
//! endpoint cannot be added without its documentation.

use std::collections::BTreeMap;

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, Modify, OpenApi, ToSchema};

use super::api::{self, Me, RecordBody, ReplannedDay};
use super::day::{Recorded, RepDay, StopState, StopView};
use super::error::ApiError;
use super::replan::ChangeView;
use super::views::{RepTotals, WeekDay};
use super::vroom::{self, VroomError};
use super::week::RepWeek;
use crate::interop::vroom::{
    ComputingTimes, StepKind, VroomResponse, VroomRoute, VroomStep, VroomSummary, VroomUnassigned,
};
use crate::store::StaleDay;

/// The description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "rounds serve",
        description = "The JSON API of a rounds team server: the reps' days and their visits, \
                       and a VROOM-compatible endpoint. Sign in with `POST /login` (form fields \
                       `name`, `password`) for the `rounds_session` cookie; every `POST` of a \
                       session carries its CSRF token (`GET /api/v1/me`) in `X-CSRF-Token`."
    ),
    paths(
        api::me, api::my_day, api::rep_day, api::record, api::team_day, api::replan, api::rep_week,
        api::publish, api::job, api::calendar, api::calendar_add, api::calendar_remove, api::account,
        api::account_save, api::team_week, api::team_stale, api::adherence, api::territories, vroom::vroom, openapi_json
    ),
    components(schemas(
        Me, RepDay, StopView, StopState, RecordBody, Recorded, ApiError, VroomError, VroomResponse,
        VroomSummary, VroomRoute, VroomStep, VroomUnassigned, StepKind, ComputingTimes, ReplannedDay,
        ChangeView, RepWeek, WeekDay, RepTotals, StaleDay
    )),
    modifiers(&Security, &VroomUnderApi)
)]
pub struct ApiDoc;

/// The ways a call authenticates.
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                super::auth::COOKIE,
                "The session cookie that POST /login sets",
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The session's CSRF token, from GET /api/v1/me",
            ))),
        );
        components.add_security_scheme("api_key", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The VROOM endpoint answers at `/api/v1/vroom` as well as where vroom-express serves it.
struct VroomUnderApi;

impl Modify for VroomUnderApi {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(item) = openapi.paths.paths.get("/vroom").cloned() {
            openapi.paths.paths.insert("/api/v1/vroom".to_string(), item);
        }
    }
}

/// The error answers every signed-in call may give: 401.
pub(super) struct NotSignedIn;

/// The error answers of a manager's call: 401, and 403 for anyone else.
pub(super) struct ManagerOnly;

/// The error answers of a manager's `POST`: 400 naming the field, 401, and
/// 403 for anyone else or without the CSRF token.
pub(super) struct ManagerWrite;

/// The error answers of a `POST` to a rep's day: 400 naming the field, 401,
/// and 403 for another rep or without the CSRF token.
pub(super) struct RepWrite;

/// The error answer of a call that reads a body or query: 400 naming the field.
pub(super) struct BadInput;

const BAD_INPUT: (u16, &str) = (400, "Bad input, naming the field");
const NOT_SIGNED_IN: (u16, &str) = (401, "Not signed in");

impl IntoResponses for NotSignedIn {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        errors(&[NOT_SIGNED_IN])
    }
}

impl IntoResponses for ManagerOnly {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        errors(&[NOT_SIGNED_IN, (403, "Not a manager")])
    }
}

impl IntoResponses for ManagerWrite {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        errors(&[BAD_INPUT, NOT_SIGNED_IN, (403, "Not a manager, or no CSRF token")])
    }
}

impl IntoResponses for RepWrite {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        errors(&[BAD_INPUT, NOT_SIGNED_IN, (403, "Another rep's day, or no CSRF token")])
    }
}

impl IntoResponses for BadInput {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        errors(&[BAD_INPUT])
    }
}

/// Error answers by status, each an [`ApiError`] as JSON, as `body = ApiError` describes one.
fn errors(list: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    list.iter()
        .map(|&(status, description)| {
            let content = ContentBuilder::new().schema(Some(Ref::from_schema_name(ApiError::name()))).build();
            let response =
                ResponseBuilder::new().description(description).content("application/json", content);
            (status.to_string(), RefOr::T(response.build()))
        })
        .collect()
}

/// `GET /api/v1/openapi.json`.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "This description (OpenAPI 3.1)", content_type = "application/json")))]
pub(super) async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `(method, path)` that `router()` in mod.rs serves under `/api`
    /// or at `/vroom`, read from its source: the routes of the router nested
    /// at `/api/v1` (`let api = Router::new() ... ;`) get that prefix.
    fn api_routes(source: &str) -> Vec<(String, String)> {
        let start = source.find("fn router(").expect("mod.rs has router()");
        let body = &source[start..];
        let body = &body[..body.find("\n}\n").expect("router() ends")];
        let nested = body.find("let api = Router::new()").map(|at| (at, at + body[at..].find(';').unwrap()));
        let mut routes = Vec::new();
        let mut rest = 0;
        while let Some(found) = body[rest..].find(".route(\"") {
            let at = rest + found;
            let path_start = at + ".route(\"".len();
            let path_end = path_start + body[path_start..].find('"').unwrap();
            let path = &body[path_start..path_end];
            // The arguments run to the parenthesis that closes `.route(`.
            let mut depth = 1;
            let mut end = path_end;
            for (i, c) in body[path_end..].char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end = path_end + i;
                    break;
                }
            }
            let full = match nested {
                Some((from, to)) if (from..to).contains(&at) => format!("/api/v1{path}"),
                _ => path.to_string(),
            };
            let arguments = &body[path_end..end];
            for method in ["get", "post", "put", "patch", "delete"] {
                let called = arguments.match_indices(&format!("{method}(")).any(|(i, _)| {
                    i == 0 || !arguments[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if called && (full.starts_with("/api/") || full == "/vroom") {
                    routes.push((method.to_string(), full.clone()));
                }
            }
            rest = end;
        }
        routes
    }

    #[test]
    fn every_api_route_of_the_router_is_described() {
        let routes = api_routes(include_str!("mod.rs"));
        for expected in
            ["/api/v1/me", "/api/v1/reps/{rep}/visits", "/api/v1/vroom", "/vroom", "/api/v1/openapi.json"]
        {
            assert!(routes.iter().any(|(_, path)| path == expected), "{expected} not found in {routes:?}");
        }
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        for (method, path) in &routes {
            let operation = &doc["paths"][path][method];
            assert!(
                operation.is_object(),
                "{} {path} is served but not in the OpenAPI description: annotate its handler with \
                 #[utoipa::path] and list it in ApiDoc's paths",
                method.to_uppercase()
            );
            let answers = operation["responses"].as_object().map(|r| r.keys().cloned().collect::<Vec<_>>());
            assert!(
                answers.unwrap_or_default().iter().any(|status| status.starts_with('2')),
                "{method} {path} documents no successful answer"
            );
        }
    }

    #[test]
    fn the_routes_are_read_as_the_router_declares_them() {
        let source = "fn router(state: S) -> Router {\n    let api = Router::new()\n        .route(\"/a/{x}\", get(h::a).post(h::b))\n        \
                      .route(\"/v\", post(v).layer(L::max(f(1))));\n    Router::new()\n        .route(\"/page\", get(p))\n        \
                      .route(\"/vroom\", post(v))\n        .nest(\"/api/v1\", api)\n}\n";
        let routes = api_routes(source);
        let expected: Vec<(String, String)> =
            [("get", "/api/v1/a/{x}"), ("post", "/api/v1/a/{x}"), ("post", "/api/v1/v"), ("post", "/vroom")]
                .iter()
                .map(|(m, p)| (m.to_string(), p.to_string()))
                .collect();
        assert_eq!(routes, expected);
    }

    #[test]
    fn the_description_reads_back_as_openapi_3() {
        let json = ApiDoc::openapi().to_json().unwrap();
        let parsed: utoipa::openapi::OpenApi = serde_json::from_str(&json).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(value["openapi"].as_str().unwrap().starts_with("3."), "{}", value["openapi"]);
        assert_eq!(parsed.paths.paths.len(), value["paths"].as_object().unwrap().len());
        for schema in ["RepDay", "StopView", "Recorded", "ApiError", "VroomResponse", "VroomError"] {
            assert!(value["components"]["schemas"][schema].is_object(), "{schema}");
        }
    }
}
