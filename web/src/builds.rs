//! Several builds of one app, so each page loads only the code of its own kind of user.
//!
//! A phone opening 个人参保证明 should not download the employer's spreadsheet reader,
//! nor an employer's agent the flexible-worker wizard. The web crate's features each add
//! a part of the pages (`Cargo.toml`; without any, the public pages alone), and Trunk
//! builds four apps from them. Which build has which features, and which paths each
//! answers, is stated once, in the table `web/builds.txt`: `scripts/setup.sh`
//! (`build_web`, which writes the other three pages from `index.html` with their own
//! features) builds from it, and the server answers each path with the build that has
//! its page by it (`server/src/static_files.rs`, whose tests fail when the table, this
//! crate's `app::routes` (the part of each `page!`), `setup.sh` or `index.html`
//! disagree). `index.html` is what a phone loads first (`first-load`): the public pages
//! and the resident's everyday ones (home, records).
//!
//! Every build has the whole route table (`app::routes`); a page left out of a build is
//! [`InAnotherBuild`] there, which loads the same URL afresh so that the server answers
//! with the build that has it (the employer's agent logging in at `/login`, a link to
//! 个人参保证明 from the resident's home). `cargo build` and the tests, with the default
//! features, get every page and never hand over.

// With every page (the default features) nothing is in another build.
#![cfg_attr(
    all(
        feature = "resident",
        feature = "resident-services",
        feature = "employer",
        feature = "reviewer"
    ),
    allow(dead_code)
)]

use crate::app::NotFound;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::time::Duration;

/// The page `$page` if this build has the feature `$part`, [`InAnotherBuild`] if not.
macro_rules! page {
    ($part:literal, $page:path) => {{
        // The build that has the page: a handoff to it is over (its mark would
        // otherwise stop the next handoff to the same URL, e.g. another login, within
        // `LOOP_MS`).
        #[cfg(feature = $part)]
        let page = || {
            $crate::builds::arrived();
            $page()
        };
        #[cfg(not(feature = $part))]
        let page = $crate::builds::InAnotherBuild;
        page
    }};
}
pub(crate) use page;

const MARK_KEY: &str = "shebao.handoff";
/// Loading the same URL again within this long means the server answered with a build
/// that does not have its page either (that build is missing): say "not found" instead
/// of reloading for ever.
const LOOP_MS: i64 = 10_000;

/// A page this build leaves out: load the URL afresh, so the server answers with the
/// build that has it.
#[component]
pub fn InAnotherBuild() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    // The router's location, not the window's: after a click on a link the router may
    // render this before the browser's URL has changed.
    let location = use_location();
    let path = location.pathname.get_untracked();
    // The router keeps the query without its "?", the fragment with its "#".
    let search = location.search.get_untracked();
    let query = if search.is_empty() {
        String::new()
    } else {
        format!("?{search}")
    };
    let url = format!("{path}{query}{}", location.hash.get_untracked());
    if just_loaded(&url) {
        view! { <NotFound/> }.into_any()
    } else {
        // After this turn, once the router has written the URL to the history.
        set_timeout(move || load_afresh(&url), Duration::ZERO);
        view! { <p class="loading" role="status">{move || tr(lang.get(), Key::Loading)}</p> }
            .into_any()
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Whole milliseconds: formatting a float would add float printing to the wasm.
fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// True when `url` was loaded afresh moments ago: the server answered it with this build
/// again, so reloading once more would loop.
fn just_loaded(url: &str) -> bool {
    session_storage()
        .and_then(|s| s.get_item(MARK_KEY).ok().flatten())
        .and_then(|mark| {
            let (at, marked) = mark.split_once(' ')?;
            Some(marked == url && now_ms() - at.parse::<i64>().ok()? < LOOP_MS)
        })
        .unwrap_or(false)
}

/// A page this build has is shown: forget the handoff's mark.
pub(crate) fn arrived() {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(MARK_KEY);
    }
}

/// Loads `url` afresh, so the server answers with the build that has its page.
fn load_afresh(url: &str) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(MARK_KEY, &format!("{} {url}", now_ms()));
    }
    if let Some(window) = web_sys::window() {
        // `replace`: the router has already put this URL in the history.
        let _ = window.location().replace(url);
    }
}
