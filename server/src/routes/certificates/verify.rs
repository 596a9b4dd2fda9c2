//! Public: certificate verification (证明验真) by code or by the PDF file itself, and
//! opening a certificate on a computer with its one-time code. No session: anyone can
//! verify. Verification answers what the certificate says, line by line, so a doctored
//! copy carrying a genuine code is caught; the person's name and ID are masked.
//!
//! ## Open-on-computer codes
//!
//! A code is 8 letters of a 32-letter alphabet (`ABCD-EFGH`, 40 bits:
//! `shebao_core::certificate::parse_handoff`), lives ten minutes, opens once, and a
//! certificate has at most one (a new one replaces it). Only its SHA-256 is stored, and
//! the row is deleted when the code is used, replaced or expired. Three brakes:
//!
//! - **Per code.** Each row also keeps the code's first two letters (10 of its 40 bits,
//!   never shown to anyone). A wrong code counts against every live code it shares those
//!   letters with, and the tenth such wrong code deletes that code
//!   ([`store::MAX_WRONG_NEAR_CODE`]). A guess can only hit a code whose two letters it
//!   shares, and at most ten of those are ever judged against the remaining 30 bits, so
//!   any one code is opened by guessing with probability at most 10 / 2^30 (about one in
//!   a hundred million), however many addresses the guesser has. (A per-code count needs
//!   to know which code a wrong guess was aimed at; the prefix answers that without a
//!   public part of the code, so the full 40 bits stay secret.) The price: someone who
//!   floods wrong codes kills live codes at random; the owner makes a new one.
//! - **Per resident.** At most 5 codes an hour and 20 a day
//!   (`routes::certificates::HANDOFF_LIMITS`), so nobody fills the code space.
//! - **Per client address.** More than [`MAX_GUESSES`] wrong codes in ten minutes from one
//!   address (`ClientAddress::limit_key`: `X-Forwarded-For` only from a trusted proxy,
//!   IPv6 per /64) answer 429. The code is checked first and the limit applies only to
//!   wrong codes: a guesser sharing the owner's address (a proxy, a NAT) must never lock
//!   the owner out. A guesser over its limit gains nothing from it: each further wrong
//!   code is refused, recorded and counted against the codes near it like any other.

use super::certificates::{pdf_response, public_base};
use crate::app::AppState;
use crate::certificates::content::Certificate;
use crate::certificates::{normalize_code, qr, seal, store};
use crate::client_address::ClientAddress;
use crate::db::DbError;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::audit::{self, Who};
use crate::repo::guesses;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shebao_core::certificate::{Summary, Verdict};
use shebao_core::enrolment::mask_name;
use shebao_core::{Code, Violation};

