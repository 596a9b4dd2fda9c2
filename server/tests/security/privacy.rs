//! Findings 3 and 9 of the security review, as an attacker would try them, on both
//! engines: an employer agent learning who is insured where (past the lookup limit,
//! through a form with errors, through the receipt's name-mismatch flag, through the
//! search's prefill), and anyone but the owner rebuilding a masked citizen ID.

use crate::common;

use common::world::{self, enrolment_form, id, Session};
use common::{TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// An app whose agents may look five persons up an hour.
async fn app_with_small_budget(engine: common::Engine) -> (TestApp, world::World) {
    world::seeded_at(
        engine,
        world::mid_november(),
        &["--person-lookups-per-hour", "5"],
    )
    .await
}

fn codes(answer: &Value) -> Vec<String> {
    answer["violations"]
        .as_array()
        .map(|vs| {
            vs.iter()
                .map(|v| v["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_reads_no_status_once_the_lookup_budget_is_spent() {
    for engine in ENGINES {
        let (app, world) = app_with_small_budget(engine).await;
        let agent = Session::login(&app, "agent_a").await;
        for n in 0..5 {
            let (status, _) = agent
                .post(
                    "/api/v1/employer/person-search",
                    &json!({ "citizen_id": id(&format!("3302111995060100{n}")) }),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{engine:?} search {n}");
        }
        let (status, _) = agent.search_person(&world.at_b_id).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{engine:?}");
        // The same question through a batch and through a single enrolment.
        let rows = json!({ "rows": [enrolment_form(&world.at_b_id, "王五", "2026-11")] });
        let (status, answer) = agent.post("/api/v1/employer/enrolments/batch", &rows).await;
        assert!(
            !answer.to_string().contains("ACTIVE_ELSEWHERE"),
            "{engine:?}: over the budget, a batch still told where a stranger works: {status} {answer}"
        );
        assert_eq!(
            (status, answer["rows"][0]["violations"][0]["code"].as_str()),
            (StatusCode::OK, Some("RATE_LIMITED")),
            "{engine:?}: the batch row is refused for the budget: {answer}"
        );
        let (_, answer) = agent
            .enrol(&enrolment_form(&world.at_b_id, "王五", "2026-11"))
            .await;
        assert!(
            !answer.to_string().contains("ACTIVE_ELSEWHERE"),
            "{engine:?}: over the budget, an enrolment still told where a stranger works: {answer}"
        );
        assert_eq!(codes(&answer), ["RATE_LIMITED"], "{engine:?}");
    }
}

/// An enrolment refused because of what the records say of the person (insured at
/// another employer) has read the person's status all the same: it is charged to the
/// budget and audited like an accepted one, so refused enrolments are no unmetered way
/// to learn who is insured elsewhere.
#[tokio::test(flavor = "multi_thread")]
async fn an_enrolment_refused_for_the_persons_status_is_charged_and_audited() {
    for engine in ENGINES {
        let (app, world) = app_with_small_budget(engine).await;
        let agent = Session::login(&app, "agent_a").await;
        let form = enrolment_form(&world.at_b_id, "王五", "2026-11");
        for n in 0..5 {
            let lookups_before = app.audited("person_lookup").await;
            let (_, answer) = agent.enrol(&form).await;
            assert_eq!(codes(&answer), ["ACTIVE_ELSEWHERE"], "{engine:?} try {n}");
            assert_eq!(
                app.audited("person_lookup").await,
                lookups_before + 1,
                "{engine:?} try {n}: the refused enrolment's lookup was not audited"
            );
        }
        let (status, answer) = agent.enrol(&form).await;
        assert_eq!(
            (status, codes(&answer)),
            (StatusCode::TOO_MANY_REQUESTS, vec!["RATE_LIMITED".to_string()]),
            "{engine:?}: a sixth refused enrolment in the hour still read the person's status: {answer}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_with_errors_says_nothing_about_the_person() {
    for engine in ENGINES {
        let (app, world) = app_with_small_budget(engine).await;
        let agent = Session::login(&app, "agent_a").await;
        let lookups_before = app.audited("person_lookup").await;
        let mut form = enrolment_form(&world.at_b_id, "王五", "2026-11");
        form["mobile"] = json!("123");
        let (status, answer) = agent.enrol(&form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{engine:?}");
        assert_eq!(
            codes(&answer),
            ["BAD_LENGTH"],
            "{engine:?}: a form with a wrong mobile answered with the person's status"
        );
        assert_eq!(
            app.audited("person_lookup").await,
            lookups_before,
            "{engine:?}: nobody's status was read for a form with errors"
        );
    }
}

/// Agent A enrols the known person (李四 on record) under a guessed name, 李五, in an
/// app with a small budget: the app, its world, the agent and the receipt.
async fn enrolled_under_a_guessed_name(
    engine: common::Engine,
) -> (TestApp, world::World, Session, Value) {
    let (app, world) = app_with_small_budget(engine).await;
    let agent = Session::login(&app, "agent_a").await;
    let (status, receipt) = agent
        .enrol(&enrolment_form(&world.known_id, "李五", "2026-11"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{engine:?} {receipt}");
    (app, world, agent, receipt)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_employer_is_not_told_whether_a_guessed_name_is_right() {
    for engine in ENGINES {
        let (app, _, agent, receipt) = enrolled_under_a_guessed_name(engine).await;
        assert!(
            !receipt.to_string().contains("name_mismatch"),
            "{engine:?}: the receipt confirms the guess was wrong: {receipt}"
        );
        let number = receipt["application_number"].as_str().unwrap();
        let (_, detail) = agent
            .get(&format!("/api/v1/employer/applications/{number}"))
            .await;
        let (_, list) = agent.get("/api/v1/employer/applications").await;
        for shown in [&detail, &list] {
            assert!(
                !shown.to_string().contains("name_mismatch"),
                "{engine:?}: the employer's view confirms the guess: {shown}"
            );
        }
        // The reviewer, who must judge it, sees the flag.
        let reviewer = Session::login(&app, "reviewer").await;
        let (_, review) = reviewer
            .get(&format!("/api/v1/reviewer/applications/{number}"))
            .await;
        assert!(review["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("name_mismatch")));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_search_gives_no_district_until_the_typed_name_matches() {
    for engine in ENGINES {
        let (app, world) = app_with_small_budget(engine).await;
        let agent = Session::login(&app, "agent_a").await;
        let (_, found) = agent.search_person(&world.known_id).await;
        assert_eq!(found["case"], "resumption", "{engine:?}");
        assert!(
            found["prefill"].is_null(),
            "{engine:?}: a stranger's 户籍 district for the asking: {found}"
        );
        let (_, wrong) = agent
            .post(
                "/api/v1/employer/person-search",
                &json!({ "citizen_id": world.known_id, "name": "李五" }),
            )
            .await;
        assert!(wrong["prefill"].is_null(), "{engine:?}: {wrong}");
        let (_, right) = agent
            .post(
                "/api/v1/employer/person-search",
                &json!({ "citizen_id": world.known_id, "name": "李四" }),
            )
            .await;
        assert_eq!(right["prefill"]["hukou_district"], "330211", "{engine:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reviewer_cannot_rebuild_a_masked_id() {
    for engine in ENGINES {
        let (app, world, _, receipt) = enrolled_under_a_guessed_name(engine).await;
        let number = receipt["application_number"].as_str().unwrap();
        let reviewer = Session::login(&app, "reviewer").await;
        let (_, review) = reviewer
            .get(&format!("/api/v1/reviewer/applications/{number}"))
            .await;
        let shown = review.to_string();
        assert!(!shown.contains(&world.known_id), "{engine:?}: the full ID");
        for field in ["birth_date", "hukou_district"] {
            assert!(
                review["plan"].get(field).is_none(),
                "{engine:?}: {field} beside the masked ID rebuilds it: {}",
                review["plan"]
            );
        }
        // Confirming a guessed full ID through the queue's filter is audited and
        // counted against the reviewer's lookups.
        let before = app.audited("person_lookup").await;
        let mut answers = Vec::new();
        for n in 0..6 {
            let guess = id(&format!("3302111985031500{n}"));
            let (status, _) = reviewer
                .get(&format!("/api/v1/reviewer/queue?citizen_id={guess}"))
                .await;
            answers.push(status.as_u16());
        }
        assert_eq!(
            answers,
            [200, 200, 200, 200, 200, 429],
            "{engine:?}: six full-ID searches with a budget of five"
        );
        assert_eq!(app.audited("person_lookup").await, before + 5, "{engine:?}");
    }
}
