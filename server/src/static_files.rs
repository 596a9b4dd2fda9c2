//! The web app built by Trunk. Unknown paths that are not API calls get `index.html`,
//! so client-side routes survive a reload.
//!
//! There are four builds of the app (`web/src/builds.rs`): `index.html`, the first-load
//! build a phone loads (the public pages and the resident's everyday ones), and under
//! `builds/` one each for the resident's services, the employer and the reviewer, which
//! the paths [`builds`] names for them get (the table `web/builds.txt`). A build that is
//! missing leaves its paths to `index.html`.
//!
//! Compression: `scripts/setup.sh` leaves a brotli (`.br`) and a gzip (`.gz`) copy beside
//! every file, compressed as hard as they go; a browser that accepts one gets it as it
//! is. Without them the compression layer of `app.rs` compresses on the fly.
//!
//! Caching: Trunk names the wasm, js and css files after a hash of their content, so a
//! browser may keep them for a year; everything else (the `index.html`s, which name the
//! current hashes) is re-checked on every load. There is no favicon: the pages say so
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

/// Which page is in which web build (`web/builds.txt`): the one table that
/// `scripts/setup.sh` builds from and this module serves by; `tests` hold it against
/// `setup.sh`, the parts of the pages in `web/src/app.rs` and `index.html`.
const BUILDS_TABLE: &str = include_str!("../../web/builds.txt");

/// The build `index.html` is, answering every path no other build names.
pub const FIRST_LOAD: &str = "first-load";

/// A web build, as the table states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebBuild {
    pub name: &'static str,
    /// The web crate's features it is built with, which choose its pages.
    pub features: Vec<&'static str>,
    /// The paths whose pages it has, each with everything under it (none for the
    /// first-load build, which has the rest).
    pub paths: Vec<&'static str>,
}

impl WebBuild {
    /// Where it is under `dist/`, which is also its URL (no page's path starts with it).
    pub fn dir(&self) -> String {
        if self.name == FIRST_LOAD {
            String::new()
        } else {
            format!("builds/{}", self.name)
        }
    }
}

/// The builds of the table, in its order (the first-load build first).
pub fn builds() -> Vec<WebBuild> {
    BUILDS_TABLE
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next().unwrap_or_default();
            let features = words.next().unwrap_or_default().split(',').collect();
            WebBuild {
                name,
                features,
                paths: words.collect(),
            }
        })
        .collect()
}

pub fn router(dist: &Path) -> Router {
    let index = precompressed_file(&dist.join("index.html"));
    let mut router = Router::new().route("/favicon.ico", get(|| async { StatusCode::NOT_FOUND }));
    for build in builds().iter().filter(|b| b.name != FIRST_LOAD) {
        let build_index = dist.join(build.dir()).join("index.html");
        let page = if build_index.exists() {
            precompressed_file(&build_index)
        } else {
            index.clone()
        };
        for path in &build.paths {
            // `nest_service` answers the path itself and everything under it.
            router = router.nest_service(path, page.clone());
        }
    }
    router
        .fallback_service(
            ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(index),
        )
        .layer(middleware::from_fn(set_cache_control))
}

