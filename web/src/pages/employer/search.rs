//! 输入社会保障号后点“搜索”: the search both 增员 and 减员 begin with. The number is
//! judged by core as it is typed (against the server's date); the server decides the
//! case from the records.

use crate::api::{self, PersonSearchAnswer};
use crate::components::form::{ErrorSummary, FormState, TextField};
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use crate::session::Clock;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shebao_core::api::PersonSearchRequest;
use shebao_core::ids::CitizenId;

/// The search form. `on_found` gets the normalised number and the server's answer.
#[component]
pub fn PersonSearch(
    value: RwSignal<String>,
    on_found: Callback<(String, PersonSearchAnswer)>,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let parsed = Memo::new(move |_| value.with(|v| CitizenId::parse(v, clock.today())));
    let local = Signal::derive(move || parsed.with(|p| p.clone().err().into_iter().collect()));
    let state = FormState::new(local).with_summary_id("search-errors");

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.attempt() {
            return;
        }
        let Ok(id) = parsed.get_untracked() else {
            return;
        };
        state.busy.set(true);
        spawn_local(async move {
            let body = PersonSearchRequest {
                citizen_id: id.as_str().to_string(),
                name: None,
            };
            let result =
                api::post::<_, PersonSearchAnswer>("/employer/person-search", &body, None).await;
            state.busy.set(false);
            match result {
                Ok(answer) => on_found.run((id.as_str().to_string(), answer)),
                Err(problem) => state.refused(problem),
            }
        });
    };

    view! {
        <ErrorSummary state=state/>
        <form class="search" novalidate on:submit=submit role="search">
            <TextField state=state field="citizen_id" value=value hint=Key::CitizenIdHint
                maxlength=24 required=true/>
            <button type="submit" class="button" id="search-button" disabled=move || state.busy.get()>
                {move || tr(lang.get(), if state.busy.get() { Key::Working } else { Key::Search })}
            </button>
        </form>
    }
}
