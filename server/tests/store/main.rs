//! The store and its durability: the two engines giving the same answers, the SQLite
//! query plans, duplicate storms, two server processes on one PostgreSQL, and the server
//! killed mid-stream. One test binary (each links the whole server), a module per former
//! suite, sharing `common`. (`tests/checkpointer.rs` stays a binary of its own: it
//! counts the threads of its process, so no other test's store may be open meanwhile.)

#[path = "../common/mod.rs"]
mod common;

mod crash;
mod duplicate_storm;
mod engines;
mod query_plans;
mod two_processes;
