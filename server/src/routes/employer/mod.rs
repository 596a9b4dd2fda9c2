//! The employer agent's API (单位经办人): person search, enrolment (增员), stop (减员),
//! one at a time and in batches, and the progress of their applications.

pub mod applications;
pub mod batch;
pub mod enrol;
pub mod person_search;
pub mod stop;

use crate::app::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The employer agent's routes, under `/api/v1/employer`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(person_search::post))
        .routes(routes!(enrol::post))
        .routes(routes!(enrol::post_batch))
        .routes(routes!(stop::post))
        .routes(routes!(stop::post_batch))
        .routes(routes!(applications::list))
        .routes(routes!(applications::get))
        .routes(routes!(applications::withdraw))
}
