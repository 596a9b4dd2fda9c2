//! Applications (业务申报) and their history. State changes are conditional updates
//! (`… WHERE state = 'submitted'`), so two reviewers, or the automatic reviewer in two
//! server processes, can never decide the same application twice.

use super::ids::{AccountId, ApplicationId, EmployerId};
use crate::db::{DbError, Dialect, FromValue, Tx, Value};
use crate::params;
use serde::Serialize;
use shebao_core::application::{Kind, ReviewFlag, State};
use shebao_core::ids::CitizenId;
use shebao_core::time::YearMonth;
pub use shebao_core::views::ApplicationEvent;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Application {
    pub id: ApplicationId,
    pub number: String,
    pub kind: Kind,
    pub state: State,
    pub employer_id: Option<EmployerId>,
    pub citizen_id: CitizenId,
    pub person_name: String,
    pub handling_month: YearMonth,
    pub flags: Vec<ReviewFlag>,
    /// The plan core made when the application was submitted, as JSON.
    pub plan: String,
    pub submitted_ms: i64,
    pub decided_ms: Option<i64>,
    pub decision_reason: Option<String>,
    pub account_id: AccountId,
}

/// The unique index that keeps one pending application per person and kind.
pub const ONE_PENDING: &str = "applications_one_pending";

const COLUMNS: &str =
    "id, number, kind, state, employer_id, citizen_id, person_name, handling_month, flags, plan,
                       submitted_ms, decided_ms, decision_reason, account_id";

fn flag_code(flag: ReviewFlag) -> String {
    serde_json::to_value(flag)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The `flags` column: the review flags' codes, comma-separated (empty: none).
impl FromValue for Vec<ReviewFlag> {
    fn from_value(value: &Value) -> Result<Self, String> {
        Ok(String::from_value(value)?
            .split(',')
            .filter(|s| !s.is_empty())
            .filter_map(|s| serde_json::from_value(serde_json::Value::String(s.to_string())).ok())
            .collect())
    }
}

crate::from_row!(Application {
    id,
    number,
    kind,
    state,
    employer_id,
    citizen_id,
    person_name,
    handling_month,
    flags,
    plan,
    submitted_ms,
    decided_ms,
    decision_reason,
    account_id,
});

crate::from_row!(ApplicationEvent {
    at_ms,
    account_id,
    from_state,
    to_state,
    note,
});

pub struct NewApplication<'a> {
    pub kind: Kind,
    pub employer_id: Option<EmployerId>,
    pub citizen_id: &'a CitizenId,
    pub person_name: &'a str,
    pub handling_month: YearMonth,
    pub flags: &'a [ReviewFlag],
    pub plan_json: String,
    pub account_id: AccountId,
}

/// Saves a submitted application and the first event of its history.
pub fn insert(tx: &mut dyn Tx, a: &NewApplication, now_ms: i64) -> Result<Application, DbError> {
    let id = next_id(tx)?;
    let application = Application {
        id,
        number: format!(
            "SB{:04}{:02}{:07}",
            a.handling_month.year(),
            a.handling_month.month(),
            id.0
        ),
        kind: a.kind,
        state: State::Submitted,
        employer_id: a.employer_id,
        citizen_id: a.citizen_id.clone(),
        person_name: a.person_name.to_string(),
        handling_month: a.handling_month,
        flags: a.flags.to_vec(),
        plan: a.plan_json.clone(),
        submitted_ms: now_ms,
        decided_ms: None,
        decision_reason: None,
        account_id: a.account_id,
    };
    let flags: Vec<String> = a.flags.iter().map(|f| flag_code(*f)).collect();
    tx.execute(
        "INSERT INTO applications (id, number, kind, state, employer_id, citizen_id, person_name, handling_month, flags, plan, submitted_ms, account_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            &application.number,
            a.kind.code(),
            State::Submitted.code(),
            a.employer_id,
            a.citizen_id,
            a.person_name,
            application.handling_month,
            flags.join(","),
            &application.plan,
            now_ms,
            a.account_id
        ],
    )?;
    add_event(
        tx,
        id,
        now_ms,
        Some(a.account_id),
        None,
        State::Submitted,
        None,
    )?;
    Ok(application)
}

/// The id the next application gets, taken before its insert so that the number people
/// are shown (which contains the id) is written with the row, in one statement: on
/// SQLite every write transaction holds the database's write lock from its start
/// (`BEGIN IMMEDIATE`), so MAX + 1 stays free until this transaction inserts it; on
/// PostgreSQL the column's sequence hands every transaction its own.
fn next_id(tx: &mut dyn Tx) -> Result<ApplicationId, DbError> {
    let sql = match tx.dialect() {
        Dialect::Sqlite => "SELECT COALESCE(MAX(id), 0) + 1 AS id FROM applications",
        Dialect::Postgres => "SELECT nextval(pg_get_serial_sequence('applications', 'id')) AS id",
    };
    tx.query_row(sql, params![])?.get("id")
}

