//! Journey: 待原单位减员 (issue 14 part 2). The demo resident is insured at 宁波甬江机械制造有限公司
//! (`employer`); 宁波明州港口物流有限公司 (`employer2`, A) would enrol them and is refused
//! (`ACTIVE_ELSEWHERE`), so A asks for the stop with its enrolment form; the old employer
//! finds it in its 待办; the person confirms leaving on a phone with the last working
//! day; the reviewer stops the old relationship (the stop month, a reason); A submits
//! its enrolment again, pre-filled, and the reviewer approves it. Every page is checked
//! by axe-core and photographed (`target/screenshots/j9-*`).

use shebao_e2e::{Browser, Server, EMPLOYER, RESIDENT, REVIEWER, WAIT};

const EMPLOYER2: (&str, &str) = ("employer2", "Demo-Employer-2026");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_enrolment_asked_confirmed_stopped_then_enrolled() {
    let server = Server::start_with(&["--demo-persons", "200"]);
    let base = server.url.clone();

    // The person, on a phone: who they are.
    let phone = Browser::start(360, 740).await;
    phone.login(&base, RESIDENT).await;
    let line = phone.text_of("#person-name").await;
    let (name, citizen_id) = line.split_once(" · ").expect("name · number");
    let (name, citizen_id) = (name.to_string(), citizen_id.to_string());
    phone.find("#insurances").await;
    phone.step("j9-01-resident-home").await;

    // A searches the person: insured elsewhere; A asks for the stop.
    let desk = Browser::start(1366, 768).await;
    desk.login(&base, EMPLOYER2).await;
    desk.click("#menu-enrol").await;
    desk.type_into("#f-citizen_id", &citizen_id).await;
    desk.click("#search-button").await;
    desk.wait_for_text("#search-refusal", "其他单位参保", WAIT)
        .await;
    desk.find("#ask-stop").await;
    desk.step("j9-02-enrol-refused").await;
    desk.click("#ask-stop").await;
    desk.find("#f-name").await;
    let month = desk.server_month().await;
    desk.type_into("#f-name", &name).await;
    desk.type_into("#f-mobile", "13912340000").await;
    desk.select("#f-hukou_district", "330200").await;
    desk.click("#f-hukou_type").await;
    desk.set_date("#f-employment_start", &format!("{month}-01"))
        .await;
    desk.type_into("#f-monthly_wage", "9000").await;
    desk.click(&format!("input[name=pension_start][value='{month}']"))
        .await;
    desk.click(&format!("input[name=unemployment_start][value='{month}']"))
        .await;
    desk.find("#plan-preview").await;
    desk.step("j9-03-ask-filled").await;
    desk.click("#ask-stop-send").await;
    desk.wait_for_text("#asked", "已申请原单位减员", WAIT).await;
    let asked = desk.text_of("#asked").await;
    assert!(
        !asked.contains("宁波甬江机械制造有限公司"),
        "the old employer is never named to the new one: {asked}"
    );
    desk.step("j9-04-asked").await;
    desk.click("#asked-list").await;
    desk.wait_for_text("#stop-requests", "待原单位减员", WAIT)
        .await;
    desk.step("j9-05-my-requests").await;
    desk.logout().await;

    // The old employer's 待办.
    desk.login(&base, EMPLOYER).await;
    desk.click("#menu-incoming").await;
    desk.wait_for_text("#incoming-stops", &name, WAIT).await;
    desk.step("j9-06-incoming").await;
    desk.logout().await;

    // The person confirms leaving, yesterday.
    phone.click("#menu-stop-requests").await;
    phone
        .wait_for_text("#person-stops", "宁波明州港口物流有限公司", WAIT)
        .await;
    phone.step("j9-07-person-requests").await;
    phone.click("[id^='choose-confirm-']").await;
    phone.find("#f-last_working_day").await;
    let yesterday = phone.server_date_days_ago(1).await;
    phone.set_date("#f-last_working_day", &yesterday).await;
    phone.step("j9-08-confirm-filled").await;
    phone.click("#confirm-leaving").await;
    phone
        .wait_for_text("#person-stops", "本人已确认离职", WAIT)
        .await;
    phone.step("j9-09-confirmed").await;
    phone.close().await;

    // The reviewer stops the old relationship.
    desk.login(&base, REVIEWER).await;
    desk.click("#menu-stop-requests").await;
    desk.wait_for_text("#reviewer-stops", &name, WAIT).await;
    desk.step("j9-10-reviewer-requests").await;
    desk.click("[id^='choose-stop-']").await;
    desk.click(&format!("input[name=stop_month][value='{month}']"))
        .await;
    desk.select("#f-reason", "resigned").await;
    desk.step("j9-11-reviewer-stop-filled").await;
    desk.click("#reviewer-stop").await;
    desk.wait_for_text("#reviewer-stop-done", "已减员", WAIT)
        .await;
    desk.step("j9-12-reviewer-stopped").await;
    desk.logout().await;

    // A enrols again from the request, pre-filled.
    desk.login(&base, EMPLOYER2).await;
    desk.click("#menu-stop-requests").await;
    desk.wait_for_text("#stop-requests", "已减员", WAIT).await;
    desk.step("j9-13-my-requests-stopped").await;
    desk.click("[id^='enrol-again-']").await;
    desk.wait_for_text("#search-case", "续保", WAIT).await;
    desk.find("#prefill-note").await;
    assert_eq!(desk.value_of("#f-name").await, name);
    assert_eq!(desk.value_of("#f-monthly_wage").await, "9000");
    desk.find("#plan-preview").await;
    desk.step("j9-14-enrol-prefilled").await;
    desk.click("#enrol-next").await;
    desk.wait_for_text("#receipt", "保存成功", WAIT).await;
    let number = desk.text_of("#receipt-number").await;
    desk.step("j9-15-enrol-saved").await;
    desk.logout().await;

    // The reviewer approves it.
    desk.login(&base, REVIEWER).await;
    desk.goto(&format!("{base}/reviewer/applications/{number}"))
        .await;
    desk.find("#approve").await;
    desk.step("j9-16-review").await;
    desk.click("#approve").await;
    desk.wait_for_text("#decision-done", "审核通过", WAIT).await;
    desk.step("j9-17-approved").await;
    desk.close().await;
}
