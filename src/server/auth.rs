//! Who is asking, and may they: passwords, sessions, the CSRF check and the
//! extractors that authorise each route group.
//!
//! - Passwords are kept as argon2id hashes in PHC form ([`hash_password`]);
//!   a sign-in for a name nobody has still verifies a hash, so the answer
//!   takes as long and says as little as a wrong password.
//! - A session is 32 random bytes, sent once in the `rounds_session` cookie
//!   (HttpOnly, SameSite=Strict, `Secure` behind TLS) and kept in the
//!   database only as its SHA-256, with the session's CSRF token, language
//!   and expiry ([`SESSION_S`]).
//! - `load_session` finds the session of every request; `check_csrf`
//!   refuses any request that changes something (every method but GET and
//!   HEAD, sign-in aside) unless it carries the session's CSRF token, in the
//!   `X-CSRF-Token` header (JSON) or the `csrf` form field (pages). The VROOM
//!   endpoint alone passes without: it takes an API key and ignores the cookie.
//! - Handlers say who may call them by what they extract: [`Signed`] (anyone
//!   signed in), [`RepScope`] (the rep named in the path, or a manager),
//!   [`Manager`]. A refusal to a page's path is drawn as a page (or a
//!   redirect to the sign-in page) by the error-page layer (`error_pages`).

use std::sync::{Arc, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, OptionalFromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::state::AppState;
use super::{ServerError, MAX_BODY_BYTES};
use crate::report::lang::Lang;
use crate::store::{Role, User};

/// The session cookie's name.
pub const COOKIE: &str = "rounds_session";
/// How long a session lasts: a working day and some.
pub const SESSION_S: i64 = 12 * 3600;
/// The header a JSON call carries its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The shortest password `rounds db user add` accepts.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// The argon2id hash of `password` with a fresh random salt, in PHC form.
pub fn hash_password(password: &str) -> Result<String, ServerError> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|err| ServerError::Internal(format!("cannot encode a salt: {err}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| ServerError::Internal(format!("cannot hash the password: {err}")))
}

/// Whether `password` matches `hash` (`None`: no such user; a hash is still
/// verified, so both answers take as long).
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("no such user").unwrap_or_default());
    let checked = hash.unwrap_or(dummy);
    let matches = PasswordHash::new(checked)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok());
    matches && hash.is_some()
}

/// `N` bytes from the operating system's random source.
fn random_bytes<const N: usize>() -> Result<[u8; N], ServerError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| ServerError::Internal(format!("no random bytes: {err}")))?;
    Ok(bytes)
}

/// 32 random bytes in hex: a session token or a CSRF token.
pub fn random_token() -> Result<String, ServerError> {
    Ok(hex(&random_bytes::<32>()?))
}

/// A random password for demo users: 12 letters and digits, none easily confused.
pub fn random_password() -> Result<String, ServerError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = random_bytes::<12>()?;
    Ok(bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a token, in hex: how the database keeps it.
pub fn token_sha256(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Now, in unix seconds.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Equal bytes, compared in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_S}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends it.
pub fn cleared_cookie(secure: bool) -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}", if secure { "; Secure" } else { "" })
}

/// The session token of the request's cookie, when it looks like one.
fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, token)| token)
        .filter(|token| token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The language a browser asks for in `Accept-Language` (the highest `q`
/// of those rounds speaks; English when none).
pub fn lang_of_accept(headers: &HeaderMap) -> Lang {
    let Some(accept) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
        return Lang::En;
    };
    let mut best: Option<(f64, Lang)> = None;
    for entry in accept.split(',') {
        let mut parts = entry.split(';');
        let Some(Ok(lang)) = parts.next().map(Lang::parse) else { continue };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f64>().ok())
            .unwrap_or(1.0);
        if best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::En, |(_, lang)| lang)
}

/// A signed-in user's session, as the handlers see it.
#[derive(Clone, Debug)]
pub struct Signed {
    /// Who.
    pub user: User,
    /// The session's CSRF token, put in every form.
    pub csrf: String,
    /// The language of the pages.
    pub lang: Lang,
    /// The SHA-256 of the session's token (to sign out or change the language).
    pub token_sha256: String,
}

