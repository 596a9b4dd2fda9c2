//! The security review's findings played as attacks, on SQLite and PostgreSQL:
//! accounts, the audit log, certificates and open-on-computer codes, the headers,
//! resource limits, login guessing, privacy, sessions. One test binary (each links the
//! whole server), a module per former suite, sharing `common`.

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod audit;
mod certificates;
mod headers;
mod limits;
mod login;
mod privacy;
mod sessions;
