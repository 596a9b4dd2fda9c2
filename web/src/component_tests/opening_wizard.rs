//! The 开办企业 wizard (单位信息 → 专管员 → 职工 → 核对信息 → 保存成功): the unit's page
//! judged by core as typed, no way past a page core refuses, employees added one at a
//! time and judged within the filing, and 核对信息's 修改 links back.

use super::*;
use crate::pages::resident::opening::OpeningWizard;
use shebao_core::ids::CreditCode;
use shebao_core::region::DISTRICTS;
use shebao_core::time::{cst_date, handling_month, YearMonth};
use shebao_core::{Code, Lang};
use wasm_bindgen_test::wasm_bindgen_test;

const CREDIT_CODE: &str = "91350200776049653A";

fn now() -> i64 {
    js_sys::Date::now() as i64
}

fn handling() -> YearMonth {
    handling_month(now())
}

/// The first day of last month: a founding date from which both start months a
/// 增员 may choose (this month and last) are allowed.
fn founded() -> String {
    format!("{}-01", handling().prev())
}

fn mount(
    root: &HtmlElement,
    user: &'static str,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    // A draft from an earlier run would start the wizard at a later page.
    crate::drafts::clear_all();
    leptos::mount::mount_to(root.clone(), move || {
        provide_shell(Role::Resident, user);
        view! { <OpeningWizard/> }
    })
}

/// The control of the field at `path` (ids hold the path's dots and brackets).
fn field(path: &str) -> String {
    format!("[id='f-{path}']")
}

/// The codes of the messages shown at the field `path`.
fn field_codes(root: &Element, path: &str) -> Vec<String> {
    query_all(root, &format!("[id='f-{path}-error'] .error-line"))
        .iter()
        .filter_map(|e| e.get_attribute("data-code"))
        .collect()
}

fn summary_codes(root: &Element, id: &str) -> Vec<String> {
    query_all(root, &format!("#{id} li[data-code]"))
        .iter()
        .filter_map(|li| li.get_attribute("data-code"))
        .collect()
}

async fn fill_unit(root: &Element) {
    type_into(root, &field("unit.credit_code"), CREDIT_CODE).await;
    type_into(root, &field("unit.name"), "宁波镇海测试科技有限公司").await;
    type_into(
        root,
        &field("unit.registered_address"),
        "宁波市镇海区骆驼街道1号",
    )
    .await;
    type_into(root, &field("unit.district"), DISTRICTS[0].code).await;
    type_into(root, &field("unit.founding_date"), &founded()).await;
    type_into(root, &field("unit.legal_representative"), "张三").await;
    type_into(root, &field("unit.industry_class"), "1").await;
}

async fn fill_contact(root: &Element) {
    type_into(root, &field("contact.name"), "李四").await;
    type_into(root, &field("contact.mobile"), "13800138000").await;
}

