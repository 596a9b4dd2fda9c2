//! Certificates (社保证明打印): the employer's (单位参保证明) and the resident's
//! (个人参保证明, 基本养老历年参保), their histories, the PDF for its owner, and the
//! short code that opens a resident's PDF on a computer (电脑端打开).
//!
//! Issuing reads the records, signs the content, renders and seals the PDF off the async
//! threads, then records the certificate and the audit line in one transaction.

use crate::app::AppState;
use crate::auth::{Actor, EmployerAgent, Resident, Role};
use crate::certificates::content::{Certificate, Kind};
use crate::certificates::store::{self, HistoryItem};
use crate::certificates::{gather, new_code, normalize_code, pdf_url, Issued, ISSUER};
use crate::client_address::ClientAddress;
use crate::db::DbError;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::audit::{self, Who};
use crate::repo::employers;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
pub use shebao_core::certificate::{HandoffCode, IssuedAnswer};
use shebao_core::insurance::Insurance;
use shebao_core::region::District;
use shebao_core::text::{normalize_identifier, normalize_text};
use shebao_core::time::{cst_date, handling_month, YearMonth};
use shebao_core::{Code, Violation, Violations};

/// The routes of this module, with their full paths under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/employer/certificates",
            get(employer_history).post(employer_issue),
        )
        .route(
            "/resident/certificates",
            get(resident_history).post(resident_issue),
        )
        .route("/resident/certificates/{code}", get(resident_preview))
        .route(
            "/resident/certificates/{code}/handoff",
            post(handoff_create),
        )
        .route("/captcha", post(super::captcha::post))
        .route("/certificates/public-key", get(public_key))
        .route("/certificates/{code}/pdf", get(owner_pdf))
        .route("/handoff", post(super::verify::handoff_open))
        .route("/handoff/{code}/qr", get(super::verify::handoff_qr))
        .route("/verify/{code}", get(super::verify::by_code))
        .route(
            "/verify/pdf",
            post(super::verify::pdf).layer(axum::extract::DefaultBodyLimit::max(
                super::verify::MAX_PDF_BYTES,
            )),
        )
}

/// Wrong employer details allowed per account in [`MISMATCH_WINDOW_MS`].
pub const MAX_MISMATCHES: i64 = 5;
pub const MISMATCH_WINDOW_MS: i64 = 15 * 60 * 1000;
/// The most months a personal certificate prints.
pub const MAX_MONTHS: u32 = 36;
/// How long an open-on-computer code is valid.
pub const HANDOFF_MS: i64 = 10 * 60 * 1000;
/// Certificates one account may issue (a resident's personal and pension-history
/// certificates together; an agent's employer certificates): per hour and per day.
/// The captcha stops nobody who reads its question; these limits hold whatever it does.
pub const ISSUE_LIMITS: [Limit; 2] = [
    Limit {
        most: 10,
        window_ms: HOUR_MS,
    },
    Limit {
        most: 30,
        window_ms: DAY_MS,
    },
];
/// Open-on-computer codes one resident may make: per hour and per day.
pub const HANDOFF_LIMITS: [Limit; 2] = [
    Limit {
        most: 5,
        window_ms: HOUR_MS,
    },
    Limit {
        most: 20,
        window_ms: DAY_MS,
    },
];
const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// At most `most` in any `window_ms`.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub most: i64,
    pub window_ms: i64,
}

/// Refuses (429 `RATE_LIMITED` on `field`, with the window's seconds) when the account
/// has done any of `actions` as often as a limit allows. Counted in the audit log, so
/// the limits hold across server processes.
pub fn check_limits(
    tx: &mut dyn crate::db::Tx,
    account_id: i64,
    actions: &[&str],
    limits: &[Limit],
    now_ms: i64,
    field: &str,
) -> Result<(), ApiError> {
    for limit in limits {
        let mut done = 0;
        for action in actions {
            done += audit::count_since(tx, account_id, action, now_ms - limit.window_ms)?;
        }
        if done >= limit.most {
            return Err(ApiError::rate_limited(field, limit.window_ms / 1000));
        }
    }
    Ok(())
}

const RESIDENT_ISSUES: [&str; 2] = [
    "certificate.issue.personal",
    "certificate.issue.pension_history",
];
const EMPLOYER_ISSUES: [&str; 1] = ["certificate.issue.employer"];

impl From<&Issued> for IssuedAnswer {
    fn from(issued: &Issued) -> Self {
        let c = &issued.certificate;
        IssuedAnswer {
            code: c.code.clone(),
            kind: c.kind,
            issued_ms: c.issued_ms,
            pdf_url: pdf_url(&c.code),
            certificate: c.clone(),
        }
    }
}

