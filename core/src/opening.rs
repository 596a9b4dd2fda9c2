//! Opening a unit online (开办企业全程网上办): a new company's social-insurance
//! registration and its first employees' enrolments in one filing.
//!
//! The founder (or the contact person, 专管员) files the unit, the contact person who
//! becomes the unit's agent, and the employees, each as an ordinary [`EnrolmentForm`].
//! [`plan`] judges the whole filing at once and answers an [`OpeningPlan`] or every
//! violation, each against its path in the filing (see [`employee_field`]).
//!
//! A filing may have **no employees**: a company is often registered before it hires
//! anyone, and 社会保险法 第五十七条 obliges it to register within 30 days of founding
//! all the same. Such a filing is only the unit's registration; its employees come
//! later through the ordinary 增员.
//!
//! What only the store knows comes in as [`OpeningFacts`]: whether the credit code is
//! already registered and each employee's [`PersonStatus`]. [`check_form`] judges
//! everything else first, so that a filing with errors never makes the server read
//! anyone's insurance status (as `enrolment::check_form` does for one enrolment).

use crate::api::batch::MAX_ROWS;
use crate::application::ReviewFlag;
use crate::contribution::WorkInjuryRate;
use crate::enrolment::{self, parse_district, parse_name, EmployerTerms, EnrolmentForm};
use crate::enrolment::{EnrolmentPlan, PersonStatus};
use crate::ids::{CitizenId, CreditCode, Mobile};
use crate::industry::IndustryClass;
use crate::text::normalize_text;
use crate::time::{self, cst_date, handling_month, Date, YearMonth};
use crate::violation::{Code, Violation, Violations};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// 社会保险法 第五十七条 and 第五十八条: a unit registers within 30 days of its founding,
/// and an employee within 30 days of being hired. Counted as the law counts periods
/// (民法典 第二百零一条): from the next day, so the 30th day after is the last one in time.
pub const REGISTRATION_DAYS: i64 = 30;
/// The most characters of a unit's name (long enough for a branch's full name).
pub const UNIT_NAME_MAX_CHARS: usize = 100;
/// The most characters of a registered address.
pub const ADDRESS_MAX_CHARS: usize = 200;
/// The most employees one filing may carry: as many as a batch of 增员.
pub const MAX_EMPLOYEES: usize = MAX_ROWS;

/// The unit, as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UnitForm {
    /// 统一社会信用代码
    pub credit_code: String,
    /// 单位名称
    pub name: String,
    /// 注册地址
    pub registered_address: String,
    /// The district of the insured place: a code of [`crate::region::DISTRICTS`].
    pub district: String,
    /// 成立日期, `YYYY-MM-DD`.
    pub founding_date: String,
    /// 法定代表人
    pub legal_representative: String,
    /// 行业风险类别: `1`–`8` or `一类`–`八类`.
    pub industry_class: String,
}

/// The contact person (专管员), who becomes the unit's agent on approval.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContactForm {
    pub name: String,
    pub mobile: String,
}

/// The filing, every field as typed: what the browser sends and the server receives.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpeningForm {
    pub unit: UnitForm,
    pub contact: ContactForm,
    /// 0 to [`MAX_EMPLOYEES`]. Each one's own `checked_month` is not read: the filing's
    /// is judged once, for all of them.
    pub employees: Vec<EnrolmentForm>,
    /// The handling month the browser validated against (`YYYY-MM`), if it says.
    pub checked_month: Option<String>,
}

/// What only the store knows when the filing is judged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpeningFacts {
    /// A unit with this credit code is already registered.
    pub credit_code_registered: bool,
    /// Each employee's status, in the order of the filing's employees (the IDs
    /// [`check_form`] returns). A missing one is taken as [`PersonStatus::Unknown`],
    /// as [`check_form`] takes them all.
    pub statuses: Vec<PersonStatus>,
}

/// The unit as it will be registered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRegistration {
    pub credit_code: CreditCode,
    pub name: String,
    pub registered_address: String,
    /// A district code of [`crate::region::DISTRICTS`]: the unit number's prefix.
    pub district: String,
    pub founding_date: Date,
    pub legal_representative: String,
    pub industry_class: IndustryClass,
    /// The class's base rate in the handling month.
    pub work_injury_rate: WorkInjuryRate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub mobile: Mobile,
}

/// A judged filing: what will be recorded if the unit is approved. The employees'
/// enrolments take effect with the unit's approval, never before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningPlan {
    pub handling_month: YearMonth,
    pub unit: UnitRegistration,
    pub contact: Contact,
    /// The last day of the 30 the law gives to register the unit.
    pub registration_due: Date,
    /// In the filing's order; each with its own flags.
    pub employees: Vec<EnrolmentPlan>,
    /// The unit's own reasons for a person to review it.
    pub flags: Vec<ReviewFlag>,
}

