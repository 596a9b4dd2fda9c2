//! Form fields that show core's violations, and the error summary.
//!
//! A [`FormState`] holds core's verdict on the form as it stands (recomputed as people
//! type), the server's refusal of the last attempt (which wins, and is cleared by any
//! edit), which fields have been touched, and the `Idempotency-Key` of the current
//! attempt (renewed by any edit, kept across retries of the same attempt). A field shows
//! core's messages once it has been left once, or after the first 下一步; the error
//! summary at the top lists every problem with a link to its field (GOV.UK pattern).
//!
//! Every control has `id = "f-" + field`, a `<label for>`, `aria-invalid` and
//! `aria-describedby` naming its hint and its error message.

use crate::api::{self, Problem};
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use shebao_core::text::push_escaped_html;
use shebao_core::violation::field_label;
use shebao_core::{Lang, Violation, Violations};
use wasm_bindgen::JsCast;

/// Moves the keyboard focus to an element (after the next render).
pub fn focus(id: &str) {
    focus_within_frames(id.to_string(), 5);
}

/// Focuses `id` at the next frame, or at one of the `frames` after it if the element is
/// not there yet (a part of the page rendered a task later, see `components::Later`).
fn focus_within_frames(id: String, frames: u32) {
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        match element {
            Some(el) => {
                let _ = el.focus();
            }
            None if frames > 0 => focus_within_frames(id, frames - 1),
            None => {}
        }
    });
}

pub fn field_id(field: &str) -> String {
    format!("f-{field}")
}

/// A field's label: core's, so the summary and the field say the same words.
pub fn label_of(field: &str, lang: Lang) -> String {
    field_label(field, lang).unwrap_or(field).to_string()
}

/// The districts (code, name) as a drop-down's options, in the reader's language.
pub fn district_options(lang: RwSignal<Lang>) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let lang = lang.get();
        shebao_core::region::DISTRICTS
            .iter()
            .map(|d| (d.code.to_string(), d.name(lang).to_string()))
            .collect()
    })
}

#[derive(Clone, Copy)]
pub struct FormState {
    local: Signal<Vec<Violation>>,
    pub server: RwSignal<Vec<Violation>>,
    pub network: RwSignal<bool>,
    touched: RwSignal<Vec<&'static str>>,
    pub attempted: RwSignal<bool>,
    pub key: RwSignal<String>,
    pub busy: RwSignal<bool>,
    /// The id of this form's error summary (one page may have two forms).
    pub summary_id: &'static str,
}

impl FormState {
    pub fn new(local: Signal<Vec<Violation>>) -> FormState {
        FormState {
            local,
            server: RwSignal::new(Vec::new()),
            network: RwSignal::new(false),
            touched: RwSignal::new(Vec::new()),
            attempted: RwSignal::new(false),
            key: RwSignal::new(api::new_idempotency_key()),
            busy: RwSignal::new(false),
            summary_id: "error-summary",
        }
    }

    /// The state of a form judged by one of core's `plan`s: its violations are the
    /// verdict's refusal, none while there is nothing to judge (`None`) or it passes.
    pub fn judged<P>(verdict: Memo<Option<Result<P, Violations>>>) -> FormState
    where
        P: PartialEq + Send + Sync + 'static,
    {
        FormState::new(Signal::derive(move || {
            verdict.with(|v| match v {
                Some(Err(refused)) => refused.0.clone(),
                _ => Vec::new(),
            })
        }))
    }

    pub fn with_summary_id(mut self, id: &'static str) -> FormState {
        self.summary_id = id;
        self
    }

    /// Something was typed or chosen: a new attempt begins.
    pub fn edited(self) {
        if !self.server.with_untracked(Vec::is_empty) {
            self.server.set(Vec::new());
        }
        self.network.set(false);
        self.key.set(api::new_idempotency_key());
    }

