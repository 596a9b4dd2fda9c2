//! The new employer's side: asking for a stop after `ACTIVE_ELSEWHERE`, its requests,
//! withdrawing one, and its enrolment form back once the old relationship ended.

use super::{changed_meanwhile, transition, write_audited};
use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::db::Tx;
use crate::lookups;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::ids::{AccountId, EmployerId, StopRequestId};
use crate::repo::persons::Person;
use crate::repo::stop_requests::{self, NewStopRequest, StopRequestRow};
use crate::repo::{audit, employers, persons, relationships};
use crate::routes::application_view::mask_id;
use crate::routes::employer::enrol::masked;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use shebao_core::api::{EmployerTerms, EnrolmentForm};
use shebao_core::contribution::WorkInjuryRate;
use shebao_core::enrolment::{self, PersonStatus};
use shebao_core::ids::CitizenId;
use shebao_core::stop_request::{RequestEvent, RequestState};
use shebao_core::time::{cst_date, handling_month};
use shebao_core::views::RequestedStop;
use shebao_core::{Code, Violation};

fn view(request: &StopRequestRow, citizen_id: &str) -> RequestedStop {
    // The name as the new employer typed it on its own form, never the records' name.
    let name = serde_json::from_str::<EnrolmentForm>(&request.enrolment_form)
        .map(|f| f.name)
        .unwrap_or_default();
    RequestedStop {
        id: request.id.0,
        citizen_id: mask_id(citizen_id),
        name,
        state: request.state,
        requested_at_ms: request.requested_ms,
        stopped_at_ms: request.stopped_ms,
    }
}

