//! 灵活就业人员参保登记, in four steps: 用户须知 → 业务申报 → 材料申报 → 收件回执单. The
//! step 业务申报 depends on the resident's state (from the server): someone not insured
//! or suspended enrols (base within the month's limits, start month = handling month);
//! a flexible worker suspends (灵活就业人员社保中断, month of change: the handling month or
//! the month before); someone insured through an employer is refused, with the reason.
//! Every field is judged by `shebao_core::flexible` at the server's clock.

use crate::api::{self, FlexibleView, MaterialReceipt, Problem, Role};
use crate::app::RequireRole;
use crate::components::form::{
    district_options, focus, CheckboxField, ErrorSummary, FormState, HandlingMonth, RadioField,
    SelectField, SubmitButton, TextField,
};
use crate::components::submit::{self, Submit};
use crate::components::wizard::Steps;
use crate::components::{loaded, ProblemBox};
use crate::drafts;
use crate::i18n::{money, tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::{Clock, Session};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shebao_core::api::{FlexEnrolForm, FlexSuspendForm, SubmissionReceipt};
use shebao_core::flexible::{self, FlexAction, FlexState};
use shebao_core::{Code, Violation};
use wasm_bindgen::JsCast;

const DRAFT: &str = "flexible";
const MAX_FILE_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Draft {
    step: usize,
    notice: bool,
    district: String,
    base: String,
    medical: bool,
    change_month: String,
    materials: Vec<(String, usize)>,
}

#[component]
pub fn FlexiblePage() -> impl IntoView {
    view! { <RequireRole role=Role::Resident><Flexible/></RequireRole> }
}

#[component]
fn Flexible() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let view_data = LocalResource::new(|| api::get::<FlexibleView>("/resident/flexible"));
    view! {
        <p class="breadcrumb"><a href="/resident">{move || tr(lang.get(), Key::ResidentTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::FlexTitle)}</h1>
        {loaded(view_data, |v| view! { <Wizard info=v/> })}
    }
}

