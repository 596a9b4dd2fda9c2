//! Hostile and broken input on every write endpoint, on SQLite and PostgreSQL:
//! malformed JSON, wrong types, unknown fields, 10 MB bodies, invalid UTF-8, and SQL
//! and script fragments in every text field. Each answers 4xx problem+json, never 5xx,
//! and writes nothing (refusals are audited, which is the only row they add).

use crate::common;

use common::world::{enrolment_form, seed, Session};
use common::{spawn_app_on, TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::{json, Value};
use shebao_core::time::{cst_instant, Date};

const FRAGMENTS: [&str; 8] = [
    "' OR '1'='1",
    "'; DROP TABLE persons; --",
    "<script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "../../etc/passwd",
    "\u{0000}",
    "${jndi:ldap://127.0.0.1/x}",
    "１; SELECT pg_sleep(10)",
];

async fn business_rows(app: &TestApp) -> Vec<i64> {
    app.state
        .store
        .read(|tx| {
            let mut counts = Vec::new();
            for table in [
                "applications",
                "application_events",
                "relationships",
                "persons",
                "materials",
                "idempotency",
                "contributions",
            ] {
                counts.push(
                    tx.query_row(&format!("SELECT COUNT(*) FROM {table}"), &[])?
                        .i64(0)?,
                );
            }
            Ok::<_, shebao_server::db::DbError>(counts)
        })
        .await
        .unwrap()
}

async fn raw(
    session: &Session,
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, String, Value) {
    let response = session
        .http
        .post(app.url(path))
        .header("x-csrf-token", &session.csrf)
        .header("idempotency-key", common::world::fresh_key())
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_and_hostile_input_gets_a_specific_4xx_and_writes_nothing() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        app.state
            .clock
            .set_now_ms(cst_instant(Date::new(2026, 11, 16).unwrap(), 10, 0, 0));
        let world = seed(&app).await;
        let agent_a = Session::login(&app, "agent_a").await;
        let agent_b = Session::login(&app, "agent_b").await;
        let resident = Session::login(&app, "resident").await;

        // (session, path, a valid-looking body whose every text field gets the fragments)
        let forms: Vec<(&Session, &str, Value)> = vec![
            (
                &agent_a,
                "/api/v1/employer/person-search",
                json!({"citizen_id": world.known_id}),
            ),
            (
                &agent_a,
                "/api/v1/employer/enrolments",
                enrolment_form(&world.known_id, "李四", "2026-11"),
            ),
            (
                &agent_b,
                "/api/v1/employer/stops",
                json!({"citizen_id": world.at_b_id, "stop_month": "2026-11", "reason": "resigned", "checked_month": "2026-11"}),
            ),
            (
                &resident,
                "/api/v1/resident/flexible/enrol",
                json!({"hukou_district": "330212", "base": "6000", "include_medical": false, "notice_acknowledged": true, "checked_month": "2026-11"}),
            ),
            (
                &resident,
                "/api/v1/resident/flexible/suspend",
                json!({"change_month": "2026-11", "checked_month": "2026-11"}),
            ),
        ];
        let before = business_rows(&app).await;
        let mut requests = 0;
        for (session, path, form) in &forms {
            let text_fields: Vec<String> = form
                .as_object()
                .unwrap()
                .iter()
                .filter(|(_, v)| v.is_string())
                .map(|(k, _)| k.clone())
                .collect();
            for field in &text_fields {
                for fragment in FRAGMENTS {
                    let mut body = form.clone();
                    body[field.as_str()] = json!(fragment);
                    let (status, answer) = session.post(path, &body).await;
                    assert!(
                        status.is_client_error(),
                        "{engine:?} {path} {field}={fragment:?}: {status} {answer}"
                    );
                    assert!(
                        answer["violations"][0]["code"].is_string(),
                        "{path} {field}: a problem with a code"
                    );
                    requests += 1;
                }
            }
            let broken: Vec<(&str, &str, Vec<u8>, StatusCode)> = vec![
                (
                    "malformed JSON",
                    "application/json",
                    b"{[}".to_vec(),
                    StatusCode::BAD_REQUEST,
                ),
                (
                    "wrong types",
                    "application/json",
                    br#"{"citizen_id": 33021, "name": ["x"]}"#.to_vec(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                (
                    "unknown field",
                    "application/json",
                    br#"{"citizen_id": "x", "is_admin": true}"#.to_vec(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                (
                    "invalid UTF-8",
                    "application/json",
                    b"\xff\xfe{\"\xfd\": 1}".to_vec(),
                    StatusCode::BAD_REQUEST,
                ),
                (
                    "not JSON",
                    "text/plain",
                    b"citizen_id=1".to_vec(),
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ),
            ];
            for (what, content_type, body, want) in broken {
                let (status, kind, answer) = raw(session, &app, path, content_type, body).await;
                assert_eq!(status, want, "{engine:?} {path} {what}: {answer}");
                assert_eq!(kind, "application/problem+json", "{path} {what}");
                assert!(answer["violations"][0]["code"].is_string(), "{path} {what}");
                requests += 1;
            }
            // 10 MB: refused before it has all arrived.
            let key = common::world::fresh_key();
            let (status, kind, answer) = common::post_raw(
                &app.address,
                path,
                &[
                    ("content-type", "application/json"),
                    ("x-csrf-token", &session.csrf),
                    ("idempotency-key", &key),
                    ("cookie", &session.cookie),
                ],
                vec![b' '; 10 * 1024 * 1024],
            )
            .await;
            assert_eq!(status, 413, "{engine:?} {path} 10 MB: {answer}");
            assert_eq!(kind, "application/problem+json");
            requests += 1;
        }
        assert!(requests > 150, "{requests}");
        assert_eq!(
            business_rows(&app).await,
            before,
            "{engine:?}: refused input wrote something"
        );

        // Login with hostile input: the same 401 as a wrong password, nothing else.
        let anonymous = Session::anonymous(&app);
        for fragment in FRAGMENTS {
            let (status, answer) = anonymous
                .post(
                    "/api/v1/session",
                    &json!({"username": fragment, "password": fragment}),
                )
                .await;
            assert!(
                status.is_client_error(),
                "{engine:?} login {fragment:?}: {status} {answer}"
            );
        }
    }
}
