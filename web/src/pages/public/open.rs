//! 电脑端打开 (`/open`): on a computer, the code shown on the resident's phone
//! (`ABCD-EFGH`: 8 letters, typed with or without the dash, in any case) opens that
//! certificate's PDF, once. The code is checked as it is typed by core's
//! `HandoffForm::parse`, the rule the server uses. The phone's QR code lands here as
//! `/open?code=ABCD-EFGH` with the code filled in; nothing is spent until 打开证明 is
//! pressed. Wrong codes are refused alike (HANDOFF_INVALID) and, after a few, the
//! server's throttling (RATE_LIMITED) is shown in the same words.

use crate::api;
use crate::components::form::{focus, ErrorSummary, FormState, TextField};
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use shebao_core::certificate::HandoffForm;

/// The PDF that was opened: a `blob:` address of this page and the file's name.
#[derive(Clone)]
struct Opened {
    url: String,
    name: String,
}

#[component]
pub fn OpenPage() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let query = use_query_map();
    let code = RwSignal::new(query.with_untracked(|q| q.get("code")).unwrap_or_default());
    let local = Signal::derive(move || {
        let form = HandoffForm { code: code.get() };
        form.parse().err().into_iter().collect::<Vec<_>>()
    });
    let state = FormState::new(local);
    let opened = RwSignal::new(None::<Opened>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.attempt() {
            return;
        }
        state.busy.set(true);
        let body = HandoffForm {
            code: code.get_untracked(),
        };
        spawn_local(async move {
            let result = api::post_for_file("/handoff", &body).await;
            state.busy.set(false);
            match result {
                Ok((blob, name)) => {
                    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
                        return;
                    };
                    code.set(String::new());
                    state.reset();
                    opened.set(Some(Opened {
                        url,
                        name: name.unwrap_or_else(|| "shebao-certificate.pdf".to_string()),
                    }));
                    focus("opened-view");
                }
                Err(problem) => state.refused(problem),
            }
        });
    };

    let opened_view = move || {
        let o = opened.get()?;
        let lang = lang.get();
        Some(view! {
            <div class="panel receipt" id="opened" role="status">
                <h2>{tr(lang, Key::OpenDone)}</h2>
                <p>{tr(lang, Key::OpenDoneHint)}</p>
                <p class="actions">
                    <a class="button" id="opened-view" href=o.url.clone() type="application/pdf">{tr(lang, Key::OpenView)}</a>
                    <a class="button button-secondary" id="opened-download" href=o.url download=o.name>
                        {tr(lang, Key::CertDownloadPdf)}
                    </a>
                </p>
            </div>
        })
    };

    view! {
        <h1>{move || tr(lang.get(), Key::OpenTitle)}</h1>
        <p>{move || tr(lang.get(), Key::OpenIntro)}</p>
        {opened_view}
        <ErrorSummary state=state/>
        <form novalidate on:submit=submit>
            <TextField state=state field="handoff_code" value=code
                autocomplete="one-time-code" hint=Key::OpenCodeHint maxlength=20 required=true/>
            <button type="submit" class="button" id="open-submit" disabled=move || state.busy.get()>
                {move || tr(lang.get(), if state.busy.get() { Key::Working } else { Key::OpenButton })}
            </button>
        </form>
        <p><a href="/verify">{move || tr(lang.get(), Key::VerifyTitle)}</a></p>
    }
}
