//! 社会保险职工暂停参保 (减员): search among the employer's insured employees, then the
//! stop month (the handling month or the month before, for pension and unemployment;
//! work injury always the handling month) and the reason, judged by
//! `shebao_core::stop::plan` as they are chosen; 保存 saves the application.

use super::search::PersonSearch;
use crate::api::{PersonSearchAnswer, Role};
use crate::app::RequireRole;
use crate::components::form::{
    focus, ErrorSummary, FormState, HandlingMonth, RadioField, SelectField, SubmitButton,
};
use crate::components::receipt::receipt_panel;
use crate::components::submit::{self, Submit};
use crate::drafts;
use crate::i18n::{tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::{Clock, Session};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shebao_core::api::{ActiveEmployment, StopForm, SubmissionReceipt};
use shebao_core::insurance::Insurance;
use shebao_core::stop::{self, allowed_stop_months, StopKind, StopReason};
use shebao_core::time::YearMonth;
use shebao_core::{Code, Violation};

const DRAFT: &str = "stop";

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Draft {
    search: String,
    /// The number found to be an insured employee here.
    found: Option<String>,
    stop_month: String,
    reason: String,
}

#[component]
pub fn StopPage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Stop/></RequireRole> }
}

#[component]
fn Stop() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let user = expect_context::<Session>().username();
    let draft: Draft = drafts::load(&user, DRAFT).unwrap_or_default();

    let search = RwSignal::new(draft.search);
    let found = RwSignal::new(draft.found);
    let refusal = RwSignal::new(None::<Violation>);
    let stop_month = RwSignal::new(draft.stop_month);
    let reason = RwSignal::new(draft.reason);
    let receipt = RwSignal::new(None::<SubmissionReceipt>);
    // From the 待办 of 待原单位减员: who is to be stopped (the number masked: the agent
    // types it whole).
    let query = leptos_router::hooks::use_query_map();
    let asked_for = query.with_untracked(|q| Some((q.get("name")?, q.get("masked")?)));

    let form = move |checked: YearMonth| StopForm {
        citizen_id: found.get().unwrap_or_default(),
        stop_month: stop_month.get(),
        reason: reason.get(),
        checked_month: Some(checked.to_string()),
    };
    // The start months of the employment are only known to the server, which also
    // checks that no insurance ends before it started.
    let verdict = Memo::new(move |_| {
        found.with(Option::is_some).then(|| {
            stop::plan(
                Some(&ActiveEmployment::default()),
                &form(clock.handling_month()),
                clock.now_ms(),
            )
        })
    });
    let state = FormState::judged(verdict);

    drafts::keep(user.clone(), DRAFT, move || Draft {
        search: search.get(),
        found: found.get(),
        stop_month: stop_month.get(),
        reason: reason.get(),
    });

    let on_found = Callback::new(move |(id, answer): (String, PersonSearchAnswer)| {
        // The search answers ALREADY_HERE for an insured employee of this employer:
        // exactly who can be stopped.
        if answer
            .violations
            .iter()
            .any(|v| v.code == Code::AlreadyHere)
        {
            if found.get_untracked().as_deref() != Some(id.as_str()) {
                stop_month.set(String::new());
                reason.set(String::new());
                state.reset();
            }
            refusal.set(None);
            found.set(Some(id));
            focus("f-stop_month");
        } else {
            found.set(None);
            refusal.set(Some(Violation::new(Code::NotActiveHere, "citizen_id")));
            focus("search-refusal");
        }
    });

    let send = Submit::new(state.busy)
        .clearing_draft(user.clone(), DRAFT)
        .action(
            move |(body, key): &(StopForm, String)| {
                let (body, key) = (body.clone(), key.clone());
                async move { submit::post(clock, "/employer/stops", &body, &key).await }
            },
            move |answer: Result<SubmissionReceipt, _>| match answer {
                Ok(r) => {
                    receipt.set(Some(r));
                    focus("receipt");
                }
                Err(problem) => state.refused(problem),
            },
        );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.attempt() {
            send.dispatch_local((form(clock.handling_month()), state.key.get_untracked()));
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
            .map(|r| {
                let kind = match r.kind() {
                    StopKind::Suspend => tr(lang, Key::StopSuspend),
                    StopKind::Terminate => tr(lang, Key::StopTerminate),
                };
                (r.code().to_string(), format!("{}（{kind}）", r.label(lang)))
            })
            .collect()
    });

    let start_over = move |_| {
        receipt.set(None);
        found.set(None);
        search.set(String::new());
        stop_month.set(String::new());
        reason.set(String::new());
        state.reset();
        focus("f-citizen_id");
    };

    let form_view = move || {
        let id = found.get()?;
        Some(view! {
            <div class="notice notice-info" id="search-case">
                <p>{move || tr(lang.get(), Key::StopFound)}" "<strong>{id.clone()}</strong></p>
            </div>
            <ErrorSummary state=state/>
            <form novalidate on:submit=submit>
                <p class="hint">{move || tr(lang.get(), Key::RequiredNote)}</p>
                <RadioField state=state field="stop_month" value=stop_month options=month_options
                    hint=Key::StopMonthRule required=true/>
                <HandlingMonth id="work-injury-stop" note=Key::WorkInjuryStopFixed
                    label=Signal::derive(move || format!("{}{}", Insurance::WorkInjury.label(lang.get()), tr(lang.get(), Key::StopMonthSuffix)))/>
                <SelectField state=state field="reason" value=reason options=reason_options required=true/>
                <SubmitButton state=state id="stop-save" label=Key::Save/>
            </form>
        })
    };

    let receipt_view = move || {
        let lang = lang.get();
        let r = receipt.get()?;
        Some(receipt_panel(lang, r, Key::StopAnother, None, start_over))
    };

    view! {
        <p class="breadcrumb"><a href="/employer">{move || tr(lang.get(), Key::MenuTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::MenuStop)}</h1>
        <Show when=move || receipt.with(Option::is_none) fallback=receipt_view>
            <p>{move || tr(lang.get(), Key::StopIntro)}</p>
            {asked_for.clone().map(|(name, masked)| view! {
                <p class="notice notice-info" id="stop-for">
                    {move || trf(lang.get(), Key::StopFor, &[("name", &name), ("id", &masked)])}
                </p>
            })}
            <PersonSearch value=search on_found=on_found/>
            {move || refusal.get().map(|v| view! {
                <div class="notice notice-error" role="alert" id="search-refusal" tabindex="-1">
                    <p data-code=v.code.as_str()>{v.message(lang.get())}</p>
                </div>
            })}
            {form_view}
        </Show>
    }
}