/// The QR code's target: the public verification page.
pub fn verify_url(state: &AppState, code: &str) -> String {
    format!("{}/verify?code={code}", public_base(state))
}

/// The service's address (`--public-url`, or the loopback listen address), no trailing
/// `/`. Never read from a request: a client's `Host` header must not steer a QR code.
pub fn public_base(state: &AppState) -> &str {
    &state.public_base
}

/// A new certificate's frame: code, kind, dates, issuer; the body is added by the caller.
fn frame(kind: Kind, now_ms: i64) -> Certificate {
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

/// Signs, renders and seals off the async threads, then records it with its audit line.
async fn issue_and_record(
    state: &AppState,
    certificate: Certificate,
    verify_url: String,
    person_id: Option<i64>,
    employer_id: Option<i64>,
    who: Who,
) -> Result<Issued, ApiError> {
    let sealer = state.sealer.clone();
    let issued = tokio::task::spawn_blocking(move || sealer.issue(certificate, &verify_url))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::Internal)?;
    let record = issued.clone();
    let account_id = who
        .account_id
        .ok_or_else(|| ApiError::Internal("a certificate issued by no account".into()))?;
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
    Ok(issued)
}

// ---- employer ----

/// The employer certificate's form: all must match the employer's record.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerCertificateForm {
    /// 参保地: a district code, e.g. `330200` (宁波市—市本级).
    #[serde(default)]
    pub insured_place: String,
    /// 单位社保编号 or 统一社会信用代码.
    #[serde(default)]
    pub unit_number_or_credit_code: String,
    /// 专管员姓名
    #[serde(default)]
    pub contact_name: String,
    /// 专管员手机号
    #[serde(default)]
    pub contact_mobile: String,
}

/// Issues the employer certificate (单位参保证明) when the details match the record.
#[utoipa::path(
    post,
    path = "/api/v1/employer/certificates",
    operation_id = "employer_certificate_issue",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    request_body = EmployerCertificateForm,
    responses(
        (status = 201, description = "Issued and recorded: the code, the PDF's address and the content", body = IssuedAnswer),
        (status = 422, description = "A field left empty (`REQUIRED`), an unknown insured place (`BAD_CHOICE`), or details that do not match the employer's record (`CONTACT_MISMATCH` on `contact`, never saying which)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many mismatches in 15 minutes (`RATE_LIMITED` on `contact`), or more than 10 certificates in an hour or 30 in a day from this account (`RATE_LIMITED` on `certificate`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn employer_issue(
    State(state): State<AppState>,
    agent: EmployerAgent,
    ApiJson(form): ApiJson<EmployerCertificateForm>,
) -> Result<(StatusCode, Json<IssuedAnswer>), ApiError> {
    let now = state.clock.now_ms();
    let mut missing = Violations::new();
    for (field, value) in [
        ("insured_place", &form.insured_place),
        (
            "unit_number_or_credit_code",
            &form.unit_number_or_credit_code,
        ),
        ("contact_name", &form.contact_name),
        ("contact_mobile", &form.contact_mobile),
    ] {
        if value.trim().is_empty() {
            missing.push(Violation::new(Code::Required, field));
        }
    }
    if !missing.is_empty() {
        return Err(missing.into());
    }
    let place = District::by_code(form.insured_place.trim()).ok_or_else(|| {
        ApiError::from(
            Violation::new(Code::BadChoice, "insured_place")
                .with("value", form.insured_place.trim()),
        )
    })?;
    let (account_id, employer_id, who) = (agent.actor.account_id, agent.employer_id, agent.who());
    let months = gather::months_ending(handling_month(now).prev(), gather::EMPLOYER_MONTHS);
    // Judge the details and read the content in one read transaction.
    let found = state
        .store
        .read(move |tx| -> Result<Result<Certificate, i64>, ApiError> {
            let failures = audit::count_since(
                tx,
                account_id,
                "certificate.employer.mismatch",
                now - MISMATCH_WINDOW_MS,
            )?;
            if failures >= MAX_MISMATCHES {
                return Err(ApiError::rate_limited("contact", MISMATCH_WINDOW_MS / 1000));
            }
            check_limits(
                tx,
                account_id,
                &EMPLOYER_ISSUES,
                &ISSUE_LIMITS,
                now,
                "certificate",
            )?;
            let employer =
                employers::get(tx, employer_id)?.ok_or_else(|| ApiError::not_found("employer"))?;
            let number = normalize_identifier(&form.unit_number_or_credit_code);
            let matches = employer.district == place.code
                && (number == employer.unit_number || number == employer.credit_code)
                && normalize_text(&form.contact_name) == employer.contact_name
                && normalize_identifier(&form.contact_mobile) == employer.contact_mobile;
            if !matches {
                return Ok(Err(failures));
            }
            let mut certificate = frame(Kind::Employer, now);
            certificate.employer = gather::employer(tx, employer_id, place, &months)?;
            Ok(Ok(certificate))
        })
        .await?;
    let certificate = match found {
        Ok(c) => c,
        Err(_) => {
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
        }
    };
    let url = verify_url(&state, &certificate.code);
    let issued = issue_and_record(
        &state,
        certificate,
        url,
        None,
        Some(employer_id),
        agent.who(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(IssuedAnswer::from(&issued))))
}

/// The employer's certificates, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/employer/certificates",
    operation_id = "employer_certificate_history",
    tag = "employer",
    security(("session" = [])),
    responses((status = 200, description = "Certificates issued to this employer, newest first (at most 200)", body = Vec<HistoryItem>))
)]
pub async fn employer_history(
    State(state): State<AppState>,
    agent: EmployerAgent,
) -> Result<Json<Vec<HistoryItem>>, ApiError> {
    let employer_id = agent.employer_id;
    let history = state
        .store
        .read(move |tx| store::for_employer(tx, employer_id))
        .await
        .map_err(ApiError::from);
    let target = format!("employer {employer_id}");
    let history = crate::audit::read(&state, agent.who(), "read.certificates", target, history);
    Ok(Json(history.await?))
}

