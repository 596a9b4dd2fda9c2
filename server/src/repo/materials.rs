//! Materials: files a resident uploads for a flexible-worker application, kept
//! unattached until the application they belong to is submitted.

use super::ids::{AccountId, ApplicationId};
use crate::db::{DbError, Tx};
use crate::params;

/// A file as uploaded.
pub struct NewMaterial<'a> {
    pub account_id: AccountId,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub content: Vec<u8>,
}

/// Saves an uploaded file, not yet attached to an application; answers its id.
pub fn insert(tx: &mut dyn Tx, m: NewMaterial, now_ms: i64) -> Result<i64, DbError> {
    let size = m.content.len() as i64;
    tx.query_row(
        "INSERT INTO materials (account_id, file_name, content_type, size, content, uploaded_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![
            m.account_id,
            m.file_name,
            m.content_type,
            size,
            m.content,
            now_ms
        ],
    )?
    .get("id")
}

/// How many files of the account wait for their application.
pub fn unattached(tx: &mut dyn Tx, account_id: AccountId) -> Result<i64, DbError> {
    tx.query_row(
        "SELECT COUNT(*) AS files FROM materials WHERE account_id = ?1 AND application_id IS NULL",
        params![account_id],
    )?
    .get("files")
}

/// The account's waiting files belong to `application_id` from now on.
pub fn attach(
    tx: &mut dyn Tx,
    account_id: AccountId,
    application_id: ApplicationId,
) -> Result<(), DbError> {
    tx.execute(
        "UPDATE materials SET application_id = ?1 WHERE account_id = ?2 AND application_id IS NULL",
        params![application_id, account_id],
    )?;
    Ok(())
}

/// Deletes the files uploaded before `before_ms` that never joined an application;
/// answers how many.
pub fn purge_unattached(tx: &mut dyn Tx, before_ms: i64) -> Result<u64, DbError> {
    tx.execute(
        "DELETE FROM materials WHERE application_id IS NULL AND uploaded_ms < ?1",
        params![before_ms],
    )
}
