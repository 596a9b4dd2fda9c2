//! The layout engine behind the certificates' PDF, a small PDF writer over krilla: A4
//! pages of drawing operations laid out first (so a footer can count the pages), then
//! painted: text in one font, lines, tables that continue on the next page with their
//! header, a ring, a star, and a QR code as vector rectangles. What a certificate says,
//! and where, is the parent module's.
//!
//! Text is drawn with `Surface::draw_glyphs`: each character's glyph and advance are
//! looked up once per render with skrifa (no shaping: Chinese needs none, and krilla's
//! `draw_text` shapes on every call, which is ten times slower). krilla embeds only the
//! glyphs used, as a subset of the font (`ABCDEF+WenQuanYiMicroHei`).

use super::super::qr;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;
use skrifa::MetadataProvider;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Debian's fonts-wqy-microhei (installed by scripts/setup.sh).
pub const DEFAULT_FONT_PATH: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// A4 in points, and the margins the cursor keeps to.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const LEFT: f32 = 40.0;
pub const RIGHT: f32 = PAGE_W - 40.0;
pub const TOP: f32 = 50.0;
pub const BOTTOM: f32 = PAGE_H - 60.0;

pub type Color = (u8, u8, u8);
pub const BLACK: Color = (0, 0, 0);
pub const GREY: Color = (90, 90, 90);
pub const LINE: Color = (150, 150, 150);
pub const RED: Color = (210, 20, 20);

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

impl Op {
    fn text(x: f32, y: f32, size: f32, color: Color, text: String, angle: f32) -> Op {
        Op::Text {
            x,
            y,
            size,
            color,
            text,
            angle,
        }
    }
}

/// The layout: pages of operations, a cursor, and the font it measures with.
pub struct Layout<'a> {
    glyphs: Glyphs<'a>,
    font: &'a CertFont,
    pages: Vec<Vec<Op>>,
    /// The cursor: how far down the page (points from the top) the next line goes.
    pub y: f32,
}

/// A table column: header, width, right-aligned.
pub struct Col {
    title: &'static str,
    width: f32,
    right: bool,
}

pub const fn col(title: &'static str, width: f32, right: bool) -> Col {
    Col {
        title,
        width,
        right,
    }
}

impl<'a> Layout<'a> {
    /// An empty first page in `font`, the cursor at its top.
    pub fn new(font: &'a CertFont) -> Result<Layout<'a>, String> {
        Ok(Layout {
            glyphs: Glyphs::new(font)?,
            font,
            pages: vec![Vec::new()],
            y: TOP,
        })
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
    pub fn need(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, color: Color, text: impl Into<String>) {
        self.rotated_text((x, y), size, color, text.into(), 0.0);
    }

    pub fn centered(&mut self, cx: f32, y: f32, size: f32, color: Color, text: &str) {
        let w = self.glyphs.width(text, size);
        self.text(cx - w / 2.0, y, size, color, text);
    }

    pub fn right(&mut self, x: f32, y: f32, size: f32, color: Color, text: &str) {
        let w = self.glyphs.width(text, size);
        self.text(x - w, y, size, color, text);
    }

    pub fn hline(&mut self, y: f32, width: f32) {
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
    pub fn line(&mut self, size: f32, text: &str) {
        self.need(size * 1.7);
        self.y += size * 1.7;
        let y = self.y;
        self.text(LEFT, y, size, BLACK, text);
    }

    pub fn heading(&mut self, text: &str) {
        self.need(40.0);
        self.y += 12.0;
        self.line(11.5, text);
        self.y += 4.0;
    }

    /// A table: header row (repeated on each page) and rows.
    pub fn table(&mut self, cols: &[Col], rows: &[Vec<String>]) {
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

    /// The QR code of `url`, `size` points square, its top left at (x, y): one filled
    /// rectangle per horizontal run of dark modules, inside a quiet zone of two.
    pub fn qr(&mut self, url: &str, x: f32, y: f32, size: f32) -> Result<(), String> {
        let (n, runs) = qr::runs(url)?;
        let quiet = 2;
        let module = size / (n + 2 * quiet) as f32;
        let rects = runs
            .into_iter()
            .map(|(row, start, len)| {
                (
                    x + (start + quiet) as f32 * module,
                    y + (row + quiet) as f32 * module,
                    len as f32 * module,
                    module,
                )
            })
            .collect();
        self.op(Op::Rects { rects });
        Ok(())
    }

    /// Text rotated by `angle` radians about the start of its baseline, (x, y).
    pub fn rotated_text(
        &mut self,
        (x, y): (f32, f32),
        size: f32,
        color: Color,
        text: String,
        angle: f32,
    ) {
        self.op(Op::text(x, y, size, color, text, angle));
    }

    /// A ring of radius `r` about (cx, cy), its line `width` points wide.
    pub fn circle(&mut self, cx: f32, cy: f32, r: f32, width: f32, color: Color) {
        self.op(Op::Circle {
            cx,
            cy,
            r,
            width,
            color,
        });
    }

    /// A filled five-pointed star of radius `r` about (cx, cy), a point upwards.
    pub fn star(&mut self, cx: f32, cy: f32, r: f32, color: Color) {
        self.op(Op::Star { cx, cy, r, color });
    }

    /// The width of `text` at `size` points.
    pub fn width(&mut self, text: &str, size: f32) -> f32 {
        self.glyphs.width(text, size)
    }

    /// The advance of the character `c` at `size` points.
    pub fn advance(&mut self, c: char, size: f32) -> f32 {
        self.glyphs.glyph(c).1 * size
    }

    /// How many pages the layout has so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Text on page `page` (from 0), wherever the cursor is: a footer.
    pub fn text_on_page(
        &mut self,
        page: usize,
        x: f32,
        y: f32,
        size: f32,
        color: Color,
        text: String,
    ) {
        self.pages[page].push(Op::text(x, y, size, color, text, 0.0));
    }

    /// Paints the pages into `document` (its metadata and attachments already set) and
    /// answers the finished file.
    pub fn finish(mut self, mut document: Document) -> Result<Vec<u8>, String> {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("page size")?;
        let pages = std::mem::take(&mut self.pages);
        for ops in pages {
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            for op in ops {
                draw(&mut surface, &mut self.glyphs, self.font, op);
            }
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|e| format!("{e:?}"))
    }
}

fn fill(color: Color) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
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
