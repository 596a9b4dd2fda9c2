//! Idempotency keys: the response to a submission is stored with the key in the same
//! transaction as the submission itself, and replayed for a retry with the same key, so
//! a double click or a retry never enrols twice.

use super::ids::AccountId;
use crate::db::{DbError, Tx};
use crate::params;

/// The primary key that holds one answer per account and key.
pub const KEY: &str = "idempotency_pkey";

pub struct SavedResponse {
    pub status: u16,
    pub body: String,
}

pub fn get(
    tx: &mut dyn Tx,
    account_id: AccountId,
    key: &str,
) -> Result<Option<SavedResponse>, DbError> {
    let row = tx.query_opt(
        "SELECT status, body FROM idempotency WHERE account_id = ?1 AND key = ?2",
        params![account_id, key],
    )?;
    match row {
        Some(row) => Ok(Some(SavedResponse {
            status: row.get::<i64>("status")? as u16,
            body: row.get("body")?,
        })),
        None => Ok(None),
    }
}

pub fn save(
    tx: &mut dyn Tx,
    account_id: AccountId,
    key: &str,
    status: u16,
    body: &str,
    now_ms: i64,
) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO idempotency (account_id, key, status, body, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![account_id, key, i64::from(status), body, now_ms],
    )?;
    Ok(())
}

/// Deletes the answers saved before `before_ms`; answers how many.
pub fn purge(tx: &mut dyn Tx, before_ms: i64) -> Result<u64, DbError> {
    tx.execute(
        "DELETE FROM idempotency WHERE created_ms < ?1",
        params![before_ms],
    )
}
