//! `GET /health`: the process is up and answering, and nothing more (not what runs, not
//! how busy it is: a stranger may ask).
//!
//! `GET /metrics`, only with `--metrics`: how many write transactions the store has
//! committed (the load benchmark divides submissions by it), answered only to a client
//! on this machine that did not come through a proxy; anyone else gets the 404 of a
//! path that does not exist.

use crate::app::AppState;
use crate::problem::ApiError;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use std::net::SocketAddr;

pub async fn get() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn metrics(
    State(state): State<AppState>,
    request: Request,
) -> Result<Json<Value>, ApiError> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| *a);
    if !is_local(peer, request.headers()) {
        return Err(ApiError::not_found("path"));
    }
    Ok(Json(json!({ "commits": state.store.commits() })))
}

/// Whether the request comes from this machine itself: a loopback peer, and no sign of
/// a proxy on this machine passing on someone else's request.
pub fn is_local(peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
    let forwarded = [
        "forwarded",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-real-ip",
    ]
    .iter()
    .any(|h| headers.contains_key(*h));
    peer.is_some_and(|p| p.ip().is_loopback()) && !forwarded
}

#[cfg(test)]
mod tests {
    use super::is_local;
    use axum::http::HeaderMap;

    #[test]
    fn only_this_machine_itself_is_local() {
        let none = HeaderMap::new();
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", "203.0.113.7".parse().unwrap());
        assert!(is_local(Some("127.0.0.1:5000".parse().unwrap()), &none));
        assert!(is_local(Some("[::1]:5000".parse().unwrap()), &none));
        assert!(!is_local(Some("203.0.113.7:5000".parse().unwrap()), &none));
        assert!(!is_local(Some("10.0.0.2:5000".parse().unwrap()), &none));
        assert!(!is_local(None, &none));
        assert!(!is_local(Some("127.0.0.1:5000".parse().unwrap()), &proxied));
    }
}
