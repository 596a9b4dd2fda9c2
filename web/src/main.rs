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
    leptos::mount::mount_to_body(app::App);
}
