//! Stores for the unit tests: a SQLite file in a directory, or a fresh schema of the
//! PostgreSQL the test suite runs (`SHEBAO_TEST_POSTGRES_URL`).

use super::{DbError, Store};

/// Opens the test's store: a SQLite file in `dir`, or PostgreSQL's `schema`.
pub fn open(dir: &std::path::Path, schema: Option<&str>) -> Result<Store, DbError> {
    match schema {
        None => Store::open_sqlite(&dir.join("shebao.db"), 1),
        Some(schema) => Store::open_postgres(&postgres_url(), Some(schema), 1, 1),
    }
}

fn postgres_url() -> String {
    std::env::var("SHEBAO_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "SHEBAO_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, \
             which starts PostgreSQL, or set it to a database this user may create schemas in"
        )
    })
}

/// A schema name no other test uses.
pub fn fresh_schema(what: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("t{}_{what}_{nanos}", std::process::id())
}

/// Runs a store's future to its end on this thread.
pub fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(future)
}
