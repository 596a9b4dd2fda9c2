//! The demo data set and demo accounts (SPEC: "A fresh install runs on embedded storage
//! with a generated demo data set … and demo accounts for each actor, printed at
//! start-up").
//!
//! On a store without employers, [`prepare`] generates a deterministic set from a fixed
//! seed ([`SEED`], SplitMix64; see [`generate`]): employers across Ningbo's districts,
//! persons with valid citizen IDs, five years of paid monthly contributions (the last 60
//! months before the handling month; with more than [`FULL_HISTORY_MAX_PERSONS`]
//! persons, the last 12, to keep a benchmark set within reach of one disk), and a few
//! applications waiting for review, plus one demo account per actor ([`ACCOUNTS`]).
//!
//! Rows are written with multi-row INSERTs, a batch of persons per transaction, with
//! explicit ids (the store is empty of them; on PostgreSQL the identity sequences are
//! moved past them afterwards).

pub mod bench;
pub mod generate;
pub mod names;

use crate::auth::{passwords, Role};
use crate::db::{DbError, Store, Value};
use crate::repo::accounts::{self, NewAccount};
use crate::repo::applications::{self, NewApplication};
use crate::repo::bulk;
use crate::repo::ids::{EmployerId, PersonId};
use crate::repo::persons::Person;
use generate::{month_row, Category, PersonGenerator, Rng};
use shebao_core::application::Kind;
use shebao_core::contribution::WorkInjuryRate;
use shebao_core::enrolment::{self, EmployerTerms, EnrolmentForm, PersonStatus};
use shebao_core::time::{handling_month, YearMonth};
use std::time::Instant;

/// The seed of the demo set: the day Zhejiang's online service opened (2021-04-09).
pub const SEED: u64 = 20_210_409;
/// Persons in the default demo set.
pub const DEFAULT_PERSONS: usize = 2_000;
/// Up to this many persons, five years of history; above, one year.
pub const FULL_HISTORY_MAX_PERSONS: usize = 200_000;

/// A demo account: public credentials for trying each actor's screens.
#[derive(Clone, Copy, Debug)]
pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub role: Role,
    pub description: &'static str,
}

pub const ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        username: "employer",
        password: "Demo-Employer-2026",
        role: Role::Employer,
        description: "单位经办人 employer agent of 宁波甬江机械制造有限公司 (专管员 contact 陈建国 13957400001)",
    },
    DemoAccount {
        username: "employer2",
        password: "Demo-Employer-2026",
        role: Role::Employer,
        description: "单位经办人 employer agent of 宁波明州港口物流有限公司 (专管员 contact 林晓燕 13957400002)",
    },
    DemoAccount {
        username: "resident",
        password: "Demo-Resident-2026",
        role: Role::Resident,
        description: "参保人 resident, employed, five years of history",
    },
    DemoAccount {
        username: "flexible",
        password: "Demo-Resident-2026",
        role: Role::Resident,
        description: "参保人 resident insured nowhere now (can enrol as a flexible worker)",
    },
    DemoAccount {
        username: "reviewer",
        password: "Demo-Reviewer-2026",
        role: Role::Reviewer,
        description: "经办人员 agency reviewer",
    },
];

/// What seeding wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub employers: usize,
    pub persons: usize,
    pub relationships: usize,
    pub contributions: usize,
    pub applications: usize,
    pub history_months: i32,
    pub elapsed_ms: u128,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "demo data: {} employers, {} persons, {} insurance relationships, {} monthly contributions ({} months), {} applications waiting, in {} ms",
            self.employers,
            self.persons,
            self.relationships,
            self.contributions,
            self.history_months,
            self.applications,
            self.elapsed_ms
        )
    }
}

