//! Contribution bases and amounts.
//!
//! **Base.** The contribution base (缴费基数) is the monthly wage clamped to the month's
//! limits. Clamping is reported ([`Clamp`]), never silent: the agent sees that 3,000 元
//! became 4,812 元, and a clamped base is a review flag.
//!
//! **Rounding rule.** Each amount is `base × rate_bp / 10000` rounded to the nearest fen,
//! halves away from zero, computed in integers (fen × basis points, in `i128`). The
//! employer's and the individual's amounts are rounded separately, each from the base,
//! so each party's figure can be re-computed from its own rate alone. For example a base
//! of 4,812.35 元 at 0.5 % is 481,235 × 50 / 10000 = 2,406.175 fen → 24.06 元.

use crate::insurance::Insurance;
use crate::money::Fen;
use crate::policy::{self, bp_percent, BaseLimits, BP_PER_UNIT};
use crate::time::YearMonth;
use crate::violation::{Code, Violation};
use serde::{Deserialize, Serialize};

/// How a wage was brought within the limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clamp {
    /// The wage was below the minimum; the base is the minimum.
    RaisedToMin,
    /// The wage was above the maximum; the base is the maximum.
    LoweredToMax,
}

/// A wage and the base it gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClampedBase {
    pub wage: Fen,
    pub base: Fen,
    /// `None` when the wage is within the limits and is the base.
    pub clamp: Option<Clamp>,
}

pub fn clamp_base(wage: Fen, limits: &BaseLimits) -> ClampedBase {
    let (base, clamp) = if wage < limits.min {
        (limits.min, Some(Clamp::RaisedToMin))
    } else if wage > limits.max {
        (limits.max, Some(Clamp::LoweredToMax))
    } else {
        (wage, None)
    };
    ClampedBase { wage, base, clamp }
}

/// One month's contribution to one insurance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amounts {
    pub employer: Fen,
    pub individual: Fen,
}

impl Amounts {
    pub fn total(self) -> Fen {
        self.employer + self.individual
    }
}

/// `base × bp / 10000`, rounded to the nearest fen, halves away from zero.
pub fn apply_rate(base: Fen, bp: u32) -> Fen {
    let product = i128::from(base.0) * i128::from(bp);
    let unit = i128::from(BP_PER_UNIT);
    let (q, r) = (product / unit, product % unit);
    let rounded = if 2 * r.abs() >= unit {
        q + product.signum()
    } else {
        q
    };
    Fen(rounded as i64)
}

/// An employer's work-injury rate (工伤保险费率) in basis points, set by industry class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WorkInjuryRate(u32);

impl WorkInjuryRate {
    pub const FIELD: &'static str = "work_injury_rate";

    /// A rate in basis points, checked against the range in force in `month`.
    pub fn from_bp(bp: u32, month: YearMonth) -> Result<WorkInjuryRate, Violation> {
        let range = policy::work_injury_range(month)?;
        if (range.min_bp..=range.max_bp).contains(&bp) {
            Ok(WorkInjuryRate(bp))
        } else {
            Err(Violation::new(Code::WorkInjuryRate, Self::FIELD)
                .with("rate", bp_percent(bp))
                .with("min", bp_percent(range.min_bp))
                .with("max", bp_percent(range.max_bp)))
        }
    }

    /// Parses a rate typed as whole basis points (e.g. `40` for 0.4 %).
    pub fn parse(input: &str, month: YearMonth) -> Result<WorkInjuryRate, Violation> {
        let text = crate::text::normalize_identifier(input);
        if text.is_empty() {
            return Err(Violation::new(Code::Required, Self::FIELD));
        }
        let bp: u32 = if text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse().unwrap_or(u32::MAX)
        } else {
            return Err(Violation::new(Code::BadFormat, Self::FIELD).with("expected", "0–10000 bp"));
        };
        Self::from_bp(bp, month)
    }

    pub fn bp(self) -> u32 {
        self.0
    }
}

/// The amounts of one month's contribution to `insurance` on `base`. Work injury is
/// employer-only, at the employer's own rate (re-checked against the month's range);
/// the other insurances use the month's fixed rates.
pub fn amounts(
    insurance: Insurance,
    base: Fen,
    month: YearMonth,
    work_injury_rate: WorkInjuryRate,
) -> Result<Amounts, Violation> {
    let (employer_bp, individual_bp) = match insurance {
        Insurance::WorkInjury => (WorkInjuryRate::from_bp(work_injury_rate.0, month)?.0, 0),
        _ => {
            let r = policy::rates(insurance, month)?;
            (r.employer_bp, r.individual_bp)
        }
    };
    Ok(Amounts {
        employer: apply_rate(base, employer_bp),
        individual: apply_rate(base, individual_bp),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u8) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn clamping_is_reported() {
        let limits = policy::base_limits(ym(2024, 3)).unwrap();
        let c = clamp_base(Fen::yuan(3000), &limits);
        assert_eq!(
            (c.base, c.clamp),
            (Fen::yuan(4812), Some(Clamp::RaisedToMin))
        );
        let c = clamp_base(Fen::yuan(30000), &limits);
        assert_eq!(
            (c.base, c.clamp),
            (Fen::yuan(24060), Some(Clamp::LoweredToMax))
        );
        let c = clamp_base(Fen::yuan(6500), &limits);
        assert_eq!((c.base, c.clamp), (Fen::yuan(6500), None));
        assert_eq!(clamp_base(Fen::yuan(4812), &limits).clamp, None);
        assert_eq!(clamp_base(Fen::yuan(24060), &limits).clamp, None);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(apply_rate(Fen(481_235), 50), Fen(2406)); // 2406.175
        assert_eq!(apply_rate(Fen(100), 50), Fen(1)); // 0.5 → 1
        assert_eq!(apply_rate(Fen(99), 50), Fen(0)); // 0.495 → 0
        assert_eq!(apply_rate(Fen(-100), 50), Fen(-1));
        assert_eq!(apply_rate(Fen::yuan(6500), 1600), Fen::yuan(1040));
    }

    #[test]
    fn amounts_per_insurance() {
        let m = ym(2026, 11);
        let rate = WorkInjuryRate::from_bp(40, m).unwrap();
        let a = amounts(Insurance::Pension, Fen::yuan(6500), m, rate).unwrap();
        assert_eq!(
            (a.employer, a.individual),
            (Fen::yuan(1040), Fen::yuan(520))
        );
        let a = amounts(Insurance::WorkInjury, Fen::yuan(6500), m, rate).unwrap();
        assert_eq!((a.employer, a.individual), (Fen(2600), Fen(0)));
        let a = amounts(Insurance::Maternity, Fen::yuan(6500), m, rate).unwrap();
        assert_eq!(a.total(), Fen(0));
        let e = WorkInjuryRate::from_bp(200, m).unwrap_err();
        assert_eq!(e.code, Code::WorkInjuryRate);
        assert_eq!(e.params["min"], "0.20%");
        assert_eq!(WorkInjuryRate::parse("１９０", m).unwrap().bp(), 190);
        assert_eq!(
            WorkInjuryRate::parse("1.9", m).unwrap_err().code,
            Code::BadFormat
        );
    }
}
