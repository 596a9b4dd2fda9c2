//! The audit log: who did what, when, with what result. Append-only: this module only
//! inserts, and nothing else writes the table.

use crate::db::{DbError, Tx};
use crate::params;

pub fn record(
    tx: &mut dyn Tx,
    at_ms: i64,
    account_id: Option<i64>,
    action: &str,
    target: &str,
    result: &str,
) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO audit_log (at_ms, account_id, action, target, result) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at_ms, account_id, action, target, result],
    )?;
    Ok(())
}

/// How many times `account_id` did `action` since `since_ms` (rate limits count here,
/// so they hold across server processes).
pub fn count_since(
    tx: &mut dyn Tx,
    account_id: i64,
    action: &str,
    since_ms: i64,
) -> Result<i64, DbError> {
    tx.query_row(
        "SELECT COUNT(*) FROM audit_log WHERE account_id = ?1 AND action = ?2 AND at_ms >= ?3",
        params![account_id, action, since_ms],
    )?
    .i64(0)
}
