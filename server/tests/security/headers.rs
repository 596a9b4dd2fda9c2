//! The headers that keep a browser from being turned against the reader, on every kind
//! of answer (the pages, the page that carries the session and its CSRF token, the API,
//! a PDF, a static file), on both engines; and what `/health` tells a stranger.
//!
//! Each test plays the attack: framing the page from another site (frame-ancestors,
//! X-Frame-Options), running a script the page did not ship (a CSP without
//! `unsafe-inline`, whose hashes are those of the inline scripts of `dist/`), sniffing a
//! type, leaking the address in a Referer, keeping an ID and a mobile in a shared cache,
//! downgrading to plain HTTP, and asking `/health` what runs and how busy it is.

use crate::common;

use base64::Engine as _;
use common::world::{self, seed, Session};
use common::{spawn_app_with_dist, ENGINES};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;

/// The head script of `index.html` (elder mode, language) as Trunk leaves it.
const HEAD_SCRIPT: &str = r#"
    try {
      const root = document.documentElement;
      if (localStorage.getItem("shebao.elder") === "1") root.className = "elder";
    } catch (_) {}
  "#;

/// The loader (`Trunk.toml`'s `pattern_script`) as Trunk writes it into a build.
const LOADER: &str = r#"
const { default: init } = await import("/shebao-web-0123456789abcdef.js");
await init({ module_or_path: "/shebao-web-0123456789abcdef_bg.wasm" });
"#;

/// The employer build's loader.
const EMPLOYER_LOADER: &str = r#"
const { default: init } = await import("/builds/employer/shebao-web-fedcba9876543210.js");
await init({ module_or_path: "/builds/employer/shebao-web-fedcba9876543210_bg.wasm" });
"#;

fn page(loader: &str) -> String {
    format!(
        concat!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<script>{}</script>\n",
            "<link rel=\"stylesheet\" href=\"/style-0123456789abcdef.css\">\n",
            "<script type=\"module\">{}</script>\n",
            "</head>\n<body></body>\n</html>\n"
        ),
        HEAD_SCRIPT, loader
    )
}

/// A small web build: the first-load `index.html`, the employer's build and a hashed
/// asset, each page with its inline scripts.
fn fake_dist() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    fs::write(dist.path().join("index.html"), page(LOADER)).unwrap();
    fs::write(
        dist.path().join("shebao-web-0123456789abcdef.js"),
        "export default 1;",
    )
    .unwrap();
    let employer = dist.path().join("builds/employer");
    fs::create_dir_all(&employer).unwrap();
    fs::write(employer.join("index.html"), page(EMPLOYER_LOADER)).unwrap();
    dist
}

fn sha256_source(script: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()))
    )
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

