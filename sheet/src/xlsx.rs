//! XLSX (Office Open XML) read by hand: the zip's central directory, its entries
//! inflated with `miniz_oxide`, then `xl/sharedStrings.xml` and the first worksheet
//! read with a small XML scanner (elements, attributes, text, the five entities and
//! numeric references). Only what a sheet of values needs: shared strings, inline
//! strings, numbers and booleans; formulas give their cached value.

use crate::SheetError;
use std::collections::BTreeMap;

/// Entries larger than this once inflated are refused (a sheet of 1,000 rows is far
/// smaller; a zip bomb is not).
const MAX_ENTRY: usize = 64 * 1024 * 1024;

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// The zip's entries by name: (method, compressed size, offset of the local header).
fn directory(zip: &[u8]) -> Option<BTreeMap<String, (usize, usize, usize)>> {
    // The end of central directory record: its signature within the last 64 KiB + 22.
    let from = zip.len().saturating_sub(22 + 65_535);
    let eocd = (from..=zip.len().checked_sub(22)?)
        .rev()
        .find(|&i| zip[i..].starts_with(b"PK\x05\x06"))?;
    let count = u16_at(zip, eocd + 10)?;
    let mut at = u32_at(zip, eocd + 16)?;
    let mut entries = BTreeMap::new();
    for _ in 0..count {
        if !zip.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let method = u16_at(zip, at + 10)?;
        let size = u32_at(zip, at + 20)?;
        let name_len = u16_at(zip, at + 28)?;
        let extra_len = u16_at(zip, at + 30)?;
        let comment_len = u16_at(zip, at + 32)?;
        let local = u32_at(zip, at + 42)?;
        let name = String::from_utf8_lossy(zip.get(at + 46..at + 46 + name_len)?).into_owned();
        entries.insert(name, (method, size, local));
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(entries)
}

fn entry(zip: &[u8], (method, size, local): (usize, usize, usize)) -> Result<Vec<u8>, SheetError> {
    let bad = SheetError::BadXlsx("zip");
    if !zip
        .get(local..)
        .is_some_and(|b| b.starts_with(b"PK\x03\x04"))
    {
        return Err(bad);
    }
    let name_len = u16_at(zip, local + 26).ok_or(bad.clone())?;
    let extra_len = u16_at(zip, local + 28).ok_or(bad.clone())?;
    let start = local + 30 + name_len + extra_len;
    let data = zip.get(start..start + size).ok_or(bad.clone())?;
    match method {
        0 => Ok(data.to_vec()),
        8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_ENTRY)
            .map_err(|_| SheetError::BadXlsx("deflate")),
        _ => Err(SheetError::BadXlsx("compression method")),
    }
}

/// One piece of XML.
#[derive(Debug, PartialEq)]
enum Event<'a> {
    /// `<name a="v">` (or self-closing, then `empty`).
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    End(&'a str),
    Text(&'a str),
}

/// Splits XML into elements and text; declarations, comments and CDATA-free
/// processing instructions are skipped.
fn events(xml: &str) -> impl Iterator<Item = Event<'_>> {
    let mut rest = xml;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            let (text, after) = rest.split_at(end);
            rest = after;
            return Some(Event::Text(text));
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            let end = if rest.starts_with("<!--") {
                rest.find("-->").map(|i| i + 3)
            } else {
                rest.find('>').map(|i| i + 1)
            };
            rest = &rest[end.unwrap_or(rest.len())..];
            continue;
        }
        // A tag left open at the end of the text (a cut or hostile file) runs to the
        // end; slicing at `len - 1` would split a multi-byte character.
        let (tag, after) = match rest.find('>') {
            Some(close) => (&rest[1..close], &rest[close + 1..]),
            None => (&rest[1..], ""),
        };
        rest = after;
        if let Some(name) = tag.strip_prefix('/') {
            return Some(Event::End(local_name(name.trim())));
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let split = tag.find(char::is_whitespace).unwrap_or(tag.len());
        return Some(Event::Start {
            name: local_name(&tag[..split]),
            attrs: &tag[split..],
            empty,
        });
    })
}

/// `x:row` → `row` (some writers prefix the spreadsheet namespace).
fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of attribute `name` in `attrs`, unescaped.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        let eq = rest.find('=')?;
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        // XML quotes values with `"` or `'`; anything else is not an attribute list
        // we can read (and slicing past a multi-byte "quote" would split it).
        let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let value_end = after[1..].find(quote)? + 1;
        let value = &after[1..value_end];
        if local_name(key) == name && !key.starts_with("xmlns") {
            return Some(unescape(value));
        }
        rest = &after[value_end + 1..];
    }
}

