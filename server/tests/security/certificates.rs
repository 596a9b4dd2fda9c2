//! Attacks on certificates and open-on-computer codes, each refused, on both engines:
//! guessing a code, flooding one certificate with codes, a guesser locking the owner
//! out, a doctored copy that "verifies", a `Host` header steering the QR code, and
//! issuing without end.

use crate::common;

use clap::Parser;
use common::world::{self, mid_january_2024, seed, Session};
use common::{spawn_app_on, spawn_app_with, TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A new captcha and its answer, worked out from the question in words.
async fn captcha(session: &Session) -> (String, String) {
    let (c, answer) = world::new_captcha(session).await;
    (c["id"].as_str().unwrap().to_string(), answer)
}

/// Issues the resident a 12-month personal certificate of three insurances.
async fn issue_personal(resident: &Session) -> (StatusCode, Value) {
    let (id, answer) = captcha(resident).await;
    resident
        .post(
            "/api/v1/resident/certificates",
            &json!({
                "kind": "personal",
                "months": 12,
                "insurances": ["pension", "unemployment", "work_injury"],
                "captcha_id": id,
                "captcha_answer": answer,
            }),
        )
        .await
}

/// The resident with one personal certificate: (session, its verification code).
async fn resident_with_certificate(app: &TestApp) -> (Session, String) {
    app.state.clock.set_now_ms(mid_january_2024());
    seed(app).await;
    let resident = Session::login(app, "resident").await;
    let (status, issued) = issue_personal(&resident).await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    (resident, issued["code"].as_str().unwrap().to_string())
}

async fn new_handoff(resident: &Session, certificate: &str) -> (StatusCode, Value) {
    resident
        .post(
            &format!("/api/v1/resident/certificates/{certificate}/handoff"),
            &json!({}),
        )
        .await
}

async fn handoff_code(resident: &Session, certificate: &str) -> String {
    let (status, body) = new_handoff(resident, certificate).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["code"].as_str().unwrap().to_string()
}

/// Types `code` on a computer (optionally behind `X-Forwarded-For`); answers the status.
async fn open(app: &TestApp, code: &str, forwarded_for: Option<&str>) -> StatusCode {
    let mut request = reqwest::Client::new()
        .post(app.url("/api/v1/handoff"))
        .json(&json!({ "code": code }));
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", address);
    }
    request.send().await.unwrap().status()
}

/// A wrong code that shares nothing at the front with `code`.
fn far_from(code: &str) -> String {
    let first = if code.starts_with('2') { '3' } else { '2' };
    std::iter::once(first).chain(code.chars().skip(1)).collect()
}

/// A wrong code that shares all but the last character with `code`.
fn near(code: &str) -> String {
    let last = if code.ends_with('2') { '3' } else { '2' };
    let mut chars: Vec<char> = code.chars().collect();
    *chars.last_mut().unwrap() = last;
    chars.into_iter().collect()
}

