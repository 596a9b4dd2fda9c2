//! 单位业务申报进度查询: the employer's applications with filters and paging, one with its
//! history, and 撤回 (withdraw, which voids it) while it is still submitted. Another
//! employer's application answers 404, as if it did not exist.

use crate::app::AppState;
use crate::auth::EmployerAgent;
use crate::problem::ApiError;
use crate::repo::applications::{self, Filter};
use crate::review;
use crate::routes::application_view::{
    detail, summary, ApplicationDetail, ApplicationSummary, Page,
};
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use shebao_core::application::{Action, Kind, State as AppStateCode};
use shebao_core::time::YearMonth;
use shebao_core::{Code, Violation};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub state: Option<String>,
    pub kind: Option<String>,
    /// Handling month, `YYYY-MM`.
    pub month: Option<String>,
    pub number: Option<String>,
    /// The person's social security number.
    pub citizen_id: Option<String>,
    pub page: Option<u32>,
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

pub async fn list(
    State(state): State<AppState>,
    agent: EmployerAgent,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<ApplicationSummary>>, ApiError> {
    let filter = Filter {
        employer_id: Some(agent.employer_id),
        ..filter_from(&query)?
    };
    let (page, per_page) = (filter.page, filter.per_page);
    let (items, total) = state
        .store
        .read(move |tx| applications::list(tx, &filter))
        .await?;
    Ok(Json(Page {
        total,
        page,
        per_page,
        items: items.iter().map(|a| summary(a, false)).collect(),
    }))
}

pub async fn get(
    State(state): State<AppState>,
    agent: EmployerAgent,
    Path(number): Path<String>,
) -> Result<Json<ApplicationDetail>, ApiError> {
    let employer_id = agent.employer_id;
    state
        .store
        .read(move |tx| -> Result<Json<ApplicationDetail>, ApiError> {
            let app = applications::by_number(tx, &number)?
                .filter(|a| a.employer_id == Some(employer_id))
                .ok_or_else(|| ApiError::not_found("application"))?;
            let history = applications::events(tx, app.id)?;
            let employer = review::employer_name(tx, &app)?;
            Ok(Json(detail(&app, history, employer, false)))
        })
        .await
}

pub async fn withdraw(
    State(state): State<AppState>,
    agent: EmployerAgent,
    Path(number): Path<String>,
) -> Result<Json<ApplicationSummary>, ApiError> {
    let (employer_id, account_id) = (agent.employer_id, agent.actor.account_id);
    let now_ms = state.clock.now_ms();
    state
        .store
        .write(move |tx| -> Result<Json<ApplicationSummary>, ApiError> {
            let app = applications::by_number(tx, &number)?
                .filter(|a| a.employer_id == Some(employer_id))
                .ok_or_else(|| ApiError::not_found("application"))?;
            review::decide(tx, &app, &Action::Withdraw, Some(account_id), now_ms)?;
            let app =
                applications::get(tx, app.id)?.ok_or_else(|| ApiError::not_found("application"))?;
            Ok(Json(summary(&app, false)))
        })
        .await
}
