//! Saving a submission: idempotent by a client-supplied key, all in one transaction.
//!
//! The response is stored with the key in the same transaction as the application, so a
//! retry with the same key replays the first answer instead of submitting again (after
//! zero2prod's `idempotency`). Refusals are not stored: the user corrects the form and
//! submits again. A refusal is still audited, in its own transaction, since the
//! submission's own transaction is rolled back; if that audit cannot be written, the
//! request fails with it (500) rather than answering a refusal nobody recorded.

use crate::app::AppState;
use crate::client_address::ClientAddress;
use crate::db::{DbError, Tx};
use crate::lookups::Ledger;
use crate::problem::ApiError;
use crate::repo::applications::{self, Application, NewApplication};
use crate::repo::audit::{self, Who};
use crate::repo::idempotency;
use crate::repo::ids::AccountId;
use axum::http::{HeaderMap, StatusCode};
use shebao_core::api::SubmissionReceipt;
use shebao_core::{Code, Violation, Violations};

pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
const KEY_MAX: usize = 100;

/// The `Idempotency-Key` header of every submission, as the OpenAPI document describes
/// it (`params(IdempotencyKeyHeader)`); read by [`idempotency_key`].
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub struct IdempotencyKeyHeader {
    /// Chosen by the client, one per submission (at most 100 characters): a retry with the same key answers the first receipt again instead of submitting twice
    #[param(rename = "Idempotency-Key", max_length = 100)]
    key: String,
}

/// The answers of a saved submission, as the OpenAPI document describes them.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum SubmissionAnswers {
    /// Saved as a submitted application (a retry with the same key answers the same receipt)
    #[response(status = 201)]
    Saved(SubmissionReceipt),
    /// An application for this person is already pending (`PENDING_EXISTS`)
    #[response(status = 409, content_type = "application/problem+json")]
    Pending(crate::problem::Problem),
}

/// The idempotency key of the request, required on every submission.
pub fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get(IDEMPOTENCY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() {
        return Err(Violation::new(Code::Required, "idempotency_key").into());
    }
    if key.len() > KEY_MAX {
        return Err(Violation::new(Code::TooLong, "idempotency_key")
            .with("max", KEY_MAX)
            .into());
    }
    Ok(key.to_string())
}

/// The answer to a saved submission, for the one who submitted it: without the
/// name-mismatch flag, which would tell an employer whether a guessed name is right
/// (the reviewer sees it).
pub fn receipt(app: &Application) -> SubmissionReceipt {
    SubmissionReceipt {
        application_number: app.number.clone(),
        kind: app.kind,
        state: app.state,
        submitted_at_ms: app.submitted_ms,
        flags: crate::routes::application_view::flags_for(
            &app.flags,
            crate::routes::application_view::Audience::Employer,
        ),
    }
}

