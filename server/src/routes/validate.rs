//! `POST /api/v1/validate`: stateless verdicts on an identifier, for payroll software
//! and for the browser's batch screen. The verdict is core's, at the server's today.

use crate::app::AppState;
use crate::problem::{ApiError, ApiJson};
use axum::extract::State;
use axum::Json;
use shebao_core::api::{validate_id, ValidateIdRequest, ValidateIdResponse};
use shebao_core::time::cst_date;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `POST /api/v1/validate`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(post))
}

/// Judges one identifier: a citizen ID (社会保障号码), a credit code, a unit number or a
/// mobile. An invalid identifier is a verdict (200 with `valid: false`), not an error.
#[utoipa::path(
    post,
    path = "/validate",
    operation_id = "validate_id",
    tag = "public",
    request_body = ValidateIdRequest,
    responses((status = 200, description = "The verdict", body = ValidateIdResponse))
)]
pub async fn post(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<ValidateIdRequest>,
) -> Result<Json<ValidateIdResponse>, ApiError> {
    let today = cst_date(state.clock.now_ms());
    Ok(Json(validate_id(&request, today)))
}
