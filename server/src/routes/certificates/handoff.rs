//! Open-on-computer codes (电脑端打开): the resident's phone makes one for a certificate,
//! and the computer opens the certificate's PDF once with it, or its QR code.
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
//!   ([`HANDOFF_LIMITS`]), so nobody fills the code space.
//! - **Per client address.** More than [`MAX_GUESSES`] wrong codes in ten minutes from one
//!   address (`ClientAddress::limit_key`: `X-Forwarded-For` only from a trusted proxy,
//!   IPv6 per /64) answer 429. The code is checked first and the limit applies only to
//!   wrong codes: a guesser sharing the owner's address (a proxy, a NAT) must never lock
//!   the owner out. A guesser over its limit gains nothing from it: each further wrong
//!   code is refused, recorded and counted against the codes near it like any other.

use super::limits::{self, HANDOFF_LIMITS};
use super::owned::own;
use super::pdf_response;
use crate::app::AppState;
use crate::auth::Resident;
use crate::certificates::qr;
use crate::client_address::ClientAddress;
use crate::db::DbError;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::audit::{self, Who};
use crate::repo::certificates as store;
use crate::repo::guesses;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shebao_core::certificate::{HandoffCode, HandoffForm};
use shebao_core::{Code, Violation};

/// How long an open-on-computer code is valid.
const HANDOFF_MS: i64 = 10 * 60 * 1000;
/// Wrong open-on-computer codes per client address in [`GUESS_WINDOW_MS`] before
/// further wrong codes answer 429 (right codes always open).
const MAX_GUESSES: i64 = 10;
const GUESS_WINDOW_MS: i64 = 10 * 60 * 1000;

/// A code (`ABCD-EFGH`, 40 bits) that opens this certificate's PDF once on another
/// device, within ten minutes. It replaces the certificate's earlier code, if any; only
/// its SHA-256 is kept (see `routes::certificates::handoff` for how codes are guarded).
#[utoipa::path(
    post,
    path = "/resident/certificates/{code}/handoff",
    operation_id = "resident_certificate_handoff",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    params(("code" = String, Path, description = "The verification code")),
    responses(
        (status = 201, description = "The code, valid for ten minutes and one opening; the certificate's earlier code no longer opens", body = HandoffCode),
        (status = 404, description = "No such certificate of this resident (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 5 codes in an hour or 20 in a day from this resident (`RATE_LIMITED` on `handoff_code`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn create(
    State(state): State<AppState>,
    resident: Resident,
    Path(code): Path<String>,
) -> Result<(StatusCode, Json<HandoffCode>), ApiError> {
    let record = own(&state, &resident.actor, &code).await?;
    let now = state.clock.now_ms();
    let expires_ms = now + HANDOFF_MS;
    let account_id = resident.actor.account_id;
    let who = resident.who();
    for _ in 0..5 {
        let mut bytes = [0u8; 5];
        getrandom::getrandom(&mut bytes).map_err(|e| ApiError::Internal(e.to_string()))?;
        let handoff = shebao_core::certificate::handoff_from_random(bytes);
        let (h, id, target, who) = (handoff.clone(), record.id, record.code.clone(), who.clone());
        let saved = state
            .store
            .write(move |tx| -> Result<Result<(), ApiError>, DbError> {
                if let Err(refused) = limits::check(
                    tx,
                    account_id,
                    &["certificate.handoff.create"],
                    &HANDOFF_LIMITS,
                    now,
                    "handoff_code",
                ) {
                    return Ok(Err(refused));
                }
                store::purge_handoffs(tx, now)?;
                store::replace_handoff(tx, &h, id, account_id, now, expires_ms)?;
                audit::record(tx, now, &who, "certificate.handoff.create", &target, "ok")?;
                Ok(Ok(()))
            })
            .await;
        match saved {
            Ok(Ok(())) => {
                return Ok((
                    StatusCode::CREATED,
                    Json(HandoffCode {
                        code: handoff,
                        expires_ms,
                    }),
                ))
            }
            Ok(Err(refused)) => return Err(refused),
            // Another certificate's live code is the same (one in 2^40 per live code):
            // draw again.
            Err(e) if e.is_unique(store::HANDOFF_CODE_TAKEN) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Internal("no free open-on-computer code".into()))
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
    path = "/handoff",
    operation_id = "handoff_open",
    tag = "public",
    request_body = HandoffForm,
    responses(
        (status = 200, description = "The sealed PDF; the code is now spent. A right code opens even from an address over its limit", body = Vec<u8>, content_type = "application/pdf"),
        (status = 422, description = "Wrong, used, replaced or expired (`HANDOFF_INVALID`, never saying which)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A wrong code, from an address with more than ten wrong codes in ten minutes (`RATE_LIMITED`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn open(
    State(state): State<AppState>,
    client: ClientAddress,
    ApiJson(form): ApiJson<HandoffForm>,
) -> Result<Response, ApiError> {
    let now = state.clock.now_ms();
    let code = form.parse().ok();
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
    path = "/handoff/{code}/qr",
    operation_id = "handoff_qr",
    tag = "public",
    params(("code" = String, Path, description = "The open-on-computer code, `ABCD-EFGH`")),
    responses(
        (status = 200, description = "The QR code of the open page's address with the code", content_type = "image/svg+xml", body = String),
        (status = 422, description = "Not a code's form (`HANDOFF_INVALID`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn qr(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let code = shebao_core::certificate::parse_handoff(&code)
        .map_err(|_| ApiError::from(Violation::new(Code::HandoffInvalid, "handoff_code")))?;
    let url = format!("{}/open?code={code}", state.public_base);
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
