//! The spreadsheet reader behind 批量增员 / 批量减员 (`shebao-sheet`) from any bytes:
//! CSV or XLSX (a zip), then the header mapping and the date and month cells.
//! A CSV's rows written back with `csv_field` (as the error report writes them) read
//! back as the same rows; a table's records have one trimmed value per column, in
//! increasing row order below the header; a missing column is named, never guessed;
//! turning a date or month cell into core's form twice changes nothing more.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shebao_sheet::{csv, csv_field, date_cell, month_cell, parse, table, xlsx, Column, SheetError};

const COLUMNS: &[Column] = &[
    Column {
        field: "citizen_id",
        headers: &["社会保障号码", "身份证号码"],
    },
    Column {
        field: "name",
        headers: &["姓名"],
    },
    Column {
        field: "monthly_wage",
        headers: &["月工资"],
    },
    Column {
        field: "employment_start",
        headers: &["参加工作日期"],
    },
];

fuzz_target!(|data: &[u8]| {
    let rows = match parse(data) {
        Ok(rows) => rows,
        Err(SheetError::Empty) => return,
        Err(SheetError::NotUtf8) => {
            assert!(!xlsx::is_zip(data) && std::str::from_utf8(data).is_err());
            // The page decodes such a file as GB 18030 and parses the text; any text
            // will do here.
            csv::parse_str(&String::from_utf8_lossy(data))
        }
        Err(SheetError::BadXlsx(_)) => {
            assert!(xlsx::is_zip(data));
            return;
        }
    };

    if let (false, Ok(text)) = (xlsx::is_zip(data), std::str::from_utf8(data)) {
        assert_eq!(csv::parse_str(text), rows);
        let written: String = rows
            .iter()
            .map(|row| {
                let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
                cells.join(",") + "\r\n"
            })
            .collect();
        assert_eq!(
            csv::parse_str(&written),
            rows,
            "rows written as CSV read back differently: {written:?}"
        );
    }

    match table(&rows, COLUMNS) {
        Ok(t) => {
            let mut last_row = 0;
            for (row, values) in &t.records {
                assert!(*row > last_row && *row >= 2, "row numbers out of order");
                last_row = *row;
                assert_eq!(values.len(), COLUMNS.len());
                assert!(values.iter().all(|v| v.trim() == v));
                assert!(
                    rows[row - 1].iter().any(|c| !c.trim().is_empty()),
                    "an empty row read as a record"
                );
            }
        }
        Err(missing) => {
            assert!(!missing.is_empty());
            let fields: Vec<&str> = COLUMNS.iter().map(|c| c.field).collect();
            assert!(missing.iter().all(|m| fields.contains(m)));
        }
    }

    for cell in rows.iter().flatten() {
        let date = date_cell(cell);
        assert_eq!(date_cell(&date), date, "date cell {cell:?}");
        let month = month_cell(cell);
        assert_eq!(month_cell(&month), month, "month cell {cell:?}");
    }
});
