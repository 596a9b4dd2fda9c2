//! What the batch pages (批量增员, 批量减员) do with a sheet, apart from the browser: the
//! columns they read, each row judged by core as a form, the server's row-by-row
//! answer matched back to the spreadsheet's rows, and the CSV error report. The page
//! (`web/src/pages/employer/batch.rs`) reads the file, times the check and shows it.

use crate::{csv_field, date_cell, month_cell, Column, Table};
use serde::Serialize;
use shebao_core::api::batch::{BatchAnswer, MAX_ROWS};
use shebao_core::api::{EmployerTerms, EnrolmentForm, StopForm, SubmissionReceipt};
use shebao_core::enrolment::{self, PersonStatus};
use shebao_core::region::DISTRICTS;
use shebao_core::stop::{self, ActiveEmployment};
use shebao_core::time::handling_month;
use shebao_core::violation::field_label;
use shebao_core::{Lang, Violation, Violations};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchKind {
    Enrol,
    Stop,
}

/// The headers a social security number goes by (the first is the template's).
const CITIZEN_ID_HEADERS: &[&str] = &[
    "社会保障号码",
    "社会保障号",
    "公民身份号码",
    "身份证号码",
    "身份证号",
];

const ENROL_COLUMNS: &[Column] = &[
    Column::new("citizen_id", CITIZEN_ID_HEADERS),
    Column::new("name", &["姓名"]),
    Column::new("mobile", &["手机号码", "手机号", "联系电话"]),
    Column::new("hukou_district", &["户籍所在地", "户籍所在区县", "户籍地"]),
    Column::new("hukou_type", &["户口性质", "户籍性质"]),
    Column::new("employment_start", &["用工起始日期", "用工日期"]),
    Column::new("monthly_wage", &["月工资", "工资"]),
    Column::new("pension_start", &["养老保险参保年月", "养老参保年月"]),
    Column::new("unemployment_start", &["失业保险参保年月", "失业参保年月"]),
];

const STOP_COLUMNS: &[Column] = &[
    Column::new("citizen_id", CITIZEN_ID_HEADERS),
    Column::new("stop_month", &["停保年月", "减员年月"]),
    Column::new("reason", &["原因", "停保原因", "减员原因"]),
];

impl BatchKind {
    /// The columns a sheet of this kind must have, in the order of its forms' fields.
    pub fn columns(self) -> &'static [Column] {
        match self {
            BatchKind::Enrol => ENROL_COLUMNS,
            BatchKind::Stop => STOP_COLUMNS,
        }
    }

    /// The API path (under `/api/v1`) its rows are submitted to.
    pub fn endpoint(self) -> &'static str {
        match self {
            BatchKind::Enrol => "/employer/enrolments/batch",
            BatchKind::Stop => "/employer/stops/batch",
        }
    }

    /// A column's header as the template writes it: its first (Chinese) one.
    pub fn header_of(self, field: &'static str) -> &'static str {
        self.columns()
            .iter()
            .find(|c| c.field == field)
            .map_or(field, |c| c.headers[0])
    }

    /// The template: the header row alone, each column's first header.
    pub fn template(self) -> String {
        let header: Vec<&str> = self.columns().iter().map(|c| c.headers[0]).collect();
        format!("{}\r\n", header.join(","))
    }
}

/// A row's form, serialised as the bare form (a row of [`shebao_core::api::batch::Batch`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RowForm {
    Enrol(EnrolmentForm),
    Stop(StopForm),
}

/// One row of the sheet, judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// Its row number in the spreadsheet.
    pub line: usize,
    pub citizen_id: String,
    /// The form as the server takes it.
    pub form: RowForm,
    pub violations: Vec<Violation>,
}

/// A district as a spreadsheet names it (its code, or its Chinese or English name) as
/// the code core takes; anything else unchanged, for core to refuse.
pub fn district_code(cell: &str) -> String {
    DISTRICTS
        .iter()
        .find(|d| {
            d.code == cell || d.name_zh == cell || d.name_en.eq_ignore_ascii_case(cell.trim())
        })
        .map(|d| d.code.to_string())
        .unwrap_or_else(|| cell.to_string())
}

fn verdict<T>(result: Result<T, Violations>) -> Vec<Violation> {
    match result {
        Ok(_) => Vec::new(),
        Err(v) => v.0,
    }
}

