//! Accounts for the scale benchmark (`--demo-resident-accounts N`): residents spread
//! evenly over the demo set's persons, so that concurrent reads by `loadgen --reads`
//! land on many persons' records across the whole table, as a month-end crowd would,
//! instead of one demo resident's rows that stay in the cache.

use super::{ACCOUNTS, SEED};
use crate::auth::{passwords, Role};
use crate::db::{DbError, Store};
use crate::repo::accounts::{self, NewAccount};
use crate::repo::ids::PersonId;
use crate::repo::persons;

/// The user name of the `i`-th benchmark resident (1-based).
pub fn username(i: usize) -> String {
    format!("resident-{i}")
}

/// Creates `resident-1` … `resident-{count}` (once: nothing if `resident-1` exists),
/// with the resident demo password, for persons `1 + k·(persons / count)`.
pub async fn resident_accounts(store: &Store, count: usize) -> Result<(), String> {
    let failed = |e: DbError| format!("benchmark accounts: {e}");
    let password = ACCOUNTS
        .iter()
        .find(|a| a.role == Role::Resident)
        .expect("a resident demo account")
        .password;
    // One hash for all: hashing is deliberately slow, and these share one public
    // password anyway.
    let hash = tokio::task::spawn_blocking(move || {
        passwords::hash_with_salt(password, &SEED.to_le_bytes())
    })
    .await
    .map_err(|e| e.to_string())?;
    let created = store
        .write(move |tx| {
            if accounts::by_username(tx, &username(1))?.is_some() {
                return Ok(0);
            }
            let (PersonId(first), PersonId(last)) = persons::id_range(tx)?;
            let step = ((last - first + 1) / count as i64).max(1);
            for i in 0..count {
                accounts::insert(
                    tx,
                    &NewAccount {
                        username: &username(i + 1),
                        password_hash: &hash,
                        role: Role::Resident,
                        employer_id: None,
                        person_id: Some(PersonId((first + i as i64 * step).min(last))),
                    },
                )?;
            }
            Ok::<_, DbError>(count)
        })
        .await
        .map_err(failed)?;
    if created > 0 {
        println!("benchmark: {created} resident accounts resident-1 … resident-{created}");
    }
    Ok(())
}
