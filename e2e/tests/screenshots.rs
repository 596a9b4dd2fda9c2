//! Screenshots of every journey step, from headless Chromium against the real server:
//! the resident's at 360×740 (a phone), the employer's and the reviewer's at 1366×768.
//! Saved as `target/screenshots/<actor>-<nn>-<step>.png`. Ignored in the ordinary run
//! (it proves nothing the journeys' tests do not); `scripts/screenshots.sh` runs it.
//! A step that cannot be reached is reported and the journey goes on, so one broken
//! page never hides the others.

use shebao_e2e::fantoccini::{Client, Locator};
use shebao_e2e::{with_check, workspace_root, Browser, Server};
use std::path::PathBuf;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

struct Shots<'a> {
    c: &'a Client,
    actor: &'static str,
    n: u32,
    dir: PathBuf,
    missed: Vec<String>,
}

impl<'a> Shots<'a> {
    fn new(c: &'a Client, actor: &'static str) -> Shots<'a> {
        let dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"))
            .join("screenshots");
        std::fs::create_dir_all(&dir).expect("create target/screenshots");
        Shots {
            c,
            actor,
            n: 0,
            dir,
            missed: Vec::new(),
        }
    }

    /// Waits for the page to settle, then saves a screenshot of the viewport.
    async fn shot(&mut self, step: &str) {
        tokio::time::sleep(Duration::from_millis(400)).await;
        self.n += 1;
        let path = self
            .dir
            .join(format!("{}-{:02}-{step}.png", self.actor, self.n));
        match self.c.screenshot().await {
            Ok(png) => {
                std::fs::write(&path, png).expect("write a screenshot");
                println!("saved {}", path.display());
            }
            Err(e) => self.miss(format!("screenshot {step}: {e}")),
        }
    }

    /// Makes the page's viewport exactly `width`×`height`: the window size Chromium
    /// is started with includes its own frame, and headless Chromium widens a window
    /// narrower than 500 px, so the window is resized once measured.
    async fn viewport(&mut self, width: u32, height: u32) {
        let _ = self.c.set_window_size(width, height).await;
        let inner = self
            .script("return [window.innerWidth, window.innerHeight];")
            .await
            .and_then(|v| Some((v[0].as_u64()? as u32, v[1].as_u64()? as u32)));
        if let Some((w, h)) = inner {
            let _ = self
                .c
                .set_window_size(
                    width + width.saturating_sub(w),
                    height + height.saturating_sub(h),
                )
                .await;
        }
        if let Some(v) = self
            .script("return [window.innerWidth, window.innerHeight];")
            .await
        {
            println!("{} viewport: {v}", self.actor);
        }
    }

    /// Scrolls the element to the top of the viewport, then saves a screenshot.
    async fn shot_of(&mut self, step: &str, css: &str) {
        if self.wait(css).await {
            self.script(&format!(
                "document.querySelector(\"{css}\").scrollIntoView({{block: 'start'}});"
            ))
            .await;
        }
        self.shot(step).await;
    }

    fn miss(&mut self, what: String) {
        println!("MISSED {}: {what}", self.actor);
        self.missed.push(what);
    }

    async fn goto(&mut self, url: &str) {
        if let Err(e) = self.c.goto(url).await {
            self.miss(format!("open {url}: {e}"));
        }
    }

    async fn wait(&mut self, css: &str) -> bool {
        match self
            .c
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(_) => true,
            Err(e) => {
                self.miss(format!("{css} never appeared: {e}"));
                false
            }
        }
    }

    async fn click(&mut self, css: &str) {
        if self.wait(css).await {
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                if let Err(err) = e.click().await {
                    self.miss(format!("click {css}: {err}"));
                }
            }
        }
    }

    async fn type_into(&mut self, css: &str, text: &str) {
        if self.wait(css).await {
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                if let Err(err) = e.send_keys(text).await {
                    self.miss(format!("type into {css}: {err}"));
                }
            }
        }
    }

    async fn select(&mut self, css: &str, value: &str) {
        if self.wait(css).await {
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                if let Err(err) = e.select_by_value(value).await {
                    self.miss(format!("select {value} in {css}: {err}"));
                }
            }
        }
    }

    async fn script(&mut self, js: &str) -> Option<serde_json::Value> {
        match self.c.execute(js, vec![]).await {
            Ok(v) => Some(v),
            Err(e) => {
                self.miss(format!("script: {e}"));
                None
            }
        }
    }

    async fn login(&mut self, base: &str, user: &str, password: &str) {
        self.goto(&format!("{base}/login")).await;
        self.type_into("#f-username", user).await;
        self.type_into("#f-password", password).await;
        self.shot("login").await;
        self.click("#login-submit").await;
        self.wait("h1").await;
    }

    async fn choose_file(&mut self, name: &str, content: &str) {
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, content).expect("write a spreadsheet");
        if self.wait("#batch-file").await {
            if let Ok(e) = self.c.find(Locator::Css("#batch-file")).await {
                if let Err(err) = e.send_keys(&path.display().to_string()).await {
                    self.miss(format!("choose {name}: {err}"));
                }
            }
        }
    }

    /// The server's handling month (CST), from `/api/v1/time`.
    async fn month(&mut self) -> String {
        self.script(
            "return fetch('/api/v1/time').then(r => r.json())
                 .then(t => new Date(t.now_ms + 8 * 3600 * 1000).toISOString().slice(0, 7));",
        )
        .await
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
    }
}

