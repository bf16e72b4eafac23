//! Token buckets: a burst is allowed, a flood is answered 429.
//!
//! - A signed-in user's requests count against their session, so a team of
//!   200 reps behind one proxy (or one office NAT) does not share a bucket.
//! - Anonymous requests count against the client address; sign-in attempts
//!   have a bucket of their own per address, far smaller, so guessing
//!   passwords is slow even from one address.
//! - The client address is the one that connects, or with `--trust-proxy`
//!   the last one of `X-Forwarded-For` (the one the proxy itself appended:
//!   earlier entries are whatever the client wrote and prove nothing).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::Signed;
use super::state::AppState;
use super::ServerError;

/// How many clients are remembered before idle ones are forgotten.
const MAX_CLIENTS: usize = 10_000;

/// How many requests a client may make.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimits {
    /// Requests in a burst (per session when signed in, else per address).
    pub burst: f64,
    /// Requests per second, sustained.
    pub per_s: f64,
    /// Sign-in attempts in a burst, per address.
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

/// Whose bucket a request takes its token from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Client {
    /// A signed-in session, by its token's SHA-256.
    Session(String),
    /// An anonymous client, by address.
    Address(IpAddr),
}

/// The buckets of every session and client address.
pub struct RateLimiter {
    limits: RateLimits,
    requests: Mutex<HashMap<Client, Bucket>>,
    sign_ins: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// Empty buckets under `limits`.
    pub fn new(limits: RateLimits) -> RateLimiter {
        RateLimiter { limits, requests: Mutex::new(HashMap::new()), sign_ins: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for a request of `client`; false when none is left.
    fn allow(&self, client: Client) -> bool {
        take(&self.requests, client, self.limits.burst, self.limits.per_s)
    }

    /// Takes a token for a sign-in attempt from `ip`; false when none is left.
    fn allow_sign_in(&self, ip: IpAddr) -> bool {
        take(&self.sign_ins, ip, self.limits.sign_in_burst, self.limits.sign_in_per_s)
    }
}

/// Takes a token from `key`'s bucket (full when new), refilled at `per_s` up to `burst`.
fn take<K: Hash + Eq>(buckets: &Mutex<HashMap<K, Bucket>>, key: K, burst: f64, per_s: f64) -> bool {
    let now = Instant::now();
    let mut buckets = buckets.lock().unwrap_or_else(PoisonError::into_inner);
    if buckets.len() >= MAX_CLIENTS {
        // Forget the clients whose buckets have refilled: they lose nothing.
        buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * per_s < burst);
    }
    let bucket = buckets.entry(key).or_insert(Bucket { tokens: burst, at: now });
    bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * per_s).min(burst);
    bucket.at = now;
    if bucket.tokens < 1.0 {
        return false;
    }
    bucket.tokens -= 1.0;
    true
}

/// The client's address: the peer's, or behind a trusted proxy the last
/// address of the last `X-Forwarded-For` header (what the proxy appended);
/// the peer's when that is missing or not an address.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trust_proxy: bool) -> IpAddr {
    if !trust_proxy {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.rsplit(',').next())
        .and_then(|hop| hop.trim().parse().ok())
        .unwrap_or(peer)
}

/// The middleware (inside the session lookup): 429 for a session or an
/// address over its limit.
pub(super) async fn rate_limit(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let ip = client_ip(peer.ip(), request.headers(), state.trust_proxy);
    let client = match request.extensions().get::<Signed>() {
        Some(signed) => Client::Session(signed.token_sha256.clone()),
        None => Client::Address(ip),
    };
    let sign_in = request.method() == Method::POST && request.uri().path() == "/login";
    if !state.limiter.allow(client) || (sign_in && !state.limiter.allow_sign_in(ip)) {
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
        assert!((0..3).all(|_| limiter.allow(Client::Address(one))));
        assert!(!limiter.allow(Client::Address(one)), "the burst is spent and nothing refills");
        assert!(limiter.allow(Client::Address(two)), "another address has its own bucket");
        assert!(limiter.allow_sign_in(one));
        assert!(!limiter.allow_sign_in(one));
    }

    #[test]
    fn each_session_has_its_own_bucket_whatever_its_address() {
        let limits = RateLimits { burst: 2.0, per_s: 0.0, sign_in_burst: 1.0, sign_in_per_s: 0.0 };
        let limiter = RateLimiter::new(limits);
        let session = |n: u8| Client::Session(format!("{n:064}"));
        assert!((0..2).all(|_| limiter.allow(session(1))));
        assert!(!limiter.allow(session(1)));
        assert!(limiter.allow(session(2)), "another rep behind the same proxy is not held back");
    }

    #[test]
    fn the_forwarded_address_counts_only_behind_a_trusted_proxy() {
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", "6.6.6.6".parse().unwrap());
        headers.append("x-forwarded-for", "10.0.0.9, 203.0.113.7".parse().unwrap());
        assert_eq!(client_ip(peer, &headers, false), peer);
        assert_eq!(client_ip(peer, &headers, true), "203.0.113.7".parse::<IpAddr>().unwrap());
        headers.insert("x-forwarded-for", "not an address".parse().unwrap());
        assert_eq!(client_ip(peer, &headers, true), peer);
        assert_eq!(client_ip(peer, &HeaderMap::new(), true), peer);
    }
}
