//! 单位业务申报进度查询: the employer's applications with filters and paging, one with its
//! history, and 撤回 (withdraw, which voids it) while it is still submitted. Another
//! employer's application answers 404, as if it did not exist.

use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::problem::{ApiError, Problem};
use crate::repo::applications::{self, Filter};
use crate::review;
use crate::routes::application_view::{
    detail, filter_from, list_page, summary, ApplicationDetail, ApplicationSummary, Audience,
    ListQuery, Page,
};
use axum::extract::{Path, Query, State};
use axum::Json;
use shebao_core::application::Action;

/// 单位业务申报进度查询: this employer's applications, newest first.
#[utoipa::path(
    get,
    path = "/employer/applications",
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
    path = "/employer/applications/{number}",
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
    path = "/employer/applications/{number}/withdraw",
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
