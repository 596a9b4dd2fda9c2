//! Renders a [`Certificate`] as an A4 PDF in Chinese with krilla.
//!
//! Text is drawn with `Surface::draw_glyphs`: each character's glyph and advance are
//! looked up once per render with skrifa (no shaping: Chinese needs none, and krilla's
//! `draw_text` shapes on every call, which is ten times slower). krilla embeds only the
//! glyphs used, as a subset of WenQuanYi Micro Hei (`ABCDEF+WenQuanYiMicroHei`).
//!
//! Layout happens first, into pages of drawing operations, so the footer can say
//! "第 n 页 / 共 N 页"; painting follows. The QR code is vector rectangles; the seal is a
//! drawn circle, star and text. The certificate's canonical content and its signature
//! are embedded as the attachment `certificate.json` (see [`super::seal`]).

use super::content::{status_zh, yuan, Certificate, Kind};
use krilla::color::rgb;
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;
use shebao_core::insurance::Insurance;
use shebao_core::violation::Lang;
use skrifa::MetadataProvider;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Debian's fonts-wqy-microhei (installed by scripts/setup.sh).
pub const DEFAULT_FONT_PATH: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 40.0;
const RIGHT: f32 = PAGE_W - 40.0;
const TOP: f32 = 50.0;
const BOTTOM: f32 = PAGE_H - 60.0;

type Color = (u8, u8, u8);
const BLACK: Color = (0, 0, 0);
const GREY: Color = (90, 90, 90);
const LINE: Color = (150, 150, 150);
const RED: Color = (210, 20, 20);

/// The font certificates are printed in: its bytes (shared with krilla) and metrics.
pub struct CertFont {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

impl std::fmt::Debug for CertFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CertFont({} bytes)", self.data.len())
    }
}

impl CertFont {
    /// Loads a TrueType font or collection (face `index`).
    pub fn load(path: &Path, index: u32) -> Result<CertFont, String> {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("cannot read the certificate font {}: {e}", path.display()))?;
        let data = Arc::new(bytes);
        skrifa::FontRef::from_index(data.as_slice(), index)
            .map_err(|e| format!("{}: not a usable font: {e}", path.display()))?;
        let font = Font::new(data.clone().into(), index)
            .ok_or_else(|| format!("{}: krilla cannot read the font", path.display()))?;
        Ok(CertFont { data, index, font })
    }

    /// The default font (`SHEBAO_CERTIFICATE_FONT` or [`DEFAULT_FONT_PATH`]), loaded once.
    pub fn shared() -> Result<&'static CertFont, String> {
        static FONT: OnceLock<Result<CertFont, String>> = OnceLock::new();
        FONT.get_or_init(|| {
            let path = std::env::var("SHEBAO_CERTIFICATE_FONT")
                .unwrap_or_else(|_| DEFAULT_FONT_PATH.to_string());
            CertFont::load(Path::new(&path), 0)
        })
        .as_ref()
        .map_err(Clone::clone)
    }
}

/// Glyph ids and advances (in em) of the characters used, looked up once per render.
struct Glyphs<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    metrics: skrifa::metrics::GlyphMetrics<'a>,
    upem: f32,
    cache: HashMap<char, (u32, f32)>,
}

