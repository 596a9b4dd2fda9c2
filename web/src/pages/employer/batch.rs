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
use crate::components::sheet_file::{read_file, rows_of};
use crate::components::submit::{self, Submit};
use crate::components::ProblemBox;
use crate::i18n::{tr, trf, Key};
use crate::prefs::Prefs;
use crate::session::Clock;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shebao_core::api::batch::{Batch as BatchRequest, BatchAnswer};
use shebao_core::{Lang, Violation};
use shebao_sheet::batch::{self, BatchKind, Checked, Outcome, ReportLine, RowForm};
use shebao_sheet::{self as spreadsheet, SheetError};

fn title(kind: BatchKind) -> Key {
    match kind {
        BatchKind::Enrol => Key::BatchEnrolTitle,
        BatchKind::Stop => Key::BatchStopTitle,
    }
}

/// A table's header row: one column header per key.
fn head(lang: Lang, columns: &[Key]) -> impl IntoView {
    let cells = columns
        .iter()
        .map(|k| view! { <th scope="col">{tr(lang, *k)}</th> })
        .collect_view();
    view! { <thead><tr>{cells}</tr></thead> }
}

/// A `data:` URL of a CSV text, with a BOM so spreadsheet programs read it as UTF-8.
fn data_csv(text: &str) -> String {
    format!(
        "data:text/csv;charset=utf-8,{}",
        api::q(&format!("\u{feff}{text}"))
    )
}

/// The error report's `data:` link: one line per problem (row, number, field, message).
fn error_report(lang: Lang, lines: &[ReportLine]) -> String {
    let header = [
        tr(lang, Key::BatchRow),
        tr(lang, Key::CitizenIdLabel),
        tr(lang, Key::BatchField),
        tr(lang, Key::BatchProblem),
    ];
    data_csv(&batch::error_report(lang, header, lines))
}

/// Sends the valid rows, request by request. A refusal of the first request is the
/// answer; a refusal of a later one stops there and comes with the earlier requests'
/// outcomes.
async fn send_rows(
    clock: Clock,
    kind: BatchKind,
    rows: Vec<Checked>,
    key: String,
) -> Result<(Vec<Outcome>, Option<Problem>), Problem> {
    let mut done = Vec::with_capacity(rows.len());
    for (chunk_key, sent) in batch::requests(&rows, &key) {
        let body = BatchRequest {
            rows: sent
                .iter()
                .map(|r| r.form.clone())
                .collect::<Vec<RowForm>>(),
        };
        match submit::post::<_, BatchAnswer>(clock, kind.endpoint(), &body, &chunk_key).await {
            Ok(answer) => done.extend(batch::outcomes(&sent, answer)),
            Err(p) if done.is_empty() => return Err(p),
            Err(p) => return Ok((done, Some(p))),
        }
    }
    Ok((done, None))
}

fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
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
            let result = batch::check(kind, &table, now);
            let elapsed = performance_now() - started;
            key.set(api::new_idempotency_key());
            check_us.set(Some((elapsed * 1000.0).round() as i64));
            checked.set(Some(result));
            focus("batch-summary");
        });
    };

    let counts = move || checked.with(|c| c.as_deref().map(batch::counts));

    let send = Submit::new(busy).action(
        move |(rows, key): &(Vec<Checked>, String)| {
            send_rows(clock, kind, rows.clone(), key.clone())
        },
        move |answer| {
            let (done, refusal) = answer.unwrap_or_else(|p| (Vec::new(), Some(p)));
            problem.set(refusal);
            if !done.is_empty() {
                outcomes.set(Some(done));
                focus("batch-result");
            }
        },
    );
    let submit = move |_| {
        let Some(rows) = checked.get_untracked() else {
            return;
        };
        if rows.iter().all(|r| !r.violations.is_empty()) {
            return;
        }
        problem.set(None);
        send.dispatch_local((rows, key.get_untracked()));
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
        checked.with(|c| {
            outcomes.with(|o| {
                batch::report_lines(
                    c.as_deref().unwrap_or_default(),
                    o.as_deref().unwrap_or_default(),
                )
            })
        })
    });
    let report_name = move || {
        format!(
            "{}-{}.csv",
            tr(lang.get(), title(kind)),
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
                        .map(|f| kind.header_of(f))
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
        let ms = batch::millis(us);
        let lang = lang.get();
        let check_line = trf(lang, Key::BatchChecked, &[("rows", &total), ("ms", &ms)]);
        let count_line = trf(
            lang,
            Key::BatchCounts,
            &[("valid", &valid), ("invalid", &invalid)],
        );
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
                        {head(lang, &[Key::BatchRow, Key::CitizenIdLabel, Key::BatchField, Key::BatchProblem])}
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
        let line = trf(
            lang,
            Key::BatchSubmitted,
            &[("submitted", &submitted), ("refused", &refused)],
        );
        Some(view! {
            <section class="panel" id="batch-result" tabindex="-1">
                <h2>{tr(lang, Key::BatchResultTitle)}</h2>
                <p role="status" id="batch-result-summary" data-submitted=submitted.to_string()
                    data-refused=refused.to_string()>{line}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label=tr(lang, Key::BatchResultTitle)>
                    <table id="batch-result-table">
                        {head(lang, &[Key::BatchRow, Key::CitizenIdLabel, Key::BatchOutcome])}
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
        <h1>{move || tr(lang.get(), title(kind))}</h1>
        <p>{move || tr(lang.get(), Key::BatchIntro)}</p>
        <p class="hint">{move || tr(lang.get(), Key::BatchColumns)}{columns_view}</p>
        <p><a id="batch-template" href=data_csv(&kind.template())
            download=move || format!("{}.csv", tr(lang.get(), title(kind)))>
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