#[wasm_bindgen_test]
async fn the_unit_page_shows_cores_verdict_as_typed_and_keeps_its_page_until_it_passes() {
    let root = container();
    let _mounted = mount(&root, "opening-unit");
    wait_for(&root, &field("unit.credit_code")).await;
    assert_eq!(
        current_step(&root),
        ("单位信息".to_string(), "第1步，共5步".to_string())
    );
    // The eight classes of core::industry, as the notice names them.
    let classes: Vec<String> = query_all(&root, "[id='f-unit.industry_class'] option")
        .iter()
        .skip(1)
        .filter_map(|o| o.text_content())
        .collect();
    assert_eq!(classes.len(), 8);
    assert_eq!(classes[0], "一类");
    assert_eq!(classes[7], "八类");

    // A credit code one character short: core's own verdict, at the field, as typed.
    let short = &CREDIT_CODE[..17];
    type_into(&root, &field("unit.credit_code"), short).await;
    let expected = CreditCode::parse(short).unwrap_err();
    assert_eq!(
        field_codes(&root, "unit.credit_code"),
        vec![expected.code.as_str().to_string()]
    );
    assert_eq!(
        text(&root, "[id='f-unit.credit_code-error'] .error-line"),
        expected.message(Lang::Zh)
    );
    // Nothing is said yet of the fields not yet visited.
    assert!(field_codes(&root, "unit.name").is_empty());

    // Founded in the future: refused at the founding date.
    let tomorrow = cst_date(now()).add_days(40).to_string();
    type_into(&root, &field("unit.founding_date"), &tomorrow).await;
    assert_eq!(
        field_codes(&root, "unit.founding_date"),
        vec![Code::FoundingDateFuture.as_str().to_string()]
    );

    // 下一步 with errors: the page stays, the summary lists every problem of this page
    // (and only of this page: the contact person is not asked for here).
    press(&root, "#opening-next").await;
    assert_eq!(current_step(&root).0, "单位信息");
    let codes = summary_codes(&root, "error-summary");
    assert!(codes.contains(&"REQUIRED".to_string()), "{codes:?}");
    assert!(
        codes.contains(&Code::FoundingDateFuture.as_str().to_string()),
        "{codes:?}"
    );
    assert!(
        query(&root, "#error-summary a[href='#f-contact.mobile']").is_none(),
        "the contact's fields belong to the next page"
    );
    assert!(
        !field_codes(&root, "unit.name").is_empty(),
        "after 下一步 every field says what is wrong"
    );

    // Corrected: every message goes, and 下一步 leads on.
    fill_unit(&root).await;
    assert!(field_codes(&root, "unit.credit_code").is_empty());
    assert!(field_codes(&root, "unit.founding_date").is_empty());
    press(&root, "#opening-next").await;
    assert_eq!(
        current_step(&root),
        ("专管员".to_string(), "第2步，共5步".to_string())
    );
    assert!(text(&root, "#contact-account").contains("经办人账号"));
}

#[wasm_bindgen_test]
async fn employees_are_judged_within_the_filing_and_check_answers_links_back() {
    let root = container();
    let _mounted = mount(&root, "opening-steps");
    wait_for(&root, &field("unit.credit_code")).await;
    fill_unit(&root).await;
    press(&root, "#opening-next").await;

    // 专管员: a wrong mobile keeps the page.
    type_into(&root, &field("contact.name"), "李四").await;
    type_into(&root, &field("contact.mobile"), "123").await;
    assert!(!field_codes(&root, "contact.mobile").is_empty());
    press(&root, "#opening-next").await;
    assert_eq!(current_step(&root).0, "专管员");
    fill_contact(&root).await;
    press(&root, "#opening-next").await;
    assert_eq!(
        current_step(&root),
        ("职工".to_string(), "第3步，共5步".to_string())
    );
    assert!(query(&root, "#no-employees").is_some());

    // 添加职工 with nothing typed: refused in the add form's own summary.
    press(&root, "#add-employee").await;
    assert!(summary_codes(&root, "add-summary").contains(&"REQUIRED".to_string()));
    assert!(query(&root, "#employee-list").is_none());

    let id = "330211199001011236";
    let fill_employee = |id: &'static str| {
        let root = root.clone();
        async move {
            type_into(&root, "#f-citizen_id", id).await;
            type_into(&root, "#f-name", "王五").await;
            type_into(&root, "#f-mobile", "13900139000").await;
            type_into(&root, "#f-hukou_district", DISTRICTS[0].code).await;
            tick(&root, "#f-hukou_type", true).await;
            type_into(&root, "#f-employment_start", &founded()).await;
            type_into(&root, "#f-monthly_wage", "6500").await;
            tick(&root, "#f-pension_start", true).await;
            tick(&root, "#f-unemployment_start", true).await;
        }
    };
    fill_employee(id).await;
    assert!(
        field_codes(&root, "citizen_id").is_empty(),
        "{:?}",
        root.text_content()
    );
    press(&root, "#add-employee").await;
    wait_for(&root, "#employee-list tr[data-employee='1']").await;
    assert_eq!(
        text(
            &root,
            "#employee-list tr[data-employee='1'] td:nth-child(2)"
        ),
        "王五"
    );
    assert!(query(&root, "#employee-list tr[data-employee='1'] .tag").is_some());
    // The form is empty again for the next one.
    assert_eq!(
        get(&root, "#f-citizen_id")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        ""
    );

    // The same person again: core says so as the ID is typed, naming employee 1.
    type_into(&root, "#f-citizen_id", id).await;
    assert_eq!(
        field_codes(&root, "citizen_id"),
        vec![Code::CitizenIdRepeated.as_str().to_string()]
    );
    type_into(&root, "#f-citizen_id", "").await;

    // On to 核对信息: the answers, with 修改 back to the unit's page.
    press(&root, "#opening-next").await;
    assert_eq!(
        current_step(&root),
        ("核对信息".to_string(), "第4步，共5步".to_string())
    );
    assert!(text(&root, "#check-unit").contains("宁波镇海测试科技有限公司"));
    assert!(text(&root, "#check-unit").contains("一类"));
    assert!(text(&root, "#check-contact").contains("13800138000"));
    assert!(text(&root, "#check-employees").contains(id));
    press(&root, "#change-0").await;
    assert_eq!(current_step(&root).0, "单位信息");
    assert_eq!(
        get(&root, &field("unit.credit_code"))
            .unchecked_into::<HtmlInputElement>()
            .value(),
        CREDIT_CODE,
        "what was typed is kept"
    );
}

