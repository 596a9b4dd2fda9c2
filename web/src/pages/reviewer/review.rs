//! One application for the reviewer: its facts and flags, the plan core made, the name
//! on record beside the name typed, and the decision: 审核通过, or 审核不通过 with a
//! reason (required, judged by core's transition rule as it is typed).

use crate::api::{self, ApplicationDetail, ApplicationSummary, Role};
use crate::app::RequireRole;
use crate::components::form::{focus, ErrorSummary, FormState};
use crate::components::loaded;
use crate::components::plan::ApplicationView;
use crate::components::submit::Submit;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shebao_core::application::{transition, Action, State};

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! { <RequireRole role=Role::Reviewer><Review/></RequireRole> }
}

#[component]
fn Review() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let detail = LocalResource::new(move || {
        let n = number();
        async move {
            api::get::<ApplicationDetail>(&format!("/reviewer/applications/{}", api::q(&n))).await
        }
    });
    let decided = RwSignal::new(None::<ApplicationSummary>);
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());

    let local = Signal::derive(move || {
        if !rejecting.get() {
            return Vec::new();
        }
        transition(
            State::Submitted,
            &Action::Reject {
                reason: reason.get(),
            },
        )
        .err()
        .into_iter()
        .collect()
    });
    let state = FormState::new(local);

    let send = Submit::new(state.busy).action(
        |(n, action): &(String, Action)| {
            let path = format!("/reviewer/applications/{}/decision", api::q(n));
            let action = action.clone();
            async move { api::post::<_, ApplicationSummary>(&path, &action, None).await }
        },
        move |answer| match answer {
            Ok(s) => {
                decided.set(Some(s));
                rejecting.set(false);
                detail.refetch();
                focus("decision-done");
            }
            Err(p) => state.refused(p),
        },
    );
    let decide = move |action: Action| {
        send.dispatch_local((number(), action));
    };

    let reject_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.attempt() {
            decide(Action::Reject {
                reason: reason.get_untracked(),
            });
        }
    };

    let decision = move || {
        let d = detail.get()?.ok()?;
        (d.summary.state == State::Submitted).then(|| view! {
            <section class="panel decision" aria-labelledby="decision-title">
                <h2 id="decision-title">{move || tr(lang.get(), Key::Decision)}</h2>
                <ErrorSummary state=state/>
                <Show when=move || rejecting.get() fallback=move || view! {
                    <p class="actions">
                        <button type="button" class="button" id="approve" disabled=move || state.busy.get()
                            on:click=move |_| decide(Action::Approve)>{move || tr(lang.get(), Key::Approve)}</button>
                        <button type="button" class="button button-warning" id="reject"
                            on:click=move |_| { rejecting.set(true); focus("f-reason"); }>{move || tr(lang.get(), Key::Reject)}</button>
                    </p>
                }>
                    <form novalidate on:submit=reject_submit>
                        <div class="field" class=("field-invalid", move || !state.field_violations("reason").is_empty())>
                            <label for="f-reason">{move || tr(lang.get(), Key::RejectReason)}<span class="req" aria-hidden="true">" *"</span></label>
                            <p class="hint" id="f-reason-hint">{move || tr(lang.get(), Key::RejectReasonHint)}</p>
                            <p class="field-error" id="f-reason-error">
                                {move || state.field_violations("reason").into_iter().map(|v| v.message(lang.get())).collect::<Vec<_>>().join(" ")}
                            </p>
                            <textarea id="f-reason" rows="4" maxlength="200" aria-required="true"
                                aria-describedby="f-reason-hint f-reason-error"
                                aria-invalid=move || (!state.field_violations("reason").is_empty()).to_string()
                                prop:value=reason
                                on:input=move |ev| { reason.set(event_target_value(&ev)); state.edited(); }
                                on:change=move |_| state.touch("reason")></textarea>
                        </div>
                        <p class="actions">
                            <button type="submit" class="button button-warning" id="reject-confirm" disabled=move || state.busy.get()>
                                {move || tr(lang.get(), Key::RejectConfirm)}</button>
                            <button type="button" class="button button-secondary" on:click=move |_| { rejecting.set(false); state.reset(); }>
                                {move || tr(lang.get(), Key::Cancel)}</button>
                        </p>
                    </form>
                </Show>
            </section>
        })
    };

    view! {
        <p class="breadcrumb"><a href="/reviewer">{move || tr(lang.get(), Key::QueueTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::ReviewTitle)}</h1>
        {move || decided.get().map(|s| view! {
            <div class="notice notice-ok" role="status" id="decision-done" tabindex="-1">
                <p>{move || tr(lang.get(), Key::Decided)}" "<strong>{s.state.label(lang.get())}</strong></p>
                <p><a href="/reviewer">{move || tr(lang.get(), Key::BackToQueue)}</a></p>
            </div>
        })}
        {decision}
        {loaded(detail, |d| view! { <ApplicationView detail=d/> })}
    }
}
