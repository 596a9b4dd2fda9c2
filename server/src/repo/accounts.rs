//! Accounts: who can log in, as which actor, bound to which employer or person.
//!
//! Failed logins are counted here, in the store, so a lockout holds across server
//! processes: the count is raised by one conditional `UPDATE … RETURNING` (two attempts
//! at once cannot both read the same count), and reaching the limit sets
//! `locked_until_ms` and restarts the count.

use crate::auth::Role;
use crate::db::{DbError, Row, Tx};
use crate::params;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub username: String,
    /// The argon2id PHC string (see [`crate::auth::passwords`]).
    pub password_hash: String,
    pub role: Role,
    pub employer_id: Option<i64>,
    pub person_id: Option<i64>,
    /// Consecutive failed logins since the last success or lockout.
    pub failed_logins: i64,
    /// The account refuses logins until this instant (0: not locked).
    pub locked_until_ms: i64,
    /// Made or reset by an operator: the next login must set a new password before
    /// anything else.
    pub must_change_password: bool,
    /// Disabled by an operator: no login, no session.
    pub disabled: bool,
}

impl Account {
    pub fn is_locked(&self, now_ms: i64) -> bool {
        self.locked_until_ms > now_ms
    }
}

/// A new account; `password_hash` is a PHC string from [`crate::auth::passwords::hash`].
#[derive(Clone, Debug)]
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub employer_id: Option<i64>,
    pub person_id: Option<i64>,
}

const COLUMNS: &str = "id, username, password_hash, role, employer_id, person_id, failed_logins, locked_until_ms, must_change_password, disabled";

fn from_row(row: &Row) -> Result<Account, DbError> {
    let role = row.text(3)?;
    Ok(Account {
        id: row.i64(0)?,
        username: row.text(1)?,
        password_hash: row.text(2)?,
        role: Role::from_code(&role)
            .ok_or_else(|| DbError::Other(format!("unknown role {role:?} in the database")))?,
        employer_id: row.opt_i64(4)?,
        person_id: row.opt_i64(5)?,
        failed_logins: row.i64(6)?,
        locked_until_ms: row.i64(7)?,
        must_change_password: row.i64(8)? != 0,
        disabled: row.i64(9)? != 0,
    })
}

pub fn by_username(tx: &mut dyn Tx, username: &str) -> Result<Option<Account>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE username = ?1");
    tx.query_opt(&sql, params![username])?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub fn get(tx: &mut dyn Tx, id: i64) -> Result<Option<Account>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1");
    tx.query_opt(&sql, params![id])?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Inserts an account; answers its id. A taken user name is `DbError::Unique`.
pub fn insert(tx: &mut dyn Tx, a: &NewAccount) -> Result<i64, DbError> {
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
    .i64(0)
}

/// Counts one failed login. When the count reaches `max_failures`, the account is
/// locked until `now_ms + lock_ms` and the count starts again; answers the instant it
/// is locked until, if this failure locked it.
pub fn record_failed_login(
    tx: &mut dyn Tx,
    id: i64,
    now_ms: i64,
    max_failures: i64,
    lock_ms: i64,
) -> Result<Option<i64>, DbError> {
    let Some(row) = tx.query_opt(
        "UPDATE accounts SET failed_logins = failed_logins + 1 WHERE id = ?1 RETURNING failed_logins",
        params![id],
    )?
    else {
        return Ok(None);
    };
    if row.i64(0)? < max_failures {
        return Ok(None);
    }
    let until = now_ms + lock_ms;
    lock_until(tx, id, until)?;
    Ok(Some(until))
}

/// A successful login: the count of failures starts again.
pub fn reset_failed_logins(tx: &mut dyn Tx, id: i64) -> Result<(), DbError> {
    tx.execute(
        "UPDATE accounts SET failed_logins = 0 WHERE id = ?1 AND failed_logins <> 0",
        params![id],
    )?;
    Ok(())
}

/// Locks the account until `until_ms` (0 unlocks it) and restarts the failure count.
pub fn lock_until(tx: &mut dyn Tx, id: i64, until_ms: i64) -> Result<(), DbError> {
    tx.execute(
        "UPDATE accounts SET locked_until_ms = ?2, failed_logins = 0 WHERE id = ?1",
        params![id, until_ms],
    )?;
    Ok(())
}

/// Replaces an account's password hash, says whether it must be changed at the next
/// login, and unlocks the account.
pub fn set_password(
    tx: &mut dyn Tx,
    id: i64,
    password_hash: &str,
    must_change: bool,
    now_ms: i64,
) -> Result<(), DbError> {
    tx.execute(
        "UPDATE accounts SET password_hash = ?2, must_change_password = ?3, password_changed_ms = ?4,
                failed_logins = 0, locked_until_ms = 0
         WHERE id = ?1",
        params![id, password_hash, i64::from(must_change), now_ms],
    )?;
    Ok(())
}

/// Disables (or enables again) an account.
pub fn set_disabled(tx: &mut dyn Tx, id: i64, disabled: bool) -> Result<(), DbError> {
    tx.execute(
        "UPDATE accounts SET disabled = ?2, failed_logins = 0, locked_until_ms = 0 WHERE id = ?1",
        params![id, i64::from(disabled)],
    )?;
    Ok(())
}
