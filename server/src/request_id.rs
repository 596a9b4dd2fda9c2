//! A request id on every answer (`X-Request-Id`) and on every log line written while the
//! request is handled, so an operator can find what one request did from the id a user
//! reads off an error. The id is the server's own: one a client sends is dropped, or a
//! client could make its requests' log lines look like someone else's.
//!
//! Two layers: [`tag`], outermost, names the request (an extension, [`RequestId`]) and
//! says the name in the answer; inside it, tower-http's `TraceLayer` ([`trace`]) opens
//! the request's one span, carrying that id, and logs the request and its answer.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{MakeSpan, TraceLayer};

pub const HEADER: &str = "x-request-id";

/// The id the server gave this request.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// 64 random bits, as 16 hex characters.
fn new_id() -> String {
    let mut bytes = [0u8; 8];
    // Not a secret: should the random source fail, an id of zeros still answers.
    let _ = getrandom::getrandom(&mut bytes);
    hex::encode(bytes)
}

/// The middleware: names the request and says the name in the answer.
pub async fn tag(mut request: Request, next: Next) -> Response {
    let id = new_id();
    request.headers_mut().remove(HEADER);
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

/// The request's span: its id (from [`tag`]), method and path.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &axum::http::Request<B>) -> tracing::Span {
        let id = request
            .extensions()
            .get::<RequestId>()
            .map_or("-", |id| id.0.as_str());
        tracing::info_span!(
            "request",
            id = %id,
            method = %request.method(),
            path = %request.uri().path(),
        )
    }
}

/// tower-http's `TraceLayer` in the span of [`RequestSpan`]: the request, its answer
/// (status, latency) and any server error are logged inside it.
pub fn trace() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan> {
    TraceLayer::new_for_http().make_span_with(RequestSpan)
}
