//! The pager under every long list (`components::table::Pager`): its buttons say only
//! 上一页 / 下一页, turn the page, and are disabled at either end. (A `>=` written inside
//! the `view!` macro once ended the 下一页 button's tag: its click handler showed as its
//! text and the button did nothing.)

use super::*;
use crate::components::table::Pager;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlButtonElement;

fn button(root: &Element, css: &str) -> HtmlButtonElement {
    get(root, css).unchecked_into()
}

#[wasm_bindgen_test]
async fn the_pager_turns_pages_and_stops_at_either_end() {
    let root = container();
    let page = RwSignal::new(1u32);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_shell(Role::Employer, "pager-test");
        // 45 applications, 20 a page: three pages.
        view! { <Pager page=page total=Signal::derive(|| 45) per_page=20/> }
    });
    settle().await;

    assert_eq!(text(&root, "#page-prev").trim(), "上一页");
    assert_eq!(text(&root, "#page-next").trim(), "下一页");
    assert_eq!(text(&root, ".pager-status"), "第 1 / 3 页，共 45 条");
    assert!(
        button(&root, "#page-prev").disabled(),
        "上一页 on the first page"
    );
    assert!(
        !button(&root, "#page-next").disabled(),
        "下一页 on the first page"
    );

    press(&root, "#page-next").await;
    assert_eq!(page.get_untracked(), 2, "下一页 did not turn the page");
    assert_eq!(text(&root, ".pager-status"), "第 2 / 3 页，共 45 条");
    assert!(!button(&root, "#page-prev").disabled());

    press(&root, "#page-next").await;
    assert_eq!(page.get_untracked(), 3);
    assert!(
        button(&root, "#page-next").disabled(),
        "下一页 on the last page"
    );

    press(&root, "#page-prev").await;
    assert_eq!(page.get_untracked(), 2, "上一页 did not turn the page back");
}
