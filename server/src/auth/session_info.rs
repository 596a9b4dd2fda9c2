//! What a session's page is told about its account (`SessionInfo`): the answer of
//! `GET /api/v1/session` and of logging in, and the session the server writes into a
//! page's still picture (`crate::shell`).

use crate::db::Tx;
use crate::problem::ApiError;
use crate::repo::accounts::{self, Account};
use crate::repo::ids::AccountId;
use crate::repo::{employers, persons};
use shebao_core::views::{SessionEmployer, SessionInfo, SessionPerson};

/// The `SessionInfo` of the account `account_id`, whose session has the CSRF token
/// `csrf`; an account that no longer exists is unauthenticated.
pub fn of_account(
    tx: &mut dyn Tx,
    account_id: AccountId,
    csrf: &str,
) -> Result<SessionInfo, ApiError> {
    let account = accounts::get(tx, account_id)?.ok_or_else(ApiError::unauthenticated)?;
    of(tx, &account, csrf)
}

/// The `SessionInfo` of `account`, already read.
pub fn of(tx: &mut dyn Tx, account: &Account, csrf: &str) -> Result<SessionInfo, ApiError> {
    let employer = match account.employer_id {
        Some(id) => employers::get(tx, id)?.map(|e| SessionEmployer {
            name: e.name,
            unit_number: e.unit_number,
        }),
        None => None,
    };
    let person = match account.person_id {
        Some(id) => persons::get(tx, id)?.map(|p| SessionPerson { name: p.name }),
        None => None,
    };
    Ok(SessionInfo {
        username: account.username.clone(),
        role: account.role,
        employer,
        person,
        csrf_token: csrf.to_string(),
        must_change_password: account.must_change_password,
    })
}
