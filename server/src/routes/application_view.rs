//! How applications are shown through the API, to their employer, their resident or a
//! reviewer. Citizen IDs are masked (`3302**********123X`) for everyone but the person
//! themself; mobiles likewise; and nothing is shown beside a masked ID that rebuilds it
//! (the birth date is its hidden middle, the 户籍 district mostly its region code).

use crate::problem::ApiError;
use crate::repo::applications::{Application, Filter};
use serde::Deserialize;
use serde_json::Value;
use shebao_core::application::{Kind, ReviewFlag, State as AppStateCode};
use shebao_core::time::YearMonth;
pub use shebao_core::views::{ApplicationDetail, ApplicationEvent, ApplicationSummary, Page};
use shebao_core::{Code, Violation};

pub fn mask_id(id: &str) -> String {
    if id.len() == 18 && id.is_ascii() {
        format!("{}**********{}", &id[..4], &id[14..])
    } else {
        "******".to_string()
    }
}

fn mask_mobile(mobile: &str) -> String {
    if mobile.len() == 11 && mobile.is_ascii() {
        format!("{}****{}", &mobile[..3], &mobile[7..])
    } else {
        "****".to_string()
    }
}

/// Who an application is shown to, which decides what they see of the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The person themself (a resident's own application): everything.
    Person,
    /// The employer that filed it: the ID masked, and no name-mismatch flag, which
    /// would confirm or deny a guessed name.
    Employer,
    /// An agency reviewer: the ID masked; every review flag, which review is for.
    Reviewer,
    /// The resident who filed a 开办企业: the employees are other people, shown as to
    /// the employer they will have (IDs masked, no name-mismatch flag, which would
    /// confirm a guessed name); the summary's ID (their own) masked as the lists show it.
    Founder,
}

impl Audience {
    fn sees_full_id(self) -> bool {
        self == Audience::Person
    }

    /// How a resident sees one of their own applications: a 开办企业 filing holds
    /// other people.
    pub fn resident(kind: Kind) -> Audience {
        if kind == Kind::Opening {
            Audience::Founder
        } else {
            Audience::Person
        }
    }
}

/// The review flags `audience` may see.
pub fn flags_for(flags: &[ReviewFlag], audience: Audience) -> Vec<ReviewFlag> {
    flags
        .iter()
        .copied()
        .filter(|f| audience == Audience::Reviewer || *f != ReviewFlag::NameMismatch)
        .collect()
}

pub fn summary(app: &Application, audience: Audience) -> ApplicationSummary {
    ApplicationSummary {
        number: app.number.clone(),
        kind: app.kind,
        state: app.state,
        citizen_id: if audience.sees_full_id() {
            app.citizen_id.to_string()
        } else {
            mask_id(app.citizen_id.as_str())
        },
        person_name: app.person_name.clone(),
        handling_month: app.handling_month.to_string(),
        flags: flags_for(&app.flags, audience),
        submitted_at_ms: app.submitted_ms,
        decided_at_ms: app.decided_ms,
        decision_reason: app.decision_reason.clone(),
    }
}

pub fn detail(
    app: &Application,
    history: Vec<ApplicationEvent>,
    employer_name: Option<String>,
    audience: Audience,
) -> ApplicationDetail {
    let mut plan: Value = serde_json::from_str(&app.plan).unwrap_or(Value::Null);
    if app.kind == Kind::Opening {
        mask_opening(&mut plan, audience);
    } else if !audience.sees_full_id() {
        if let Some(object) = plan.as_object_mut() {
            mask_person(object, audience);
        }
    }
    ApplicationDetail {
        summary: summary(app, audience),
        employer_name,
        plan,
        history,
        name_on_record: None,
        opening: None,
    }
}

/// Masks one person's plan (an enrolment's, a stop's, or an employee's of a filing)
/// for someone who is not that person.
fn mask_person(object: &mut serde_json::Map<String, Value>, audience: Audience) {
    // Each would fill in the masked part of the ID.
    object.remove("birth_date");
    object.remove("hukou_district");
    if let Some(Value::Array(flags)) = object.get_mut("flags") {
        if audience != Audience::Reviewer {
            flags.retain(|f| f.as_str() != Some("name_mismatch"));
        }
    }
    if let Some(Value::String(id)) = object.get("citizen_id") {
        let masked = mask_id(id);
        object.insert("citizen_id".into(), Value::String(masked));
    }
    if let Some(Value::String(mobile)) = object.get("mobile") {
        let masked = mask_mobile(mobile);
        object.insert("mobile".into(), Value::String(masked));
    }
}

/// A 开办企业 plan: the unit as it is (a company's registration is public), each
/// employee masked for everyone (none of them is the viewer), the contact's mobile in
/// full only to the resident who typed it.
fn mask_opening(plan: &mut Value, audience: Audience) {
    let employee_audience = match audience {
        Audience::Person | Audience::Founder => Audience::Founder,
        other => other,
    };
    if let Some(Value::Array(employees)) = plan.get_mut("employees") {
        for employee in employees.iter_mut().filter_map(Value::as_object_mut) {
            mask_person(employee, employee_audience);
        }
    }
    if !matches!(audience, Audience::Person | Audience::Founder) {
        if let Some(Value::String(mobile)) = plan.pointer("/contact/mobile") {
            let masked = Value::String(mask_mobile(mobile));
            if let Some(slot) = plan.pointer_mut("/contact/mobile") {
                *slot = masked;
            }
        }
    }
}