/// Finds the request's session (if any) and keeps it in the request, and in
/// the response, where the error pages read the user's language.
pub(super) async fn load_session(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(token) = cookie_token(request.headers()) {
        let hash = token_sha256(token);
        let found = {
            let hash = hash.clone();
            state.with_store(move |store| Ok(store.session(&hash, unix_now())?)).await
        };
        match found {
            Ok(Some(session)) => {
                let lang = Lang::parse(&session.lang).unwrap_or_default();
                let signed = Signed { user: session.user, csrf: session.csrf, lang, token_sha256: hash };
                request.extensions_mut().insert(signed);
            }
            Ok(None) => {}
            Err(err) => return err.into_response(),
        }
    }
    let signed = request.extensions().get::<Signed>().cloned();
    let mut response = next.run(request).await;
    if let Some(signed) = signed {
        response.extensions_mut().insert(signed);
    }
    response
}

/// The VROOM endpoint's paths: authenticated by an API key, never by the
/// session cookie, so a cross-site request gains nothing from the cookie.
fn is_key_authenticated(method: &Method, path: &str) -> bool {
    method == Method::POST && (path == "/vroom" || path == "/api/v1/vroom")
}

/// Refuses a request that changes something without its session's CSRF token.
pub(super) async fn check_csrf(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if matches!(*request.method(), Method::GET | Method::HEAD)
        || (request.method() == Method::POST && path == "/login")
        || is_key_authenticated(request.method(), &path)
    {
        return next.run(request).await;
    }
    let Some(csrf) = request.extensions().get::<Signed>().map(|s| s.csrf.clone()) else {
        return ServerError::SignedOut.into_response();
    };
    if let Some(given) = request.headers().get(CSRF_HEADER) {
        if same(given.as_bytes(), csrf.as_bytes()) {
            return next.run(request).await;
        }
        return ServerError::Csrf.into_response();
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return ServerError::Csrf.into_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return ServerError::TooLarge.into_response();
    };
    // The token is hex, so it needs no percent-decoding.
    let given = bytes
        .split(|b| *b == b'&')
        .find_map(|pair| pair.strip_prefix(b"csrf="))
        .is_some_and(|token| same(token, csrf.as_bytes()));
    if !given {
        return ServerError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

impl<S: Send + Sync> FromRequestParts<S> for Signed {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Signed>().cloned().ok_or(ServerError::SignedOut)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Signed {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Signed>().cloned())
    }
}

/// A request about the rep named in the path, by that rep or a manager.
#[derive(Clone, Debug)]
pub struct RepScope {
    /// Who asks.
    pub signed: Signed,
    /// The rep id of the path.
    pub rep: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RepScope {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let signed = <Signed as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        let Path(rep) = <Path<String> as FromRequestParts<S>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ServerError::bad("rep", "the path names no rep"))?;
        if !signed.user.role.may_see_rep(&rep) {
            return Err(ServerError::Forbidden);
        }
        Ok(RepScope { signed, rep })
    }
}

/// A request only a manager may make.
#[derive(Clone, Debug)]
pub struct Manager(pub Signed);

impl<S: Send + Sync> FromRequestParts<S> for Manager {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let signed = <Signed as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        match signed.user.role {
            Role::Manager => Ok(Manager(signed)),
            Role::Rep(_) => Err(ServerError::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", Some(&hash)));
        assert!(!verify_password("wrong horse", Some(&hash)));
        assert!(!verify_password("correct horse", None));
        assert_ne!(hash, hash_password("correct horse").unwrap(), "a fresh salt each time");
    }

    #[test]
    fn the_browser_language_is_the_best_one_rounds_speaks() {
        let accept = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_LANGUAGE, value.parse().unwrap());
            lang_of_accept(&headers)
        };
        assert_eq!(accept("ja-JP,ja;q=0.9,en;q=0.8"), Lang::Ja);
        assert_eq!(accept("fi-FI,fi;q=0.9,en-US;q=0.8,ja;q=0.5"), Lang::En);
        assert_eq!(accept("en;q=0.3, ja;q=0.7"), Lang::Ja);
        assert_eq!(accept("fi"), Lang::En);
        assert_eq!(lang_of_accept(&HeaderMap::new()), Lang::En);
    }

    #[test]
    fn only_a_well_formed_session_cookie_is_read() {
        let token = "ab".repeat(32);
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, format!("other=1; {COOKIE}={token}").parse().unwrap());
        assert_eq!(cookie_token(&headers), Some(token.as_str()));
        headers.insert(header::COOKIE, format!("{COOKIE}=../../etc").parse().unwrap());
        assert_eq!(cookie_token(&headers), None);
    }
}
