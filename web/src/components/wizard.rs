//! The step wizard's progress line (用户须知 → 业务申报 → 材料申报 → 收件回执单).

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
