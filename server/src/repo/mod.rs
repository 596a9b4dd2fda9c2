//! The SQL of Shebao, one module per table, written once for both engines against
//! [`crate::db::Tx`]. Functions here neither judge (that is core's work) nor answer
//! HTTP (that is the routes'); they read and write rows inside the caller's transaction.

pub mod accounts;
pub mod applications;
pub mod audit;
pub mod bulk;
pub mod certificates;
pub mod contributions;
pub mod employers;
pub mod guesses;
pub mod idempotency;
pub mod ids;
pub mod lookup_budget;
pub mod materials;
pub mod openings;
pub mod persons;
pub mod relationships;
pub mod sessions;
pub mod stop_requests;
