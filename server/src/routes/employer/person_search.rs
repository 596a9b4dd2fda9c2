//! `POST /api/v1/employer/person-search`: the first step of 社会保险职工参保登记. The
//! system decides the case from the records; the name is only shown masked, another
//! employer is never named. Charged to the account's person-lookup budget
//! ([`crate::lookups`]) and audited, in the store, so the limit holds across server
//! processes. What is prefilled for a resumption (户籍) is answered only once the agent
//! has typed the name on record.

use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::lookups;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::{audit, persons, relationships};
use axum::extract::State;
use axum::Json;
use shebao_core::api::{PersonSearchRequest, PersonSearchResponse};
use shebao_core::enrolment::PersonStatus;
use shebao_core::ids::CitizenId;
use shebao_core::text::normalize_text;
use shebao_core::time::cst_date;
use shebao_core::views::{PersonSearchAnswer, Prefill};

#[utoipa::path(
    post,
    path = "/employer/person-search",
    operation_id = "employer_person_search",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    request_body = PersonSearchRequest,
    responses(
        (status = 200, description = "The case (新参保 or 续保), or why the person cannot be enrolled here (`violations`)", body = PersonSearchAnswer),
        (status = 429, description = "The account's person lookups for this hour are spent (`RATE_LIMITED`, with `seconds`)", body = Problem, content_type = "application/problem+json"),
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
    let per_hour = state.person_lookups_per_hour;
    let typed_name = request.name.as_deref().map(normalize_text);
    let target = id.masked();
    state
        .store
        .write(move |tx| -> Result<Json<PersonSearchAnswer>, ApiError> {
            lookups::charge(tx, account_id, per_hour, now_ms)?;
            let status = relationships::person_status(tx, id.as_str(), employer_id)?;
            let prefill = match &status {
                PersonStatus::Known { name }
                    if typed_name.as_deref() == Some(&normalize_text(name)) =>
                {
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
