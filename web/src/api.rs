//! The one module that talks to the server.

use gloo_net::http::Request;
use shebao_core::api::ServerTime;

/// `GET /api/v1/time`.
pub async fn server_time() -> Result<ServerTime, String> {
    let response = Request::get("/api/v1/time")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response
        .json::<ServerTime>()
        .await
        .map_err(|e| e.to_string())
}
