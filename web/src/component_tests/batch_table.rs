//! 批量增员's table of errors: a CSV chosen in the real file input is read, parsed and
//! judged by core in the browser; every problem is a row of the table, per spreadsheet
//! row and field, and only the valid rows are offered for submission.

use super::*;
use crate::components::form::label_of;
use crate::pages::employer::batch::BatchEnrolPage;
use leptos_router::components::Router;
use shebao_core::ids::CitizenId;
use shebao_core::time::handling_month;
use shebao_core::Lang;
use wasm_bindgen_test::wasm_bindgen_test;

fn citizen_id(first17: &str, right_check: bool) -> String {
    let check = CitizenId::check_char(first17.as_bytes());
    let check = match (right_check, check) {
        (true, c) => c,
        (false, '0') => '1',
        (false, _) => '0',
    };
    format!("{first17}{check}")
}

/// Spreadsheet rows 2 and 5 are valid; row 3 has a wrong check character; row 4 has a
/// mobile number that cannot be one and a wage that is not an amount.
fn sheet() -> String {
    let month = handling_month(js_sys::Date::now() as i64).to_string();
    let rows = [
        (
            citizen_id("33020319800101913", true),
            "王伟",
            "13800000001",
            "6500",
        ),
        (
            citizen_id("33020319800102913", false),
            "李芳",
            "13800000002",
            "6500",
        ),
        (
            citizen_id("33020319800103913", true),
            "张娜",
            "12812345678",
            "六千",
        ),
        (
            citizen_id("33020319800104913", true),
            "刘敏",
            "13800000004",
            "7000",
        ),
    ];
    let mut csv = String::from(
        "社会保障号码,姓名,手机号码,户籍所在地,户口性质,用工起始日期,月工资,养老保险参保年月,失业保险参保年月\r\n",
    );
    for (id, name, mobile, wage) in rows {
        csv.push_str(&format!(
            "{id},{name},{mobile},330200,城镇,2020-01-01,{wage},{month},{month}\r\n"
        ));
    }
    csv
}

#[wasm_bindgen_test]
async fn every_problem_is_a_row_of_the_table_per_row_and_field() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        provide_shell(Role::Employer, "batch-test");
        view! { <Router><BatchEnrolPage/></Router> }
    });
    wait_for(&root, "#batch-file").await;
    assert!(query(&root, "#batch-errors").is_none());

    pick_file(&root, "#batch-file", "增员.csv", &sheet()).await;
    let counts = wait_for(&root, "#batch-counts").await;
    assert_eq!(counts.get_attribute("data-valid").as_deref(), Some("2"));
    assert_eq!(counts.get_attribute("data-invalid").as_deref(), Some("2"));
    assert_eq!(
        get(&root, "#batch-check-ms")
            .get_attribute("data-rows")
            .as_deref(),
        Some("4")
    );

    let rows = query_all(&root, "#batch-errors tbody tr");
    let cells = |tr: &Element| -> Vec<String> {
        query_all(tr, "td")
            .iter()
            .map(|td| td.text_content().unwrap_or_default())
            .collect()
    };
    let found: Vec<(String, String)> = rows
        .iter()
        .map(|tr| {
            (
                tr.get_attribute("data-row").unwrap_or_default(),
                tr.get_attribute("data-field").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("3".to_string(), "citizen_id".to_string()),
            ("4".to_string(), "mobile".to_string()),
            ("4".to_string(), "monthly_wage".to_string()),
        ],
        "the table: {}",
        text(&root, "#batch-errors")
    );

    // Each row: the spreadsheet row, the number, core's label of the field, and core's
    // message (the same words as at a form's field).
    let id_row = cells(&rows[0]);
    assert_eq!(id_row[0], "3");
    assert_eq!(id_row[1], citizen_id("33020319800102913", false));
    assert_eq!(id_row[2], label_of("citizen_id", Lang::Zh));
    assert_eq!(
        rows[0].get_attribute("data-code").as_deref(),
        Some("ID_CHECK")
    );
    assert!(id_row[3].contains("校验码"), "{}", id_row[3]);

    let mobile_row = cells(&rows[1]);
    assert_eq!(mobile_row[2], label_of("mobile", Lang::Zh));
    assert!(mobile_row[3].contains("13至19"), "{}", mobile_row[3]);
    let wage_row = cells(&rows[2]);
    assert_eq!(wage_row[2], label_of("monthly_wage", Lang::Zh));
    assert!(wage_row[3].contains("金额"), "{}", wage_row[3]);

    // Only the valid rows are offered, and the report lists the problems.
    assert!(text(&root, "#batch-submit").contains("（2）"));
    let report = get(&root, "#batch-error-report")
        .get_attribute("href")
        .unwrap_or_default();
    assert!(report.starts_with("data:text/csv"));
}
