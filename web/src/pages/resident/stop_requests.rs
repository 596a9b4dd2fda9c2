//! 原单位减员申请, the person's side of 待原单位减员 (issue 14 part 2): the requests about
//! them, with both employers' names, and 确认已离职 with the last working day, judged as
//! it is typed by `shebao_core::stop_request::confirm_leaving` (the old relationship's
//! start months are only known to the server, which judges them again).

use crate::api::{self, Role};
use crate::app::RequireRole;
use crate::components::form::{ErrorSummary, FormState, SubmitButton, TextField};
use crate::components::loaded;
use crate::i18n::{datetime, tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::Clock;
use leptos::prelude::*;
use shebao_core::api::ActiveEmployment;
use shebao_core::stop_request::{confirm_leaving, LeavingForm, RequestState};
use shebao_core::views::PersonStop;

#[component]
pub fn PersonStopsPage() -> impl IntoView {
    view! { <RequireRole role=Role::Resident><PersonStops/></RequireRole> }
}

#[component]
fn PersonStops() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let reload = RwSignal::new(0u32);
    // One form at a time (its field's id is the page's): the request chosen.
    let chosen = RwSignal::new(None::<i64>);
    let list = LocalResource::new(move || {
        reload.track();
        async move { api::get::<Vec<PersonStop>>("/resident/stop-requests").await }
    });
    let body = move |requests: Vec<PersonStop>| {
        let lang = lang.get();
        if requests.is_empty() {
            return view! { <p id="no-results">{tr(lang, Key::PersonStopsEmpty)}</p> }.into_any();
        }
        view! {
            <ul class="cards" id="person-stops">
                {requests.into_iter().map(|r| {
                    let id = r.id;
                    let open = r.state == RequestState::Open;
                    view! {
                        <li class="card" id=format!("person-stop-{id}") data-state=r.state.code()>
                            <h2>{r.old_employer_name.clone()}</h2>
                            <dl class="facts">
                                <dt>{tr(lang, Key::OldEmployer)}</dt><dd>{r.old_employer_name.clone()}</dd>
                                <dt>{tr(lang, Key::NewEmployer)}</dt><dd>{r.new_employer_name.clone()}</dd>
                                <dt>{tr(lang, Key::RequestState)}</dt><dd class="request-state">{r.state.label(lang)}</dd>
                                <dt>{tr(lang, Key::RequestedAt)}</dt><dd>{datetime(r.requested_at_ms)}</dd>
                            </dl>
                            {r.last_working_day.clone().map(|day| view! {
                                <p class="notice notice-ok">{trf(lang, Key::LeavingConfirmed, &[("day", &day)])}</p>
                            })}
                            {open.then(|| view! {
                                {move || if chosen.get() == Some(id) {
                                    view! { <ConfirmForm id=id reload=reload/> }.into_any()
                                } else {
                                    view! {
                                        <p><button type="button" class="button" id=format!("choose-confirm-{id}")
                                            on:click=move |_| {
                                                chosen.set(Some(id));
                                                crate::components::form::focus("f-last_working_day");
                                            }>{tr(lang, Key::ConfirmLeaving)}</button></p>
                                    }.into_any()
                                }}
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p class="breadcrumb"><a href="/resident">{move || tr(lang.get(), Key::ResidentTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::PersonStopsTitle)}</h1>
        <p>{move || tr(lang.get(), Key::PersonStopsIntro)}</p>
        {loaded(list, body)}
    }
}

/// 确认已离职 for one open request.
#[component]
fn ConfirmForm(id: i64, reload: RwSignal<u32>) -> impl IntoView {
    let clock = expect_context::<Clock>();
    let day = RwSignal::new(String::new());
    let form = move || LeavingForm {
        last_working_day: day.get(),
    };
    let verdict = Memo::new(move |_| {
        Some(confirm_leaving(
            RequestState::Open,
            &ActiveEmployment::default(),
            &form(),
            clock.now_ms(),
        ))
    });
    let state = FormState::judged(verdict).with_summary_id(summary_id(id));
    let send = crate::components::submit::Submit::new(state.busy).action(
        move |body: &LeavingForm| {
            let body = body.clone();
            async move {
                api::post::<_, PersonStop>(
                    &format!("/resident/stop-requests/{id}/confirm"),
                    &body,
                    None,
                )
                .await
            }
        },
        move |answer: Result<PersonStop, _>| match answer {
            Ok(_) => reload.update(|n| *n += 1),
            Err(problem) => state.refused(problem),
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.attempt() {
            send.dispatch_local(form());
        }
    };
    view! {
        <ErrorSummary state=state/>
        <form novalidate on:submit=submit id=format!("confirm-form-{id}")>
            <TextField state=state field="last_working_day" value=day input_type="date"
                hint=Key::LastDayHint required=true/>
            <SubmitButton state=state id="confirm-leaving" label=Key::ConfirmLeaving/>
        </form>
    }
}

/// The error summary's id: one per request's form (leaked once per form: a few).
fn summary_id(id: i64) -> &'static str {
    Box::leak(format!("confirm-errors-{id}").into_boxed_str())
}
