//! Journey 2: 批量增员 from an Excel workbook with valid and invalid rows. The page reads
//! the xlsx in the browser and shows each invalid row's error before anything is sent;
//! only the valid rows are submitted, and the server's answer is shown row by row.

use shebao_e2e::xlsx::{workbook, Cell, ENROLMENT_HEADER as HEADER};
use shebao_e2e::{with_check, Browser, Server, EMPLOYER, WAIT};

/// One data row; `id_tail` makes the number unique (sequence 917: nobody in the demo).
fn row(id_tail: &str, name: &str, mobile: &str, month: &str) -> Vec<Cell> {
    let mut id = with_check(&format!("3302031992{id_tail}917"));
    if name == "错号码" {
        // The right check character swapped for another: core's 校验码 message.
        let last = if id.ends_with('0') { '1' } else { '0' };
        id.pop();
        id.push(last);
    }
    vec![
        id.into(),
        name.into(),
        mobile.into(),
        "宁波市—市本级".into(),
        "城镇".into(),
        "2020-01-01".into(),
        Cell::Number(7200.0),
        month.into(),
        month.into(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_enrolment_from_an_xlsx_submits_only_the_valid_rows() {
    let server = Server::start_with(&["--demo-persons", "200"]);
    let b = Browser::start(1366, 768).await;
    b.login(&server.url, EMPLOYER).await;
    b.click("#menu-batch-enrol").await;
    b.wait_for_text("h1", "批量增员", WAIT).await;
    b.step("j2-01-batch-enrol").await;

    let month = b.server_month().await;
    let mut rows = vec![HEADER.iter().map(|&h| h.into()).collect()];
    rows.push(row("0101", "李四", "13900000001", &month)); // row 2
    rows.push(row("0102", "错号码", "13900000002", &month)); // row 3: check character
    rows.push(row("0103", "钱六", "13900000003", &month)); // row 4
    rows.push(row("0104", "孙七", "1390000004", &month)); // row 5: ten-digit mobile
    rows.push(row("0105", "周八", "13900000005", &month)); // row 6
    let dir = tempfile::tempdir().expect("a directory for the workbook");
    let path = dir.path().join("批量增员.xlsx");
    std::fs::write(&path, workbook("增员", &rows)).expect("write the workbook");
    b.find("#batch-file")
        .await
        .send_keys(path.to_str().expect("a UTF-8 path"))
        .await
        .expect("choose the workbook");

    // Checked in the browser, errors per row and field, before anything is sent.
    b.wait_for_text("#batch-check-ms", "已校验 5 行", WAIT)
        .await;
    let counts = b.find("#batch-counts").await;
    assert_eq!(
        counts.attr("data-valid").await.unwrap().as_deref(),
        Some("3")
    );
    assert_eq!(
        counts.attr("data-invalid").await.unwrap().as_deref(),
        Some("2")
    );
    let id_error = b
        .text_of("#batch-errors tr[data-row='3'][data-field='citizen_id']")
        .await;
    assert!(id_error.contains("校验码"), "row 3: {id_error}");
    let mobile_error = b
        .text_of("#batch-errors tr[data-row='5'][data-field='mobile']")
        .await;
    assert!(mobile_error.contains("手机号码"), "row 5: {mobile_error}");
    b.step("j2-02-batch-checked").await;

    b.click("#batch-submit").await;
    let summary = b
        .wait_for_text("#batch-result-summary", "已提交 3 行", WAIT)
        .await;
    assert!(summary.contains("被拒绝 0 行"), "{summary}");
    for saved in [2, 4, 6] {
        let text = b
            .text_of(&format!(
                "#batch-result-table tr[data-row='{saved}'][data-ok='true']"
            ))
            .await;
        assert!(text.contains("待审核"), "row {saved} saved: {text}");
    }
    let sent = b
        .client
        .find_all(shebao_e2e::fantoccini::Locator::Css(
            "#batch-result-table tr[data-row]",
        ))
        .await
        .expect("result rows");
    assert_eq!(sent.len(), 3, "only the valid rows were sent");
    b.step("j2-03-batch-result").await;
    b.close().await;
}