/// The captcha's question in words (`三加五等于几？`), answered.
fn captcha_answer(question: &str) -> Option<u32> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as u32 + 1)
    };
    let chars: Vec<char> = question.chars().collect();
    let (a, b) = (digit(*chars.first()?)?, digit(*chars.get(2)?)?);
    match chars.get(1)? {
        '加' => Some(a + b),
        '减' => a.checked_sub(b),
        _ => None,
    }
}

async fn resident(base: &str) -> Vec<String> {
    let browser = Browser::start(360, 740).await;
    let mut s = Shots::new(&browser.client, "resident");
    s.viewport(360, 740).await;
    s.goto(base).await;
    s.wait("#citizen-id").await;
    s.shot("home").await;
    s.type_into("#citizen-id", "340524198001010013").await;
    s.shot("id-check-error").await;
    s.click("#elder-switch").await;
    s.shot("elder-mode").await;
    s.click("#elder-switch").await;

    // An employed resident: the five insurances and the history.
    s.login(base, "resident", "Demo-Resident-2026").await;
    s.wait("#insurances").await;
    s.shot("my-insurance").await;
    s.click("#menu-contributions").await;
    s.wait("table").await;
    s.shot("contributions").await;
    s.goto(&format!("{base}/resident/pension")).await;
    s.wait("table").await;
    s.shot("pension-years").await;
    // 个人参保证明: the form and its captcha, the preview, 电脑端打开; then 证明验真.
    s.goto(&format!("{base}/resident/certificate")).await;
    s.wait("#captcha-image").await;
    s.shot("certificate-1-form").await;
    let question = s
        .script("return document.querySelector('#captcha-image').alt;")
        .await;
    if let Some(answer) = question.as_ref().and_then(|q| captcha_answer(q.as_str()?)) {
        s.type_into("#f-captcha_answer", &answer.to_string()).await;
        s.click("#certificate-preview-button").await;
        s.wait("#certificate-preview").await;
        s.shot("certificate-2-preview").await;
        s.click("#handoff-button").await;
        s.wait("#handoff-qr").await;
        s.shot("certificate-3-open-on-computer").await;
        let code = s
            .script("return document.querySelector('#certificate-code').textContent;")
            .await;
        if let Some(code) = code.as_ref().and_then(|c| c.as_str()) {
            s.goto(&format!("{base}/verify?code={code}")).await;
            s.wait("#verdict-region .verdict").await;
            s.shot("certificate-4-verified").await;
        }
    } else {
        s.miss(format!("the captcha's question: {question:?}"));
    }
    s.goto(&format!("{base}/open")).await;
    s.wait("#f-handoff_code").await;
    s.shot("certificate-5-open-page").await;
    s.goto(&format!("{base}/resident/flexible")).await;
    s.click("#f-notice").await;
    s.click("#flex-next").await;
    s.shot("flexible-refused-while-employed").await;
    s.click("#logout").await;

    // Insured nowhere: 灵活就业人员参保登记 in four steps.
    s.login(base, "flexible", "Demo-Resident-2026").await;
    s.shot("my-insurance-not-insured").await;
    s.goto(&format!("{base}/resident/flexible")).await;
    s.wait("#notice-text").await;
    s.shot("flexible-1-notice").await;
    s.click("#f-notice").await;
    s.click("#flex-next").await;
    s.wait("#flex-case").await;
    s.shot("flexible-2-application").await;
    s.type_into("#f-base", "8000").await;
    s.shot("flexible-2-application-filled").await;
    s.click("#flex-next").await;
    s.wait("#materials").await;
    s.shot("flexible-3-materials").await;
    s.click("#flex-submit").await;
    s.wait("#receipt-number").await;
    s.shot("flexible-4-receipt").await;
    s.goto(&format!("{base}/check")).await;
    s.shot("public-id-check").await;
    let missed = s.missed;
    browser.close().await;
    missed
}

