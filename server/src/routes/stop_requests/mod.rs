//! 待原单位减员 (issue 14 part 2): a new employer whose enrolment was refused with
//! `ACTIVE_ELSEWHERE` asks for the old relationship to be stopped. Four audiences, a
//! file each, and an answer type each (`core::views`), so that what one must never see
//! has no field in its answer:
//!
//! - `requester.rs`, the new employer: asks (its enrolment form, judged by core and
//!   charged as a person lookup), lists its own requests, withdraws one, and once
//!   stopped gets its enrolment form back to submit again. Never told the old employer.
//! - `incoming.rs`, the old employer: its 待办 (职工已在新单位申报参保, 请办理减员), its
//!   own employees only, never who asked. It stops them with the ordinary 减员; the
//!   approval (`review::end_employment`) moves the requests to stopped.
//! - `person.rs`, the person: their requests with both employers' names, and the
//!   confirmation that they left (`core::stop_request::confirm_leaving`).
//! - `reviewer.rs`, the agency: the live requests, and the stop itself once
//!   `core::stop_request::reviewer_may_stop` allows it (15 days, or the person's
//!   confirmation), through the same `review::end_employment` as an approved 减员.
//!
//! A request someone else may not act on is answered 404, as if it did not exist, so
//! its existence (and so where a person works) is not told.

mod incoming;
mod person;
mod requester;
mod reviewer;

use crate::app::AppState;
use crate::db::Tx;
use crate::problem::ApiError;
use crate::repo::audit::{self, Who};
use crate::repo::employers;
use crate::repo::ids::EmployerId;
use crate::repo::stop_requests::StopRequestRow;
use shebao_core::stop_request::{RequestEvent, RequestState};
use shebao_core::Violation;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The stop requests' routes, under `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(requester::list, requester::create))
        .routes(routes!(requester::withdraw))
        .routes(routes!(requester::enrolment))
        .routes(routes!(incoming::list))
        .routes(routes!(person::list))
        .routes(routes!(person::confirm))
        .routes(routes!(reviewer::list))
        .routes(routes!(reviewer::stop))
}

/// Core's verdict on `event` for `request`, as an answer (422 `TRANSITION`).
fn transition(request: &StopRequestRow, event: RequestEvent) -> Result<RequestState, ApiError> {
    shebao_core::stop_request::transition(request.state, event).map_err(ApiError::from)
}

/// Someone changed the request between our read and our write: 409.
fn changed_meanwhile(tx: &mut dyn Tx, request: &StopRequestRow, event: RequestEvent) -> ApiError {
    let now = crate::repo::stop_requests::get(tx, request.id)
        .ok()
        .flatten()
        .map(|r| r.state)
        .unwrap_or(request.state);
    ApiError::conflict(
        Violation::new(shebao_core::Code::Transition, "stop_request")
            .with("from", now.code())
            .with("action", event.code()),
    )
}

/// Runs a write on a request; its refusal (the transaction rolled back) is audited all
/// the same, in its own transaction, as `action` on `target`: whoever tried to act on a
/// request that is not theirs, or too early, is on record (the 401s and 403s are
/// recorded by `audit::refusals` already). If that audit fails, so does the request.
async fn write_audited<T, F>(
    state: &AppState,
    who: Who,
    action: &'static str,
    target: String,
    work: F,
) -> Result<T, ApiError>
where
    F: FnOnce(&mut dyn Tx) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let answer = state.store.write(work).await;
    if answer.is_err() {
        let result = crate::audit::outcome_of(&answer);
        let now_ms = state.clock.now_ms();
        state
            .store
            .write(move |tx| audit::record(tx, now_ms, &who, action, &target, &result))
            .await?;
    }
    answer
}

fn employer_name(tx: &mut dyn Tx, id: EmployerId) -> Result<String, ApiError> {
    Ok(employers::get(tx, id)?.map(|e| e.name).unwrap_or_default())
}

/// `YYYY-MM-DD`: from when a reviewer may stop without the person's confirmation.
fn may_stop_from(request: &StopRequestRow) -> String {
    shebao_core::stop_request::reviewer_may_stop_from(request.requested_ms).to_string()
}
