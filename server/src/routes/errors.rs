//! The one place where the domain's errors become HTTP answers: each error of the
//! layers below the routes (`review`, the save functions of `submission`, `lookups`) is
//! mapped here to its status
//! and problem document ([`ApiError`]), so the domain code says what happened and never
//! how it is answered.

use crate::lookups::LookupError;
use crate::problem::ApiError;
use crate::review::DecisionError;
use crate::submission::SaveError;
use shebao_core::{Code, Violation};

impl From<DecisionError> for ApiError {
    fn from(error: DecisionError) -> Self {
        match error {
            // The rules refuse it: 422 with the violation.
            DecisionError::Refused(violation) => violation.into(),
            // The world moved on since it was read or submitted: 409.
            DecisionError::DecidedMeanwhile(violation)
            | DecisionError::RecordsChanged(violation) => ApiError::conflict(violation),
            DecisionError::Inconsistent { .. } => ApiError::Internal(error.to_string()),
            DecisionError::Store(e) => e.into(),
        }
    }
}

impl From<SaveError> for ApiError {
    fn from(error: SaveError) -> Self {
        match error {
            SaveError::Rejected(violations) => ApiError::Rejected(violations),
            SaveError::PendingExists => {
                ApiError::conflict(Violation::new(Code::PendingExists, "citizen_id"))
            }
            // An agent whose employer is gone acts for nobody.
            SaveError::NoEmployer => ApiError::forbidden("session"),
            SaveError::NoPerson => ApiError::not_found("person"),
            SaveError::LookupsSpent { seconds } => ApiError::rate_limited("citizen_id", seconds),
            SaveError::Plan(_) => ApiError::Internal(error.to_string()),
            SaveError::Store(e) => e.into(),
        }
    }
}

impl From<LookupError> for ApiError {
    fn from(error: LookupError) -> Self {
        SaveError::from(error).into()
    }
}
