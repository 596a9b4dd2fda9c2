//! Certificates (参保证明) and the two tables that serve them alone: captchas (asked for
//! before a resident's certificate) and open-on-computer codes (`handoffs`).

use super::ids::{AccountId, CertificateId, EmployerId, PersonId};
use crate::certificates::{pdf_url, Issued};
use crate::db::{DbError, FromRow, Row, Tx};
use crate::params;
use sha2::{Digest, Sha256};

/// A recorded certificate, without its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: CertificateId,
    pub code: String,
    pub kind: String,
    pub person_id: Option<PersonId>,
    pub employer_id: Option<EmployerId>,
    pub issued_ms: i64,
    pub content: String,
    pub signature: String,
    pub pdf_sha256: String,
    pub account_id: AccountId,
}

const COLUMNS: &str =
    "id, code, kind, person_id, employer_id, issued_ms, content, signature, pdf_sha256, account_id";

crate::from_row!(Record {
    id,
    code,
    kind,
    person_id,
    employer_id,
    issued_ms,
    content,
    signature,
    pdf_sha256,
    account_id,
});

// A line of a certificate history (`pub use` below: core's type).
impl FromRow for HistoryItem {
    fn from_row(row: &Row) -> Result<HistoryItem, DbError> {
        let code: String = row.get("code")?;
        Ok(HistoryItem {
            pdf_url: pdf_url(&code),
            code,
            kind: row.get("kind")?,
            issued_ms: row.get("issued_ms")?,
        })
    }
}

/// Records an issued certificate; answers its id.
pub fn insert(
    tx: &mut dyn Tx,
    issued: &Issued,
    person_id: Option<PersonId>,
    employer_id: Option<EmployerId>,
    account_id: AccountId,
) -> Result<CertificateId, DbError> {
    let c = &issued.certificate;
    tx.query_row(
        "INSERT INTO certificates (code, kind, person_id, employer_id, issued_ms, content, signature, pdf, pdf_sha256, account_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
        params![
            &c.code,
            c.kind.code(),
            person_id,
            employer_id,
            c.issued_ms,
            &issued.canonical,
            &issued.signature,
            issued.pdf.clone(),
            &issued.pdf_sha256,
            account_id
        ],
    )?
    .get("id")
}

pub fn by_code(tx: &mut dyn Tx, code: &str) -> Result<Option<Record>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM certificates WHERE code = ?1");
    tx.query_opt_as(&sql, params![code])
}

pub fn by_id(tx: &mut dyn Tx, id: CertificateId) -> Result<Option<Record>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM certificates WHERE id = ?1");
    tx.query_opt_as(&sql, params![id])
}

/// The sealed file of a certificate.
pub fn pdf(tx: &mut dyn Tx, id: CertificateId) -> Result<Vec<u8>, DbError> {
    tx.query_row("SELECT pdf FROM certificates WHERE id = ?1", params![id])?
        .get("pdf")
}

pub use shebao_core::certificate::HistoryItem;

/// The certificates whose `column` is `id`, newest first (at most 200).
fn history(
    tx: &mut dyn Tx,
    column: &str,
    id: crate::db::Value,
) -> Result<Vec<HistoryItem>, DbError> {
    let sql = format!(
        "SELECT code, kind, issued_ms FROM certificates WHERE {column} = ?1 ORDER BY issued_ms DESC, id DESC LIMIT 200"
    );
    tx.query_as(&sql, &[id])
}

/// A person's certificates, newest first (at most 200).
pub fn for_person(tx: &mut dyn Tx, person_id: PersonId) -> Result<Vec<HistoryItem>, DbError> {
    history(tx, "person_id", person_id.into())
}

/// An employer's certificates, newest first (at most 200).
pub fn for_employer(tx: &mut dyn Tx, employer_id: EmployerId) -> Result<Vec<HistoryItem>, DbError> {
    history(tx, "employer_id", employer_id.into())
}

// ---- captchas ----

pub fn insert_captcha(
    tx: &mut dyn Tx,
    id: &str,
    account_id: AccountId,
    answer: &str,
    now_ms: i64,
    expires_ms: i64,
) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO captchas (id, account_id, answer, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, account_id, answer, now_ms, expires_ms],
    )?;
    Ok(())
}

