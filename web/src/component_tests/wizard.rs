//! The flexible-worker wizard (用户须知 → 业务申报 → 材料申报 → 收件回执单): moving
//! between steps, no way past a step core refuses, and 业务申报 branching by the
//! resident's state.

use super::*;
use crate::api::FlexibleView;
use crate::pages::resident::flexible::Wizard;
use shebao_core::flexible::{allowed_change_months, FlexAction, FlexState};
use shebao_core::region::DISTRICTS;
use shebao_core::time::{handling_month, YearMonth};
use shebao_core::{policy, Code, Lang, Violation};
use wasm_bindgen_test::wasm_bindgen_test;

fn handling() -> YearMonth {
    handling_month(js_sys::Date::now() as i64)
}

fn view_for(state: FlexState) -> FlexibleView {
    let handling = handling();
    let limits = policy::base_limits(handling).ok();
    let (action, refusal) = match state {
        FlexState::NotInsured | FlexState::Suspended => (Some(FlexAction::Enrol), None),
        FlexState::FlexibleActive { .. } => (Some(FlexAction::Suspend), None),
        FlexState::Employed => (None, Some(Violation::new(Code::FlexEmployed, "person"))),
    };
    let change_months = match state {
        FlexState::FlexibleActive { since } => allowed_change_months(since, handling),
        _ => Vec::new(),
    };
    FlexibleView {
        state,
        action,
        refusal,
        handling_month: handling,
        hukou_district: Some(DISTRICTS[0].code.to_string()),
        base_min: limits.as_ref().map(|l| l.min),
        base_max: limits.as_ref().map(|l| l.max),
        change_months,
    }
}

fn mount_wizard(
    root: &HtmlElement,
    user: &'static str,
    state: FlexState,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    // A draft from an earlier run would start the wizard at a later step.
    crate::drafts::clear_all();
    let info = view_for(state);
    leptos::mount::mount_to(root.clone(), move || {
        provide_shell(Role::Resident, user);
        view! { <Wizard info=info/> }
    })
}

fn summary_codes(root: &Element) -> Vec<String> {
    query_all(root, "#error-summary li[data-code]")
        .iter()
        .filter_map(|li| li.get_attribute("data-code"))
        .collect()
}

#[wasm_bindgen_test]
async fn steps_go_forward_only_past_valid_steps_and_back_again() {
    let root = container();
    let _mounted = mount_wizard(&root, "wizard-steps", FlexState::NotInsured);
    wait_for(&root, "#notice-text").await;
    assert_eq!(
        current_step(&root),
        ("用户须知".to_string(), "第1步，共4步".to_string())
    );

    // 用户须知 not acknowledged: 下一步 stays, and says why at the checkbox.
    press(&root, "#flex-next").await;
    assert_eq!(current_step(&root).0, "用户须知");
    assert_eq!(
        text(&root, "#f-notice-error .error-line"),
        Violation::new(Code::NoticeNotAcknowledged, "notice").message(Lang::Zh)
    );

    tick(&root, "#f-notice", true).await;
    press(&root, "#flex-next").await;
    assert_eq!(
        current_step(&root),
        ("业务申报".to_string(), "第2步，共4步".to_string())
    );
    assert_eq!(text(&root, "#flex-case"), "情形：灵活就业人员参保");

    // 业务申报 with no base: refused by core, the wizard stays.
    press(&root, "#flex-next").await;
    assert_eq!(current_step(&root).0, "业务申报");
    assert!(query(&root, "#f-file").is_none());
    assert!(
        summary_codes(&root).contains(&"REQUIRED".to_string()),
        "{:?}",
        summary_codes(&root)
    );
    assert!(query(&root, "#f-base-error .error-line[data-code='REQUIRED']").is_some());

    // Below the month's lowest base: core's BASE_RANGE, still no way on.
    type_into(&root, "#f-base", "1").await;
    press(&root, "#flex-next").await;
    assert_eq!(current_step(&root).0, "业务申报");
    assert!(query(&root, "#f-base-error .error-line[data-code='BASE_RANGE']").is_some());

    let min = policy::base_limits(handling())
        .expect("limits in force")
        .min;
    type_into(&root, "#f-base", &min.to_string()).await;
    assert!(query(&root, "#f-base-error .error-line").is_none());
    assert!(
        query(&root, "#flex-amount").is_some(),
        "the monthly amount is shown"
    );
    press(&root, "#flex-next").await;
    assert_eq!(
        current_step(&root),
        ("材料申报".to_string(), "第3步，共4步".to_string())
    );
    wait_for(&root, "#f-file").await;

    // 上一步 keeps what was typed.
    press(&root, "p.actions button.button-secondary").await;
    assert_eq!(current_step(&root).0, "业务申报");
    let base = get(&root, "#f-base").unchecked_into::<HtmlInputElement>();
    assert_eq!(base.value(), min.to_string());
}

#[wasm_bindgen_test]
async fn the_apply_step_branches_by_the_residents_state() {
    // A flexible worker suspends: the month of change, core's months only.
    let since = handling().add_months(-6);
    let root = container();
    let mounted = mount_wizard(&root, "wizard-suspend", FlexState::FlexibleActive { since });
    wait_for(&root, "#f-notice").await;
    tick(&root, "#f-notice", true).await;
    press(&root, "#flex-next").await;
    assert_eq!(text(&root, "#flex-case"), "情形：灵活就业人员社保中断");
    assert!(query(&root, "#f-base").is_none());
    let months: Vec<String> = query_all(&root, "input[name='change_month']")
        .iter()
        .filter_map(|r| r.get_attribute("value"))
        .collect();
    let allowed: Vec<String> = allowed_change_months(since, handling())
        .iter()
        .map(|m| m.to_string())
        .collect();
    assert_eq!(months, allowed);
    press(&root, "#flex-next").await;
    assert_eq!(current_step(&root).0, "业务申报");
    assert!(summary_codes(&root).contains(&"REQUIRED".to_string()));
    tick(&root, "#f-change_month", true).await;
    press(&root, "#flex-next").await;
    assert_eq!(current_step(&root).0, "材料申报");
    drop(mounted);

    // Insured through an employer: refused with core's reason, and no 下一步.
    let root = container();
    let mounted = mount_wizard(&root, "wizard-employed", FlexState::Employed);
    wait_for(&root, "#f-notice").await;
    tick(&root, "#f-notice", true).await;
    press(&root, "#flex-next").await;
    assert_eq!(current_step(&root).0, "业务申报");
    assert_eq!(
        text(&root, "#flex-refusal [data-code='FLEX_EMPLOYED']"),
        Violation::new(Code::FlexEmployed, "person").message(Lang::Zh)
    );
    assert!(query(&root, "#flex-next").is_none());
    assert!(query(&root, "#f-base").is_none());
    drop(mounted);

    // Not insured (or suspended): the enrolment form.
    let root = container();
    let _mounted = mount_wizard(&root, "wizard-suspended", FlexState::Suspended);
    wait_for(&root, "#f-notice").await;
    tick(&root, "#f-notice", true).await;
    press(&root, "#flex-next").await;
    assert_eq!(text(&root, "#flex-case"), "情形：灵活就业人员参保");
    assert!(query(&root, "#f-base").is_some());
    assert!(query(&root, "#f-hukou_district").is_some());
}
