//! Finding 4 of the security review, as an attacker would try it, on both engines:
//! guessing passwords fast from one address, telling real user names from made-up
//! ones by how the server answers, and locking the rightful owner out from outside.

use crate::common;

use common::world::{self, PASSWORD};
use common::{spawn_app_on, spawn_app_with, TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// One login attempt, as if from `from` when the app trusts 127.0.0.1 as its proxy
/// (`None`: no header, the peer itself).
async fn attempt(
    app: &TestApp,
    from: Option<&str>,
    username: &str,
    password: &str,
) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": username, "password": password }));
    if let Some(address) = from {
        request = request.header("x-forwarded-for", address);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let code = body["violations"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string();
    (status, code)
}

#[tokio::test(flavor = "multi_thread")]
async fn forty_failed_logins_from_one_address_are_not_all_answered() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        world::seed(&app).await;
        let mut answered = 0;
        let mut slowed = 0;
        for n in 0..40 {
            // Another made-up name each time: only the address ties the attempts.
            let (status, code) = attempt(&app, None, &format!("guess{n}"), "Password-123").await;
            match status {
                401 => answered += 1,
                429 => {
                    assert_eq!(code, "RATE_LIMITED", "{engine:?}");
                    slowed += 1;
                }
                other => panic!("{engine:?}: attempt {n} answered {other}"),
            }
        }
        assert!(
            answered <= 12 && slowed >= 28,
            "{engine:?}: 40 guesses in a row from one address: {answered} checked, {slowed} slowed down"
        );
    }
}

/// The answers to ten wrong passwords for `username`, each from its own address.
async fn ten_wrong(app: &TestApp, username: &str) -> Vec<(u16, String)> {
    let mut answers = Vec::new();
    for n in 0..10 {
        answers.push(
            attempt(
                app,
                Some(&format!("198.51.100.{n}")),
                username,
                "Wrong-Password-1",
            )
            .await,
        );
    }
    answers
}

#[tokio::test(flavor = "multi_thread")]
async fn a_real_user_name_and_a_made_up_one_are_answered_alike() {
    for engine in ENGINES {
        let known = spawn_app_with(engine, &["--trusted-proxy", "127.0.0.1"]).await;
        world::seed(&known).await;
        let unknown = spawn_app_with(engine, &["--trusted-proxy", "127.0.0.1"]).await;
        world::seed(&unknown).await;
        let real = ten_wrong(&known, "agent_a").await;
        let made_up = ten_wrong(&unknown, "agent_zz").await;
        assert_eq!(
            real, made_up,
            "{engine:?}: the answers tell a real name from a made-up one"
        );
        assert!(
            real.iter().any(|(status, _)| *status == 429),
            "{engine:?}: ten wrong passwords for one name, none slowed down: {real:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outsider_cannot_lock_the_owner_out() {
    for engine in ENGINES {
        let app = spawn_app_with(engine, &["--trusted-proxy", "127.0.0.1"]).await;
        world::seed(&app).await;
        // Thirty wrong passwords for the agent's name, from thirty addresses.
        for n in 0..30 {
            attempt(
                &app,
                Some(&format!("203.0.113.{n}")),
                "agent_a",
                "Wrong-Password-1",
            )
            .await;
        }
        // The owner, from their own address, waits at most a minute, not a lockout.
        let later = app.state.clock.now_ms() + 61_000;
        app.state.clock.set_now_ms(later);
        let (status, code) = attempt(&app, Some("192.0.2.10"), "agent_a", PASSWORD).await;
        assert_eq!(
            (status, code.as_str()),
            (200, ""),
            "{engine:?}: the owner's right password a minute after an outsider's guesses"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_cannot_pick_its_address_with_the_forwarded_header() {
    for engine in ENGINES {
        // No trusted proxy: the header is the client's own word and counts for nothing.
        let app = spawn_app_on(engine).await;
        world::seed(&app).await;
        let mut slowed = 0;
        for n in 0..30 {
            let from = format!("198.51.100.{n}");
            let (status, _) =
                attempt(&app, Some(&from), &format!("guess{n}"), "Password-123").await;
            slowed += usize::from(status == StatusCode::TOO_MANY_REQUESTS.as_u16());
        }
        assert!(
            slowed >= 18,
            "{engine:?}: a new X-Forwarded-For each time escaped the limit ({slowed} of 30 slowed)"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_more_password_hashes_run_at_once_than_the_bound() {
    for engine in ENGINES {
        let app = spawn_app_with(engine, &["--trusted-proxy", "127.0.0.1"]).await;
        world::seed(&app).await;
        let mut attempts = Vec::new();
        for n in 0..24 {
            let app_url = app.url("/api/v1/session");
            attempts.push(tokio::spawn(async move {
                reqwest::Client::new()
                    .post(app_url)
                    .header("x-forwarded-for", format!("198.18.{n}.1"))
                    .json(&json!({ "username": format!("user{n}"), "password": "Password-123" }))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }));
        }
        for a in attempts {
            assert_eq!(a.await.unwrap(), StatusCode::UNAUTHORIZED, "{engine:?}");
        }
        let most = app.state.password_hashing.most_at_once();
        assert!(
            (1..=app.state.password_hashing.bound()).contains(&most),
            "{engine:?}: {most} hashes ran at once, the bound is {}",
            app.state.password_hashing.bound()
        );
    }
}
