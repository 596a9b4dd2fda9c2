//! Monthly contributions. A month is assessed (待缴) by the assessment job and marked
//! paid (已缴费) when the tax authority's payment record arrives; the primary key
//! (relationship, month) makes double assessment impossible.

use crate::db::{DbError, Tx};
use crate::params;
pub use shebao_core::views::{Contribution, PensionYear};

pub struct NewContribution<'a> {
    pub relationship_id: i64,
    pub person_id: i64,
    pub month: &'a str,
    pub insurance: &'a str,
    pub employer_id: Option<i64>,
    pub base_fen: i64,
    pub employer_fen: i64,
    pub individual_fen: i64,
    pub paid: bool,
}

/// Inserts the month's contribution unless it was assessed already; answers whether it
/// was new.
pub fn insert_if_absent(tx: &mut dyn Tx, c: &NewContribution) -> Result<bool, DbError> {
    let changed = tx.execute(
        "INSERT INTO contributions (relationship_id, person_id, month, insurance, employer_id, base_fen, employer_fen, individual_fen, paid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
        params![c.relationship_id, c.person_id, c.month, c.insurance, c.employer_id, c.base_fen, c.employer_fen, c.individual_fen, c.paid],
    )?;
    Ok(changed == 1)
}

/// A person's contributions from `from` to `to` (inclusive, `YYYY-MM`), newest first.
pub fn for_person(
    tx: &mut dyn Tx,
    person_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<Contribution>, DbError> {
    tx.query(
        "SELECT c.month, c.insurance, e.name, c.base_fen, c.employer_fen, c.individual_fen, c.paid
         FROM contributions c LEFT JOIN employers e ON e.id = c.employer_id
         WHERE c.person_id = ?1 AND c.month >= ?2 AND c.month <= ?3
         ORDER BY c.month DESC, c.insurance",
        params![person_id, from, to],
    )?
    .iter()
    .map(|row| {
        Ok(Contribution {
            month: row.text(0)?,
            insurance: row.text(1)?,
            employer_name: row.opt_text(2)?,
            base_fen: row.i64(3)?,
            employer_fen: row.i64(4)?,
            individual_fen: row.i64(5)?,
            paid: row.bool(6)?,
        })
    })
    .collect()
}

/// Paid months per insurance for a person: (insurance, months).
pub fn paid_months(tx: &mut dyn Tx, person_id: i64) -> Result<Vec<(String, i64)>, DbError> {
    tx.query(
        "SELECT insurance, COUNT(*) FROM contributions WHERE person_id = ?1 AND paid = 1 GROUP BY insurance",
        params![person_id],
    )?
    .iter()
    .map(|row| Ok((row.text(0)?, row.i64(1)?)))
    .collect()
}

/// 基本养老历年参保: per year, the months of pension paid and their average base.
pub fn pension_history(tx: &mut dyn Tx, person_id: i64) -> Result<Vec<PensionYear>, DbError> {
    tx.query(
        "SELECT substr(month, 1, 4), COUNT(*), CAST(SUM(base_fen) AS BIGINT)
         FROM contributions WHERE person_id = ?1 AND insurance = 'pension' AND paid = 1
         GROUP BY substr(month, 1, 4) ORDER BY 1",
        params![person_id],
    )?
    .iter()
    .map(|row| {
        let months = row.i64(1)?;
        Ok(PensionYear {
            year: row.text(0)?.parse().unwrap_or(0),
            months_paid: months,
            average_base_fen: if months > 0 { row.i64(2)? / months } else { 0 },
        })
    })
    .collect()
}

/// Records the tax authority's payments for a month: every assessed contribution of
/// that month becomes paid. Answers how many.
pub fn mark_month_paid(tx: &mut dyn Tx, month: &str) -> Result<u64, DbError> {
    tx.execute(
        "UPDATE contributions SET paid = 1 WHERE month = ?1 AND paid = 0",
        params![month],
    )
}
