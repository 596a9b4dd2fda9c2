//! The reader's preferences: language and elder-friendly mode. Kept in localStorage so
//! they survive a reload or a killed webview.

use leptos::prelude::*;
use shebao_core::Lang;

const LANG_KEY: &str = "shebao.lang";
const ELDER_KEY: &str = "shebao.elder";

#[derive(Clone, Copy)]
pub struct Prefs {
    pub lang: RwSignal<Lang>,
    pub elder: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Prefs {
    pub fn load() -> Prefs {
        let stored = |key| storage().and_then(|s| s.get_item(key).ok().flatten());
        let lang = match stored(LANG_KEY).as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        };
        let elder = stored(ELDER_KEY).as_deref() == Some("1");
        Prefs {
            lang: RwSignal::new(lang),
            elder: RwSignal::new(elder),
        }
    }

    pub fn toggle_lang(self) {
        let next = match self.lang.get_untracked() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        self.lang.set(next);
        if let Some(s) = storage() {
            let _ = s.set_item(LANG_KEY, if next == Lang::En { "en" } else { "zh" });
        }
    }

    pub fn toggle_elder(self) {
        let next = !self.elder.get_untracked();
        self.elder.set(next);
        if let Some(s) = storage() {
            let _ = s.set_item(ELDER_KEY, if next { "1" } else { "0" });
        }
    }

    /// Reflects the preferences on `<html>`: its `lang` and the `elder` class.
    pub fn apply_to_document(self) {
        let lang = self.lang.get();
        let elder = self.elder.get();
        let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let _ = root.set_attribute("lang", if lang == Lang::En { "en" } else { "zh-CN" });
        let _ = root.set_attribute("class", if elder { "elder" } else { "" });
    }
}
