//! A certificate on screen: the preview (预览证明), which shows the same
//! `shebao_core::certificate::Certificate` the server printed into the PDF and signed,
//! section by section in the PDF's order; the history of issued certificates; the
//! verification verdict; and the 下载PDF link.

use crate::components::table::DataTable;
use crate::i18n::{datetime, tr, trf, Key};
use crate::prefs::Prefs;
use leptos::prelude::*;
use shebao_core::certificate::{
    Certificate, EmployerBody, HistoryItem, Kind, MonthPayment, PersonBody, Verdict,
};
use shebao_core::money::Fen;
use shebao_core::region::District;
use shebao_core::Lang;

/// The file name the server gives a certificate's PDF.
pub fn pdf_file_name(code: &str) -> String {
    format!("shebao-certificate-{code}.pdf")
}

fn yuan(fen: i64) -> String {
    Fen(fen).to_string()
}

fn dash() -> String {
    "—".to_string()
}

/// 参保状态 and 缴费状态 words (`active`, `paid`, `due`, …).
pub fn state_word(state: &str, lang: Lang) -> &'static str {
    tr(
        lang,
        match state {
            "paid" => Key::CertPaid,
            "due" => Key::CertDue,
            "active" => Key::RelActive,
            "suspended" => Key::RelSuspended,
            "terminated" => Key::RelTerminated,
            _ => Key::RelNone,
        },
    )
}

/// 下载PDF: a plain link to the owner's PDF (no new window), saved under its name.
#[component]
pub fn PdfLink(
    code: String,
    url: String,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    view! {
        <a class="button" id=id href=url download=pdf_file_name(&code) type="application/pdf">
            {move || tr(lang.get(), Key::CertDownloadPdf)}
        </a>
    }
}

/// The preview: exactly what the PDF prints, in the reader's language.
#[component]
pub fn CertificateView(certificate: Certificate) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    move || {
        let lang = lang.get();
        let c = &certificate;
        view! {
            <section class="panel certificate" id="certificate-preview" aria-labelledby="certificate-title">
                <h2 id="certificate-title">{c.kind.label(lang)}</h2>
                <dl class="facts">
                    <dt>{tr(lang, Key::CertCode)}</dt><dd id="certificate-code" class="cert-code">{c.code.clone()}</dd>
                    <dt>{tr(lang, Key::CertIssuedDate)}</dt><dd id="certificate-date">{c.issued_date.clone()}</dd>
                    <dt>{tr(lang, Key::CertIssuer)}</dt><dd>{c.issuer.clone()}</dd>
                </dl>
                {c.employer.clone().map(|e| employer_body(e, lang))}
                {c.person.clone().map(|p| person_body(c.kind, p, lang, false))}
                <p class="hint">{tr(lang, Key::CertSealNote)}</p>
            </section>
        }
    }
}

fn payment_text(p: &MonthPayment, lang: Lang) -> String {
    match p.status.as_str() {
        "paid" => format!("{}({})", state_word("paid", lang), p.paid),
        "due" => format!(
            "{}({}/{})",
            state_word("due", lang),
            p.assessed - p.paid,
            p.assessed
        ),
        _ => tr(lang, Key::CertNothingDue).to_string(),
    }
}

