//! The web app built by Trunk. Unknown paths that are not API calls get `index.html`,
//! so client-side routes survive a reload.

use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html"));
    Router::new().fallback_service(ServeDir::new(dist).fallback(index))
}
