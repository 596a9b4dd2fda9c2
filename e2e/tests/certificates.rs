//! Journey 4: certificates. The employer agent asks for the 单位参保证明 with a wrong
//! contact person (refused in core's words, without saying which detail), then the right
//! one (preview, verification code, PDF); the resident asks on a phone for a 36-month
//! 个人参保证明 (a wrong captcha answer first, 换一张, then the answer to the captcha's
//! question in words, read from the page as a screen reader reads it), previews it,
//! downloads the PDF and asks for 电脑端打开; a second browser (the computer) opens the
//! PDF once with the code through the QR code's address, is refused the second time and
//! throttled after more wrong codes; then the public 证明验真 page checks both codes (as
//! the QR code opens it) and the downloaded PDF file, genuine and with one byte changed.
//! Every page is checked by axe-core and photographed (`j4-*`).

use shebao_e2e::{Browser, Server, EMPLOYER, RESIDENT, WAIT};
use std::process::Command;
use std::time::{Duration, Instant};

/// The demo employer's 专管员 (README: the demo accounts).
const CONTACT_NAME: &str = "陈建国";
const CONTACT_MOBILE: &str = "13957400001";
/// The demo employer's insured place (宁波市镇海区).
const INSURED_PLACE: &str = "330211";

/// A PDF as the browser's session downloads it: status, content type, file name, bytes.
struct Download {
    content_type: String,
    disposition: String,
    bytes: Vec<u8>,
}