/// Why a submission was not saved (the save functions of `routes::employer` and
/// `routes::flexible`). `routes::errors` says how each is answered.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The rules refuse the form: core's violations.
    #[error("the rules refuse it: {:?}", .0.codes())]
    Rejected(Violations),
    /// An application for this person is already pending.
    #[error("an application for this person is already pending")]
    PendingExists,
    /// The session's employer is not on record.
    #[error("the session's employer is not on record")]
    NoEmployer,
    /// The session's person is not on record.
    #[error("the session's person is not on record")]
    NoPerson,
    /// The account's person lookups of this hour are spent.
    #[error("the person lookups of this hour are spent ({seconds} s to the next)")]
    LookupsSpent { seconds: i64 },
    /// A plan that does not serialise (cannot happen with core's plans).
    #[error("the plan does not serialise")]
    Plan(#[source] serde_json::Error),
    #[error(transparent)]
    Store(#[from] DbError),
}

impl From<Violations> for SaveError {
    fn from(violations: Violations) -> Self {
        SaveError::Rejected(violations)
    }
}

impl From<Violation> for SaveError {
    fn from(violation: Violation) -> Self {
        SaveError::Rejected(violation.into())
    }
}

impl From<crate::lookups::LookupError> for SaveError {
    fn from(error: crate::lookups::LookupError) -> Self {
        match error {
            crate::lookups::LookupError::Spent { seconds } => SaveError::LookupsSpent { seconds },
            crate::lookups::LookupError::Store(e) => SaveError::Store(e),
        }
    }
}

/// A plan as the application keeps it (JSON).
pub fn plan_json<T: serde::Serialize>(plan: &T) -> Result<String, SaveError> {
    serde_json::to_string(plan).map_err(SaveError::Plan)
}

/// Inserts an application, turning "already one pending for this person" into its code.
pub fn insert_application(
    tx: &mut dyn Tx,
    new: &NewApplication,
    now_ms: i64,
) -> Result<Application, SaveError> {
    applications::insert(tx, new, now_ms).map_err(|e| {
        if e.is_unique(applications::ONE_PENDING) {
            SaveError::PendingExists
        } else {
            SaveError::Store(e)
        }
    })
}

/// How one attempt at saving a submission failed: with an answer for the client, or
/// because a racing twin with the same idempotency key saved its answer first.
enum Attempt {
    Failed(ApiError),
    KeyTaken(DbError),
}

impl From<ApiError> for Attempt {
    fn from(e: ApiError) -> Self {
        Attempt::Failed(e)
    }
}

impl From<DbError> for Attempt {
    fn from(e: DbError) -> Self {
        if e.is_unique(idempotency::KEY) {
            Attempt::KeyTaken(e)
        } else {
            Attempt::Failed(e.into())
        }
    }
}

/// Runs `work` (which judges the form with core and saves the application) once per
/// idempotency key: answers `(201, receipt)` the first time and the same receipt to
/// every retry. `source` is the client's address, for the audit log.
pub async fn submit<F, E>(
    state: &AppState,
    account_id: AccountId,
    source: ClientAddress,
    key: String,
    action: &'static str,
    target: String,
    work: F,
) -> Result<(StatusCode, SubmissionReceipt), ApiError>
where
    F: Fn(&mut dyn Tx, i64, &Ledger) -> Result<Application, E> + Clone + Send + 'static,
    ApiError: From<E>,
{
    // Under PostgreSQL two identical requests may race past the key check; the loser
    // hits a unique index. One retry then finds the winner's saved answer.
    let who = Who::new(Some(account_id), source);
    // The lookups an attempt made, charged again if it is refused (see `Ledger`).
    let ledger = Ledger::default();
    let mut attempt = 0;
    loop {
        attempt += 1;
        ledger.forget();
        let now_ms = state.clock.now_ms();
        let (job_key, work, job_target, job_who, job_ledger) = (
            key.clone(),
            work.clone(),
            target.clone(),
            who.clone(),
            ledger.clone(),
        );
        let result = state
            .store
            .write(
                move |tx| -> Result<(StatusCode, SubmissionReceipt), Attempt> {
                    if let Some(saved) = idempotency::get(tx, account_id, &job_key)? {
                        let receipt = serde_json::from_str(&saved.body)
                            .map_err(|e| ApiError::Internal(e.to_string()))?;
                        return Ok((
                            StatusCode::from_u16(saved.status).unwrap_or(StatusCode::OK),
                            receipt,
                        ));
                    }
                    let app = work(tx, now_ms, &job_ledger).map_err(ApiError::from)?;
                    let receipt = receipt(&app);
                    let body = serde_json::to_string(&receipt)
                        .map_err(|e| ApiError::Internal(e.to_string()))?;
                    idempotency::save(tx, account_id, &job_key, 201, &body, now_ms)?;
                    audit::record(
                        tx,
                        now_ms,
                        &job_who,
                        action,
                        &job_target,
                        &format!("submitted {}", app.number),
                    )?;
                    Ok((StatusCode::CREATED, receipt))
                },
            )
            .await;
        let result = match result {
            Err(Attempt::KeyTaken(_)) if attempt == 1 => continue,
            Err(Attempt::KeyTaken(e)) => Err(e.into()),
            Err(Attempt::Failed(e)) => Err(e),
            Ok(answer) => Ok(answer),
        };
        match result {
            Err(ApiError::Refused(StatusCode::CONFLICT, ref v))
                if attempt == 1 && v.code == Code::PendingExists =>
            {
                // The pending application may be this very key's, saved by a racing twin.
                let replay = state
                    .store
                    .read({
                        let key = key.clone();
                        move |tx| idempotency::get(tx, account_id, &key)
                    })
                    .await?;
                if replay.is_some() {
                    continue;
                }
                audit_refusal(state, &who, action, &target, &result, &ledger).await?;
                return result;
            }
            Err(_) => {
                audit_refusal(state, &who, action, &target, &result, &ledger).await?;
                return result;
            }
            Ok(_) => return result,
        }
    }
}

/// Records a refused (or failed) submission, with the person lookups it made charged
/// again; its own failure is the caller's error.
async fn audit_refusal<T>(
    state: &AppState,
    who: &Who,
    action: &'static str,
    target: &str,
    result: &Result<T, ApiError>,
    lookups: &Ledger,
) -> Result<(), ApiError> {
    if result.is_ok() {
        return Ok(());
    }
    let outcome = crate::audit::outcome_of(result);
    let (target, now_ms, who) = (target.to_string(), state.clock.now_ms(), who.clone());
    let lookups = lookups.clone();
    state
        .store
        .write(move |tx| {
            lookups.replay(tx, now_ms)?;
            audit::record(tx, now_ms, &who, action, &target, &outcome)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("the refusal's audit: {e}")))
}
