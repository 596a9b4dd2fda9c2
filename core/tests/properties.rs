#![cfg(not(target_arch = "wasm32"))]
//! Property tests: parsers and month rules over generated inputs. Expected values are
//! computed here independently (check characters, rates), not taken from core.

use proptest::prelude::*;
use shebao_core::contribution::{self, clamp_base, WorkInjuryRate};
use shebao_core::enrolment::{self, EmployerTerms, EnrolmentForm, PersonStatus};
use shebao_core::ids::{CitizenId, CreditCode};
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::stop::{self, ActiveEmployment, StopForm};
use shebao_core::time::{cst_instant, Date, YearMonth};
use shebao_core::{policy, Code};

const PROVINCES: &[&str] = &[
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];
const TODAY_DAYS: i64 = 20_784; // 2026-11-27

fn today() -> Date {
    Date::from_days_since_epoch(TODAY_DAYS)
}

fn id_check(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = first17
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    b"10X98765432"[(s % 11) as usize] as char
}

fn credit_check(first17: &str) -> char {
    const A: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let s: u32 = first17
        .bytes()
        .zip(W)
        .map(|(b, w)| A.iter().position(|&a| a == b).unwrap() as u32 * w)
        .sum();
    A[((31 - s % 31) % 31) as usize] as char
}

fn valid_id() -> impl Strategy<Value = String> {
    (
        0..PROVINCES.len(),
        0u32..10_000,
        -40_000i64..=TODAY_DAYS,
        0u32..1000,
    )
        .prop_map(|(p, region, days, seq)| {
            let d = Date::from_days_since_epoch(days);
            let first17 = format!(
                "{}{region:04}{:04}{:02}{:02}{seq:03}",
                PROVINCES[p],
                d.year(),
                d.month(),
                d.day()
            );
            let c = id_check(&first17);
            format!("{first17}{c}")
        })
}

fn valid_credit() -> impl Strategy<Value = String> {
    proptest::collection::vec(0usize..31, 17).prop_map(|v| {
        let a: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        let first17: String = v.into_iter().map(|i| a[i] as char).collect();
        let c = credit_check(&first17);
        format!("{first17}{c}")
    })
}

fn ym() -> impl Strategy<Value = YearMonth> {
    (2021i32..2040, 1u8..=12).prop_map(|(y, m)| YearMonth::new(y, m).unwrap())
}

/// A handling month whose whole start window (this month and the one before)
/// lies inside the policy table, which begins in 2021-01. The month before the
/// table is covered by `a_start_before_the_policy_table_names_the_missing_policy`.
fn handling_ym() -> impl Strategy<Value = YearMonth> {
    ym().prop_filter("window inside the policy table", |m| {
        *m > YearMonth::new(2021, 1).unwrap()
    })
}

