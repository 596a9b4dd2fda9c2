//! 开办企业全程网上办: a founder, logged in as a resident, files a new unit's social
//! insurance registration and its first employees in one filing, one thing per page:
//! 单位信息 → 专管员 → 职工 → 核对信息 → 保存成功. Everything is judged as typed by
//! `shebao_core::opening` (through `shebao_sheet::opening`, which says which page a
//! violation's path belongs to), without the facts only the server knows (a registered
//! credit code, the employees' insurance status); the server judges again with them.
//! What is typed is kept as a draft until the server has saved it.

use crate::api::Role;
use crate::app::RequireRole;
use crate::components::form::{
    district_options, focus, label_of, ErrorSummary, FormState, RadioField, SelectField,
    SubmitButton, TextField,
};
use crate::components::sheet_file::{read_file, rows_of};
use crate::components::submit::{self, Submit};
use crate::components::table::DataTable;
use crate::components::wizard::{NextBack, Steps};
use crate::drafts;
use crate::i18n::{tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::{Clock, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use shebao_core::api::{EnrolmentForm, SubmissionReceipt};
use shebao_core::enrolment::allowed_start_months;
use shebao_core::industry::IndustryClass;
use shebao_core::insurance::Insurance;
use shebao_core::opening::{ContactForm, OpeningForm, UnitForm, MAX_EMPLOYEES};
use shebao_core::{Lang, Violation};
use shebao_sheet::batch::BatchKind;
use shebao_sheet::opening::{self as filing, Section};
use wasm_bindgen::JsCast;

const DRAFT: &str = "opening";
const PATH: &str = "/resident/openings";

/// The wizard's pages, in order.
const STEP_UNIT: usize = 0;
const STEP_CONTACT: usize = 1;
const STEP_EMPLOYEES: usize = 2;
const STEP_CHECK: usize = 3;
const STEP_SAVED: usize = 4;

fn step_of(section: Section) -> usize {
    match section {
        Section::Unit => STEP_UNIT,
        Section::Contact => STEP_CONTACT,
        Section::Employees => STEP_EMPLOYEES,
    }
}

/// What is kept between visits: the page reached and everything typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Draft {
    step: usize,
    filing: OpeningForm,
    typing: EnrolmentForm,
}

#[component]
pub fn OpeningPage() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <RequireRole role=Role::Resident>
            <p class="breadcrumb"><a href="/resident">{move || tr(lang.get(), Key::ResidentTitle)}</a></p>
            <h1>{move || tr(lang.get(), Key::OpeningTitle)}</h1>
            <OpeningWizard/>
        </RequireRole>
    }
}

/// One signal per typed field of a form of strings.
#[derive(Clone, Copy)]
struct UnitFields {
    credit_code: RwSignal<String>,
    name: RwSignal<String>,
    registered_address: RwSignal<String>,
    district: RwSignal<String>,
    founding_date: RwSignal<String>,
    legal_representative: RwSignal<String>,
    industry_class: RwSignal<String>,
    contact_name: RwSignal<String>,
    contact_mobile: RwSignal<String>,
}

impl UnitFields {
    fn new(f: &OpeningForm) -> UnitFields {
        UnitFields {
            credit_code: RwSignal::new(f.unit.credit_code.clone()),
            name: RwSignal::new(f.unit.name.clone()),
            registered_address: RwSignal::new(f.unit.registered_address.clone()),
            district: RwSignal::new(f.unit.district.clone()),
            founding_date: RwSignal::new(f.unit.founding_date.clone()),
            legal_representative: RwSignal::new(f.unit.legal_representative.clone()),
            industry_class: RwSignal::new(f.unit.industry_class.clone()),
            contact_name: RwSignal::new(f.contact.name.clone()),
            contact_mobile: RwSignal::new(f.contact.mobile.clone()),
        }
    }

    fn unit(self) -> UnitForm {
        UnitForm {
            credit_code: self.credit_code.get(),
            name: self.name.get(),
            registered_address: self.registered_address.get(),
            district: self.district.get(),
            founding_date: self.founding_date.get(),
            legal_representative: self.legal_representative.get(),
            industry_class: self.industry_class.get(),
        }
    }

    fn contact(self) -> ContactForm {
        ContactForm {
            name: self.contact_name.get(),
            mobile: self.contact_mobile.get(),
        }
    }
}

