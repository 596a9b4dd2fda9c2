//! Public: certificate verification (证明验真) by code or by the PDF file itself. No
//! session: anyone can verify. Verification answers what the certificate says, line by line, so a doctored
//! copy carrying a genuine code is caught; the person's name and ID are masked.

use crate::app::AppState;
use crate::certificates::content::Certificate;
use crate::certificates::{normalize_code, seal};
use crate::client_address::ClientAddress;
use crate::problem::{ApiError, Problem};
use crate::repo::audit::{self, Who};
use crate::repo::certificates as store;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use sha2::{Digest, Sha256};
use shebao_core::certificate::{Summary, Verdict};
use shebao_core::enrolment::mask_name;

/// The largest PDF `POST /verify/pdf` reads.
pub const MAX_PDF_BYTES: usize = 4 * 1024 * 1024;

fn not_genuine(reason: &str, code: Option<String>) -> Verdict {
    Verdict {
        genuine: false,
        reason: Some(reason.into()),
        code,
        kind: None,
        issued_ms: None,
        issued_date: None,
        summary: None,
        certificate: None,
    }
}

/// `3302**********123X`: the first four and last four characters.
fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars[..4]
        .iter()
        .chain(std::iter::repeat_n(&'*', n - 8))
        .chain(&chars[n - 4..])
        .collect()
}

/// The verdict on a recorded certificate: its stored signature must still verify.
fn judge(state: &AppState, record: &store::Record) -> Verdict {
    let key = state.sealer.signer.public_key();
    if !seal::verify(&key, record.content.as_bytes(), &record.signature) {
        return not_genuine("record_signature", Some(record.code.clone()));
    }
    let Ok(c) = serde_json::from_str::<Certificate>(&record.content) else {
        return not_genuine("record_signature", Some(record.code.clone()));
    };
    // What the certificate says, with whom it is about masked.
    let mut shown = c.clone();
    if let Some(p) = &mut shown.person {
        p.name = mask_name(&p.name);
        p.citizen_id = mask_id(&p.citizen_id);
    }
    let summary = if let Some(e) = &c.employer {
        Summary {
            name: e.name.clone(),
            citizen_id: None,
            credit_code: Some(e.credit_code.clone()),
            period: None,
        }
    } else if let Some(p) = &c.person {
        Summary {
            name: mask_name(&p.name),
            citizen_id: Some(mask_id(&p.citizen_id)),
            credit_code: None,
            period: match (p.months.first(), p.months.last()) {
                (Some(a), Some(b)) => Some(format!("{a} – {b}")),
                _ => None,
            },
        }
    } else {
        return not_genuine("record_signature", Some(record.code.clone()));
    };
    Verdict {
        genuine: true,
        reason: None,
        code: Some(c.code),
        kind: Some(c.kind),
        issued_ms: Some(c.issued_ms),
        issued_date: Some(c.issued_date),
        summary: Some(summary),
        certificate: Some(shown),
    }
}

async fn audit_lookup(
    state: &AppState,
    source: ClientAddress,
    code: &str,
    result: &str,
) -> Result<(), ApiError> {
    let (now, code, result) = (state.clock.now_ms(), code.to_string(), result.to_string());
    let who = Who::anonymous(source);
    state
        .store
        .write(move |tx| audit::record(tx, now, &who, "certificate.verify", &code, &result))
        .await?;
    Ok(())
}

/// Verifies a certificate by its verification code (the QR code opens this).
#[utoipa::path(
    get,
    path = "/verify/{code}",
    operation_id = "verify_code",
    tag = "public",
    params(("code" = String, Path, description = "The verification code, dashes and case optional")),
    responses((status = 200, description = "Whether it is genuine, when it was issued, a masked summary and what the certificate says (per insurance its months, statuses, employers and amounts; name and ID masked); `genuine: false` with `reason: unknown_code` for a code never issued", body = Verdict))
)]
pub(super) async fn by_code(
    State(state): State<AppState>,
    source: ClientAddress,
    Path(code): Path<String>,
) -> Result<Json<Verdict>, ApiError> {
    let Some(code) = normalize_code(&code) else {
        return Ok(Json(not_genuine("unknown_code", None)));
    };
    let c = code.clone();
    let record = state.store.read(move |tx| store::by_code(tx, &c)).await?;
    let verdict = match record {
        Some(record) => judge(&state, &record),
        None => not_genuine("unknown_code", Some(code.clone())),
    };
    audit_lookup(
        &state,
        source,
        &code,
        if verdict.genuine {
            "genuine"
        } else {
            "not_genuine"
        },
    )
    .await?;
    Ok(Json(verdict))
}

/// Verifies a PDF file: its seal must cover every byte, and it must be the file issued.
#[utoipa::path(
    post,
    path = "/verify/pdf",
    operation_id = "verify_pdf",
    tag = "public",
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "The PDF file (at most 4 MB)"),
    responses(
        (status = 200, description = "The verdict; a file changed in any byte is `genuine: false` (`seal_broken` or `not_as_issued`)", body = Verdict),
        (status = 413, description = "Larger than 4 MB", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn pdf(
    State(state): State<AppState>,
    source: ClientAddress,
    body: Bytes,
) -> Result<Json<Verdict>, ApiError> {
    let key = state.sealer.signer.public_key();
    let Some(opened) = seal::open_file(&body, &key) else {
        return Ok(Json(not_genuine("no_seal", None)));
    };
    let Some(code) = normalize_code(&opened.code) else {
        return Ok(Json(not_genuine("no_seal", None)));
    };
    if !opened.seal_valid {
        audit_lookup(&state, source, &code, "seal_broken").await?;
        return Ok(Json(not_genuine("seal_broken", Some(code))));
    }
    let c = code.clone();
    let record = state.store.read(move |tx| store::by_code(tx, &c)).await?;
    let verdict = match record {
        None => not_genuine("unknown_code", Some(code.clone())),
        Some(record) if hex::encode(Sha256::digest(&body)) != record.pdf_sha256 => {
            not_genuine("not_as_issued", Some(code.clone()))
        }
        Some(record) => judge(&state, &record),
    };
    audit_lookup(
        &state,
        source,
        &code,
        verdict.reason.as_deref().unwrap_or("genuine"),
    )
    .await?;
    Ok(Json(verdict))
}