proptest! {
    #[test]
    fn valid_ids_parse_and_round_trip(id in valid_id()) {
        let parsed = CitizenId::parse(&id, today()).unwrap();
        prop_assert_eq!(parsed.as_str(), id.as_str());
        let lower = id.to_lowercase();
        let reparsed = CitizenId::parse(&lower, today()).unwrap();
        prop_assert_eq!(reparsed.as_str(), id.as_str());
    }

    #[test]
    fn any_single_change_of_an_id_is_rejected(id in valid_id(), pos in 0usize..18, c in prop::sample::select(b"0123456789Xx".to_vec())) {
        let mut b = id.clone().into_bytes();
        prop_assume!(!b[pos].eq_ignore_ascii_case(&c));
        b[pos] = c;
        let changed = String::from_utf8(b).unwrap();
        prop_assert!(CitizenId::parse(&changed, today()).is_err(), "{} accepted", changed);
    }

    #[test]
    fn any_single_change_of_a_credit_code_is_rejected(code in valid_credit(), pos in 0usize..18, c in prop::sample::select(b"0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ".to_vec())) {
        prop_assert!(CreditCode::parse(&code).is_ok());
        let mut b = code.clone().into_bytes();
        prop_assume!(b[pos] != c);
        b[pos] = c;
        let changed = String::from_utf8(b).unwrap();
        prop_assert!(CreditCode::parse(&changed).is_err(), "{} accepted", changed);
    }

    #[test]
    fn year_month_add_sub_round_trips(m in ym(), n in -1200i32..1200) {
        prop_assert_eq!(m.add_months(n).add_months(-n), m);
        prop_assert_eq!(m.months_until(m.add_months(n)), n);
    }

    #[test]
    fn no_start_month_outside_its_window(handling in handling_ym(), offset in -30i32..30) {
        let now = cst_instant(handling.first_day(), 12, 0, 0);
        let start = handling.add_months(offset);
        let (form, terms) = enrolment_with_pension_from(handling, start);
        let result = enrolment::plan(&PersonStatus::Unknown, &form, &terms, now);
        let in_window = offset == 0 || offset == -1;
        prop_assert_eq!(result.is_ok(), in_window);
        if let Err(v) = result {
            prop_assert!(v.codes().contains(&Code::StartMonthWindow));
        }
    }

    #[test]
    fn no_stop_month_outside_its_window(handling in ym(), offset in -30i32..30) {
        let now = cst_instant(handling.last_day(), 23, 59, 59);
        let active = ActiveEmployment {
            starts: Insurance::EMPLOYER_MANAGED.into_iter().map(|i| (i, YearMonth::new(2000, 1).unwrap())).collect(),
        };
        let form = StopForm {
            citizen_id: "34052419800101001X".into(),
            stop_month: handling.add_months(offset).to_string(),
            reason: "resigned".into(),
            checked_month: Some(handling.to_string()),
        };
        let result = stop::plan(Some(&active), &form, now);
        prop_assert_eq!(result.is_ok(), offset == 0 || offset == -1);
        if let Ok(p) = result {
            prop_assert_eq!(p.stops[&Insurance::WorkInjury], handling);
        }
    }

    #[test]
    fn amounts_are_the_rates_applied_to_the_clamped_base(wage in 1i64..5_000_000, month in ym(), wi in 20u32..=190) {
        let limits = policy::base_limits(month).unwrap();
        let c = clamp_base(Fen(wage), &limits);
        let expected_base = wage.clamp(limits.min.0, limits.max.0);
        prop_assert_eq!(c.base.0, expected_base);
        // Independently: round half up on non-negative integers.
        let r = |bp: i64| (expected_base * bp * 2 + 10_000) / 20_000;
        let rate = WorkInjuryRate::from_bp(wi, month).unwrap();
        for (ins, e, i) in [
            (Insurance::Pension, 1600, 800),
            (Insurance::Unemployment, 50, 50),
            (Insurance::Medical, 950, 200),
            (Insurance::WorkInjury, i64::from(wi), 0),
        ] {
            let a = contribution::amounts(ins, c.base, month, rate).unwrap();
            prop_assert_eq!((a.employer.0, a.individual.0), (r(e), r(i)), "{:?}", ins);
        }
    }
}

/// An enrolment form in `handling` month (employed three months before, unemployment
/// insurance from `handling`) whose pension starts in `pension_start`, and an employer's
/// terms (a 0.40% work-injury rate) for it.
fn enrolment_with_pension_from(
    handling: YearMonth,
    pension_start: YearMonth,
) -> (EnrolmentForm, EmployerTerms) {
    let form = EnrolmentForm {
        citizen_id: "34052419800101001X".into(),
        name: "张三".into(),
        mobile: "13812345678".into(),
        hukou_district: "330211".into(),
        hukou_type: "urban".into(),
        employment_start: handling.add_months(-3).first_day().to_string(),
        monthly_wage: "6500".into(),
        pension_start: pension_start.to_string(),
        unemployment_start: handling.to_string(),
        checked_month: None,
    };
    let terms = EmployerTerms {
        work_injury_rate: WorkInjuryRate::from_bp(40, handling).unwrap(),
    };
    (form, terms)
}

/// Found by the property above (handling 2021-01, start 2020-12): a start
/// month inside the window but before the policy table is refused, and the
/// refusal says which month has no policy rather than blaming the window.
#[test]
fn a_start_before_the_policy_table_names_the_missing_policy() {
    let handling = YearMonth::new(2021, 1).unwrap();
    let now = cst_instant(handling.first_day(), 12, 0, 0);
    let (form, terms) = enrolment_with_pension_from(handling, handling.add_months(-1));
    let refused = enrolment::plan(&PersonStatus::Unknown, &form, &terms, now).unwrap_err();
    assert!(
        refused.codes().contains(&Code::PolicyMissing),
        "{:?}",
        refused.codes()
    );
    assert!(
        !refused.codes().contains(&Code::StartMonthWindow),
        "{:?}",
        refused.codes()
    );
}
