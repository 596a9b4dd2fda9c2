//! Per-address limits on the endpoints anyone can call without logging in: logging in,
//! certificate verification, opening a certificate on a computer (each call costly),
//! and the public checks, the server's time and documents (cheap). Each client address
//! (an IPv6 client by its /64, see [`crate::client_address`]) gets
//! `--anonymous-requests-per-minute` requests a minute across the costly ones and ten
//! times that across the cheap ones; past that it is answered 429 until the minute turns,
//! before any handler runs (so no audit row, no lookup, no hash is spent on it).
//!
//! Refused calls are limited the same way: every 401 and 403 writes an audit row, so
//! an address refused more than `--refused-requests-per-minute` times in a minute is answered
//! 429 on every API call until the minute turns, before any session is looked up or
//! anything is written. (Someone sharing that address, behind the same NAT, waits out
//! the minute too; nothing else would stop a flood of anonymous refusals from writing.)
//!
//! Counted in this process's memory: the endpoints are cheap and public, and a store
//! write per anonymous request would itself be the resource an attacker exhausts. With
//! several server processes behind a balancer the effective limit is that many times
//! the figure; set it accordingly.

use crate::client_address::{client_of, TrustedProxies};
use crate::clock::Clock;
use crate::problem::ApiError;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Most addresses counted in one minute; past it, a new address is refused until the
/// minute turns (only a flood from that many addresses gets there).
const MAX_ADDRESSES: usize = 200_000;

/// Requests per client address in the current minute.
#[derive(Debug)]
pub struct AddressLimiter {
    per_minute: u32,
    window: Mutex<(i64, HashMap<String, u32>)>,
}

impl AddressLimiter {
    /// Whether `key` has used up its requests of the minute of `now_ms`.
    pub fn exhausted(&self, key: &str, now_ms: i64) -> bool {
        let window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        window.0 == now_ms.div_euclid(60_000)
            && window
                .1
                .get(key)
                .is_some_and(|count| *count >= self.per_minute)
    }

    pub fn new(per_minute: u32) -> AddressLimiter {
        AddressLimiter {
            per_minute: per_minute.max(1),
            window: Mutex::new((i64::MIN, HashMap::new())),
        }
    }

    /// Counts one request from `key` at `now_ms`: Ok, or the seconds until the minute
    /// turns.
    pub fn admit(&self, key: &str, now_ms: i64) -> Result<(), i64> {
        let minute = now_ms.div_euclid(60_000);
        let wait = || 60 - now_ms.rem_euclid(60_000) / 1000;
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if window.0 != minute {
            *window = (minute, HashMap::new());
        }
        let counts = &mut window.1;
        if !counts.contains_key(key) && counts.len() >= MAX_ADDRESSES {
            return Err(wait());
        }
        let count = counts.entry(key.to_string()).or_insert(0);
        *count += 1;
        if *count > self.per_minute {
            return Err(wait());
        }
        Ok(())
    }
}

/// How much an anonymous endpoint costs, which decides its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anonymous {
    /// Each call costs a password hash, an audit row or a guess at a secret: logging
    /// in, certificate verification, opening a certificate on a computer.
    Costly,
    /// Each call costs next to nothing and reveals nothing (the server's time, which
    /// every page without its still picture asks for; the public checks; the public
    /// key; the documents): ten times the costly figure, so an office behind one NAT
    /// address is not stopped while a flood still is.
    Cheap,
}

/// Which kind of anonymous endpoint a request goes to, if any (the route table in
/// `app.rs` is where these are defined; this list names them again for the limit, and
/// `server/tests/security/limits.rs` holds it to the verification endpoint).
pub fn anonymous(method: &Method, path: &str) -> Option<Anonymous> {
    let api = |p: &str| {
        path.strip_prefix("/api/v1")
            .is_some_and(|rest| rest == p || rest.starts_with(&format!("{p}/")))
    };
    if (method == Method::POST && path == "/api/v1/session") || api("/verify") || api("/handoff") {
        Some(Anonymous::Costly)
    } else if api("/validate")
        || api("/time")
        || api("/certificates/public-key")
        || path == "/health"
        || path == "/api/openapi.json"
    {
        Some(Anonymous::Cheap)
    } else {
        None
    }
}

/// What the middleware needs.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The costly anonymous endpoints, per address.
    pub costly: Arc<AddressLimiter>,
    /// The cheap ones.
    pub cheap: Arc<AddressLimiter>,
    /// Refused calls (401, 403) per address.
    pub refusals: Arc<AddressLimiter>,
    pub proxies: TrustedProxies,
    pub clock: Clock,
}

/// The middleware: limits the anonymous endpoints, and every API call from an address
/// refused too often; lets everything else through.
pub async fn limit(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let key = client_of(&parts, &limits.proxies).limit_key();
    let now = limits.clock.now_ms();
    let path = parts.uri.path();
    if path.starts_with("/api/") && limits.refusals.exhausted(&key, now) {
        return ApiError::rate_limited("request", 60 - now.rem_euclid(60_000) / 1000)
            .into_response();
    }
    let limiter = match anonymous(&parts.method, path) {
        Some(Anonymous::Costly) => Some(&limits.costly),
        Some(Anonymous::Cheap) => Some(&limits.cheap),
        None => None,
    };
    if let Some(Err(seconds)) = limiter.map(|l| l.admit(&key, now)) {
        return ApiError::rate_limited("request", seconds).into_response();
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        // Counted, not refused: this one is answered already.
        let _ = limits.refusals.admit(&key, now);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_gets_its_requests_a_minute() {
        let limiter = AddressLimiter::new(3);
        let t = 1_800_000_000_000;
        for _ in 0..3 {
            assert_eq!(limiter.admit("a", t), Ok(()));
        }
        assert_eq!(limiter.admit("a", t + 1_000), Err(59));
        assert_eq!(limiter.admit("b", t + 1_000), Ok(()), "another address");
        assert_eq!(limiter.admit("a", t + 60_000), Ok(()), "the next minute");
    }

    #[test]
    fn the_public_endpoints_are_the_anonymous_ones() {
        use Anonymous::{Cheap, Costly};
        assert_eq!(anonymous(&Method::GET, "/api/v1/verify/ABCD"), Some(Costly));
        assert_eq!(anonymous(&Method::POST, "/api/v1/verify/pdf"), Some(Costly));
        assert_eq!(anonymous(&Method::POST, "/api/v1/handoff"), Some(Costly));
        assert_eq!(anonymous(&Method::POST, "/api/v1/session"), Some(Costly));
        assert_eq!(anonymous(&Method::GET, "/api/v1/time"), Some(Cheap));
        assert_eq!(anonymous(&Method::POST, "/api/v1/validate"), Some(Cheap));
        assert_eq!(anonymous(&Method::GET, "/api/v1/session"), None);
        assert_eq!(anonymous(&Method::GET, "/api/v1/verifyx"), None);
        assert_eq!(anonymous(&Method::GET, "/api/v1/resident/status"), None);
        assert_eq!(anonymous(&Method::GET, "/resident"), None);
    }
}
