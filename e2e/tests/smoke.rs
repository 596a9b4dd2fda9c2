//! Smoke test: the real server serves the real web build, and in a real headless
//! Chromium the social security number is judged by core (compiled to wasm) as it is
//! typed.

use shebao_e2e::fantoccini::Locator;
use shebao_e2e::{with_check, Browser, Server};
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
    browser.step("smoke-01-id-valid").await;

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
    browser.step("smoke-02-id-invalid-en").await;

    browser.close().await;
}

async fn click(c: &shebao_e2e::fantoccini::Client, css: &str) {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} appears: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn type_into(c: &shebao_e2e::fantoccini::Client, css: &str, text: &str) {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} appears: {e}"))
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// The employer journey in the browser: log in, 社会保险职工参保登记 for someone new
/// (the error summary first, then the form judged by core), 下一步 → 保存成功 with a
/// number, then 单位业务申报进度查询 and 撤回 confirmed in the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employer_enrols_a_new_employee_and_withdraws_it() {
    let server = Server::start();
    let browser = Browser::start(1280, 900).await;
    let c = &browser.client;

    c.goto(&format!("{}/login", server.url))
        .await
        .expect("open the login page");
    type_into(c, "#f-username", "employer").await;
    type_into(c, "#f-password", "Demo-Employer-2026").await;
    click(c, "#login-submit").await;
    browser.wait_for_text("h1", "参保征缴", WAIT).await;

    click(c, "#menu-enrol").await;
    // Born 1990, sequence 913: not in the demo data (its sequences are lower).
    let id = with_check("33020319900307913");
    type_into(c, "#f-citizen_id", &id).await;
    click(c, "#search-button").await;
    browser.wait_for_text("#search-case", "新参保", WAIT).await;

    // 下一步 on an empty form: the error summary lists what is missing.
    click(c, "#enrol-next").await;
    browser
        .wait_for_text("#error-summary", "此项为必填项", WAIT)
        .await;
    browser.step("smoke-03-enrol-error-summary").await;

    type_into(c, "#f-name", "王小明").await;
    type_into(c, "#f-mobile", "13812345678").await;
    c.find(Locator::Css("#f-hukou_district"))
        .await
        .expect("district select")
        .select_by_value("330200")
        .await
        .expect("choose a district");
    click(c, "#f-hukou_type").await;
    c.execute(
        "const e = document.getElementById('f-employment_start');
         e.value = '2020-01-01';
         e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await
    .expect("set the employment start date");
    type_into(c, "#f-monthly_wage", "3000").await;
    // A wage under the minimum base is raised to it, and the page says so.
    browser
        .wait_for_text("#base-clamp", "按下限缴费", WAIT)
        .await;
    click(c, "#f-pension_start-1").await;
    click(c, "#f-unemployment_start-1").await;
    browser.wait_for_text("#plan-preview", "请核对", WAIT).await;
    click(c, "#enrol-next").await;

    let receipt = browser.wait_for_text("#receipt", "保存成功", WAIT).await;
    let number = c
        .find(Locator::Css("#receipt-number"))
        .await
        .expect("the application number")
        .text()
        .await
        .expect("its text");
    assert!(!number.is_empty(), "a number on the receipt: {receipt}");
    browser.step("smoke-04-enrol-saved").await;

    // The application in 单位业务申报进度查询, then 撤回 with the in-page confirmation.
    click(c, "#receipt a.button").await;
    browser.wait_for_text("#app-number", &number, WAIT).await;
    browser.wait_for_text("#app-state", "待审核", WAIT).await;
    click(c, "#withdraw").await;
    browser
        .wait_for_text("#withdraw-confirm", "是否作废该办件", WAIT)
        .await;
    browser.step("smoke-05-withdraw-confirm").await;
    click(c, "#withdraw-yes").await;
    browser
        .wait_for_text("#withdrawn-banner", &number, WAIT)
        .await;

    browser.close().await;
}
