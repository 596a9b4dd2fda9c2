//! # shebao-server
//!
//! Thin HTTP handlers over the rules of `shebao-core`: every request is parsed, judged
//! by core at the server's own clock, and answered. The server also serves the web
//! app built by Trunk (`dist/`).

pub mod app;
pub mod audit;
pub mod audit_verify;
pub mod auth;
pub mod certificates;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod jobs;
pub mod lookups;
pub mod openapi;
pub mod problem;
pub mod rate_limit;
pub mod repo;
pub mod request_id;
pub mod review;
pub mod routes;
pub mod security_headers;
pub mod serve;
pub mod shell;
pub mod static_files;
pub mod submission;
pub mod telemetry;

use config::Config;
use std::net::SocketAddr;

/// Binds, prints where Shebao is, and serves until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), String> {
    // Before anything is opened or written.
    config.check_demo_address()?;
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
    let public_base = config.public_base(address)?;
    let mut state = app::AppState::new(&config).await?;
    state.public_base = public_base;
    // A store seeded by an earlier --demo still has accounts anyone can log in to.
    if !config.demo_on_public_address && !config.listens_on_loopback() {
        let open = demo::publicly_known_accounts(&state.store).await?;
        if !open.is_empty() {
            return Err(format!(
                "refusing to listen on {listen}: this store has demo accounts whose passwords are \
                 public (printed in the README): {open}. Disable them (`shebao-server account disable \
                 --username …`) or reset their passwords first; for a throw-away demonstration \
                 machine only, add --demo {flag}.",
                listen = config.listen,
                open = open.join(", "),
                flag = config::DEMO_ON_PUBLIC_ADDRESS_FLAG,
            ));
        }
    }
    let demo_persons = config.demo.then_some(config.demo_persons);
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

    // The peer's address reaches handlers as ConnectInfo (rate limits, the audit log).
    serve::serve(
        listener,
        router,
        serve::Limits::of(&config),
        shutdown_signal(),
    )
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
