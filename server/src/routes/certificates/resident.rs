//! The resident's certificates (个人参保证明, 基本养老历年参保): issued after the
//! captcha, listed, and shown (the preview is the content exactly as signed).

use super::issue::{self, frame, Owner};
use super::limits::{self, ISSUE_LIMITS};
use super::{captcha, owned};
use crate::app::AppState;
use crate::auth::Resident;
use crate::certificates::content::Certificate;
use crate::certificates::gather;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::certificates::{self as store, HistoryItem};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use shebao_core::certificate::{IssuedAnswer, ResidentCertificate, ResidentCertificateForm};
use shebao_core::time::{handling_month, YearMonth};

const ISSUES: [&str; 2] = [
    "certificate.issue.personal",
    "certificate.issue.pension_history",
];

/// Issues a personal certificate after the captcha.
#[utoipa::path(
    post,
    path = "/resident/certificates",
    operation_id = "resident_certificate_issue",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    request_body = ResidentCertificateForm,
    responses(
        (status = 201, description = "Issued and recorded: the code, the PDF's address and the content (the preview)", body = IssuedAnswer),
        (status = 422, description = "Months outside 1–36 or no insurance (`BAD_CHOICE`, `REQUIRED`), a wrong captcha answer (`CAPTCHA_WRONG`), or a captcha expired, used or unknown (`CAPTCHA_EXPIRED`); the captcha is spent by any answer", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 10 certificates in an hour or 30 in a day from this account (`RATE_LIMITED` on `certificate`); the captcha is not spent", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn issue(
    State(state): State<AppState>,
    resident: Resident,
    ApiJson(form): ApiJson<ResidentCertificateForm>,
) -> Result<(StatusCode, Json<IssuedAnswer>), ApiError> {
    let now = state.clock.now_ms();
    let asked = form.parse()?;
    // Before the captcha is spent, so a refusal costs the resident nothing.
    let account_id = resident.actor.account_id;
    state
        .store
        .read(move |tx| limits::check(tx, account_id, &ISSUES, &ISSUE_LIMITS, now, "certificate"))
        .await?;
    captcha::spend(
        &state,
        account_id,
        &asked.captcha_id,
        &asked.captcha_answer,
        now,
    )
    .await?;
    let person_id = resident.person_id;
    let last: YearMonth = handling_month(now).prev();
    let certificate = state
        .store
        .read(move |tx| -> Result<Certificate, ApiError> {
            let mut certificate = frame(asked.certificate.kind(), now);
            certificate.person = match &asked.certificate {
                ResidentCertificate::Personal { months, insurances } => gather::personal(
                    tx,
                    person_id,
                    &gather::months_ending(last, *months as i32),
                    insurances,
                )?,
                ResidentCertificate::PensionHistory => gather::pension_history(tx, person_id)?,
            };
            if certificate.person.is_none() {
                return Err(ApiError::not_found("person"));
            }
            Ok(certificate)
        })
        .await?;
    issue::issue(
        &state,
        certificate,
        Owner::Person(person_id),
        resident.who(),
    )
    .await
}

/// The resident's certificates, newest first.
#[utoipa::path(
    get,
    path = "/resident/certificates",
    operation_id = "resident_certificate_history",
    tag = "resident",
    security(("session" = [])),
    responses((status = 200, description = "The resident's certificates, newest first (at most 200)", body = Vec<HistoryItem>))
)]
pub(super) async fn history(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<Json<Vec<HistoryItem>>, ApiError> {
    let person_id = resident.person_id;
    let target = format!("person {person_id}");
    owned::history(&state, resident.who(), target, move |tx| {
        store::for_person(tx, person_id)
    })
    .await
}

/// The content of one of the resident's certificates: the same as its PDF prints.
#[utoipa::path(
    get,
    path = "/resident/certificates/{code}",
    operation_id = "resident_certificate_preview",
    tag = "resident",
    security(("session" = [])),
    params(("code" = String, Path, description = "The verification code")),
    responses(
        (status = 200, description = "The certificate's content, exactly as signed and printed", body = Certificate),
        (status = 404, description = "No such certificate of this resident (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn preview(
    State(state): State<AppState>,
    resident: Resident,
    Path(code): Path<String>,
) -> Result<Json<Certificate>, ApiError> {
    let record = owned::own(&state, &resident.actor, &code).await;
    let target: String = code.chars().take(40).collect();
    let record =
        crate::audit::read(&state, resident.who(), "read.certificate", target, record).await?;
    let certificate: Certificate = serde_json::from_str(&record.content)
        .map_err(|e| ApiError::Internal(format!("certificate {}: {e}", record.code)))?;
    Ok(Json(certificate))
}
