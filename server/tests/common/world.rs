//! A small world for the journeys: two employers, a known person with no employment,
//! a person employed by the second employer, residents, a reviewer; and logged-in
//! sessions through the real login endpoint.

use super::{Engine, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shebao_core::ids::{CitizenId, CreditCode, Gender, UnitNumber};
use shebao_core::insurance::Insurance;
use shebao_core::time::YearMonth;
use shebao_core::time::{cst_instant, Date};
use shebao_server::auth::{passwords, Role};
use shebao_server::params;
use shebao_server::repo::accounts::{self, NewAccount};
use shebao_server::repo::employers::{self, Employer};
use shebao_server::repo::ids::{EmployerId, PersonId};
use shebao_server::repo::persons::{self, Person};
use shebao_server::repo::relationships::{self, NewRelationship};
use std::sync::atomic::{AtomicU64, Ordering};

pub const PASSWORD: &str = "Test-Password-2026";

/// 2026-11-16 10:00 CST: an ordinary day in the middle of a month.
pub fn mid_november() -> i64 {
    cst_instant(Date::new(2026, 11, 16).unwrap(), 10, 0, 0)
}

/// 2024-01-15 10:00 CST: the world's resident paid 2021-01 to 2023-12, which are
/// exactly the 36 months a certificate issued now prints.
pub fn mid_january_2024() -> i64 {
    cst_instant(Date::new(2024, 1, 15).unwrap(), 10, 0, 0)
}

/// A fresh app on `engine` (with `extra_args`) whose clock reads `now_ms`, seeded with
/// the world.
pub async fn seeded_at(engine: Engine, now_ms: i64, extra_args: &[&str]) -> (TestApp, World) {
    let app = super::spawn_app_with(engine, extra_args).await;
    app.state.clock.set_now_ms(now_ms);
    let world = seed(&app).await;
    (app, world)
}

/// A valid citizen ID with the given first 17 digits.
pub fn id(first17: &str) -> String {
    format!("{first17}{}", CitizenId::check_char(first17.as_bytes()))
}

/// A valid unified social credit code with the given first 17 characters.
pub fn credit(first17: &str) -> String {
    format!("{first17}{}", CreditCode::check_char(first17.as_bytes()))
}

pub struct World {
    pub employer_a: i64,
    pub employer_b: i64,
    /// Known to the records, no active relationship: a resumption (续保).
    pub known_id: String,
    /// Employed by employer B.
    pub at_b_id: String,
    /// A resident with a past employment, for the records and the flexible service.
    pub resident_id: String,
}

pub async fn seed(app: &TestApp) -> World {
    let hash = tokio::task::spawn_blocking(|| passwords::hash(PASSWORD))
        .await
        .unwrap();
    let known_id = id("33021119850315002");
    let at_b_id = id("33020319900101003");
    let resident_id = id("33021219780808004");
    let (known_cid, at_b_cid, resident_cid) =
        (known_id.clone(), at_b_id.clone(), resident_id.clone());
    let (employer_a, employer_b) = app
        .state
        .store
        .write(move |tx| -> Result<(i64, i64), shebao_server::db::DbError> {
            let mut employer = |n: i64, name: &str| {
                employers::insert(
                    tx,
                    &Employer {
                        id: EmployerId(0),
                        name: name.to_string(),
                        credit_code: credit(&format!("9133021100000000{n}")),
                        unit_number: UnitNumber::new("330211", n as u32).as_str().to_string(),
                        district: "330211".into(),
                        contact_name: "王经办".into(),
                        contact_mobile: "13800138000".into(),
                        work_injury_rate_bp: 40,
                    },
                )
            };
            let a = employer(1, "宁波甲公司")?;
            let b = employer(2, "宁波乙公司")?;
            let mut person = |cid: &str, name: &str| {
                persons::insert(
                    tx,
                    &Person {
                        id: PersonId(0),
                        citizen_id: CitizenId::parse(cid, Date::new(9999, 12, 31).unwrap()).unwrap(),
                        name: name.to_string(),
                        gender: Gender::Female,
                        birth_date: Date::new(1985, 3, 15).unwrap(),
                        mobile: Some("13900139000".into()),
                        hukou_district: Some("330211".into()),
                        hukou_type: Some("urban".into()),
                    },
                    0,
                )
            };
            let known = person(&known_cid, "李四")?;
            let at_b = person(&at_b_cid, "王五")?;
            let resident = person(&resident_cid, "赵六")?;
            let _ = known;
            for insurance in Insurance::EMPLOYER_MANAGED {
                relationships::insert(
                    tx,
                    &NewRelationship {
                        person_id: at_b,
                        employer_id: Some(b),
                        insurance,
                        start_month: YearMonth::new(2020, 1).unwrap(),
                        end_month: None,
                        state: "active",
                        base_fen: 600_000,
                        application_id: None,
                    },
                )?;
                // The resident was employed by A from 2021 to 2023: history, no active.
                let rel = relationships::insert(
                    tx,
                    &NewRelationship {
                        person_id: resident,
                        employer_id: Some(a),
                        insurance,
                        start_month: YearMonth::new(2021, 1).unwrap(),
                        end_month: Some(YearMonth::new(2024, 1).unwrap()),
                        state: "suspended",
                        base_fen: 700_000,
                        application_id: None,
                    },
                )?;
                for m in 0..36 {
                    let month = YearMonth::new(2021, 1).unwrap().add_months(m).to_string();
                    tx.execute(
                        "INSERT INTO contributions (relationship_id, person_id, month, insurance, employer_id, base_fen, employer_fen, individual_fen, paid)
                         VALUES (?1, ?2, ?3, ?4, ?5, 700000, 112000, 56000, 1)",
                        params![rel, resident, month, insurance.code(), a],
                    )?;
                }
            }
            let mut account = |username: &str, role: Role, employer_id: Option<EmployerId>, person_id: Option<PersonId>| {
                accounts::insert(tx, &NewAccount { username, password_hash: &hash, role, employer_id, person_id })
            };
            account("agent_a", Role::Employer, Some(a), None)?;
            account("agent_b", Role::Employer, Some(b), None)?;
            account("reviewer", Role::Reviewer, None, None)?;
            account("resident", Role::Resident, None, Some(resident))?;
            account("resident_b", Role::Resident, None, Some(at_b))?;
            Ok((a.0, b.0))
        })
        .await
        .unwrap();
    World {
        employer_a,
        employer_b,
        known_id,
        at_b_id,
        resident_id,
    }
}

/// A logged-in browser: its own cookie jar and the session's CSRF token.
pub struct Session {
    pub http: reqwest::Client,
    pub csrf: String,
    /// `shebao_session=…`, for requests made outside this client.
    pub cookie: String,
    base: String,
}

static KEYS: AtomicU64 = AtomicU64::new(1);

pub fn fresh_key() -> String {
    format!("key-{}", KEYS.fetch_add(1, Ordering::Relaxed))
}

impl Session {
    pub async fn login(app: &TestApp, username: &str) -> Session {
        let (status, session, body) = Session::login_with(app, username, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        session.unwrap()
    }

    /// A login with `password`: the answer's status and body, and the session if it
    /// was opened (one that must change its password included).
    pub async fn login_with(
        app: &TestApp,
        username: &str,
        password: &str,
    ) -> (StatusCode, Option<Session>, Value) {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let response = http
            .post(app.url("/api/v1/session"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or_default()
            .to_string();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let session = (status == StatusCode::OK).then(|| Session {
            http,
            csrf: body["csrf_token"].as_str().unwrap_or_default().to_string(),
            cookie,
            base: app.address.clone(),
        });
        (status, session, body)
    }

    /// A session with no cookie at all.
    pub fn anonymous(app: &TestApp) -> Session {
        Session {
            http: reqwest::Client::new(),
            csrf: String::new(),
            cookie: String::new(),
            base: app.address.clone(),
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.base);
        super::status_and_json(self.http.get(url).send().await.unwrap()).await
    }

    /// A write with the CSRF token and the given idempotency key.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: &Value,
        key: &str,
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .unwrap();
        super::status_and_json(response).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, body, &fresh_key()).await
    }

    /// The reviewer's approval of application `number`.
    pub async fn approve(&self, number: &str) -> (StatusCode, Value) {
        self.post(
            &format!("/api/v1/reviewer/applications/{number}/decision"),
            &json!({"action": "approve"}),
        )
        .await
    }

    /// An enrolment (增员) of `form`, under a fresh idempotency key.
    pub async fn enrol(&self, form: &Value) -> (StatusCode, Value) {
        self.post("/api/v1/employer/enrolments", form).await
    }

    /// The employer's person search (查询) for `citizen_id`.
    pub async fn search_person(&self, citizen_id: &str) -> (StatusCode, Value) {
        self.post(
            "/api/v1/employer/person-search",
            &json!({ "citizen_id": citizen_id }),
        )
        .await
    }
}

/// An enrolment form for `citizen_id`, valid in handling month `month` (start months
/// are the handling month).
pub fn enrolment_form(citizen_id: &str, name: &str, month: &str) -> Value {
    json!({
        "citizen_id": citizen_id,
        "name": name,
        "mobile": "13812345678",
        "hukou_district": "330211",
        "hukou_type": "urban",
        "employment_start": format!("{month}-01"),
        "monthly_wage": "8000",
        "pension_start": month,
        "unemployment_start": month,
        "checked_month": month,
    })
}

/// The employer `employer_id` as the records hold it.
pub async fn employer(app: &TestApp, employer_id: i64) -> Employer {
    app.state
        .store
        .read(move |tx| employers::get(tx, EmployerId(employer_id)))
        .await
        .unwrap()
        .unwrap()
}

/// A 单位参保证明 request whose details all match `employer`'s record.
pub fn employer_certificate_form(employer: &Employer) -> Value {
    json!({
        "insured_place": "330211",
        "unit_number_or_credit_code": employer.credit_code,
        "contact_name": "王经办",
        "contact_mobile": "13800138000",
    })
}

/// A new captcha (its JSON, asserted issued) and its answer, worked out from the
/// question in words.
pub async fn new_captcha(session: &Session) -> (Value, String) {
    let (status, c) = session.post("/api/v1/captcha", &json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let q = c["question_en"].as_str().unwrap();
    let n: Vec<i64> = q
        .split(|ch: char| !ch.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    let answer = if q.contains("plus") {
        n[0] + n[1]
    } else {
        n[0] - n[1]
    };
    (c, answer.to_string())
}

/// A 开办企业 filing valid in handling month `month` (`YYYY-MM`): a unit of district
/// 330211 founded on the month's first day, with one employee per citizen ID, each
/// starting that day.
pub fn opening_form(credit_code: &str, month: &str, employees: &[&str]) -> Value {
    let employees: Vec<Value> = employees
        .iter()
        .enumerate()
        .map(|(i, id)| enrolment_form(id, ["张一", "王二", "李三", "赵四"][i % 4], month))
        .collect();
    json!({
        "unit": {
            "credit_code": credit_code,
            "name": "宁波新开科技有限公司",
            "registered_address": "浙江省宁波市北仑区新碶街道1号",
            "district": "330211",
            "founding_date": format!("{month}-01"),
            "legal_representative": "陈创始",
            "industry_class": "1",
        },
        "contact": {"name": "周专管", "mobile": "13912340001"},
        "employees": employees,
        "checked_month": month,
    })
}
