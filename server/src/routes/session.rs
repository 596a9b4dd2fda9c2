//! `/api/v1/session`: log in (`POST`), who am I (`GET`), log out (`DELETE`).
//!
//! Logging in checks the password (argon2id, off the async threads), creates a session
//! and sets its token as an HttpOnly, SameSite=Strict cookie (`Secure` and `__Host-`
//! unless served over plain HTTP on loopback: `auth::SessionCookie`); the answer carries the
//! CSRF token the page must send with every write. A wrong password and an unknown user
//! get the same answer (`LOGIN_FAILED`, 401), in the same time. Guessing is slowed
//! down per client address and per user name (`auth::throttle`: growing waits,
//! `RATE_LIMITED`, 429), never by locking an account, which would let anyone lock out
//! anyone; password hashes run through a bounded gate (`auth::hashing`). Every attempt
//! is audited (`login`: ok, failed, disabled or throttled), a failed one in a
//! transaction of its own so that refusing it keeps the record. A disabled account gets
//! the answer of a wrong password.
//!
//! `POST /api/v1/session/password` changes the password: the current one, and a new
//! one judged by core's policy (`shebao_core::password`, the rule the page checks as it
//! is typed). It is the one write a session whose account must change its password
//! (made or reset on the command line) may make; it ends the account's other sessions.

use crate::app::AppState;
use crate::auth::{passwords, session_info, sessions, throttle, SessionHolder};
use crate::client_address::ClientAddress;
use crate::db::DbError;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::accounts;
use crate::repo::audit::{self, Who};
use axum::extract::State;
use axum::http::header::{HeaderMap, HeaderValue, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shebao_core::views::{LoginRequest, PasswordChangeRequest, SessionInfo};
use shebao_core::{Code, Violation};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `/api/v1/session` and `/api/v1/session/password`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get, post, delete))
        .routes(routes!(change_password))
}

/// Longest user name and password read; longer input cannot match (and is not hashed).
const INPUT_MAX_CHARS: usize = 128;

/// `POST /api/v1/session`
#[utoipa::path(
    post,
    path = "/session",
    operation_id = "log_in",
    tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in: the session cookie is set; send `csrf_token` as `X-CSRF-Token` with every write", body = SessionInfo,
            headers(("Set-Cookie" = String, description = "`__Host-shebao_session=…; HttpOnly; SameSite=Strict; Path=/; Secure` (`shebao_session=…` without `Secure` when served over plain HTTP on loopback)"))),
        (status = 401, description = "Wrong user name or password (`LOGIN_FAILED`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "User name or password missing (`REQUIRED`), or the body is JSON of the wrong shape", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins from this address or for this user name: wait `seconds` (`RATE_LIMITED`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    source: ClientAddress,
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
    let address_key = source.limit_key();
    let name_key = throttle::name_key(&username);

    // Slowed down? Decided before the account is looked up, so a real name and a
    // made-up one are answered alike, and a waiting attempt costs no hash.
    let (a, n) = (address_key.clone(), name_key.clone());
    let wait_ms = state
        .store
        .read(move |tx| {
            Ok::<_, DbError>(
                throttle::BY_ADDRESS
                    .wait_in_store(tx, &a, now)?
                    .max(throttle::BY_NAME.wait_in_store(tx, &n, now)?),
            )
        })
        .await?;
    if wait_ms > 0 {
        state
            .store
            .write(move |tx| {
                audit::record(
                    tx,
                    now,
                    &Who::anonymous(source),
                    "login",
                    &target,
                    "throttled",
                )
            })
            .await?;
        return Err(ApiError::rate_limited("username", (wait_ms + 999) / 1000));
    }

    let account = if username.chars().count() > INPUT_MAX_CHARS {
        None
    } else {
        let name = username.clone();
        state
            .store
            .read(move |tx| accounts::by_username(tx, &name))
            .await?
    };

    let password_ok = {
        let phc = account.as_ref().map(|a| a.password_hash.clone());
        state
            .password_hashing
            .run(move || {
                if password.chars().count() > INPUT_MAX_CHARS {
                    return false;
                }
                match phc {
                    Some(phc) => passwords::verify(&password, &phc),
                    None => passwords::verify_dummy(&password),
                }
            })
            .await?
    };

    let failed_id = account.as_ref().map(|a| a.id);
    let disabled = account.as_ref().is_some_and(|a| a.disabled);
    let Some(account) = account.filter(|a| password_ok && !a.disabled) else {
        let id = failed_id;
        let result = if disabled { "disabled" } else { "failed" };
        state
            .store
            .write(move |tx| {
                throttle::BY_ADDRESS.record_failure(tx, &address_key, now)?;
                throttle::BY_NAME.record_failure(tx, &name_key, now)?;
                audit::record(tx, now, &Who::new(id, source), "login", &target, result)
            })
            .await?;
        return Err(login_failed());
    };

    // Logging in again replaces the session this browser had, if any.
    let previous = state.cookie.token(&headers);
    let name_key = throttle::name_key(&username);
    let account_id = account.id;
    let idle_ms = state.session_idle_ms;
    let ended = previous.clone();
    let (session, info) = state
        .store
        .write(move |tx| {
            if let Some(previous) = previous {
                sessions::remove(tx, &previous)?;
            }
            throttle::BY_NAME.forget(tx, &name_key)?;
            let session = sessions::insert(tx, account_id, now, idle_ms)?;
            audit::record(
                tx,
                now,
                &Who::new(Some(account_id), source),
                "login",
                &target,
                "ok",
            )?;
            let info = session_info::of(tx, &account, &session.csrf_token)?;
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
    let mut response = unstored(info);
    response
        .headers_mut()
        .insert(SET_COOKIE, cookie_header(&cookie)?);
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/session",
    operation_id = "get_session",
    tag = "session",
    security(("session" = [])),
    responses((status = 200, description = "The logged-in account", body = SessionInfo))
)]
/// `GET /api/v1/session`: the logged-in account, with its CSRF token (a reloaded page
/// gets it back here).
pub async fn get(
    State(state): State<AppState>,
    SessionHolder(actor): SessionHolder,
) -> Result<Response, ApiError> {
    let info = state
        .store
        .read(move |tx| session_info::of_account(tx, actor.account_id, &actor.csrf_token))
        .await?;
    Ok(unstored(info))
}

#[utoipa::path(
    delete,
    path = "/session",
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
    SessionHolder(actor): SessionHolder,
    source: ClientAddress,
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
            audit::record(tx, now, &actor.who(source), "logout", &actor.username, "ok")?;
            Ok::<_, ApiError>(())
        })
        .await?;
    state.session_ended(&ended);
    let cookie = state.cookie.clear();
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, cookie_header(&cookie)?)],
    )
        .into_response())
}

