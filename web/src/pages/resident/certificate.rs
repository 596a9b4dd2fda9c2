//! 个人参保证明 on a phone: choose the certificate (个人参保证明 or 基本养老历年参保),
//! the months (1–36) and the insurances, answer the picture captcha (or its question in
//! words, the non-visual alternative), then 预览证明 shows exactly what the PDF prints,
//! with 下载PDF and 电脑端打开 (a code shown grouped, `ABCD-EFGH`, and its QR code, valid
//! ten minutes and one opening, because saving a file inside a phone's webview is
//! unreliable; a new code replaces the certificate's earlier one). The
//! history lists every certificate issued to the resident.

use crate::api::{self, Problem, Role};
use crate::app::RequireRole;
use crate::components::certificate::{CertificateHistory, CertificateView, PdfLink};
use crate::components::form::{
    focus, label_of, ErrorSummary, FormState, RadioField, SelectField, TextField,
};
use crate::components::{Later, Loading, ProblemBox};
use crate::drafts;
use crate::i18n::{datetime, tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use shebao_core::certificate::{
    CaptchaView, Certificate, HandoffCode, HistoryItem, IssuedAnswer, Kind,
    ResidentCertificateForm, MAX_MONTHS,
};
use shebao_core::insurance::Insurance;
use shebao_core::{Code, Lang, Violation};

const DRAFT: &str = "personal-certificate";

/// The choices kept in the draft (the captcha is not: it is single use).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Draft {
    kind: String,
    months: String,
    insurances: Vec<Insurance>,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            kind: Kind::Personal.code().to_string(),
            months: "12".to_string(),
            insurances: Insurance::ALL.to_vec(),
        }
    }
}

#[component]
pub fn PersonalCertificatePage() -> impl IntoView {
    view! { <RequireRole role=Role::Resident><PersonalCertificate/></RequireRole> }
}

/// What is on screen after the form: a certificate's preview, and its handoff code.
#[derive(Clone)]
struct Shown {
    certificate: Certificate,
    pdf_url: String,
}

