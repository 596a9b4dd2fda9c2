//! The review queue: submitted applications, flagged ones first (they wait for a
//! person; clean ones are approved automatically after ten minutes).

use crate::api::{self, ApplicationSummary, Page, Role};
use crate::app::RequireRole;
use crate::components::loaded;
use crate::components::table::PagedTable;
use crate::i18n::{datetime, tr, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;

const PER_PAGE: u32 = 20;

#[component]
pub fn QueuePage() -> impl IntoView {
    view! { <RequireRole role=Role::Reviewer><Queue/></RequireRole> }
}

#[component]
fn Queue() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let page = RwSignal::new(1u32);
    let result = LocalResource::new(move || {
        let p = page.get();
        async move {
            api::get::<Page<ApplicationSummary>>(&format!(
                "/reviewer/queue?page={p}&per_page={PER_PAGE}"
            ))
            .await
        }
    });
    let body = move |list: Page<ApplicationSummary>| {
        let lang = lang.get();
        let table = PagedTable {
            caption: Key::QueueTitle,
            headers: vec![
                Key::ApplicationNumber,
                Key::ApplicationKind,
                Key::PersonName,
                Key::ReviewFlags,
                Key::HandlingMonth,
                Key::SubmittedAt,
            ],
            empty: Key::QueueEmpty,
            page,
            per_page: PER_PAGE,
        };
        table.show(lang, list, |a| {
            let flags = if a.flags.is_empty() {
                tr(lang, Key::NoFlags).to_string()
            } else {
                a.flags.iter().map(|f| f.label(lang)).collect::<Vec<_>>()
                    .join(tr(lang, Key::ListSeparator))
            };
            view! {
                <tr class=if a.flags.is_empty() { "" } else { "flagged" }>
                    <td><a class="app-link" href=format!("/reviewer/applications/{}", a.number)>{a.number.clone()}</a></td>
                    <td>{a.kind.label(lang)}</td>
                    <td>{a.person_name.clone()}</td>
                    <td>{flags}</td>
                    <td>{a.handling_month.clone()}</td>
                    <td>{datetime(a.submitted_at_ms)}</td>
                </tr>
            }
        })
    };
    // A list of many columns: on a desktop it takes the screen's width (style.css).
    view! {
        <div class="page-wide">
            <h1>{move || tr(lang.get(), Key::QueueTitle)}</h1>
            <p>{move || tr(lang.get(), Key::QueueIntro)}</p>
            <nav aria-label=move || tr(lang.get(), Key::ReviewerStopsTitle)>
                <ul class="menu">
                    <li><a class="menu-item" href="/reviewer/stop-requests" id="menu-stop-requests">
                        <span class="menu-title">{move || tr(lang.get(), Key::ReviewerStopsTitle)}</span>
                        <span class="menu-hint">{move || tr(lang.get(), Key::ReviewerStopsHint)}</span></a></li>
                </ul>
            </nav>
            {loaded(result, body)}
        </div>
    }
}