/// The employee being typed, one signal per field (as 增员's form, with the ID typed
/// here: there is no person search before a unit exists).
#[derive(Clone, Copy)]
struct EmployeeFields {
    citizen_id: RwSignal<String>,
    name: RwSignal<String>,
    mobile: RwSignal<String>,
    hukou_district: RwSignal<String>,
    hukou_type: RwSignal<String>,
    employment_start: RwSignal<String>,
    monthly_wage: RwSignal<String>,
    pension_start: RwSignal<String>,
    unemployment_start: RwSignal<String>,
}

impl EmployeeFields {
    fn new(f: &EnrolmentForm) -> EmployeeFields {
        EmployeeFields {
            citizen_id: RwSignal::new(f.citizen_id.clone()),
            name: RwSignal::new(f.name.clone()),
            mobile: RwSignal::new(f.mobile.clone()),
            hukou_district: RwSignal::new(f.hukou_district.clone()),
            hukou_type: RwSignal::new(f.hukou_type.clone()),
            employment_start: RwSignal::new(f.employment_start.clone()),
            monthly_wage: RwSignal::new(f.monthly_wage.clone()),
            pension_start: RwSignal::new(f.pension_start.clone()),
            unemployment_start: RwSignal::new(f.unemployment_start.clone()),
        }
    }

    fn all(self) -> [RwSignal<String>; 9] {
        [
            self.citizen_id,
            self.name,
            self.mobile,
            self.hukou_district,
            self.hukou_type,
            self.employment_start,
            self.monthly_wage,
            self.pension_start,
            self.unemployment_start,
        ]
    }

    fn form(self) -> EnrolmentForm {
        EnrolmentForm {
            citizen_id: self.citizen_id.get(),
            name: self.name.get(),
            mobile: self.mobile.get(),
            hukou_district: self.hukou_district.get(),
            hukou_type: self.hukou_type.get(),
            employment_start: self.employment_start.get(),
            monthly_wage: self.monthly_wage.get(),
            pension_start: self.pension_start.get(),
            unemployment_start: self.unemployment_start.get(),
            checked_month: None,
        }
    }

    fn fill(self, f: &EnrolmentForm) {
        let values = [
            &f.citizen_id,
            &f.name,
            &f.mobile,
            &f.hukou_district,
            &f.hukou_type,
            &f.employment_start,
            &f.monthly_wage,
            &f.pension_start,
            &f.unemployment_start,
        ];
        for (signal, value) in self.all().into_iter().zip(values) {
            signal.set(value.clone());
        }
    }

    fn is_empty(self) -> bool {
        self.all().iter().all(|s| s.with(|v| v.trim().is_empty()))
    }
}

