//! The unit social-security number (单位社保编号): the agency's own employer number.
//!
//! The format is Shebao's own choice (SPEC: "format is the project's choice, documented,
//! with a check digit"):
//!
//! ```text
//! 330211 00042 7
//! ^^^^^^ ^^^^^ ^
//! |      |     check digit: Luhn (mod 10) over the first 11 digits
//! |      sequence within the district, 5 digits
//! district code of the insured place, one of `region::DISTRICTS`
//! ```
//!
//! Twelve digits are short enough to read over the phone; the district prefix makes a
//! number typed into the wrong district's form obviously wrong; Luhn catches every
//! single-digit error and most swaps of neighbouring digits.

use super::check_shape;
use crate::region::District;
use crate::text::normalize_identifier;
use crate::violation::{Code, Violation};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The largest sequence number five digits hold.
pub const MAX_SEQ: u32 = 99_999;

/// A valid unit social-security number, normalised (half-width digits).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UnitNumber(String);

impl UnitNumber {
    pub const FIELD: &'static str = "unit_number";

    /// The Luhn check digit for a payload of ASCII digits: from the rightmost payload
    /// digit leftwards, every other digit (starting with the rightmost) is doubled, with
    /// 9 taken off results above 9; the check digit brings the sum to a multiple of 10.
    pub fn check_digit(payload: &[u8]) -> char {
        let sum: u32 = payload
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 0 {
                    let doubled = d * 2;
                    if doubled > 9 {
                        doubled - 9
                    } else {
                        doubled
                    }
                } else {
                    d
                }
            })
            .sum();
        char::from(b'0' + ((10 - sum % 10) % 10) as u8)
    }

    pub fn parse(input: &str) -> Result<UnitNumber, Violation> {
        let field = Self::FIELD;
        let text = normalize_identifier(input);
        check_shape(&text, field, 12, |_, c| c.is_ascii_digit())?;
        let prefix = &text[0..6];
        if District::by_code(prefix).is_none() {
            return Err(Violation::new(Code::UnitRegion, field).with("prefix", prefix));
        }
        let b = text.as_bytes();
        if Self::check_digit(&b[..11]) != b[11] as char {
            return Err(Violation::new(Code::UnitCheck, field).with("position", 12));
        }
        Ok(UnitNumber(text))
    }

    /// Builds the number of the `seq`-th employer of a district, computing the check
    /// digit (for demo data and for numbering new employers).
    ///
    /// # Panics
    /// If `district_code` is not one of [`crate::region::DISTRICTS`] or `seq` has more
    /// than five digits: both are programming errors, not user input.
    pub fn new(district_code: &str, seq: u32) -> UnitNumber {
        assert!(
            District::by_code(district_code).is_some(),
            "unknown district {district_code}"
        );
        assert!(seq <= MAX_SEQ, "sequence {seq} has more than five digits");
        let payload = format!("{district_code}{seq:05}");
        let check = Self::check_digit(payload.as_bytes());
        UnitNumber(format!("{payload}{check}"))
    }

    /// The number a newly approved unit of `district` gets, from the `seq`-th number
    /// the store hands out in that district (1 to 99,999), with its check digit; `None`
    /// when `seq` is outside that range (the district's numbers are used up, which the
    /// store must report, never wrap around).
    pub fn issue(district: District, seq: u32) -> Option<UnitNumber> {
        (1..=MAX_SEQ)
            .contains(&seq)
            .then(|| UnitNumber::new(district.code, seq))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The district code of the insured place.
    pub fn district(&self) -> District {
        District::by_code(&self.0[0..6]).expect("checked when parsed")
    }
}

impl<'de> Deserialize<'de> for UnitNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        UnitNumber::parse(&text).map_err(|v| serde::de::Error::custom(v.message(crate::Lang::En)))
    }
}

impl fmt::Display for UnitNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_matches_the_textbook_example() {
        // The classic Luhn example: 7992739871 has check digit 3.
        assert_eq!(UnitNumber::check_digit(b"7992739871"), '3');
    }

    #[test]
    fn issued_numbers_carry_their_check_digit() {
        let district = District::by_code("330211").unwrap();
        // Payload 33021100001, from the right, every other digit doubled starting with
        // the rightmost: 1→2, 0, 0, 0, 0, 1, 1→2, 2, 0, 3, 3→6; the sum is 16, so the
        // check digit is 4 (worked out by hand).
        let first = UnitNumber::issue(district, 1).unwrap();
        assert_eq!(first.as_str(), "330211000014");
        assert_eq!(UnitNumber::parse(first.as_str()).unwrap(), first);
        let last = UnitNumber::issue(district, MAX_SEQ).unwrap();
        assert!(last.as_str().starts_with("33021199999"));
        assert_eq!(UnitNumber::parse(last.as_str()).unwrap(), last);
        assert_eq!(UnitNumber::issue(district, 0), None);
        assert_eq!(UnitNumber::issue(district, MAX_SEQ + 1), None);
        assert_eq!(
            UnitNumber::issue(district, 42),
            Some(UnitNumber::new("330211", 42))
        );
    }

    #[test]
    fn built_numbers_parse_and_errors_are_specific() {
        let n = UnitNumber::new("330211", 42);
        assert_eq!(n.as_str().len(), 12);
        assert_eq!(UnitNumber::parse(n.as_str()).unwrap(), n);
        assert_eq!(n.district().code, "330211");
        let full_width: String = n
            .as_str()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        assert_eq!(UnitNumber::parse(&full_width).unwrap(), n);

        let mut wrong = n.as_str().to_string().into_bytes();
        wrong[11] = if wrong[11] == b'0' { b'1' } else { b'0' };
        let wrong = String::from_utf8(wrong).unwrap();
        assert_eq!(UnitNumber::parse(&wrong).unwrap_err().code, Code::UnitCheck);
        let e = UnitNumber::parse("110105000427").unwrap_err();
        assert_eq!(
            (e.code, e.params["prefix"].as_str()),
            (Code::UnitRegion, "110105")
        );
        assert_eq!(
            UnitNumber::parse("33021100042").unwrap_err().code,
            Code::BadLength
        );
    }
}
