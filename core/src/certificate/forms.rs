//! The certificate forms as they travel (the employer's, the resident's and the
//! open-on-computer code), each with a `parse` into its checked form. The browser shows
//! the violations as they are typed and the server refuses with the same ones: one rule,
//! written once.

use super::Kind;
use crate::ids::{CreditCode, Mobile, UnitNumber};
use crate::insurance::Insurance;
use crate::region::District;
use crate::text::normalize_text;
use crate::{Code, Violation, Violations};
use serde::{Deserialize, Serialize};

/// The most months a personal certificate prints.
pub const MAX_MONTHS: u32 = 36;
/// The months a personal certificate prints when the form does not say.
pub const DEFAULT_MONTHS: u32 = 12;

/// The employer certificate's form (单位参保证明), as typed: everything must match the
/// employer's record.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerCertificateForm {
    /// 参保地: a district code, e.g. `330200` (宁波市—市本级).
    #[serde(default)]
    pub insured_place: String,
    /// 单位社保编号 or 统一社会信用代码.
    #[serde(default)]
    pub unit_number_or_credit_code: String,
    /// 专管员姓名
    #[serde(default)]
    pub contact_name: String,
    /// 专管员手机号
    #[serde(default)]
    pub contact_mobile: String,
}

/// The employer's number as typed on the certificate form: 12 digits are a unit
/// number (单位社保编号), anything else is read as a credit code (统一社会信用代码).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmployerNumber {
    Unit(UnitNumber),
    Credit(CreditCode),
}

impl EmployerNumber {
    pub fn as_str(&self) -> &str {
        match self {
            EmployerNumber::Unit(n) => n.as_str(),
            EmployerNumber::Credit(c) => c.as_str(),
        }
    }
}

/// A well-formed employer certificate form: what the server compares with the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployerCertificateRequest {
    pub place: District,
    pub number: EmployerNumber,
    /// Normalised as the record's is (`normalize_text`).
    pub contact_name: String,
    pub contact_mobile: Mobile,
}

impl EmployerCertificateForm {
    /// Every field is required; the place must be a district, the number a unit number
    /// or a credit code and the mobile a mobile (core's rules, on this form's fields).
    pub fn parse(&self) -> Result<EmployerCertificateRequest, Violations> {
        let mut violations = Violations::new();
        let mut required = |field: &str, value: &str| {
            let present = !value.trim().is_empty();
            if !present {
                violations.push(Violation::new(Code::Required, field));
            }
            present
        };
        let place = required("insured_place", &self.insured_place);
        let number = required(
            "unit_number_or_credit_code",
            &self.unit_number_or_credit_code,
        );
        let name = required("contact_name", &self.contact_name);
        let mobile = required("contact_mobile", &self.contact_mobile);
        let place = place
            .then(|| {
                let code = self.insured_place.trim();
                District::by_code(code).ok_or_else(|| {
                    Violation::new(Code::BadChoice, "insured_place").with("value", code)
                })
            })
            .and_then(|r| keep(r, &mut violations, "insured_place"));
        let number = number
            .then(|| parse_number(&self.unit_number_or_credit_code))
            .and_then(|r| keep(r, &mut violations, "unit_number_or_credit_code"));
        let mobile = mobile
            .then(|| Mobile::parse(&self.contact_mobile))
            .and_then(|r| keep(r, &mut violations, "contact_mobile"));
        match (place, number, name, mobile) {
            (Some(place), Some(number), true, Some(contact_mobile)) if violations.is_empty() => {
                Ok(EmployerCertificateRequest {
                    place,
                    number,
                    contact_name: normalize_text(&self.contact_name),
                    contact_mobile,
                })
            }
            _ => Err(violations),
        }
    }
}

fn parse_number(typed: &str) -> Result<EmployerNumber, Violation> {
    let number = typed.trim();
    if number.chars().count() <= 12 && number.chars().all(|c| c.is_ascii_digit()) {
        UnitNumber::parse(number).map(EmployerNumber::Unit)
    } else {
        CreditCode::parse(number).map(EmployerNumber::Credit)
    }
}

/// The value, or its violation reported on `field` of this form.
fn keep<T>(parsed: Result<T, Violation>, violations: &mut Violations, field: &str) -> Option<T> {
    parsed
        .map_err(|mut v| {
            v.field = field.to_string();
            violations.push(v);
        })
        .ok()
}

/// The personal certificate's form (个人参保证明, 基本养老历年参保), with the captcha's
/// answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidentCertificateForm {
    /// `personal` (个人参保证明) or `pension_history` (基本养老历年参保).
    pub kind: Kind,
    /// Personal: how many months to print, 1–36, ending with last month (default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// Personal: which insurances (default: all five).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurances: Option<Vec<Insurance>>,
    /// From `POST /api/v1/captcha`.
    #[serde(default)]
    pub captcha_id: String,
    #[serde(default)]
    pub captcha_answer: String,
}

/// What a resident's certificate prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResidentCertificate {
    /// 个人参保证明: the last `months` months of these insurances (sorted, no repeats).
    Personal {
        months: u32,
        insurances: Vec<Insurance>,
    },
    /// 基本养老历年参保.
    PensionHistory,
}

impl ResidentCertificate {
    pub fn kind(&self) -> Kind {
        match self {
            ResidentCertificate::Personal { .. } => Kind::Personal,
            ResidentCertificate::PensionHistory => Kind::PensionHistory,
        }
    }
}

