//! Two real server processes on one PostgreSQL behave as one: concurrent enrolments of
//! the same person through both end with one application and, once both processes'
//! reviewers try to approve it at once, exactly one set of relationships.

use crate::common;

use common::world::{enrolment_form, id, seed, Session};
use common::{fresh_schema, postgres_url, test_config, Engine, TestApp};
use serde_json::json;
use shebao_server::app::AppState;
use std::process::Child;

struct Process {
    child: Child,
    address: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(schema: &str, data_dir: &std::path::Path) -> Process {
    let url = postgres_url();
    let (child, address) = common::spawn_server_process([
        "--database-url".as_ref(),
        url.as_ref(),
        "--database-schema".as_ref(),
        schema.as_ref(),
        "--data-dir".as_ref(),
        data_dir.as_os_str(),
    ]);
    Process { child, address }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_postgres_enrol_a_person_once() {
    let schema = fresh_schema();
    let dir = tempfile::tempdir().unwrap();
    // The world is seeded through a store on the same schema (a third "process").
    let mut config = test_config(Engine::Postgres, dir.path());
    config.database_schema = Some(schema.clone());
    let state = AppState::new(&config).await.unwrap();
    let seeder = TestApp {
        address: String::new(),
        state,
        http: reqwest::Client::new(),
        engine: Engine::Postgres,
        _data_dir: tempfile::tempdir().unwrap(),
    };
    let _world = seed(&seeder).await;

    let one = start(&schema, dir.path());
    let two = start(&schema, dir.path());
    let app_one = TestApp {
        address: one.address.clone(),
        ..clone_app(&seeder)
    };
    let app_two = TestApp {
        address: two.address.clone(),
        ..clone_app(&seeder)
    };
    let agent_one = Session::login(&app_one, "agent_a").await;
    let agent_two = Session::login(&app_two, "agent_b").await;

    // Ten attempts through each process at once, each with its own key.
    let person = id("33021119950601001");
    let mut attempts = Vec::new();
    for i in 0..20 {
        let agent = if i % 2 == 0 { &agent_one } else { &agent_two };
        let form = enrolment_form(&person, "张三", &current_month(&seeder));
        attempts.push(async move { agent.enrol(&form).await });
    }
    let results = futures_util::future::join_all(attempts).await;
    let created = results.iter().filter(|(s, _)| s.as_u16() == 201).count();
    assert_eq!(created, 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|(s, _)| s.as_u16() == 201 || s.as_u16() == 409),
        "{results:?}"
    );
    let number = results.iter().find(|(s, _)| s.as_u16() == 201).unwrap().1["application_number"]
        .as_str()
        .unwrap()
        .to_string();

    // Both processes' reviewers approve at once: one wins, the other is told it is decided.
    let reviewer_one = Session::login(&app_one, "reviewer").await;
    let reviewer_two = Session::login(&app_two, "reviewer").await;
    let path = format!("/api/v1/reviewer/applications/{number}/decision");
    let approve = json!({"action": "approve"});
    let (a, b) = tokio::join!(
        reviewer_one.post(&path, &approve),
        reviewer_two.post(&path, &approve)
    );
    let statuses = [a.0.as_u16(), b.0.as_u16()];
    assert!(
        statuses.contains(&200) && statuses.iter().filter(|s| **s == 200).count() == 1,
        "{a:?} {b:?}"
    );

    let counts = seeder
        .state
        .store
        .read(move |tx| {
            let apps = tx.query_row("SELECT COUNT(*) FROM applications", &[])?.i64(0)?;
            let rels = tx
                .query_row(
                    "SELECT COUNT(*) FROM relationships r JOIN persons p ON p.id = r.person_id WHERE p.citizen_id = ?1",
                    shebao_server::params![person.clone()],
                )?
                .i64(0)?;
            Ok::<_, shebao_server::db::DbError>((apps, rels))
        })
        .await
        .unwrap();
    assert_eq!(
        counts,
        (1, 3),
        "one application, one relationship per insurance"
    );
}

fn clone_app(app: &TestApp) -> TestApp {
    TestApp {
        address: app.address.clone(),
        state: app.state.clone(),
        http: reqwest::Client::new(),
        engine: app.engine,
        _data_dir: tempfile::tempdir().unwrap(),
    }
}

fn current_month(app: &TestApp) -> String {
    shebao_core::time::handling_month(app.state.clock.now_ms()).to_string()
}
