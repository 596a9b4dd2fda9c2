//! Deciding applications, and what a decision does. Approval is the only way insurance
//! relationships change: it applies the plan core made when the application was
//! submitted, in the same transaction as the state change. Used by the agency
//! reviewer's routes and by the automatic reviewer alike.

use crate::db::{DbError, Tx};
use crate::repo::applications::{self, Application};
use crate::repo::audit::{self, Who};
use crate::repo::employers;
use crate::repo::ids::{AccountId, EmployerId, PersonId};
use crate::repo::openings;
use crate::repo::persons::{self, Person};
use crate::repo::relationships::{self, NewRelationship};
use crate::repo::stop_requests;
use shebao_core::api::{EnrolmentPlan, FlexEnrolPlan, FlexSuspendPlan, StopPlan};
use shebao_core::application::{transition, Action, Kind, State};
use shebao_core::insurance::Insurance;
use shebao_core::opening::OpeningPlan;
use shebao_core::stop::StopKind;
use shebao_core::stop_request::{transition as request_transition, RequestEvent};
use shebao_core::{Code, Violation};

mod opening;

/// Why a decision was not made. `routes::errors` says how each is answered.
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    /// Core's state machine refuses the action: the application is no longer submitted,
    /// or a rejection lacks its reason.
    #[error("the state machine refuses: {}", .0.code.as_str())]
    Refused(Violation),
    /// Someone decided or withdrew it between our read and our write.
    #[error("decided meanwhile: {}", .0.code.as_str())]
    DecidedMeanwhile(Violation),
    /// The records changed since it was submitted, so its plan no longer applies (e.g.
    /// the person was enrolled elsewhere meanwhile): said, not failed.
    #[error("the records changed: {}", .0.code.as_str())]
    RecordsChanged(Violation),
    /// What was saved cannot be so: a plan that does not read, an enrolment without
    /// its employer.
    #[error("application {number}: {what}")]
    Inconsistent { number: String, what: String },
    #[error(transparent)]
    Store(#[from] DbError),
}

impl DecisionError {
    fn inconsistent(app: &Application, what: impl ToString) -> DecisionError {
        DecisionError::Inconsistent {
            number: app.number.clone(),
            what: what.to_string(),
        }
    }
}

fn plan_of<T: serde::de::DeserializeOwned>(app: &Application) -> Result<T, DecisionError> {
    serde_json::from_str(&app.plan)
        .map_err(|e| DecisionError::inconsistent(app, format!("an unreadable plan: {e}")))
}

/// A unique-index refusal while applying a plan means the records changed since the
/// application was submitted (e.g. enrolled elsewhere meanwhile): say so, don't fail.
fn records_changed(code: Code) -> impl Fn(DbError) -> DecisionError {
    move |e| {
        if e.is_unique(relationships::ONE_ACTIVE) {
            DecisionError::RecordsChanged(Violation::new(code, "citizen_id"))
        } else {
            e.into()
        }
    }
}

/// Applies `action` to the application by `who` (no account: the automatic reviewer,
/// [`Who::system`]).
/// Checks the transition with core, changes the state only if nobody else did first,
/// and applies the effects of an approval.
pub fn decide(
    tx: &mut dyn Tx,
    app: &Application,
    action: &Action,
    who: &Who,
    now_ms: i64,
) -> Result<State, DecisionError> {
    let actor = who.account_id;
    let to = transition(app.state, action).map_err(DecisionError::Refused)?;
    let reason = match action {
        Action::Reject { reason } => Some(reason.trim()),
        _ => None,
    };
    if !applications::change_state(tx, app.id, app.state, to, now_ms, actor, reason)? {
        // Someone decided or withdrew it between our read and our write.
        let current = applications::get(tx, app.id)?
            .map(|a| a.state)
            .unwrap_or(app.state);
        return Err(transition(current, action)
            .err()
            .map(DecisionError::Refused)
            .unwrap_or_else(|| {
                DecisionError::DecidedMeanwhile(
                    Violation::new(Code::Transition, "application").with("from", current.code()),
                )
            }));
    }
    if app.kind == Kind::Opening {
        // Decided or withdrawn alike: the credit code may be filed again.
        openings::settle(tx, app.id)?;
    }
    if to == State::Approved {
        apply(tx, app, who, now_ms)?;
    }
    // Last: the audit append holds the chain's head until the commit.
    audit::record(tx, now_ms, who, action.code(), &app.number, to.code())?;
    Ok(to)
}

