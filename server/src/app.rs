//! The application: shared state and the route table.

use crate::auth::sessions::SessionCache;
use crate::auth::SessionCookie;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{Dialect, Store};
use crate::routes;
use axum::routing::{get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub clock: Clock,
    pub store: Store,
    /// Signs and renders certificates (the key lives in the data directory).
    pub sealer: crate::certificates::Sealer,
    /// The address people reach the server at, for the certificates' QR codes.
    pub public_url: Option<String>,
    /// Sessions already looked up (SQLite only: see [`SessionCache`]).
    pub sessions: Option<std::sync::Arc<SessionCache>>,
    /// The session cookie's name and flags (from the configuration).
    pub cookie: SessionCookie,
    /// How long a session may go unused (`--session-idle-minutes`).
    pub session_idle_ms: i64,
}

impl AppState {
    /// The session cache, if this store has one.
    pub fn session_cache(&self) -> Option<&SessionCache> {
        self.sessions.as_deref()
    }

    /// Tells the session cache that the session of `token` has ended (committed).
    pub fn session_ended(&self, token: &str) {
        if let Some(cache) = &self.sessions {
            cache.forget(token);
        }
    }

    /// Opens the store the configuration names (migrating it) and the clock.
    pub async fn new(config: &Config) -> Result<AppState, String> {
        let clock = Clock::with_offset(config.clock_offset_ms);
        let sealer = crate::certificates::Sealer::new(
            crate::certificates::seal::Signer::load_or_create(&config.data_dir)?,
        );
        let public_url = config.public_url.clone();
        let cookie = SessionCookie {
            secure: config.secure_cookie(),
        };
        let session_idle_ms = i64::from(config.session_idle_minutes) * 60 * 1000;
        let config = config.clone();
        // The engines' clients are synchronous: open them off the async threads.
        let store = tokio::task::spawn_blocking(move || open_store(&config))
            .await
            .map_err(|e| e.to_string())??;
        let sessions = (store.dialect() == Dialect::Sqlite).then(Default::default);
        Ok(AppState {
            clock,
            store,
            sealer,
            public_url,
            sessions,
            cookie,
            session_idle_ms,
        })
    }
}

/// Connections per server process. More did not help on one 2-core machine shared with
/// PostgreSQL (16 writers: 451 submissions/s against 520 with 8, `loadgen
/// --postgres-only`): every connection is one more process waiting for a core.
const POSTGRES_WRITERS: usize = 8;
const POSTGRES_READERS: usize = 4;

fn open_store(config: &Config) -> Result<Store, String> {
    match &config.database_url {
        Some(url) => Store::open_postgres(
            url,
            config.database_schema.as_deref(),
            POSTGRES_WRITERS,
            POSTGRES_READERS,
        )
        .map_err(|e| format!("cannot open PostgreSQL: {e}")),
        None => {
            std::fs::create_dir_all(&config.data_dir)
                .map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
            Store::open_sqlite_grouped(&config.sqlite_path(), 4, config.sqlite_group_commit)
                .map_err(|e| format!("cannot open {}: {e}", config.sqlite_path().display()))
        }
    }
}

/// Largest request body accepted by the JSON API (uploads will have their own limit).
const MAX_JSON_BODY: usize = 256 * 1024;

fn resident_routes() -> Router<AppState> {
    use routes::{flexible, resident};
    Router::new()
        .route("/status", get(resident::status))
        .route("/contributions", get(resident::contributions))
        .route("/pension-history", get(resident::pension_history))
        .route("/applications", get(flexible::applications))
        .route("/applications/{number}/withdraw", post(flexible::withdraw))
        .route("/flexible", get(flexible::view))
        .route("/flexible/enrol", post(flexible::enrol))
        .route("/flexible/suspend", post(flexible::suspend))
        .route(
            "/flexible/materials",
            // The file itself is the body: allow a little over the 5 MB limit, so the
            // handler can answer with the specific message instead of a bare 413.
            post(flexible::upload_material).layer(axum::extract::DefaultBodyLimit::max(
                flexible::MATERIAL_MAX_BYTES + 1024,
            )),
        )
}

async fn no_such_endpoint() -> crate::problem::ApiError {
    crate::problem::ApiError::not_found("path")
}

pub fn router(state: AppState, config: &Config) -> Router {
    let api = Router::new()
        .route("/time", get(routes::time::get))
        .route(
            "/session",
            get(routes::session::get)
                .post(routes::session::post)
                .delete(routes::session::delete),
        )
        .route("/validate", post(routes::validate::post))
        .route(
            "/validate/enrolment",
            post(routes::validate_forms::enrolment),
        )
        .route("/validate/stop", post(routes::validate_forms::stop))
        .nest("/employer", routes::employer::router())
        .nest("/reviewer", routes::reviewer::router())
        .nest("/resident", resident_routes())
        .merge(routes::certificates::router())
        // A path under /api/v1 that names nothing is the API's own 404 (problem+json),
        // not the web app's index.html with 200, which a client would take for an answer.
        .fallback(no_such_endpoint)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_JSON_BODY));
    let mut router = Router::new().route("/health", get(routes::health::get));
    if config.metrics {
        router = router.route("/metrics", get(routes::health::metrics));
    }
    let headers = std::sync::Arc::new(crate::security_headers::SecurityHeaders::new(config));
    router
        .route("/api/openapi.json", get(crate::openapi::get))
        .nest("/api/v1", api)
        .with_state(state.clone())
        .merge(crate::static_files::router(&config.dist).layer(
            axum::middleware::from_fn_with_state(state, crate::shell::add_shell),
        ))
        .layer(CompressionLayer::new())
        // Outermost: every answer, the compressed ones and the fallbacks included.
        .layer(axum::middleware::from_fn_with_state(
            headers,
            crate::security_headers::add,
        ))
}
