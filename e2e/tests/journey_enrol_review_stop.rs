//! Journey 1: the employer enrols a new person and a returning one (续保), the reviewer
//! approves both, the returning resident sees the relationship on the phone, and the
//! next month the employer stops that employee with a reason. Every page is checked
//! by axe-core and photographed (`target/screenshots/j1-*.png`).

use shebao_e2e::steps::Employee;
use shebao_e2e::{with_check, Browser, Server, EMPLOYER, FLEXIBLE, REVIEWER, WAIT};

const DAY_MS: i64 = 24 * 3600 * 1000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrol_new_and_returning_then_approve_see_and_stop() {
    let mut server = Server::start_with(&["--demo-persons", "200"]);
    let base = server.url.clone();

    // The returning person: the demo resident `flexible`, insured before, not now.
    let phone = Browser::start(360, 740).await;
    phone.login(&base, FLEXIBLE).await;
    let line = phone.text_of("#person-name").await;
    let (name, citizen_id) = line.split_once(" · ").expect("name · number");
    let (name, citizen_id) = (name.to_string(), citizen_id.to_string());
    phone.find("#insurances").await;
    assert!(
        phone.text_of("#insurances").await.contains("暂停"),
        "insured nowhere now"
    );
    phone.step("j1-01-resident-before").await;

    let desk = Browser::start(1366, 768).await;
    desk.login(&base, EMPLOYER).await;
    desk.step("j1-02-employer-menu").await;
    desk.click("#menu-enrol").await;
    desk.find("#f-citizen_id").await;
    desk.step("j1-03-enrol-search").await;

    let newcomer = with_check("33020319900307913");
    desk.fill_enrolment(
        &Employee {
            citizen_id: &newcomer,
            name: "王小明",
            mobile: "13812345678",
            monthly_wage: "8000",
        },
        "新参保",
    )
    .await;
    desk.step("j1-04-enrol-new-filled").await;
    desk.click("#enrol-next").await;
    desk.wait_for_text("#receipt", "保存成功", WAIT).await;
    let first = desk.text_of("#receipt-number").await;
    desk.step("j1-05-enrol-new-saved").await;

    desk.click("#enrol-another").await;
    desk.fill_enrolment(
        &Employee {
            citizen_id: &citizen_id,
            name: &name,
            mobile: "13912345678",
            monthly_wage: "9000",
        },
        "续保",
    )
    .await;
    desk.step("j1-06-enrol-returning-filled").await;
    desk.click("#enrol-next").await;
    desk.wait_for_text("#receipt", "保存成功", WAIT).await;
    let second = desk.text_of("#receipt-number").await;
    assert_ne!(first, second);
    desk.step("j1-07-enrol-returning-saved").await;
    desk.logout().await;

    // The reviewer approves both.
    desk.login(&base, REVIEWER).await;
    desk.step("j1-08-review-queue").await;
    for (i, number) in [&first, &second].into_iter().enumerate() {
        desk.goto(&format!("{base}/reviewer/applications/{number}"))
            .await;
        desk.find("#approve").await;
        desk.step(&format!("j1-{:02}-review", 9 + 2 * i)).await;
        desk.click("#approve").await;
        desk.wait_for_text("#decision-done", "审核通过", WAIT).await;
        desk.step(&format!("j1-{:02}-approved", 10 + 2 * i)).await;
    }
    desk.logout().await;

    // The returning resident sees the relationship with the employer.
    phone.goto(&format!("{base}/resident")).await;
    let cards = phone.wait_for_text("#insurances", "参保缴费", WAIT).await;
    let pension = phone
        .text_of("#insurances li[data-insurance='pension']")
        .await;
    assert!(
        pension.contains("参保缴费") && pension.contains("宁波甬江机械制造有限公司"),
        "pension active through the employer: {pension}\n{cards}"
    );
    phone.step("j1-13-resident-after").await;
    phone.close().await;

    // A month later (the server restarted with its clock moved on), the employer stops
    // the returning employee: resigned.
    server.restart_with(&["--clock-offset-ms", &(32 * DAY_MS).to_string()]);
    desk.login(&base, EMPLOYER).await;
    desk.goto(&format!("{base}/employer/stop")).await;
    desk.type_into("#f-citizen_id", &citizen_id).await;
    desk.click("#search-button").await;
    desk.find("#search-case").await;
    desk.click("#f-stop_month-1").await;
    desk.select("#f-reason", "resigned").await;
    desk.step("j1-14-stop-filled").await;
    desk.click("#stop-save").await;
    desk.wait_for_text("#receipt", "保存成功", WAIT).await;
    let stop = desk.text_of("#receipt-number").await;
    desk.step("j1-15-stop-saved").await;

    desk.goto(&format!("{base}/employer/applications/{stop}"))
        .await;
    let detail = desk
        .wait_for_text("main", "社会保险职工暂停参保", WAIT)
        .await;
    assert!(detail.contains("辞职"), "the reason is on record: {detail}");
    desk.step("j1-16-stop-progress").await;
    desk.close().await;
}
