//! The security headers of every answer, in one middleware (the outermost layer of
//! `app.rs`): what the browser may run and load, who may frame the pages, no type
//! sniffing, no Referer, HTTPS only, and what must never be stored.
//!
//! Content-Security-Policy, by what the answer is:
//! - a page (`text/html`): scripts from this origin and the inline scripts the web
//!   builds ship, by their SHA-256 (no `'unsafe-inline'`), and `'wasm-unsafe-eval'` to
//!   compile the app's wasm. The hashes are those of the inline scripts in `dist/`'s
//!   `index.html` and `dist/builds/*/index.html` (the head script that applies the
//!   elder mode and the language, and Trunk's loader), read when the server starts: a
//!   rebuilt front end needs a restart, never a hand-edited hash. The still picture and
//!   session the server writes into a page (`shell.rs`) are JSON data blocks, which a
//!   browser never runs, so they need no hash.
//! - a PDF: only `frame-ancestors`. Chromium shows a PDF through a plugin document whose
//!   embed `object-src`/`default-src` would block (crbug.com/271452).
//! - anything else (the API's JSON, SVG, the assets): `default-src 'none'`, so nothing in
//!   such an answer can run if a browser is made to open it as a document.
//!
//! `frame-ancestors` is `'none'` with `X-Frame-Options: DENY`, unless `--frame-ancestors`
//! names the sites (the government app's webview) that may frame the pages; then there
//! is no X-Frame-Options, which cannot name them.
//!
//! Every answer: `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, and
//! `Strict-Transport-Security` when the public address is https (`--public-url`).
//!
//! Caching: every API answer is `no-store` (they carry IDs, mobiles, CSRF tokens), as
//! is anything that set no caching of its own (`/health`, `/metrics`); the page with the
//! session in it says `no-store` itself (`shell.rs`); the static files keep theirs
//! (`static_files.rs`: a year for content-hashed names, revalidation for the rest).

use crate::config::Config;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The headers, worked out once at start-up.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    page_csp: HeaderValue,
    pdf_csp: HeaderValue,
    other_csp: HeaderValue,
    frame_options: Option<HeaderValue>,
    hsts: Option<HeaderValue>,
}

/// A year: browsers remember to use HTTPS only.
const HSTS: &str = "max-age=31536000; includeSubDomains";

const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

impl SecurityHeaders {
    pub fn new(config: &Config) -> SecurityHeaders {
        let sources = config.frame_ancestor_sources();
        let frame_ancestors = if sources.is_empty() {
            "'none'".to_string()
        } else {
            sources.join(" ")
        };
        let hashes = dist_script_hashes(&config.dist);
        SecurityHeaders {
            page_csp: value(&page_policy(&hashes, &frame_ancestors)),
            pdf_csp: value(&format!("frame-ancestors {frame_ancestors}")),
            other_csp: value(&format!(
                "default-src 'none'; frame-ancestors {frame_ancestors}"
            )),
            frame_options: sources.is_empty().then(|| HeaderValue::from_static("DENY")),
            hsts: config.is_https().then(|| HeaderValue::from_static(HSTS)),
        }
    }

    /// The policy pages get (for tests and the documentation).
    pub fn page_policy(&self) -> &str {
        self.page_csp.to_str().unwrap_or_default()
    }
}

fn value(text: &str) -> HeaderValue {
    // Sources are checked when the configuration is read (`config::parse_frame_ancestor`)
    // and hashes are base64: always a valid header value.
    HeaderValue::from_str(text).expect("a CSP of printable ASCII")
}

/// The pages' Content-Security-Policy.
fn page_policy(hashes: &[String], frame_ancestors: &str) -> String {
    let mut scripts = String::from("'self' 'wasm-unsafe-eval'");
    for hash in hashes {
        scripts.push(' ');
        scripts.push_str(hash);
    }
    [
        "default-src 'self'".to_string(),
        format!("script-src {scripts}"),
        // The app sets no `style` attribute and adds no `<style>` element (its looks are
        // all in style.css, its classes switched by the app; Leptos writes none itself),
        // and neither do index.html nor the server's still picture: style.css, from here,
        // is the only style, and an injected one is refused.
        "style-src 'self'".to_string(),
        // The captcha is a `data:` SVG; the pages' empty icon is `data:,`.
        "img-src 'self' data:".to_string(),
        // The PDF opened on a computer (`/open`) is a `blob:` of the page, read back by
        // the page (and by the e2e test) with fetch.
        "connect-src 'self' blob:".to_string(),
        // Not 'none': that same `blob:` PDF, viewed, is a document that inherits this
        // policy, and Chromium shows a PDF through an embed that object-src governs
        // (crbug.com/271452). Only this page's own scripts can make a `blob:` address,
        // and the PDF viewer is the only plugin browsers still have.
        "object-src blob:".to_string(),
        "base-uri 'none'".to_string(),
        "form-action 'self'".to_string(),
        format!("frame-ancestors {frame_ancestors}"),
    ]
    .join("; ")
}

/// The `'sha256-…'` sources of the inline scripts of every web build's `index.html`
/// (`dist/index.html`, `dist/builds/*/index.html`), without repeats, in a stable order.
pub fn dist_script_hashes(dist: &Path) -> Vec<String> {
    let mut pages: Vec<PathBuf> = vec![dist.join("index.html")];
    if let Ok(builds) = std::fs::read_dir(dist.join("builds")) {
        let mut more: Vec<PathBuf> = builds
            .filter_map(Result::ok)
            .map(|e| e.path().join("index.html"))
            .collect();
        more.sort();
        pages.extend(more);
    }
    let mut hashes = Vec::new();
    for page in pages {
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        for script in inline_scripts(&html) {
            let hash = sha256_source(&script);
            if !hashes.contains(&hash) {
                hashes.push(hash);
            }
        }
    }
    hashes
}

