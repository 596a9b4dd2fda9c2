//! Logging in and out, on both engines: the cookie, the CSRF token, the same answer for
//! a wrong password and an unknown user, expiry (the limits on guessing are in
//! security/login.rs).

use crate::common;

use common::{seed_demo, spawn_app_on, TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::{json, Value};
use shebao_server::auth::{passwords, Role};
use shebao_server::db::DbError;
use shebao_server::demo;
use shebao_server::params;
use shebao_server::repo::accounts::{self, NewAccount};
use shebao_server::repo::employers::{self, Employer};

const PASSWORD: &str = "Correct-Horse-2026";

/// Creates an employer agent `username` (with its employer) and answers the account id.
async fn employer_agent(app: &TestApp, username: &str) -> i64 {
    let hash = tokio::task::spawn_blocking(|| passwords::hash(PASSWORD))
        .await
        .unwrap();
    let username = username.to_string();
    app.state
        .store
        .write(move |tx| {
            let employer_id = employers::insert(
                tx,
                &Employer {
                    id: shebao_server::repo::ids::EmployerId(0),
                    name: "宁波测试机械有限公司".into(),
                    credit_code: "91350200776049653A".into(),
                    unit_number: "330211000017".into(),
                    district: "330211".into(),
                    contact_name: "王五".into(),
                    contact_mobile: "13800138000".into(),
                    work_injury_rate_bp: 40,
                },
            )?;
            accounts::insert(
                tx,
                &NewAccount {
                    username: &username,
                    password_hash: &hash,
                    role: Role::Employer,
                    employer_id: Some(employer_id),
                    person_id: None,
                },
            )
        })
        .await
        .unwrap()
        .0
}

async fn login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.http
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

fn code_of(body: &Value) -> &str {
    body["violations"][0]["code"].as_str().unwrap_or("")
}

fn session_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("shebao_session="))
        .expect("a session cookie")
}

