//! The agency's side: the live requests (their own list beside the applications' queue:
//! a request is not an application, it has no number and no decision), and the stop a
//! reviewer makes when the old employer has not acted.

use super::{changed_meanwhile, employer_name, may_stop_from, write_audited};
use crate::app::AppState;
use crate::auth::Reviewer;
use crate::db::Tx;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::ids::StopRequestId;
use crate::repo::stop_requests::{self, StopRequestRow};
use crate::repo::{audit, persons, relationships};
use crate::review::{self, EndedBy};
use crate::routes::application_view::mask_id;
use axum::extract::{Path, State};
use axum::Json;
use shebao_core::stop_request::{
    plan_reviewer_stop, RequestEvent, RequestState, ReviewerStopForm, StopRequest,
};
use shebao_core::views::ReviewedStop;

fn view(tx: &mut dyn Tx, request: StopRequestRow) -> Result<ReviewedStop, ApiError> {
    let person =
        persons::get(tx, request.person_id)?.ok_or_else(|| ApiError::not_found("person"))?;
    Ok(ReviewedStop {
        id: request.id.0,
        citizen_id: mask_id(person.citizen_id.as_str()),
        name: person.name,
        old_employer_name: employer_name(tx, request.old_employer_id)?,
        new_employer_name: employer_name(tx, request.requester_employer_id)?,
        state: request.state,
        requested_at_ms: request.requested_ms,
        may_stop_from: may_stop_from(&request),
        last_working_day: request.last_working_day,
        stopped_by: request.stopped_by,
        stop_reason: request.stop_reason,
        stop_month: request.stop_month,
    })
}

/// The live (open or confirmed) requests, oldest first (at most 200).
#[utoipa::path(
    get,
    path = "/reviewer/stop-requests",
    operation_id = "reviewer_list_stop_requests",
    tag = "reviewer",
    security(("session" = [])),
    responses(
        (status = 200, description = "The live requests, with the day from which each may be stopped without the person's confirmation", body = [ReviewedStop]),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    reviewer: Reviewer,
) -> Result<Json<Vec<ReviewedStop>>, ApiError> {
    let read = state
        .store
        .read(move |tx| -> Result<Vec<ReviewedStop>, ApiError> {
            stop_requests::live(tx)?
                .into_iter()
                .map(|r| view(tx, r))
                .collect()
        })
        .await;
    Ok(Json(
        crate::audit::read(
            &state,
            reviewer.who(),
            "read.stop_requests",
            "live".into(),
            read,
        )
        .await?,
    ))
}

/// 经办机构减员: a reviewer stops the old relationship (suspended) when the old employer
/// has had its 15 days or the person confirmed leaving, with the months of the ordinary
/// 减员 (never further back), through the same code as an approved 减员. The request (and
/// any other live one addressed to that employer about that person) becomes stopped by
/// the agency, with the reason and month the old employer then sees.
#[utoipa::path(
    post,
    path = "/reviewer/stop-requests/{id}/stop",
    operation_id = "reviewer_stop_on_request",
    tag = "reviewer",
    security(("session" = [], "csrf" = [])),
    params(("id" = i64, Path, description = "The request's id")),
    request_body = ReviewerStopForm,
    responses(
        (status = 200, description = "Stopped", body = ReviewedStop),
        (status = 404, description = "No such request (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed meanwhile, or the old relationship ended meanwhile (`TRANSITION`, `NOT_ACTIVE_HERE`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not yet (`STOP_REQUEST_WAITING`, with the day), no longer live (`TRANSITION`), or the 减员 rules refuse the month or reason (`STOP_MONTH_WINDOW`, `BAD_CHOICE`, …)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn stop(
    State(state): State<AppState>,
    reviewer: Reviewer,
    Path(id): Path<i64>,
    ApiJson(form): ApiJson<ReviewerStopForm>,
) -> Result<Json<ReviewedStop>, ApiError> {
    let (account_id, who) = (reviewer.actor.account_id, reviewer.who());
    let now_ms = state.clock.now_ms();
    let target = format!("stop_request {id}");
    let job_target = target.clone();
    let answer = write_audited(
        &state,
        reviewer.who(),
        "stop_request_stop",
        target,
        move |tx| -> Result<ReviewedStop, ApiError> {
            let request = stop_requests::get(tx, StopRequestId(id))?
                .ok_or_else(|| ApiError::not_found("stop_request"))?;
            let person = persons::get(tx, request.person_id)?
                .ok_or_else(|| ApiError::not_found("person"))?;
            let old = relationships::active_employment(tx, person.id, request.old_employer_id)?;
            let judged = StopRequest {
                state: request.state,
                requested_at_ms: request.requested_ms,
            };
            let plan =
                plan_reviewer_stop(&judged, &person.citizen_id, old.as_ref(), &form, now_ms)?;
            review::end_employment(
                tx,
                person.id,
                request.old_employer_id,
                &plan,
                &EndedBy::Agency {
                    reviewer: account_id,
                },
                now_ms,
            )?;
            let stopped = stop_requests::get(tx, request.id)?
                .filter(|r| r.state == RequestState::Stopped)
                .ok_or_else(|| changed_meanwhile(tx, &request, RequestEvent::ReviewerStop))?;
            let result = format!(
                "stopped {} {}",
                plan.reason.code(),
                stopped.stop_month.as_deref().unwrap_or_default()
            );
            audit::record(tx, now_ms, &who, "stop_request_stop", &job_target, &result)?;
            view(tx, stopped)
        },
    )
    .await;
    Ok(Json(answer?))
}
