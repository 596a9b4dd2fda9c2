//! 开办企业 (issue 14 part 1) through the real HTTP API, on SQLite and on PostgreSQL: a
//! resident files a new unit with its first employees as one application; a reviewer
//! (or the automatic reviewer, after ten minutes) approves it, which registers the unit
//! with a unit number, enrols the employees and creates the contact's agent account;
//! the founder makes the contact a one-time password, the contact sets their own and
//! sees the employees. And the refusals: a wrong, registered or pending credit code, a
//! founding date in the future, an employee before the founding, a rejected filing.

use crate::common;

use common::world::{credit, id, mid_november, opening_form, seeded_at, Session};
use common::TestApp;
use common::ENGINES;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shebao_core::ids::UnitNumber;
use shebao_server::jobs::auto_review;
use shebao_server::params;

const FILE: &str = "/api/v1/resident/openings";
const MONTH: &str = "2026-11";

/// A credit code no employer of the world has.
fn new_code() -> String {
    credit("91330211MA2H00077")
}

fn three_employees() -> [String; 3] {
    [
        id("33021119950601011"),
        id("33021119960702022"),
        id("33021119970803033"),
    ]
}

fn form_with(code: &str, employees: &[String]) -> Value {
    let ids: Vec<&str> = employees.iter().map(String::as_str).collect();
    opening_form(code, MONTH, &ids)
}

/// Files `form` as `founder`; answers the status and the answer.
async fn file(founder: &Session, form: &Value) -> (StatusCode, Value) {
    founder.post(FILE, form).await
}

/// The number of a filing that was saved.
fn number_of(receipt: &Value) -> String {
    receipt["application_number"]
        .as_str()
        .unwrap_or_else(|| panic!("no number: {receipt}"))
        .to_string()
}

async fn count(app: &TestApp, sql: &'static str, code: String) -> i64 {
    app.state
        .store
        .read(move |tx| tx.query_row(sql, params![code])?.i64(0))
        .await
        .unwrap()
}

/// The unit number of the employer registered with `code`, if one is.
async fn unit_number_of(app: &TestApp, code: String) -> Option<String> {
    app.state
        .store
        .read(move |tx| {
            Ok::<_, shebao_server::db::DbError>(
                shebao_server::repo::employers::by_credit_code(tx, &code)?.map(|e| e.unit_number),
            )
        })
        .await
        .unwrap()
}

/// Active relationships at the employer registered with `code`, by distinct person.
async fn employees_active_at(app: &TestApp, code: String) -> i64 {
    count(
        app,
        "SELECT COUNT(DISTINCT r.person_id) FROM relationships r JOIN employers e ON e.id = r.employer_id
         WHERE e.credit_code = ?1 AND r.state = 'active'",
        code,
    )
    .await
}