fn employer_body(e: EmployerBody, lang: Lang) -> AnyView {
    let place = District::by_code(&e.insured_place)
        .map(|d| d.name(lang).to_string())
        .unwrap_or_else(|| e.insured_place_name.clone());
    let months = e.months.clone();
    let rows = e
        .insurances
        .iter()
        .map(|line| {
            let cells = line
                .payments
                .iter()
                .map(|p| view! { <td>{payment_text(p, lang)}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{line.insurance.label(lang)}</th>
                    <td class="num">{line.insured}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>{tr(lang, Key::EmployerName)}</dt><dd>{e.name.clone()}</dd>
            <dt>{shebao_core::violation::field_label("credit_code", lang)}</dt><dd>{e.credit_code.clone()}</dd>
            <dt>{shebao_core::violation::field_label("unit_number", lang)}</dt><dd>{e.unit_number.clone()}</dd>
            <dt>{shebao_core::violation::field_label("insured_place", lang)}</dt><dd>{place}</dd>
        </dl>
        <h3>{tr(lang, Key::CertPayments)}</h3>
        <div class="table-wrap" tabindex="0" role="region" aria-label=tr(lang, Key::CertPayments)>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{tr(lang, Key::Insurance)}</th>
                        <th scope="col">{tr(lang, Key::CertInsuredCount)}</th>
                        {months.into_iter().map(|m| view! { <th scope="col">{m}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="hint">{tr(lang, Key::CertEmployerNote)}</p>
    }
    .into_any()
}

/// A person's certificate body. `in_verdict`: shown on the verification page, below
/// the verdict (no element ids, which belong to the preview; the month lines stacked
/// as cards on a phone, where seven columns do not fit).
fn person_body(kind: Kind, p: PersonBody, lang: Lang, in_verdict: bool) -> AnyView {
    let id = move |id: &'static str| (!in_verdict).then_some(id);
    let period = match (p.months.first(), p.months.last()) {
        (Some(first), Some(last)) => Some(trf(
            lang,
            Key::CertPeriodMonths,
            &[
                ("first", first),
                ("last", last),
                ("months", &p.months.len()),
            ],
        )),
        _ => None,
    };
    let insurances = (!p.insurances.is_empty()).then(|| {
        p.insurances
            .iter()
            .map(|i| i.label(lang))
            .collect::<Vec<_>>()
            .join(tr(lang, Key::ListSeparator))
    });
    let status_rows = p
        .status
        .iter()
        .map(|s| {
            let who = match (&s.employer_name, s.flexible) {
                (Some(name), _) => name.clone(),
                (None, true) => tr(lang, Key::FlexibleWorker).to_string(),
                (None, false) => dash(),
            };
            let [_, state, payer, base, months] = STATUS_COLUMNS.map(|column| tr(lang, column));
            view! {
                <tr>
                    <th scope="row">{s.insurance.label(lang)}</th>
                    <td data-label=state>{state_word(&s.state, lang)}</td>
                    <td data-label=payer>{who}</td>
                    <td class="num" data-label=base>{s.base_fen.map(yuan).unwrap_or_else(dash)}</td>
                    <td class="num" data-label=months>{s.months_paid}</td>
                </tr>
            }
        })
        .collect_view();
    let pension_total = trf(
        lang,
        Key::CertPensionMonthsTotal,
        &[("months", &p.pension_months_total)],
    );
    let details = match kind {
        Kind::PensionHistory => {
            let total: i64 = p.years.iter().map(|y| y.months_paid).sum();
            let rows = p
                .years
                .iter()
                .map(|y| {
                    view! {
                        <tr>
                            <th scope="row">{y.year}</th>
                            <td class="num">{y.months_paid}</td>
                            <td class="num">{yuan(y.average_base_fen)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h3>{tr(lang, Key::CertPensionYears)}</h3>
                <DataTable caption=Key::CertPensionYears
                    headers=vec![Key::CertYear, Key::MonthsPaid, Key::CertAverageBase]>
                    {rows}
                </DataTable>
                <p id=id("certificate-total")>{trf(lang, Key::CertMonthsTotal, &[("total", &total)])}</p>
            }
            .into_any()
        }
        _ => {
            let rows = p
                .lines
                .iter()
                .map(|m| {
                    let none = m.status == "none";
                    let who = match (&m.employer_name, m.flexible, none) {
                        (_, _, true) => dash(),
                        (Some(name), _, _) => name.clone(),
                        (None, true, _) => tr(lang, Key::FlexibleWorker).to_string(),
                        (None, false, _) => dash(),
                    };
                    let amount = |fen: i64| if none { dash() } else { yuan(fen) };
                    let [month, insurance, payer, base, employer, individual, state] =
                        MONTH_LINE_COLUMNS.map(|column| tr(lang, column));
                    view! {
                        <tr>
                            <td data-label=month>{m.month.clone()}</td>
                            <td data-label=insurance>{m.insurance.label(lang)}</td>
                            <td data-label=payer>{who}</td>
                            <td class="num" data-label=base>{amount(m.base_fen)}</td>
                            <td class="num" data-label=employer>{amount(m.employer_fen)}</td>
                            <td class="num" data-label=individual>{amount(m.individual_fen)}</td>
                            <td data-label=state>{state_word(&m.status, lang)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h3>{tr(lang, Key::CertMonthLines)}</h3>
                <DataTable caption=Key::CertMonthLines stacked=in_verdict
                    headers=MONTH_LINE_COLUMNS.to_vec()>
                    {rows}
                </DataTable>
            }
            .into_any()
        }
    };
    view! {
        <dl class="facts">
            <dt>{shebao_core::violation::field_label("name", lang)}</dt><dd id=id("certificate-name")>{p.name.clone()}</dd>
            <dt>{shebao_core::violation::field_label("citizen_id", lang)}</dt><dd>{p.citizen_id.clone()}</dd>
            {period.map(|t| view! { <dt>{tr(lang, Key::CertPeriod)}</dt><dd id=id("certificate-period")>{t}</dd> })}
            {insurances.map(|t| view! { <dt>{tr(lang, Key::CertInsurances)}</dt><dd>{t}</dd> })}
        </dl>
        <h3>{tr(lang, Key::CertStatusHeading)}</h3>
        <DataTable caption=Key::CertStatusHeading stacked=in_verdict headers=STATUS_COLUMNS.to_vec()>
            {status_rows}
        </DataTable>
        <p>{pension_total}</p>
        {details}
    }
    .into_any()
}

/// The certificates issued before, newest first, each with its PDF. `on_open` shows one
/// again (the resident's preview); without it only the PDF link is offered.
#[component]
pub fn CertificateHistory(
    items: Vec<HistoryItem>,
    #[prop(optional)] on_open: Option<Callback<String>>,
) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    if items.is_empty() {
        return view! { <p id="certificate-history-empty">{move || tr(lang.get(), Key::CertHistoryEmpty)}</p> }
            .into_any();
    }
    let rows = move || {
        let lang = lang.get();
        items
            .iter()
            .map(|item| {
                let kind = Kind::from_code(&item.kind)
                    .map(|k| k.label(lang))
                    .unwrap_or("—");
                let code = item.code.clone();
                let open = on_open.map(|cb| {
                    let code = code.clone();
                    view! {
                        <button type="button" class="button button-secondary"
                            on:click=move |_| cb.run(code.clone())>{tr(lang, Key::CertPreview)}</button>
                    }
                });
                view! {
                    <tr>
                        <td>{datetime(item.issued_ms)}</td>
                        <td>{kind}</td>
                        <td class="cert-code">{item.code.clone()}</td>
                        <td class="actions">
                            {open}
                            <a class="app-link" href=item.pdf_url.clone() download=pdf_file_name(&code)>
                                {tr(lang, Key::CertDownloadPdf)}
                            </a>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div id="certificate-history">
            <DataTable caption=Key::CertHistory headers=vec![Key::CertIssuedAt, Key::CertKind, Key::CertCode, Key::CertActions]>
                {rows}
            </DataTable>
        </div>
    }
    .into_any()
}

/// Why a certificate is not genuine, in words.
fn reason_text(reason: &str, lang: Lang) -> &'static str {
    tr(
        lang,
        match reason {
            "no_seal" => Key::VerifyNoSeal,
            "seal_broken" => Key::VerifySealBroken,
            "not_as_issued" => Key::VerifyNotAsIssued,
            "record_signature" => Key::VerifyRecordSignature,
            _ => Key::VerifyUnknownCode,
        },
    )
}

/// The status of the five insurances, in order: the headers, and on a phone (stacked)
/// each cell's label (the insurance heads its card).
const STATUS_COLUMNS: [Key; 5] = [
    Key::Insurance,
    Key::CertState,
    Key::CertPayer,
    Key::ContributionBase,
    Key::MonthsPaid,
];

/// A personal certificate's month lines, in order: the headers, and on a phone (stacked)
/// each cell's label.
const MONTH_LINE_COLUMNS: [Key; 7] = [
    Key::CertMonth,
    Key::Insurance,
    Key::CertPayer,
    Key::ContributionBase,
    Key::EmployerPart,
    Key::IndividualPart,
    Key::CertPayState,
];

/// The verification verdict: genuine or not, the masked summary, and what the
/// certificate says (name and ID masked), to compare with a paper copy line by line.
#[component]
pub fn VerdictView(verdict: Verdict) -> impl IntoView {
    let lang = expect_context::<Prefs>().lang;
    move || {
        let lang = lang.get();
        let v = &verdict;
        if !v.genuine {
            return view! {
                <div class="verdict verdict-error" data-genuine="false">
                    <p class="verdict-title verdict-title-error">"✗ "{tr(lang, Key::VerifyNotGenuine)}</p>
                    <p class="verdict-reason">{reason_text(v.reason.as_deref().unwrap_or(""), lang)}</p>
                    {v.code.clone().map(|c| view! { <p>{tr(lang, Key::CertCode)}"："{c}</p> })}
                </div>
            }
            .into_any();
        }
        let s = v.summary.clone();
        view! {
            <div class="verdict verdict-ok" data-genuine="true">
                <p class="verdict-title">"✓ "{tr(lang, Key::VerifyGenuine)}</p>
                <dl class="facts">
                    <dt>{tr(lang, Key::CertCode)}</dt><dd class="cert-code verdict-code">{v.code.clone()}</dd>
                    <dt>{tr(lang, Key::CertKind)}</dt><dd class="verdict-kind">{v.kind.map(|k| k.label(lang))}</dd>
                    <dt>{tr(lang, Key::CertIssuedDate)}</dt><dd class="verdict-date">{v.issued_date.clone()}</dd>
                    {s.as_ref().map(|s| view! { <dt>{tr(lang, Key::VerifyWhom)}</dt><dd class="verdict-name">{s.name.clone()}</dd> })}
                    {s.as_ref().and_then(|s| s.citizen_id.clone()).map(|id| view! {
                        <dt>{shebao_core::violation::field_label("citizen_id", lang)}</dt><dd class="verdict-id">{id}</dd>
                    })}
                    {s.as_ref().and_then(|s| s.credit_code.clone()).map(|c| view! {
                        <dt>{shebao_core::violation::field_label("credit_code", lang)}</dt><dd>{c}</dd>
                    })}
                    {s.as_ref().and_then(|s| s.period.clone()).map(|p| view! {
                        <dt>{tr(lang, Key::CertPeriod)}</dt><dd>{p}</dd>
                    })}
                </dl>
                {v.certificate.clone().map(|c| view! {
                    <section class="verdict-content" aria-label=tr(lang, Key::VerifyContent)>
                        <h2>{tr(lang, Key::VerifyContent)}</h2>
                        <p class="hint">{tr(lang, Key::VerifyCompareHint)}</p>
                        {c.employer.clone().map(|e| employer_body(e, lang))}
                        {c.person.clone().map(|p| person_body(c.kind, p, lang, true))}
                    </section>
                })}
            </div>
        }
        .into_any()
    }
}
