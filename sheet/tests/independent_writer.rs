//! Workbooks written by an independent writer, rust_xlsxwriter (an Excel 2007+ writer
//! of its own, not this reader's authors'), read back by `shebao_sheet`: shared strings,
//! inline strings (its constant-memory mode), numbers, dates with a number format,
//! booleans, rich text, a formula's cached result, gaps, and a second sheet.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError};
use shebao_sheet::{date_cell, month_cell, parse, table, Column};

const fn column(field: &'static str, headers: &'static [&'static str]) -> Column {
    Column { field, headers }
}

const COLUMNS: &[Column] = &[
    column("citizen_id", &["社会保障号码"]),
    column("name", &["姓名"]),
    column("monthly_wage", &["月工资"]),
    column("employment_start", &["用工起始日期"]),
    column("pension_start", &["养老保险参保年月"]),
];

/// The header row and one employee at row 3 (row 2 left empty, column C skipped), as a
/// clerk's sheet has them: the ID as text, the name in rich text, the wage a number,
/// the start a date formatted `yyyy/m/d`, the pension month a date formatted `yyyy-mm`,
/// a flag, and a formula whose cached result is the name.
fn write_employee(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    let date = Format::new().set_num_format("yyyy/m/d");
    let month = Format::new().set_num_format("yyyy-mm");
    let bold = Format::new().set_bold();
    let plain = Format::new();
    for (col, header) in [
        (0, "社会保障号码"),
        (1, "姓名"),
        (3, "月工资（元）"),
        (4, "用工起始日期"),
        (5, "养老保险参保年月"),
    ] {
        sheet.write_string(0, col, header)?;
    }
    sheet.write_string(2, 0, "34052419800101001X")?;
    sheet.write_rich_string(2, 1, &[(&bold, "张"), (&plain, "三 & 子")])?;
    sheet.write_number(2, 3, 6500.5)?;
    sheet.write_datetime_with_format(2, 4, ExcelDateTime::from_ymd(2026, 11, 3)?, &date)?;
    sheet.write_datetime_with_format(2, 5, ExcelDateTime::from_ymd(2026, 11, 1)?, &month)?;
    sheet.write_boolean(2, 6, true)?;
    sheet.write_formula(2, 7, Formula::new("=B3").set_result("张三 & 子"))?;
    Ok(())
}

/// What the reader must make of [`write_employee`]'s sheet.
fn employee_rows() -> Vec<Vec<String>> {
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    vec![
        row(&[
            "社会保障号码",
            "姓名",
            "",
            "月工资（元）",
            "用工起始日期",
            "养老保险参保年月",
        ]),
        row(&[]),
        row(&[
            "34052419800101001X",
            "张三 & 子",
            "",
            "6500.5",
            // 2026-11-03 and 2026-11-01 as Excel serials: the cell's value, not its format.
            "46329",
            "46327",
            "TRUE",
            "张三 & 子",
        ]),
    ]
}

/// The employee's record through the header mapping and the date and month cells.
fn check_record(rows: &[Vec<String>]) {
    let records = table(rows, COLUMNS).unwrap().records;
    assert_eq!(records.len(), 1);
    let (row, values) = &records[0];
    assert_eq!(*row, 3, "the spreadsheet's own row number");
    assert_eq!(
        values[..3],
        ["34052419800101001X", "张三 & 子", "6500.5"].map(String::from)
    );
    assert_eq!(date_cell(&values[3]), "2026-11-03");
    assert_eq!(month_cell(&values[4]), "2026-11");
}

#[test]
fn a_workbook_with_shared_strings_reads_as_written() {
    let mut book = Workbook::new();
    write_employee(book.add_worksheet().set_name("增员名单").unwrap()).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let rows = parse(&bytes).unwrap();
    assert_eq!(rows, employee_rows());
    check_record(&rows);
}

#[test]
fn a_workbook_with_inline_strings_reads_the_same() {
    // Constant-memory mode writes every string inline (`t="inlineStr"`), as some
    // exporters do.
    let mut book = Workbook::new();
    write_employee(book.add_worksheet_with_constant_memory().unwrap()).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(parse(&bytes).unwrap(), employee_rows());
}

#[test]
fn the_first_sheet_is_read_not_the_others() {
    let mut book = Workbook::new();
    write_employee(book.add_worksheet().set_name("名单").unwrap()).unwrap();
    let notes = book.add_worksheet().set_name("填表说明").unwrap();
    notes.write_string(0, 0, "停保年月为本月或上月").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(parse(&bytes).unwrap(), employee_rows());
}

#[test]
fn a_missing_column_is_named_in_a_written_workbook() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "社会保障号码").unwrap();
    sheet.write_string(0, 1, "姓名").unwrap();
    sheet.write_string(1, 0, "34052419800101001X").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(
        table(&parse(&bytes).unwrap(), COLUMNS),
        Err(vec!["monthly_wage", "employment_start", "pension_start"])
    );
}
