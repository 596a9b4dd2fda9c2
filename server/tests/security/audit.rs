//! The audit log as a security control (ASVS V7/V16): every row names its source
//! address; reads of personal data and refused calls (401, 403, CSRF) are recorded; a
//! failed audit write fails the request it belongs to; and rows chain by hash, so
//! `shebao-server audit verify` finds a row altered or removed in the database. Each
//! test runs on SQLite and on PostgreSQL.

use crate::common;

use common::world::{enrolment_form, seed, Session, PASSWORD};
use common::{Engine, TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::json;
use shebao_server::db::{DbError, Row};

/// The app with `trusted` as its trusted proxies, and the options that name its store
/// on the command line (for `audit verify`).
async fn spawn(engine: Engine, trusted: &[&str]) -> (TestApp, Vec<String>) {
    let trusted = trusted.join(",");
    let args: Vec<&str> = if trusted.is_empty() {
        vec![]
    } else {
        vec!["--trusted-proxy", &trusted]
    };
    common::spawn_app_with_store_args(engine, &args).await
}

async fn query(app: &TestApp, sql: &str) -> Vec<Row> {
    let sql = sql.to_string();
    app.state
        .store
        .read(move |tx| tx.query(&sql, &[]))
        .await
        .unwrap_or_else(|e| panic!("{:?}: {e}", app.engine))
}

async fn execute(app: &TestApp, sql: &str) {
    let sql = sql.to_string();
    app.state
        .store
        .write(move |tx| tx.execute(&sql, &[]).map(|_| ()))
        .await
        .unwrap_or_else(|e: DbError| panic!("{:?}: {e}", app.engine))
}

async fn account_id(app: &TestApp, username: &str) -> i64 {
    query(
        app,
        &format!("SELECT id FROM accounts WHERE username = '{username}'"),
    )
    .await[0]
        .i64(0)
        .unwrap()
}

/// The audit rows of `action`, newest first: (account_id, source, target, result).
async fn rows_of(app: &TestApp, action: &str) -> Vec<(Option<i64>, String, String, String)> {
    query(
        app,
        &format!(
            "SELECT account_id, source, target, result FROM audit_log \
             WHERE action = '{action}' ORDER BY id DESC"
        ),
    )
    .await
    .iter()
    .map(|r| {
        (
            r.opt_i64(0).unwrap(),
            r.text(1).unwrap(),
            r.text(2).unwrap(),
            r.text(3).unwrap(),
        )
    })
    .collect()
}

/// Logs `username` in with `X-Forwarded-For: forwarded`.
async fn login_forwarded(app: &TestApp, username: &str, forwarded: &str) -> StatusCode {
    reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .status()
}

/// A seeded app (trusting `trusted` proxies) after the resident logged in with
/// `X-Forwarded-For: 198.51.100.7`, and the source the login's audit row names.
async fn forwarded_login_source(engine: Engine, trusted: &[&str]) -> (TestApp, String) {
    let (app, _) = spawn(engine, trusted).await;
    seed(&app).await;
    assert_eq!(
        login_forwarded(&app, "resident", "198.51.100.7").await,
        StatusCode::OK
    );
    let source = rows_of(&app, "login").await[0].1.clone();
    (app, source)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_carry_the_source_address() {
    for engine in ENGINES {
        // Behind a trusted proxy (the test's own address), the client it names counts.
        let (_, source) = forwarded_login_source(engine, &["127.0.0.1"]).await;
        assert_eq!(
            source, "198.51.100.7",
            "{engine:?}: behind a trusted proxy, the forwarded client is the source"
        );
        // Without one, the header is the client's word and is not believed.
        let (app, source) = forwarded_login_source(engine, &[]).await;
        assert_eq!(
            source, "127.0.0.1",
            "{engine:?}: an untrusted peer's X-Forwarded-For is not the source"
        );
        // A failed login names its source too.
        let (status, _) = Session::anonymous(&app)
            .post(
                "/api/v1/session",
                &json!({"username": "resident", "password": "wrong-password-1"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let logins = rows_of(&app, "login").await;
        assert_eq!(
            (logins[0].1.as_str(), logins[0].3.as_str()),
            ("127.0.0.1", "failed"),
            "{engine:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_of_personal_data_are_recorded() {
    for engine in ENGINES {
        let (app, _) = spawn(engine, &[]).await;
        let world = seed(&app).await;
        let resident = Session::login(&app, "resident").await;
        let me = account_id(&app, "resident").await;
        for (path, action) in [
            ("/api/v1/resident/status", "read.status"),
            ("/api/v1/resident/contributions", "read.contributions"),
            ("/api/v1/resident/pension-history", "read.pension_history"),
            ("/api/v1/resident/certificates", "read.certificates"),
        ] {
            let (status, _) = resident.get(path).await;
            assert_eq!(status, StatusCode::OK, "{engine:?} {path}");
            let rows = rows_of(&app, action).await;
            assert_eq!(
                rows.len(),
                1,
                "{engine:?}: one audit row `{action}` for GET {path}, found {rows:?}"
            );
            assert_eq!(
                (rows[0].0, rows[0].1.as_str()),
                (Some(me), "127.0.0.1"),
                "{engine:?} {path}"
            );
        }
        // An employer's and a reviewer's read of an application.
        let agent = Session::login(&app, "agent_a").await;
        let month = shebao_core::time::handling_month(app.state.clock.now_ms()).to_string();
        let (status, receipt) = agent
            .enrol(&enrolment_form(&world.known_id, "陈静", &month))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?}: {receipt}");
        let number = receipt["application_number"].as_str().unwrap();
        let (status, _) = agent
            .get(&format!("/api/v1/employer/applications/{number}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        let reviewer = Session::login(&app, "reviewer").await;
        let (status, _) = reviewer
            .get(&format!("/api/v1/reviewer/applications/{number}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        let reads = rows_of(&app, "read.application").await;
        let who: Vec<Option<i64>> = reads.iter().map(|r| r.0).collect();
        assert_eq!(
            who,
            vec![
                Some(account_id(&app, "reviewer").await),
                Some(account_id(&app, "agent_a").await)
            ],
            "{engine:?}: the reviewer's and the agent's reads of {number}: {reads:?}"
        );
        assert!(reads.iter().all(|r| r.2 == number), "{engine:?}: {reads:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_calls_are_recorded_with_path_and_source() {
    for engine in ENGINES {
        let (app, _) = spawn(engine, &[]).await;
        seed(&app).await;
        // 401: no session.
        let (status, _) = Session::anonymous(&app)
            .get("/api/v1/resident/status")
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // 403: another role's session.
        let agent = Session::login(&app, "agent_a").await;
        let (status, _) = agent.get("/api/v1/resident/status").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // 403: a write without the session's CSRF token.
        let resident = Session::login(&app, "resident").await;
        let response = resident
            .http
            .post(app.url("/api/v1/resident/flexible/suspend"))
            .header("x-csrf-token", "not-the-token")
            .header("idempotency-key", "k1")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);

        let refused = rows_of(&app, "refused").await;
        let (agent_id, resident_id) = (
            account_id(&app, "agent_a").await,
            account_id(&app, "resident").await,
        );
        // The session's account, when there was one.
        let expected = [
            (
                Some(resident_id),
                "POST /api/v1/resident/flexible/suspend",
                "403 CSRF",
            ),
            (
                Some(agent_id),
                "GET /api/v1/resident/status",
                "403 FORBIDDEN",
            ),
            (None, "GET /api/v1/resident/status", "401 UNAUTHENTICATED"),
        ];
        assert_eq!(
            refused.len(),
            3,
            "{engine:?}: three refused calls recorded, found {refused:?}"
        );
        for (row, (account, target, result)) in refused.iter().zip(expected) {
            assert_eq!(
                (row.0, row.1.as_str(), row.2.as_str(), row.3.as_str()),
                (account, "127.0.0.1", target, result),
                "{engine:?}"
            );
        }
    }
}

/// Runs `shebao-server <store> audit verify`: (exit code, stdout + stderr).
async fn verify(store_args: &[String]) -> (i32, String) {
    let args = store_args.to_vec();
    tokio::task::spawn_blocking(move || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_shebao-server"))
            .args(&args)
            .args(["audit", "verify"])
            .output()
            .expect("run shebao-server audit verify");
        (
            output.status.code().unwrap_or(-1),
            format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        )
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_finds_an_altered_or_removed_row() {
    for engine in ENGINES {
        let (app, store_args) = spawn(engine, &[]).await;
        seed(&app).await;
        for who in ["agent_a", "agent_b", "reviewer", "resident", "resident_b"] {
            let session = Session::login(&app, who).await;
            session.get("/api/v1/session").await;
        }
        let (code, out) = verify(&store_args).await;
        assert_eq!(code, 0, "{engine:?}: an untouched log verifies: {out}");
        let ids: Vec<i64> = query(&app, "SELECT id FROM audit_log ORDER BY id")
            .await
            .iter()
            .map(|r| r.i64(0).unwrap())
            .collect();
        assert!(
            out.contains(&format!("{} rows", ids.len())),
            "{engine:?}: {out}"
        );

        // Alter one row's target: that row is named.
        let altered = ids[2];
        let original = query(
            &app,
            &format!("SELECT target FROM audit_log WHERE id = {altered}"),
        )
        .await[0]
            .text(0)
            .unwrap();
        execute(
            &app,
            &format!("UPDATE audit_log SET target = 'someone-else' WHERE id = {altered}"),
        )
        .await;
        let (code, out) = verify(&store_args).await;
        assert_ne!(code, 0, "{engine:?}: an altered row fails: {out}");
        assert!(
            out.contains(&format!("row {altered} ")),
            "{engine:?}: names the altered row {altered}: {out}"
        );
        execute(
            &app,
            &format!("UPDATE audit_log SET target = '{original}' WHERE id = {altered}"),
        )
        .await;
        assert_eq!(verify(&store_args).await.0, 0, "{engine:?}: put back");

        // Remove a row: the gap is named, by the removed row's position and the row
        // that no longer chains.
        let removed = ids[3];
        let after = ids[4];
        execute(&app, &format!("DELETE FROM audit_log WHERE id = {removed}")).await;
        let (code, out) = verify(&store_args).await;
        assert_ne!(code, 0, "{engine:?}: a removed row fails: {out}");
        assert!(
            out.contains(&format!("row {after} ")) && out.contains("missing"),
            "{engine:?}: names the row after the removed {removed}: {out}"
        );

        // Remove the newest row: the head still names it.
        let (app, store_args) = spawn(engine, &[]).await;
        seed(&app).await;
        Session::login(&app, "resident").await;
        Session::login(&app, "reviewer").await;
        execute(
            &app,
            "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)",
        )
        .await;
        let (code, out) = verify(&store_args).await;
        assert_ne!(code, 0, "{engine:?}: a removed last row fails: {out}");
        assert!(out.contains("missing"), "{engine:?}: {out}");
    }
}

/// Makes every insert into the audit log fail, as a full disk or a revoked grant would.
async fn break_the_audit_log(app: &TestApp) {
    let sql = match app.engine {
        Engine::Sqlite => {
            "CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit log unwritable'); END"
        }
        Engine::Postgres => {
            "CREATE FUNCTION audit_broken() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'audit log unwritable'; END $$; \
             CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_broken()"
        }
    };
    execute(app, sql).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_audit_write_fails_the_request() {
    for engine in ENGINES {
        let (app, _) = spawn(engine, &[]).await;
        let world = seed(&app).await;
        let resident = Session::login(&app, "resident").await;
        let agent = Session::login(&app, "agent_a").await;
        break_the_audit_log(&app).await;

        // A read of personal data that cannot be recorded is not answered.
        let (status, body) = resident.get("/api/v1/resident/status").await;
        assert!(
            status.is_server_error(),
            "{engine:?}: the status read must fail when its audit cannot be written, got {status} {body}"
        );
        // A refused submission whose refusal cannot be recorded.
        let month = shebao_core::time::handling_month(app.state.clock.now_ms()).to_string();
        let mut form = enrolment_form(&world.at_b_id, "", &month);
        form["name"] = json!("");
        let (status, body) = agent.enrol(&form).await;
        assert!(
            status.is_server_error(),
            "{engine:?}: a refusal that cannot be audited must fail, got {status} {body}"
        );
        // A refused call that cannot be recorded.
        let (status, body) = Session::anonymous(&app)
            .get("/api/v1/resident/status")
            .await;
        assert_eq!(
            status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{engine:?}: a 401 that cannot be audited is answered 503: {body}"
        );
        assert_eq!(body["status"], 503, "{engine:?}: problem+json: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chain_holds_with_concurrent_writers_and_rollbacks() {
    use shebao_server::repo::audit::{self, Who};
    for engine in ENGINES {
        let (one, store_args) = spawn(engine, &[]).await;
        let world = seed(&one).await;
        // On PostgreSQL a second server on the same schema (its own 8 writers), as two
        // processes sharing a database.
        let two = match engine {
            Engine::Postgres => {
                let dir = tempfile::tempdir().unwrap();
                let mut config = common::test_config(engine, dir.path());
                config.database_schema = Some(store_args[5].clone());
                Some(common::serve_config(engine, &config, dir).await)
            }
            Engine::Sqlite => None,
        };
        let apps: Vec<&TestApp> = std::iter::once(&one).chain(two.as_ref()).collect();
        let mut sessions = Vec::new();
        for app in &apps {
            sessions.push((
                Session::login(app, "agent_a").await,
                Session::login(app, "resident").await,
                Session::anonymous(app),
            ));
        }
        let month = shebao_core::time::handling_month(one.state.clock.now_ms()).to_string();
        let mut requests = Vec::new();
        for i in 0..24usize {
            let (agent, resident, anonymous) = &sessions[i % sessions.len()];
            let month = month.clone();
            let known = world.known_id.clone();
            requests.push(async move {
                match i % 4 {
                    0 => resident.get("/api/v1/resident/status").await.0,
                    1 => anonymous.get("/api/v1/resident/status").await.0,
                    // The same person each time: one is accepted, the others refused.
                    2 => agent.enrol(&enrolment_form(&known, "陈静", &month)).await.0,
                    _ => agent.search_person(&known).await.0,
                }
            });
        }
        // Writes that append to the chain and then fail: their savepoint (SQLite) or
        // transaction (PostgreSQL) is rolled back with the head's move.
        let mut doomed = Vec::new();
        for i in 0..24i64 {
            let store = apps[i as usize % apps.len()].state.store.clone();
            doomed.push(async move {
                store
                    .write(move |tx| -> Result<(), DbError> {
                        audit::record(tx, i, &Who::system(), "test", &i.to_string(), "ok")?;
                        if i % 2 == 0 {
                            Err(DbError::Other("rolled back".into()))
                        } else {
                            Ok(())
                        }
                    })
                    .await
            });
        }
        let (statuses, outcomes) = tokio::join!(
            futures_util::future::join_all(requests),
            futures_util::future::join_all(doomed)
        );
        assert!(
            statuses.iter().all(|s| !s.is_server_error()),
            "{engine:?}: {statuses:?}"
        );
        assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 12);
        let rows = query(&one, "SELECT COUNT(*) FROM audit_log").await[0]
            .i64(0)
            .unwrap();
        let (code, out) = verify(&store_args).await;
        assert_eq!(code, 0, "{engine:?}: {out}");
        assert!(
            out.contains(&format!("{rows} rows chain")),
            "{engine:?}: all {rows} rows: {out}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_written_before_the_chain_join_it() {
    use shebao_server::repo::audit;
    for engine in ENGINES {
        let (app, store_args) = spawn(engine, &[]).await;
        seed(&app).await;
        Session::login(&app, "agent_a").await;
        Session::login(&app, "resident").await;
        // As the log was before 0006: no source, no chain.
        execute(
            &app,
            "UPDATE audit_log SET source = 'unrecorded', seq = NULL, prev_hash = NULL, hash = NULL",
        )
        .await;
        execute(
            &app,
            &format!("UPDATE audit_head SET seq = 0, hash = '{}'", audit::GENESIS),
        )
        .await;
        let (code, out) = verify(&store_args).await;
        assert_ne!(code, 0, "{engine:?}: unchained rows are reported: {out}");
        app.state.store.write(audit::chain_unchained).await.unwrap();
        Session::login(&app, "reviewer").await;
        let (code, out) = verify(&store_args).await;
        assert_eq!(code, 0, "{engine:?}: {out}");
        assert!(out.contains("3 rows chain"), "{engine:?}: {out}");
    }
}
