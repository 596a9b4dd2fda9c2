//! Journey: 开办企业全程网上办 (issue 14 part 1). A resident files a new company on a
//! phone (360 px): the unit, the contact person, two employees typed in and a third from
//! a spreadsheet whose row has a bad mobile number first (shown at that employee's
//! field, then fixed); checks the answers and submits. The reviewer finds the filing in
//! the queue, reads the unit and the employees and approves; the founder sees the unit
//! number and makes the contact a one-time password; the contact logs in with it, is
//! sent to set their own, and as the unit's 经办人 finds the three employees insured
//! there. Every page is checked by axe-core and photographed (`target/screenshots/j8-*`).

use shebao_core::ids::CreditCode;
use shebao_e2e::xlsx::{workbook, Cell, ENROLMENT_HEADER as HEADER};
use shebao_e2e::{with_check, Browser, Server, RESIDENT, REVIEWER, WAIT};

const UNIT_NAME: &str = "宁波启航网络科技有限公司";

/// A valid credit code the demo data does not have (its codes' organisation part is a
/// permutation of digits and letters after `91` and the district; this one is fixed).
fn new_credit_code() -> String {
    let first17 = "91330203MA7E2K5L0";
    format!("{first17}{}", CreditCode::check_char(first17.as_bytes()))
}