/// At start-up: seeds the demo set if `persons` is given and the store has no
/// employers yet (printing what it wrote), then answers the block of demo accounts to
/// print if they exist.
pub async fn prepare(
    store: &Store,
    now_ms: i64,
    persons: Option<usize>,
) -> Result<Option<String>, String> {
    let failed = |e: DbError| format!("demo data: {e}");
    if let Some(persons) = persons {
        let empty = store
            .read(|tx| Ok::<_, DbError>(bulk::count(tx, "employers")? == 0))
            .await
            .map_err(failed)?;
        if empty {
            let summary = seed(store, now_ms, persons).await.map_err(failed)?;
            println!("{summary}");
        }
    }
    let present = store
        .read(|tx| accounts::by_username(tx, ACCOUNTS[0].username))
        .await
        .map_err(failed)?
        .is_some();
    Ok(present.then(banner))
}

/// The demo accounts in the store that anyone can still log in to: enabled, with the
/// password [`ACCOUNTS`] (and the README) print. Checks each password (argon2: called
/// at start-up only, and only when listening on a public address).
pub async fn publicly_known_accounts(store: &Store) -> Result<Vec<&'static str>, String> {
    let found = store
        .read(|tx| {
            let mut found = Vec::new();
            for a in ACCOUNTS {
                if let Some(account) = accounts::by_username(tx, a.username)? {
                    if !account.disabled {
                        found.push((a.username, a.password, account.password_hash));
                    }
                }
            }
            Ok::<_, DbError>(found)
        })
        .await
        .map_err(|e| format!("demo accounts: {e}"))?;
    tokio::task::spawn_blocking(move || {
        found
            .into_iter()
            .filter(|(_, password, phc)| passwords::verify(password, phc))
            .map(|(username, _, _)| username)
            .collect()
    })
    .await
    .map_err(|e| e.to_string())
}

/// The block printed at start-up.
pub fn banner() -> String {
    let mut text = String::from("Demo accounts (user / password):\n");
    for a in ACCOUNTS {
        text.push_str(&format!(
            "  {:<10} / {:<19} {}\n",
            a.username, a.password, a.description
        ));
    }
    text.pop();
    text
}

const EMPLOYER_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "credit_code",
    "unit_number",
    "district",
    "contact_name",
    "contact_mobile",
    "work_injury_rate_bp",
];
const PERSON_COLUMNS: [&str; 9] = [
    "id",
    "citizen_id",
    "name",
    "gender",
    "birth_date",
    "mobile",
    "hukou_district",
    "hukou_type",
    "created_ms",
];
const RELATIONSHIP_COLUMNS: [&str; 8] = [
    "id",
    "person_id",
    "employer_id",
    "insurance",
    "start_month",
    "end_month",
    "state",
    "base_fen",
];
const CONTRIBUTION_COLUMNS: [&str; 9] = [
    "relationship_id",
    "person_id",
    "month",
    "insurance",
    "employer_id",
    "base_fen",
    "employer_fen",
    "individual_fen",
    "paid",
];

/// One transaction's worth of rows.
#[derive(Default)]
struct Batch {
    persons: Vec<Value>,
    relationships: Vec<Value>,
    contributions: Vec<Value>,
}

