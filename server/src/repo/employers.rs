//! Employers (参保单位).

use crate::db::{DbError, Row, Tx};
use crate::params;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Employer {
    pub id: i64,
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

fn from_row(row: &Row) -> Result<Employer, DbError> {
    Ok(Employer {
        id: row.i64(0)?,
        name: row.text(1)?,
        credit_code: row.text(2)?,
        unit_number: row.text(3)?,
        district: row.text(4)?,
        contact_name: row.text(5)?,
        contact_mobile: row.text(6)?,
        work_injury_rate_bp: row.i64(7)?,
    })
}

pub fn get(tx: &mut dyn Tx, id: i64) -> Result<Option<Employer>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM employers WHERE id = ?1");
    tx.query_opt(&sql, params![id])?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub fn by_unit_number(tx: &mut dyn Tx, unit_number: &str) -> Result<Option<Employer>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM employers WHERE unit_number = ?1");
    tx.query_opt(&sql, params![unit_number])?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Inserts an employer; answers its id.
pub fn insert(tx: &mut dyn Tx, e: &Employer) -> Result<i64, DbError> {
    tx.query_row(
        "INSERT INTO employers (name, credit_code, unit_number, district, contact_name, contact_mobile, work_injury_rate_bp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![&e.name, &e.credit_code, &e.unit_number, &e.district, &e.contact_name, &e.contact_mobile, e.work_injury_rate_bp],
    )?
    .i64(0)
}
