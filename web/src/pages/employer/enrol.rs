//! 社会保险职工参保登记 (增员): search by number, then the form for the case the server
//! found (新参保 / 续保), judged field by field by `shebao_core::enrolment::plan` as it is
//! typed, at the server's clock; start months from `allowed_start_months`; the base's
//! clamping shown; 下一步 saves and shows the application number (保存成功). A refusal
//! (e.g. the month changed) is shown and the form keeps its data. Everything typed is
//! kept as a draft in localStorage.
//!
//! 待原单位减员 (issue 14 part 2): a person insured at another employer
//! (`ACTIVE_ELSEWHERE`, from the search or the submission) can be asked for instead: the
//! same form, judged the same way, sent to `POST /employer/stop-requests` by
//! 申请原单位减员; the page then says what happens next. `?request={id}` (重新申报 from
//! 待原单位减员) loads the form sent with a stopped request and searches its number again.

use super::search::PersonSearch;
use crate::api::{self, PersonSearchAnswer, Problem, Role};
use crate::app::RequireRole;
use crate::components::form::{
    district_options, ErrorSummary, FormState, HandlingMonth, RadioField, SelectField,
    SubmitButton, TextField,
};
use crate::components::receipt::receipt_panel;
use crate::components::submit::{self, Submit};
use crate::drafts;
use crate::i18n::{money, tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::{Clock, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use shebao_core::api::{
    EmployerTerms, EnrolmentForm, EnrolmentPlan, PersonSearchRequest, SubmissionReceipt,
};
use shebao_core::application::ReviewFlag;
use shebao_core::contribution::{clamp_base, Clamp};
use shebao_core::enrolment::{self, allowed_start_months, EnrolmentCase, PersonStatus};
use shebao_core::ids::Gender;
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::policy;
use shebao_core::time::YearMonth;
use shebao_core::views::RequestedStop;
use shebao_core::Code;

const DRAFT: &str = "enrol";

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Draft {
    search: String,
    found: Option<(String, PersonSearchAnswer)>,
    form: EnrolmentForm,
    /// 申请原单位减员 chosen for a person insured elsewhere.
    #[serde(default)]
    asking: bool,
}

#[component]
pub fn EnrolPage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Enrol/></RequireRole> }
}

/// The form's fields, one signal each.
#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    mobile: RwSignal<String>,
    hukou_district: RwSignal<String>,
    hukou_type: RwSignal<String>,
    employment_start: RwSignal<String>,
    monthly_wage: RwSignal<String>,
    pension_start: RwSignal<String>,
    unemployment_start: RwSignal<String>,
}

impl Fields {
    fn new(form: &EnrolmentForm) -> Fields {
        Fields {
            name: RwSignal::new(form.name.clone()),
            mobile: RwSignal::new(form.mobile.clone()),
            hukou_district: RwSignal::new(form.hukou_district.clone()),
            hukou_type: RwSignal::new(form.hukou_type.clone()),
            employment_start: RwSignal::new(form.employment_start.clone()),
            monthly_wage: RwSignal::new(form.monthly_wage.clone()),
            pension_start: RwSignal::new(form.pension_start.clone()),
            unemployment_start: RwSignal::new(form.unemployment_start.clone()),
        }
    }

    fn form(self, citizen_id: String, checked: YearMonth) -> EnrolmentForm {
        EnrolmentForm {
            citizen_id,
            name: self.name.get(),
            mobile: self.mobile.get(),
            hukou_district: self.hukou_district.get(),
            hukou_type: self.hukou_type.get(),
            employment_start: self.employment_start.get(),
            monthly_wage: self.monthly_wage.get(),
            pension_start: self.pension_start.get(),
            unemployment_start: self.unemployment_start.get(),
            checked_month: Some(checked.to_string()),
        }
    }

    fn clear(self) {
        for s in [
            self.name,
            self.mobile,
            self.hukou_district,
            self.hukou_type,
            self.employment_start,
            self.monthly_wage,
            self.pension_start,
            self.unemployment_start,
        ] {
            s.set(String::new());
        }
    }
}

