//! Counted guesses: failed logins (per client address and per user name) and wrong
//! open-on-computer codes (per client address), one row each, by scope and key, so the
//! limits on guessing hold across server processes. The purge job deletes old rows.

use crate::db::{DbError, Tx};
use crate::params;

pub fn record(tx: &mut dyn Tx, scope: &str, key: &str, now_ms: i64) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO guesses (scope, client, at_ms) VALUES (?1, ?2, ?3)",
        params![scope, key, now_ms],
    )?;
    Ok(())
}

/// How many guesses `key` made in `scope` since `since_ms`, and when the last one was
/// (0 for none).
pub fn since(
    tx: &mut dyn Tx,
    scope: &str,
    key: &str,
    since_ms: i64,
) -> Result<(i64, i64), DbError> {
    let row = tx.query_row(
        "SELECT COUNT(*) AS guesses, COALESCE(MAX(at_ms), 0) AS last_ms FROM guesses
         WHERE scope = ?1 AND client = ?2 AND at_ms >= ?3",
        params![scope, key, since_ms],
    )?;
    Ok((row.get("guesses")?, row.get("last_ms")?))
}

/// Forgets every guess of `key` in `scope`.
pub fn forget(tx: &mut dyn Tx, scope: &str, key: &str) -> Result<(), DbError> {
    tx.execute(
        "DELETE FROM guesses WHERE scope = ?1 AND client = ?2",
        params![scope, key],
    )?;
    Ok(())
}

/// Deletes the guesses made before `before_ms`; answers how many.
pub fn purge(tx: &mut dyn Tx, before_ms: i64) -> Result<u64, DbError> {
    tx.execute("DELETE FROM guesses WHERE at_ms < ?1", params![before_ms])
}
