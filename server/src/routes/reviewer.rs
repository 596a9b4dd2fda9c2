//! The agency reviewer's API (经办人员): the queue of submitted applications (flagged
//! first: those wait for a person), one application with its evidence, and the decision
//! (审核通过, or 审核不通过 with a reason). A reviewer sees what review needs: the plan
//! with identifiers masked, and for a resumption the name on record.

use crate::app::AppState;
use crate::auth::Reviewer;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::applications::{self, Filter};
use crate::repo::persons;
use crate::review;
use crate::routes::application_view::{
    detail, filter_from, list_page, summary, ApplicationDetail, ApplicationSummary, Audience,
    ListQuery, Page,
};
use axum::extract::{Path, Query, State};
use axum::Json;
use shebao_core::application::{Action, Kind, State as Code};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The reviewer's routes, under `/api/v1/reviewer`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(one))
        .routes(routes!(decide))
}

#[utoipa::path(
    get,
    path = "/reviewer/queue",
    operation_id = "reviewer_queue",
    tag = "reviewer",
    security(("session" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "One page of submitted applications (`state` is always `submitted`)", body = Page<ApplicationSummary>),
        (status = 400, description = "The query string could not be read (a page that is not a number, an unknown parameter): axum's plain-text rejection", body = String, content_type = "text/plain"),
        (status = 422, description = "A filter that is not one of the choices (`BAD_CHOICE`) or a month not `YYYY-MM`", body = Problem, content_type = "application/problem+json"),
    )
)]
/// The queue: submitted applications, oldest first among the flagged ones.
pub async fn queue(
    State(state): State<AppState>,
    reviewer: Reviewer,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<ApplicationSummary>>, ApiError> {
    let filter = Filter {
        state: Some(Code::Submitted),
        ..filter_from(&query)?
    };
    // A search by full ID confirms an ID guessed from its masked form: counted.
    crate::lookups::charge_id_search(&state, reviewer.who(), filter.citizen_id.as_deref()).await?;
    let target = format!("queue page {}", filter.page);
    let page = list_page(&state, filter, Audience::Reviewer).await;
    Ok(Json(
        crate::audit::read(&state, reviewer.who(), "read.applications", target, page).await?,
    ))
}

/// One application with what review needs: the plan (identifiers masked), its
/// history, and the name on record.
#[utoipa::path(
    get,
    path = "/reviewer/applications/{number}",
    operation_id = "reviewer_get_application",
    tag = "reviewer",
    security(("session" = [])),
    params(("number" = String, Path, description = "The application number")),
    responses(
        (status = 200, description = "The application", body = ApplicationDetail),
        (status = 404, description = "No such application (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    reviewer: Reviewer,
    Path(number): Path<String>,
) -> Result<Json<ApplicationDetail>, ApiError> {
    let target: String = number.chars().take(40).collect();
    let read = state
        .store
        .read(move |tx| -> Result<Json<ApplicationDetail>, ApiError> {
            let app = applications::by_number(tx, &number)?
                .ok_or_else(|| ApiError::not_found("application"))?;
            let history = applications::events(tx, app.id)?;
            let employer = review::employer_name(tx, &app)?;
            // A 开办企业 filing is named by its unit, not by a person on record.
            let name_on_record = match app.kind {
                Kind::Opening => None,
                _ => persons::by_citizen_id(tx, app.citizen_id.as_str())?.map(|p| p.name),
            };
            Ok(Json(ApplicationDetail {
                name_on_record,
                opening: crate::routes::openings::issued::issued(tx, &app)?,
                ..detail(&app, history, employer, Audience::Reviewer)
            }))
        })
        .await;
    crate::audit::read(&state, reviewer.who(), "read.application", target, read).await
}

/// 审核通过 (`approve`) or 审核不通过 (`reject`, with a reason). `withdraw` is the
/// applicant's and answers 403.
#[utoipa::path(
    post,
    path = "/reviewer/applications/{number}/decision",
    operation_id = "reviewer_decide",
    tag = "reviewer",
    security(("session" = [], "csrf" = [])),
    params(("number" = String, Path, description = "The application number")),
    request_body = Action,
    responses(
        (status = 200, description = "Decided", body = ApplicationSummary),
        (status = 404, description = "No such application (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rejection without a reason or with a reason over 200 characters, the application is no longer submitted (`TRANSITION`), or the body is JSON of the wrong shape", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    reviewer: Reviewer,
    Path(number): Path<String>,
    ApiJson(action): ApiJson<Action>,
) -> Result<Json<ApplicationSummary>, ApiError> {
    if action == Action::Withdraw {
        // Only the applicant withdraws; core checks the reason of a rejection.
        return Err(ApiError::forbidden("action"));
    }
    let who = reviewer.who();
    let now_ms = state.clock.now_ms();
    state
        .store
        .write(move |tx| -> Result<Json<ApplicationSummary>, ApiError> {
            let app = applications::by_number(tx, &number)?
                .ok_or_else(|| ApiError::not_found("application"))?;
            review::decide(tx, &app, &action, &who, now_ms)?;
            let app =
                applications::get(tx, app.id)?.ok_or_else(|| ApiError::not_found("application"))?;
            Ok(Json(summary(&app, Audience::Reviewer)))
        })
        .await
}
