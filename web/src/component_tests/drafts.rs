//! Drafts hold personal data (an employee's ID, a mobile): they must not outlive the
//! session they were typed in. Any 401 answer (the session expired, idled out or was
//! ended elsewhere) removes every draft on this device; another refusal keeps them, so
//! the reader can correct and send again.

use crate::api::{self, Problem};
use crate::drafts;
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

/// The server's answer with `status`, as `api` reads every answer.
async fn answered(status: u16) -> Result<Value, Problem> {
    let response = gloo_net::http::Response::builder()
        .status(status)
        .header("content-type", "application/problem+json")
        .body(Some(r#"{"status":401,"violations":[]}"#))
        .expect("a response");
    api::answer(response).await
}

fn saved() -> [Option<Value>; 2] {
    [
        drafts::load("agent", "enrol"),
        drafts::load("resident", "flexible"),
    ]
}

#[wasm_bindgen_test]
async fn a_401_answer_removes_every_draft_and_another_refusal_keeps_them() {
    drafts::save(
        "agent",
        "enrol",
        &json!({"citizen_id": "33021119850315002X"}),
    );
    drafts::save("resident", "flexible", &json!({"mobile": "13900139000"}));
    assert!(saved().iter().all(Option::is_some), "saved");

    let refused = answered(422).await.unwrap_err();
    assert_eq!(refused.status, 422);
    assert!(
        saved().iter().all(Option::is_some),
        "a refusal that is not 401 keeps the drafts"
    );

    let refused = answered(401).await.unwrap_err();
    assert_eq!(refused.status, 401);
    assert_eq!(
        saved(),
        [None, None],
        "the session is gone, the drafts typed under it are still on the device"
    );
}