fn precompressed_file(path: &Path) -> ServeFile {
    ServeFile::new(path).precompressed_br().precompressed_gzip()
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

/// Whether `path` names one of Trunk's content-hashed files: `name-<hash>.js`, `.css`, or
/// `name-<hash>_bg.wasm`, in `dist/` or a build under it. The hash is a 64-bit number in
/// hex without its leading zeros: 16 digits, fewer one time in sixteen (not under 12:
/// that would be one time in 2^48).
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, extension)) = file.rsplit_once('.') else {
        return false;
    };
    if !matches!(extension, "wasm" | "js" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::{builds, is_content_hashed, router, WebBuild, FIRST_LOAD, IMMUTABLE, REVALIDATE};
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

    /// A dist directory with every build, each `index.html` saying which build it is.
    fn every_build() -> tempfile::TempDir {
        let dist = tempfile::tempdir().unwrap();
        fs::write(dist.path().join("index.html"), "first").unwrap();
        for build in builds().iter().filter(|b| b.name != FIRST_LOAD) {
            let name = build.name;
            let dir = dist.path().join(build.dir());
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("index.html"), name).unwrap();
            fs::write(dir.join("app-1.js"), format!("{name} js")).unwrap();
        }
        dist
    }

    #[tokio::test]
    async fn each_path_gets_the_build_that_has_its_page() {
        let dist = every_build();
        let cases = [
            ("/", "first"),
            ("/resident", "first"),
            ("/resident/contributions", "first"),
            ("/login?next=/employer", "first"),
            ("/resident/flexible", "services"),
            ("/resident/certificate", "services"),
            ("/verify?code=X", "services"),
            ("/open", "services"),
            ("/employer", "employer"),
            ("/employer/applications/A1", "employer"),
            ("/reviewer", "reviewer"),
            ("/reviewer/applications/A1", "reviewer"),
            ("/builds/employer/app-1.js", "employer js"),
            ("/builds/services/app-1.js", "services js"),
            ("/employerx", "first"),
            ("/opened", "first"),
        ];
        let paths: Vec<&str> = cases.iter().map(|c| c.0).collect();
        let want: Vec<&str> = cases.iter().map(|c| c.1).collect();
        let got = bodies(dist.path(), &paths).await;
        for ((path, got), want) in paths.iter().zip(&got).zip(want) {
            assert_eq!(got, want, "{path}");
        }
    }

    /// The build that answers `path`: the first whose paths hold it, as `router` nests
    /// them, else the first-load one.
    fn build_answering(builds: &[WebBuild], path: &str) -> String {
        let holds = |prefix: &&str| path == *prefix || path.starts_with(&format!("{prefix}/"));
        builds
            .iter()
            .find(|b| b.paths.iter().any(holds))
            .map_or(FIRST_LOAD, |b| b.name)
            .to_string()
    }

    /// The routes of `web/src/app.rs`: each path, and the part of the pages its page is
    /// in (`page!("<part>", …)`; none for a public page, which every build has).
    fn app_routes() -> Vec<(String, Option<String>)> {
        let app = include_str!("../../web/src/app.rs");
        let quoted_after = |line: &str, marker: &str| {
            let rest = &line[line.find(marker)? + marker.len()..];
            Some(rest[..rest.find('"')?].to_string())
        };
        app.lines()
            .filter_map(|line| {
                let path = quoted_after(line, "path=path!(\"")?;
                Some((path, quoted_after(line, "page!(\"")))
            })
            .collect()
    }

    #[test]
    fn every_page_is_answered_with_a_build_that_has_it() {
        let builds = builds();
        let routes = app_routes();
        assert!(
            routes.len() > 10,
            "the routes of web/src/app.rs: {routes:?}"
        );
        for (path, part) in &routes {
            let Some(part) = part else { continue };
            let answering = build_answering(&builds, path);
            let build = builds.iter().find(|b| b.name == answering).unwrap();
            assert!(
                build.features.contains(&part.as_str()),
                "{path} (a `{part}` page in web/src/app.rs) is answered with the {answering} \
                 build, whose features in web/builds.txt are {:?}",
                build.features
            );
        }
        // And every path the table names is a page's, so a stale entry shows.
        for build in &builds {
            for prefix in &build.paths {
                assert!(
                    routes.iter().any(|(path, _)| path == prefix),
                    "web/builds.txt gives {prefix} to the {} build, but no route of \
                     web/src/app.rs has that path",
                    build.name
                );
            }
        }
    }

    #[test]
    fn index_html_is_the_first_load_build_of_the_table() {
        let index = include_str!("../../index.html");
        let first = builds().into_iter().next().unwrap();
        assert_eq!(first.name, FIRST_LOAD, "web/builds.txt starts with it");
        assert!(first.paths.is_empty(), "it answers every other path");
        let features = first.features.join(",");
        assert!(
            index.contains(&format!("data-cargo-features=\"{features}\"")),
            "index.html is built with the first-load features of web/builds.txt, {features}"
        );
    }

    #[test]
    fn setup_sh_builds_what_the_table_says() {
        let setup = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/setup.sh");
        let script = format!(
            "source '{setup}' >/dev/null && echo \"{FIRST_LOAD} $FIRST_LOAD_FEATURES\" && \
             for name in \"${{WEB_BUILDS[@]}}\"; do echo \"$name ${{WEB_BUILD_FEATURES[$name]}}\"; done"
        );
        let output = std::process::Command::new("bash")
            .args(["-c", &script])
            .output()
            .expect("bash");
        assert!(output.status.success(), "{output:?}");
        let from_setup = String::from_utf8(output.stdout).unwrap();
        let from_table: String = builds()
            .iter()
            .map(|b| format!("{} {}\n", b.name, b.features.join(",")))
            .collect();
        assert_eq!(from_setup, from_table);
    }

    #[tokio::test]
    async fn without_the_other_builds_every_path_gets_the_first_load_build() {
        let dist = tempfile::tempdir().unwrap();
        fs::write(dist.path().join("index.html"), "first").unwrap();
        let paths = ["/", "/employer/enrol", "/resident/certificate", "/reviewer"];
        for (path, got) in paths.iter().zip(bodies(dist.path(), &paths).await) {
            assert_eq!(got, "first", "{path}");
        }
    }

    #[tokio::test]
    async fn a_browser_that_accepts_brotli_or_gzip_gets_the_compressed_copy() {
        let dist = every_build();
        let js = dist.path().join("builds/employer/app-0123456789abcdef.js");
        fs::write(&js, "plain").unwrap();
        fs::write(js.with_extension("js.br"), "brotli copy").unwrap();
        fs::write(js.with_extension("js.gz"), "gzip copy").unwrap();
        fs::write(dist.path().join("index.html.br"), "first, brotli").unwrap();
        let addr = serve(dist.path()).await;
        let client = reqwest::Client::new();
        let cases = [
            (
                "/builds/employer/app-0123456789abcdef.js",
                "br, gzip",
                Some("br"),
                "brotli copy",
            ),
            (
                "/builds/employer/app-0123456789abcdef.js",
                "gzip",
                Some("gzip"),
                "gzip copy",
            ),
            (
                "/builds/employer/app-0123456789abcdef.js",
                "identity",
                None,
                "plain",
            ),
            // A page's path, answered with index.html.
            ("/resident", "br", Some("br"), "first, brotli"),
        ];
        for (path, accepts, encoding, body) in cases {
            let response = client
                .get(format!("http://{addr}{path}"))
                .header("accept-encoding", accepts)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success(), "{path}");
            let got = response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_string());
            assert_eq!(got.as_deref(), encoding, "{path} ({accepts})");
            assert_eq!(response.text().await.unwrap(), body, "{path} ({accepts})");
        }
    }

    #[test]
    fn only_trunks_hashed_file_names_count_as_content_hashed() {
        for path in [
            "/shebao-web-4b9a94b24233cffe.js",
            "/shebao-web-4b9a94b24233cffe_bg.wasm",
            "/builds/employer/style-a070f7e126da1dcb.css",
            // A hash whose first hex digit was a zero.
            "/builds/employer/shebao-web-656b3cd0a2aabcf.js",
        ] {
            assert!(is_content_hashed(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/builds/employer/index.html",
            "/style.css",
            "/app-1.js",
            "/shebao-web-4b9a94b24233cffe.html",
            "/style-a070f7e126da1dcg.css",
            "/style-a070f.css",
            "/style-a070f7e126da1dcb0.css",
            "/favicon.ico",
        ] {
            assert!(!is_content_hashed(path), "{path}");
        }
    }

    #[tokio::test]
    async fn hashed_assets_are_kept_a_year_and_the_rest_revalidated() {
        let dist = every_build();
        for dir in [
            dist.path().to_path_buf(),
            dist.path().join("builds/employer"),
        ] {
            for name in [
                "app-0123456789abcdef.js",
                "app-0123456789abcdef_bg.wasm",
                "style-fedcba9876543210.css",
            ] {
                fs::write(dir.join(name), "asset").unwrap();
            }
        }
        let cases = [
            ("/app-0123456789abcdef.js", IMMUTABLE),
            ("/app-0123456789abcdef_bg.wasm", IMMUTABLE),
            ("/style-fedcba9876543210.css", IMMUTABLE),
            ("/builds/employer/app-0123456789abcdef.js", IMMUTABLE),
            ("/builds/employer/app-0123456789abcdef_bg.wasm", IMMUTABLE),
            ("/builds/employer/style-fedcba9876543210.css", IMMUTABLE),
            ("/", REVALIDATE),
            ("/index.html", REVALIDATE),
            ("/resident", REVALIDATE),
            ("/employer/enrol", REVALIDATE),
            ("/builds/employer/index.html", REVALIDATE),
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
}