/// An employee typed into the wizard's 添加职工 form.
async fn add_employee(b: &Browser, id: &str, name: &str, mobile: &str, start: &str) {
    b.type_into("#f-citizen_id", id).await;
    b.type_into("#f-name", name).await;
    b.type_into("#f-mobile", mobile).await;
    b.select("#f-hukou_district", "330203").await;
    b.click("#f-hukou_type").await;
    b.set_date("#f-employment_start", start).await;
    b.type_into("#f-monthly_wage", "8000").await;
    let month = &start[..7];
    b.click(&format!("input[name=pension_start][value='{month}']"))
        .await;
    b.click(&format!("input[name=unemployment_start][value='{month}']"))
        .await;
    b.click("#add-employee").await;
    b.wait_for_text("#employee-list", name, WAIT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_founder_files_a_company_the_reviewer_approves_and_the_contact_takes_over() {
    let server = Server::start_with(&["--demo-persons", "200"]);
    let base = server.url.clone();
    let code = new_credit_code();
    // Sequence 927: nobody in the demo data.
    let ids = [
        with_check("33020319910312927"),
        with_check("33020319920415927"),
        with_check("33020319930518927"),
    ];
    let names = ["赵一帆", "钱二宝", "孙三丰"];

    // The founder, on a phone.
    let phone = Browser::start(360, 740).await;
    phone.login(&base, RESIDENT).await;
    phone.step("j8-01-resident-home").await;
    phone.click("#menu-opening").await;
    phone.find("[id='f-unit.credit_code']").await;
    phone.step("j8-02-unit").await;

    // Founded a few days ago: registration is due within 30 days, the employees start
    // in the founding month (last month or this one, both open to 增员).
    let founded = phone.server_date_days_ago(3).await;
    let founding_month = founded[..7].to_string();
    phone.type_into("[id='f-unit.credit_code']", &code).await;
    phone.type_into("[id='f-unit.name']", UNIT_NAME).await;
    phone
        .type_into(
            "[id='f-unit.registered_address']",
            "宁波市海曙区中山西路 88 号 1201 室",
        )
        .await;
    phone.select("[id='f-unit.district']", "330203").await;
    phone
        .set_date("[id='f-unit.founding_date']", &founded)
        .await;
    phone
        .type_into("[id='f-unit.legal_representative']", "李启航")
        .await;
    phone.select("[id='f-unit.industry_class']", "1").await;
    phone.step("j8-03-unit-filled").await;
    phone.click("#opening-next").await;

    phone.find("[id='f-contact.name']").await;
    phone.step("j8-04-contact").await;
    phone.type_into("[id='f-contact.name']", "周专管").await;
    phone
        .type_into("[id='f-contact.mobile']", "13700001234")
        .await;
    phone.step("j8-05-contact-filled").await;
    phone.click("#opening-next").await;

    // Two employees typed in.
    phone.find("#f-citizen_id").await;
    phone.step("j8-06-employees").await;
    add_employee(&phone, &ids[0], names[0], "13800000001", &founded).await;
    add_employee(&phone, &ids[1], names[1], "13800000002", &founded).await;
    phone.step("j8-07-two-typed").await;

    // The third from a spreadsheet in the 批量增员 format, with a ten-digit mobile.
    let mut rows: Vec<Vec<Cell>> = vec![HEADER.iter().map(|&h| h.into()).collect()];
    rows.push(vec![
        ids[2].as_str().into(),
        names[2].into(),
        "1380000003".into(),
        "宁波市—海曙区".into(),
        "城镇".into(),
        founded.as_str().into(),
        Cell::Number(7500.0),
        founding_month.as_str().into(),
        founding_month.as_str().into(),
    ]);
    let dir = tempfile::tempdir().expect("a directory for the workbook");
    let path = dir.path().join("职工.xlsx");
    std::fs::write(&path, workbook("增员", &rows)).expect("write the workbook");
    phone
        .find("#f-sheet")
        .await
        .send_keys(path.to_str().expect("a UTF-8 path"))
        .await
        .expect("choose the workbook");
    phone.click("#import-sheet").await;
    phone.wait_for_text("#sheet-read", "1", WAIT).await;
    let error = phone
        .wait_for_text("[id='f-employees[3].mobile']", "手机", WAIT)
        .await;
    assert!(!error.is_empty(), "the bad mobile is shown at its field");
    let third = phone.text_of("#employee-list tr[data-employee='3']").await;
    assert!(third.contains(names[2]), "the row is the third: {third}");
    phone.step("j8-08-sheet-row-error").await;

    // Fixed: 修改 puts the row back into the form.
    phone
        .click("#employee-list tr[data-employee='3'] button.link-button")
        .await;
    assert_eq!(phone.value_of("#f-citizen_id").await, ids[2]);
    let mobile = phone.find("#f-mobile").await;
    mobile.clear().await.expect("clear the mobile");
    mobile
        .send_keys("13800000003")
        .await
        .expect("type the mobile");
    phone.step("j8-09-fixing").await;
    phone.click("#add-employee").await;
    phone
        .wait_for_text("#employee-list tr[data-employee='3']", names[2], WAIT)
        .await;
    let list = phone.text_of("#employee-list").await;
    assert!(
        phone
            .client
            .find(fantoccini::Locator::Css("[id='f-employees[3].mobile']"))
            .await
            .is_err(),
        "the error is gone: {list}"
    );
    phone.step("j8-10-three-employees").await;
    phone.click("#opening-next").await;

    // 核对信息.
    let check = phone.wait_for_text("#check-unit", &code, WAIT).await;
    assert!(check.contains(UNIT_NAME), "{check}");
    let employees = phone.text_of("#check-employees").await;
    for name in names {
        assert!(employees.contains(name), "{name} in {employees}");
    }
    phone.step("j8-11-check").await;
    phone.click("#opening-submit").await;
    let number = phone
        .wait_for_text("#receipt-number", "", WAIT)
        .await
        .trim()
        .to_string();
    assert!(!number.is_empty());
    phone.step("j8-12-saved").await;
    phone.logout().await;

    // The reviewer finds it in the queue and approves it.
    let desk = Browser::start(1366, 768).await;
    desk.login(&base, REVIEWER).await;
    let link = format!("a.app-link[href='/reviewer/applications/{number}']");
    desk.find(&link).await;
    desk.step("j8-13-queue").await;
    desk.click(&link).await;
    let unit = desk.wait_for_text("#plan-unit", UNIT_NAME, WAIT).await;
    assert!(unit.contains(&code), "{unit}");
    // Readably: the district by name, the class as the notice names it; the ID shown is
    // the filer's, said so beside the unit's name.
    assert!(
        unit.contains("宁波市—海曙区") && unit.contains("一类"),
        "{unit}"
    );
    let facts = desk.text_of("main").await;
    assert!(facts.contains("申报人社会保障号码"), "{facts}");
    let planned = desk.text_of("#plan-employees").await;
    for name in names {
        assert!(planned.contains(name), "{name} in {planned}");
    }
    desk.find("#approve").await;
    desk.step("j8-14-review").await;
    desk.click("#approve").await;
    desk.wait_for_text("#decision-done", "审核通过", WAIT).await;
    desk.step("j8-15-approved").await;
    desk.close().await;

    // The founder sees the unit number and makes the contact's one-time password.
    phone.login(&base, RESIDENT).await;
    phone.click("#menu-openings").await;
    let filing = format!("a.app-link[href='/resident/openings/{number}']");
    phone.find(&filing).await;
    phone.step("j8-16-my-openings").await;
    phone.click(&filing).await;
    let unit_number = phone.text_of("#unit-number").await;
    assert!(!unit_number.trim().is_empty(), "a unit number");
    let agent = phone.text_of("#agent-username").await.trim().to_string();
    phone.step("j8-17-issued").await;
    phone.click("#make-agent-password").await;
    let password = phone.text_of("#one-time-password").await.trim().to_string();
    assert!(!password.is_empty());
    phone.step("j8-18-one-time-password").await;
    phone.logout().await;

    // The contact logs in with it and is sent to set their own.
    phone.login(&base, (&agent, &password)).await;
    assert_eq!(phone.wait_for_path(|p| p == "/password").await, "/password");
    phone.find("#password-forced").await;
    phone.step("j8-19-set-password").await;
    let own = "Qihang-Agent-2026";
    phone.type_into("#f-current_password", &password).await;
    phone.type_into("#f-new_password", own).await;
    phone.type_into("#f-confirm_password", own).await;
    phone.click("#password-submit").await;
    phone.find("#password-changed").await;
    phone.step("j8-20-password-set").await;
    phone.click("#password-changed-home").await;
    phone.wait_for_path(|p| p == "/employer").await;
    let line = phone
        .wait_for_text(".employer-line", unit_number.trim(), WAIT)
        .await;
    assert!(line.contains(UNIT_NAME), "{line}");
    phone.step("j8-21-agent-menu").await;

    // As the unit's 经办人: each employee is insured here (减员's search finds them).
    for (i, id) in ids.iter().enumerate() {
        phone.goto(&format!("{base}/employer/stop")).await;
        phone.type_into("#f-citizen_id", id).await;
        phone.click("#search-button").await;
        let found = phone.wait_for_text("#search-case", "", WAIT).await;
        assert!(!found.is_empty(), "{id} is active here");
        if i == 0 {
            phone.step("j8-22-employee-active").await;
        }
    }
    phone.close().await;
}
