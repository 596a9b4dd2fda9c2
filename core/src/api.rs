//! Request and response types shared by the server and the browser.
//!
//! They live in core so that both ends agree on them by construction; the functions
//! here compute the answers, so the browser's instant verdict and the server's
//! authoritative one are the same code.

use crate::ids::{CitizenId, CreditCode, Gender};
use crate::time::{cst_date, handling_month, Date, YearMonth};
use crate::violation::Violation;
use serde::{Deserialize, Serialize};

/// `GET /api/v1/time`: the server's clock, which the browser validates against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerTime {
    /// Milliseconds since the Unix epoch, UTC.
    pub now_ms: i64,
    /// Today in China Standard Time.
    pub today: Date,
    /// The handling month (办理月) in CST.
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    CitizenId,
    CreditCode,
}

/// `POST /api/v1/validate` for an identifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateIdRequest {
    pub kind: IdKind,
    pub value: String,
}

/// The region a citizen ID was issued in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionInfo {
    /// The 6-digit division code.
    pub code: String,
    pub province_zh: String,
    pub province_en: String,
}

/// The verdict on one identifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidateIdResponse {
    pub valid: bool,
    /// The normalised identifier, when valid.
    pub normalized: Option<String>,
    pub violations: Vec<Violation>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
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
    }
}
