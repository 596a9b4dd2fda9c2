//! Two builds of one app, so a phone's first load carries only what residents use
//! every day.
//!
//! `index.html`, what `/` and most paths load, is built with the `first-load` feature:
//! the public pages and the resident's home and records (`app::routes`). `full.html`,
//! built without it into `dist/full/`, is the whole app: it adds the employer's and the
//! reviewer's desktop pages (forms, spreadsheets, queues), the certificate pages and the
//! flexible-worker wizard (a resident applies once; its four steps alone were a fifth of
//! the first load), most of the code. The server answers the paths of
//! [`FULL_BUILD_PATHS`] with it (`server/src/static_files.rs`, the same list). Reaching
//! one of them inside the first-load build (the employer agent logging in at `/login`,
//! a link to 个人参保证明) hands over to the whole app with a full page load of the same
//! URL; the whole app has every route, so it never hands back.

// The whole app (no `first-load`) never hands over, so there this module is unused.
#![cfg_attr(not(feature = "first-load"), allow(dead_code))]

use crate::app::NotFound;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::time::Duration;

/// The paths (each with everything under it) whose pages only the whole app has. Keep
/// in step with `FULL_BUILD_PATHS` in `server/src/static_files.rs`.
pub const FULL_BUILD_PATHS: [&str; 6] = [
    "/employer",
    "/reviewer",
    "/verify",
    "/open",
    "/resident/certificate",
    "/resident/flexible",
];

const MARK_KEY: &str = "shebao.handoff";
/// A hand-over of the same URL again within this long means the server did not answer
/// with the whole app (it was not built): say "not found" instead of reloading for ever.
const LOOP_MS: i64 = 10_000;

pub fn in_full_build(path: &str) -> bool {
    FULL_BUILD_PATHS.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The first-load build's fallback route: the hand-over for a page of the whole app,
/// "not found" for anything else.
#[component]
pub fn Handoff() -> impl IntoView {
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
    if in_full_build(&path) && !just_handed_over(&url) {
        // After this turn, once the router has written the URL to the history.
        set_timeout(move || hand_over(&url), Duration::ZERO);
        view! { <p class="loading" role="status">{move || tr(lang.get(), Key::Loading)}</p> }
            .into_any()
    } else {
        view! { <NotFound/> }.into_any()
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Whole milliseconds: formatting a float would add float printing to the wasm.
fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// True when `url` was handed over moments ago: the server answered it with this build
/// again (no whole-app build), so reloading once more would loop.
fn just_handed_over(url: &str) -> bool {
    session_storage()
        .and_then(|s| s.get_item(MARK_KEY).ok().flatten())
        .and_then(|mark| {
            let (at, marked) = mark.split_once(' ')?;
            Some(marked == url && now_ms() - at.parse::<i64>().ok()? < LOOP_MS)
        })
        .unwrap_or(false)
}

/// Loads `url` afresh, so the server answers with the whole app.
fn hand_over(url: &str) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(MARK_KEY, &format!("{} {url}", now_ms()));
    }
    if let Some(window) = web_sys::window() {
        // `replace`: the router has already put this URL in the history.
        let _ = window.location().replace(url);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::in_full_build;

    #[test]
    fn the_whole_apps_paths_are_whole_segments() {
        for path in [
            "/employer",
            "/employer/applications/A1",
            "/reviewer",
            "/verify",
            "/open",
            "/resident/certificate",
            "/resident/flexible",
        ] {
            assert!(in_full_build(path), "{path}");
        }
        for path in [
            "/",
            "/login",
            "/resident",
            "/resident/pension",
            "/employers",
            "/opened",
        ] {
            assert!(!in_full_build(path), "{path}");
        }
    }
}
