//! Drafts of forms in localStorage, so a reload or a killed webview loses nothing
//! typed. Keyed by the user name; all are removed at logout and whenever the server
//! answers 401 (`api::answer`: the session expired or ended), since they hold personal
//! data.

use serde::de::DeserializeOwned;
use serde::Serialize;

const PREFIX: &str = "shebao.draft.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn key(user: &str, form: &str) -> String {
    format!("{PREFIX}{user}.{form}")
}

pub fn load<T: DeserializeOwned>(user: &str, form: &str) -> Option<T> {
    let text = storage()?.get_item(&key(user, form)).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn save<T: Serialize>(user: &str, form: &str, value: &T) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(value)) {
        let _ = s.set_item(&key(user, form), &text);
    }
}

pub fn clear(user: &str, form: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(user, form));
    }
}

/// Removes every draft (at logout, and on any 401).
pub fn clear_all() {
    let Some(s) = storage() else { return };
    let len = s.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in keys {
        let _ = s.remove_item(&k);
    }
}

/// Keeps `user`'s draft `form` up to date: saves what `current` gives whenever a signal
/// it reads changes (an effect of the calling component).
pub fn keep<T: Serialize + 'static>(
    user: String,
    form: &'static str,
    current: impl Fn() -> T + 'static,
) {
    leptos::prelude::Effect::new(move |_| save(&user, form, &current()));
}
