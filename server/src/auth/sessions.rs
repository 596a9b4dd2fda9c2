//! Sessions in the store. A session is created at login with two random secrets: the
//! token (the cookie's value; the store keeps only its SHA-256) and the CSRF token
//! (kept as is: the page must get it back from `GET /api/v1/session`). A session lasts
//! [`SESSION_TTL_MS`] from login; `lookup` refuses it after that, and logout deletes it.

use super::{Actor, Role};
use crate::db::{DbError, Store, Tx};
use crate::params;
use sha2::{Digest, Sha256};

/// How long a session lasts: a working day (8 hours), from login.
pub const SESSION_TTL_MS: i64 = 8 * 60 * 60 * 1000;

/// A session just created: the secrets to hand to the browser, once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    /// The cookie's value (64 hex characters, 32 random bytes).
    pub token: String,
    /// The `X-CSRF-Token` every write must carry (64 hex characters).
    pub csrf_token: String,
    pub expires_ms: i64,
}

/// 32 bytes from the operating system's random source, as 64 hex characters.
///
/// # Panics
/// If the operating system's random source fails.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    hex::encode(bytes)
}

/// Creates a session for `account_id` inside the caller's transaction, and clears that
/// account's expired sessions on the way.
pub fn insert(tx: &mut dyn Tx, account_id: i64, now_ms: i64) -> Result<NewSession, DbError> {
    let session = NewSession {
        token: random_secret(),
        csrf_token: random_secret(),
        expires_ms: now_ms + SESSION_TTL_MS,
    };
    tx.execute(
        "DELETE FROM sessions WHERE account_id = ?1 AND expires_ms <= ?2",
        params![account_id, now_ms],
    )?;
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, csrf_token, created_ms, expires_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            token_hash(&session.token),
            account_id,
            &session.csrf_token,
            now_ms,
            session.expires_ms
        ],
    )?;
    Ok(session)
}

/// Creates a session for `account_id`: answers (token, csrf_token).
pub async fn create(
    store: &Store,
    account_id: i64,
    now_ms: i64,
) -> Result<(String, String), DbError> {
    let session = store
        .write(move |tx| insert(tx, account_id, now_ms))
        .await?;
    Ok((session.token, session.csrf_token))
}

/// Deletes the session of `token` inside the caller's transaction (logout); answers
/// whether there was one.
pub fn remove(tx: &mut dyn Tx, token: &str) -> Result<bool, DbError> {
    Ok(tx.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        params![token_hash(token)],
    )? == 1)
}

/// Deletes the session of `token` (logout). Deleting an unknown token is not an error.
pub async fn delete(store: &Store, token: &str) -> Result<(), DbError> {
    let token = token.to_string();
    store.write(move |tx| remove(tx, &token)).await?;
    Ok(())
}

/// The stored form of a session token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The account behind an unexpired session token.
pub async fn lookup(store: &Store, token: &str, now_ms: i64) -> Result<Option<Actor>, DbError> {
    let hash = token_hash(token);
    store
        .read(move |tx| {
            let Some(row) = tx.query_opt(
                "SELECT a.id, a.username, a.role, a.employer_id, a.person_id, s.csrf_token
                 FROM sessions s JOIN accounts a ON a.id = s.account_id
                 WHERE s.token_hash = ?1 AND s.expires_ms > ?2",
                params![hash, now_ms],
            )?
            else {
                return Ok(None);
            };
            let role = row.text(2)?;
            Ok(Some(Actor {
                account_id: row.i64(0)?,
                username: row.text(1)?,
                role: Role::from_code(&role)
                    .ok_or_else(|| DbError::Other(format!("unknown role {role}")))?,
                employer_id: row.opt_i64(3)?,
                person_id: row.opt_i64(4)?,
                csrf_token: row.text(5)?,
            }))
        })
        .await
}
