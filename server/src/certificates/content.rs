//! What a certificate says: the data that is printed, signed, recorded and shown in the
//! preview. The preview (JSON), the PDF and the signature all come from one
//! [`Certificate`], so they can never disagree.

use serde::{Deserialize, Serialize};
use shebao_core::insurance::Insurance;

/// The three kinds of certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 单位参保证明
    Employer,
    /// 个人参保证明
    Personal,
    /// 基本养老历年参保
    PensionHistory,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Employer => "employer",
            Kind::Personal => "personal",
            Kind::PensionHistory => "pension_history",
        }
    }
    pub fn from_code(code: &str) -> Option<Kind> {
        [Kind::Employer, Kind::Personal, Kind::PensionHistory]
            .into_iter()
            .find(|k| k.code() == code)
    }
    pub fn title(self) -> &'static str {
        match self {
            Kind::Employer => "单位参保证明",
            Kind::Personal => "个人参保证明",
            Kind::PensionHistory => "基本养老保险历年参保证明",
        }
    }
}

/// A certificate's content: everything it prints, and what the signature covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Certificate {
    /// The verification code (验证码), e.g. `K7Q2-M9XD-4HPA-TR3C`.
    pub code: String,
    pub kind: Kind,
    /// When it was issued, milliseconds since the epoch.
    pub issued_ms: i64,
    /// The date of issue in China Standard Time, `YYYY-MM-DD`.
    pub issued_date: String,
    /// Who issues it (the seal's text).
    pub issuer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<EmployerBody>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonBody>,
}

/// 单位参保证明: the employer and, per insurance, its insured and recent payments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EmployerBody {
    pub name: String,
    pub credit_code: String,
    pub unit_number: String,
    /// The insured place's district code (a `shebao_core::region::DISTRICTS` entry).
    pub insured_place: String,
    pub insured_place_name: String,
    /// The months reported, oldest first (`YYYY-MM`).
    pub months: Vec<String>,
    pub insurances: Vec<EmployerInsurance>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EmployerInsurance {
    pub insurance: Insurance,
    /// Employees insured now (active relationships).
    pub insured: i64,
    /// One entry per month of `months`.
    pub payments: Vec<MonthPayment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MonthPayment {
    pub month: String,
    /// Contributions assessed for the month.
    pub assessed: i64,
    /// Of which paid (已缴费).
    pub paid: i64,
    /// `paid` (all paid), `due` (some 待缴) or `none` (nothing assessed).
    pub status: String,
}

/// 个人参保证明 and 基本养老历年参保: the person and their records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PersonBody {
    pub name: String,
    /// In full: the certificate is printed for its owner. Verification shows it masked.
    pub citizen_id: String,
    /// The current status of all five insurances.
    pub status: Vec<StatusLine>,
    /// Cumulative paid months of pension (累计缴费月数).
    pub pension_months_total: i64,
    /// Personal certificate: the months printed, oldest first (`YYYY-MM`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<String>,
    /// Personal certificate: the insurances chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub insurances: Vec<Insurance>,
    /// Personal certificate: per month and insurance (in that order), one line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<MonthLine>,
    /// Pension history: per year, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<YearLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatusLine {
    pub insurance: Insurance,
    /// `active`, `suspended`, `terminated` or `none`.
    pub state: String,
    /// The employer, or None for a flexible worker or nobody.
    pub employer_name: Option<String>,
    pub flexible: bool,
    pub base_fen: Option<i64>,
    pub months_paid: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MonthLine {
    pub month: String,
    pub insurance: Insurance,
    /// The employer that paid, or None (flexible worker, or not insured that month).
    pub employer_name: Option<String>,
    pub flexible: bool,
    pub base_fen: i64,
    pub employer_fen: i64,
    pub individual_fen: i64,
    /// `paid` (已缴费), `due` (待缴) or `none` (未参保).
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct YearLine {
    pub year: i32,
    pub months_paid: i64,
    pub average_base_fen: i64,
}

/// The canonical form of a value, which is what is signed: JSON with object keys sorted
/// (byte order), no whitespace, serde_json's escaping of strings and integers as is.
/// It does not depend on serde_json's `preserve_order` feature.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

impl Certificate {
    /// The bytes the signature covers.
    pub fn canonical(&self) -> String {
        canonical_json(&serde_json::to_value(self).unwrap_or_default())
    }
}

/// Money in fen as yuan with two decimals: 700000 → `7000.00`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}{}.{:02}", fen / 100, fen % 100)
}

/// The state of a month's payment in Chinese.
pub fn status_zh(status: &str) -> &'static str {
    match status {
        "paid" => "已缴费",
        "due" => "待缴",
        "active" => "正常参保",
        "suspended" => "暂停参保",
        "terminated" => "终止参保",
        _ => "未参保",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = serde_json::json!({"b": 1, "a": {"z": [1, {"y": "品", "x": null}], "c": true}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":true,"z":[1,{"x":null,"y":"品"}]},"b":1}"#
        );
    }

    #[test]
    fn money_prints_as_yuan() {
        assert_eq!(yuan(700_000), "7000.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-150), "-1.50");
    }
}
