//! The step wizard's progress line (用户须知 → 业务申报 → 材料申报 → 收件回执单) and a
//! page's 下一步 / 上一步 buttons.

use crate::i18n::{tr, trf, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;

/// The steps, the current one (0-based) marked `aria-current="step"`.
#[component]
pub fn Steps(steps: Vec<Key>, current: Signal<usize>) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let total = steps.len();
    view! {
        <nav class="steps" aria-label=move || tr(lang.get(), Key::StepsLabel)>
            <p class="steps-count">
                {move || {
                    let n = current.get() + 1;
                    trf(lang.get(), Key::StepCount, &[("n", &n), ("total", &total)])
                }}
            </p>
            <ol>
                {steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, key)| {
                        view! {
                            <li class=move || {
                                    let c = current.get();
                                    if i < c { "step done" } else if i == c { "step current" } else { "step" }
                                }
                                aria-current=move || (current.get() == i).then_some("step")>
                                <span class="step-no">{i + 1}</span>
                                <span class="step-name">{move || tr(lang.get(), key)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// A wizard page's buttons: 下一步, which submits the page's form (`next_id`, for the
/// tests and the error summary's return), and 上一步, which goes back without judging.
#[component]
pub fn NextBack(next_id: &'static str, on_back: impl Fn() + 'static) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <p class="actions">
            <button type="submit" class="button" id=next_id>{move || tr(lang.get(), Key::Next)}</button>
            <button type="button" class="button button-secondary" on:click=move |_| on_back()>
                {move || tr(lang.get(), Key::Back)}</button>
        </p>
    }
}
