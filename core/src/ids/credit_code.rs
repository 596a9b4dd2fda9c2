//! The unified social credit code (统一社会信用代码) of GB 32100-2015.
//!
//! 18 characters from `0-9A-HJ-NPQRTUWXY` (31 symbols: no I, O, S, V, Z); the 18th is
//! a check character: 31 − (Σ value×weight mod 31), with 31 written as 0.

use super::check_shape;
use crate::text::normalize_identifier;
use crate::violation::{Code, Violation};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A valid unified social credit code, normalised to upper case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CreditCode(String);

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

impl CreditCode {
    pub const FIELD: &'static str = "credit_code";

    /// The check character for the first 17 characters (which must be in the alphabet).
    pub fn check_char(first17: &[u8]) -> char {
        let sum: u32 = first17
            .iter()
            .zip(WEIGHTS)
            .map(|(&c, w)| value_of(c).unwrap_or(0) * w)
            .sum();
        let check = (31 - sum % 31) % 31;
        ALPHABET[check as usize] as char
    }

    pub fn parse(input: &str) -> Result<CreditCode, Violation> {
        let text = normalize_identifier(input);
        check_shape(&text, Self::FIELD, 18, |_, c| {
            c.is_ascii() && value_of(c as u8).is_some()
        })?;
        let b = text.as_bytes();
        if Self::check_char(&b[..17]) != b[17] as char {
            return Err(Violation::new(Code::CreditCheck, Self::FIELD).with("position", 18));
        }
        Ok(CreditCode(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for CreditCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CreditCode::parse(&text).map_err(|v| serde::de::Error::custom(v.message(crate::Lang::En)))
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        assert!(CreditCode::parse("91350200776049653A").is_ok());
        assert!(CreditCode::parse("91440101ma5cjq4n59").is_ok());
        assert_eq!(
            CreditCode::parse("91350200776049653B").unwrap_err().code,
            Code::CreditCheck
        );
        let e = CreditCode::parse("9135020077604965IA").unwrap_err();
        assert_eq!(
            (e.code, e.params["position"].as_str()),
            (Code::BadChar, "17")
        );
    }
}
