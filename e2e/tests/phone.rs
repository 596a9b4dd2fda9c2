//! Journey 7: the resident's pages at a phone's 360×740, in Chinese and English, and in
//! elder mode (长辈版).

use shebao_e2e::{Browser, Server, RESIDENT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_page_is_360_css_pixels_wide() {
    let server = Server::start();
    let browser = Browser::start(360, 740).await;
    browser.goto(&server.url).await;
    browser.find("#citizen-id").await;
    assert_eq!(browser.viewport().await, (360, 740));
    browser.login(&server.url, RESIDENT).await;
    assert_eq!(browser.viewport().await, (360, 740));
    browser.close().await;
}
