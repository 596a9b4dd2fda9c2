//! Employers (参保单位).

use super::ids::EmployerId;
use crate::db::{DbError, Tx};
use crate::params;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Employer {
    pub id: EmployerId,
    pub name: String,
    pub credit_code: String,
    pub unit_number: String,
    pub district: String,
    pub contact_name: String,
    pub contact_mobile: String,
    pub work_injury_rate_bp: i64,
}

const COLUMNS: &str =
    "id, name, credit_code, unit_number, district, contact_name, contact_mobile, work_injury_rate_bp";

crate::from_row!(Employer {
    id,
    name,
    credit_code,
    unit_number,
    district,
    contact_name,
    contact_mobile,
    work_injury_rate_bp,
});

pub fn get(tx: &mut dyn Tx, id: EmployerId) -> Result<Option<Employer>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM employers WHERE id = ?1");
    tx.query_opt_as(&sql, params![id])
}

pub fn by_unit_number(tx: &mut dyn Tx, unit_number: &str) -> Result<Option<Employer>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM employers WHERE unit_number = ?1");
    tx.query_opt_as(&sql, params![unit_number])
}

/// The employer registered with `credit_code`, if any.
pub fn by_credit_code(tx: &mut dyn Tx, credit_code: &str) -> Result<Option<Employer>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM employers WHERE credit_code = ?1");
    tx.query_opt_as(&sql, params![credit_code])
}

/// The unique constraint of `employers.credit_code`: one employer per unit.
pub const CREDIT_CODE_TAKEN: &str = "employers_credit_code_key";

/// Inserts an employer; answers its id.
pub fn insert(tx: &mut dyn Tx, e: &Employer) -> Result<EmployerId, DbError> {
    tx.query_row(
        "INSERT INTO employers (name, credit_code, unit_number, district, contact_name, contact_mobile, work_injury_rate_bp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![&e.name, &e.credit_code, &e.unit_number, &e.district, &e.contact_name, &e.contact_mobile, e.work_injury_rate_bp],
    )?
    .get("id")
}