impl<'a> Glyphs<'a> {
    fn new(font: &'a CertFont) -> Result<Glyphs<'a>, String> {
        let font_ref = skrifa::FontRef::from_index(font.data.as_slice(), font.index)
            .map_err(|e| e.to_string())?;
        let size = skrifa::instance::Size::unscaled();
        let location = skrifa::instance::LocationRef::default();
        Ok(Glyphs {
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(size, location),
            upem: f32::from(font_ref.metrics(size, location).units_per_em),
            cache: HashMap::new(),
        })
    }

    fn glyph(&mut self, c: char) -> (u32, f32) {
        if let Some(g) = self.cache.get(&c) {
            return *g;
        }
        let id = self.charmap.map(c).unwrap_or_default();
        let advance = self.metrics.advance_width(id).unwrap_or(0.0) / self.upem;
        let g = (id.to_u32(), advance);
        self.cache.insert(c, g);
        g
    }

    fn width(&mut self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// `text`, cut with "…" to fit `max` points.
    fn fit(&mut self, text: &str, size: f32, max: f32) -> String {
        if self.width(text, size) <= max {
            return text.to_string();
        }
        let ellipsis = self.width("…", size);
        let mut out = String::new();
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.glyph(c).1 * size;
            if used + w + ellipsis > max {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
        out
    }
}

/// One drawing operation of the layout.
enum Op {
    /// Text with its baseline starting at (x, y), optionally rotated by `angle` radians
    /// about that point.
    Text {
        x: f32,
        y: f32,
        size: f32,
        color: Color,
        text: String,
        angle: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        width: f32,
        color: Color,
    },
    Star {
        cx: f32,
        cy: f32,
        r: f32,
        color: Color,
    },
    /// Filled rectangles (x, y, w, h): the QR code's dark modules.
    Rects { rects: Vec<(f32, f32, f32, f32)> },
}

/// The layout: pages of operations and a cursor.
struct Layout<'a> {
    glyphs: Glyphs<'a>,
    pages: Vec<Vec<Op>>,
    y: f32,
}

/// A table column: header, width, right-aligned.
struct Col {
    title: &'static str,
    width: f32,
    right: bool,
}

const fn col(title: &'static str, width: f32, right: bool) -> Col {
    Col {
        title,
        width,
        right,
    }
}

impl<'a> Layout<'a> {
    fn new(glyphs: Glyphs<'a>) -> Layout<'a> {
        Layout {
            glyphs,
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Makes sure `height` points fit below the cursor, else starts a page.
    fn need(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, color: Color, text: impl Into<String>) {
        self.op(Op::Text {
            x,
            y,
            size,
            color,
            text: text.into(),
            angle: 0.0,
        });
    }

    fn centered(&mut self, cx: f32, y: f32, size: f32, color: Color, text: &str) {
        let w = self.glyphs.width(text, size);
        self.text(cx - w / 2.0, y, size, color, text);
    }

    fn right(&mut self, x: f32, y: f32, size: f32, color: Color, text: &str) {
        let w = self.glyphs.width(text, size);
        self.text(x - w, y, size, color, text);
    }

    fn hline(&mut self, y: f32, width: f32) {
        self.op(Op::Line {
            x1: LEFT,
            y1: y,
            x2: RIGHT,
            y2: y,
            width,
            color: LINE,
        });
    }

    /// A line of text at the cursor, moving it down.
    fn line(&mut self, size: f32, text: &str) {
        self.need(size * 1.7);
        self.y += size * 1.7;
        let y = self.y;
        self.text(LEFT, y, size, BLACK, text);
    }

    fn heading(&mut self, text: &str) {
        self.need(40.0);
        self.y += 12.0;
        self.line(11.5, text);
        self.y += 4.0;
    }

    /// A table: header row (repeated on each page) and rows.
    fn table(&mut self, cols: &[Col], rows: &[Vec<String>]) {
        const SIZE: f32 = 8.5;
        const ROW: f32 = 12.5;
        let header = |l: &mut Layout| {
            l.hline(l.y, 0.8);
            l.y += ROW;
            let mut x = LEFT;
            let y = l.y - 3.5;
            for c in cols {
                if c.right {
                    l.right(x + c.width - 3.0, y, SIZE, GREY, c.title);
                } else {
                    l.text(x + 3.0, y, SIZE, GREY, c.title);
                }
                x += c.width;
            }
            l.hline(l.y, 0.5);
        };
        self.need(ROW * 3.0);
        header(self);
        for row in rows {
            if self.need(ROW) {
                header(self);
            }
            self.y += ROW;
            let y = self.y - 3.5;
            let mut x = LEFT;
            for (c, cell) in cols.iter().zip(row) {
                let cell = self.glyphs.fit(cell, SIZE, c.width - 6.0);
                if c.right {
                    self.right(x + c.width - 3.0, y, SIZE, BLACK, &cell);
                } else {
                    self.text(x + 3.0, y, SIZE, BLACK, cell);
                }
                x += c.width;
            }
        }
        self.hline(self.y + 2.0, 0.8);
        self.y += 4.0;
    }

    /// The QR code of `url`, `size` points square, its top left at (x, y).
    fn qr(&mut self, url: &str, x: f32, y: f32, size: f32) -> Result<(), String> {
        let code = qrcode::QrCode::new(url.as_bytes()).map_err(|e| e.to_string())?;
        let n = code.width();
        let quiet = 2;
        let module = size / (n + 2 * quiet) as f32;
        let colors = code.to_colors();
        let mut rects = Vec::new();
        for row in 0..n {
            // One rectangle per horizontal run of dark modules.
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    rects.push((
                        x + (start + quiet) as f32 * module,
                        y + (row + quiet) as f32 * module,
                        (col - start) as f32 * module,
                        module,
                    ));
                } else {
                    col += 1;
                }
            }
        }
        self.op(Op::Rects { rects });
        Ok(())
    }

    /// The electronic seal (电子专用章): a red ring, a star, the issuer along the top arc
    /// and 电子专用章 beneath the star.
    fn seal(&mut self, cx: f32, cy: f32, issuer: &str) {
        let r = 50.0;
        self.op(Op::Circle {
            cx,
            cy,
            r,
            width: 2.8,
            color: RED,
        });
        self.op(Op::Star {
            cx,
            cy,
            r: 14.0,
            color: RED,
        });
        let size = 10.0;
        let chars: Vec<char> = issuer.chars().collect();
        let n = chars.len().max(1) as f32;
        // Spread over 220° of the top arc (y grows downwards: the top is −90°).
        let span = 220f32.to_radians();
        let start = -90f32.to_radians() - span / 2.0;
        let radius = r - 6.0 - size * 0.85;
        for (i, c) in chars.iter().enumerate() {
            let theta = start + span * (i as f32 + 0.5) / n;
            let advance = self.glyphs.glyph(*c).1 * size;
            let angle = theta + std::f32::consts::FRAC_PI_2;
            // The glyph's baseline centre sits on the arc; rotate about it.
            let (s, co) = angle.sin_cos();
            let px = cx + radius * theta.cos() - co * advance / 2.0;
            let py = cy + radius * theta.sin() - s * advance / 2.0;
            self.op(Op::Text {
                x: px,
                y: py,
                size,
                color: RED,
                text: c.to_string(),
                angle,
            });
        }
        self.centered(cx, cy + 30.0, 9.0, RED, "电子专用章");
    }
}

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
    let mut l = Layout::new(Glyphs::new(font)?);
    header(&mut l, certificate, extras)?;
    match certificate.kind {
        Kind::Employer => employer_body(&mut l, certificate),
        Kind::Personal => personal_body(&mut l, certificate),
        Kind::PensionHistory => pension_body(&mut l, certificate),
    }
    closing(&mut l, certificate);
    footers(&mut l, &certificate.code);
    paint(l, certificate, extras, font)
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
    let issuer_width = l.glyphs.width(&c.issuer, 10.5);
    l.seal(RIGHT - 20.0 - issuer_width / 2.0, y + 2.0, &c.issuer);
    l.y = y + 60.0;
}

fn footers(l: &mut Layout, code: &str) {
    let total = l.pages.len();
    for n in 0..total {
        let text = format!("验证码：{code}    第 {} 页 / 共 {total} 页", n + 1);
        let w = l.glyphs.width(&text, 8.0);
        l.pages[n].push(Op::Text {
            x: (PAGE_W - w) / 2.0,
            y: PAGE_H - 30.0,
            size: 8.0,
            color: GREY,
            text,
            angle: 0.0,
        });
    }
}

fn fill(color: Color) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn paint(
    mut l: Layout,
    c: &Certificate,
    extras: &Extras,
    font: &CertFont,
) -> Result<Vec<u8>, String> {
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
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("page size")?;
    let pages = std::mem::take(&mut l.pages);
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, &mut l.glyphs, font, op);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}

fn draw(surface: &mut Surface, glyphs: &mut Glyphs, font: &CertFont, op: Op) {
    match op {
        Op::Text {
            x,
            y,
            size,
            color,
            text,
            angle,
        } => {
            let mut list = Vec::with_capacity(text.len());
            for (i, ch) in text.char_indices() {
                let (id, advance) = glyphs.glyph(ch);
                list.push(KrillaGlyph::new(
                    GlyphId::new(id),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + ch.len_utf8(),
                    None,
                ));
            }
            surface.set_fill(Some(fill(color)));
            surface.set_stroke(None);
            if angle == 0.0 {
                surface.draw_glyphs(
                    Point::from_xy(x, y),
                    &list,
                    font.font.clone(),
                    &text,
                    size,
                    false,
                );
            } else {
                let (s, co) = angle.sin_cos();
                surface.push_transform(&Transform::from_row(co, s, -s, co, x, y));
                surface.draw_glyphs(
                    Point::from_xy(0.0, 0.0),
                    &list,
                    font.font.clone(),
                    &text,
                    size,
                    false,
                );
                surface.pop();
            }
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(x1, y1);
            pb.line_to(x2, y2);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(color, width)));
                surface.draw_path(&path);
            }
        }
        Op::Circle {
            cx,
            cy,
            r,
            width,
            color,
        } => {
            // Four cubic Béziers approximate the circle.
            let k = 0.552_284_8 * r;
            let mut pb = PathBuilder::new();
            pb.move_to(cx + r, cy);
            pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
            pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
            pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
            pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
            pb.close();
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(color, width)));
                surface.draw_path(&path);
            }
        }
        Op::Star { cx, cy, r, color } => {
            let mut pb = PathBuilder::new();
            for i in 0..10 {
                let radius = if i % 2 == 0 { r } else { r * 0.382 };
                let theta = -std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
                let (px, py) = (cx + radius * theta.cos(), cy + radius * theta.sin());
                if i == 0 {
                    pb.move_to(px, py);
                } else {
                    pb.line_to(px, py);
                }
            }
            pb.close();
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(color)));
                surface.draw_path(&path);
            }
        }
        Op::Rects { rects } => {
            let mut pb = PathBuilder::new();
            for (x, y, w, h) in rects {
                if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                    pb.push_rect(rect);
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(BLACK)));
                surface.draw_path(&path);
            }
        }
    }
}

fn stroke(color: Color, width: f32) -> Stroke {
    Stroke {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        width,
        ..Stroke::default()
    }
}
