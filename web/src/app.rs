//! The shell around every page: the header (who is logged in, 退出, the language switch
//! and the elder-friendly 长辈版 toggle), the client-side routes, and the guard that
//! keeps each actor's pages to that actor.

use crate::api::{self, Role};
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use crate::session::{Clock, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use shebao_core::{words, Lang};

#[component]
pub fn App() -> impl IntoView {
    let prefs = Prefs::load();
    provide_context(prefs);
    provide_context(Session::start());
    provide_context(Clock::start());

    // Keep <html lang> and the elder class on <html> in step with the preferences,
    // so screen readers pronounce the right language and rem-based sizes scale.
    Effect::new(move |_| prefs.apply_to_document());

    view! {
        <Router>
            <Header/>
            <main id="main" tabindex="-1">{routes()}</main>
        </Router>
    }
}

/// Every page of the app. A build without a page's part (`crate::builds`) has
/// [`crate::builds::InAnotherBuild`] in its place.
fn routes() -> impl IntoView {
    use crate::builds::page;
    #[allow(unused_imports)]
    use crate::pages::{employer, public, resident, reviewer};
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=path!("/") view=public::home::HomePage/>
            <Route path=path!("/check") view=public::id_check::IdCheckPage/>
            <Route path=path!("/login") view=public::login::LoginPage/>
            <Route path=path!("/password") view=public::password::PasswordPage/>
            <Route path=path!("/verify") view=page!("resident-services", public::verify::VerifyPage)/>
            <Route path=path!("/open") view=page!("resident-services", public::open::OpenPage)/>
            <Route path=path!("/employer") view=page!("employer", employer::menu::EmployerMenu)/>
            <Route path=path!("/employer/enrol") view=page!("employer", employer::enrol::EnrolPage)/>
            <Route path=path!("/employer/stop") view=page!("employer", employer::stop::StopPage)/>
            <Route path=path!("/employer/enrol/batch") view=page!("employer", employer::batch::BatchEnrolPage)/>
            <Route path=path!("/employer/stop-requests") view=page!("employer", employer::stop_requests::StopRequestsPage)/>
            <Route path=path!("/employer/stop-requests/incoming") view=page!("employer", employer::stop_requests::IncomingPage)/>
            <Route path=path!("/employer/stop/batch") view=page!("employer", employer::batch::BatchStopPage)/>
            <Route path=path!("/employer/applications") view=page!("employer", employer::progress::ProgressPage)/>
            <Route path=path!("/employer/applications/:number") view=page!("employer", employer::progress::ApplicationPage)/>
            <Route path=path!("/employer/certificate") view=page!("employer", employer::certificate::EmployerCertificatePage)/>
            <Route path=path!("/resident") view=page!("resident", resident::home::ResidentHome)/>
            <Route path=path!("/resident/contributions") view=page!("resident", resident::records::ContributionsPage)/>
            <Route path=path!("/resident/pension") view=page!("resident", resident::records::PensionPage)/>
            <Route path=path!("/resident/flexible") view=page!("resident-services", resident::flexible::FlexiblePage)/>
            <Route path=path!("/resident/opening") view=page!("resident-services", resident::opening::OpeningPage)/>
            <Route path=path!("/resident/openings") view=page!("resident-services", resident::openings::OpeningsPage)/>
            <Route path=path!("/resident/openings/:number") view=page!("resident-services", resident::openings::OpeningFilingPage)/>
            <Route path=path!("/resident/stop-requests") view=page!("resident-services", resident::stop_requests::PersonStopsPage)/>
            <Route path=path!("/resident/certificate") view=page!("resident-services", resident::certificate::PersonalCertificatePage)/>
            <Route path=path!("/reviewer") view=page!("reviewer", reviewer::queue::QueuePage)/>
            <Route path=path!("/reviewer/stop-requests") view=page!("reviewer", reviewer::stop_requests::ReviewerStopsPage)/>
            <Route path=path!("/reviewer/applications/:number") view=page!("reviewer", reviewer::review::ReviewPage)/>
        </Routes>
    }
}

