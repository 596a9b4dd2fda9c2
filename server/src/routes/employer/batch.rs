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
use serde::{Deserialize, Serialize};
use shebao_core::api::SubmissionReceipt;

/// Most rows one batch may carry.
pub const MAX_ROWS: usize = 1000;

/// The rows of a batch, 1 to 1000.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Batch<F> {
    #[schema(min_items = 1, max_items = 1000)]
    pub rows: Vec<F>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RowResult {
    /// 1-based, as in the spreadsheet.
    pub row: usize,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt: Option<SubmissionReceipt>,
    pub violations: Vec<ReportedViolation>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchAnswer {
    pub submitted: usize,
    pub refused: usize,
    pub rows: Vec<RowResult>,
}

impl RowResult {
    pub fn from_result(
        row: usize,
        result: Result<(StatusCode, SubmissionReceipt), ApiError>,
    ) -> RowResult {
        match result {
            Ok((_, receipt)) => RowResult {
                row,
                ok: true,
                receipt: Some(receipt),
                violations: Vec::new(),
            },
            Err(error) => RowResult {
                row,
                ok: false,
                receipt: None,
                violations: error.into_violations(),
            },
        }
    }
}

impl BatchAnswer {
    pub fn new(rows: Vec<RowResult>) -> BatchAnswer {
        let submitted = rows.iter().filter(|r| r.ok).count();
        BatchAnswer {
            submitted,
            refused: rows.len() - submitted,
            rows,
        }
    }
}

pub fn check_size<F>(batch: &Batch<F>) -> Result<(), ApiError> {
    if batch.rows.is_empty() {
        return Err(shebao_core::Violation::new(shebao_core::Code::Required, "rows").into());
    }
    if batch.rows.len() > MAX_ROWS {
        return Err(
            shebao_core::Violation::new(shebao_core::Code::TooLong, "rows")
                .with("max", MAX_ROWS)
                .into(),
        );
    }
    Ok(())
}

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
    /// Judges the form with core and saves the application, in the caller's transaction.
    fn save(
        &self,
        tx: &mut dyn crate::db::Tx,
        who: Submitter,
        now_ms: i64,
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
        move |tx, now| form.save(tx, who, now),
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
    check_size(&batch)?;
    let who = Submitter::of(state, agent);
    let rows = batch.rows.into_iter().enumerate().map(|(i, form)| {
        let key = format!("{key}#{}", i + 1);
        async move {
            RowResult::from_result(
                i + 1,
                submit_form(state, who, key, std::sync::Arc::new(form)).await,
            )
        }
    });
    Ok(Json(BatchAnswer::new(
        futures_util::future::join_all(rows).await,
    )))
}
