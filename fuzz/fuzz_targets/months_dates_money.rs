//! Months (`YYYY-MM`, `YYYYMM`), dates (`YYYY-MM-DD`) and amounts in yuan from any text:
//! what is accepted prints in the canonical form, which parses back to the same value;
//! a date survives the day-count round trip; an amount is never negative; refusals
//! are well formed and name the field they were asked about.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shebao_core::money::Fen;
use shebao_core::time::{Date, YearMonth};
use shebao_fuzz::{check_violation, date_before, month_near, yuan, FieldInput};

const FIELD: &str = "some_field";

fuzz_target!(|input: FieldInput| {
    let today = input.today();
    let text = input.text(&[
        &|seed| month_near(seed, today.year_month()),
        &|seed| date_before(seed, today),
        &yuan,
    ]);

    match YearMonth::parse(&text, FIELD) {
        Ok(month) => {
            assert!((1..=12).contains(&month.month()));
            let canonical = month.to_string();
            assert_eq!(YearMonth::parse(&canonical, FIELD), Ok(month));
            assert_eq!(YearMonth::from_index(month.index()), month);
            assert_eq!(month.next().prev(), month);
            assert!(month.first_day() <= month.last_day());
            let json = serde_json::to_string(&month).unwrap();
            assert_eq!(serde_json::from_str::<YearMonth>(&json).unwrap(), month);
        }
        Err(v) => check_violation(&v, &[FIELD]),
    }

    match Date::parse(&text, FIELD) {
        Ok(date) => {
            assert_eq!(Date::parse(&date.to_string(), FIELD), Ok(date));
            assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), date);
            assert_eq!(Date::new(date.year(), date.month(), date.day()), Some(date));
            let month = date.year_month();
            assert!(month.first_day() <= date && date <= month.last_day());
            let json = serde_json::to_string(&date).unwrap();
            assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), date);
        }
        Err(v) => check_violation(&v, &[FIELD]),
    }

    match Fen::parse_yuan(&text, FIELD) {
        Ok(amount) => {
            assert!(amount >= Fen::ZERO, "{text:?} gave {amount:?}");
            assert_eq!(Fen::parse_yuan(&amount.to_string(), FIELD), Ok(amount));
        }
        Err(v) => check_violation(&v, &[FIELD]),
    }
});
