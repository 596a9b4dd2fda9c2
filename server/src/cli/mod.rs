//! The commands beside serving (`shebao-server <command> …`, see
//! [`crate::config::Command`]), each in a module of its own (`account` here, the audit
//! log's `audit verify` in `crate::audit_verify`), run on the store that
//! `--data-dir` / `--database-url` name, without starting the server.

pub mod account;

use crate::config::{Command, Config};
use crate::db::Store;

/// Runs `command` and answers the process's exit code (an error is printed here).
pub async fn run(command: Command, config: &Config) -> std::process::ExitCode {
    match command {
        Command::Account(command) => match account::run(command, config).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("shebao-server: {error}");
                std::process::ExitCode::FAILURE
            }
        },
        // Its own exit codes: 1 when the chain is broken, 2 when it cannot be read.
        Command::Audit(command) => crate::audit_verify::run(config, &command).await,
    }
}

/// Opens (and migrates) the store the configuration names, off the async threads.
pub async fn open_store(config: &Config) -> Result<Store, String> {
    let config = config.clone();
    tokio::task::spawn_blocking(move || crate::app::open_store_sized(&config, 1, 1))
        .await
        .map_err(|e| e.to_string())?
}
