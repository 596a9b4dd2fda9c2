//! 待原单位减员 (issue 14 part 2) through the real HTTP API, on SQLite and PostgreSQL: a
//! new employer (A) whose enrolment of B's employee (王五) is refused with
//! `ACTIVE_ELSEWHERE` asks for the stop; the old employer (B) sees it without learning
//! who asked; the person confirms leaving; a reviewer stops the old relationship (only
//! after the old employer's 15 days or the confirmation); A enrols again from its form.
//! Or B stops the person itself. And the refusals: nobody asks for a person who is not
//! insured elsewhere, nobody acts on a request that is not theirs, and the old employer
//! never reads the new one's name.

use crate::common;

use common::world::{enrolment_form, mid_november, seeded_at, Session, World};
use common::{TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::{json, Value};
use shebao_core::time::{cst_instant, Date};
use shebao_server::params;

const ASK: &str = "/api/v1/employer/stop-requests";
const INCOMING: &str = "/api/v1/employer/stop-requests/incoming";
const MINE: &str = "/api/v1/resident/stop-requests";
const REVIEW: &str = "/api/v1/reviewer/stop-requests";
const MONTH: &str = "2026-11";
/// The names the world's employers have: A asks, B is the old employer.
const NEW_EMPLOYER: &str = "宁波甲公司";
const OLD_EMPLOYER: &str = "宁波乙公司";

fn code(answer: &Value) -> &str {
    answer["violations"][0]["code"].as_str().unwrap_or_default()
}

fn id_of(answer: &Value) -> i64 {
    answer["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id: {answer}"))
}

