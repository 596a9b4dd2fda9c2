//! The whole enrolment form (增员) from arbitrary or well-formed fields, any person
//! status and any instant from 2020 to 2030. A verdict is either a plan or a non-empty
//! list of well-formed violations against the form's fields, never both; every field
//! its own parser refuses is reported against that field; an accepted plan holds
//! exactly what its fields parse to, in the windows and limits of its handling month;
//! the verdict the browser is sent reads back from JSON as itself.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use shebao_core::api::{EmployerTerms, EnrolmentForm, EnrolmentPlan};
use shebao_core::contribution::WorkInjuryRate;
use shebao_core::enrolment::{self, allowed_start_months, classify, HukouType, PersonStatus};
use shebao_core::ids::{CitizenId, Mobile};
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::policy;
use shebao_core::time::{cst_date, handling_month, Date, YearMonth};
use shebao_core::violation::{Violation, Violations};
use shebao_fuzz::*;

#[derive(Arbitrary, Debug)]
struct Input {
    status: u8,
    known_name: String,
    citizen_id: Typed,
    name: Typed,
    mobile: Typed,
    hukou_district: Typed,
    hukou_type: Typed,
    employment_start: Typed,
    monthly_wage: Typed,
    pension_start: Typed,
    unemployment_start: Typed,
    checked_month: Option<Typed>,
    work_injury_bp: u16,
    now: u64,
}

const FIELDS: &[&str] = &[
    "citizen_id",
    "name",
    "mobile",
    "hukou_district",
    "hukou_type",
    "employment_start",
    "monthly_wage",
    "pension_start",
    "unemployment_start",
    "checked_month",
    // The policy table has no entry for the month (before 2021).
    "month",
    "work_injury_rate",
];

const NAMES: [&str; 4] = ["张三", "阿卜杜拉·买买提", "Zhāng San", "欧阳 娜娜"];

fuzz_target!(|input: Input| {
    let now = now_ms(input.now);
    let today = cst_date(now);
    let handling = handling_month(now);
    let status = match input.status % 5 {
        0 => PersonStatus::Unknown,
        1 => PersonStatus::Known {
            name: input.known_name.clone(),
        },
        2 => PersonStatus::ActiveHere,
        3 => PersonStatus::ActiveElsewhere,
        _ => PersonStatus::ActiveFlexible,
    };
    // An employer's rate is checked when the employer is registered; only a valid one
    // ever reaches the form.
    let Ok(work_injury_rate) =
        WorkInjuryRate::from_bp(u32::from(input.work_injury_bp) % 300, handling)
    else {
        return;
    };
    let employer = EmployerTerms { work_injury_rate };
    let form = EnrolmentForm {
        citizen_id: input.citizen_id.text(|s| citizen_id(s, today)),
        name: input
            .name
            .text(|s| NAMES[s as usize % NAMES.len()].to_string()),
        mobile: input.mobile.text(mobile),
        hukou_district: input.hukou_district.text(district),
        hukou_type: input
            .hukou_type
            .text(|s| ["urban", "rural", "城镇", "农村"][s as usize % 4].to_string()),
        employment_start: input.employment_start.text(|s| date_before(s, today)),
        monthly_wage: input.monthly_wage.text(yuan),
        pension_start: input.pension_start.text(|s| month_near(s, handling)),
        unemployment_start: input.unemployment_start.text(|s| month_near(s, handling)),
        checked_month: input
            .checked_month
            .as_ref()
            .map(|t| t.text(|s| month_near(s, handling))),
    };

    let result = enrolment::plan(&status, &form, &employer, now);
    assert_eq!(
        enrolment::plan(&status, &form, &employer, now),
        result,
        "not deterministic"
    );

    match &result {
        Err(violations) => {
            check_refusal(violations, FIELDS);
            if classify(&status).is_ok() {
                each_refused_field_is_reported(&form, today, violations);
            }
        }
        Ok(plan) => accepted_plan_is_the_form(plan, &form, &status, now),
    }

    check_verdict(result);
});

/// Every field its own parser refuses shows up among the form's violations.
fn each_refused_field_is_reported(form: &EnrolmentForm, today: Date, violations: &Violations) {
    let reported = |field: &str| violations.iter().any(|v| v.field == field);
    let refused = |r: Result<(), Violation>| r.is_err();
    let checks = [
        (
            "citizen_id",
            refused(CitizenId::parse(&form.citizen_id, today).map(drop)),
        ),
        ("mobile", refused(Mobile::parse(&form.mobile).map(drop))),
        (
            "hukou_district",
            refused(enrolment::parse_district(&form.hukou_district, "hukou_district").map(drop)),
        ),
        (
            "hukou_type",
            refused(HukouType::parse(&form.hukou_type, "hukou_type").map(drop)),
        ),
        (
            "employment_start",
            refused(Date::parse(&form.employment_start, "employment_start").map(drop)),
        ),
        (
            "monthly_wage",
            refused(Fen::parse_yuan(&form.monthly_wage, "monthly_wage").map(drop)),
        ),
        (
            "pension_start",
            refused(YearMonth::parse(&form.pension_start, "pension_start").map(drop)),
        ),
        (
            "unemployment_start",
            refused(YearMonth::parse(&form.unemployment_start, "unemployment_start").map(drop)),
        ),
    ];
    for (field, was_refused) in checks {
        if was_refused {
            assert!(
                reported(field),
                "{field} is invalid but not reported: {violations:?}"
            );
        }
    }
}

/// An accepted plan is exactly what the fields parse to, inside the month's rules.
fn accepted_plan_is_the_form(
    plan: &EnrolmentPlan,
    form: &EnrolmentForm,
    status: &PersonStatus,
    now: i64,
) {
    let today = cst_date(now);
    let handling = handling_month(now);
    assert_eq!(plan.handling_month, handling);
    assert_eq!(Ok(plan.case), classify(status));
    let id = CitizenId::parse(&form.citizen_id, today).expect("an accepted form's ID parses");
    assert_eq!(plan.citizen_id, id);
    assert_eq!(plan.birth_date, id.birth_date());
    assert_eq!(plan.gender, id.gender());
    assert_eq!(Ok(&plan.mobile), Mobile::parse(&form.mobile).as_ref());
    assert!(!plan.name.is_empty() && plan.name.chars().count() <= enrolment::NAME_MAX_CHARS);
    assert_eq!(
        Date::parse(&form.employment_start, "x"),
        Ok(plan.employment_start)
    );
    assert!(plan.employment_start.year_month() <= handling);
    let wage = Fen::parse_yuan(&form.monthly_wage, "x").expect("an accepted wage parses");
    assert_eq!(plan.base.wage, wage);
    assert!(wage > Fen::ZERO && wage <= enrolment::WAGE_MAX);
    let limits = policy::base_limits(handling).expect("policy in force");
    assert!(
        limits.min <= plan.base.base && plan.base.base <= limits.max,
        "{plan:?}"
    );
    for insurance in [
        Insurance::Pension,
        Insurance::Unemployment,
        Insurance::WorkInjury,
    ] {
        let start = plan.starts[&insurance];
        assert!(allowed_start_months(insurance, handling).contains(&start));
        let a = plan.amounts[&insurance];
        assert!(
            a.employer >= Fen::ZERO && a.individual >= Fen::ZERO,
            "{a:?}"
        );
        assert!(
            a.total() <= plan.base.base,
            "a month's contribution above its base: {a:?}"
        );
    }
    assert_eq!(plan.starts[&Insurance::WorkInjury], handling);
    let _ = plan.needs_review();
}