/// Judges every row of `table` (read with `kind`'s columns) with core, as at `now_ms`
/// (the server's clock). An enrolment is judged as of a new person (the server knows
/// who is already insured); a stop without the employment's start months, which only
/// the server knows and checks.
pub fn check(kind: BatchKind, table: &Table, now_ms: i64) -> Vec<Checked> {
    let handling = handling_month(now_ms);
    let checked_month = Some(handling.to_string());
    match kind {
        BatchKind::Enrol => {
            let terms = EmployerTerms::lowest_rate(handling);
            table
                .records
                .iter()
                .map(|(line, v)| {
                    let form = EnrolmentForm {
                        citizen_id: v[0].clone(),
                        name: v[1].clone(),
                        mobile: v[2].clone(),
                        hukou_district: district_code(&v[3]),
                        hukou_type: v[4].clone(),
                        employment_start: date_cell(&v[5]),
                        monthly_wage: v[6].clone(),
                        pension_start: month_cell(&v[7]),
                        unemployment_start: month_cell(&v[8]),
                        checked_month: checked_month.clone(),
                    };
                    let violations = verdict(terms.clone().and_then(|terms| {
                        enrolment::plan(&PersonStatus::Unknown, &form, &terms, now_ms)
                    }));
                    Checked {
                        line: *line,
                        citizen_id: form.citizen_id.clone(),
                        violations,
                        form: RowForm::Enrol(form),
                    }
                })
                .collect()
        }
        BatchKind::Stop => {
            let active = ActiveEmployment::default();
            table
                .records
                .iter()
                .map(|(line, v)| {
                    let form = StopForm {
                        citizen_id: v[0].clone(),
                        stop_month: month_cell(&v[1]),
                        reason: v[2].clone(),
                        checked_month: checked_month.clone(),
                    };
                    Checked {
                        line: *line,
                        citizen_id: form.citizen_id.clone(),
                        violations: verdict(stop::plan(Some(&active), &form, now_ms)),
                        form: RowForm::Stop(form),
                    }
                })
                .collect()
        }
    }
}

/// How many rows were checked, how many passed and how many did not.
pub fn counts(rows: &[Checked]) -> (usize, usize, usize) {
    let invalid = rows.iter().filter(|r| !r.violations.is_empty()).count();
    (rows.len(), rows.len() - invalid, invalid)
}

/// The rows to send: the valid ones, in requests of at most [`MAX_ROWS`], each with
/// its `Idempotency-Key` (the attempt's `key` for the first, `{key}-{n}` after; the
/// server derives each row's key from its request's).
pub fn requests<'a>(
    rows: &'a [Checked],
    key: &'a str,
) -> impl Iterator<Item = (String, Vec<&'a Checked>)> + 'a {
    let valid: Vec<&Checked> = rows.iter().filter(|r| r.violations.is_empty()).collect();
    let chunks: Vec<Vec<&Checked>> = valid.chunks(MAX_ROWS).map(<[_]>::to_vec).collect();
    chunks.into_iter().enumerate().map(move |(n, chunk)| {
        let chunk_key = if n == 0 {
            key.to_string()
        } else {
            format!("{key}-{n}")
        };
        (chunk_key, chunk)
    })
}

/// One row's outcome on the server, back at its spreadsheet row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub line: usize,
    pub citizen_id: String,
    /// Its receipt, when the server saved it.
    pub receipt: Option<SubmissionReceipt>,
    pub violations: Vec<Violation>,
}

/// The server's answer to one request, each row matched to the row `sent` (its `row`
/// counts from 1 within the request); a row the request did not hold is dropped.
pub fn outcomes(sent: &[&Checked], answer: BatchAnswer) -> Vec<Outcome> {
    answer
        .rows
        .into_iter()
        .filter_map(|row| {
            let sent = sent.get(row.row.checked_sub(1)?)?;
            Some(Outcome {
                line: sent.line,
                citizen_id: sent.citizen_id.clone(),
                receipt: row.receipt.filter(|_| row.ok),
                violations: row.violations,
            })
        })
        .collect()
}

/// One problem of the error report: its spreadsheet row, the number in it, and why.
pub type ReportLine = (usize, String, Violation);

/// Every problem known, by row: the browser's check, then the server's refusals.
pub fn report_lines(checked: &[Checked], outcomes: &[Outcome]) -> Vec<ReportLine> {
    let mut lines: Vec<ReportLine> = Vec::new();
    let checked = checked
        .iter()
        .map(|r| (r.line, &r.citizen_id, &r.violations));
    let refused = outcomes
        .iter()
        .map(|r| (r.line, &r.citizen_id, &r.violations));
    for (line, id, violations) in checked.chain(refused) {
        for v in violations {
            lines.push((line, id.clone(), v.clone()));
        }
    }
    lines.sort_by_key(|(line, _, _)| *line);
    lines
}

