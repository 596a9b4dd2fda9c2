//! Duplicate storms, on SQLite and PostgreSQL: 100 concurrent identical submissions with
//! one idempotency key, and 100 with different keys for the same person, end with
//! exactly one application and, once approved, one relationship per insurance.

use crate::common;

use common::world::{enrolment_form, id, seed, Session};
use common::{spawn_app_on, ENGINES};
use reqwest::{Method, StatusCode};
use serde_json::json;
use shebao_core::time::{cst_instant, Date};

const STORM: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_identical_or_rival_submissions_make_one_application() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        app.state
            .clock
            .set_now_ms(cst_instant(Date::new(2026, 11, 16).unwrap(), 10, 0, 0));
        let _world = seed(&app).await;
        let agent = Session::login(&app, "agent_a").await;

        // 100 × the same key: one application, every answer names it.
        let first = id("33021119950601001");
        let form = enrolment_form(&first, "张三", "2026-11");
        let same = (0..STORM).map(|_| {
            agent.send(
                Method::POST,
                "/api/v1/employer/enrolments",
                &form,
                "storm-key",
            )
        });
        let answers = futures_util::future::join_all(same).await;
        let numbers: std::collections::BTreeSet<String> = answers
            .iter()
            .map(|(status, body)| {
                assert_eq!(*status, StatusCode::CREATED, "{engine:?}: {body}");
                body["application_number"].as_str().unwrap().to_string()
            })
            .collect();
        assert_eq!(numbers.len(), 1, "{engine:?}: {numbers:?}");

        // 100 × different keys for another person: one is saved, the rest are told so.
        let second = id("33021119950602007");
        let form = enrolment_form(&second, "张四", "2026-11");
        let rivals = (0..STORM).map(|i| {
            let form = form.clone();
            let agent = &agent;
            async move {
                agent
                    .send(
                        Method::POST,
                        "/api/v1/employer/enrolments",
                        &form,
                        &format!("rival-{i}"),
                    )
                    .await
            }
        });
        let answers = futures_util::future::join_all(rivals).await;
        let created: Vec<_> = answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .collect();
        assert_eq!(created.len(), 1, "{engine:?}");
        for (status, body) in &answers {
            assert!(
                *status == StatusCode::CREATED
                    || (*status == StatusCode::CONFLICT
                        && body["violations"][0]["code"] == "PENDING_EXISTS"),
                "{engine:?}: {status} {body}"
            );
        }

        let count = |sql: &'static str| {
            let store = app.state.store.clone();
            async move {
                store
                    .read(move |tx| tx.query_row(sql, &[])?.i64(0))
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            count("SELECT COUNT(*) FROM applications").await,
            2,
            "{engine:?}"
        );

        // Approving both storms' applications, twice over, makes one relationship each.
        let reviewer = Session::login(&app, "reviewer").await;
        let numbers: Vec<String> = app
            .state
            .store
            .read(|tx| {
                tx.query("SELECT number FROM applications", &[])?
                    .iter()
                    .map(|r| r.text(0))
                    .collect()
            })
            .await
            .unwrap();
        let approvals = numbers.iter().flat_map(|n| {
            let path = format!("/api/v1/reviewer/applications/{n}/decision");
            let reviewer = &reviewer;
            (0..5).map(move |_| {
                let path = path.clone();
                async move { reviewer.post(&path, &json!({"action": "approve"})).await }
            })
        });
        let answers = futures_util::future::join_all(approvals).await;
        assert_eq!(
            answers.iter().filter(|(s, _)| *s == StatusCode::OK).count(),
            2,
            "{engine:?}"
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM relationships WHERE application_id IS NOT NULL").await,
            6,
            "{engine:?}"
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM (SELECT person_id, insurance FROM relationships WHERE state = 'active' GROUP BY person_id, insurance HAVING COUNT(*) > 1) AS doubled").await,
            0
        );
    }
}
