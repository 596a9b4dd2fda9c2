//! Accessibility: axe-core (installed from npm by `scripts/setup.sh`, `ensure_axe_core`)
//! injected into the page through WebDriver and run on the whole document. A journey
//! calls [`Browser::assert_accessible`] on every page it visits; any serious or critical
//! violation fails it, each listed with the elements it was found on.

use crate::{env_path, workspace_root, Browser};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The text of `axe.min.js` (`AXE_CORE_JS` overrides where it is read from).
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let default: PathBuf = workspace_root().join("tools/npm/node_modules/axe-core/axe.min.js");
        let path = env_path("AXE_CORE_JS", default);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "no axe-core at {} ({e}): run `source scripts/setup.sh && ensure_axe_core`",
                path.display()
            )
        })
    })
}

/// Runs axe on the document and answers the serious and critical violations, one line
/// per rule with its help text and the first few elements. Injected once per document.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then(r => done(r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.help} — ` +
      v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | ') +
      (v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : ''))))
  .catch(e => done([`axe failed: ${e}`]));
"#;

impl Browser {
    /// Fails, listing them, if axe-core finds any serious or critical violation on the
    /// page as it is now. `page` names the page in the message.
    pub async fn assert_accessible(&self, page: &str) {
        let violations = self.accessibility_violations(page).await;
        assert!(
            violations.is_empty(),
            "{page}: {} serious or critical accessibility violation(s):\n  {}",
            violations.len(),
            violations.join("\n  ")
        );
    }

    /// The serious and critical violations axe-core finds on the page as it is now.
    pub async fn accessibility_violations(&self, page: &str) -> Vec<String> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .expect("ask the page for axe");
        if loaded != serde_json::Value::Bool(true) {
            self.client
                .execute(axe_source(), vec![])
                .await
                .expect("inject axe-core");
        }
        let answer = self
            .client
            .execute_async(RUN_AXE, vec![])
            .await
            .unwrap_or_else(|e| panic!("run axe on {page}: {e}"));
        serde_json::from_value(answer).expect("axe's answer")
    }
}
