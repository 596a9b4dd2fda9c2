//! What the approval of a 开办企业 filing does, inside the decision's transaction: the
//! employer with a new unit number, its contact person's employer-agent account, and
//! every employee enrolled as an approved 增员 of that employer would be. Nothing of it
//! exists before the approval; a rejection or a withdrawal leaves nothing behind.

use super::{apply_enrolment, DecisionError};
use crate::auth::Role;
use crate::db::{DbError, Tx};
use crate::repo::accounts::{self, NewAccount};
use crate::repo::applications::Application;
use crate::repo::audit::{self, Who};
use crate::repo::employers::{self, Employer};
use crate::repo::ids::{AccountId, EmployerId};
use crate::repo::openings;
use shebao_core::ids::UnitNumber;
use shebao_core::opening::OpeningPlan;
use shebao_core::region::District;
use shebao_core::{Code, Violation};

/// The password hash of an account nobody can log in to yet: not a PHC string, so no
/// password verifies against it (`passwords::verify`). The founder makes the contact a
/// one-time password when they are ready to hand it over.
pub const NO_PASSWORD_YET: &str = "!no password yet";

/// How many user names are tried for the contact's account (the mobile, then
/// `mobile-2`, `mobile-3`, …) before the approval gives up.
const USERNAME_TRIES: u32 = 100;

pub(super) fn apply(
    tx: &mut dyn Tx,
    app: &Application,
    plan: &OpeningPlan,
    who: &Who,
    now_ms: i64,
) -> Result<(), DecisionError> {
    // Registered meanwhile (by an operator, or another filing approved first): the
    // filing no longer applies. Never hand an existing unit to a new agent.
    let credit_code = plan.unit.credit_code.as_str();
    if employers::by_credit_code(tx, credit_code)?.is_some() {
        return Err(registered_meanwhile());
    }
    let unit_number = issue_unit_number(tx, app, &plan.unit.district)?;
    let employer_id = employers::insert(
        tx,
        &Employer {
            id: EmployerId(0),
            name: plan.unit.name.clone(),
            credit_code: credit_code.to_string(),
            unit_number: unit_number.as_str().to_string(),
            district: plan.unit.district.clone(),
            contact_name: plan.contact.name.clone(),
            contact_mobile: plan.contact.mobile.as_str().to_string(),
            work_injury_rate_bp: i64::from(plan.unit.work_injury_rate.bp()),
        },
    )
    .map_err(|e| {
        if e.is_unique(employers::CREDIT_CODE_TAKEN) {
            registered_meanwhile()
        } else {
            e.into()
        }
    })?;
    let (agent_id, username) = create_agent(tx, app, plan.contact.mobile.as_str(), employer_id)?;
    // The employees take effect with the unit, never before: the same path as an
    // approved 增员 of the new employer.
    for employee in &plan.employees {
        apply_enrolment(tx, app, employer_id, employee, now_ms)?;
    }
    if !openings::set_issued(tx, app.id, employer_id, agent_id)? {
        // Without its row the founder could never reach the contact's account.
        return Err(DecisionError::inconsistent(
            app,
            "a filing without its openings row",
        ));
    }
    audit::record(
        tx,
        now_ms,
        who,
        "opening_agent_account",
        &username,
        &format!("created for unit {unit_number}"),
    )?;
    Ok(())
}

fn registered_meanwhile() -> DecisionError {
    DecisionError::RecordsChanged(Violation::new(
        Code::CreditCodeRegistered,
        "unit.credit_code",
    ))
}

/// The district's next free unit number. The sequence may meet numbers given out
/// otherwise (the demo's, an operator's): those are skipped, never reused.
fn issue_unit_number(
    tx: &mut dyn Tx,
    app: &Application,
    district: &str,
) -> Result<UnitNumber, DecisionError> {
    let district = District::by_code(district)
        .ok_or_else(|| DecisionError::inconsistent(app, "a plan with an unknown district"))?;
    loop {
        let seq = openings::next_unit_seq(tx, district.code)?;
        let number = u32::try_from(seq)
            .ok()
            .and_then(|seq| UnitNumber::issue(district, seq))
            .ok_or_else(|| {
                DecisionError::inconsistent(app, "the district's unit numbers are used up")
            })?;
        if employers::by_unit_number(tx, number.as_str())?.is_none() {
            return Ok(number);
        }
    }
}

/// The contact person's employer-agent account: named by their mobile (or, if that name
/// is taken, `mobile-n`: an existing account is never reused or changed), with no
/// usable password and the must-change flag set.
fn create_agent(
    tx: &mut dyn Tx,
    app: &Application,
    mobile: &str,
    employer_id: EmployerId,
) -> Result<(AccountId, String), DecisionError> {
    for n in 1..=USERNAME_TRIES {
        let username = if n == 1 {
            mobile.to_string()
        } else {
            format!("{mobile}-{n}")
        };
        if accounts::by_username(tx, &username)?.is_some() {
            continue;
        }
        let id = insert_agent(tx, &username, employer_id)?;
        return Ok((id, username));
    }
    Err(DecisionError::inconsistent(
        app,
        "no free user name for the contact person",
    ))
}

fn insert_agent(
    tx: &mut dyn Tx,
    username: &str,
    employer_id: EmployerId,
) -> Result<AccountId, DbError> {
    let id = accounts::insert(
        tx,
        &NewAccount {
            username,
            password_hash: NO_PASSWORD_YET,
            role: Role::Employer,
            employer_id: Some(employer_id),
            person_id: None,
        },
    )?;
    accounts::set_password(tx, id, NO_PASSWORD_YET, true, 0)?;
    Ok(id)
}