pub fn get(tx: &mut dyn Tx, id: ApplicationId) -> Result<Option<Application>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = ?1");
    tx.query_opt_as(&sql, params![id])
}

pub fn by_number(tx: &mut dyn Tx, number: &str) -> Result<Option<Application>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE number = ?1");
    tx.query_opt_as(&sql, params![number])
}

pub fn events(
    tx: &mut dyn Tx,
    application_id: ApplicationId,
) -> Result<Vec<ApplicationEvent>, DbError> {
    tx.query_as(
        "SELECT at_ms, account_id, from_state, to_state, note FROM application_events WHERE application_id = ?1 ORDER BY id",
        params![application_id],
    )
}

fn add_event(
    tx: &mut dyn Tx,
    application_id: ApplicationId,
    at_ms: i64,
    account_id: Option<AccountId>,
    from: Option<State>,
    to: State,
    note: Option<&str>,
) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO application_events (application_id, at_ms, account_id, from_state, to_state, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![application_id, at_ms, account_id, from.map(State::code), to.code(), note],
    )?;
    Ok(())
}

/// Moves an application from `from` to `to` if it is still in `from`; answers whether it
/// did (false: someone else decided it first, or it was withdrawn).
pub fn change_state(
    tx: &mut dyn Tx,
    id: ApplicationId,
    from: State,
    to: State,
    at_ms: i64,
    account_id: Option<AccountId>,
    reason: Option<&str>,
) -> Result<bool, DbError> {
    let changed = tx.execute(
        "UPDATE applications SET state = ?1, decided_ms = ?2, decision_reason = ?3 WHERE id = ?4 AND state = ?5",
        params![to.code(), at_ms, reason, id, from.code()],
    )?;
    if changed == 1 {
        add_event(tx, id, at_ms, account_id, Some(from), to, reason)?;
    }
    Ok(changed == 1)
}

/// Filters of the progress page (单位业务申报进度查询) and the reviewer's queue.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub employer_id: Option<EmployerId>,
    pub state: Option<State>,
    pub kind: Option<Kind>,
    pub handling_month: Option<YearMonth>,
    pub number: Option<String>,
    pub citizen_id: Option<String>,
    /// Only applications that wait for a person (flagged).
    pub flagged_only: bool,
    pub page: u32,
    pub per_page: u32,
}

/// One page of applications, newest first, and the total that match.
pub fn list(tx: &mut dyn Tx, f: &Filter) -> Result<(Vec<Application>, i64), DbError> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<crate::db::Value> = Vec::new();
    let mut add = |clause: &str, value: crate::db::Value| {
        values.push(value);
        clauses.push(clause.replace('?', &format!("?{}", values.len())));
    };
    if let Some(employer) = f.employer_id {
        add("employer_id = ?", employer.into());
    }
    if let Some(state) = f.state {
        add("state = ?", state.code().into());
    }
    if let Some(kind) = f.kind {
        add("kind = ?", kind.code().into());
    }
    if let Some(month) = f.handling_month {
        add("handling_month = ?", month.to_string().into());
    }
    if let Some(number) = &f.number {
        add("number = ?", number.clone().into());
    }
    if let Some(citizen_id) = &f.citizen_id {
        add("citizen_id = ?", citizen_id.clone().into());
    }
    if f.flagged_only {
        clauses.push("flags <> ''".into());
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let total = tx
        .query_row(
            &format!("SELECT COUNT(*) AS total FROM applications {filter}"),
            &values,
        )?
        .get("total")?;
    let per_page = f.per_page.clamp(1, 100);
    let offset = i64::from(f.page.max(1) - 1) * i64::from(per_page);
    let sql = format!(
        "SELECT {COLUMNS} FROM applications {filter} ORDER BY submitted_ms DESC, id DESC LIMIT {per_page} OFFSET {offset}"
    );
    Ok((tx.query_as(&sql, &values)?, total))
}

/// Clean submitted applications whose ten minutes are up, oldest first.
pub fn due_for_auto_review(
    tx: &mut dyn Tx,
    submitted_before_ms: i64,
    limit: i64,
) -> Result<Vec<Application>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM applications WHERE state = 'submitted' AND flags = '' AND submitted_ms <= ?1
         ORDER BY submitted_ms LIMIT ?2"
    );
    tx.query_as(&sql, params![submitted_before_ms, limit])
}
