//! Persons (参保人), keyed by their social security number.

use super::ids::PersonId;
use crate::db::{DbError, Tx};
use crate::params;
use serde::Serialize;
use shebao_core::ids::{CitizenId, Gender};
use shebao_core::time::Date;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: PersonId,
    pub citizen_id: CitizenId,
    pub name: String,
    pub gender: Gender,
    pub birth_date: Date,
    pub mobile: Option<String>,
    pub hukou_district: Option<String>,
    pub hukou_type: Option<String>,
}

const COLUMNS: &str =
    "id, citizen_id, name, gender, birth_date, mobile, hukou_district, hukou_type";

crate::from_row!(Person {
    id,
    citizen_id,
    name,
    gender,
    birth_date,
    mobile,
    hukou_district,
    hukou_type,
});

pub fn by_citizen_id(tx: &mut dyn Tx, citizen_id: &str) -> Result<Option<Person>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM persons WHERE citizen_id = ?1");
    tx.query_opt_as(&sql, params![citizen_id])
}

pub fn get(tx: &mut dyn Tx, id: PersonId) -> Result<Option<Person>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM persons WHERE id = ?1");
    tx.query_opt_as(&sql, params![id])
}

/// Inserts a person; answers the id.
pub fn insert(tx: &mut dyn Tx, p: &Person, now_ms: i64) -> Result<PersonId, DbError> {
    tx.query_row(
        "INSERT INTO persons (citizen_id, name, gender, birth_date, mobile, hukou_district, hukou_type, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![&p.citizen_id, &p.name, p.gender, p.birth_date, p.mobile.clone(), p.hukou_district.clone(), p.hukou_type.clone(), now_ms],
    )?
    .get("id")
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

/// The lowest and the highest person id (an error with no persons).
pub fn id_range(tx: &mut dyn Tx) -> Result<(PersonId, PersonId), DbError> {
    let row = tx.query_row(
        "SELECT CAST(MIN(id) AS BIGINT) AS first, CAST(MAX(id) AS BIGINT) AS last FROM persons",
        params![],
    )?;
    Ok((row.get("first")?, row.get("last")?))
}
