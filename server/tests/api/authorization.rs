//! The authorisation matrix: every actor × every endpoint × own and other tenant, on
//! SQLite and PostgreSQL. Anonymous requests get 401, another role's 403, and another
//! tenant's application 404 (as if it did not exist); only the owner gets through.
//! Every refused call is also checked to have changed nothing.

use crate::common;

use common::world::{credit, enrolment_form, id, opening_form, seed, Session};
use common::{spawn_app_with, TestApp, ENGINES};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shebao_core::time::{cst_instant, Date};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    AgentA,
    AgentB,
    Reviewer,
    Resident,
    ResidentB,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::AgentA,
    Who::AgentB,
    Who::Reviewer,
    Who::Resident,
    Who::ResidentB,
];

/// Who may call an endpoint, and who owns the resource it names (if it names one).
#[derive(Clone, Copy)]
enum Access {
    /// Any employer agent, on their own employer's data.
    Employers,
    /// Only this agent (the application is theirs); other agents get 404.
    EmployerOwner(Who),
    Reviewers,
    /// Any resident, on their own records.
    Residents,
    /// Only this resident; other residents get 404.
    ResidentOwner(Who),
}

fn role_of(who: Who) -> &'static str {
    match who {
        Who::Anonymous => "none",
        Who::AgentA | Who::AgentB => "employer",
        Who::Reviewer => "reviewer",
        Who::Resident | Who::ResidentB => "resident",
    }
}

fn expected(access: Access, who: Who) -> Option<StatusCode> {
    if who == Who::Anonymous {
        return Some(StatusCode::UNAUTHORIZED);
    }
    let (role, owner) = match access {
        Access::Employers => ("employer", None),
        Access::EmployerOwner(o) => ("employer", Some(o)),
        Access::Reviewers => ("reviewer", None),
        Access::Residents => ("resident", None),
        Access::ResidentOwner(o) => ("resident", Some(o)),
    };
    if role_of(who) != role {
        return Some(StatusCode::FORBIDDEN);
    }
    match owner {
        Some(o) if o != who => Some(StatusCode::NOT_FOUND),
        _ => None, // allowed: any answer but 401, 403, 404
    }
}

