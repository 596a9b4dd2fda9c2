//! 我的开办申请: the founder's 开办企业 filings, newest first, and one filing: its state,
//! the reviewer's reason if rejected, the unit's and the employees' rows, and once
//! approved the unit number and the contact person's agent account, for which the
//! founder can ask a one-time password, shown once, to hand over.

use crate::api::{self, ApplicationDetail, ApplicationSummary, Page, Problem, Role};
use crate::app::RequireRole;
use crate::components::form::focus;
use crate::components::plan::ApplicationView;
use crate::components::submit::Submit;
use crate::components::table::PagedTable;
use crate::components::withdraw::WithdrawButton;
use crate::components::{loaded, ProblemBox};
use crate::i18n::{datetime, tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shebao_core::application::State;
use shebao_core::views::{AgentPassword, OpeningIssued};

const PER_PAGE: u32 = 10;
const PATH: &str = "/resident/openings";

#[component]
pub fn OpeningsPage() -> impl IntoView {
    view! { <RequireRole role=Role::Resident><Openings/></RequireRole> }
}

#[component]
pub fn OpeningFilingPage() -> impl IntoView {
    view! { <RequireRole role=Role::Resident><Filing/></RequireRole> }
}

#[component]
fn Openings() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let page = RwSignal::new(1u32);
    let list = LocalResource::new(move || {
        let q = format!("?page={}&per_page={PER_PAGE}", page.get());
        async move { api::get::<Page<ApplicationSummary>>(&format!("{PATH}{q}")).await }
    });
    let rows = move |list: Page<ApplicationSummary>| {
        let lang = lang.get();
        let table = PagedTable {
            caption: Key::MyOpeningsTitle,
            headers: vec![
                Key::ApplicationNumber,
                Key::UnitName,
                Key::ApplicationState,
                Key::SubmittedAt,
            ],
            empty: Key::NoOpeningsYet,
            page,
            per_page: PER_PAGE,
        };
        table.show(lang, list, |a| view! {
            <tr>
                <td><a href=format!("{PATH}/{}", a.number) class="app-link">{a.number.clone()}</a></td>
                <td>{a.person_name.clone()}</td>
                <td><span class=format!("tag tag-{}", a.state.code())>{a.state.label(lang)}</span></td>
                <td>{datetime(a.submitted_at_ms)}</td>
            </tr>
        })
    };
    view! {
        <p class="breadcrumb"><a href="/resident">{move || tr(lang.get(), Key::ResidentTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::MyOpeningsTitle)}</h1>
        <p><a class="button" href="/resident/opening" id="new-opening">{move || tr(lang.get(), Key::NewOpening)}</a></p>
        <div aria-live="polite">{loaded(list, rows)}</div>
    }
}

#[component]
fn Filing() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let detail = LocalResource::new(move || {
        let n = number();
        async move { api::get::<ApplicationDetail>(&format!("{PATH}/{}", api::q(&n))).await }
    });
    let body = move |d: ApplicationDetail| {
        let issued = d.opening.clone();
        let n = d.summary.number.clone();
        let submitted = d.summary.state == State::Submitted;
        let withdraw_number = n.clone();
        view! {
            {submitted.then(|| view! { <WithdrawFiling number=withdraw_number on_done=move || detail.refetch()/> })}
            {issued.map(|i| view! { <IssuedPanel number=n issued=i/> })}
            <ApplicationView detail=d/>
        }
    };
    view! {
        <p class="breadcrumb">
            <a href="/resident">{move || tr(lang.get(), Key::ResidentTitle)}</a>" › "
            <a href=PATH>{move || tr(lang.get(), Key::MyOpeningsTitle)}</a>
        </p>
        <h1>{move || tr(lang.get(), Key::ApplicationTitle)}</h1>
        {loaded(detail, body)}
    }
}

/// What the approval issued: the unit number and the agent's user name; until the
/// contact person has set their own password, a button that makes a one-time one.
#[component]
pub(crate) fn IssuedPanel(number: String, issued: OpeningIssued) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let busy = RwSignal::new(false);
    let shown = RwSignal::new(None::<AgentPassword>);
    let problem = RwSignal::new(None::<Problem>);
    let ask = Submit::new(busy).action(
        move |n: &String| {
            let path = format!("{PATH}/{}/agent-password", api::q(n));
            async move { api::post::<_, AgentPassword>(&path, &serde_json::json!({}), None).await }
        },
        move |answer| match answer {
            Ok(p) => {
                problem.set(None);
                shown.set(Some(p));
                focus("agent-password");
            }
            Err(p) => problem.set(Some(p)),
        },
    );
    let OpeningIssued {
        unit_number,
        agent_username,
        agent_password_set,
    } = issued;
    view! {
        <section class="panel" id="opening-issued" aria-labelledby="issued-heading">
            <h2 id="issued-heading">{move || tr(lang.get(), Key::OpeningIssuedTitle)}</h2>
            <dl class="facts">
                <dt>{move || tr(lang.get(), Key::UnitNumber)}</dt><dd id="unit-number">{unit_number}</dd>
                <dt>{move || tr(lang.get(), Key::AgentUsername)}</dt><dd id="agent-username">{agent_username}</dd>
            </dl>
            {if agent_password_set {
                view! { <p id="agent-password-set">{move || tr(lang.get(), Key::AgentPasswordSet)}</p> }.into_any()
            } else {
                view! {
                    <p>{move || tr(lang.get(), Key::AgentPasswordIntro)}</p>
                    {move || problem.get().map(|p| view! { <ProblemBox problem=p/> })}
                    {move || shown.get().map(|p| view! {
                        <div class="notice notice-warn" id="agent-password" tabindex="-1" role="status">
                            <p>{tr(lang.get(), Key::AgentPasswordShown)}</p>
                            <p><code class="one-time-password" id="one-time-password">{p.one_time_password}</code></p>
                            <p>{tr(lang.get(), Key::AgentPasswordAdvice)}</p>
                        </div>
                    })}
                    <button type="button" class="button button-secondary" id="make-agent-password"
                        disabled=move || busy.get() on:click=move |_| { ask.dispatch_local(number.clone()); }>
                        {move || tr(lang.get(), if busy.get() { Key::Working } else { Key::AgentPasswordButton })}
                    </button>
                }.into_any()
            }}
        </section>
    }
}

/// 撤回 while the filing is still submitted (the 10 minutes before the automatic review),
/// confirmed in the page as the employer's 撤回 is; the resident's own withdraw, which
/// takes any of the resident's applications that no employer made.
#[component]
fn WithdrawFiling(number: String, on_done: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let send =
        Submit::new(busy).action(
            |n: &String| {
                let path = format!("/resident/applications/{}/withdraw", api::q(n));
                async move {
                    api::post::<_, ApplicationSummary>(&path, &serde_json::json!({}), None).await
                }
            },
            move |answer| match answer {
                Ok(_) => on_done(),
                Err(p) => {
                    problem.set(Some(p));
                    confirming.set(false);
                }
            },
        );
    view! {
        {move || problem.get().map(|p| view! { <ProblemBox problem=p/> })}
        <WithdrawButton confirming=confirming busy=busy
            on_confirm=Callback::new(move |()| { send.dispatch_local(number.clone()); })/>
    }
}
