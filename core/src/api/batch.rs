//! Batches (批量增员, 批量减员): the request, its row limit and the row-by-row answer.
//! The browser splits a spreadsheet into requests of at most [`MAX_ROWS`] rows and
//! reads the answer; the server parses the request ([`Batch::parse`]) and submits each
//! row on its own.

use super::SubmissionReceipt;
use crate::violation::{Code, Violation};
use serde::{Deserialize, Serialize};

/// Most rows one batch may carry; the browser sends more in several requests.
pub const MAX_ROWS: usize = 1000;

// `POST /api/v1/employer/{enrolments,stops}/batch`: each row a form as the
// one-at-a-time endpoint takes it. (The doc line is the OpenAPI description.)
/// The rows of a batch, 1 to 1000.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch<F> {
    // The literal is `MAX_ROWS` (the attribute takes no constant); a test holds them equal.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub rows: Vec<F>,
}

/// A batch of 1 to [`MAX_ROWS`] rows: built only by [`Batch::parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedBatch<F>(Vec<F>);

impl<F> Batch<F> {
    /// The batch, if it has at least one row and at most [`MAX_ROWS`].
    pub fn parse(self) -> Result<CheckedBatch<F>, Violation> {
        if self.rows.is_empty() {
            return Err(Violation::new(Code::Required, "rows"));
        }
        if self.rows.len() > MAX_ROWS {
            return Err(Violation::new(Code::TooLong, "rows").with("max", MAX_ROWS));
        }
        Ok(CheckedBatch(self.rows))
    }
}

impl<F> CheckedBatch<F> {
    /// Each row with its number, 1-based as in the spreadsheet (the answer's `row`).
    pub fn numbered(self) -> impl Iterator<Item = (usize, F)> {
        self.0.into_iter().enumerate().map(|(i, row)| (i + 1, row))
    }
}

// `V` is how a violation is written: the server sends its `ReportedViolation` (with
// both languages' messages), the browser reads core's `Violation` and words it itself.
/// One row's outcome: its receipt, or why it was refused.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowResult<V = Violation> {
    /// 1-based, as in the spreadsheet.
    pub row: usize,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<SubmissionReceipt>,
    pub violations: Vec<V>,
}

impl<V> RowResult<V> {
    /// Row `row` saved (its receipt) or refused (its violations).
    pub fn new(row: usize, result: Result<SubmissionReceipt, Vec<V>>) -> RowResult<V> {
        match result {
            Ok(receipt) => RowResult {
                row,
                ok: true,
                receipt: Some(receipt),
                violations: Vec::new(),
            },
            Err(violations) => RowResult {
                row,
                ok: false,
                receipt: None,
                violations,
            },
        }
    }
}

/// The answer to a batch: every row's outcome, and how many were saved and refused.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchAnswer<V = Violation> {
    pub submitted: usize,
    pub refused: usize,
    pub rows: Vec<RowResult<V>>,
}

impl<V> BatchAnswer<V> {
    pub fn new(rows: Vec<RowResult<V>>) -> BatchAnswer<V> {
        let submitted = rows.iter().filter(|r| r.ok).count();
        BatchAnswer {
            submitted,
            refused: rows.len() - submitted,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_has_one_to_max_rows() {
        let empty = Batch::<u8> { rows: Vec::new() };
        assert_eq!(empty.parse(), Err(Violation::new(Code::Required, "rows")));
        let full = Batch {
            rows: vec![0u8; MAX_ROWS],
        };
        assert_eq!(full.parse().map(|b| b.numbered().count()), Ok(MAX_ROWS));
        let over = Batch {
            rows: vec![0u8; MAX_ROWS + 1],
        };
        assert_eq!(
            over.parse(),
            Err(Violation::new(Code::TooLong, "rows").with("max", MAX_ROWS))
        );
    }

    #[test]
    fn rows_are_numbered_from_one() {
        let batch = Batch {
            rows: vec!["a", "b"],
        };
        let numbered: Vec<_> = batch.parse().unwrap().numbered().collect();
        assert_eq!(numbered, vec![(1, "a"), (2, "b")]);
    }

    #[test]
    fn the_schema_limit_is_max_rows() {
        // `schema(max_items = 1000)` on `Batch::rows` is written as a literal.
        let source = include_str!("batch.rs");
        assert!(source.contains(&format!("max_items = {MAX_ROWS}")));
    }

    #[test]
    fn the_answer_counts_rows_and_reads_without_messages() {
        let answer: BatchAnswer = serde_json::from_str(
            r#"{"submitted":0,"refused":1,"rows":[{"row":1,"ok":false,
                "violations":[{"code":"REQUIRED","field":"name","message_zh":"此项为必填项","message_en":"x"}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            answer,
            BatchAnswer::new(vec![RowResult::new(
                1,
                Err(vec![Violation::new(Code::Required, "name")])
            )])
        );
    }
}
