//! 批量增员 and 批量减员: the agent picks a spreadsheet (CSV or XLSX), which is read in
//! the browser (`Blob.arrayBuffer()`, then [`shebao_sheet`]); the header row maps
//! the columns; every row is judged by `shebao-core` at once, at the server's clock
//! (enrolment as a new person: the server knows who is already insured; a stop without
//! the employment's start months, which only the server knows), and the time the check
//! took is shown (`performance.now()`). Rows with errors are listed per field, with a
//! CSV error report to download (a `data:` link, no pop-up); only the valid rows are
//! submitted, and the server's row-by-row answer is shown.

use crate::api::{self, Problem, Role};
use crate::app::RequireRole;
use crate::components::form::{focus, label_of};
use crate::components::ProblemBox;
use crate::i18n::{tr, Key};
use crate::prefs::Prefs;
use crate::session::Clock;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use shebao_core::api::{EmployerTerms, EnrolmentForm, StopForm, SubmissionReceipt};
use shebao_core::contribution::WorkInjuryRate;
use shebao_core::enrolment::{self, PersonStatus};
use shebao_core::policy;
use shebao_core::region::DISTRICTS;
use shebao_core::stop::{self, ActiveEmployment};
use shebao_core::time::{handling_month, YearMonth};
use shebao_core::{Lang, Violation, Violations};
use shebao_sheet::{
    self as spreadsheet, csv_field, date_cell, month_cell, Column, SheetError, Table,
};

/// Most rows the server takes in one request; more are sent in several.
const MAX_ROWS_PER_REQUEST: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchKind {
    Enrol,
    Stop,
}

const ENROL_COLUMNS: &[Column] = &[
    Column {
        field: "citizen_id",
        headers: &[
            "社会保障号码",
            "社会保障号",
            "公民身份号码",
            "身份证号码",
            "身份证号",
        ],
    },
    Column {
        field: "name",
        headers: &["姓名"],
    },
    Column {
        field: "mobile",
        headers: &["手机号码", "手机号", "联系电话"],
    },
    Column {
        field: "hukou_district",
        headers: &["户籍所在地", "户籍所在区县", "户籍地"],
    },
    Column {
        field: "hukou_type",
        headers: &["户口性质", "户籍性质"],
    },
    Column {
        field: "employment_start",
        headers: &["用工起始日期", "用工日期"],
    },
    Column {
        field: "monthly_wage",
        headers: &["月工资", "工资"],
    },
    Column {
        field: "pension_start",
        headers: &["养老保险参保年月", "养老参保年月"],
    },
    Column {
        field: "unemployment_start",
        headers: &["失业保险参保年月", "失业参保年月"],
    },
];

const STOP_COLUMNS: &[Column] = &[
    Column {
        field: "citizen_id",
        headers: &[
            "社会保障号码",
            "社会保障号",
            "公民身份号码",
            "身份证号码",
            "身份证号",
        ],
    },
    Column {
        field: "stop_month",
        headers: &["停保年月", "减员年月"],
    },
    Column {
        field: "reason",
        headers: &["原因", "停保原因", "减员原因"],
    },
];

impl BatchKind {
    fn columns(self) -> &'static [Column] {
        match self {
            BatchKind::Enrol => ENROL_COLUMNS,
            BatchKind::Stop => STOP_COLUMNS,
        }
    }

    fn title(self) -> Key {
        match self {
            BatchKind::Enrol => Key::BatchEnrolTitle,
            BatchKind::Stop => Key::BatchStopTitle,
        }
    }

    fn endpoint(self) -> &'static str {
        match self {
            BatchKind::Enrol => "/employer/enrolments/batch",
            BatchKind::Stop => "/employer/stops/batch",
        }
    }

    /// The header row of the template: each column's first (Chinese) header.
    fn template(self) -> String {
        let header: Vec<&str> = self.columns().iter().map(|c| c.headers[0]).collect();
        data_csv(&format!("{}\r\n", header.join(",")))
    }
}

/// One row of the sheet, judged.
#[derive(Clone, Debug)]
struct Checked {
    /// Its row number in the spreadsheet.
    line: usize,
    citizen_id: String,
    /// The form as the server takes it.
    form: RowForm,
    violations: Vec<Violation>,
}

