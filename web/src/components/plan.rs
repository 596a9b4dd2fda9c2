//! An application as the employer and the reviewer see it: its facts, the plan core
//! made at submission (months, base, amounts) and its history.

use crate::api::ApplicationDetail;
use crate::components::table::DataTable;
use crate::i18n::{datetime, money, tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use serde_json::Value;
use shebao_core::application::{Kind, ReviewFlag};
use shebao_core::industry::IndustryClass;
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::region::District;
use shebao_core::stop::StopReason;
use shebao_core::violation::field_label;
use shebao_core::Lang;

fn label(key: &str, lang: Lang) -> String {
    let k = match key {
        "case" => Some(Key::PlanCase),
        "handling_month" => Some(Key::HandlingMonth),
        "gender" => Some(Key::Gender),
        "birth_date" => Some(Key::BirthDate),
        "starts" => Some(Key::PlanStarts),
        "stops" => Some(Key::PlanStops),
        "last_paid" => Some(Key::PlanLastPaid),
        "amounts" => Some(Key::PlanAmounts),
        "wage" => Some(Key::PlanWage),
        "clamp" => Some(Key::PlanClamp),
        "kind" => Some(Key::PlanStopKind),
        "start_month" => Some(Key::PlanStartMonth),
        "pension" => Some(Key::PlanPension),
        "retroactive" => Some(Key::PlanRetroactive),
        "employer" => Some(Key::EmployerPart),
        "individual" => Some(Key::IndividualPart),
        _ => None,
    };
    match k {
        Some(k) => tr(lang, k).to_string(),
        None => field_label(key, lang)
            .map(str::to_string)
            .or_else(|| Insurance::from_code(key).map(|i| i.label(lang).to_string()))
            .unwrap_or_else(|| key.to_string()),
    }
}

fn value_text(key: &str, value: &str, lang: Lang) -> String {
    let k = match (key, value) {
        ("case", "new") => Some(Key::CaseNew),
        ("case", "resumption") => Some(Key::CaseResumption),
        ("hukou_type", "urban") => Some(Key::Urban),
        ("hukou_type", "rural") => Some(Key::Rural),
        ("gender", "male") => Some(Key::Male),
        ("gender", "female") => Some(Key::Female),
        ("kind", "suspend") => Some(Key::StopSuspend),
        ("kind", "terminate") => Some(Key::StopTerminate),
        ("clamp", "raised_to_min") => Some(Key::ClampRaised),
        ("clamp", "lowered_to_max") => Some(Key::ClampLowered),
        _ => None,
    };
    if let Some(k) = k {
        return tr(lang, k).to_string();
    }
    match key {
        "hukou_district" => District::by_code(value)
            .map(|d| d.name(lang).to_string())
            .unwrap_or_else(|| value.to_string()),
        "reason" => StopReason::ALL
            .into_iter()
            .find(|r| r.code() == value)
            .map(|r| r.label(lang).to_string())
            .unwrap_or_else(|| value.to_string()),
        _ => Insurance::from_code(value)
            .map(|i| i.label(lang).to_string())
            .unwrap_or_else(|| value.to_string()),
    }
}

const MONEY_KEYS: [&str; 4] = ["wage", "base", "employer", "individual"];

fn render(key: &str, value: &Value, lang: Lang) -> AnyView {
    match value {
        Value::Null => tr(lang, Key::None).into_any(),
        Value::Bool(b) => tr(lang, if *b { Key::Yes } else { Key::No }).into_any(),
        Value::Number(n) if MONEY_KEYS.contains(&key) => {
            money(lang, Fen(n.as_i64().unwrap_or(0))).into_any()
        }
        Value::Number(n) => n.to_string().into_any(),
        Value::String(s) => value_text(key, s, lang).into_any(),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => value_text(key, s, lang),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(tr(lang, Key::ListSeparator))
            .into_any(),
        Value::Object(map) => {
            // `base` inside an enrolment plan is {wage, base, clamp}: show it flat.
            let rows = map
                .iter()
                .map(|(k, v)| {
                    let name = label(k, lang);
                    let shown = render(k, v, lang);
                    view! { <dt>{name}</dt><dd>{shown}</dd> }
                })
                .collect_view();
            view! { <dl class="facts facts-nested">{rows}</dl> }.into_any()
        }
    }
}

/// The plan as a list of facts. Flags are shown apart, by [`ApplicationView`].
#[component]
pub fn PlanFacts(plan: Value) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    move || {
        let lang = lang.get();
        let Value::Object(map) = &plan else {
            return view! { <p>{tr(lang, Key::None)}</p> }.into_any();
        };
        let rows = map
            .iter()
            .filter(|(k, _)| k.as_str() != "flags")
            .map(|(k, v)| {
                let name = label(k, lang);
                let shown = render(k, v, lang);
                view! { <dt>{name}</dt><dd>{shown}</dd> }
            })
            .collect_view();
        view! { <dl class="facts">{rows}</dl> }.into_any()
    }
}

