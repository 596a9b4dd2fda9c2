//! The 开办企业 pages at 360 px in 长辈版: each page of the wizard, with a filing of two
//! employees, rendered with the app's style sheet into a frame 360 px wide (a real
//! viewport, so the phone's media queries apply) with the elder mode on; nothing may be
//! wider than the screen.

use super::*;
use crate::pages::resident::opening::OpeningWizard;
use shebao_core::api::EnrolmentForm;
use shebao_core::opening::{ContactForm, OpeningForm, UnitForm};
use shebao_core::region::DISTRICTS;
use shebao_core::time::handling_month;
use wasm_bindgen_test::wasm_bindgen_test;

const STYLE: &str = include_str!("../../style.css");
const WIDTH: i32 = 360;

fn filing() -> OpeningForm {
    let month = handling_month(js_sys::Date::now() as i64);
    let founded = format!("{}-01", month.prev());
    let employee = |id: &str, name: &str| EnrolmentForm {
        citizen_id: id.into(),
        name: name.into(),
        mobile: "13900139000".into(),
        hukou_district: DISTRICTS[0].code.into(),
        hukou_type: "urban".into(),
        employment_start: founded.clone(),
        monthly_wage: "6500".into(),
        pension_start: month.to_string(),
        unemployment_start: month.to_string(),
        checked_month: None,
    };
    OpeningForm {
        unit: UnitForm {
            credit_code: "91350200776049653A".into(),
            name: "宁波市镇海区骆驼街道某某某某某某某某某某科技发展有限公司".into(),
            // One long unbreakable word, as an address may hold.
            registered_address:
                "浙江省宁波市镇海区骆驼街道NINGBOZHENHAIINTERNATIONALBUSINESSCENTERA1201室".into(),
            district: DISTRICTS[0].code.into(),
            founding_date: founded.clone(),
            legal_representative: "张三".into(),
            industry_class: "1".into(),
        },
        contact: ContactForm {
            name: "李四".into(),
            mobile: "13800138000".into(),
        },
        employees: vec![
            employee("330211199001011236", "王五"),
            employee("330211199203041230", "欧阳赵六"),
        ],
        checked_month: Some(month.to_string()),
    }
}

/// A frame `WIDTH` px wide holding the app's style sheet, in 长辈版; answers its
/// document and the element to mount into.
fn narrow_frame() -> (web_sys::Document, HtmlElement) {
    let frame = document()
        .create_element("iframe")
        .unwrap()
        .unchecked_into::<web_sys::HtmlIFrameElement>();
    frame
        .set_attribute("style", &format!("width:{WIDTH}px;height:900px;border:0"))
        .unwrap();
    document().body().unwrap().append_child(&frame).unwrap();
    let doc = frame.content_document().expect("the frame's document");
    let html = doc.document_element().unwrap();
    html.set_class_name("elder");
    html.set_attribute("lang", "zh-CN").unwrap();
    let style = doc.create_element("style").unwrap();
    style.set_text_content(Some(STYLE));
    doc.head().unwrap().append_child(&style).unwrap();
    let main = doc.create_element("main").unwrap();
    doc.body().unwrap().append_child(&main).unwrap();
    (doc, main.unchecked_into())
}

/// Fails, naming what sticks out, if anything in `main` is wider than the frame.
fn assert_fits(doc: &web_sys::Document, main: &Element, what: &str) {
    let html = doc.document_element().unwrap();
    let past_the_edge = query_all(main, "*")
        .iter()
        // What is clipped out of sight for screen readers alone does not count.
        .filter(|e| {
            e.closest(".visually-hidden, .table-stack thead")
                .ok()
                .flatten()
                .is_none()
        })
        .filter(|e| e.get_bounding_client_rect().right() > f64::from(WIDTH) + 0.5)
        .map(|e| format!("{} #{} .{}", e.tag_name(), e.id(), e.class_name()))
        .take(5)
        .collect::<Vec<_>>();
    assert!(
        html.scroll_width() <= WIDTH && past_the_edge.is_empty(),
        "{what} is {} px wide; past the edge: {past_the_edge:?}",
        html.scroll_width()
    );
}

#[wasm_bindgen_test]
async fn every_page_of_the_wizard_fits_360_px_in_elder_mode() {
    for step in 0..4 {
        let user = "opening-narrow";
        crate::drafts::clear_all();
        let draft = serde_json::json!({
            "step": step,
            "filing": filing(),
            "typing": EnrolmentForm::default(),
        });
        crate::drafts::save(user, "opening", &draft);
        let (doc, main) = narrow_frame();
        let mounted = leptos::mount::mount_to(main.clone(), move || {
            provide_shell(Role::Resident, user);
            view! { <OpeningWizard/> }
        });
        wait_for(&main, "#step-heading").await;
        settle().await;
        assert_fits(&doc, &main, &format!("page {step}"));
        drop(mounted);
    }
}

#[wasm_bindgen_test]
async fn a_filing_and_what_approval_issued_fit_360_px_in_elder_mode() {
    let mut detail = super::opening_view::detail();
    detail.plan["unit"]["registered_address"] = filing().unit.registered_address.into();
    let (doc, main) = narrow_frame();
    let _mounted = leptos::mount::mount_to(main.clone(), move || {
        provide_shell(Role::Resident, "opening-narrow-view");
        view! {
            <crate::pages::resident::openings::IssuedPanel number="KB1".to_string()
                issued=shebao_core::views::OpeningIssued {
                    unit_number: "33021100000017".into(),
                    agent_username: "13800138000".into(),
                    agent_password_set: false,
                }/>
            <crate::components::plan::ApplicationView detail=detail/>
        }
    });
    wait_for(&main, "#plan-employees").await;
    settle().await;
    assert_fits(&doc, &main, "the filing");
}
