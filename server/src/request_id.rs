//! A request id on every answer (`X-Request-Id`) and on every log line written while the
//! request is handled (a `tracing` span), so an operator can find what one request did
//! from the id a user reads off an error. The id is the server's own: one a client sends
//! is dropped, or a client could make its requests' log lines look like someone else's.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";

/// 64 random bits, as 16 hex characters.
fn new_id() -> String {
    let mut bytes = [0u8; 8];
    // Not a secret: should the random source fail, an id of zeros still answers.
    let _ = getrandom::getrandom(&mut bytes);
    hex::encode(bytes)
}

/// The middleware: names the request, handles it inside its span, and says the name in
/// the answer.
pub async fn tag(mut request: Request, next: Next) -> Response {
    let id = new_id();
    request.headers_mut().remove(HEADER);
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let started = std::time::Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::debug!(
            status = response.status().as_u16(),
            micros = started.elapsed().as_micros() as u64,
            "answered"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}
