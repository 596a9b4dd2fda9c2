//! Money: integer fen (分), never floats.
//!
//! Contribution amounts are sums of products of bases and rates; binary floating point
//! cannot represent 0.1 元 exactly, so every amount is an integer number of fen and every
//! rounding is explicit (see [`crate::contribution`]). On the wire a [`Fen`] is that
//! integer; people read and type yuan with two decimals.

use crate::text::to_halfwidth;
use crate::violation::{Code, Violation};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in fen (1 元 = 100 分). Serialised as the integer number of fen.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = i64, example = 450000))]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// More integer digits than any amount this service handles (10^13 元) is a typo.
const MAX_YUAN_DIGITS: usize = 13;

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// Whole yuan, for tables and tests.
    pub const fn yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// Parses an amount in yuan as people type it: `6500`, `6500.5`, `6500.50`,
    /// full-width digits (`６５００`), thousands separators in their proper places
    /// (`6,500.00`, also the full-width comma) and surrounding spaces. Negative amounts,
    /// more than two decimals, misplaced commas and anything else are `MONEY_FORMAT`;
    /// nothing typed is `REQUIRED`.
    pub fn parse_yuan(input: &str, field: &str) -> Result<Fen, Violation> {
        let text: String = input.chars().map(to_halfwidth).collect();
        let text = text.trim();
        if text.is_empty() {
            return Err(Violation::new(Code::Required, field));
        }
        let bad = || Violation::new(Code::MoneyFormat, field);
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        // Integer part: digits, optionally grouped by commas in threes.
        let digits: String = if int_part.contains(',') {
            let mut groups = int_part.split(',');
            let first = groups.next().unwrap_or("");
            if first.is_empty() || first.len() > 3 {
                return Err(bad());
            }
            if groups.clone().any(|g| g.len() != 3) {
                return Err(bad());
            }
            int_part.chars().filter(|c| *c != ',').collect()
        } else {
            int_part.to_string()
        };
        if digits.is_empty()
            || digits.len() > MAX_YUAN_DIGITS
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let frac = match frac_part {
            None => 0,
            Some(f) if (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
                let v: i64 = f.parse().map_err(|_| bad())?;
                if f.len() == 1 {
                    v * 10
                } else {
                    v
                }
            }
            Some(_) => return Err(bad()),
        };
        let yuan: i64 = digits.parse().map_err(|_| bad())?;
        Ok(Fen(yuan * 100 + frac))
    }
}

impl fmt::Display for Fen {
    /// Yuan with two decimals, e.g. `6500.00`, `-0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0 + rhs.0)
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<i64, Code> {
        Fen::parse_yuan(s, "monthly_wage")
            .map(|f| f.0)
            .map_err(|v| v.code)
    }

    #[test]
    fn accepts_what_people_type() {
        assert_eq!(p("6500"), Ok(650_000));
        assert_eq!(p("6500.5"), Ok(650_050));
        assert_eq!(p("6500.50"), Ok(650_050));
        assert_eq!(p("６５００．０５"), Ok(650_005));
        assert_eq!(p(" 6,500.00 "), Ok(650_000));
        assert_eq!(p("1,234,567.89"), Ok(123_456_789));
        assert_eq!(p("0"), Ok(0));
    }

    #[test]
    fn refuses_the_rest() {
        for bad in [
            "6500.505",
            "-6500",
            "6,50",
            "65,00.00",
            ",650",
            "6500.",
            ".5",
            "6500元",
            "1e3",
            "6 500",
            "+6500",
            "12345678901234",
        ] {
            assert_eq!(p(bad), Err(Code::MoneyFormat), "{bad}");
        }
        assert_eq!(p("  "), Err(Code::Required));
    }

    #[test]
    fn displays_as_yuan() {
        assert_eq!(Fen(650_000).to_string(), "6500.00");
        assert_eq!(Fen(5).to_string(), "0.05");
        assert_eq!(Fen(-5).to_string(), "-0.05");
        assert_eq!(serde_json::to_string(&Fen(650_050)).unwrap(), "650050");
    }
}
