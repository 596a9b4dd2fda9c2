//! API errors, in one place: every refusal is answered as `application/problem+json`
//! (RFC 9457) carrying core's violation codes with both languages' messages.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shebao_core::{Code, Lang, Violation, Violations};

/// A violation as the API reports it: core's data plus its messages.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportedViolation {
    pub code: Code,
    pub field: String,
    /// Named values of the message, e.g. `max` → `100`; absent when there are none.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub params: std::collections::BTreeMap<String, String>,
    pub message_zh: String,
    pub message_en: String,
}

impl From<Violation> for ReportedViolation {
    fn from(v: Violation) -> Self {
        ReportedViolation {
            message_zh: v.message(Lang::Zh),
            message_en: v.message(Lang::En),
            code: v.code,
            field: v.field,
            params: v.params,
        }
    }
}

/// The problem document (RFC 9457), the body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `/problems/rejected` (422, rules refuse), `/problems/refused` (401, 403, 404,
    /// 409, 413, 429), `/problems/bad-request` (400, 413, 415, 422: the body is not the
    /// expected JSON) or `/problems/internal` (500).
    #[serde(rename = "type")]
    #[schema(value_type = String, example = "/problems/rejected")]
    pub kind: &'static str,
    #[schema(value_type = String)]
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    pub violations: Vec<ReportedViolation>,
}

/// Everything a handler can answer instead of success.
#[derive(Debug)]
pub enum ApiError {
    /// The request was understood but the rules refuse it (422).
    Rejected(Violations),
    /// Refused for a reason with its own HTTP status: 401, 403, 404, 409, 429.
    Refused(StatusCode, Violation),
    /// The request body could not be read as the expected JSON (400/413/415).
    BadRequest { status: StatusCode, detail: String },
    /// Our fault (the database failed); logged, and answered without details.
    Internal(String),
}

impl ApiError {
    pub fn unauthenticated() -> ApiError {
        ApiError::Refused(
            StatusCode::UNAUTHORIZED,
            Violation::new(Code::Unauthenticated, "session"),
        )
    }
    pub fn forbidden(field: &str) -> ApiError {
        ApiError::Refused(
            StatusCode::FORBIDDEN,
            Violation::new(Code::Forbidden, field),
        )
    }
    pub fn csrf() -> ApiError {
        ApiError::Refused(
            StatusCode::FORBIDDEN,
            Violation::new(Code::CsrfMismatch, "session"),
        )
    }
    /// The session's account must set a new password before anything else.
    pub fn password_change_required() -> ApiError {
        ApiError::Refused(
            StatusCode::FORBIDDEN,
            Violation::new(Code::PasswordChangeRequired, "session"),
        )
    }
    pub fn not_found(field: &str) -> ApiError {
        ApiError::Refused(StatusCode::NOT_FOUND, Violation::new(Code::NotFound, field))
    }
    pub fn rate_limited(field: &str, seconds: i64) -> ApiError {
        ApiError::Refused(
            StatusCode::TOO_MANY_REQUESTS,
            Violation::new(Code::RateLimited, field).with("seconds", seconds),
        )
    }
    pub fn conflict(violation: Violation) -> ApiError {
        ApiError::Refused(StatusCode::CONFLICT, violation)
    }
}

impl ApiError {
    /// The violations this error reports, as the API shows them (for row-by-row answers).
    pub fn into_violations(self) -> Vec<ReportedViolation> {
        match self {
            ApiError::Rejected(v) => v.into_iter().map(ReportedViolation::from).collect(),
            ApiError::Refused(_, v) => vec![v.into()],
            ApiError::BadRequest { .. } => vec![Violation::new(Code::BadFormat, "body")
                .with("expected", "JSON")
                .into()],
            ApiError::Internal(error) => {
                tracing::error!(%error, "internal error");
                vec![Violation::new(Code::Internal, "request").into()]
            }
        }
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> Self {
        match e {
            // Input that reached a query: the client's fault, said plainly.
            crate::db::DbError::NulInText => Violation::new(Code::BadChar, "request")
                .with("position", "?")
                .with("char", "\\0")
                .into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<Violations> for ApiError {
    fn from(v: Violations) -> Self {
        ApiError::Rejected(v)
    }
}

impl From<Violation> for ApiError {
    fn from(v: Violation) -> Self {
        ApiError::Rejected(v.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // Why a call was refused, for the audit of refused calls (`crate::audit`).
        let refusal = match &self {
            ApiError::Refused(_, v) => Some(crate::audit::RefusalCode(v.code)),
            _ => None,
        };
        let (status, problem) = match self {
            ApiError::Rejected(violations) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Problem {
                    kind: "/problems/rejected",
                    title: "The request breaks a rule",
                    status: 422,
                    detail: violations
                        .iter()
                        .map(|v| v.summary(Lang::Zh))
                        .collect::<Vec<_>>()
                        .join("；"),
                    violations: violations
                        .into_iter()
                        .map(ReportedViolation::from)
                        .collect(),
                },
            ),
            ApiError::Refused(status, violation) => (
                status,
                Problem {
                    kind: "/problems/refused",
                    title: "The request was refused",
                    status: status.as_u16(),
                    detail: violation.summary(Lang::Zh),
                    violations: vec![violation.into()],
                },
            ),
            ApiError::Internal(error) => {
                tracing::error!(%error, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Problem {
                        kind: "/problems/internal",
                        title: "Internal error",
                        status: 500,
                        detail: "nothing was saved".into(),
                        violations: vec![Violation::new(Code::Internal, "request").into()],
                    },
                )
            }
            ApiError::BadRequest { status, detail } => (
                status,
                Problem {
                    kind: "/problems/bad-request",
                    title: "The request body is not valid JSON of the expected shape",
                    status: status.as_u16(),
                    violations: vec![Violation::new(Code::BadFormat, "body")
                        .with("expected", "JSON")
                        .into()],
                    detail,
                },
            ),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if let Some(refusal) = refusal {
            response.extensions_mut().insert(refusal);
        }
        response
    }
}

/// `Json<T>` whose rejections are problem documents rather than plain text.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(bad_json(rejection)),
        }
    }
}

fn bad_json(rejection: JsonRejection) -> ApiError {
    let status = match &rejection {
        JsonRejection::MissingJsonContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        JsonRejection::JsonDataError(_) => StatusCode::UNPROCESSABLE_ENTITY,
        JsonRejection::BytesRejection(_) => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    };
    ApiError::BadRequest {
        status,
        detail: rejection.body_text(),
    }
}