const ALPHABET: &str = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_code_has_40_bits_and_is_typed_in_any_form() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let (resident, certificate) = resident_with_certificate(&app).await;
        let code = handoff_code(&resident, &certificate).await;
        // ABCD-EFGH: eight characters of a 32-letter alphabet, 40 bits.
        let chars: Vec<char> = code.chars().collect();
        assert!(
            chars.len() == 9
                && chars[4] == '-'
                && chars
                    .iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || ALPHABET.contains(*c)),
            "{engine:?}: {code:?} is not 8 characters of a 32-letter alphabet (40 bits)"
        );
        assert_eq!(ALPHABET.len(), 32);
        // Typed in lower case without the dash, it opens.
        let typed = code.replace('-', "").to_lowercase();
        assert_eq!(open(&app, &typed, None).await, StatusCode::OK, "{typed}");
        // Full-width characters are forgiven.
        let code = handoff_code(&resident, &certificate).await;
        let full_width: String = code
            .chars()
            .map(|c| char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap())
            .collect();
        assert_eq!(open(&app, &full_width, None).await, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifteen_codes_for_one_certificate_are_refused_past_the_limit_and_only_the_newest_opens() {
    for engine in ENGINES {
        // The test moves the clock on by hours; one session must last through them.
        let app = spawn_app_with(engine, &["--session-idle-minutes", "480"]).await;
        let (resident, certificate) = resident_with_certificate(&app).await;
        let mut made = Vec::new();
        let mut refused = 0;
        for _ in 0..15 {
            let (status, body) = new_handoff(&resident, &certificate).await;
            match status {
                StatusCode::CREATED => made.push(body["code"].as_str().unwrap().to_string()),
                StatusCode::TOO_MANY_REQUESTS => {
                    assert_eq!(body["violations"][0]["code"], "RATE_LIMITED", "{body}");
                    let seconds = body["violations"][0]["params"]["seconds"].as_str().unwrap();
                    assert!(seconds.parse::<i64>().unwrap() > 0, "{body}");
                    refused += 1;
                }
                other => panic!("{other}: {body}"),
            }
        }
        assert!(
            made.len() <= 5 && refused == 15 - made.len(),
            "{engine:?}: {} of 15 codes in a row for one certificate were made (at most 5 an hour)",
            made.len()
        );
        let newest = made.pop().unwrap();
        for old in &made {
            assert_eq!(
                open(&app, old, None).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{engine:?}: a replaced code {old} still opens"
            );
        }
        assert_eq!(open(&app, &newest, None).await, StatusCode::OK);
        // A day's limit: after an hour, more, but not without end.
        let mut total = made.len() + 1;
        for hour in 1..=6 {
            app.state
                .clock
                .set_now_ms(mid_january_2024() + hour * 61 * 60 * 1000);
            for _ in 0..5 {
                if new_handoff(&resident, &certificate).await.0 == StatusCode::CREATED {
                    total += 1;
                }
            }
        }
        assert_eq!(total, 20, "{engine:?}: at most 20 codes a day");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guesser_cannot_lock_the_owner_out() {
    for engine in ENGINES {
        // No trusted proxy: X-Forwarded-For is the client's own say, and changes nothing.
        let app = spawn_app_on(engine).await;
        let (resident, certificate) = resident_with_certificate(&app).await;
        let code = handoff_code(&resident, &certificate).await;
        let wrong = far_from(&code);
        let mut last = StatusCode::OK;
        for i in 0..12 {
            last = open(&app, &wrong, Some(&format!("203.0.113.{i}"))).await;
        }
        assert_eq!(
            last,
            StatusCode::TOO_MANY_REQUESTS,
            "{engine:?}: a spoofed X-Forwarded-For escaped the guess limit"
        );
        assert_eq!(
            open(&app, &wrong, None).await,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            open(&app, &code, None).await,
            StatusCode::OK,
            "{engine:?}: the owner's correct code was refused after a guesser from the same address went over the limit"
        );

        // Behind a trusted proxy: the guesser and the owner share one client address.
        let app = spawn_app_with(engine, &["--trusted-proxy", "127.0.0.1"]).await;
        let (resident, certificate) = resident_with_certificate(&app).await;
        let code = handoff_code(&resident, &certificate).await;
        let wrong = far_from(&code);
        for _ in 0..12 {
            open(&app, &wrong, Some("198.51.100.7")).await;
        }
        assert_eq!(
            open(&app, &wrong, Some("198.51.100.7")).await,
            StatusCode::TOO_MANY_REQUESTS
        );
        // Another client behind the proxy is not limited by the guesser.
        assert_eq!(
            open(&app, &wrong, Some("198.51.100.8")).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            open(&app, &code, Some("198.51.100.7")).await,
            StatusCode::OK,
            "{engine:?}: behind a proxy, the owner's correct code was refused (429) because of a guesser"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_guesses_near_a_live_code_kill_it() {
    for engine in ENGINES {
        let app = spawn_app_with(engine, &["--trusted-proxy", "127.0.0.1"]).await;
        let (resident, certificate) = resident_with_certificate(&app).await;
        let code = handoff_code(&resident, &certificate).await;
        // Ten wrong codes, each from another address, that begin as the live code does.
        for i in 0..10 {
            assert_eq!(
                open(&app, &near(&code), Some(&format!("192.0.2.{i}"))).await,
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        assert_eq!(
            open(&app, &code, Some("192.0.2.200")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{engine:?}: a code that ten wrong guesses came near still opens (no per-code attempt limit)"
        );
        // The owner makes a new one, which opens.
        let code = handoff_code(&resident, &certificate).await;
        assert_eq!(open(&app, &code, None).await, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_used_or_replaced_code_opens_nothing() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let (resident, certificate) = resident_with_certificate(&app).await;
        let first = handoff_code(&resident, &certificate).await;
        let second = handoff_code(&resident, &certificate).await;
        assert_eq!(
            open(&app, &first, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{engine:?}: a code replaced by a newer one still opened"
        );
        assert_eq!(open(&app, &second, None).await, StatusCode::OK);
        assert_eq!(
            open(&app, &second, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{engine:?}: a used code opened again"
        );
        // Nothing is kept of used, replaced or expired codes.
        let third = handoff_code(&resident, &certificate).await;
        app.state
            .clock
            .set_now_ms(app.state.clock.now_ms() + 10 * 60 * 1000 + 1000);
        assert_eq!(
            open(&app, &third, None).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let rows = app
            .state
            .store
            .read(|tx| {
                tx.query_row("SELECT COUNT(*) FROM handoffs", shebao_server::params![])?
                    .i64(0)
            })
            .await
            .unwrap();
        assert_eq!(
            rows, 0,
            "{engine:?}: used, replaced or expired codes are kept"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_shows_what_the_certificate_says() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let (_resident, code) = resident_with_certificate(&app).await;
        let (status, verdict) = Session::anonymous(&app)
            .get(&format!("/api/v1/verify/{code}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(verdict["genuine"], true, "{verdict}");
        let person = &verdict["certificate"]["person"];
        assert!(
            person["lines"].is_array(),
            "{engine:?}: the verdict does not say the certificate's months and statuses, so a doctored copy would match: {verdict}"
        );
        // 12 months × 3 insurances, each with its month, status, employer and amounts.
        let lines = person["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 36);
        assert_eq!(person["months"][0], "2023-01");
        assert_eq!(person["months"][11], "2023-12");
        for insurance in ["pension", "unemployment", "work_injury"] {
            let months: Vec<&str> = lines
                .iter()
                .filter(|l| l["insurance"] == insurance)
                .map(|l| l["month"].as_str().unwrap())
                .collect();
            assert_eq!(months.len(), 12, "{insurance}");
            assert_eq!(months[0], "2023-01");
        }
        assert_eq!(lines[0]["status"], "paid");
        assert_eq!(lines[0]["employer_name"], "宁波甲公司");
        assert_eq!(lines[0]["base_fen"], 700_000);
        assert_eq!(verdict["certificate"]["issued_date"], "2024-01-15");
        // Masked: never the full name or ID.
        assert_eq!(person["name"], "赵*");
        let text = verdict.to_string();
        assert!(!text.contains("赵六"), "{text}");
        assert!(!text.contains("33021219780808004"), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_header_does_not_change_the_qr_address() {
    let app = spawn_app_on(common::Engine::Sqlite).await;
    let (resident, certificate) = resident_with_certificate(&app).await;
    let code = handoff_code(&resident, &certificate).await;
    let qr = |host: Option<&'static str>| {
        let mut request =
            reqwest::Client::new().get(app.url(&format!("/api/v1/handoff/{code}/qr")));
        if let Some(host) = host {
            request = request.header("host", host);
        }
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.text().await.unwrap()
        }
    };
    let honest = qr(None).await;
    let steered = qr(Some("evil.example")).await;
    assert!(
        honest == steered,
        "Host: evil.example changed the open-on-computer QR code"
    );
    // And it is the listen address, as the server printed it.
    let expected =
        shebao_server::certificates::qr::svg(&app.url(&format!("/open?code={code}"))).unwrap();
    assert_eq!(honest, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_listen_address_needs_a_public_url() {
    let dir = tempfile::tempdir().unwrap();
    let config = shebao_server::config::Config::parse_from([
        "shebao-server",
        "--listen",
        "0.0.0.0:0",
        "--data-dir",
        dir.path().to_str().unwrap(),
    ]);
    let started = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        shebao_server::run(config),
    )
    .await;
    match started {
        Ok(Err(message)) => assert!(message.contains("--public-url"), "{message}"),
        other => panic!(
            "listening on 0.0.0.0 without --public-url, the server started anyway: {other:?}"
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_past_the_per_account_limit_are_refused() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        app.state.clock.set_now_ms(mid_january_2024());
        let world = seed(&app).await;
        let resident = Session::login(&app, "resident").await;
        for _ in 0..10 {
            let (status, body) = issue_personal(&resident).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let (status, body) = issue_personal(&resident).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "{engine:?}: an 11th personal certificate in an hour was issued: {body}"
        );
        assert_eq!(body["violations"][0]["code"], "RATE_LIMITED");
        assert_eq!(body["violations"][0]["field"], "certificate");

        // The employer's agent likewise.
        let b = world::employer(&app, world.employer_b).await;
        let agent = Session::login(&app, "agent_b").await;
        let good = world::employer_certificate_form(&b);
        for _ in 0..10 {
            let (status, body) = agent.post("/api/v1/employer/certificates", &good).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let (status, body) = agent.post("/api/v1/employer/certificates", &good).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "{engine:?}: an 11th employer certificate in an hour was issued: {body}"
        );
        assert_eq!(body["violations"][0]["field"], "certificate");
    }
}
