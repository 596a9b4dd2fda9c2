//! Journey 6: a 增员 form checked before midnight CST at the end of a month and submitted
//! after it is refused with the month-changed message, and keeps what was typed; chosen
//! again for the new month, it is saved. The server is started with its clock two
//! minutes before the next month begins (CST, UTC+8), the form is filled, then the
//! server is restarted on the same data with its clock past midnight: the open page
//! still judges with the old month, as a page left open over midnight would.

use shebao_e2e::steps::Employee;
use shebao_e2e::{with_check, Browser, Server, EMPLOYER, WAIT};
use std::time::{SystemTime, UNIX_EPOCH};

const CST_MS: i64 = 8 * 3600 * 1000;
const DAY_MS: i64 = 24 * 3600 * 1000;

fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month) of a day count since 1970-01-01 (civil_from_days).
fn year_month(days: i64) -> (i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m)
}

/// The instant (UTC ms) the next month begins in CST, seen from `now_ms`, and the
/// month ending then and the month beginning, as `YYYY-MM`.
fn next_cst_month_start(now_ms: i64) -> (i64, String, String) {
    let (y, m) = year_month((now_ms + CST_MS).div_euclid(DAY_MS));
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let start = days_from_civil(ny, nm, 1) * DAY_MS - CST_MS;
    (start, format!("{y:04}-{m:02}"), format!("{ny:04}-{nm:02}"))
}

#[test]
fn the_next_cst_month_starts_at_utc_16_00_the_day_before() {
    // 2026-11-30T15:59:59Z is 23:59:59 CST on the 30th.
    let now = days_from_civil(2026, 11, 30) * DAY_MS + 15 * 3600 * 1000 + 3599 * 1000;
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
