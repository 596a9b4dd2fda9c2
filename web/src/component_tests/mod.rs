//! Component tests: the real components mounted into the real DOM of headless Chromium
//! (`wasm-bindgen-test`, run by `wasm-bindgen-test-runner` through ChromeDriver; see
//! `scripts/test.sh` and `web/webdriver.json`). They type with real `input`/`change`
//! events, press real buttons, and read what the page shows.
//!
//! Nothing here talks to a server: the components under test judge with core in the
//! browser. (The session and clock would ask the server; the test page has none, so
//! the clock stays on the device's time, as a page that cannot reach the server does.)

mod batch_table;
mod drafts;
mod form_field;
mod opening_narrow;
mod opening_view;
mod opening_wizard;
mod pager;
mod password_page;
mod select_field;
mod wizard;

use crate::api::{Role, SessionInfo};
use crate::prefs::Prefs;
use crate::session::{Clock, Session};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// How long a test waits for the page to show something before it fails.
const WAIT: Duration = Duration::from_secs(5);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// A fresh `<div>` in the body for one test's component.
pub fn container() -> HtmlElement {
    let doc = document();
    let div = doc
        .create_element("div")
        .expect("create a div")
        .unchecked_into::<HtmlElement>();
    doc.body()
        .expect("a body")
        .append_child(&div)
        .expect("append");
    div
}

/// What every page has from the shell (`app::App`): the reader's preferences in
/// Chinese, a logged-in session of `role`, and the clock.
pub fn provide_shell(role: Role, username: &str) {
    let prefs = Prefs::load();
    prefs.lang.set(shebao_core::Lang::Zh);
    provide_context(prefs);
    provide_context(Session {
        info: RwSignal::new(Some(SessionInfo {
            username: username.to_string(),
            role,
            employer: None,
            person: None,
            csrf_token: String::new(),
            must_change_password: false,
        })),
        loaded: RwSignal::new(true),
    });
    provide_context(Clock::start());
}

/// Waits `ms` milliseconds (a macrotask: the reactive system's queued effects run).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// Lets the page catch up with what was just done.
pub async fn settle() {
    sleep(0).await;
    sleep(0).await;
}

/// The element matching `css` inside `root`, if any.
pub fn query(root: &Element, css: &str) -> Option<Element> {
    root.query_selector(css).expect("valid selector")
}

pub fn query_all(root: &Element, css: &str) -> Vec<Element> {
    let list = root.query_selector_all(css).expect("valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// Waits until `css` matches inside `root`; fails the test after [`WAIT`].
pub async fn wait_for(root: &Element, css: &str) -> Element {
    let started = js_sys::Date::now();
    loop {
        if let Some(el) = query(root, css) {
            return el;
        }
        if js_sys::Date::now() - started > WAIT.as_millis() as f64 {
            panic!(
                "{css} never appeared; the page shows: {}",
                root.text_content().unwrap_or_default()
            );
        }
        sleep(20).await;
    }
}

/// The element matching `css`, which must be there now.
pub fn get(root: &Element, css: &str) -> Element {
    query(root, css).unwrap_or_else(|| {
        panic!(
            "no {css}; the page shows: {}",
            root.text_content().unwrap_or_default()
        )
    })
}

/// A step wizard's current step: the name of the step marked `aria-current="step"`
/// (there must be exactly one) and the "第n步，共m步" line.
pub fn current_step(root: &Element) -> (String, String) {
    let current = query_all(root, ".steps li[aria-current='step']");
    assert_eq!(current.len(), 1, "exactly one current step");
    (
        current[0]
            .query_selector(".step-name")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        text(root, ".steps-count"),
    )
}

pub fn text(root: &Element, css: &str) -> String {
    get(root, css).text_content().unwrap_or_default()
}

fn dispatch(target: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("an event");
    target.dispatch_event(&event).expect("dispatch");
}

/// Types `value` into the control `css` (an `input` event), then leaves it (`change`).
pub async fn type_into(root: &Element, css: &str, value: &str) {
    let input = get(root, css);
    set_value(&input, value);
    dispatch(&input, "input");
    dispatch(&input, "change");
    settle().await;
}

fn set_value(control: &Element, value: &str) {
    js_sys::Reflect::set(
        control,
        &JsValue::from_str("value"),
        &JsValue::from_str(value),
    )
    .expect("set value");
}

/// Ticks (or unticks) the checkbox `css`.
pub async fn tick(root: &Element, css: &str, checked: bool) {
    let input = get(root, css).unchecked_into::<HtmlInputElement>();
    input.set_checked(checked);
    dispatch(&input, "change");
    settle().await;
}

/// Presses the button `css` (a real click: a submit button submits its form).
pub async fn press(root: &Element, css: &str) {
    get(root, css).unchecked_into::<HtmlElement>().click();
    settle().await;
}

/// Chooses a file for the `<input type=file>` `css` (through a `DataTransfer`, as a
/// drop would) and fires `change`.
pub async fn pick_file(root: &Element, css: &str, name: &str, content: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::FilePropertyBag::new();
    options.set_type("text/csv");
    let file =
        web_sys::File::new_with_str_sequence_and_options(&parts, name, &options).expect("a file");
    let transfer = web_sys::DataTransfer::new().expect("a DataTransfer");
    transfer.items().add_with_file(&file).expect("add the file");
    let input = get(root, css).unchecked_into::<HtmlInputElement>();
    input.set_files(transfer.files().as_ref());
    dispatch(&input, "change");
    settle().await;
}
