//! What an approved 开办企业 filing issued, and the founder's one-time password for its
//! contact person.

use crate::db::{DbError, Tx};
use crate::problem::ApiError;
use crate::repo::accounts::{self, Account};
use crate::repo::applications::Application;
use crate::repo::{employers, openings};
use shebao_core::application::{Kind, State};
use shebao_core::views::OpeningIssued;

/// The unit number and the agent's account of an approved filing; `None` before.
pub fn issued(tx: &mut dyn Tx, app: &Application) -> Result<Option<OpeningIssued>, DbError> {
    let Some((unit_number, agent)) = unit_and_agent(tx, app)? else {
        return Ok(None);
    };
    Ok(Some(OpeningIssued {
        unit_number,
        agent_username: agent.username,
        agent_password_set: !agent.must_change_password,
    }))
}

/// The unit number and the contact's account an approved filing created.
pub fn unit_and_agent(
    tx: &mut dyn Tx,
    app: &Application,
) -> Result<Option<(String, Account)>, DbError> {
    if app.kind != Kind::Opening || app.state != State::Approved {
        return Ok(None);
    }
    let Some(opening) = openings::get(tx, app.id)? else {
        return Ok(None);
    };
    let (Some(employer_id), Some(account_id)) = (opening.employer_id, opening.agent_account_id)
    else {
        return Ok(None);
    };
    let employer = employers::get(tx, employer_id)?;
    let account = accounts::get(tx, account_id)?;
    Ok(employer.zip(account).map(|(e, a)| (e.unit_number, a)))
}

/// The filing `number` if it is this resident's own 开办企业 filing: anything else,
/// another's included, is not found (never "forbidden", which would confirm it exists).
pub fn own_filing(
    tx: &mut dyn Tx,
    number: &str,
    citizen_id: &str,
) -> Result<Application, ApiError> {
    crate::repo::applications::by_number(tx, number)?
        .filter(|a| a.kind == Kind::Opening && a.citizen_id.as_str() == citizen_id)
        .ok_or_else(|| ApiError::not_found("application"))
}
