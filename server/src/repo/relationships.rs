//! Insurance relationships: a person insured for one insurance, through an employer or
//! as a flexible worker (`employer_id` NULL), from a start month until an end month.
//! Only an approved application changes them.

use super::ids::{ApplicationId, EmployerId, PersonId, RelationshipId};
use crate::db::{DbError, FromRow, Row, Tx};
use crate::params;
use serde::Serialize;
use shebao_core::enrolment::PersonStatus;
use shebao_core::flexible::FlexState;
use shebao_core::insurance::Insurance;
use shebao_core::stop::ActiveEmployment;
use shebao_core::time::YearMonth;
use shebao_core::views::InsuranceStatus;

/// The unique index that keeps one active relationship per person and insurance: what
/// approving a plan meets when the records changed since it was made.
pub const ONE_ACTIVE: &str = "relationships_one_active";

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Relationship {
    pub id: RelationshipId,
    pub person_id: PersonId,
    pub employer_id: Option<EmployerId>,
    pub insurance: Insurance,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
    pub state: String,
    pub base_fen: i64,
}

const COLUMNS: &str =
    "id, person_id, employer_id, insurance, start_month, end_month, state, base_fen";

crate::from_row!(Relationship {
    id,
    person_id,
    employer_id,
    insurance,
    start_month,
    end_month,
    state,
    base_fen,
});

/// A relationship covering a month, with its employer's work-injury rate.
struct Covering(Relationship, Option<i64>);

impl FromRow for Covering {
    fn from_row(row: &Row) -> Result<Covering, DbError> {
        Ok(Covering(
            Relationship::from_row(row)?,
            row.get("work_injury_rate_bp")?,
        ))
    }
}

/// Every relationship of a person, oldest first.
pub fn for_person(tx: &mut dyn Tx, person_id: PersonId) -> Result<Vec<Relationship>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM relationships WHERE person_id = ?1 ORDER BY start_month, id"
    );
    tx.query_as(&sql, params![person_id])
}

/// The person's active relationships that this system enrols and stops: a flexible
/// worker's, and an employer's pension, unemployment and work injury
/// (`Insurance::EMPLOYER_MANAGED`). Medical and maternity insurance through an employer
/// are registered through another entry (the notice says so) and stay active after a
/// 减员 here, so they neither keep a person "active" at the employer nor block another
/// employer's 增员.
fn active_for_person(tx: &mut dyn Tx, person_id: PersonId) -> Result<Vec<Relationship>, DbError> {
    let sql =
        format!("SELECT {COLUMNS} FROM relationships WHERE person_id = ?1 AND state = 'active'");
    let active: Vec<Relationship> = tx.query_as(&sql, params![person_id])?;
    Ok(active
        .into_iter()
        .filter(|r| r.employer_id.is_none() || Insurance::EMPLOYER_MANAGED.contains(&r.insurance))
        .collect())
}

/// The current state of each of the five insurances for a person (个人参保): the active
/// relationship, else the latest one, with the employer's name and the months paid.
/// Shown to the resident and printed on the personal certificate alike.
pub fn insurance_statuses(
    tx: &mut dyn Tx,
    person_id: PersonId,
) -> Result<Vec<InsuranceStatus>, DbError> {
    let all = for_person(tx, person_id)?;
    let paid = super::contributions::paid_months(tx, person_id)?;
    let mut statuses = Vec::with_capacity(Insurance::ALL.len());
    for insurance in Insurance::ALL {
        let current = all
            .iter()
            .filter(|r| r.insurance == insurance)
            .max_by_key(|r| (r.state == "active", r.start_month, r.id));
        let employer_name = match current.and_then(|r| r.employer_id) {
            Some(id) => super::employers::get(tx, id)?.map(|e| e.name),
            None => None,
        };
        statuses.push(InsuranceStatus {
            insurance,
            state: current
                .map(|r| r.state.clone())
                .unwrap_or_else(|| "none".into()),
            employer_name,
            flexible: current.is_some_and(|r| r.employer_id.is_none()),
            base_fen: current.map(|r| r.base_fen),
            start_month: current.map(|r| r.start_month.to_string()),
            end_month: current.and_then(|r| r.end_month.map(|m| m.to_string())),
            months_paid: paid
                .iter()
                .find(|(i, _)| i == insurance.code())
                .map(|(_, n)| *n)
                .unwrap_or(0),
        });
    }
    Ok(statuses)
}

/// What an employer's search for `citizen_id` finds (see core's enrolment cases).
pub fn person_status(
    tx: &mut dyn Tx,
    citizen_id: &str,
    employer_id: EmployerId,
) -> Result<PersonStatus, DbError> {
    person_status_at(tx, citizen_id, Some(employer_id))
}

/// What an enrolment finds of `citizen_id` for `employer_id`, or for a unit not yet
/// registered (`None`: a 开办企业 filing's employees), where nobody is active "here".
pub fn person_status_at(
    tx: &mut dyn Tx,
    citizen_id: &str,
    employer_id: Option<EmployerId>,
) -> Result<PersonStatus, DbError> {
    let Some(person) = super::persons::by_citizen_id(tx, citizen_id)? else {
        return Ok(PersonStatus::Unknown);
    };
    let active = active_for_person(tx, person.id)?;
    Ok(
        if employer_id.is_some() && active.iter().any(|r| r.employer_id == employer_id) {
            PersonStatus::ActiveHere
        } else if active.iter().any(|r| r.employer_id.is_some()) {
            PersonStatus::ActiveElsewhere
        } else if !active.is_empty() {
            PersonStatus::ActiveFlexible
        } else {
            PersonStatus::Known { name: person.name }
        },
    )
}

