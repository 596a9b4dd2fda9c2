//! Reading a spreadsheet in the browser: CSV (UTF-8, with or without a BOM) and XLSX
//! (a zip of XML) into rows of strings, the header row mapped to our fields, and the
//! cell forms spreadsheets produce (Excel date serials, `2026/3/1`, `2026年3月`)
//! turned into the ones core parses. Pure Rust with no browser types: the web app links
//! it into the browser, `cargo test -p shebao-sheet` tests it natively, and `fuzz/`
//! feeds it arbitrary bytes.

use shebao_core::time::Date;

pub mod batch;
pub mod csv;
pub mod opening;
pub mod xlsx;

/// What can make a file unreadable (before any row is judged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetError {
    /// The file holds no rows at all.
    Empty,
    /// A CSV file that is not UTF-8 (e.g. GBK from an older Excel); the page decodes it
    /// with the browser's `TextDecoder` and calls [`parse_text`].
    NotUtf8,
    /// A zip or XML structure that is not a readable XLSX workbook.
    BadXlsx(&'static str),
}

/// The rows of the first sheet, each cell as text; trailing empty cells are kept as the
/// file has them.
pub fn parse(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    if xlsx::is_zip(bytes) {
        return not_empty(xlsx::parse(bytes)?);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_text(text),
        Err(_) => Err(SheetError::NotUtf8),
    }
}

/// The rows of a CSV text (for one the page decoded itself, see
/// [`SheetError::NotUtf8`]).
pub fn parse_text(text: &str) -> Result<Vec<Vec<String>>, SheetError> {
    not_empty(csv::parse_str(text))
}

fn not_empty(rows: Vec<Vec<String>>) -> Result<Vec<Vec<String>>, SheetError> {
    if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
        return Err(SheetError::Empty);
    }
    Ok(rows)
}

/// A column we read: the field name core uses, and the headers that name it.
pub struct Column {
    pub field: &'static str,
    pub headers: &'static [&'static str],
}

impl Column {
    pub const fn new(field: &'static str, headers: &'static [&'static str]) -> Column {
        Column { field, headers }
    }
}

/// A header cell without decoration: spaces, required marks (`*`) and a parenthesised
/// unit (`月工资（元）` → `月工资`).
fn clean_header(cell: &str) -> String {
    let cell = cell.trim().trim_start_matches('\u{feff}');
    let cut = cell.find(['(', '（']).unwrap_or(cell.len());
    cell[..cut]
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .collect()
}

/// The data rows of a sheet, keyed by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Per record: its row number in the spreadsheet (the header is row 1) and the
    /// value of each column, in the order of the columns asked for.
    pub records: Vec<(usize, Vec<String>)>,
}

/// Maps the first non-empty row as the header; the fields whose column is missing are
/// the error. Empty rows are skipped; every cell is trimmed.
pub fn table(rows: &[Vec<String>], columns: &[Column]) -> Result<Table, Vec<&'static str>> {
    let Some(header_at) = rows
        .iter()
        .position(|r| r.iter().any(|c| !c.trim().is_empty()))
    else {
        return Err(columns.iter().map(|c| c.field).collect());
    };
    let header: Vec<String> = rows[header_at].iter().map(|c| clean_header(c)).collect();
    let mut index = Vec::with_capacity(columns.len());
    let mut missing = Vec::new();
    for column in columns {
        match header
            .iter()
            .position(|h| h == column.field || column.headers.contains(&h.as_str()))
        {
            Some(i) => index.push(i),
            None => missing.push(column.field),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let records = rows
        .iter()
        .enumerate()
        .skip(header_at + 1)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(n, r)| {
            let values = index
                .iter()
                .map(|&i| r.get(i).map(|c| c.trim().to_string()).unwrap_or_default())
                .collect();
            (n + 1, values)
        })
        .collect();
    Ok(Table { records })
}

/// Days from 1899-12-30 (Excel's day 0 in its 1900 date system, leap-bug included) to
/// 1970-01-01.
const EXCEL_EPOCH_OFFSET: i64 = 25_569;

/// `(year, month, day)` of an Excel date serial (whole days; a time part is dropped).
fn from_serial(cell: &str) -> Option<(i64, u32, u32)> {
    let whole = cell.split('.').next()?;
    if whole.len() != 5 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let days = whole.parse::<i64>().ok()? - EXCEL_EPOCH_OFFSET;
    let date = Date::from_days_since_epoch(days);
    Some((
        i64::from(date.year()),
        u32::from(date.month()),
        u32::from(date.day()),
    ))
}

/// The numbers of a date written with any of `-`, `/`, `.`, `年`, `月`, `日` between them.
fn date_parts(cell: &str) -> Option<Vec<u32>> {
    let parts: Vec<&str> = cell
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 || parts[0].len() != 4 || parts.iter().any(|p| p.len() > 4) {
        return None;
    }
    parts.iter().map(|p| p.parse().ok()).collect()
}

