//! Sessions in the store. (Creation, expiry and logout are completed with the login
//! routes.)

use super::{Actor, Role};
use crate::db::{DbError, Store};
use crate::params;
use sha2::{Digest, Sha256};

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
