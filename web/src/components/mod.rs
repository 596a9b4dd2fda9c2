//! Shared pieces of the screens: form fields showing core's violations, the error
//! summary, the step wizard, tables, the plan of an application and certificates.

pub mod certificate;
pub mod form;
pub mod plan;
pub mod receipt;
pub mod sheet_file;
pub mod submit;
pub mod table;
pub mod withdraw;
pub mod wizard;

use crate::api::Problem;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;

/// A request's failure, in the reader's language (core's messages for violations).
#[component]
pub fn ProblemBox(problem: Problem) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    // The session ended (expired, or logged out elsewhere): the guard sends the reader
    // to the login page, and back here afterwards.
    if problem.is_unauthenticated() {
        if let Some(session) = use_context::<crate::session::Session>() {
            session.info.set(None);
        }
    }
    view! {
        <div class="notice notice-error" role="alert">
            {move || {
                let lang = lang.get();
                if problem.is_network() {
                    view! { <p>{tr(lang, Key::NetworkError)}</p> }.into_any()
                } else {
                    problem
                        .violations
                        .iter()
                        .map(|v| view! { <p data-code=v.code.as_str()>{v.message(lang)}</p> })
                        .collect_view()
                        .into_any()
                }
            }}
        </div>
    }
}

/// Renders `children` a task after the rest of the page. A long page then builds in
/// several short tasks instead of one long one, so a slow phone can answer a tap in
/// between (Lighthouse's Total Blocking Time). Only for what ends the page: several in a
/// row appear in order, top first, and nothing below one of them moves when it appears.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    set_timeout(move || ready.set(true), std::time::Duration::ZERO);
    move || ready.get().then(|| children())
}

/// The one way a page shows what it loads: `resource` (a `LocalResource` of an API
/// answer) read inside a `Transition`, so [`Loading`] shows until the first answer and
/// an answer stays on screen while the next one loads (another page of a list); a
/// failure is a [`ProblemBox`], an answer is `show(answer)`.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, Problem>>,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || resource.get().map(|answer| match answer {
                Ok(value) => show(value).into_any(),
                Err(problem) => view! { <ProblemBox problem=problem/> }.into_any(),
            })}
        </Transition>
    }
}

/// "正在加载…"
#[component]
pub fn Loading() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! { <p class="loading" role="status">{move || tr(lang.get(), Key::Loading)}</p> }
}
