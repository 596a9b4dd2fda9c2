//! Renders a [`Certificate`] as an A4 PDF in Chinese: what the certificate says and
//! where — the title and QR code, the employer's or person's lines, the tables of
//! status and payments, the closing words, the issuer and the drawn seal (a ring, a
//! star, the issuer along the arc), a footer on every page ("第 n 页 / 共 N 页") — and
//! the document's metadata and attachment: the canonical content and its signature as
//! `certificate.json` (see [`super::seal`]). How it is drawn (pages, text in the
//! embedded font subset, lines, tables, the QR code's rectangles) is [`layout`]'s.

use super::content::{status_zh, yuan, Certificate, Kind};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::metadata::Metadata;
use krilla::Document;
use shebao_core::insurance::Insurance;
use shebao_core::violation::Lang;

mod layout;

use layout::{col, Layout, BLACK, GREY, LEFT, PAGE_H, PAGE_W, RED, RIGHT, TOP};
pub use layout::{CertFont, DEFAULT_FONT_PATH};

/// What the PDF carries besides the content: the signature and how to verify it.
pub struct Extras<'a> {
    /// Base64 Ed25519 signature of `certificate.canonical()`.
    pub signature: &'a str,
    /// Base64 public key that verifies it.
    pub public_key: &'a str,
    /// The verification page the QR code opens, e.g. `https://host/verify?code=…`.
    pub verify_url: &'a str,
}

/// The JSON embedded in the PDF as `certificate.json` (canonical, keys sorted).
pub fn embedded_json(certificate: &Certificate, extras: &Extras) -> String {
    let content: serde_json::Value =
        serde_json::from_str(&certificate.canonical()).unwrap_or_default();
    super::content::canonical_json(&serde_json::json!({
        "alg": "Ed25519",
        "certificate": content,
        "public_key": extras.public_key,
        "signature": extras.signature,
    }))
}

/// Renders the certificate; the file seal is added by [`super::seal::seal_file`].
pub fn render(
    certificate: &Certificate,
    extras: &Extras,
    font: &CertFont,
) -> Result<Vec<u8>, String> {
    let mut l = Layout::new(font)?;
    header(&mut l, certificate, extras)?;
    match certificate.kind {
        Kind::Employer => employer_body(&mut l, certificate),
        Kind::Personal => personal_body(&mut l, certificate),
        Kind::PensionHistory => pension_body(&mut l, certificate),
    }
    closing(&mut l, certificate);
    footers(&mut l, &certificate.code);
    l.finish(document(certificate, extras))
}

fn header(l: &mut Layout, c: &Certificate, extras: &Extras) -> Result<(), String> {
    l.centered(PAGE_W / 2.0, TOP + 22.0, 20.0, BLACK, c.kind.title());
    l.qr(extras.verify_url, RIGHT - 72.0, TOP - 20.0, 72.0)?;
    l.centered(RIGHT - 36.0, TOP + 60.0, 7.0, GREY, "扫码验真");
    l.y = TOP + 40.0;
    l.line(9.0, &format!("验证码：{}", c.code));
    l.line(9.0, &format!("出具日期：{}", c.issued_date));
    l.y += 6.0;
    Ok(())
}

fn insurance_zh(i: Insurance) -> &'static str {
    i.label(Lang::Zh)
}

fn employer_body(l: &mut Layout, c: &Certificate) {
    let Some(e) = &c.employer else { return };
    l.line(10.5, &format!("单位名称：{}", e.name));
    l.line(10.5, &format!("统一社会信用代码：{}", e.credit_code));
    l.line(10.5, &format!("单位社保编号：{}", e.unit_number));
    l.line(10.5, &format!("参保地：{}", e.insured_place_name));
    l.heading("参保缴费情况");
    let month_width = (RIGHT - LEFT - 120.0 - 50.0) / e.months.len().max(1) as f32;
    let mut cols = vec![col("险种", 120.0, false), col("参保人数", 50.0, true)];
    // The months head the columns; being data, they are the table's first row.
    let mut rows = vec![{
        let mut r = vec![String::new(), String::new()];
        r.extend(e.months.iter().cloned());
        r
    }];
    for _ in &e.months {
        cols.push(col("", month_width, false));
    }
    for line in &e.insurances {
        let mut r = vec![
            insurance_zh(line.insurance).to_string(),
            line.insured.to_string(),
        ];
        for p in &line.payments {
            r.push(match p.status.as_str() {
                "paid" => format!("已缴费({})", p.paid),
                "due" => format!("待缴({}/{})", p.assessed - p.paid, p.assessed),
                _ => "无应缴".to_string(),
            });
        }
        rows.push(r);
    }
    l.table(&cols, &rows);
    l.line(
        8.5,
        "注：参保人数为出具之日正常参保的职工人数；括号内为当月已缴费（或待缴/应缴）人数。",
    );
}

