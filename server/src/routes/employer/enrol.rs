//! `POST /api/v1/employer/enrolments` (社会保险职工参保登记) and its batch form: the form is
//! judged by core at the server's handling month against the records, and saved as a
//! submitted application (下一步 → 保存成功, with its number).

use super::batch::{self, Batch, BatchAnswer, EmployerForm, Submitter};
use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::db::Tx;
use crate::lookups::Ledger;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::applications::{Application, NewApplication};
use crate::repo::{employers, relationships};
use crate::submission::{
    insert_application, plan_json, IdempotencyKeyHeader, SaveError, SubmissionAnswers,
};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use shebao_core::api::{EmployerTerms, EnrolmentForm, SubmissionReceipt};
use shebao_core::application::Kind;
use shebao_core::contribution::WorkInjuryRate;
use shebao_core::enrolment;
use shebao_core::ids::CitizenId;
use shebao_core::text::normalize_identifier;
use shebao_core::time::{cst_date, handling_month};

impl EmployerForm for EnrolmentForm {
    const ACTION: &'static str = "enrol";
    fn citizen_id(&self) -> &str {
        &self.citizen_id
    }
    fn save(
        &self,
        tx: &mut dyn Tx,
        who: Submitter,
        now_ms: i64,
        lookups: &Ledger,
    ) -> Result<Application, ApiError> {
        Ok(save(tx, who, self, now_ms, lookups)?)
    }
}

/// Judges and saves one enrolment inside the caller's transaction.
pub fn save(
    tx: &mut dyn Tx,
    agent: Submitter,
    form: &EnrolmentForm,
    now_ms: i64,
    lookups: &Ledger,
) -> Result<Application, SaveError> {
    let Submitter {
        account_id,
        employer_id,
        ..
    } = agent;
    let employer = employers::get(tx, employer_id)?.ok_or(SaveError::NoEmployer)?;
    let terms = EmployerTerms {
        work_injury_rate: WorkInjuryRate::from_bp(
            employer.work_injury_rate_bp as u32,
            handling_month(now_ms),
        )?,
    };
    // The form is judged before anyone's status is read: a form that is wrong anyway
    // must not tell the sender where the person is insured. Then the lookup is charged
    // to the agent's budget and audited, like a person search.
    enrolment::check_form(form, &terms, now_ms)?;
    let id = CitizenId::parse(&form.citizen_id, cst_date(now_ms))?;
    lookups.charge(
        tx,
        &agent.who(),
        agent.lookups_per_hour,
        now_ms,
        &id.masked(),
        "enrolment",
    )?;
    let status = relationships::person_status(tx, id.as_str(), employer_id)?;
    let plan = enrolment::plan(&status, form, &terms, now_ms)?;
    let plan_json = plan_json(&plan)?;
    insert_application(
        tx,
        &NewApplication {
            kind: Kind::Enrol,
            employer_id: Some(employer_id),
            citizen_id: &plan.citizen_id,
            person_name: &plan.name,
            handling_month: plan.handling_month,
            flags: &plan.flags,
            plan_json,
            account_id,
        },
        now_ms,
    )
}

/// 社会保险职工参保登记 (增员): judged by core at the server's handling month.
#[utoipa::path(
    post,
    path = "/employer/enrolments",
    operation_id = "employer_enrol",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    params(IdempotencyKeyHeader),
    request_body = EnrolmentForm,
    responses(
        SubmissionAnswers,
        (status = 422, description = "The rules refuse the enrolment (the violations name the fields), or the `Idempotency-Key` is missing or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    agent: EmployerAgent,
    headers: HeaderMap,
    ApiJson(form): ApiJson<EnrolmentForm>,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError> {
    batch::one(&state, &agent, &headers, form).await
}

/// 批量增员: every row is its own submission (key `{Idempotency-Key}#{row}`).
#[utoipa::path(
    post,
    path = "/employer/enrolments/batch",
    operation_id = "employer_enrol_batch",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    params(IdempotencyKeyHeader),
    request_body = Batch<EnrolmentForm>,
    responses(
        (status = 200, description = "Row by row: each valid row saved on its own, each refused row with its violations", body = BatchAnswer),
        (status = 422, description = "No rows, more than 1000 rows (`REQUIRED`/`TOO_LONG` on `rows`), or the `Idempotency-Key` is missing or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post_batch(
    State(state): State<AppState>,
    agent: EmployerAgent,
    headers: HeaderMap,
    ApiJson(rows): ApiJson<Batch<EnrolmentForm>>,
) -> Result<Json<BatchAnswer>, ApiError> {
    batch::many(&state, &agent, &headers, rows).await
}

/// What the audit log says of a number typed into a form: masked when it is valid,
/// a placeholder when it is not.
pub fn masked(typed: &str) -> String {
    let text = normalize_identifier(typed);
    if text.len() == 18 && text.is_ascii() {
        format!("{}**********{}", &text[..4], &text[14..])
    } else {
        "(invalid number)".to_string()
    }
}
