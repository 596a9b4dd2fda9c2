//! 待原单位减员 requests (`stop_requests`): who asked (the new employer), about whom, to
//! whom they are addressed (the old employer), and how they ended. The state machine is
//! core's (`core::stop_request::transition`); every change here is conditional on the
//! state it was judged from, so two actors never both move one request.

use super::ids::{AccountId, EmployerId, PersonId, StopRequestId};
use crate::db::{DbError, Tx};
use crate::params;
use shebao_core::stop_request::RequestState;

/// The unique index that keeps one live (open or confirmed) request per person and
/// requesting employer.
pub const ONE_LIVE: &str = "stop_requests_one_live";

/// Who ended the old relationship, as stored in `stopped_by`.
pub const STOPPED_BY_EMPLOYER: &str = "employer";
pub const STOPPED_BY_AGENCY: &str = "agency";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopRequestRow {
    pub id: StopRequestId,
    pub person_id: PersonId,
    pub requester_employer_id: EmployerId,
    pub requester_account_id: AccountId,
    pub enrolment_form: String,
    pub old_employer_id: EmployerId,
    pub state: RequestState,
    pub requested_ms: i64,
    pub confirmed_ms: Option<i64>,
    pub last_working_day: Option<String>,
    pub stopped_by: Option<String>,
    pub stopped_ms: Option<i64>,
    pub stop_reason: Option<String>,
    pub stop_month: Option<String>,
    pub reviewer_account_id: Option<AccountId>,
    pub withdrawn_ms: Option<i64>,
}

crate::from_row!(StopRequestRow {
    id,
    person_id,
    requester_employer_id,
    requester_account_id,
    enrolment_form,
    old_employer_id,
    state,
    requested_ms,
    confirmed_ms,
    last_working_day,
    stopped_by,
    stopped_ms,
    stop_reason,
    stop_month,
    reviewer_account_id,
    withdrawn_ms,
});

const COLUMNS: &str =
    "id, person_id, requester_employer_id, requester_account_id, enrolment_form, \
     old_employer_id, state, requested_ms, confirmed_ms, last_working_day, stopped_by, stopped_ms, \
     stop_reason, stop_month, reviewer_account_id, withdrawn_ms";

/// Lists are bounded: a page of the newest.
const LIST_LIMIT: i64 = 200;

pub struct NewStopRequest<'a> {
    pub person_id: PersonId,
    pub requester_employer_id: EmployerId,
    pub requester_account_id: AccountId,
    pub enrolment_form: &'a str,
    pub old_employer_id: EmployerId,
}

/// Records an open request; a live one of the same employer for the same person is
/// `DbError::Unique` on [`ONE_LIVE`].
pub fn insert(tx: &mut dyn Tx, r: &NewStopRequest, now_ms: i64) -> Result<StopRequestId, DbError> {
    tx.query_row(
        "INSERT INTO stop_requests (person_id, requester_employer_id, requester_account_id, enrolment_form, old_employer_id, state, requested_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![
            r.person_id,
            r.requester_employer_id,
            r.requester_account_id,
            r.enrolment_form,
            r.old_employer_id,
            RequestState::Open,
            now_ms
        ],
    )?
    .get("id")
}

pub fn get(tx: &mut dyn Tx, id: StopRequestId) -> Result<Option<StopRequestRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM stop_requests WHERE id = ?1");
    tx.query_opt_as(&sql, params![id])
}

/// The requests `employer_id` made, newest first.
pub fn made_by(tx: &mut dyn Tx, employer_id: EmployerId) -> Result<Vec<StopRequestRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM stop_requests WHERE requester_employer_id = ?1 ORDER BY id DESC LIMIT ?2"
    );
    tx.query_as(&sql, params![employer_id, LIST_LIMIT])
}

/// The requests addressed to `employer_id` (the old employer), newest first; withdrawn
/// ones no longer ask it anything and are left out.
pub fn addressed_to(
    tx: &mut dyn Tx,
    employer_id: EmployerId,
) -> Result<Vec<StopRequestRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM stop_requests WHERE old_employer_id = ?1 AND state <> ?2 ORDER BY id DESC LIMIT ?3"
    );
    tx.query_as(
        &sql,
        params![employer_id, RequestState::Withdrawn, LIST_LIMIT],
    )
}