/// The largest PDF `POST /verify/pdf` reads.
pub const MAX_PDF_BYTES: usize = 4 * 1024 * 1024;
/// Wrong open-on-computer codes per client address in [`GUESS_WINDOW_MS`] before
/// further wrong codes answer 429 (right codes always open).
pub const MAX_GUESSES: i64 = 10;
pub const GUESS_WINDOW_MS: i64 = 10 * 60 * 1000;

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
    path = "/api/v1/verify/{code}",
    operation_id = "verify_code",
    tag = "public",
    params(("code" = String, Path, description = "The verification code, dashes and case optional")),
    responses((status = 200, description = "Whether it is genuine, when it was issued, a masked summary and what the certificate says (per insurance its months, statuses, employers and amounts; name and ID masked); `genuine: false` with `reason: unknown_code` for a code never issued", body = Verdict))
)]
pub async fn by_code(
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
    path = "/api/v1/verify/pdf",
    operation_id = "verify_pdf",
    tag = "public",
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "The PDF file (at most 4 MB)"),
    responses(
        (status = 200, description = "The verdict; a file changed in any byte is `genuine: false` (`seal_broken` or `not_as_issued`)", body = Verdict),
        (status = 413, description = "Larger than 4 MB", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn pdf(
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

/// The code typed on the computer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoffForm {
    /// The code shown on the phone, `ABCD-EFGH` (dash, blanks, case and full-width
    /// characters forgiven).
    #[serde(default)]
    pub code: String,
}

/// What typing a code came to.
enum Opening {
    Opened(String, Vec<u8>),
    Wrong,
    TooMany,
}

/// Opens a certificate's PDF once with the code from the resident's phone.
#[utoipa::path(
    post,
    path = "/api/v1/handoff",
    operation_id = "handoff_open",
    tag = "public",
    request_body = HandoffForm,
    responses(
        (status = 200, description = "The sealed PDF; the code is now spent. A right code opens even from an address over its limit", body = Vec<u8>, content_type = "application/pdf"),
        (status = 422, description = "Wrong, used, replaced or expired (`HANDOFF_INVALID`, never saying which)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A wrong code, from an address with more than ten wrong codes in ten minutes (`RATE_LIMITED`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn handoff_open(
    State(state): State<AppState>,
    client: ClientAddress,
    ApiJson(form): ApiJson<HandoffForm>,
) -> Result<Response, ApiError> {
    let now = state.clock.now_ms();
    let code = shebao_core::certificate::parse_handoff(&form.code).ok();
    let who = Who::anonymous(client);
    let client = client.limit_key();
    let opening = state
        .store
        .write(move |tx| -> Result<Opening, DbError> {
            store::purge_handoffs(tx, now)?;
            // The code first: a right code opens whoever else guessed from this address.
            if let Some(code) = &code {
                if let Some(id) = store::spend_handoff(tx, code, now)? {
                    let record = store::by_id(tx, id)?
                        .ok_or_else(|| DbError::Other(format!("certificate {id} vanished")))?;
                    audit::record(
                        tx,
                        now,
                        &who,
                        "certificate.handoff.open",
                        &record.code,
                        "opened",
                    )?;
                    return Ok(Opening::Opened(record.code, store::pdf(tx, id)?));
                }
                store::wrong_near(tx, code, now)?;
            }
            guesses::record(tx, "handoff", &client, now)?;
            let (recent, _) = guesses::since(tx, "handoff", &client, now - GUESS_WINDOW_MS)?;
            let over = recent > MAX_GUESSES;
            audit::record(
                tx,
                now,
                &who,
                "certificate.handoff.open",
                &client,
                if over { "rate_limited" } else { "refused" },
            )?;
            Ok(if over {
                Opening::TooMany
            } else {
                Opening::Wrong
            })
        })
        .await?;
    match opening {
        Opening::Opened(code, pdf) => Ok(pdf_response(&code, pdf)),
        Opening::Wrong => Err(Violation::new(Code::HandoffInvalid, "handoff_code").into()),
        Opening::TooMany => Err(ApiError::rate_limited(
            "handoff_code",
            GUESS_WINDOW_MS / 1000,
        )),
    }
}

/// The QR code the phone shows beside an open-on-computer code: the address of the
/// public open page with the code filled in (`/open?code=ABCD-EFGH`), as an SVG picture,
/// at the configured public address (never the request's `Host`). It says nothing the
/// code does not: the code is checked only when it is used.
#[utoipa::path(
    get,
    path = "/api/v1/handoff/{code}/qr",
    operation_id = "handoff_qr",
    tag = "public",
    params(("code" = String, Path, description = "The open-on-computer code, `ABCD-EFGH`")),
    responses(
        (status = 200, description = "The QR code of the open page's address with the code", content_type = "image/svg+xml", body = String),
        (status = 422, description = "Not a code's form (`HANDOFF_INVALID`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn handoff_qr(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let code = shebao_core::certificate::parse_handoff(&code)
        .map_err(|_| ApiError::from(Violation::new(Code::HandoffInvalid, "handoff_code")))?;
    let url = format!("{}/open?code={code}", public_base(&state));
    let svg = qr::svg(&url).map_err(ApiError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, max-age=600"),
        ],
        svg,
    )
        .into_response())
}