/// The wizard itself (mounted alone by the component tests).
#[component]
pub(crate) fn OpeningWizard() -> impl IntoView {
    let clock = expect_context::<Clock>();
    let user = expect_context::<Session>().username();
    let draft: Draft = drafts::load(&user, DRAFT).unwrap_or_default();

    // A draft never reopens at the receipt: that filing was saved.
    let step = RwSignal::new(draft.step.min(STEP_CHECK));
    let unit = UnitFields::new(&draft.filing);
    let employees = RwSignal::new(draft.filing.employees.clone());
    let typing = EmployeeFields::new(&draft.typing);
    let receipt = RwSignal::new(None::<SubmissionReceipt>);
    let refusal = RwSignal::new(Vec::<Violation>::new());
    let network_failed = RwSignal::new(false);

    // The filing as typed, recomputed only when something in it changes.
    let typed = Memo::new(move |_| OpeningForm {
        unit: unit.unit(),
        contact: unit.contact(),
        employees: employees.get(),
        checked_month: Some(clock.handling_month().to_string()),
    });
    let form = move || typed.get();
    // Core's verdict on the whole filing as typed.
    let verdict = Memo::new(move |_| filing::check(&form(), clock.now_ms()));
    let section =
        move |s: Section| Signal::derive(move || verdict.with(|v| filing::in_section(v, s)));
    let unit_state = FormState::new(section(Section::Unit));
    let contact_state = FormState::new(section(Section::Contact));
    let list_state = FormState::new(section(Section::Employees)).with_summary_id("list-summary");
    let add_state = FormState::new(Signal::derive(move || {
        filing::check_next_employee(&form(), &typing.form(), clock.now_ms())
    }))
    .with_summary_id("add-summary");
    let send_busy = RwSignal::new(false);
    // The server's word on the employees holds until the list changes.
    Effect::new(move |_| {
        employees.track();
        list_state.server.set(Vec::new());
    });
    // The rows show core's verdict and the server's last refusal of them.
    let judged = Memo::new(move |_| {
        let mut all = verdict.get();
        list_state.server.with(|s| all.extend(s.iter().cloned()));
        all
    });

    {
        let user = user.clone();
        Effect::new(move |_| {
            let step = step.get();
            // The receipt ends the wizard: the filing is saved, so nothing is kept (else
            // the next visit would reopen 核对信息 with the filing just sent).
            if step == STEP_SAVED {
                drafts::clear(&user, DRAFT);
                return;
            }
            let draft = Draft {
                step,
                filing: form(),
                typing: typing.form(),
            };
            drafts::save(&user, DRAFT, &draft);
        });
    }

    let go = move |to: usize| {
        for s in [unit_state, contact_state, list_state] {
            s.attempted.set(false);
        }
        step.set(to);
        focus("step-heading");
    };
    let next_if = move |state: FormState| {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if state.attempt() {
                go(step.get_untracked() + 1);
            }
        }
    };

    let send = Submit::new(send_busy)
        .clearing_draft(user.clone(), DRAFT)
        .action(
            move |(body, key): &(OpeningForm, String)| {
                let (body, key) = (body.clone(), key.clone());
                async move { submit::post(clock, PATH, &body, &key).await }
            },
            move |answer: Result<SubmissionReceipt, _>| match answer {
                Ok(r) => {
                    receipt.set(Some(r));
                    go(STEP_SAVED);
                }
                Err(problem) => {
                    network_failed.set(problem.is_network());
                    // Each page shows the server's word at its fields too (what only the
                    // server knows: a registered credit code, an employee insured elsewhere).
                    for (state, section) in [
                        (unit_state, Section::Unit),
                        (contact_state, Section::Contact),
                        (list_state, Section::Employees),
                    ] {
                        state
                            .server
                            .set(filing::in_section(&problem.violations, section));
                    }
                    refusal.set(problem.violations);
                    focus("refusal");
                }
            },
        );
    // One idempotency key per filing as it stands: a retry of the same filing (after a
    // lost answer) replays the server's answer; any change makes a new attempt.
    let key = RwSignal::new(crate::api::new_idempotency_key());
    Effect::new(move |_| {
        typed.track();
        key.set(crate::api::new_idempotency_key());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if send_busy.get_untracked() {
            return;
        }
        refusal.set(Vec::new());
        network_failed.set(false);
        send.dispatch_local((untrack(form), key.get_untracked()));
    };

    let steps = vec![
        Key::StepUnit,
        Key::StepContact,
        Key::StepEmployees,
        Key::StepCheck,
        Key::SavedOk,
    ];
    view! {
        <Steps steps=steps current=Signal::derive(move || step.get())/>
        {move || match step.get() {
            STEP_UNIT => view! { <UnitStep state=unit_state unit=unit on_next=next_if(unit_state)/> }.into_any(),
            STEP_CONTACT => view! {
                <ContactStep state=contact_state unit=unit on_next=next_if(contact_state) on_back=move || go(STEP_UNIT)/>
            }.into_any(),
            STEP_EMPLOYEES => view! {
                <EmployeesStep list_state=list_state add_state=add_state employees=employees typing=typing
                    verdict=judged on_next=next_if(list_state) on_back=move || go(STEP_CONTACT)/>
            }.into_any(),
            STEP_CHECK => view! {
                <CheckStep filing=Signal::derive(form) refusal=refusal network_failed=network_failed
                    busy=send_busy on_submit=submit on_change=move |to| go(to)/>
            }.into_any(),
            _ => view! { <SavedStep receipt=receipt/> }.into_any(),
        }}
    }
}

