//! Dates and months in China Standard Time.
//!
//! All month arithmetic is in CST (Asia/Shanghai: UTC+8, no daylight saving). Core never
//! reads a clock: callers pass the instant as milliseconds since the Unix epoch (UTC),
//! and [`handling_month`] turns it into the month (办理月) that the rules are judged in.

use crate::violation::{Code, Violation};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// China Standard Time is UTC+8 all year.
pub const CST_OFFSET_MS: i64 = 8 * 60 * 60 * 1000;
const MS_PER_DAY: i64 = 24 * 60 * 60 * 1000;

/// A real calendar date (proleptic Gregorian). Only constructible when it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date, if it exists. Years 1..=9999 only.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
    pub fn year_month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month,
        }
    }

    /// Parses `YYYY-MM-DD` (half-width or full-width digits, surrounding spaces allowed).
    pub fn parse(input: &str, field: &str) -> Result<Date, Violation> {
        let text = crate::text::normalize_identifier(input);
        if text.is_empty() {
            return Err(Violation::new(Code::Required, field));
        }
        let bad = || Violation::new(Code::BadFormat, field).with("expected", "YYYY-MM-DD");
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let year = parse_digits(&b[0..4]).ok_or_else(bad)? as i32;
        let month = parse_digits(&b[5..7]).ok_or_else(bad)? as u8;
        let day = parse_digits(&b[8..10]).ok_or_else(bad)? as u8;
        Date::new(year, month, day)
            .ok_or_else(|| Violation::new(Code::DateInvalid, field).with("date", &text))
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `n` days later (earlier when `n` is negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// The date `days` after 1970-01-01. Howard Hinnant's `civil_from_days`.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

fn parse_digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A calendar month, e.g. 2026-11.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    pub fn new(year: i32, month: u8) -> Option<YearMonth> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(YearMonth { year, month })
    }
    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }

    /// Months since January of year 0: makes month arithmetic plain integer arithmetic.
    pub fn index(self) -> i32 {
        self.year * 12 + i32::from(self.month) - 1
    }

    pub const fn from_index(index: i32) -> YearMonth {
        YearMonth {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u8,
        }
    }

    /// This month plus `n` months (`n` may be negative).
    pub fn add_months(self, n: i32) -> YearMonth {
        YearMonth::from_index(self.index() + n)
    }
    pub fn prev(self) -> YearMonth {
        self.add_months(-1)
    }
    pub fn next(self) -> YearMonth {
        self.add_months(1)
    }
    /// Whole months from `self` to `later` (negative if `later` is earlier).
    pub fn months_until(self, later: YearMonth) -> i32 {
        later.index() - self.index()
    }
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }
    pub fn last_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: days_in_month(self.year, self.month),
        }
    }

    /// Parses `YYYY-MM` (also `YYYYMM`, as printed on many forms).
    pub fn parse(input: &str, field: &str) -> Result<YearMonth, Violation> {
        let text = crate::text::normalize_identifier(input);
        if text.is_empty() {
            return Err(Violation::new(Code::Required, field));
        }
        let bad = || Violation::new(Code::BadFormat, field).with("expected", "YYYY-MM");
        let b = text.as_bytes();
        let (y, m) = match b.len() {
            7 if b[4] == b'-' => (&b[0..4], &b[5..7]),
            6 => (&b[0..4], &b[4..6]),
            _ => return Err(bad()),
        };
        let year = parse_digits(y).ok_or_else(bad)? as i32;
        let month = parse_digits(m).ok_or_else(bad)? as u8;
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The date in CST of an instant (milliseconds since the Unix epoch, UTC).
pub fn cst_date(instant_ms: i64) -> Date {
    Date::from_days_since_epoch((instant_ms + CST_OFFSET_MS).div_euclid(MS_PER_DAY))
}

/// The handling month (办理月): the month, in CST, of the instant a submission is accepted.
pub fn handling_month(instant_ms: i64) -> YearMonth {
    cst_date(instant_ms).year_month()
}

/// The UTC instant (ms) at which a CST wall-clock time occurs.
pub fn cst_instant(date: Date, hour: u8, minute: u8, second: u8) -> i64 {
    date.days_since_epoch() * MS_PER_DAY
        + (i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * 1000
        - CST_OFFSET_MS
}

/// Refuses a submission whose form was checked in another handling month than the one
/// the server accepts it in: the months offered to the user may no longer be allowed.
pub fn ensure_same_month(checked: YearMonth, handling: YearMonth) -> Result<(), Violation> {
    if checked == handling {
        Ok(())
    } else {
        Err(Violation::new(Code::MonthChanged, "checked_month")
            .with("checked", checked)
            .with("handling", handling))
    }
}

/// The handling-month check of a submitted form: when the browser says which month it
/// validated the form in (`checked_month`), that must still be the handling month.
/// Nothing given means nothing to compare (e.g. an API client that does not say).
pub fn check_form_month(checked: Option<&str>, handling: YearMonth) -> Result<(), Violation> {
    match checked.map(str::trim) {
        None | Some("") => Ok(()),
        Some(text) => ensure_same_month(YearMonth::parse(text, "checked_month")?, handling),
    }
}

/// Months listed for a message, e.g. `2026-10、2026-11`.
pub fn list_months(months: &[YearMonth]) -> String {
    months
        .iter()
        .map(YearMonth::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

macro_rules! string_serde {
    ($ty:ty, $field:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                <$ty>::parse(&text, $field)
                    .map_err(|v| serde::de::Error::custom(v.message(crate::Lang::En)))
            }
        }
    };
}
string_serde!(Date, "date");
string_serde!(YearMonth, "month");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(97) {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days, "{d}");
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
    }

    #[test]
    fn handling_month_is_in_cst_not_utc() {
        // 2026-11-30 16:00:00 UTC is 2026-12-01 00:00:00 CST.
        let last_second = cst_instant(Date::new(2026, 11, 30).unwrap(), 23, 59, 59);
        assert_eq!(handling_month(last_second).to_string(), "2026-11");
        assert_eq!(handling_month(last_second + 1000).to_string(), "2026-12");
        assert_eq!(
            handling_month(last_second + 1000 - 1),
            YearMonth::new(2026, 11).unwrap()
        );
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        let jan = YearMonth::new(2027, 1).unwrap();
        assert_eq!(jan.prev().to_string(), "2026-12");
        assert_eq!(jan.add_months(-13).to_string(), "2025-12");
        assert_eq!(jan.prev().next(), jan);
    }

    #[test]
    fn parsing_months_and_dates() {
        assert_eq!(
            YearMonth::parse("２０２６－１１", "m").unwrap().to_string(),
            "2026-11"
        );
        assert_eq!(
            YearMonth::parse("202611", "m").unwrap().to_string(),
            "2026-11"
        );
        assert_eq!(
            YearMonth::parse("2026-13", "m").unwrap_err().code,
            Code::BadFormat
        );
        assert_eq!(
            Date::parse("2024-02-29", "d").unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::parse("2023-02-29", "d").unwrap_err().code,
            Code::DateInvalid
        );
    }
}