/// XML text with its entities and character references replaced.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = &after[..semi];
        let c = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The shared strings: each `<si>`, its `<t>` runs joined (rich text included,
/// phonetic `<rPh>` runs left out).
fn shared_strings(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_t = false;
    let mut in_phonetic = false;
    for e in events(xml) {
        match e {
            Event::Start {
                name: "si", empty, ..
            } => {
                if empty {
                    out.push(String::new());
                } else {
                    current = Some(String::new());
                }
            }
            Event::End("si") => out.extend(current.take()),
            Event::Start {
                name: "rPh",
                empty: false,
                ..
            } => in_phonetic = true,
            Event::End("rPh") => in_phonetic = false,
            Event::Start {
                name: "t",
                empty: false,
                ..
            } => in_t = true,
            Event::End("t") => in_t = false,
            Event::Text(t) if in_t && !in_phonetic => {
                if let Some(s) = current.as_mut() {
                    s.push_str(&unescape(t));
                }
            }
            _ => {}
        }
    }
    out
}

/// The zero-based column of a cell reference (`B7` → 1, `AA3` → 26).
fn column_of(reference: &str) -> Option<usize> {
    let letters: Vec<u8> = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    Some(
        letters.iter().fold(0usize, |n, b| {
            n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1
        }) - 1,
    )
}

/// The rows of a worksheet, each cell as text, gaps filled with empty cells.
fn sheet_rows(xml: &str, strings: &[String]) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Option<(usize, Vec<String>)> = None;
    // The current cell: column, type, and the value collected from <v> or <is><t>.
    let mut cell: Option<(usize, String, String)> = None;
    let mut in_value = false;
    for e in events(xml) {
        match e {
            Event::Start {
                name: "row",
                attrs,
                empty,
            } => {
                let number = attr(attrs, "r")
                    .and_then(|r| r.parse::<usize>().ok())
                    .unwrap_or(rows.len() + 1);
                if empty {
                    continue;
                }
                row = Some((number, Vec::new()));
            }
            Event::End("row") => {
                if let Some((number, cells)) = row.take() {
                    while rows.len() + 1 < number {
                        rows.push(Vec::new());
                    }
                    rows.push(cells);
                }
            }
            Event::Start {
                name: "c",
                attrs,
                empty,
            } => {
                let next = row.as_ref().map_or(0, |(_, c)| c.len());
                let column = attr(attrs, "r").and_then(|r| column_of(&r)).unwrap_or(next);
                let kind = attr(attrs, "t").unwrap_or_default();
                if empty {
                    continue;
                }
                cell = Some((column, kind, String::new()));
            }
            Event::End("c") => {
                if let (Some((column, kind, value)), Some((_, cells))) = (cell.take(), row.as_mut())
                {
                    let text = match kind.as_str() {
                        "s" => value
                            .trim()
                            .parse::<usize>()
                            .ok()
                            .and_then(|i| strings.get(i).cloned())
                            .unwrap_or_default(),
                        "b" => (if value.trim() == "1" { "TRUE" } else { "FALSE" }).to_string(),
                        _ => value,
                    };
                    if cells.len() <= column {
                        cells.resize(column + 1, String::new());
                    }
                    cells[column] = text;
                }
            }
            Event::Start {
                name: "v" | "t",
                empty: false,
                ..
            } => in_value = true,
            Event::End("v" | "t") => in_value = false,
            Event::Text(t) if in_value => {
                if let Some((_, _, value)) = cell.as_mut() {
                    value.push_str(&unescape(t));
                }
            }
            _ => {}
        }
    }
    rows
}

