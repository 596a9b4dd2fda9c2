//! 批量增员 in the browser: the demo employer picks a generated 1,000-row CSV with a few
//! invalid rows; the page reads and checks it in the browser (core in wasm), shows the
//! invalid rows with core's messages before anything is sent, and the time the check
//! took; then only the valid rows are submitted and the server's row-by-row answer is
//! shown. Prints `batch check: 1000 rows in X ms`.

use shebao_core::time::Date;
use shebao_e2e::fantoccini::Locator;
use shebao_e2e::{with_check, xlsx, Browser, Server, EMPLOYER, WAIT};
use std::time::Duration;

/// Submitting ~1,000 applications takes the server a while on a shared machine.
const SUBMIT_WAIT: Duration = Duration::from_secs(180);
const ROWS: usize = 1000;

/// `YYYYMMDD` of the day `days` after 1980-01-01.
fn birth_date(days: i64) -> String {
    let d = Date::from_days_since_epoch(Date::new(1980, 1, 1).unwrap().days_since_epoch() + days);
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// A unique, valid number for row `i`: born in 1980–1982, sequence 913 (the demo data
/// set's sequences are lower, so nobody here is in the records).
fn citizen_id(i: usize) -> String {
    with_check(&format!("330203{}913", birth_date(i as i64)))
}

fn name(i: usize) -> String {
    const GIVEN: [char; 20] = [
        '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛',
        '明', '超', '秀', '霞', '平',
    ];
    const FAMILY: [char; 10] = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
    format!(
        "{}{}{}",
        FAMILY[i % 10],
        GIVEN[(i / 10) % 20],
        GIVEN[(i / 200) % 20]
    )
}

/// The invalid rows (0-based index among the data rows), what is wrong, and a word of
/// core's Chinese message for it.
const INVALID: [(usize, &str, &str); 4] = [
    (6, "citizen_id", "校验码"),
    (250, "mobile", "13至19"),
    (500, "monthly_wage", "金额"),
    (997, "name", "第3位"),
];

/// The CSV: a header row as the template has it, then `ROWS` rows; the rows in
/// [`INVALID`] broken on purpose.
fn csv(month: &str) -> String {
    let mut out = String::from(
        "社会保障号码,姓名,手机号码,户籍所在地,户口性质,用工起始日期,月工资（元）,养老保险参保年月,失业保险参保年月\r\n",
    );
    for i in 0..ROWS {
        let mut id = citizen_id(i);
        let mut mobile = format!("138{:08}", 10_000_000 + i);
        let mut wage = "6500".to_string();
        let mut name = name(i);
        match INVALID.iter().find(|(row, _, _)| *row == i).map(|r| r.1) {
            Some("citizen_id") => {
                let last = if id.ends_with('0') { '1' } else { '0' };
                id.pop();
                id.push(last);
            }
            Some("mobile") => mobile = "12812345678".into(),
            Some("monthly_wage") => wage = "六千".into(),
            Some("name") => name = format!("{}3{}", &name[..6], "明"),
            _ => {}
        }
        // Spreadsheet forms of the same values: a district by name, slashed dates.
        let district = if i % 2 == 0 {
            "330200"
        } else {
            "宁波市—市本级"
        };
        let hukou = if i % 3 == 0 { "农村" } else { "城镇" };
        let start = if i % 2 == 0 { "2020-01-01" } else { "2020/1/1" };
        out.push_str(&format!(
            "{id},{name},{mobile},{district},{hukou},{start},{wage},{month},{month}\r\n"
        ));
    }
    out
}

async fn attr(browser: &Browser, css: &str, name: &str) -> String {
    browser
        .find(css)
        .await
        .attr(name)
        .await
        .expect("read an attribute")
        .unwrap_or_default()
}

/// Logs the employer in and opens the batch page behind the menu entry `menu`, headed
/// `title`; answers the server's handling month (CST), as the page judges with it.
async fn open_batch_page(browser: &Browser, server: &Server, menu: &str, title: &str) -> String {
    browser.login(&server.url, EMPLOYER).await;
    browser.wait_for_text("h1", "参保征缴", WAIT).await;
    browser.find(menu).await.click().await.unwrap();
    browser.wait_for_text("h1", title, WAIT).await;
    browser.server_month().await
}

/// Writes `bytes` to a file called `name` in a fresh directory and chooses it in the
/// page's file input; answers the directory, which must outlive the upload.
async fn choose_file(browser: &Browser, name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a directory for the file");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the file");
    browser
        .find("#batch-file")
        .await
        .send_keys(path.to_str().expect("a UTF-8 path"))
        .await
        .expect("choose the file");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employer_enrols_1000_rows_from_a_csv_checked_in_the_browser() {
    let server = Server::start();
    let browser = Browser::start(1366, 768).await;
    let c = &browser.client;

    let month = open_batch_page(&browser, &server, "#menu-batch-enrol", "批量增员").await;
    let _dir = choose_file(&browser, "批量增员.csv", csv(&month).as_bytes()).await;

    // Checked in the browser before anything is sent.
    browser
        .wait_for_text("#batch-check-ms", "已校验 1000 行", WAIT)
        .await;
    let ms: f64 = attr(&browser, "#batch-check-ms", "data-ms")
        .await
        .parse()
        .expect("the time in ms");
    println!("batch check: {ROWS} rows in {ms:.1} ms");
    assert_eq!(attr(&browser, "#batch-counts", "data-invalid").await, "4");
    assert_eq!(attr(&browser, "#batch-counts", "data-valid").await, "996");
    for (row, field, words) in INVALID {
        // Spreadsheet row: the header is row 1.
        let css = format!(
            "#batch-errors tr[data-row='{}'][data-field='{field}']",
            row + 2
        );
        let text = browser
            .find(&css)
            .await
            .text()
            .await
            .expect("the error row");
        assert!(
            text.contains(words),
            "row {} shows core's message about {field}: {text}",
            row + 2
        );
    }
    let report = attr(&browser, "#batch-error-report", "href").await;
    assert!(
        report.starts_with("data:text/csv"),
        "error report link: {report}"
    );
    assert!(
        !attr(&browser, "#batch-error-report", "download")
            .await
            .is_empty(),
        "the report downloads"
    );
    browser.step("batch-1000-checked").await;

    browser.find("#batch-submit").await.click().await.unwrap();
    let summary = browser
        .wait_for_text("#batch-result-summary", "已提交 996 行", SUBMIT_WAIT)
        .await;
    assert!(summary.contains("被拒绝 0 行"), "{summary}");
    let ok_rows = c
        .find_all(Locator::Css("#batch-result-table tr[data-ok='true']"))
        .await
        .expect("result rows");
    assert_eq!(ok_rows.len(), 996, "one result row per submitted row");
    // Row by row, at the spreadsheet's row numbers: the first data row has a number.
    let first = browser
        .find("#batch-result-table tr[data-row='2']")
        .await
        .text()
        .await
        .unwrap();
    assert!(first.contains("待审核"), "row 2 saved: {first}");
    assert!(
        c.find(Locator::Css("#batch-result-table tr[data-row='8']"))
            .await
            .is_err(),
        "the invalid row 8 was not sent"
    );

    browser.close().await;
}

/// 批量减员 from an Excel workbook: shared and inline strings, read in the browser; a
/// bad reason is caught there, and the server refuses, row by row, a number that is not
/// an employee here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employer_stops_from_an_xlsx_read_in_the_browser() {
    let server = Server::start();
    let browser = Browser::start(1366, 768).await;

    let month = open_batch_page(&browser, &server, "#menu-batch-stop", "批量减员").await;

    let strings = r#"<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>社会保障号码</t></si><si><t>停保年月</t></si><si><t>原因</t></si><si><t>辞职</t></si></sst>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>{}</t></is></c><c r="B2" t="inlineStr"><is><t>{month}</t></is></c><c r="C2" t="s"><v>3</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>{}</t></is></c><c r="B3" t="inlineStr"><is><t>{month}</t></is></c><c r="C3" t="inlineStr"><is><t>旅游</t></is></c></row>
</sheetData></worksheet>"#,
        citizen_id(2000),
        citizen_id(2001)
    );
    let book = xlsx::stored_zip(&[
        ("[Content_Types].xml", "<Types/>"),
        ("xl/sharedStrings.xml", strings),
        ("xl/worksheets/sheet1.xml", &sheet),
    ]);
    let _dir = choose_file(&browser, "批量减员.xlsx", &book).await;

    browser
        .wait_for_text("#batch-check-ms", "已校验 2 行", WAIT)
        .await;
    let bad = browser
        .find("#batch-errors tr[data-row='3'][data-field='reason']")
        .await
        .text()
        .await
        .unwrap();
    assert!(bad.contains("旅游"), "the bad reason is named: {bad}");
    browser.step("batch-stop-xlsx-checked").await;

    browser.find("#batch-submit").await.click().await.unwrap();
    browser
        .wait_for_text("#batch-result-summary", "被拒绝 1 行", WAIT)
        .await;
    let refused = browser
        .find("#batch-result-table tr[data-row='2']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        refused.contains("不是本单位在保职工"),
        "the server's refusal, at its row: {refused}"
    );
    browser.step("batch-stop-xlsx-result").await;

    browser.close().await;
}
