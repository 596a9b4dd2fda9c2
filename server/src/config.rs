//! Configuration: command-line options, each also settable by environment variable,
//! with defaults that run out of the box.
//!
//! `shebao-server [options]` serves; `shebao-server <command> …` runs one of the
//! commands of [`Command`] (e.g. `account create`) on the same store, named by the same
//! `--data-dir` / `--database-url` options (accepted before or after the command).

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// The whole command line: a command, or none to serve with [`Config`].
#[derive(Clone, Debug, Parser)]
#[command(
    name = "shebao-server",
    version,
    about = "Shebao social-insurance online service: API and web app",
    after_help = "Without a command, serves. The first reviewer and employer agents are made with `shebao-server account create`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

/// The commands beside serving. Each is a variant with its own arguments and a module
/// under `crate::cli` that runs it.
#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Create accounts, reset their passwords, disable and enable them.
    #[command(subcommand)]
    Account(crate::cli::account::AccountCommand),
    /// The audit log (`audit verify`: check its hash chain).
    #[command(subcommand)]
    Audit(crate::audit_verify::AuditCommand),
}

/// The option that allows `--demo` on an address other than loopback.
pub const DEMO_ON_PUBLIC_ADDRESS_FLAG: &str =
    "--demo-on-public-address-i-know-the-passwords-are-public";

#[derive(Clone, Debug, Parser)]
#[command(
    name = "shebao-server",
    version,
    about = "Shebao social-insurance online service: API and web app"
)]
pub struct Config {
    /// Directory for the embedded database, uploaded materials and signing keys.
    #[arg(long, env = "SHEBAO_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// Address and port to listen on (port 0 picks a free port and prints it).
    #[arg(long, env = "SHEBAO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// Directory of the web app built by Trunk.
    #[arg(long, env = "SHEBAO_DIST", default_value = "./dist")]
    pub dist: PathBuf,

    /// PostgreSQL URL (postgres://user:password@host/db). Without it, Shebao uses the
    /// embedded SQLite database in the data directory.
    #[arg(
        long,
        env = "SHEBAO_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    /// PostgreSQL schema to use (created if missing). Tests use a fresh one each.
    #[arg(long, env = "SHEBAO_DATABASE_SCHEMA", hide = true, global = true)]
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

    /// Generate the demo data set and the demo accounts on an empty store. Their
    /// passwords are public (printed at start-up and in the README), so this is refused
    /// unless the listen address is loopback (127.0.0.1, ::1, localhost).
    #[arg(long, env = "SHEBAO_DEMO")]
    pub demo: bool,

