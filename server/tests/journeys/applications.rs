//! The journeys of SPEC.md through the real HTTP API, on SQLite and on PostgreSQL:
//! search, enrol, review, stop, withdraw, batches, the automatic reviewer, the month
//! boundary, the resident's records and the flexible worker.

use crate::common;

use common::world::{enrolment_form, fresh_key, id, mid_november, seed, seeded_at, Session};
use common::{spawn_app_on, TestApp, ENGINES};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shebao_core::time::{cst_instant, Date};
use shebao_server::jobs::{assessment, auto_review};

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    app.state
        .store
        .read(move |tx| tx.query_row(sql, &[])?.i64(0))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employer_enrols_reviewer_approves_resident_sees_employer_stops() {
    for engine in ENGINES {
        let (app, world) = seeded_at(engine, mid_november(), &[]).await;
        let agent = Session::login(&app, "agent_a").await;
        let new_id = id("33021119950601001");

        // Search: unknown person → new enrolment; gender and birth date from the number.
        let (status, found) = agent.search_person(&new_id).await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {found}");
        assert_eq!(found["case"], "new", "{engine:?}");
        assert_eq!(found["birth_date"], "1995-06-01");
        // Known person without employment → resumption, name masked.
        let (_, found) = agent.search_person(&world.known_id).await;
        assert_eq!(found["case"], "resumption");
        assert_eq!(found["masked_name"], "李*");
        // Active at another employer → refused without naming it.
        let (_, found) = agent.search_person(&world.at_b_id).await;
        assert_eq!(found["violations"][0]["code"], "ACTIVE_ELSEWHERE");
        assert!(
            !found.to_string().contains("乙公司"),
            "the other employer is never named"
        );

        // 下一步: saved, with a number; the same key again gives the same receipt.
        let form = enrolment_form(&new_id, "张三", "2026-11");
        let key = fresh_key();
        let (status, receipt) = agent
            .send(Method::POST, "/api/v1/employer/enrolments", &form, &key)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {receipt}");
        let number = receipt["application_number"].as_str().unwrap().to_string();
        assert!(number.starts_with("SB202611"), "{number}");
        assert_eq!(receipt["state"], "submitted");
        let (_, again) = agent
            .send(Method::POST, "/api/v1/employer/enrolments", &form, &key)
            .await;
        assert_eq!(
            again["application_number"], number,
            "a retry replays, never enrols twice"
        );
        // Another key for the same person while one is pending: refused.
        let (status, dup) = agent.enrol(&form).await;
        assert_eq!(status, StatusCode::CONFLICT, "{dup}");
        assert_eq!(dup["violations"][0]["code"], "PENDING_EXISTS");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM applications").await, 1);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM relationships WHERE application_id IS NOT NULL"
            )
            .await,
            0
        );

        // Progress page: listed, masked, with its history.
        let (_, page) = agent
            .get("/api/v1/employer/applications?state=submitted")
            .await;
        assert_eq!(page["total"], 1);
        assert_eq!(
            page["items"][0]["citizen_id"],
            format!("{}**********{}", &new_id[..4], &new_id[14..])
        );
        let (_, one) = agent
            .get(&format!("/api/v1/employer/applications/{number}"))
            .await;
        assert_eq!(one["history"][0]["to_state"], "submitted");

        // The reviewer approves; only now the relationships exist.
        let reviewer = Session::login(&app, "reviewer").await;
        let (_, queue) = reviewer.get("/api/v1/reviewer/queue").await;
        assert!(queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["number"] == number.as_str()));
        let (status, decided) = reviewer.approve(&number).await;
        assert_eq!(status, StatusCode::OK, "{decided}");
        assert_eq!(decided["state"], "approved");
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM relationships WHERE application_id IS NOT NULL"
            )
            .await,
            3
        );
        // Approving twice is refused by core's state machine.
        let (status, twice) = reviewer.approve(&number).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{twice}");
        assert_eq!(twice["violations"][0]["code"], "TRANSITION");

        // Now the person is here: search says so; employer B is told "elsewhere".
        let (_, found) = agent.search_person(&new_id).await;
        assert_eq!(found["violations"][0]["code"], "ALREADY_HERE");
        let agent_b = Session::login(&app, "agent_b").await;
        let (_, found) = agent_b.search_person(&new_id).await;
        assert_eq!(found["violations"][0]["code"], "ACTIVE_ELSEWHERE");
        // B cannot stop A's employee.
        let stop = json!({"citizen_id": new_id, "stop_month": "2026-11", "reason": "resigned", "checked_month": "2026-11"});
        let (status, refused) = agent_b.post("/api/v1/employer/stops", &stop).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["violations"][0]["code"], "NOT_ACTIVE_HERE");

        // A month later, A stops with a reason; after approval the relationships are
        // suspended. (A stop in the start month itself would leave no month paid.)
        app.state
            .clock
            .set_now_ms(cst_instant(Date::new(2026, 12, 10).unwrap(), 9, 0, 0));
        // (Sessions last eight hours: a new day, a new login.)
        let agent = Session::login(&app, "agent_a").await;
        let reviewer = Session::login(&app, "reviewer").await;
        let stop = json!({"citizen_id": new_id, "stop_month": "2026-12", "reason": "resigned", "checked_month": "2026-12"});
        let (status, receipt) = agent.post("/api/v1/employer/stops", &stop).await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        let stop_number = receipt["application_number"].as_str().unwrap().to_string();
        let (status, _) = reviewer.approve(&stop_number).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM relationships WHERE application_id IS NOT NULL AND state = 'suspended' AND end_month = '2026-12'").await,
            3
        );
        let _ = world.employer_a + world.employer_b;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdraw_while_submitted_and_the_automatic_reviewer_waits_ten_minutes() {
    for engine in ENGINES {
        let (app, world) = seeded_at(engine, mid_november(), &[]).await;
        let agent = Session::login(&app, "agent_a").await;

        // A resumption, then 撤回.
        let form = enrolment_form(&world.known_id, "李四", "2026-11");
        let (_, receipt) = agent.enrol(&form).await;
        let number = receipt["application_number"].as_str().unwrap().to_string();
        let (status, withdrawn) = agent
            .post(
                &format!("/api/v1/employer/applications/{number}/withdraw"),
                &json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {withdrawn}");
        assert_eq!(withdrawn["state"], "withdrawn");
        let (status, again) = agent
            .post(
                &format!("/api/v1/employer/applications/{number}/withdraw"),
                &json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(again["violations"][0]["code"], "TRANSITION");
        // Employer B cannot see or withdraw A's application: it does not exist for B.
        let agent_b = Session::login(&app, "agent_b").await;
        let (status, _) = agent_b
            .get(&format!("/api/v1/employer/applications/{number}"))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Submit again (clean): not approved before ten minutes, approved after.
        let (status, receipt) = agent.enrol(&form).await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        assert_eq!(receipt["flags"], json!([]), "a clean resumption");
        let submitted = receipt["submitted_at_ms"].as_i64().unwrap();
        app.state
            .clock
            .set_now_ms(submitted + 10 * 60 * 1000 - 1000);
        assert_eq!(
            auto_review::run_once(&app.state).await.unwrap(),
            0,
            "{engine:?}: not before ten minutes"
        );
        app.state.clock.set_now_ms(submitted + 10 * 60 * 1000);
        assert_eq!(
            auto_review::run_once(&app.state).await.unwrap(),
            1,
            "{engine:?}: approved at ten minutes"
        );
        assert_eq!(
            auto_review::run_once(&app.state).await.unwrap(),
            0,
            "never twice"
        );
        let n = receipt["application_number"].as_str().unwrap();
        let (_, one) = agent
            .get(&format!("/api/v1/employer/applications/{n}"))
            .await;
        assert_eq!(one["state"], "approved");
        assert_eq!(one["history"].as_array().unwrap().len(), 2);

        // A flagged one (retroactive start month) waits for a person.
        let mut flagged = enrolment_form(&id("33021119960101002"), "孙七", "2026-11");
        flagged["pension_start"] = json!("2026-10");
        let (_, receipt) = agent.enrol(&flagged).await;
        assert_eq!(receipt["flags"], json!(["retroactive"]));
        app.state.clock.set_now_ms(mid_november() + 60 * 60 * 1000);
        assert_eq!(
            auto_review::run_once(&app.state).await.unwrap(),
            0,
            "flagged applications wait for a reviewer"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_checked_before_midnight_is_refused_after_it_and_nothing_is_written() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let last_second = cst_instant(Date::new(2026, 11, 30).unwrap(), 23, 59, 59);
        app.state.clock.set_now_ms(last_second);
        let _world = seed(&app).await;
        let agent = Session::login(&app, "agent_a").await;
        let form = enrolment_form(&id("33021119950601001"), "张三", "2026-11");

        // At 23:59:59 the form is valid (a twin form for another person goes through).
        let twin = enrolment_form(&id("33021119950602007"), "张四", "2026-11");
        let (status, body) = agent.enrol(&twin).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {body}");
        let before = count(&app, "SELECT COUNT(*) FROM applications").await;

        // Two seconds later, 00:00:01 CST on 1 December: the month changed.
        app.state.clock.set_now_ms(last_second + 2000);
        let (status, problem) = agent.enrol(&form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        let codes: Vec<&str> = problem["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"MONTH_CHANGED"), "{codes:?}");
        let changed = problem["violations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["code"] == "MONTH_CHANGED")
            .unwrap();
        assert!(changed["message_zh"].as_str().unwrap().contains("2026-12"));
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM applications").await,
            before,
            "nothing written"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_keeps_valid_rows_and_answers_row_by_row() {
    for engine in ENGINES {
        let (app, _world) = seeded_at(engine, mid_november(), &[]).await;
        let agent = Session::login(&app, "agent_a").await;
        let mut bad = enrolment_form("340524198001010013", "错号", "2026-11");
        bad["monthly_wage"] = json!("八千");
        let rows = json!({"rows": [
            enrolment_form(&id("33021119950601001"), "张三", "2026-11"),
            bad,
            enrolment_form(&id("33021119950602007"), "张四", "2026-11"),
        ]});
        let (status, answer) = agent.post("/api/v1/employer/enrolments/batch", &rows).await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {answer}");
        assert_eq!(answer["submitted"], 2);
        assert_eq!(answer["refused"], 1);
        assert_eq!(answer["rows"][1]["row"], 2);
        let fields: Vec<&str> = answer["rows"][1]["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"citizen_id") && fields.contains(&"monthly_wage"),
            "{fields:?}"
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM applications").await, 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_resident_sees_records_and_enrols_then_suspends_as_a_flexible_worker() {
    for engine in ENGINES {
        let (app, world) = seeded_at(engine, mid_november(), &[]).await;
        let resident = Session::login(&app, "resident").await;

        let (status, me) = resident.get("/api/v1/resident/status").await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {me}");
        assert_eq!(
            me["person"]["citizen_id"], world.resident_id,
            "the owner sees the full number"
        );
        let insurances = me["insurances"].as_array().unwrap();
        assert_eq!(insurances.len(), 5);
        assert_eq!(insurances[0]["insurance"], "pension");
        assert_eq!(insurances[0]["state"], "suspended");
        assert_eq!(insurances[0]["months_paid"], 36);
        assert_eq!(insurances[0]["employer_name"], "宁波甲公司");
        assert_eq!(insurances[3]["state"], "none");
        let (_, history) = resident.get("/api/v1/resident/pension-history").await;
        assert_eq!(
            history,
            json!([
                {"year": 2021, "months_paid": 12, "average_base_fen": 700000},
                {"year": 2022, "months_paid": 12, "average_base_fen": 700000},
                {"year": 2023, "months_paid": 12, "average_base_fen": 700000},
            ])
        );
        let (_, months) = resident
            .get("/api/v1/resident/contributions?from=2023-10&to=2023-12")
            .await;
        assert_eq!(
            months["items"].as_array().unwrap().len(),
            9,
            "3 months × 3 insurances"
        );

        // Flexible: not insured → enrol.
        let (_, flex) = resident.get("/api/v1/resident/flexible").await;
        assert_eq!(flex["action"], "enrol", "{flex}");
        let (status, receipt) = resident
            .post(
                "/api/v1/resident/flexible/enrol",
                &json!({"hukou_district": "330212", "base": "6000", "include_medical": false, "notice_acknowledged": true, "checked_month": "2026-11"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");
        app.state
            .clock
            .set_now_ms(receipt["submitted_at_ms"].as_i64().unwrap() + 10 * 60 * 1000);
        assert_eq!(auto_review::run_once(&app.state).await.unwrap(), 1);
        let (_, flex) = resident.get("/api/v1/resident/flexible").await;
        assert_eq!(flex["action"], "suspend");
        assert_eq!(flex["state"]["state"], "flexible_active");

        // The month is assessed once: the flexible pension (20% of the base, all paid by
        // the individual) and the three insurances of the person employed by B.
        let november = shebao_core::time::YearMonth::new(2026, 11).unwrap();
        let assess = || assessment::assess_month(&app.state, november);
        assert_eq!(assess().await.unwrap(), 4);
        assert_eq!(assess().await.unwrap(), 0);
        let (_, months) = resident
            .get("/api/v1/resident/contributions?from=2026-11&to=2026-11")
            .await;
        assert_eq!(months["items"][0]["individual_fen"], 120000);
        assert_eq!(months["items"][0]["paid"], false);

        // Suspend (灵活就业人员社保中断) in the handling month.
        let (status, receipt) = resident
            .post(
                "/api/v1/resident/flexible/suspend",
                &json!({"change_month": "2026-11", "checked_month": "2026-11"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{receipt}");

        // A resident employed by an employer is refused with an explanation.
        let employed = Session::login(&app, "resident_b").await;
        let (_, flex) = employed.get("/api/v1/resident/flexible").await;
        assert_eq!(flex["refusal"]["code"], "FLEX_EMPLOYED");
        let (status, refused) = employed
            .post(
                "/api/v1/resident/flexible/enrol",
                &json!({"hukou_district": "330212", "base": "6000", "notice_acknowledged": true, "checked_month": "2026-11"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["violations"][0]["code"], "FLEX_EMPLOYED");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn materials_are_checked_by_content_and_size() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        let _world = seed(&app).await;
        let resident = Session::login(&app, "resident").await;
        let upload = |body: Vec<u8>| {
            resident
                .http
                .post(app.url("/api/v1/resident/flexible/materials"))
                .header("x-csrf-token", &resident.csrf)
                .header("x-file-name", "%E8%BA%AB%E4%BB%BD%E8%AF%81.png")
                .body(body)
        };
        let png = b"\x89PNG\r\n\x1a\n0000".to_vec();
        let response = upload(png).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED, "{engine:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["file_name"], "身份证.png");
        assert_eq!(body["content_type"], "image/png");

        let response = upload(b"MZ not an image".to_vec()).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["violations"][0]["code"], "FILE_TYPE");

        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(6 * 1024 * 1024, b'0');
        let response = upload(big).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM materials").await, 1);
    }
}
