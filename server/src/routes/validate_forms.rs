//! `POST /api/v1/validate/enrolment` and `/api/v1/validate/stop`: stateless checks of a
//! whole form, for payroll software that prepares submissions, at a handling month of
//! the caller's choosing. Nothing is read or written: the caller states the person's
//! situation (as the search would find it) and the verdict is core's.

use crate::app::AppState;
use crate::problem::{ApiError, ApiJson};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use shebao_core::api::{
    ActiveEmployment, CheckedForm, EmployerTerms, EnrolmentForm, EnrolmentPlan, StopForm, StopPlan,
};
use shebao_core::contribution::WorkInjuryRate;
use shebao_core::enrolment::{self, PersonStatus};
use shebao_core::stop;
use shebao_core::time::{cst_instant, handling_month, YearMonth};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `POST /api/v1/validate/enrolment` and `/api/v1/validate/stop`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(enrolment))
        .routes(routes!(stop))
}

/// The instant the form is judged at: now when the month is the current one (or not
/// given), else noon CST on the 15th of the chosen month.
fn judged_at(state: &AppState, month: Option<&str>) -> Result<i64, ApiError> {
    let now = state.clock.now_ms();
    match month.map(str::trim).filter(|m| !m.is_empty()) {
        None => Ok(now),
        Some(text) => {
            let month = YearMonth::parse(text, "handling_month")?;
            if month == handling_month(now) {
                Ok(now)
            } else {
                let mid = shebao_core::time::Date::new(month.year(), month.month(), 15)
                    .expect("the 15th exists");
                Ok(cst_instant(mid, 12, 0, 0))
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentCheck {
    /// `YYYY-MM`; default: the server's handling month.
    pub handling_month: Option<String>,
    /// What the records say of the person; default: unknown (a new enrolment).
    pub status: Option<PersonStatus>,
    /// The employer's work-injury rate in basis points; default 20 (0.2%).
    pub work_injury_rate_bp: Option<u32>,
    pub form: EnrolmentForm,
}

/// Checks a whole enrolment form; the answer is core's `CheckedForm` (`ok`,
/// `violations`, and the plan when ok). A refused form is a verdict (200), not an error.
#[utoipa::path(
    post,
    path = "/validate/enrolment",
    operation_id = "validate_enrolment",
    tag = "public",
    request_body(content = Object, description = "`{handling_month?, status?, work_injury_rate_bp?, form}`"),
    responses((status = 200, description = "`{ok, violations, plan?}`", body = Object))
)]
pub async fn enrolment(
    State(state): State<AppState>,
    ApiJson(check): ApiJson<EnrolmentCheck>,
) -> Result<Json<CheckedForm<EnrolmentPlan>>, ApiError> {
    let at = judged_at(&state, check.handling_month.as_deref())?;
    let rate =
        WorkInjuryRate::from_bp(check.work_injury_rate_bp.unwrap_or(20), handling_month(at))?;
    let status = check.status.unwrap_or(PersonStatus::Unknown);
    let verdict = enrolment::plan(
        &status,
        &check.form,
        &EmployerTerms {
            work_injury_rate: rate,
        },
        at,
    );
    Ok(Json(CheckedForm::from_result(verdict)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopCheck {
    pub handling_month: Option<String>,
    /// The person's active employment at the employer (start month per insurance);
    /// absent: not an active employee.
    pub active: Option<ActiveEmployment>,
    pub form: StopForm,
}

/// Checks a whole stop form against a stated employment.
#[utoipa::path(
    post,
    path = "/validate/stop",
    operation_id = "validate_stop",
    tag = "public",
    request_body(content = Object, description = "`{handling_month?, active?: {starts}, form}`"),
    responses((status = 200, description = "`{ok, violations, plan?}`", body = Object))
)]
pub async fn stop(
    State(state): State<AppState>,
    ApiJson(check): ApiJson<StopCheck>,
) -> Result<Json<CheckedForm<StopPlan>>, ApiError> {
    let at = judged_at(&state, check.handling_month.as_deref())?;
    Ok(Json(CheckedForm::from_result(stop::plan(
        check.active.as_ref(),
        &check.form,
        at,
    ))))
}