/// The server's answer to a batch (`server/src/routes/employer/batch.rs`); violations
/// are read as core's, so they are shown in the reader's language.
#[derive(Clone, Debug, Deserialize)]
struct BatchAnswer {
    rows: Vec<RowAnswer>,
}

#[derive(Clone, Debug, Deserialize)]
struct RowAnswer {
    row: usize,
    ok: bool,
    #[serde(default)]
    receipt: Option<SubmissionReceipt>,
    #[serde(default)]
    violations: Vec<Violation>,
}

/// A row's form, serialised as the bare form.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
enum RowForm {
    Enrol(EnrolmentForm),
    Stop(StopForm),
}

#[derive(Serialize)]
struct BatchBody<'a> {
    rows: &'a [RowForm],
}

/// One row's outcome on the server, back at its spreadsheet row.
#[derive(Clone, Debug)]
struct Outcome {
    line: usize,
    citizen_id: String,
    receipt: Option<SubmissionReceipt>,
    violations: Vec<Violation>,
}

/// The work-injury rate the browser judges with: the lowest of the range in force (the
/// employer's own rate is known to the server, which re-checks with it).
fn browser_terms(handling: YearMonth) -> Result<EmployerTerms, Violations> {
    let range = policy::work_injury_range(handling)?;
    Ok(EmployerTerms {
        work_injury_rate: WorkInjuryRate::from_bp(range.min_bp, handling)?,
    })
}

