//! The old employer's 待办: 职工已在新单位申报参保, 请办理减员. Its own employees only, and
//! never who asked (its answer type has no field for it). It acts with the ordinary 减员
//! (`POST /employer/stops`); a stop the agency made shows here as stopped by the agency,
//! with its reason and month: that is how the old employer is told.

use super::may_stop_from;
use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::problem::ApiError;
use crate::repo::{persons, stop_requests};
use crate::routes::application_view::mask_id;
use axum::extract::State;
use axum::Json;
use shebao_core::views::IncomingStop;

/// The requests addressed to this employer (not the withdrawn), newest first (at most
/// 200).
#[utoipa::path(
    get,
    path = "/employer/stop-requests/incoming",
    operation_id = "employer_incoming_stop_requests",
    tag = "employer",
    security(("session" = [])),
    responses(
        (status = 200, description = "Requests to stop this employer's own employees (ID masked), open, confirmed or stopped (by the employer, or by the agency with reason and month); never the requester", body = [IncomingStop]),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    agent: EmployerAgent,
) -> Result<Json<Vec<IncomingStop>>, ApiError> {
    let employer_id = agent.employer_id;
    let read = state
        .store
        .read(move |tx| -> Result<Vec<IncomingStop>, ApiError> {
            let mut views = Vec::new();
            for request in stop_requests::addressed_to(tx, employer_id)? {
                let Some(person) = persons::get(tx, request.person_id)? else {
                    continue;
                };
                views.push(IncomingStop {
                    id: request.id.0,
                    citizen_id: mask_id(person.citizen_id.as_str()),
                    name: person.name,
                    state: request.state,
                    requested_at_ms: request.requested_ms,
                    agency_may_stop_from: may_stop_from(&request),
                    stopped_by: request.stopped_by,
                    stop_reason: request.stop_reason,
                    stop_month: request.stop_month,
                });
            }
            Ok(views)
        })
        .await;
    let target = format!("employer {employer_id}");
    Ok(Json(
        crate::audit::read(
            &state,
            agent.who(),
            "read.incoming_stop_requests",
            target,
            read,
        )
        .await?,
    ))
}