/// A date cell as `YYYY-MM-DD` where the cell is clearly one (a serial or
/// `2026/3/1`); anything else unchanged, for core to judge.
pub fn date_cell(cell: &str) -> String {
    let cell = cell.trim();
    if let Some((y, m, d)) = from_serial(cell) {
        return format!("{y:04}-{m:02}-{d:02}");
    }
    match date_parts(cell).as_deref() {
        Some([y, m, d]) => format!("{y:04}-{m:02}-{d:02}"),
        _ => cell.to_string(),
    }
}

/// A month cell as `YYYY-MM` (from a serial, `2026/3`, `2026年3月`, or a whole date
/// such as `2026-03-01`, which Excel makes of a typed month); anything else unchanged.
pub fn month_cell(cell: &str) -> String {
    let cell = cell.trim();
    if let Some((y, m, _)) = from_serial(cell) {
        return format!("{y:04}-{m:02}");
    }
    match date_parts(cell).as_deref() {
        Some([y, m]) | Some([y, m, _]) => format!("{y:04}-{m:02}"),
        _ => cell.to_string(),
    }
}

/// One CSV field: quoted when it needs to be (RFC 4180), so that the error report,
/// corrected and chosen again, reads back as it was written. A tab is quoted too (a
/// first line with a tab and no comma is read as tab-separated), and so is a leading
/// byte-order mark (the reader drops one at the start of the file).
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r', '\t']) || value.starts_with('\u{feff}') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column {
            field: "citizen_id",
            headers: &["社会保障号码", "身份证号码"],
        },
        Column {
            field: "monthly_wage",
            headers: &["月工资"],
        },
    ];

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn header_maps_columns_in_any_order_with_decorations() {
        let sheet = rows(&[
            &[],
            &["* 月工资（元）", "备注", "社会保障号码"],
            &["6500", "x", " 34052419800101001X "],
            &["", "", ""],
            &["7000", "", "11010519491231002X"],
        ]);
        let t = table(&sheet, COLUMNS).unwrap();
        assert_eq!(
            t.records,
            vec![
                (3, vec!["34052419800101001X".into(), "6500".into()]),
                (5, vec!["11010519491231002X".into(), "7000".into()]),
            ]
        );
    }

    #[test]
    fn missing_columns_are_named() {
        let sheet = rows(&[&["姓名", "身份证号码"], &["张三", "1"]]);
        assert_eq!(table(&sheet, COLUMNS), Err(vec!["monthly_wage"]));
    }

    #[test]
    fn short_rows_read_as_empty_cells() {
        let sheet = rows(&[&["社会保障号码", "月工资"], &["1"]]);
        let t = table(&sheet, COLUMNS).unwrap();
        assert_eq!(t.records, vec![(2, vec!["1".into(), String::new()])]);
    }

    #[test]
    fn dates_and_months_from_spreadsheet_forms() {
        assert_eq!(date_cell("46082"), "2026-03-01");
        assert_eq!(date_cell("2026/3/1"), "2026-03-01");
        assert_eq!(date_cell("2026年3月1日"), "2026-03-01");
        assert_eq!(date_cell("2026-03-01"), "2026-03-01");
        assert_eq!(date_cell("next week"), "next week");
        assert_eq!(month_cell("2026/3"), "2026-03");
        assert_eq!(month_cell("2026年11月"), "2026-11");
        assert_eq!(month_cell("2026-11-01"), "2026-11");
        assert_eq!(month_cell("46082"), "2026-03");
        assert_eq!(month_cell("202611"), "202611");
        assert_eq!(month_cell(""), "");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a"), "a");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    /// Found by the fuzzer: a row written with `csv_field` must read back as itself,
    /// also when its first cell holds a tab or starts with a byte-order mark.
    #[test]
    fn written_rows_read_back_as_they_were() {
        let rows = vec![
            vec!["\u{feff}a".to_string(), "b".to_string()],
            vec![" \t 7".to_string()],
        ];
        for rows in [rows.clone(), vec![rows[1].clone()]] {
            let written: String = rows
                .iter()
                .map(|r| r.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",") + "\r\n")
                .collect();
            assert_eq!(csv::parse_str(&written), rows, "{written:?}");
        }
    }

    #[test]
    fn parse_rejects_empty_and_non_utf8() {
        assert_eq!(parse(b"\n\n,,\n"), Err(SheetError::Empty));
        assert_eq!(parse(&[0xc9, 0xe7, 0xb1, 0xa3]), Err(SheetError::NotUtf8));
        assert_eq!(parse(b"a,b\n1,2").unwrap().len(), 2);
    }
}
