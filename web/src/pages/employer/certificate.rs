//! 单位参保证明: the agent chooses the insured place and enters the unit number (or the
//! credit code), the contact person's name and mobile; the server issues the sealed
//! certificate only when they match the employer's record (CONTACT_MISMATCH otherwise,
//! never saying which). The answer shows the preview, the verification code and 下载PDF;
//! the history lists every certificate issued to the employer.

use crate::api::{self, Problem, Role};
use crate::app::RequireRole;
use crate::components::certificate::{CertificateHistory, CertificateView, PdfLink};
use crate::components::form::{
    field_id, focus, label_of, ErrorSummary, FormState, SelectField, TextField,
};
use crate::components::{Loading, ProblemBox};
use crate::drafts;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use crate::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shebao_core::certificate::{EmployerCertificateForm, HistoryItem, IssuedAnswer};
use shebao_core::region::DISTRICTS;
use shebao_core::Violation;

const DRAFT: &str = "employer-certificate";

#[component]
pub fn EmployerCertificatePage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><EmployerCertificate/></RequireRole> }
}

/// The form as typed (and as kept in the draft): core's, which the server parses too.
type Form = EmployerCertificateForm;

/// What the browser can judge: core's parse of the form, the server's own rule.
fn check(form: &Form) -> Vec<Violation> {
    form.parse().err().map(|v| v.0).unwrap_or_default()
}

#[component]
fn EmployerCertificate() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let session = expect_context::<Session>();
    let user = session.username();
    let draft: Form = drafts::load(&user, DRAFT).unwrap_or_default();
    // The unit number is known from the session: offered, but the agent may use the
    // credit code instead.
    let unit_number = session.info.with_untracked(|i| {
        i.as_ref()
            .and_then(|i| i.employer.as_ref())
            .map(|e| e.unit_number.clone())
    });

    let insured_place = RwSignal::new(draft.insured_place);
    let number = RwSignal::new(if draft.unit_number_or_credit_code.is_empty() {
        unit_number.unwrap_or_default()
    } else {
        draft.unit_number_or_credit_code
    });
    let contact_name = RwSignal::new(draft.contact_name);
    let contact_mobile = RwSignal::new(draft.contact_mobile);
    let form = move || Form {
        insured_place: insured_place.get(),
        unit_number_or_credit_code: number.get(),
        contact_name: contact_name.get(),
        contact_mobile: contact_mobile.get(),
    };
    let local = Signal::derive(move || check(&form()));
    let state = FormState::new(local);
    let issued = RwSignal::new(None::<IssuedAnswer>);
    let history = RwSignal::new(None::<Result<Vec<HistoryItem>, Problem>>);

    let load_history = move || {
        spawn_local(async move {
            history.set(Some(
                api::get::<Vec<HistoryItem>>("/employer/certificates").await,
            ));
        });
    };
    load_history();

    {
        let user = user.clone();
        Effect::new(move |_| drafts::save(&user, DRAFT, &form()));
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.attempt() {
            return;
        }
        state.busy.set(true);
        let body = form();
        spawn_local(async move {
            let result = api::post::<_, IssuedAnswer>("/employer/certificates", &body, None).await;
            state.busy.set(false);
            match result {
                Ok(answer) => {
                    issued.set(Some(answer));
                    load_history();
                    focus("certificate-issued");
                }
                Err(problem) => state.refused(problem),
            }
        });
    };

    let district_options = Signal::derive(move || {
        let lang = lang.get();
        DISTRICTS
            .iter()
            .map(|d| (d.code.to_string(), d.name(lang).to_string()))
            .collect()
    });
    // CONTACT_MISMATCH names the details together (`contact`): shown on the group.
    let contact_errors = Memo::new(move |_| state.field_violations("contact"));

    let form_view = move || {
        view! {
            <ErrorSummary state=state/>
            <form novalidate on:submit=submit>
                <p class="hint">{move || tr(lang.get(), Key::RequiredNote)}</p>
                <fieldset class="field group" id=field_id("contact") tabindex="-1"
                    class=("field-invalid", move || !contact_errors.with(Vec::is_empty))
                    aria-describedby="f-contact-error">
                    <legend>{move || label_of("contact", lang.get())}</legend>
                    <p class="field-error" id="f-contact-error">
                        {move || contact_errors.get().into_iter().map(|v| view! {
                            <span class="error-line" data-code=v.code.as_str()>{v.message(lang.get())}</span>
                        }).collect_view()}
                    </p>
                    <SelectField state=state field="insured_place" value=insured_place
                        options=district_options required=true/>
                    <TextField state=state field="unit_number_or_credit_code" value=number
                        hint=Key::CertNumberHint maxlength=24 required=true/>
                    <TextField state=state field="contact_name" value=contact_name
                        autocomplete="off" maxlength=40 required=true/>
                    <TextField state=state field="contact_mobile" value=contact_mobile
                        input_type="tel" inputmode="tel" hint=Key::MobileHint maxlength=20 required=true/>
                </fieldset>
                <button type="submit" class="button" id="certificate-issue" disabled=move || state.busy.get()>
                    {move || tr(lang.get(), if state.busy.get() { Key::Working } else { Key::CertIssueEmployer })}
                </button>
            </form>
        }
    };

    let issued_view = move || {
        let answer = issued.get()?;
        let lang = lang.get();
        let verify = format!("/verify?code={}", answer.code);
        Some(view! {
            <div class="panel receipt" id="certificate-issued" tabindex="-1" role="status">
                <h2>{tr(lang, Key::CertIssued)}</h2>
                <p>{tr(lang, Key::CertCode)}"："<strong class="cert-code" id="issued-code">{answer.code.clone()}</strong></p>
                <p class="actions">
                    <PdfLink code=answer.code.clone() url=answer.pdf_url.clone() id="certificate-pdf"/>
                    <a href=verify>{tr(lang, Key::VerifyTitle)}</a>
                    <button type="button" class="button button-secondary" id="certificate-again"
                        on:click=move |_| { issued.set(None); state.reset(); focus("f-insured_place"); }>
                        {tr(lang, Key::CertIssueAgain)}
                    </button>
                </p>
            </div>
            <CertificateView certificate=answer.certificate/>
        })
    };

    let history_view = move || match history.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(p)) => view! { <ProblemBox problem=p/> }.into_any(),
        Some(Ok(items)) => view! { <CertificateHistory items=items/> }.into_any(),
    };

    view! {
        <p class="breadcrumb"><a href="/employer">{move || tr(lang.get(), Key::MenuTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::CertEmployerTitle)}</h1>
        <Show when=move || issued.with(Option::is_none) fallback=issued_view>
            <p>{move || tr(lang.get(), Key::CertEmployerIntro)}</p>
            {form_view}
        </Show>
        <h2>{move || tr(lang.get(), Key::CertHistory)}</h2>
        {history_view}
    }
}
