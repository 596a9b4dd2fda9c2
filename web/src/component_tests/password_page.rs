//! 修改密码 forced at the first login: the change itself clears the session's
//! `must_change_password`, and the page must go on showing the form it has (where
//! 密码已修改 is said), not mount a new, empty one in its place.

use super::*;
use crate::pages::public::password::PasswordPage;
use leptos_router::components::Router;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn the_session_changing_after_a_forced_change_keeps_the_page() {
    let root = container();
    let session = RwSignal::new(None::<Session>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_shell(Role::Employer, "13700001234");
        let s = expect_context::<Session>();
        s.info
            .update(|i| i.as_mut().expect("logged in").must_change_password = true);
        session.set(Some(s));
        view! { <Router><PasswordPage/></Router> }
    });
    wait_for(&root, "#password-forced").await;
    let form = get(&root, "form");
    type_into(&root, "#f-new_password", "Qihang-Agent-2026").await;

    // What the server's answer to the change does to the session.
    let s = session.get_untracked().expect("the session");
    s.info
        .update(|i| i.as_mut().expect("logged in").must_change_password = false);
    settle().await;
    sleep(50).await;

    assert!(
        query(&root, "#password-forced").is_none(),
        "no longer forced"
    );
    let now = get(&root, "form");
    assert!(
        form.is_same_node(Some(&now)),
        "the same form, not a new one"
    );
    assert_eq!(
        now.query_selector("#f-new_password")
            .unwrap()
            .expect("the field")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "Qihang-Agent-2026"
    );
}
