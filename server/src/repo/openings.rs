//! 开办企业 filings beside their application (`openings`), and the per-district
//! sequence of the unit numbers their approvals issue (`unit_number_sequences`).

use super::ids::{AccountId, ApplicationId, EmployerId};
use crate::db::{DbError, Tx};
use crate::params;

/// The unique index that keeps one pending filing per credit code.
pub const ONE_PENDING_CREDIT_CODE: &str = "openings_one_pending_credit_code";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    pub application_id: ApplicationId,
    pub credit_code: String,
    pub pending: bool,
    /// Set by the approval.
    pub employer_id: Option<EmployerId>,
    /// The contact person's employer-agent account, set by the approval.
    pub agent_account_id: Option<AccountId>,
}

crate::from_row!(Opening {
    application_id,
    credit_code,
    pending,
    employer_id,
    agent_account_id,
});

/// Records a submitted filing for `credit_code`; a pending one for the same code is
/// `DbError::Unique` on [`ONE_PENDING_CREDIT_CODE`].
pub fn insert(
    tx: &mut dyn Tx,
    application_id: ApplicationId,
    credit_code: &str,
) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO openings (application_id, credit_code, pending) VALUES (?1, ?2, 1)",
        params![application_id, credit_code],
    )?;
    Ok(())
}

pub fn get(tx: &mut dyn Tx, application_id: ApplicationId) -> Result<Option<Opening>, DbError> {
    tx.query_opt_as(
        "SELECT application_id, credit_code, pending, employer_id, agent_account_id
         FROM openings WHERE application_id = ?1",
        params![application_id],
    )
}

/// The filing is decided or withdrawn: its credit code may be filed again.
pub fn settle(tx: &mut dyn Tx, application_id: ApplicationId) -> Result<(), DbError> {
    tx.execute(
        "UPDATE openings SET pending = 0 WHERE application_id = ?1",
        params![application_id],
    )?;
    Ok(())
}

/// What the approval created; answers whether the filing's row was there to say so.
pub fn set_issued(
    tx: &mut dyn Tx,
    application_id: ApplicationId,
    employer_id: EmployerId,
    agent_account_id: AccountId,
) -> Result<bool, DbError> {
    let changed = tx.execute(
        "UPDATE openings SET employer_id = ?2, agent_account_id = ?3
         WHERE application_id = ?1 AND employer_id IS NULL",
        params![application_id, employer_id, agent_account_id],
    )?;
    Ok(changed == 1)
}

/// The next sequence number of `district`'s unit numbers (1 for its first). Held by
/// the row's lock to the commit on PostgreSQL, by the one writer on SQLite, so two
/// approvals never get the same.
pub fn next_unit_seq(tx: &mut dyn Tx, district: &str) -> Result<i64, DbError> {
    tx.query_row(
        "INSERT INTO unit_number_sequences (district, last_seq) VALUES (?1, 1)
         ON CONFLICT (district) DO UPDATE SET last_seq = unit_number_sequences.last_seq + 1
         RETURNING last_seq",
        params![district],
    )?
    .get("last_seq")
}
