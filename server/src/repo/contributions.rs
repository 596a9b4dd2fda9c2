//! Monthly contributions. A month is assessed (待缴) by the assessment job and marked
//! paid (已缴费) when the tax authority's payment record arrives; the primary key
//! (relationship, month) makes double assessment impossible.

use super::ids::{EmployerId, PersonId, RelationshipId};
use crate::db::{DbError, Tx};
use crate::params;
pub use shebao_core::views::{Contribution, PensionYear};

pub struct NewContribution<'a> {
    pub relationship_id: RelationshipId,
    pub person_id: PersonId,
    pub month: &'a str,
    pub insurance: &'a str,
    pub employer_id: Option<EmployerId>,
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

crate::from_row!(Contribution {
    month,
    insurance,
    employer_name,
    base_fen,
    employer_fen,
    individual_fen,
    paid,
});

/// A person's contributions from `from` to `to` (inclusive, `YYYY-MM`), newest first.
pub fn for_person(
    tx: &mut dyn Tx,
    person_id: PersonId,
    from: &str,
    to: &str,
) -> Result<Vec<Contribution>, DbError> {
    tx.query_as(
            "SELECT c.month, c.insurance, e.name AS employer_name, c.base_fen, c.employer_fen, c.individual_fen, c.paid
             FROM contributions c LEFT JOIN employers e ON e.id = c.employer_id
             WHERE c.person_id = ?1 AND c.month >= ?2 AND c.month <= ?3
             ORDER BY c.month DESC, c.insurance",
            params![person_id, from, to],
        )
}

/// Paid months per insurance for a person: (insurance, months).
pub fn paid_months(tx: &mut dyn Tx, person_id: PersonId) -> Result<Vec<(String, i64)>, DbError> {
    tx.query(
        "SELECT insurance, COUNT(*) AS months FROM contributions WHERE person_id = ?1 AND paid = 1 GROUP BY insurance",
        params![person_id],
    )?
    .iter()
    .map(|row| Ok((row.get("insurance")?, row.get("months")?)))
    .collect()
}

/// 基本养老历年参保: per year, the months of pension paid and their average base.
pub fn pension_history(tx: &mut dyn Tx, person_id: PersonId) -> Result<Vec<PensionYear>, DbError> {
    tx.query(
        "SELECT substr(month, 1, 4) AS year, COUNT(*) AS months, CAST(SUM(base_fen) AS BIGINT) AS base_fen
         FROM contributions WHERE person_id = ?1 AND insurance = 'pension' AND paid = 1
         GROUP BY substr(month, 1, 4) ORDER BY 1",
        params![person_id],
    )?
    .iter()
    .map(|row| {
        let months: i64 = row.get("months")?;
        Ok(PensionYear {
            year: row.get::<String>("year")?.parse().unwrap_or(0),
            months_paid: months,
            average_base_fen: if months > 0 {
                row.get::<i64>("base_fen")? / months
            } else {
                0
            },
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

/// One month and insurance of an employer's contributions: how many were assessed and
/// how many of those are paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployerMonth {
    pub month: String,
    pub insurance: String,
    pub assessed: i64,
    pub paid: i64,
}

crate::from_row!(EmployerMonth {
    month,
    insurance,
    assessed,
    paid,
});

/// An employer's contributions from `from` to `to` (inclusive, `YYYY-MM`), per month
/// and insurance.
pub fn for_employer(
    tx: &mut dyn Tx,
    employer_id: EmployerId,
    from: &str,
    to: &str,
) -> Result<Vec<EmployerMonth>, DbError> {
    tx.query_as(
        "SELECT month, insurance, COUNT(*) AS assessed, CAST(SUM(paid) AS BIGINT) AS paid FROM contributions
         WHERE employer_id = ?1 AND month >= ?2 AND month <= ?3 GROUP BY month, insurance",
        params![employer_id, from, to],
    )
}

/// Records a run of the month's assessment: when, and how many contributions it added
/// (adding to the month's earlier runs).
pub fn record_run(tx: &mut dyn Tx, month: &str, now_ms: i64, assessed: u64) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO assessment_runs (month, run_ms, assessed) VALUES (?1, ?2, ?3)
         ON CONFLICT (month) DO UPDATE SET run_ms = excluded.run_ms, assessed = assessment_runs.assessed + excluded.assessed",
        params![month, now_ms, assessed as i64],
    )?;
    Ok(())
}
