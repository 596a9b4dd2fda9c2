//! Sessions in the store. A session is created at login with two random secrets: the
//! token (the cookie's value; the store keeps only its SHA-256) and the CSRF token
//! (kept as is: the page must get it back from `GET /api/v1/session`).
//!
//! A session ends at the first of: [`SESSION_TTL_MS`] after login (absolute), the idle
//! timeout after it was last used (`--session-idle-minutes`, 30 by default), or logout,
//! which deletes it. The row's `expires_ms` is the moment it ends unless used again:
//! login sets it to the idle timeout from then, and a use pushes it on, never past the
//! absolute end. So that a busy session does not cost a store write per request, a use
//! is recorded only once [`TOUCH_EVERY_MS`] has passed since the last recorded one; a
//! session may therefore end up to that much before the idle timeout after its very
//! last request, never after. `lookup` refuses a session whose `expires_ms` has passed,
//! from the store or from the SQLite [`SessionCache`] alike.
//!
//! A disabled account's sessions are deleted, and `lookup` refuses them anyway; a
//! password change or reset deletes the account's other sessions.

use super::Actor;
use crate::db::{DbError, Store, Tx};
use crate::repo::ids::AccountId;
use crate::repo::sessions;
use sha2::{Digest, Sha256};

/// How long a session lasts at most: a working day (8 hours), from login.
pub const SESSION_TTL_MS: i64 = 8 * 60 * 60 * 1000;

/// The idle timeout unless configured: 30 minutes.
pub const DEFAULT_IDLE_MS: i64 = 30 * 60 * 1000;

/// A use of a session is written to the store at most this often.
pub const TOUCH_EVERY_MS: i64 = 60 * 1000;

/// A session just created: the secrets to hand to the browser, once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    /// The cookie's value (64 hex characters, 32 random bytes).
    pub token: String,
    /// The `X-CSRF-Token` every write must carry (64 hex characters).
    pub csrf_token: String,
    /// When it ends unless used (the idle timeout from now).
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
/// account's ended sessions on the way. It ends after `idle_ms` unless used.
pub fn insert(
    tx: &mut dyn Tx,
    account_id: AccountId,
    now_ms: i64,
    idle_ms: i64,
) -> Result<NewSession, DbError> {
    let session = NewSession {
        token: random_secret(),
        csrf_token: random_secret(),
        expires_ms: now_ms + idle_ms.clamp(1, SESSION_TTL_MS),
    };
    sessions::insert(
        tx,
        &token_hash(&session.token),
        account_id,
        &session.csrf_token,
        now_ms,
        session.expires_ms,
    )?;
    Ok(session)
}

/// Creates a session for `account_id`: answers (token, csrf_token).
pub async fn create(
    store: &Store,
    account_id: AccountId,
    now_ms: i64,
    idle_ms: i64,
) -> Result<(String, String), DbError> {
    let session = store
        .write(move |tx| insert(tx, account_id, now_ms, idle_ms))
        .await?;
    Ok((session.token, session.csrf_token))
}

/// Deletes the session of `token` inside the caller's transaction (logout); answers
/// whether there was one.
pub fn remove(tx: &mut dyn Tx, token: &str) -> Result<bool, DbError> {
    sessions::delete(tx, &token_hash(token))
}

/// Deletes every session of `account_id` but the one of `except` (a token), inside the
/// caller's transaction; answers how many ended.
pub fn remove_all_of(
    tx: &mut dyn Tx,
    account_id: AccountId,
    except: Option<&str>,
) -> Result<u64, DbError> {
    let keep = except.map(token_hash).unwrap_or_default();
    sessions::delete_all_of(tx, account_id, &keep)
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

/// The account behind a session token that has not ended, from `cache` when it has it
/// (see [`SessionCache`]), else from the store; records the use (see the module's
/// documentation) when the last recorded one is [`TOUCH_EVERY_MS`] old.
pub async fn lookup(
    store: &Store,
    cache: Option<&SessionCache>,
    token: &str,
    now_ms: i64,
    idle_ms: i64,
) -> Result<Option<Actor>, DbError> {
    let idle_ms = idle_ms.clamp(1, SESSION_TTL_MS);
    let hash = token_hash(token);
    let generation = cache.map(SessionCache::generation);
    let mut keep = false;
    let (actor, expires_ms, created_ms) = match cache.and_then(|c| c.get(&hash, now_ms)) {
        Some(found) => found,
        None => {
            keep = true;
            let key = hash.clone();
            let found = store
                .read(move |tx| {
                    Ok::<_, DbError>(sessions::find(tx, &key, now_ms)?.map(|found| {
                        let actor = Actor {
                            account_id: found.account_id,
                            username: found.username,
                            role: found.role,
                            employer_id: found.employer_id,
                            person_id: found.person_id,
                            csrf_token: found.csrf_token,
                            must_change_password: found.must_change_password,
                        };
                        (actor, found.expires_ms, found.created_ms)
                    }))
                })
                .await?;
            let Some(found) = found else {
                return Ok(None);
            };
            found
        }
    };
    let mut expires_ms = expires_ms;
    // Last recorded use: the idle timeout before the end it set (never before login).
    let last_seen_ms = (expires_ms - idle_ms).max(created_ms);
    let until_ms = (now_ms + idle_ms).min(created_ms + SESSION_TTL_MS);
    // A short idle timeout is recorded more often, so that use keeps the session.
    let touch_every = TOUCH_EVERY_MS.min(idle_ms / 2);
    if now_ms - last_seen_ms >= touch_every && until_ms > expires_ms {
        let key = hash.clone();
        let touched = store
            .write(move |tx| sessions::extend(tx, &key, now_ms, until_ms))
            .await?;
        if !touched {
            // Ended meanwhile (logout, or another process saw it expire).
            return Ok(None);
        }
        expires_ms = until_ms;
        keep = true;
    }
    if let (Some(cache), Some(generation), true) = (cache, generation, keep) {
        cache.put(
            hash,
            actor.clone(),
            (expires_ms, created_ms),
            now_ms,
            generation,
        );
    }
    Ok(Some(actor))
}

/// Sessions this process has already looked up, by token hash, so that a request need
/// not ask the store who sent it (on SQLite that was a trip to a reader thread for every
/// request, a sixth of the server's time at month-end load).
///
/// Only for SQLite, whose every session is created and ended by this one process; with
/// PostgreSQL several processes share the sessions, and a logout in one must hold in
/// all at once, so each asks the store. An ended session is [`forget`](Self::forget)ten
/// after its end is committed; a lookup that read the store before that does not put
/// it back (the generation changed meanwhile), so no ended session is ever served from
/// here. Expiry (idle and absolute: the `expires_ms` of the row, which a recorded use
/// moves on) is checked on every use. An entry is trusted for [`CACHE_FRESH_MS`] only,
/// then read again: the `account` command line (disable, reset-password) is another
/// process on the same database, and what it ends reaches this one within that.
#[derive(Default)]
pub struct SessionCache {
    inner: std::sync::Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    /// Counts the sessions ended so far.
    generation: u64,
    /// (actor, expires_ms, created_ms, cached_ms) by token hash.
    by_hash: std::collections::HashMap<String, (Actor, i64, i64, i64)>,
}

/// How long a looked-up session is served from the cache before it is read again.
pub const CACHE_FRESH_MS: i64 = 2_000;

/// Most sessions kept; past it the cache starts again empty (a full working day of a
/// province's agents is far below it).
const CACHE_MAX: usize = 200_000;

impl std::fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SessionCache({} sessions)", self.lock().by_hash.len())
    }
}