/// A's enrolment of B's employee is refused, and A asks for the stop.
async fn ask(agent_a: &Session, world: &World) -> Value {
    let form = enrolment_form(&world.at_b_id, "王五", MONTH);
    let (status, refused) = agent_a.enrol(&form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(code(&refused), "ACTIVE_ELSEWHERE");
    let (status, asked) = agent_a.post(ASK, &form).await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    assert_eq!(asked["state"], "open");
    assert_eq!(asked["name"], "王五");
    assert!(asked["citizen_id"].as_str().unwrap().contains("**********"));
    assert!(!asked.to_string().contains(OLD_EMPLOYER), "{asked}");
    asked
}

/// How many of the person's relationships are active at `employer_id`.
async fn active_at(app: &TestApp, citizen_id: &str, employer_id: i64) -> i64 {
    let cid = citizen_id.to_string();
    app.state
        .store
        .read(move |tx| {
            tx.query_row(
                "SELECT COUNT(*) FROM relationships r JOIN persons p ON p.id = r.person_id
                 WHERE p.citizen_id = ?1 AND r.employer_id = ?2 AND r.state = 'active'",
                params![cid, employer_id],
            )?
            .i64(0)
        })
        .await
        .unwrap()
}

fn stop_form(month: &str) -> Value {
    json!({"stop_month": month, "reason": "辞职", "checked_month": month})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_asked_confirmed_stopped_by_the_agency_then_enrolled() {
    for engine in ENGINES {
        let (app, world) = seeded_at(engine, mid_november(), &[]).await;
        let agent_a = Session::login(&app, "agent_a").await;
        let agent_b = Session::login(&app, "agent_b").await;
        let person = Session::login(&app, "resident_b").await;
        let reviewer = Session::login(&app, "reviewer").await;
        let lookups = app.audited("person_lookup").await;
        let asked = ask(&agent_a, &world).await;
        let id = id_of(&asked);
        // Both lookups are charged and audited: the refused enrolment's (its refusal
        // told A the person is insured elsewhere: `lookups::Ledger`) and the request's.
        assert_eq!(
            app.audited("person_lookup").await,
            lookups + 2,
            "{engine:?}"
        );

        // A's list: its request, never the old employer.
        let (status, list) = agent_a.get(ASK).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list[0]["id"], id);
        assert!(!list.to_string().contains(OLD_EMPLOYER));
        // Nothing to submit again yet.
        let (status, early) = agent_a.get(&format!("{ASK}/{id}/enrolment")).await;
        assert_eq!(status, StatusCode::CONFLICT, "{early}");

        // B's 待办: its employee, masked, and never who asked.
        let (status, incoming) = agent_b.get(INCOMING).await;
        assert_eq!(status, StatusCode::OK, "{incoming}");
        assert_eq!(incoming[0]["id"], id, "{engine:?} {incoming}");
        assert_eq!(incoming[0]["name"], "王五");
        assert_eq!(incoming[0]["state"], "open");
        assert_eq!(incoming[0]["agency_may_stop_from"], "2026-12-02");
        assert!(!incoming.to_string().contains(&world.at_b_id));
        assert!(!incoming.to_string().contains(NEW_EMPLOYER), "{incoming}");
        // A is not addressed.
        let (_, a_incoming) = agent_a.get(INCOMING).await;
        assert_eq!(a_incoming, json!([]));

        // The person: both employers named, and the confirmation of leaving.
        let (status, theirs) = person.get(MINE).await;
        assert_eq!(status, StatusCode::OK, "{theirs}");
        assert_eq!(theirs[0]["old_employer_name"], OLD_EMPLOYER);
        assert_eq!(theirs[0]["new_employer_name"], NEW_EMPLOYER);
        let confirm = format!("{MINE}/{id}/confirm");
        let (status, refused) = person
            .post(&confirm, &json!({"last_working_day": "2026-11-17"}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(code(&refused), "LAST_DAY_FUTURE");
        let (status, confirmed) = person
            .post(&confirm, &json!({"last_working_day": "2026-11-10"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {confirmed}");
        assert_eq!(confirmed["state"], "confirmed");
        assert_eq!(confirmed["last_working_day"], "2026-11-10");

        // The reviewer may stop at once: the person confirmed.
        let (status, live) = reviewer.get(REVIEW).await;
        assert_eq!(status, StatusCode::OK, "{live}");
        assert_eq!(live[0]["id"], id);
        assert_eq!(live[0]["state"], "confirmed");
        let (status, refused) = reviewer
            .post(
                &format!("{REVIEW}/{id}/stop"),
                &json!({"stop_month": MONTH, "reason": "退休", "checked_month": MONTH}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(code(&refused), "BAD_CHOICE", "a suspension only");
        let (status, stopped) = reviewer
            .post(&format!("{REVIEW}/{id}/stop"), &stop_form(MONTH))
            .await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {stopped}");
        assert_eq!(stopped["state"], "stopped");
        assert_eq!(stopped["stopped_by"], "agency");
        assert_eq!(stopped["stop_month"], MONTH);
        assert_eq!(active_at(&app, &world.at_b_id, world.employer_b).await, 0);
        // Audited: the refused attempt (退休) and the stop.
        assert_eq!(app.audited("stop_request_stop").await, 2);
        // Once only.
        let (status, again) = reviewer
            .post(&format!("{REVIEW}/{id}/stop"), &stop_form(MONTH))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
        assert_eq!(code(&again), "TRANSITION");

        // B is told: stopped by the agency, with the reason and month.
        let (_, incoming) = agent_b.get(INCOMING).await;
        assert_eq!(incoming[0]["state"], "stopped");
        assert_eq!(incoming[0]["stopped_by"], "agency");
        assert_eq!(incoming[0]["stop_reason"], "resigned");
        assert_eq!(incoming[0]["stop_month"], MONTH);
        assert!(!incoming.to_string().contains(NEW_EMPLOYER));

        // A gets its form back and enrols with the ordinary 增员.
        let (status, form) = agent_a.get(&format!("{ASK}/{id}/enrolment")).await;
        assert_eq!(status, StatusCode::OK, "{form}");
        assert_eq!(form["citizen_id"], world.at_b_id.as_str());
        let (status, receipt) = agent_a.enrol(&form).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {receipt}");
        let number = receipt["application_number"].as_str().unwrap().to_string();
        let (status, decided) = reviewer.approve(&number).await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {decided}");
        assert!(active_at(&app, &world.at_b_id, world.employer_a).await > 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_employer_stops_its_employee_itself() {
    for engine in ENGINES {
        let (app, world) = seeded_at(engine, mid_november(), &[]).await;
        let agent_a = Session::login(&app, "agent_a").await;
        let agent_b = Session::login(&app, "agent_b").await;
        let reviewer = Session::login(&app, "reviewer").await;
        let id = id_of(&ask(&agent_a, &world).await);

        // The ordinary 减员, approved: the request is stopped by the employer.
        let stop = json!({"citizen_id": world.at_b_id, "stop_month": MONTH, "reason": "resigned", "checked_month": MONTH});
        let (status, receipt) = agent_b.post("/api/v1/employer/stops", &stop).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {receipt}");
        let (_, incoming) = agent_b.get(INCOMING).await;
        assert_eq!(incoming[0]["state"], "open", "not before the approval");
        let number = receipt["application_number"].as_str().unwrap().to_string();
        let (status, decided) = reviewer.approve(&number).await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {decided}");

        let (_, incoming) = agent_b.get(INCOMING).await;
        assert_eq!(incoming[0]["state"], "stopped", "{engine:?} {incoming}");
        assert_eq!(incoming[0]["stopped_by"], "employer");
        let (_, list) = agent_a.get(ASK).await;
        assert_eq!(list[0]["state"], "stopped", "{list}");
        assert!(list[0]["stopped_at_ms"].is_i64());
        // Nothing left for a reviewer.
        let (_, live) = reviewer.get(REVIEW).await;
        assert_eq!(live, json!([]));
        let (status, refused) = reviewer
            .post(&format!("{REVIEW}/{id}/stop"), &stop_form(MONTH))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let (status, _) = agent_a.get(&format!("{ASK}/{id}/enrolment")).await;
        assert_eq!(status, StatusCode::OK);
    }
}

/// Medical and maternity insurance through B are registered through another entry and
/// stay active after B's 减员 (as for every demo employee): they neither keep the request
/// open nor stop A from enrolling the person.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn medical_insurance_left_at_the_old_employer_does_not_hold_the_person() {
    for engine in ENGINES {
        let (app, world) = seeded_at(engine, mid_november(), &[]).await;
        let (cid, b) = (world.at_b_id.clone(), world.employer_b);
        app.state
            .store
            .write(move |tx| {
                for insurance in ["medical", "maternity"] {
                    tx.execute(
                        "INSERT INTO relationships (person_id, employer_id, insurance, start_month, state, base_fen)
                         SELECT id, ?1, ?2, '2020-01', 'active', 600000 FROM persons WHERE citizen_id = ?3",
                        params![b, insurance, cid.clone()],
                    )?;
                }
                Ok::<_, shebao_server::db::DbError>(())
            })
            .await
            .unwrap();
        let agent_a = Session::login(&app, "agent_a").await;
        let agent_b = Session::login(&app, "agent_b").await;
        let reviewer = Session::login(&app, "reviewer").await;
        ask(&agent_a, &world).await;

        let stop = json!({"citizen_id": world.at_b_id, "stop_month": MONTH, "reason": "resigned", "checked_month": MONTH});
        let (status, receipt) = agent_b.post("/api/v1/employer/stops", &stop).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {receipt}");
        let number = receipt["application_number"].as_str().unwrap().to_string();
        let (status, decided) = reviewer.approve(&number).await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {decided}");
        assert_eq!(
            active_at(&app, &world.at_b_id, b).await,
            2,
            "{engine:?}: medical and maternity stay"
        );

        let (_, list) = agent_a.get(ASK).await;
        assert_eq!(list[0]["state"], "stopped", "{engine:?} {list}");
        let (status, receipt) = agent_a
            .enrol(&enrolment_form(&world.at_b_id, "王五", MONTH))
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{engine:?}: A could not enrol the person B stopped: {receipt}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agency_waits_fifteen_days_without_a_confirmation() {
    for engine in ENGINES {
        let (app, world) = seeded_at(engine, mid_november(), &[]).await;
        let agent_a = Session::login(&app, "agent_a").await;
        let reviewer = Session::login(&app, "reviewer").await;
        let id = id_of(&ask(&agent_a, &world).await);
        let stop = format!("{REVIEW}/{id}/stop");

        let (status, refused) = reviewer.post(&stop, &stop_form(MONTH)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(code(&refused), "STOP_REQUEST_WAITING");
        assert!(active_at(&app, &world.at_b_id, world.employer_b).await > 0);

        // Asked on 11-16: the old employer has 11-17 to 12-01.
        let at = |d: u8, h: u8| cst_instant(Date::new(2026, 12, d).unwrap(), h, 0, 0);
        app.state.clock.set_now_ms(at(1, 23));
        let reviewer = Session::login(&app, "reviewer").await;
        let (status, refused) = reviewer.post(&stop, &stop_form("2026-12")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(code(&refused), "STOP_REQUEST_WAITING");

        app.state.clock.set_now_ms(at(2, 9));
        let reviewer = Session::login(&app, "reviewer").await;
        let (status, stopped) = reviewer.post(&stop, &stop_form("2026-12")).await;
        assert_eq!(status, StatusCode::OK, "{engine:?} {stopped}");
        assert_eq!(stopped["state"], "stopped");
        assert_eq!(active_at(&app, &world.at_b_id, world.employer_b).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_asks_or_acts_who_is_not_entitled() {
    for engine in ENGINES {
        let (app, world) = seeded_at(engine, mid_november(), &[]).await;
        let agent_a = Session::login(&app, "agent_a").await;
        let agent_b = Session::login(&app, "agent_b").await;
        let resident = Session::login(&app, "resident").await;
        let person = Session::login(&app, "resident_b").await;

        // Not insured elsewhere: enrol them, nobody is stopped by asking. The lookup is
        // charged and audited all the same.
        let lookups = app.audited("person_lookup").await;
        let (status, refused) = agent_a
            .post(ASK, &enrolment_form(&world.known_id, "李四", MONTH))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(code(&refused), "BAD_CHOICE");
        assert_eq!(
            app.audited("person_lookup").await,
            lookups + 1,
            "{engine:?}"
        );
        // Insured here already: the enrolment's own refusal.
        let (status, refused) = agent_b
            .post(ASK, &enrolment_form(&world.at_b_id, "王五", MONTH))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(code(&refused), "ALREADY_HERE");
        // A form wrong anyway reads nobody's status.
        let lookups = app.audited("person_lookup").await;
        let mut bad = enrolment_form(&world.at_b_id, "王五", MONTH);
        bad["monthly_wage"] = json!("");
        let (status, _) = agent_a.post(ASK, &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.audited("person_lookup").await, lookups);
        // A resident cannot ask.
        let (status, _) = person
            .post(ASK, &enrolment_form(&world.at_b_id, "王五", MONTH))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let id = id_of(&ask(&agent_a, &world).await);
        // Twice: one live request per person and employer (the lookup charged again).
        let lookups = app.audited("person_lookup").await;
        let (status, twice) = agent_a
            .post(ASK, &enrolment_form(&world.at_b_id, "王五", MONTH))
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{engine:?} {twice}");
        assert_eq!(code(&twice), "PENDING_EXISTS");
        assert_eq!(app.audited("person_lookup").await, lookups + 1);

        // Another employer (here: the old one) cannot act on A's request.
        let (status, _) = agent_b
            .post(&format!("{ASK}/{id}/withdraw"), &json!({}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = agent_b.get(&format!("{ASK}/{id}/enrolment")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, b_made) = agent_b.get(ASK).await;
        assert_eq!(b_made, json!([]));
        // The old employer never reads the new one's name, nor its agent's.
        let (_, incoming) = agent_b.get(INCOMING).await;
        let text = incoming.to_string();
        assert!(
            !text.contains(NEW_EMPLOYER) && !text.contains("agent_a"),
            "{text}"
        );

        // Only the person confirms: another resident is told nothing exists.
        let confirm = format!("{MINE}/{id}/confirm");
        let day = json!({"last_working_day": "2026-11-10"});
        let (status, _) = resident.post(&confirm, &day).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // …and the attempt is on record.
        assert_eq!(app.audited("stop_request_confirm").await, 1, "{engine:?}");
        let (_, others) = resident.get(MINE).await;
        assert_eq!(others, json!([]));
        let (status, _) = agent_a.post(&confirm, &day).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Nor does a stop come from anyone but a reviewer.
        let (status, _) = agent_a
            .post(&format!("{REVIEW}/{id}/stop"), &stop_form(MONTH))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(active_at(&app, &world.at_b_id, world.employer_b).await > 0);

        // A withdraws; then the person has nothing to confirm, and A may ask again.
        let (status, withdrawn) = agent_a
            .post(&format!("{ASK}/{id}/withdraw"), &json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{withdrawn}");
        assert_eq!(withdrawn["state"], "withdrawn");
        let (status, refused) = person.post(&confirm, &day).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(code(&refused), "TRANSITION");
        let (_, incoming) = agent_b.get(INCOMING).await;
        assert_eq!(incoming, json!([]), "withdrawn: nothing asked of B");
        ask(&agent_a, &world).await;
    }
}
