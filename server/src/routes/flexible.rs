//! 灵活就业人员参保登记 for the resident: the state that decides the 业务申报 step,
//! enrolment, suspension (灵活就业人员社保中断), the materials (材料申报), and the
//! resident's own applications (with 撤回 while submitted).

use crate::app::AppState;
use crate::auth::Resident;
use crate::db::Tx;
use crate::problem::{ApiError, ApiJson, Problem};
use crate::repo::applications::{self, Application, NewApplication};
use crate::repo::ids::{AccountId, PersonId};
use crate::repo::materials::{self, NewMaterial};
use crate::repo::{persons, relationships};
use crate::review;
use crate::routes::application_view::{residents_own, summary, ApplicationSummary, Audience, Page};
use crate::submission::{
    idempotency_key, insert_application, plan_json, submit, IdempotencyKeyHeader, SaveError,
    SubmissionAnswers,
};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use shebao_core::api::{FlexEnrolForm, FlexSuspendForm, SubmissionReceipt};
use shebao_core::application::{Action, Kind, ReviewFlag};
use shebao_core::flexible::{self, FlexState};
use shebao_core::policy;
use shebao_core::time::{handling_month, YearMonth};
use shebao_core::views::{FlexibleView, MaterialReceipt};
use shebao_core::{Code, Violation};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// 灵活就业 and the resident's own applications, under `/api/v1/resident`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(applications))
        .routes(routes!(withdraw))
        .routes(routes!(view))
        .routes(routes!(enrol))
        .routes(routes!(suspend))
        .routes(
            // The file itself is the body: allow a little over the 5 MB limit, so the
            // handler can answer with the specific message instead of a bare 413.
            routes!(upload_material).layer(axum::extract::DefaultBodyLimit::max(
                MATERIAL_MAX_BYTES + 1024,
            )),
        )
}

