//! Reads what a certificate says from the records, inside the caller's transaction.

use super::content::{
    EmployerBody, EmployerInsurance, MonthLine, MonthPayment, PersonBody, StatusLine, YearLine,
};
use crate::db::{DbError, Tx};
use crate::repo::ids::{EmployerId, PersonId};
use crate::repo::{contributions, employers, persons, relationships};
use shebao_core::insurance::Insurance;
use shebao_core::region::District;
use shebao_core::time::YearMonth;

/// How many past months the employer certificate reports.
pub const EMPLOYER_MONTHS: i32 = 6;

/// The months a certificate covers: `count` months ending with `last`, oldest first.
pub fn months_ending(last: YearMonth, count: i32) -> Vec<YearMonth> {
    (0..count).rev().map(|i| last.add_months(-i)).collect()
}

/// 单位参保证明: per insurance, the insured now and the payments of the months.
pub fn employer(
    tx: &mut dyn Tx,
    employer_id: EmployerId,
    place: District,
    months: &[YearMonth],
) -> Result<Option<EmployerBody>, DbError> {
    let Some(e) = employers::get(tx, employer_id)? else {
        return Ok(None);
    };
    let insured = relationships::insured_by_employer(tx, employer_id)?;
    let (first, last) = match (months.first(), months.last()) {
        (Some(f), Some(l)) => (f.to_string(), l.to_string()),
        _ => (String::new(), String::new()),
    };
    let assessed = contributions::for_employer(tx, employer_id, &first, &last)?;
    let mut insurances = Vec::new();
    for insurance in Insurance::ALL {
        // One row per insurance with anybody insured (the query groups by it).
        let count = insured
            .iter()
            .find(|(code, _)| code == insurance.code())
            .map_or(0, |(_, n)| *n);
        let payments = months
            .iter()
            .map(|m| {
                let m = m.to_string();
                let (n, p) = assessed
                    .iter()
                    .find(|a| a.month == m && a.insurance == insurance.code())
                    .map(|a| (a.assessed, a.paid))
                    .unwrap_or((0, 0));
                MonthPayment {
                    month: m,
                    assessed: n,
                    paid: p,
                    status: if n == 0 {
                        "none"
                    } else if p == n {
                        "paid"
                    } else {
                        "due"
                    }
                    .into(),
                }
            })
            .collect();
        insurances.push(EmployerInsurance {
            insurance,
            insured: count,
            payments,
        });
    }
    Ok(Some(EmployerBody {
        name: e.name,
        credit_code: e.credit_code,
        unit_number: e.unit_number,
        insured_place: place.code.to_string(),
        insured_place_name: place.name_zh.to_string(),
        months: months.iter().map(ToString::to_string).collect(),
        insurances,
    }))
}

/// The person, the five insurances' status and the cumulative pension months: what
/// both personal certificates share.
pub fn person(tx: &mut dyn Tx, person_id: PersonId) -> Result<Option<PersonBody>, DbError> {
    let Some(person) = persons::get(tx, person_id)? else {
        return Ok(None);
    };
    let status: Vec<StatusLine> = relationships::insurance_statuses(tx, person_id)?
        .into_iter()
        .map(|s| StatusLine {
            insurance: s.insurance,
            state: s.state,
            employer_name: s.employer_name,
            flexible: s.flexible,
            base_fen: s.base_fen,
            months_paid: s.months_paid,
        })
        .collect();
    let pension_months_total = status
        .iter()
        .find(|s| s.insurance == Insurance::Pension)
        .map_or(0, |s| s.months_paid);
    Ok(Some(PersonBody {
        name: person.name,
        citizen_id: person.citizen_id.as_str().to_string(),
        status,
        pension_months_total,
        months: Vec::new(),
        insurances: Vec::new(),
        lines: Vec::new(),
        years: Vec::new(),
    }))
}

/// 个人参保证明: adds, per month and chosen insurance, the contribution (or none).
pub fn personal(
    tx: &mut dyn Tx,
    person_id: PersonId,
    months: &[YearMonth],
    insurances: &[Insurance],
) -> Result<Option<PersonBody>, DbError> {
    let Some(mut body) = person(tx, person_id)? else {
        return Ok(None);
    };
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(Some(body));
    };
    let found = contributions::for_person(tx, person_id, &first.to_string(), &last.to_string())?;
    for month in months {
        let m = month.to_string();
        for insurance in insurances {
            let c = found
                .iter()
                .find(|c| c.month == m && c.insurance == insurance.code());
            body.lines.push(match c {
                Some(c) => MonthLine {
                    month: m.clone(),
                    insurance: *insurance,
                    employer_name: c.employer_name.clone(),
                    flexible: c.employer_name.is_none(),
                    base_fen: c.base_fen,
                    employer_fen: c.employer_fen,
                    individual_fen: c.individual_fen,
                    status: if c.paid { "paid" } else { "due" }.into(),
                },
                None => MonthLine {
                    month: m.clone(),
                    insurance: *insurance,
                    employer_name: None,
                    flexible: false,
                    base_fen: 0,
                    employer_fen: 0,
                    individual_fen: 0,
                    status: "none".into(),
                },
            });
        }
    }
    body.months = months.iter().map(ToString::to_string).collect();
    body.insurances = insurances.to_vec();
    Ok(Some(body))
}

/// 基本养老历年参保: adds the years.
pub fn pension_history(
    tx: &mut dyn Tx,
    person_id: PersonId,
) -> Result<Option<PersonBody>, DbError> {
    let Some(mut body) = person(tx, person_id)? else {
        return Ok(None);
    };
    body.years = contributions::pension_history(tx, person_id)?
        .into_iter()
        .map(|y| YearLine {
            year: y.year,
            months_paid: y.months_paid,
            average_base_fen: y.average_base_fen,
        })
        .collect();
    Ok(Some(body))
}
