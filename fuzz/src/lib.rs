//! What the fuzz targets share: the checks every refusal must pass, and the well-formed
//! values they mix into the fuzzer's strings so that the accepting paths of core's rules
//! are reached too (random bytes almost never make a citizen ID with the right check
//! character).

use arbitrary::Arbitrary;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shebao_core::api::CheckedForm;
use shebao_core::ids::{CitizenId, CreditCode, UnitNumber};
use shebao_core::region::DISTRICTS;
use shebao_core::time::{cst_date, Date, YearMonth};
use shebao_core::violation::{Code, Lang, Violation, Violations};

/// 2020-06-01T00:00:00Z: the earliest "now" a target judges at (the policy table starts
/// in 2021-01, so the months before it exercise `POLICY_MISSING`).
const NOW_FROM_MS: i64 = 1_590_969_600_000;
/// Ten years of milliseconds.
const NOW_SPAN_MS: u64 = 10 * 365 * 24 * 3_600_000;

/// An instant between mid-2020 and mid-2030, from the fuzzer's number.
pub fn now_ms(raw: u64) -> i64 {
    NOW_FROM_MS + (raw % NOW_SPAN_MS) as i64
}

/// A refusal is well formed: a known code, against one of the fields the form has, a
/// message in both languages with every placeholder filled, and a wire form that
/// reads back as itself.
pub fn check_violation(v: &Violation, fields: &[&str]) {
    assert!(Code::ALL.contains(&v.code), "unknown code in {v:?}");
    assert!(
        fields.contains(&v.field.as_str()),
        "{v:?} is against a field outside {fields:?}"
    );
    for lang in [Lang::Zh, Lang::En] {
        let message = v.message(lang);
        assert!(!message.trim().is_empty(), "empty message for {v:?}");
        // A parameter may quote what was typed, braces included; only judge the
        // template when no parameter could have put a brace there.
        if v.params.values().all(|p| !p.contains('{')) {
            assert!(
                !has_placeholder(&message),
                "unfilled placeholder in {message:?} for {v:?}"
            );
        }
        assert!(!v.summary(lang).trim().is_empty());
    }
    let json = serde_json::to_string(v).expect("a violation serialises");
    let back: Violation = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(&back, v);
}

/// A form's verdict as the browser and the server send it (`CheckedForm`): `ok` exactly
/// when there is a plan and no violation, and the plan reads back from the JSON as it
/// was (a plan is stored with its application and read back when it is approved).
pub fn check_verdict<P>(result: Result<P, Violations>)
where
    P: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let checked = CheckedForm::from_result(result);
    assert_eq!(checked.ok, checked.violations.is_empty());
    assert_eq!(checked.ok, checked.plan.is_some());
    let json = serde_json::to_value(&checked).expect("a verdict serialises");
    assert_eq!(json["ok"], checked.ok);
    assert_eq!(json.get("plan").is_some(), checked.ok, "{json}");
    if let Some(plan) = &checked.plan {
        let back: P = serde_json::from_value(json["plan"].clone()).expect("the plan reads back");
        assert_eq!(&back, plan);
    }
}

/// A refusal of a whole form names at least one reason, each well formed.
pub fn check_refusal(violations: &Violations, fields: &[&str]) {
    assert!(!violations.is_empty(), "a form refused without a reason");
    for v in violations.iter() {
        check_violation(v, fields);
    }
}

/// Whether `{name}` (a template parameter) is left in a message.
fn has_placeholder(message: &str) -> bool {
    message.split('{').skip(1).any(|after| {
        after.find('}').is_some_and(|close| {
            close > 0
                && after[..close]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
        })
    })
}

/// A field as the fuzzer fills it: arbitrary text, a well-formed value, or a
/// well-formed value typed the way people type (full-width, spaces, lower-case x).
#[derive(Arbitrary, Debug, Clone)]
pub enum Typed {
    Raw(String),
    Valid(u32),
    Decorated(u32, u8),
}

impl Typed {
    /// The text typed into the field; `valid` makes the well-formed value from a seed.
    pub fn text(&self, valid: impl Fn(u32) -> String) -> String {
        match self {
            Typed::Raw(s) => s.clone(),
            Typed::Valid(seed) => valid(*seed),
            Typed::Decorated(seed, how) => decorate(&valid(*seed), *how),
        }
    }
}

/// One field's text from the fuzzer: which kind of value to mix in (`kind`, modulo the
/// kinds a target has), typed how, and the instant it is judged at.
#[derive(Arbitrary, Debug)]
pub struct FieldInput {
    pub kind: u8,
    pub typed: Typed,
    pub now: u64,
}

impl FieldInput {
    /// The day (CST) of the instant the text is judged at.
    pub fn today(&self) -> Date {
        cst_date(now_ms(self.now))
    }