/// 单位信息: the unit's registration, one field each, judged as typed.
#[component]
fn UnitStep(
    state: FormState,
    unit: UnitFields,
    on_next: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let districts = district_options(lang);
    let classes = Signal::derive(move || {
        let lang = lang.get();
        IndustryClass::all()
            .map(|c| (c.number().to_string(), c.label(lang)))
            .collect::<Vec<_>>()
    });
    view! {
        <ErrorSummary state=state/>
        <form novalidate on:submit=on_next>
            <h2 id="step-heading" tabindex="-1">{move || tr(lang.get(), Key::StepUnit)}</h2>
            <p class="hint">{move || tr(lang.get(), Key::RequiredNote)}</p>
            <TextField state=state field="unit.credit_code" value=unit.credit_code maxlength=20
                hint=Key::CreditCodeHint required=true/>
            <TextField state=state field="unit.name" value=unit.name maxlength=100 required=true/>
            <TextField state=state field="unit.registered_address" value=unit.registered_address
                maxlength=200 required=true/>
            <SelectField state=state field="unit.district" value=unit.district options=districts
                hint=Key::InsuredDistrictHint required=true/>
            <TextField state=state field="unit.founding_date" value=unit.founding_date input_type="date"
                hint=Key::FoundingDateHint required=true/>
            <TextField state=state field="unit.legal_representative" value=unit.legal_representative
                maxlength=30 required=true/>
            <SelectField state=state field="unit.industry_class" value=unit.industry_class options=classes
                hint=Key::IndustryClassHint required=true/>
            <button type="submit" class="button" id="opening-next">{move || tr(lang.get(), Key::Next)}</button>
        </form>
    }
}

/// 专管员: the contact person, whose mobile number becomes the unit's agent account.
#[component]
fn ContactStep(
    state: FormState,
    unit: UnitFields,
    on_next: impl Fn(leptos::ev::SubmitEvent) + 'static,
    on_back: impl Fn() + 'static,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <ErrorSummary state=state/>
        <form novalidate on:submit=on_next>
            <h2 id="step-heading" tabindex="-1">{move || tr(lang.get(), Key::StepContact)}</h2>
            <p class="notice notice-info" id="contact-account">{move || tr(lang.get(), Key::ContactIntro)}</p>
            <TextField state=state field="contact.name" value=unit.contact_name maxlength=30 required=true/>
            <TextField state=state field="contact.mobile" value=unit.contact_mobile input_type="tel"
                inputmode="numeric" maxlength=13 hint=Key::MobileHint required=true/>
            <NextBack next_id="opening-next" on_back=on_back/>
        </form>
    }
}

