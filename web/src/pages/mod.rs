//! Screens, one folder per actor: `public` (anyone), `employer` (单位经办人),
//! `resident` (参保人) and `reviewer` (经办人员).

pub mod employer;
pub mod public;
pub mod resident;
pub mod reviewer;

use shebao_core::stop::StopReason;
use shebao_core::Lang;

/// A stop reason's label from its code or Chinese label (or the words as stored).
pub(crate) fn stop_reason_label(code: &str, lang: Lang) -> String {
    StopReason::ALL
        .into_iter()
        .find(|r| r.code() == code || r.label(Lang::Zh) == code)
        .map(|r| r.label(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}