#[utoipa::path(
    post,
    path = "/session/password",
    operation_id = "change_password",
    tag = "session",
    security(("session" = [], "csrf" = [])),
    request_body = PasswordChangeRequest,
    responses(
        (status = 200, description = "Changed: the account's other sessions are ended; this one goes on, no longer held at the change", body = SessionInfo),
        (status = 422, description = "The new password breaks the policy (`PASSWORD_TOO_SHORT`, `PASSWORD_HAS_USERNAME`, `PASSWORD_COMMON`, `PASSWORD_UNCHANGED`, `TOO_LONG`, `REQUIRED`), or the current one is wrong (`CURRENT_PASSWORD_WRONG`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords for this user name: wait `seconds` (`RATE_LIMITED`)", body = Problem, content_type = "application/problem+json"),
    )
)]
/// `POST /api/v1/session/password`: changes the session's password. Wrong current
/// passwords count as failed logins for the user name (and slow it down as they do), so
/// a stolen session cannot be used to guess the password at leisure.
pub async fn change_password(
    State(state): State<AppState>,
    SessionHolder(actor): SessionHolder,
    source: ClientAddress,
    parts: Parts,
    ApiJson(request): ApiJson<PasswordChangeRequest>,
) -> Result<Response, ApiError> {
    let PasswordChangeRequest {
        current_password,
        new_password,
    } = request;
    let mut violations = shebao_core::Violations::new();
    if current_password.is_empty() {
        violations.push(Violation::new(Code::Required, "current_password"));
    }
    if let Err(v) =
        shebao_core::password::check_change(&actor.username, &current_password, &new_password)
    {
        violations.0.extend(v);
    }
    if !violations.is_empty() {
        return Err(ApiError::Rejected(violations));
    }
    let now = state.clock.now_ms();
    let account_id = actor.account_id;
    let account = state
        .store
        .read(move |tx| accounts::get(tx, account_id))
        .await?
        .filter(|a| !a.disabled)
        .ok_or_else(ApiError::unauthenticated)?;
    let name_key = throttle::name_key(&actor.username);
    let key = name_key.clone();
    let wait_ms = state
        .store
        .read(move |tx| throttle::BY_NAME.wait_in_store(tx, &key, now))
        .await?;
    if wait_ms > 0 {
        return Err(ApiError::rate_limited(
            "current_password",
            (wait_ms + 999) / 1000,
        ));
    }
    let phc = account.password_hash.clone();
    let (current_ok, new_hash) = state
        .password_hashing
        .run(move || {
            if current_password.chars().count() > INPUT_MAX_CHARS
                || !passwords::verify(&current_password, &phc)
            {
                return (false, None);
            }
            (true, Some(passwords::hash(&new_password)))
        })
        .await?;
    let target = actor.username.clone();
    let who = actor.who(source);
    let Some(new_hash) = new_hash.filter(|_| current_ok) else {
        state
            .store
            .write(move |tx| {
                throttle::BY_NAME.record_failure(tx, &name_key, now)?;
                audit::record(tx, now, &who, "password_change", &target, "failed")
            })
            .await?;
        return Err(ApiError::Rejected(
            Violation::new(Code::CurrentPasswordWrong, "current_password").into(),
        ));
    };
    let keep = state.cookie.token(&parts.headers);
    let csrf = actor.csrf_token.clone();
    let who = actor.who(source);
    let info = state
        .store
        .write(move |tx| {
            accounts::set_password(tx, account_id, &new_hash, false, now)?;
            sessions::remove_all_of(tx, account_id, keep.as_deref())?;
            audit::record(tx, now, &who, "password_change", &target, "ok")?;
            session_info::of_account(tx, account_id, &csrf)
        })
        .await?;
    state.account_sessions_changed(account_id);
    Ok(unstored(info))
}

/// The session's answer, which no cache may keep: it carries the CSRF token.
fn unstored(info: SessionInfo) -> Response {
    let mut response = Json(info).into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    response
}

fn cookie_header(cookie: &str) -> Result<HeaderValue, ApiError> {
    HeaderValue::from_str(cookie).map_err(|e| ApiError::Internal(e.to_string()))
}

fn login_failed() -> ApiError {
    ApiError::Refused(
        StatusCode::UNAUTHORIZED,
        Violation::new(Code::LoginFailed, "password"),
    )
}
