//! Finding 6 of the security review, as an attacker would try it, on both engines:
//! holding connections open with half-sent headers, opening more connections than the
//! server can serve, hammering the anonymous endpoints, filling the store with uploads,
//! and leaving expired rows for ever.

use crate::common;

use common::world::{self, Session};
use common::{
    fresh_postgres_args, spawn_app_on, spawn_app_with, spawn_server_process, Engine, ENGINES,
};
use reqwest::StatusCode;
use shebao_server::params;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The real server binary on a fresh store of `engine`, with `extra` options.
fn server_process(
    engine: Engine,
    data_dir: &std::path::Path,
    extra: &[&str],
) -> (std::process::Child, String) {
    let mut args: Vec<String> = vec!["--data-dir".into(), data_dir.to_str().unwrap().into()];
    if engine == Engine::Postgres {
        args.extend(fresh_postgres_args());
    }
    args.extend(extra.iter().map(|a| a.to_string()));
    spawn_server_process(args)
}

fn connect(url: &str) -> TcpStream {
    let stream = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    stream
}

/// Whether the server has closed `stream` (read answers end of file, or an answer such
/// as 408 followed by the end).
fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn connections_with_half_sent_headers_are_cut_off() {
    for engine in ENGINES {
        let data = tempfile::tempdir().unwrap();
        let (mut child, url) =
            server_process(engine, data.path(), &["--header-read-timeout-secs", "2"]);
        let mut held: Vec<TcpStream> = (0..40)
            .map(|_| {
                let mut s = connect(&url);
                s.write_all(b"GET /health HTTP/1.1\r\nHost: shebao\r\nX-Slow: ")
                    .unwrap();
                s
            })
            .collect();
        std::thread::sleep(Duration::from_secs(4));
        let still_open = held
            .iter_mut()
            .filter_map(|s| (!closed_by_server(s)).then_some(()))
            .count();
        child.kill().unwrap();
        assert_eq!(
            still_open, 0,
            "{engine:?}: connections still held after the header timeout"
        );
    }
}

