//! # shebao-web
//!
//! The browser side of Shebao: a Leptos client-side app compiled to wasm. Every field
//! is judged by `shebao-core` as people type, against the server's clock; the server's
//! answer on submit always wins.

// A build with only some of the pages (see `builds`) leaves the rest unused.
#![cfg_attr(
    not(all(
        feature = "resident",
        feature = "resident-services",
        feature = "employer",
        feature = "reviewer"
    )),
    allow(dead_code, unused_imports)
)]

mod api;
mod app;
mod builds;
// Real components in headless Chromium (scripts/test.sh runs them).
#[cfg(all(test, target_arch = "wasm32"))]
mod component_tests;
mod components;
mod drafts;
mod i18n;
mod pages;
mod prefs;
mod session;

fn main() {
    // Instantiating the wasm has just been one long task; mounting in a task of its own
    // lets a slow phone handle a tap in between (Lighthouse's Total Blocking Time).
    leptos::prelude::set_timeout(mount, std::time::Duration::ZERO);
}

fn mount() {
    // The server may have sent a still picture of the page's top (`server/src/shell.rs`),
    // so that it shows before the app has loaded; the app takes its place in the same
    // task, before the browser paints again.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
