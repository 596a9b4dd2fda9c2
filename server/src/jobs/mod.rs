//! Work on a schedule: the automatic reviewer, the monthly contribution assessment and
//! the purge of what has expired.
//! Both are safe to run in several server processes at once: the reviewer's state
//! changes are conditional updates, the assessment's rows have a primary key per
//! relationship and month.

pub mod assessment;
pub mod auto_review;
pub mod purge;

use crate::app::AppState;
use std::time::Duration;

/// How often the automatic reviewer looks for applications whose ten minutes are up.
pub const AUTO_REVIEW_EVERY: Duration = Duration::from_secs(30);
/// How often the current month is assessed (new relationships since the last run).
pub const ASSESSMENT_EVERY: Duration = Duration::from_secs(3600);
/// How often what has expired is deleted.
pub const PURGE_EVERY: Duration = Duration::from_secs(600);

/// Starts the scheduled jobs in the background.
pub fn spawn(state: AppState) {
    let reviewer_state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(AUTO_REVIEW_EVERY);
        loop {
            tick.tick().await;
            match auto_review::run_once(&reviewer_state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(decided = n, "automatic review"),
                Err(error) => tracing::warn!(?error, "automatic review failed"),
            }
        }
    });
    let purge_state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_EVERY);
        loop {
            tick.tick().await;
            match purge::run_once(&purge_state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(purged = n, "purge of expired rows"),
                Err(error) => tracing::warn!(?error, "purge failed"),
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(ASSESSMENT_EVERY);
        loop {
            tick.tick().await;
            let month = shebao_core::time::handling_month(state.clock.now_ms());
            match assessment::assess_month(&state, month).await {
                Ok(n) => tracing::info!(%month, assessed = n, "contribution assessment"),
                Err(error) => tracing::warn!(?error, "contribution assessment failed"),
            }
        }
    });
}