#[component]
fn Header() -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let session = expect_context::<Session>();
    let lang = prefs.lang;
    let navigate = use_navigate();
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::delete("/session").await;
            crate::drafts::clear_all();
            session.info.set(None);
            navigate("/login", Default::default());
        });
    };
    let home = move || {
        session
            .info
            .with(|i| i.as_ref().map(|i| i.role.home()))
            .unwrap_or("/")
    };
    let who = move || {
        session.info.with(|i| {
            i.as_ref().map(|i| {
                i.employer
                    .as_ref()
                    .map(|e| e.name.clone())
                    .or_else(|| i.person.as_ref().map(|p| p.name.clone()))
                    .unwrap_or_else(|| i.username.clone())
            })
        })
    };
    view! {
        <a class="skip-link" href="#main">{move || tr(lang.get(), Key::SkipToContent)}</a>
        <header class="site-header">
            <a class="site-title" href=home>{move || tr(lang.get(), Key::SiteTitle)}</a>
            <nav class="site-prefs" aria-label=move || tr(lang.get(), Key::Preferences)>
                {move || who().map(|name| view! { <span class="site-user" id="site-user">{name}</span> })}
                <Show when=move || session.info.with(Option::is_some)>
                    <a class="pref-button" href="/password" id="change-password">
                        {move || tr(lang.get(), Key::ChangePasswordTitle)}
                    </a>
                    <button type="button" class="pref-button" id="logout" on:click=logout.clone()>
                        {move || tr(lang.get(), Key::Logout)}
                    </button>
                </Show>
                <button type="button" class="pref-button" id="lang-switch"
                    on:click=move |_| prefs.toggle_lang()>
                    {move || match lang.get() { Lang::Zh => words::LANG_SWITCH.0, Lang::En => words::LANG_SWITCH.1 }}
                </button>
                <button type="button" class="pref-button" id="elder-switch"
                    aria-pressed=move || prefs.elder.get().to_string()
                    on:click=move |_| prefs.toggle_elder()>
                    {move || tr(lang.get(), Key::ElderMode)}
                </button>
            </nav>
        </header>
    }
}

#[component]
pub(crate) fn NotFound() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <h1>{move || tr(lang.get(), Key::NotFoundTitle)}</h1>
        <p><a href="/">{move || tr(lang.get(), Key::BackHome)}</a></p>
    }
}

/// Shows `children` only to a logged-in `role`; sends anyone not logged in to the login
/// page (coming back here afterwards), and tells another role where its own pages are.
#[component]
pub fn RequireRole(role: Role, children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let lang = expect_context::<Prefs>().lang;
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        let replace = leptos_router::NavigateOptions {
            replace: true,
            ..Default::default()
        };
        if session.loaded.get() && session.info.with(Option::is_none) {
            let here = location.pathname.get_untracked();
            navigate(&format!("/login?next={}", api::q(&here)), replace);
        } else if session
            .info
            .with(|i| i.as_ref().is_some_and(|i| i.must_change_password))
        {
            // The server refuses everything else until the password is changed.
            navigate("/password", replace);
        }
    });
    move || {
        if !session.loaded.get() {
            return view! { <crate::components::Loading/> }.into_any();
        }
        match session.info.with(|i| i.as_ref().map(|i| i.role)) {
            Some(_)
                if session
                    .info
                    .with(|i| i.as_ref().is_some_and(|i| i.must_change_password)) =>
            {
                view! { <crate::components::Loading/> }.into_any()
            }
            Some(r) if r == role => children().into_any(),
            Some(other) => view! {
                <div class="notice notice-error" role="alert">
                    <p>{move || tr(lang.get(), Key::WrongRole)}</p>
                    <p><a href=other.home()>{move || tr(lang.get(), Key::GoToMyHome)}</a></p>
                </div>
            }
            .into_any(),
            None => view! { <crate::components::Loading/> }.into_any(),
        }
    }
}