/// A client without a cookie jar, to send exactly the cookie a test chooses.
fn bare_client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn audit_results(app: &TestApp, action: &'static str) -> Vec<String> {
    app.state
        .store
        .read(move |tx| {
            tx.query(
                "SELECT result FROM audit_log WHERE action = ?1 ORDER BY id",
                params![action],
            )?
            .iter()
            .map(|r| r.text(0))
            .collect::<Result<Vec<_>, DbError>>()
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn login_sets_an_httponly_samesite_cookie_and_answers_the_csrf_token() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        employer_agent(&app, "agent").await;

        let response = login(&app, "agent", PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "{engine:?}");
        let cookie = session_cookie(&response);
        for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
            assert!(cookie.contains(part), "{engine:?}: {cookie}");
        }
        assert!(
            !cookie.contains("Secure"),
            "plain HTTP: no Secure: {cookie}"
        );
        let token = cookie["shebao_session=".len()..].split(';').next().unwrap();
        assert_eq!(token.len(), 64, "32 random bytes in hex");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["username"], "agent");
        assert_eq!(body["role"], "employer");
        assert_eq!(body["employer"]["name"], "宁波测试机械有限公司");
        assert_eq!(body["employer"]["unit_number"], "330211000017");
        assert_eq!(body["person"], Value::Null);
        let csrf = body["csrf_token"].as_str().unwrap().to_string();
        assert_eq!(csrf.len(), 64);
        assert_ne!(csrf, token);

        // The store keeps the token's hash only.
        let stored: Vec<String> = app
            .state
            .store
            .read(|tx| {
                tx.query("SELECT token_hash FROM sessions", params![])?
                    .iter()
                    .map(|r| r.text(0))
                    .collect::<Result<Vec<_>, DbError>>()
            })
            .await
            .unwrap();
        assert_eq!(
            stored,
            vec![shebao_server::auth::sessions::token_hash(token)]
        );

        // A reloaded page gets the same answer, CSRF token included.
        let again = app.get("/api/v1/session").await;
        assert_eq!(again.status(), StatusCode::OK);
        let again: Value = again.json().await.unwrap();
        assert_eq!(again["csrf_token"], csrf.as_str());
        assert_eq!(again["employer"]["name"], "宁波测试机械有限公司");

        // The configuration decides the cookie, not a client's header (an https
        // address or a non-loopback one: `security/sessions.rs`).
        let claimed = bare_client()
            .post(app.url("/api/v1/session"))
            .header("x-forwarded-proto", "https")
            .json(&json!({ "username": "agent", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(claimed.status(), StatusCode::OK);
        assert!(!session_cookie(&claimed).contains("Secure"), "{engine:?}");

        assert_eq!(audit_results(&app, "login").await, ["ok", "ok"]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        employer_agent(&app, "agent").await;

        let wrong = login(&app, "agent", "not-the-password").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{engine:?}");
        assert!(wrong.headers().get("set-cookie").is_none());
        let wrong: Value = wrong.json().await.unwrap();
        assert_eq!(code_of(&wrong), "LOGIN_FAILED");

        let unknown = login(&app, "nobody", PASSWORD).await;
        assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED, "{engine:?}");
        let unknown: Value = unknown.json().await.unwrap();
        assert_eq!(unknown, wrong, "the same answer for both");

        // Both attempts are in the audit log, and nobody is logged in.
        assert_eq!(audit_results(&app, "login").await, ["failed", "failed"]);
        let me = app.get("/api/v1/session").await;
        assert_eq!(me.status(), StatusCode::UNAUTHORIZED);

        // A body with other fields, or missing ones, is not a login attempt.
        let extra = app
            .http
            .post(app.url("/api/v1/session"))
            .json(&json!({ "username": "agent", "password": PASSWORD, "role": "reviewer" }))
            .send()
            .await
            .unwrap();
        assert_eq!(extra.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let empty = login(&app, "", "").await;
        assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let empty: Value = empty.json().await.unwrap();
        assert_eq!(code_of(&empty), "REQUIRED");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_expires_after_eight_hours() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        employer_agent(&app, "agent").await;
        let start = app.state.clock.now_ms();
        assert_eq!(
            login(&app, "agent", PASSWORD).await.status(),
            StatusCode::OK
        );

        // In use (every 25 minutes, within the idle timeout) up to a minute before.
        let last = 8 * 3600 * 1000 - 60 * 1000;
        let mut at = 0;
        while at < last {
            at = (at + 25 * 60 * 1000).min(last);
            app.state.clock.set_now_ms(start + at);
            let r = app.get("/api/v1/session").await;
            assert_eq!(
                r.status(),
                StatusCode::OK,
                "{engine:?}: still valid at {at} ms"
            );
        }

        app.state.clock.set_now_ms(start + 8 * 3600 * 1000 + 1000);
        let r = app.get("/api/v1/session").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{engine:?}: expired");
        let body: Value = r.json().await.unwrap();
        assert_eq!(code_of(&body), "UNAUTHENTICATED");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_needs_the_csrf_token_and_then_the_old_cookie_is_refused() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        employer_agent(&app, "agent").await;
        let response = login(&app, "agent", PASSWORD).await;
        let cookie = session_cookie(&response);
        let cookie = cookie.split(';').next().unwrap().to_string();
        let body: Value = response.json().await.unwrap();
        let csrf = body["csrf_token"].as_str().unwrap().to_string();

        // A write without the CSRF header (or with a wrong one) is refused.
        let r = app
            .http
            .delete(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{engine:?}");
        let r: Value = r.json().await.unwrap();
        assert_eq!(code_of(&r), "CSRF");
        let r = app
            .http
            .delete(app.url("/api/v1/session"))
            .header("x-csrf-token", "0".repeat(64))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);

        // Still logged in after the refusals.
        let r = app.get("/api/v1/session").await;
        assert_eq!(r.status(), StatusCode::OK);

        let r = app
            .http
            .delete(app.url("/api/v1/session"))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{engine:?}");
        let cleared = r
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(cleared.starts_with("shebao_session=;"), "{cleared}");
        assert!(cleared.contains("Max-Age=0"), "{cleared}");

        // The old cookie, sent again by hand, is refused.
        let r = bare_client()
            .get(app.url("/api/v1/session"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{engine:?}");
        assert_eq!(audit_results(&app, "logout").await, ["ok"]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_cookie_there_is_no_session() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let r = app.get("/api/v1/session").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{engine:?}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(code_of(&body), "UNAUTHENTICATED");

        let r = bare_client()
            .get(app.url("/api/v1/session"))
            .header("cookie", format!("shebao_session={}", "ab".repeat(32)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{engine:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_set_has_an_account_per_actor_and_is_the_same_on_both_engines() {
    let mut fingerprints = Vec::new();
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let summary = seed_demo(&app, 300).await;
        assert!(summary.employers >= 20, "{summary}");
        assert_eq!(summary.persons, 300);
        assert_eq!(summary.history_months, 60);
        assert!(summary.contributions > 300 * 60, "{summary}");
        assert!(summary.applications >= 1, "{summary}");

        for account in demo::ACCOUNTS {
            let r = login(&app, account.username, account.password).await;
            assert_eq!(
                r.status(),
                StatusCode::OK,
                "{engine:?} {}",
                account.username
            );
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["role"], account.role.code());
            match account.username {
                "employer" => assert_eq!(body["employer"]["name"], "宁波甬江机械制造有限公司"),
                "employer2" => assert_eq!(body["employer"]["name"], "宁波明州港口物流有限公司"),
                "resident" | "flexible" => assert!(body["person"]["name"].is_string()),
                _ => assert_eq!(body["employer"], Value::Null),
            }
        }

        let (insurances, flexible_active, fingerprint) = app
            .state
            .store
            .read(|tx| {
                let resident = accounts::by_username(tx, "resident")?.unwrap();
                let flexible = accounts::by_username(tx, "flexible")?.unwrap();
                let insurances = tx
                    .query_row(
                        "SELECT COUNT(DISTINCT insurance) FROM contributions WHERE person_id = ?1 AND paid = 1",
                        params![resident.person_id],
                    )?
                    .i64(0)?;
                let flexible_active = tx
                    .query_row(
                        "SELECT COUNT(*) FROM relationships WHERE person_id = ?1 AND state = 'active'",
                        params![flexible.person_id],
                    )?
                    .i64(0)?;
                let ids = tx
                    .query("SELECT citizen_id FROM persons ORDER BY id", params![])?
                    .iter()
                    .map(|r| r.text(0))
                    .collect::<Result<Vec<_>, DbError>>()?
                    .join(",");
                let money = tx
                    .query_row(
                        "SELECT CAST(SUM(employer_fen + individual_fen) AS BIGINT), COUNT(*) FROM contributions",
                        params![],
                    )?;
                Ok::<_, DbError>((
                    insurances,
                    flexible_active,
                    format!("{ids}|{}|{}", money.i64(0)?, money.i64(1)?),
                ))
            })
            .await
            .unwrap();
        assert_eq!(
            insurances, 5,
            "{engine:?}: all five insurances in the history"
        );
        assert_eq!(
            flexible_active, 0,
            "{engine:?}: free to enrol as a flexible worker"
        );
        fingerprints.push(fingerprint);

        // A second start neither seeds again nor forgets to print the accounts.
        let banner = demo::prepare(&app.state.store, app.state.clock.now_ms(), Some(300))
            .await
            .unwrap()
            .expect("the accounts block");
        assert!(banner.contains("employer2"));
        let persons = app
            .state
            .store
            .read(|tx| {
                tx.query_row("SELECT COUNT(*) FROM persons", params![])?
                    .i64(0)
            })
            .await
            .unwrap();
        assert_eq!(persons, 300, "{engine:?}");

        // Ids assigned by the seed do not collide with later inserts (PostgreSQL's
        // identity sequences were moved past them).
        let new_id = app
            .state
            .store
            .write(|tx| {
                tx.query_row(
                    "INSERT INTO persons (citizen_id, name, gender, birth_date, created_ms)
                     VALUES ('11010519491231002X', '测试', 'female', '1949-12-31', 0) RETURNING id",
                    params![],
                )?
                .i64(0)
            })
            .await
            .unwrap();
        assert_eq!(new_id, 301, "{engine:?}");
    }
    assert_eq!(
        fingerprints[0], fingerprints[1],
        "the same seed, the same data"
    );
}
