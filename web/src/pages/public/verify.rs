//! 证明验真 (`/verify`): anyone checks a certificate by its verification code, or checks
//! a PDF file's seal by uploading it. The QR code printed on every certificate opens
//! this page as `/verify?code=…`, which checks that code at once. A genuine code shows
//! what the certificate says (per insurance the months, statuses, employers and
//! amounts), so a reader compares a paper copy line by line: a re-typed copy with
//! changed months or amounts carrying a genuine code no longer "verifies". The name and
//! ID are masked, never shown in full.

use crate::api::{self, Problem};
use crate::components::certificate::VerdictView;
use crate::components::form::{ErrorSummary, FormState, SubmitButton, TextField};
use crate::components::submit::Submit;
use crate::components::ProblemBox;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shebao_core::certificate::Verdict;
use shebao_core::{Code, Violation};
use wasm_bindgen::JsCast;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let query = use_query_map();
    let from_qr = query.with_untracked(|q| q.get("code")).unwrap_or_default();
    let code = RwSignal::new(from_qr.clone());
    let local = Signal::derive(move || {
        if code.with(|c| c.trim().is_empty()) {
            vec![Violation::new(Code::Required, "verification_code")]
        } else {
            Vec::new()
        }
    });
    let state = FormState::new(local);
    let verdict = RwSignal::new(None::<Verdict>);
    let file_verdict = RwSignal::new(None::<Result<Verdict, Problem>>);
    let checking_file = RwSignal::new(false);

    let send = Submit::new(state.busy).action(
        |typed: &String| {
            let path = format!("/verify/{}", api::q(typed.trim()));
            async move { api::get::<Verdict>(&path).await }
        },
        move |answer| match answer {
            Ok(v) => {
                verdict.set(Some(v));
                crate::components::form::focus("verdict-region");
            }
            Err(problem) => state.refused(problem),
        },
    );
    let check = move || {
        send.dispatch_local(code.get_untracked());
    };
    // Opened by the QR code: check the code it carries straight away.
    if !from_qr.trim().is_empty() {
        check();
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        verdict.set(None);
        if state.attempt() {
            check();
        }
    };

    let send_file = Submit::new(checking_file).action(
        |file: &web_sys::File| {
            let file = file.clone();
            async move { api::upload::<Verdict>("/verify/pdf", &file).await }
        },
        move |answer| {
            file_verdict.set(Some(answer));
            crate::components::form::focus("file-verdict-region");
        },
    );
    let check_file = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("f-pdf"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let Some(file) = file else {
            file_verdict.set(Some(Err(Problem {
                status: 422,
                violations: vec![Violation::new(Code::Required, "file")],
            })));
            crate::components::form::focus("file-verdict-region");
            return;
        };
        send_file.dispatch_local(file);
    };

    view! {
        <h1>{move || tr(lang.get(), Key::VerifyTitle)}</h1>
        <p>{move || tr(lang.get(), Key::VerifyIntro)}</p>
        <ErrorSummary state=state/>
        <form novalidate on:submit=submit>
            <TextField state=state field="verification_code" value=code label=Key::CertCode
                hint=Key::VerifyCodeHint maxlength=24 required=true/>
            <SubmitButton state=state id="verify-submit" label=Key::VerifyButton/>
        </form>
        <div id="verdict-region" tabindex="-1" aria-live="polite">
            {move || verdict.get().map(|v| view! { <VerdictView verdict=v/> })}
        </div>

        <h2>{move || tr(lang.get(), Key::VerifyFileTitle)}</h2>
        <form novalidate on:submit=check_file>
            <div class="field">
                <label for="f-pdf">{move || tr(lang.get(), Key::VerifyFileLabel)}</label>
                <p class="hint" id="f-pdf-hint">{move || tr(lang.get(), Key::VerifyFileHint)}</p>
                <input type="file" id="f-pdf" accept=".pdf,application/pdf" aria-describedby="f-pdf-hint"
                    on:change=move |_| file_verdict.set(None)/>
            </div>
            <button type="submit" class="button button-secondary" id="verify-file" disabled=move || checking_file.get()>
                {move || tr(lang.get(), if checking_file.get() { Key::Working } else { Key::VerifyFileButton })}
            </button>
        </form>
        <div id="file-verdict-region" tabindex="-1" aria-live="polite">
            {move || file_verdict.get().map(|r| match r {
                Ok(v) => view! { <VerdictView verdict=v/> }.into_any(),
                Err(p) => view! { <ProblemBox problem=p/> }.into_any(),
            })}
        </div>
    }
}
