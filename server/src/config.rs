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
    /// codes printed on certificates. Without it, the request's Host is used. An https
    /// address also makes every answer carry HSTS and the session cookie `Secure`.
    #[arg(long, env = "SHEBAO_PUBLIC_URL")]
    pub public_url: Option<String>,

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

    /// Persons in the generated demo data set (e.g. 1000000 for benchmarks).
    #[arg(long, env = "SHEBAO_DEMO_PERSONS", default_value_t = crate::demo::DEFAULT_PERSONS, value_name = "N")]
    pub demo_persons: usize,

    /// Extra resident accounts `resident-1` … `resident-N` (the resident demo password)
    /// for persons spread over the demo set, so the load benchmark's reads touch many
    /// persons' records, not one. Only for the scale benchmark.
    #[arg(long, default_value_t = 0, value_name = "N", hide = true)]
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

    /// Whether browsers reach the server over HTTPS: its public address says so.
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
    }

    /// Whether the server listens on this machine's loopback interface only (an
    /// address like `127.0.0.1:8080`, `[::1]:8080` or `localhost:8080`).
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
}
