//! 个人参保: the five insurances' status, and the ways on.

use crate::api::{self, Role, StatusView};
use crate::app::RequireRole;
use crate::components::loaded;
use crate::i18n::{money, tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use shebao_core::money::Fen;
use shebao_core::Lang;

#[component]
pub fn ResidentHome() -> impl IntoView {
    view! { <RequireRole role=Role::Resident><Home/></RequireRole> }
}

pub fn relation_state(state: &str, lang: Lang) -> &'static str {
    tr(
        lang,
        match state {
            "active" => Key::RelActive,
            "suspended" => Key::RelSuspended,
            "terminated" => Key::RelTerminated,
            _ => Key::RelNone,
        },
    )
}

#[component]
fn Home() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let status = LocalResource::new(|| api::get::<StatusView>("/resident/status"));

    let body = move |s: StatusView| {
        let lang = lang.get();
        view! {
            <p class="person-line" id="person-name">{s.person.name.clone()}" · "{s.person.citizen_id.clone()}</p>
            <ul class="cards" id="insurances">
                {s.insurances.into_iter().map(|i| {
                    let state_class = format!("card card-{}", i.state);
                    let who = if i.flexible {
                        Some(tr(lang, Key::FlexibleWorker).to_string())
                    } else {
                        i.employer_name.clone()
                    };
                    view! {
                        <li class=state_class data-insurance=i.insurance.code()>
                            <h2>{i.insurance.label(lang)}</h2>
                            <p class="card-state">{relation_state(&i.state, lang)}</p>
                            <dl class="facts">
                                {who.map(|w| view! { <dt>{tr(lang, Key::PaidThrough)}</dt><dd>{w}</dd> })}
                                {i.base_fen.map(|b| view! { <dt>{tr(lang, Key::ContributionBase)}</dt><dd>{money(lang, Fen(b))}</dd> })}
                                {i.start_month.clone().map(|m| view! { <dt>{tr(lang, Key::PlanStartMonth)}</dt><dd>{m}</dd> })}
                                {i.end_month.clone().map(|m| view! { <dt>{tr(lang, Key::EndMonth)}</dt><dd>{m}</dd> })}
                                <dt>{tr(lang, Key::MonthsPaid)}</dt><dd>{i.months_paid}</dd>
                            </dl>
                        </li>
                    }
                }).collect_view()}
            </ul>
            // 开办企业 comes after the status, with it: the menu above is the server's
            // still picture of this page (server/src/shell.rs) element for element, so an
            // item there would differ from the picture; added below what loads, nothing
            // on screen moves.
            <h2 id="company-heading">{tr(lang, Key::CompanyServices)}</h2>
            <nav aria-labelledby="company-heading">
                <ul class="menu">
                    <li><a class="menu-item" href="/resident/opening" id="menu-opening">
                        <span class="menu-title">{tr(lang, Key::OpeningTitle)}</span>
                        <span class="menu-hint">{tr(lang, Key::OpeningMenuHint)}</span></a></li>
                    <li><a class="menu-item" href="/resident/openings" id="menu-openings">
                        <span class="menu-title">{tr(lang, Key::MyOpeningsTitle)}</span>
                        <span class="menu-hint">{tr(lang, Key::MyOpeningsHint)}</span></a></li>
                    <li><a class="menu-item" href="/resident/stop-requests" id="menu-stop-requests">
                        <span class="menu-title">{tr(lang, Key::PersonStopsTitle)}</span>
                        <span class="menu-hint">{tr(lang, Key::PersonStopsHint)}</span></a></li>
                </ul>
            </nav>
        }
    };

    view! {
        <h1>{move || tr(lang.get(), Key::ResidentTitle)}</h1>
        <nav aria-label=move || tr(lang.get(), Key::ResidentTitle)>
            <ul class="menu">
                <li><a class="menu-item" href="/resident/contributions" id="menu-contributions">
                    <span class="menu-title">{move || tr(lang.get(), Key::ContributionsTitle)}</span></a></li>
                <li><a class="menu-item" href="/resident/pension" id="menu-pension">
                    <span class="menu-title">{move || tr(lang.get(), Key::PensionTitle)}</span></a></li>
                <li><a class="menu-item" href="/resident/flexible" id="menu-flexible">
                    <span class="menu-title">{move || tr(lang.get(), Key::FlexTitle)}</span>
                    <span class="menu-hint">{move || tr(lang.get(), Key::FlexMenuHint)}</span></a></li>
                <li><a class="menu-item" href="/resident/certificate" id="menu-certificate">
                    <span class="menu-title">{move || tr(lang.get(), Key::CertPersonalTitle)}</span>
                    <span class="menu-hint">{move || tr(lang.get(), Key::CertPersonalMenuHint)}</span></a></li>
            </ul>
        </nav>
        <h2>{move || tr(lang.get(), Key::CurrentStatus)}</h2>
        {loaded(status, body)}
    }
}