impl OpeningPlan {
    /// A filing with anything flagged, the unit or any employee, waits for a reviewer;
    /// a clean one is approved automatically.
    pub fn needs_review(&self) -> bool {
        !self.flags.is_empty() || self.employees.iter().any(EnrolmentPlan::needs_review)
    }
}

/// The path of an employee's field in the filing: `employees[1].pension_start` for the
/// first employee's. Employees are numbered from 1, as a batch's rows are (and as the
/// pages show them), not from 0.
pub fn employee_field(number: usize, field: &str) -> String {
    format!("employees[{number}].{field}")
}

/// The employee number and field of a path made by [`employee_field`].
pub fn split_employee_field(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("employees[")?;
    let (number, field) = rest.split_once("].")?;
    Some((number.parse().ok()?, field))
}

fn unit_field(field: &str) -> String {
    format!("unit.{field}")
}

fn parse_text(input: &str, field: &str, max: usize) -> Result<String, Violation> {
    let text = normalize_text(input);
    if text.is_empty() {
        Err(Violation::new(Code::Required, field))
    } else if text.chars().count() > max {
        Err(Violation::new(Code::TooLong, field).with("max", max))
    } else {
        Ok(text)
    }
}

fn parse_founding_date(input: &str, today: Date) -> Result<Date, Violation> {
    let field = unit_field("founding_date");
    let date = Date::parse(input, &field)?;
    if date > today {
        return Err(Violation::new(Code::FoundingDateFuture, field).with("date", date));
    }
    Ok(date)
}

/// True when registering on `today` is later than the law's 30 days after `start`.
fn late(start: Date, today: Date) -> bool {
    today > start.add_days(REGISTRATION_DAYS)
}

/// Judges everything that does not depend on the store, so the server can refuse a
/// filing with errors before it reads anything; answers the employees' citizen IDs, in
/// order, whose statuses [`plan`] then needs.
pub fn check_form(form: &OpeningForm, now_ms: i64) -> Result<Vec<CitizenId>, Violations> {
    let plan = plan(form, &OpeningFacts::default(), now_ms)?;
    Ok(plan.employees.into_iter().map(|e| e.citizen_id).collect())
}

