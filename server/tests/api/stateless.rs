//! The HTTP API of the stateless endpoints, through real HTTP.

use crate::common;

use common::{spawn_app, spawn_app_on, TestApp, ENGINES};
use serde_json::{json, Value};
use shebao_core::time::{cst_instant, Date};

#[tokio::test]
async fn health_answers_ok() {
    let app = spawn_app().await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn an_api_path_that_names_nothing_is_a_problem_json_404() {
    let app = spawn_app().await;
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/no-such-thing"),
        (reqwest::Method::POST, "/api/v1/employer/no-such-thing"),
        (reqwest::Method::GET, "/api/v1/resident/status/extra"),
    ] {
        let response = app
            .http
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{method} {path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{method} {path}"
        );
        let problem: Value = response.json().await.unwrap();
        assert_eq!(
            problem["violations"][0]["code"], "NOT_FOUND",
            "{method} {path}"
        );
        assert_eq!(problem["violations"][0]["field"], "path", "{method} {path}");
    }
}

#[tokio::test]
async fn server_time_reports_the_cst_handling_month() {
    let app = spawn_app().await;
    // One second before midnight CST at the end of November is still November...
    app.state
        .clock
        .set_now_ms(cst_instant(Date::new(2026, 11, 30).unwrap(), 23, 59, 59));
    let body: Value = app.get_json("/api/v1/time").await;
    assert_eq!(body["handling_month"], "2026-11");
    assert_eq!(body["today"], "2026-11-30");
    // ...and two seconds later it is December, although UTC is still on the 30th.
    app.state
        .clock
        .set_now_ms(cst_instant(Date::new(2026, 12, 1).unwrap(), 0, 0, 1));
    let body: Value = app.get_json("/api/v1/time").await;
    assert_eq!(body["handling_month"], "2026-12");
}

async fn validate(app: &common::TestApp, body: Value) -> (u16, Value) {
    let response = app
        .http
        .post(app.url("/api/v1/validate"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// `/api/v1/validate`'s verdict (200) on `value` as a citizen ID, on a fresh app.
async fn validate_citizen_id(value: &str) -> Value {
    let app = spawn_app().await;
    let (status, body) = validate(&app, json!({"kind": "citizen_id", "value": value})).await;
    assert_eq!(status, 200);
    body
}

#[tokio::test]
async fn validate_reports_a_valid_citizen_id_with_birth_date_gender_and_region() {
    let body = validate_citizen_id("11010519491231002x").await;
    assert_eq!(body["valid"], true);
    assert_eq!(body["normalized"], "11010519491231002X");
    assert_eq!(body["birth_date"], "1949-12-31");
    assert_eq!(body["gender"], "female");
    assert_eq!(body["region"]["province_zh"], "北京市");
}

#[tokio::test]
async fn validate_reports_the_check_character_violation() {
    let body = validate_citizen_id("340524198001010013").await;
    assert_eq!(body["valid"], false);
    assert_eq!(body["normalized"], Value::Null);
    assert_eq!(body["violations"][0]["code"], "ID_CHECK");
    assert_eq!(body["violations"][0]["field"], "citizen_id");
}

#[tokio::test]
async fn validate_judges_credit_codes() {
    let app = spawn_app().await;
    let (_, body) = validate(
        &app,
        json!({"kind": "credit_code", "value": "91350200776049653A"}),
    )
    .await;
    assert_eq!(body["valid"], true);
    let (_, body) = validate(
        &app,
        json!({"kind": "credit_code", "value": "91350200776049653B"}),
    )
    .await;
    assert_eq!(body["violations"][0]["code"], "CREDIT_CHECK");
}

#[tokio::test]
async fn bad_requests_get_problem_json_not_5xx() {
    let app = spawn_app().await;
    let cases: Vec<(&str, Vec<u8>, &str, u16)> = vec![
        (
            "malformed JSON",
            b"{\"kind\": ".to_vec(),
            "application/json",
            400,
        ),
        (
            "wrong type",
            br#"{"kind": "citizen_id", "value": 42}"#.to_vec(),
            "application/json",
            422,
        ),
        (
            "unknown kind",
            br#"{"kind": "passport", "value": "x"}"#.to_vec(),
            "application/json",
            422,
        ),
        (
            "unknown field",
            br#"{"kind": "citizen_id", "value": "x", "extra": 1}"#.to_vec(),
            "application/json",
            422,
        ),
        (
            "invalid UTF-8",
            b"{\"kind\": \"citizen_id\", \"value\": \"\xff\xfe\"}".to_vec(),
            "application/json",
            400,
        ),
        (
            "not JSON at all",
            b"kind=citizen_id".to_vec(),
            "application/x-www-form-urlencoded",
            415,
        ),
        (
            "10 MB body",
            vec![b' '; 10 * 1024 * 1024],
            "application/json",
            413,
        ),
    ];
    for (what, body, content_type, expected) in cases {
        let response = app
            .http
            .post(app.url("/api/v1/validate"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), expected, "{what}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{what}"
        );
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["status"], expected, "{what}");
        assert_eq!(problem["violations"][0]["code"], "BAD_FORMAT", "{what}");
        assert!(
            problem["violations"][0]["message_zh"]
                .as_str()
                .unwrap()
                .contains("JSON"),
            "{what}"
        );
    }
}

/// `/api/v1/validate/<kind>`'s verdict on `form` at `handling_month`.
async fn validate_form(app: &TestApp, kind: &str, handling_month: &str, form: &Value) -> Value {
    let body = app
        .http
        .post(app.url(&format!("/api/v1/validate/{kind}")))
        .json(&json!({"handling_month": handling_month, "form": form}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body:?}"))
}

#[tokio::test]
async fn validate_checks_whole_forms_at_a_chosen_handling_month() {
    let app = spawn_app().await;
    let form = json!({
        "citizen_id": "34052419800101001X", "name": "张三", "mobile": "13812345678",
        "hukou_district": "330211", "hukou_type": "urban", "employment_start": "2027-01-04",
        "monthly_wage": "3000", "pension_start": "2026-12", "unemployment_start": "2027-01"
    });
    // January 2027: December 2026 is the month before, so allowed (and retroactive).
    let body = validate_form(&app, "enrolment", "2027-01", &form).await;
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(body["plan"]["starts"]["work_injury"], "2027-01");
    assert_eq!(
        body["plan"]["flags"],
        json!(["retroactive", "clamped_base"])
    );
    // March 2027: December is outside the window; the stop check needs an employment.
    let body = validate_form(&app, "enrolment", "2027-03", &form).await;
    assert_eq!(body["ok"], false);
    assert_eq!(body["violations"][0]["code"], "START_MONTH_WINDOW");
    let stop =
        json!({"citizen_id": "34052419800101001X", "stop_month": "2027-03", "reason": "退休"});
    let body = validate_form(&app, "stop", "2027-03", &stop).await;
    assert_eq!(body["violations"][0]["code"], "NOT_ACTIVE_HERE");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_answer_carries_an_id_of_the_servers_choosing() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let http = reqwest::Client::new();
        let mut ids = Vec::new();
        for path in ["/health", "/api/v1/time", "/api/v1/nothing-here", "/"] {
            let r = http
                .get(app.url(path))
                .header("x-request-id", "chosen-by-the-client")
                .send()
                .await
                .unwrap();
            let id = r
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{engine:?} {path}: no request id"))
                .to_string();
            assert!(
                id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
                "{engine:?} {path}: {id:?}"
            );
            ids.push(id);
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 4, "{engine:?}: each request its own id");
    }
}