/// Generates and writes the demo set (the store must have no employers). Deterministic:
/// the same `persons` and handling month give the same rows.
pub async fn seed(store: &Store, now_ms: i64, persons: usize) -> Result<Summary, DbError> {
    let started = Instant::now();
    let handling = handling_month(now_ms);
    let history_months = if persons <= FULL_HISTORY_MAX_PERSONS {
        60
    } else {
        12
    };
    let mut summary = Summary {
        history_months,
        ..Summary::default()
    };
    let mut rng = Rng::new(SEED);
    let employer_count = (persons / 100).clamp(24, 50_000);
    let employers = generate::employers(&mut rng, employer_count);
    let rates: Vec<i64> = employers.iter().map(|e| e.work_injury_rate_bp).collect();
    summary.employers = employers.len();
    let employer_values: Vec<Value> = employers
        .iter()
        .flat_map(|e| {
            [
                Value::from(e.id),
                e.name.clone().into(),
                e.credit_code.clone().into(),
                e.unit_number.clone().into(),
                e.district.clone().into(),
                e.contact_name.clone().into(),
                e.contact_mobile.clone().into(),
                e.work_injury_rate_bp.into(),
            ]
        })
        .collect();
    let (person_base, mut relationship_id) = store
        .write(move |tx| {
            bulk::insert_rows(tx, "employers", &EMPLOYER_COLUMNS, &employer_values)?;
            Ok::<_, DbError>((
                bulk::max_id(tx, "persons")?,
                bulk::max_id(tx, "relationships")?,
            ))
        })
        .await?;

    let mut generator = PersonGenerator::new(rng, handling, history_months, employer_count);
    let first = generator.first_month();
    let per_batch = if persons > 100_000 { 2_000 } else { 200 };
    let progress_step = (persons / 20).max(1);
    let mut next_progress = progress_step;
    let mut never_insured: Vec<Person> = Vec::new();
    let mut done = 0;
    let mut in_flight: Option<tokio::task::JoinHandle<Result<(), DbError>>> = None;
    while done < persons {
        let end = (done + per_batch).min(persons);
        let mut batch = Batch::default();
        for index in done..end {
            let p = generator.person(index, person_base + index as i64 + 1);
            if p.category == Category::Never && never_insured.len() < 4 {
                never_insured.push(p.person.clone());
            }
            let person = &p.person;
            batch.persons.extend([
                Value::from(person.id),
                (&person.citizen_id).into(),
                person.name.clone().into(),
                person.gender.into(),
                person.birth_date.into(),
                person.mobile.clone().into(),
                person.hukou_district.clone().into(),
                person.hukou_type.clone().into(),
                now_ms.into(),
            ]);
            for stint in &p.stints {
                let rate = stint.employer_id.map_or(0, |id| rates[(id - 1) as usize]);
                let covered_until = stint.end.unwrap_or(handling).min(handling);
                let last = covered_until.prev();
                for &insurance in generate::insurances_of(stint) {
                    relationship_id += 1;
                    let base = month_row(stint, insurance, p.wage_yuan, rate, last, handling)
                        .map_or(0, |(base, _, _)| base);
                    batch.relationships.extend([
                        Value::from(relationship_id),
                        person.id.into(),
                        stint.employer_id.into(),
                        insurance.code().into(),
                        stint.start.to_string().into(),
                        stint.end.map(|m| m.to_string()).into(),
                        if stint.end.is_some() {
                            "suspended"
                        } else {
                            "active"
                        }
                        .into(),
                        base.into(),
                    ]);
                    summary.relationships += 1;
                    let mut month: YearMonth = stint.start.max(first);
                    while month < covered_until {
                        if let Some((base, employer_fen, individual_fen)) =
                            month_row(stint, insurance, p.wage_yuan, rate, month, handling)
                        {
                            batch.contributions.extend([
                                Value::from(relationship_id),
                                person.id.into(),
                                month.to_string().into(),
                                insurance.code().into(),
                                stint.employer_id.into(),
                                base.into(),
                                employer_fen.into(),
                                individual_fen.into(),
                                1i64.into(),
                            ]);
                            summary.contributions += 1;
                        }
                        month = month.next();
                    }
                }
            }
        }
        // Generate the next batch while this one is written.
        if let Some(previous) = in_flight.take() {
            previous
                .await
                .map_err(|e| DbError::Other(e.to_string()))??;
        }
        let store = store.clone();
        let write = async move {
            store
                .write(move |tx| {
                    bulk::insert_rows(tx, "persons", &PERSON_COLUMNS, &batch.persons)?;
                    bulk::insert_rows(
                        tx,
                        "relationships",
                        &RELATIONSHIP_COLUMNS,
                        &batch.relationships,
                    )?;
                    bulk::insert_rows(
                        tx,
                        "contributions",
                        &CONTRIBUTION_COLUMNS,
                        &batch.contributions,
                    )
                })
                .await
        };
        in_flight = Some(tokio::spawn(write));
        done = end;
        if persons >= 100_000 && done >= next_progress {
            println!("demo: {done}/{persons} persons");
            next_progress += progress_step;
        }
    }
    if let Some(last) = in_flight {
        last.await.map_err(|e| DbError::Other(e.to_string()))??;
    }
    summary.persons = persons;

    let account_hashes = tokio::task::spawn_blocking(|| {
        ACCOUNTS
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut rng = Rng::new(SEED ^ (i as u64 + 1));
                let salt: Vec<u8> = (0..2).flat_map(|_| rng.next_u64().to_le_bytes()).collect();
                passwords::hash_with_salt(a.password, &salt)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| DbError::Other(e.to_string()))?;

    let rate_1 = rates[0];
    let rate_2 = rates[1];
    summary.applications = store
        .write(move |tx| {
            for table in ["employers", "persons", "relationships"] {
                bulk::continue_ids(tx, table)?;
            }
            let mut account_ids = Vec::new();
            for (a, hash) in ACCOUNTS.iter().zip(&account_hashes) {
                let (employer_id, person_id) = match a.username {
                    "employer" => (Some(EmployerId(1)), None),
                    "employer2" => (Some(EmployerId(2)), None),
                    "resident" => (None, Some(PersonId(person_base + 1))),
                    "flexible" => (None, Some(PersonId(person_base + 2))),
                    _ => (None, None),
                };
                account_ids.push(accounts::insert(
                    tx,
                    &NewAccount {
                        username: a.username,
                        password_hash: hash,
                        role: a.role,
                        employer_id,
                        person_id,
                    },
                )?);
            }
            // A few enrolments waiting: three at employer 1 (one with a wage below the
            // base minimum, so flagged for a reviewer), one at employer 2.
            let mut waiting = 0;
            for (i, person) in never_insured.iter().enumerate() {
                let (employer_id, account_id, rate) = if i < 3 {
                    (EmployerId(1), account_ids[0], rate_1)
                } else {
                    (EmployerId(2), account_ids[1], rate_2)
                };
                let wage = if i == 1 { "3000" } else { "8600" };
                if let Some(plan) = enrolment_plan(person, wage, rate, handling, now_ms) {
                    applications::insert(
                        tx,
                        &NewApplication {
                            kind: Kind::Enrol,
                            employer_id: Some(employer_id),
                            citizen_id: &person.citizen_id,
                            person_name: &person.name,
                            handling_month: handling,
                            flags: &plan.flags,
                            plan_json: serde_json::to_string(&plan)
                                .map_err(|e| DbError::Other(e.to_string()))?,
                            account_id,
                        },
                        now_ms - (4 - i as i64) * 60_000,
                    )?;
                    waiting += 1;
                }
            }
            Ok::<_, DbError>(waiting)
        })
        .await?;
    summary.elapsed_ms = started.elapsed().as_millis();
    Ok(summary)
}

/// The plan an employer's agent would get for enrolling `person` now.
fn enrolment_plan(
    person: &Person,
    wage: &str,
    work_injury_bp: i64,
    handling: YearMonth,
    now_ms: i64,
) -> Option<enrolment::EnrolmentPlan> {
    let form = EnrolmentForm {
        citizen_id: person.citizen_id.as_str().to_string(),
        name: person.name.clone(),
        mobile: person.mobile.clone().unwrap_or_default(),
        hukou_district: person.hukou_district.clone().unwrap_or_default(),
        hukou_type: person.hukou_type.clone().unwrap_or_default(),
        employment_start: handling.first_day().to_string(),
        monthly_wage: wage.to_string(),
        pension_start: handling.to_string(),
        unemployment_start: handling.to_string(),
        checked_month: None,
    };
    let terms = EmployerTerms {
        work_injury_rate: WorkInjuryRate::from_bp(work_injury_bp as u32, handling).ok()?,
    };
    let status = PersonStatus::Known {
        name: person.name.clone(),
    };
    enrolment::plan(&status, &form, &terms, now_ms).ok()
}