/// Judges a filing submitted at `now_ms`, with what the store knows.
pub fn plan(
    form: &OpeningForm,
    facts: &OpeningFacts,
    now_ms: i64,
) -> Result<OpeningPlan, Violations> {
    let handling = handling_month(now_ms);
    let today = cst_date(now_ms);
    let mut v = Violations::new();

    v.take(time::check_form_month(
        form.checked_month.as_deref(),
        handling,
    ));

    // ---- the unit ----
    let u = &form.unit;
    let credit_code = v.take(
        CreditCode::parse(&u.credit_code)
            .map_err(|e| e.in_field(unit_field(CreditCode::FIELD)))
            .and_then(|code| {
                if facts.credit_code_registered {
                    Err(Violation::new(
                        Code::CreditCodeRegistered,
                        unit_field(CreditCode::FIELD),
                    ))
                } else {
                    Ok(code)
                }
            }),
    );
    let name = v.take(parse_text(&u.name, "unit.name", UNIT_NAME_MAX_CHARS));
    let address = v.take(parse_text(
        &u.registered_address,
        "unit.registered_address",
        ADDRESS_MAX_CHARS,
    ));
    let district = v.take(parse_district(&u.district, "unit.district"));
    let founding = v.take(parse_founding_date(&u.founding_date, today));
    let legal = v.take(parse_name(
        &u.legal_representative,
        "unit.legal_representative",
    ));
    let class = v.take(IndustryClass::parse(
        &u.industry_class,
        "unit.industry_class",
    ));
    let rate = class.and_then(|c| {
        v.take(
            c.work_injury_rate(handling)
                .map_err(|e| e.in_field("unit.industry_class")),
        )
    });

    // ---- the contact person ----
    let contact_name = v.take(parse_name(&form.contact.name, "contact.name"));
    let contact_mobile =
        v.take(Mobile::parse(&form.contact.mobile).map_err(|e| e.in_field("contact.mobile")));

    // ---- the employees ----
    if form.employees.len() > MAX_EMPLOYEES {
        v.push(Violation::new(Code::TooLong, "employees").with("max", MAX_EMPLOYEES));
        return Err(v);
    }
    // While the class is wrong the employees are still judged, at the lowest rate (as
    // the browser judges a single enrolment), so every error shows at once.
    let terms = match rate {
        Some(work_injury_rate) => Some(EmployerTerms { work_injury_rate }),
        None => EmployerTerms::lowest_rate(handling).ok(),
    };
    let mut employees = Vec::with_capacity(form.employees.len());
    let mut first_of: BTreeMap<CitizenId, usize> = BTreeMap::new();
    for (i, employee) in form.employees.iter().enumerate() {
        let number = i + 1;
        let status = facts.statuses.get(i).unwrap_or(&PersonStatus::Unknown);
        let planned = match &terms {
            Some(terms) => {
                let one = EnrolmentForm {
                    checked_month: None,
                    ..employee.clone()
                };
                enrolment::plan(status, &one, terms, now_ms)
            }
            None => Err(Violations::new()),
        };
        let mut own = match &planned {
            Ok(_) => Vec::new(),
            Err(e) => e.0.clone(),
        };
        if let Some(founding) = founding {
            own.extend(before_founding(employee, founding, &own));
        }
        if let Ok(id) = CitizenId::parse(&employee.citizen_id, today) {
            match first_of.get(&id) {
                Some(&first) => own.push(
                    Violation::new(Code::CitizenIdRepeated, CitizenId::FIELD).with("first", first),
                ),
                None => {
                    first_of.insert(id, number);
                }
            }
        }
        for e in own {
            let field = employee_field(number, &e.field);
            v.push(e.in_field(field));
        }
        if let Ok(mut p) = planned {
            // 第五十八条: registered more than 30 days after hiring.
            if late(p.employment_start, today) {
                p.flags.push(ReviewFlag::LateEmployeeRegistration);
            }
            employees.push(p);
        }
    }

    let (
        Some(credit_code),
        Some(name),
        Some(registered_address),
        Some(district),
        Some(founding_date),
        Some(legal_representative),
        Some(industry_class),
        Some(work_injury_rate),
        Some(contact_name),
        Some(contact_mobile),
    ) = (
        credit_code,
        name,
        address,
        district,
        founding,
        legal,
        class,
        rate,
        contact_name,
        contact_mobile,
    )
    else {
        return Err(v);
    };
    if !v.is_empty() {
        return Err(v);
    }

    let mut flags = Vec::new();
    // 第五十七条: registered more than 30 days after founding. Accepted (the unit must
    // still be registered), but a reviewer looks at it.
    if late(founding_date, today) {
        flags.push(ReviewFlag::LateUnitRegistration);
    }
    Ok(OpeningPlan {
        handling_month: handling,
        unit: UnitRegistration {
            credit_code,
            name,
            registered_address,
            district: district.code.to_string(),
            founding_date,
            legal_representative,
            industry_class,
            work_injury_rate,
        },
        contact: Contact {
            name: contact_name,
            mobile: contact_mobile,
        },
        registration_due: founding_date.add_days(REGISTRATION_DAYS),
        employees,
        flags,
    })
}

