//! The employer agent's API (单位经办人): person search, enrolment (增员), stop (减员),
//! one at a time and in batches, and the progress of their applications.

pub mod applications;
pub mod batch;
pub mod enrol;
pub mod person_search;
pub mod stop;

use crate::app::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/person-search", post(person_search::post))
        .route("/enrolments", post(enrol::post))
        .route("/enrolments/batch", post(enrol::post_batch))
        .route("/stops", post(stop::post))
        .route("/stops/batch", post(stop::post_batch))
        .route("/applications", get(applications::list))
        .route("/applications/{number}", get(applications::get))
        .route(
            "/applications/{number}/withdraw",
            post(applications::withdraw),
        )
}
