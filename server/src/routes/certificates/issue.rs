//! Issuing a certificate once its content is gathered: the frame (code, dates, issuer),
//! signing, rendering and sealing off the async threads, then the record and its audit
//! line in one transaction.

use crate::app::AppState;
use crate::certificates::content::{Certificate, Kind};
use crate::certificates::{new_code, pdf_url, Issued, ISSUER};
use crate::db::DbError;
use crate::problem::ApiError;
use crate::repo::audit::{self, Who};
use crate::repo::certificates as store;
use crate::repo::ids::{EmployerId, PersonId};
use axum::http::StatusCode;
use axum::Json;
use shebao_core::certificate::IssuedAnswer;
use shebao_core::time::cst_date;

/// Whose certificate it is, as the record keeps it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Owner {
    Employer(EmployerId),
    Person(PersonId),
}

/// A new certificate's frame: code, kind, dates, issuer; the body is added by the caller.
pub(super) fn frame(kind: Kind, now_ms: i64) -> Certificate {
    Certificate {
        code: new_code(),
        kind,
        issued_ms: now_ms,
        issued_date: cst_date(now_ms).to_string(),
        issuer: ISSUER.to_string(),
        employer: None,
        person: None,
    }
}

/// Signs, renders and seals `certificate` off the async threads, records it with its
/// audit line, and answers 201 with the code, the PDF's address and the content.
pub(super) async fn issue(
    state: &AppState,
    certificate: Certificate,
    owner: Owner,
    who: Who,
) -> Result<(StatusCode, Json<IssuedAnswer>), ApiError> {
    // The QR code's target: the public verification page, at the configured address
    // (never a request's `Host`, which a client could steer).
    let verify_url = format!("{}/verify?code={}", state.public_base, certificate.code);
    let sealer = state.sealer.clone();
    let issued = tokio::task::spawn_blocking(move || sealer.issue(certificate, &verify_url))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::Internal)?;
    let record = issued.clone();
    let account_id = who
        .account_id
        .ok_or_else(|| ApiError::Internal("a certificate issued by no account".into()))?;
    let (person_id, employer_id) = match owner {
        Owner::Employer(id) => (None, Some(id)),
        Owner::Person(id) => (Some(id), None),
    };
    state
        .store
        .write(move |tx| -> Result<(), DbError> {
            store::insert(tx, &record, person_id, employer_id, account_id)?;
            audit::record(
                tx,
                record.certificate.issued_ms,
                &who,
                &format!("certificate.issue.{}", record.certificate.kind.code()),
                &record.certificate.code,
                "issued",
            )
        })
        .await?;
    Ok((StatusCode::CREATED, Json(answer(&issued))))
}

fn answer(issued: &Issued) -> IssuedAnswer {
    let c = &issued.certificate;
    IssuedAnswer {
        code: c.code.clone(),
        kind: c.kind,
        issued_ms: c.issued_ms,
        pdf_url: pdf_url(&c.code),
        certificate: c.clone(),
    }
}
