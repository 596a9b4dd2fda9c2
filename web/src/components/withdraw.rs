//! 撤回: the button that withdraws a submitted application, asking first (an
//! `alertdialog` with 确定 and 取消, the focus moved into it and back), used by the
//! employer's 进度查询 and the founder's 开办申请.

use crate::components::form::focus;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;

/// `confirming` says whether the question is open; `on_confirm` sends the withdrawal
/// (the page's `Submit` action, which holds `busy` up while it is in flight).
#[component]
pub fn WithdrawButton(
    confirming: RwSignal<bool>,
    busy: RwSignal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <div class="withdraw">
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="button button-warning" id="withdraw"
                    on:click=move |_| { confirming.set(true); focus("withdraw-confirm"); }>
                    {move || tr(lang.get(), Key::Withdraw)}
                </button>
            }>
                <div class="notice notice-warn confirm" id="withdraw-confirm" role="alertdialog"
                    tabindex="-1" aria-labelledby="withdraw-question">
                    <p id="withdraw-question"><strong>{move || tr(lang.get(), Key::WithdrawQuestion)}</strong></p>
                    <p>{move || tr(lang.get(), Key::WithdrawExplain)}</p>
                    <p class="actions">
                        <button type="button" class="button button-warning" id="withdraw-yes"
                            disabled=move || busy.get() on:click=move |_| on_confirm.run(())>
                            {move || tr(lang.get(), Key::Confirm)}
                        </button>
                        <button type="button" class="button button-secondary" id="withdraw-no"
                            on:click=move |_| { confirming.set(false); focus("withdraw"); }>
                            {move || tr(lang.get(), Key::Cancel)}
                        </button>
                    </p>
                </div>
            </Show>
        </div>
    }
}