/// Deletes the captchas that expired before `before_ms`; answers how many.
pub fn purge_captchas(tx: &mut dyn Tx, before_ms: i64) -> Result<u64, DbError> {
    tx.execute(
        "DELETE FROM captchas WHERE expires_ms < ?1",
        params![before_ms],
    )
}

/// Captchas the account asked for since `since_ms` (the rate limit counts here).
pub fn captchas_since(
    tx: &mut dyn Tx,
    account_id: AccountId,
    since_ms: i64,
) -> Result<i64, DbError> {
    tx.query_row(
        "SELECT COUNT(*) AS captchas FROM captchas WHERE account_id = ?1 AND created_ms >= ?2",
        params![account_id, since_ms],
    )?
    .get("captchas")
}

/// Spends the account's captcha `id` if it is unused: answers its (answer, expires_ms),
/// or None if there is no such unused captcha. One conditional update, so an answer is
/// only ever checked once.
pub fn spend_captcha(
    tx: &mut dyn Tx,
    id: &str,
    account_id: AccountId,
    now_ms: i64,
) -> Result<Option<(String, i64)>, DbError> {
    tx.query_opt(
        "UPDATE captchas SET used_ms = ?3 WHERE id = ?1 AND account_id = ?2 AND used_ms IS NULL
         RETURNING answer, expires_ms",
        params![id, account_id, now_ms],
    )?
    .map(|row| Ok((row.get("answer")?, row.get("expires_ms")?)))
    .transpose()
}

// ---- open on computer ----

/// How a code is kept: the hex SHA-256 of its one form (`ABCD-EFGH`).
pub fn handoff_hash(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// The part of a code that wrong guesses are counted against: its first two letters.
pub fn handoff_prefix(code: &str) -> String {
    code.chars().take(2).collect()
}

/// Deletes expired codes and codes killed by wrong guesses near them.
pub fn purge_handoffs(tx: &mut dyn Tx, now_ms: i64) -> Result<u64, DbError> {
    tx.execute(
        "DELETE FROM handoffs WHERE expires_ms <= ?1 OR wrong >= ?2",
        params![now_ms, MAX_WRONG_NEAR_CODE],
    )
}

/// Wrong codes typed with a live code's first two letters that kill it.
pub const MAX_WRONG_NEAR_CODE: i64 = 10;

/// The key a newly drawn open-on-computer code can collide on (another certificate's
/// live code is the same): the caller draws again.
pub const HANDOFF_CODE_TAKEN: &str = "handoffs_pkey";

/// Makes `code` the certificate's one live code (an earlier one is deleted).
pub fn replace_handoff(
    tx: &mut dyn Tx,
    code: &str,
    certificate_id: CertificateId,
    account_id: AccountId,
    now_ms: i64,
    expires_ms: i64,
) -> Result<(), DbError> {
    tx.execute(
        "DELETE FROM handoffs WHERE certificate_id = ?1",
        params![certificate_id],
    )?;
    tx.execute(
        "INSERT INTO handoffs (code_sha256, prefix, certificate_id, account_id, created_ms, expires_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            handoff_hash(code),
            handoff_prefix(code),
            certificate_id,
            account_id,
            now_ms,
            expires_ms
        ],
    )?;
    Ok(())
}

/// Spends a live code: deletes it and answers its certificate's id.
pub fn spend_handoff(
    tx: &mut dyn Tx,
    code: &str,
    now_ms: i64,
) -> Result<Option<CertificateId>, DbError> {
    tx.query_opt(
        "DELETE FROM handoffs WHERE code_sha256 = ?1 AND expires_ms > ?2 AND wrong < ?3
         RETURNING certificate_id",
        params![handoff_hash(code), now_ms, MAX_WRONG_NEAR_CODE],
    )?
    .map(|row| row.get("certificate_id"))
    .transpose()
}

/// A wrong code was typed: counts it against the live codes with its first two letters,
/// and deletes those it has killed.
pub fn wrong_near(tx: &mut dyn Tx, code: &str, now_ms: i64) -> Result<(), DbError> {
    tx.execute(
        "UPDATE handoffs SET wrong = wrong + 1 WHERE prefix = ?1 AND expires_ms > ?2",
        params![handoff_prefix(code), now_ms],
    )?;
    tx.execute(
        "DELETE FROM handoffs WHERE prefix = ?1 AND wrong >= ?2",
        params![handoff_prefix(code), MAX_WRONG_NEAR_CODE],
    )?;
    Ok(())
}
