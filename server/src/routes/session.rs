//! `/api/v1/session`: log in (`POST`), who am I (`GET`), log out (`DELETE`).
//!
//! Logging in checks the password (argon2id, off the async threads), creates a session
//! and sets its token as an HttpOnly, SameSite=Strict cookie (`Secure` and `__Host-`
//! unless served over plain HTTP on loopback: `auth::SessionCookie`); the answer carries the
//! CSRF token the page must send with every write. A wrong password and an unknown user
//! get the same answer (`LOGIN_FAILED`, 401), in the same time. After
//! [`MAX_FAILED_LOGINS`] consecutive failures the account is locked for
//! [`LOCK_MINUTES`] minutes (`ACCOUNT_LOCKED`, 429), counted in the store so the lock
//! holds across server processes. Every attempt is audited (`login`: ok, failed or
//! locked), a failed one in a transaction of its own so that refusing it keeps the
//! record.

use crate::app::AppState;
use crate::auth::{passwords, sessions, Actor};
use crate::db::Tx;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::accounts::{self, Account};
use crate::repo::{audit, employers, persons};
use axum::extract::State;
use axum::http::header::{HeaderMap, HeaderValue, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shebao_core::views::{LoginRequest, SessionEmployer, SessionInfo, SessionPerson};
use shebao_core::{Code, Violation};

/// Consecutive failed logins that lock an account.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How long a locked account refuses logins.
pub const LOCK_MINUTES: i64 = 15;
const LOCK_MS: i64 = LOCK_MINUTES * 60 * 1000;
/// Longest user name and password read; longer input cannot match (and is not hashed).
const INPUT_MAX_CHARS: usize = 128;

/// `POST /api/v1/session`
#[utoipa::path(
    post,
    path = "/api/v1/session",
    operation_id = "log_in",
    tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in: the session cookie is set; send `csrf_token` as `X-CSRF-Token` with every write", body = SessionInfo,
            headers(("Set-Cookie" = String, description = "`__Host-shebao_session=…; HttpOnly; SameSite=Strict; Path=/; Secure` (`shebao_session=…` without `Secure` when served over plain HTTP on loopback)"))),
        (status = 401, description = "Wrong user name or password (`LOGIN_FAILED`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "User name or password missing (`REQUIRED`), or the body is JSON of the wrong shape", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Locked after too many failures (`ACCOUNT_LOCKED`, with `minutes`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let username = request.username.trim().to_string();
    let password = request.password;
    if username.is_empty() || password.is_empty() {
        let mut violations = shebao_core::Violations::new();
        if username.is_empty() {
            violations.push(Violation::new(Code::Required, "username"));
        }
        if password.is_empty() {
            violations.push(Violation::new(Code::Required, "password"));
        }
        return Err(ApiError::Rejected(violations));
    }
    let now = state.clock.now_ms();
    // What the audit log names: the user name as typed, bounded.
    let target: String = username.chars().take(INPUT_MAX_CHARS).collect();

    let account = if username.chars().count() > INPUT_MAX_CHARS {
        None
    } else {
        let name = username.clone();
        state
            .store
            .read(move |tx| accounts::by_username(tx, &name))
            .await?
    };

    if let Some(account) = account.as_ref().filter(|a| a.is_locked(now)) {
        let (id, until) = (account.id, account.locked_until_ms);
        state
            .store
            .write(move |tx| audit::record(tx, now, Some(id), "login", &target, "locked"))
            .await?;
        return Err(locked(until - now));
    }

    let password_ok = {
        let phc = account.as_ref().map(|a| a.password_hash.clone());
        tokio::task::spawn_blocking(move || {
            if password.chars().count() > INPUT_MAX_CHARS {
                return false;
            }
            match phc {
                Some(phc) => passwords::verify(&password, &phc),
                None => passwords::verify_dummy(&password),
            }
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    };

    let failed_id = account.as_ref().map(|a| a.id);
    let Some(account) = account.filter(|_| password_ok) else {
        let id = failed_id;
        let locked_until = state
            .store
            .write(move |tx| {
                let locked_until = match id {
                    Some(id) => {
                        accounts::record_failed_login(tx, id, now, MAX_FAILED_LOGINS, LOCK_MS)?
                    }
                    None => None,
                };
                audit::record(tx, now, id, "login", &target, "failed")?;
                Ok::<_, ApiError>(locked_until)
            })
            .await?;
        return Err(match locked_until {
            Some(until) => locked(until - now),
            None => login_failed(),
        });
    };

    // Logging in again replaces the session this browser had, if any.
    let previous = state.cookie.token(&headers);
    let account_id = account.id;
    let idle_ms = state.session_idle_ms;
    let ended = previous.clone();
    let (session, info) = state
        .store
        .write(move |tx| {
            if let Some(previous) = previous {
                sessions::remove(tx, &previous)?;
            }
            accounts::reset_failed_logins(tx, account_id)?;
            let session = sessions::insert(tx, account_id, now, idle_ms)?;
            audit::record(tx, now, Some(account_id), "login", &target, "ok")?;
            let info = session_info(tx, &account, &session.csrf_token)?;
            Ok::<_, ApiError>((session, info))
        })
        .await?;
    if let Some(ended) = ended {
        state.session_ended(&ended);
    }

    // The browser may keep it for the whole 8 hours; the store ends it sooner if unused.
    let cookie = state
        .cookie
        .set(&session.token, sessions::SESSION_TTL_MS / 1000);
    let mut response = Json(info).into_response();
    response.headers_mut().insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/api/v1/session",
    operation_id = "get_session",
    tag = "session",
    security(("session" = [])),
    responses((status = 200, description = "The logged-in account", body = SessionInfo))
)]
/// `GET /api/v1/session`: the logged-in account, with its CSRF token (a reloaded page
/// gets it back here).
pub async fn get(State(state): State<AppState>, actor: Actor) -> Result<Response, ApiError> {
    let info = state
        .store
        .read(move |tx| session_info_of(tx, actor.account_id, &actor.csrf_token))
        .await?;
    let mut response = Json(info).into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

#[utoipa::path(
    delete,
    path = "/api/v1/session",
    operation_id = "log_out",
    tag = "session",
    security(("session" = [], "csrf" = [])),
    responses((status = 204, description = "Logged out: the session is ended and its cookie cleared",
        headers(("Set-Cookie" = String, description = "`__Host-shebao_session=; Max-Age=0` (or `shebao_session`)"))))
)]
/// `DELETE /api/v1/session`: logs out (the `Actor` extractor has checked the CSRF
/// token) and clears the cookie.
pub async fn delete(
    State(state): State<AppState>,
    actor: Actor,
    parts: Parts,
) -> Result<Response, ApiError> {
    let token = state
        .cookie
        .token(&parts.headers)
        .ok_or_else(ApiError::unauthenticated)?;
    let now = state.clock.now_ms();
    let ended = token.clone();
    state
        .store
        .write(move |tx| {
            sessions::remove(tx, &token)?;
            audit::record(
                tx,
                now,
                Some(actor.account_id),
                "logout",
                &actor.username,
                "ok",
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.session_ended(&ended);
    let cookie = state.cookie.clear();
    Ok((
        StatusCode::NO_CONTENT,
        [(
            SET_COOKIE,
            HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.to_string()))?,
        )],
    )
        .into_response())
}

/// What `GET /session` answers for the account of a session.
pub fn session_info_of(
    tx: &mut dyn Tx,
    account_id: i64,
    csrf: &str,
) -> Result<SessionInfo, ApiError> {
    let account = accounts::get(tx, account_id)?.ok_or_else(ApiError::unauthenticated)?;
    session_info(tx, &account, csrf)
}

fn session_info(tx: &mut dyn Tx, account: &Account, csrf: &str) -> Result<SessionInfo, ApiError> {
    let employer = match account.employer_id {
        Some(id) => employers::get(tx, id)?.map(|e| SessionEmployer {
            name: e.name,
            unit_number: e.unit_number,
        }),
        None => None,
    };
    let person = match account.person_id {
        Some(id) => persons::get(tx, id)?.map(|p| SessionPerson { name: p.name }),
        None => None,
    };
    Ok(SessionInfo {
        username: account.username.clone(),
        role: account.role,
        employer,
        person,
        csrf_token: csrf.to_string(),
    })
}

fn login_failed() -> ApiError {
    ApiError::Refused(
        StatusCode::UNAUTHORIZED,
        Violation::new(Code::LoginFailed, "password"),
    )
}

fn locked(remaining_ms: i64) -> ApiError {
    // Whole minutes, rounded up: "try again in 1 minute" while any time is left.
    let minutes = ((remaining_ms.max(1) + 59_999) / 60_000).max(1);
    ApiError::Refused(
        StatusCode::TOO_MANY_REQUESTS,
        Violation::new(Code::AccountLocked, "username").with("minutes", minutes),
    )
}