/// A unit's fact as shown: the class as the notice names it, the district by name, the
/// work-injury rate (basis points) as a percentage; the rest as written.
fn unit_value(key: &str, value: &Value, lang: Lang) -> String {
    match (key, value) {
        ("industry_class", Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .and_then(IndustryClass::new)
            .map(|c| c.label(lang))
            .unwrap_or_else(|| n.to_string()),
        ("work_injury_rate", Value::Number(n)) => {
            let bp = n.as_u64().unwrap_or(0);
            format!("{}.{:02}%", bp / 100, bp % 100)
        }
        ("district", Value::String(code)) => value_text("hukou_district", code, lang),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// The facts of one object of an opening plan (`unit`, `contact`), each labelled as the
/// wizard labels its field (`unit.name` is 单位名称, not 姓名).
fn section_facts(prefix: &str, section: Option<&Value>, lang: Lang) -> AnyView {
    let Some(Value::Object(map)) = section else {
        return tr(lang, Key::None).into_any();
    };
    let rows = map
        .iter()
        .map(|(k, v)| {
            let name = field_label(&format!("{prefix}.{k}"), lang)
                .map(str::to_string)
                .unwrap_or_else(|| label(k, lang));
            let shown = unit_value(k, v, lang);
            view! { <dt>{name}</dt><dd>{shown}</dd> }
        })
        .collect_view();
    view! { <dl class="facts">{rows}</dl> }.into_any()
}

/// The employees of an opening plan as a table, one row each, numbered from 1 as the
/// violations' paths number them.
fn employee_rows(employees: Option<&Value>, lang: Lang) -> AnyView {
    let list = match employees {
        Some(Value::Array(list)) if !list.is_empty() => list,
        _ => {
            return view! { <p id="plan-no-employees">{tr(lang, Key::NoEmployeesYet)}</p> }
                .into_any()
        }
    };
    let text = |e: &Value, key: &str| e.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    let rows = list
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let pension = e
                .pointer("/starts/pension")
                .and_then(Value::as_str)
                .unwrap_or("—")
                .to_string();
            let base = e
                .pointer("/base/base")
                .and_then(Value::as_i64)
                .map(|b| money(lang, Fen(b)))
                .unwrap_or_default();
            let flags = e
                .get("flags")
                .and_then(|f| serde_json::from_value::<Vec<ReviewFlag>>(f.clone()).ok())
                .unwrap_or_default();
            let flags = if flags.is_empty() {
                tr(lang, Key::NoFlags).to_string()
            } else {
                flags
                    .iter()
                    .map(|f| f.label(lang))
                    .collect::<Vec<_>>()
                    .join(tr(lang, Key::ListSeparator))
            };
            view! {
                <tr>
                    <td data-label=tr(lang, Key::EmployeeNumber)>{i + 1}</td>
                    <td data-label=tr(lang, Key::PersonName)>{text(e, "name")}</td>
                    <td data-label=tr(lang, Key::CitizenIdLabel)>{text(e, "citizen_id")}</td>
                    <td data-label=tr(lang, Key::EmploymentStart)>{text(e, "employment_start")}</td>
                    <td data-label=tr(lang, Key::PensionStart)>{pension}</td>
                    <td data-label=tr(lang, Key::ContributionBase)>{base}</td>
                    <td data-label=tr(lang, Key::ReviewFlags)>{flags}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption=Key::StepEmployees stacked=true
            headers=vec![Key::EmployeeNumber, Key::PersonName, Key::CitizenIdLabel, Key::EmploymentStart,
                Key::PensionStart, Key::ContributionBase, Key::ReviewFlags]>
            {rows}
        </DataTable>
    }
    .into_any()
}

/// An opening filing's plan (开办企业), readably: the unit, the contact person (who
/// becomes the unit's agent) and the employees' rows.
#[component]
pub fn OpeningPlanFacts(plan: Value) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    move || {
        let lang = lang.get();
        let due = plan
            .get("registration_due")
            .and_then(Value::as_str)
            .map(str::to_string);
        view! {
            <h3>{tr(lang, Key::StepUnit)}</h3>
            <div id="plan-unit">{section_facts("unit", plan.get("unit"), lang)}</div>
            {due.map(|d| view! { <p class="hint">{tr(lang, Key::RegistrationDue)}"："{d}</p> })}
            <h3>{tr(lang, Key::StepContact)}</h3>
            <div id="plan-contact">{section_facts("contact", plan.get("contact"), lang)}</div>
            <h3>{tr(lang, Key::StepEmployees)}</h3>
            <div id="plan-employees">{employee_rows(plan.get("employees"), lang)}</div>
        }
    }
}

/// One application: facts, review flags, decision, plan and history.
#[component]
pub fn ApplicationView(detail: ApplicationDetail) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let ApplicationDetail {
        summary,
        employer_name,
        plan,
        history,
        name_on_record,
        opening: _,
    } = detail;
    let facts = {
        let summary = summary.clone();
        move || {
            let lang = lang.get();
            let s = &summary;
            let flags = if s.flags.is_empty() {
                tr(lang, Key::NoFlags).to_string()
            } else {
                s.flags
                    .iter()
                    .map(|f| f.label(lang))
                    .collect::<Vec<_>>()
                    .join(tr(lang, Key::ListSeparator))
            };
            view! {
                <dl class="facts">
                    <dt>{tr(lang, Key::ApplicationNumber)}</dt><dd id="app-number">{s.number.clone()}</dd>
                    <dt>{tr(lang, Key::ApplicationKind)}</dt><dd>{s.kind.label(lang)}</dd>
                    <dt>{tr(lang, Key::ApplicationState)}</dt>
                    <dd id="app-state"><span class=format!("tag tag-{}", s.state.code())>{s.state.label(lang)}</span></dd>
                    // An opening's name is its unit's.
                    <dt>{tr(lang, if s.kind == Kind::Opening { Key::UnitName } else { Key::PersonName })}</dt>
                    <dd>{s.person_name.clone()}</dd>
                    {name_on_record.clone().map(|n| view! { <dt>{tr(lang, Key::NameOnRecord)}</dt><dd id="name-on-record">{n}</dd> })}
                    // An opening's ID is its filer's (the founder's), not the unit's.
                    <dt>{if s.kind == Kind::Opening { tr(lang, Key::FilerId) } else { label_of_id(lang) }}</dt>
                    <dd id="app-citizen-id">{s.citizen_id.clone()}</dd>
                    {employer_name.clone().map(|n| view! { <dt>{tr(lang, Key::EmployerName)}</dt><dd>{n}</dd> })}
                    <dt>{tr(lang, Key::HandlingMonth)}</dt><dd>{s.handling_month.clone()}</dd>
                    <dt>{tr(lang, Key::SubmittedAt)}</dt><dd>{datetime(s.submitted_at_ms)}</dd>
                    <dt>{tr(lang, Key::ReviewFlags)}</dt><dd id="app-flags">{flags}</dd>
                    {s.decision_reason.clone().map(|r| view! { <dt>{tr(lang, Key::DecisionReason)}</dt><dd id="decision-reason">{r}</dd> })}
                </dl>
            }
        }
    };
    let history_rows = move || {
        let lang = lang.get();
        history
            .iter()
            .map(|e| {
                let who = match e.account_id {
                    None => tr(lang, Key::AutoReviewer),
                    Some(_) => tr(lang, Key::ByPerson),
                };
                view! {
                    <tr>
                        <td>{datetime(e.at_ms)}</td>
                        <td>{e.from_state.map(|s| s.label(lang)).unwrap_or("—")}</td>
                        <td>{e.to_state.label(lang)}</td>
                        <td>{who}</td>
                        <td>{e.note.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        {facts}
        <h2>{move || tr(lang.get(), Key::PlanTitle)}</h2>
        {if summary.kind == Kind::Opening {
            view! { <OpeningPlanFacts plan=plan/> }.into_any()
        } else {
            view! { <PlanFacts plan=plan/> }.into_any()
        }}
        <h2>{move || tr(lang.get(), Key::HistoryTitle)}</h2>
        <DataTable caption=Key::HistoryTitle
            headers=vec![Key::At, Key::FromState, Key::ToState, Key::Actor, Key::Note]>
            {history_rows}
        </DataTable>
    }
}

fn label_of_id(lang: Lang) -> &'static str {
    field_label("citizen_id", lang).unwrap_or("ID")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_units_facts_read_as_the_notice_writes_them() {
        assert_eq!(unit_value("industry_class", &json!(3), Lang::Zh), "三类");
        assert_eq!(unit_value("industry_class", &json!(3), Lang::En), "Class 3");
        assert_eq!(unit_value("industry_class", &json!(9), Lang::Zh), "9");
        assert_eq!(
            unit_value("work_injury_rate", &json!(20), Lang::Zh),
            "0.20%"
        );
        assert_eq!(
            unit_value("work_injury_rate", &json!(190), Lang::Zh),
            "1.90%"
        );
        let district = &shebao_core::region::DISTRICTS[0];
        assert_eq!(
            unit_value("district", &json!(district.code), Lang::Zh),
            district.name(Lang::Zh)
        );
        assert_eq!(unit_value("name", &json!("甲公司"), Lang::Zh), "甲公司");
    }
}
