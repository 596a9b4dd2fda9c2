//! The application: shared state and the route table.

use crate::clock::Clock;
use crate::config::Config;
use crate::routes;
use axum::routing::{get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub clock: Clock,
}

impl AppState {
    pub fn new(config: &Config) -> Result<AppState, String> {
        Ok(AppState {
            clock: Clock::with_offset(config.clock_offset_ms),
        })
    }
}

/// Largest request body accepted by the JSON API (uploads will have their own limit).
const MAX_JSON_BODY: usize = 256 * 1024;

pub fn router(state: AppState, config: &Config) -> Router {
    let api = Router::new()
        .route("/time", get(routes::time::get))
        .route("/validate", post(routes::validate::post))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_JSON_BODY));
    Router::new()
        .route("/health", get(routes::health::get))
        .nest("/api/v1", api)
        .with_state(state)
        .merge(crate::static_files::router(&config.dist))
        .layer(CompressionLayer::new())
}