async fn employer(base: &str) -> Vec<String> {
    let browser = Browser::start(1366, 768).await;
    let mut s = Shots::new(&browser.client, "employer");
    s.viewport(1366, 768).await;
    s.login(base, "employer", "Demo-Employer-2026").await;
    s.shot("menu").await;

    // 社会保险职工参保登记 for someone new.
    s.click("#menu-enrol").await;
    s.shot("enrol-search").await;
    s.type_into("#f-citizen_id", &with_check("33020319900307913"))
        .await;
    s.click("#search-button").await;
    s.wait("#search-case").await;
    s.shot("enrol-new-case").await;
    s.click("#enrol-next").await;
    s.shot("enrol-error-summary").await;
    s.type_into("#f-name", "王小明").await;
    s.type_into("#f-mobile", "13812345678").await;
    s.select("#f-hukou_district", "330200").await;
    s.click("#f-hukou_type").await;
    s.script(
        "const e = document.getElementById('f-employment_start');
         e.value = '2020-01-01';
         e.dispatchEvent(new Event('input', { bubbles: true }));",
    )
    .await;
    s.type_into("#f-monthly_wage", "3000").await;
    s.click("#f-pension_start-1").await;
    s.click("#f-unemployment_start-1").await;
    s.shot_of("enrol-plan-preview", "#plan-preview").await;
    s.click("#enrol-next").await;
    s.wait("#receipt-number").await;
    s.shot("enrol-saved").await;
    s.click("#receipt a.button").await;
    s.wait("#app-number").await;
    s.shot("application-detail").await;
    s.click("#withdraw").await;
    s.wait("#withdraw-confirm").await;
    s.shot("withdraw-confirm").await;

    // 社会保险职工暂停参保.
    s.goto(&format!("{base}/employer/stop")).await;
    s.wait("#f-citizen_id").await;
    s.shot("stop-search").await;
    s.type_into("#f-citizen_id", &with_check("33020319900307914"))
        .await;
    s.click("#search-button").await;
    s.shot("stop-not-an-employee").await;

    // 批量增员: a small sheet with two bad rows, then the server's row-by-row answer.
    let month = s.month().await;
    s.goto(&format!("{base}/employer/enrol/batch")).await;
    s.wait("#batch-file").await;
    s.shot("batch-enrol").await;
    let mut sheet = String::from("社会保障号码,姓名,手机号码,户籍所在地,户口性质,用工起始日期,月工资,养老保险参保年月,失业保险参保年月\n");
    for (i, (name, mobile)) in [
        ("李四", "13900000001"),
        ("赵五", "1390000002"),
        ("钱六", "13900000003"),
        ("孙7", "13900000004"),
        ("周八", "13900000005"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = with_check(&format!("3302031991010{}915", i + 1));
        sheet.push_str(&format!(
            "{id},{name},{mobile},宁波市—市本级,城镇,2021/3/1,7200,{month},{month}\n"
        ));
    }
    s.choose_file("screenshots-batch-enrol.csv", &sheet).await;
    s.shot_of("batch-enrol-checked", "#batch-summary").await;
    s.shot_of("batch-enrol-errors", "#batch-errors").await;
    s.click("#batch-submit").await;
    s.shot_of("batch-enrol-result", "#batch-result").await;

    // 批量减员: nobody in this sheet is employed here, so the server refuses every row.
    s.goto(&format!("{base}/employer/stop/batch")).await;
    s.wait("#batch-file").await;
    let stop_sheet = format!(
        "社会保障号码,停保年月,原因\n{},{month},辞职\n{},1999-01,辞职\n{},{month},旅游\n",
        with_check("33020319910101916"),
        with_check("33020319910102916"),
        with_check("33020319910103916"),
    );
    s.choose_file("screenshots-batch-stop.csv", &stop_sheet)
        .await;
    s.shot_of("batch-stop-checked", "#batch-summary").await;
    s.shot_of("batch-stop-errors", "#batch-errors").await;
    s.click("#batch-submit").await;
    s.shot_of("batch-stop-result", "#batch-result").await;

    // 单位业务申报进度查询.
    s.goto(&format!("{base}/employer/applications")).await;
    s.wait("table").await;
    s.shot("progress").await;

    // 单位参保证明 (the demo employer's 专管员 is in the README).
    s.goto(&format!("{base}/employer/certificate")).await;
    s.select("#f-insured_place", "330211").await;
    s.type_into("#f-contact_name", "陈建国").await;
    s.type_into("#f-contact_mobile", "13957400001").await;
    s.shot("certificate-form").await;
    s.click("#certificate-issue").await;
    s.wait("#certificate-preview").await;
    s.shot("certificate-issued").await;
    let missed = s.missed;
    browser.close().await;
    missed
}

async fn reviewer(base: &str) -> Vec<String> {
    let browser = Browser::start(1366, 768).await;
    let mut s = Shots::new(&browser.client, "reviewer");
    s.viewport(1366, 768).await;
    s.login(base, "reviewer", "Demo-Reviewer-2026").await;
    s.shot("queue").await;
    s.click("main table a").await;
    s.wait("#decision-title").await;
    s.shot("review").await;
    s.click("#reject").await;
    s.wait("#f-reason").await;
    s.shot("reject-reason").await;
    let missed = s.missed;
    browser.close().await;
    missed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by scripts/screenshots.sh"]
async fn screenshots_of_every_journey_step() {
    let server = Server::start();
    let mut missed = resident(&server.url).await;
    missed.extend(employer(&server.url).await);
    missed.extend(reviewer(&server.url).await);
    if !missed.is_empty() {
        println!("{} step(s) missed:", missed.len());
        for m in &missed {
            println!("  {m}");
        }
    }
}
