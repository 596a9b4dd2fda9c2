//! 单位参保证明: issued to an employer's agent whose details (insured place, number,
//! contact name and mobile) match the employer's record; wrong details are counted and
//! refused alike (`CONTACT_MISMATCH`, never saying which), and the count is limited.

use super::issue::{self, frame, Owner};
use super::limits::{self, ISSUE_LIMITS};
use super::owned;
use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::certificates::content::{Certificate, Kind};
use crate::certificates::gather;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::audit;
use crate::repo::certificates::{self as store, HistoryItem};
use crate::repo::employers;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shebao_core::certificate::{EmployerCertificateForm, IssuedAnswer};
use shebao_core::time::handling_month;
use shebao_core::{Code, Violation};

/// Wrong employer details allowed per account in [`MISMATCH_WINDOW_MS`].
const MAX_MISMATCHES: i64 = 5;
const MISMATCH_WINDOW_MS: i64 = 15 * 60 * 1000;
const ISSUES: [&str; 1] = ["certificate.issue.employer"];

/// Issues the employer certificate (单位参保证明) when the details match the record.
#[utoipa::path(
    post,
    path = "/employer/certificates",
    operation_id = "employer_certificate_issue",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    request_body = EmployerCertificateForm,
    responses(
        (status = 201, description = "Issued and recorded: the code, the PDF's address and the content", body = IssuedAnswer),
        (status = 422, description = "A field left empty (`REQUIRED`), an unknown insured place (`BAD_CHOICE`), a unit number or credit code or a mobile that is not one (their format codes, as the page checks them), or details that do not match the employer's record (`CONTACT_MISMATCH` on `contact`, never saying which)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many mismatches in 15 minutes (`RATE_LIMITED` on `contact`), or more than 10 certificates in an hour or 30 in a day from this account (`RATE_LIMITED` on `certificate`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn issue(
    State(state): State<AppState>,
    agent: EmployerAgent,
    ApiJson(form): ApiJson<EmployerCertificateForm>,
) -> Result<(StatusCode, Json<IssuedAnswer>), ApiError> {
    let now = state.clock.now_ms();
    let asked = form.parse()?;
    let (account_id, employer_id, who) = (agent.actor.account_id, agent.employer_id, agent.who());
    let months = gather::months_ending(handling_month(now).prev(), gather::EMPLOYER_MONTHS);
    // Judge the details and read the content in one read transaction.
    let found = state
        .store
        .read(move |tx| -> Result<Option<Certificate>, ApiError> {
            let failures = audit::count_since(
                tx,
                account_id,
                "certificate.employer.mismatch",
                now - MISMATCH_WINDOW_MS,
            )?;
            if failures >= MAX_MISMATCHES {
                return Err(ApiError::rate_limited("contact", MISMATCH_WINDOW_MS / 1000));
            }
            limits::check(tx, account_id, &ISSUES, &ISSUE_LIMITS, now, "certificate")?;
            let employer =
                employers::get(tx, employer_id)?.ok_or_else(|| ApiError::not_found("employer"))?;
            let number = asked.number.as_str();
            let matches = employer.district == asked.place.code
                && (number == employer.unit_number || number == employer.credit_code)
                && asked.contact_name == employer.contact_name
                && asked.contact_mobile.as_str() == employer.contact_mobile;
            if !matches {
                return Ok(None);
            }
            let mut certificate = frame(Kind::Employer, now);
            certificate.employer = gather::employer(tx, employer_id, asked.place, &months)?;
            Ok(Some(certificate))
        })
        .await?;
    let Some(certificate) = found else {
        state
            .store
            .write(move |tx| {
                audit::record(
                    tx,
                    now,
                    &who,
                    "certificate.employer.mismatch",
                    "employer",
                    "refused",
                )
            })
            .await?;
        return Err(Violation::new(Code::ContactMismatch, "contact").into());
    };
    issue::issue(
        &state,
        certificate,
        Owner::Employer(employer_id),
        agent.who(),
    )
    .await
}

/// The employer's certificates, newest first.
#[utoipa::path(
    get,
    path = "/employer/certificates",
    operation_id = "employer_certificate_history",
    tag = "employer",
    security(("session" = [])),
    responses((status = 200, description = "Certificates issued to this employer, newest first (at most 200)", body = Vec<HistoryItem>))
)]
pub(super) async fn history(
    State(state): State<AppState>,
    agent: EmployerAgent,
) -> Result<Json<Vec<HistoryItem>>, ApiError> {
    let employer_id = agent.employer_id;
    let target = format!("employer {employer_id}");
    owned::history(&state, agent.who(), target, move |tx| {
        store::for_employer(tx, employer_id)
    })
    .await
}
