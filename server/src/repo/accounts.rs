//! Accounts: who can log in, as which actor, bound to which employer or person.
//! (Failed logins are not counted here: they slow down an address and a user name,
//! whether or not an account has it; see `auth::throttle`.)

use super::ids::{AccountId, EmployerId, PersonId};
use crate::auth::Role;
use crate::db::{DbError, Tx};
use crate::params;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    /// The argon2id PHC string (see [`crate::auth::passwords`]).
    pub password_hash: String,
    pub role: Role,
    pub employer_id: Option<EmployerId>,
    pub person_id: Option<PersonId>,
    /// Made or reset by an operator: the next login must set a new password before
    /// anything else.
    pub must_change_password: bool,
    /// Disabled by an operator: no login, no session.
    pub disabled: bool,
}

/// A new account; `password_hash` is a PHC string from [`crate::auth::passwords::hash`].
#[derive(Clone, Debug)]
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub employer_id: Option<EmployerId>,
    pub person_id: Option<PersonId>,
}

const COLUMNS: &str =
    "id, username, password_hash, role, employer_id, person_id, must_change_password, disabled";

crate::from_row!(Account {
    id,
    username,
    password_hash,
    role,
    employer_id,
    person_id,
    must_change_password,
    disabled,
});

pub fn by_username(tx: &mut dyn Tx, username: &str) -> Result<Option<Account>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE username = ?1");
    tx.query_opt_as(&sql, params![username])
}

pub fn get(tx: &mut dyn Tx, id: AccountId) -> Result<Option<Account>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1");
    tx.query_opt_as(&sql, params![id])
}

/// Inserts an account; answers its id. A taken user name is `DbError::Unique`.
pub fn insert(tx: &mut dyn Tx, a: &NewAccount) -> Result<AccountId, DbError> {
    tx.query_row(
        "INSERT INTO accounts (username, password_hash, role, employer_id, person_id)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![
            a.username,
            a.password_hash,
            a.role.code(),
            a.employer_id,
            a.person_id
        ],
    )?
    .get("id")
}

/// Replaces an account's password hash and says whether it must be changed at the
/// next login.
pub fn set_password(
    tx: &mut dyn Tx,
    id: AccountId,
    password_hash: &str,
    must_change: bool,
    now_ms: i64,
) -> Result<(), DbError> {
    tx.execute(
        "UPDATE accounts SET password_hash = ?2, must_change_password = ?3, password_changed_ms = ?4
         WHERE id = ?1",
        params![id, password_hash, i64::from(must_change), now_ms],
    )?;
    Ok(())
}

/// Disables (or enables again) an account.
pub fn set_disabled(tx: &mut dyn Tx, id: AccountId, disabled: bool) -> Result<(), DbError> {
    tx.execute(
        "UPDATE accounts SET disabled = ?2 WHERE id = ?1",
        params![id, i64::from(disabled)],
    )?;
    Ok(())
}

/// Gives an account a one-time password only while it has never set its own (it must
/// still change it: `must_change_password`); answers whether it did. One statement, so
/// a password the owner sets meanwhile is never overwritten.
pub fn set_one_time_password_if_unset(
    tx: &mut dyn Tx,
    id: AccountId,
    password_hash: &str,
    now_ms: i64,
) -> Result<bool, DbError> {
    let changed = tx.execute(
        "UPDATE accounts SET password_hash = ?2, password_changed_ms = ?3
         WHERE id = ?1 AND must_change_password = 1",
        params![id, password_hash, now_ms],
    )?;
    Ok(changed == 1)
}
