//! The one module that talks to the server, over `gloo-net`.
//!
//! Every answer is either the expected JSON or a [`Problem`]: the server's
//! `application/problem+json` (whose violations carry core's codes, so the page renders
//! them in the reader's language with `Violation::message`), or a network failure.
//! Writes carry the session's CSRF token (kept here, learned from the login answer or
//! `GET /session`); submissions also carry an `Idempotency-Key` chosen by the page per
//! attempt, so a retry of the same attempt can never save twice.
//!
//! The response types the server defines outside `shebao-core` are mirrored here (only
//! the members the pages read; unknown members are ignored).

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shebao_core::application::{Kind, ReviewFlag, State};
use shebao_core::enrolment::EnrolmentCase;
use shebao_core::flexible::{FlexAction, FlexState};
use shebao_core::ids::Gender;
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::time::YearMonth;
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

async fn answer<T: DeserializeOwned>(response: Response) -> Result<T, Problem> {
    let status = response.status();
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Employer,
    Resident,
    Reviewer,
}

impl Role {
    /// Where this role starts after logging in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Employer => "/employer",
            Role::Resident => "/resident",
            Role::Reviewer => "/reviewer",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SessionEmployer {
    pub name: String,
    pub unit_number: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SessionPerson {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SessionInfo {
    pub username: String,
    pub role: Role,
    pub employer: Option<SessionEmployer>,
    pub person: Option<SessionPerson>,
    pub csrf_token: String,
}

#[derive(Serialize)]
pub struct LoginRequest<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefill {
    pub hukou_district: Option<String>,
    pub hukou_type: Option<String>,
}

/// `POST /employer/person-search`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSearchAnswer {
    pub case: Option<EnrolmentCase>,
    #[serde(default)]
    pub masked_name: Option<String>,
    #[serde(default)]
    pub violations: Vec<Violation>,
    pub birth_date: String,
    pub gender: Gender,
    #[serde(default)]
    pub prefill: Option<Prefill>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Page<T> {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<T>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ApplicationSummary {
    pub number: String,
    pub kind: Kind,
    pub state: State,
    pub citizen_id: String,
    pub person_name: String,
    pub handling_month: String,
    #[serde(default)]
    pub flags: Vec<ReviewFlag>,
    pub submitted_at_ms: i64,
    pub decided_at_ms: Option<i64>,
    pub decision_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Event {
    pub at_ms: i64,
    pub account_id: Option<i64>,
    pub from_state: Option<State>,
    pub to_state: State,
    pub note: Option<String>,
}

/// An application with its plan and history (the reviewer's view adds the name on
/// record).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ApplicationDetail {
    #[serde(flatten)]
    pub summary: ApplicationSummary,
    pub employer_name: Option<String>,
    pub plan: serde_json::Value,
    pub history: Vec<Event>,
    #[serde(default)]
    pub name_on_record: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PersonView {
    pub name: String,
    pub citizen_id: String,
    pub gender: String,
    pub birth_date: String,
    pub mobile: Option<String>,
    pub hukou_district: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct InsuranceStatus {
    pub insurance: Insurance,
    pub state: String,
    pub employer_name: Option<String>,
    pub flexible: bool,
    pub base_fen: Option<i64>,
    pub start_month: Option<String>,
    pub end_month: Option<String>,
    pub months_paid: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct StatusView {
    pub person: PersonView,
    pub insurances: Vec<InsuranceStatus>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Contribution {
    pub month: String,
    pub insurance: String,
    pub employer_name: Option<String>,
    pub base_fen: i64,
    pub employer_fen: i64,
    pub individual_fen: i64,
    pub paid: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ContributionsView {
    pub from: YearMonth,
    pub to: YearMonth,
    pub items: Vec<Contribution>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PensionYear {
    pub year: i32,
    pub months_paid: i64,
    pub average_base_fen: i64,
}

/// `GET /resident/flexible`: what 业务申报 offers now.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct FlexibleView {
    pub state: FlexState,
    pub action: Option<FlexAction>,
    pub refusal: Option<Violation>,
    pub handling_month: YearMonth,
    pub hukou_district: Option<String>,
    pub base_min: Option<Fen>,
    pub base_max: Option<Fen>,
    #[serde(default)]
    pub change_months: Vec<YearMonth>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MaterialReceipt {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: usize,
}
