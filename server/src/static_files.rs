//! The web app built by Trunk. Unknown paths that are not API calls get `index.html`,
//! so client-side routes survive a reload.
//!
//! There are two builds of the app (`web/src/handoff.rs`): `index.html`, the first-load
//! build a phone loads (the public pages and the resident's everyday ones), and
//! `full/index.html`, the whole app, which the paths of [`FULL_BUILD_PATHS`] get. Without
//! a whole-app build (only `index.html` built) those paths get `index.html` too.
//!
//! Caching: Trunk names the wasm, js and css files after a hash of their content, so a
//! browser may keep them for a year; everything else (the two `index.html`s, which name
//! the current hashes) is re-checked on every load. There is no favicon: the pages say so
//! (`<link rel="icon" href="data:,">`) and `/favicon.ico` is a 404, not `index.html`.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// For a file whose name changes with its content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else: the browser may keep it but must ask whether it changed.
const REVALIDATE: &str = "no-cache";

/// The paths (each with everything under it) whose pages only the whole app has: the
/// employer's, the reviewer's and the certificate pages. Keep in step with
/// `FULL_BUILD_PATHS` in `web/src/handoff.rs`.
pub const FULL_BUILD_PATHS: [&str; 6] = [
    "/employer",
    "/reviewer",
    "/verify",
    "/open",
    "/resident/certificate",
    "/resident/flexible",
];

pub fn router(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html"));
    let full_index = dist.join("full").join("index.html");
    let full = if full_index.exists() {
        ServeFile::new(full_index)
    } else {
        index.clone()
    };
    let mut router = Router::new().route("/favicon.ico", get(|| async { StatusCode::NOT_FOUND }));
    for path in FULL_BUILD_PATHS {
        // `nest_service` answers the path itself and everything under it.
        router = router.nest_service(path, full.clone());
    }
    router
        .fallback_service(ServeDir::new(dist).fallback(index))
        .layer(middleware::from_fn(set_cache_control))
}

async fn set_cache_control(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    // A hashed name that is not there (an old build's file) falls back to `index.html`,
    // which must not be kept.
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    let value = if hashed && response.status() == StatusCode::OK && !is_html {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Whether `path` names one of Trunk's content-hashed files: `name-<16 hex digits>.js`,
/// `.css`, or `name-<16 hex digits>_bg.wasm`, in `dist/` or `dist/full/`.
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, extension)) = file.rsplit_once('.') else {
        return false;
    };
    if !matches!(extension, "wasm" | "js" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::{is_content_hashed, router, IMMUTABLE, REVALIDATE};
    use std::fs;

    /// Serves `dist` on a free port and returns its address.
    async fn serve(dist: &std::path::Path) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(dist);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }

    /// Serves `dist` on a free port and returns the body of each path.
    async fn bodies(dist: &std::path::Path, paths: &[&str]) -> Vec<String> {
        let addr = serve(dist).await;
        let mut out = Vec::new();
        for path in paths {
            let response = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
            assert!(
                response.status().is_success(),
                "{path}: {}",
                response.status()
            );
            out.push(response.text().await.unwrap());
        }
        out
    }

    #[tokio::test]
    async fn the_whole_apps_paths_get_the_whole_app_and_the_rest_the_first_load_build() {
        let dist = tempfile::tempdir().unwrap();
        fs::create_dir(dist.path().join("full")).unwrap();
        fs::write(dist.path().join("index.html"), "first").unwrap();
        fs::write(dist.path().join("full/index.html"), "full").unwrap();
        fs::write(dist.path().join("full/app-1.js"), "full js").unwrap();
        let cases = [
            ("/", "first"),
            ("/resident", "first"),
            ("/resident/flexible", "full"),
            ("/resident/contributions", "first"),
            ("/login?next=/employer", "first"),
            ("/employer", "full"),
            ("/employer/applications/A1", "full"),
            ("/reviewer", "full"),
            ("/reviewer/applications/A1", "full"),
            ("/verify?code=X", "full"),
            ("/open", "full"),
            ("/resident/certificate", "full"),
            ("/full/app-1.js", "full js"),
            ("/employerx", "first"),
        ];
        let paths: Vec<&str> = cases.iter().map(|c| c.0).collect();
        let want: Vec<&str> = cases.iter().map(|c| c.1).collect();
        let got = bodies(dist.path(), &paths).await;
        for ((path, got), want) in paths.iter().zip(&got).zip(want) {
            assert_eq!(got, want, "{path}");
        }
    }

    #[test]
    fn only_trunks_hashed_file_names_count_as_content_hashed() {
        for path in [
            "/shebao-web-4b9a94b24233cffe.js",
            "/shebao-web-4b9a94b24233cffe_bg.wasm",
            "/full/style-a070f7e126da1dcb.css",
        ] {
            assert!(is_content_hashed(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/full/index.html",
            "/style.css",
            "/app-1.js",
            "/shebao-web-4b9a94b24233cffe.html",
            "/style-a070f7e126da1dcg.css",
            "/favicon.ico",
        ] {
            assert!(!is_content_hashed(path), "{path}");
        }
    }

    #[tokio::test]
    async fn hashed_assets_are_kept_a_year_and_the_rest_revalidated() {
        let dist = tempfile::tempdir().unwrap();
        fs::create_dir(dist.path().join("full")).unwrap();
        fs::write(dist.path().join("index.html"), "first").unwrap();
        fs::write(dist.path().join("full/index.html"), "full").unwrap();
        for name in [
            "app-0123456789abcdef.js",
            "app-0123456789abcdef_bg.wasm",
            "style-fedcba9876543210.css",
        ] {
            fs::write(dist.path().join(name), "asset").unwrap();
            fs::write(dist.path().join("full").join(name), "asset").unwrap();
        }
        let cases = [
            ("/app-0123456789abcdef.js", IMMUTABLE),
            ("/app-0123456789abcdef_bg.wasm", IMMUTABLE),
            ("/style-fedcba9876543210.css", IMMUTABLE),
            ("/full/app-0123456789abcdef.js", IMMUTABLE),
            ("/full/app-0123456789abcdef_bg.wasm", IMMUTABLE),
            ("/full/style-fedcba9876543210.css", IMMUTABLE),
            ("/", REVALIDATE),
            ("/index.html", REVALIDATE),
            ("/resident", REVALIDATE),
            ("/employer/enrol", REVALIDATE),
            ("/full/index.html", REVALIDATE),
            // An old build's file, answered with index.html, must not be kept.
            ("/app-ffffffffffffffff.js", REVALIDATE),
        ];
        let addr = serve(dist.path()).await;
        for (path, want) in cases {
            let response = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
            assert!(response.status().is_success(), "{path}");
            let got = response.headers().get("cache-control").unwrap();
            assert_eq!(got, want, "{path}");
        }
    }

    #[tokio::test]
    async fn favicon_ico_is_not_found_rather_than_index_html() {
        let dist = tempfile::tempdir().unwrap();
        fs::write(dist.path().join("index.html"), "first").unwrap();
        let addr = serve(dist.path()).await;
        let response = reqwest::get(format!("http://{addr}/favicon.ico"))
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
        assert_ne!(response.text().await.unwrap(), "first");
    }

    #[tokio::test]
    async fn without_a_whole_app_build_every_page_gets_index_html() {
        let dist = tempfile::tempdir().unwrap();
        fs::write(dist.path().join("index.html"), "first").unwrap();
        let got = bodies(dist.path(), &["/employer/enrol", "/reviewer"]).await;
        assert_eq!(got, ["first", "first"]);
    }
}
