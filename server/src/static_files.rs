//! The web app built by Trunk. Unknown paths that are not API calls get `index.html`,
//! so client-side routes survive a reload.
//!
//! There are two builds of the app (`web/src/handoff.rs`): `index.html`, the first-load
//! build a phone loads (the public pages and the resident's everyday ones), and
//! `full/index.html`, the whole app, which the paths of [`FULL_BUILD_PATHS`] get. Without
//! a whole-app build (only `index.html` built) those paths get `index.html` too.

use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

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
    let mut router = Router::new();
    for path in FULL_BUILD_PATHS {
        // `nest_service` answers the path itself and everything under it.
        router = router.nest_service(path, full.clone());
    }
    router.fallback_service(ServeDir::new(dist).fallback(index))
}

#[cfg(test)]
mod tests {
    use super::router;
    use std::fs;

    /// Serves `dist` on a free port and returns the body of each path.
    async fn bodies(dist: &std::path::Path, paths: &[&str]) -> Vec<String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(dist);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
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

    #[tokio::test]
    async fn without_a_whole_app_build_every_page_gets_index_html() {
        let dist = tempfile::tempdir().unwrap();
        fs::write(dist.path().join("index.html"), "first").unwrap();
        let got = bodies(dist.path(), &["/employer/enrol", "/reviewer"]).await;
        assert_eq!(got, ["first", "first"]);
    }
}
