//! What every journey does with the browser: wait for an element and click or type into
//! it, log in, and at each page reached, [`Browser::step`]: check it with axe-core and
//! save a screenshot under `target/screenshots/`.

use crate::{workspace_root, Browser};
use fantoccini::elements::Element;
use fantoccini::Locator;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long a journey waits for anything to appear.
pub const WAIT: Duration = Duration::from_secs(20);

/// `target/screenshots/` (under `CARGO_TARGET_DIR` when set), created on first use.
pub fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// The demo accounts (README).
pub const EMPLOYER: (&str, &str) = ("employer", "Demo-Employer-2026");
pub const RESIDENT: (&str, &str) = ("resident", "Demo-Resident-2026");
pub const FLEXIBLE: (&str, &str) = ("flexible", "Demo-Resident-2026");
pub const REVIEWER: (&str, &str) = ("reviewer", "Demo-Reviewer-2026");

impl Browser {
    /// Waits for the element and answers it.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    pub async fn select(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    }

    /// Sets an `<input type=date>` (typing into one depends on the locale) and tells the
    /// page as a person's input would.
    pub async fn set_date(&self, css: &str, iso: &str) {
        self.find(css).await;
        self.script(&format!(
            "const e = document.querySelector({css:?});
             e.value = {iso:?};
             e.dispatchEvent(new Event('input', {{ bubbles: true }}));
             e.dispatchEvent(new Event('change', {{ bubbles: true }}));"
        ))
        .await;
    }

    /// The value of a form field as the page holds it now.
    pub async fn value_of(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("value of {css}: {e}"))
            .unwrap_or_default()
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of {css}: {e}"))
    }

    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.client
            .execute(js, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{js}"))
    }

    /// What the browser refused on this page under its Content-Security-Policy so far
    /// (Chromium's buffered `csp-violation` reports), one line each: the directive, what
    /// was blocked and where.
    pub async fn csp_violations(&self) -> Vec<String> {
        let answer = self
            .client
            .execute(CSP_REPORTS, vec![])
            .await
            .unwrap_or_else(|e| panic!("read the CSP reports: {e}"));
        serde_json::from_value(answer).unwrap_or_default()
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// The page's viewport in CSS pixels (`innerWidth`, `innerHeight`).
    pub async fn viewport(&self) -> (u64, u64) {
        let v = self
            .script("return [window.innerWidth, window.innerHeight];")
            .await;
        (
            v[0].as_u64().expect("innerWidth"),
            v[1].as_u64().expect("innerHeight"),
        )
    }

    /// Logs in through the login page (checked by axe) and waits for the actor's home.
    pub async fn login(&self, base: &str, (user, password): (&str, &str)) {
        self.goto(&format!("{base}/login")).await;
        self.find("#f-username").await;
        self.assert_accessible("login").await;
        self.type_into("#f-username", user).await;
        self.type_into("#f-password", password).await;
        self.click("#login-submit").await;
        self.wait_for_path(|p| !p.starts_with("/login")).await;
        self.find("main h1").await;
    }

    pub async fn logout(&self) {
        self.click("#logout").await;
        self.wait_for_path(|p| p.starts_with("/login")).await;
    }

    /// Waits until the page's path satisfies `ok`, answering it.
    pub async fn wait_for_path(&self, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = self.client.current_url().await.expect("the page's URL");
            if ok(url.path()) {
                return url.path().to_string();
            }
            assert!(Instant::now() < deadline, "the page stayed at {url}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// One step of a journey on the page as it is now: the browser refused nothing under
    /// the server's Content-Security-Policy, axe-core finds no serious or critical
    /// violation, and a screenshot is saved as `target/screenshots/<name>.png`.
    pub async fn step(&self, name: &str) {
        let refused = self.csp_violations().await;
        assert!(
            refused.is_empty(),
            "{name}: the page broke its Content-Security-Policy:\n  {}",
            refused.join("\n  ")
        );
        self.assert_accessible(name).await;
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write a screenshot");
    }
}

/// An employee's details as the 增员 form asks for them.
pub struct Employee<'a> {
    pub citizen_id: &'a str,
    pub name: &'a str,
    pub mobile: &'a str,
    pub monthly_wage: &'a str,
}

impl Browser {
    /// The server's handling month (CST), `YYYY-MM`, as the page gets it.
    pub async fn server_month(&self) -> String {
        let v = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch('/api/v1/time').then(r => r.json())
                   .then(t => done(new Date(t.now_ms + 8 * 3600 * 1000).toISOString().slice(0, 7)));",
                vec![],
            )
            .await
            .expect("the server's month");
        v.as_str().expect("a month").to_string()
    }

    /// The server's date (CST) `days` ago, `YYYY-MM-DD`, as the page gets the time.
    pub async fn server_date_days_ago(&self, days: i64) -> String {
        let v = self
            .client
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1];
                     fetch('/api/v1/time').then(r => r.json())
                       .then(t => done(new Date(t.now_ms + 8 * 3600 * 1000 - {days} * 86400000)
                         .toISOString().slice(0, 10)));"
                ),
                vec![],
            )
            .await
            .expect("the server's date");
        v.as_str().expect("a date").to_string()
    }

    /// On 社会保险职工参保登记: searches the number, expects the case the page tells
    /// (新参保 or 续保), and fills the form so that it is ready for 下一步 (pension and
    /// unemployment from last month, hukou as prefilled for someone known).
    pub async fn fill_enrolment(&self, e: &Employee<'_>, case: &str) {
        self.type_into("#f-citizen_id", e.citizen_id).await;
        self.click("#search-button").await;
        self.wait_for_text("#search-case", case, WAIT).await;
        self.type_into("#f-name", e.name).await;
        self.type_into("#f-mobile", e.mobile).await;
        if self.value_of("#f-hukou_district").await.is_empty() {
            self.select("#f-hukou_district", "330200").await;
        }
        if self
            .script("return document.querySelector('input[name=hukou_type]:checked') === null;")
            .await
            == serde_json::Value::Bool(true)
        {
            self.click("#f-hukou_type").await;
        }
        let month = self.server_month().await;
        self.set_date("#f-employment_start", &format!("{month}-01"))
            .await;
        self.type_into("#f-monthly_wage", e.monthly_wage).await;
        // The first choice is last month.
        self.click("#f-pension_start").await;
        self.click("#f-unemployment_start").await;
        self.find("#plan-preview").await;
    }
}

/// A citizen ID with the right check character for the first 17 characters.
pub fn with_check(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", CHECK[(sum % 11) as usize] as char)
}

/// The page's CSP violation reports so far: a `ReportingObserver` asked for the buffered
/// ones (those from before it existed) answers them at once from `takeRecords`.
const CSP_REPORTS: &str = r#"
if (typeof ReportingObserver !== "function") return [];
const observer = new ReportingObserver(() => {}, { types: ["csp-violation"], buffered: true });
observer.observe();
const reports = observer.takeRecords();
observer.disconnect();
return reports.map((r) => `${r.body.effectiveDirective}: ${r.body.blockedURL || "(inline)"} at ${r.body.sourceFile || r.url}:${r.body.lineNumber || 0}`);
"#;
