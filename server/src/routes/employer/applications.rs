//! 单位业务申报进度查询: the employer's applications with filters and paging, one with its
//! history, and 撤回 (withdraw, which voids it) while it is still submitted. Another
//! employer's application answers 404, as if it did not exist.

use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::problem::{ApiError, Problem};
use crate::repo::applications::{self, Filter};
use crate::review;
use crate::routes::application_view::{
    detail, list_page, summary, ApplicationDetail, ApplicationSummary, Audience, Page,
};
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use shebao_core::application::{Action, Kind, State as AppStateCode};
use shebao_core::time::YearMonth;
use shebao_core::{Code, Violation};

/// Filters and paging of an application list; empty values are ignored.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `submitted`, `approved`, `rejected` or `withdrawn`.
    pub state: Option<String>,
    /// `enrol`, `stop`, `flex_enrol` or `flex_suspend`.
    pub kind: Option<String>,
    /// Handling month, `YYYY-MM`.
    pub month: Option<String>,
    pub number: Option<String>,
    /// The person's social security number.
    pub citizen_id: Option<String>,
    /// From 1 (default 1).
    pub page: Option<u32>,
    /// 1 to 100 (default 20; larger values are read as 100).
    pub per_page: Option<u32>,
}

/// Turns the query's text into a filter, refusing values that are not choices.
pub fn filter_from(q: &ListQuery) -> Result<Filter, ApiError> {
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let state = match nonempty(&q.state) {
        Some(s) => Some(
            AppStateCode::from_code(&s)
                .ok_or_else(|| Violation::new(Code::BadChoice, "state").with("value", &s))?,
        ),
        None => None,
    };
    let kind = match nonempty(&q.kind) {
        Some(k) => Some(
            Kind::from_code(&k)
                .ok_or_else(|| Violation::new(Code::BadChoice, "kind").with("value", &k))?,
        ),
        None => None,
    };
    let handling_month = match nonempty(&q.month) {
        Some(m) => Some(YearMonth::parse(&m, "month")?),
        None => None,
    };
    Ok(Filter {
        state,
        kind,
        handling_month,
        number: nonempty(&q.number).map(|n| n.to_uppercase()),
        citizen_id: nonempty(&q.citizen_id).map(|c| shebao_core::text::normalize_identifier(&c)),
        page: q.page.unwrap_or(1).max(1),
        per_page: q.per_page.unwrap_or(20).clamp(1, 100),
        ..Filter::default()
    })
}

/// 单位业务申报进度查询: this employer's applications, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/employer/applications",
    operation_id = "employer_list_applications",
    tag = "employer",
    security(("session" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "One page of applications, identifiers masked", body = Page<ApplicationSummary>),
        (status = 400, description = "The query string could not be read (a page that is not a number, an unknown parameter): axum's plain-text rejection", body = String, content_type = "text/plain"),
        (status = 422, description = "A filter that is not one of the choices (`BAD_CHOICE`) or a month not `YYYY-MM`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    agent: EmployerAgent,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<ApplicationSummary>>, ApiError> {
    let filter = Filter {
        employer_id: Some(agent.employer_id),
        ..filter_from(&query)?
    };
    crate::lookups::charge_id_search(&state, agent.who(), filter.citizen_id.as_deref()).await?;
    let target = format!("employer {} page {}", agent.employer_id, filter.page);
    let page = list_page(&state, filter, Audience::Employer).await;
    Ok(Json(
        crate::audit::read(&state, agent.who(), "read.applications", target, page).await?,
    ))
}

/// One of this employer's applications, with its plan and history.
#[utoipa::path(
    get,
    path = "/api/v1/employer/applications/{number}",
    operation_id = "employer_get_application",
    tag = "employer",
    security(("session" = [])),
    params(("number" = String, Path, description = "The application number")),
    responses(
        (status = 200, description = "The application", body = ApplicationDetail),
        (status = 404, description = "No such application of this employer (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    agent: EmployerAgent,
    Path(number): Path<String>,
) -> Result<Json<ApplicationDetail>, ApiError> {
    let employer_id = agent.employer_id;
    let target: String = number.chars().take(40).collect();
    let read = state
        .store
        .read(move |tx| -> Result<Json<ApplicationDetail>, ApiError> {
            let app = applications::by_number(tx, &number)?
                .filter(|a| a.employer_id == Some(employer_id))
                .ok_or_else(|| ApiError::not_found("application"))?;
            let history = applications::events(tx, app.id)?;
            let employer = review::employer_name(tx, &app)?;
            Ok(Json(detail(&app, history, employer, Audience::Employer)))
        })
        .await;
    crate::audit::read(&state, agent.who(), "read.application", target, read).await
}

/// 撤回: voids one of this employer's applications while it is still submitted.
#[utoipa::path(
    post,
    path = "/api/v1/employer/applications/{number}/withdraw",
    operation_id = "employer_withdraw_application",
    tag = "employer",
    security(("session" = [], "csrf" = [])),
    params(("number" = String, Path, description = "The application number")),
    responses(
        (status = 200, description = "Withdrawn", body = ApplicationSummary),
        (status = 404, description = "No such application of this employer (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The application is no longer submitted (`TRANSITION`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    agent: EmployerAgent,
    Path(number): Path<String>,
) -> Result<Json<ApplicationSummary>, ApiError> {
    let (employer_id, who) = (agent.employer_id, agent.who());
    let now_ms = state.clock.now_ms();
    state
        .store
        .write(move |tx| -> Result<Json<ApplicationSummary>, ApiError> {
            let app = applications::by_number(tx, &number)?
                .filter(|a| a.employer_id == Some(employer_id))
                .ok_or_else(|| ApiError::not_found("application"))?;
            review::decide(tx, &app, &Action::Withdraw, &who, now_ms)?;
            let app =
                applications::get(tx, app.id)?.ok_or_else(|| ApiError::not_found("application"))?;
            Ok(Json(summary(&app, Audience::Employer)))
        })
        .await
}
