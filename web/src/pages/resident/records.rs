//! The resident's records: monthly contributions over a chosen range, and
//! 基本养老历年参保 (per year, the months of pension paid and the average base).

use crate::api::{self, ContributionsView, PensionYear, Role};
use crate::app::RequireRole;
use crate::components::form::focus;
use crate::components::loaded;
use crate::components::table::DataTable;
use crate::i18n::{money, tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::Clock;
use leptos::prelude::*;
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::time::YearMonth;

/// The contribution history's columns, in order: its headers, and on a phone (a stacked
/// table) each cell's label, so the two cannot drift apart.
const CONTRIBUTION_COLUMNS: [Key; 6] = [
    Key::Month,
    Key::Insurance,
    Key::ContributionBase,
    Key::IndividualPart,
    Key::EmployerPart,
    Key::PaidState,
];

#[component]
pub fn ContributionsPage() -> impl IntoView {
    view! { <RequireRole role=Role::Resident><Contributions/></RequireRole> }
}

#[component]
pub fn PensionPage() -> impl IntoView {
    view! { <RequireRole role=Role::Resident><Pension/></RequireRole> }
}

fn back(lang: RwSignal<shebao_core::Lang>) -> impl IntoView {
    view! { <p class="breadcrumb"><a href="/resident">{move || tr(lang.get(), Key::ResidentTitle)}</a></p> }
}

#[component]
fn Contributions() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let range = RwSignal::new((String::new(), String::new()));
    let error = RwSignal::new(None::<shebao_core::Violation>);
    let result = LocalResource::new(move || {
        let (f, t) = range.get();
        async move {
            let r = api::get::<ContributionsView>(&format!(
                "/resident/contributions?from={}&to={}",
                api::q(&f),
                api::q(&t)
            ))
            .await;
            if let Ok(v) = &r {
                from.set(v.from.to_string());
                to.set(v.to.to_string());
            }
            r
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, t) = (from.get_untracked(), to.get_untracked());
        let checked = YearMonth::parse(&f, "from").and_then(|f| {
            let t = YearMonth::parse(&t, "to")?;
            Ok((f, t))
        });
        match checked {
            Err(v) => {
                focus(if v.field == "from" { "f-from" } else { "f-to" });
                error.set(Some(v));
            }
            Ok((f, t)) if f > t || t > clock.handling_month() => {
                error.set(Some(
                    shebao_core::Violation::new(shebao_core::Code::BadChoice, "from")
                        .with("value", format!("{f}–{t}")),
                ));
                focus("f-from");
            }
            Ok((f, t)) => {
                error.set(None);
                range.set((f.to_string(), t.to_string()));
            }
        }
    };

    let table = move |v: ContributionsView| {
        let lang = lang.get();
        match v {
            v if v.items.is_empty() => view! { <p id="no-results">{tr(lang, Key::NoResults)}</p> }.into_any(),
            v => view! {
                // Six columns do not fit a phone: there each month of an insurance is a card.
                <DataTable caption=Key::ContributionsTitle stacked=true headers=CONTRIBUTION_COLUMNS.to_vec()>
                    {v.items.into_iter().map(|c| {
                        let [month, insurance, base, individual, employer, paid] =
                            CONTRIBUTION_COLUMNS.map(|column| tr(lang, column));
                        view! {
                            <tr>
                                <td data-label=month>{c.month.clone()}</td>
                                <td data-label=insurance>{Insurance::from_code(&c.insurance).map(|i| i.label(lang)).unwrap_or("")}</td>
                                <td class="num" data-label=base>{money(lang, Fen(c.base_fen))}</td>
                                <td class="num" data-label=individual>{money(lang, Fen(c.individual_fen))}</td>
                                <td class="num" data-label=employer>{money(lang, Fen(c.employer_fen))}</td>
                                <td data-label=paid><span class=if c.paid { "tag tag-approved" } else { "tag tag-submitted" }>
                                    {tr(lang, if c.paid { Key::Paid } else { Key::Unpaid })}</span></td>
                            </tr>
                        }
                    }).collect_view()}
                </DataTable>
            }
            .into_any(),
        }
    };

    view! {
        {back(lang)}
        <h1>{move || tr(lang.get(), Key::ContributionsTitle)}</h1>
        <form class="filters" novalidate on:submit=submit>
            {move || error.get().map(|v| view! {
                <div class="error-summary" role="alert"><p data-code=v.code.as_str()>{v.summary(lang.get())}</p></div>
            })}
            <div class="field field-inline">
                <label for="f-from">{move || tr(lang.get(), Key::FromMonth)}</label>
                <input id="f-from" type="month" placeholder="YYYY-MM" prop:value=from
                    aria-invalid=move || error.with(|e| e.as_ref().is_some_and(|v| v.field == "from")).to_string()
                    on:input=move |ev| from.set(event_target_value(&ev))/>
            </div>
            <div class="field field-inline">
                <label for="f-to">{move || tr(lang.get(), Key::ToMonth)}</label>
                <input id="f-to" type="month" placeholder="YYYY-MM" prop:value=to
                    aria-invalid=move || error.with(|e| e.as_ref().is_some_and(|v| v.field == "to")).to_string()
                    on:input=move |ev| to.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="button">{move || tr(lang.get(), Key::Search)}</button>
        </form>
        <div aria-live="polite">{loaded(result, table)}</div>
    }
}

#[component]
fn Pension() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let result = LocalResource::new(|| api::get::<Vec<PensionYear>>("/resident/pension-history"));
    let table = move |years: Vec<PensionYear>| {
        let lang = lang.get();
        match years {
            years if years.is_empty() => {
                view! { <p id="no-results">{tr(lang, Key::NoResults)}</p> }.into_any()
            }
            years => {
                let total: i64 = years.iter().map(|y| y.months_paid).sum();
                view! {
                    <p id="pension-total">{trf(lang, Key::PensionTotal, &[
                        ("total", &total), ("years", &(total / 12)), ("months", &(total % 12)),
                    ])}</p>
                    <DataTable caption=Key::PensionTitle headers=vec![Key::Year, Key::MonthsPaid, Key::AverageBase]>
                        {years.into_iter().map(|y| view! {
                            <tr><td>{y.year}</td><td class="num">{y.months_paid}</td>
                                <td class="num">{money(lang, Fen(y.average_base_fen))}</td></tr>
                        }).collect_view()}
                    </DataTable>
                }
                .into_any()
            }
        }
    };
    view! {
        {back(lang)}
        <h1>{move || tr(lang.get(), Key::PensionTitle)}</h1>
        <p>{move || tr(lang.get(), Key::PensionIntro)}</p>
        {loaded(result, table)}
    }
}
