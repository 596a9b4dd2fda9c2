//! Sessions: one row per logged-in browser, keyed by the SHA-256 of its cookie's token
//! (see `auth::sessions`, which decides when they start, are used and end).

use super::ids::{AccountId, EmployerId, PersonId};
use crate::auth::Role;
use crate::db::{DbError, Tx};
use crate::params;

/// A session that has not ended, with its account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub account_id: AccountId,
    pub username: String,
    pub role: Role,
    pub employer_id: Option<EmployerId>,
    pub person_id: Option<PersonId>,
    pub must_change_password: bool,
    pub csrf_token: String,
    pub expires_ms: i64,
    pub created_ms: i64,
}

crate::from_row!(Found {
    account_id,
    username,
    role,
    employer_id,
    person_id,
    must_change_password,
    csrf_token,
    expires_ms,
    created_ms,
});

/// Saves a new session of `account_id`, first deleting that account's ended ones.
pub fn insert(
    tx: &mut dyn Tx,
    token_hash: &str,
    account_id: AccountId,
    csrf_token: &str,
    now_ms: i64,
    expires_ms: i64,
) -> Result<(), DbError> {
    tx.execute(
        "DELETE FROM sessions WHERE account_id = ?1 AND expires_ms <= ?2",
        params![account_id, now_ms],
    )?;
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, csrf_token, created_ms, expires_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token_hash, account_id, csrf_token, now_ms, expires_ms],
    )?;
    Ok(())
}

/// The session of `token_hash` if it has not ended at `now_ms` and its account is not
/// disabled.
pub fn find(tx: &mut dyn Tx, token_hash: &str, now_ms: i64) -> Result<Option<Found>, DbError> {
    tx.query_opt_as(
        "SELECT a.id AS account_id, a.username, a.role, a.employer_id, a.person_id, s.csrf_token, s.expires_ms, s.created_ms,
                a.must_change_password
         FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = ?1 AND s.expires_ms > ?2 AND a.disabled = 0",
        params![token_hash, now_ms],
    )
}

/// Moves the end of a session that has not ended at `now_ms` to `until_ms`; answers
/// whether there was one.
pub fn extend(
    tx: &mut dyn Tx,
    token_hash: &str,
    now_ms: i64,
    until_ms: i64,
) -> Result<bool, DbError> {
    Ok(tx.execute(
        "UPDATE sessions SET expires_ms = ?3 WHERE token_hash = ?1 AND expires_ms > ?2",
        params![token_hash, now_ms, until_ms],
    )? > 0)
}

/// Deletes the session of `token_hash`; answers whether there was one.
pub fn delete(tx: &mut dyn Tx, token_hash: &str) -> Result<bool, DbError> {
    Ok(tx.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        params![token_hash],
    )? == 1)
}

/// Deletes every session of `account_id` but the one of `keep_hash`; answers how many.
pub fn delete_all_of(
    tx: &mut dyn Tx,
    account_id: AccountId,
    keep_hash: &str,
) -> Result<u64, DbError> {
    tx.execute(
        "DELETE FROM sessions WHERE account_id = ?1 AND token_hash <> ?2",
        params![account_id, keep_hash],
    )
}

/// Deletes the sessions that ended before `now_ms`; answers how many.
pub fn purge(tx: &mut dyn Tx, now_ms: i64) -> Result<u64, DbError> {
    tx.execute(
        "DELETE FROM sessions WHERE expires_ms < ?1",
        params![now_ms],
    )
}