// ---- resident ----

/// The personal certificate's form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResidentCertificateForm {
    /// `personal` (个人参保证明) or `pension_history` (基本养老历年参保).
    pub kind: Kind,
    /// Personal: how many months to print, 1–36, ending with last month (default 12).
    #[serde(default)]
    pub months: Option<u32>,
    /// Personal: which insurances (default: all five).
    #[serde(default)]
    pub insurances: Option<Vec<Insurance>>,
    /// From `POST /api/v1/captcha`.
    #[serde(default)]
    pub captcha_id: String,
    #[serde(default)]
    pub captcha_answer: String,
}

/// Issues a personal certificate after the captcha.
#[utoipa::path(
    post,
    path = "/api/v1/resident/certificates",
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
pub async fn resident_issue(
    State(state): State<AppState>,
    resident: Resident,
    ApiJson(form): ApiJson<ResidentCertificateForm>,
) -> Result<(StatusCode, Json<IssuedAnswer>), ApiError> {
    let now = state.clock.now_ms();
    let (months, insurances) = match form.kind {
        Kind::Personal => {
            let months = form.months.unwrap_or(12);
            if !(1..=MAX_MONTHS).contains(&months) {
                return Err(Violation::new(Code::BadChoice, "months")
                    .with("value", months)
                    .into());
            }
            let mut insurances = form.insurances.unwrap_or_else(|| Insurance::ALL.to_vec());
            insurances.sort();
            insurances.dedup();
            if insurances.is_empty() {
                return Err(Violation::new(Code::Required, "insurances").into());
            }
            (months as i32, insurances)
        }
        Kind::PensionHistory => (0, Vec::new()),
        Kind::Employer => {
            return Err(Violation::new(Code::BadChoice, "kind")
                .with("value", "employer")
                .into())
        }
    };
    // Before the captcha is spent, so a refusal costs the resident nothing.
    let account_id = resident.actor.account_id;
    state
        .store
        .read(move |tx| {
            check_limits(
                tx,
                account_id,
                &RESIDENT_ISSUES,
                &ISSUE_LIMITS,
                now,
                "certificate",
            )
        })
        .await?;
    super::captcha::spend(
        &state,
        resident.actor.account_id,
        &form.captcha_id,
        &form.captcha_answer,
        now,
    )
    .await?;
    let person_id = resident.person_id;
    let kind = form.kind;
    let last: YearMonth = handling_month(now).prev();
    let certificate = state
        .store
        .read(move |tx| -> Result<Certificate, ApiError> {
            let mut certificate = frame(kind, now);
            certificate.person = match kind {
                Kind::Personal => gather::personal(
                    tx,
                    person_id,
                    &gather::months_ending(last, months),
                    &insurances,
                )?,
                _ => gather::pension_history(tx, person_id)?,
            };
            if certificate.person.is_none() {
                return Err(ApiError::not_found("person"));
            }
            Ok(certificate)
        })
        .await?;
    let url = verify_url(&state, &certificate.code);
    let issued = issue_and_record(
        &state,
        certificate,
        url,
        Some(person_id),
        None,
        resident.who(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(IssuedAnswer::from(&issued))))
}

