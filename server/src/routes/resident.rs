//! The resident's own records (个人参保): the five insurances' status, monthly
//! contributions over a chosen range, and the yearly pension history (基本养老历年参保).
//! A resident only ever sees their own person.

use crate::app::AppState;
use crate::audit;
use crate::auth::Resident;
use crate::db::gender_code;
use crate::problem::{ApiError, Problem};
use crate::repo::contributions::{self, PensionYear};
use crate::repo::{persons, relationships};
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use shebao_core::time::{handling_month, YearMonth};
use shebao_core::views::{ContributionsView, PersonView, StatusView};
use shebao_core::{Code, Violation};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The resident's records: `/api/v1/resident/{status,contributions,pension-history}`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(status))
        .routes(routes!(contributions))
        .routes(routes!(pension_history))
}

/// The person and the five insurances' status (个人参保状态).
#[utoipa::path(
    get,
    path = "/resident/status",
    operation_id = "resident_status",
    tag = "resident",
    security(("session" = [])),
    responses(
        (status = 200, description = "The resident's own record, in full", body = StatusView),
        (status = 404, description = "The person is not in the records (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<Json<StatusView>, ApiError> {
    let person_id = resident.person_id;
    let read = state
        .store
        .read(move |tx| -> Result<Json<StatusView>, ApiError> {
            let person =
                persons::get(tx, person_id)?.ok_or_else(|| ApiError::not_found("person"))?;
            let insurances = relationships::insurance_statuses(tx, person_id)?;
            Ok(Json(StatusView {
                person: PersonView {
                    name: person.name,
                    citizen_id: person.citizen_id.to_string(),
                    gender: gender_code(person.gender).to_string(),
                    birth_date: person.birth_date.to_string(),
                    mobile: person.mobile,
                    hukou_district: person.hukou_district,
                },
                insurances,
            }))
        })
        .await;
    let target = format!("person {person_id}");
    audit::read(&state, resident.who(), "read.status", target, read).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RangeQuery {
    /// `YYYY-MM`; default: 11 months before `to`.
    pub from: Option<String>,
    /// `YYYY-MM`; default: the handling month.
    pub to: Option<String>,
}

/// The longest range one request may ask for (the certificate prints at most 36).
pub const MAX_RANGE_MONTHS: i32 = 120;

/// Monthly contributions over a range of at most 120 months.
#[utoipa::path(
    get,
    path = "/resident/contributions",
    operation_id = "resident_contributions",
    tag = "resident",
    security(("session" = [])),
    params(RangeQuery),
    responses(
        (status = 200, description = "The months in the range", body = ContributionsView),
        (status = 400, description = "The query string could not be read (a page that is not a number, an unknown parameter): axum's plain-text rejection", body = String, content_type = "text/plain"),
        (status = 422, description = "A month not `YYYY-MM`, or `from` after `to` or more than 120 months before it (`BAD_CHOICE`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn contributions(
    State(state): State<AppState>,
    resident: Resident,
    Query(q): Query<RangeQuery>,
) -> Result<Json<ContributionsView>, ApiError> {
    let to = match q.to.as_deref().filter(|s| !s.is_empty()) {
        Some(t) => YearMonth::parse(t, "to")?,
        None => handling_month(state.clock.now_ms()),
    };
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(f) => YearMonth::parse(f, "from")?,
        None => to.add_months(-11),
    };
    if from > to || from.months_until(to) >= MAX_RANGE_MONTHS {
        return Err(Violation::new(Code::BadChoice, "from")
            .with("value", format!("{from}–{to}"))
            .into());
    }
    let person_id = resident.person_id;
    let read = state
        .store
        .read(move |tx| {
            contributions::for_person(tx, person_id, &from.to_string(), &to.to_string())
        })
        .await
        .map_err(ApiError::from);
    let target = format!("person {person_id} {from}..{to}");
    let items = audit::read(&state, resident.who(), "read.contributions", target, read).await?;
    Ok(Json(ContributionsView { from, to, items }))
}

/// 基本养老历年参保: per year, the months of pension paid and their average base.
#[utoipa::path(
    get,
    path = "/resident/pension-history",
    operation_id = "resident_pension_history",
    tag = "resident",
    security(("session" = [])),
    responses((status = 200, description = "Year by year, oldest first", body = Vec<PensionYear>))
)]
pub async fn pension_history(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<Json<Vec<PensionYear>>, ApiError> {
    let person_id = resident.person_id;
    let read = state
        .store
        .read(move |tx| contributions::pension_history(tx, person_id))
        .await
        .map_err(ApiError::from);
    let target = format!("person {person_id}");
    Ok(Json(
        audit::read(&state, resident.who(), "read.pension_history", target, read).await?,
    ))
}
