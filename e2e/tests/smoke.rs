//! Smoke test: the real server serves the real web build, and in a real headless
//! Chromium the social security number is judged by core (compiled to wasm) as it is
//! typed.

use shebao_e2e::fantoccini::Locator;
use shebao_e2e::{Browser, Server};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_social_security_number_shows_the_verdict() {
    let server = Server::start();
    let browser = Browser::start(360, 740).await;
    let c = &browser.client;

    c.goto(&server.url).await.expect("open the app");
    let field = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#citizen-id"))
        .await
        .expect("the ID field appears");

    field
        .send_keys("11010519491231002x")
        .await
        .expect("type a valid ID");
    let text = browser
        .wait_for_text("#id-verdict", "1949-12-31", WAIT)
        .await;
    assert!(
        text.contains("号码有效"),
        "valid verdict in Chinese: {text}"
    );
    assert!(text.contains('女'), "gender from the 17th digit: {text}");

    field.clear().await.expect("clear the field");
    field
        .send_keys("340524198001010013")
        .await
        .expect("type an ID with a wrong check character");
    let text = browser
        .wait_for_text("#id-verdict", "第18位校验码不正确", WAIT)
        .await;
    assert!(
        !text.contains("号码有效"),
        "no valid verdict for a wrong check character: {text}"
    );

    // The language switch changes the same violation to English.
    c.find(Locator::Css("#lang-switch"))
        .await
        .expect("language switch")
        .click()
        .await
        .expect("switch");
    browser
        .wait_for_text("#id-verdict", "check character", WAIT)
        .await;

    browser.close().await;
}