/// Fetches `href` (a link on the page) with the browser's own cookies, as the link
/// would, so the bytes can be read back with poppler.
async fn download(b: &Browser, base: &str, href: &str) -> Download {
    let cookies = b
        .client
        .get_all_cookies()
        .await
        .expect("the browser's cookies");
    let cookie = cookies
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect::<Vec<_>>()
        .join("; ");
    let url = if href.starts_with("http") {
        href.to_string()
    } else {
        format!("{base}{href}")
    };
    let response = reqwest::Client::new()
        .get(&url)
        .header("Cookie", cookie)
        .send()
        .await
        .expect("download the PDF");
    assert_eq!(response.status(), 200, "GET {url}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    let bytes = response.bytes().await.expect("the PDF's bytes").to_vec();
    Download {
        content_type,
        disposition,
        bytes,
    }
}

/// Runs a poppler tool on the PDF, answering its output.
fn poppler(tool: &str, pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("certificate.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let mut command = Command::new(tool);
    command.arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils): {e}"));
    assert!(output.status.success(), "{tool} failed on the PDF");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Checks a downloaded certificate is a real PDF under the right name, with the CJK
/// font embedded as a subset and the code printed; prints its size and font line.
fn check_pdf(what: &str, pdf: &Download, code: &str, expected_text: &[&str]) {
    assert_eq!(pdf.content_type, "application/pdf", "{what}");
    assert!(
        pdf.disposition
            .contains(&format!("filename=\"shebao-certificate-{code}.pdf\"")),
        "{what}: {}",
        pdf.disposition
    );
    assert!(pdf.bytes.starts_with(b"%PDF-"), "{what}: not a PDF");
    let text = poppler("pdftotext", &pdf.bytes);
    for expected in expected_text.iter().chain([&code]) {
        assert!(text.contains(expected), "{what}: {expected} not in\n{text}");
    }
    // pdffonts: name, type, encoding, emb, sub, uni, object ID. A subset font's name
    // carries a six-letter tag (ABCDEF+Name) and "yes" under emb and sub.
    let fonts = poppler("pdffonts", &pdf.bytes);
    let subset = fonts
        .lines()
        .skip(2)
        .find(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let name_tagged = l.get(6..7) == Some("+");
            cols.len() >= 7
                && name_tagged
                && cols[cols.len() - 5] == "yes"
                && cols[cols.len() - 4] == "yes"
        })
        .unwrap_or_else(|| panic!("{what}: no embedded subset font:\n{fonts}"));
    println!(
        "{what}: {} bytes ({:.1} KB); pdffonts: {}",
        pdf.bytes.len(),
        pdf.bytes.len() as f64 / 1024.0,
        subset.trim()
    );
}

/// The captcha's question in words, as its picture's text alternative says it
/// (`三加五等于几？`), answered.
fn answer_captcha(question: &str) -> u32 {
    const DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |c: char| {
        DIGITS
            .iter()
            .position(|d| *d == c)
            .map(|i| i as u32 + 1)
            .unwrap_or_else(|| panic!("not a digit {c} in {question}"))
    };
    let chars: Vec<char> = question.chars().collect();
    let (a, b) = (digit(chars[0]), digit(chars[2]));
    match chars[1] {
        '加' => a + b,
        '减' => a - b,
        other => panic!("unknown operation {other} in {question}"),
    }
}

async fn attribute(b: &Browser, css: &str, name: &str) -> String {
    b.find(css)
        .await
        .attr(name)
        .await
        .unwrap_or_else(|e| panic!("{name} of {css}: {e}"))
        .unwrap_or_default()
}

/// Clears a text field the way a person does (select all, delete), so the page hears it.
async fn clear(b: &Browser, css: &str) {
    b.type_into(css, "\u{E009}a\u{E009}\u{E003}").await;
    assert_eq!(b.value_of(css).await, "", "{css} cleared");
}

/// Waits until the button is no longer busy (the server answered).
async fn wait_enabled(b: &Browser, css: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let disabled = b
            .script(&format!("return document.querySelector({css:?}).disabled;"))
            .await;
        if disabled == serde_json::Value::Bool(false) {
            return;
        }
        assert!(Instant::now() < deadline, "{css} stayed busy");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The captcha picture's width on the page, CSS pixels.
async fn captcha_width(b: &Browser) -> u64 {
    let width = b
        .script("return Math.round(document.querySelector('#captcha-image').getBoundingClientRect().width);")
        .await;
    width.as_u64().expect("a width")
}

/// Fails if the page scrolls sideways on the 360 px phone.
async fn fits_the_phone(b: &Browser, page: &str) {
    let width = b
        .script("return document.documentElement.scrollWidth;")
        .await;
    assert!(
        width.as_u64().is_some_and(|w| w <= 360),
        "{page} is {width} px wide on a 360 px phone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_issued_previewed_downloaded_opened_on_a_computer_and_verified() {
    let server = Server::start_with(&["--demo-persons", "200"]);
    let base = server.url.as_str();

    // ---- the employer agent: 单位参保证明 ----
    let agent = Browser::start(1366, 768).await;
    agent.login(base, EMPLOYER).await;
    agent.click("#menu-certificate").await;
    agent.wait_for_text("main h1", "单位参保证明", WAIT).await;
    // The unit number is offered from the session.
    assert_eq!(
        agent.value_of("#f-unit_number_or_credit_code").await.len(),
        12
    );
    agent.select("#f-insured_place", INSURED_PLACE).await;
    agent.type_into("#f-contact_name", "王五").await;
    agent.type_into("#f-contact_mobile", CONTACT_MOBILE).await;
    agent.click("#certificate-issue").await;
    // Refused in core's words, on the group of details, never saying which was wrong.
    let summary = agent
        .wait_for_text(
            "#error-summary",
            "填写的参保地、单位编号或专管员信息与单位登记信息不一致",
            WAIT,
        )
        .await;
    assert!(
        !summary.contains("姓名"),
        "which detail is not said: {summary}"
    );
    agent
        .wait_for_text("#f-contact-error", "不一致", WAIT)
        .await;
    agent.step("j4-01-employer-certificate-mismatch").await;

    clear(&agent, "#f-contact_name").await;
    agent.type_into("#f-contact_name", CONTACT_NAME).await;
    agent.click("#certificate-issue").await;
    agent
        .wait_for_text("#certificate-issued", "证明已出具", WAIT)
        .await;
    let employer_code = agent.text_of("#issued-code").await;
    assert_eq!(employer_code.len(), 19, "{employer_code}");
    let preview = agent.text_of("#certificate-preview").await;
    for expected in [
        "单位参保证明",
        "宁波甬江机械制造有限公司",
        "参保缴费情况",
        "企业职工基本养老保险",
    ] {
        assert!(
            preview.contains(expected),
            "{expected} not in the preview:\n{preview}"
        );
    }
    agent
        .wait_for_text("#certificate-history", &employer_code, WAIT)
        .await;
    agent.step("j4-02-employer-certificate-issued").await;
    let href = attribute(&agent, "#certificate-pdf", "href").await;
    assert_eq!(
        attribute(&agent, "#certificate-pdf", "download").await,
        format!("shebao-certificate-{employer_code}.pdf")
    );
    let employer_pdf = download(&agent, base, &href).await;
    check_pdf(
        "employer certificate",
        &employer_pdf,
        &employer_code,
        &["单位参保证明", "宁波甬江机械制造有限公司", "参保缴费情况"],
    );
    agent.close().await;

    // ---- the resident on a phone: 个人参保证明 ----
    let phone = Browser::start(360, 740).await;
    phone.login(base, RESIDENT).await;
    let name = phone.text_of("#site-user").await;
    phone.click("#menu-certificate").await;
    phone.wait_for_text("main h1", "个人参保证明", WAIT).await;
    phone.find("#captcha-image").await;
    phone.select("#f-months", "36").await;
    // The captcha picture is larger in 长辈版, and can be enlarged further.
    assert_eq!(captcha_width(&phone).await, 160);
    phone.click("#elder-switch").await;
    assert_eq!(captcha_width(&phone).await, 240);
    phone.click("#captcha-enlarge").await;
    assert_eq!(
        attribute(&phone, "#captcha-enlarge", "aria-pressed").await,
        "true"
    );
    assert!(captcha_width(&phone).await > 240, "enlarged");
    fits_the_phone(&phone, "the certificate form in 长辈版").await;
    phone.step("j4-03-personal-certificate-form-elder").await;
    phone.click("#elder-switch").await;
    // In English the question in words is English too.
    phone.click("#lang-switch").await;
    phone
        .wait_for_text("main h1", "Personal insurance certificate", WAIT)
        .await;
    let question = attribute(&phone, "#captcha-image", "alt").await;
    assert!(question.starts_with("What is "), "{question}");
    phone.click("#lang-switch").await;
    phone.wait_for_text("main h1", "个人参保证明", WAIT).await;

    // A wrong answer spends the captcha: refused in core's words, a new one is shown.
    let first = attribute(&phone, "#captcha-image", "src").await;
    let question = attribute(&phone, "#captcha-image", "alt").await;
    let wrong = answer_captcha(&question) + 1;
    phone
        .type_into("#f-captcha_answer", &wrong.to_string())
        .await;
    phone.click("#certificate-preview-button").await;
    phone
        .wait_for_text("#error-summary", "验证码答案不正确", WAIT)
        .await;
    let deadline = Instant::now() + WAIT;
    while attribute(&phone, "#captcha-image", "src").await == first {
        assert!(
            Instant::now() < deadline,
            "no new captcha after a wrong answer"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    phone.step("j4-04-personal-certificate-captcha-wrong").await;
    // 换一张: another picture.
    let second = attribute(&phone, "#captcha-image", "src").await;
    phone.click("#captcha-refresh").await;
    let deadline = Instant::now() + WAIT;
    while attribute(&phone, "#captcha-image", "src").await == second {
        assert!(Instant::now() < deadline, "换一张 showed no new captcha");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The question in words (the picture's text alternative), answered.
    let question = attribute(&phone, "#captcha-image", "alt").await;
    assert!(question.ends_with("等于几？"), "{question}");
    assert_eq!(phone.text_of("#captcha-question").await, question);
    let answer = answer_captcha(&question);
    clear(&phone, "#f-captcha_answer").await;
    phone
        .type_into("#f-captcha_answer", &answer.to_string())
        .await;
    phone.click("#certificate-preview-button").await;
    phone.find("#certificate-preview").await;
    let personal_code = phone.text_of("#certificate-code").await;
    assert_eq!(phone.text_of("#certificate-name").await, name);
    phone
        .wait_for_text("#certificate-period", "共36个月", WAIT)
        .await;
    let preview = phone.text_of("#certificate-preview").await;
    for expected in [
        "个人参保证明",
        "当前参保状态",
        "缴费明细",
        "已缴费",
        "企业职工基本养老保险累计缴费月数",
    ] {
        assert!(
            preview.contains(expected),
            "{expected} not in the preview:\n{preview}"
        );
    }
    phone
        .wait_for_text("#certificate-history", &personal_code, WAIT)
        .await;
    fits_the_phone(&phone, "the preview").await;
    phone.step("j4-05-personal-certificate-preview").await;

    // 下载PDF: the same content, under its name.
    let href = attribute(&phone, "#certificate-pdf", "href").await;
    let personal_pdf = download(&phone, base, &href).await;
    check_pdf(
        "personal certificate (36 months, five insurances)",
        &personal_pdf,
        &personal_code,
        &["个人参保证明", &name, "缴费明细"],
    );

    // 电脑端打开: the code, large, with its QR code, for ten minutes.
    phone.click("#handoff-button").await;
    phone.find("#handoff-code").await;
    let handoff = phone.text_of("#handoff-code").await;
    // ABCD-EFGH: 8 letters of a 32-letter alphabet (40 bits), grouped.
    assert!(
        handoff.len() == 9
            && handoff.chars().enumerate().all(|(i, c)| if i == 4 {
                c == '-'
            } else {
                "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".contains(c)
            }),
        "{handoff}"
    );
    phone.wait_for_text("#handoff-expiry", "10分钟", WAIT).await;
    let deadline = Instant::now() + WAIT;
    loop {
        let drawn = phone
            .script("const i = document.querySelector('#handoff-qr'); return i.complete && i.naturalWidth > 0;")
            .await;
        if drawn == serde_json::Value::Bool(true) {
            break;
        }
        assert!(Instant::now() < deadline, "the QR code never loaded");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    phone.step("j4-06-open-on-computer-code").await;

    // 基本养老历年参保: another certificate, its own preview.
    phone.click("#certificate-again").await;
    phone.click("#f-kind-1").await;
    let question = attribute(&phone, "#captcha-image", "alt").await;
    phone
        .type_into("#f-captcha_answer", &answer_captcha(&question).to_string())
        .await;
    phone.click("#certificate-preview-button").await;
    phone
        .wait_for_text("#certificate-preview", "基本养老保险历年参保证明", WAIT)
        .await;
    let pension = phone.text_of("#certificate-preview").await;
    assert!(pension.contains("合计缴费月数"), "{pension}");
    let pension_code = phone.text_of("#certificate-code").await;
    assert_ne!(pension_code, personal_code);
    phone.step("j4-07-pension-history-preview").await;
    // The history, newest first, shows the first certificate again.
    let history = phone.text_of("#certificate-history").await;
    let (newer, older) = (
        history
            .find(&pension_code)
            .expect("the pension history listed"),
        history
            .find(&personal_code)
            .expect("the personal certificate listed"),
    );
    assert!(newer < older, "newest first:\n{history}");
    phone
        .click("#certificate-history tbody tr:nth-child(2) button")
        .await;
    phone
        .wait_for_text("#certificate-code", &personal_code, WAIT)
        .await;
    phone.close().await;

    // ---- a computer: another browser, no session ----
    let computer = Browser::start(1366, 768).await;
    // The QR code's address: the open page with the code filled in.
    computer.goto(&format!("{base}/open?code={handoff}")).await;
    assert_eq!(computer.value_of("#f-handoff_code").await, handoff);
    computer.step("j4-08-open-page").await;
    computer.click("#open-submit").await;
    computer.wait_for_text("#opened", "证明已打开", WAIT).await;
    assert_eq!(
        attribute(&computer, "#opened-download", "download").await,
        format!("shebao-certificate-{personal_code}.pdf")
    );
    let opened = computer
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('#opened-view').href)
               .then(r => r.arrayBuffer())
               .then(b => { const a = new Uint8Array(b);
                            done([a.length, String.fromCharCode(...a.slice(0, 5))]); });",
            vec![],
        )
        .await
        .expect("read the opened PDF");
    assert_eq!(opened[1], "%PDF-", "the computer got a PDF");
    assert_eq!(
        opened[0].as_u64(),
        Some(personal_pdf.bytes.len() as u64),
        "the same file as the phone's"
    );
    computer.step("j4-09-opened-on-computer").await;

    // Once only; wrong codes are throttled.
    computer.type_into("#f-handoff_code", &handoff).await;
    computer.click("#open-submit").await;
    computer
        .wait_for_text("#error-summary", "取件码不正确、已使用或已过期", WAIT)
        .await;
    let mut throttled = false;
    for _ in 0..12 {
        clear(&computer, "#f-handoff_code").await;
        // A wrong code of the right form (the page refuses other forms itself).
        computer.type_into("#f-handoff_code", "2222-2222").await;
        computer.click("#open-submit").await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        wait_enabled(&computer, "#open-submit").await;
        let text = computer.text_of("#error-summary").await;
        if text.contains("操作过于频繁") {
            throttled = true;
            break;
        }
        assert!(text.contains("取件码不正确"), "{text}");
    }
    assert!(throttled, "guessing was never throttled");
    computer.step("j4-10-open-throttled").await;

    // ---- 证明验真: both codes as their QR codes open it, and the PDF file ----
    computer
        .goto(&format!("{base}/verify?code={employer_code}"))
        .await;
    let verdict = computer
        .wait_for_text("#verdict-region", "证明真实有效", WAIT)
        .await;
    for expected in [
        "单位参保证明",
        "宁波甬江机械制造有限公司",
        employer_code.as_str(),
        "参保缴费情况",
    ] {
        assert!(verdict.contains(expected), "{expected} not in\n{verdict}");
    }
    computer.step("j4-11-verify-employer-code").await;

    computer
        .goto(&format!(
            "{base}/verify?code={}",
            personal_code.to_lowercase()
        ))
        .await;
    let verdict = computer
        .wait_for_text("#verdict-region", "证明真实有效", WAIT)
        .await;
    assert!(verdict.contains("个人参保证明"), "{verdict}");
    // What the certificate says, month by month, to compare a paper copy with.
    for expected in ["证明内容", "缴费明细", "已缴费"] {
        assert!(verdict.contains(expected), "{expected} not in\n{verdict}");
    }
    let masked = computer.text_of("#verdict-region .verdict-id").await;
    assert!(masked.contains("**********"), "the ID is masked: {masked}");
    assert!(!verdict.contains(&name), "the name is masked: {verdict}");
    computer.step("j4-12-verify-personal-code").await;

    // A code never issued.
    clear(&computer, "#f-verification_code").await;
    computer
        .type_into("#f-verification_code", "2345-6789-ABCD-EFGH")
        .await;
    computer.click("#verify-submit").await;
    computer
        .wait_for_text("#verdict-region", "未找到该验证码对应的证明", WAIT)
        .await;

    // The PDF file itself, then a copy with one byte changed.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let genuine = dir.path().join("genuine.pdf");
    std::fs::write(&genuine, &personal_pdf.bytes).expect("write the PDF");
    let mut changed_bytes = personal_pdf.bytes.clone();
    let middle = changed_bytes.len() / 2;
    changed_bytes[middle] ^= 0x01;
    let changed = dir.path().join("changed.pdf");
    std::fs::write(&changed, &changed_bytes).expect("write the changed PDF");

    computer
        .type_into("#f-pdf", genuine.to_str().expect("a path"))
        .await;
    computer.click("#verify-file").await;
    let verdict = computer
        .wait_for_text("#file-verdict-region", "证明真实有效", WAIT)
        .await;
    assert!(verdict.contains(&personal_code), "{verdict}");
    computer.step("j4-13-verify-pdf-genuine").await;
    computer
        .type_into("#f-pdf", changed.to_str().expect("a path"))
        .await;
    computer.click("#verify-file").await;
    computer
        .wait_for_text("#file-verdict-region", "未通过验证", WAIT)
        .await;
    computer.step("j4-14-verify-pdf-changed").await;

    // The same page in English.
    computer.click("#lang-switch").await;
    computer
        .wait_for_text("#file-verdict-region", "Not verified", WAIT)
        .await;
    computer.close().await;
}
