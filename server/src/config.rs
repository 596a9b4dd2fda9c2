//! Configuration: command-line options, each also settable by environment variable,
//! with defaults that run out of the box.

use clap::Parser;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Parser)]
#[command(
    name = "shebao-server",
    version,
    about = "Shebao social-insurance online service: API and web app"
)]
pub struct Config {
    /// Directory for the embedded database, uploaded materials and signing keys.
    #[arg(long, env = "SHEBAO_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Address and port to listen on (port 0 picks a free port and prints it).
    #[arg(long, env = "SHEBAO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// Directory of the web app built by Trunk.
    #[arg(long, env = "SHEBAO_DIST", default_value = "./dist")]
    pub dist: PathBuf,

    /// PostgreSQL URL (postgres://user:password@host/db). Without it, Shebao uses the
    /// embedded SQLite database in the data directory.
    #[arg(long, env = "SHEBAO_DATABASE_URL")]
    pub database_url: Option<String>,

    /// PostgreSQL schema to use (created if missing). Tests use a fresh one each.
    #[arg(long, env = "SHEBAO_DATABASE_SCHEMA", hide = true)]
    pub database_schema: Option<String>,

    /// Most submissions SQLite commits together (group commit). 1 commits each on its
    /// own: only for comparing throughput in the load benchmark.
    #[arg(
        long,
        env = "SHEBAO_SQLITE_GROUP_COMMIT",
        default_value_t = 512,
        hide = true
    )]
    pub sqlite_group_commit: usize,

    /// Shift the server's clock by this many milliseconds. For tests and demonstrations
    /// of month-end behaviour only; never set it in production.
    #[arg(
        long,
        env = "SHEBAO_CLOCK_OFFSET_MS",
        default_value_t = 0,
        allow_hyphen_values = true
    )]
    pub clock_offset_ms: i64,

    /// Do not generate the demo data set and demo accounts on an empty store.
    #[arg(long, env = "SHEBAO_NO_DEMO")]
    pub no_demo: bool,

    /// The address people reach Shebao at (e.g. https://shebao.example.cn), for the QR
    /// codes printed on certificates. Without it, the request's Host is used.
    #[arg(long, env = "SHEBAO_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// A reverse proxy or load balancer in front of Shebao (an address or a CIDR
    /// network; repeat for several). Only from these peers is `X-Forwarded-For` believed
    /// when Shebao decides who a client is (rate limits, the audit log).
    #[arg(
        long = "trusted-proxy",
        env = "SHEBAO_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_name = "CIDR"
    )]
    pub trusted_proxies: Vec<crate::client_address::Cidr>,

    /// Persons whose insurance status one employer agent or reviewer may look up in an
    /// hour (person search, each enrolment row, a search by full ID): the brake on
    /// learning who is insured where. One hour covers a 1,000-row batch and more.
    #[arg(
        long,
        env = "SHEBAO_PERSON_LOOKUPS_PER_HOUR",
        default_value_t = 1_200,
        value_name = "N"
    )]
    pub person_lookups_per_hour: i64,

    /// Seconds a client has to send a request's headers; a connection that dawdles is
    /// closed (slow-header attacks hold connections open for nothing).
    #[arg(
        long,
        env = "SHEBAO_HEADER_READ_TIMEOUT_SECS",
        default_value_t = 10,
        value_name = "S"
    )]
    pub header_read_timeout_secs: u64,

    /// Seconds a request may take from its headers to its answer, the body's upload
    /// included (408 past it).
    #[arg(
        long,
        env = "SHEBAO_REQUEST_TIMEOUT_SECS",
        default_value_t = 60,
        value_name = "S"
    )]
    pub request_timeout_secs: u64,

    /// Connections served at once; more wait in the listen queue until one closes.
    #[arg(
        long,
        env = "SHEBAO_MAX_CONNECTIONS",
        default_value_t = 4096,
        value_name = "N"
    )]
    pub max_connections: usize,

    /// Requests a minute one client address (an IPv6 client's /64) may make to the
    /// endpoints anyone can call without logging in (verification, open on computer,
    /// the public checks, logging in).
    #[arg(
        long,
        env = "SHEBAO_ANONYMOUS_REQUESTS_PER_MINUTE",
        default_value_t = 60,
        value_name = "N"
    )]
    pub anonymous_requests_per_minute: u32,

    /// Persons in the generated demo data set (e.g. 1000000 for benchmarks).
    #[arg(long, env = "SHEBAO_DEMO_PERSONS", default_value_t = crate::demo::DEFAULT_PERSONS, value_name = "N")]
    pub demo_persons: usize,

    /// Extra resident accounts `resident-1` … `resident-N` (the resident demo password)
    /// for persons spread over the demo set, so the load benchmark's reads touch many
    /// persons' records, not one. Only for the scale benchmark.
    #[arg(long, default_value_t = 0, value_name = "N", hide = true)]
    pub demo_resident_accounts: usize,

    /// What to do instead of serving (none: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The server's commands besides serving (`shebao-server [options] <command>`).
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// The audit log (`audit verify`: check its hash chain).
    #[command(subcommand)]
    Audit(crate::audit_verify::AuditCommand),
}

impl Config {
    /// The SQLite database file inside the data directory.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("shebao.db")
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}
