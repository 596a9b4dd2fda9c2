//! What enrolment and stop share: submitting one form, and batches (批量增员, 批量减员),
//! where each row is its own submission, judged and saved on its own, so valid rows are
//! kept whatever the other rows hold; the answer is row by row.

use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::client_address::ClientAddress;
use crate::problem::{ApiError, ReportedViolation};
use crate::repo::applications::Application;
use crate::repo::ids::{AccountId, EmployerId};
use crate::submission::{idempotency_key, submit};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::Json;
use shebao_core::api::batch::RowResult;
use shebao_core::api::SubmissionReceipt;

// The batch's wire types are core's (`shebao_core::api::batch`), the browser's too; the
// server writes each row's violations with both languages' messages.
pub use shebao_core::api::batch::Batch;
pub type BatchAnswer = shebao_core::api::batch::BatchAnswer<ReportedViolation>;

/// Who submits an employer's form, and under which limits.
#[derive(Clone, Copy, Debug)]
pub struct Submitter {
    pub account_id: AccountId,
    pub employer_id: EmployerId,
    /// The person-lookup budget (see [`crate::lookups`]).
    pub lookups_per_hour: i64,
    /// Where the request came from, for the audit log.
    pub source: ClientAddress,
}

impl Submitter {
    /// Who the audit log names.
    pub fn who(&self) -> crate::repo::audit::Who {
        crate::repo::audit::Who::new(Some(self.account_id), self.source)
    }

    pub fn of(state: &AppState, agent: &EmployerAgent) -> Submitter {
        Submitter {
            account_id: agent.actor.account_id,
            employer_id: agent.employer_id,
            lookups_per_hour: state.person_lookups_per_hour,
            source: agent.source,
        }
    }
}

/// An employer's form: saved one at a time or row by row in a batch.
pub trait EmployerForm: Send + Sync + 'static {
    /// What the audit log calls the submission.
    const ACTION: &'static str;
    /// The number as typed, for the audit log (masked there).
    fn citizen_id(&self) -> &str;
    /// Judges the form with core and saves the application, in the caller's
    /// transaction; a person's status read on the way is charged through `lookups`.
    fn save(
        &self,
        tx: &mut dyn crate::db::Tx,
        who: Submitter,
        now_ms: i64,
        lookups: &crate::lookups::Ledger,
    ) -> Result<Application, ApiError>;
}

async fn submit_form<F: EmployerForm>(
    state: &AppState,
    who: Submitter,
    key: String,
    form: std::sync::Arc<F>,
) -> Result<(StatusCode, SubmissionReceipt), ApiError> {
    let target = super::enrol::masked(form.citizen_id());
    submit(
        state,
        who.account_id,
        who.source,
        key,
        F::ACTION,
        target,
        move |tx, now, lookups| form.save(tx, who, now, lookups),
    )
    .await
}

/// Submits one form under the request's idempotency key.
pub async fn one<F: EmployerForm>(
    state: &AppState,
    agent: &EmployerAgent,
    headers: &HeaderMap,
    form: F,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError> {
    let key = idempotency_key(headers)?;
    let who = Submitter::of(state, agent);
    let (status, receipt) = submit_form(state, who, key, std::sync::Arc::new(form)).await?;
    Ok((status, Json(receipt)))
}

/// Submits every row (key `{Idempotency-Key}#{row}`); all rows are sent to the store at
/// once, so they share commits.
pub async fn many<F: EmployerForm>(
    state: &AppState,
    agent: &EmployerAgent,
    headers: &HeaderMap,
    batch: Batch<F>,
) -> Result<Json<BatchAnswer>, ApiError> {
    let key = idempotency_key(headers)?;
    let batch = batch.parse()?;
    let who = Submitter::of(state, agent);
    let rows = batch.numbered().map(|(row, form)| {
        let key = format!("{key}#{row}");
        async move {
            let result = submit_form(state, who, key, std::sync::Arc::new(form)).await;
            RowResult::new(
                row,
                result
                    .map(|(_, receipt)| receipt)
                    .map_err(ApiError::into_violations),
            )
        }
    });
    Ok(Json(BatchAnswer::new(
        futures_util::future::join_all(rows).await,
    )))
}
