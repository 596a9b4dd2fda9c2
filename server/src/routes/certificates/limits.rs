//! How many certificates and open-on-computer codes one account may make, counted in the
//! audit log so the limits hold across server processes. The captcha stops nobody who
//! reads its question; these limits hold whatever it does.

use crate::problem::ApiError;
use crate::repo::audit;
use crate::repo::ids::AccountId;

/// Certificates one account may issue (a resident's personal and pension-history
/// certificates together; an agent's employer certificates): per hour and per day.
pub const ISSUE_LIMITS: [Limit; 2] = [
    Limit {
        most: 10,
        window_ms: HOUR_MS,
    },
    Limit {
        most: 30,
        window_ms: DAY_MS,
    },
];
/// Open-on-computer codes one resident may make: per hour and per day.
pub const HANDOFF_LIMITS: [Limit; 2] = [
    Limit {
        most: 5,
        window_ms: HOUR_MS,
    },
    Limit {
        most: 20,
        window_ms: DAY_MS,
    },
];
const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// At most `most` in any `window_ms`.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub most: i64,
    pub window_ms: i64,
}

/// Refuses (429 `RATE_LIMITED` on `field`, with the window's seconds) when the account
/// has done any of `actions` as often as a limit allows.
pub(super) fn check(
    tx: &mut dyn crate::db::Tx,
    account_id: AccountId,
    actions: &[&str],
    limits: &[Limit],
    now_ms: i64,
    field: &str,
) -> Result<(), ApiError> {
    for limit in limits {
        let mut done = 0;
        for action in actions {
            done += audit::count_since(tx, account_id, action, now_ms - limit.window_ms)?;
        }
        if done >= limit.most {
            return Err(ApiError::rate_limited(field, limit.window_ms / 1000));
        }
    }
    Ok(())
}