/// 申请原单位减员: the enrolment that was refused with `ACTIVE_ELSEWHERE`, sent again as
/// a request. Judged like the enrolment itself: the form by core first (a form wrong
/// anyway tells nothing), then the person's status read, charged to the agent's lookups
/// and audited, whatever the answer (the charge is committed with a refusal too, so
/// asking is never a free way to learn where someone works). Only a person whom the
/// enrolment would refuse with `ACTIVE_ELSEWHERE` can be asked for.
#[utoipa::path(
    post,
    path = "/employer/stop-requests",
    operation_id = "employer_request_stop",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    request_body = EnrolmentForm,
    responses(
        (status = 201, description = "The request, open (待原单位减员); the old employer is not named", body = RequestedStop),
        (status = 409, description = "This employer already has a live request for this person (`PENDING_EXISTS`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The enrolment form is refused for another reason than `ACTIVE_ELSEWHERE` (its violations), or the person is not insured elsewhere (`BAD_CHOICE` on `citizen_id`: enrol them directly)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The person lookups of this hour are spent", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    agent: EmployerAgent,
    ApiJson(form): ApiJson<EnrolmentForm>,
) -> Result<(StatusCode, Json<RequestedStop>), ApiError> {
    let by = Requester {
        employer_id: agent.employer_id,
        account_id: agent.actor.account_id,
    };
    let who = agent.who();
    let per_hour = state.person_lookups_per_hour;
    let now_ms = state.clock.now_ms();
    // The audit log's target: the typed number, masked (or a placeholder).
    let target = masked(&form.citizen_id);
    let job_target = target.clone();
    // The outer result fails (rolls back) the transaction; the inner one is a refusal
    // answered after the lookup's charge and the audit rows are committed.
    let answer = state
        .store
        .write(
            move |tx| -> Result<Result<RequestedStop, ApiError>, ApiError> {
                let refuse = |tx: &mut dyn Tx, refused: ApiError| {
                    let refused: Result<RequestedStop, ApiError> = Err(refused);
                    let result = crate::audit::outcome_of(&refused);
                    audit::record(tx, now_ms, &who, "stop_request", &job_target, &result)?;
                    Ok::<_, ApiError>(refused)
                };
                let employer = employers::get(tx, by.employer_id)?
                    .ok_or_else(|| ApiError::forbidden("session"))?;
                let terms = EmployerTerms {
                    work_injury_rate: WorkInjuryRate::from_bp(
                        employer.work_injury_rate_bp as u32,
                        handling_month(now_ms),
                    )?,
                };
                // The form first: one wrong anyway reads nobody's status.
                if let Err(violations) = enrolment::check_form(&form, &terms, now_ms) {
                    return refuse(tx, ApiError::Rejected(violations));
                }
                let id = CitizenId::parse(&form.citizen_id, cst_date(now_ms))?;
                lookups::charge(tx, by.account_id, per_hour, now_ms)?;
                let status = relationships::person_status(tx, id.as_str(), by.employer_id)?;
                audit::record(
                    tx,
                    now_ms,
                    &who,
                    "person_lookup",
                    &id.masked(),
                    "stop_request",
                )?;
                if let Err(refused) = may_ask(&status, &form, &id, &terms, now_ms) {
                    return refuse(tx, refused);
                }
                let person = persons::by_citizen_id(tx, id.as_str())?.ok_or_else(|| {
                    ApiError::Internal("active elsewhere without a person".into())
                })?;
                if stop_requests::has_live(tx, person.id, by.employer_id)? {
                    return refuse(tx, pending_exists());
                }
                // Two at once: the second meets the unique index, which aborts a
                // PostgreSQL transaction, so it fails this one (and is audited in its
                // own, below).
                let row = open(tx, &by, &form, &person, now_ms)?;
                audit::record(
                    tx,
                    now_ms,
                    &who,
                    "stop_request",
                    &id.masked(),
                    &format!("open {}", row.id),
                )?;
                Ok(Ok(view(&row, id.as_str())))
            },
        )
        .await;
    if answer.is_err() {
        // Rolled back (a live request already, the lookups spent, the store): audited
        // in its own transaction.
        let (who, result) = (agent.who(), crate::audit::outcome_of(&answer));
        state
            .store
            .write(move |tx| audit::record(tx, now_ms, &who, "stop_request", &target, &result))
            .await?;
    }
    let view = answer??;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Who asks: the new employer and its agent.
struct Requester {
    employer_id: EmployerId,
    account_id: AccountId,
}

/// Whether the enrolment would be refused with `ACTIVE_ELSEWHERE` by the server's own
/// records: only then may anyone ask for a stop.
fn may_ask(
    status: &PersonStatus,
    form: &EnrolmentForm,
    id: &CitizenId,
    terms: &EmployerTerms,
    now_ms: i64,
) -> Result<(), ApiError> {
    match enrolment::plan(status, form, terms, now_ms) {
        Err(violations) if violations.codes().contains(&Code::ActiveElsewhere) => Ok(()),
        Err(violations) => Err(ApiError::Rejected(violations)),
        // Nobody stops anyone's insurance for a person who can simply be enrolled. (Core
        // has no code of its own for this; the number is "not a choice" here.)
        Ok(_) => Err(Violation::new(Code::BadChoice, "citizen_id")
            .with("value", id.masked())
            .into()),
    }
}

/// Records the open request, addressed to the person's current employer.
fn open(
    tx: &mut dyn Tx,
    by: &Requester,
    form: &EnrolmentForm,
    person: &Person,
    now_ms: i64,
) -> Result<StopRequestRow, ApiError> {
    // Addressed to the employer the person is insured through now (one, as each
    // insurance has one active relationship; the lowest id if ever more).
    let old_employer_id = *relationships::active_employers_except(tx, person.id, by.employer_id)?
        .first()
        .ok_or_else(|| ApiError::Internal("active elsewhere without an employer".into()))?;
    let form_json = serde_json::to_string(form).map_err(|e| ApiError::Internal(e.to_string()))?;
    let inserted = stop_requests::insert(
        tx,
        &NewStopRequest {
            person_id: person.id,
            requester_employer_id: by.employer_id,
            requester_account_id: by.account_id,
            enrolment_form: &form_json,
            old_employer_id,
        },
        now_ms,
    );
    let request_id = match inserted {
        Err(e) if e.is_unique(stop_requests::ONE_LIVE) => return Err(pending_exists()),
        other => other?,
    };
    stop_requests::get(tx, request_id)?.ok_or_else(|| ApiError::not_found("stop_request"))
}

fn pending_exists() -> ApiError {
    ApiError::conflict(Violation::new(Code::PendingExists, "citizen_id"))
}

/// This employer's own request `id`, or 404 (someone else's is not said to exist).
fn own(
    tx: &mut dyn Tx,
    id: i64,
    employer_id: EmployerId,
) -> Result<(StopRequestRow, String), ApiError> {
    let request = stop_requests::get(tx, StopRequestId(id))?
        .filter(|r| r.requester_employer_id == employer_id)
        .ok_or_else(|| ApiError::not_found("stop_request"))?;
    let person =
        persons::get(tx, request.person_id)?.ok_or_else(|| ApiError::not_found("stop_request"))?;
    Ok((request, person.citizen_id.as_str().to_string()))
}

/// The stop requests this employer made, newest first (at most 200).
#[utoipa::path(
    get,
    path = "/employer/stop-requests",
    operation_id = "employer_list_stop_requests",
    tag = "employer",
    security(("session" = [])),
    responses(
        (status = 200, description = "This employer's own requests; never the old employer", body = [RequestedStop]),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    agent: EmployerAgent,
) -> Result<Json<Vec<RequestedStop>>, ApiError> {
    let employer_id = agent.employer_id;
    let read = state
        .store
        .read(move |tx| -> Result<Vec<RequestedStop>, ApiError> {
            let mut views = Vec::new();
            for request in stop_requests::made_by(tx, employer_id)? {
                let citizen_id = persons::get(tx, request.person_id)?
                    .map(|p| p.citizen_id.as_str().to_string())
                    .unwrap_or_default();
                views.push(view(&request, &citizen_id));
            }
            Ok(views)
        })
        .await;
    let target = format!("employer {employer_id}");
    Ok(Json(
        crate::audit::read(&state, agent.who(), "read.stop_requests", target, read).await?,
    ))
}

/// 撤回: the new employer no longer asks (from open or confirmed).
#[utoipa::path(
    post,
    path = "/employer/stop-requests/{id}/withdraw",
    operation_id = "employer_withdraw_stop_request",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    params(("id" = i64, Path, description = "The request's id")),
    responses(
        (status = 200, description = "Withdrawn", body = RequestedStop),
        (status = 404, description = "No such request of this employer (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed meanwhile (`TRANSITION`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Already stopped or withdrawn (`TRANSITION`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    agent: EmployerAgent,
    Path(id): Path<i64>,
) -> Result<Json<RequestedStop>, ApiError> {
    let (employer_id, who) = (agent.employer_id, agent.who());
    let now_ms = state.clock.now_ms();
    let target = format!("stop_request {id}");
    let job_target = target.clone();
    write_audited(
        &state,
        agent.who(),
        "stop_request_withdraw",
        target,
        move |tx| -> Result<Json<RequestedStop>, ApiError> {
            let (request, citizen_id) = own(tx, id, employer_id)?;
            transition(&request, RequestEvent::Withdraw)?;
            if !stop_requests::withdraw(tx, request.id, request.state, now_ms)? {
                return Err(changed_meanwhile(tx, &request, RequestEvent::Withdraw));
            }
            let request = stop_requests::get(tx, request.id)?
                .ok_or_else(|| ApiError::not_found("stop_request"))?;
            audit::record(
                tx,
                now_ms,
                &who,
                "stop_request_withdraw",
                &job_target,
                RequestState::Withdrawn.code(),
            )?;
            Ok(Json(view(&request, &citizen_id)))
        },
    )
    .await
}

/// The enrolment form this request came from, to submit again (`POST
/// /employer/enrolments`, pre-filled) once the old relationship has ended.
#[utoipa::path(
    get,
    path = "/employer/stop-requests/{id}/enrolment",
    operation_id = "employer_stop_request_enrolment",
    tag = "employer",
    security(("session" = [])),
    params(("id" = i64, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The enrolment form as this employer sent it", body = EnrolmentForm),
        (status = 404, description = "No such request of this employer (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The old relationship has not ended (`TRANSITION`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn enrolment(
    State(state): State<AppState>,
    agent: EmployerAgent,
    Path(id): Path<i64>,
) -> Result<Json<EnrolmentForm>, ApiError> {
    let employer_id = agent.employer_id;
    let read = state
        .store
        .read(move |tx| -> Result<EnrolmentForm, ApiError> {
            let (request, _) = own(tx, id, employer_id)?;
            if request.state != RequestState::Stopped {
                return Err(ApiError::conflict(
                    Violation::new(Code::Transition, "stop_request")
                        .with("from", request.state.code())
                        .with("action", "enrol"),
                ));
            }
            serde_json::from_str(&request.enrolment_form)
                .map_err(|e| ApiError::Internal(format!("an unreadable form: {e}")))
        })
        .await;
    let target = format!("stop_request {id}");
    Ok(Json(
        crate::audit::read(
            &state,
            agent.who(),
            "read.stop_request_enrolment",
            target,
            read,
        )
        .await?,
    ))
}
