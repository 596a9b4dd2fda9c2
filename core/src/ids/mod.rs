//! Identifiers, each a newtype that only parsing can build.

mod citizen_id;
mod credit_code;
mod mobile;
mod unit_number;

pub use citizen_id::{CitizenId, Gender};
pub use credit_code::CreditCode;
pub use mobile::Mobile;
pub use unit_number::UnitNumber;

use crate::violation::{Code, Violation};

/// Checks length and the character class of every position of a normalised
/// identifier, reporting the first offending position (1-based).
pub(crate) fn check_shape(
    text: &str,
    field: &str,
    expected_len: usize,
    allowed: impl Fn(usize, char) -> bool,
) -> Result<(), Violation> {
    if text.is_empty() {
        return Err(Violation::new(Code::Required, field));
    }
    for (i, c) in text.chars().enumerate() {
        if i >= expected_len || !allowed(i, c) {
            // A wrong character is more helpful than a wrong length when both apply,
            // except for characters past the end: those are a length problem.
            if i < expected_len {
                return Err(Violation::new(Code::BadChar, field)
                    .with("position", i + 1)
                    .with("char", c));
            }
            break;
        }
    }
    let len = text.chars().count();
    if len != expected_len {
        return Err(Violation::new(Code::BadLength, field)
            .with("expected", expected_len)
            .with("actual", len));
    }
    Ok(())
}
