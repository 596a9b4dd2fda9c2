//! The automatic reviewer: approves clean applications (no review flags) once their ten
//! minutes are up, never sooner, so every submission can be withdrawn for at least ten
//! minutes. Flagged applications wait for an agency reviewer. If the records changed so
//! that a clean application can no longer be applied (the person was enrolled elsewhere
//! meanwhile), it is rejected with that reason rather than retried forever. A 开办企业
//! filing is one application: clean only if its unit and every employee are.

use crate::app::AppState;
use crate::problem::ApiError;
use crate::repo::applications;
use crate::repo::audit::Who;
use crate::review::{self, DecisionError};
use shebao_core::application::{auto_approve, Action, AUTO_REVIEW_DELAY_MS};
use shebao_core::Lang;

/// Most applications one run decides.
const BATCH: i64 = 500;

/// Decides every due application; answers how many it decided.
pub async fn run_once(state: &AppState) -> Result<usize, ApiError> {
    let now_ms = state.clock.now_ms();
    let due = state
        .store
        .read(move |tx| applications::due_for_auto_review(tx, now_ms - AUTO_REVIEW_DELAY_MS, BATCH))
        .await?;
    let mut decided = 0;
    for app in due {
        if !auto_approve(app.state, &app.flags, app.submitted_ms, now_ms) {
            continue;
        }
        let candidate = app.clone();
        let approved = state
            .store
            .write(move |tx| {
                review::decide(tx, &candidate, &Action::Approve, &Who::system(), now_ms)
            })
            .await;
        match approved {
            Ok(_) => decided += 1,
            // Another process decided it first, or the applicant withdrew it just now.
            Err(DecisionError::Refused(_) | DecisionError::DecidedMeanwhile(_)) => {}
            Err(DecisionError::RecordsChanged(violation)) => {
                let reason = violation.message(Lang::Zh);
                let rejected = state
                    .store
                    .write(move |tx| {
                        review::decide(tx, &app, &Action::Reject { reason }, &Who::system(), now_ms)
                    })
                    .await;
                if rejected.is_ok() {
                    decided += 1;
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(decided)
}
