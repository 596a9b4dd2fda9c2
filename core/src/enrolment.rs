//! Enrolling an employee: 社会保险职工参保登记 (增员).
//!
//! The agent searches by social security number; the person's status decides the case
//! ([`classify`]): a new enrolment (新参保), a resumption (续保), or a refusal. Then the
//! form is judged as a whole ([`plan`]): every field is checked and every violation
//! reported at once, each against its field; what passes becomes an [`EnrolmentPlan`]
//! with the months, the base, the first month's amounts and the review flags.

use crate::application::ReviewFlag;
use crate::contribution::{self, clamp_base, Amounts, ClampedBase, WorkInjuryRate};
use crate::ids::{CitizenId, Gender, Mobile};
use crate::insurance::Insurance;
use crate::money::Fen;
use crate::policy;
use crate::region::District;
use crate::retirement;
use crate::text::normalize_text;
use crate::time::{self, cst_date, handling_month, list_months, Date, YearMonth};
use crate::violation::{Code, Violation, Violations};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the records say about the person searched for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PersonStatus {
    /// Not in the records.
    Unknown,
    /// In the records, with no active employment or flexible enrolment anywhere.
    Known { name: String },
    /// Insured at this employer.
    ActiveHere,
    /// Insured at another employer (never named to this one).
    ActiveElsewhere,
    /// Insured as a flexible worker.
    ActiveFlexible,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentCase {
    /// 新参保: the agent fills in the basic information.
    New,
    /// 续保: the form is pre-filled from the record; the agent confirms the name.
    Resumption,
}

/// The case of an enrolment, or why there cannot be one.
pub fn classify(status: &PersonStatus) -> Result<EnrolmentCase, Violation> {
    let refuse = |code| Err(Violation::new(code, CitizenId::FIELD));
    match status {
        PersonStatus::Unknown => Ok(EnrolmentCase::New),
        PersonStatus::Known { .. } => Ok(EnrolmentCase::Resumption),
        PersonStatus::ActiveHere => refuse(Code::AlreadyHere),
        PersonStatus::ActiveElsewhere => refuse(Code::ActiveElsewhere),
        PersonStatus::ActiveFlexible => refuse(Code::ActiveFlexible),
    }
}

/// The start months (参保年月) an agent may choose in `handling`: pension and
/// unemployment the handling month or the month before (a late registration for last
/// month is common); work injury only the handling month (cover cannot start in the
/// past). Earliest first.
pub fn allowed_start_months(insurance: Insurance, handling: YearMonth) -> Vec<YearMonth> {
    match insurance {
        Insurance::WorkInjury => vec![handling],
        _ => vec![handling.prev(), handling],
    }
}

/// Masks a name for search results: the first character and one `*` for each other
/// (张三 → 张*, 欧阳娜娜 → 欧***). A one-character name is shown as it is.
pub fn mask_name(name: &str) -> String {
    let name = normalize_text(name);
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HukouType {
    /// 城镇
    Urban,
    /// 农村
    Rural,
}

impl HukouType {
    pub fn parse(input: &str, field: &str) -> Result<HukouType, Violation> {
        match normalize_text(input).as_str() {
            "" => Err(Violation::new(Code::Required, field)),
            "urban" | "城镇" => Ok(HukouType::Urban),
            "rural" | "农村" => Ok(HukouType::Rural),
            other => Err(Violation::new(Code::BadChoice, field).with("value", other)),
        }
    }
}

/// A district of household registration, by its code in [`crate::region::DISTRICTS`].
pub fn parse_district(input: &str, field: &str) -> Result<District, Violation> {
    let code = crate::text::normalize_identifier(input);
    if code.is_empty() {
        return Err(Violation::new(Code::Required, field));
    }
    District::by_code(&code)
        .ok_or_else(|| Violation::new(Code::BadChoice, field).with("value", code))
}

/// The enrolment form, every field as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnrolmentForm {
    pub citizen_id: String,
    pub name: String,
    pub mobile: String,
    /// A code of [`crate::region::DISTRICTS`].
    pub hukou_district: String,
    /// `urban` or `rural`.
    pub hukou_type: String,
    /// `YYYY-MM-DD`
    pub employment_start: String,
    /// Yuan, as typed.
    pub monthly_wage: String,
    /// `YYYY-MM`
    pub pension_start: String,
    /// `YYYY-MM`
    pub unemployment_start: String,
    /// The handling month the browser validated against (`YYYY-MM`), if it says.
    pub checked_month: Option<String>,
}

/// What the employer brings to every enrolment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployerTerms {
    pub work_injury_rate: WorkInjuryRate,
}