/// One page of the applications `filter` selects, as summaries, newest first.
pub async fn list_page(
    state: &crate::app::AppState,
    filter: crate::repo::applications::Filter,
    audience: Audience,
) -> Result<Page<ApplicationSummary>, crate::problem::ApiError> {
    let (page, per_page) = (filter.page, filter.per_page);
    let (items, total) = state
        .store
        .read(move |tx| crate::repo::applications::list(tx, &filter))
        .await?;
    Ok(Page {
        total,
        page,
        per_page,
        items: items.iter().map(|a| summary(a, audience)).collect(),
    })
}

// ---- the lists' query (the employer's progress and the reviewer's queue) ----

/// Filters and paging of an application list; empty values are ignored.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `submitted`, `approved`, `rejected` or `withdrawn`.
    pub state: Option<String>,
    /// `enrol`, `stop`, `flex_enrol`, `flex_suspend` or `opening`.
    pub kind: Option<String>,
    /// Handling month, `YYYY-MM`.
    pub month: Option<String>,
    pub number: Option<String>,
    /// The person's social security number.
    pub citizen_id: Option<String>,
    /// From 1 (default 1).
    pub page: Option<u32>,
    /// 1 to 100 (default 20; larger values are read as 100).
    pub per_page: Option<u32>,
}

/// Turns the query's text into a filter, refusing values that are not choices.
pub fn filter_from(q: &ListQuery) -> Result<Filter, ApiError> {
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let state = match nonempty(&q.state) {
        Some(s) => Some(
            AppStateCode::from_code(&s)
                .ok_or_else(|| Violation::new(Code::BadChoice, "state").with("value", &s))?,
        ),
        None => None,
    };
    let kind = match nonempty(&q.kind) {
        Some(k) => Some(
            Kind::from_code(&k)
                .ok_or_else(|| Violation::new(Code::BadChoice, "kind").with("value", &k))?,
        ),
        None => None,
    };
    let handling_month = match nonempty(&q.month) {
        Some(m) => Some(YearMonth::parse(&m, "month")?),
        None => None,
    };
    Ok(Filter {
        state,
        kind,
        handling_month,
        number: nonempty(&q.number).map(|n| n.to_uppercase()),
        citizen_id: nonempty(&q.citizen_id).map(|c| shebao_core::text::normalize_identifier(&c)),
        page: q.page.unwrap_or(1).max(1),
        per_page: q.per_page.unwrap_or(20).clamp(1, 100),
        ..Filter::default()
    })
}

/// The most of a resident's own applications one list shows.
const OWN_LIST_MAX: u32 = 100;

/// A resident's own applications (of `kind`, or of every kind), newest first, at most
/// [`OWN_LIST_MAX`]: read, audited as `action` (a read of personal data), and shown to
/// their owner (`Audience::resident`).
pub async fn residents_own(
    state: &crate::app::AppState,
    resident: &crate::auth::Resident,
    kind: Option<Kind>,
    action: &'static str,
) -> Result<Page<ApplicationSummary>, ApiError> {
    let person_id = resident.person_id;
    let read = state
        .store
        .read(move |tx| -> Result<_, ApiError> {
            let person = crate::repo::persons::get(tx, person_id)?
                .ok_or_else(|| ApiError::not_found("person"))?;
            let filter = Filter {
                citizen_id: Some(person.citizen_id.as_str().to_string()),
                kind,
                page: 1,
                per_page: OWN_LIST_MAX,
                ..Filter::default()
            };
            Ok(crate::repo::applications::list(tx, &filter)?)
        })
        .await;
    let target = format!("person {person_id}");
    let (items, total) = crate::audit::read(state, resident.who(), action, target, read).await?;
    Ok(Page {
        total,
        page: 1,
        per_page: OWN_LIST_MAX,
        items: items
            .iter()
            .map(|a| summary(a, Audience::resident(a.kind)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opening_plan() -> Value {
        json!({
            "unit": {"credit_code": "91330211MA2H00077L", "name": "宁波新开"},
            "contact": {"name": "周专管", "mobile": "13912340001"},
            "employees": [{
                "citizen_id": "330211199506010116",
                "birth_date": "1995-06-01",
                "hukou_district": "330211",
                "mobile": "13812345678",
                "flags": ["name_mismatch", "retroactive"],
            }],
        })
    }

    #[test]
    fn an_opening_masks_its_employees_for_everyone_and_the_contact_for_others() {
        for audience in [
            Audience::Person,
            Audience::Founder,
            Audience::Employer,
            Audience::Reviewer,
        ] {
            let mut plan = opening_plan();
            mask_opening(&mut plan, audience);
            let employee = &plan["employees"][0];
            assert_eq!(employee["citizen_id"], "3302**********0116", "{audience:?}");
            assert_eq!(employee["mobile"], "138****5678");
            assert!(employee.get("birth_date").is_none());
            assert!(employee.get("hukou_district").is_none());
            let sees_mismatch = employee["flags"]
                .as_array()
                .unwrap()
                .contains(&json!("name_mismatch"));
            assert_eq!(
                sees_mismatch,
                audience == Audience::Reviewer,
                "{audience:?}"
            );
            let contact_in_full = plan["contact"]["mobile"] == "13912340001";
            assert_eq!(
                contact_in_full,
                matches!(audience, Audience::Person | Audience::Founder),
                "{audience:?}"
            );
            assert_eq!(plan["unit"]["credit_code"], "91330211MA2H00077L");
        }
    }

    #[test]
    fn a_resident_sees_an_opening_as_its_founder() {
        assert_eq!(Audience::resident(Kind::Opening), Audience::Founder);
        assert_eq!(Audience::resident(Kind::FlexEnrol), Audience::Person);
        assert_eq!(
            flags_for(&[ReviewFlag::NameMismatch], Audience::Founder),
            vec![]
        );
    }
}
