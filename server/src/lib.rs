//! # shebao-server
//!
//! Thin HTTP handlers over the rules of `shebao-core`: every request is parsed, judged
//! by core at the server's own clock, and answered. The server also serves the web
//! app built by Trunk (`dist/`).

pub mod app;
pub mod auth;
pub mod certificates;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod jobs;
pub mod migrations;
pub mod openapi;
pub mod problem;
pub mod repo;
pub mod review;
pub mod routes;
pub mod security_headers;
pub mod shell;
pub mod static_files;
pub mod submission;
pub mod telemetry;

use config::Config;
use std::net::SocketAddr;

/// Binds, prints where Shebao is, and serves until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
    let state = app::AppState::new(&config).await?;
    let demo_persons = (!config.no_demo).then_some(config.demo_persons);
    let demo_accounts = demo::prepare(&state.store, state.clock.now_ms(), demo_persons).await?;
    if demo_persons.is_some() && config.demo_resident_accounts > 0 {
        demo::bench::resident_accounts(&state.store, config.demo_resident_accounts).await?;
    }
    jobs::spawn(state.clone());
    let router = app::router(state, &config);

    // The e2e tests read this line to learn the port when started with port 0.
    println!("Shebao is running at http://{address}/");
    if let Some(accounts) = demo_accounts {
        println!("{accounts}");
    }
    if !config.dist.join("index.html").exists() {
        println!(
            "note: no web build in {} (build it with `trunk build --release`); the API still works",
            config.dist.display()
        );
    }

    // The peer's address reaches handlers that throttle public guessing.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