impl EmployerTerms {
    /// The terms the browser judges with: the lowest work-injury rate of the range in
    /// force in `handling` (the employer's own rate is known only to the server, which
    /// re-checks with it).
    pub fn lowest_rate(handling: YearMonth) -> Result<EmployerTerms, Violations> {
        let range = policy::work_injury_range(handling)?;
        Ok(EmployerTerms {
            work_injury_rate: WorkInjuryRate::from_bp(range.min_bp, handling)?,
        })
    }
}

/// The most characters a name may have (long minority and foreign names included).
pub const NAME_MAX_CHARS: usize = 30;
/// No monthly wage above this is plausible; it is a typo (an extra zero or two).
pub const WAGE_MAX: Fen = Fen::yuan(1_000_000);
/// The youngest age at which someone may be insured as an employee.
pub const MIN_AGE: i32 = 16;

/// A judged enrolment: what will be recorded if the application is approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentPlan {
    pub case: EnrolmentCase,
    pub handling_month: YearMonth,
    pub citizen_id: CitizenId,
    pub name: String,
    pub mobile: Mobile,
    pub hukou_district: String,
    pub hukou_type: HukouType,
    pub gender: Gender,
    pub birth_date: Date,
    pub employment_start: Date,
    /// Start month per insurance (pension, unemployment, work injury).
    pub starts: BTreeMap<Insurance, YearMonth>,
    pub base: ClampedBase,
    /// The first month's amounts per insurance (at each insurance's start month).
    pub amounts: BTreeMap<Insurance, Amounts>,
    /// Reasons for a person to review it; empty means it can be approved automatically.
    pub flags: Vec<ReviewFlag>,
}

impl EnrolmentPlan {
    pub fn needs_review(&self) -> bool {
        !self.flags.is_empty()
    }
}

/// A name is letters (any script: 张三, Zhāng, Абай), with the middle dot of
/// transliterated names (阿卜杜拉·买买提), spaces and hyphens between parts. Digits and
/// punctuation such as `<`, `'` or `;` are never part of a name: they are typos or
/// something worse, and are reported with their position.
fn name_char_allowed(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '·' | '•' | '・' | ' ' | '-')
}

pub(crate) fn parse_name(input: &str, field: &str) -> Result<String, Violation> {
    let name = normalize_text(input);
    if name.is_empty() {
        return Err(Violation::new(Code::Required, field));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(Violation::new(Code::TooLong, field).with("max", NAME_MAX_CHARS));
    }
    if let Some((i, c)) = name
        .chars()
        .enumerate()
        .find(|(_, c)| !name_char_allowed(*c))
    {
        return Err(Violation::new(Code::BadChar, field)
            .with("position", i + 1)
            .with("char", c));
    }
    Ok(name)
}

fn parse_start(
    input: &str,
    field: &str,
    insurance: Insurance,
    handling: YearMonth,
) -> Result<YearMonth, Violation> {
    let month = YearMonth::parse(input, field)?;
    let allowed = allowed_start_months(insurance, handling);
    if allowed.contains(&month) {
        Ok(month)
    } else {
        Err(Violation::new(Code::StartMonthWindow, field)
            .with("insurance", insurance.code())
            .with("allowed", list_months(&allowed)))
    }
}