    /// Allow --demo on an address other people can reach. Anyone who reaches it can log
    /// in with the demo accounts' public passwords, as the reviewer too, and approve
    /// anything: only for a throw-away demonstration machine.
    #[arg(
        long = "demo-on-public-address-i-know-the-passwords-are-public",
        requires = "demo"
    )]
    pub demo_on_public_address: bool,

    /// The address people reach Shebao at (e.g. https://shebao.example.cn), for the QR
    /// codes printed on certificates and shown for open-on-computer codes. Required when
    /// the listen address is not loopback; on loopback without it, the listen address
    /// (`http://127.0.0.1:8080`). Never taken from a request's `Host`. An https address
    /// also makes every answer carry HSTS and the session cookie `Secure`.
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
    /// costly endpoints anyone can call without logging in (logging in, verification,
    /// open on computer); ten times as many to the cheap ones (the server's time, the
    /// public checks, the public key, the documents).
    #[arg(
        long,
        env = "SHEBAO_ANONYMOUS_REQUESTS_PER_MINUTE",
        default_value_t = 60,
        value_name = "N"
    )]
    pub anonymous_requests_per_minute: u32,

    /// Refused calls (401, 403) a minute from one client address before every API call
    /// from it is answered 429 until the minute turns: each refusal writes an audit row,
    /// and this bounds how many a flood can write. Ordinary browsing meets a few (an
    /// anonymous page asks who is logged in); an office behind one NAT address, more.
    #[arg(
        long,
        env = "SHEBAO_REFUSED_REQUESTS_PER_MINUTE",
        default_value_t = 600,
        value_name = "N"
    )]
    pub refused_requests_per_minute: u32,

    /// Sites allowed to show the pages in a frame (the government app's webview), as
    /// CSP sources (e.g. https://app.example.gov.cn); repeat the option or separate them
    /// with spaces. Without it no site may ('none', and X-Frame-Options: DENY).
    #[arg(
        long,
        env = "SHEBAO_FRAME_ANCESTORS",
        value_name = "SOURCE",
        value_delimiter = ' ',
        value_parser = parse_frame_ancestor
    )]
    pub frame_ancestors: Vec<String>,

    /// Minutes a session may go unused before it ends (it ends 8 hours after login in
    /// any case).
    #[arg(
        long,
        env = "SHEBAO_SESSION_IDLE_MINUTES",
        default_value_t = 30,
        value_name = "MINUTES",
        value_parser = clap::value_parser!(u32).range(1..=480)
    )]
    pub session_idle_minutes: u32,

    /// Answer `GET /metrics` (the store's count of committed write transactions, for the
    /// load benchmark and monitoring) to clients on this machine that did not come
    /// through a proxy. Off by default.
    #[arg(long, env = "SHEBAO_METRICS")]
    pub metrics: bool,

    /// Persons in the generated demo data set (e.g. 1000000 for benchmarks); with --demo.
    #[arg(long, env = "SHEBAO_DEMO_PERSONS", default_value_t = crate::demo::DEFAULT_PERSONS, value_name = "N", requires = "demo")]
    pub demo_persons: usize,

    /// Extra resident accounts `resident-1` … `resident-N` (the resident demo password)
    /// for persons spread over the demo set, so the load benchmark's reads touch many
    /// persons' records, not one. Only for the scale benchmark.
    #[arg(
        long,
        default_value_t = 0,
        value_name = "N",
        hide = true,
        requires = "demo"
    )]
    pub demo_resident_accounts: usize,
}

/// One `--frame-ancestors` source: a CSP source expression, which must not be able to
/// end the directive or the header.
fn parse_frame_ancestor(source: &str) -> Result<String, String> {
    let source = source.trim();
    if source.is_empty() {
        // Two spaces in a row: nothing between them.
        return Ok(String::new());
    }
    let printable = source.bytes().all(|b| b.is_ascii_graphic());
    if !printable || source.contains([';', ',', '"']) {
        return Err(format!("not a CSP source: {source:?}"));
    }
    Ok(source.to_string())
}

impl Config {
    /// The SQLite database file inside the data directory.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("shebao.db")
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Refuses `--demo` on an address that is not loopback, unless
    /// [`DEMO_ON_PUBLIC_ADDRESS_FLAG`] says so: the demo accounts' passwords are public.
    pub fn check_demo_address(&self) -> Result<(), String> {
        if !self.demo || self.demo_on_public_address || self.listens_on_loopback() {
            return Ok(());
        }
        Err(format!(
            "refusing --demo on {listen}: it is not a loopback address, and the demo accounts' \
             passwords are public (printed in the README), so anyone who reaches {listen} could log in \
             as the reviewer and approve anything. Listen on 127.0.0.1 (the default), or leave out \
             --demo and create accounts with `shebao-server account create`; for a throw-away \
             demonstration machine only, add {DEMO_ON_PUBLIC_ADDRESS_FLAG}.",
            listen = self.listen
        ))
    }

    /// The address QR codes point at, no trailing `/`: `--public-url`, or, only when
    /// listening on loopback, `http://<bound address>`. Anywhere else the server would
    /// have to guess its address from requests, which any client can lie about
    /// (`Host: evil.example`), so it refuses to start instead.
    pub fn public_base(&self, bound: std::net::SocketAddr) -> Result<String, String> {
        match &self.public_url {
            Some(url) => {
                let url = url.trim().trim_end_matches('/');
                let host = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"))
                    .unwrap_or_default();
                if host.is_empty() || host.contains(['/', '?', '#', ' ']) {
                    return Err(format!(
                        "--public-url {url:?} must be an http:// or https:// address with no path, e.g. https://shebao.example.cn"
                    ));
                }
                Ok(url.to_string())
            }
            None if bound.ip().is_loopback() => Ok(format!("http://{bound}")),
            None => Err(format!(
                "listening on {bound}, which is not a loopback address, needs --public-url (or SHEBAO_PUBLIC_URL): \
                 the address people reach Shebao at, e.g. --public-url https://shebao.example.cn, \
                 which the certificates' QR codes point at"
            )),
        }
    }

