//! Batches (批量增员, 批量减员): each row is its own submission, judged and saved on its
//! own, so valid rows are kept whatever the other rows hold; the answer is row by row.

use crate::problem::{ApiError, ReportedViolation};
use axum::http::StatusCode;
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
