//! 保存成功: the receipt of an employer's submission (增员, 减员), with the way on:
//! the application, another of the same, or the menu.

use crate::i18n::{tr, Key};
use leptos::prelude::*;
use shebao_core::api::SubmissionReceipt;
use shebao_core::Lang;

/// The receipt panel (`#receipt`, focused once shown), in `lang`. `another` names the
/// button that starts over (`another_id` its id, where the journeys need one), and
/// `on_another` does it.
pub fn receipt_panel(
    lang: Lang,
    r: SubmissionReceipt,
    another: Key,
    another_id: Option<&'static str>,
    on_another: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <div class="panel receipt" id="receipt" tabindex="-1" role="status">
            <h2>{tr(lang, Key::SavedOk)}</h2>
            <p>{tr(lang, Key::ApplicationNumber)}"："<strong id="receipt-number">{r.application_number.clone()}</strong></p>
            <p>{tr(lang, Key::ApplicationState)}"："<span id="receipt-state">{r.state.label(lang)}</span></p>
            <p>{tr(lang, if r.flags.is_empty() { Key::AutoReviewNote } else { Key::ManualReviewNote })}</p>
            <p class="actions">
                <a class="button" href=format!("/employer/applications/{}", r.application_number)>{tr(lang, Key::ViewProgress)}</a>
                <button type="button" class="button button-secondary" id=another_id on:click=on_another>{tr(lang, another)}</button>
                <a href="/employer">{tr(lang, Key::BackToMenu)}</a>
            </p>
        </div>
    }
}
