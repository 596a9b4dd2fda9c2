//! The OpenAPI 3.1 document of `/api/v1`, generated from the code and served at
//! `GET /api/openapi.json`.
//!
//! Each handler carries its own `#[utoipa::path]` (method, path, parameters, body, the
//! answers particular to it), which is also what registers its route (utoipa-axum's
//! `routes!`, in each route module's `router()`); the request and response types derive `ToSchema` (core's
//! behind its `openapi` feature, which only the server enables, so the browser's wasm
//! never carries utoipa). [`CommonAnswers`] then adds what every route shares, so no
//! handler can forget it: the session cookie and the `X-CSRF-Token` header as security
//! schemes, 401 and 403 wherever a session is required, 400/413/415/422 wherever a JSON
//! body is read ([`crate::problem::ApiJson`]), and 500 everywhere — all as
//! `application/problem+json` with the [`Problem`] schema.

use crate::problem::{Problem, ReportedViolation};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

/// The security scheme of the session cookie (set by `POST /api/v1/session`).
pub const SESSION: &str = "session";
/// The security scheme of the `X-CSRF-Token` header every authenticated write carries.
pub const CSRF: &str = "csrf";
/// The media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Shebao API",
        description = "社保 online services: employer enrolment (增员) and stop (减员), \
                       resident records and flexible-worker enrolment, agency review. \
                       Every error is `application/problem+json` carrying core's violation \
                       codes with messages in Chinese and English."
    ),
    components(schemas(Problem, ReportedViolation, shebao_core::Code)),
    tags(
        (name = "public", description = "No session needed"),
        (name = "session", description = "Log in, who am I, log out"),
        (name = "employer", description = "单位经办人: person search, 增员, 减员, progress"),
        (name = "reviewer", description = "经办人员: the review queue and decisions"),
        (name = "resident", description = "参保人: own records, 灵活就业, own applications"),
        (name = "certificates", description = "社保证明: the sealed PDF for its owner"),
    )
)]
pub struct ApiDoc;

/// The document served at `GET /api/openapi.json`: [`ApiDoc`] with the paths the route
/// table registered (`app::router`, through utoipa-axum), and [`CommonAnswers`] added
/// to every one of them; serialised once.
#[derive(Clone, Debug)]
pub struct Document(Arc<str>);

impl Document {
    pub fn new(mut document: utoipa::openapi::OpenApi) -> Document {
        CommonAnswers.modify(&mut document);
        let json = document.to_json().expect("the OpenAPI document serialises");
        Document(json.into())
    }

    /// `GET /api/openapi.json`.
    pub async fn serve(self) -> Response {
        (
            [(header::CONTENT_TYPE, "application/json")],
            self.0.to_string(),
        )
            .into_response()
    }
}

/// Adds the security schemes and the error answers every route of a kind shares.
pub struct CommonAnswers;

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "The session token, an HttpOnly SameSite=Strict cookie set by \
                 `POST /api/v1/session` (8 hours at most, 30 minutes unused by default). \
                 Named `__Host-shebao_session` and `Secure` unless the server is reached \
                 over plain HTTP on loopback (development), where it is `shebao_session`.",
            ))),
        );
        components.add_security_scheme(
            CSRF,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The session's CSRF token (`csrf_token` of the session answer), required \
                 on every authenticated write.",
            ))),
        );
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                add_common_answers(operation);
            }
        }
    }
}

fn add_common_answers(operation: &mut Operation) {
    let needs_session = operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty());
    let reads_json = operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.content.contains_key("application/json"));
    let mut answers: Vec<(&str, &str)> = Vec::new();
    if reads_json {
        answers.extend([
            ("400", "The body is not JSON (`BAD_FORMAT`)"),
            ("413", "The body is larger than the API accepts"),
            ("415", "The body is not sent as `application/json`"),
            (
                "422",
                "The body is JSON of the wrong shape (`BAD_FORMAT`), or the rules refuse it \
                 (the violations say why)",
            ),
        ]);
    }
    if needs_session {
        answers.extend([
            ("401", "No valid session (`UNAUTHENTICATED`)"),
            (
                "403",
                "The session's role may not do this (`FORBIDDEN`), or a write without the \
                 session's `X-CSRF-Token` (`CSRF_MISMATCH`)",
            ),
        ]);
    }
    answers.push(("500", "Internal error; nothing was saved (`INTERNAL`)"));
    for (status, description) in answers {
        operation
            .responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| problem_response(description));
    }
}

/// An error answer: `application/problem+json` with the [`Problem`] schema.
pub fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                PROBLEM_JSON,
                Content::new(Some(RefOr::Ref(Ref::from_schema_name("Problem")))),
            )
            .build(),
    )
}
