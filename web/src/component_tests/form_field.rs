//! The form field (`components::form::TextField`) with the error summary: core's
//! violation appears at the field once it has been left, and in the summary after
//! 下一步; a valid value clears both.

use super::*;
use crate::components::form::{ErrorSummary, FormState, TextField};
use shebao_core::ids::CitizenId;
use shebao_core::{Code, Lang, Violation};
use wasm_bindgen_test::wasm_bindgen_test;

const FIRST17: &str = "33020319800101913";

fn valid_id() -> String {
    format!("{FIRST17}{}", CitizenId::check_char(FIRST17.as_bytes()))
}

fn wrong_check_id() -> String {
    let right = CitizenId::check_char(FIRST17.as_bytes());
    format!("{FIRST17}{}", if right == '0' { '1' } else { '0' })
}

/// The field as the pages use it: the value judged by core at the clock's date.
fn mount_citizen_id_form(root: &HtmlElement) -> leptos::mount::UnmountHandle<impl Mountable> {
    leptos::mount::mount_to(root.clone(), || {
        provide_shell(Role::Employer, "form-field-test");
        let clock = expect_context::<Clock>();
        let value = RwSignal::new(String::new());
        let local = Signal::derive(move || {
            CitizenId::parse(&value.get(), clock.today())
                .err()
                .into_iter()
                .collect::<Vec<Violation>>()
        });
        let state = FormState::new(local);
        view! {
            <ErrorSummary state=state/>
            <form novalidate on:submit=move |ev| {
                ev.prevent_default();
                state.attempt();
            }>
                <TextField state=state field="citizen_id" value=value required=true/>
                <button type="submit" id="next">"下一步"</button>
            </form>
        }
    })
}

#[wasm_bindgen_test]
async fn an_invalid_value_shows_cores_message_at_the_field_and_in_the_summary() {
    let root = container();
    let _mounted = mount_citizen_id_form(&root);
    settle().await;
    let field = get(&root, "#f-citizen_id");
    assert!(
        query(&root, ".error-line").is_none(),
        "no message before typing"
    );
    assert!(
        query(&root, "#error-summary").is_none(),
        "no summary before typing"
    );

    type_into(&root, "#f-citizen_id", &wrong_check_id()).await;
    let expected = Violation::new(Code::IdCheck, "citizen_id").with("position", 18);
    let line = get(&root, "#f-citizen_id-error .error-line");
    assert_eq!(line.get_attribute("data-code").as_deref(), Some("ID_CHECK"));
    assert_eq!(line.text_content().unwrap(), expected.message(Lang::Zh));
    assert!(line.text_content().unwrap().contains("校验码"));
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(field
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains("f-citizen_id-error"));
    assert!(query(&root, ".field.field-invalid").is_some());
    // The summary waits for 下一步.
    assert!(query(&root, "#error-summary").is_none());

    press(&root, "#next").await;
    let item = get(&root, "#error-summary li[data-code='ID_CHECK']");
    assert_eq!(item.text_content().unwrap(), expected.summary(Lang::Zh));
    assert_eq!(
        get(&root, "#error-summary li a")
            .get_attribute("href")
            .as_deref(),
        Some("#f-citizen_id")
    );
}

#[wasm_bindgen_test]
async fn a_valid_value_clears_the_field_and_the_summary() {
    let root = container();
    let _mounted = mount_citizen_id_form(&root);
    settle().await;
    type_into(&root, "#f-citizen_id", &wrong_check_id()).await;
    press(&root, "#next").await;
    assert!(query(&root, "#error-summary").is_some());

    type_into(&root, "#f-citizen_id", &valid_id()).await;
    assert!(
        query(&root, ".error-line").is_none(),
        "{}",
        text(&root, ".field")
    );
    assert!(query(&root, "#error-summary").is_none());
    assert!(query(&root, ".field.field-invalid").is_none());
    assert_eq!(
        get(&root, "#f-citizen_id")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );

    // Emptied again: core's REQUIRED, at the field and (after 下一步 once) in the summary.
    type_into(&root, "#f-citizen_id", "").await;
    let required = Violation::new(Code::Required, "citizen_id");
    assert_eq!(
        text(
            &root,
            "#f-citizen_id-error .error-line[data-code='REQUIRED']"
        ),
        required.message(Lang::Zh)
    );
    assert_eq!(
        text(&root, "#error-summary li[data-code='REQUIRED']"),
        required.summary(Lang::Zh)
    );
}
