//! Sessions against the attacks ASVS names, on both engines: a session left open on a
//! shared computer is refused after half an hour without use (the SQLite engine's
//! session cache included), whatever the 8 hours allow; the cookie is `Secure` and
//! `__Host-` whenever the server is reached other than over loopback HTTP, decided by the
//! configuration and never by a header the client sends.

use crate::common;

use common::world::{seed, PASSWORD};
use common::{spawn_app_with_dist, TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::json;

const MINUTE_MS: i64 = 60 * 1000;

/// Logs in `username` with a bare client; answers the whole `Set-Cookie` of the session.
async fn login(app: &TestApp, username: &str, headers: &[(&str, &str)]) -> String {
    let mut request = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": username, "password": PASSWORD}));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let r = request.send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "login {username}");
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.contains("shebao_session="))
        .expect("a session cookie")
}

/// `name=value` of a `Set-Cookie`.
fn pair(set_cookie: &str) -> &str {
    set_cookie.split(';').next().unwrap()
}

async fn session_status(app: &TestApp, cookie: &str) -> StatusCode {
    reqwest::Client::new()
        .get(app.url("/api/v1/session"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_left_unused_for_half_an_hour_is_refused() {
    for engine in ENGINES {
        let app = spawn_app_with_dist(engine, None, &[]).await;
        seed(&app).await;
        let start = app.state.clock.now_ms();
        let cookie = pair(&login(&app, "resident", &[]).await).to_string();

        // In use every 20 minutes, it lasts past half an hour from login.
        for minutes in [20, 40, 60] {
            app.state.clock.set_now_ms(start + minutes * MINUTE_MS);
            assert_eq!(
                session_status(&app, &cookie).await,
                StatusCode::OK,
                "{engine:?}: in use, at {minutes} minutes"
            );
        }
        // Then left for 31 minutes: refused, as every request after.
        app.state.clock.set_now_ms(start + 91 * MINUTE_MS);
        assert_eq!(
            session_status(&app, &cookie).await,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: a session unused for 31 minutes was accepted"
        );
        let r = reqwest::Client::new()
            .get(app.url("/api/v1/resident/status"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{engine:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_idle_timeout_is_configurable_and_the_eight_hours_still_hold() {
    for engine in ENGINES {
        let app = spawn_app_with_dist(engine, None, &["--session-idle-minutes", "5"]).await;
        seed(&app).await;
        let start = app.state.clock.now_ms();
        let cookie = pair(&login(&app, "agent_a", &[]).await).to_string();
        app.state.clock.set_now_ms(start + 4 * MINUTE_MS);
        assert_eq!(session_status(&app, &cookie).await, StatusCode::OK);
        app.state.clock.set_now_ms(start + 10 * MINUTE_MS);
        assert_eq!(
            session_status(&app, &cookie).await,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: unused for 6 minutes with a 5-minute idle timeout"
        );

        // Used every 20 minutes for the whole day: still over at 8 hours.
        let app = spawn_app_with_dist(engine, None, &[]).await;
        seed(&app).await;
        let start = app.state.clock.now_ms();
        let cookie = pair(&login(&app, "agent_a", &[]).await).to_string();
        let mut at = 0;
        while at + 20 < 8 * 60 {
            at += 20;
            app.state.clock.set_now_ms(start + at * MINUTE_MS);
            assert_eq!(
                session_status(&app, &cookie).await,
                StatusCode::OK,
                "{engine:?}: {at} minutes"
            );
        }
        app.state
            .clock
            .set_now_ms(start + 8 * 60 * MINUTE_MS + MINUTE_MS);
        assert_eq!(
            session_status(&app, &cookie).await,
            StatusCode::UNAUTHORIZED,
            "{engine:?}: past 8 hours"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_is_secure_and_host_only_unless_served_over_loopback_http() {
    for engine in ENGINES {
        // Reached at an https address (TLS ends at a proxy), even when the client says
        // it came over plain HTTP.
        for (extra, client_says) in [
            (&["--public-url", "https://shebao.example.cn"][..], "http"),
            (&["--public-url", "https://shebao.example.cn"][..], "https"),
            // Listening beyond this machine.
            (&["--listen", "0.0.0.0:0"][..], "http"),
        ] {
            let app = spawn_app_with_dist(engine, None, extra).await;
            seed(&app).await;
            let set = login(&app, "resident", &[("x-forwarded-proto", client_says)]).await;
            let what = format!("{engine:?} {extra:?} X-Forwarded-Proto: {client_says}");
            assert!(
                set.starts_with("__Host-shebao_session="),
                "{what}: not a __Host- cookie: {set}"
            );
            let attributes: Vec<&str> = set.split(';').map(str::trim).collect();
            for wanted in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
                assert!(
                    attributes.contains(&wanted),
                    "{what}: {wanted} missing: {set}"
                );
            }
            assert!(
                !attributes
                    .iter()
                    .any(|a| a.to_ascii_lowercase().starts_with("domain=")),
                "{what}: {set}"
            );
            // The session answers to that cookie, not to the plain name.
            let token = pair(&set).split_once('=').unwrap().1;
            assert_eq!(
                session_status(&app, pair(&set)).await,
                StatusCode::OK,
                "{what}"
            );
            assert_eq!(
                session_status(&app, &format!("shebao_session={token}")).await,
                StatusCode::UNAUTHORIZED,
                "{what}: the unprefixed cookie is accepted"
            );
        }

        // Loopback over plain HTTP (development, the demo, the tests): the plain cookie,
        // whatever a client claims.
        let app = spawn_app_with_dist(engine, None, &[]).await;
        seed(&app).await;
        let set = login(&app, "resident", &[("x-forwarded-proto", "https")]).await;
        assert!(set.starts_with("shebao_session="), "{engine:?}: {set}");
        assert!(
            !set.split(';').any(|a| a.trim() == "Secure"),
            "{engine:?}: a client header decided the cookie: {set}"
        );
    }
}
