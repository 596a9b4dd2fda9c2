//! A small writer of Excel workbooks (.xlsx) for the batch journeys: one sheet, text in
//! the shared-strings table as Excel writes it, numbers as numeric cells. An xlsx is a
//! zip of XML parts; the entries here are stored (not compressed) with their CRC-32, so
//! the file is what any spreadsheet program opens.

/// The header row of a 批量增员 workbook, as the template has it (the journeys that
/// upload one write it as a clerk's export would).
pub const ENROLMENT_HEADER: [&str; 9] = [
    "社会保障号码",
    "姓名",
    "手机号码",
    "户籍所在地",
    "户口性质",
    "用工起始日期",
    "月工资（元）",
    "养老保险参保年月",
    "失业保险参保年月",
];

/// One cell of the sheet.
pub enum Cell {
    Text(String),
    Number(f64),
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

/// The workbook's bytes: one sheet named `sheet_name` holding `rows`.
pub fn workbook(sheet_name: &str, rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut strings: Vec<&str> = Vec::new();
    let mut sheet = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
    ));
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", column_name(c), r + 1);
            match cell {
                Cell::Text(text) => {
                    let index = strings.iter().position(|s| s == text).unwrap_or_else(|| {
                        strings.push(text);
                        strings.len() - 1
                    });
                    sheet.push_str(&format!(r#"<c r="{at}" t="s"><v>{index}</v></c>"#));
                }
                Cell::Number(n) => sheet.push_str(&format!(r#"<c r="{at}"><v>{n}</v></c>"#)),
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");

    let mut shared = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">"#
        ),
        strings.len()
    );
    for s in &strings {
        shared.push_str(&format!("<si><t>{}</t></si>", escape(s)));
    }
    shared.push_str("</sst>");

    let workbook = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
        escape(sheet_name)
    );
    let parts: [(&str, &str); 6] = [
        (
            "[Content_Types].xml",
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
                r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
                r#"<Default Extension="xml" ContentType="application/xml"/>"#,
                r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
                r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
                r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
                r#"</Types>"#
            ),
        ),
        (
            "_rels/.rels",
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
                r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
                r#"</Relationships>"#
            ),
        ),
        ("xl/workbook.xml", &workbook),
        (
            "xl/_rels/workbook.xml.rels",
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
                r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
                r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
                r#"</Relationships>"#
            ),
        ),
        ("xl/worksheets/sheet1.xml", &sheet),
        ("xl/sharedStrings.xml", &shared),
    ];
    stored_zip(&parts)
}

/// A, B, …, Z, AA, AB, …
fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A zip of stored entries, each with its CRC-32 (names marked UTF-8): also for tests
/// that write a workbook's XML parts by hand.
pub fn stored_zip(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in files {
        let offset = out.len() as u32;
        let crc = crc32(content.as_bytes()).to_le_bytes();
        let size = (content.len() as u32).to_le_bytes();
        let name_len = (name.len() as u16).to_le_bytes();
        // version 2.0, flags: UTF-8 names, method 0 (stored), time and date 0.
        let common = [
            &[0x14, 0, 0, 0x08, 0, 0, 0, 0, 0, 0][..],
            &crc,
            &size,
            &size,
            &name_len,
        ]
        .concat();
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&common);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(content.as_bytes());
        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        central.extend_from_slice(&common);
        // extra, comment, disk, internal and external attributes, then the offset.
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = (out.len() as u32).to_le_bytes();
    let count = (files.len() as u16).to_le_bytes();
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00");
    out.extend_from_slice(&count);
    out.extend_from_slice(&count);
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_at);
    out.extend_from_slice(&[0, 0]);
    out
}

/// CRC-32 (IEEE), bit by bit: the workbooks are a few kilobytes.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_the_check_string() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
    }

    #[test]
    fn the_zip_ends_with_its_directory_of_six_parts() {
        let book = workbook("增员", &[vec!["社会保障号码".into(), Cell::Number(6500.0)]]);
        assert_eq!(&book[..4], b"PK\x03\x04");
        let end = &book[book.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 6, "six parts");
    }
}
