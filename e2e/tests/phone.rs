//! Journey 7: the resident's pages on a phone — 360×740 CSS pixels, nothing wider than
//! the screen — in Chinese and in English, and in elder mode (长辈版), which enlarges the
//! text; both preferences survive a reload. Every page is checked by axe-core.

use shebao_e2e::{Browser, Server, RESIDENT, WAIT};

/// Fails if the page scrolls sideways on the phone.
async fn fits_the_screen(b: &Browser, page: &str) {
    let width = b
        .script("return document.documentElement.scrollWidth;")
        .await
        .as_u64()
        .expect("scrollWidth");
    assert!(width <= 360, "{page} is {width} px wide on a 360 px phone");
}

/// The contribution history's first row, as a phone shows it: the row's CSS display and
/// the label drawn before its first cell (a card of "label … value" lines, not a table
/// to scroll sideways).
async fn first_contribution_row(b: &Browser) -> (String, String) {
    let shown = b
        .script(
            "const cell = document.querySelector('main table tbody td');
             return [getComputedStyle(cell.parentElement).display,
                     getComputedStyle(cell, '::before').content];",
        )
        .await;
    let part = |i: usize| shown[i].as_str().expect("a CSS value").to_string();
    (part(0), part(1))
}

async fn root_font_px(b: &Browser) -> f64 {
    b.script("return parseFloat(getComputedStyle(document.documentElement).fontSize);")
        .await
        .as_f64()
        .expect("a font size")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_page_is_360_css_pixels_wide() {
    let server = Server::start_with(&["--demo-persons", "200"]);
    let browser = Browser::start(360, 740).await;
    browser.goto(&server.url).await;
    browser.find("#citizen-id").await;
    assert_eq!(browser.viewport().await, (360, 740));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resident_pages_in_chinese_english_and_elder_mode_on_a_phone() {
    let server = Server::start_with(&["--demo-persons", "200"]);
    let base = &server.url;
    let b = Browser::start(360, 740).await;

    // The public ID check, in Chinese, then English.
    b.goto(base).await;
    b.type_into("#citizen-id", "340524198001010013").await;
    b.wait_for_text("#id-verdict", "第18位校验码不正确", WAIT)
        .await;
    assert_eq!(b.viewport().await, (360, 740));
    fits_the_screen(&b, "the ID check").await;
    b.step("j7-01-id-check-zh").await;
    b.click("#lang-switch").await;
    b.wait_for_text("#id-verdict", "check character", WAIT)
        .await;
    let lang = b.script("return document.documentElement.lang;").await;
    assert_eq!(lang, "en", "screen readers are told the language");
    b.step("j7-02-id-check-en").await;

    // The resident's pages in English, then the same in Chinese.
    b.login(base, RESIDENT).await;
    b.wait_for_text("main h1", "My insurance", WAIT).await;
    b.wait_for_text("#insurances", "insured", WAIT).await;
    fits_the_screen(&b, "the resident home").await;
    b.step("j7-03-resident-home-en").await;
    b.click("#menu-contributions").await;
    b.wait_for_text("main h1", "Contribution history", WAIT)
        .await;
    b.find("main table").await;
    fits_the_screen(&b, "the contribution history").await;
    assert_eq!(
        first_contribution_row(&b).await,
        ("block".to_string(), "\"Month\"".to_string()),
        "on a phone each contribution is a card of labelled lines"
    );
    b.step("j7-04-contributions-en").await;
    b.click("#lang-switch").await;
    b.wait_for_text("main h1", "缴费记录", WAIT).await;
    assert_eq!(
        first_contribution_row(&b).await,
        ("block".to_string(), "\"月份\"".to_string()),
        "the cards' labels follow the language"
    );
    b.step("j7-05-contributions-zh").await;
    b.goto(&format!("{base}/resident/pension")).await;
    b.wait_for_text("main h1", "基本养老历年参保", WAIT).await;
    b.find("main table").await;
    fits_the_screen(&b, "the pension years").await;
    b.step("j7-06-pension-zh").await;

    // 长辈版: larger text, kept across a reload, and still no sideways scrolling.
    b.goto(&format!("{base}/resident")).await;
    b.find("#insurances").await;
    let normal = root_font_px(&b).await;
    b.click("#elder-switch").await;
    let pressed = b
        .find("#elder-switch")
        .await
        .attr("aria-pressed")
        .await
        .expect("aria-pressed");
    assert_eq!(pressed.as_deref(), Some("true"));
    let elder = root_font_px(&b).await;
    assert!(
        elder > normal,
        "elder mode enlarges the text: {normal} → {elder} px"
    );
    b.client.refresh().await.expect("reload");
    b.find("#insurances").await;
    assert_eq!(
        root_font_px(&b).await,
        elder,
        "elder mode survives a reload"
    );
    b.wait_for_text("main h1", "个人参保", WAIT).await;
    fits_the_screen(&b, "the resident home in elder mode").await;
    b.step("j7-07-resident-home-elder").await;
    b.click("#menu-contributions").await;
    b.find("main table").await;
    fits_the_screen(&b, "the contribution history in elder mode").await;
    b.step("j7-08-contributions-elder").await;
    b.click("#lang-switch").await;
    b.wait_for_text("main h1", "Contribution history", WAIT)
        .await;
    b.step("j7-09-contributions-elder-en").await;
    b.close().await;
}
