//! 开办企业全程网上办 for the resident who files it (the founder or the appointed contact
//! person): filing the unit and its first employees as one application, the filings
//! of their own, and the contact person's one-time password once the unit is
//! registered. Reviewing goes through the reviewer's ordinary routes; withdrawing
//! through the resident's (`POST /resident/applications/{number}/withdraw`).

pub(crate) mod issued;
mod save;

use crate::app::AppState;
use crate::auth::{passwords, sessions, Resident};
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::applications;
use crate::repo::{accounts, audit, persons};
use crate::routes::application_view::{detail, ApplicationDetail, ApplicationSummary};
use crate::routes::application_view::{residents_own, Audience, Page};
use crate::submission::{idempotency_key, submit, IdempotencyKeyHeader, SubmissionAnswers};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use save::Founder;
use shebao_core::api::SubmissionReceipt;
use shebao_core::application::Kind;
use shebao_core::opening::OpeningForm;
use shebao_core::views::AgentPassword;
use shebao_core::{Code, Violation};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The founder's routes, under `/api/v1/resident/openings`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, file))
        .routes(routes!(one))
        .routes(routes!(agent_password))
}

/// 开办企业: the unit, its contact person and its first employees, judged as one filing
/// by core at the server's handling month, saved as one application.
#[utoipa::path(
    post,
    path = "/resident/openings",
    operation_id = "resident_file_opening",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    params(IdempotencyKeyHeader),
    request_body = OpeningForm,
    responses(
        SubmissionAnswers,
        (status = 422, description = "The rules refuse the filing (the violations name the fields: `unit.credit_code`, `employees[1].pension_start`, …), or the `Idempotency-Key` is missing or too long", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The person lookups of this hour are spent (each employee is one)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn file(
    State(state): State<AppState>,
    resident: Resident,
    headers: HeaderMap,
    ApiJson(form): ApiJson<OpeningForm>,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError> {
    let key = idempotency_key(&headers)?;
    let founder = Founder {
        account_id: resident.actor.account_id,
        person_id: resident.person_id,
        lookups_per_hour: state.person_lookups_per_hour,
        who: resident.who(),
    };
    // The credit code names a company, not a person: kept as typed (at most its length).
    let target = format!(
        "opening {}",
        form.unit.credit_code.chars().take(18).collect::<String>()
    );
    let (status, receipt) = submit(
        &state,
        founder.account_id,
        resident.source,
        key,
        Kind::Opening.code(),
        target,
        move |tx, now_ms, lookups| save::save(tx, &founder, &form, now_ms, lookups),
    )
    .await?;
    Ok((status, Json(receipt)))
}

/// The resident's own 开办企业 filings, newest first (at most 100).
#[utoipa::path(
    get,
    path = "/resident/openings",
    operation_id = "resident_list_openings",
    tag = "resident",
    security(("session" = [])),
    responses(
        (status = 200, description = "The resident's own filings: `person_name` is the unit's name, `citizen_id` the founder's, masked", body = Page<ApplicationSummary>),
        (status = 404, description = "The person is not in the records (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<Json<Page<ApplicationSummary>>, ApiError> {
    let own = residents_own(&state, &resident, Some(Kind::Opening), "read.openings").await?;
    Ok(Json(own))
}

/// One of the resident's own filings: the plan (employees masked), its history and,
/// once approved, what it issued.
#[utoipa::path(
    get,
    path = "/resident/openings/{number}",
    operation_id = "resident_get_opening",
    tag = "resident",
    security(("session" = [])),
    params(("number" = String, Path, description = "The application number")),
    responses(
        (status = 200, description = "The filing; `opening` once approved", body = ApplicationDetail),
        (status = 404, description = "No such filing of this resident (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    resident: Resident,
    Path(number): Path<String>,
) -> Result<Json<ApplicationDetail>, ApiError> {
    let person_id = resident.person_id;
    let target: String = number.chars().take(40).collect();
    let read = state
        .store
        .read(move |tx| -> Result<Json<ApplicationDetail>, ApiError> {
            let person =
                persons::get(tx, person_id)?.ok_or_else(|| ApiError::not_found("person"))?;
            let app = issued::own_filing(tx, &number, person.citizen_id.as_str())?;
            let history = applications::events(tx, app.id)?;
            Ok(Json(ApplicationDetail {
                opening: issued::issued(tx, &app)?,
                ..detail(&app, history, None, Audience::Founder)
            }))
        })
        .await;
    crate::audit::read(&state, resident.who(), "read.opening", target, read).await
}

/// A new one-time password for the contact person of an approved filing, while they
/// have not set their own: only its hash is kept (replacing any earlier one, whose
/// sessions end), and it is shown here once.
#[utoipa::path(
    post,
    path = "/resident/openings/{number}/agent-password",
    operation_id = "resident_opening_agent_password",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    params(("number" = String, Path, description = "The application number")),
    responses(
        (status = 201, description = "The contact person's user name and one-time password, shown once; they must change it at their first login", body = AgentPassword),
        (status = 404, description = "No such filing of this resident, or it is not approved (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The contact person has set their own password (`FORBIDDEN`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn agent_password(
    State(state): State<AppState>,
    resident: Resident,
    Path(number): Path<String>,
) -> Result<(StatusCode, Json<AgentPassword>), ApiError> {
    let person_id = resident.person_id;
    let who = resident.who();
    let target: String = number.chars().take(40).collect();
    // Which account: only the one this resident's own approved filing created.
    let found = state
        .store
        .read(move |tx| -> Result<_, ApiError> {
            let person =
                persons::get(tx, person_id)?.ok_or_else(|| ApiError::not_found("person"))?;
            let app = issued::own_filing(tx, &number, person.citizen_id.as_str())?;
            issued::unit_and_agent(tx, &app)?
                .map(|(_, agent)| agent)
                .ok_or_else(|| ApiError::not_found("agent_account"))
        })
        .await;
    let agent = match found {
        Ok(agent) => agent,
        Err(e) => {
            let refused: Result<(), ApiError> = Err(e);
            return Err(refusal(&state, who, target, refused).await);
        }
    };
    if !agent.must_change_password {
        let refused = Err(password_set());
        return Err(refusal(&state, who, agent.username, refused).await);
    }
    let username = agent.username.clone();
    let (password, password_hash) = state
        .password_hashing
        .run(move || {
            let password = crate::cli::account::generate_password(&username);
            let hash = passwords::hash(&password);
            (password, hash)
        })
        .await?;
    let (agent_id, username) = (agent.id, agent.username.clone());
    let now_ms = state.clock.now_ms();
    state
        .store
        .write(move |tx| -> Result<(), ApiError> {
            // Conditional: a password the contact set meanwhile is never overwritten.
            if !accounts::set_one_time_password_if_unset(tx, agent_id, &password_hash, now_ms)? {
                return Err(password_set());
            }
            // Whoever logged in with an earlier one-time password is logged out.
            sessions::remove_all_of(tx, agent_id, None)?;
            audit::record(
                tx,
                now_ms,
                &who,
                "opening_agent_password",
                &username,
                "issued",
            )?;
            Ok(())
        })
        .await?;
    state.account_sessions_changed(agent_id);
    Ok((
        StatusCode::CREATED,
        Json(AgentPassword {
            username: agent.username,
            one_time_password: password,
        }),
    ))
}

fn password_set() -> ApiError {
    ApiError::conflict(Violation::new(Code::Forbidden, "agent_password"))
}

/// Audits a refused request for a password (the refusals of a write are recorded too);
/// answers the refusal, or the audit's own failure.
async fn refusal(
    state: &AppState,
    who: audit::Who,
    target: String,
    refused: Result<(), ApiError>,
) -> ApiError {
    let outcome = crate::audit::outcome_of(&refused);
    let now_ms = state.clock.now_ms();
    let recorded = state
        .store
        .write(move |tx| {
            audit::record(
                tx,
                now_ms,
                &who,
                "opening_agent_password",
                &target,
                &outcome,
            )
        })
        .await;
    match (recorded, refused) {
        (Err(e), _) => ApiError::Internal(format!("the refusal's audit: {e}")),
        (Ok(()), Err(e)) => e,
        (Ok(()), Ok(())) => ApiError::Internal("a refusal without an error".into()),
    }
}