async fn snapshot(app: &TestApp) -> Vec<i64> {
    app.state
        .store
        .read(|tx| {
            let mut counts = Vec::new();
            for sql in [
                "SELECT COUNT(*) FROM applications",
                "SELECT COUNT(*) FROM application_events",
                "SELECT COUNT(*) FROM relationships",
                "SELECT COUNT(*) FROM materials",
                "SELECT COUNT(*) FROM employers",
                "SELECT COUNT(*) FROM accounts",
                "SELECT COUNT(*) FROM openings",
                "SELECT COUNT(*) FROM audit_log WHERE action = 'opening_agent_password' AND result = 'issued'",
                "SELECT COUNT(*) FROM stop_requests WHERE state = 'open'",
            ] {
                counts.push(tx.query_row(sql, &[])?.i64(0)?);
            }
            Ok::<_, shebao_server::db::DbError>(counts)
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cross_tenant_or_cross_role_call_is_refused() {
    for engine in ENGINES {
        // The matrix is hundreds of refused calls from one address in a few seconds,
        // which the per-address limit on refusals (rate_limit.rs) would otherwise cut
        // short: that limit has tests of its own in security/limits.rs.
        let app = spawn_app_with(engine, &["--refused-requests-per-minute", "100000"]).await;
        app.state
            .clock
            .set_now_ms(cst_instant(Date::new(2026, 11, 16).unwrap(), 10, 0, 0));
        let world = seed(&app).await;
        let mut sessions = Vec::new();
        for who in EVERYONE {
            let username = match who {
                Who::Anonymous => None,
                Who::AgentA => Some("agent_a"),
                Who::AgentB => Some("agent_b"),
                Who::Reviewer => Some("reviewer"),
                Who::Resident => Some("resident"),
                Who::ResidentB => Some("resident_b"),
            };
            sessions.push((
                who,
                match username {
                    Some(u) => Session::login(&app, u).await,
                    None => Session::anonymous(&app),
                },
            ));
        }
        let session = |who: Who| &sessions.iter().find(|(w, _)| *w == who).unwrap().1;

        // One application of employer A's and one flexible application of the resident's.
        let (_, receipt) = session(Who::AgentA)
            .enrol(&enrolment_form(&world.known_id, "李四", "2026-11"))
            .await;
        let a_number = receipt["application_number"].as_str().unwrap().to_string();
        let flex_form = json!({"hukou_district": "330212", "base": "6000", "notice_acknowledged": true, "checked_month": "2026-11"});
        let (_, receipt) = session(Who::Resident)
            .post("/api/v1/resident/flexible/enrol", &flex_form)
            .await;
        let f_number = receipt["application_number"].as_str().unwrap().to_string();

        // One 开办企业 filing of the resident's, approved, so its founder may make the
        // contact's password (the one allowed call that writes).
        let (_, receipt) = session(Who::Resident)
            .post(
                "/api/v1/resident/openings",
                &opening_form(
                    &credit("91330211MA2H00099"),
                    "2026-11",
                    &[&id("33021119950601066")],
                ),
            )
            .await;
        let o_number = receipt["application_number"].as_str().unwrap().to_string();
        let (status, _) = session(Who::Reviewer).approve(&o_number).await;
        assert_eq!(status, StatusCode::OK, "{engine:?}");

        // One 待原单位减员 request: employer A asks to stop B's employee (resident B).
        let (status, asked) = session(Who::AgentA)
            .post(
                "/api/v1/employer/stop-requests",
                &enrolment_form(&world.at_b_id, "王五", "2026-11"),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {asked}");
        let s_id = asked["id"].as_i64().unwrap();

        let stop = json!({"citizen_id": world.at_b_id, "stop_month": "2026-11", "reason": "resigned", "checked_month": "2026-11"});
        let endpoints: Vec<(Method, String, Value, Access)> = vec![
            (
                Method::POST,
                "/api/v1/employer/person-search".into(),
                json!({"citizen_id": world.known_id}),
                Access::Employers,
            ),
            (
                Method::POST,
                "/api/v1/employer/enrolments".into(),
                json!({}),
                Access::Employers,
            ),
            (
                Method::POST,
                "/api/v1/employer/enrolments/batch".into(),
                json!({"rows": [{}]}),
                Access::Employers,
            ),
            (
                Method::POST,
                "/api/v1/employer/stops".into(),
                stop.clone(),
                Access::Employers,
            ),
            (
                Method::POST,
                "/api/v1/employer/stops/batch".into(),
                json!({"rows": [stop]}),
                Access::Employers,
            ),
            (
                Method::GET,
                "/api/v1/employer/applications".into(),
                Value::Null,
                Access::Employers,
            ),
            (
                Method::GET,
                format!("/api/v1/employer/applications/{a_number}"),
                Value::Null,
                Access::EmployerOwner(Who::AgentA),
            ),
            (
                Method::POST,
                format!("/api/v1/employer/applications/{a_number}/withdraw"),
                json!({}),
                Access::EmployerOwner(Who::AgentA),
            ),
            (
                Method::GET,
                "/api/v1/reviewer/queue".into(),
                Value::Null,
                Access::Reviewers,
            ),
            (
                Method::GET,
                format!("/api/v1/reviewer/applications/{a_number}"),
                Value::Null,
                Access::Reviewers,
            ),
            (
                Method::POST,
                format!("/api/v1/reviewer/applications/{f_number}/decision"),
                json!({"action": "reject", "reason": "材料不全"}),
                Access::Reviewers,
            ),
            (
                Method::GET,
                "/api/v1/resident/status".into(),
                Value::Null,
                Access::Residents,
            ),
            (
                Method::GET,
                "/api/v1/resident/contributions".into(),
                Value::Null,
                Access::Residents,
            ),
            (
                Method::GET,
                "/api/v1/resident/pension-history".into(),
                Value::Null,
                Access::Residents,
            ),
            (
                Method::GET,
                "/api/v1/resident/applications".into(),
                Value::Null,
                Access::Residents,
            ),
            (
                Method::GET,
                "/api/v1/resident/flexible".into(),
                Value::Null,
                Access::Residents,
            ),
            (
                Method::POST,
                "/api/v1/resident/flexible/enrol".into(),
                json!({}),
                Access::Residents,
            ),
            (
                Method::POST,
                "/api/v1/resident/flexible/suspend".into(),
                json!({}),
                Access::Residents,
            ),
            (
                Method::POST,
                format!("/api/v1/resident/applications/{f_number}/withdraw"),
                json!({}),
                Access::ResidentOwner(Who::Resident),
            ),
            (
                Method::POST,
                "/api/v1/resident/openings".into(),
                json!({}),
                Access::Residents,
            ),
            (
                Method::GET,
                "/api/v1/resident/openings".into(),
                Value::Null,
                Access::Residents,
            ),
            (
                Method::GET,
                format!("/api/v1/resident/openings/{o_number}"),
                Value::Null,
                Access::ResidentOwner(Who::Resident),
            ),
            (
                Method::POST,
                format!("/api/v1/resident/openings/{o_number}/agent-password"),
                json!({}),
                Access::ResidentOwner(Who::Resident),
            ),
            (
                Method::GET,
                format!("/api/v1/reviewer/applications/{o_number}"),
                Value::Null,
                Access::Reviewers,
            ),
            // 待原单位减员. In the allowed pass, in this order: the person confirms,
            // the reviewer stops, A reads its form back, then A's withdrawal is refused
            // (422, stopped): each allowed, none 404.
            (
                Method::POST,
                "/api/v1/employer/stop-requests".into(),
                json!({}),
                Access::Employers,
            ),
            (
                Method::GET,
                "/api/v1/employer/stop-requests".into(),
                Value::Null,
                Access::Employers,
            ),
            (
                Method::GET,
                "/api/v1/employer/stop-requests/incoming".into(),
                Value::Null,
                Access::Employers,
            ),
            (
                Method::GET,
                "/api/v1/resident/stop-requests".into(),
                Value::Null,
                Access::Residents,
            ),
            (
                Method::POST,
                format!("/api/v1/resident/stop-requests/{s_id}/confirm"),
                json!({"last_working_day": "2026-11-10"}),
                Access::ResidentOwner(Who::ResidentB),
            ),
            (
                Method::GET,
                "/api/v1/reviewer/stop-requests".into(),
                Value::Null,
                Access::Reviewers,
            ),
            (
                Method::POST,
                format!("/api/v1/reviewer/stop-requests/{s_id}/stop"),
                json!({"stop_month": "2026-11", "reason": "辞职", "checked_month": "2026-11"}),
                Access::Reviewers,
            ),
            (
                Method::GET,
                format!("/api/v1/employer/stop-requests/{s_id}/enrolment"),
                Value::Null,
                Access::EmployerOwner(Who::AgentA),
            ),
            (
                Method::POST,
                format!("/api/v1/employer/stop-requests/{s_id}/withdraw"),
                json!({}),
                Access::EmployerOwner(Who::AgentA),
            ),
        ];

        let mut checked = 0;
        // Everyone but the allowed first (so refused calls are checked against an
        // unchanged store), then the allowed ones.
        for allowed_pass in [false, true] {
            for (method, path, body, access) in &endpoints {
                for who in EVERYONE {
                    let want = expected(*access, who);
                    if want.is_none() != allowed_pass {
                        continue;
                    }
                    let before = snapshot(&app).await;
                    let (status, answer) = if *method == Method::GET {
                        session(who).get(path).await
                    } else {
                        session(who)
                            .send(method.clone(), path, body, &common::world::fresh_key())
                            .await
                    };
                    match want {
                        Some(code) => {
                            assert_eq!(status, code, "{engine:?} {who:?} {method} {path}: {answer}");
                            assert!(answer["violations"][0]["code"].as_str().is_some(), "{who:?} {path}: problem body");
                            assert_eq!(snapshot(&app).await, before, "{engine:?} {who:?} {method} {path} changed something");
                        }
                        None => assert!(
                            ![StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&status)
                                && !status.is_server_error(),
                            "{engine:?} {who:?} {method} {path} should be allowed: {status} {answer}"
                        ),
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, endpoints.len() * EVERYONE.len());

        // Lists never show another tenant's rows.
        let (_, b_list) = session(Who::AgentB)
            .get("/api/v1/employer/applications")
            .await;
        assert!(
            !b_list.to_string().contains(&a_number),
            "{engine:?}: B's list shows A's application"
        );
        let (_, other) = session(Who::ResidentB)
            .get("/api/v1/resident/applications")
            .await;
        assert!(
            !other.to_string().contains(&f_number),
            "{engine:?}: another resident's application shown"
        );
        let (_, other) = session(Who::ResidentB)
            .get("/api/v1/resident/openings")
            .await;
        assert!(
            !other.to_string().contains(&o_number),
            "{engine:?}: another resident's filing shown"
        );
        // An employer sees only the requests it made or that are addressed to it, and
        // the old employer never the requester's name.
        let (_, b_made) = session(Who::AgentB)
            .get("/api/v1/employer/stop-requests")
            .await;
        assert_eq!(
            b_made,
            json!([]),
            "{engine:?}: B sees A's request as its own"
        );
        let (_, a_incoming) = session(Who::AgentA)
            .get("/api/v1/employer/stop-requests/incoming")
            .await;
        assert_eq!(
            a_incoming,
            json!([]),
            "{engine:?}: A sees a request addressed to B"
        );
        let (_, b_incoming) = session(Who::AgentB)
            .get("/api/v1/employer/stop-requests/incoming")
            .await;
        assert_eq!(b_incoming[0]["id"], s_id, "{engine:?} {b_incoming}");
        assert!(
            !b_incoming.to_string().contains("宁波甲公司"),
            "{b_incoming}"
        );
        let (_, others) = session(Who::Resident)
            .get("/api/v1/resident/stop-requests")
            .await;
        assert_eq!(
            others,
            json!([]),
            "{engine:?}: another person's request shown"
        );
        let (_, me) = session(Who::ResidentB).get("/api/v1/resident/status").await;
        assert_ne!(me["person"]["citizen_id"], world.resident_id);
    }
}