/// The Content-Security-Policy's directives, each with its sources.
fn csp(headers: &HeaderMap, what: &str) -> BTreeMap<String, Vec<String>> {
    let value = header(headers, "content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    value
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

/// What every answer carries with the default configuration over plain HTTP.
fn assert_hardened(headers: &HeaderMap, what: &str) {
    assert_eq!(
        header(headers, "x-content-type-options"),
        Some("nosniff"),
        "{what}: X-Content-Type-Options"
    );
    assert_eq!(
        header(headers, "referrer-policy"),
        Some("no-referrer"),
        "{what}: Referrer-Policy"
    );
    assert_eq!(
        header(headers, "x-frame-options"),
        Some("DENY"),
        "{what}: X-Frame-Options"
    );
    let policy = csp(headers, what);
    assert_eq!(
        policy.get("frame-ancestors").map(Vec::as_slice),
        Some(&["'none'".to_string()][..]),
        "{what}: frame-ancestors"
    );
    assert_eq!(
        header(headers, "strict-transport-security"),
        None,
        "{what}: HSTS over plain HTTP"
    );
}

/// A page's policy: scripts only from here and the inline scripts `dist/` ships.
fn assert_page_policy(headers: &HeaderMap, what: &str) {
    let policy = csp(headers, what);
    let scripts = policy
        .get("script-src")
        .unwrap_or_else(|| panic!("{what}: no script-src in {policy:?}"));
    for wanted in [
        "'self'".to_string(),
        "'wasm-unsafe-eval'".to_string(),
        sha256_source(HEAD_SCRIPT),
        sha256_source(LOADER),
        sha256_source(EMPLOYER_LOADER),
    ] {
        assert!(
            scripts.contains(&wanted),
            "{what}: {wanted} not in {scripts:?}"
        );
    }
    for banned in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "*",
        "data:",
        "http:",
        "https:",
    ] {
        assert!(
            !scripts.iter().any(|s| s == banned),
            "{what}: {banned} in script-src {scripts:?}"
        );
    }
    assert_eq!(
        policy.get("base-uri").map(Vec::as_slice),
        Some(&["'none'".to_string()][..]),
        "{what}: base-uri"
    );
    let styles = policy
        .get("style-src")
        .unwrap_or_else(|| panic!("{what}: no style-src in {policy:?}"));
    assert!(
        !styles.iter().any(|s| s == "'unsafe-inline'"),
        "{what}: {styles:?}"
    );
    assert!(policy.contains_key("default-src"), "{what}: {policy:?}");
    assert!(policy.contains_key("object-src"), "{what}: {policy:?}");
}

fn cache_control(headers: &HeaderMap) -> String {
    header(headers, "cache-control").unwrap_or("").to_string()
}

fn no_store(headers: &HeaderMap) -> bool {
    cache_control(headers)
        .split(',')
        .any(|d| d.trim() == "no-store")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_is_hardened_and_personal_ones_are_never_stored() {
    for engine in ENGINES {
        let dist = fake_dist();
        let app = spawn_app_with_dist(engine, Some(dist.path()), &[]).await;
        let world = seed(&app).await;
        let stranger = reqwest::Client::new();

        // The pages: the first-load build, another build, a client-side route.
        for path in ["/", "/employer/enrol", "/login"] {
            let r = stranger.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{engine:?} {path}");
            assert_hardened(r.headers(), path);
            assert_page_policy(r.headers(), path);
        }

        // A page the browser kept and asks about again: the 304 must not carry another
        // policy, which the browser would copy onto its kept page (it then loaded
        // none of its own scripts and styles).
        let first = stranger.get(app.url("/login")).send().await.unwrap();
        let kept = header(first.headers(), "last-modified")
            .expect("a page says when it changed")
            .to_string();
        let again = stranger
            .get(app.url("/login"))
            .header("if-modified-since", kept)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{engine:?}");
        let policy = header(again.headers(), "content-security-policy");
        assert!(
            policy.is_none_or(|p| p.contains("script-src 'self'")),
            "{engine:?}: a 304 for a page carries a policy that is not the page's: {policy:?}"
        );

        // A hashed asset keeps its year of caching, and is not sniffed.
        let asset = "/shebao-web-0123456789abcdef.js";
        let r = stranger.get(app.url(asset)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_hardened(r.headers(), asset);
        assert_eq!(
            cache_control(r.headers()),
            "public, max-age=31536000, immutable",
            "{asset}"
        );

        // The resident's home, with the session (and its CSRF token) written into it.
        let resident = Session::login(&app, "resident").await;
        let r = resident
            .http
            .get(app.url("/resident"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let headers = r.headers().clone();
        let html = r.text().await.unwrap();
        assert!(html.contains("csrf_token"), "the page carries the session");
        assert_hardened(&headers, "/resident with the session");
        assert_page_policy(&headers, "/resident with the session");
        assert!(
            no_store(&headers),
            "{engine:?}: the page with the session and CSRF token may be stored: {:?}",
            cache_control(&headers)
        );

        // The API: the resident's full ID and mobile, and the rest.
        for path in [
            "/api/v1/resident/status",
            "/api/v1/session",
            "/api/v1/time",
            "/api/v1/no-such-thing",
        ] {
            let r = resident.http.get(app.url(path)).send().await.unwrap();
            assert_hardened(r.headers(), path);
            assert!(
                no_store(r.headers()),
                "{engine:?} {path}: an API answer may be stored: {:?}",
                cache_control(r.headers())
            );
        }
        let r = stranger
            .get(app.url("/api/v1/resident/status"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_hardened(r.headers(), "a refusal");

        // A PDF: hardened, never stored, and framed by nobody.
        let b = world::employer(&app, world.employer_b).await;
        let agent = Session::login(&app, "agent_b").await;
        let (status, issued) = agent
            .post(
                "/api/v1/employer/certificates",
                &world::employer_certificate_form(&b),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {issued}");
        let pdf_url = issued["pdf_url"].as_str().unwrap();
        let r = agent.http.get(app.url(pdf_url)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(header(r.headers(), "content-type"), Some("application/pdf"));
        assert_hardened(r.headers(), "a PDF");
        assert!(no_store(r.headers()), "a PDF may be stored");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_configured_sites_may_frame_the_pages() {
    let dist = fake_dist();
    let app = spawn_app_with_dist(
        common::Engine::Sqlite,
        Some(dist.path()),
        &[
            "--frame-ancestors",
            "https://app.zjzwfw.gov.cn",
            "--frame-ancestors",
            "https://m.example.gov.cn zwfw:",
        ],
    )
    .await;
    for path in ["/", "/api/v1/time"] {
        let r = reqwest::get(app.url(path)).await.unwrap();
        let policy = csp(r.headers(), path);
        assert_eq!(
            policy["frame-ancestors"],
            [
                "https://app.zjzwfw.gov.cn",
                "https://m.example.gov.cn",
                "zwfw:"
            ],
            "{path}"
        );
        // X-Frame-Options cannot name sites; the CSP says who may frame.
        assert_eq!(header(r.headers(), "x-frame-options"), None, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_at_an_https_address_browsers_are_told_to_use_https_only() {
    let app = spawn_app_with_dist(
        common::Engine::Sqlite,
        None,
        &["--public-url", "https://shebao.example.cn"],
    )
    .await;
    for path in ["/", "/api/v1/time", "/health"] {
        let r = reqwest::get(app.url(path)).await.unwrap();
        let hsts = header(r.headers(), "strict-transport-security")
            .unwrap_or_else(|| panic!("{path}: no Strict-Transport-Security at an https address"));
        let max_age: u64 = hsts
            .split(';')
            .find_map(|d| d.trim().strip_prefix("max-age="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        assert!(max_age >= 31_536_000, "{path}: {hsts}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_tells_a_stranger_only_that_the_service_is_up() {
    for engine in ENGINES {
        let app = spawn_app_with_dist(engine, None, &[]).await;
        let r = reqwest::get(app.url("/health")).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        assert_eq!(
            body,
            json!({"status": "ok"}),
            "{engine:?}: /health tells more than that the service is up"
        );
        // The count of commits is not for strangers either, unless the operator asks.
        let r = reqwest::get(app.url("/metrics")).await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{engine:?}: /metrics");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_count_of_commits_is_for_this_machine_only_when_asked_for() {
    let app = spawn_app_with_dist(common::Engine::Sqlite, None, &["--metrics"]).await;
    seed(&app).await;
    let r = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(r.headers(), "cache-control"), Some("no-store"));
    let body: Value = r.json().await.unwrap();
    assert!(body["commits"].as_u64().unwrap() > 0, "{body}");
    // Passed on by a proxy on this machine: someone else asks.
    let r = reqwest::Client::new()
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "through a proxy");
}
