//! `spawn_app()`: the real application on port 0 with a fresh database, as in zero2prod.
//! Each test gets its own: a fresh SQLite file, or a fresh PostgreSQL schema.

#![allow(dead_code)]

use clap::Parser;
use shebao_server::app::{router, AppState};
use shebao_server::config::Config;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub const ENGINES: [Engine; 2] = [Engine::Sqlite, Engine::Postgres];

pub mod world;

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub http: reqwest::Client,
    pub engine: Engine,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }
}

/// The PostgreSQL the tests use; scripts/test.sh starts it and sets the URL.
pub fn postgres_url() -> String {
    std::env::var("SHEBAO_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "SHEBAO_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL, \
             or set it to a database this user may create schemas in"
        )
    })
}

/// A schema name no other test uses.
pub fn fresh_schema() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "t{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

pub fn test_config(engine: Engine, data_dir: &std::path::Path) -> Config {
    let mut args = vec![
        "shebao-server".to_string(),
        "--listen".into(),
        "127.0.0.1:0".into(),
        "--data-dir".into(),
        data_dir.to_str().unwrap().into(),
        "--dist".into(),
        data_dir.join("no-dist").to_str().unwrap().into(),
    ];
    if engine == Engine::Postgres {
        args.extend([
            "--database-url".into(),
            postgres_url(),
            "--database-schema".into(),
            fresh_schema(),
        ]);
    }
    Config::parse_from(args)
}

pub async fn spawn_app_on(engine: Engine) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary data directory");
    let config = test_config(engine, data_dir.path());
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(&config).await.expect("state");
    let app = router(state.clone(), &config);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp {
        address,
        state,
        http,
        engine,
        _data_dir: data_dir,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(Engine::Sqlite).await
}

/// Seeds the demo data set and demo accounts into the app's store, as `run` does on an
/// empty store (the demo accounts and their passwords are in `shebao_server::demo::ACCOUNTS`).
pub async fn seed_demo(app: &TestApp, persons: usize) -> shebao_server::demo::Summary {
    shebao_server::demo::seed(&app.state.store, app.state.clock.now_ms(), persons)
        .await
        .expect("demo data")
}
