//! Journey 5: on a phone (360×740), a resident insured nowhere enrols as a flexible
//! worker through the four steps (用户须知, 业务申报, 材料申报 with an uploaded file,
//! 收件回执单); a reviewer approves; the next month the same wizard, now branching to
//! 灵活就业人员社保中断, suspends, and once approved the home page says so.

use shebao_e2e::{Browser, Server, FLEXIBLE, REVIEWER, WAIT};

const DAY_MS: i64 = 24 * 3600 * 1000;

/// The smallest PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// The reviewer approves application `number` in a desktop browser of its own.
async fn approve(base: &str, number: &str, shot: &str) {
    let desk = Browser::start(1366, 768).await;
    desk.login(base, REVIEWER).await;
    desk.goto(&format!("{base}/reviewer/applications/{number}"))
        .await;
    desk.find("#approve").await;
    desk.step(shot).await;
    desk.click("#approve").await;
    desk.wait_for_text("#decision-done", "审核通过", WAIT).await;
    desk.close().await;
}

/// Steps 1 (用户须知) and 2 (业务申报) up to the case the page tells.
async fn start_wizard(b: &Browser, base: &str, case: &str, shot: &str) {
    b.goto(&format!("{base}/resident/flexible")).await;
    b.wait_for_text("#step-heading", "用户须知", WAIT).await;
    b.find("#notice-text").await;
    b.step(&format!("{shot}-1-notice")).await;
    b.click("#f-notice").await;
    b.click("#flex-next").await;
    b.wait_for_text("#step-heading", "业务申报", WAIT).await;
    b.wait_for_text("#flex-case", case, WAIT).await;
}

/// Step 3 (材料申报) with one uploaded file, then 提交 and step 4 (收件回执单); answers
/// the application number.
async fn materials_and_receipt(b: &Browser, shot: &str) -> String {
    b.wait_for_text("#step-heading", "材料申报", WAIT).await;
    let dir = tempfile::tempdir().expect("a directory for the material");
    let path = dir.path().join("身份证.png");
    std::fs::write(&path, PNG).expect("write the material");
    b.find("#f-file")
        .await
        .send_keys(path.to_str().expect("a UTF-8 path"))
        .await
        .expect("choose the file");
    b.click("#upload").await;
    b.wait_for_text("#materials", "身份证.png", WAIT).await;
    b.step(&format!("{shot}-3-materials")).await;
    b.click("#flex-submit").await;
    b.wait_for_text("#step-heading", "收件回执单", WAIT).await;
    let number = b.text_of("#receipt-number").await;
    assert!(!number.is_empty(), "a number on the receipt");
    b.step(&format!("{shot}-4-receipt")).await;
    number
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flexible_worker_enrols_in_four_steps_then_suspends() {
    let mut server = Server::start_with(&["--demo-persons", "200"]);
    let base = server.url.clone();
    let phone = Browser::start(360, 740).await;
    phone.login(&base, FLEXIBLE).await;
    assert_eq!(phone.viewport().await.0, 360);
    phone.step("j5-01-home").await;

    // 灵活就业人员参保登记.
    start_wizard(&phone, &base, "灵活就业人员参保", "j5-02-enrol").await;
    if phone.value_of("#f-hukou_district").await.is_empty() {
        phone.select("#f-hukou_district", "330200").await;
    }
    phone.type_into("#f-base", "8000").await;
    phone
        .wait_for_text("#flex-amount", "每月养老保险费", WAIT)
        .await;
    phone.step("j5-02-enrol-2-application").await;
    phone.click("#flex-next").await;
    let enrolment = materials_and_receipt(&phone, "j5-02-enrol").await;
    approve(&base, &enrolment, "j5-03-review-enrolment").await;

    phone.goto(&format!("{base}/resident")).await;
    let pension = phone
        .wait_for_text("#insurances li[data-insurance='pension']", "参保缴费", WAIT)
        .await;
    assert!(
        pension.contains("灵活就业"),
        "paid as a flexible worker: {pension}"
    );
    phone.step("j5-04-home-flexible").await;

    // The next month (the server restarted with its clock moved on): 社保中断.
    server.restart_with(&["--clock-offset-ms", &(32 * DAY_MS).to_string()]);
    phone.login(&base, FLEXIBLE).await;
    start_wizard(&phone, &base, "灵活就业人员社保中断", "j5-05-suspend").await;
    let latest = phone
        .script(
            "const r = document.querySelectorAll('input[name=change_month]');
             return r.length ? r[r.length - 1].id : null;",
        )
        .await;
    phone
        .click(&format!("#{}", latest.as_str().expect("a month of change")))
        .await;
    phone.step("j5-05-suspend-2-application").await;
    phone.click("#flex-next").await;
    let suspension = materials_and_receipt(&phone, "j5-05-suspend").await;
    approve(&base, &suspension, "j5-06-review-suspension").await;

    phone.goto(&format!("{base}/resident")).await;
    phone
        .wait_for_text("#insurances li[data-insurance='pension']", "暂停参保", WAIT)
        .await;
    phone.step("j5-07-home-suspended").await;
    phone.close().await;
}
