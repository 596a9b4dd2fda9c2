use clap::Parser;
use shebao_server::config::Config;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    shebao_server::telemetry::init();
    match shebao_server::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("shebao-server: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
