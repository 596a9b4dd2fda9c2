//! The HTTP API as a client sees it, on SQLite and PostgreSQL: the stateless endpoints,
//! logging in and out, who may call what, hostile input, the OpenAPI document and what
//! the API fuzzer found. One test binary (each links the whole server), a module per
//! former suite, sharing `common`.

#[path = "../common/mod.rs"]
mod common;

mod auth;
mod authorization;
mod bad_input;
mod fuzz_findings;
mod openapi;
mod stateless;
