//! Certificates (社保证明打印): the employer's (单位参保证明) and the resident's
//! (个人参保证明, 基本养老历年参保), their histories, the PDF for its owner, the captcha
//! before a personal certificate, public verification (证明验真), and the short code that
//! opens a resident's PDF on a computer (电脑端打开).
//!
//! Issuing reads the records, signs the content, renders and seals the PDF off the async
//! threads, then records the certificate and the audit line in one transaction.

mod captcha;
mod employer;
mod handoff;
mod issue;
mod limits;
mod owned;
mod public_key;
mod resident;
mod verify;

pub use limits::{Limit, HANDOFF_LIMITS, ISSUE_LIMITS};

use crate::app::AppState;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// The routes of the certificates.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(employer::history, employer::issue))
        .routes(routes!(resident::history, resident::issue))
        .routes(routes!(resident::preview))
        .routes(routes!(handoff::create))
        .routes(routes!(captcha::post))
        .routes(routes!(public_key::get))
        .routes(routes!(owned::pdf))
        .routes(routes!(handoff::open))
        .routes(routes!(handoff::qr))
        .routes(routes!(verify::by_code))
        .routes(
            routes!(verify::pdf).layer(axum::extract::DefaultBodyLimit::max(verify::MAX_PDF_BYTES)),
        )
}

/// A PDF answer, shown in the browser (inline) under a readable file name.
fn pdf_response(code: &str, pdf: Vec<u8>) -> Response {
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
