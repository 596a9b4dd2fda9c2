//! `spawn_app()`: the real application on port 0 with a fresh database, as in zero2prod.
//! Each test gets its own: a fresh SQLite file, or a fresh PostgreSQL schema.

#![allow(dead_code)]

use clap::Parser;
use serde_json::Value;
use shebao_server::app::{router, AppState};
use shebao_server::config::Config;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub const ENGINES: [Engine; 2] = [Engine::Sqlite, Engine::Postgres];

pub mod world;

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub http: reqwest::Client,
    pub engine: Engine,
    pub _data_dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// `GET path` with the app's own client (and its cookies).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    /// `GET path`, its body as JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        json_of(self.http.get(self.url(path))).await
    }

    /// How many audit rows record `action`.
    pub async fn audited(&self, action: &'static str) -> i64 {
        self.state
            .store
            .read(move |tx| {
                tx.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE action = ?1",
                    shebao_server::params![action],
                )?
                .i64(0)
            })
            .await
            .unwrap()
    }
}

/// Sends `request` and answers its body as JSON.
pub async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// An answer's status and its body as JSON (`Null` when it has none).
pub async fn status_and_json(response: reqwest::Response) -> (reqwest::StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The PostgreSQL the tests use; scripts/test.sh starts it and sets the URL.
pub fn postgres_url() -> String {
    std::env::var("SHEBAO_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "SHEBAO_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL, \
             or set it to a database this user may create schemas in"
        )
    })
}

/// A schema name no other test uses.
pub fn fresh_schema() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "t{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// The tests' usual command line: port 0, the data directory, no web build, and on
/// PostgreSQL a fresh schema.
pub fn test_args(engine: Engine, data_dir: &std::path::Path) -> Vec<String> {
    let mut args = vec![
        "shebao-server".to_string(),
        "--listen".into(),
        "127.0.0.1:0".into(),
        "--data-dir".into(),
        data_dir.to_str().unwrap().into(),
        "--dist".into(),
        data_dir.join("no-dist").to_str().unwrap().into(),
    ];
    if engine == Engine::Postgres {
        args.extend(fresh_postgres_args());
    }
    args
}

/// The options that open a fresh PostgreSQL schema: `--database-url`, `--database-schema`.
pub fn fresh_postgres_args() -> [String; 4] {
    [
        "--database-url".into(),
        postgres_url(),
        "--database-schema".into(),
        fresh_schema(),
    ]
}

pub fn test_config(engine: Engine, data_dir: &std::path::Path) -> Config {
    Config::parse_from(test_args(engine, data_dir))
}

pub async fn spawn_app_on(engine: Engine) -> TestApp {
    spawn_app_with(engine, &[]).await
}

/// The app with more command-line options than the tests' usual ones (e.g.
/// `["--trusted-proxy", "127.0.0.1"]`).
pub async fn spawn_app_with(engine: Engine, extra_args: &[&str]) -> TestApp {
    spawn(engine, extra_args).await.0
}

/// The app (with `extra_args`), and the options that open its store (`--data-dir`, and
/// on PostgreSQL `--database-url` and `--database-schema`), for running the binary's
/// other subcommands (`account …`, `audit verify`) against it.
pub async fn spawn_app_with_store_args(
    engine: Engine,
    extra_args: &[&str],
) -> (TestApp, Vec<String>) {
    spawn(engine, extra_args).await
}

async fn spawn(engine: Engine, extra_args: &[&str]) -> (TestApp, Vec<String>) {
    let data_dir = tempfile::tempdir().expect("temporary data directory");
    let mut args = test_args(engine, data_dir.path());
    args.extend(extra_args.iter().map(|a| a.to_string()));
    let config = Config::parse_from(args);
    let mut store_args = vec![
        "--data-dir".to_string(),
        data_dir.path().to_str().unwrap().to_string(),
    ];
    if let (Some(url), Some(schema)) = (&config.database_url, &config.database_schema) {
        store_args.extend([
            "--database-url".to_string(),
            url.clone(),
            "--database-schema".to_string(),
            schema.clone(),
        ]);
    }
    let app = serve_config(engine, &config, data_dir).await;
    (app, store_args)
}

