//! An opening filing as the reviewer and the founder see it: the unit, the contact
//! person and the employees' rows readably (not the plan's JSON), and what approval
//! issued, with the one-time password's button only until the contact set their own.

use super::*;
use crate::api::{ApplicationDetail, ApplicationSummary};
use crate::components::plan::ApplicationView;
use crate::pages::resident::openings::IssuedPanel;
use shebao_core::api::EnrolmentForm;
use shebao_core::application::{Kind, State};
use shebao_core::opening::{self, ContactForm, OpeningFacts, OpeningForm, UnitForm};
use shebao_core::region::DISTRICTS;
use shebao_core::time::handling_month;
use shebao_core::views::OpeningIssued;
use shebao_core::Lang;
use wasm_bindgen_test::wasm_bindgen_test;

const MASKED_ID: &str = "3302**********1236";

/// A filing of one employee, planned by core now, with the employee's ID masked as the
/// server sends it.
pub(super) fn detail() -> ApplicationDetail {
    let now = js_sys::Date::now() as i64;
    let month = handling_month(now);
    let founded = format!("{}-01", month.prev());
    let form = OpeningForm {
        unit: UnitForm {
            credit_code: "91350200776049653A".into(),
            name: "宁波镇海测试科技有限公司".into(),
            registered_address: "宁波市镇海区骆驼街道1号".into(),
            district: DISTRICTS[0].code.into(),
            founding_date: founded.clone(),
            legal_representative: "张三".into(),
            industry_class: "2".into(),
        },
        contact: ContactForm {
            name: "李四".into(),
            mobile: "13800138000".into(),
        },
        employees: vec![EnrolmentForm {
            citizen_id: "330211199001011236".into(),
            name: "王五".into(),
            mobile: "13900139000".into(),
            hukou_district: DISTRICTS[0].code.into(),
            hukou_type: "urban".into(),
            employment_start: founded,
            monthly_wage: "6500".into(),
            pension_start: month.to_string(),
            unemployment_start: month.to_string(),
            checked_month: None,
        }],
        checked_month: Some(month.to_string()),
    };
    let plan = opening::plan(&form, &OpeningFacts::default(), now).expect("a clean filing");
    let mut plan = serde_json::to_value(plan).unwrap();
    plan["employees"][0]["citizen_id"] = MASKED_ID.into();
    ApplicationDetail {
        summary: ApplicationSummary {
            number: "KB202600000001".into(),
            kind: Kind::Opening,
            state: State::Submitted,
            citizen_id: "3302**********123X".into(),
            person_name: "宁波镇海测试科技有限公司".into(),
            handling_month: month.to_string(),
            flags: Vec::new(),
            submitted_at_ms: now,
            decided_at_ms: None,
            decision_reason: None,
        },
        employer_name: None,
        plan,
        history: Vec::new(),
        name_on_record: None,
        opening: None,
    }
}

#[wasm_bindgen_test]
async fn an_opening_plan_shows_the_unit_and_the_employees_rows() {
    let root = container();
    let d = detail();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_shell(Role::Reviewer, "opening-view");
        view! { <ApplicationView detail=d/> }
    });
    wait_for(&root, "#plan-unit").await;
    let unit = text(&root, "#plan-unit");
    assert!(unit.contains("单位名称"), "{unit}");
    assert!(unit.contains("宁波镇海测试科技有限公司"), "{unit}");
    assert!(
        unit.contains("二类"),
        "the class as the notice names it: {unit}"
    );
    assert!(unit.contains(DISTRICTS[0].name(Lang::Zh)), "{unit}");
    assert!(!unit.contains('{'), "no JSON: {unit}");
    assert!(text(&root, "#plan-contact").contains("13800138000"));
    let rows = query_all(&root, "#plan-employees tbody tr");
    assert_eq!(rows.len(), 1);
    let row = rows[0].text_content().unwrap_or_default();
    assert!(row.contains("王五") && row.contains(MASKED_ID), "{row}");
    // The summary's ID is the founder's: said so, not left to read as the unit's.
    let facts = root.text_content().unwrap_or_default();
    assert!(facts.contains("申报人社会保障号码"), "{facts}");
    assert!(!row.contains('{'), "no JSON: {row}");
}

#[wasm_bindgen_test]
async fn what_approval_issued_offers_a_one_time_password_only_until_one_is_set() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_shell(Role::Resident, "opening-issued");
        view! {
            <div id="not-set">
                <IssuedPanel number="KB1".to_string() issued=OpeningIssued {
                    unit_number: "33021100000017".into(),
                    agent_username: "13800138000".into(),
                    agent_password_set: false,
                }/>
            </div>
            <div id="set">
                <IssuedPanel number="KB2".to_string() issued=OpeningIssued {
                    unit_number: "33021100000025".into(),
                    agent_username: "13800138001".into(),
                    agent_password_set: true,
                }/>
            </div>
        }
    });
    wait_for(&root, "#not-set #unit-number").await;
    assert_eq!(text(&root, "#not-set #unit-number"), "33021100000017");
    assert_eq!(text(&root, "#not-set #agent-username"), "13800138000");
    assert!(query(&root, "#not-set #make-agent-password").is_some());
    assert!(query(&root, "#set #make-agent-password").is_none());
    assert!(query(&root, "#set #agent-password-set").is_some());
}
