//! 登录: user name and password. Refusals (wrong password, locked account) come from
//! the server with core's codes and words; after logging in, each role goes to its own
//! pages (or back to the page that sent them here).

use crate::api::{self, LoginRequest, SessionInfo};
use crate::components::form::{ErrorSummary, FormState, SubmitButton, TextField};
use crate::components::submit::Submit;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shebao_core::{Code, Violation};

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let query = use_query_map();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    // The only rule the browser knows about a login: both are required.
    let local = Signal::derive(move || {
        let mut v = Vec::new();
        if username.with(|u| u.trim().is_empty()) {
            v.push(Violation::new(Code::Required, "username"));
        }
        if password.with(String::is_empty) {
            v.push(Violation::new(Code::Required, "password"));
        }
        v
    });
    let state = FormState::new(local);

    let send = Submit::new(state.busy).action(
        |(username, password): &(String, String)| {
            let (username, password) = (username.clone(), password.clone());
            async move {
                let body = LoginRequest {
                    username: &username,
                    password: &password,
                };
                api::post::<_, SessionInfo>("/session", &body, None).await
            }
        },
        move |result| {
            let next = query.with_untracked(|q| q.get("next"));
            match result {
                Ok(info) => {
                    let home = info.role.home();
                    let target = if info.must_change_password {
                        "/password".to_string()
                    } else {
                        next.filter(|n| n.starts_with(home) || n == "/password")
                            .unwrap_or_else(|| home.to_string())
                    };
                    session.set(info);
                    password.set(String::new());
                    navigate(&target, Default::default());
                }
                Err(problem) => {
                    password.set(String::new());
                    state.refused(problem);
                }
            }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.attempt() {
            send.dispatch_local((username.get_untracked(), password.get_untracked()));
        }
    };

    view! {
        <h1>{move || tr(lang.get(), Key::LoginTitle)}</h1>
        <ErrorSummary state=state/>
        <p>{move || tr(lang.get(), Key::LoginIntro)}</p>
        <form novalidate on:submit=submit>
            <TextField state=state field="username" value=username autocomplete="username" required=true/>
            <TextField state=state field="password" value=password input_type="password"
                autocomplete="current-password" required=true/>
            <SubmitButton state=state id="login-submit" label=Key::LoginButton/>
        </form>
        <p class="hint">{move || tr(lang.get(), Key::LoginDemoHint)}</p>
        <p><a href="/check">{move || tr(lang.get(), Key::IdCheckTitle)}</a></p>
    }
}