/// The person's active employment at this employer, if any.
pub fn active_employment(
    tx: &mut dyn Tx,
    person_id: PersonId,
    employer_id: EmployerId,
) -> Result<Option<ActiveEmployment>, DbError> {
    let mut employment = ActiveEmployment::default();
    for r in active_for_person(tx, person_id)?
        .into_iter()
        .filter(|r| r.employer_id == Some(employer_id))
    {
        employment.starts.insert(r.insurance, r.start_month);
    }
    Ok((!employment.starts.is_empty()).then_some(employment))
}

/// The employers (other than `except`) through which the person is actively insured
/// now, lowest id first: to whom a 待原单位减员 request is addressed.
pub fn active_employers_except(
    tx: &mut dyn Tx,
    person_id: PersonId,
    except: EmployerId,
) -> Result<Vec<EmployerId>, DbError> {
    let mut employers: Vec<EmployerId> = active_for_person(tx, person_id)?
        .into_iter()
        .filter_map(|r| r.employer_id)
        .filter(|e| *e != except)
        .collect();
    employers.sort();
    employers.dedup();
    Ok(employers)
}

/// The person's state for the flexible-worker service.
pub fn flex_state(tx: &mut dyn Tx, person_id: PersonId) -> Result<FlexState, DbError> {
    let all = for_person(tx, person_id)?;
    let active: Vec<&Relationship> = all.iter().filter(|r| r.state == "active").collect();
    if active.iter().any(|r| r.employer_id.is_some()) {
        return Ok(FlexState::Employed);
    }
    if let Some(since) = active
        .iter()
        .filter(|r| r.employer_id.is_none())
        .map(|r| r.start_month)
        .min()
    {
        return Ok(FlexState::FlexibleActive { since });
    }
    Ok(if all.iter().any(|r| r.employer_id.is_none()) {
        FlexState::Suspended
    } else {
        FlexState::NotInsured
    })
}

pub struct NewRelationship<'a> {
    pub person_id: PersonId,
    pub employer_id: Option<EmployerId>,
    pub insurance: Insurance,
    pub start_month: YearMonth,
    pub end_month: Option<YearMonth>,
    pub state: &'a str,
    pub base_fen: i64,
    pub application_id: Option<ApplicationId>,
}

pub fn insert(tx: &mut dyn Tx, r: &NewRelationship) -> Result<RelationshipId, DbError> {
    tx.query_row(
        "INSERT INTO relationships (person_id, employer_id, insurance, start_month, end_month, state, base_fen, application_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![
            r.person_id,
            r.employer_id,
            r.insurance,
            r.start_month,
            r.end_month,
            r.state,
            r.base_fen,
            r.application_id
        ],
    )?
    .get("id")
}

/// Ends the person's active relationship for `insurance` through `employer_id` (None:
/// flexible). Answers how many rows changed (0 or 1).
pub fn end_active(
    tx: &mut dyn Tx,
    person_id: PersonId,
    employer_id: Option<EmployerId>,
    insurance: Insurance,
    end_month: YearMonth,
    new_state: &str,
) -> Result<u64, DbError> {
    let end = end_month.to_string();
    match employer_id {
        Some(employer) => tx.execute(
            "UPDATE relationships SET end_month = ?1, state = ?2
             WHERE person_id = ?3 AND employer_id = ?4 AND insurance = ?5 AND state = 'active'",
            params![end, new_state, person_id, employer, insurance.code()],
        ),
        None => tx.execute(
            "UPDATE relationships SET end_month = ?1, state = ?2
             WHERE person_id = ?3 AND employer_id IS NULL AND insurance = ?4 AND state = 'active'",
            params![end, new_state, person_id, insurance.code()],
        ),
    }
}

/// Relationships covering `month` (started by then, not ended before it), for the
/// monthly assessment: (relationship, the employer's work-injury rate).
pub fn covering(
    tx: &mut dyn Tx,
    month: YearMonth,
) -> Result<Vec<(Relationship, Option<i64>)>, DbError> {
    let sql = "SELECT r.id, r.person_id, r.employer_id, r.insurance, r.start_month, r.end_month, r.state, r.base_fen,
                      e.work_injury_rate_bp
               FROM relationships r LEFT JOIN employers e ON e.id = r.employer_id
               WHERE r.start_month <= ?1 AND (r.end_month IS NULL OR r.end_month > ?1)";
    Ok(tx
        .query_as::<Covering>(sql, params![month])?
        .into_iter()
        .map(|Covering(relationship, rate)| (relationship, rate))
        .collect())
}

/// How many are insured through an employer now, per insurance code (insurances with
/// none are absent).
pub fn insured_by_employer(
    tx: &mut dyn Tx,
    employer_id: EmployerId,
) -> Result<Vec<(String, i64)>, DbError> {
    tx.query(
        "SELECT insurance, COUNT(*) AS insured FROM relationships WHERE employer_id = ?1 AND state = 'active' GROUP BY insurance",
        params![employer_id],
    )?
    .iter()
    .map(|row| Ok((row.get("insurance")?, row.get("insured")?)))
    .collect()
}
