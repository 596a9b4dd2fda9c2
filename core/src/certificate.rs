//! Certificates (社保证明): what a certificate says, and the API's answers about
//! certificates (issuing, history, captcha, open-on-computer code, verification).
//!
//! The server signs and prints a [`Certificate`]; the browser shows the same value as
//! the preview (预览证明), so preview, PDF and signature can never disagree. Both ends
//! use these definitions, so they agree on the wire by construction.

use crate::insurance::Insurance;
use crate::violation::Lang;
use serde::{Deserialize, Serialize};

mod forms;
pub use forms::{
    EmployerCertificateForm, EmployerCertificateRequest, EmployerNumber, HandoffForm,
    ResidentCertificate, ResidentCertificateForm, ResidentCertificateRequest, DEFAULT_MONTHS,
    MAX_MONTHS,
};

/// The three kinds of certificate.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Named apart from the application `Kind`: one schema name for both made the OpenAPI
// document describe an application's kind as a certificate's (found by schemathesis).
#[cfg_attr(feature = "openapi", schema(as = CertificateKind))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
    pub const ALL: [Kind; 3] = [Kind::Employer, Kind::Personal, Kind::PensionHistory];

    /// The title in the reader's language (the PDF prints [`Kind::title`]).
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.title(),
            Lang::En => match self {
                Kind::Employer => "Employer insurance certificate",
                Kind::Personal => "Personal insurance certificate",
                Kind::PensionHistory => "Basic pension history certificate",
            },
        }
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmployerInsurance {
    pub insurance: Insurance,
    /// Employees insured now (active relationships).
    pub insured: i64,
    /// One entry per month of `months`.
    pub payments: Vec<MonthPayment>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

// ---- the API's answers ----

/// The answer to issuing: the code, where the PDF is, and the content (the preview).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuedAnswer {
    pub code: String,
    pub kind: Kind,
    pub issued_ms: i64,
    pub pdf_url: String,
    /// Exactly what the PDF prints and the signature covers.
    pub certificate: Certificate,
}

/// One certificate in an employer's or resident's history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub code: String,
    /// `employer`, `personal` or `pension_history`.
    pub kind: String,
    pub issued_ms: i64,
    /// Where the owner downloads the PDF.
    pub pdf_url: String,
}

/// A captcha to answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaptchaView {
    /// Sent back with the answer.
    pub id: String,
    /// An SVG picture of a small sum, as a `data:image/svg+xml;base64,…` URL (scalable:
    /// enlarge it freely).
    pub image: String,
    /// The same question in words, for screen readers (the non-visual alternative).
    pub question_zh: String,
    pub question_en: String,
    pub expires_ms: i64,
}

/// An open-on-computer code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoffCode {
    /// Eight letters of [`HANDOFF_ALPHABET`] shown as `ABCD-EFGH` (40 bits), typed on
    /// the computer at the open page (电脑端打开), with or without the dash.
    pub code: String,
    pub expires_ms: i64,
}

// ---- open-on-computer codes ----

/// The letters of an open-on-computer code: digits and capitals without `0`, `1`, `I`
/// and `O`, which are easily confused. 32 letters, so each carries 5 bits.
pub const HANDOFF_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Letters in a code: 8 × 5 = 40 bits.
pub const HANDOFF_LEN: usize = 8;

/// A code from 5 random bytes (40 bits), shown grouped: `ABCD-EFGH`.
pub fn handoff_from_random(bytes: [u8; 5]) -> String {
    let mut bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let mut letters = [0u8; HANDOFF_LEN];
    for letter in letters.iter_mut().rev() {
        *letter = HANDOFF_ALPHABET[(bits & 31) as usize];
        bits >>= 5;
    }
    format_handoff(&letters)
}

fn format_handoff(letters: &[u8]) -> String {
    let mut code = String::with_capacity(HANDOFF_LEN + 1);
    for (i, l) in letters.iter().enumerate() {
        if i == HANDOFF_LEN / 2 {
            code.push('-');
        }
        code.push(char::from(*l));
    }
    code
}

/// A typed code in its one form (`ABCD-EFGH`), or why not: typed with or without the
/// dash, blanks, any case, full-width forgiven. The browser checks as it is typed and
/// the server parses with the same rule (field `handoff_code`).
pub fn parse_handoff(input: &str) -> Result<String, crate::Violation> {
    use crate::{Code, Violation};
    let letters: Vec<char> = input
        .chars()
        .map(crate::text::to_halfwidth)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if letters.is_empty() {
        return Err(Violation::new(Code::Required, "handoff_code"));
    }
    if letters.len() != HANDOFF_LEN {
        return Err(Violation::new(Code::BadLength, "handoff_code")
            .with("expected", HANDOFF_LEN)
            .with("actual", letters.len()));
    }
    let bytes: Vec<u8> = letters
        .iter()
        .map(|c| {
            u8::try_from(*c)
                .ok()
                .filter(|b| HANDOFF_ALPHABET.contains(b))
        })
        .collect::<Option<_>>()
        .ok_or_else(|| Violation::new(Code::HandoffInvalid, "handoff_code"))?;
    Ok(format_handoff(&bytes))
}

/// What verification says: the certificate's content (its name and ID masked), so a
/// relying party can compare a paper copy with it line by line.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Issued by this service, unchanged.
    pub genuine: bool,
    /// Why not, when not: `unknown_code`, `no_seal`, `seal_broken`, `not_as_issued`,
    /// `record_signature`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub code: Option<String>,
    pub kind: Option<Kind>,
    pub issued_ms: Option<i64>,
    /// `YYYY-MM-DD`, China Standard Time.
    pub issued_date: Option<String>,
    pub summary: Option<Summary>,
    /// What the certificate says, as issued, with the person's name and ID masked: per
    /// insurance the months, statuses, employers, bases and amounts it prints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Certificate>,
}

/// Whom the certificate is about, masked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// 张* for a person; the employer's name for an employer.
    pub name: String,
    /// `3302**********123X`, for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen_id: Option<String>,
    /// The employer's credit code (public), for an employer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    /// The months covered, for a personal certificate: `2024-01 – 2026-10`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
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
    fn handoff_codes_are_40_bits_grouped_and_typed_forgivingly() {
        assert_eq!(handoff_from_random([0; 5]), "2222-2222");
        assert_eq!(handoff_from_random([0xFF; 5]), "ZZZZ-ZZZZ");
        assert_eq!(handoff_from_random([0, 0, 0, 0, 1]), "2222-2223");
        assert_eq!(handoff_from_random([0, 0, 0, 0, 33]), "2222-2233");
        let code = handoff_from_random([0x12, 0x34, 0x56, 0x78, 0x9A]);
        assert_eq!(parse_handoff(&code).unwrap(), code);
        assert_eq!(
            parse_handoff(&code.replace('-', "").to_lowercase()).unwrap(),
            code
        );
        assert_eq!(parse_handoff(" ａｂｃｄ－ｅｆｇｈ ").unwrap(), "ABCD-EFGH");
        assert_eq!(parse_handoff("").unwrap_err().code, crate::Code::Required);
        assert_eq!(
            parse_handoff("ABCD-EFG").unwrap_err().code,
            crate::Code::BadLength
        );
        // 0, 1, I and O are not letters of a code.
        for bad in ["ABCD-EFG0", "ABCD-EFGI", "ABCD-EFGO", "123456"] {
            assert!(parse_handoff(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_round_trip_their_codes() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
    }
}