/// Serves the app `config` describes on its listen address (reached at 127.0.0.1, so a
/// test may listen on every interface), as `run` does, in this process; `config` may
/// name another app's store (two server processes on one PostgreSQL).
pub async fn serve_config(engine: Engine, config: &Config, data_dir: tempfile::TempDir) -> TestApp {
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .expect("bind");
    let bound = listener.local_addr().unwrap();
    let address = format!("http://127.0.0.1:{}", bound.port());
    let mut state = AppState::new(config).await.expect("state");
    // Off loopback without --public-url `run` would refuse to start; a test that
    // listens there keeps the provisional base.
    if let Ok(base) = config.public_base(bound) {
        state.public_base = base;
    }
    let app = router(state.clone(), config);
    let limits = shebao_server::serve::Limits::of(config);
    tokio::spawn(async move {
        shebao_server::serve::serve(listener, app, limits, std::future::pending())
            .await
            .unwrap()
    });
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp {
        address,
        state,
        http,
        engine,
        _data_dir: data_dir,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(Engine::Sqlite).await
}

/// Seeds the demo data set and demo accounts into the app's store, as `run` does on an
/// empty store (the demo accounts and their passwords are in `shebao_server::demo::ACCOUNTS`).
pub async fn seed_demo(app: &TestApp, persons: usize) -> shebao_server::demo::Summary {
    shebao_server::demo::seed(&app.state.store, app.state.clock.now_ms(), persons)
        .await
        .expect("demo data")
}

/// Sends an HTTP/1.1 POST over a raw socket and reads the answer's status line and
/// headers while the body is still being written: a server may (rightly) answer 413
/// before a 10 MB body has been sent, which ordinary clients report as a broken pipe.
pub async fn post_raw(
    address: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = address.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let (mut reader, mut writer) = tokio::io::split(stream);
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let writing = tokio::spawn(async move {
        let _ = writer.write_all(head.as_bytes()).await;
        let _ = writer.write_all(&body).await;
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match reader.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    writing.abort();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = text
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type:")
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, content_type, body)
}

/// Starts the real server binary as its own process with `args` (`--listen 127.0.0.1:0`
/// is added) and answers the child and the URL it printed.
pub fn spawn_server_process<I, S>(args: I) -> (std::process::Child, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut all: Vec<std::ffi::OsString> = vec!["--listen".into(), "127.0.0.1:0".into()];
    all.extend(args.into_iter().map(|a| a.as_ref().to_owned()));
    start_server_binary(all)
}

/// Starts the real server binary as its own process with exactly `args` and answers the
/// child and the URL it printed (without its last `/`). Its further output is drained
/// on a thread, so the server never blocks on a full pipe.
pub fn start_server_binary<I, S>(args: I) -> (std::process::Child, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_shebao-server"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start shebao-server");
    let mut lines = BufReader::new(child.stdout.take().expect("its stdout")).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("the server printed its URL")
            .expect("read its output");
        if let Some(rest) = line.strip_prefix("Shebao is running at ") {
            break rest.trim().trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (child, url)
}

/// Like [`spawn_app_on`], with the web build in `dist` (else none) and `extra`
/// command-line options (e.g. `--public-url https://…`). A `--listen` among them replaces
/// the loopback one; the tests still reach the server at 127.0.0.1.
pub async fn spawn_app_with_dist(
    engine: Engine,
    dist: Option<&std::path::Path>,
    extra: &[&str],
) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary data directory");
    let no_dist = data_dir.path().join("no-dist");
    let listen = extra
        .iter()
        .position(|a| *a == "--listen")
        .map_or("127.0.0.1:0", |i| extra[i + 1]);
    let mut args = vec![
        "shebao-server".to_string(),
        "--listen".into(),
        listen.into(),
        "--data-dir".into(),
        data_dir.path().to_str().unwrap().into(),
        "--dist".into(),
        dist.unwrap_or(&no_dist).to_str().unwrap().into(),
    ];
    if engine == Engine::Postgres {
        args.extend(fresh_postgres_args());
    }
    let mut rest = extra.iter();
    while let Some(arg) = rest.next() {
        if *arg == "--listen" {
            rest.next();
        } else {
            args.push(arg.to_string());
        }
    }
    let config = Config::try_parse_from(&args)
        .unwrap_or_else(|e| panic!("the server refuses the options {args:?}: {e}"));
    serve_config(engine, &config, data_dir).await
}
