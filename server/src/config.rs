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
    /// codes printed on certificates and shown for open-on-computer codes. Required when
    /// the listen address is not loopback; on loopback without it, the listen address
    /// (`http://127.0.0.1:8080`). Never taken from a request's `Host`.
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

    /// Persons in the generated demo data set (e.g. 1000000 for benchmarks).
    #[arg(long, env = "SHEBAO_DEMO_PERSONS", default_value_t = crate::demo::DEFAULT_PERSONS, value_name = "N")]
    pub demo_persons: usize,

    /// Extra resident accounts `resident-1` … `resident-N` (the resident demo password)
    /// for persons spread over the demo set, so the load benchmark's reads touch many
    /// persons' records, not one. Only for the scale benchmark.
    #[arg(long, default_value_t = 0, value_name = "N", hide = true)]
    pub demo_resident_accounts: usize,
}

impl Config {
    /// The SQLite database file inside the data directory.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("shebao.db")
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
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
}

#[cfg(test)]
mod tests {
    use super::Config;
    use clap::Parser;

    fn config(args: &[&str]) -> Config {
        Config::parse_from(std::iter::once("shebao-server").chain(args.iter().copied()))
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
