//! A token bucket per client address: a burst is allowed, a flood is
//! answered 429. Sign-in attempts have a bucket of their own, far smaller,
//! so guessing passwords is slow even from one address.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::AppState;
use super::ServerError;

/// How many addresses are remembered before idle ones are forgotten.
const MAX_CLIENTS: usize = 10_000;

/// How many requests a client address may make.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimits {
    /// Requests in a burst.
    pub burst: f64,
    /// Requests per second, sustained.
    pub per_s: f64,
    /// Sign-in attempts in a burst.
    pub sign_in_burst: f64,
    /// Sign-in attempts per second, sustained.
    pub sign_in_per_s: f64,
}

impl Default for RateLimits {
    /// A phone loads a page and records a visit a minute; a manager's screen
    /// refreshes a page a minute. Ten sign-ins at once, then one every six seconds.
    fn default() -> RateLimits {
        RateLimits { burst: 120.0, per_s: 20.0, sign_in_burst: 10.0, sign_in_per_s: 1.0 / 6.0 }
    }
}

/// One client's tokens.
#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every client address.
pub struct RateLimiter {
    limits: RateLimits,
    requests: Mutex<HashMap<IpAddr, Bucket>>,
    sign_ins: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// Empty buckets under `limits`.
    pub fn new(limits: RateLimits) -> RateLimiter {
        RateLimiter { limits, requests: Mutex::new(HashMap::new()), sign_ins: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for a request from `ip`; false when none is left.
    fn allow(&self, ip: IpAddr, sign_in: bool) -> bool {
        let now = Instant::now();
        let (buckets, burst, per_s) = if sign_in {
            (&self.sign_ins, self.limits.sign_in_burst, self.limits.sign_in_per_s)
        } else {
            (&self.requests, self.limits.burst, self.limits.per_s)
        };
        let mut buckets = buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= MAX_CLIENTS {
            // Forget the clients whose buckets have refilled: they lose nothing.
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * per_s < burst);
        }
        let bucket = buckets.entry(ip).or_insert(Bucket { tokens: burst, at: now });
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * per_s).min(burst);
        bucket.at = now;
        if bucket.tokens < 1.0 {
            return false;
        }
        bucket.tokens -= 1.0;
        true
    }
}

/// The middleware: 429 for a client over its limit.
pub(super) async fn rate_limit(
    State(state): State<Arc<AppState>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let sign_in = request.method() == Method::POST && request.uri().path() == "/login";
    let ip = client.ip();
    if !state.limiter.allow(ip, false) || (sign_in && !state.limiter.allow(ip, true)) {
        return ServerError::TooMany.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_and_sign_ins_have_their_own_bucket() {
        let limits = RateLimits { burst: 3.0, per_s: 0.0, sign_in_burst: 1.0, sign_in_per_s: 0.0 };
        let limiter = RateLimiter::new(limits);
        let (one, two): (IpAddr, IpAddr) = ("127.0.0.1".parse().unwrap(), "127.0.0.2".parse().unwrap());
        assert!((0..3).all(|_| limiter.allow(one, false)));
        assert!(!limiter.allow(one, false), "the burst is spent and nothing refills");
        assert!(limiter.allow(two, false), "another address has its own bucket");
        assert!(limiter.allow(one, true));
        assert!(!limiter.allow(one, true));
    }
}
