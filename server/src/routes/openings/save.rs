//! Judging a 开办企业 filing against the store and saving it as one submitted
//! application, inside the submission's transaction.

use crate::db::Tx;
use crate::lookups::Ledger;
use crate::problem::ApiError;
use crate::repo::applications::{Application, NewApplication};
use crate::repo::audit::Who;
use crate::repo::ids::{AccountId, PersonId};
use crate::repo::{employers, openings, persons, relationships};
use crate::submission::{insert_application, plan_json, SaveError};
use shebao_core::application::{Kind, ReviewFlag};
use shebao_core::ids::CreditCode;
use shebao_core::opening::{self, OpeningFacts, OpeningForm, OpeningPlan};
use shebao_core::{Code, Violation};

/// Who files, and what their lookups may cost.
#[derive(Clone, Debug)]
pub struct Founder {
    pub account_id: AccountId,
    pub person_id: PersonId,
    pub lookups_per_hour: i64,
    pub who: Who,
}

/// Judges `form` with what the store knows and saves it. A filing with errors is
/// refused before anyone's insurance status is read; each employee's status is then
/// charged to the founder's lookup budget and audited, as an enrolment's is.
pub fn save(
    tx: &mut dyn Tx,
    founder: &Founder,
    form: &OpeningForm,
    now_ms: i64,
    lookups: &Ledger,
) -> Result<Application, ApiError> {
    let person = persons::get(tx, founder.person_id)?.ok_or(SaveError::NoPerson)?;
    let employee_ids = opening::check_form(form, now_ms).map_err(SaveError::from)?;
    // check_form parsed it, so this cannot fail.
    let credit_code = CreditCode::parse(&form.unit.credit_code).map_err(SaveError::from)?;
    let mut facts = OpeningFacts {
        credit_code_registered: employers::by_credit_code(tx, credit_code.as_str())?.is_some(),
        statuses: Vec::with_capacity(employee_ids.len()),
    };
    for id in &employee_ids {
        lookups
            .charge(
                tx,
                &founder.who,
                founder.lookups_per_hour,
                now_ms,
                &id.masked(),
                "opening",
            )
            .map_err(SaveError::from)?;
        facts
            .statuses
            .push(relationships::person_status_at(tx, id.as_str(), None)?);
    }
    let plan = opening::plan(form, &facts, now_ms).map_err(SaveError::from)?;
    let app = insert_application(
        tx,
        &NewApplication {
            kind: Kind::Opening,
            employer_id: None,
            citizen_id: &person.citizen_id,
            person_name: &plan.unit.name,
            handling_month: plan.handling_month,
            flags: &flags_of(&plan),
            plan_json: plan_json(&plan)?,
            account_id: founder.account_id,
        },
        now_ms,
    )?;
    openings::insert(tx, app.id, plan.unit.credit_code.as_str()).map_err(|e| {
        if e.is_unique(openings::ONE_PENDING_CREDIT_CODE) {
            ApiError::conflict(Violation::new(Code::PendingExists, "unit.credit_code"))
        } else {
            e.into()
        }
    })?;
    Ok(app)
}

/// The application's flags: the unit's and every employee's, each once. Any flag keeps
/// the whole filing for a reviewer (`OpeningPlan::needs_review`).
fn flags_of(plan: &OpeningPlan) -> Vec<ReviewFlag> {
    let mut flags: Vec<ReviewFlag> = Vec::new();
    let all = plan
        .flags
        .iter()
        .chain(plan.employees.iter().flat_map(|e| e.flags.iter()));
    for flag in all {
        if !flags.contains(flag) {
            flags.push(*flag);
        }
    }
    debug_assert_eq!(flags.is_empty(), !plan.needs_review());
    flags
}
