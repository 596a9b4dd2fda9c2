//! Files saved by LibreOffice Calc (7.4, headless, Debian's libreoffice-calc-nogui) in
//! the shapes an HR clerk's lists have: IDs as text, dates and months typed every which
//! way, a blank row, a notes sheet. How each was made: `fixtures/README.md`.

use shebao_sheet::{date_cell, month_cell, parse, table, Column, SheetError};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const fn column(field: &'static str, headers: &'static [&'static str]) -> Column {
    Column { field, headers }
}

const ENROLMENT: &[Column] = &[
    column("citizen_id", &["社会保障号码"]),
    column("name", &["姓名"]),
    column("mobile", &["手机号码"]),
    column("hukou_district", &["户籍所在地"]),
    column("hukou_type", &["户口性质"]),
    column("employment_start", &["用工起始日期"]),
    column("monthly_wage", &["月工资"]),
    column("pension_start", &["养老保险参保年月"]),
    column("unemployment_start", &["失业保险参保年月"]),
];

const STOP: &[Column] = &[
    column("citizen_id", &["社会保障号码"]),
    column("stop_month", &["停保年月"]),
    column("reason", &["原因"]),
];

/// Each record's row and values, with the date and month columns (by index) in the
/// form core parses.
fn records(
    bytes: &[u8],
    columns: &[Column],
    dates: &[usize],
    months: &[usize],
) -> Vec<(usize, Vec<String>)> {
    let rows = parse(bytes).unwrap();
    let mut records = table(&rows, columns).unwrap().records;
    for (_, values) in &mut records {
        for &i in dates {
            values[i] = date_cell(&values[i]);
        }
        for &i in months {
            values[i] = month_cell(&values[i]);
        }
    }
    records
}

fn record(row: usize, values: &[&str]) -> (usize, Vec<String>) {
    (row, values.iter().map(|v| v.to_string()).collect())
}

/// A CSV opened in a Chinese locale with the ID column as text, saved as Excel
/// 2007-365: the dates became date serials, `2026-11` and `2026年10月` stayed text (the
/// latter in rich-text runs of two fonts), `202611` and the mobiles became numbers, and
/// `8,200.50` the number 8200.5.
#[test]
fn an_enrolment_list_saved_as_xlsx() {
    let bytes = fixture("enrolment-libreoffice.xlsx");
    assert_eq!(
        records(&bytes, ENROLMENT, &[5], &[7, 8]),
        [
            record(
                2,
                &[
                    "11010519491231002X",
                    "张三",
                    "13812345678",
                    "330211",
                    "城镇",
                    "2026-11-03",
                    "6500",
                    "2026-11",
                    "2026-11"
                ]
            ),
            record(
                3,
                &[
                    "340524198001010013",
                    "李四",
                    "13900139000",
                    "330203",
                    "农村",
                    "2026-10-15",
                    "8200.5",
                    "2026-10",
                    "2026-10"
                ]
            ),
            // A month typed as 202611 stays so, for core (which reads YYYYMM) to judge.
            record(
                4,
                &[
                    "330211199506010012",
                    "王小五",
                    "15057400123",
                    "330212",
                    "城镇",
                    "2026-11-01",
                    "4000",
                    "202611",
                    "202611"
                ]
            ),
        ]
    );
}

/// The stop list as the clerk keeps it, with typed cells: months as dates formatted
/// `yyyy-mm`, one typed as text `2026年12月`, a blank row, and a second sheet of notes.
fn stop_records() -> Vec<(usize, Vec<String>)> {
    vec![
        record(2, &["11010519491231002X", "2026-11", "辞职"]),
        record(3, &["340524198001010013", "2026-12", "退休"]),
        record(5, &["330211199506010012", "2026-11", "解除劳动合同"]),
    ]
}

#[test]
fn a_stop_list_saved_as_xlsx() {
    let bytes = fixture("stop-libreoffice.xlsx");
    assert_eq!(records(&bytes, STOP, &[], &[1]), stop_records());
    // The first sheet's other columns too: a date formatted 年月日 is its serial.
    let rows = parse(&bytes).unwrap();
    assert_eq!(rows[1][4], "46356");
    assert_eq!(date_cell(&rows[1][4]), "2026-11-30");
}

#[test]
fn the_same_list_saved_as_csv() {
    // UTF-8, without a BOM; the cells as they were shown (`2026-11`, `2026年11月30日`).
    let bytes = fixture("stop-libreoffice.csv");
    assert_eq!(records(&bytes, STOP, &[], &[1]), stop_records());
    let rows = parse(&bytes).unwrap();
    assert_eq!(date_cell(&rows[1][4]), "2026-11-30");
}

#[test]
fn the_same_list_saved_as_ods_is_refused_as_no_workbook() {
    // A zip, but OpenDocument: the page asks for xlsx or csv.
    let bytes = fixture("stop-libreoffice.ods");
    assert!(matches!(parse(&bytes), Err(SheetError::BadXlsx(_))));
}
