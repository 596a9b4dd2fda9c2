//! What the owner of certificates may read of them: the history, one by its code, and
//! the sealed PDF. Another's certificate answers 404, as if it did not exist.

use super::pdf_response;
use crate::app::AppState;
use crate::auth::{Actor, Role};
use crate::certificates::normalize_code;
use crate::client_address::ClientAddress;
use crate::db::{DbError, Tx};
use crate::problem::{ApiError, Problem};
use crate::repo::audit::{self, Who};
use crate::repo::certificates::{self as store, HistoryItem};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;

/// The owner's certificates, newest first; the read is audited against `target`.
pub(super) async fn history(
    state: &AppState,
    who: Who,
    target: String,
    read: impl FnOnce(&mut dyn Tx) -> Result<Vec<HistoryItem>, DbError> + Send + 'static,
) -> Result<Json<Vec<HistoryItem>>, ApiError> {
    let history = state.store.read(read).await.map_err(ApiError::from);
    let history = crate::audit::read(state, who, "read.certificates", target, history);
    Ok(Json(history.await?))
}

/// Reads the caller's own certificate by code, or 404.
pub(super) async fn own(
    state: &AppState,
    actor: &Actor,
    code: &str,
) -> Result<store::Record, ApiError> {
    let code = normalize_code(code).ok_or_else(|| ApiError::not_found("certificate"))?;
    let record = state
        .store
        .read(move |tx| store::by_code(tx, &code))
        .await?
        .ok_or_else(|| ApiError::not_found("certificate"))?;
    let mine = match actor.role {
        Role::Resident => actor.person_id.is_some() && record.person_id == actor.person_id,
        Role::Employer => actor.employer_id.is_some() && record.employer_id == actor.employer_id,
        Role::Reviewer => false,
    };
    if mine {
        Ok(record)
    } else {
        Err(ApiError::not_found("certificate"))
    }
}

/// The sealed PDF, for the employer or resident it was issued to.
#[utoipa::path(
    get,
    path = "/certificates/{code}/pdf",
    operation_id = "certificate_pdf",
    tag = "certificates",
    security(("session" = [])),
    params(("code" = String, Path, description = "The verification code")),
    responses(
        (status = 200, description = "The sealed PDF as issued", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such certificate of the caller's (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn pdf(
    State(state): State<AppState>,
    actor: Actor,
    source: ClientAddress,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let record = own(&state, &actor, &code).await?;
    let now = state.clock.now_ms();
    let (id, who, target) = (record.id, actor.who(source), record.code.clone());
    let pdf = state
        .store
        .write(move |tx| -> Result<Vec<u8>, DbError> {
            audit::record(tx, now, &who, "certificate.download", &target, "ok")?;
            store::pdf(tx, id)
        })
        .await?;
    Ok(pdf_response(&record.code, pdf))
}
