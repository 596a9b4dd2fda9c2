use clap::Parser;
use shebao_server::config::Cli;

/// mimalloc instead of the C library's allocator: requests allocate on one thread and
/// free on another (tokio's workers, the store's threads), which glibc's malloc handles
/// with locks and consolidation that showed as a tenth of the writer thread's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    shebao_server::telemetry::init();
    let Some(command) = cli.command else {
        return match shebao_server::run(cli.config).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("shebao-server: {error}");
                std::process::ExitCode::FAILURE
            }
        };
    };
    shebao_server::cli::run(command, &cli.config).await
}
