//! Journey 3: the employer withdraws a pending application (撤回, confirmed in the page),
//! and 单位业务申报进度查询 shows applications in every state: 待审核, 审核通过,
//! 审核不通过 (with the reviewer's reason) and 已撤回, each also found by its filter.

use shebao_e2e::steps::Employee;
use shebao_e2e::{with_check, Browser, Server, EMPLOYER, REVIEWER, WAIT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdraw_and_every_state_in_the_progress_page() {
    let server = Server::start_with(&["--demo-persons", "200"]);
    let base = &server.url;
    let b = Browser::start(1366, 768).await;
    b.login(base, EMPLOYER).await;
    b.click("#menu-enrol").await;

    // Three new employees: one to withdraw, one to approve, one to reject.
    let mut numbers = Vec::new();
    for (i, name) in ["赵一", "钱二", "孙三"].into_iter().enumerate() {
        if i > 0 {
            b.click("#enrol-another").await;
        }
        let id = with_check(&format!("33020319930{}01918", i + 1));
        let mobile = format!("1370000000{i}");
        b.fill_enrolment(
            &Employee {
                citizen_id: &id,
                name,
                mobile: &mobile,
                monthly_wage: "8000",
            },
            "新参保",
        )
        .await;
        b.click("#enrol-next").await;
        b.wait_for_text("#receipt", "保存成功", WAIT).await;
        numbers.push(b.text_of("#receipt-number").await);
    }

    // 撤回 the first, from its page in 进度查询.
    b.goto(&format!("{base}/employer/applications/{}", numbers[0]))
        .await;
    b.wait_for_text("#app-state", "待审核", WAIT).await;
    b.step("j3-01-pending").await;
    b.click("#withdraw").await;
    b.wait_for_text("#withdraw-confirm", "是否作废该办件", WAIT)
        .await;
    b.step("j3-02-withdraw-confirm").await;
    b.click("#withdraw-yes").await;
    b.wait_for_text("#withdrawn-banner", &numbers[0], WAIT)
        .await;
    b.step("j3-03-withdrawn").await;
    b.goto(&format!("{base}/employer/applications/{}", numbers[0]))
        .await;
    b.wait_for_text("#app-state", "已撤回", WAIT).await;
    assert!(
        b.client
            .find(shebao_e2e::fantoccini::Locator::Css("#withdraw"))
            .await
            .is_err(),
        "a withdrawn application cannot be withdrawn again"
    );
    b.logout().await;

    // The reviewer approves the second and rejects the third with a reason.
    b.login(base, REVIEWER).await;
    b.goto(&format!("{base}/reviewer/applications/{}", numbers[1]))
        .await;
    b.click("#approve").await;
    b.wait_for_text("#decision-done", "审核通过", WAIT).await;
    b.goto(&format!("{base}/reviewer/applications/{}", numbers[2]))
        .await;
    b.click("#reject").await;
    b.type_into("#f-reason", "劳动合同材料不全，请补充后重新申报")
        .await;
    b.step("j3-04-reject-reason").await;
    b.click("#reject-confirm").await;
    b.wait_for_text("#decision-done", "审核不通过", WAIT).await;
    b.logout().await;

    // 进度查询: every state, and each state's filter finds its application.
    b.login(base, EMPLOYER).await;
    b.goto(&format!("{base}/employer/applications")).await;
    b.find("main table").await;
    b.step("j3-05-progress-all").await;
    let expected = [
        ("submitted", "待审核", None),
        ("approved", "审核通过", Some(&numbers[1])),
        ("rejected", "审核不通过", Some(&numbers[2])),
        ("withdrawn", "已撤回", Some(&numbers[0])),
    ];
    for (code, label, number) in expected {
        b.select("#f-state", code).await;
        b.click("#filter-submit").await;
        let table = b.wait_for_text("main table", label, WAIT).await;
        if let Some(number) = number {
            assert!(table.contains(number.as_str()), "{label}: {table}");
        }
        let tags = b
            .script(
                "return [...document.querySelectorAll('main table .tag')].map(t => t.className);",
            )
            .await;
        let tags: Vec<String> = serde_json::from_value(tags).expect("tag classes");
        assert!(
            !tags.is_empty() && tags.iter().all(|t| t.ends_with(&format!("tag-{code}"))),
            "filter {code} shows only {code}: {tags:?}"
        );
        b.step(&format!("j3-06-progress-{code}")).await;
    }

    // The rejected application's page gives the reviewer's reason.
    b.goto(&format!("{base}/employer/applications/{}", numbers[2]))
        .await;
    let reason = b.text_of("#decision-reason").await;
    assert!(reason.contains("劳动合同材料不全"), "{reason}");
    b.step("j3-07-rejected-detail").await;
    b.close().await;
}