fn apply(tx: &mut dyn Tx, app: &Application, who: &Who, now_ms: i64) -> Result<(), DecisionError> {
    match app.kind {
        Kind::Enrol => {
            let employer_id = app
                .employer_id
                .ok_or_else(|| DecisionError::inconsistent(app, "an enrolment without employer"))?;
            apply_enrolment(
                tx,
                app,
                employer_id,
                &plan_of::<EnrolmentPlan>(app)?,
                now_ms,
            )
        }
        Kind::Stop => apply_stop(tx, app, &plan_of::<StopPlan>(app)?, now_ms),
        Kind::FlexEnrol => apply_flex_enrolment(tx, app, &plan_of::<FlexEnrolPlan>(app)?),
        Kind::FlexSuspend => apply_flex_suspension(tx, app, &plan_of::<FlexSuspendPlan>(app)?),
        Kind::Opening => opening::apply(tx, app, &plan_of::<OpeningPlan>(app)?, who, now_ms),
    }
}

/// Enrols one person at `employer_id` as `plan` says: an approved 增员, and each
/// employee of an approved 开办企业 filing (`app` is then the filing).
fn apply_enrolment(
    tx: &mut dyn Tx,
    app: &Application,
    employer_id: EmployerId,
    plan: &EnrolmentPlan,
    now_ms: i64,
) -> Result<(), DecisionError> {
    let details = Person {
        id: PersonId(0),
        citizen_id: plan.citizen_id.clone(),
        name: plan.name.clone(),
        gender: plan.gender,
        birth_date: plan.birth_date,
        mobile: Some(plan.mobile.as_str().to_string()),
        hukou_district: Some(plan.hukou_district.clone()),
        hukou_type: serde_json::to_value(plan.hukou_type)
            .ok()
            .and_then(|v| v.as_str().map(String::from)),
    };
    let person_id = match persons::by_citizen_id(tx, plan.citizen_id.as_str())? {
        Some(existing) => {
            persons::update_details(
                tx,
                &Person {
                    id: existing.id,
                    ..details
                },
            )?;
            existing.id
        }
        None => persons::insert(tx, &details, now_ms)?,
    };
    for (insurance, start) in &plan.starts {
        relationships::insert(
            tx,
            &NewRelationship {
                person_id,
                employer_id: Some(employer_id),
                insurance: *insurance,
                start_month: *start,
                end_month: None,
                state: "active",
                base_fen: plan.base.base.fen(),
                application_id: Some(app.id),
            },
        )
        .map_err(records_changed(Code::ActiveElsewhere))?;
    }
    Ok(())
}

fn apply_stop(
    tx: &mut dyn Tx,
    app: &Application,
    plan: &StopPlan,
    now_ms: i64,
) -> Result<(), DecisionError> {
    let employer_id = app
        .employer_id
        .ok_or_else(|| DecisionError::inconsistent(app, "a stop without employer"))?;
    let person = persons::by_citizen_id(tx, plan.citizen_id.as_str())?.ok_or_else(|| {
        DecisionError::RecordsChanged(Violation::new(Code::NotActiveHere, "citizen_id"))
    })?;
    end_employment(tx, person.id, employer_id, plan, &EndedBy::Employer, now_ms)
}

/// Who ended an employment, for the 待原单位减员 requests it settles.
pub enum EndedBy {
    /// The employer's own 减员, approved.
    Employer,
    /// A reviewer's stop on a request (`routes::stop_requests::reviewer`).
    Agency { reviewer: AccountId },
}

