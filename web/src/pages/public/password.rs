//! 修改密码: every logged-in user's password change, and the forced one at the first
//! login after an operator made or reset the account (the session says
//! `must_change_password`; `app::RequireRole` and the login page send the user here, and
//! the server refuses everything else meanwhile). The new password is judged by core's
//! policy (`shebao_core::password`) as it is typed, and again by the server.

use crate::api::{self, SessionInfo};
use crate::components::form::{focus, ErrorSummary, FormState, SubmitButton, TextField};
use crate::components::submit::Submit;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shebao_core::views::PasswordChangeRequest;
use shebao_core::{password, Code, Violation};

#[component]
pub fn PasswordPage() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    // Not logged in: to the login page, and back here afterwards.
    Effect::new(move |_| {
        if session.loaded.get() && session.info.with(Option::is_none) {
            navigate(
                "/login?next=/password",
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    // Only logging in or out changes what the page is: the session changing (the change
    // itself clears `must_change_password`) must not mount a new, empty form in place of
    // the one that has just said 密码已修改.
    let logged_in = Memo::new(move |_| session.loaded.get() && session.info.with(Option::is_some));
    move || {
        if !logged_in.get() {
            return view! { <crate::components::Loading/> }.into_any();
        }
        view! {
            <h1>{move || tr(lang.get(), Key::ChangePasswordTitle)}</h1>
            <PasswordForm/>
        }
        .into_any()
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let session = expect_context::<Session>();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let forced = move || {
        session
            .info
            .with(|i| i.as_ref().is_some_and(|i| i.must_change_password))
    };
    let username = move || {
        session
            .info
            .with(|i| i.as_ref().map(|i| i.username.clone()).unwrap_or_default())
    };

    // Core's verdict, as the form stands: the same rule the server applies.
    let local = Signal::derive(move || {
        let mut v: Vec<Violation> = Vec::new();
        let (c, n, k) = (current.get(), new.get(), confirmation.get());
        if c.is_empty() {
            v.push(Violation::new(Code::Required, "current_password"));
        }
        if let Err(e) = password::check_change(&username(), &c, &n) {
            v.extend(e);
        }
        if let Err(e) = password::check_confirmation(&n, &k) {
            v.push(e);
        }
        v
    });
    let state = FormState::new(local);

    let send = Submit::new(state.busy).action(
        |body: &PasswordChangeRequest| {
            let body = body.clone();
            async move { api::post::<_, SessionInfo>("/session/password", &body, None).await }
        },
        move |result| {
            current.set(String::new());
            match result {
                Ok(info) => {
                    new.set(String::new());
                    confirmation.set(String::new());
                    state.reset();
                    session.set(info);
                    done.set(true);
                    focus("password-changed");
                }
                Err(problem) => state.refused(problem),
            }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.attempt() {
            send.dispatch_local(PasswordChangeRequest {
                current_password: current.get_untracked(),
                new_password: new.get_untracked(),
            });
        }
    };
    let home = move || {
        session
            .info
            .with(|i| i.as_ref().map(|i| i.role.home()))
            .unwrap_or("/")
    };

    view! {
        <Show when=move || done.get()>
            <div class="notice notice-ok" role="status" id="password-changed" tabindex="-1">
                <p>{move || tr(lang.get(), Key::PasswordChanged)}</p>
                <p><a href=home id="password-changed-home">{move || tr(lang.get(), Key::GoToMyHome)}</a></p>
            </div>
        </Show>
        <Show when=move || forced() && !done.get()>
            <div class="notice" role="status" id="password-forced">
                <p><strong>{move || tr(lang.get(), Key::ChangePasswordForced)}</strong></p>
                <p>{move || tr(lang.get(), Key::ChangePasswordForcedText)}</p>
            </div>
        </Show>
        <ErrorSummary state=state/>
        <form novalidate on:submit=submit>
            <input type="text" name="username" autocomplete="username" hidden=true prop:value=username/>
            <TextField state=state field="current_password" value=current input_type="password"
                autocomplete="current-password" required=true/>
            <TextField state=state field="new_password" value=new input_type="password"
                hint=Key::NewPasswordHint autocomplete="new-password" required=true/>
            <TextField state=state field="confirm_password" value=confirmation input_type="password"
                autocomplete="new-password" required=true/>
            <SubmitButton state=state id="password-submit" label=Key::ChangePasswordButton/>
        </form>
    }
}
