//! The one place where the domain's errors become HTTP answers: each error of the
//! layers below the routes (`review`, the save functions) is mapped here to its status
//! and problem document ([`ApiError`]), so the domain code says what happened and never
//! how it is answered.

use crate::problem::ApiError;
use crate::review::DecisionError;

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
