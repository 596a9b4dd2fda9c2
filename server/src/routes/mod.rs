//! One module per resource. Handlers parse, call core, answer.

pub mod health;
pub mod session;
pub mod time;
pub mod validate;
