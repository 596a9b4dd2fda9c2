//! The purge: what has expired is deleted, so that nothing an anonymous caller or a
//! resident can create piles up for ever. Each kind is kept as long as it can still
//! matter, and no longer:
//! - captchas an hour after they expired (they live five minutes);
//! - counted guesses (login, open-on-computer) after a day (the longest window is
//!   fifteen minutes);
//! - open-on-computer codes once expired or killed by wrong guesses (a used or
//!   replaced one is deleted at once);
//! - idempotency answers after a day (a retry comes within minutes);
//! - uploaded materials no application took, after a day (which frees the quota);
//! - sessions once expired; person-lookup budgets of past hours.
//!
//! One transaction; safe in several processes at once (each statement deletes what is
//! expired, whoever runs it).

use crate::app::AppState;
use crate::db::DbError;
use crate::params;

const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Deletes what has expired at the server's clock; answers how many rows went.
pub async fn run_once(state: &AppState) -> Result<u64, DbError> {
    let now = state.clock.now_ms();
    state
        .store
        .write(move |tx| {
            let mut purged = 0;
            for (sql, before) in [
                ("DELETE FROM captchas WHERE expires_ms < ?1", now - HOUR_MS),
                ("DELETE FROM guesses WHERE at_ms < ?1", now - DAY_MS),
                (
                    "DELETE FROM idempotency WHERE created_ms < ?1",
                    now - DAY_MS,
                ),
                (
                    "DELETE FROM materials WHERE application_id IS NULL AND uploaded_ms < ?1",
                    now - DAY_MS,
                ),
                ("DELETE FROM sessions WHERE expires_ms < ?1", now),
            ] {
                purged += tx.execute(sql, params![before])?;
            }
            purged += crate::certificates::store::purge_handoffs(tx, now)?;
            purged += crate::lookups::purge(tx, now)?;
            Ok(purged)
        })
        .await
}