/// 职工: the employees added so far (each with core's verdict in the filing), a form to
/// add one, and a spreadsheet in the 批量增员 format to add many.
#[component]
fn EmployeesStep(
    list_state: FormState,
    add_state: FormState,
    employees: RwSignal<Vec<EnrolmentForm>>,
    typing: EmployeeFields,
    verdict: Memo<Vec<Violation>>,
    on_next: impl Fn(leptos::ev::SubmitEvent) + 'static,
    on_back: impl Fn() + 'static,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    // The employee typed joins the list if core passes them; else the add form's
    // summary says why.
    let add_typed = move || {
        if add_state.attempt() {
            let employee = untrack(|| typing.form());
            employees.update(|list| list.push(employee));
            typing.fill(&EnrolmentForm::default());
            add_state.reset();
            focus("employees-heading");
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add_typed();
    };
    // 修改: the employee goes back into the form (out of the list) to be typed again.
    let change = move |index: usize| {
        if !typing.is_empty() {
            // Whatever was being typed is kept in the list rather than lost.
            let current = untrack(|| typing.form());
            employees.update(|list| list.push(current));
        }
        let Some(employee) = employees.with_untracked(|list| list.get(index).cloned()) else {
            return;
        };
        employees.update(|list| {
            list.remove(index);
        });
        typing.fill(&employee);
        add_state.reset();
        focus("f-citizen_id");
    };
    // 下一步 with an employee typed but not added: what was typed is not dropped
    // silently. Added if core passes it, else the page stays with its messages.
    let next = move |ev: leptos::ev::SubmitEvent| {
        if typing.is_empty() {
            on_next(ev);
            return;
        }
        ev.prevent_default();
        add_typed();
    };
    let remove = move |index: usize| {
        employees.update(|list| {
            if index < list.len() {
                list.remove(index);
            }
        });
        focus("employees-heading");
    };
    view! {
        <h2 id="step-heading" tabindex="-1">{move || tr(lang.get(), Key::StepEmployees)}</h2>
        <p>{move || tr(lang.get(), Key::EmployeesIntro)}</p>
        <ErrorSummary state=list_state/>
        <h3 id="employees-heading" tabindex="-1">{move || tr(lang.get(), Key::EmployeesListTitle)}</h3>
        <EmployeeList employees=employees verdict=verdict on_change=change on_remove=remove/>
        <section class="panel" aria-labelledby="add-heading">
            <h3 id="add-heading">{move || tr(lang.get(), Key::AddEmployeeTitle)}</h3>
            <ErrorSummary state=add_state/>
            <form novalidate on:submit=add>
                <EmployeeFieldsView state=add_state fields=typing/>
                <button type="submit" class="button button-secondary" id="add-employee">
                    {move || tr(lang.get(), Key::AddEmployee)}</button>
            </form>
        </section>
        <SheetImport employees=employees/>
        <form novalidate on:submit=next>
            <NextBack next_id="opening-next" on_back=on_back/>
        </form>
    }
}

/// The employees added, one row each, numbered from 1 as core's paths number them, with
/// core's verdict on each (its messages carry the ids the error summary links to).
#[component]
fn EmployeeList(
    employees: RwSignal<Vec<EnrolmentForm>>,
    verdict: Memo<Vec<Violation>>,
    on_change: impl Fn(usize) + Copy + Send + Sync + 'static,
    on_remove: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    move || {
        let lang = lang.get();
        let list = employees.get();
        if list.is_empty() {
            return view! { <p id="no-employees">{tr(lang, Key::NoEmployeesYet)}</p> }.into_any();
        }
        let all = verdict.get();
        let rows = list
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let number = i + 1;
                let problems = filing::employee_violations(&all, number);
                let status = if problems.is_empty() {
                    view! { <span class="tag tag-approved">{tr(lang, Key::RowOk)}</span> }.into_any()
                } else {
                    problems
                        .into_iter()
                        .map(|v| {
                            let id = format!("f-{}", filing::employee_path(number, &v.field));
                            view! {
                                <span class="error-line" id=id tabindex="-1" data-code=v.code.as_str()>
                                    {v.summary(lang)}</span>
                            }
                        })
                        .collect_view()
                        .into_any()
                };
                view! {
                    <tr data-employee=number>
                        <td data-label=tr(lang, Key::EmployeeNumber)>{number}</td>
                        <td data-label=tr(lang, Key::PersonName)>{e.name.clone()}</td>
                        <td data-label=tr(lang, Key::CitizenIdLabel)>{e.citizen_id.clone()}</td>
                        <td data-label=tr(lang, Key::BatchProblem)>{status}</td>
                        <td data-label=tr(lang, Key::CertActions)>
                            <button type="button" class="link-button" on:click=move |_| on_change(i)>
                                {tr(lang, Key::Change)}<span class="visually-hidden">" "{number}</span></button>
                            " "
                            <button type="button" class="link-button" on:click=move |_| on_remove(i)>
                                {tr(lang, Key::Remove)}<span class="visually-hidden">" "{number}</span></button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let headers = vec![
            Key::EmployeeNumber,
            Key::PersonName,
            Key::CitizenIdLabel,
            Key::BatchProblem,
            Key::CertActions,
        ];
        view! {
            <DataTable caption=Key::EmployeesListTitle headers=headers stacked=true id="employee-list">
                {rows}
            </DataTable>
        }
        .into_any()
    }
}

/// The fields of one employee, as 增员 has them (the ID typed, not searched).
#[component]
fn EmployeeFieldsView(state: FormState, fields: EmployeeFields) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let districts = district_options(lang);
    let hukou_options = Signal::derive(move || {
        let lang = lang.get();
        vec![
            ("urban".to_string(), tr(lang, Key::Urban).to_string()),
            ("rural".to_string(), tr(lang, Key::Rural).to_string()),
        ]
    });
    let month_options = move |insurance: Insurance| {
        Signal::derive(move || {
            let handling = clock.handling_month();
            let lang = lang.get();
            allowed_start_months(insurance, handling)
                .into_iter()
                .map(|m| {
                    let note = tr(
                        lang,
                        if m == handling {
                            Key::ThisMonth
                        } else {
                            Key::LastMonth
                        },
                    );
                    (m.to_string(), format!("{m}（{note}）"))
                })
                .collect()
        })
    };
    view! {
        <TextField state=state field="citizen_id" value=fields.citizen_id maxlength=18
            hint=Key::CitizenIdHint required=true/>
        <TextField state=state field="name" value=fields.name maxlength=30 required=true/>
        <TextField state=state field="mobile" value=fields.mobile input_type="tel" inputmode="numeric"
            maxlength=13 hint=Key::MobileHint required=true/>
        <SelectField state=state field="hukou_district" value=fields.hukou_district options=districts required=true/>
        <RadioField state=state field="hukou_type" value=fields.hukou_type options=hukou_options required=true/>
        <TextField state=state field="employment_start" value=fields.employment_start input_type="date"
            hint=Key::DateHint required=true/>
        <TextField state=state field="monthly_wage" value=fields.monthly_wage inputmode="decimal"
            hint=Key::WageHint required=true/>
        <RadioField state=state field="pension_start" value=fields.pension_start
            options=month_options(Insurance::Pension) hint=Key::StartMonthsRule required=true/>
        <RadioField state=state field="unemployment_start" value=fields.unemployment_start
            options=month_options(Insurance::Unemployment) required=true/>
    }
}

/// What can make a chosen spreadsheet unreadable before any row is judged.
#[derive(Clone, Debug, PartialEq)]
enum SheetProblem {
    NoFile,
    Unreadable,
    Empty,
    Missing(Vec<&'static str>),
    TooMany,
}

/// 从表格导入: a sheet in the 批量增员 format, read in the browser; its rows join the
/// list, where core judges each in the filing.
#[component]
fn SheetImport(employees: RwSignal<Vec<EnrolmentForm>>) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let problem = RwSignal::new(None::<SheetProblem>);
    let read = RwSignal::new(None::<usize>);
    let import = move |_| {
        let file = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("f-sheet"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let Some(file) = file else {
            problem.set(Some(SheetProblem::NoFile));
            focus("f-sheet");
            return;
        };
        problem.set(None);
        read.set(None);
        spawn_local(async move {
            let rows = match read_file(&file).await.map(|bytes| rows_of(&bytes)) {
                Some(Ok(rows)) => rows,
                Some(Err(shebao_sheet::SheetError::Empty)) => {
                    problem.set(Some(SheetProblem::Empty));
                    return;
                }
                _ => {
                    problem.set(Some(SheetProblem::Unreadable));
                    return;
                }
            };
            let table = match shebao_sheet::table(&rows, BatchKind::Enrol.columns()) {
                Ok(t) if t.records.is_empty() => {
                    problem.set(Some(SheetProblem::Empty));
                    return;
                }
                Ok(t) => t,
                Err(missing) => {
                    problem.set(Some(SheetProblem::Missing(missing)));
                    return;
                }
            };
            let rows = filing::employees_from_table(&table, untrack(|| clock.now_ms()));
            if employees.with_untracked(Vec::len) + rows.len() > MAX_EMPLOYEES {
                problem.set(Some(SheetProblem::TooMany));
                return;
            }
            read.set(Some(rows.len()));
            employees.update(|list| list.extend(rows.into_iter().map(|(_, form)| form)));
            focus("sheet-read");
        });
    };
    let problem_text = move |lang: Lang, p: SheetProblem| match p {
        SheetProblem::NoFile => tr(lang, Key::ChooseFile).to_string(),
        SheetProblem::Unreadable => tr(lang, Key::BatchUnreadable).to_string(),
        SheetProblem::Empty => tr(lang, Key::BatchEmpty).to_string(),
        SheetProblem::TooMany => trf(lang, Key::TooManyEmployees, &[("max", &MAX_EMPLOYEES)]),
        SheetProblem::Missing(fields) => format!(
            "{}{}",
            tr(lang, Key::BatchMissingColumns),
            fields
                .iter()
                .map(|f| BatchKind::Enrol.header_of(f))
                .collect::<Vec<_>>()
                .join(tr(lang, Key::ListSeparator))
        ),
    };
    view! {
        <section class="panel" aria-labelledby="sheet-heading">
            <h3 id="sheet-heading">{move || tr(lang.get(), Key::ImportEmployeesTitle)}</h3>
            <p>{move || tr(lang.get(), Key::ImportEmployeesIntro)}</p>
            <div class="field" class=("field-invalid", move || problem.with(Option::is_some))>
                <label for="f-sheet">{move || tr(lang.get(), Key::BatchFile)}</label>
                <p class="hint" id="f-sheet-hint">{move || tr(lang.get(), Key::BatchFileHint)}</p>
                <p class="field-error" id="f-sheet-error">
                    {move || problem.get().map(|p| view! { <span class="error-line">{problem_text(lang.get(), p)}</span> })}
                </p>
                <input type="file" id="f-sheet" accept=".csv,.xlsx,text/csv"
                    aria-describedby="f-sheet-hint f-sheet-error"
                    aria-invalid=move || problem.with(Option::is_some).to_string()/>
                <button type="button" class="button button-secondary" id="import-sheet" on:click=import>
                    {move || tr(lang.get(), Key::ImportButton)}</button>
            </div>
            <p id="sheet-read" tabindex="-1" role="status">
                {move || read.get().map(|n| trf(lang.get(), Key::ImportedRows, &[("rows", &n)]))}
            </p>
        </section>
    }
}

/// 核对信息: every answer, each section with 修改 back to its page; then 提交.
#[component]
fn CheckStep(
    filing: Signal<OpeningForm>,
    refusal: RwSignal<Vec<Violation>>,
    network_failed: RwSignal<bool>,
    busy: RwSignal<bool>,
    on_submit: impl Fn(leptos::ev::SubmitEvent) + 'static,
    on_change: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let submit_state = FormState::new(Signal::derive(Vec::new));
    Effect::new(move |_| submit_state.busy.set(busy.get()));
    // Each answer as (label, value), owned, so the sections' children own them.
    let facts = |rows: Vec<(String, String)>| {
        rows.into_iter()
            .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
            .collect_view()
    };
    let answers = move || {
        let lang = lang.get();
        let f = filing.get();
        let u = f.unit.clone();
        let district = shebao_core::region::District::by_code(&u.district)
            .map(|d| d.name(lang).to_string())
            .unwrap_or_else(|| u.district.clone());
        let class = IndustryClass::parse(&u.industry_class, "industry_class")
            .map(|c| c.label(lang))
            .unwrap_or_else(|_| u.industry_class.clone());
        let l = move |field: &str| label_of(field, lang);
        let unit_rows = facts(vec![
            (l("unit.credit_code"), u.credit_code),
            (l("unit.name"), u.name),
            (l("unit.registered_address"), u.registered_address),
            (l("unit.district"), district),
            (l("unit.founding_date"), u.founding_date),
            (l("unit.legal_representative"), u.legal_representative),
            (l("unit.industry_class"), class),
        ]);
        let contact_rows = facts(vec![
            (l("contact.name"), f.contact.name.clone()),
            (l("contact.mobile"), f.contact.mobile.clone()),
        ]);
        let employees = f
            .employees
            .iter()
            .enumerate()
            .map(|(i, e)| {
                view! {
                    <tr>
                        <td data-label=tr(lang, Key::EmployeeNumber)>{i + 1}</td>
                        <td data-label=tr(lang, Key::PersonName)>{e.name.clone()}</td>
                        <td data-label=tr(lang, Key::CitizenIdLabel)>{e.citizen_id.clone()}</td>
                        <td data-label=tr(lang, Key::EmploymentStart)>{e.employment_start.clone()}</td>
                        <td data-label=tr(lang, Key::PensionStart)>{e.pension_start.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        let has_employees = !f.employees.is_empty();
        view! {
            <CheckSection title=Key::StepUnit to=STEP_UNIT on_change=on_change>
                <dl class="facts" id="check-unit">{unit_rows}
                </dl>
            </CheckSection>
            <CheckSection title=Key::StepContact to=STEP_CONTACT on_change=on_change>
                <dl class="facts" id="check-contact">{contact_rows}
                </dl>
                <p class="hint">{tr(lang, Key::ContactIntro)}</p>
            </CheckSection>
            <CheckSection title=Key::StepEmployees to=STEP_EMPLOYEES on_change=on_change>
                {if has_employees {
                    let headers = vec![
                        Key::EmployeeNumber,
                        Key::PersonName,
                        Key::CitizenIdLabel,
                        Key::EmploymentStart,
                        Key::PensionStart,
                    ];
                    view! {
                        <DataTable caption=Key::StepEmployees headers=headers stacked=true id="check-employees">
                            {employees}
                        </DataTable>
                    }.into_any()
                } else {
                    view! { <p id="check-no-employees">{tr(lang, Key::NoEmployeesFiled)}</p> }.into_any()
                }}
            </CheckSection>
        }
    };
    view! {
        <h2 id="step-heading" tabindex="-1">{move || tr(lang.get(), Key::StepCheck)}</h2>
        <p>{move || tr(lang.get(), Key::CheckIntro)}</p>
        <Refusal refusal=refusal network_failed=network_failed on_change=on_change/>
        {answers}
        <form novalidate on:submit=on_submit>
            <p class="actions">
                <SubmitButton state=submit_state id="opening-submit" label=Key::Submit/>
                <button type="button" class="button button-secondary" on:click=move |_| on_change(STEP_EMPLOYEES)>
                    {move || tr(lang.get(), Key::Back)}</button>
            </p>
        </form>
    }
}

/// One section of 核对信息: its heading and a 修改 link back to its page.
#[component]
fn CheckSection(
    title: Key,
    to: usize,
    on_change: impl Fn(usize) + Copy + Send + Sync + 'static,
    children: Children,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <section class="check-section">
            <h3>{move || tr(lang.get(), title)}</h3>
            <p><a href=format!("#step-{to}") id=format!("change-{to}") on:click=move |ev| {
                ev.prevent_default();
                on_change(to);
            }>{move || tr(lang.get(), Key::Change)}<span class="visually-hidden">" "{move || tr(lang.get(), title)}</span></a></p>
            {children()}
        </section>
    }
}

/// The server's refusal of the filing: each violation with a link to the page where it
/// is typed (the server knows what the browser cannot: a registered credit code, an
/// employee insured elsewhere).
#[component]
fn Refusal(
    refusal: RwSignal<Vec<Violation>>,
    network_failed: RwSignal<bool>,
    on_change: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    move || {
        let lang = lang.get();
        let list = refusal.get();
        let network = network_failed.get();
        if list.is_empty() && !network {
            return None;
        }
        let items = list
            .into_iter()
            .map(|v| {
                let to = step_of(filing::section_of(&v.field));
                let text = match shebao_core::opening::split_employee_field(&v.field) {
                    Some((n, _)) => format!(
                        "{}{}",
                        trf(lang, Key::EmployeeN, &[("n", &n)]),
                        v.summary(lang)
                    ),
                    None => v.summary(lang),
                };
                view! {
                    <li data-code=v.code.as_str()>
                        <a href=format!("#step-{to}") on:click=move |ev| {
                            ev.prevent_default();
                            on_change(to);
                        }>{text}</a>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="error-summary" id="refusal" role="alert" tabindex="-1">
                <h2>{tr(lang, Key::ErrorSummaryTitle)}</h2>
                <ul>
                    {items}
                    {network.then(|| view! { <li>{tr(lang, Key::NetworkError)}</li> })}
                </ul>
            </div>
        })
    }
}

/// 保存成功: the filing's number and what happens next.
#[component]
fn SavedStep(receipt: RwSignal<Option<SubmissionReceipt>>) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    move || {
        let lang = lang.get();
        let r = receipt.get()?;
        Some(view! {
            <div class="panel receipt" id="receipt" role="status">
                <h2 id="step-heading" tabindex="-1">{tr(lang, Key::SavedOk)}</h2>
                <p>{tr(lang, Key::ApplicationNumber)}"："<strong id="receipt-number">{r.application_number.clone()}</strong></p>
                <p>{tr(lang, Key::ApplicationState)}"："<span id="receipt-state">{r.state.label(lang)}</span></p>
                <p>{tr(lang, if r.flags.is_empty() { Key::OpeningAutoReviewNote } else { Key::OpeningManualReviewNote })}</p>
                <p class="actions">
                    <a class="button" href=format!("{PATH}/{}", r.application_number)>{tr(lang, Key::ViewProgress)}</a>
                    <a href=PATH>{tr(lang, Key::MyOpeningsTitle)}</a>
                </p>
            </div>
        })
    }
}