/// A district as a spreadsheet names it (its code, or its Chinese or English name) as
/// the code core takes; anything else unchanged, for core to refuse.
fn district_code(cell: &str) -> String {
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

/// Judges every row with core, as at `now_ms` (the server's clock).
fn check(kind: BatchKind, table: &Table, now_ms: i64) -> Vec<Checked> {
    let handling = handling_month(now_ms);
    let checked_month = Some(handling.to_string());
    match kind {
        BatchKind::Enrol => {
            let terms = browser_terms(handling);
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
            // Without the employment's start months, the server checks those alone.
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

/// A `data:` URL of a CSV text, with a BOM so spreadsheet programs read it as UTF-8.
fn data_csv(text: &str) -> String {
    format!(
        "data:text/csv;charset=utf-8,{}",
        api::q(&format!("\u{feff}{text}"))
    )
}

/// The error report: one line per problem (row, number, field, message).
fn error_report(lang: Lang, lines: &[(usize, String, Violation)]) -> String {
    let header = [
        tr(lang, Key::BatchRow),
        tr(lang, Key::CitizenIdLabel),
        tr(lang, Key::BatchField),
        tr(lang, Key::BatchProblem),
    ];
    let mut out = header.join(",");
    out.push_str("\r\n");
    for (line, id, v) in lines {
        out.push_str(&format!(
            "{},{},{},{}\r\n",
            line,
            csv_field(id),
            csv_field(&label_of(&v.field, lang)),
            csv_field(&v.message(lang))
        ));
    }
    data_csv(&out)
}

fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// The bytes of the chosen file.
async fn read_file(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The rows of a file; a CSV that is not UTF-8 is decoded as GB 18030 (GBK), as older
/// Excel versions save it in China.
fn rows_of(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    match spreadsheet::parse(bytes) {
        Err(SheetError::NotUtf8) => {
            let text = web_sys::TextDecoder::new_with_label("gb18030")
                .and_then(|d| d.decode_with_u8_array(bytes))
                .map_err(|_| SheetError::NotUtf8)?;
            let rows = spreadsheet::csv::parse_str(&text);
            if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
                Err(SheetError::Empty)
            } else {
                Ok(rows)
            }
        }
        other => other,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum FileProblem {
    Unreadable,
    Empty,
    Missing(Vec<&'static str>),
}

#[component]
pub fn BatchEnrolPage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Batch kind=BatchKind::Enrol/></RequireRole> }
}

#[component]
pub fn BatchStopPage() -> impl IntoView {
    view! { <RequireRole role=Role::Employer><Batch kind=BatchKind::Stop/></RequireRole> }
}

#[component]
fn Batch(kind: BatchKind) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    let clock = expect_context::<Clock>();

    let file_name = RwSignal::new(None::<String>);
    let file_problem = RwSignal::new(None::<FileProblem>);
    let checked = RwSignal::new(None::<Vec<Checked>>);
    // Microseconds, kept whole: formatting floats would add ~20 KB to the wasm.
    let check_us = RwSignal::new(None::<i64>);
    let key = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let outcomes = RwSignal::new(None::<Vec<Outcome>>);
    let problem = RwSignal::new(None::<Problem>);
    let input_ref = NodeRef::<leptos::html::Input>::new();

    let reset = move || {
        file_problem.set(None);
        checked.set(None);
        check_us.set(None);
        outcomes.set(None);
        problem.set(None);
    };

    let on_file = move |_| {
        let Some(file) = input_ref
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        reset();
        file_name.set(Some(file.name()));
        spawn_local(async move {
            let rows = match read_file(&file).await.map(|bytes| rows_of(&bytes)) {
                Some(Ok(rows)) => rows,
                Some(Err(SheetError::Empty)) => {
                    file_problem.set(Some(FileProblem::Empty));
                    return;
                }
                _ => {
                    file_problem.set(Some(FileProblem::Unreadable));
                    return;
                }
            };
            let table = match spreadsheet::table(&rows, kind.columns()) {
                Ok(t) if t.records.is_empty() => {
                    file_problem.set(Some(FileProblem::Empty));
                    return;
                }
                Ok(t) => t,
                Err(missing) => {
                    file_problem.set(Some(FileProblem::Missing(missing)));
                    return;
                }
            };
            let now = untrack(|| clock.now_ms());
            let started = performance_now();
            let result = check(kind, &table, now);
            let elapsed = performance_now() - started;
            key.set(api::new_idempotency_key());
            check_us.set(Some((elapsed * 1000.0).round() as i64));
            checked.set(Some(result));
            focus("batch-summary");
        });
    };

    let counts = move || {
        checked.with(|c| {
            c.as_ref().map(|rows| {
                let invalid = rows.iter().filter(|r| !r.violations.is_empty()).count();
                (rows.len(), rows.len() - invalid, invalid)
            })
        })
    };

    let submit = move |_| {
        let Some(rows) = checked.get_untracked() else {
            return;
        };
        let valid: Vec<Checked> = rows
            .into_iter()
            .filter(|r| r.violations.is_empty())
            .collect();
        if valid.is_empty() {
            return;
        }
        busy.set(true);
        problem.set(None);
        let key = key.get_untracked();
        spawn_local(async move {
            let mut done = Vec::with_capacity(valid.len());
            for (n, chunk) in valid.chunks(MAX_ROWS_PER_REQUEST).enumerate() {
                let forms: Vec<RowForm> = chunk.iter().map(|r| r.form.clone()).collect();
                // One key per request; the server derives each row's from it.
                let chunk_key = if n == 0 {
                    key.clone()
                } else {
                    format!("{key}-{n}")
                };
                match api::post::<_, BatchAnswer>(
                    kind.endpoint(),
                    &BatchBody { rows: &forms },
                    Some(&chunk_key),
                )
                .await
                {
                    Ok(answer) => {
                        for row in answer.rows {
                            if let Some(sent) = row.row.checked_sub(1).and_then(|i| chunk.get(i)) {
                                done.push(Outcome {
                                    line: sent.line,
                                    citizen_id: sent.citizen_id.clone(),
                                    receipt: row.receipt.filter(|_| row.ok),
                                    violations: row.violations,
                                });
                            }
                        }
                    }
                    Err(p) => {
                        if p.has(shebao_core::Code::MonthChanged) {
                            clock.sync();
                        }
                        problem.set(Some(p));
                        break;
                    }
                }
            }
            busy.set(false);
            if !done.is_empty() {
                outcomes.set(Some(done));
                focus("batch-result");
            }
        });
    };

    let start_over = move |_| {
        reset();
        file_name.set(None);
        if let Some(input) = input_ref.get_untracked() {
            input.set_value("");
        }
        focus("batch-file");
    };

    // Every problem known: the browser's check, then the server's refusals.
    let report_lines = Memo::new(move |_| {
        let mut lines: Vec<(usize, String, Violation)> = Vec::new();
        checked.with(|c| {
            for r in c.iter().flatten() {
                for v in &r.violations {
                    lines.push((r.line, r.citizen_id.clone(), v.clone()));
                }
            }
        });
        outcomes.with(|o| {
            for r in o.iter().flatten() {
                for v in &r.violations {
                    lines.push((r.line, r.citizen_id.clone(), v.clone()));
                }
            }
        });
        lines.sort_by_key(|(line, _, _)| *line);
        lines
    });
    let report_name = move || {
        format!(
            "{}-{}.csv",
            tr(lang.get(), kind.title()),
            tr(lang.get(), Key::BatchErrorsTitle)
        )
    };

    let columns_view = move || {
        let lang = lang.get();
        kind.columns()
            .iter()
            .map(|c| match lang {
                // The Chinese header is the field's Chinese label.
                Lang::Zh => c.headers[0].to_string(),
                Lang::En => format!("{} ({})", c.headers[0], label_of(c.field, lang)),
            })
            .collect::<Vec<_>>()
            .join("、")
    };

    let file_problem_view = move || {
        let lang = lang.get();
        file_problem.get().map(|p| {
            let text = match p {
                FileProblem::Unreadable => tr(lang, Key::BatchUnreadable).to_string(),
                FileProblem::Empty => tr(lang, Key::BatchEmpty).to_string(),
                FileProblem::Missing(fields) => format!(
                    "{}{}",
                    tr(lang, Key::BatchMissingColumns),
                    fields
                        .iter()
                        .map(|f| {
                            let header = kind
                                .columns()
                                .iter()
                                .find(|c| c.field == *f)
                                .map_or(*f, |c| c.headers[0]);
                            header.to_string()
                        })
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            };
            view! {
                <div class="notice notice-error" role="alert" id="batch-file-problem">
                    <p>{text}</p>
                </div>
            }
        })
    };

    let summary_view = move || {
        let (total, valid, invalid) = counts()?;
        let us = check_us.get().unwrap_or_default();
        // Milliseconds with one decimal, e.g. 12.3.
        let tenths = (us + 50) / 100;
        let ms = format!("{}.{}", tenths / 10, tenths % 10);
        let lang = lang.get();
        let (check_line, count_line) = match lang {
            Lang::Zh => (
                format!("已校验 {total} 行，用时 {ms} ms"),
                format!("校验通过 {valid} 行，有错误 {invalid} 行。"),
            ),
            Lang::En => (
                format!("Checked {total} rows in {ms} ms"),
                format!("{valid} valid, {invalid} with errors."),
            ),
        };
        Some(view! {
            <div class="notice" class=("notice-ok", invalid == 0) class=("notice-warn", invalid > 0)
                id="batch-summary" tabindex="-1" role="status">
                <p id="batch-check-ms" data-us=us.to_string() data-ms=ms.clone() data-rows=total.to_string()>{check_line}</p>
                <p id="batch-counts" data-valid=valid.to_string() data-invalid=invalid.to_string()>{count_line}</p>
            </div>
        })
    };

    let report_link = move || {
        let lines = report_lines.get();
        (!lines.is_empty()).then(|| {
            let href = error_report(lang.get(), &lines);
            view! {
                <p><a class="button button-secondary" id="batch-error-report" href=href download=report_name>
                    {move || tr(lang.get(), Key::BatchErrorReport)}
                </a></p>
            }
        })
    };

    let errors_view = move || {
        let lang = lang.get();
        let rows: Vec<(usize, String, Violation)> = checked.with(|c| {
            c.iter()
                .flatten()
                .flat_map(|r| {
                    r.violations
                        .iter()
                        .map(|v| (r.line, r.citizen_id.clone(), v.clone()))
                })
                .collect()
        });
        (!rows.is_empty()).then(|| {
            view! {
                <h2>{tr(lang, Key::BatchErrorsTitle)}</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-label=tr(lang, Key::BatchErrorsTitle)>
                    <table id="batch-errors">
                        <thead><tr>
                            <th scope="col">{tr(lang, Key::BatchRow)}</th>
                            <th scope="col">{tr(lang, Key::CitizenIdLabel)}</th>
                            <th scope="col">{tr(lang, Key::BatchField)}</th>
                            <th scope="col">{tr(lang, Key::BatchProblem)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(line, id, v)| view! {
                                <tr data-row=line.to_string() data-field=v.field.clone() data-code=v.code.as_str()>
                                    <td>{line}</td>
                                    <td>{id}</td>
                                    <td>{label_of(&v.field, lang)}</td>
                                    <td>{v.message(lang)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    };

    let submit_view = move || {
        let (_, valid, _) = counts()?;
        if outcomes.with(Option::is_some) {
            return None;
        }
        Some(if valid == 0 {
            view! { <p class="notice notice-error" id="batch-nothing-valid">{move || tr(lang.get(), Key::BatchNothingValid)}</p> }.into_any()
        } else {
            view! {
                <p class="actions">
                    <button type="button" class="button" id="batch-submit"
                        disabled=move || busy.get() on:click=submit>
                        {move || if busy.get() {
                            tr(lang.get(), Key::Working).to_string()
                        } else {
                            format!("{}（{valid}）", tr(lang.get(), Key::BatchSubmit))
                        }}
                    </button>
                </p>
            }
            .into_any()
        })
    };

    let result_view = move || {
        let lang = lang.get();
        let rows = outcomes.get()?;
        let submitted = rows.iter().filter(|r| r.receipt.is_some()).count();
        let refused = rows.len() - submitted;
        let line = match lang {
            Lang::Zh => format!("已提交 {submitted} 行，被拒绝 {refused} 行。"),
            Lang::En => format!("{submitted} rows submitted, {refused} refused."),
        };
        Some(view! {
            <section class="panel" id="batch-result" tabindex="-1">
                <h2>{tr(lang, Key::BatchResultTitle)}</h2>
                <p role="status" id="batch-result-summary" data-submitted=submitted.to_string()
                    data-refused=refused.to_string()>{line}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label=tr(lang, Key::BatchResultTitle)>
                    <table id="batch-result-table">
                        <thead><tr>
                            <th scope="col">{tr(lang, Key::BatchRow)}</th>
                            <th scope="col">{tr(lang, Key::CitizenIdLabel)}</th>
                            <th scope="col">{tr(lang, Key::BatchOutcome)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| {
                                let ok = r.receipt.is_some();
                                let outcome = match &r.receipt {
                                    Some(receipt) => view! {
                                        <a href=format!("/employer/applications/{}", receipt.application_number)>
                                            {receipt.application_number.clone()}
                                        </a>
                                        " "{receipt.state.label(lang)}
                                    }.into_any(),
                                    None => r.violations.iter().map(|v| view! {
                                        <p class="field-error" data-code=v.code.as_str()>
                                            {format!("{}：{}", label_of(&v.field, lang), v.message(lang))}
                                        </p>
                                    }).collect_view().into_any(),
                                };
                                view! {
                                    <tr data-row=r.line.to_string() data-ok=ok.to_string()>
                                        <td>{r.line}</td>
                                        <td>{r.citizen_id}</td>
                                        <td>{outcome}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="actions">
                    <a class="button" href="/employer/applications">{tr(lang, Key::MenuProgress)}</a>
                    <button type="button" class="button button-secondary" id="batch-again"
                        on:click=start_over>{tr(lang, Key::BatchAnother)}</button>
                    <a href="/employer">{tr(lang, Key::BackToMenu)}</a>
                </p>
            </section>
        })
    };

    view! {
        <p class="breadcrumb"><a href="/employer">{move || tr(lang.get(), Key::MenuTitle)}</a></p>
        <h1>{move || tr(lang.get(), kind.title())}</h1>
        <p>{move || tr(lang.get(), Key::BatchIntro)}</p>
        <p class="hint">{move || tr(lang.get(), Key::BatchColumns)}{columns_view}</p>
        <p><a id="batch-template" href=kind.template()
            download=move || format!("{}.csv", tr(lang.get(), kind.title()))>
            {move || tr(lang.get(), Key::BatchTemplate)}
        </a></p>
        <div class="field">
            <label for="batch-file">{move || tr(lang.get(), Key::BatchFile)}</label>
            <p class="hint" id="batch-file-hint">{move || tr(lang.get(), Key::BatchFileHint)}</p>
            <input type="file" id="batch-file" node_ref=input_ref aria-describedby="batch-file-hint"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                on:change=on_file/>
            {move || file_name.get().map(|n| view! { <p class="hint" id="batch-file-name">{n}</p> })}
        </div>
        {file_problem_view}
        {summary_view}
        {move || problem.get().map(|p| view! { <ProblemBox problem=p/> })}
        {result_view}
        {submit_view}
        {report_link}
        {errors_view}
    }
}
