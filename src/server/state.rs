//! What every request shares: the database and the server's settings.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;

use super::limit::RateLimiter;
use super::publish::Jobs;
use super::vroom::{Busy, VroomSettings};
use super::{ServeConfig, ServerError};
use crate::model::Seconds;
use crate::store::{ReadPlans, Store};

/// How many open connections are kept for reuse. SQLite in WAL mode lets
/// readers run beside the one writer, so a few suffice for a team.
const POOL_SIZE: usize = 8;

/// Re-plans searched at once (one per core of the machine the server is sized for).
pub const REPLANS_AT_ONCE: usize = 2;

/// The state behind every handler.
pub struct AppState {
    /// The database, as given.
    db: PathBuf,
    /// Connections not in use; a request takes one or opens another.
    pool: Mutex<Vec<Store>>,
    /// The published plans read back, shared by every connection.
    read_plans: ReadPlans,
    /// Re-plans running at once ([`AppState::with_replan_slot`]).
    replans: tokio::sync::Semaphore,
    /// Whether the session cookie is marked `Secure`.
    pub secure_cookies: bool,
    /// The day shown as today, when fixed (`--today`).
    today: Option<NaiveDate>,
    /// The time of day, when fixed (`--now`).
    now: Option<Seconds>,
    /// The region's time zone.
    tz: chrono_tz::Tz,
    /// Publishing jobs, one running at a time.
    pub jobs: Jobs,
    /// Search iterations of a published plan's searches instead of the CLI's default (`--iterations`).
    pub iterations: Option<u64>,
    /// Requests per session or client address.
    pub limiter: RateLimiter,
    /// Whether the client address comes from `X-Forwarded-For` (`--trust-proxy`).
    pub trust_proxy: bool,
    /// Whether the one line per request on stderr is left out (`--quiet`).
    pub quiet: bool,
    /// The VROOM endpoint's settings.
    pub vroom: VroomSettings,
    /// How many VROOM requests are being solved.
    pub vroom_busy: Busy,
}

impl AppState {
    /// The state for `config`, with `store` (already opened and migrated) as the pool's first connection.
    pub fn new(config: &ServeConfig, store: Store) -> AppState {
        AppState {
            db: config.db.clone(),
            read_plans: store.read_plans(),
            pool: Mutex::new(vec![store]),
            replans: tokio::sync::Semaphore::new(REPLANS_AT_ONCE),
            secure_cookies: config.secure_cookies,
            today: config.today,
            now: config.now,
            tz: config.tz,
            limiter: RateLimiter::new(config.limits),
            jobs: Jobs::default(),
            iterations: config.iterations,
            trust_proxy: config.trust_proxy,
            quiet: config.quiet,
            vroom: config.vroom.clone(),
            vroom_busy: Busy::new(0),
        }
    }

    /// The database, as given.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// Today: `--today` when given, else the clock's date in the region's time zone.
    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| chrono::Utc::now().with_timezone(&self.tz).date_naive())
    }

    /// The time of day: `--now` when given, else the clock's in the region's time zone.
    pub fn now(&self) -> Seconds {
        self.now.unwrap_or_else(|| {
            let time = chrono::Utc::now().with_timezone(&self.tz).time();
            Seconds::from(chrono::Timelike::num_seconds_from_midnight(&time))
        })
    }

    /// Runs `work` with a connection on tokio's blocking threads (SQLite
    /// [`AppState::with_store`] for a re-plan, once one of [`REPLANS_AT_ONCE`]
    /// slots is free: a re-plan searches the rest of a day on the machine's
    /// cores, so many at once only make every one (and every other request)
    /// slower; the rest wait their turn.
    pub async fn with_replan_slot<T, F>(self: &std::sync::Arc<Self>, work: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ServerError> + Send + 'static,
    {
        let _slot = self
            .replans
            .acquire()
            .await
            .map_err(|_| ServerError::Internal("the re-plan queue is closed".to_string()))?;
        self.with_store(work).await
    }

    /// calls block), then puts the connection back.
    pub async fn with_store<T, F>(self: &std::sync::Arc<Self>, work: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ServerError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let taken = state.pool.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let mut store = match taken {
                Some(store) => store,
                None => Store::open(&state.db)?.sharing_read_plans(&state.read_plans),
            };
            let result = work(&mut store);
            let mut pool = state.pool.lock().unwrap_or_else(PoisonError::into_inner);
            if pool.len() < POOL_SIZE {
                pool.push(store);
            }
            result
        })
        .await
        .map_err(|err| ServerError::Internal(format!("a database task failed: {err}")))?
    }
}
