//! 输入社会保障号后点“搜索”: the search both 增员 and 减员 begin with. The number is
//! judged by core as it is typed (against the server's date); the server decides the
//! case from the records.

use crate::api::{self, PersonSearchAnswer};
use crate::components::form::{ErrorSummary, FormState, SubmitButton, TextField};
use crate::components::submit::Submit;
use crate::i18n::Key;
use crate::session::Clock;
use leptos::prelude::*;
use shebao_core::api::PersonSearchRequest;
use shebao_core::ids::CitizenId;

/// The search form. `on_found` gets the normalised number and the server's answer.
#[component]
pub fn PersonSearch(
    value: RwSignal<String>,
    on_found: Callback<(String, PersonSearchAnswer)>,
) -> impl IntoView {
    let clock = expect_context::<Clock>();
    let parsed = Memo::new(move |_| value.with(|v| CitizenId::parse(v, clock.today())));
    let local = Signal::derive(move || parsed.with(|p| p.clone().err().into_iter().collect()));
    let state = FormState::new(local).with_summary_id("search-errors");

    let send = Submit::new(state.busy).action(
        |id: &String| {
            let body = PersonSearchRequest {
                citizen_id: id.clone(),
                name: None,
            };
            let id = id.clone();
            async move {
                let answer =
                    api::post::<_, PersonSearchAnswer>("/employer/person-search", &body, None)
                        .await;
                answer.map(|answer| (id, answer))
            }
        },
        move |result| match result {
            Ok(found) => on_found.run(found),
            Err(problem) => state.refused(problem),
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.attempt() {
            return;
        }
        if let Ok(id) = parsed.get_untracked() {
            send.dispatch_local(id.as_str().to_string());
        }
    };

    view! {
        <ErrorSummary state=state/>
        <form class="search" novalidate on:submit=submit role="search">
            <TextField state=state field="citizen_id" value=value hint=Key::CitizenIdHint
                maxlength=24 required=true/>
            <SubmitButton state=state id="search-button" label=Key::Search/>
        </form>
    }
}