fn person_lines(l: &mut Layout, c: &Certificate) {
    let Some(p) = &c.person else { return };
    l.line(10.5, &format!("姓名：{}", p.name));
    l.line(10.5, &format!("社会保障号码：{}", p.citizen_id));
}

fn status_table(l: &mut Layout, c: &Certificate) {
    let Some(p) = &c.person else { return };
    l.heading("一、当前参保状态");
    let cols = [
        col("险种", 130.0, false),
        col("参保状态", 70.0, false),
        col("参保单位", 175.0, false),
        col("缴费基数（元）", 75.0, true),
        col("缴费月数", 65.0, true),
    ];
    let rows: Vec<Vec<String>> = p
        .status
        .iter()
        .map(|s| {
            vec![
                insurance_zh(s.insurance).to_string(),
                status_zh(&s.state).to_string(),
                match (&s.employer_name, s.flexible) {
                    (Some(name), _) => name.clone(),
                    (None, true) => "灵活就业".to_string(),
                    (None, false) => "—".to_string(),
                },
                s.base_fen.map(yuan).unwrap_or_else(|| "—".into()),
                s.months_paid.to_string(),
            ]
        })
        .collect();
    l.table(&cols, &rows);
    l.line(
        10.0,
        &format!(
            "企业职工基本养老保险累计缴费月数：{}个月",
            p.pension_months_total
        ),
    );
}

fn personal_body(l: &mut Layout, c: &Certificate) {
    let Some(p) = &c.person else { return };
    person_lines(l, c);
    if let (Some(first), Some(last)) = (p.months.first(), p.months.last()) {
        l.line(
            10.5,
            &format!("证明期间：{first} 至 {last}（共{}个月）", p.months.len()),
        );
    }
    let names: Vec<&str> = p.insurances.iter().map(|i| insurance_zh(*i)).collect();
    l.line(10.5, &format!("证明险种：{}", names.join("、")));
    status_table(l, c);
    l.heading("二、缴费明细");
    let cols = [
        col("年月", 48.0, false),
        col("险种", 105.0, false),
        col("缴费单位", 147.0, false),
        col("缴费基数", 58.0, true),
        col("单位缴纳", 55.0, true),
        col("个人缴纳", 55.0, true),
        col("缴费状态", 47.0, false),
    ];
    let rows: Vec<Vec<String>> = p
        .lines
        .iter()
        .map(|m| {
            let none = m.status == "none";
            vec![
                m.month.clone(),
                insurance_zh(m.insurance).to_string(),
                match (&m.employer_name, m.flexible, none) {
                    (_, _, true) => "—".to_string(),
                    (Some(name), _, _) => name.clone(),
                    (None, true, _) => "灵活就业".to_string(),
                    (None, false, _) => "—".to_string(),
                },
                if none { "—".into() } else { yuan(m.base_fen) },
                if none {
                    "—".into()
                } else {
                    yuan(m.employer_fen)
                },
                if none {
                    "—".into()
                } else {
                    yuan(m.individual_fen)
                },
                status_zh(&m.status).to_string(),
            ]
        })
        .collect();
    l.table(&cols, &rows);
}

