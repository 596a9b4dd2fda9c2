//! Who is asking: sessions, and the extractors handlers use to say who may ask.
//!
//! A session is a random token in an HttpOnly cookie; the store keeps only its SHA-256,
//! so any server process can serve any request and a stolen database holds no usable
//! session. The cookie is `__Host-shebao_session` with `Secure` unless the server is
//! configured for plain HTTP on loopback (development, the demo, the tests), where it
//! is `shebao_session` ([`SessionCookie`], from `Config::secure_cookie`: never from a
//! header the client sends). Every cookie-authenticated write must also carry the session's CSRF token
//! in the `X-CSRF-Token` header (the page reads it from the login answer or
//! `GET /api/v1/session`), which another site cannot.
//!
//! Handlers take one of [`EmployerAgent`], [`Resident`] or [`Reviewer`] (or [`Actor`])
//! as an argument; a request without a valid session is refused with 401, with another
//! role's session with 403, and a write without the CSRF token with 403. While the
//! session's account must change its password (made or reset on the command line),
//! every one of them refuses with 403 `PASSWORD_CHANGE_REQUIRED`: only the handlers of
//! the session itself (who am I, log out, change the password) take a
//! [`SessionHolder`], which lets such a session through.

pub mod hashing;
pub mod passwords;
pub mod session_info;
pub mod sessions;
pub mod throttle;

use crate::app::AppState;
use crate::client_address::{client_of, ClientAddress};
use crate::problem::ApiError;
use crate::repo::audit::Who;
use crate::repo::ids::{AccountId, EmployerId, PersonId};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;
use serde::Serialize;
pub use shebao_core::views::Role;

/// The session cookie's name over plain HTTP on loopback.
pub const SESSION_COOKIE: &str = "shebao_session";
/// The session cookie's name everywhere else: a browser keeps a `__Host-` cookie only
/// if it is `Secure`, for `Path=/` and without `Domain`, so no other host (a sibling
/// subdomain) and no plain-HTTP page can set or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-shebao_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the session cookie is named and flagged, decided by the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionCookie {
    pub secure: bool,
}

impl SessionCookie {
    pub fn name(self) -> &'static str {
        if self.secure {
            SECURE_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        }
    }

    /// The `Set-Cookie` value that gives the browser `token` for `max_age_s` seconds.
    pub fn set(self, token: &str, max_age_s: i64) -> String {
        cookie::Cookie::build((self.name(), token))
            .http_only(true)
            .same_site(cookie::SameSite::Strict)
            .path("/")
            .max_age(cookie::time::Duration::seconds(max_age_s))
            .secure(self.secure)
            .build()
            .to_string()
    }

    /// The `Set-Cookie` value that removes it.
    pub fn clear(self) -> String {
        self.set("", 0)
    }

    /// The session token from the request's cookies, if any (under this name only).
    pub fn token(self, headers: &axum::http::HeaderMap) -> Option<String> {
        headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(cookie::Cookie::split_parse)
            .flatten()
            .find(|c| c.name() == self.name())
            .map(|c| c.value().to_string())
    }
}

/// Any logged-in account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub account_id: AccountId,
    pub username: String,
    pub role: Role,
    pub employer_id: Option<EmployerId>,
    pub person_id: Option<PersonId>,
    #[serde(skip)]
    pub csrf_token: String,
    /// The account must set a new password before anything else.
    pub must_change_password: bool,
}

impl Actor {
    /// This account at `source`, as the audit log names it.
    pub fn who(&self, source: ClientAddress) -> Who {
        Who::new(Some(self.account_id), source)
    }
}

/// Any valid session, even one whose account must still change its password: only for
/// `GET`/`DELETE /session` and `POST /session/password`. Everything else takes
/// [`Actor`] or a role.
#[derive(Clone, Debug)]
pub struct SessionHolder(pub Actor);

/// An employer's agent, with the one employer they act for.
#[derive(Clone, Debug)]
pub struct EmployerAgent {
    pub actor: Actor,
    pub employer_id: EmployerId,
    /// Where the request came from (for the audit log).
    pub source: ClientAddress,
}

/// A resident, with the one person they are.
#[derive(Clone, Debug)]
pub struct Resident {
    pub actor: Actor,
    pub person_id: PersonId,
    /// Where the request came from (for the audit log).
    pub source: ClientAddress,
}

/// An agency reviewer.
#[derive(Clone, Debug)]
pub struct Reviewer {
    pub actor: Actor,
    /// Where the request came from (for the audit log).
    pub source: ClientAddress,
}

impl EmployerAgent {
    /// Who the audit log names: this agent's account at the request's source.
    pub fn who(&self) -> Who {
        self.actor.who(self.source)
    }
}

impl Resident {
    /// Who the audit log names: this resident's account at the request's source.
    pub fn who(&self) -> Who {
        self.actor.who(self.source)
    }
}

impl Reviewer {
    /// Who the audit log names: this reviewer's account at the request's source.
    pub fn who(&self) -> Who {
        self.actor.who(self.source)
    }
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Compares without leaking, through timing, how much of the token was right (`subtle`,
/// whose comparison the optimiser is kept from turning into an early exit).
fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

impl FromRequestParts<AppState> for SessionHolder {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = state
            .cookie
            .token(&parts.headers)
            .ok_or_else(ApiError::unauthenticated)?;
        let now = state.clock.now_ms();
        let actor = sessions::lookup(
            &state.store,
            state.session_cache(),
            &token,
            now,
            state.session_idle_ms,
        )
        .await?
        .ok_or_else(ApiError::unauthenticated)?;
        // Whoever this turns out to be refused as, the audit of refusals names them.
        if let Some(caller) = parts.extensions.get::<crate::audit::Caller>() {
            caller.set(actor.account_id);
        }
        if is_write(&parts.method) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(sent, &actor.csrf_token) {
                return Err(ApiError::csrf());
            }
        }
        Ok(SessionHolder(actor))
    }
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let SessionHolder(actor) = SessionHolder::from_request_parts(parts, state).await?;
        if actor.must_change_password {
            return Err(ApiError::password_change_required());
        }
        Ok(actor)
    }
}

/// The session's actor if its role is the one asked for (`pick` says), else 403.
async fn role<T>(
    parts: &mut Parts,
    state: &AppState,
    pick: impl FnOnce(Actor, ClientAddress) -> Result<T, Actor>,
) -> Result<T, ApiError> {
    let actor = Actor::from_request_parts(parts, state).await?;
    pick(actor, client_of(parts, &state.trusted_proxies))
        .map_err(|_| ApiError::forbidden("session"))
}

impl FromRequestParts<AppState> for EmployerAgent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        role(parts, state, |actor, source| {
            match (actor.role, actor.employer_id) {
                (Role::Employer, Some(employer_id)) => Ok(EmployerAgent {
                    actor,
                    employer_id,
                    source,
                }),
                _ => Err(actor),
            }
        })
        .await
    }
}

impl FromRequestParts<AppState> for Resident {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        role(parts, state, |actor, source| {
            match (actor.role, actor.person_id) {
                (Role::Resident, Some(person_id)) => Ok(Resident {
                    actor,
                    person_id,
                    source,
                }),
                _ => Err(actor),
            }
        })
        .await
    }
}

impl FromRequestParts<AppState> for Reviewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        role(parts, state, |actor, source| match actor.role {
            Role::Reviewer => Ok(Reviewer { actor, source }),
            _ => Err(actor),
        })
        .await
    }
}