fn codes(answer: &Value) -> Vec<(String, String)> {
    answer["violations"]
        .as_array()
        .map(|vs| {
            vs.iter()
                .map(|v| {
                    (
                        v["code"].as_str().unwrap_or_default().to_string(),
                        v["field"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_founder_files_the_reviewer_approves_and_the_contact_takes_over() {
    for engine in ENGINES {
        let (app, _world) = seeded_at(engine, mid_november(), &[]).await;
        let founder = Session::login(&app, "resident").await;
        let employees = three_employees();
        let form = form_with(&new_code(), &employees);

        // Filed: one application, one number; a retry with the same key replays it.
        let key = common::world::fresh_key();
        let (status, receipt) = founder.send(Method::POST, FILE, &form, &key).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {receipt}");
        assert_eq!(receipt["kind"], "opening");
        assert_eq!(receipt["state"], "submitted");
        let number = number_of(&receipt);
        let (_, again) = founder.send(Method::POST, FILE, &form, &key).await;
        assert_eq!(again["application_number"], number.as_str(), "{engine:?}");
        // Nothing exists before the approval.
        assert_eq!(unit_number_of(&app, new_code()).await, None);
        assert_eq!(employees_active_at(&app, new_code()).await, 0);

        // The founder's list and detail: the unit's name, IDs masked, nothing issued yet.
        let (status, list) = founder.get(FILE).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["total"], 1);
        let item = &list["items"][0];
        assert_eq!(item["kind"], "opening");
        assert_eq!(item["person_name"], "宁波新开科技有限公司");
        assert!(item["citizen_id"].as_str().unwrap().contains("**********"));
        let (status, detail) = founder.get(&format!("{FILE}/{number}")).await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        assert_eq!(detail["plan"]["employees"].as_array().unwrap().len(), 3);
        for (i, employee) in detail["plan"]["employees"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            assert_ne!(employee["citizen_id"], employees[i].as_str(), "masked");
            assert!(employee.get("birth_date").is_none(), "{employee}");
        }
        assert!(detail["opening"].is_null());

        // The reviewer's queue shows it as one item; its detail masks the employees.
        let reviewer = Session::login(&app, "reviewer").await;
        let (_, queue) = reviewer.get("/api/v1/reviewer/queue?kind=opening").await;
        assert_eq!(queue["total"], 1, "{engine:?} {queue}");
        let (status, seen) = reviewer
            .get(&format!("/api/v1/reviewer/applications/{number}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{seen}");
        assert_eq!(seen["plan"]["unit"]["credit_code"], new_code().as_str());
        assert!(!seen.to_string().contains(&employees[0]), "{seen}");

        let (status, decided) = reviewer.approve(&number).await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {decided}");
        assert_eq!(decided["state"], "approved");

        // The unit exists with a unit number of core's format, its three employees active.
        let unit_number = unit_number_of(&app, new_code()).await.expect("registered");
        let parsed = UnitNumber::parse(&unit_number).expect("core's format");
        assert_eq!(parsed.district().code, "330211");
        assert_eq!(employees_active_at(&app, new_code()).await, 3, "{engine:?}");

        // The founder sees what was issued; the contact cannot log in yet.
        let (_, detail) = founder.get(&format!("{FILE}/{number}")).await;
        assert_eq!(detail["state"], "approved", "{detail}");
        let issued = &detail["opening"];
        assert_eq!(issued["unit_number"], unit_number.as_str());
        assert_eq!(issued["agent_username"], "13912340001");
        assert_eq!(issued["agent_password_set"], false);
        let (status, _, _) = Session::login_with(&app, "13912340001", "!no password yet").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "no usable password");

        // The one-time password: the contact logs in, must change it, then acts.
        let path = format!("{FILE}/{number}/agent-password");
        let (status, made) = founder.post(&path, &json!({})).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {made}");
        assert_eq!(made["username"], "13912340001");
        let one_time = made["one_time_password"].as_str().unwrap().to_string();
        let (status, contact, info) = Session::login_with(&app, "13912340001", &one_time).await;
        assert_eq!(status, StatusCode::OK, "{info}");
        assert_eq!(info["must_change_password"], true);
        let contact = contact.unwrap();
        let (status, refused) = contact.search_person(&employees[0]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
        assert_eq!(refused["violations"][0]["code"], "PASSWORD_CHANGE_REQUIRED");
        let own = "Opening-Contact-2026!";
        let (status, changed) = contact
            .post(
                "/api/v1/session/password",
                &json!({"current_password": one_time, "new_password": own}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {changed}");
        assert_eq!(changed["must_change_password"], false);
        assert_eq!(changed["employer"]["unit_number"], unit_number.as_str());
        // As the unit's agent: each employee is already insured here.
        let contact = {
            let (status, session, body) = Session::login_with(&app, "13912340001", own).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            session.unwrap()
        };
        for employee in &employees {
            let (status, found) = contact.search_person(employee).await;
            assert_eq!(status, StatusCode::OK, "{found}");
            assert_eq!(found["violations"][0]["code"], "ALREADY_HERE", "{found}");
        }

        // Set: the founder sees so, and can no longer make one.
        let (_, detail) = founder.get(&format!("{FILE}/{number}")).await;
        assert_eq!(detail["opening"]["agent_password_set"], true);
        let (status, refused) = founder.post(&path, &json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{engine:?} {refused}");
        // Every write is audited.
        assert_eq!(app.audited("opening_agent_account").await, 1);
        assert!(app.audited("opening_agent_password").await >= 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_automatic_reviewer_approves_a_clean_filing_after_ten_minutes() {
    for engine in ENGINES {
        let (app, _world) = seeded_at(engine, mid_november(), &[]).await;
        let founder = Session::login(&app, "resident").await;
        let (status, receipt) = file(&founder, &form_with(&new_code(), &three_employees())).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {receipt}");
        assert_eq!(receipt["flags"], json!([]), "a clean filing");
        // Someone already has the contact's mobile as their user name: that account is
        // never reused; the new one is named `mobile-2`.
        app.state
            .store
            .write(|tx| {
                shebao_server::repo::accounts::insert(
                    tx,
                    &shebao_server::repo::accounts::NewAccount {
                        username: "13912340001",
                        password_hash: "x",
                        role: shebao_server::auth::Role::Resident,
                        employer_id: None,
                        person_id: None,
                    },
                )
            })
            .await
            .unwrap();

        let submitted = receipt["submitted_at_ms"].as_i64().unwrap();
        app.state
            .clock
            .set_now_ms(submitted + 10 * 60 * 1000 - 1000);
        assert_eq!(auto_review::run_once(&app.state).await.unwrap(), 0);
        assert_eq!(unit_number_of(&app, new_code()).await, None);
        app.state.clock.set_now_ms(submitted + 10 * 60 * 1000);
        assert_eq!(auto_review::run_once(&app.state).await.unwrap(), 1);
        assert!(
            unit_number_of(&app, new_code()).await.is_some(),
            "{engine:?}"
        );
        assert_eq!(employees_active_at(&app, new_code()).await, 3);
        let (_, detail) = founder
            .get(&format!("{FILE}/{}", number_of(&receipt)))
            .await;
        assert_eq!(detail["state"], "approved");
        assert_eq!(detail["opening"]["agent_password_set"], false);
        assert_eq!(detail["opening"]["agent_username"], "13912340001-2");
        // The reviewer sees what was issued too.
        let (_, seen) = Session::login(&app, "reviewer")
            .await
            .get(&format!(
                "/api/v1/reviewer/applications/{}",
                number_of(&receipt)
            ))
            .await;
        assert_eq!(seen["opening"], detail["opening"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_filing_frees_its_credit_code_and_is_never_approved() {
    for engine in ENGINES {
        let (app, _world) = seeded_at(engine, mid_november(), &[]).await;
        let founder = Session::login(&app, "resident").await;
        let (_, receipt) = file(&founder, &form_with(&new_code(), &three_employees())).await;
        let number = number_of(&receipt);
        let (status, withdrawn) = founder
            .post(
                &format!("/api/v1/resident/applications/{number}/withdraw"),
                &json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {withdrawn}");
        assert_eq!(withdrawn["state"], "withdrawn");
        assert!(
            withdrawn["citizen_id"]
                .as_str()
                .unwrap()
                .contains("**********"),
            "{withdrawn}"
        );
        let submitted = receipt["submitted_at_ms"].as_i64().unwrap();
        app.state.clock.set_now_ms(submitted + 10 * 60 * 1000);
        assert_eq!(auto_review::run_once(&app.state).await.unwrap(), 0);
        assert_eq!(unit_number_of(&app, new_code()).await, None);
        let (status, again) = file(&founder, &form_with(&new_code(), &three_employees())).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {again}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_registered_or_pending_codes_and_dates_are_refused() {
    for engine in ENGINES {
        let (app, _world) = seeded_at(engine, mid_november(), &[]).await;
        let founder = Session::login(&app, "resident").await;
        let other = Session::login(&app, "resident_b").await;
        let employees = three_employees();

        // Not a credit code (its check character is wrong).
        let mut wrong = new_code();
        let last = if wrong.ends_with('0') { "1" } else { "0" };
        wrong.replace_range(17.., last);
        let (status, answer) = file(&founder, &form_with(&wrong, &employees)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(
            codes(&answer).iter().any(|(_, f)| f == "unit.credit_code"),
            "{answer}"
        );

        // Employer A's credit code: registered already, never handed to a new agent.
        let registered = credit("91330211000000001");
        let (status, answer) = file(&founder, &form_with(&registered, &employees)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(
            codes(&answer).contains(&("CREDIT_CODE_REGISTERED".into(), "unit.credit_code".into())),
            "{answer}"
        );

        // Founded tomorrow.
        let mut future = form_with(&new_code(), &employees);
        future["unit"]["founding_date"] = json!("2026-11-17");
        let (status, answer) = file(&founder, &future).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(
            codes(&answer).contains(&("FOUNDING_DATE_FUTURE".into(), "unit.founding_date".into())),
            "{answer}"
        );

        // The second employee starts before the unit was founded.
        let mut early = form_with(&new_code(), &employees);
        early["unit"]["founding_date"] = json!("2026-11-10");
        let (status, answer) = file(&founder, &early).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(
            codes(&answer)
                .iter()
                .any(|(c, f)| c == "BEFORE_FOUNDING" && f.starts_with("employees[2].")),
            "{answer}"
        );

        // None of these saved anything.
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM applications WHERE kind <> ?1",
                "x".into()
            )
            .await,
            0,
            "{engine:?}"
        );

        // A filing pending for the code: another founder's for it is refused.
        let (status, receipt) = file(&founder, &form_with(&new_code(), &employees)).await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        let (status, answer) = file(&other, &form_with(&new_code(), &[])).await;
        assert_eq!(status, StatusCode::CONFLICT, "{engine:?} {answer}");
        assert_eq!(answer["violations"][0]["code"], "PENDING_EXISTS");
        assert_eq!(answer["violations"][0]["field"], "unit.credit_code");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_rejects_the_whole_filing() {
    for engine in ENGINES {
        let (app, _world) = seeded_at(engine, mid_november(), &[]).await;
        let founder = Session::login(&app, "resident").await;
        let reviewer = Session::login(&app, "reviewer").await;
        let (_, receipt) = file(&founder, &form_with(&new_code(), &three_employees())).await;
        let number = number_of(&receipt);
        let (status, decided) = reviewer
            .post(
                &format!("/api/v1/reviewer/applications/{number}/decision"),
                &json!({"action": "reject", "reason": "营业执照信息不符"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {decided}");

        // No unit, no employee, no account; the reason is shown to the founder.
        assert_eq!(unit_number_of(&app, new_code()).await, None);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM relationships r JOIN applications a ON a.id = r.application_id WHERE a.number = ?1",
                number.clone()
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM accounts WHERE username = ?1",
                "13912340001".into()
            )
            .await,
            0
        );
        let (_, detail) = founder.get(&format!("{FILE}/{number}")).await;
        assert_eq!(detail["state"], "rejected");
        assert_eq!(detail["decision_reason"], "营业执照信息不符");
        assert!(detail["opening"].is_null());
        let (status, _) = founder
            .post(&format!("{FILE}/{number}/agent-password"), &json!({}))
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "nothing to make a password for"
        );

        // The code may be filed again once the filing is decided.
        let (status, again) = file(&founder, &form_with(&new_code(), &three_employees())).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {again}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_founder_sees_and_acts_on_their_own_filings_only() {
    for engine in ENGINES {
        let (app, _world) = seeded_at(engine, mid_november(), &[]).await;
        let founder = Session::login(&app, "resident").await;
        let other = Session::login(&app, "resident_b").await;
        let (_, receipt) = file(&founder, &form_with(&new_code(), &three_employees())).await;
        let number = number_of(&receipt);
        let (status, _) = Session::login(&app, "reviewer")
            .await
            .approve(&number)
            .await;
        assert_eq!(status, StatusCode::OK);

        let (status, _) = other.get(&format!("{FILE}/{number}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{engine:?}");
        let (_, list) = other.get(FILE).await;
        assert_eq!(list["total"], 0, "{list}");
        let (status, answer) = other
            .post(&format!("{FILE}/{number}/agent-password"), &json!({}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
        assert!(!answer.to_string().contains("13912340001"));
        // An employer agent or an anonymous caller cannot file.
        let form = form_with(&credit("91330211MA2H00088"), &[]);
        let (status, _) = Session::login(&app, "agent_a")
            .await
            .post(FILE, &form)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = Session::anonymous(&app).post(FILE, &form).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM applications WHERE kind = ?1",
                "opening".into()
            )
            .await,
            1
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_registration_waits_for_a_reviewer() {
    for engine in ENGINES {
        let (app, _world) = seeded_at(engine, mid_november(), &[]).await;
        let founder = Session::login(&app, "resident").await;
        // Founded 46 days ago: accepted (it must still be registered) but flagged.
        let mut late = form_with(&new_code(), &three_employees());
        late["unit"]["founding_date"] = json!("2026-10-01");
        let (status, receipt) = file(&founder, &late).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {receipt}");
        assert_eq!(receipt["flags"], json!(["late_unit_registration"]));
        let submitted = receipt["submitted_at_ms"].as_i64().unwrap();
        app.state.clock.set_now_ms(submitted + 60 * 60 * 1000);
        assert_eq!(auto_review::run_once(&app.state).await.unwrap(), 0);
        assert_eq!(unit_number_of(&app, new_code()).await, None, "{engine:?}");
    }
}
