//! The captcha before a personal certificate: made for one resident, answered once,
//! within five minutes; at most [`MAX_PER_WINDOW`] made per resident in ten minutes
//! (counted in the store, so it holds across server processes).

use crate::app::AppState;
use crate::auth::Resident;
use crate::certificates::captcha;
use crate::db::DbError;
use crate::problem::{ApiError, Problem};
use crate::repo::certificates as store;
use crate::repo::ids::AccountId;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shebao_core::certificate::CaptchaView;
use shebao_core::{Code, Violation};

const LIFETIME_MS: i64 = 5 * 60 * 1000;
const MAX_PER_WINDOW: i64 = 20;
const WINDOW_MS: i64 = 10 * 60 * 1000;

/// A new captcha for the logged-in resident.
#[utoipa::path(
    post,
    path = "/captcha",
    operation_id = "captcha_new",
    tag = "resident",
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 201, description = "A captcha, valid for five minutes and one answer", body = CaptchaView),
        (status = 429, description = "Too many captchas in ten minutes (`RATE_LIMITED`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn post(
    State(state): State<AppState>,
    resident: Resident,
) -> Result<(StatusCode, Json<CaptchaView>), ApiError> {
    let now = state.clock.now_ms();
    let made = captcha::make();
    let id = captcha::new_id();
    let expires_ms = now + LIFETIME_MS;
    let account_id = resident.actor.account_id;
    let (i, answer) = (id.clone(), made.answer.clone());
    state
        .store
        .write(move |tx| -> Result<(), ApiError> {
            if store::captchas_since(tx, account_id, now - WINDOW_MS)? >= MAX_PER_WINDOW {
                return Err(ApiError::rate_limited("captcha", WINDOW_MS / 1000));
            }
            store::insert_captcha(tx, &i, account_id, &answer, now, expires_ms)?;
            Ok(())
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CaptchaView {
            id,
            image: made.image,
            question_zh: made.question_zh,
            question_en: made.question_en,
            expires_ms,
        }),
    ))
}

/// Spends the captcha: any answer uses it up; a refusal says whether it was wrong or
/// no longer valid.
pub(super) async fn spend(
    state: &AppState,
    account_id: AccountId,
    id: &str,
    answer: &str,
    now: i64,
) -> Result<(), ApiError> {
    let id = id.trim().to_string();
    let found = state
        .store
        .write(move |tx| -> Result<Option<(String, i64)>, DbError> {
            store::spend_captcha(tx, &id, account_id, now)
        })
        .await?;
    match found {
        Some((_, expires_ms)) if expires_ms <= now => {
            Err(Violation::new(Code::CaptchaExpired, "captcha_answer").into())
        }
        Some((expected, _)) => {
            let given: String = answer
                .chars()
                .map(shebao_core::text::to_halfwidth)
                .filter(|c| !c.is_whitespace())
                .collect();
            if given == expected {
                Ok(())
            } else {
                Err(Violation::new(Code::CaptchaWrong, "captcha_answer").into())
            }
        }
        None => Err(Violation::new(Code::CaptchaExpired, "captcha_answer").into()),
    }
}
