//! `rounds serve`: the day on every rep's phone and the team on the
//! manager's screen, over the team's database ([`crate::store`]).
//!
//! # Architecture
//!
//! - [`serve`] binds, prints the address and runs an axum router on tokio
//!   until Ctrl-C or SIGTERM, finishing the requests under way.
//! - `state.rs`: `AppState`, shared by every request:
//!   the database path, a small pool of open [`Store`](crate::store::Store)s
//!   (SQLite connections are blocking, so every use runs on tokio's blocking
//!   threads), the rate limiter and the configuration.
//! - `auth.rs`: argon2 password hashes, sessions (a random token in an
//!   HttpOnly, SameSite=Strict cookie, kept in the database as its SHA-256),
//!   the CSRF check every state-changing request passes through, and the
//!   extractors that say who may call a handler ([`auth::Signed`],
//!   [`auth::RepScope`], [`auth::Manager`]): authorisation is decided there,
//!   once per route group, never inside a handler.
//! - `extract.rs`: the query, path and form extractors, which answer what
//!   they cannot read as bad input naming it, as every handler answers its
//!   own rules' refusals.
//! - `limit.rs`: a token bucket per session (signed in) or client address
//!   (anonymous), stricter for sign-ins; the client address from
//!   `X-Forwarded-For` behind a trusted proxy.
//! - `access_log.rs`: one line per request on stderr (no query, cookie or key).
//! - `day.rs`: a rep's day as both the pages and the API show it (the plan in
//!   force from [`Store::plan_for`](crate::store::Store::plan_for), each
//!   stop's recorded state), and recording a stop, validated as
//!   `rounds record` validates a plan's visits.
//! - `pages/`: HTML rendered on the server with inline CSS and no script:
//!   the sign-in form, the rep's page (phone first), the manager's page (the
//!   report's SVG map, [`crate::report::html::day_map`]). Every label comes
//!   from [`crate::report::lang`].
//! - `replan.rs`: re-planning the rest of a rep's day from their page (late,
//!   urgent visit, stop for today), checked by the validator and published
//!   only over the plan it was made from; and which accounts a rep may call in.
//! - `week.rs`: a rep's next days, from the plans published for them.
//! - `api.rs`: the same as JSON under `/api/v1`.
//! - `edit.rs`: editing absences, appointments and accounts' fields by
//!   the files' rules, stored as a new import ([`Store::import_edit`](crate::store::Store::import_edit)).
//! - `views.rs`: the published week and the adherence report for the
//!   manager's read-only views.
//! - `publish.rs`: publishing a day or several working days from the
//!   manager's page as a background job, checked by the validator before it
//!   is stored.
//! - `api.rs`: the same as JSON under `/api/v1`; `openapi.rs` its OpenAPI
//!   description, generated from the handlers' annotations and the types they
//!   answer (utoipa), at `GET /api/v1/openapi.json`.
//! - `vroom.rs`: `POST /vroom`, VROOM's API as vroom-express serves it,
//!   behind an API key (or `--open-vroom`), solved on the blocking threads a
//!   few at a time and checked by the validator before it is answered.
//! - `demo.rs`: `rounds serve --demo`, a temporary database with a published
//!   plan and a user per rep.
//!
//! Handlers are thin: they parse input into typed values at the edge, call
//! the store and the planning library, and render. The server holds no
//! planning logic of its own.

mod access_log;
mod api;
pub mod auth;
mod day;
pub mod demo;
mod edit;
mod error;
mod extract;
mod limit;
mod openapi;
mod pages;
mod publish;
pub mod replan;
mod state;
mod views;
mod vroom;
pub mod week;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;

pub use error::ServerError;
pub use limit::RateLimits;
pub use vroom::VroomSettings;

use state::AppState;

/// The largest request body accepted (a form or a JSON record is a few
/// hundred bytes); larger ones get 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// What `rounds serve` was asked to do, parsed and checked.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// The team's database.
    pub db: PathBuf,
    /// Where to listen (port 0: any free port; the bound address is printed).
    pub listen: SocketAddr,
    /// Mark the session cookie `Secure` (when the server is reached through a TLS proxy).
    pub secure_cookies: bool,
    /// The day the pages show as today (default: the clock's, each request).
    pub today: Option<NaiveDate>,
    /// The time of day re-plans start from (default: the clock's, each request), for demos and tests.
    pub now: Option<crate::model::Seconds>,
    /// The region's time zone: the clock's date and time are read in it.
    pub tz: chrono_tz::Tz,
    /// Search iterations per search of a plan published from the pages
    /// (default: as `rounds plan` and `rounds week` choose).
    pub iterations: Option<u64>,
    /// How many requests a session or client may make.
    pub limits: RateLimits,
    /// Take the client's address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
    /// No line per request on stderr.
    pub quiet: bool,
    /// The VROOM endpoint's key requirement and bounds.
    pub vroom: VroomSettings,
}