/// The path of the workbook's first sheet: from `xl/workbook.xml` and its relations,
/// falling back to `xl/worksheets/sheet1.xml`.
fn first_sheet(zip: &[u8], dir: &BTreeMap<String, (usize, usize, usize)>) -> String {
    let text = |name: &str| {
        dir.get(name)
            .and_then(|&e| entry(zip, e).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    let found = (|| {
        let workbook = text("xl/workbook.xml")?;
        let rid = events(&workbook).find_map(|e| match e {
            Event::Start {
                name: "sheet",
                attrs,
                ..
            } => attr(attrs, "id"),
            _ => None,
        })?;
        let rels = text("xl/_rels/workbook.xml.rels")?;
        let target = events(&rels).find_map(|e| match e {
            Event::Start {
                name: "Relationship",
                attrs,
                ..
            } if attr(attrs, "Id").as_deref() == Some(rid.as_str()) => attr(attrs, "Target"),
            _ => None,
        })?;
        Some(match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        })
    })();
    found
        .filter(|p| dir.contains_key(p))
        .unwrap_or_else(|| "xl/worksheets/sheet1.xml".to_string())
}

/// The rows of the workbook's first sheet.
pub fn parse(zip: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let dir = directory(zip).ok_or(SheetError::BadXlsx("zip"))?;
    let strings = match dir.get("xl/sharedStrings.xml") {
        Some(&e) => shared_strings(&String::from_utf8_lossy(&entry(zip, e)?)),
        None => Vec::new(),
    };
    let sheet = first_sheet(zip, &dir);
    let &e = dir.get(&sheet).ok_or(SheetError::BadXlsx("no worksheet"))?;
    let xml = entry(zip, e)?;
    Ok(sheet_rows(&String::from_utf8_lossy(&xml), &strings))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of `files` (stored or deflated), written by the `zip` crate: the parts of a
    /// workbook are hand-written XML here, for the edge cases no spreadsheet program
    /// writes on purpose (`tests/` reads whole workbooks from rust_xlsxwriter and
    /// LibreOffice).
    fn zip(files: &[(&str, &str)], deflate: bool) -> Vec<u8> {
        use std::io::Write;
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, content) in files {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>社会保障号码</t></si><si><t>姓名</t></si>
<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 &amp; 子</t></r><rPh><t>ZS</t></rPh></si>
<si/></sst>"#;

    const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>月工资</t></is></c></row>
<row r="3"><c r="A3" t="str"><f>X</f><v>34052419800101001X</v></c><c r="B3" t="s"><v>2</v></c><c r="D3"><v>6500.5</v></c><c r="E3" t="b"><v>1</v></c></row>
</sheetData></worksheet>"#;

    #[test]
    fn reads_shared_inline_and_number_cells_with_gaps() {
        for deflate in [false, true] {
            let book = zip(
                &[
                    ("[Content_Types].xml", "<Types/>"),
                    ("xl/sharedStrings.xml", STRINGS),
                    ("xl/worksheets/sheet1.xml", SHEET),
                ],
                deflate,
            );
            assert!(is_zip(&book));
            let rows = parse(&book).unwrap();
            assert_eq!(
                rows,
                vec![
                    vec!["社会保障号码", "姓名", "", "月工资"],
                    vec![],
                    vec!["34052419800101001X", "张三 & 子", "", "6500.5", "TRUE"],
                ]
            );
        }
    }

    #[test]
    fn first_sheet_follows_the_workbook_relations() {
        let workbook =
            r#"<workbook><sheets><sheet name="名单" sheetId="1" r:id="rId7"/></sheets></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Target="worksheets/sheet2.xml"/></Relationships>"#;
        let other = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong</t></is></c></row></sheetData></worksheet>"#;
        let book = zip(
            &[
                ("xl/workbook.xml", workbook),
                ("xl/_rels/workbook.xml.rels", rels),
                ("xl/worksheets/sheet1.xml", other),
                ("xl/worksheets/sheet2.xml", SHEET),
                ("xl/sharedStrings.xml", STRINGS),
            ],
            true,
        );
        assert_eq!(parse(&book).unwrap()[0][0], "社会保障号码");
    }

    #[test]
    fn xml_helpers() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("AA10"), Some(26));
        assert_eq!(
            unescape("a &lt;b&gt; &#20013;&#x6587; & c"),
            "a <b> 中文 & c"
        );
        assert_eq!(attr(r#" r="B2" t='s'"#, "t").as_deref(), Some("s"));
        assert_eq!(
            attr(r#" xmlns:r="x" r:id="rId1""#, "id").as_deref(),
            Some("rId1")
        );
        // Found by the fuzzer: an unquoted value starting with a multi-byte character.
        assert_eq!(attr(" t=中s\"", "t"), None);
        assert_eq!(attr(" r=A1 t=\"s\"", "t"), None);
    }

    /// Found by the fuzzer: a worksheet ending inside a tag whose last character is
    /// not ASCII (or a lone `<`) made the scanner slice inside a character and panic.
    #[test]
    fn a_tag_left_open_at_the_end_is_read_not_panicked_on() {
        let names = |xml: &str| -> Vec<String> {
            events(xml)
                .map(|e| match e {
                    Event::Start { name, .. } => format!("<{name}"),
                    Event::End(name) => format!("</{name}"),
                    Event::Text(t) => t.to_string(),
                })
                .collect()
        };
        assert_eq!(names("<"), vec!["<"]);
        assert_eq!(names("a<中"), vec!["a", "<中"]);
        assert_eq!(names("<row>x</row"), vec!["<row", "x", "</row"]);
        let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><行"#;
        let book = zip(&[("xl/worksheets/sheet1.xml", sheet)], true);
        assert_eq!(parse(&book).unwrap(), vec![vec!["姓名"]]);
    }

    #[test]
    fn broken_zips_are_refused() {
        assert!(parse(b"PK\x03\x04garbage").is_err());
        let book = zip(&[("xl/other.xml", "<x/>")], false);
        assert_eq!(parse(&book), Err(SheetError::BadXlsx("no worksheet")));
    }
}
