//! The person-lookup budget's counts: lookups per account and hour (see `lookups`,
//! which decides what is charged and what is too many).

use super::ids::AccountId;
use crate::db::{DbError, Tx};
use crate::params;

/// Counts one lookup of `account_id` in `hour` (hours since the epoch); answers the
/// hour's count with it.
pub fn spend(tx: &mut dyn Tx, account_id: AccountId, hour: i64) -> Result<i64, DbError> {
    tx.query_row(
        "INSERT INTO lookup_budget (account_id, hour, used) VALUES (?1, ?2, 1)
         ON CONFLICT (account_id, hour) DO UPDATE SET used = lookup_budget.used + 1
         RETURNING used",
        params![account_id, hour],
    )?
    .get("used")
}

/// Deletes the counts of hours before `hour`; answers how many.
pub fn purge_before(tx: &mut dyn Tx, hour: i64) -> Result<u64, DbError> {
    tx.execute("DELETE FROM lookup_budget WHERE hour < ?1", params![hour])
}
