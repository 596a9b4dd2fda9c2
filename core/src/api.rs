//! Request and response types shared by the server and the browser.
//!
//! They live in core so that both ends agree on them by construction; the functions
//! here compute the answers, so the browser's instant verdict and the server's
//! authoritative one are the same code.

use crate::application::{Kind, ReviewFlag, State};
use crate::enrolment::{classify, mask_name, EnrolmentCase, PersonStatus};
use crate::ids::{CitizenId, CreditCode, Gender, Mobile, UnitNumber};
use crate::time::{cst_date, handling_month, Date, YearMonth};
use crate::violation::{Violation, Violations};
use serde::{Deserialize, Serialize};

pub mod batch;

/// `GET /api/v1/time`: the server's clock, which the browser validates against.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerTime {
    /// Milliseconds since the Unix epoch, UTC.
    pub now_ms: i64,
    /// Today in China Standard Time.
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = String, format = Date, example = "2026-11-03")
    )]
    pub today: Date,
    /// The handling month (办理月) in CST.
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}$", example = "2026-11")
    )]
    pub handling_month: YearMonth,
}

impl ServerTime {
    pub fn at(now_ms: i64) -> ServerTime {
        ServerTime {
            now_ms,
            today: cst_date(now_ms),
            handling_month: handling_month(now_ms),
        }
    }
}

/// Which identifier `POST /api/v1/validate` is asked about.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    CitizenId,
    CreditCode,
    UnitNumber,
    Mobile,
}

/// `POST /api/v1/validate` for an identifier.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateIdRequest {
    pub kind: IdKind,
    pub value: String,
}

/// The region a citizen ID was issued in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionInfo {
    /// The 6-digit division code.
    pub code: String,
    pub province_zh: String,
    pub province_en: String,
}

/// The verdict on one identifier.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidateIdResponse {
    pub valid: bool,
    /// The normalised identifier, when valid.
    pub normalized: Option<String>,
    pub violations: Vec<Violation>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<String>, format = Date, example = "2026-11-03")
    )]
    pub birth_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub region: Option<RegionInfo>,
}

impl ValidateIdResponse {
    fn invalid(v: Violation) -> Self {
        ValidateIdResponse {
            valid: false,
            normalized: None,
            violations: vec![v],
            birth_date: None,
            gender: None,
            region: None,
        }
    }
}

/// Judges one identifier; `today` is the CST date (for the birth-date rule).
pub fn validate_id(request: &ValidateIdRequest, today: Date) -> ValidateIdResponse {
    match request.kind {
        IdKind::CitizenId => match CitizenId::parse(&request.value, today) {
            Ok(id) => {
                let province = id.province();
                ValidateIdResponse {
                    valid: true,
                    normalized: Some(id.as_str().to_string()),
                    violations: Vec::new(),
                    birth_date: Some(id.birth_date()),
                    gender: Some(id.gender()),
                    region: Some(RegionInfo {
                        code: id.region_code().to_string(),
                        province_zh: province.name_zh.to_string(),
                        province_en: province.name_en.to_string(),
                    }),
                }
            }
            Err(v) => ValidateIdResponse::invalid(v),
        },
        IdKind::CreditCode => match CreditCode::parse(&request.value) {
            Ok(code) => ValidateIdResponse {
                valid: true,
                normalized: Some(code.as_str().to_string()),
                violations: Vec::new(),
                birth_date: None,
                gender: None,
                region: None,
            },
            Err(v) => ValidateIdResponse::invalid(v),
        },
        IdKind::UnitNumber => plain(UnitNumber::parse(&request.value).map(|n| n.to_string())),
        IdKind::Mobile => plain(Mobile::parse(&request.value).map(|m| m.to_string())),
    }
}

fn plain(result: Result<String, Violation>) -> ValidateIdResponse {
    match result {
        Ok(normalized) => ValidateIdResponse {
            valid: true,
            normalized: Some(normalized),
            violations: Vec::new(),
            birth_date: None,
            gender: None,
            region: None,
        },
        Err(v) => ValidateIdResponse::invalid(v),
    }
}

// ---- forms: the request bodies of the submissions, defined beside their rules ----

pub use crate::enrolment::{EmployerTerms, EnrolmentForm, EnrolmentPlan};
pub use crate::flexible::{FlexEnrolForm, FlexEnrolPlan, FlexSuspendForm, FlexSuspendPlan};
pub use crate::stop::{ActiveEmployment, StopForm, StopPlan};

/// The verdict on a form: what the browser shows as the user types and what the server
/// answers to a check or a refused submission. `plan` is present exactly when `ok`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedForm<P> {
    pub ok: bool,
    pub violations: Vec<Violation>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub plan: Option<P>,
}

impl<P> CheckedForm<P> {
    pub fn from_result(result: Result<P, Violations>) -> CheckedForm<P> {
        match result {
            Ok(plan) => CheckedForm {
                ok: true,
                violations: Vec::new(),
                plan: Some(plan),
            },
            Err(v) => CheckedForm {
                ok: false,
                violations: v.0,
                plan: None,
            },
        }
    }
}

/// `POST /api/v1/employer/person-search`: the social security number searched for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonSearchRequest {
    pub citizen_id: String,
    /// The name as the agent typed it. Only when it matches the record does a
    /// resumption's answer carry what is prefilled (户籍 district and type): nothing
    /// about a person is handed out on the strength of a number alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The answer to a person search before enrolment: the case, or why not. The name is
/// only ever sent masked (张*); the other employer of an active person is never named.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSearchResponse {
    pub case: Option<EnrolmentCase>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub masked_name: Option<String>,
    pub violations: Vec<Violation>,
}

impl PersonSearchResponse {
    pub fn for_status(status: &PersonStatus) -> PersonSearchResponse {
        let masked_name = match status {
            PersonStatus::Known { name } => Some(mask_name(name)),
            _ => None,
        };
        match classify(status) {
            Ok(case) => PersonSearchResponse {
                case: Some(case),
                masked_name,
                violations: Vec::new(),
            },
            Err(v) => PersonSearchResponse {
                case: None,
                masked_name: None,
                violations: vec![v],
            },
        }
    }
}

/// What a submission returns once saved: its number and state.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionReceipt {
    pub application_number: String,
    pub kind: Kind,
    pub state: State,
    pub submitted_at_ms: i64,
    pub flags: Vec<ReviewFlag>,
}
