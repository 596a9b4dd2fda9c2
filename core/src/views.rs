//! What the server answers and the browser shows: the response types of the API that
//! are not a rule's own plan. They live in core so that the server and the browser
//! agree on them by construction (the browser deserialises exactly what the server
//! serialises), as DESIGN.md asks of every type both ends need.

use crate::application::{Kind, ReviewFlag, State};
use crate::enrolment::EnrolmentCase;
use crate::flexible::{FlexAction, FlexState};
use crate::ids::Gender;
use crate::insurance::Insurance;
use crate::money::Fen;
use crate::time::YearMonth;
use crate::violation::Violation;
use serde::{Deserialize, Serialize};

// ---- sessions ----

/// Who an account is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 单位经办人: acts for one employer.
    Employer,
    /// 参保人: sees their own records.
    Resident,
    /// 经办人员: reviews flagged applications.
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Employer, Role::Resident, Role::Reviewer];

    /// Where the role's pages start: the page after logging in, and the header's link.
    pub fn home(self) -> &'static str {
        match self {
            Role::Employer => "/employer",
            Role::Resident => "/resident",
            Role::Reviewer => "/reviewer",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Employer => "employer",
            Role::Resident => "resident",
            Role::Reviewer => "reviewer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// `POST /api/v1/session`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The employer an agent acts for. Shown to its own agent, so unmasked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEmployer {
    pub name: String,
    pub unit_number: String,
}

/// The person a resident is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPerson {
    pub name: String,
}

/// The answer of `POST` and `GET /api/v1/session`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "employer"))]
    pub role: Role,
    pub employer: Option<SessionEmployer>,
    pub person: Option<SessionPerson>,
    /// Send it as `X-CSRF-Token` with every write.
    pub csrf_token: String,
    /// The account must set a new password (it was created or its password reset by an
    /// operator): until it does, every other call of this session is refused
    /// (`PASSWORD_CHANGE_REQUIRED`, 403).
    #[serde(default)]
    pub must_change_password: bool,
}

/// `POST /api/v1/session/password`: the current password and the new one (judged by
/// `password::check_change`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeRequest {
    pub current_password: String,
    pub new_password: String,
}

// ---- the employer's person search ----

/// The details a resumption (续保) pre-fills. Never the name in clear.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefill {
    pub hukou_district: Option<String>,
    pub hukou_type: Option<String>,
}

/// The answer to `POST /api/v1/employer/person-search`: the case, or why not; the name
/// only masked (张*); another employer never named.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSearchAnswer {
    pub case: Option<EnrolmentCase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_name: Option<String>,
    pub violations: Vec<Violation>,
    /// From the number itself.
    #[cfg_attr(feature = "openapi", schema(format = Date, example = "1990-03-07"))]
    pub birth_date: String,
    pub gender: Gender,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Prefill>,
}

// ---- applications ----

/// One page of a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<T>,
}

/// An application in a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub number: String,
    pub kind: Kind,
    pub state: State,
    /// Masked (`3302**********123X`) for everyone but the person themself.
    pub citizen_id: String,
    pub person_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "2026-11"))]
    pub handling_month: String,
    pub flags: Vec<ReviewFlag>,
    pub submitted_at_ms: i64,
    pub decided_at_ms: Option<i64>,
    pub decision_reason: Option<String>,
}

/// One step of an application's history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationEvent {
    pub at_ms: i64,
    /// None: the automatic reviewer.
    pub account_id: Option<i64>,
    pub from_state: Option<State>,
    pub to_state: State,
    pub note: Option<String>,
}

/// One application with its evidence and history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    #[serde(flatten)]
    pub summary: ApplicationSummary,
    pub employer_name: Option<String>,
    /// The plan core made at submission (months, base, amounts), identifiers masked.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub plan: serde_json::Value,
    pub history: Vec<ApplicationEvent>,
    /// For a reviewer: the name in the records, when the person is known (to judge a
    /// name mismatch). Absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_on_record: Option<String>,
    /// For an approved 开办企业 filing, what was issued; absent for every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<OpeningIssued>,
}

/// What the approval of a 开办企业 filing issued, as its founder sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningIssued {
    /// 单位社保编号
    pub unit_number: String,
    /// The contact person's employer-agent account: its user name.
    pub agent_username: String,
    /// Whether the contact person has logged in and set their own password; until then
    /// the founder can make the account a one-time password ([`AgentPassword`]).
    pub agent_password_set: bool,
}

/// A one-time password for a new unit's contact person, made on the founder's request
/// and shown once: only its hash is kept, and making another replaces it. It must be
/// changed at first login.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentPassword {
    pub username: String,
    pub one_time_password: String,
}

