//! Statutory retirement age (法定退休年龄), for the review flag on enrolments.
//!
//! Before the reform: men 60, women workers 50 (women cadres 55; the rules core cannot
//! tell a cadre from a worker, so it flags from 50, the earlier age — a flag only asks a
//! reviewer to look, it refuses nothing).
//!
//! The gradual reform (全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定,
//! 2024-09-13, in force 2025-01-01, 附件《国务院关于渐进式延迟法定退休年龄的办法》):
//! - men born from January 1965: +1 month for every 4 months of birth, up to +36
//!   months (63): born 1965-01..04 retire at 60 years 1 month, 1965-05..08 at 60y2m, …;
//! - women workers born from January 1975 (original age 50): +1 month for every
//!   2 months of birth, up to +60 months (55).

use crate::ids::Gender;
use crate::time::{Date, YearMonth};

/// Extra months of working life under the 2025 reform for someone born in `birth`.
fn delay_months(birth: YearMonth, gender: Gender) -> i32 {
    let (first_affected, per, max) = match gender {
        Gender::Male => (YearMonth::new(1965, 1).expect("month"), 4, 36),
        Gender::Female => (YearMonth::new(1975, 1).expect("month"), 2, 60),
    };
    let since = first_affected.months_until(birth);
    if since < 0 {
        0
    } else {
        (since / per + 1).min(max)
    }
}

/// The statutory retirement age in months.
pub fn retirement_age_months(birth: Date, gender: Gender) -> i32 {
    let base_years = match gender {
        Gender::Male => 60,
        Gender::Female => 50,
    };
    base_years * 12 + delay_months(birth.year_month(), gender)
}

/// The month in which the person reaches statutory retirement age.
pub fn retirement_month(birth: Date, gender: Gender) -> YearMonth {
    birth
        .year_month()
        .add_months(retirement_age_months(birth, gender))
}

/// At or past retirement age in `month`.
pub fn is_at_retirement_age(birth: Date, gender: Gender, month: YearMonth) -> bool {
    month >= retirement_month(birth, gender)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8) -> Date {
        Date::new(y, m, 15).unwrap()
    }

    #[test]
    fn follows_the_reform_table() {
        assert_eq!(
            retirement_month(d(1964, 12), Gender::Male).to_string(),
            "2024-12"
        );
        assert_eq!(
            retirement_month(d(1965, 1), Gender::Male).to_string(),
            "2025-02"
        );
        assert_eq!(
            retirement_month(d(1965, 4), Gender::Male).to_string(),
            "2025-05"
        );
        assert_eq!(
            retirement_month(d(1965, 5), Gender::Male).to_string(),
            "2025-07"
        );
        assert_eq!(retirement_age_months(d(1980, 1), Gender::Male), 63 * 12);
        assert_eq!(
            retirement_month(d(1974, 12), Gender::Female).to_string(),
            "2024-12"
        );
        assert_eq!(
            retirement_month(d(1975, 1), Gender::Female).to_string(),
            "2025-02"
        );
        assert_eq!(
            retirement_month(d(1975, 3), Gender::Female).to_string(),
            "2025-05"
        );
        assert_eq!(retirement_age_months(d(1990, 1), Gender::Female), 55 * 12);
        assert!(is_at_retirement_age(
            d(1965, 1),
            Gender::Male,
            YearMonth::new(2025, 2).unwrap()
        ));
        assert!(!is_at_retirement_age(
            d(1965, 1),
            Gender::Male,
            YearMonth::new(2025, 1).unwrap()
        ));
    }
}
