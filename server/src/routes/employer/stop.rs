//! `POST /api/v1/employer/stops` (社会保险职工暂停参保) and its batch form.

use super::batch::{self, Batch, BatchAnswer, EmployerForm, Submitter};
use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::db::Tx;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::applications::{Application, NewApplication};
use crate::repo::{persons, relationships};
use crate::submission::{
    insert_application, plan_json, IdempotencyKeyHeader, SaveError, SubmissionAnswers,
};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use shebao_core::api::{StopForm, SubmissionReceipt};
use shebao_core::application::Kind;
use shebao_core::ids::CitizenId;
use shebao_core::stop;
use shebao_core::time::cst_date;

impl EmployerForm for StopForm {
    const ACTION: &'static str = "stop";
    fn citizen_id(&self) -> &str {
        &self.citizen_id
    }
    /// A stop reads only the agent's own employee (`active_employment` at this
    /// employer): nothing to charge.
    fn save(
        &self,
        tx: &mut dyn Tx,
        who: Submitter,
        now_ms: i64,
        _: &crate::lookups::Ledger,
    ) -> Result<Application, ApiError> {
        Ok(save(tx, who, self, now_ms)?)
    }
}

/// Judges and saves one stop inside the caller's transaction.
pub fn save(
    tx: &mut dyn Tx,
    agent: Submitter,
    form: &StopForm,
    now_ms: i64,
) -> Result<Application, SaveError> {
    let Submitter {
        account_id,
        employer_id,
        ..
    } = agent;
    // Only a valid number is looked up; an invalid one is reported by core's plan.
    let person = match CitizenId::parse(&form.citizen_id, cst_date(now_ms)) {
        Ok(id) => persons::by_citizen_id(tx, id.as_str())?,
        Err(_) => None,
    };
    let active = match &person {
        Some(p) => relationships::active_employment(tx, p.id, employer_id)?,
        None => None,
    };
    let plan = stop::plan(active.as_ref(), form, now_ms)?;
    let name = person.map(|p| p.name).unwrap_or_default();
    let plan_json = plan_json(&plan)?;
    insert_application(
        tx,
        &NewApplication {
            kind: Kind::Stop,
            employer_id: Some(employer_id),
            citizen_id: &plan.citizen_id,
            person_name: &name,
            handling_month: plan.handling_month,
            flags: &plan.flags,
            plan_json,
            account_id,
        },
        now_ms,
    )
}

/// 社会保险职工暂停参保 (减员).
#[utoipa::path(
    post,
    path = "/employer/stops",
    operation_id = "employer_stop",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    params(IdempotencyKeyHeader),
    request_body = StopForm,
    responses(
        SubmissionAnswers,
        (status = 422, description = "The rules refuse the stop (the violations name the fields), or the `Idempotency-Key` is missing or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    agent: EmployerAgent,
    headers: HeaderMap,
    ApiJson(form): ApiJson<StopForm>,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError> {
    batch::one(&state, &agent, &headers, form).await
}

/// 批量减员: every row is its own submission (key `{Idempotency-Key}#{row}`).
#[utoipa::path(
    post,
    path = "/employer/stops/batch",
    operation_id = "employer_stop_batch",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    params(IdempotencyKeyHeader),
    request_body = Batch<StopForm>,
    responses(
        (status = 200, description = "Row by row: each valid row saved on its own, each refused row with its violations", body = BatchAnswer),
        (status = 422, description = "No rows, more than 1000 rows (`REQUIRED`/`TOO_LONG` on `rows`), or the `Idempotency-Key` is missing or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post_batch(
    State(state): State<AppState>,
    agent: EmployerAgent,
    headers: HeaderMap,
    ApiJson(rows): ApiJson<Batch<StopForm>>,
) -> Result<Json<BatchAnswer>, ApiError> {
    batch::many(&state, &agent, &headers, rows).await
}
