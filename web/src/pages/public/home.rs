//! `/`: for someone not logged in, the way in (登录) and the social security number
//! check; someone logged in is taken to their own start page.

use super::id_check::IdCheckPage;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(role) = session.info.with(|i| i.as_ref().map(|i| i.role)) {
            navigate(
                role.home(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    view! {
        <section class="panel login-cta">
            <p>{move || tr(lang.get(), Key::HomeIntro)}</p>
            <a class="button" id="go-login" href="/login">{move || tr(lang.get(), Key::LoginTitle)}</a>
        </section>
        <IdCheckPage/>
        <nav aria-label=move || tr(lang.get(), Key::PublicServices)>
            <ul class="menu">
                <li><a class="menu-item" href="/verify" id="menu-verify">
                    <span class="menu-title">{move || tr(lang.get(), Key::VerifyTitle)}</span>
                    <span class="menu-hint">{move || tr(lang.get(), Key::VerifyMenuHint)}</span></a></li>
                <li><a class="menu-item" href="/open" id="menu-open">
                    <span class="menu-title">{move || tr(lang.get(), Key::OpenTitle)}</span>
                    <span class="menu-hint">{move || tr(lang.get(), Key::OpenMenuHint)}</span></a></li>
            </ul>
        </nav>
    }
}