/// What 灵活就业 offers this resident now, with the base limits of the handling month.
#[utoipa::path(
    get,
    path = "/resident/flexible",
    operation_id = "resident_flexible",
    tag = "resident",
    security(("session" = [])),
    responses((status = 200, description = "The flexible-worker state and the next action", body = FlexibleView))
)]
pub async fn view(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<Json<FlexibleView>, ApiError> {
    let person_id = resident.person_id;
    let handling = handling_month(state.clock.now_ms());
    let read = state
        .store
        .read(move |tx| -> Result<_, ApiError> {
            Ok((
                relationships::flex_state(tx, person_id)?,
                persons::get(tx, person_id)?,
            ))
        })
        .await;
    let target = format!("person {person_id}");
    let (flex, person) =
        crate::audit::read(&state, resident.who(), "read.flexible", target, read).await?;
    let (action, refusal) = match flexible::next_action(&flex) {
        Ok(action) => (Some(action), None),
        Err(v) => (None, Some(v)),
    };
    let limits = policy::base_limits(handling).ok();
    let change_months = match flex {
        FlexState::FlexibleActive { since } => flexible::allowed_change_months(since, handling),
        _ => Vec::new(),
    };
    Ok(Json(FlexibleView {
        state: flex,
        action,
        refusal,
        handling_month: handling,
        hukou_district: person.and_then(|p| p.hukou_district),
        base_min: limits.as_ref().map(|l| l.min),
        base_max: limits.as_ref().map(|l| l.max),
        change_months,
    }))
}

fn save_flexible(
    tx: &mut dyn Tx,
    account_id: AccountId,
    person_id: PersonId,
    kind: Kind,
    plan: (YearMonth, Vec<shebao_core::application::ReviewFlag>, String),
    now_ms: i64,
) -> Result<Application, SaveError> {
    let person = persons::get(tx, person_id)?.ok_or(SaveError::NoPerson)?;
    let (handling, flags, plan_json) = plan;
    let app = insert_application(
        tx,
        &NewApplication {
            kind,
            employer_id: None,
            citizen_id: &person.citizen_id,
            person_name: &person.name,
            handling_month: handling,
            flags: &flags,
            plan_json,
            account_id,
        },
        now_ms,
    )?;
    // Materials uploaded before submitting belong to this application.
    materials::attach(tx, account_id, app.id)?;
    Ok(app)
}

/// Judges a flexible-worker form against the person's state and saves the application,
/// idempotently. `judge` answers the handling month, the review flags and the plan.
async fn submit_flexible<J>(
    state: &AppState,
    resident: &Resident,
    headers: &HeaderMap,
    kind: Kind,
    judge: J,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError>
where
    J: Fn(&FlexState, i64) -> Result<(YearMonth, Vec<ReviewFlag>, String), SaveError>
        + Clone
        + Send
        + 'static,
{
    let key = idempotency_key(headers)?;
    let (account_id, person_id) = (resident.actor.account_id, resident.person_id);
    let (status, receipt) = submit(
        state,
        account_id,
        resident.source,
        key,
        kind.code(),
        format!("person {person_id}"),
        // A resident reads only their own status: nothing to charge.
        move |tx, now, _| {
            let flex = relationships::flex_state(tx, person_id)?;
            let judged = judge(&flex, now)?;
            save_flexible(tx, account_id, person_id, kind, judged, now)
        },
    )
    .await?;
    Ok((status, Json(receipt)))
}

/// 灵活就业人员参保登记.
#[utoipa::path(
    post,
    path = "/resident/flexible/enrol",
    operation_id = "resident_flexible_enrol",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    params(IdempotencyKeyHeader),
    request_body = FlexEnrolForm,
    responses(
        SubmissionAnswers,
        (status = 422, description = "The rules refuse the enrolment (the violations name the fields), or the `Idempotency-Key` is missing or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn enrol(
    State(state): State<AppState>,
    resident: Resident,
    headers: HeaderMap,
    ApiJson(form): ApiJson<FlexEnrolForm>,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError> {
    submit_flexible(
        &state,
        &resident,
        &headers,
        Kind::FlexEnrol,
        move |flex, now| {
            let plan = flexible::plan_enrol(flex, &form, now)?;
            Ok((plan.handling_month, Vec::new(), plan_json(&plan)?))
        },
    )
    .await
}

/// 灵活就业人员社保中断.
#[utoipa::path(
    post,
    path = "/resident/flexible/suspend",
    operation_id = "resident_flexible_suspend",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    params(IdempotencyKeyHeader),
    request_body = FlexSuspendForm,
    responses(
        SubmissionAnswers,
        (status = 422, description = "The rules refuse the suspension (the violations name the fields), or the `Idempotency-Key` is missing or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn suspend(
    State(state): State<AppState>,
    resident: Resident,
    headers: HeaderMap,
    ApiJson(form): ApiJson<FlexSuspendForm>,
) -> Result<(StatusCode, Json<SubmissionReceipt>), ApiError> {
    submit_flexible(
        &state,
        &resident,
        &headers,
        Kind::FlexSuspend,
        move |flex, now| {
            let plan = flexible::plan_suspend(flex, &form, now)?;
            let flags = if plan.retroactive {
                vec![ReviewFlag::Retroactive]
            } else {
                Vec::new()
            };
            Ok((plan.handling_month, flags, plan_json(&plan)?))
        },
    )
    .await
}

/// The largest material file accepted.
pub const MATERIAL_MAX_BYTES: usize = 5 * 1024 * 1024;
/// Files one resident may keep waiting for an application: an application asks for a
/// few; the rest is someone filling the store. Unattached files are purged after a
/// day (`jobs::purge`), which frees the quota again.
pub const MATERIALS_PENDING_MAX: i64 = 10;
const PENDING_QUOTA_SECONDS: i64 = 24 * 60 * 60;

/// The file's type, judged by its first bytes (not by what the client claims).
fn sniff(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

#[utoipa::path(
    post,
    path = "/resident/flexible/materials",
    operation_id = "resident_upload_material",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    params(("X-File-Name" = Option<String>, Header, description = "The file's name, percent-encoded UTF-8 allowed (default `material`)")),
    request_body(
        description = "The file itself: PDF, JPEG or PNG (judged by its first bytes), at most 5 MB",
        content(
            ("application/pdf"),
            ("image/jpeg"),
            ("image/png"),
            ("application/octet-stream"),
        )
    ),
    responses(
        (status = 201, description = "Kept, to go with the resident's next flexible-worker application", body = MaterialReceipt),
        (status = 413, description = "Over 5 MB (`FILE_TOO_LARGE`); far over it, axum's plain-text refusal", content(
            (Problem = "application/problem+json"),
            (String = "text/plain"),
        )),
        (status = 422, description = "Not a PDF, JPEG or PNG (`FILE_TYPE`)", body = Problem, content_type = "application/problem+json"),
    )
)]
/// `POST /api/v1/resident/flexible/materials`: the file is the body; its name is in
/// the `X-File-Name` header (percent-encoded UTF-8 allowed). PDF, JPEG or PNG, at most
/// 5 MB; kept in the database with the application it goes with.
pub async fn upload_material(
    State(state): State<AppState>,
    resident: Resident,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<MaterialReceipt>), ApiError> {
    if body.len() > MATERIAL_MAX_BYTES {
        return Err(ApiError::Refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            Violation::new(Code::FileTooLarge, "file").with("max", "5 MB"),
        ));
    }
    let content_type = sniff(&body)
        .ok_or_else(|| Violation::new(Code::FileType, "file").with("allowed", "PDF、JPG、PNG"))?;
    let raw_name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("material");
    let file_name: String = percent_decode(raw_name)
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    let account_id = resident.actor.account_id;
    let who = resident.who();
    let now_ms = state.clock.now_ms();
    let size = body.len();
    let name = file_name.clone();
    let id = state
        .store
        .write(move |tx| -> Result<i64, ApiError> {
            let pending = materials::unattached(tx, account_id)?;
            if pending >= MATERIALS_PENDING_MAX {
                return Err(ApiError::rate_limited("file", PENDING_QUOTA_SECONDS));
            }
            let material = NewMaterial {
                account_id,
                file_name: &name,
                content_type,
                content: body.to_vec(),
            };
            let id = materials::insert(tx, material, now_ms)?;
            crate::repo::audit::record(tx, now_ms, &who, "upload_material", &name, "ok")?;
            Ok(id)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(MaterialReceipt {
            id,
            file_name,
            content_type: content_type.into(),
            size,
        }),
    ))
}

/// `X-File-Name` may be percent-encoded UTF-8 (a header is ASCII); anything else is
/// taken as it is, and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[utoipa::path(
    get,
    path = "/resident/applications",
    operation_id = "resident_list_applications",
    tag = "resident",
    security(("session" = [])),
    responses(
        (status = 200, description = "The resident's own applications (at most 100), identifiers in full", body = Page<ApplicationSummary>),
        (status = 404, description = "The person is not in the records (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
/// The resident's own applications, newest first.
pub async fn applications(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<Json<Page<ApplicationSummary>>, ApiError> {
    let own = residents_own(&state, &resident, None, "read.applications").await?;
    Ok(Json(own))
}

#[utoipa::path(
    post,
    path = "/resident/applications/{number}/withdraw",
    operation_id = "resident_withdraw_application",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    params(("number" = String, Path, description = "The application number")),
    responses(
        (status = 200, description = "Withdrawn", body = ApplicationSummary),
        (status = 404, description = "No such application of this resident (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The application is no longer submitted (`TRANSITION`)", body = Problem, content_type = "application/problem+json"),
    )
)]
/// 撤回 of the resident's own flexible-worker application or 开办企业 filing.
pub async fn withdraw(
    State(state): State<AppState>,
    resident: Resident,
    Path(number): Path<String>,
) -> Result<Json<ApplicationSummary>, ApiError> {
    let (person_id, who) = (resident.person_id, resident.who());
    let now_ms = state.clock.now_ms();
    state
        .store
        .write(move |tx| -> Result<Json<ApplicationSummary>, ApiError> {
            let person =
                persons::get(tx, person_id)?.ok_or_else(|| ApiError::not_found("person"))?;
            let app = applications::by_number(tx, &number)?
                .filter(|a| a.employer_id.is_none() && a.citizen_id == person.citizen_id)
                .ok_or_else(|| ApiError::not_found("application"))?;
            review::decide(tx, &app, &Action::Withdraw, &who, now_ms)?;
            let app =
                applications::get(tx, app.id)?.ok_or_else(|| ApiError::not_found("application"))?;
            Ok(Json(summary(&app, Audience::resident(app.kind))))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn file_names_are_percent_decoded_to_the_last_character() {
        assert_eq!(percent_decode("%E7%94%B3%E8%AF%B7.pdf"), "申请.pdf");
        // The hand-written decoder this replaced left an escape at the very end alone.
        assert_eq!(percent_decode("scan%41"), "scanA");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%FF.pdf"), "\u{fffd}.pdf");
    }
}
