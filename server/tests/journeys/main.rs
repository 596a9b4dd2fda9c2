//! What the users of SPEC.md do, through the real HTTP API on SQLite and PostgreSQL: the
//! employer's, reviewer's, resident's and flexible worker's journeys, and certificates
//! (issued, read back with poppler, verified). One test binary (each links the whole
//! server), a module per former suite, sharing `common`.

#[path = "../common/mod.rs"]
mod common;

mod applications;
mod certificates;
mod openings;
mod stop_requests;