    /// The typed text; a well-formed value comes from the `kind`-th maker of `valid`.
    pub fn text(&self, valid: &[&dyn Fn(u32) -> String]) -> String {
        self.typed.text(valid[usize::from(self.kind) % valid.len()])
    }
}

/// The same value as a person might type it.
pub fn decorate(value: &str, how: u8) -> String {
    let mut out: String = if how & 1 == 1 {
        value.chars().map(to_fullwidth).collect()
    } else {
        value.to_string()
    };
    if how & 2 == 2 {
        out = out.to_lowercase();
    }
    if how & 4 == 4 {
        out = format!(" {out}\u{3000}");
    }
    out
}

fn to_fullwidth(c: char) -> char {
    if ('!'..='~').contains(&c) {
        char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

const REGIONS: [&str; 6] = ["330203", "330212", "110105", "340524", "440305", "650102"];

/// A valid citizen ID of someone born between 0 and about 90 years before `today`.
pub fn citizen_id(seed: u32, today: Date) -> String {
    let region = REGIONS[(seed % REGIONS.len() as u32) as usize];
    let days_back = i64::from((seed / 8) % 33_000);
    let birth = Date::from_days_since_epoch(today.days_since_epoch() - days_back);
    let seq = (seed / 7) % 1000;
    let first17 = format!(
        "{region}{:04}{:02}{:02}{seq:03}",
        birth.year(),
        birth.month(),
        birth.day()
    );
    let check = CitizenId::check_char(first17.as_bytes());
    format!("{first17}{check}")
}

/// A valid unified social credit code.
pub fn credit_code(seed: u32) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut state = u64::from(seed).wrapping_mul(6_364_136_223_846_793_005) | 1;
    let first17: String = (0..17)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ALPHABET[((state >> 33) % 31) as usize] as char
        })
        .collect();
    let check = CreditCode::check_char(first17.as_bytes());
    format!("{first17}{check}")
}

/// A valid unit number (单位编号) of one of the districts.
pub fn unit_number(seed: u32) -> String {
    let district = DISTRICTS[(seed as usize) % DISTRICTS.len()];
    UnitNumber::new(district.code, (seed / 64) % 100_000).to_string()
}

/// A valid mobile number, sometimes with the country code.
pub fn mobile(seed: u32) -> String {
    let number = format!("1{}{:09}", 3 + seed % 7, (seed / 7) % 1_000_000_000);
    if seed % 5 == 0 {
        format!("+86 {number}")
    } else {
        number
    }
}

/// A district code, or its name in Chinese.
pub fn district(seed: u32) -> String {
    DISTRICTS[(seed as usize) % DISTRICTS.len()]
        .code
        .to_string()
}

/// A month near `handling` (from two before to one after), as `YYYY-MM` or `YYYYMM`.
pub fn month_near(seed: u32, handling: YearMonth) -> String {
    let month = handling.add_months((seed % 4) as i32 - 2);
    if seed & 4 == 4 {
        format!("{:04}{:02}", month.year(), month.month())
    } else {
        month.to_string()
    }
}

/// A day within about five years before `today`.
pub fn date_before(seed: u32, today: Date) -> String {
    Date::from_days_since_epoch(today.days_since_epoch() - i64::from(seed % 2_000) + 10).to_string()
}

/// An amount in yuan as people type it: whole, with decimals, or with thousands
/// separators.
pub fn yuan(seed: u32) -> String {
    let fen = u64::from(seed % 5_000_000);
    let (whole, cents) = (fen / 100, fen % 100);
    match seed % 3 {
        0 => whole.to_string(),
        1 => format!("{whole}.{cents:02}"),
        _ => {
            let digits = whole.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            format!("{grouped}.{cents:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shebao_core::ids::Mobile;
    use shebao_core::money::Fen;

    /// The generators make what core accepts; otherwise the accepting paths go unfuzzed.
    #[test]
    fn generated_values_are_valid() {
        let today = Date::new(2026, 11, 27).unwrap();
        for seed in (0..200_000u32).step_by(997) {
            CitizenId::parse(&citizen_id(seed, today), today).unwrap();
            CreditCode::parse(&credit_code(seed)).unwrap();
            UnitNumber::parse(&unit_number(seed)).unwrap();
            Mobile::parse(&mobile(seed)).unwrap();
            Fen::parse_yuan(&yuan(seed), "x").unwrap();
            for how in 0..8 {
                CitizenId::parse(&decorate(&citizen_id(seed, today), how), today).unwrap();
            }
        }
    }

    #[test]
    fn placeholders_are_seen() {
        assert!(has_placeholder("最多 {max} 个字"));
        assert!(!has_placeholder("{} and {Max} and {"));
    }
}
