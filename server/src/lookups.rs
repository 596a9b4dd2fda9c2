//! The person-lookup budget: the brake on an employer agent (or a reviewer) learning
//! who is insured where. Every read of a person's insurance status on someone else's
//! behalf — a person search, each enrolment (single or a batch row), a search by full
//! citizen ID — is charged here, to the account, in the transaction that reads it, and
//! audited (`person_lookup`) by the caller. Past `--person-lookups-per-hour` in one
//! hour the account is refused (`RATE_LIMITED`) until the next hour, whichever way it
//! asks. A refused charge rolls back with its transaction, so only answered lookups
//! count; a submission refused after it read a status has answered (the refusal says
//! what the records hold), so its lookups are charged again with the refusal
//! ([`Ledger`]).

use crate::db::{DbError, Tx};
use crate::problem::ApiError;
use crate::repo::audit::{self, Who};
use crate::repo::ids::AccountId;
use crate::repo::lookup_budget;
use std::sync::{Arc, Mutex};

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

/// The person lookups one submission has made, kept outside its transaction. A
/// submission refused after it read a person's status (insured at another employer,
/// already here) rolls its transaction back with the charge and the audit row, yet the
/// refusal has told the caller what the records hold; `submission::submit` then
/// [`replay`](Ledger::replay)s them in the refusal's own transaction, so a refused
/// submission is no unmetered way to learn who is insured where.
#[derive(Clone, Default)]
pub struct Ledger(Arc<Mutex<Vec<Lookup>>>);

#[derive(Clone)]
struct Lookup {
    who: Who,
    per_hour: i64,
    /// The masked citizen ID, as the audit log names it.
    target: String,
    reason: &'static str,
}

impl Ledger {
    /// Charges one lookup of `target` (a masked citizen ID) to `who`'s account and
    /// audits it (`person_lookup`, `reason`) in `tx`, and remembers it.
    pub fn charge(
        &self,
        tx: &mut dyn Tx,
        who: &Who,
        per_hour: i64,
        now_ms: i64,
        target: &str,
        reason: &'static str,
    ) -> Result<(), LookupError> {
        if let Some(account_id) = who.account_id {
            charge(tx, account_id, per_hour, now_ms)?;
        }
        audit::record(tx, now_ms, who, "person_lookup", target, reason)?;
        self.lookups().push(Lookup {
            who: who.clone(),
            per_hour,
            target: target.to_string(),
            reason,
        });
        Ok(())
    }

    /// Forgets what an attempt that will be made again remembered.
    pub fn forget(&self) {
        self.lookups().clear();
    }

    /// Charges and audits again, in `tx`, every lookup remembered (their own
    /// transaction was rolled back). A budget spent meanwhile refuses nothing here: the
    /// lookups were made.
    pub fn replay(&self, tx: &mut dyn Tx, now_ms: i64) -> Result<(), DbError> {
        for lookup in self.lookups().iter() {
            if let Some(account_id) = lookup.who.account_id {
                match charge(tx, account_id, lookup.per_hour, now_ms) {
                    Ok(()) | Err(LookupError::Spent { .. }) => {}
                    Err(LookupError::Store(e)) => return Err(e),
                }
            }
            audit::record(
                tx,
                now_ms,
                &lookup.who,
                "person_lookup",
                &lookup.target,
                lookup.reason,
            )?;
        }
        Ok(())
    }

    fn lookups(&self) -> std::sync::MutexGuard<'_, Vec<Lookup>> {
        // A panic while holding it leaves a list that is still whole.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
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