/// The resident's certificates, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/resident/certificates",
    operation_id = "resident_certificate_history",
    tag = "resident",
    security(("session" = [])),
    responses((status = 200, description = "The resident's certificates, newest first (at most 200)", body = Vec<HistoryItem>))
)]
pub async fn resident_history(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<Json<Vec<HistoryItem>>, ApiError> {
    let person_id = resident.person_id;
    let history = state
        .store
        .read(move |tx| store::for_person(tx, person_id))
        .await
        .map_err(ApiError::from);
    let target = format!("person {person_id}");
    let history = crate::audit::read(&state, resident.who(), "read.certificates", target, history);
    Ok(Json(history.await?))
}

/// Reads the caller's own certificate by code, or 404.
async fn own(state: &AppState, actor: &Actor, code: &str) -> Result<store::Record, ApiError> {
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

/// The content of one of the resident's certificates: the same as its PDF prints.
#[utoipa::path(
    get,
    path = "/api/v1/resident/certificates/{code}",
    operation_id = "resident_certificate_preview",
    tag = "resident",
    security(("session" = [])),
    params(("code" = String, Path, description = "The verification code")),
    responses(
        (status = 200, description = "The certificate's content, exactly as signed and printed", body = Certificate),
        (status = 404, description = "No such certificate of this resident (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resident_preview(
    State(state): State<AppState>,
    resident: Resident,
    Path(code): Path<String>,
) -> Result<Json<Certificate>, ApiError> {
    let record = own(&state, &resident.actor, &code).await;
    let target: String = code.chars().take(40).collect();
    let record =
        crate::audit::read(&state, resident.who(), "read.certificate", target, record).await?;
    let certificate: Certificate = serde_json::from_str(&record.content)
        .map_err(|e| ApiError::Internal(format!("certificate {}: {e}", record.code)))?;
    Ok(Json(certificate))
}

/// A PDF answer, shown in the browser (inline) under a readable file name.
pub fn pdf_response(code: &str, pdf: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"shebao-certificate-{code}.pdf\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        pdf,
    )
        .into_response()
}

/// The sealed PDF, for the employer or resident it was issued to.
#[utoipa::path(
    get,
    path = "/api/v1/certificates/{code}/pdf",
    operation_id = "certificate_pdf",
    tag = "certificates",
    security(("session" = [])),
    params(("code" = String, Path, description = "The verification code")),
    responses(
        (status = 200, description = "The sealed PDF as issued", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such certificate of the caller's (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn owner_pdf(
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

/// A code (`ABCD-EFGH`, 40 bits) that opens this certificate's PDF once on another
/// device, within ten minutes. It replaces the certificate's earlier code, if any; only
/// its SHA-256 is kept (see `routes::verify` for how codes are guarded).
#[utoipa::path(
    post,
    path = "/api/v1/resident/certificates/{code}/handoff",
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
pub async fn handoff_create(
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
                if let Err(refused) = check_limits(
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
            Err(DbError::Unique(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Internal("no free open-on-computer code".into()))
}

/// The key that verifies certificates' signatures.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicKey {
    /// `Ed25519`
    pub algorithm: String,
    /// The 32-byte public key, base64.
    pub public_key_base64: String,
    /// The same, hex.
    pub public_key_hex: String,
    /// How the signatures are made.
    pub description: String,
}

/// The public key of the certificates' electronic seal, for offline verification.
#[utoipa::path(
    get,
    path = "/api/v1/certificates/public-key",
    operation_id = "certificate_public_key",
    tag = "public",
    responses((status = 200, description = "The Ed25519 public key", body = PublicKey))
)]
pub async fn public_key(State(state): State<AppState>) -> Json<PublicKey> {
    let key = state.sealer.signer.public_key();
    Json(PublicKey {
        algorithm: "Ed25519".into(),
        public_key_base64: state.sealer.signer.public_key_base64(),
        public_key_hex: hex::encode(key.as_bytes()),
        description: "The PDF ends with `%SHEBAO-SEAL Ed25519 <code> <signature>`: the signature \
                      (base64) covers every byte before that line. Its attachment certificate.json \
                      holds the content and the signature (base64) of the content's canonical JSON \
                      (keys sorted, no whitespace)."
            .into(),
    })
}