    /// Whether browsers reach the server over HTTPS: its public address says so.
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
    }

    /// Whether the server listens on this machine's loopback interface only (an
    /// address like `127.0.0.1:8080`, `[::1]:8080` or `localhost:8080`).
    /// One answer for every check that depends on it (the demo, the cookie): a host name
    /// other than `localhost` counts as not loopback, the safe side for both.
    pub fn listens_on_loopback(&self) -> bool {
        let host = self
            .listen
            .rsplit_once(':')
            .map_or(self.listen.as_str(), |(host, _)| host);
        let host = host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// Whether the session cookie must be `Secure` (and so `__Host-`): always, except
    /// for development over plain HTTP on loopback. Decided here, by the configuration,
    /// never by a header a client sends.
    pub fn secure_cookie(&self) -> bool {
        self.is_https() || !self.listens_on_loopback()
    }

    /// Sources allowed to frame the pages; empty for none.
    pub fn frame_ancestor_sources(&self) -> Vec<String> {
        self.frame_ancestors
            .iter()
            .filter(|s| !s.is_empty() && s.as_str() != "'none'")
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Config;
    use clap::Parser;

    fn config(args: &[&str]) -> Config {
        Config::try_parse_from(std::iter::once("shebao-server").chain(args.iter().copied()))
            .unwrap()
    }

    #[test]
    fn the_cookie_is_secure_unless_plain_http_on_loopback() {
        for (args, secure) in [
            (&[][..], false),
            (&["--listen", "localhost:8080"][..], false),
            (&["--listen", "[::1]:8080"][..], false),
            (&["--listen", "0.0.0.0:8080"][..], true),
            (&["--listen", "10.1.2.3:8080"][..], true),
            (&["--listen", "[::]:8080"][..], true),
            (&["--public-url", "https://shebao.example.cn"][..], true),
            (&["--public-url", "HTTPS://shebao.example.cn"][..], true),
            (&["--public-url", "http://127.0.0.1:8080"][..], false),
        ] {
            assert_eq!(config(args).secure_cookie(), secure, "{args:?}");
        }
    }

    #[test]
    fn frame_ancestors_are_repeated_or_space_separated_and_cannot_break_the_header() {
        let c = config(&[
            "--frame-ancestors",
            "https://a.example",
            "--frame-ancestors",
            "https://b.example https://c.example",
        ]);
        assert_eq!(
            c.frame_ancestor_sources(),
            [
                "https://a.example",
                "https://b.example",
                "https://c.example"
            ]
        );
        assert!(config(&["--frame-ancestors", "'none'"])
            .frame_ancestor_sources()
            .is_empty());
        for bad in ["https://a.example; script-src *", "a,b", "x\u{7f}"] {
            assert!(
                Config::try_parse_from(["shebao-server", "--frame-ancestors", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_public_base_is_configured_or_loopback_never_guessed() {
        let bound = |a: &str| a.parse::<std::net::SocketAddr>().unwrap();
        assert_eq!(
            config(&[]).public_base(bound("127.0.0.1:8080")),
            Ok("http://127.0.0.1:8080".to_string())
        );
        assert_eq!(
            config(&[]).public_base(bound("[::1]:8080")),
            Ok("http://[::1]:8080".to_string())
        );
        let refused = config(&[]).public_base(bound("0.0.0.0:8080")).unwrap_err();
        assert!(refused.contains("--public-url"), "{refused}");
        let public = config(&["--public-url", "https://shebao.example.cn/"]);
        assert_eq!(
            public.public_base(bound("0.0.0.0:8080")),
            Ok("https://shebao.example.cn".to_string())
        );
        for bad in [
            "shebao.example.cn",
            "https://",
            "https://a.cn/x",
            "ftp://a.cn",
        ] {
            assert!(
                config(&["--public-url", bad])
                    .public_base(bound("0.0.0.0:8080"))
                    .is_err(),
                "{bad}"
            );
        }
    }
}
