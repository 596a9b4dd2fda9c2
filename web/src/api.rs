//! The one module that talks to the server, over `gloo-net`.
//!
//! Every answer is either the expected JSON or a [`Problem`]: the server's
//! `application/problem+json` (whose violations carry core's codes, so the page renders
//! them in the reader's language with `Violation::message`), or a network failure.
//! Any 401 answer clears the drafts (`drafts::clear_all`): they outlive no session.
//! Writes carry the session's CSRF token (kept here, learned from the login answer or
//! `GET /session`); submissions also carry an `Idempotency-Key` chosen by the page per
//! attempt, so a retry of the same attempt can never save twice.
//!
//! The response types the server defines outside `shebao-core` are mirrored here (only
//! the members the pages read; unknown members are ignored).

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shebao_core::{Code, Violation};
use std::cell::RefCell;

const BASE: &str = "/api/v1";

thread_local! {
    static CSRF: RefCell<String> = const { RefCell::new(String::new()) };
}

pub fn set_csrf(token: &str) {
    CSRF.with(|c| *c.borrow_mut() = token.to_string());
}

fn csrf() -> String {
    CSRF.with(|c| c.borrow().clone())
}

/// Why a request did not give the expected answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// HTTP status; 0 when the server could not be reached.
    pub status: u16,
    pub violations: Vec<Violation>,
}

impl Problem {
    fn network() -> Problem {
        Problem {
            status: 0,
            violations: Vec::new(),
        }
    }

    pub fn is_network(&self) -> bool {
        self.status == 0
    }

    pub fn is_unauthenticated(&self) -> bool {
        self.status == 401 && self.has(Code::Unauthenticated)
    }

    pub fn has(&self, code: Code) -> bool {
        self.violations.iter().any(|v| v.code == code)
    }
}

#[derive(Deserialize)]
struct ProblemBody {
    #[serde(default)]
    violations: Vec<Violation>,
}

pub(crate) async fn answer<T: DeserializeOwned>(response: Response) -> Result<T, Problem> {
    let status = response.status();
    if status == 401 {
        // No session (it expired, was ended, or there never was one): the drafts typed
        // under it hold personal data and must not outlive it on this device.
        crate::drafts::clear_all();
    }
    if (200..300).contains(&status) {
        return response.json::<T>().await.map_err(|_| Problem {
            status,
            violations: vec![Violation::new(Code::Internal, "request")],
        });
    }
    let mut violations = response
        .json::<ProblemBody>()
        .await
        .map(|b| b.violations)
        .unwrap_or_default();
    if violations.is_empty() {
        violations.push(Violation::new(Code::Internal, "request"));
    }
    Err(Problem { status, violations })
}

async fn send<T: DeserializeOwned>(
    request: Result<Request, gloo_net::Error>,
) -> Result<T, Problem> {
    let request = request.map_err(|_| Problem::network())?;
    let response = request.send().await.map_err(|_| Problem::network())?;
    answer(response).await
}

fn write(builder: RequestBuilder, idempotency_key: Option<&str>) -> RequestBuilder {
    let builder = builder.header("X-CSRF-Token", &csrf());
    match idempotency_key {
        Some(key) => builder.header("Idempotency-Key", key),
        None => builder,
    }
}

/// `GET` a JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Problem> {
    let request = Request::get(&format!("{BASE}{path}")).build();
    send(request).await
}

/// `POST` a JSON body (a submission when `idempotency_key` is given).
pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    idempotency_key: Option<&str>,
) -> Result<T, Problem> {
    let request = write(Request::post(&format!("{BASE}{path}")), idempotency_key).json(body);
    send(request).await
}

/// `DELETE`, expecting no body.
pub async fn delete(path: &str) -> Result<(), Problem> {
    let response = write(Request::delete(&format!("{BASE}{path}")), None)
        .send()
        .await
        .map_err(|_| Problem::network())?;
    if response.ok() {
        Ok(())
    } else {
        answer::<serde_json::Value>(response).await.map(|_| ())
    }
}

/// `POST` a file as the raw body, its name percent-encoded in `X-File-Name`.
pub async fn upload<T: DeserializeOwned>(path: &str, file: &web_sys::File) -> Result<T, Problem> {
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    let request = write(Request::post(&format!("{BASE}{path}")), None)
        .header("X-File-Name", &name)
        .body(wasm_bindgen::JsValue::from(file.clone()));
    send(request).await
}

/// `POST` a JSON body whose answer is a file (the PDF the open-on-computer code opens):
/// the file as a `Blob` and the name the server gives it.
pub async fn post_for_file<B: Serialize>(
    path: &str,
    body: &B,
) -> Result<(web_sys::Blob, Option<String>), Problem> {
    let response = write(Request::post(&format!("{BASE}{path}")), None)
        .json(body)
        .map_err(|_| Problem::network())?
        .send()
        .await
        .map_err(|_| Problem::network())?;
    if !response.ok() {
        let refused = answer::<serde_json::Value>(response).await.err();
        return Err(refused.unwrap_or_else(Problem::network));
    }
    // `filename="…"` of Content-Disposition.
    let name = response.headers().get("content-disposition").and_then(|d| {
        let rest = d.split("filename=\"").nth(1)?;
        Some(rest.split('"').next()?.to_string())
    });
    let raw: web_sys::Response = response.into();
    let promise = raw.blob().map_err(|_| Problem::network())?;
    let blob = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| Problem::network())?;
    Ok((blob.into(), name))
}

/// A fresh key for one submission attempt: 128 random bits, hex.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Percent-encodes a query value.
pub fn q(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

// ---- the server's answers ----

// The server's answers are core's types (`shebao_core::views`): both ends agree on
// them by construction.
pub use shebao_core::views::{
    ApplicationDetail, ApplicationSummary, ContributionsView, FlexibleView, MaterialReceipt, Page,
    PensionYear, PersonSearchAnswer, Role, SessionInfo, StatusView,
};

#[derive(Serialize)]
pub struct LoginRequest<'a> {
    pub username: &'a str,
    pub password: &'a str,
}
