//! The commands beside serving (`shebao-server <command> …`, see
//! [`crate::config::Command`]), each in a module of its own, run on the store that
//! `--data-dir` / `--database-url` name, without starting the server.

pub mod account;

use crate::config::{Command, Config};
use crate::db::Store;

/// Runs `command`; an error is printed by `main` and exits non-zero.
pub async fn run(command: Command, config: &Config) -> Result<(), String> {
    match command {
        Command::Account(command) => account::run(command, config).await,
    }
}

/// Opens (and migrates) the store the configuration names, off the async threads.
pub async fn open_store(config: &Config) -> Result<Store, String> {
    let config = config.clone();
    tokio::task::spawn_blocking(move || crate::app::open_store_sized(&config, 1, 1))
        .await
        .map_err(|e| e.to_string())?
}
