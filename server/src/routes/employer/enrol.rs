//! `POST /api/v1/employer/enrolments` (社会保险职工参保登记) and its batch form: the form is
//! judged by core at the server's handling month against the records, and saved as a
//! submitted application (下一步 → 保存成功, with its number).

use super::batch::{check_size, Batch, BatchAnswer, RowResult};
use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::db::Tx;
use crate::problem::{ApiError, ApiJson};
use crate::repo::applications::{Application, NewApplication};
use crate::repo::{employers, relationships};
use crate::submission::{idempotency_key, insert_application, submit};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use shebao_core::api::{EmployerTerms, EnrolmentForm, SubmissionReceipt};
use shebao_core::application::Kind;
use shebao_core::contribution::WorkInjuryRate;
use shebao_core::enrolment;
use shebao_core::text::normalize_identifier;
use shebao_core::time::handling_month;

/// Judges and saves one enrolment inside the caller's transaction.
pub fn save(
    tx: &mut dyn Tx,
    agent: (i64, i64),
    form: &EnrolmentForm,
    now_ms: i64,
) -> Result<Application, ApiError> {
    let (account_id, employer_id) = agent;
    let employer =
        employers::get(tx, employer_id)?.ok_or_else(|| ApiError::forbidden("session"))?;
    let terms = EmployerTerms {
        work_injury_rate: WorkInjuryRate::from_bp(
            employer.work_injury_rate_bp as u32,
            handling_month(now_ms),
        )?,
    };
    let status =
        relationships::person_status(tx, &normalize_identifier(&form.citizen_id), employer_id)?;
    let plan = enrolment::plan(&status, form, &terms, now_ms)?;
    let plan_json = serde_json::to_string(&plan).map_err(|e| ApiError::Internal(e.to_string()))?;
    insert_application(
        tx,
        &NewApplication {
            kind: Kind::Enrol,
            employer_id: Some(employer_id),
            citizen_id: plan.citizen_id.as_str(),
            person_name: &plan.name,
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
    ApiJson(form): ApiJson<EnrolmentForm>,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError> {
    let key = idempotency_key(&headers)?;
    let who = (agent.actor.account_id, agent.employer_id);
    let target = masked(&form.citizen_id);
    let (status, receipt) = submit(&state, who.0, key, "enrol", target, move |tx, now| {
        save(tx, who, &form, now)
    })
    .await?;
    Ok((status, Json(receipt)))
}

pub async fn post_batch(
    State(state): State<AppState>,
    agent: EmployerAgent,
    headers: HeaderMap,
    ApiJson(batch): ApiJson<Batch<EnrolmentForm>>,
) -> Result<Json<BatchAnswer>, ApiError> {
    let key = idempotency_key(&headers)?;
    check_size(&batch)?;
    let who = (agent.actor.account_id, agent.employer_id);
    // All rows are sent to the store at once, so they share commits.
    let rows = batch.rows.into_iter().enumerate().map(|(i, form)| {
        let state = state.clone();
        let key = format!("{key}#{}", i + 1);
        async move {
            let target = masked(&form.citizen_id);
            let result = submit(&state, who.0, key, "enrol", target, move |tx, now| {
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

/// What the audit log says of a number typed into a form: masked when it is valid,
/// a placeholder when it is not.
pub fn masked(typed: &str) -> String {
    let text = normalize_identifier(typed);
    if text.len() == 18 && text.is_ascii() {
        format!("{}**********{}", &text[..4], &text[14..])
    } else {
        "(invalid number)".to_string()
    }
}