/// Serves until Ctrl-C or SIGTERM. `on_bound` is told the address bound
/// (the test harness and `--listen 127.0.0.1:0` need it) before the first
/// request is taken.
pub async fn serve(config: ServeConfig, on_bound: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    // Open once up front, so a bad path or an old schema fails now, not at the first request.
    let store = crate::store::Store::open(&config.db)?;
    let state = Arc::new(AppState::new(&config, store));
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServerError::Bind { addr: config.listen, source })?;
    let bound = listener.local_addr().map_err(|source| ServerError::Bind { addr: config.listen, source })?;
    on_bound(bound);
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|source| ServerError::Bind { addr: bound, source })
}

/// Every route, and the layers every request passes: the error pages (in
/// the session's language, for every refusal inside), the session lookup,
/// the request log, the rate limit (per session, so it needs the session),
/// the body limit and the CSRF check (outermost first).
fn router(state: Arc<AppState>) -> Router {
    let vroom_limit = DefaultBodyLimit::max(state.vroom.max_bytes);
    let api = Router::new()
        .route("/me", get(api::me))
        .route("/me/day", get(api::my_day))
        .route("/reps/{rep}/day", get(api::rep_day))
        .route("/reps/{rep}/visits", post(api::record))
        .route("/team/day", get(api::team_day))
        // rep: re-planning the rest of the day, and the rep's week
        .route("/reps/{rep}/replan", post(api::replan))
        .route("/reps/{rep}/week", get(api::rep_week))
        // The manager's part: publishing, editing, the week and the reports.
        .route("/team/publish", post(api::publish))
        .route("/team/jobs/{id}", get(api::job))
        .route("/team/calendar/{list}", get(api::calendar).post(api::calendar_add))
        .route("/team/calendar/{list}/remove", post(api::calendar_remove))
        .route("/team/accounts/{id}", get(api::account).post(api::account_save))
        .route("/team/week", get(api::team_week))
        .route("/team/stale", get(api::team_stale))
        .route("/team/adherence", get(api::adherence))
        .route("/team/territories", get(api::territories))
        // ops: the VROOM-compatible endpoint (API key, no session, its own body limit) and the
        // OpenAPI description, which must list every route of this router (openapi.rs tests it).
        .route("/vroom", post(vroom::vroom).layer(vroom_limit))
        .route("/openapi.json", get(openapi::openapi_json));
    Router::new()
        .route("/", get(pages::home))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/lang", post(pages::set_lang))
        .route("/sw.js", get(pages::service_worker))
        .route("/offline.js", get(pages::page_script))
        .route("/rep/{rep}", get(pages::rep_page))
        .route("/rep/{rep}/visits", post(pages::record))
        .route("/team", get(pages::team_page))
        // rep: re-planning the rest of the day, and the rep's week
        .route("/rep/{rep}/replan", post(pages::replan))
        .route("/rep/{rep}/week", get(pages::rep_week_page))
        // The manager's part: publishing, editing, the week and the reports.
        .route("/team/publish", get(pages::publish_page).post(pages::publish))
        .route("/team/jobs/{id}", get(pages::job_page))
        .route("/team/calendar", get(pages::calendar_page))
        .route("/team/calendar/{list}", post(pages::calendar_add))
        .route("/team/calendar/{list}/remove", post(pages::calendar_remove))
        .route("/team/accounts", get(pages::accounts_page))
        .route("/team/accounts/{id}", get(pages::account_page).post(pages::account_save))
        .route("/team/week", get(pages::team_week_page))
        .route("/team/schedule.csv", get(pages::schedule_csv))
        .route("/team/adherence", get(pages::adherence_page))
        .route("/team/territories", get(pages::territories_page))
        // ops: the VROOM-compatible endpoint where vroom-express serves it.
        .route("/vroom", post(vroom::vroom).layer(vroom_limit))
        .nest("/api/v1", api)
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::check_csrf))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(state.clone(), limit::rate_limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), access_log::log_request))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::load_session))
        .layer(axum::middleware::from_fn(error::error_pages))
        .with_state(state)
}

/// Resolves at Ctrl-C or SIGTERM (what a service manager sends).
async fn shutdown() {
    let ctrl_c = async {
        // Without a signal handler the server runs until killed, as before.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
