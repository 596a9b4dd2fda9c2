//! The application: shared state and the route table.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Store;
use crate::routes;
use axum::routing::{get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub clock: Clock,
    pub store: Store,
}

impl AppState {
    /// Opens the store the configuration names (migrating it) and the clock.
    pub async fn new(config: &Config) -> Result<AppState, String> {
        let clock = Clock::with_offset(config.clock_offset_ms);
        let config = config.clone();
        // The engines' clients are synchronous: open them off the async threads.
        let store = tokio::task::spawn_blocking(move || open_store(&config))
            .await
            .map_err(|e| e.to_string())??;
        Ok(AppState { clock, store })
    }
}

fn open_store(config: &Config) -> Result<Store, String> {
    match &config.database_url {
        Some(url) => Store::open_postgres(url, config.database_schema.as_deref(), 8)
            .map_err(|e| format!("cannot open PostgreSQL: {e}")),
        None => {
            std::fs::create_dir_all(&config.data_dir)
                .map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
            Store::open_sqlite(&config.sqlite_path(), 4)
                .map_err(|e| format!("cannot open {}: {e}", config.sqlite_path().display()))
        }
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