/// Ends `person_id`'s employment at `employer_id` as `plan` says — an approved 减员, or a
/// reviewer's stop on a 待原单位减员 request, the same rows changed the same way — and,
/// once nothing is active there any more, moves the live requests addressed to that
/// employer about that person to stopped (core's `transition`), recording how.
pub fn end_employment(
    tx: &mut dyn Tx,
    person_id: PersonId,
    employer_id: EmployerId,
    plan: &StopPlan,
    by: &EndedBy,
    now_ms: i64,
) -> Result<(), DecisionError> {
    let new_state = match plan.kind {
        StopKind::Suspend => "suspended",
        StopKind::Terminate => "terminated",
    };
    let mut ended = 0;
    for (insurance, stop_month) in &plan.stops {
        ended += relationships::end_active(
            tx,
            person_id,
            Some(employer_id),
            *insurance,
            *stop_month,
            new_state,
        )?;
    }
    if ended == 0 {
        return Err(DecisionError::RecordsChanged(Violation::new(
            Code::NotActiveHere,
            "citizen_id",
        )));
    }
    if relationships::active_employment(tx, person_id, employer_id)?.is_some() {
        // Some insurance is still active there: the person has not left it yet.
        return Ok(());
    }
    let (event, stopped_by, reviewer) = match by {
        EndedBy::Employer => (
            RequestEvent::EmployerStop,
            stop_requests::STOPPED_BY_EMPLOYER,
            None,
        ),
        EndedBy::Agency { reviewer } => (
            RequestEvent::ReviewerStop,
            stop_requests::STOPPED_BY_AGENCY,
            Some(*reviewer),
        ),
    };
    // The month shown: pension's (and unemployment's), as the 减员 form names it.
    let month = plan
        .stops
        .get(&Insurance::Pension)
        .or_else(|| plan.stops.values().min())
        .map(|m| m.to_string())
        .unwrap_or_default();
    let stopped = stop_requests::Stopped {
        by: stopped_by,
        reason: plan.reason.code(),
        month: &month,
        reviewer,
    };
    for request in stop_requests::live_for(tx, person_id, employer_id)? {
        let Ok(_) = request_transition(request.state, event) else {
            continue;
        };
        stop_requests::mark_stopped(tx, request.id, request.state, &stopped, now_ms)?;
    }
    Ok(())
}

fn apply_flex_enrolment(
    tx: &mut dyn Tx,
    app: &Application,
    plan: &FlexEnrolPlan,
) -> Result<(), DecisionError> {
    let person = persons::by_citizen_id(tx, app.citizen_id.as_str())?.ok_or_else(|| {
        DecisionError::inconsistent(app, "a flexible enrolment of an unknown person")
    })?;
    for insurance in &plan.insurances {
        relationships::insert(
            tx,
            &NewRelationship {
                person_id: person.id,
                employer_id: None,
                insurance: *insurance,
                start_month: plan.start_month,
                end_month: None,
                state: "active",
                base_fen: plan.base.fen(),
                application_id: Some(app.id),
            },
        )
        .map_err(records_changed(Code::FlexEmployed))?;
    }
    Ok(())
}

fn apply_flex_suspension(
    tx: &mut dyn Tx,
    app: &Application,
    plan: &FlexSuspendPlan,
) -> Result<(), DecisionError> {
    let person = persons::by_citizen_id(tx, app.citizen_id.as_str())?.ok_or_else(|| {
        DecisionError::inconsistent(app, "a flexible suspension of an unknown person")
    })?;
    let mut ended = 0;
    for insurance in Insurance::ALL {
        ended += relationships::end_active(
            tx,
            person.id,
            None,
            insurance,
            plan.change_month,
            "suspended",
        )?;
    }
    if ended == 0 {
        return Err(DecisionError::RecordsChanged(Violation::new(
            Code::FlexNotEnrolled,
            "person",
        )));
    }
    Ok(())
}

/// The employer's name for showing, if the application has one.
pub fn employer_name(tx: &mut dyn Tx, app: &Application) -> Result<Option<String>, DbError> {
    Ok(match app.employer_id {
        Some(id) => employers::get(tx, id)?.map(|e| e.name),
        None => None,
    })
}