#[component]
pub(crate) fn Wizard(info: FlexibleView) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let user = expect_context::<Session>().username();
    let draft: Draft = drafts::load(&user, DRAFT).unwrap_or_default();

    let flex_state = info.state;
    let action = info.action;
    let step = RwSignal::new(draft.step.min(2));
    let notice = RwSignal::new(draft.notice);
    let district = RwSignal::new(if draft.district.is_empty() {
        info.hukou_district.clone().unwrap_or_default()
    } else {
        draft.district
    });
    let base = RwSignal::new(draft.base);
    let medical = RwSignal::new(draft.medical);
    let change_month = RwSignal::new(draft.change_month);
    let materials = RwSignal::new(draft.materials);
    let receipt = RwSignal::new(None::<SubmissionReceipt>);
    let upload_error = RwSignal::new(None::<Problem>);
    let uploading = RwSignal::new(false);

    let enrol_form = move || FlexEnrolForm {
        hukou_district: district.get(),
        base: base.get(),
        include_medical: medical.get(),
        notice_acknowledged: notice.get(),
        checked_month: Some(clock.handling_month().to_string()),
    };
    let suspend_form = move || FlexSuspendForm {
        change_month: change_month.get(),
        checked_month: Some(clock.handling_month().to_string()),
    };

    // Core's verdict on the step shown.
    let local = Signal::derive(move || {
        let now = clock.now_ms();
        match step.get() {
            0 => {
                if notice.get() {
                    Vec::new()
                } else {
                    vec![Violation::new(Code::NoticeNotAcknowledged, "notice")]
                }
            }
            _ => match action {
                Some(FlexAction::Enrol) => flexible::plan_enrol(&flex_state, &enrol_form(), now)
                    .err()
                    .map(|v| v.0)
                    .unwrap_or_default(),
                Some(FlexAction::Suspend) => {
                    flexible::plan_suspend(&flex_state, &suspend_form(), now)
                        .err()
                        .map(|v| v.0)
                        .unwrap_or_default()
                }
                None => Vec::new(),
            },
        }
    });
    let state = FormState::new(local);

    {
        let user = user.clone();
        Effect::new(move |_| {
            let step = step.get();
            // The receipt ends the wizard: what was typed has been submitted, so nothing
            // is kept (else the next visit would reopen at 材料申报 with the old files).
            if step == 3 {
                drafts::clear(&user, DRAFT);
                return;
            }
            drafts::save(
                &user,
                DRAFT,
                &Draft {
                    step,
                    notice: notice.get(),
                    district: district.get(),
                    base: base.get(),
                    medical: medical.get(),
                    change_month: change_month.get(),
                    materials: materials.get(),
                },
            );
        });
    }

    let go = move |to: usize| {
        state.attempted.set(false);
        step.set(to);
        focus("step-heading");
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.attempt() {
            go(step.get_untracked() + 1);
        }
    };

    let send_file =
        Submit::new(uploading).action(
            |file: &web_sys::File| {
                let file = file.clone();
                async move {
                    api::upload::<MaterialReceipt>("/resident/flexible/materials", &file).await
                }
            },
            move |answer| match answer {
                Ok(m) => materials.update(|list| list.push((m.file_name, m.size))),
                Err(p) => upload_error.set(Some(p)),
            },
        );
    let upload = move |_| {
        let file = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("f-file"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let Some(file) = file else {
            upload_error.set(Some(Problem {
                status: 422,
                violations: vec![Violation::new(Code::Required, "file")],
            }));
            focus("f-file");
            return;
        };
        let name = file.name().to_lowercase();
        let type_ok = [".pdf", ".jpg", ".jpeg", ".png"]
            .iter()
            .any(|ext| name.ends_with(ext));
        let refusal = if !type_ok {
            Some(Violation::new(Code::FileType, "file").with("allowed", "PDF、JPG、PNG"))
        } else if file.size() > MAX_FILE_BYTES {
            Some(Violation::new(Code::FileTooLarge, "file").with("max", "5 MB"))
        } else {
            None
        };
        if let Some(v) = refusal {
            upload_error.set(Some(Problem {
                status: 422,
                violations: vec![v],
            }));
            focus("f-file");
            return;
        }
        upload_error.set(None);
        send_file.dispatch_local(file);
    };

    let send = Submit::new(state.busy)
        .clearing_draft(user.clone(), DRAFT)
        .action(
            move |(path, body, key): &(&'static str, serde_json::Value, String)| {
                let (path, body, key) = (*path, body.clone(), key.clone());
                async move { submit::post(clock, path, &body, &key).await }
            },
            move |answer: Result<SubmissionReceipt, _>| match answer {
                Ok(r) => {
                    receipt.set(Some(r));
                    go(3);
                }
                Err(problem) => {
                    // Back to the step with the fields, the refusal on top.
                    step.set(1);
                    state.refused(problem);
                }
            },
        );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.attempted.set(true);
        if state.busy.get_untracked() {
            return;
        }
        let (path, body) = match action {
            Some(FlexAction::Suspend) => (
                "/resident/flexible/suspend",
                serde_json::to_value(suspend_form()).unwrap_or_default(),
            ),
            _ => (
                "/resident/flexible/enrol",
                serde_json::to_value(enrol_form()).unwrap_or_default(),
            ),
        };
        send.dispatch_local((path, body, state.key.get_untracked()));
    };

    let district_options = district_options(lang);
    let change_options = Signal::derive(move || {
        let handling = clock.handling_month();
        let months = match flex_state {
            FlexState::FlexibleActive { since } => flexible::allowed_change_months(since, handling),
            _ => Vec::new(),
        };
        months
            .into_iter()
            .map(|m| {
                let note = trf(lang.get(), Key::ContributionsEnd, &[("month", &m.prev())]);
                (m.to_string(), format!("{m}（{note}）"))
            })
            .collect()
    });

    let step_notice = move || {
        view! {
            <form novalidate on:submit=next>
                <h2 id="step-heading" tabindex="-1">{move || tr(lang.get(), Key::StepNotice)}</h2>
                <div class="notice-text" id="notice-text">
                    <p>{move || tr(lang.get(), Key::FlexNotice1)}</p>
                    <p>{move || tr(lang.get(), Key::FlexNotice2)}</p>
                    <p>{move || tr(lang.get(), Key::FlexNotice3)}</p>
                </div>
                <CheckboxField state=state field="notice" checked=notice label=Key::NoticeAccept/>
                <button type="submit" class="button" id="flex-next">{move || tr(lang.get(), Key::Next)}</button>
            </form>
        }
    };

    let enrol_fields = move || {
        let limits = match (info.base_min, info.base_max) {
            (Some(min), Some(max)) => Some((min, max)),
            _ => None,
        };
        view! {
            <p class="notice notice-info" id="flex-case">{move || tr(lang.get(), Key::FlexEnrolCase)}</p>
            <SelectField state=state field="hukou_district" value=district options=district_options
                hint=Key::DistrictHint required=true/>
            <TextField state=state field="base" value=base inputmode="decimal" required=true/>
            {limits.map(|(min, max)| view! {
                <p class="hint" id="base-limits">{move || {
                    let lang = lang.get();
                    trf(lang, Key::FlexBaseRange, &[("min", &money(lang, min)), ("max", &money(lang, max))])
                }}</p>
            })}
            {move || {
                let plan = flexible::plan_enrol(&flex_state, &enrol_form(), clock.now_ms()).ok()?;
                Some(view! {
                    <p class="notice notice-info" id="flex-amount">
                        {trf(lang.get(), Key::FlexMonthlyAmount, &[
                            ("amount", &money(lang.get(), plan.pension.individual)),
                            ("month", &plan.start_month),
                        ])}
                    </p>
                })
            }}
            <CheckboxField state=state field="insurances" checked=medical label=Key::IncludeMedical/>
            <HandlingMonth note=Key::FlexStartFixed
                label=Signal::derive(move || tr(lang.get(), Key::PlanStartMonth).to_string())/>
        }
    };

    let suspend_fields = move || {
        view! {
            <p class="notice notice-info" id="flex-case">{move || tr(lang.get(), Key::FlexSuspendCase)}</p>
            <RadioField state=state field="change_month" value=change_month options=change_options
                hint=Key::ChangeMonthRule required=true/>
        }
    };

    let step_apply = move || {
        let body = match action {
            Some(FlexAction::Enrol) => enrol_fields().into_any(),
            Some(FlexAction::Suspend) => suspend_fields().into_any(),
            None => {
                let refusal = info.refusal.clone();
                return view! {
                    <h2 id="step-heading" tabindex="-1">{move || tr(lang.get(), Key::StepApply)}</h2>
                    <div class="notice notice-error" role="alert" id="flex-refusal">
                        {move || refusal.as_ref().map(|v| view! { <p data-code=v.code.as_str()>{v.message(lang.get())}</p> })}
                        <p>{move || tr(lang.get(), Key::FlexRefusedHelp)}</p>
                    </div>
                    <p class="actions">
                        <button type="button" class="button button-secondary" on:click=move |_| go(0)>{move || tr(lang.get(), Key::Back)}</button>
                        <a href="/resident">{move || tr(lang.get(), Key::ResidentTitle)}</a>
                    </p>
                }
                .into_any();
            }
        };
        view! {
            <ErrorSummary state=state/>
            <form novalidate on:submit=next>
                <h2 id="step-heading" tabindex="-1">{move || tr(lang.get(), Key::StepApply)}</h2>
                {body}
                <p class="actions">
                    <button type="submit" class="button" id="flex-next">{move || tr(lang.get(), Key::Next)}</button>
                    <button type="button" class="button button-secondary" on:click=move |_| go(0)>{move || tr(lang.get(), Key::Back)}</button>
                </p>
            </form>
        }
        .into_any()
    };

    let step_materials = move || {
        view! {
            <ErrorSummary state=state/>
            <form novalidate on:submit=submit>
                <h2 id="step-heading" tabindex="-1">{move || tr(lang.get(), Key::StepMaterials)}</h2>
                <p>{move || tr(lang.get(), Key::MaterialsIntro)}</p>
                <div class="field" class=("field-invalid", move || upload_error.with(Option::is_some))>
                    <label for="f-file">{move || tr(lang.get(), Key::MaterialFile)}</label>
                    <p class="hint" id="f-file-hint">{move || tr(lang.get(), Key::MaterialHint)}</p>
                    {move || upload_error.get().map(|p| view! { <ProblemBox problem=p/> })}
                    <input type="file" id="f-file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                        aria-describedby="f-file-hint" aria-invalid=move || upload_error.with(Option::is_some).to_string()/>
                    <button type="button" class="button button-secondary" id="upload" disabled=move || uploading.get()
                        on:click=upload>{move || tr(lang.get(), if uploading.get() { Key::Working } else { Key::Upload })}</button>
                </div>
                <ul class="materials" id="materials">
                    {move || materials.get().into_iter().map(|(name, size)| view! {
                        <li>"✓ "{name}" ("{size.div_ceil(1024)}" KB)"</li>
                    }).collect_view()}
                </ul>
                <p class="actions">
                    <SubmitButton state=state id="flex-submit" label=Key::Submit/>
                    <button type="button" class="button button-secondary" on:click=move |_| go(1)>{move || tr(lang.get(), Key::Back)}</button>
                </p>
            </form>
        }
    };

    let step_receipt = move || {
        let lang = lang.get();
        let r = receipt.get()?;
        Some(view! {
            <div class="panel receipt" role="status">
                <h2 id="step-heading" tabindex="-1">{tr(lang, Key::StepReceipt)}</h2>
                <p>{tr(lang, Key::ReceiptIntro)}</p>
                <dl class="facts">
                    <dt>{tr(lang, Key::ApplicationNumber)}</dt><dd id="receipt-number">{r.application_number.clone()}</dd>
                    <dt>{tr(lang, Key::ApplicationKind)}</dt><dd>{r.kind.label(lang)}</dd>
                    <dt>{tr(lang, Key::ApplicationState)}</dt><dd id="receipt-state">{r.state.label(lang)}</dd>
                    <dt>{tr(lang, Key::SubmittedAt)}</dt><dd>{crate::i18n::datetime(r.submitted_at_ms)}</dd>
                    <dt>{tr(lang, Key::MaterialFile)}</dt>
                    <dd>{materials.get().into_iter().map(|(n, _)| n).collect::<Vec<_>>().join("、")}</dd>
                </dl>
                <p>{tr(lang, Key::AutoReviewNote)}</p>
                <p><a class="button" href="/resident">{tr(lang, Key::ResidentTitle)}</a></p>
            </div>
        })
    };

    view! {
        <Steps steps=vec![Key::StepNotice, Key::StepApply, Key::StepMaterials, Key::StepReceipt]
            current=Signal::derive(move || step.get())/>
        {move || match step.get() {
            0 => step_notice().into_any(),
            1 => step_apply(),
            2 => step_materials().into_any(),
            _ => step_receipt().into_any(),
        }}
    }
}
