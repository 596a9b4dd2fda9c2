//! The social security number (社会保障号码): the 18-character citizen ID of
//! GB 11643-1999.
//!
//! Layout: 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit sequence (the
//! last of which is odd for men, even for women) and a check character computed by
//! ISO 7064 MOD 11-2 over the first 17 digits.

use super::check_shape;
use crate::region::Province;
use crate::text::normalize_identifier;
use crate::time::{Date, YearMonth};
use crate::violation::{Code, Violation};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// A valid citizen ID, normalised (upper-case `X`, half-width).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CitizenId(String);

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

impl CitizenId {
    /// The form field a citizen ID is typed into.
    pub const FIELD: &'static str = "citizen_id";

    /// The check character for the first 17 digits (ISO 7064 MOD 11-2).
    pub fn check_char(first17: &[u8]) -> char {
        let sum: u32 = first17
            .iter()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        CHECK_CHARS[(sum % 11) as usize] as char
    }

    /// Parses what was typed. `today` is the CST date the birth date must not be after.
    pub fn parse(input: &str, today: Date) -> Result<CitizenId, Violation> {
        let field = Self::FIELD;
        let text = normalize_identifier(input);
        check_shape(&text, field, 18, |i, c| {
            c.is_ascii_digit() || (i == 17 && c == 'X')
        })?;
        let b = text.as_bytes();

        let prefix = &text[0..2];
        if Province::by_prefix(prefix).is_none() {
            return Err(Violation::new(Code::IdRegion, field).with("prefix", prefix));
        }
        let birth = birth_date_of(b)
            .ok_or_else(|| Violation::new(Code::IdBirthDate, field).with("date", &text[6..14]))?;
        if birth > today {
            return Err(Violation::new(Code::IdBirthFuture, field).with("date", birth));
        }
        if Self::check_char(&b[..17]) != b[17] as char {
            return Err(Violation::new(Code::IdCheck, field).with("position", 18));
        }
        Ok(CitizenId(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 6-digit region code of household registration at issue.
    pub fn region_code(&self) -> &str {
        &self.0[0..6]
    }

    pub fn province(&self) -> Province {
        Province::by_prefix(&self.0[0..2]).expect("checked when parsed")
    }

    pub fn birth_date(&self) -> Date {
        birth_date_of(self.0.as_bytes()).expect("checked when parsed")
    }

    /// From the 17th digit: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// Age in whole years in `month`, counting a birthday in that month as reached
    /// (the month someone turns 16 is the first month they may be insured).
    pub fn age_in(&self, month: YearMonth) -> i32 {
        self.birth_date()
            .year_month()
            .months_until(month)
            .div_euclid(12)
    }

    /// Masked for anyone but the owner: first four and last four characters.
    pub fn masked(&self) -> String {
        format!("{}**********{}", &self.0[0..4], &self.0[14..18])
    }
}

fn birth_date_of(b: &[u8]) -> Option<Date> {
    let n = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0'));
    Date::new(n(6..10) as i32, n(10..12) as u8, n(12..14) as u8)
}

/// Deserialising re-checks everything but "not in the future": a stored ID was judged
/// against the day it was typed, and must read back on any later day.
impl<'de> Deserialize<'de> for CitizenId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let far_future = Date::new(9999, 12, 31).expect("a real date");
        CitizenId::parse(&text, far_future)
            .map_err(|v| serde::de::Error::custom(v.message(crate::Lang::En)))
    }
}

impl fmt::Display for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 27).unwrap()
    }

    #[test]
    fn spec_examples() {
        let id = CitizenId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.birth_date().to_string(), "1949-12-31");
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.masked(), "1101**********002X");
        let id = CitizenId::parse("34052419800101001X", today()).unwrap();
        assert_eq!(id.gender(), Gender::Male);
        let err = CitizenId::parse("340524198001010013", today()).unwrap_err();
        assert_eq!(err.code, Code::IdCheck);
    }

    #[test]
    fn lowercase_and_full_width_are_normalised() {
        let id = CitizenId::parse(" １１０１０５１９４９１２３１００２ｘ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn birth_date_must_be_real_and_not_future() {
        let mk = |first17: &str| format!("{first17}{}", CitizenId::check_char(first17.as_bytes()));
        assert_eq!(
            CitizenId::parse(&mk("11010519490230002"), today())
                .unwrap_err()
                .code,
            Code::IdBirthDate
        );
        assert_eq!(
            CitizenId::parse(&mk("11010520261128002"), today())
                .unwrap_err()
                .code,
            Code::IdBirthFuture
        );
        assert!(CitizenId::parse(&mk("11010520261127002"), today()).is_ok());
        assert!(CitizenId::parse(&mk("11010520000229002"), today()).is_ok());
    }

    #[test]
    fn age_counts_the_birthday_month() {
        let id = CitizenId::parse("34052419800101001X", today()).unwrap();
        assert_eq!(id.age_in(YearMonth::new(1996, 1).unwrap()), 16);
        assert_eq!(id.age_in(YearMonth::new(1995, 12).unwrap()), 15);
    }
}