/// The error report as CSV: the `header` row (row, number, field, problem), then one
/// line per problem, in `lang`.
pub fn error_report(lang: Lang, header: [&str; 4], lines: &[ReportLine]) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for (line, id, v) in lines {
        out.push_str(&format!(
            "{},{},{},{}\r\n",
            line,
            csv_field(id),
            csv_field(field_label(&v.field, lang).unwrap_or(&v.field)),
            csv_field(&v.message(lang))
        ));
    }
    out
}

/// Microseconds as milliseconds with one decimal, e.g. 12345 → `12.3` (formatting
/// floats would add ~20 KB to the wasm).
pub fn millis(us: i64) -> String {
    let tenths = (us + 50) / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table;
    use shebao_core::api::batch::RowResult;
    use shebao_core::application::{Kind, State};
    use shebao_core::Code;

    /// 2026-03-10 12:00 CST.
    const NOW: i64 = 1_773_115_200_000;

    fn sheet(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    /// A sheet with the template's header and these rows.
    fn sheet_of(kind: BatchKind, rows: &[&[&str]]) -> Table {
        let header = kind.template();
        let mut lines: Vec<&[&str]> = Vec::new();
        let header: Vec<&str> = header.trim_end().split(',').collect();
        lines.push(&header);
        lines.extend_from_slice(rows);
        table(&sheet(&lines), kind.columns()).unwrap()
    }

    /// A valid row, an empty one and one with a missing name, a short mobile number
    /// and an unknown district.
    fn enrol_table() -> Table {
        let valid = "34052419800101001X,张三,13800138000,宁波市—海曙区,urban,2026/3/1,6500,2026年3月,2026-03";
        let invalid =
            "34052419800101001Y,,1380013800,Atlantis,urban,2026-03-01,6500,2026-03,2026-03";
        let valid: Vec<&str> = valid.split(',').collect();
        let invalid: Vec<&str> = invalid.split(',').collect();
        sheet_of(BatchKind::Enrol, &[&valid, &[""; 9], &invalid])
    }

    #[test]
    fn the_template_is_the_first_header_of_each_column() {
        assert_eq!(BatchKind::Stop.template(), "社会保障号码,停保年月,原因\r\n");
        assert!(BatchKind::Enrol
            .template()
            .starts_with("社会保障号码,姓名,手机号码,"));
        let rows = sheet(&[&BatchKind::Enrol
            .template()
            .trim_end()
            .split(',')
            .collect::<Vec<_>>()]);
        assert_eq!(
            table(&rows, BatchKind::Enrol.columns()),
            Ok(Table { records: vec![] })
        );
        assert_eq!(BatchKind::Enrol.header_of("monthly_wage"), "月工资");
        assert_eq!(BatchKind::Stop.header_of("other"), "other");
    }

    #[test]
    fn districts_by_code_or_name() {
        let first = &DISTRICTS[0];
        assert_eq!(district_code(first.code), first.code);
        assert_eq!(district_code(first.name_zh), first.code);
        assert_eq!(
            district_code(&format!(" {} ", first.name_en.to_uppercase())),
            first.code
        );
        assert_eq!(district_code("Atlantis"), "Atlantis");
    }

    #[test]
    fn enrolment_rows_are_read_as_forms_and_judged() {
        let checked = check(BatchKind::Enrol, &enrol_table(), NOW);
        assert_eq!(checked.len(), 2);
        let RowForm::Enrol(form) = &checked[0].form else {
            panic!("an enrolment form")
        };
        assert_eq!(checked[0].line, 2);
        assert_eq!(form.employment_start, "2026-03-01");
        assert_eq!(form.pension_start, "2026-03");
        assert_eq!(form.hukou_district, district_code("宁波市—海曙区"));
        assert_eq!(form.checked_month.as_deref(), Some("2026-03"));
        assert_eq!(checked[0].violations, vec![], "{:?}", checked[0].violations);
        assert_eq!(checked[1].line, 4);
        let fields: Vec<&str> = checked[1]
            .violations
            .iter()
            .map(|v| v.field.as_str())
            .collect();
        assert!(fields.contains(&"name"), "{fields:?}");
        assert!(fields.contains(&"mobile"), "{fields:?}");
        assert!(fields.contains(&"hukou_district"), "{fields:?}");
        assert_eq!(counts(&checked), (2, 1, 1));
    }

    #[test]
    fn stop_rows_are_judged_without_the_start_months() {
        let t = sheet_of(
            BatchKind::Stop,
            &[
                &["34052419800101001X", "2026/3", "resigned"],
                &["34052419800101001X", "2025-01", ""],
            ],
        );
        let checked = check(BatchKind::Stop, &t, NOW);
        let RowForm::Stop(form) = &checked[0].form else {
            panic!("a stop form")
        };
        assert_eq!(form.stop_month, "2026-03");
        assert_eq!(checked[0].violations, vec![]);
        assert!(!checked[1].violations.is_empty());
    }

    #[test]
    fn a_row_form_is_sent_as_the_bare_form() {
        let checked = check(BatchKind::Enrol, &enrol_table(), NOW);
        let json = serde_json::to_value(&checked[0].form).unwrap();
        assert_eq!(json["citizen_id"], "34052419800101001X");
        assert_eq!(json["monthly_wage"], "6500");
    }

    fn row(line: usize, violations: Vec<Violation>) -> Checked {
        Checked {
            line,
            citizen_id: format!("id{line}"),
            form: RowForm::Stop(StopForm::default()),
            violations,
        }
    }

    #[test]
    fn valid_rows_go_in_requests_of_max_rows_each_with_its_key() {
        let refused = vec![Violation::new(Code::Required, "reason")];
        let mut rows: Vec<Checked> = (0..MAX_ROWS + 2).map(|i| row(i + 2, vec![])).collect();
        rows[1].violations = refused;
        let requests: Vec<_> = requests(&rows, "k").collect();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].0, "k");
        assert_eq!(requests[0].1.len(), MAX_ROWS);
        assert_eq!(requests[1].0, "k-1");
        assert_eq!(requests[1].1.len(), 1);
        assert!(requests[0].1.iter().all(|r| r.line != 3));
    }

    #[test]
    fn answers_are_matched_to_the_rows_sent() {
        let rows = [row(2, vec![]), row(5, vec![])];
        let sent: Vec<&Checked> = rows.iter().collect();
        let receipt = SubmissionReceipt {
            application_number: "A1".into(),
            kind: Kind::Stop,
            state: State::Submitted,
            submitted_at_ms: 0,
            flags: vec![],
        };
        let refusal = vec![Violation::new(Code::NotActiveHere, "citizen_id")];
        let answer = BatchAnswer::new(vec![
            RowResult::new(1, Ok(receipt.clone())),
            RowResult::new(2, Err(refusal.clone())),
            RowResult::new(3, Err(vec![])),
            RowResult::new(0, Err(vec![])),
        ]);
        let out = outcomes(&sent, answer);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].line, out[0].receipt.as_ref()), (2, Some(&receipt)));
        assert_eq!((out[1].line, &out[1].violations), (5, &refusal));
        assert_eq!(out[1].receipt, None);

        let checked = [row(3, vec![Violation::new(Code::Required, "reason")])];
        let lines = report_lines(&checked, &out);
        let rows: Vec<usize> = lines.iter().map(|(line, _, _)| *line).collect();
        assert_eq!(rows, vec![3, 5]);
    }

    #[test]
    fn the_error_report_reads_back_as_written() {
        let lines = vec![
            (3, "1,2".to_string(), Violation::new(Code::Required, "name")),
            (
                4,
                "x".to_string(),
                Violation::new(Code::TooLong, "name").with("max", 30),
            ),
        ];
        let report = error_report(Lang::Zh, ["行号", "社会保障号码", "字段", "问题"], &lines);
        let rows = crate::csv::parse_str(&report);
        assert_eq!(rows[0], vec!["行号", "社会保障号码", "字段", "问题"]);
        assert_eq!(rows[1], vec!["3", "1,2", "姓名", "此项为必填项"]);
        assert_eq!(rows[2][3], "不能超过30个字符");
        let en = error_report(Lang::En, ["Row", "Number", "Field", "Problem"], &lines);
        assert!(en.contains("This field is required."), "{en}");
    }

    #[test]
    fn milliseconds_with_one_decimal() {
        assert_eq!(millis(12_345), "12.3");
        assert_eq!(millis(12_350), "12.4");
        assert_eq!(millis(0), "0.0");
        assert_eq!(millis(999), "1.0");
    }
}
