//! One module per resource. Handlers parse, call core, answer.

pub mod application_view;
pub mod certificates;
pub mod employer;
mod errors;
pub mod flexible;
pub mod health;
pub mod openings;
pub mod resident;
pub mod reviewer;
pub mod session;
pub mod stop_requests;
pub mod time;
pub mod validate;
pub mod validate_forms;
