//! The application: shared state and the route table.

use crate::auth::sessions::SessionCache;
use crate::auth::SessionCookie;
use crate::client_address::{HasTrustedProxies, TrustedProxies};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{Dialect, Store};
use crate::routes;
use axum::routing::get;
use axum::Router;
use tower_http::compression::CompressionLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub clock: Clock,
    pub store: Store,
    /// Signs and renders certificates (the key lives in the data directory).
    pub sealer: crate::certificates::Sealer,
    /// The address people reach the server at, no trailing `/`, for the certificates'
    /// and open-on-computer QR codes: `Config::public_base`, never a request's `Host`.
    pub public_base: String,
    /// Sessions already looked up (SQLite only: see [`SessionCache`]).
    pub sessions: Option<std::sync::Arc<SessionCache>>,
    /// The session cookie's name and flags (from the configuration).
    pub cookie: SessionCookie,
    /// How long a session may go unused (`--session-idle-minutes`).
    pub session_idle_ms: i64,
    /// Whose `X-Forwarded-For` is believed (see [`crate::client_address`]).
    pub trusted_proxies: TrustedProxies,
    /// Persons an agent or reviewer may look up an hour (see [`crate::lookups`]).
    pub person_lookups_per_hour: i64,
    /// Bounds how many password hashes run at once.
    pub password_hashing: std::sync::Arc<crate::auth::hashing::HashingGate>,
}

impl HasTrustedProxies for AppState {
    fn trusted_proxies(&self) -> &TrustedProxies {
        &self.trusted_proxies
    }
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

    /// Tells the session cache that the sessions of `account_id` changed (committed):
    /// ended, or its password changed.
    pub fn account_sessions_changed(&self, account_id: crate::repo::ids::AccountId) {
        if let Some(cache) = &self.sessions {
            cache.forget_account(account_id);
        }
    }

    /// Opens the store the configuration names (migrating it) and the clock.
    pub async fn new(config: &Config) -> Result<AppState, String> {
        let clock = Clock::with_offset(config.clock_offset_ms);
        let sealer = crate::certificates::Sealer::new(
            crate::certificates::seal::Signer::load_or_create(&config.data_dir)?,
        );
        // Provisional until the listener is bound (`run` sets it from the bound address).
        let public_base = config
            .public_url
            .clone()
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .unwrap_or_else(|| format!("http://{}", config.listen));
        let person_lookups_per_hour = config.person_lookups_per_hour;
        let trusted_proxies = TrustedProxies::new(config.trusted_proxies.clone());
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
            public_base,
            sessions,
            trusted_proxies,
            person_lookups_per_hour,
            password_hashing: std::sync::Arc::new(crate::auth::hashing::HashingGate::per_core()),
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
    open_store_sized(config, POSTGRES_WRITERS, POSTGRES_READERS)
}

/// Opens the store with `writers` and `readers` connections on PostgreSQL (a command
/// of `crate::cli` needs one of each, not a server's pools).
pub(crate) fn open_store_sized(
    config: &Config,
    writers: usize,
    readers: usize,
) -> Result<Store, String> {
    match &config.database_url {
        Some(url) => Store::open_postgres(url, config.database_schema.as_deref(), writers, readers)
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

async fn no_such_endpoint() -> crate::problem::ApiError {
    crate::problem::ApiError::not_found("path")
}

/// Where the API lives; each route's `#[utoipa::path]` names its path below it.
pub const API_PREFIX: &str = "/api/v1";

/// Every route of the API, each registered once from its `#[utoipa::path]` (which also
/// describes it in the OpenAPI document); paths relative to [`API_PREFIX`].
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(routes::time::router())
        .merge(routes::session::router())
        .merge(routes::validate::router())
        .merge(routes::validate_forms::router())
        .merge(routes::employer::router())
        .merge(routes::reviewer::router())
        .merge(routes::resident::router())
        .merge(routes::flexible::router())
        .merge(routes::openings::router())
        .merge(routes::stop_requests::router())
        .merge(routes::certificates::router())
}

pub fn router(state: AppState, config: &Config) -> Router {
    let api = api_routes()
        // A path under /api/v1 that names nothing is the API's own 404 (problem+json),
        // not the web app's index.html with 200, which a client would take for an answer.
        .fallback(no_such_endpoint)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_JSON_BODY))
        // Every 401 and 403 of the API is recorded in the audit log.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::audit::refusals,
        ));
    let (api, document) = OpenApiRouter::with_openapi(crate::openapi::ApiDoc::openapi())
        .nest(API_PREFIX, api)
        .split_for_parts();
    let document = crate::openapi::Document::new(document);
    let mut router = Router::new().route("/health", get(routes::health::get));
    if config.metrics {
        router = router.route("/metrics", get(routes::health::metrics));
    }
    let headers = std::sync::Arc::new(crate::security_headers::SecurityHeaders::new(config));
    router
        .route("/api/openapi.json", get(move || document.serve()))
        .merge(api)
        .with_state(state.clone())
        .merge(crate::static_files::router(&config.dist).layer(
            axum::middleware::from_fn_with_state(state.clone(), crate::shell::add_shell),
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            crate::rate_limit::Limits {
                costly: std::sync::Arc::new(crate::rate_limit::AddressLimiter::new(
                    config.anonymous_requests_per_minute,
                )),
                cheap: std::sync::Arc::new(crate::rate_limit::AddressLimiter::new(
                    config.anonymous_requests_per_minute.saturating_mul(10),
                )),
                refusals: std::sync::Arc::new(crate::rate_limit::AddressLimiter::new(
                    config.refused_requests_per_minute,
                )),
                proxies: state.trusted_proxies.clone(),
                clock: state.clock.clone(),
            },
            crate::rate_limit::limit,
        ))
        // From the headers to the answer, the body's upload included (408 past it).
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(config.request_timeout_secs.max(1)),
        ))
        // Every answer, the compressed ones and the fallbacks included.
        .layer(axum::middleware::from_fn_with_state(
            headers,
            crate::security_headers::add,
        ))
        // The request's one span, with its id: every log line it causes is in it.
        .layer(crate::request_id::trace())
        // Outermost: the request's id, on its answer and (through the span) in the logs.
        .layer(axum::middleware::from_fn(crate::request_id::tag))
}
