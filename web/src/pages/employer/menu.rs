//! 参保征缴: the employer's menu.

use crate::api::Role;
use crate::app::RequireRole;
use crate::i18n::{tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EmployerMenu() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Menu/></RequireRole> }
}

#[component]
fn Menu() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let session = expect_context::<Session>();
    let query = use_query_map();
    let withdrawn = move || query.with(|q| q.get("withdrawn"));
    let employer = move || {
        session
            .info
            .with(|i| i.as_ref().and_then(|i| i.employer.clone()))
    };
    let items = [
        (
            Key::IncomingMenu,
            Key::IncomingHint,
            "/employer/stop-requests/incoming",
            "menu-incoming",
        ),
        (
            Key::MenuEnrol,
            Key::MenuEnrolHint,
            "/employer/enrol",
            "menu-enrol",
        ),
        (
            Key::MenuStop,
            Key::MenuStopHint,
            "/employer/stop",
            "menu-stop",
        ),
        (
            Key::BatchEnrolTitle,
            Key::BatchEnrolHint,
            "/employer/enrol/batch",
            "menu-batch-enrol",
        ),
        (
            Key::BatchStopTitle,
            Key::BatchStopHint,
            "/employer/stop/batch",
            "menu-batch-stop",
        ),
        (
            Key::MenuProgress,
            Key::MenuProgressHint,
            "/employer/applications",
            "menu-progress",
        ),
        (
            Key::MyStopRequestsTitle,
            Key::MyStopRequestsHint,
            "/employer/stop-requests",
            "menu-stop-requests",
        ),
        (
            Key::CertEmployerTitle,
            Key::CertEmployerMenuHint,
            "/employer/certificate",
            "menu-certificate",
        ),
    ];
    view! {
        {move || withdrawn().map(|n| view! {
            <div class="notice notice-ok" role="status" id="withdrawn-banner">
                <p>{trf(lang.get(), Key::WithdrawnBanner, &[("number", &n)])}</p>
            </div>
        })}
        <h1>{move || tr(lang.get(), Key::MenuTitle)}</h1>
        {move || employer().map(|e| view! {
            <p class="employer-line">{e.name}" · "{tr(lang.get(), Key::UnitNumber)}" "{e.unit_number}</p>
        })}
        <ul class="menu">
            {items
                .into_iter()
                .map(|(title, hint, href, id)| view! {
                    <li>
                        <a class="menu-item" href=href id=id>
                            <span class="menu-title">{move || tr(lang.get(), title)}</span>
                            <span class="menu-hint">{move || tr(lang.get(), hint)}</span>
                        </a>
                    </li>
                })
                .collect_view()}
        </ul>
        <p class="hint">{move || tr(lang.get(), Key::MedicalNote)}</p>
    }
}