#[component]
fn Enrol() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let user = expect_context::<Session>().username();
    let draft: Draft = drafts::load(&user, DRAFT).unwrap_or_default();

    let search = RwSignal::new(draft.search.clone());
    let found = RwSignal::new(draft.found.clone());
    let fields = Fields::new(&draft.form);
    let receipt = RwSignal::new(None::<SubmissionReceipt>);
    let asking = RwSignal::new(draft.asking);
    let asked = RwSignal::new(None::<RequestedStop>);
    let prefill = RwSignal::new(None::<Result<(), Problem>>);

    // The person's status as far as the browser knows it: for a resumption the name on
    // record is not sent to the browser, so the name typed stands in (the server judges
    // a mismatch).
    let status = move || {
        found.with(|f| {
            f.as_ref().and_then(|(_, a)| match a.case {
                Some(EnrolmentCase::New) => Some(PersonStatus::Unknown),
                Some(EnrolmentCase::Resumption) => Some(PersonStatus::Known {
                    name: fields.name.get(),
                }),
                // Asking for the stop: the form is judged as for someone new (the
                // server judges it with the person's real status).
                None if asking.get() && is_elsewhere(a) => Some(PersonStatus::Unknown),
                None => None,
            })
        })
    };
    let citizen_id =
        move || found.with(|f| f.as_ref().map(|(id, _)| id.clone()).unwrap_or_default());

    let verdict = Memo::new(move |_| {
        let status = status()?;
        let now = clock.now_ms();
        let handling = clock.handling_month();
        let form = fields.form(citizen_id(), handling);
        Some(
            EmployerTerms::lowest_rate(handling)
                .and_then(|terms| enrolment::plan(&status, &form, &terms, now)),
        )
    });
    let state = FormState::judged(verdict);

    // Keep a draft of everything typed.
    drafts::keep(user.clone(), DRAFT, move || Draft {
        search: search.get(),
        found: found.get(),
        form: fields.form(citizen_id(), clock.handling_month()),
        asking: asking.get(),
    });

    // 续保: the 户籍 on record is handed out only for the name on record, so once the
    // agent has typed the name (on leaving the field), ask again with it and fill in
    // what is still empty. Each ask is one of the agent's lookups: only a new name asks.
    let name_checked = RwSignal::new(String::new());
    let check_name = move |_: leptos::ev::FocusEvent| {
        let resumption = found.with_untracked(|f| {
            f.as_ref()
                .is_some_and(|(_, a)| a.case == Some(EnrolmentCase::Resumption))
        });
        let name = fields.name.get_untracked().trim().to_string();
        let wanted = fields.hukou_district.get_untracked().is_empty()
            || fields.hukou_type.get_untracked().is_empty();
        if !resumption || name.is_empty() || !wanted || name_checked.get_untracked() == name {
            return;
        }
        name_checked.set(name.clone());
        let body = PersonSearchRequest {
            citizen_id: citizen_id(),
            name: Some(name),
        };
        spawn_local(async move {
            let Ok(answer) =
                api::post::<_, PersonSearchAnswer>("/employer/person-search", &body, None).await
            else {
                return;
            };
            if let Some(prefill) = answer.prefill {
                if fields.hukou_district.get_untracked().is_empty() {
                    fields
                        .hukou_district
                        .set(prefill.hukou_district.unwrap_or_default());
                }
                if fields.hukou_type.get_untracked().is_empty() {
                    fields
                        .hukou_type
                        .set(prefill.hukou_type.unwrap_or_default());
                }
            }
        });
    };

    let on_found = Callback::new(move |(id, answer): (String, PersonSearchAnswer)| {
        let changed = citizen_id() != id;
        if changed {
            fields.clear();
            state.reset();
            asking.set(false);
        }
        if let Some(prefill) = &answer.prefill {
            if fields.hukou_district.get_untracked().is_empty() {
                fields
                    .hukou_district
                    .set(prefill.hukou_district.clone().unwrap_or_default());
            }
            if fields.hukou_type.get_untracked().is_empty() {
                fields
                    .hukou_type
                    .set(prefill.hukou_type.clone().unwrap_or_default());
            }
        }
        found.set(Some((id, answer)));
        crate::components::form::focus("case-heading");
    });

    let send = Submit::new(state.busy)
        .clearing_draft(user.clone(), DRAFT)
        .action(
            move |(form, key): &(EnrolmentForm, String)| {
                let (form, key) = (form.clone(), key.clone());
                async move { submit::post(clock, "/employer/enrolments", &form, &key).await }
            },
            move |answer: Result<SubmissionReceipt, _>| match answer {
                Ok(r) => {
                    receipt.set(Some(r));
                    crate::components::form::focus("receipt");
                }
                Err(problem) => {
                    // Insured elsewhere meanwhile: the same form can ask for the stop.
                    if problem.has(Code::ActiveElsewhere) {
                        asking.set(true);
                    }
                    state.refused(problem)
                }
            },
        );
    let ask = Submit::new(state.busy)
        .clearing_draft(user.clone(), DRAFT)
        .action(
            move |(form, key): &(EnrolmentForm, String)| {
                let (form, key) = (form.clone(), key.clone());
                async move { submit::post(clock, "/employer/stop-requests", &form, &key).await }
            },
            move |answer: Result<RequestedStop, _>| match answer {
                Ok(r) => {
                    asked.set(Some(r));
                    crate::components::form::focus("asked");
                }
                Err(problem) => state.refused(problem),
            },
        );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.attempt() {
            let form = fields.form(citizen_id(), clock.handling_month());
            if asking.get_untracked() {
                ask.dispatch_local((form, state.key.get_untracked()));
            } else {
                send.dispatch_local((form, state.key.get_untracked()));
            }
        }
    };

    // 重新申报 from a stopped request: its form, and the number searched again (one of
    // the agent's lookups) so that the case is today's.
    let query = use_query_map();
    let prefilling = query.with_untracked(|q| q.get("request").is_some());
    if let Some(request) = query.with_untracked(|q| q.get("request")) {
        prefill.set(None);
        spawn_local(async move {
            let loaded = async {
                let form: EnrolmentForm = api::get(&format!(
                    "/employer/stop-requests/{}/enrolment",
                    api::q(&request)
                ))
                .await?;
                let body = PersonSearchRequest {
                    citizen_id: form.citizen_id.clone(),
                    name: Some(form.name.clone()),
                };
                let answer: PersonSearchAnswer =
                    api::post("/employer/person-search", &body, None).await?;
                Ok::<_, Problem>((form, answer))
            }
            .await;
            match loaded {
                Ok((form, answer)) => {
                    receipt.set(None);
                    asked.set(None);
                    asking.set(false);
                    state.reset();
                    search.set(form.citizen_id.clone());
                    let f = Fields::new(&form);
                    fields.name.set(f.name.get_untracked());
                    fields.mobile.set(f.mobile.get_untracked());
                    fields.hukou_district.set(f.hukou_district.get_untracked());
                    fields.hukou_type.set(f.hukou_type.get_untracked());
                    fields
                        .employment_start
                        .set(f.employment_start.get_untracked());
                    fields.monthly_wage.set(f.monthly_wage.get_untracked());
                    fields.pension_start.set(f.pension_start.get_untracked());
                    fields
                        .unemployment_start
                        .set(f.unemployment_start.get_untracked());
                    found.set(Some((form.citizen_id, answer)));
                    prefill.set(Some(Ok(())));
                    crate::components::form::focus("case-heading");
                }
                Err(problem) => prefill.set(Some(Err(problem))),
            }
        });
    }

    let start_over = move |_| {
        receipt.set(None);
        asked.set(None);
        asking.set(false);
        found.set(None);
        search.set(String::new());
        fields.clear();
        state.reset();
        crate::components::form::focus("f-citizen_id");
    };

    let district_options = district_options(lang);
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
                    let note = if m == handling {
                        tr(lang, Key::ThisMonth)
                    } else {
                        tr(lang, Key::LastMonth)
                    };
                    (m.to_string(), format!("{m}（{note}）"))
                })
                .collect()
        })
    };

    let case_view = move || {
        let lang = lang.get();
        let (id, answer) = found.get()?;
        let gender = match answer.gender {
            Gender::Male => tr(lang, Key::Male),
            Gender::Female => tr(lang, Key::Female),
        };
        Some(match answer.case {
            None => {
                let elsewhere = is_elsewhere(&answer);
                view! {
                    <div class="notice notice-error" role="alert" id="search-refusal">
                        {answer.violations.iter().map(|v| view! { <p data-code=v.code.as_str()>{v.message(lang)}</p> }).collect_view()}
                    </div>
                    {elsewhere.then(|| view! {
                        <div class="notice notice-info" id="ask-stop-offer">
                            <h2 id="case-heading" tabindex="-1">{tr(lang, Key::AskStop)}</h2>
                            <p>{tr(lang, Key::AskStopOffer)}</p>
                            {move || if asking.get() {
                                view! { <p><strong>{tr(lang, Key::AskStopFill)}</strong></p> }.into_any()
                            } else {
                                view! {
                                    <p><button type="button" class="button" id="ask-stop"
                                        on:click=move |_| {
                                            asking.set(true);
                                            crate::components::form::focus("f-name");
                                        }>{tr(lang, Key::AskStop)}</button></p>
                                }.into_any()
                            }}
                        </div>
                    })}
                }
                .into_any()
            }
            Some(case) => {
                let (title, text) = match case {
                    EnrolmentCase::New => (Key::CaseNew, Key::CaseNewText),
                    EnrolmentCase::Resumption => (Key::CaseResumption, Key::CaseResumptionText),
                };
                view! {
                    <div class="notice notice-info" id="search-case">
                        <h2 id="case-heading" tabindex="-1">{tr(lang, title)}</h2>
                        <p>{tr(lang, text)}</p>
                        <dl class="facts">
                            <dt>{tr(lang, Key::CitizenIdLabel)}</dt><dd>{id}</dd>
                            {answer.masked_name.clone().map(|n| view! { <dt>{tr(lang, Key::MaskedName)}</dt><dd id="masked-name">{n}</dd> })}
                            <dt>{tr(lang, Key::Gender)}</dt><dd>{gender}</dd>
                            <dt>{tr(lang, Key::BirthDate)}</dt><dd>{answer.birth_date.clone()}</dd>
                        </dl>
                    </div>
                }
                .into_any()
            }
        })
    };

    // The base: the wage clamped to the month's limits, shown as soon as the wage reads.
    let base_view = move || {
        let lang = lang.get();
        let handling = clock.handling_month();
        let limits = policy::base_limits(handling).ok()?;
        let wage = fields
            .monthly_wage
            .with(|w| Fen::parse_yuan(w, "monthly_wage"))
            .ok()
            .filter(|w| *w > Fen::ZERO)?;
        let clamped = clamp_base(wage, &limits);
        let note = match clamped.clamp {
            None => tr(lang, Key::BaseIsWage).to_string(),
            Some(Clamp::RaisedToMin) => trf(
                lang,
                Key::BaseRaised,
                &[("month", &handling), ("min", &money(lang, limits.min))],
            ),
            Some(Clamp::LoweredToMax) => trf(
                lang,
                Key::BaseLowered,
                &[("month", &handling), ("max", &money(lang, limits.max))],
            ),
        };
        let range = trf(
            lang,
            Key::BaseLimits,
            &[
                ("month", &handling),
                ("min", &money(lang, limits.min)),
                ("max", &money(lang, limits.max)),
            ],
        );
        let class = if clamped.clamp.is_some() {
            "notice notice-warn"
        } else {
            "notice notice-info"
        };
        Some(view! {
            <div class=class id="base-clamp" role="status">
                <p><strong>{tr(lang, Key::ContributionBase)}"："</strong><span id="base-value">{money(lang, clamped.base)}</span></p>
                <p>{note}</p>
                <p class="hint">{range}</p>
            </div>
        })
    };

    // When the form passes: the first month's amounts and the reasons it will wait for
    // a reviewer.
    let plan_view = move || {
        let lang = lang.get();
        let plan: EnrolmentPlan = verdict.get()?.ok()?;
        let rows = [Insurance::Pension, Insurance::Unemployment]
            .into_iter()
            .filter_map(|i| {
                let a = plan.amounts.get(&i)?;
                let start = plan.starts.get(&i)?;
                Some(view! {
                    <tr>
                        <td>{i.label(lang)}</td><td>{start.to_string()}</td>
                        <td>{money(lang, a.employer)}</td><td>{money(lang, a.individual)}</td>
                    </tr>
                })
            })
            .collect_view();
        let flags: Vec<ReviewFlag> = plan
            .flags
            .iter()
            .copied()
            .filter(|f| *f != ReviewFlag::NameMismatch)
            .collect();
        Some(view! {
            <section class="panel" id="plan-preview">
                <h2>{tr(lang, Key::CheckAnswers)}</h2>
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">{tr(lang, Key::Insurance)}</th>
                            <th scope="col">{tr(lang, Key::PlanStartMonth)}</th>
                            <th scope="col">{tr(lang, Key::EmployerPart)}</th>
                            <th scope="col">{tr(lang, Key::IndividualPart)}</th>
                        </tr></thead>
                        <tbody>
                            {rows}
                            <tr>
                                <td>{Insurance::WorkInjury.label(lang)}</td><td>{plan.handling_month.to_string()}</td>
                                <td colspan="2">{tr(lang, Key::WorkInjuryAtEmployerRate)}</td>
                            </tr>
                        </tbody>
                    </table>
                </div>
                {(!flags.is_empty()).then(|| view! {
                    <p class="notice notice-warn" id="plan-flags">
                        {tr(lang, Key::WillBeReviewed)}
                        {flags.iter().map(|f| f.label(lang)).collect::<Vec<_>>().join(tr(lang, Key::ListSeparator))}
                    </p>
                })}
            </section>
        })
    };

    let form_view = move || {
        let show = found.with(|f| {
            f.as_ref()
                .is_some_and(|(_, a)| a.case.is_some() || (asking.get() && is_elsewhere(a)))
        });
        show.then(|| {
            view! {
                <ErrorSummary state=state/>
                <form class="enrol-form" novalidate on:submit=submit>
                    <h2>{move || tr(lang.get(), Key::BasicInfo)}</h2>
                    <p class="hint">{move || tr(lang.get(), Key::RequiredNote)}</p>
                    <div on:focusout=check_name>
                        <TextField state=state field="name" value=fields.name autocomplete="off" maxlength=30 required=true/>
                    </div>
                    <TextField state=state field="mobile" value=fields.mobile input_type="tel" inputmode="numeric"
                        maxlength=13 hint=Key::MobileHint required=true/>
                    <SelectField state=state field="hukou_district" value=fields.hukou_district
                        options=district_options required=true/>
                    <RadioField state=state field="hukou_type" value=fields.hukou_type options=hukou_options required=true/>
                    <TextField state=state field="employment_start" value=fields.employment_start input_type="date"
                        hint=Key::DateHint required=true/>
                    <TextField state=state field="monthly_wage" value=fields.monthly_wage inputmode="decimal"
                        hint=Key::WageHint required=true/>
                    {base_view}
                    <h2>{move || tr(lang.get(), Key::StartMonths)}</h2>
                    <p class="hint">{move || tr(lang.get(), Key::StartMonthsRule)}</p>
                    <RadioField state=state field="pension_start" value=fields.pension_start
                        options=month_options(Insurance::Pension) required=true/>
                    <RadioField state=state field="unemployment_start" value=fields.unemployment_start
                        options=month_options(Insurance::Unemployment) required=true/>
                    <HandlingMonth id="work-injury-start" note=Key::WorkInjuryFixed
                        label=Signal::derive(move || format!("{}{}", Insurance::WorkInjury.label(lang.get()), tr(lang.get(), Key::StartMonthSuffix)))/>
                    {plan_view}
                    {move || asking.get().then(|| view! {
                        <p class="notice notice-info" id="ask-stop-note">{tr(lang.get(), Key::AskStopOffer)}</p>
                    })}
                    {move || if asking.get() {
                        view! { <SubmitButton state=state id="ask-stop-send" label=Key::AskStop/> }.into_any()
                    } else {
                        view! { <SubmitButton state=state id="enrol-next" label=Key::Next/> }.into_any()
                    }}
                </form>
            }
        })
    };

    let receipt_view = move || {
        let lang = lang.get();
        let r = receipt.get()?;
        Some(receipt_panel(
            lang,
            r,
            Key::EnrolAnother,
            Some("enrol-another"),
            start_over,
        ))
    };

    let asked_view = move || {
        let lang = lang.get();
        let r = asked.get()?;
        Some(view! {
            <section class="panel" id="asked" tabindex="-1">
                <h2>{tr(lang, Key::AskStopSent)}</h2>
                <dl class="facts">
                    <dt>{tr(lang, Key::PersonName)}</dt><dd>{r.name.clone()}</dd>
                    <dt>{tr(lang, Key::CitizenIdLabel)}</dt><dd>{r.citizen_id.clone()}</dd>
                    <dt>{tr(lang, Key::RequestState)}</dt><dd id="asked-state">{r.state.label(lang)}</dd>
                </dl>
                <p>{tr(lang, Key::AskStopNext)}</p>
                <p><a class="button" href="/employer/stop-requests" id="asked-list">{tr(lang, Key::MyStopRequestsTitle)}</a></p>
                <p><button type="button" class="button button-secondary" id="asked-another" on:click=start_over>
                    {tr(lang, Key::EnrolAnother)}</button></p>
            </section>
        })
    };
    let prefill_view = move || {
        if prefilling && prefill.with(Option::is_none) {
            return Some(view! { <p class="loading" role="status">{tr(lang.get(), Key::PrefillLoading)}</p> }.into_any());
        }
        prefill.get().map(|p| match p {
            Ok(()) => view! { <p class="notice notice-info" id="prefill-note">{tr(lang.get(), Key::PrefillNote)}</p> }.into_any(),
            Err(problem) => view! { <crate::components::ProblemBox problem=problem/> }.into_any(),
        })
    };

    view! {
        <p class="breadcrumb"><a href="/employer">{move || tr(lang.get(), Key::MenuTitle)}</a></p>
        <h1>{move || tr(lang.get(), Key::MenuEnrol)}</h1>
        <Show when=move || receipt.with(Option::is_none) fallback=receipt_view>
        <Show when=move || asked.with(Option::is_none) fallback=asked_view>
            <p>{move || tr(lang.get(), Key::EnrolIntro)}</p>
            {prefill_view}
            <PersonSearch value=search on_found=on_found/>
            {case_view}
            {form_view}
        </Show>
        </Show>
        <p class="clock-note">
            {move || tr(lang.get(), if clock.is_synced() { Key::ClockFromServer } else { Key::ClockFromDevice })}
        </p>
    }
}

/// The search found the person insured at another employer.
fn is_elsewhere(answer: &PersonSearchAnswer) -> bool {
    answer
        .violations
        .iter()
        .any(|v| v.code == Code::ActiveElsewhere)
}