#[component]
fn PersonalCertificate() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let user = expect_context::<Session>().username();
    let draft: Draft = drafts::load(&user, DRAFT).unwrap_or_default();

    let kind = RwSignal::new(draft.kind);
    let months = RwSignal::new(draft.months);
    let insurances = RwSignal::new(draft.insurances);
    let answer = RwSignal::new(String::new());
    let captcha = RwSignal::new(None::<Result<CaptchaView, Problem>>);
    let enlarged = RwSignal::new(false);
    let shown = RwSignal::new(None::<Shown>);
    let handoff = RwSignal::new(None::<Result<HandoffCode, Problem>>);
    let history = RwSignal::new(None::<Result<Vec<HistoryItem>, Problem>>);

    let personal = move || kind.with(|k| k == Kind::Personal.code());
    // The form as it is sent (`POST /api/v1/resident/certificates`), from what is on
    // screen; `None` while no kind is chosen.
    let form = move |captcha_id: String| {
        let chosen = Kind::from_code(&kind.get())?;
        let personal = chosen == Kind::Personal;
        Some(ResidentCertificateForm {
            kind: chosen,
            months: personal.then(|| months.get().parse().unwrap_or(0)),
            insurances: personal.then(|| {
                // In the order of the five, whatever order they were ticked in.
                Insurance::ALL
                    .into_iter()
                    .filter(|i| insurances.with(|s| s.contains(i)))
                    .collect()
            }),
            captcha_id,
            captcha_answer: answer.get(),
        })
    };
    // Core's parse, the server's own rule (the captcha's answer is judged by the server).
    let local = Signal::derive(move || match form(String::new()) {
        Some(form) => form.parse().err().map(|v| v.0).unwrap_or_default(),
        None => vec![Violation::new(Code::Required, "kind")],
    });
    let state = FormState::new(local);

    {
        let user = user.clone();
        Effect::new(move |_| {
            drafts::save(
                &user,
                DRAFT,
                &Draft {
                    kind: kind.get(),
                    months: months.get(),
                    insurances: insurances.get(),
                },
            )
        });
    }

    let new_captcha = move || {
        answer.set(String::new());
        spawn_local(async move {
            captcha.set(Some(
                api::post::<_, CaptchaView>("/captcha", &(), None).await,
            ));
        });
    };
    let load_history = move || {
        spawn_local(async move {
            history.set(Some(
                api::get::<Vec<HistoryItem>>("/resident/certificates").await,
            ));
        });
    };
    // Asked for a task after the page's first lines (see `Later`): starting a request
    // is work too, and the captcha and the history show below them anyway.
    set_timeout(
        move || {
            new_captcha();
            load_history();
        },
        std::time::Duration::ZERO,
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.attempt() {
            return;
        }
        let Some(Ok(c)) = captcha.get_untracked() else {
            return;
        };
        let Some(body) = untrack(|| form(c.id)) else {
            return;
        };
        state.busy.set(true);
        spawn_local(async move {
            let result = api::post::<_, IssuedAnswer>("/resident/certificates", &body, None).await;
            state.busy.set(false);
            match result {
                Ok(issued) => {
                    handoff.set(None);
                    shown.set(Some(Shown {
                        certificate: issued.certificate,
                        pdf_url: issued.pdf_url,
                    }));
                    state.reset();
                    new_captcha();
                    load_history();
                    focus("preview-heading");
                }
                Err(problem) => {
                    // Any answer spends the captcha: a new one, and the refusal stays.
                    let spent =
                        problem.has(Code::CaptchaWrong) || problem.has(Code::CaptchaExpired);
                    state.refused(problem);
                    if spent {
                        new_captcha();
                    }
                }
            }
        });
    };

    let open_from_history = Callback::new(move |code: String| {
        spawn_local(async move {
            match api::get::<Certificate>(&format!("/resident/certificates/{code}")).await {
                Ok(certificate) => {
                    handoff.set(None);
                    shown.set(Some(Shown {
                        pdf_url: format!("/api/v1/certificates/{}/pdf", certificate.code),
                        certificate,
                    }));
                    focus("preview-heading");
                }
                Err(problem) => history.set(Some(Err(problem))),
            }
        });
    });

    let ask_handoff = move |_| {
        let Some(s) = shown.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let path = format!("/resident/certificates/{}/handoff", s.certificate.code);
            handoff.set(Some(api::post::<_, HandoffCode>(&path, &(), None).await));
            focus("handoff");
        });
    };

    let kind_options = Signal::derive(move || {
        let lang = lang.get();
        [Kind::Personal, Kind::PensionHistory]
            .into_iter()
            .map(|k| (k.code().to_string(), kind_choice(k, lang)))
            .collect()
    });
    let month_options = Signal::derive(move || {
        let lang = lang.get();
        (1..=MAX_MONTHS)
            .map(|n| (n.to_string(), trf(lang, Key::MonthsCount, &[("n", &n)])))
            .collect()
    });

    let insurance_errors = Memo::new(move |_| state.field_violations("insurances"));
    let insurance_boxes = move || {
        let lang = lang.get();
        Insurance::ALL
            .into_iter()
            .enumerate()
            .map(|(i, ins)| {
                let id = if i == 0 {
                    "f-insurances".to_string()
                } else {
                    format!("f-insurances-{i}")
                };
                view! {
                    <div class="checkbox">
                        <input type="checkbox" id=id.clone() name="insurances" value=ins.code()
                            prop:checked=move || insurances.with(|s| s.contains(&ins))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                insurances.update(|s| {
                                    s.retain(|x| *x != ins);
                                    if on { s.push(ins); }
                                });
                                state.edited();
                                state.touch("insurances");
                            }/>
                        <label for=id>{ins.label(lang)}</label>
                    </div>
                }
            })
            .collect_view()
    };

    let captcha_view = move || {
        let lang = lang.get();
        match captcha.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(p)) => view! {
                <ProblemBox problem=p/>
                <button type="button" class="button button-secondary" on:click=move |_| new_captcha()>
                    {tr(lang, Key::CaptchaRefresh)}
                </button>
            }
            .into_any(),
            Some(Ok(c)) => {
                let question = match lang {
                    Lang::Zh => c.question_zh.clone(),
                    Lang::En => c.question_en.clone(),
                };
                view! {
                    <div class="captcha" class=("captcha-large", move || enlarged.get())>
                        // The picture's text alternative is the same question in words.
                        <img id="captcha-image" src=c.image.clone() alt=question.clone() width="160" height="56"/>
                        <p class="hint" id="captcha-question-line">
                            {tr(lang, Key::CaptchaQuestion)}<span id="captcha-question">{question}</span>
                        </p>
                        <p class="actions">
                            <button type="button" class="button button-secondary" id="captcha-enlarge"
                                aria-pressed=move || enlarged.get().to_string()
                                aria-controls="captcha-image"
                                on:click=move |_| enlarged.update(|e| *e = !*e)>
                                {tr(lang, Key::CaptchaEnlarge)}
                            </button>
                            <button type="button" class="button button-secondary" id="captcha-refresh"
                                on:click=move |_| { new_captcha(); focus("f-captcha_answer"); }>
                                {tr(lang, Key::CaptchaRefresh)}
                            </button>
                        </p>
                    </div>
                }
                .into_any()
            }
        }
    };

    let form_view = move || {
        view! {
            <ErrorSummary state=state/>
            <form novalidate on:submit=submit>
                // The form and the history in three short tasks after the app's own
                // (see `Later`).
                <Later>
                    <RadioField state=state field="kind" value=kind options=kind_options
                        label=Key::CertChooseKind required=true/>
                    <Show when=personal>
                        <SelectField state=state field="months" value=months options=month_options
                            hint=Key::CertMonthsHint required=true/>
                        <fieldset class="field" class=("field-invalid", move || !insurance_errors.with(Vec::is_empty))
                            aria-describedby="f-insurances-error">
                            <legend>{move || label_of("insurances", lang.get())}<span class="req" aria-hidden="true">" *"</span></legend>
                            <p class="field-error" id="f-insurances-error">
                                {move || insurance_errors.get().into_iter().map(|v| view! {
                                    <span class="error-line" data-code=v.code.as_str()>{v.message(lang.get())}</span>
                                }).collect_view()}
                            </p>
                            {insurance_boxes}
                        </fieldset>
                    </Show>
                </Later>
                <Later>
                    <div class="field">
                        <p class="fixed-label">{move || tr(lang.get(), Key::CaptchaTitle)}</p>
                        {captcha_view}
                    </div>
                    <TextField state=state field="captcha_answer" value=answer inputmode="numeric"
                        hint=Key::CaptchaAnswerHint maxlength=4 required=true/>
                    <button type="submit" class="button" id="certificate-preview-button"
                        disabled=move || state.busy.get() || !matches!(captcha.get(), Some(Ok(_)))>
                        {move || tr(lang.get(), if state.busy.get() { Key::Working } else { Key::CertPreview })}
                    </button>
                </Later>
            </form>
        }
    };

    let handoff_view = move || {
        let lang = lang.get();
        match handoff.get()? {
            Err(p) => Some(view! { <ProblemBox problem=p/> }.into_any()),
            Ok(h) => {
                let origin = web_sys::window()
                    .and_then(|w| w.location().origin().ok())
                    .unwrap_or_default();
                let open_url = format!("{origin}/open");
                Some(view! {
                    <div class="panel handoff" id="handoff" tabindex="-1" role="status">
                        <h3>{tr(lang, Key::HandoffTitle)}</h3>
                        <p>{tr(lang, Key::HandoffStep1)}<strong class="handoff-url">{open_url}</strong></p>
                        <p>{tr(lang, Key::HandoffStep2)}</p>
                        <p class="handoff-code" id="handoff-code" aria-label=format!("{} {}", tr(lang, Key::HandoffCodeLabel), spaced(&h.code))>
                            {h.code.clone()}
                        </p>
                        <img class="handoff-qr" id="handoff-qr" src=format!("/api/v1/handoff/{}/qr", h.code)
                            alt=tr(lang, Key::HandoffQrAlt) width="200" height="200"/>
                        <p id="handoff-expiry">{tr(lang, Key::HandoffExpires)}{datetime(h.expires_ms)}</p>
                    </div>
                }
                .into_any())
            }
        }
    };

    let preview_view = move || {
        let s = shown.get()?;
        let code = s.certificate.code.clone();
        Some(view! {
            <h2 id="preview-heading" tabindex="-1">{move || tr(lang.get(), Key::CertPreviewTitle)}</h2>
            <p class="actions">
                <PdfLink code=code url=s.pdf_url.clone() id="certificate-pdf"/>
                <button type="button" class="button button-secondary" id="handoff-button" on:click=ask_handoff>
                    {move || tr(lang.get(), Key::HandoffButton)}
                </button>
                <button type="button" class="button button-secondary" id="certificate-again"
                    on:click=move |_| { shown.set(None); handoff.set(None); focus("f-kind"); }>
                    {move || tr(lang.get(), Key::CertIssueAgain)}
                </button>
            </p>
            {handoff_view}
            <CertificateView certificate=s.certificate/>
        })
    };

    let history_view = move || match history.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(p)) => view! { <ProblemBox problem=p/> }.into_any(),
        Some(Ok(items)) => {
            view! { <CertificateHistory items=items on_open=open_from_history/> }.into_any()
        }
    };

    view! {
        <p class="breadcrumb"><a href="/resident">{move || tr(lang.get(), Key::ResidentTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::CertPersonalTitle)}</h1>
        <Show when=move || shown.with(Option::is_none) fallback=preview_view>
            <p>{move || tr(lang.get(), Key::CertPersonalIntro)}</p>
            {form_view}
        </Show>
        <Later>
            <h2>{move || tr(lang.get(), Key::CertHistory)}</h2>
            {history_view}
        </Later>
    }
}

/// The choice of certificate, as the 2021 notice names them.
fn kind_choice(kind: Kind, lang: Lang) -> String {
    match (kind, lang) {
        (Kind::PensionHistory, Lang::Zh) => "基本养老历年参保".to_string(),
        (k, l) => k.label(l).to_string(),
    }
}

/// `ABCD-EFGH` → `A B C D, E F G H`: a screen reader says the letters one by one, the
/// groups apart.
fn spaced(code: &str) -> String {
    code.split('-')
        .map(|group| {
            group
                .chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(", ")
}