    pub fn touch(self, field: &'static str) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// Starts over (after a receipt).
    pub fn reset(self) {
        self.server.set(Vec::new());
        self.network.set(false);
        self.touched.set(Vec::new());
        self.attempted.set(false);
        self.key.set(api::new_idempotency_key());
    }

    pub fn field_violations(self, field: &str) -> Vec<Violation> {
        let mut out: Vec<Violation> = self
            .server
            .with(|s| s.iter().filter(|v| v.field == field).cloned().collect());
        let show_local = self.attempted.get() || self.touched.with(|t| t.contains(&field));
        if show_local {
            self.local.with(|l| {
                for v in l.iter().filter(|v| v.field == field) {
                    if !out.iter().any(|o| o.code == v.code) {
                        out.push(v.clone());
                    }
                }
            });
        }
        out
    }

    /// What the error summary lists: the server's refusal, and after an attempt core's
    /// verdict.
    pub fn summary(self) -> Vec<Violation> {
        let mut out = self.server.get();
        if self.attempted.get() {
            self.local.with(|l| {
                for v in l {
                    if !out.iter().any(|o| o.code == v.code && o.field == v.field) {
                        out.push(v.clone());
                    }
                }
            });
        }
        out
    }

    pub fn is_valid_untracked(self) -> bool {
        self.local.with_untracked(Vec::is_empty)
    }

    /// 下一步 pressed: true when the form may be sent; otherwise the summary shows why.
    pub fn attempt(self) -> bool {
        self.attempted.set(true);
        if self.busy.get_untracked() {
            return false;
        }
        if self.is_valid_untracked() {
            true
        } else {
            focus(self.summary_id);
            false
        }
    }

    /// The server refused (or could not be reached); the data stays in the form.
    pub fn refused(self, problem: Problem) {
        if problem.is_network() {
            self.network.set(true);
        } else {
            self.server.set(problem.violations);
        }
        focus(self.summary_id);
    }
}

/// A month that is not a choice: the handling month (the server's clock), with `note`
/// saying why. `label` is what the month is (e.g. 工伤保险参保年月).
#[component]
pub fn HandlingMonth(
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] id: Option<&'static str>,
    note: Key,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<crate::session::Clock>();
    view! {
        <div class="field">
            <p class="fixed-label">{label}</p>
            <p class="fixed-value" id=id>
                {move || clock.handling_month().to_string()}
                <span class="hint">{move || tr(lang.get(), note)}</span>
            </p>
        </div>
    }
}

/// A form's submit button, disabled and saying 正在处理… while the form is being sent.
#[component]
pub fn SubmitButton(state: FormState, id: &'static str, label: Key) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <button type="submit" class="button" id=id disabled=move || state.busy.get()>
            {move || tr(lang.get(), if state.busy.get() { Key::Working } else { label })}
        </button>
    }
}

/// The error summary: every problem, each a link that moves the focus to its field.
#[component]
pub fn ErrorSummary(state: FormState) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    move || {
        let lang = lang.get();
        let items = state.summary();
        let network = state.network.get();
        if items.is_empty() && !network {
            return None;
        }
        let list = items
            .into_iter()
            .map(|v| {
                let target = field_id(&v.field);
                let text = v.summary(lang);
                view! {
                    <li data-code=v.code.as_str()>
                        <a href=format!("#{target}") on:click=move |ev| {
                            ev.prevent_default();
                            focus(&target);
                        }>{text}</a>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="error-summary" id=state.summary_id role="alert" tabindex="-1">
                <h2>{tr(lang, Key::ErrorSummaryTitle)}</h2>
                <ul>
                    {list}
                    {network.then(|| view! { <li>{tr(lang, Key::NetworkError)}</li> })}
                </ul>
            </div>
        })
    }
}

fn described_by(hint: bool, id: &str, invalid: bool) -> String {
    let mut parts = Vec::new();
    if hint {
        parts.push(format!("{id}-hint"));
    }
    if invalid {
        parts.push(format!("{id}-error"));
    }
    parts.join(" ")
}

fn error_lines(violations: Vec<Violation>, lang: Lang) -> impl IntoView {
    violations
        .into_iter()
        .map(|v| view! { <span class="error-line" data-code=v.code.as_str()>{v.message(lang)}</span> })
        .collect_view()
}

/// What every field has around its control: its id, core's verdict on it, its label
/// (core's field label unless the page names it) with the required mark, its hint and
/// the line for its messages.
#[derive(Clone, Copy)]
struct Frame {
    lang: RwSignal<Lang>,
    field: &'static str,
    errors: Memo<Vec<Violation>>,
    label: Option<Key>,
    hint: Option<Key>,
    required: bool,
}

impl Frame {
    fn new(
        state: FormState,
        field: &'static str,
        label: Option<Key>,
        hint: Option<Key>,
        required: bool,
    ) -> Frame {
        Frame {
            lang: expect_context::<Prefs>().lang,
            field,
            errors: Memo::new(move |_| state.field_violations(field)),
            label,
            hint,
            required,
        }
    }

    fn id(self) -> String {
        field_id(self.field)
    }

    fn invalid(self) -> bool {
        !self.errors.with(Vec::is_empty)
    }

    /// The control's `aria-describedby`: its hint and its messages.
    fn described_by(self) -> String {
        described_by(self.hint.is_some(), &self.id(), self.invalid())
    }

    /// The words of the `<label>` (or `<legend>`).
    fn label(self) -> impl IntoView {
        let lang = self.lang;
        let text = move || match self.label {
            Some(k) => tr(lang.get(), k).to_string(),
            None => label_of(self.field, lang.get()),
        };
        view! {
            {text}{self.required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}
        }
    }