// ---- the resident's records ----

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub name: String,
    /// In full: this is the owner.
    pub citizen_id: String,
    pub gender: String,
    pub birth_date: String,
    pub mobile: Option<String>,
    pub hukou_district: Option<String>,
}

/// One insurance's current state for the resident (个人参保).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceStatus {
    pub insurance: Insurance,
    /// `active`, `suspended`, `terminated`, or `none` (never insured).
    pub state: String,
    /// The employer, or None for a flexible worker (灵活就业) or nobody.
    pub employer_name: Option<String>,
    pub flexible: bool,
    pub base_fen: Option<i64>,
    pub start_month: Option<String>,
    pub end_month: Option<String>,
    pub months_paid: i64,
}

/// `GET /api/v1/resident/status`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub person: PersonView,
    pub insurances: Vec<InsuranceStatus>,
}

/// One month's contribution for one insurance.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub month: String,
    pub insurance: String,
    pub employer_name: Option<String>,
    pub base_fen: i64,
    pub employer_fen: i64,
    pub individual_fen: i64,
    /// 已缴费 (true) or 待缴 (false).
    pub paid: bool,
}

/// `GET /api/v1/resident/contributions`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionsView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}$", example = "2026-11"))]
    pub from: YearMonth,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}$", example = "2026-11"))]
    pub to: YearMonth,
    pub items: Vec<Contribution>,
}

/// 基本养老历年参保: one year of pension.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PensionYear {
    pub year: i32,
    pub months_paid: i64,
    /// Average monthly base over the paid months, in fen (rounded down).
    pub average_base_fen: i64,
}

// ---- the flexible worker ----

/// `GET /api/v1/resident/flexible`: what 业务申报 offers now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlexibleView {
    pub state: FlexState,
    /// What 业务申报 offers now, or why nothing (`refusal`).
    pub action: Option<FlexAction>,
    pub refusal: Option<Violation>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}$", example = "2026-11"))]
    pub handling_month: YearMonth,
    /// 户籍所在地 from the record: the default district.
    pub hukou_district: Option<String>,
    pub base_min: Option<Fen>,
    pub base_max: Option<Fen>,
    /// For a suspension: the months of change allowed.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["2026-10", "2026-11"])))]
    pub change_months: Vec<YearMonth>,
}

/// The answer to a material upload (材料申报).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialReceipt {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: usize,
}

// ---- 待原单位减员 (stop requests) ----
//
// One answer per audience, so that a field one of them must never see (the old
// employer to the new one, the new employer to the old one) does not exist in its type.

/// A stop request as the new employer (who asked) sees it: the person as it typed
/// them, never the old employer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedStop {
    pub id: i64,
    /// Masked: `3302**********0034`.
    pub citizen_id: String,
    /// The name on the new employer's own enrolment form.
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "open"))]
    pub state: crate::stop_request::RequestState,
    pub requested_at_ms: i64,
    /// Once stopped: the new employer may submit its enrolment again
    /// (`GET …/{id}/enrolment` gives the form back).
    pub stopped_at_ms: Option<i64>,
}

/// A stop request as the old employer (to whom it is addressed) sees it: its own
/// employee, never who asked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingStop {
    pub id: i64,
    /// Masked.
    pub citizen_id: String,
    /// The employee's name in the records.
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "open"))]
    pub state: crate::stop_request::RequestState,
    pub requested_at_ms: i64,
    /// `YYYY-MM-DD`: from this day the agency may stop the employee itself.
    pub agency_may_stop_from: String,
    /// Once stopped: `employer` (its own 减员) or `agency` (a reviewer, with reason and
    /// month below).
    pub stopped_by: Option<String>,
    pub stop_reason: Option<String>,
    pub stop_month: Option<String>,
}

/// A stop request as the person it concerns sees it: both employers are theirs to know.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonStop {
    pub id: i64,
    pub old_employer_name: String,
    pub new_employer_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "open"))]
    pub state: crate::stop_request::RequestState,
    pub requested_at_ms: i64,
    /// `YYYY-MM-DD`, once the person confirmed leaving.
    pub last_working_day: Option<String>,
    pub stop_month: Option<String>,
}

/// A stop request as a reviewer sees it: everything, the ID masked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewedStop {
    pub id: i64,
    pub citizen_id: String,
    pub name: String,
    pub old_employer_name: String,
    pub new_employer_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "open"))]
    pub state: crate::stop_request::RequestState,
    pub requested_at_ms: i64,
    /// `YYYY-MM-DD`: the first day a reviewer may stop without the person's
    /// confirmation.
    pub may_stop_from: String,
    pub last_working_day: Option<String>,
    pub stopped_by: Option<String>,
    pub stop_reason: Option<String>,
    pub stop_month: Option<String>,
}
