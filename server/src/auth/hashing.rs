//! A bound on how many password hashes run at once. An argon2id hash takes tens of
//! milliseconds of a core and 19 MiB of memory on purpose; without a bound, a burst of
//! logins (or of password changes) queues unlimited work on the blocking threads and
//! starves everything else. Attempts beyond the bound wait their turn, and one that
//! waits too long is answered 429 instead of piling up.

use crate::problem::ApiError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Longest an attempt waits for a turn before it is refused.
const MAX_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct HashingGate {
    turns: Semaphore,
    bound: usize,
    running: AtomicUsize,
    most: AtomicUsize,
}

impl HashingGate {
    /// At most `bound` hashes at once (at least one).
    pub fn new(bound: usize) -> HashingGate {
        let bound = bound.max(1);
        HashingGate {
            turns: Semaphore::new(bound),
            bound,
            running: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
        }
    }

    /// One hash per core: more at once only makes each slower.
    pub fn per_core() -> HashingGate {
        HashingGate::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    pub fn bound(&self) -> usize {
        self.bound
    }

    /// The most hashes that have run at once since start (for tests and operators).
    pub fn most_at_once(&self) -> usize {
        self.most.load(Ordering::Relaxed)
    }

    /// Runs `work` (a hash or a verification) on a blocking thread when a turn is free.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _turn = tokio::time::timeout(MAX_WAIT, self.turns.acquire())
            .await
            .map_err(|_| ApiError::rate_limited("password", 1))?
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let now_running = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now_running, Ordering::SeqCst);
        let result = tokio::task::spawn_blocking(work).await;
        self.running.fetch_sub(1, Ordering::SeqCst);
        result.map_err(|e| ApiError::Internal(e.to_string()))
    }
}