#[test]
fn connections_past_the_cap_wait_for_a_free_one() {
    for engine in ENGINES {
        let data = tempfile::tempdir().unwrap();
        let (mut child, url) = server_process(
            engine,
            data.path(),
            &["--max-connections", "4", "--header-read-timeout-secs", "3"],
        );
        // Four silent connections take every slot...
        let _held: Vec<TcpStream> = (0..4).map(|_| connect(&url)).collect();
        std::thread::sleep(Duration::from_millis(300));
        // ...so a fifth is not served until the header timeout frees one.
        let started = Instant::now();
        let mut fifth = connect(&url);
        fifth
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        fifth
            .write_all(b"GET /health HTTP/1.1\r\nHost: shebao\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        let _ = fifth.read_to_string(&mut answer);
        let waited = started.elapsed();
        child.kill().unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{engine:?}: {answer:?}");
        assert!(
            waited >= Duration::from_millis(1500),
            "{engine:?}: a fifth connection was served at once ({waited:?}) with a cap of four"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn anonymous_endpoints_are_limited_per_address() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let http = reqwest::Client::new();
        let mut limited = 0;
        for n in 0..150 {
            let status = http
                .get(app.url(&format!("/api/v1/verify/ABCD-EFGH-JKLM-{n:04}")))
                .send()
                .await
                .unwrap()
                .status();
            limited += usize::from(status == StatusCode::TOO_MANY_REQUESTS);
        }
        let audited = app.audited("certificate.verify").await;
        assert!(
            limited >= 60 && audited <= 90,
            "{engine:?}: 150 verifications in a row from one address: {limited} limited, {audited} audit rows written"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_calls_from_one_address_stop_being_written_down() {
    for engine in ENGINES {
        let app = spawn_app_with(engine, &["--refused-requests-per-minute", "60"]).await;
        let http = reqwest::Client::new();
        let mut limited = 0;
        for _ in 0..150 {
            let status = http
                .get(app.url("/api/v1/resident/status"))
                .header("cookie", "shebao_session=forged")
                .send()
                .await
                .unwrap()
                .status();
            limited += usize::from(status == StatusCode::TOO_MANY_REQUESTS);
        }
        let audited = app.audited("refused").await;
        assert!(
            limited >= 60 && audited <= 90,
            "{engine:?}: 150 refused calls in a row from one address: {limited} limited, {audited} audit rows written"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_past_the_quota_are_refused() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        world::seed(&app).await;
        let resident = Session::login(&app, "resident").await;
        let mut statuses = Vec::new();
        for n in 0..12 {
            let response = resident
                .http
                .post(app.url("/api/v1/resident/flexible/materials"))
                .header("x-csrf-token", &resident.csrf)
                .header("x-file-name", format!("scan{n}.pdf"))
                .body(format!("%PDF-1.4 scan {n}").into_bytes())
                .send()
                .await
                .unwrap();
            statuses.push(response.status().as_u16());
        }
        assert_eq!(
            statuses,
            [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 429, 429],
            "{engine:?}: twelve uploads with nothing to attach them to"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_purge_removes_what_has_expired_and_keeps_the_rest() {
    for engine in ENGINES {
        let app = spawn_app_with(engine, &[]).await;
        world::seed(&app).await;
        let now = app.state.clock.now_ms();
        let day = 24 * 60 * 60 * 1000;
        let resident = app
            .state
            .store
            .read(|tx| {
                tx.query_row(
                    "SELECT id FROM accounts WHERE username = 'resident'",
                    params![],
                )?
                .i64(0)
            })
            .await
            .unwrap();
        app.state
            .store
            .write(move |tx| {
                for (age, tag) in [(2 * day, "old"), (0, "new")] {
                    let at = now - age;
                    tx.execute(
                        "INSERT INTO captchas (id, account_id, answer, created_ms, expires_ms) VALUES (?1, ?2, 'x', ?3, ?4)",
                        params![format!("c-{tag}"), resident, at, at + 300_000],
                    )?;
                    tx.execute(
                        "INSERT INTO guesses (scope, client, at_ms) VALUES ('login.address', ?1, ?2)",
                        params![format!("g-{tag}"), at],
                    )?;
                    tx.execute(
                        "INSERT INTO idempotency (account_id, key, status, body, created_ms) VALUES (?1, ?2, 201, '{}', ?3)",
                        params![resident, format!("k-{tag}"), at],
                    )?;
                    tx.execute(
                        "INSERT INTO materials (account_id, file_name, content_type, size, content, uploaded_ms)
                         VALUES (?1, ?2, 'application/pdf', 4, ?3, ?4)",
                        params![resident, format!("m-{tag}"), b"%PDF".to_vec(), at],
                    )?;
                    tx.execute(
                        "INSERT INTO sessions (token_hash, account_id, csrf_token, created_ms, expires_ms) VALUES (?1, ?2, 'c', ?3, ?4)",
                        params![format!("s-{tag}"), resident, at, at + 8 * 60 * 60 * 1000],
                    )?;
                }
                Ok::<_, shebao_server::db::DbError>(())
            })
            .await
            .unwrap();
        let purged = shebao_server::jobs::purge::run_once(&app.state)
            .await
            .unwrap();
        assert!(purged >= 5, "{engine:?}: {purged} rows purged");
        for (table, column, old, new) in [
            ("captchas", "id", "c-old", "c-new"),
            ("guesses", "client", "g-old", "g-new"),
            ("idempotency", "key", "k-old", "k-new"),
            ("materials", "file_name", "m-old", "m-new"),
            ("sessions", "token_hash", "s-old", "s-new"),
        ] {
            let left: Vec<String> = app
                .state
                .store
                .read(move |tx| {
                    tx.query(
                        &format!("SELECT {column} FROM {table} WHERE {column} IN (?1, ?2)"),
                        params![old, new],
                    )?
                    .iter()
                    .map(|r| r.text(0))
                    .collect::<Result<Vec<_>, _>>()
                })
                .await
                .unwrap();
            assert_eq!(left, [new], "{engine:?}: {table}");
        }
    }
}