/// `'sha256-<base64>'` of a script's text.
pub fn sha256_source(script: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()))
    )
}

/// The text of each inline script a browser would run in `html`: `<script>` elements
/// without `src` whose type is JavaScript (none, `module` or a JavaScript MIME type;
/// JSON data blocks are not run), outside comments, with line ends as the browser's
/// parser makes them (`\r\n` and `\r` become `\n`) since the hash is over what it read.
pub fn inline_scripts(html: &str) -> Vec<String> {
    let html = html.replace("\r\n", "\n").replace('\r', "\n");
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut at = 0;
    while at < html.len() {
        let next_comment = lower[at..].find("<!--").map(|i| at + i);
        let next_script = lower[at..].find("<script").map(|i| at + i);
        let Some(start) = next_script else { break };
        if let Some(comment) = next_comment.filter(|c| *c < start) {
            at = lower[comment + 4..]
                .find("-->")
                .map_or(html.len(), |e| comment + 4 + e + 3);
            continue;
        }
        let after_name = start + "<script".len();
        // `<scripts>` or `<script-x>` is another element.
        if !lower[after_name..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            at = after_name;
            continue;
        }
        let Some(tag_end) = tag_end(&html, after_name) else {
            break;
        };
        let attributes = attributes(&html[after_name..tag_end]);
        let body_start = tag_end + 1;
        let body_end = lower[body_start..]
            .find("</script")
            .map_or(html.len(), |e| body_start + e);
        let runs = attributes.iter().all(|(name, _)| name != "src")
            && attributes
                .iter()
                .find(|(name, _)| name == "type")
                .is_none_or(|(_, t)| is_javascript_type(t));
        if runs {
            scripts.push(html[body_start..body_end].to_string());
        }
        at = body_end;
    }
    scripts
}

fn is_javascript_type(t: &str) -> bool {
    let t = t.trim().to_ascii_lowercase();
    matches!(
        t.as_str(),
        "" | "module" | "text/javascript" | "application/javascript" | "text/ecmascript"
    )
}

/// Where the start tag whose attributes begin at `from` ends (its `>`), quotes minded.
fn tag_end(html: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, c) in html[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(from + i),
            _ => {}
        }
    }
    None
}

/// A start tag's attributes (lower-case names, values unquoted).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = tag.trim_end_matches('/').chars().peekable();
    loop {
        while chars
            .next_if(|c| c.is_ascii_whitespace() || *c == '/')
            .is_some()
        {}
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_ascii_whitespace() && *c != '=') {
            name.push(c.to_ascii_lowercase());
        }
        if name.is_empty() {
            return out;
        }
        while chars.next_if(char::is_ascii_whitespace).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(char::is_ascii_whitespace).is_some() {}
            match chars.next_if(|c| *c == '"' || *c == '\'') {
                Some(q) => {
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                None => {
                    while let Some(c) = chars.next_if(|c| !c.is_ascii_whitespace()) {
                        value.push(c);
                    }
                }
            }
        }
        out.push((name, value));
    }
}

/// The middleware: adds the headers to every answer.
pub async fn add(
    State(headers): State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let csp = if content_type.starts_with("text/html") {
        &headers.page_csp
    } else if content_type.starts_with("application/pdf") {
        &headers.pdf_csp
    } else {
        &headers.other_csp
    };
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let out = response.headers_mut();
    // A 304 has no content type, and the browser copies its headers onto the copy it
    // kept: a policy chosen here would be the strictest one and would replace the
    // page's (seen: a page revisited after logout loaded none of its own scripts and
    // styles). The kept copy already carries the right policy.
    if !not_modified {
        out.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    out.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    match &headers.frame_options {
        Some(deny) => {
            out.insert(header::X_FRAME_OPTIONS, deny.clone());
        }
        None => {
            out.remove(header::X_FRAME_OPTIONS);
        }
    }
    if let Some(hsts) = &headers.hsts {
        out.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    let stored = out
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(',')
                .any(|d| d.trim().eq_ignore_ascii_case("no-store"))
        });
    match stored {
        // Already never stored.
        Some(true) => {}
        // An API answer that allowed some caching (the QR code's ten minutes): not
        // with a code that opens a certificate in it.
        Some(false) if is_api => {
            out.insert(header::CACHE_CONTROL, NO_STORE);
        }
        Some(false) => {}
        None => {
            out.insert(header::CACHE_CONTROL, NO_STORE);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::{inline_scripts, page_policy, sha256_source};

    #[test]
    fn the_inline_scripts_are_those_a_browser_runs() {
        let html = concat!(
            "<!DOCTYPE html><html><!-- <script>not run</script> -->\r\n<head>",
            "<script>\r\n  one();\r\n</script>",
            "<script type=\"module\">two()</script>",
            "<SCRIPT TYPE='text/javascript'>three()</SCRIPT>",
            "<script src=\"/app.js\"></script>",
            "<script type=\"module\" src='/x.js' data-x=\"a>b\"></script>",
            "<script type=\"application/json\" id=\"data\">{}</script>",
            "<scripts>no</scripts>",
            "</head><body></body></html>"
        );
        assert_eq!(
            inline_scripts(html),
            ["\n  one();\n", "two()", "three()"],
            "{html}"
        );
    }

    #[test]
    fn a_hash_is_the_base64_sha256_a_browser_expects() {
        // `echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            sha256_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn the_page_policy_allows_no_inline_script_but_the_hashed_ones() {
        let policy = page_policy(&["'sha256-x'".into()], "'none'");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-x';"));
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
    }
}
