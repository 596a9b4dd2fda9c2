//! `spawn_app()`: the real application on port 0 with a fresh data directory, as in
//! zero2prod. Each test gets its own.

use clap::Parser;
use shebao_server::app::{router, AppState};
use shebao_server::config::Config;

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub http: reqwest::Client,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }
}

pub async fn spawn_app() -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary data directory");
    let config = Config::parse_from([
        "shebao-server",
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        data_dir.path().to_str().unwrap(),
        "--dist",
        data_dir.path().join("no-dist").to_str().unwrap(),
    ]);
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(&config).expect("state");
    let app = router(state.clone(), &config);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    TestApp {
        address,
        state,
        http: reqwest::Client::new(),
        _data_dir: data_dir,
    }
}
