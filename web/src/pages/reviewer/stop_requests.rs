//! 待原单位减员申请, the agency's side (issue 14 part 2): the live requests, and, once
//! `shebao_core::stop_request::reviewer_may_stop` allows it (the old employer's 15 days
//! are over, or the person confirmed leaving), 办理减员 with the stop month and reason
//! of the ordinary 减员 (`plan_reviewer_stop` judges them as they are chosen; the server
//! judges them again with the old relationship's start months).

use crate::api::{self, Role};
use crate::app::RequireRole;
use crate::components::form::{ErrorSummary, FormState, RadioField, SelectField, SubmitButton};
use crate::components::loaded;
use crate::i18n::{datetime, tr, trf, Key};
use crate::pages::stop_reason_label as reason_label;
use crate::prefs::Prefs;
use crate::session::Clock;
use leptos::prelude::*;
use shebao_core::api::ActiveEmployment;
use shebao_core::ids::CitizenId;
use shebao_core::insurance::Insurance;
use shebao_core::stop::{allowed_stop_months, StopKind, StopReason};
use shebao_core::stop_request::{
    plan_reviewer_stop, reviewer_may_stop, ReviewerStopForm, StopRequest,
};
use shebao_core::views::ReviewedStop;

#[component]
pub fn ReviewerStopsPage() -> impl IntoView {
    view! { <RequireRole role=Role::Reviewer><ReviewerStops/></RequireRole> }
}

