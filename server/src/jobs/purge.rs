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
use crate::repo::{certificates, guesses, idempotency, materials, sessions};

const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Deletes what has expired at the server's clock; answers how many rows went.
pub async fn run_once(state: &AppState) -> Result<u64, DbError> {
    let now = state.clock.now_ms();
    state
        .store
        .write(move |tx| {
            let mut purged = certificates::purge_captchas(tx, now - HOUR_MS)?;
            purged += guesses::purge(tx, now - DAY_MS)?;
            purged += idempotency::purge(tx, now - DAY_MS)?;
            purged += materials::purge_unattached(tx, now - DAY_MS)?;
            purged += sessions::purge(tx, now)?;
            purged += certificates::purge_handoffs(tx, now)?;
            purged += crate::lookups::purge(tx, now)?;
            Ok(purged)
        })
        .await
}
