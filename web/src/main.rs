//! # shebao-web
//!
//! The browser side of Shebao: a Leptos client-side app compiled to wasm. Every field
//! is judged by `shebao-core` as people type, against the server's clock; the server's
//! answer on submit always wins.

// The first-load build (see `handoff`) leaves most pages out, and with them the use of
// what only they use.
#![cfg_attr(feature = "first-load", allow(dead_code, unused_imports))]

mod api;
mod app;
// Real components in headless Chromium (scripts/test.sh runs them).
#[cfg(all(test, target_arch = "wasm32"))]
mod component_tests;
mod components;
mod drafts;
mod handoff;
mod i18n;
mod pages;
mod prefs;
mod session;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
