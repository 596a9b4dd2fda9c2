//! The shell around every page: the header with the language switch and the
//! elder-friendly (长辈版) toggle, and the page itself.

use crate::i18n::{tr, Key};
use crate::pages::public::id_check::IdCheckPage;
use crate::prefs::Prefs;
use leptos::prelude::*;
use shebao_core::Lang;

#[component]
pub fn App() -> impl IntoView {
    let prefs = Prefs::load();
    provide_context(prefs);
    let lang = prefs.lang;

    // Keep <html lang> and the elder class on <html> in step with the preferences,
    // so screen readers pronounce the right language and rem-based sizes scale.
    Effect::new(move |_| prefs.apply_to_document());

    view! {
        <a class="skip-link" href="#main">{move || tr(lang.get(), Key::SkipToContent)}</a>
        <header class="site-header">
            <span class="site-title">{move || tr(lang.get(), Key::SiteTitle)}</span>
            <nav class="site-prefs" aria-label=move || tr(lang.get(), Key::Preferences)>
                <button type="button" class="pref-button" id="lang-switch"
                    on:click=move |_| prefs.toggle_lang()>
                    {move || match lang.get() { Lang::Zh => "English", Lang::En => "中文" }}
                </button>
                <button type="button" class="pref-button" id="elder-switch"
                    aria-pressed=move || prefs.elder.get().to_string()
                    on:click=move |_| prefs.toggle_elder()>
                    {move || tr(lang.get(), Key::ElderMode)}
                </button>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            <IdCheckPage/>
        </main>
    }
}
