//! Persons (参保人), keyed by their social security number.

use crate::db::{DbError, Row, Tx};
use crate::params;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: i64,
    pub citizen_id: String,
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub mobile: Option<String>,
    pub hukou_district: Option<String>,
    pub hukou_type: Option<String>,
}

const COLUMNS: &str =
    "id, citizen_id, name, gender, birth_date, mobile, hukou_district, hukou_type";

fn from_row(row: &Row) -> Result<Person, DbError> {
    Ok(Person {
        id: row.i64(0)?,
        citizen_id: row.text(1)?,
        name: row.text(2)?,
        gender: row.text(3)?,
        birth_date: row.text(4)?,
        mobile: row.opt_text(5)?,
        hukou_district: row.opt_text(6)?,
        hukou_type: row.opt_text(7)?,
    })
}

pub fn by_citizen_id(tx: &mut dyn Tx, citizen_id: &str) -> Result<Option<Person>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM persons WHERE citizen_id = ?1");
    tx.query_opt(&sql, params![citizen_id])?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub fn get(tx: &mut dyn Tx, id: i64) -> Result<Option<Person>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM persons WHERE id = ?1");
    tx.query_opt(&sql, params![id])?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Inserts a person; answers the id.
pub fn insert(tx: &mut dyn Tx, p: &Person, now_ms: i64) -> Result<i64, DbError> {
    tx.query_row(
        "INSERT INTO persons (citizen_id, name, gender, birth_date, mobile, hukou_district, hukou_type, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![&p.citizen_id, &p.name, &p.gender, &p.birth_date, p.mobile.clone(), p.hukou_district.clone(), p.hukou_type.clone(), now_ms],
    )?
    .i64(0)
}

/// Updates the contact and registration details a resumption brings.
pub fn update_details(tx: &mut dyn Tx, p: &Person) -> Result<(), DbError> {
    tx.execute(
        "UPDATE persons SET mobile = ?2, hukou_district = ?3, hukou_type = ?4 WHERE id = ?1",
        params![
            p.id,
            p.mobile.clone(),
            p.hukou_district.clone(),
            p.hukou_type.clone()
        ],
    )?;
    Ok(())
}
