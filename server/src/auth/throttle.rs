//! Slowing password guessing down without handing anyone a way to lock others out.
//!
//! Failed logins are counted twice, by the client's address and by the user name as
//! typed (whether or not an account has it, so the limits say nothing about which names
//! exist). A few failures are free; after that each further attempt must wait a delay
//! that doubles with every failure in the window, up to a ceiling. Attempts refused for
//! waiting are not checked and not counted, so a guesser cannot grow the delay further
//! by hammering. The user-name delay is capped at a minute: an outsider can make the
//! owner wait, never lock them out; the address delay grows to the window's length,
//! which only ever stops that address. Counts live in the store (`guesses`), so they
//! hold across server processes.

use crate::db::{DbError, Tx};
use crate::repo::guesses;

/// One sliding-window limit.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    /// The `guesses.scope` its failures are counted under.
    pub scope: &'static str,
    /// Failures in the window that cost no wait.
    pub free: i64,
    pub window_ms: i64,
    /// The longest wait it asks for.
    pub max_delay_ms: i64,
}

/// Per client address (an IPv6 client per /64): ten free, then 1 s, 2 s, 4 s … up to
/// fifteen minutes.
pub const BY_ADDRESS: Limit = Limit {
    scope: "login.address",
    free: 10,
    window_ms: 15 * 60 * 1000,
    max_delay_ms: 15 * 60 * 1000,
};

/// Per user name: five free, then 1 s, 2 s, 4 s … up to one minute.
pub const BY_NAME: Limit = Limit {
    scope: "login.name",
    free: 5,
    window_ms: 15 * 60 * 1000,
    max_delay_ms: 60 * 1000,
};

impl Limit {
    /// How long the next attempt must still wait after `failures` failures in the
    /// window, the last at `last_ms`.
    pub fn wait_ms(&self, failures: i64, last_ms: i64, now_ms: i64) -> i64 {
        if failures < self.free {
            return 0;
        }
        let doublings = (failures - self.free).min(30);
        let delay = (1000_i64 << doublings).min(self.max_delay_ms);
        (last_ms + delay - now_ms).max(0)
    }

    /// The wait `key` must still observe, from its failures in the store.
    pub fn wait_in_store(&self, tx: &mut dyn Tx, key: &str, now_ms: i64) -> Result<i64, DbError> {
        let (failures, last_ms) = guesses::since(tx, self.scope, key, now_ms - self.window_ms)?;
        Ok(self.wait_ms(failures, last_ms, now_ms))
    }

    pub fn record_failure(&self, tx: &mut dyn Tx, key: &str, now_ms: i64) -> Result<(), DbError> {
        guesses::record(tx, self.scope, key, now_ms)
    }

    /// Forgets `key`'s failures (the owner got in: an outsider's guesses no longer
    /// slow them down).
    pub fn forget(&self, tx: &mut dyn Tx, key: &str) -> Result<(), DbError> {
        guesses::forget(tx, self.scope, key)
    }
}

/// The key a user name is counted under: as typed, trimmed, case folded, bounded, so
/// `Agent` and `agent ` share one count.
pub fn name_key(username: &str) -> String {
    username.trim().to_lowercase().chars().take(128).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_the_free_failures_and_stops_at_the_ceiling() {
        let now = 1_000_000;
        assert_eq!(BY_NAME.wait_ms(4, now, now), 0, "still free");
        assert_eq!(BY_NAME.wait_ms(5, now, now), 1000);
        assert_eq!(BY_NAME.wait_ms(6, now, now), 2000);
        assert_eq!(BY_NAME.wait_ms(8, now, now), 8000);
        assert_eq!(BY_NAME.wait_ms(500, now, now), 60_000, "a minute at most");
        assert_eq!(BY_NAME.wait_ms(500, now - 60_000, now), 0, "waited out");
        assert_eq!(BY_ADDRESS.wait_ms(500, now, now), 15 * 60 * 1000);
        assert_eq!(BY_ADDRESS.wait_ms(9, now, now), 0);
    }

    #[test]
    fn names_are_counted_alike_whatever_their_case_and_blanks() {
        assert_eq!(name_key(" Agent_A "), name_key("agent_a"));
        assert_eq!(name_key(&"x".repeat(1000)).len(), 128);
    }
}
