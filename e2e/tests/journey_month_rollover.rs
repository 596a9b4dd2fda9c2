//! Journey 6: a 增员 form checked before midnight CST at the end of a month and submitted
//! after it is refused with the month-changed message, and keeps what was typed; chosen
//! again for the new month, it is saved. The server is started with its clock two
//! minutes before the next month begins (CST, UTC+8), the form is filled, then the
//! server is restarted on the same data with its clock past midnight: the open page
//! still judges with the old month, as a page left open over midnight would.

use shebao_core::time::{cst_instant, handling_month, Date};
use shebao_e2e::steps::Employee;
use shebao_e2e::{with_check, Browser, Server, EMPLOYER, WAIT};
use std::time::{SystemTime, UNIX_EPOCH};

fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

/// The instant (UTC ms) the next month begins in CST, seen from `now_ms`, and the
/// month ending then and the month beginning, as `YYYY-MM`.
fn next_cst_month_start(now_ms: i64) -> (i64, String, String) {
    let ending = handling_month(now_ms);
    let beginning = ending.next();
    let start = cst_instant(beginning.first_day(), 0, 0, 0);
    (start, ending.to_string(), beginning.to_string())
}

#[test]
fn the_next_cst_month_starts_at_utc_16_00_the_day_before() {
    // 2026-11-30T15:59:59Z is 23:59:59 CST on the 30th.
    let now = cst_instant(Date::new(2026, 11, 30).unwrap(), 23, 59, 59);
    let (start, ending, beginning) = next_cst_month_start(now);
    assert_eq!(start - now, 1000);
    assert_eq!(
        (ending.as_str(), beginning.as_str()),
        ("2026-11", "2026-12")
    );
    let (_, ending, beginning) = next_cst_month_start(start);
    assert_eq!(
        (ending.as_str(), beginning.as_str()),
        ("2026-12", "2027-01")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_checked_before_midnight_and_sent_after_is_refused_and_kept() {
    let (midnight, ending, beginning) = next_cst_month_start(system_now_ms());
    let before = midnight - 120_000 - system_now_ms();
    let mut server = Server::start_with(&[
        "--demo-persons",
        "200",
        "--clock-offset-ms",
        &before.to_string(),
    ]);
    let base = server.url.clone();
    let b = Browser::start(1366, 768).await;
    b.login(&base, EMPLOYER).await;
    b.click("#menu-enrol").await;
    b.find("#f-citizen_id").await;
    assert_eq!(
        b.server_month().await,
        ending,
        "the server is in the old month"
    );
    let id = with_check("33020319940505919");
    let typed = Employee {
        citizen_id: &id,
        name: "吴跨月",
        mobile: "13655556666",
        monthly_wage: "8800",
    };
    b.fill_enrolment(&typed, "新参保").await;
    b.wait_for_text("#work-injury-start", &ending, WAIT).await;
    b.step("j6-01-checked-before-midnight").await;

    // Past midnight: the server now handles the new month.
    let after = midnight + 30_000 - system_now_ms();
    server.restart_with(&["--clock-offset-ms", &after.to_string()]);
    assert_eq!(
        b.server_month().await,
        beginning,
        "the server is in the new month"
    );

    b.click("#enrol-next").await;
    let summary = b
        .wait_for_text("#error-summary", "办理月份已由", WAIT)
        .await;
    assert!(
        summary.contains(&ending) && summary.contains(&beginning) && summary.contains("已为您保留"),
        "the month-changed message names both months: {summary}"
    );
    assert!(
        b.client
            .find(shebao_e2e::fantoccini::Locator::Css("#receipt"))
            .await
            .is_err(),
        "nothing was saved"
    );
    for (field, value) in [
        ("#f-name", typed.name),
        ("#f-mobile", typed.mobile),
        ("#f-monthly_wage", typed.monthly_wage),
    ] {
        assert_eq!(
            b.value_of(field).await,
            value,
            "{field} keeps what was typed"
        );
    }
    b.step("j6-02-month-changed").await;

    // The page has taken the new month; choose the months again and send.
    b.wait_for_text("#work-injury-start", &beginning, WAIT)
        .await;
    b.click("#f-pension_start-1").await;
    b.click("#f-unemployment_start-1").await;
    b.click("#enrol-next").await;
    b.wait_for_text("#receipt", "保存成功", WAIT).await;
    b.step("j6-03-saved-in-the-new-month").await;
    b.close().await;
}