/// The requests about `person_id`, newest first.
pub fn about(tx: &mut dyn Tx, person_id: PersonId) -> Result<Vec<StopRequestRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM stop_requests WHERE person_id = ?1 ORDER BY id DESC LIMIT ?2"
    );
    tx.query_as(&sql, params![person_id, LIST_LIMIT])
}

/// Every live (open or confirmed) request, oldest first: the reviewer's list.
pub fn live(tx: &mut dyn Tx) -> Result<Vec<StopRequestRow>, DbError> {
    let sql =
        format!("SELECT {COLUMNS} FROM stop_requests WHERE state IN (?1, ?2) ORDER BY id LIMIT ?3");
    tx.query_as(
        &sql,
        params![RequestState::Open, RequestState::Confirmed, LIST_LIMIT],
    )
}

/// The live requests about `person_id` addressed to `old_employer_id`: what an end of
/// that relationship settles.
pub fn live_for(
    tx: &mut dyn Tx,
    person_id: PersonId,
    old_employer_id: EmployerId,
) -> Result<Vec<StopRequestRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM stop_requests
         WHERE person_id = ?1 AND old_employer_id = ?2 AND state IN (?3, ?4) ORDER BY id"
    );
    tx.query_as(
        &sql,
        params![
            person_id,
            old_employer_id,
            RequestState::Open,
            RequestState::Confirmed
        ],
    )
}

/// Whether `employer_id` has a live request about `person_id` (what [`ONE_LIVE`] keeps
/// to one).
pub fn has_live(
    tx: &mut dyn Tx,
    person_id: PersonId,
    employer_id: EmployerId,
) -> Result<bool, DbError> {
    let row = tx.query_row(
        "SELECT COUNT(*) AS live FROM stop_requests
         WHERE person_id = ?1 AND requester_employer_id = ?2 AND state IN (?3, ?4)",
        params![
            person_id,
            employer_id,
            RequestState::Open,
            RequestState::Confirmed
        ],
    )?;
    Ok(row.get::<i64>("live")? > 0)
}

/// The person confirmed leaving; answers whether the request was still in `from`.
pub fn confirm(
    tx: &mut dyn Tx,
    id: StopRequestId,
    from: RequestState,
    last_working_day: &str,
    now_ms: i64,
) -> Result<bool, DbError> {
    let changed = tx.execute(
        "UPDATE stop_requests SET state = ?3, confirmed_ms = ?4, last_working_day = ?5
         WHERE id = ?1 AND state = ?2",
        params![id, from, RequestState::Confirmed, now_ms, last_working_day],
    )?;
    Ok(changed == 1)
}

/// The new employer withdrew it; answers whether it was still in `from`.
pub fn withdraw(
    tx: &mut dyn Tx,
    id: StopRequestId,
    from: RequestState,
    now_ms: i64,
) -> Result<bool, DbError> {
    let changed = tx.execute(
        "UPDATE stop_requests SET state = ?3, withdrawn_ms = ?4 WHERE id = ?1 AND state = ?2",
        params![id, from, RequestState::Withdrawn, now_ms],
    )?;
    Ok(changed == 1)
}

/// How the old relationship ended, recorded on a request.
pub struct Stopped<'a> {
    pub by: &'a str,
    pub reason: &'a str,
    pub month: &'a str,
    pub reviewer: Option<AccountId>,
}

/// The old relationship ended; answers whether the request was still in `from`.
pub fn mark_stopped(
    tx: &mut dyn Tx,
    id: StopRequestId,
    from: RequestState,
    stopped: &Stopped,
    now_ms: i64,
) -> Result<bool, DbError> {
    let changed = tx.execute(
        "UPDATE stop_requests SET state = ?3, stopped_ms = ?4, stopped_by = ?5, stop_reason = ?6,
                stop_month = ?7, reviewer_account_id = ?8
         WHERE id = ?1 AND state = ?2",
        params![
            id,
            from,
            RequestState::Stopped,
            now_ms,
            stopped.by,
            stopped.reason,
            stopped.month,
            stopped.reviewer
        ],
    )?;
    Ok(changed == 1)
}
