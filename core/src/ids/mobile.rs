//! Mainland mobile numbers: 11 digits starting 13–19.

use super::check_shape;
use crate::text::normalize_identifier;
use crate::violation::{Code, Violation};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Mobile(String);

impl Mobile {
    pub const FIELD: &'static str = "mobile";

    /// Parses a mobile number; a `+86` or `86` country prefix and inner spaces or
    /// hyphens (as phones display numbers: 138 0013 8000) are accepted and dropped.
    pub fn parse(input: &str) -> Result<Mobile, Violation> {
        let mut text = normalize_identifier(input);
        for prefix in ["+86", "0086"] {
            if let Some(rest) = text.strip_prefix(prefix) {
                text = rest.trim_start().to_string();
            }
        }
        let text: String = text.chars().filter(|c| *c != ' ' && *c != '-').collect();
        check_shape(&text, Self::FIELD, 11, |_, c| c.is_ascii_digit())?;
        let b = text.as_bytes();
        if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(Violation::new(Code::MobilePrefix, Self::FIELD));
        }
        Ok(Mobile(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Masked for anyone but the owner: `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[0..3], &self.0[7..11])
    }
}

impl<'de> Deserialize<'de> for Mobile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Mobile::parse(&text).map_err(|v| serde::de::Error::custom(v.message(crate::Lang::En)))
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_masks() {
        let m = Mobile::parse("+86 138 1234 5678").unwrap();
        assert_eq!(m.as_str(), "13812345678");
        assert_eq!(m.masked(), "138****5678");
        assert_eq!(
            Mobile::parse("12812345678").unwrap_err().code,
            Code::MobilePrefix
        );
        assert_eq!(
            Mobile::parse("1381234567").unwrap_err().code,
            Code::BadLength
        );
    }
}
