//! The person-lookup budget: the brake on an employer agent (or a reviewer) learning
//! who is insured where. Every read of a person's insurance status on someone else's
//! behalf — a person search, each enrolment (single or a batch row), a search by full
//! citizen ID — is charged here, to the account, in the transaction that reads it, and
//! audited (`person_lookup`) by the caller. Past `--person-lookups-per-hour` in one
//! hour the account is refused (`RATE_LIMITED`) until the next hour, whichever way it
//! asks. A refused charge rolls back with its transaction, so only answered lookups
//! count.

use crate::db::{DbError, Tx};
use crate::problem::ApiError;
use crate::repo::ids::AccountId;
use crate::repo::lookup_budget;

const HOUR_MS: i64 = 60 * 60 * 1000;

/// Why a lookup was not charged. `routes::errors` says how each is answered.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    /// The account's lookups for this hour are spent; the next hour starts in `seconds`.
    #[error("the person lookups of this hour are spent ({seconds} s to the next)")]
    Spent { seconds: i64 },
    #[error(transparent)]
    Store(#[from] DbError),
}

/// Charges one lookup to `account_id`, or refuses it once `per_hour` are spent.
pub fn charge(
    tx: &mut dyn Tx,
    account_id: AccountId,
    per_hour: i64,
    now_ms: i64,
) -> Result<(), LookupError> {
    let hour = now_ms.div_euclid(HOUR_MS);
    let used = lookup_budget::spend(tx, account_id, hour)?;
    if used > per_hour {
        let seconds_left = ((hour + 1) * HOUR_MS - now_ms + 999) / 1000;
        return Err(LookupError::Spent {
            seconds: seconds_left,
        });
    }
    Ok(())
}

/// Forgets the budgets of hours before `now_ms`'s (the purge job).
pub fn purge(tx: &mut dyn Tx, now_ms: i64) -> Result<u64, crate::db::DbError> {
    lookup_budget::purge_before(tx, now_ms.div_euclid(HOUR_MS))
}

/// A list filtered by a full citizen ID confirms whether that person has an
/// application: charged and audited like any other lookup (nothing happens without
/// the filter).
pub async fn charge_id_search(
    state: &crate::app::AppState,
    who: crate::repo::audit::Who,
    citizen_id: Option<&str>,
) -> Result<(), ApiError> {
    let (Some(citizen_id), Some(account_id)) = (citizen_id, who.account_id) else {
        return Ok(());
    };
    let (per_hour, now_ms) = (state.person_lookups_per_hour, state.clock.now_ms());
    let target = crate::routes::application_view::mask_id(citizen_id);
    state
        .store
        .write(move |tx| {
            charge(tx, account_id, per_hour, now_ms)?;
            crate::repo::audit::record(tx, now_ms, &who, "person_lookup", &target, "id_search")?;
            Ok::<_, ApiError>(())
        })
        .await
}