    /// The hint, if there is one, and the line of core's messages.
    fn hint_and_errors(self) -> impl IntoView {
        let (lang, id) = (self.lang, self.id());
        view! {
            {self.hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{move || tr(lang.get(), h)}</p> })}
            <p class="field-error" id=format!("{id}-error")>{move || error_lines(self.errors.get(), lang.get())}</p>
        }
    }
}

/// A text input judged by core.
#[component]
pub fn TextField(
    state: FormState,
    field: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] label: Option<Key>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let frame = Frame::new(state, field, label, hint, required);
    let invalid = move || frame.invalid();
    view! {
        <div class="field" class=("field-invalid", invalid)>
            <label for=frame.id()>{frame.label()}</label>
            {frame.hint_and_errors()}
            <input id=frame.id() name=field type=input_type.unwrap_or("text")
                inputmode=inputmode autocomplete=autocomplete.unwrap_or("off") spellcheck="false"
                maxlength=maxlength.map(|m| m.to_string())
                aria-required=required.then_some("true")
                aria-invalid=move || invalid().to_string()
                aria-describedby=move || frame.described_by()
                prop:value=value
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    state.edited();
                }
                on:change=move |_| state.touch(field)/>
        </div>
    }
}

/// A `<select>` judged by core. `options` are (value, label); a "请选择" option with the
/// empty value comes first.
#[component]
pub fn SelectField(
    state: FormState,
    field: &'static str,
    value: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
    #[prop(optional)] label: Option<Key>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let frame = Frame::new(state, field, label, hint, required);
    let invalid = move || frame.invalid();
    // The options as one piece of HTML, set in one go: as a view each, a list of
    // districts or of 36 months was hundreds of DOM calls and render effects, the
    // largest part of building the page (CPU profile of the certificate page). Built
    // again only when the options or the language change; the choice itself follows
    // `prop:value` (the `selected` here only places it when the list is rebuilt).
    let options_html = move || {
        let current = value.get_untracked();
        let mut html = String::new();
        let mut push = |v: &str, l: &str| {
            html.push_str("<option value=\"");
            push_escaped_html(&mut html, v);
            html.push('"');
            if v == current {
                html.push_str(" selected");
            }
            html.push('>');
            push_escaped_html(&mut html, l);
            html.push_str("</option>");
        };
        push("", tr(lang.get(), Key::PleaseChoose));
        options.with(|options| options.iter().for_each(|(v, l)| push(v, l)));
        html
    };
    view! {
        <div class="field" class=("field-invalid", invalid)>
            <label for=frame.id()>{frame.label()}</label>
            {frame.hint_and_errors()}
            <select id=frame.id() name=field inner_html=options_html
                aria-required=required.then_some("true")
                aria-invalid=move || invalid().to_string()
                aria-describedby=move || frame.described_by()
                prop:value=value
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    state.edited();
                    state.touch(field);
                }>
            </select>
        </div>
    }
}

/// Radio buttons in a fieldset, judged by core. The first radio carries the field's id,
/// so the error summary can move the focus to it.
#[component]
pub fn RadioField(
    state: FormState,
    field: &'static str,
    value: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
    #[prop(optional)] label: Option<Key>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let frame = Frame::new(state, field, label, hint, required);
    let invalid = move || frame.invalid();
    let radios = {
        let id = frame.id();
        move || {
            options
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, (v, l))| {
                    let rid = if i == 0 {
                        id.clone()
                    } else {
                        format!("{id}-{i}")
                    };
                    let checked_v = v.clone();
                    let set_v = v.clone();
                    view! {
                        <div class="radio">
                            <input type="radio" id=rid.clone() name=field value=v
                                prop:checked=move || value.get() == checked_v
                                on:change=move |_| {
                                    value.set(set_v.clone());
                                    state.edited();
                                    state.touch(field);
                                }/>
                            <label for=rid>{l}</label>
                        </div>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <fieldset class="field" class=("field-invalid", invalid)
            aria-invalid=move || invalid().to_string() aria-describedby=move || frame.described_by()>
            <legend>{frame.label()}</legend>
            {frame.hint_and_errors()}
            <div class="radios">{radios}</div>
        </fieldset>
    }
}

/// One checkbox, judged by core.
#[component]
pub fn CheckboxField(
    state: FormState,
    field: &'static str,
    checked: RwSignal<bool>,
    label: Key,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let frame = Frame::new(state, field, None, None, false);
    let invalid = move || frame.invalid();
    let id = frame.id();
    view! {
        <div class="field" class=("field-invalid", invalid)>
            {frame.hint_and_errors()}
            <div class="checkbox">
                <input type="checkbox" id=id.clone() name=field
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=move || frame.described_by()
                    prop:checked=checked
                    on:change=move |ev| {
                        checked.set(event_target_checked(&ev));
                        state.edited();
                        state.touch(field);
                    }/>
                <label for=id>{move || tr(lang.get(), label)}</label>
            </div>
        </div>
    }
}
