//! The server's still picture of a page (`server/src/shell.rs`) is the page the app then
//! renders: for each page that has one, the picture in the HTML the server sends is,
//! element for element, the header and the first lines of the page the app shows, so
//! nothing moves when the app takes over (no layout shift at all). The app used the
//! session and the server's clock that came with the page instead of asking for them.

use shebao_e2e::{Browser, Server, EMPLOYER, RESIDENT};

/// Compares the picture in a fresh copy of this page's HTML with the page on screen;
/// answers the differences, the layout shifts seen so far, and what the app fetched.
const COMPARE: &str = r#"
const done = arguments[arguments.length - 1];
const clean = (el) => el ? el.outerHTML.replaceAll("<!---->", "") : "(missing)";
let shifts = 0;
new PerformanceObserver((list) => {
    for (const e of list.getEntries()) shifts += e.value;
}).observe({ type: "layout-shift", buffered: true });
fetch(location.pathname).then((r) => r.text()).then((html) => {
    const sent = new DOMParser().parseFromString(html, "text/html");
    const shell = sent.getElementById("shell");
    const differences = [];
    if (!shell) {
        done({ differences: ["the server sent no picture"], shifts, fetched: [] });
        return;
    }
    const pairs = [
        [shell.querySelector(".skip-link"), document.querySelector(".skip-link")],
        [shell.querySelector("header"), document.querySelector("header")],
    ];
    const shellMain = shell.querySelector("main");
    const appMain = document.querySelector("main");
    [...shellMain.children].forEach((el, i) => pairs.push([el, appMain.children[i]]));
    for (const [a, b] of pairs) {
        if (clean(a) !== clean(b)) differences.push({ picture: clean(a), app: clean(b) });
    }
    const fetched = performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname);
    setTimeout(() => done({
        differences,
        shifts,
        fetched,
        session_sent: sent.getElementById("session-info") !== null,
        shell_left: document.getElementById("shell") !== null,
        wasm_preloaded: html.includes('rel="preload"') && html.includes("_bg.wasm\" crossorigin"),
    }), 100);
});
"#;

async fn check(browser: &Browser, base: &str, path: &str, ready: &str) {
    browser.goto(&format!("{base}{path}")).await;
    browser.find(ready).await;
    let got = browser
        .client
        .execute_async(COMPARE, vec![])
        .await
        .unwrap_or_else(|e| panic!("compare on {path}: {e}"));
    assert_eq!(
        got["differences"],
        serde_json::json!([]),
        "{path}: the picture differs from the page"
    );
    assert_eq!(got["shifts"].as_f64(), Some(0.0), "{path}: layout shifted");
    assert_eq!(got["session_sent"], true, "{path}: no session in the page");
    assert_eq!(got["shell_left"], false, "{path}: the picture stayed");
    assert_eq!(
        got["wasm_preloaded"], false,
        "{path}: the wasm is preloaded"
    );
    let fetched: Vec<&str> = got["fetched"]
        .as_array()
        .expect("the fetched paths")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(
        !fetched.contains(&"/api/v1/session"),
        "{path}: the app asked for the session it was sent: {fetched:?}"
    );
    assert!(
        !fetched.contains(&"/api/v1/time"),
        "{path}: the app asked for the clock it was sent: {fetched:?}"
    );
    browser
        .step(&format!("shell{}", path.replace('/', "-")))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_still_picture_is_the_page_the_app_renders() {
    let server = Server::start_with(&["--demo-persons", "200"]);
    let base = &server.url;

    let phone = Browser::start(360, 740).await;
    phone.login(base, RESIDENT).await;
    check(&phone, base, "/resident", "#insurances").await;
    check(&phone, base, "/resident/certificate", "#f-kind").await;
    phone.close().await;

    let desktop = Browser::start(1280, 900).await;
    desktop.login(base, EMPLOYER).await;
    check(&desktop, base, "/employer/enrol", "#f-citizen_id").await;
    desktop.close().await;
}
