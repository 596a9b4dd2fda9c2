//! The person's side: the requests about them (both employers are theirs to know), and
//! the confirmation that they left the old employer, with the last working day. Only
//! the person themselves: another resident's request is 404.

use super::{changed_meanwhile, employer_name, transition, write_audited};
use crate::app::AppState;
use crate::auth::Resident;
use crate::db::Tx;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::ids::{PersonId, StopRequestId};
use crate::repo::stop_requests::{self, StopRequestRow};
use crate::repo::{audit, relationships};
use axum::extract::{Path, State};
use axum::Json;
use shebao_core::stop_request::{confirm_leaving, LeavingForm, RequestEvent};
use shebao_core::views::PersonStop;
use shebao_core::{Code, Violation};

fn view(tx: &mut dyn Tx, request: StopRequestRow) -> Result<PersonStop, ApiError> {
    Ok(PersonStop {
        id: request.id.0,
        old_employer_name: employer_name(tx, request.old_employer_id)?,
        new_employer_name: employer_name(tx, request.requester_employer_id)?,
        state: request.state,
        requested_at_ms: request.requested_ms,
        last_working_day: request.last_working_day,
        stop_month: request.stop_month,
    })
}

/// The stop requests about this resident, newest first.
#[utoipa::path(
    get,
    path = "/resident/stop-requests",
    operation_id = "resident_list_stop_requests",
    tag = "resident",
    security(("session" = [])),
    responses(
        (status = 200, description = "The requests about this resident, with both employers' names", body = [PersonStop]),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<Json<Vec<PersonStop>>, ApiError> {
    let person_id = resident.person_id;
    let read = state
        .store
        .read(move |tx| -> Result<Vec<PersonStop>, ApiError> {
            stop_requests::about(tx, person_id)?
                .into_iter()
                .map(|r| view(tx, r))
                .collect()
        })
        .await;
    let target = format!("person {person_id}");
    Ok(Json(
        crate::audit::read(&state, resident.who(), "read.stop_requests", target, read).await?,
    ))
}

fn own(tx: &mut dyn Tx, id: i64, person_id: PersonId) -> Result<StopRequestRow, ApiError> {
    stop_requests::get(tx, StopRequestId(id))?
        .filter(|r| r.person_id == person_id)
        .ok_or_else(|| ApiError::not_found("stop_request"))
}

/// 确认离职: the person confirms they left the old employer, with the last working day
/// (not after today, not before the old relationship began). From then on a reviewer
/// may stop the old relationship without waiting for the old employer's 15 days.
#[utoipa::path(
    post,
    path = "/resident/stop-requests/{id}/confirm",
    operation_id = "resident_confirm_leaving",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    params(("id" = i64, Path, description = "The request's id")),
    request_body = LeavingForm,
    responses(
        (status = 200, description = "Confirmed", body = PersonStop),
        (status = 404, description = "No such request about this resident (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed meanwhile, or the old relationship has ended (`TRANSITION`, `NOT_ACTIVE_HERE`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day is refused (`LAST_DAY_FUTURE`, `LAST_DAY_BEFORE_START`, …) or the request is no longer open (`TRANSITION`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    resident: Resident,
    Path(id): Path<i64>,
    ApiJson(form): ApiJson<LeavingForm>,
) -> Result<Json<PersonStop>, ApiError> {
    let (person_id, who) = (resident.person_id, resident.who());
    let now_ms = state.clock.now_ms();
    let target = format!("stop_request {id}");
    let job_target = target.clone();
    let answer = write_audited(
        &state,
        resident.who(),
        "stop_request_confirm",
        target,
        move |tx| -> Result<PersonStop, ApiError> {
            let request = own(tx, id, person_id)?;
            transition(&request, RequestEvent::Confirm)?;
            let old = relationships::active_employment(tx, person_id, request.old_employer_id)?
                .ok_or_else(|| {
                    ApiError::conflict(Violation::new(Code::NotActiveHere, "stop_request"))
                })?;
            let day = confirm_leaving(request.state, &old, &form, now_ms)?;
            let day = day.to_string();
            if !stop_requests::confirm(tx, request.id, request.state, &day, now_ms)? {
                return Err(changed_meanwhile(tx, &request, RequestEvent::Confirm));
            }
            let request = own(tx, id, person_id)?;
            audit::record(
                tx,
                now_ms,
                &who,
                "stop_request_confirm",
                &job_target,
                "confirmed",
            )?;
            view(tx, request)
        },
    )
    .await;
    Ok(Json(answer?))
}
