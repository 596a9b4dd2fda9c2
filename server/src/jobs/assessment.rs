//! The monthly contribution assessment (核定): for every relationship covering the
//! month, the month's contribution is computed by core and recorded as due (待缴).
//! Idempotent per month: a relationship's month is assessed at most once (primary key),
//! so running it twice, or in two processes, changes nothing the second time.

use crate::app::AppState;
use crate::problem::ApiError;
use crate::repo::contributions::{self, NewContribution};
use crate::repo::relationships::{self, Relationship};
use shebao_core::contribution::{amounts, apply_rate, Amounts, WorkInjuryRate};
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::policy;
use shebao_core::time::YearMonth;

/// The month's amounts for one relationship, or None when the month has no assessment
/// here (flexible workers' medical insurance is assessed by the medical entry).
pub fn month_amounts(
    r: &Relationship,
    work_injury_bp: Option<i64>,
    month: YearMonth,
) -> Option<Amounts> {
    let insurance = r.insurance;
    let base = Fen(r.base_fen);
    if r.employer_id.is_none() {
        return match insurance {
            Insurance::Pension => {
                let rate = policy::flexible_rate(month).ok()?;
                Some(Amounts {
                    employer: Fen::ZERO,
                    individual: apply_rate(base, rate.pension_bp),
                })
            }
            _ => None,
        };
    }
    let rate = WorkInjuryRate::from_bp(work_injury_bp.unwrap_or(20) as u32, month).ok()?;
    amounts(insurance, base, month, rate).ok()
}

/// Assesses `month`; answers how many contributions were newly recorded.
pub async fn assess_month(state: &AppState, month: YearMonth) -> Result<u64, ApiError> {
    let now_ms = state.clock.now_ms();
    state
        .store
        .write(move |tx| -> Result<u64, ApiError> {
            let month_text = month.to_string();
            let mut assessed = 0;
            for (r, work_injury_bp) in relationships::covering(tx, month)? {
                let Some(a) = month_amounts(&r, work_injury_bp, month) else {
                    continue;
                };
                let new = contributions::insert_if_absent(
                    tx,
                    &NewContribution {
                        relationship_id: r.id,
                        person_id: r.person_id,
                        month: &month_text,
                        insurance: r.insurance.code(),
                        employer_id: r.employer_id,
                        base_fen: r.base_fen,
                        employer_fen: a.employer.fen(),
                        individual_fen: a.individual.fen(),
                        paid: false,
                    },
                )?;
                assessed += u64::from(new);
            }
            contributions::record_run(tx, &month_text, now_ms, assessed)?;
            Ok(assessed)
        })
        .await
}