impl SessionCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The session of `hash` if it has not ended: (actor, expires_ms, created_ms).
    fn get(&self, hash: &str, now_ms: i64) -> Option<(Actor, i64, i64)> {
        let inner = self.lock();
        let (actor, expires_ms, created_ms, cached_ms) = inner.by_hash.get(hash)?;
        let fresh = (*cached_ms..*cached_ms + CACHE_FRESH_MS).contains(&now_ms);
        (*expires_ms > now_ms && fresh).then(|| (actor.clone(), *expires_ms, *created_ms))
    }

    fn generation(&self) -> u64 {
        self.lock().generation
    }

    fn put(
        &self,
        hash: String,
        actor: Actor,
        (expires_ms, created_ms): (i64, i64),
        now_ms: i64,
        seen_generation: u64,
    ) {
        let mut inner = self.lock();
        if inner.generation != seen_generation {
            return;
        }
        if inner.by_hash.len() >= CACHE_MAX {
            inner.by_hash.clear();
        }
        inner
            .by_hash
            .insert(hash, (actor, expires_ms, created_ms, now_ms));
    }

    /// The session of `token` has ended (its deletion is committed).
    pub fn forget(&self, token: &str) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.by_hash.remove(&token_hash(token));
    }

    /// The sessions of `account_id` changed (ended, or its password did): each is read
    /// from the store again.
    pub fn forget_account(&self, account_id: AccountId) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner
            .by_hash
            .retain(|_, (actor, _, _, _)| actor.account_id != account_id);
    }
}

#[cfg(test)]
mod tests {
    use super::{token_hash, SessionCache};
    use crate::auth::{Actor, Role};
    use crate::repo::ids::{AccountId, EmployerId};

    fn actor() -> Actor {
        Actor {
            account_id: AccountId(1),
            username: "agent".into(),
            role: Role::Employer,
            employer_id: Some(EmployerId(1)),
            person_id: None,
            csrf_token: "c".into(),
            must_change_password: false,
        }
    }

    #[test]
    fn a_session_is_served_until_it_expires_or_ends() {
        let cache = SessionCache::default();
        let hash = token_hash("t");
        cache.put(hash.clone(), actor(), (1_000, 0), 0, cache.generation());
        assert_eq!(cache.get(&hash, 999), Some((actor(), 1_000, 0)));
        assert_eq!(cache.get(&hash, 1_000), None, "expired");
        cache.forget("t");
        assert_eq!(cache.get(&hash, 0), None, "ended");
    }

    #[test]
    fn a_session_is_read_again_after_a_moment_or_when_its_account_changes() {
        let cache = SessionCache::default();
        let hash = token_hash("t");
        let long = super::CACHE_FRESH_MS * 10;
        cache.put(hash.clone(), actor(), (long, 0), 0, cache.generation());
        assert!(cache.get(&hash, super::CACHE_FRESH_MS - 1).is_some());
        assert_eq!(cache.get(&hash, super::CACHE_FRESH_MS), None, "stale");
        cache.put(hash.clone(), actor(), (long, 0), 0, cache.generation());
        cache.forget_account(AccountId(2));
        assert!(cache.get(&hash, 0).is_some(), "another account's change");
        cache.forget_account(AccountId(1));
        assert_eq!(cache.get(&hash, 0), None, "its account changed");
    }

    #[test]
    fn a_lookup_that_read_the_store_before_a_session_ended_does_not_bring_it_back() {
        let cache = SessionCache::default();
        let hash = token_hash("t");
        // The lookup notes the generation, then reads the store (the session is there)...
        let seen = cache.generation();
        // ...meanwhile the logout commits and tells the cache...
        cache.forget("t");
        // ...and the lookup's answer arrives too late to be kept.
        cache.put(hash.clone(), actor(), (1_000, 0), 0, seen);
        assert_eq!(cache.get(&hash, 0), None);
    }
}