fn pension_body(l: &mut Layout, c: &Certificate) {
    let Some(p) = &c.person else { return };
    person_lines(l, c);
    status_table(l, c);
    l.heading("二、基本养老保险历年参保");
    let cols = [
        col("年度", 120.0, false),
        col("缴费月数", 150.0, true),
        col("月平均缴费基数（元）", 180.0, true),
    ];
    let rows: Vec<Vec<String>> = p
        .years
        .iter()
        .map(|y| {
            vec![
                format!("{}年", y.year),
                y.months_paid.to_string(),
                yuan(y.average_base_fen),
            ]
        })
        .collect();
    l.table(&cols, &rows);
    let total: i64 = p.years.iter().map(|y| y.months_paid).sum();
    l.line(10.0, &format!("合计缴费月数：{total}个月"));
}

fn closing(l: &mut Layout, c: &Certificate) {
    l.need(150.0);
    l.y += 10.0;
    l.line(10.0, "特此证明。");
    l.line(
        8.5,
        "本证明加盖电子印章，与纸质证明具有同等效力。可扫描二维码或在“证明验真”中输入验证码核验真伪，",
    );
    l.line(
        8.5,
        "也可用平台公布的公钥离线核验本文件内嵌的电子签名（certificate.json）。",
    );
    l.y += 40.0;
    let y = l.y;
    l.right(RIGHT - 20.0, y, 10.5, BLACK, &c.issuer);
    l.right(RIGHT - 20.0, y + 18.0, 10.5, BLACK, &c.issued_date);
    let issuer_width = l.width(&c.issuer, 10.5);
    seal(l, RIGHT - 20.0 - issuer_width / 2.0, y + 2.0, &c.issuer);
    l.y = y + 60.0;
}

fn footers(l: &mut Layout, code: &str) {
    let total = l.page_count();
    for n in 0..total {
        let text = format!("验证码：{code}    第 {} 页 / 共 {total} 页", n + 1);
        let w = l.width(&text, 8.0);
        l.text_on_page(n, (PAGE_W - w) / 2.0, PAGE_H - 30.0, 8.0, GREY, text);
    }
}

/// The electronic seal (电子专用章): a red ring, a star, the issuer along the top arc
/// and 电子专用章 beneath the star.
fn seal(l: &mut Layout, cx: f32, cy: f32, issuer: &str) {
    let r = 50.0;
    l.circle(cx, cy, r, 2.8, RED);
    l.star(cx, cy, 14.0, RED);
    let size = 10.0;
    let chars: Vec<char> = issuer.chars().collect();
    let n = chars.len().max(1) as f32;
    // Spread over 220° of the top arc (y grows downwards: the top is −90°).
    let span = 220f32.to_radians();
    let start = -90f32.to_radians() - span / 2.0;
    let radius = r - 6.0 - size * 0.85;
    for (i, c) in chars.iter().enumerate() {
        let theta = start + span * (i as f32 + 0.5) / n;
        let advance = l.advance(*c, size);
        let angle = theta + std::f32::consts::FRAC_PI_2;
        // The glyph's baseline centre sits on the arc; rotate about it.
        let (s, co) = angle.sin_cos();
        let px = cx + radius * theta.cos() - co * advance / 2.0;
        let py = cy + radius * theta.sin() - s * advance / 2.0;
        l.rotated_text((px, py), size, RED, c.to_string(), angle);
    }
    l.centered(cx, cy + 30.0, 9.0, RED, "电子专用章");
}

/// The document before its pages: the metadata (title, the code and the signature as
/// keywords) and the attachment `certificate.json`.
fn document(c: &Certificate, extras: &Extras) -> Document {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} {}", c.kind.title(), c.code))
            .description(format!("验证码 {}", c.code))
            .keywords(vec![
                "shebao-certificate".to_string(),
                c.code.clone(),
                format!("ed25519:{}", extras.signature),
            ])
            .creator("Shebao".to_string())
            .language("zh-CN".to_string()),
    );
    let json = embedded_json(c, extras);
    document.embed_file(EmbeddedFile {
        path: "certificate.json".to_string(),
        mime_type: MimeType::new("application/json"),
        description: Some("Certificate content and its Ed25519 signature".to_string()),
        association_kind: AssociationKind::Data,
        data: json.into_bytes().into(),
        modification_date: None,
        compress: Some(true),
        location: None,
    });
    document
}
