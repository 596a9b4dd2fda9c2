//! An application as the employer and the reviewer see it: its facts, the plan core
//! made at submission (months, base, amounts) and its history.

use crate::api::ApplicationDetail;
use crate::components::table::DataTable;
use crate::i18n::{datetime, money, tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use serde_json::Value;
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
                    <dt>{tr(lang, Key::PersonName)}</dt><dd>{s.person_name.clone()}</dd>
                    {name_on_record.clone().map(|n| view! { <dt>{tr(lang, Key::NameOnRecord)}</dt><dd id="name-on-record">{n}</dd> })}
                    <dt>{label_of_id(lang)}</dt><dd>{s.citizen_id.clone()}</dd>
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
        <PlanFacts plan=plan/>
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
