//! 单位业务申报进度查询: the employer's applications with filters (state, kind, month,
//! number) and paging; one application with its plan and history; 撤回 while it is
//! still submitted, confirmed in the page ("是否作废该办件", no pop-up), after which the
//! agent is taken back to the menu, as the notice describes.

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
use leptos_router::hooks::{use_navigate, use_params_map};
use shebao_core::application::{Kind, State};
use shebao_core::time::YearMonth;

const PER_PAGE: u32 = 10;

#[component]
pub fn ProgressPage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Progress/></RequireRole> }
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Application/></RequireRole> }
}

#[derive(Clone, Default, PartialEq)]
struct Filters {
    state: String,
    kind: String,
    month: String,
    number: String,
}

impl Filters {
    fn query(&self, page: u32) -> String {
        let mut q = format!("?page={page}&per_page={PER_PAGE}");
        for (name, value) in [
            ("state", &self.state),
            ("kind", &self.kind),
            ("month", &self.month),
            ("number", &self.number),
        ] {
            let value = value.trim();
            if !value.is_empty() {
                q.push_str(&format!("&{name}={}", api::q(value)));
            }
        }
        q
    }
}

#[component]
fn Progress() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let state_f = RwSignal::new(String::new());
    let kind_f = RwSignal::new(String::new());
    let month_f = RwSignal::new(String::new());
    let number_f = RwSignal::new(String::new());
    let applied = RwSignal::new(Filters::default());
    let page = RwSignal::new(1u32);
    let month_error = RwSignal::new(None::<shebao_core::Violation>);

    let result = LocalResource::new(move || {
        let q = applied.get().query(page.get());
        async move { api::get::<Page<ApplicationSummary>>(&format!("/employer/applications{q}")).await }
    });

    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let month = month_f.get_untracked();
        if !month.trim().is_empty() {
            if let Err(v) = YearMonth::parse(&month, "month") {
                month_error.set(Some(v));
                focus("f-month");
                return;
            }
        }
        month_error.set(None);
        page.set(1);
        applied.set(Filters {
            state: state_f.get_untracked(),
            kind: kind_f.get_untracked(),
            month,
            number: number_f.get_untracked(),
        });
    };

    let rows = move |list: Page<ApplicationSummary>| {
        let lang = lang.get();
        let table = PagedTable {
            caption: Key::MenuProgress,
            headers: vec![
                Key::ApplicationNumber,
                Key::ApplicationKind,
                Key::PersonName,
                Key::CitizenIdLabel,
                Key::HandlingMonth,
                Key::ApplicationState,
                Key::SubmittedAt,
            ],
            empty: Key::NoResults,
            page,
            per_page: PER_PAGE,
        };
        table.show(lang, list, |a| view! {
            <tr>
                <td><a href=format!("/employer/applications/{}", a.number) class="app-link">{a.number.clone()}</a></td>
                <td>{a.kind.label(lang)}</td>
                <td>{a.person_name.clone()}</td>
                <td>{a.citizen_id.clone()}</td>
                <td>{a.handling_month.clone()}</td>
                <td><span class=format!("tag tag-{}", a.state.code())>{a.state.label(lang)}</span></td>
                <td>{datetime(a.submitted_at_ms)}</td>
            </tr>
        })
    };

    let select = move |id: &'static str,
                       label: Key,
                       value: RwSignal<String>,
                       options: Vec<(&'static str, String)>| {
        view! {
            <div class="field field-inline">
                <label for=id>{move || tr(lang.get(), label)}</label>
                <select id=id prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">{move || tr(lang.get(), Key::All)}</option>
                    {options.into_iter().map(|(v, l)| view! { <option value=v selected=move || value.get() == v>{l}</option> }).collect_view()}
                </select>
            </div>
        }
    };

    // A list of seven columns: on a desktop it takes the screen's width (style.css).
    view! {
        <div class="page-wide">
            <p class="breadcrumb"><a href="/employer">{move || tr(lang.get(), Key::MenuTitle)}</a></p>
            <h1>{move || tr(lang.get(), Key::MenuProgress)}</h1>
            <form class="filters" novalidate on:submit=search role="search">
                {move || {
                    let lang = lang.get();
                    view! {
                        {select("f-state", Key::ApplicationState, state_f,
                            State::ALL.into_iter().map(|s| (s.code(), s.label(lang).to_string())).collect())}
                        {select("f-kind", Key::ApplicationKind, kind_f,
                            Kind::ALL.into_iter().map(|k| (k.code(), k.label(lang).to_string())).collect())}
                    }
                }}
                <div class="field field-inline" class=("field-invalid", move || month_error.with(Option::is_some))>
                    <label for="f-month">{move || tr(lang.get(), Key::HandlingMonth)}</label>
                    <p class="field-error" id="f-month-error">{move || month_error.get().map(|v| v.message(lang.get()))}</p>
                    <input id="f-month" type="month" placeholder="YYYY-MM"
                        aria-invalid=move || month_error.with(Option::is_some).to_string()
                        aria-describedby="f-month-error"
                        prop:value=month_f on:input=move |ev| month_f.set(event_target_value(&ev))/>
                </div>
                <div class="field field-inline">
                    <label for="f-number">{move || tr(lang.get(), Key::ApplicationNumber)}</label>
                    <input id="f-number" type="text" autocomplete="off" spellcheck="false"
                        prop:value=number_f on:input=move |ev| number_f.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button" id="filter-submit">{move || tr(lang.get(), Key::Search)}</button>
            </form>
            <div aria-live="polite">{loaded(result, rows)}</div>
        </div>
    }
}

#[component]
fn Application() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let params = use_params_map();
    let navigate = use_navigate();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let detail = LocalResource::new(move || {
        let n = number();
        async move {
            api::get::<ApplicationDetail>(&format!("/employer/applications/{}", api::q(&n))).await
        }
    });
    let confirming = RwSignal::new(false);
    let withdraw_problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);

    let send = Submit::new(busy).action(
        |n: &String| {
            let n = n.clone();
            async move {
                let path = format!("/employer/applications/{}/withdraw", api::q(&n));
                let answer =
                    api::post::<_, ApplicationSummary>(&path, &serde_json::json!({}), None).await;
                answer.map(|_| n)
            }
        },
        move |answer| match answer {
            Ok(n) => navigate(
                &format!("/employer?withdrawn={}", api::q(&n)),
                Default::default(),
            ),
            Err(p) => {
                withdraw_problem.set(Some(p));
                confirming.set(false);
            }
        },
    );
    let confirm = move || {
        send.dispatch_local(number());
    };

    let body = move |d: ApplicationDetail| {
        let submitted = d.summary.state == State::Submitted;
        view! {
            {move || withdraw_problem.get().map(|p| view! { <ProblemBox problem=p/> })}
            {submitted.then(|| view! {
                <WithdrawButton confirming=confirming busy=busy
                    on_confirm=Callback::new(move |()| confirm())/>
            })}
            <ApplicationView detail=d/>
        }
    };

    view! {
        <p class="breadcrumb">
            <a href="/employer">{move || tr(lang.get(), Key::MenuTitle)}</a>" › "
            <a href="/employer/applications">{move || tr(lang.get(), Key::MenuProgress)}</a>
        </p>
        <h1>{move || tr(lang.get(), Key::ApplicationTitle)}</h1>
        {loaded(detail, body)}
    }
}
