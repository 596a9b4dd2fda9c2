//! `POST /api/v1/employer/person-search`: the first step of 社会保险职工参保登记. The
//! system decides the case from the records; the name is only shown masked, another
//! employer is never named. Rate-limited per account and audited, in the store, so the
//! limit holds across server processes.

use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::{audit, persons, relationships};
use axum::extract::State;
use axum::Json;
use shebao_core::api::{PersonSearchRequest, PersonSearchResponse};
use shebao_core::enrolment::PersonStatus;
use shebao_core::ids::CitizenId;
use shebao_core::time::cst_date;
use shebao_core::views::{PersonSearchAnswer, Prefill};

/// Lookups one account may make per window.
pub const LOOKUPS_PER_WINDOW: i64 = 60;
pub const WINDOW_SECONDS: i64 = 60;

#[utoipa::path(
    post,
    path = "/api/v1/employer/person-search",
    operation_id = "employer_person_search",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    request_body = PersonSearchRequest,
    responses(
        (status = 200, description = "The case (新参保 or 续保), or why the person cannot be enrolled here (`violations`)", body = PersonSearchAnswer),
        (status = 429, description = "Too many lookups (`RATE_LIMITED`, with `seconds`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    agent: EmployerAgent,
    ApiJson(request): ApiJson<PersonSearchRequest>,
) -> Result<Json<PersonSearchAnswer>, ApiError> {
    let now_ms = state.clock.now_ms();
    let id = CitizenId::parse(&request.citizen_id, cst_date(now_ms))?;
    let (account_id, employer_id, who) = (agent.actor.account_id, agent.employer_id, agent.who());
    let target = id.masked();
    state
        .store
        .write(move |tx| -> Result<Json<PersonSearchAnswer>, ApiError> {
            let recent = audit::count_since(
                tx,
                account_id,
                "person_lookup",
                now_ms - WINDOW_SECONDS * 1000,
            )?;
            if recent >= LOOKUPS_PER_WINDOW {
                return Err(ApiError::rate_limited("citizen_id", WINDOW_SECONDS));
            }
            let status = relationships::person_status(tx, id.as_str(), employer_id)?;
            let prefill = match status {
                PersonStatus::Known { .. } => {
                    persons::by_citizen_id(tx, id.as_str())?.map(|p| Prefill {
                        hukou_district: p.hukou_district,
                        hukou_type: p.hukou_type,
                    })
                }
                _ => None,
            };
            let search = PersonSearchResponse::for_status(&status);
            let result = match &search.case {
                Some(case) => format!("{case:?}").to_lowercase(),
                None => search
                    .violations
                    .first()
                    .map(|v| v.code.as_str().to_string())
                    .unwrap_or_default(),
            };
            audit::record(tx, now_ms, &who, "person_lookup", &target, &result)?;
            Ok(Json(PersonSearchAnswer {
                case: search.case,
                masked_name: search.masked_name,
                violations: search.violations,
                birth_date: id.birth_date().to_string(),
                gender: id.gender(),
                prefill,
            }))
        })
        .await
}