/// Judges everything in an enrolment form that does not depend on who the person is,
/// so that the server can refuse a form with errors before it reads anyone's status: a
/// form that is wrong anyway must not tell the sender where the person is insured.
/// (The form asks the same of a new and of a returning person; only the case differs.)
pub fn check_form(
    form: &EnrolmentForm,
    employer: &EmployerTerms,
    now_ms: i64,
) -> Result<(), Violations> {
    plan(&PersonStatus::Unknown, form, employer, now_ms).map(|_| ())
}

/// Judges an enrolment form for a person in `status`, submitted at `now_ms`.
pub fn plan(
    status: &PersonStatus,
    form: &EnrolmentForm,
    employer: &EmployerTerms,
    now_ms: i64,
) -> Result<EnrolmentPlan, Violations> {
    let case = classify(status)?;
    let handling = handling_month(now_ms);
    let today = cst_date(now_ms);
    let mut v = Violations::new();

    v.take(time::check_form_month(
        form.checked_month.as_deref(),
        handling,
    ));
    let id = v.take(CitizenId::parse(&form.citizen_id, today));
    let name = v.take(parse_name(&form.name, "name"));
    let mobile = v.take(Mobile::parse(&form.mobile));
    let district = v.take(parse_district(&form.hukou_district, "hukou_district"));
    let hukou_type = v.take(HukouType::parse(&form.hukou_type, "hukou_type"));
    let employment_start = v.take(
        Date::parse(&form.employment_start, "employment_start").and_then(|date| {
            if date.year_month() > handling {
                Err(
                    Violation::new(Code::EmploymentStartLate, "employment_start")
                        .with("date", date)
                        .with("handling", handling),
                )
            } else {
                Ok(date)
            }
        }),
    );
    let wage = v.take(
        Fen::parse_yuan(&form.monthly_wage, "monthly_wage").and_then(|wage| {
            if wage <= Fen::ZERO || wage > WAGE_MAX {
                Err(Violation::new(Code::WageRange, "monthly_wage").with("max", WAGE_MAX))
            } else {
                Ok(wage)
            }
        }),
    );
    let pension = v.take(parse_start(
        &form.pension_start,
        "pension_start",
        Insurance::Pension,
        handling,
    ));
    let unemployment = v.take(parse_start(
        &form.unemployment_start,
        "unemployment_start",
        Insurance::Unemployment,
        handling,
    ));
    let work_injury = handling;

    // Age: judged in the earliest month cover would start.
    if let Some(id) = &id {
        let earliest = [pension, unemployment, Some(work_injury)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(handling);
        let age = id.age_in(earliest);
        if age < MIN_AGE {
            v.push(Violation::new(Code::Under16, CitizenId::FIELD).with("age", age.max(0)));
        }
    }

    let limits = v.take(policy::base_limits(handling));
    let base = match (wage, limits) {
        (Some(wage), Some(limits)) => Some(clamp_base(wage, &limits)),
        _ => None,
    };

    let (
        Some(id),
        Some(name),
        Some(mobile),
        Some(district),
        Some(hukou_type),
        Some(employment_start),
        Some(base),
        Some(pension),
        Some(unemployment),
    ) = (
        id,
        name,
        mobile,
        district,
        hukou_type,
        employment_start,
        base,
        pension,
        unemployment,
    )
    else {
        return Err(v);
    };
    if !v.is_empty() {
        return Err(v);
    }

    let starts: BTreeMap<Insurance, YearMonth> = [
        (Insurance::Pension, pension),
        (Insurance::Unemployment, unemployment),
        (Insurance::WorkInjury, work_injury),
    ]
    .into_iter()
    .collect();
    let mut amounts = BTreeMap::new();
    for (&insurance, &month) in &starts {
        match contribution::amounts(insurance, base.base, month, employer.work_injury_rate) {
            Ok(a) => {
                amounts.insert(insurance, a);
            }
            Err(e) => v.push(e),
        }
    }
    if !v.is_empty() {
        return Err(v);
    }

    let mut flags = Vec::new();
    if starts.values().any(|&m| m < handling) {
        flags.push(ReviewFlag::Retroactive);
    }
    if base.clamp.is_some() {
        flags.push(ReviewFlag::ClampedBase);
    }
    if retirement::is_at_retirement_age(id.birth_date(), id.gender(), handling) {
        flags.push(ReviewFlag::RetirementAge);
    }
    if let PersonStatus::Known { name: recorded } = status {
        if normalize_text(recorded) != name {
            flags.push(ReviewFlag::NameMismatch);
        }
    }

    Ok(EnrolmentPlan {
        case,
        handling_month: handling,
        gender: id.gender(),
        birth_date: id.birth_date(),
        citizen_id: id,
        name,
        mobile,
        hukou_district: district.code.to_string(),
        hukou_type,
        employment_start,
        starts,
        base,
        amounts,
        flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, enrolment_form as form};

    fn terms() -> EmployerTerms {
        EmployerTerms {
            work_injury_rate: WorkInjuryRate::from_bp(40, YearMonth::new(2026, 11).unwrap())
                .unwrap(),
        }
    }

    #[test]
    fn classify_each_status() {
        assert_eq!(classify(&PersonStatus::Unknown), Ok(EnrolmentCase::New));
        assert_eq!(
            classify(&PersonStatus::Known {
                name: "张三".into()
            }),
            Ok(EnrolmentCase::Resumption)
        );
        for (s, c) in [
            (PersonStatus::ActiveHere, Code::AlreadyHere),
            (PersonStatus::ActiveElsewhere, Code::ActiveElsewhere),
            (PersonStatus::ActiveFlexible, Code::ActiveFlexible),
        ] {
            assert_eq!(classify(&s).unwrap_err().code, c);
        }
    }

    #[test]
    fn a_clean_new_enrolment() {
        let p = plan(&PersonStatus::Unknown, &form(), &terms(), at(2026, 11, 15)).unwrap();
        assert_eq!(p.case, EnrolmentCase::New);
        assert_eq!(p.base.base, Fen::yuan(6500));
        assert_eq!(p.amounts[&Insurance::Pension].employer, Fen::yuan(1040));
        assert_eq!(p.amounts[&Insurance::WorkInjury].employer, Fen(2600));
        assert!(!p.needs_review(), "{:?}", p.flags);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let f = EnrolmentForm {
            citizen_id: "340524198001010013".into(),
            name: "".into(),
            mobile: "12812345678".into(),
            hukou_district: "110105".into(),
            hukou_type: "city".into(),
            employment_start: "2026-12-01".into(),
            monthly_wage: "0".into(),
            pension_start: "2026-09".into(),
            unemployment_start: "2026-12".into(),
            checked_month: Some("2026-10".into()),
        };
        let e = plan(&PersonStatus::Unknown, &f, &terms(), at(2026, 11, 15)).unwrap_err();
        assert_eq!(
            e.codes(),
            vec![
                Code::MonthChanged,
                Code::IdCheck,
                Code::Required,
                Code::MobilePrefix,
                Code::BadChoice,
                Code::BadChoice,
                Code::EmploymentStartLate,
                Code::WageRange,
                Code::StartMonthWindow,
                Code::StartMonthWindow,
            ]
        );
    }

    #[test]
    fn flags() {
        let mut f = form();
        f.pension_start = "2026-10".into();
        f.monthly_wage = "3000".into();
        f.name = "张四".into();
        let p = plan(
            &PersonStatus::Known {
                name: "张三".into(),
            },
            &f,
            &terms(),
            at(2026, 11, 15),
        )
        .unwrap();
        assert_eq!(
            p.flags,
            vec![
                ReviewFlag::Retroactive,
                ReviewFlag::ClampedBase,
                ReviewFlag::NameMismatch
            ]
        );
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
    }
}
