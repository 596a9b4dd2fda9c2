//! What the API records in the audit log besides the writes themselves (which record
//! their own row in their own transaction, through [`crate::repo::audit::record`]):
//!
//! - reads of personal data ([`read`]): one row per request, written before the answer
//!   leaves; if it cannot be written the request fails (500) and nothing is shown;
//! - refused calls ([`refusals`], a middleware around the whole `/api/v1` router): every
//!   401 and 403 (no session, another role's session, a missing or wrong CSRF token) as
//!   action `refused`, target `METHOD /path`, result `STATUS CODE` (the problem's
//!   violation code), from the client's address, with the session's account when there
//!   was a session (another role's, or a write without its CSRF token: the `Actor`
//!   extractor tells the middleware through [`Caller`]). If that row cannot be written the
//!   answer becomes a 503 problem+json (`/problems/unavailable`): the refusal stands
//!   either way, and the client learns that the server is not working, not why it was
//!   refused. A failed login (401 from `POST /session`) is recorded by the login
//!   handler itself, with the user name, so the middleware leaves it alone.

use crate::app::AppState;
use crate::client_address::ClientAddress;
use crate::problem::{ApiError, Problem};
use crate::repo::audit::{self, Who};
use crate::repo::ids::AccountId;
use axum::extract::{OriginalUri, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shebao_core::{Code, Violation};

/// The longest path recorded (a longer one is cut, marked with `…`).
const PATH_MAX_CHARS: usize = 200;

/// Records that `who` read `target` (`action` names what, e.g. `read.status`) and hands
/// back `outcome`, or the audit's failure instead of it: nothing is shown that is not
/// recorded. A refusal (e.g. another employer's application: 404) is recorded with its
/// code, so probing shows too.
pub async fn read<T>(
    state: &AppState,
    who: Who,
    action: &'static str,
    target: String,
    outcome: Result<T, ApiError>,
) -> Result<T, ApiError> {
    let result = outcome_of(&outcome);
    let now_ms = state.clock.now_ms();
    state
        .store
        .write(move |tx| audit::record(tx, now_ms, &who, action, &target, &result))
        .await
        .map_err(ApiError::from)?;
    outcome
}

/// The account of the request's session, once the `Actor` extractor has found one (0:
/// none yet): put in the request by [`refusals`], so that a 403 names who was refused.
#[derive(Clone, Debug, Default)]
pub struct Caller(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl Caller {
    pub fn set(&self, account_id: AccountId) {
        self.0
            .store(account_id.0, std::sync::atomic::Ordering::Relaxed);
    }

    fn get(&self) -> Option<AccountId> {
        Some(self.0.load(std::sync::atomic::Ordering::Relaxed))
            .filter(|id| *id != 0)
            .map(AccountId)
    }
}

/// The code of a refusal, put on its response by [`ApiError`]'s `into_response`, so
/// that [`refusals`] can record why.
#[derive(Clone, Copy, Debug)]
pub struct RefusalCode(pub Code);

/// The middleware that records every 401 and 403 of the API (see the module's notes).
pub async fn refusals(
    State(state): State<AppState>,
    source: ClientAddress,
    mut request: Request,
    next: Next,
) -> Response {
    let caller = Caller::default();
    request.extensions_mut().insert(caller.clone());
    let method = request.method().clone();
    let path = request
        .extensions()
        .get::<OriginalUri>()
        .map(|OriginalUri(uri)| uri.path().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    let response = next.run(request).await;
    let status = response.status();
    if status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN {
        return response;
    }
    if status == StatusCode::UNAUTHORIZED
        && method == axum::http::Method::POST
        && path == "/api/v1/session"
    {
        // A failed login: the handler has recorded it (with the user name and source).
        return response;
    }
    let code = response
        .extensions()
        .get::<RefusalCode>()
        .map(|RefusalCode(c)| c.as_str())
        .unwrap_or("-");
    let mut target = format!("{method} ");
    if path.chars().count() > PATH_MAX_CHARS {
        target.extend(path.chars().take(PATH_MAX_CHARS));
        target.push('…');
    } else {
        target.push_str(&path);
    }
    let result = format!("{} {code}", status.as_u16());
    let who = Who::new(caller.get(), source);
    let now_ms = state.clock.now_ms();
    let written = state
        .store
        .write(move |tx| audit::record(tx, now_ms, &who, "refused", &target, &result))
        .await;
    match written {
        Ok(()) => response,
        Err(error) => {
            tracing::error!(%error, "cannot record a refused call in the audit log");
            unavailable()
        }
    }
}

/// 503 problem+json: the audit log cannot be written.
fn unavailable() -> Response {
    let problem = Problem {
        kind: "/problems/unavailable",
        title: "The service is unavailable",
        status: 503,
        detail: "the audit log cannot be written".into(),
        violations: vec![Violation::new(Code::Internal, "request").into()],
    };
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::to_vec(&problem).unwrap_or_default(),
    )
        .into_response()
}

/// What the audit log says of an answer: `ok`, `refused CODE[,CODE…]` (the violations'
/// codes) or `failed`.
pub fn outcome_of<T>(answer: &Result<T, ApiError>) -> String {
    match answer {
        Ok(_) => "ok".to_string(),
        Err(ApiError::Refused(_, v)) => format!("refused {}", v.code),
        Err(ApiError::Rejected(v)) => format!(
            "refused {}",
            v.codes()
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
        Err(_) => "failed".to_string(),
    }
}
