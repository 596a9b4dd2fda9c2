//! `POST /api/v1/employer/stops` (社会保险职工暂停参保) and its batch form.

use super::batch::{check_size, Batch, BatchAnswer, RowResult};
use super::enrol::masked;
use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::db::Tx;
use crate::problem::{ApiError, ApiJson};
use crate::repo::applications::{Application, NewApplication};
use crate::repo::{persons, relationships};
use crate::submission::{idempotency_key, insert_application, submit};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use shebao_core::api::{StopForm, SubmissionReceipt};
use shebao_core::application::Kind;
use shebao_core::stop;
use shebao_core::text::normalize_identifier;

/// Judges and saves one stop inside the caller's transaction.
pub fn save(
    tx: &mut dyn Tx,
    agent: (i64, i64),
    form: &StopForm,
    now_ms: i64,
) -> Result<Application, ApiError> {
    let (account_id, employer_id) = agent;
    let person = persons::by_citizen_id(tx, &normalize_identifier(&form.citizen_id))?;
    let active = match &person {
        Some(p) => relationships::active_employment(tx, p.id, employer_id)?,
        None => None,
    };
    let plan = stop::plan(active.as_ref(), form, now_ms)?;
    let name = person.map(|p| p.name).unwrap_or_default();
    let plan_json = serde_json::to_string(&plan).map_err(|e| ApiError::Internal(e.to_string()))?;
    insert_application(
        tx,
        &NewApplication {
            kind: Kind::Stop,
            employer_id: Some(employer_id),
            citizen_id: plan.citizen_id.as_str(),
            person_name: &name,
            handling_month: plan.handling_month,
            flags: &plan.flags,
            plan_json,
            account_id,
        },
        now_ms,
    )
}

pub async fn post(
    State(state): State<AppState>,
    agent: EmployerAgent,
    headers: HeaderMap,
    ApiJson(form): ApiJson<StopForm>,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError> {
    let key = idempotency_key(&headers)?;
    let who = (agent.actor.account_id, agent.employer_id);
    let target = masked(&form.citizen_id);
    let (status, receipt) = submit(&state, who.0, key, "stop", target, move |tx, now| {
        save(tx, who, &form, now)
    })
    .await?;
    Ok((status, Json(receipt)))
}

pub async fn post_batch(
    State(state): State<AppState>,
    agent: EmployerAgent,
    headers: HeaderMap,
    ApiJson(batch): ApiJson<Batch<StopForm>>,
) -> Result<Json<BatchAnswer>, ApiError> {
    let key = idempotency_key(&headers)?;
    check_size(&batch)?;
    let who = (agent.actor.account_id, agent.employer_id);
    let rows = batch.rows.into_iter().enumerate().map(|(i, form)| {
        let state = state.clone();
        let key = format!("{key}#{}", i + 1);
        async move {
            let target = masked(&form.citizen_id);
            let result = submit(&state, who.0, key, "stop", target, move |tx, now| {
                save(tx, who, &form, now)
            })
            .await;
            RowResult::from_result(i + 1, result)
        }
    });
    Ok(Json(BatchAnswer::new(
        futures_util::future::join_all(rows).await,
    )))
}
