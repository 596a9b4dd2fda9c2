//! The four identifiers (citizen ID, credit code, unit number, mobile) from any text:
//! an accepted identifier is the normalised input, re-parses to itself and reads back
//! from JSON; a refusal is one well-formed violation against the identifier's field;
//! `validate_id` (what the browser and `/api/v1/validate` answer) agrees with the parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shebao_core::api::{validate_id, IdKind, ValidateIdRequest, ValidateIdResponse};
use shebao_core::ids::{CitizenId, CreditCode, Mobile, UnitNumber};
use shebao_core::text::normalize_identifier;
use shebao_core::violation::Violation;
use shebao_fuzz::{check_violation, citizen_id, credit_code, mobile, unit_number, FieldInput};

fuzz_target!(|input: FieldInput| {
    let today = input.today();
    let text = input.text(&[
        &|seed| citizen_id(seed, today),
        &credit_code,
        &unit_number,
        &mobile,
    ]);

    let once = normalize_identifier(&text);
    assert_eq!(
        normalize_identifier(&once),
        once,
        "normalising twice changes {text:?}"
    );

    let verdict = |kind| {
        validate_id(
            &ValidateIdRequest {
                kind,
                value: text.clone(),
            },
            today,
        )
    };

    match CitizenId::parse(&text, today) {
        Ok(id) => {
            assert_eq!(id.as_str(), once);
            assert_eq!(CitizenId::parse(id.as_str(), today).as_ref(), Ok(&id));
            assert_eq!(id.to_string(), id.as_str());
            let b = id.as_str().as_bytes();
            assert_eq!(CitizenId::check_char(&b[..17]), b[17] as char);
            assert!(id.birth_date() <= today);
            assert!(id.age_in(today.year_month()) >= 0);
            assert_eq!(id.masked().chars().count(), 18);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(serde_json::from_str::<CitizenId>(&json).unwrap(), id);
            let v = verdict(IdKind::CitizenId);
            accepted(&v, id.as_str());
            assert_eq!(v.birth_date, Some(id.birth_date()));
            assert_eq!(v.gender, Some(id.gender()));
            assert_eq!(
                v.region.as_ref().map(|r| r.code.as_str()),
                Some(id.region_code())
            );
        }
        Err(e) => refused(&verdict(IdKind::CitizenId), e, CitizenId::FIELD),
    }

    match CreditCode::parse(&text) {
        Ok(code) => {
            assert_eq!(code.as_str(), once);
            assert_eq!(CreditCode::parse(code.as_str()).as_ref(), Ok(&code));
            assert_eq!(code.to_string(), code.as_str());
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(serde_json::from_str::<CreditCode>(&json).unwrap(), code);
            accepted(&verdict(IdKind::CreditCode), code.as_str());
        }
        Err(e) => refused(&verdict(IdKind::CreditCode), e, CreditCode::FIELD),
    }

    match UnitNumber::parse(&text) {
        Ok(number) => {
            assert_eq!(number.as_str(), once);
            assert_eq!(UnitNumber::parse(number.as_str()).as_ref(), Ok(&number));
            assert_eq!(number.to_string(), number.as_str());
            assert!(number.as_str().starts_with(number.district().code));
            let json = serde_json::to_string(&number).unwrap();
            assert_eq!(serde_json::from_str::<UnitNumber>(&json).unwrap(), number);
            accepted(&verdict(IdKind::UnitNumber), number.as_str());
        }
        Err(e) => refused(&verdict(IdKind::UnitNumber), e, UnitNumber::FIELD),
    }

    match Mobile::parse(&text) {
        Ok(m) => {
            let digits = m.as_str();
            assert!(digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(Mobile::parse(digits).as_ref(), Ok(&m));
            assert_eq!(m.to_string(), digits);
            assert_eq!(m.masked().chars().count(), 11);
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<Mobile>(&json).unwrap(), m);
            accepted(&verdict(IdKind::Mobile), digits);
        }
        Err(e) => refused(&verdict(IdKind::Mobile), e, Mobile::FIELD),
    }
});

/// `validate_id` accepts exactly what the parser accepted, normalised the same way.
fn accepted(verdict: &ValidateIdResponse, normalized: &str) {
    assert!(verdict.valid, "{verdict:?}");
    assert!(
        verdict.violations.is_empty(),
        "accepted with violations: {verdict:?}"
    );
    assert_eq!(verdict.normalized.as_deref(), Some(normalized));
}

/// `validate_id` refuses with exactly the parser's violation, well formed.
fn refused(verdict: &ValidateIdResponse, violation: Violation, field: &str) {
    check_violation(&violation, &[field]);
    assert!(
        !verdict.valid && verdict.normalized.is_none(),
        "{verdict:?}"
    );
    assert_eq!(verdict.violations, vec![violation]);
}