/// A well-formed personal certificate form; the captcha is judged by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentCertificateRequest {
    pub certificate: ResidentCertificate,
    pub captcha_id: String,
    pub captcha_answer: String,
}

impl ResidentCertificateForm {
    /// The months 1–36, at least one insurance (for a personal certificate), a kind a
    /// resident may ask for, and an answer to the captcha.
    pub fn parse(&self) -> Result<ResidentCertificateRequest, Violations> {
        let mut violations = Violations::new();
        let certificate = match self.kind {
            Kind::Personal => {
                let months = self.months.unwrap_or(DEFAULT_MONTHS);
                if !(1..=MAX_MONTHS).contains(&months) {
                    violations
                        .push(Violation::new(Code::BadChoice, "months").with("value", months));
                }
                let mut insurances = self
                    .insurances
                    .clone()
                    .unwrap_or_else(|| Insurance::ALL.to_vec());
                insurances.sort();
                insurances.dedup();
                if insurances.is_empty() {
                    violations.push(Violation::new(Code::Required, "insurances"));
                }
                ResidentCertificate::Personal { months, insurances }
            }
            Kind::PensionHistory => ResidentCertificate::PensionHistory,
            Kind::Employer => {
                violations.push(Violation::new(Code::BadChoice, "kind").with("value", "employer"));
                ResidentCertificate::PensionHistory
            }
        };
        if self.captcha_answer.trim().is_empty() {
            violations.push(Violation::new(Code::Required, "captcha_answer"));
        }
        violations.into_result(|| ResidentCertificateRequest {
            certificate,
            captcha_id: self.captcha_id.trim().to_string(),
            captcha_answer: self.captcha_answer.clone(),
        })
    }
}

/// The open-on-computer code typed on the computer (电脑端打开).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffForm {
    /// The code shown on the phone, `ABCD-EFGH` (dash, blanks, case and full-width
    /// characters forgiven).
    #[serde(default)]
    pub code: String,
}

impl HandoffForm {
    /// The code in its one form (`ABCD-EFGH`): [`super::parse_handoff`].
    pub fn parse(&self) -> Result<String, Violation> {
        super::parse_handoff(&self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn employer_form(number: &str, mobile: &str) -> EmployerCertificateForm {
        EmployerCertificateForm {
            insured_place: "330200".into(),
            unit_number_or_credit_code: number.into(),
            contact_name: "张三".into(),
            contact_mobile: mobile.into(),
        }
    }

    fn codes(violations: &Violations) -> Vec<(Code, &str)> {
        violations
            .iter()
            .map(|v| (v.code, v.field.as_str()))
            .collect()
    }

    #[test]
    fn an_empty_employer_form_names_every_field() {
        let refused = EmployerCertificateForm::default().parse().unwrap_err();
        assert_eq!(
            codes(&refused),
            [
                (Code::Required, "insured_place"),
                (Code::Required, "unit_number_or_credit_code"),
                (Code::Required, "contact_name"),
                (Code::Required, "contact_mobile"),
            ]
        );
    }

    /// The server used to check only that the fields were there and compare them with
    /// the record; it now refuses a malformed number or mobile as the browser does.
    #[test]
    fn the_number_and_the_mobile_must_be_well_formed() {
        let refused = employer_form("12345", "12345").parse().unwrap_err();
        let fields: Vec<&str> = refused.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["unit_number_or_credit_code", "contact_mobile"]);
        assert!(refused.iter().all(|v| v.code != Code::Required));
    }

    #[test]
    fn an_unknown_place_is_a_bad_choice() {
        let mut form = employer_form("91330200MA2AAAAA0X", "13800000000");
        form.insured_place = "999999".into();
        let refused = form.parse().unwrap_err();
        assert_eq!(refused.iter().next().unwrap().code, Code::BadChoice);
        assert_eq!(refused.iter().next().unwrap().field, "insured_place");
    }

    #[test]
    fn a_personal_form_needs_months_insurances_and_an_answer() {
        let form = ResidentCertificateForm {
            kind: Kind::Personal,
            months: Some(37),
            insurances: Some(Vec::new()),
            captcha_id: "c".into(),
            captcha_answer: " ".into(),
        };
        assert_eq!(
            codes(&form.parse().unwrap_err()),
            [
                (Code::BadChoice, "months"),
                (Code::Required, "insurances"),
                (Code::Required, "captcha_answer"),
            ]
        );
        let asked = ResidentCertificateForm {
            months: None,
            insurances: None,
            captcha_answer: "7".into(),
            ..form
        }
        .parse()
        .unwrap();
        assert_eq!(
            asked.certificate,
            ResidentCertificate::Personal {
                months: 12,
                insurances: Insurance::ALL.to_vec()
            }
        );
    }

    #[test]
    fn a_resident_cannot_ask_for_the_employer_certificate() {
        let form = ResidentCertificateForm {
            kind: Kind::Employer,
            months: None,
            insurances: None,
            captcha_id: String::new(),
            captcha_answer: "7".into(),
        };
        assert_eq!(
            codes(&form.parse().unwrap_err()),
            [(Code::BadChoice, "kind")]
        );
    }

    #[test]
    fn the_handoff_form_parses_with_the_code_rule() {
        let form = HandoffForm {
            code: "abcd efgh".into(),
        };
        assert_eq!(form.parse().unwrap(), "ABCD-EFGH");
    }
}
