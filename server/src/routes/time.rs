//! `GET /api/v1/time`: the server's clock. The browser validates against it, not the
//! device's, so a phone with a wrong clock is offered the right months.

use crate::app::AppState;
use axum::extract::State;
use axum::Json;
use shebao_core::api::ServerTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `GET /api/v1/time`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get))
}

#[utoipa::path(
    get,
    path = "/time",
    operation_id = "get_time",
    tag = "public",
    responses((status = 200, description = "The server's clock", body = ServerTime))
)]
pub async fn get(State(state): State<AppState>) -> Json<ServerTime> {
    Json(ServerTime::at(state.clock.now_ms()))
}