#[component]
fn ReviewerStops() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let reload = RwSignal::new(0u32);
    // The request stopped last: it leaves the list of live ones, so the page says so.
    let done = RwSignal::new(None::<ReviewedStop>);
    // One form at a time (its fields' ids are the page's): the request chosen.
    let chosen = RwSignal::new(None::<i64>);
    let list = LocalResource::new(move || {
        reload.track();
        async move { api::get::<Vec<ReviewedStop>>("/reviewer/stop-requests").await }
    });
    let body = move |requests: Vec<ReviewedStop>| {
        let lang = lang.get();
        if requests.is_empty() {
            return view! { <p id="no-results">{tr(lang, Key::ReviewerStopsEmpty)}</p> }.into_any();
        }
        view! {
            <ul class="cards" id="reviewer-stops">
                {requests.into_iter().map(|r| {
                    let judged = StopRequest { state: r.state, requested_at_ms: r.requested_at_ms };
                    // Untracked: the clock's tick must not build the list (and its form) anew.
                    let may = reviewer_may_stop(&judged, untrack(|| clock.now_ms())).is_ok();
                    let stopped = r.stop_month.clone().map(|month| trf(lang, Key::StopDone, &[
                        ("month", &month),
                        ("reason", &reason_label(r.stop_reason.as_deref().unwrap_or_default(), lang)),
                    ]));
                    view! {
                        <li class="card" id=format!("reviewer-stop-{}", r.id) data-state=r.state.code()>
                            <h2>{r.name.clone()}</h2>
                            <dl class="facts">
                                <dt>{tr(lang, Key::CitizenIdLabel)}</dt><dd>{r.citizen_id.clone()}</dd>
                                <dt>{tr(lang, Key::OldEmployer)}</dt><dd>{r.old_employer_name.clone()}</dd>
                                <dt>{tr(lang, Key::NewEmployer)}</dt><dd>{r.new_employer_name.clone()}</dd>
                                <dt>{tr(lang, Key::RequestState)}</dt><dd class="request-state">{r.state.label(lang)}</dd>
                                <dt>{tr(lang, Key::RequestedAt)}</dt><dd>{datetime(r.requested_at_ms)}</dd>
                                <dt>{tr(lang, Key::MayStopFrom)}</dt><dd>{r.may_stop_from.clone()}</dd>
                                {r.last_working_day.clone().map(|d| view! {
                                    <dt>{tr(lang, Key::LastWorkingDay)}</dt><dd>{d}</dd>
                                })}
                            </dl>
                            {stopped.map(|s| view! { <p class="notice notice-info">{s}</p> })}
                            {match (r.state.is_pending(), may) {
                                (true, true) => {
                                    let id = r.id;
                                    Some(view! {
                                        {move || if chosen.get() == Some(id) {
                                            view! { <StopForm request=judged id=id reload=reload done=done/> }.into_any()
                                        } else {
                                            view! {
                                                <p><button type="button" class="button" id=format!("choose-stop-{id}")
                                                    on:click=move |_| {
                                                        chosen.set(Some(id));
                                                        crate::components::form::focus("f-stop_month");
                                                    }>{tr(lang, Key::DoStop)}</button></p>
                                            }.into_any()
                                        }}
                                    }.into_any())
                                }
                                (true, false) => Some(view! {
                                    <p class="hint">{tr(lang, Key::NotYet)}</p>
                                }.into_any()),
                                _ => None,
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="page-wide">
            <p class="breadcrumb"><a href="/reviewer">{move || tr(lang.get(), Key::QueueTitle)}</a></p>
            <h1>{move || tr(lang.get(), Key::ReviewerStopsTitle)}</h1>
            <p>{move || tr(lang.get(), Key::ReviewerStopsIntro)}</p>
            {move || done.get().map(|r| {
                let lang = lang.get();
                let note = trf(lang, Key::StopDone, &[
                    ("month", &r.stop_month.as_deref().unwrap_or_default()),
                    ("reason", &reason_label(r.stop_reason.as_deref().unwrap_or_default(), lang)),
                ]);
                view! {
                    <p class="notice notice-success" id="reviewer-stop-done" role="status">
                        {r.name.clone()}"："{note}
                    </p>
                }
            })}
            {loaded(list, body)}
        </div>
    }
}

/// 办理减员 for one request: the stop month and reason, as the ordinary 减员 has them
/// (only the suspending reasons: the person is taking a new job).
#[component]
fn StopForm(
    request: StopRequest,
    id: i64,
    reload: RwSignal<u32>,
    done: RwSignal<Option<ReviewedStop>>,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let stop_month = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let form = move || ReviewerStopForm {
        stop_month: stop_month.get(),
        reason: reason.get(),
        checked_month: Some(clock.handling_month().to_string()),
    };
    // Any valid number stands in for the person's (masked here): the plan judges the
    // month and the reason, not the number.
    let stand_in = CitizenId::parse("11010519491231002X", shebao_core::time::cst_date(0)).ok();
    let verdict = Memo::new(move |_| {
        let stand_in = stand_in.clone()?;
        Some(plan_reviewer_stop(
            &request,
            &stand_in,
            Some(&ActiveEmployment::default()),
            &form(),
            clock.now_ms(),
        ))
    });
    let summary: &'static str = Box::leak(format!("stop-errors-{id}").into_boxed_str());
    let state = FormState::judged(verdict).with_summary_id(summary);
    let send = crate::components::submit::Submit::new(state.busy).action(
        move |(body, key): &(ReviewerStopForm, String)| {
            let (body, key) = (body.clone(), key.clone());
            async move {
                crate::components::submit::post::<_, ReviewedStop>(
                    clock,
                    &format!("/reviewer/stop-requests/{id}/stop"),
                    &body,
                    &key,
                )
                .await
            }
        },
        move |answer: Result<ReviewedStop, _>| match answer {
            Ok(stopped) => {
                done.set(Some(stopped));
                reload.update(|n| *n += 1);
            }
            Err(problem) => state.refused(problem),
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.attempt() {
            send.dispatch_local((form(), state.key.get_untracked()));
        }
    };
    let month_options = Signal::derive(move || {
        let handling = clock.handling_month();
        let lang = lang.get();
        allowed_stop_months(Insurance::Pension, handling)
            .into_iter()
            .map(|m| {
                let note = trf(lang, Key::ContributionsEnd, &[("month", &m.prev())]);
                (m.to_string(), format!("{m}（{note}）"))
            })
            .collect()
    });
    let reason_options = Signal::derive(move || {
        let lang = lang.get();
        StopReason::ALL
            .into_iter()
            .filter(|r| r.kind() == StopKind::Suspend)
            .map(|r| (r.code().to_string(), r.label(lang).to_string()))
            .collect()
    });
    view! {
        <ErrorSummary state=state/>
        <form novalidate on:submit=submit id=format!("stop-form-{id}")>
            <RadioField state=state field="stop_month" value=stop_month options=month_options
                hint=Key::StopMonthRule required=true/>
            <SelectField state=state field="reason" value=reason options=reason_options required=true/>
            <SubmitButton state=state id="reviewer-stop" label=Key::DoStop/>
        </form>
    }
}