/// An employee's starts that come before the unit existed: the employment start date
/// before the founding date, a start month before the founding month. A field the
/// ordinary rules already refused (`already`) is not refused twice.
fn before_founding(
    employee: &EnrolmentForm,
    founding: Date,
    already: &[Violation],
) -> Vec<Violation> {
    let refused = |field: &str| already.iter().any(|v| v.field == field);
    let too_early = |field: &str, value: String| {
        Violation::new(Code::BeforeFounding, field)
            .with("value", value)
            .with("founding", founding)
    };
    let mut out = Vec::new();
    if !refused("employment_start") {
        if let Ok(date) = Date::parse(&employee.employment_start, "employment_start") {
            if date < founding {
                out.push(too_early("employment_start", date.to_string()));
            }
        }
    }
    for (field, input) in [
        ("pension_start", &employee.pension_start),
        ("unemployment_start", &employee.unemployment_start),
    ] {
        if refused(field) {
            continue;
        }
        if let Ok(month) = YearMonth::parse(input, field) {
            if month < founding.year_month() {
                out.push(too_early(field, month.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insurance::Insurance;
    use crate::test_support::at;

    fn employee(id: &str, start: &str) -> EnrolmentForm {
        EnrolmentForm {
            citizen_id: id.into(),
            employment_start: start.into(),
            monthly_wage: "6500".into(),
            checked_month: Some("2026-01".into()),
            ..crate::test_support::enrolment_form()
        }
    }

    fn form() -> OpeningForm {
        OpeningForm {
            unit: UnitForm {
                credit_code: "91350200776049653A".into(),
                name: "宁波甬新科技有限公司".into(),
                registered_address: "宁波市鄞州区首南街道天童南路1号".into(),
                district: "330212".into(),
                founding_date: "2026-11-02".into(),
                legal_representative: "李四".into(),
                industry_class: "一类".into(),
            },
            contact: ContactForm {
                name: "王五".into(),
                mobile: "13912345678".into(),
            },
            employees: vec![employee("34052419800101001X", "2026-11-02")],
            checked_month: Some("2026-11".into()),
        }
    }

    #[test]
    fn a_clean_filing() {
        let p = plan(&form(), &OpeningFacts::default(), at(2026, 11, 15)).unwrap();
        assert_eq!(p.unit.work_injury_rate.bp(), 20);
        assert_eq!(p.registration_due.to_string(), "2026-12-02");
        assert_eq!(
            p.employees[0].amounts[&Insurance::WorkInjury].employer.0,
            1300
        );
        assert!(!p.needs_review(), "{:?}", p);
        assert_eq!(
            check_form(&form(), at(2026, 11, 15)).unwrap()[0].as_str(),
            "34052419800101001X"
        );
    }

    #[test]
    fn no_employees_is_a_unit_registration() {
        let mut f = form();
        f.employees.clear();
        let p = plan(&f, &OpeningFacts::default(), at(2026, 11, 15)).unwrap();
        assert!(p.employees.is_empty());
    }

    #[test]
    fn thirty_days_from_the_day_after_founding() {
        let mut f = form();
        f.unit.founding_date = "2026-10-16".into();
        f.employees[0].employment_start = "2026-10-16".into();
        f.employees[0].pension_start = "2026-10".into();
        let on_time = plan(&f, &OpeningFacts::default(), at(2026, 11, 15)).unwrap();
        assert_eq!(on_time.flags, []);
        assert_eq!(on_time.employees[0].flags, [ReviewFlag::Retroactive]);
        let late = plan(&f, &OpeningFacts::default(), at(2026, 11, 16)).unwrap();
        assert_eq!(late.flags, [ReviewFlag::LateUnitRegistration]);
        assert_eq!(
            late.employees[0].flags,
            [
                ReviewFlag::Retroactive,
                ReviewFlag::LateEmployeeRegistration
            ]
        );
        assert!(late.needs_review());
    }

    #[test]
    fn refusals_name_their_paths() {
        let mut f = form();
        f.unit.founding_date = "2026-11-16".into();
        f.unit.industry_class = "9".into();
        f.contact.mobile = "12912345678".into();
        let e = plan(&f, &OpeningFacts::default(), at(2026, 11, 15)).unwrap_err();
        let got: Vec<(Code, &str)> = e.iter().map(|v| (v.code, v.field.as_str())).collect();
        assert_eq!(
            got,
            [
                (Code::FoundingDateFuture, "unit.founding_date"),
                (Code::BadChoice, "unit.industry_class"),
                (Code::MobilePrefix, "contact.mobile"),
            ]
        );

        let mut f = form();
        f.unit.founding_date = "2026-11-10".into();
        f.employees[0].pension_start = "2026-10".into();
        f.employees
            .push(employee("34052419800101001x", "2026-11-10"));
        f.employees[1].unemployment_start = "2026-09".into();
        let facts = OpeningFacts {
            credit_code_registered: true,
            statuses: vec![PersonStatus::Unknown, PersonStatus::ActiveElsewhere],
        };
        let e = plan(&f, &facts, at(2026, 11, 15)).unwrap_err();
        let got: Vec<(Code, &str)> = e.iter().map(|v| (v.code, v.field.as_str())).collect();
        assert_eq!(
            got,
            [
                (Code::CreditCodeRegistered, "unit.credit_code"),
                (Code::BeforeFounding, "employees[1].employment_start"),
                (Code::BeforeFounding, "employees[1].pension_start"),
                (Code::ActiveElsewhere, "employees[2].citizen_id"),
                (Code::BeforeFounding, "employees[2].unemployment_start"),
                (Code::CitizenIdRepeated, "employees[2].citizen_id"),
            ]
        );
        assert_eq!(e.0[5].params["first"], "1");
        assert_eq!(
            split_employee_field("employees[2].citizen_id"),
            Some((2, "citizen_id"))
        );
    }

    #[test]
    fn the_checked_month_is_the_filings() {
        let mut f = form();
        f.checked_month = Some("2026-10".into());
        let e = plan(&f, &OpeningFacts::default(), at(2026, 11, 15)).unwrap_err();
        assert_eq!(e.codes(), [Code::MonthChanged]);
    }
}
