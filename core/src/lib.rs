//! # shebao-core — the rules of Shebao
//!
//! Everything here is a pure function of its inputs. There is no I/O, no clock, no
//! async and no UI: "now" is always an argument (a UTC instant in milliseconds, a
//! [`time::Date`] or a [`time::YearMonth`]). The same code runs natively in the server,
//! which re-checks every submission, and as wasm in the browser, which checks as people
//! type; the shared vectors in `core/vectors/` prove both give the same verdict.
//!
//! Parse, don't validate: identifiers and values are newtypes that can only be built by
//! parsing ([`ids::CitizenId::parse`], [`ids::CreditCode::parse`], …). Holding one means
//! it is valid. Every refusal is a [`violation::Violation`]: a stable code, the field it
//! concerns and parameters, rendered in Chinese and English by this crate alone.

pub mod api;
pub mod application;
pub mod certificate;
pub mod contribution;
pub mod enrolment;
pub mod flexible;
pub mod ids;
pub mod industry;
pub mod insurance;
pub mod money;
pub mod opening;
pub mod password;
pub mod policy;
pub mod region;
pub mod retirement;
pub mod stop;
pub mod stop_request;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod time;
pub mod views;
pub mod violation;
pub mod words;

pub use violation::{Code, Lang, Violation, Violations};
