//! The work-injury industry risk class (工伤保险行业风险分类) of an employer: 一类 (least
//! risky, e.g. software) to 八类 (most, e.g. mining), under 人社部发〔2015〕71号. The class
//! sets the employer's base work-injury rate, from the dated table in
//! `core/data/policy.toml` (`policy::industry_rates`).

use crate::contribution::WorkInjuryRate;
use crate::policy;
use crate::text::normalize_identifier;
use crate::time::YearMonth;
use crate::violation::{Code, Lang, Violation};
use serde::{Deserialize, Serialize};

/// A class from 1 to 8: built only by [`IndustryClass::parse`] or [`IndustryClass::new`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct IndustryClass(u8);

const NUMERALS: [&str; 8] = ["一", "二", "三", "四", "五", "六", "七", "八"];

impl IndustryClass {
    pub const FIELD: &'static str = "industry_class";

    /// Class `n`, if it is one of 1 to 8.
    pub fn new(n: u8) -> Option<IndustryClass> {
        (1..=8).contains(&n).then_some(IndustryClass(n))
    }

    /// Every class, 1 to 8 (for a drop-down).
    pub fn all() -> impl Iterator<Item = IndustryClass> {
        (1..=8).map(IndustryClass)
    }

    /// Accepts `1`–`8`, or the class as the notice writes it (`一类`, or `一`), as a
    /// spreadsheet or a drop-down may give it.
    pub fn parse(input: &str, field: &str) -> Result<IndustryClass, Violation> {
        let text = normalize_identifier(input);
        if text.is_empty() {
            return Err(Violation::new(Code::Required, field));
        }
        let bare = text.strip_suffix('类').unwrap_or(&text);
        let n = match bare.parse::<u8>() {
            Ok(n) => Some(n),
            Err(_) => NUMERALS
                .iter()
                .position(|&c| c == bare)
                .map(|i| i as u8 + 1),
        };
        n.and_then(IndustryClass::new)
            .ok_or_else(|| Violation::new(Code::BadChoice, field).with("value", text))
    }

    pub fn number(self) -> u8 {
        self.0
    }

    pub fn label(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}类", NUMERALS[usize::from(self.0 - 1)]),
            Lang::En => format!("Class {}", self.0),
        }
    }

    /// The class's base work-injury rate in `month`, checked against the work-injury
    /// range in force then (`POLICY_MISSING` before the tables begin).
    pub fn work_injury_rate(self, month: YearMonth) -> Result<WorkInjuryRate, Violation> {
        let rates = policy::industry_rates(month)?;
        WorkInjuryRate::from_bp(rates.base_bp[usize::from(self.0 - 1)], month)
    }
}

impl TryFrom<u8> for IndustryClass {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        IndustryClass::new(n).ok_or_else(|| format!("industry class {n} is not 1 to 8"))
    }
}

impl From<IndustryClass> for u8 {
    fn from(c: IndustryClass) -> u8 {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_and_the_notices_words() {
        for (input, n) in [("1", 1), ("８", 8), ("一类", 1), ("八", 8), (" 3类 ", 3)] {
            assert_eq!(
                IndustryClass::parse(input, "f").unwrap().number(),
                n,
                "{input}"
            );
        }
        for input in ["0", "9", "九类", "x"] {
            assert_eq!(
                IndustryClass::parse(input, "f").unwrap_err().code,
                Code::BadChoice
            );
        }
        assert_eq!(
            IndustryClass::parse("", "f").unwrap_err().code,
            Code::Required
        );
        assert_eq!(IndustryClass::new(2).unwrap().label(Lang::Zh), "二类");
    }

    #[test]
    fn each_class_has_its_2015_base_rate() {
        let m = YearMonth::new(2026, 11).unwrap();
        let rates: Vec<u32> = IndustryClass::all()
            .map(|c| c.work_injury_rate(m).unwrap().bp())
            .collect();
        assert_eq!(rates, [20, 40, 70, 90, 110, 130, 160, 190]);
    }
}
