//! 待原单位减员 (issue 14 part 2), the employer's two sides:
//!
//! - [`StopRequestsPage`], the new employer: its own requests (person masked, the state),
//!   撤回 while one is pending, 重新申报 once stopped (增员 pre-filled from
//!   `…/{id}/enrolment`). The old employer is never named.
//! - [`IncomingPage`], the old employer's 待办 (职工已在新单位申报参保，请办理减员): its
//!   employees asked for, each linking to the ordinary 减员; the stops the agency made
//!   with their reason and month.
//!
//! Each request is a card of labelled lines, so a 360 px phone and 长辈版 read it whole.

use crate::api::{self, Problem, Role};
use crate::app::RequireRole;
use crate::components::{loaded, ProblemBox};
use crate::i18n::{datetime, tr, trf, Key};
use crate::pages::stop_reason_label as reason_label;
use crate::prefs::Prefs;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shebao_core::stop_request::RequestState;
use shebao_core::views::{IncomingStop, RequestedStop};

#[component]
pub fn StopRequestsPage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Requested/></RequireRole> }
}

#[component]
pub fn IncomingPage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Incoming/></RequireRole> }
}

#[component]
fn Requested() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        async move { api::get::<Vec<RequestedStop>>("/employer/stop-requests").await }
    });
    let problem = RwSignal::new(None::<Problem>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(None::<i64>);
    let withdraw = move |id: i64| {
        busy.set(Some(id));
        spawn_local(async move {
            let answer = api::post::<_, RequestedStop>(
                &format!("/employer/stop-requests/{id}/withdraw"),
                &serde_json::json!({}),
                None,
            )
            .await;
            busy.set(None);
            match answer {
                Ok(_) => {
                    problem.set(None);
                    done.set(true);
                    reload.update(|n| *n += 1);
                    crate::components::form::focus("stop-requests-status");
                }
                Err(p) => problem.set(Some(p)),
            }
        });
    };
    let body = move |requests: Vec<RequestedStop>| {
        let lang = lang.get();
        if requests.is_empty() {
            return view! { <p id="no-results">{tr(lang, Key::MyStopRequestsEmpty)}</p> }
                .into_any();
        }
        view! {
            <ul class="cards" id="stop-requests">
                {requests.into_iter().map(|r| {
                    let id = r.id;
                    view! {
                        <li class="card" id=format!("stop-request-{id}") data-state=r.state.code()>
                            <h2>{r.name.clone()}</h2>
                            <dl class="facts">
                                <dt>{tr(lang, Key::CitizenIdLabel)}</dt><dd>{r.citizen_id.clone()}</dd>
                                <dt>{tr(lang, Key::RequestState)}</dt><dd class="request-state">{r.state.label(lang)}</dd>
                                <dt>{tr(lang, Key::RequestedAt)}</dt><dd>{datetime(r.requested_at_ms)}</dd>
                            </dl>
                            {(r.state == RequestState::Stopped).then(|| view! {
                                <p><a class="button" href=format!("/employer/enrol?request={id}") id=format!("enrol-again-{id}")>
                                    {tr(lang, Key::EnrolAgain)}</a></p>
                            })}
                            {r.state.is_pending().then(|| view! {
                                <p><button type="button" class="button button-secondary" id=format!("withdraw-{id}")
                                    disabled=move || busy.get().is_some()
                                    on:click=move |_| withdraw(id)>{tr(lang, Key::Withdraw)}</button></p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p class="breadcrumb"><a href="/employer">{move || tr(lang.get(), Key::MenuTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::MyStopRequestsTitle)}</h1>
        <p>{move || tr(lang.get(), Key::AskStopNext)}</p>
        <div id="stop-requests-status" tabindex="-1" role="status">
            {move || done.get().then(|| view! {
                <p class="notice notice-ok">{tr(lang.get(), Key::StopRequestWithdrawn)}</p>
            })}
        </div>
        {move || problem.get().map(|p| view! { <ProblemBox problem=p/> })}
        {loaded(list, body)}
    }
}

#[component]
fn Incoming() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let list = LocalResource::new(move || async move {
        api::get::<Vec<IncomingStop>>("/employer/stop-requests/incoming").await
    });
    let body = move |requests: Vec<IncomingStop>| {
        let lang = lang.get();
        if requests.is_empty() {
            return view! { <p id="no-results">{tr(lang, Key::IncomingEmpty)}</p> }.into_any();
        }
        view! {
            <ul class="cards" id="incoming-stops">
                {requests.into_iter().map(|r| {
                    let stopped = match (r.state, r.stopped_by.as_deref()) {
                        (RequestState::Stopped, Some("agency")) => Some(trf(lang, Key::StopDone, &[
                            ("month", &r.stop_month.clone().unwrap_or_default()),
                            ("reason", &reason_label(r.stop_reason.as_deref().unwrap_or_default(), lang)),
                        ])),
                        _ => None,
                    };
                    let by = match r.stopped_by.as_deref() {
                        Some("agency") => Some(tr(lang, Key::StoppedByAgency)),
                        Some(_) => Some(tr(lang, Key::StoppedByEmployer)),
                        None => None,
                    };
                    let stop_href = format!(
                        "/employer/stop?name={}&masked={}",
                        api::q(&r.name),
                        api::q(&r.citizen_id)
                    );
                    view! {
                        <li class="card" id=format!("incoming-{}", r.id) data-state=r.state.code()>
                            <h2>{r.name.clone()}</h2>
                            <dl class="facts">
                                <dt>{tr(lang, Key::CitizenIdLabel)}</dt><dd>{r.citizen_id.clone()}</dd>
                                <dt>{tr(lang, Key::RequestState)}</dt><dd>{by.unwrap_or(r.state.label(lang))}</dd>
                                <dt>{tr(lang, Key::RequestedAt)}</dt><dd>{datetime(r.requested_at_ms)}</dd>
                                <dt>{tr(lang, Key::AgencyMayStopFrom)}</dt><dd>{r.agency_may_stop_from.clone()}</dd>
                            </dl>
                            {stopped.map(|s| view! { <p class="notice notice-info">{s}</p> })}
                            {r.state.is_pending().then(|| view! {
                                <p><a class="button" href=stop_href id=format!("do-stop-{}", r.id)>{tr(lang, Key::DoStop)}</a></p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p class="breadcrumb"><a href="/employer">{move || tr(lang.get(), Key::MenuTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::IncomingTitle)}</h1>
        <p>{move || tr(lang.get(), Key::IncomingIntro)}</p>
        {loaded(list, body)}
    }
}
