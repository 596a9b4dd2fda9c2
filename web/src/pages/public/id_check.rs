//! 社会保障号码校验: checks a social security number as it is typed, with core's
//! rules, against the server's date (birth dates may not be in the future).

use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use crate::session::Clock;
use leptos::prelude::*;
use shebao_core::api::{validate_id, IdKind, ValidateIdRequest};
use shebao_core::ids::Gender;

#[component]
pub fn IdCheckPage() -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();
    let (input, set_input) = signal(String::new());

    let verdict = Memo::new(move |_| {
        let value = input.get();
        (!value.trim().is_empty()).then(|| {
            validate_id(
                &ValidateIdRequest {
                    kind: IdKind::CitizenId,
                    value,
                },
                clock.today(),
            )
        })
    });

    let result = move || {
        let lang = lang.get();
        match verdict.get() {
            None => view! { <p class="hint">{tr(lang, Key::CitizenIdHint)}</p> }.into_any(),
            Some(v) if v.valid => {
                let gender = match v.gender {
                    Some(Gender::Male) => tr(lang, Key::Male),
                    _ => tr(lang, Key::Female),
                };
                let region = v
                    .region
                    .map(|r| {
                        if lang == shebao_core::Lang::Zh {
                            r.province_zh
                        } else {
                            r.province_en
                        }
                    })
                    .unwrap_or_default();
                view! {
                    <div class="verdict verdict-ok">
                        <p class="verdict-title">"✓ " {tr(lang, Key::IdValid)}</p>
                        <dl class="facts">
                            <dt>{tr(lang, Key::BirthDate)}</dt><dd id="birth-date">{v.birth_date.map(|d| d.to_string())}</dd>
                            <dt>{tr(lang, Key::Gender)}</dt><dd id="gender">{gender}</dd>
                            <dt>{tr(lang, Key::Region)}</dt><dd>{region}</dd>
                        </dl>
                    </div>
                }
                .into_any()
            }
            Some(v) => {
                let messages = v.violations.iter().map(|violation| {
                    view! { <p class="field-error" data-code=violation.code.as_str()>{violation.message(lang)}</p> }
                }).collect_view();
                view! { <div class="verdict verdict-error">{messages}</div> }.into_any()
            }
        }
    };

    view! {
        <h1>{move || tr(lang.get(), Key::IdCheckTitle)}</h1>
        <p>{move || tr(lang.get(), Key::IdCheckIntro)}</p>
        <div class="field">
            <label for="citizen-id">{move || tr(lang.get(), Key::CitizenIdLabel)}</label>
            <input id="citizen-id" name="citizen_id" type="text" inputmode="text" autocomplete="off"
                spellcheck="false" maxlength="24" aria-describedby="id-verdict"
                aria-invalid=move || verdict.get().map(|v| !v.valid).unwrap_or(false).to_string()
                prop:value=input
                on:input=move |ev| set_input.set(event_target_value(&ev))/>
        </div>
        <div id="id-verdict" role="status" aria-live="polite">{result}</div>
        <p class="clock-note">
            {move || tr(lang.get(), if clock.is_synced() { Key::ClockFromServer } else { Key::ClockFromDevice })}
        </p>
    }
}
