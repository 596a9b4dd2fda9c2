//! Dated contribution policy: base limits and rates, by the month they apply from.
//!
//! The values are data, not code: they live in `core/data/policy.toml`, each entry with
//! its effective-from month and a reference to the notice, and `build.rs` compiles them
//! into the statics included below (so the browser never parses TOML). For any month,
//! the latest entry whose `from` is not after it applies; a month before the first entry
//! has no policy and is refused with `POLICY_MISSING`, never guessed.

use crate::insurance::Insurance;
use crate::money::Fen;
use crate::time::YearMonth;
use crate::violation::{Code, Violation};
use serde::Serialize;

/// One basis point is 0.01 %; rates are whole basis points so that amounts are integer
/// arithmetic (see [`crate::contribution`]).
pub const BP_PER_UNIT: i64 = 10_000;

/// The contribution base limits (缴费基数上下限) in force in a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BaseLimits {
    /// The month this entry applies from.
    pub from: YearMonth,
    pub min: Fen,
    pub max: Fen,
    /// A placeholder until the official notice's figures are filled in.
    pub illustrative: bool,
    pub reference: &'static str,
}

/// The fixed rates of an insurance in a month, in basis points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rates {
    pub insurance: Insurance,
    pub from: YearMonth,
    pub employer_bp: u32,
    pub individual_bp: u32,
    /// Set when this insurance is paid within another one's contribution (maternity
    /// within medical): its own rates are then zero, and it is never charged twice.
    pub included_in: Option<Insurance>,
    pub illustrative: bool,
    pub reference: &'static str,
}

/// The range a work-injury rate may take (per employer, by industry class).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WorkInjuryRange {
    pub from: YearMonth,
    pub min_bp: u32,
    pub max_bp: u32,
    pub illustrative: bool,
    pub reference: &'static str,
}

/// The base work-injury rates of the eight industry risk classes (工伤保险行业风险分类,
/// 一类 to 八类), `base_bp[0]` for class 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct IndustryRates {
    pub from: YearMonth,
    pub base_bp: [u32; 8],
    pub illustrative: bool,
    pub reference: &'static str,
}

/// The flexible workers' pension rate (paid entirely by the individual).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FlexibleRate {
    pub from: YearMonth,
    pub pension_bp: u32,
    pub illustrative: bool,
    pub reference: &'static str,
}

// The tables of `core/data/policy.toml`, as `build.rs` wrote them: `BASE_LIMITS`,
// `RATES`, `WORK_INJURY`, `INDUSTRY_CLASSES` and `FLEXIBLE`, each in ascending `from` order.
include!(concat!(env!("OUT_DIR"), "/policy_data.rs"));

fn missing(month: YearMonth) -> Violation {
    Violation::new(Code::PolicyMissing, "month").with("month", month)
}

/// A policy entry that applies from a month until the next entry of its table.
trait Dated: Copy {
    fn from(&self) -> YearMonth;
}

macro_rules! dated {
    ($($entry:ty),*) => {$(
        impl Dated for $entry {
            fn from(&self) -> YearMonth {
                self.from
            }
        }
    )*};
}
dated!(
    BaseLimits,
    Rates,
    WorkInjuryRange,
    IndustryRates,
    FlexibleRate
);

/// The latest entry that applies in `month` (entries are in ascending `from` order,
/// which the build script checks).
fn in_force<'a, T: Dated + 'a>(
    entries: impl IntoIterator<Item = &'a T>,
    month: YearMonth,
) -> Option<T> {
    entries
        .into_iter()
        .filter(|e| e.from() <= month)
        .last()
        .copied()
}

pub fn base_limits(month: YearMonth) -> Result<BaseLimits, Violation> {
    in_force(BASE_LIMITS, month).ok_or_else(|| missing(month))
}

/// The fixed rates of an insurance in `month`. Work injury has no fixed rate (each
/// employer has its own, within [`work_injury_range`]), so for it this is
/// `POLICY_MISSING`; use [`crate::contribution::amounts`] with the employer's rate.
pub fn rates(insurance: Insurance, month: YearMonth) -> Result<Rates, Violation> {
    in_force(RATES.iter().filter(|e| e.insurance == insurance), month)
        .ok_or_else(|| missing(month).with("insurance", insurance.code()))
}

pub fn work_injury_range(month: YearMonth) -> Result<WorkInjuryRange, Violation> {
    in_force(WORK_INJURY, month)
        .ok_or_else(|| missing(month).with("insurance", Insurance::WorkInjury.code()))
}

/// The industry classes' base work-injury rates in force in `month`.
pub fn industry_rates(month: YearMonth) -> Result<IndustryRates, Violation> {
    in_force(INDUSTRY_CLASSES, month)
        .ok_or_else(|| missing(month).with("insurance", Insurance::WorkInjury.code()))
}

pub fn flexible_rate(month: YearMonth) -> Result<FlexibleRate, Violation> {
    in_force(FLEXIBLE, month).ok_or_else(|| missing(month))
}

/// Renders basis points as a percentage for messages: 20 → `0.20%`, 1600 → `16.00%`.
pub fn bp_percent(bp: u32) -> String {
    format!("{}.{:02}%", bp / 100, bp % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u8) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn the_latest_entry_in_force_wins() {
        let l = base_limits(ym(2024, 6)).unwrap();
        assert_eq!((l.min, l.max), (Fen::yuan(4812), Fen::yuan(24060)));
        let l = base_limits(ym(2023, 12)).unwrap();
        assert_eq!((l.min, l.max), (Fen::yuan(4462), Fen::yuan(22311)));
        assert_eq!(base_limits(ym(2027, 1)).unwrap().min, Fen::yuan(4812));
        assert_eq!(base_limits(ym(2021, 1)).unwrap().min, Fen::yuan(3322));
        assert_eq!(
            base_limits(ym(2020, 12)).unwrap_err().code,
            Code::PolicyMissing
        );
    }

    #[test]
    fn rates_and_maternity_within_medical() {
        let r = rates(Insurance::Pension, ym(2026, 11)).unwrap();
        assert_eq!((r.employer_bp, r.individual_bp), (1600, 800));
        let r = rates(Insurance::Maternity, ym(2026, 11)).unwrap();
        assert_eq!(r.included_in, Some(Insurance::Medical));
        assert_eq!((r.employer_bp, r.individual_bp), (0, 0));
        assert!(rates(Insurance::WorkInjury, ym(2026, 11)).is_err());
        let w = work_injury_range(ym(2026, 11)).unwrap();
        assert_eq!((w.min_bp, w.max_bp), (20, 190));
        assert_eq!(flexible_rate(ym(2026, 11)).unwrap().pension_bp, 2000);
        assert_eq!(bp_percent(20), "0.20%");
    }

    #[test]
    fn industry_classes_of_2015_lie_within_the_range() {
        let c = industry_rates(ym(2026, 11)).unwrap();
        assert_eq!(c.base_bp, [20, 40, 70, 90, 110, 130, 160, 190]);
        assert_eq!(c.from, ym(2015, 10));
        let w = work_injury_range(ym(2026, 11)).unwrap();
        assert!(c
            .base_bp
            .iter()
            .all(|bp| (w.min_bp..=w.max_bp).contains(bp)));
        assert_eq!(
            industry_rates(ym(2015, 9)).unwrap_err().code,
            Code::PolicyMissing
        );
    }
}