#[wasm_bindgen_test]
async fn employees_from_a_spreadsheet_are_checked_row_by_row_in_the_filing() {
    let root = container();
    let _mounted = mount(&root, "opening-sheet");
    wait_for(&root, &field("unit.credit_code")).await;
    fill_unit(&root).await;
    press(&root, "#opening-next").await;
    fill_contact(&root).await;
    press(&root, "#opening-next").await;
    wait_for(&root, "#f-sheet").await;

    // The 批量增员 format; the second row's mobile is wrong.
    let month = handling().to_string();
    let start = founded();
    let district = DISTRICTS[0].code;
    let csv = format!(
        "社会保障号码,姓名,手机号码,户籍所在地,户口性质,用工起始日期,月工资,养老保险参保年月,失业保险参保年月\n\
         330211199001011236,王五,13900139000,{district},urban,{start},6500,{month},{month}\n\
         330211199203041230,赵六,123,{district},urban,{start},6500,{month},{month}\n"
    );
    pick_file(&root, "#f-sheet", "employees.csv", &csv).await;
    press(&root, "#import-sheet").await;
    wait_for(&root, "#employee-list tr[data-employee='2']").await;
    assert!(text(&root, "#sheet-read").contains('2'));
    assert!(query(&root, "#employee-list tr[data-employee='1'] .tag").is_some());
    let second = get(&root, "[id='f-employees[2].mobile']");
    assert!(second.get_attribute("data-code").is_some());
    assert!(second
        .text_content()
        .unwrap_or_default()
        .contains("手机号码"));

    // 下一步 is refused while a row is wrong, and the summary links to the row.
    press(&root, "#opening-next").await;
    assert_eq!(current_step(&root).0, "职工");
    assert!(query(&root, "#list-summary a[href='#f-employees[2].mobile']").is_some());

    // 删除 the wrong row: the filing passes.
    let remove = query_all(&root, "#employee-list tr[data-employee='2'] button");
    remove[1].clone().unchecked_into::<HtmlElement>().click();
    settle().await;
    assert!(query(&root, "#employee-list tr[data-employee='2']").is_none());
    press(&root, "#opening-next").await;
    assert_eq!(current_step(&root).0, "核对信息");
}
