//! Certificates: the PDF read back with poppler, the signing key, the seal; and through
//! the API on both engines: issuing, history, captcha, open-on-computer, verification.

use crate::common;

use shebao_server::certificates::{pdf::CertFont, sample_personal, seal, seal::Signer, Sealer};
use std::process::Command;

/// Runs a poppler tool on `pdf`; answers its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certificate.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut command = Command::new(tool);
    command.args(args).arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils): {e}"));
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The attachment `certificate.json`, extracted with `pdfdetach`.
pub fn detach(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certificate.pdf");
    let out = dir.path().join("certificate.json");
    std::fs::write(&path, pdf).unwrap();
    let status = Command::new("pdfdetach")
        .args(["-save", "1", "-o"])
        .arg(&out)
        .arg(&path)
        .status()
        .expect("pdfdetach (poppler-utils)");
    assert!(status.success());
    std::fs::read_to_string(out).unwrap()
}

pub fn pdf_text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf)
}

/// `pdffonts`' rows: the one font is embedded as a subset.
pub fn assert_subset_font(pdf: &[u8]) {
    let fonts = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        let (tag, _) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("no subset tag: {row}"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{row}"
        );
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID
        let n = columns.len();
        assert_eq!(
            &columns[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
    }
}

#[test]
fn a_36_month_certificate_reads_back_with_a_subset_font_and_a_valid_seal() {
    let font = CertFont::shared().expect("fonts-wqy-microhei is installed (scripts/setup.sh)");
    let sealer = Sealer::new(Signer::from_seed([5; 32]));
    let issued = sealer
        .issue_with(
            sample_personal(36),
            "http://127.0.0.1/verify?code=K7Q2-M9XD-4HPA-TR3C",
            font,
        )
        .unwrap();
    if let Ok(path) = std::env::var("SHEBAO_CERTIFICATE_DUMP") {
        std::fs::write(path, &issued.pdf).unwrap();
    }
    assert!(issued.pdf.len() < 80 * 1024, "{} bytes", issued.pdf.len());
    assert_subset_font(&issued.pdf);
    let text = pdf_text(&issued.pdf);
    for expected in [
        "个人参保证明",
        "欧阳娜娜",
        "11010519491231002X",
        "2023-11",
        "2026-10",
        "8123.45",
        "1299.75",
        "649.87",
        "K7Q2-M9XD-4HPA-TR3C",
        "电子专用章",
        "已缴费",
    ] {
        assert!(text.contains(expected), "{expected} is not in:\n{text}");
    }
    let opened = seal::open_file(&issued.pdf, &sealer.signer.public_key()).unwrap();
    assert!(opened.seal_valid);
    assert_eq!(opened.code, "K7Q2-M9XD-4HPA-TR3C");
    // Offline, as any tool would: the attachment holds the content and its signature.
    let embedded: serde_json::Value = serde_json::from_str(&detach(&issued.pdf)).unwrap();
    let canonical = shebao_server::certificates::content::canonical_json(&embedded["certificate"]);
    assert_eq!(canonical, issued.canonical);
    let signature = embedded["signature"].as_str().unwrap();
    assert!(seal::verify(
        &sealer.signer.public_key(),
        canonical.as_bytes(),
        signature
    ));
    assert_eq!(embedded["public_key"], sealer.signer.public_key_base64());
}

// ---- through the API, on both engines ----

use common::world::{self, mid_january_2024, seed, Session};
use common::{spawn_app_on, TestApp, ENGINES};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn get_pdf(session: &Session, app: &TestApp, path: &str) -> (StatusCode, String, Vec<u8>) {
    let response = session.http.get(app.url(path)).send().await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

async fn verify_pdf(app: &TestApp, pdf: Vec<u8>) -> Value {
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/verify/pdf"))
        .header("content-type", "application/pdf")
        .body(pdf)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// A new captcha and its answer, worked out from the question in words.
async fn captcha(session: &Session) -> (String, String) {
    let (c, answer) = world::new_captcha(session).await;
    assert!(c["image"]
        .as_str()
        .unwrap()
        .starts_with("data:image/svg+xml;base64,"));
    assert!(c["question_zh"].as_str().unwrap().ends_with("等于几？"));
    (c["id"].as_str().unwrap().to_string(), answer)
}

fn only_violation(body: &Value) -> (&str, &str) {
    let violations = body["violations"]
        .as_array()
        .unwrap_or_else(|| panic!("no violations: {body}"));
    assert_eq!(violations.len(), 1, "{body}");
    (
        violations[0]["code"].as_str().unwrap(),
        violations[0]["field"].as_str().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employer_certificate_only_for_matching_details_and_verifiable() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        app.state.clock.set_now_ms(mid_january_2024());
        let world = seed(&app).await;
        let b = world::employer(&app, world.employer_b).await;
        let agent = Session::login(&app, "agent_b").await;
        let good = world::employer_certificate_form(&b);
        // Each wrong detail is refused alike, without saying which one.
        for (field, wrong) in [
            ("insured_place", "330200"),
            ("unit_number_or_credit_code", "91350200776049653A"),
            ("contact_name", "李经办"),
            ("contact_mobile", "13800138001"),
        ] {
            let mut form = good.clone();
            form[field] = json!(wrong);
            let (status, body) = agent.post("/api/v1/employer/certificates", &form).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{engine:?} {field} {body}"
            );
            assert_eq!(
                only_violation(&body),
                ("CONTACT_MISMATCH", "contact"),
                "{field}"
            );
        }
        // The unit number works as well as the credit code.
        let mut by_unit = good.clone();
        by_unit["unit_number_or_credit_code"] = json!(b.unit_number);
        let (status, issued) = agent.post("/api/v1/employer/certificates", &by_unit).await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {issued}");
        let code = issued["code"].as_str().unwrap().to_string();
        let e = &issued["certificate"]["employer"];
        assert_eq!(e["name"], "宁波乙公司");
        assert_eq!(e["months"].as_array().unwrap().len(), 6);
        assert_eq!(e["insurances"][0]["insurance"], "pension");
        assert_eq!(e["insurances"][0]["insured"], 1);

        let (status, content_type, pdf) =
            get_pdf(&agent, &app, issued["pdf_url"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type, "application/pdf");
        assert_subset_font(&pdf);
        let text = pdf_text(&pdf);
        for expected in [
            "单位参保证明",
            "宁波乙公司",
            b.credit_code.as_str(),
            b.unit_number.as_str(),
            "宁波市—镇海区",
            "2023-12",
            code.as_str(),
        ] {
            assert!(text.contains(expected), "{expected} not in\n{text}");
        }
        // History; another employer cannot fetch it.
        let (_, history) = agent.get("/api/v1/employer/certificates").await;
        assert_eq!(history[0]["code"], code.as_str());
        let other = Session::login(&app, "agent_a").await;
        let (status, _, _) = get_pdf(&other, &app, issued["pdf_url"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, history) = other.get("/api/v1/employer/certificates").await;
        assert_eq!(history, json!([]));
        // Public verification.
        let (_, verdict) = Session::anonymous(&app)
            .get(&format!("/api/v1/verify/{}", code.to_lowercase()))
            .await;
        assert_eq!(verdict["genuine"], true, "{verdict}");
        assert_eq!(verdict["kind"], "employer");
        assert_eq!(verdict["summary"]["name"], "宁波乙公司");
        assert_eq!(verify_pdf(&app, pdf).await["genuine"], true);
        // Issued and refused attempts are audited.
        let audited = app
            .state
            .store
            .read(|tx| {
                tx.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE action IN ('certificate.issue.employer', 'certificate.employer.mismatch')",
                    &[],
                )?
                .i64(0)
            })
            .await
            .unwrap();
        assert_eq!(audited, 5);
        // A fifth mismatch is allowed, then the account must wait.
        let mut wrong = good.clone();
        wrong["contact_name"] = json!("错");
        let (status, _) = agent.post("/api/v1/employer/certificates", &wrong).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, body) = agent.post("/api/v1/employer/certificates", &good).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_certificate_captcha_verification_and_open_on_computer() {
    for engine in ENGINES {
        let app = spawn_app_on(engine).await;
        app.state.clock.set_now_ms(mid_january_2024());
        let world = seed(&app).await;
        let resident = Session::login(&app, "resident").await;
        let form = |id: &str, answer: &str| {
            json!({
                "kind": "personal",
                "months": 36,
                "insurances": ["pension", "unemployment", "work_injury"],
                "captcha_id": id,
                "captcha_answer": answer,
            })
        };

        // Wrong answer; then the same captcha is spent even with the right answer.
        let (id, answer) = captcha(&resident).await;
        let wrong = (answer.parse::<i64>().unwrap() + 1).to_string();
        let (status, body) = resident
            .post("/api/v1/resident/certificates", &form(&id, &wrong))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{engine:?} {body}"
        );
        assert_eq!(only_violation(&body).0, "CAPTCHA_WRONG");
        let (_, body) = resident
            .post("/api/v1/resident/certificates", &form(&id, &answer))
            .await;
        assert_eq!(only_violation(&body).0, "CAPTCHA_EXPIRED");
        // Expired after five minutes.
        let (id, answer) = captcha(&resident).await;
        app.state
            .clock
            .set_now_ms(app.state.clock.now_ms() + 5 * 60 * 1000 + 1000);
        let (_, body) = resident
            .post("/api/v1/resident/certificates", &form(&id, &answer))
            .await;
        assert_eq!(only_violation(&body).0, "CAPTCHA_EXPIRED");
        // Another resident's captcha is not yours.
        let (id, answer) = captcha(&Session::login(&app, "resident_b").await).await;
        let (_, body) = resident
            .post("/api/v1/resident/certificates", &form(&id, &answer))
            .await;
        assert_eq!(only_violation(&body).0, "CAPTCHA_EXPIRED");
        // Months outside 1–36.
        let (id, answer) = captcha(&resident).await;
        let mut too_many = form(&id, &answer);
        too_many["months"] = json!(37);
        let (_, body) = resident
            .post("/api/v1/resident/certificates", &too_many)
            .await;
        assert_eq!(only_violation(&body), ("BAD_CHOICE", "months"));

        // Issued: 36 months × 3 insurances.
        let (status, issued) = resident
            .post("/api/v1/resident/certificates", &form(&id, &answer))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{engine:?} {issued}");
        let code = issued["code"].as_str().unwrap().to_string();
        let person = &issued["certificate"]["person"];
        assert_eq!(person["name"], "赵六");
        assert_eq!(person["months"][0], "2021-01");
        assert_eq!(person["months"][35], "2023-12");
        assert_eq!(person["lines"].as_array().unwrap().len(), 108);
        assert_eq!(person["pension_months_total"], 36);
        assert_eq!(person["status"].as_array().unwrap().len(), 5);
        // The preview is the same content.
        let (status, preview) = resident
            .get(&format!("/api/v1/resident/certificates/{code}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(preview, issued["certificate"]);

        let pdf_url = issued["pdf_url"].as_str().unwrap().to_string();
        let (status, content_type, pdf) = get_pdf(&resident, &app, &pdf_url).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::OK, "application/pdf")
        );
        assert_subset_font(&pdf);
        let text = pdf_text(&pdf);
        for expected in [
            "个人参保证明",
            "赵六",
            world.resident_id.as_str(),
            "2021-01",
            "2023-12",
            "7000.00",
            "1120.00",
            "560.00",
            "宁波甲公司",
            "36个月",
            code.as_str(),
        ] {
            assert!(text.contains(expected), "{expected} not in\n{text}");
        }
        // Someone else's session cannot have it.
        let (status, _, _) =
            get_pdf(&Session::login(&app, "resident_b").await, &app, &pdf_url).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Verification: by code, masked; by file, and a changed byte is caught.
        let (_, verdict) = Session::anonymous(&app)
            .get(&format!("/api/v1/verify/{code}"))
            .await;
        assert_eq!(verdict["genuine"], true, "{verdict}");
        assert_eq!(verdict["summary"]["name"], "赵*");
        let masked = verdict["summary"]["citizen_id"].as_str().unwrap();
        assert_eq!(&masked[..4], &world.resident_id[..4]);
        assert!(masked.contains("**********"));
        assert!(!verdict.to_string().contains(&world.resident_id));
        let (_, unknown) = Session::anonymous(&app)
            .get("/api/v1/verify/2222-3333-4444-5555")
            .await;
        assert_eq!(unknown["genuine"], false);
        assert_eq!(verify_pdf(&app, pdf.clone()).await["genuine"], true);
        for at in [pdf.len() / 3, pdf.len() / 2, pdf.len() - 200] {
            let mut tampered = pdf.clone();
            tampered[at] ^= 0x01;
            let verdict = verify_pdf(&app, tampered).await;
            assert_eq!(verdict["genuine"], false, "byte {at}: {verdict}");
        }
        assert_eq!(
            verify_pdf(&app, b"%PDF-1.7 nothing".to_vec()).await["genuine"],
            false
        );

        // Open on computer: once.
        let (status, handoff) = resident
            .post(
                &format!("/api/v1/resident/certificates/{code}/handoff"),
                &json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{handoff}");
        let six = handoff["code"].as_str().unwrap().to_string();
        // ABCD-EFGH: 8 letters of 32, 40 bits (tests/security/certificates.rs has more).
        assert_eq!(six.len(), 9);
        assert_eq!(&six[4..5], "-");
        let computer = reqwest::Client::new();
        let open = |code: String| {
            let request = computer
                .post(app.url("/api/v1/handoff"))
                .json(&json!({ "code": code }));
            async move { request.send().await.unwrap() }
        };
        let response = open(six.clone()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(response.bytes().await.unwrap().to_vec(), pdf);
        let response = open(six.clone()).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = response.json().await.unwrap();
        assert_eq!(only_violation(&body).0, "HANDOFF_INVALID");
        // Expired after ten minutes.
        let (_, handoff) = resident
            .post(
                &format!("/api/v1/resident/certificates/{code}/handoff"),
                &json!({}),
            )
            .await;
        app.state
            .clock
            .set_now_ms(app.state.clock.now_ms() + 10 * 60 * 1000 + 1000);
        let response = open(handoff["code"].as_str().unwrap().to_string()).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // Guessing is throttled: one failure in the last ten minutes (the first aged out
        // when the clock moved), nine more, then 429.
        for _ in 0..9 {
            assert_eq!(
                open("2222-2222".into()).await.status(),
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        assert_eq!(
            open("2222-2222".into()).await.status(),
            StatusCode::TOO_MANY_REQUESTS
        );

        // The yearly pension history.
        let (id, answer) = captcha(&resident).await;
        let (status, history) = resident
            .post(
                "/api/v1/resident/certificates",
                &json!({"kind": "pension_history", "captcha_id": id, "captcha_answer": answer}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{history}");
        let years = &history["certificate"]["person"]["years"];
        assert_eq!(years.as_array().unwrap().len(), 3);
        assert_eq!(years[0]["year"], 2021);
        assert_eq!(years[0]["months_paid"], 12);
        assert_eq!(years[0]["average_base_fen"], 700_000);
        let (_, _, pdf) = get_pdf(&resident, &app, history["pdf_url"].as_str().unwrap()).await;
        let text = pdf_text(&pdf);
        for expected in [
            "基本养老保险历年参保证明",
            "赵六",
            "2021年",
            "7000.00",
            "合计缴费月数：36个月",
        ] {
            assert!(text.contains(expected), "{expected} not in\n{text}");
        }
        let (_, list) = resident.get("/api/v1/resident/certificates").await;
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[0]["kind"], "pension_history");
    }
}

#[tokio::test]
async fn the_public_key_verifies_what_the_server_signs() {
    let app = common::spawn_app().await;
    let (status, key) = Session::anonymous(&app)
        .get("/api/v1/certificates/public-key")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(key["algorithm"], "Ed25519");
    assert_eq!(
        key["public_key_base64"],
        app.state.sealer.signer.public_key_base64()
    );
    assert_eq!(key["public_key_hex"].as_str().unwrap().len(), 64);
}

/// The dark modules an SVG path of `M{x} {y}h{len}v1h-{len}z` runs draws, as (row, col).
fn svg_modules(svg: &str) -> std::collections::BTreeSet<(usize, usize)> {
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut dark = std::collections::BTreeSet::new();
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let len: usize = rest.split('v').next().unwrap().parse().unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        for col in x..x + len {
            assert!(dark.insert((y, col)), "module {y},{col} drawn twice");
        }
    }
    dark
}

#[tokio::test]
async fn the_open_on_computer_qr_code_is_the_open_page_with_the_code() {
    let app = common::spawn_app().await;
    let response = app.get("/api/v1/handoff/abcd efgh/qr").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let svg = response.text().await.unwrap();
    // Exactly the modules of the open page's address with the code, quiet zone of four.
    let expected = qrcode::QrCode::new(app.url("/open?code=ABCD-EFGH").as_bytes()).unwrap();
    let n = expected.width();
    let colors = expected.to_colors();
    let want: std::collections::BTreeSet<(usize, usize)> = (0..n * n)
        .filter(|i| colors[*i] == qrcode::Color::Dark)
        .map(|i| (i / n + 4, i % n + 4))
        .collect();
    assert_eq!(svg_modules(&svg), want);
    assert!(
        svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", n + 8)),
        "{svg}"
    );

    for bad in ["ABCD-EFG", "ABCD-EFG0", "ABCD-EFGHJ", "123456"] {
        let response = app.get(&format!("/api/v1/handoff/{bad}/qr")).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(only_violation(&body), ("HANDOFF_INVALID", "handoff_code"));
    }
}
