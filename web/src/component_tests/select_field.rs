//! The drop-down field (`components::form::SelectField`): its options, built as one
//! piece of HTML, show each label as text (never as markup), place the current value,
//! follow the value when the page changes it, hand the reader's choice back, and keep
//! the choice when the language changes the labels.

use super::*;
use crate::components::form::{FormState, SelectField};
use shebao_core::{Lang, Violation};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlSelectElement;

fn options() -> Vec<(String, String)> {
    vec![
        ("1".into(), "一个月".into()),
        ("2".into(), "<b>两个月</b> & \"more\" 'quoted'".into()),
        ("3".into(), "三个月".into()),
    ]
}

fn select(root: &Element) -> HtmlSelectElement {
    get(root, "#f-months").unchecked_into()
}

#[wasm_bindgen_test]
async fn the_options_show_their_labels_and_follow_the_value_both_ways() {
    let root = container();
    let value = RwSignal::new("2".to_string());
    let lang = RwSignal::new(Lang::Zh);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_shell(Role::Resident, "select-field-test");
        let prefs = expect_context::<Prefs>();
        Effect::new(move |_| prefs.lang.set(lang.get()));
        let state = FormState::new(Signal::derive(Vec::<Violation>::new));
        view! {
            <SelectField state=state field="months" value=value
                options=Signal::derive(options) required=true/>
        }
    });
    settle().await;

    let shown: Vec<(String, String)> = query_all(&root, "#f-months option")
        .iter()
        .map(|o| (o.get_attribute("value").unwrap(), o.text_content().unwrap()))
        .collect();
    let mut expected = vec![(String::new(), "请选择".to_string())];
    expected.extend(options());
    assert_eq!(shown, expected, "every option, each label as plain text");
    assert!(
        query(&root, "#f-months b").is_none(),
        "a label became markup"
    );
    assert_eq!(
        select(&root).value(),
        "2",
        "the current value is not chosen"
    );

    // The page changes the value (a draft restored, the form reset).
    value.set("3".into());
    settle().await;
    assert_eq!(select(&root).value(), "3");
    value.set(String::new());
    settle().await;
    assert_eq!(
        select(&root).value(),
        "",
        "请选择 is not chosen after a reset"
    );

    // The reader chooses.
    select(&root).set_value("1");
    let change = web_sys::Event::new("change").unwrap();
    select(&root).dispatch_event(&change).unwrap();
    settle().await;
    assert_eq!(value.get_untracked(), "1");

    // Another language rebuilds the labels and keeps the choice.
    lang.set(Lang::En);
    settle().await;
    assert_eq!(text(&root, "#f-months option[value='']"), "Choose");
    assert_eq!(
        select(&root).value(),
        "1",
        "the choice was lost with the language"
    );
}
