//! Harness for Shebao's end-to-end tests: starts the real server binary on a fresh
//! data directory and a port of its choosing, and a real headless Chromium driven
//! through ChromeDriver (WebDriver). Both are stopped when dropped.
//!
//! The tests need the web build in `dist/` and the server binary built; the README's
//! test command (`scripts/test.sh`) prepares both. `SHEBAO_SERVER_BIN`, `SHEBAO_DIST`,
//! `CHROMIUM` and `CHROMEDRIVER` override where they are looked for.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini;
pub use steps::{with_check, EMPLOYER, FLEXIBLE, RESIDENT, REVIEWER, WAIT};

mod axe;
pub mod steps;
pub mod xlsx;

/// The workspace root. Read at run time first (cargo test sets `CARGO_MANIFEST_DIR`): a
/// test binary built in another checkout sharing the target directory (as CI's clean
/// clone does) must not look for `dist/` and the tools in that checkout.
pub fn workspace_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .parent()
        .expect("e2e is in the workspace")
        .to_path_buf()
}

pub(crate) fn env_path(var: &str, default: PathBuf) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or(default)
}

/// A running `shebao-server` on a fresh data directory, with the demo data set and the
/// demo accounts (`--demo`; the journeys log in with their README passwords).
pub struct Server {
    child: Child,
    pub url: String,
    data_dir: tempfile::TempDir,
}

impl Server {
    /// Starts the server binary and waits for it to say where it listens.
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// Starts the server with extra command-line arguments.
    pub fn start_with(extra_args: &[&str]) -> Server {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let (child, url) = spawn_server(data_dir.path(), "127.0.0.1:0", extra_args);
        Server {
            child,
            url,
            data_dir,
        }
    }

    /// Stops the server and starts it again on the same data directory and port (so a
    /// page open in a browser goes on talking to it), with `extra_args` this time.
    pub fn restart_with(&mut self, extra_args: &[&str]) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let listen = self.url.trim_start_matches("http://").to_string();
        let (child, url) = spawn_server(self.data_dir.path(), &listen, extra_args);
        assert_eq!(url, self.url, "the server came back at the same address");
        self.child = child;
    }
}

/// Runs the server binary and answers it and the URL it prints once listening.
fn spawn_server(data_dir: &std::path::Path, listen: &str, extra_args: &[&str]) -> (Child, String) {
    let root = workspace_root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let binary = env_path("SHEBAO_SERVER_BIN", target_dir.join("debug/shebao-server"));
    let dist = env_path("SHEBAO_DIST", root.join("dist"));
    assert!(
        binary.exists(),
        "no server binary at {}: run scripts/test.sh (or cargo build -p shebao-server)",
        binary.display()
    );
    assert!(
        dist.join("index.html").exists(),
        "no web build in {}: run scripts/test.sh (it builds it with trunk)",
        dist.display()
    );
    let mut child = Command::new(&binary)
        .arg("--listen")
        .arg(listen)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--dist")
        .arg(&dist)
        .arg("--demo")
        .args(extra_args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start shebao-server");
    let stdout = child.stdout.take().expect("server stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("server exited before printing its URL")
            .expect("read server stdout");
        if let Some(rest) = line.strip_prefix("Shebao is running at ") {
            break rest.trim().trim_end_matches('/').to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium driven through its own ChromeDriver.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Pages narrower than this are phones: [`Browser::start`] emulates the device.
pub const PHONE_MAX_WIDTH: u32 = 600;

impl Browser {
    /// Starts ChromeDriver and a headless Chromium with a fresh profile whose page is
    /// `width`×`height` CSS pixels (e.g. 360×740 for a phone, 1366×768 for a desktop).
    ///
    /// A phone (narrower than [`PHONE_MAX_WIDTH`]) is emulated: headless Chromium widens
    /// a window narrower than 500 px, so `--window-size=360,…` alone gives a ~500 px page.
    /// ChromeDriver's mobile emulation sets the viewport itself (and a touch, mobile
    /// device honouring `<meta name="viewport">`), so the page's `innerWidth` is `width`.
    pub async fn start(width: u32, height: u32) -> Browser {
        let chromium = env_path("CHROMIUM", PathBuf::from("/usr/bin/chromium"));
        let chromedriver = env_path("CHROMEDRIVER", PathBuf::from("/usr/bin/chromedriver"));
        assert!(
            chromedriver.exists(),
            "no chromedriver at {}: scripts/test.sh installs Debian's chromium-driver",
            chromedriver.display()
        );
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("browser profile directory");
        // Flags that keep Chromium from reaching for the network, which is closed here.
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut options = serde_json::json!({ "binary": chromium, "args": args });
        if width < PHONE_MAX_WIDTH {
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": {
                    "width": width,
                    "height": height,
                    "pixelRatio": 2.0,
                    "mobile": true,
                    "touch": true,
                }
            });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let webdriver_url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&webdriver_url)
                .await
            {
                Ok(client) => break client,
                Err(error) if Instant::now() < deadline => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => panic!("could not start Chromium through chromedriver: {error}"),
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Waits until the element's text contains `needle`, returning the text; panics
    /// with what was there instead after `timeout`.
    pub async fn wait_for_text(&self, css: &str, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    if text.contains(needle) {
                        return text;
                    }
                    last = text;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} never showed {needle:?}; it showed {last:?}");
    }

    /// Ends the browser session and ChromeDriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
