//! The store: one interface over two engines, SQLite (embedded, the default) and
//! PostgreSQL (when one machine is not enough).
//!
//! Both engines are driven by their synchronous clients on dedicated threads, and the
//! code above this module writes its SQL once, against [`Tx`]:
//!
//! - [`Store::write`] runs a closure in a transaction. On SQLite all writes go to one
//!   writer thread that commits everything queued in one transaction (group commit),
//!   each closure inside its own savepoint, so one failing submission does not sink the
//!   others and a commit's fsync is shared by many. Results are delivered only once the
//!   commit is flushed to disk (by the syncer thread, `wal_sync.rs`, while the writer
//!   already runs the next group), so an acknowledged write is durable. On PostgreSQL
//!   each closure is its own transaction on one of several writer connections.
//! - [`Store::read`] runs a closure on a reader connection (SQLite: WAL readers, which
//!   never wait for the writer, and whose answers wait until every commit they could
//!   have seen is flushed; PostgreSQL: connections of their own, so reads never queue
//!   behind writes).
//!
//! SQL is written with numbered placeholders `?1, ?2, …`, which PostgreSQL receives as
//! `$1, $2, …`. The few dialect differences of the schema are tokens in `schema.sql`.

mod engine;
mod migrations;
mod postgres;
mod sqlite;
#[cfg(test)]
mod test_stores;
mod value;
mod wal_sync;

pub use engine::{DbError, Dialect, EngineError, Tx, UniqueViolation};
pub use value::{gender_code, Column, FromRow, FromValue, Row, Value};

use engine::{Job, WorkerPool};
use std::path::Path;
use std::sync::Arc;

/// The database, shared by every handler.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    writer: WorkerPool,
    reader: WorkerPool,
    dialect: Dialect,
    description: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.inner.description)
    }
}

impl Store {
    /// Opens (creating and migrating if needed) the SQLite database at `path`.
    pub fn open_sqlite(path: &Path, readers: usize) -> Result<Store, DbError> {
        Store::open_sqlite_grouped(path, readers, sqlite::MAX_GROUP)
    }

    /// As [`Store::open_sqlite`], committing at most `max_group` submissions together
    /// (1: one transaction per submission, the baseline the load benchmark compares with).
    pub fn open_sqlite_grouped(
        path: &Path,
        readers: usize,
        max_group: usize,
    ) -> Result<Store, DbError> {
        let (writer, reader) = sqlite::open(path, readers, max_group.max(1))?;
        Ok(Store {
            inner: Arc::new(Inner {
                writer,
                reader,
                dialect: Dialect::Sqlite,
                description: format!("SQLite at {}", path.display()),
            }),
        })
    }

    /// Connects to PostgreSQL, optionally inside `schema` (created if missing; tests use
    /// a fresh schema each), and migrates: `writers` connections for writes and
    /// `readers` for reads.
    pub fn open_postgres(
        url: &str,
        schema: Option<&str>,
        writers: usize,
        readers: usize,
    ) -> Result<Store, DbError> {
        let (writer, reader) = postgres::open(url, schema, writers, readers)?;
        Ok(Store {
            inner: Arc::new(Inner {
                writer,
                reader,
                dialect: Dialect::Postgres,
                description: format!(
                    "PostgreSQL{}",
                    schema.map(|s| format!(" (schema {s})")).unwrap_or_default()
                ),
            }),
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.inner.dialect
    }

    pub fn description(&self) -> &str {
        &self.inner.description
    }

    /// Runs `work` in a write transaction; its changes are kept only if it returns `Ok`,
    /// and the result arrives only once they are durable.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        run_on(&self.inner.writer, work).await
    }

    /// Runs `work` on a reader connection, in one read transaction.
    pub async fn read<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        run_on(&self.inner.reader, work).await
    }

    /// How many transactions the writer has committed (benchmarks divide by it).
    pub fn commits(&self) -> u64 {
        self.inner.writer.commits()
    }
}

async fn run_on<T, E, F>(pool: &WorkerPool, work: F) -> Result<T, E>
where
    F: FnOnce(&mut dyn Tx) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
{
    let (reply, answer) = tokio::sync::oneshot::channel::<Result<T, E>>();
    let job: Job = Box::new(move |tx: &mut dyn Tx| {
        let result = work(tx);
        let ok = result.is_ok();
        let deliver: Box<dyn FnOnce(Option<DbError>) + Send> = Box::new(move |commit_error| {
            let _ = reply.send(match commit_error {
                None => result,
                Some(error) => Err(E::from(error)),
            });
        });
        (ok, deliver)
    });
    pool.submit(job).map_err(E::from)?;
    answer
        .await
        .unwrap_or_else(|_| Err(E::from(DbError::Closed)))
}

#[cfg(test)]
mod tests {
    use super::test_stores::{block_on, fresh_schema, open};
    use super::DbError;
    use crate::params;

    /// A unique failure names its constraint as PostgreSQL does, on both engines: a
    /// column's UNIQUE, a primary key and a CREATE UNIQUE INDEX.
    #[test]
    fn unique_failures_name_the_constraint_alike_on_both_engines() {
        let schema = fresh_schema("unique");
        for schema in [None, Some(schema.as_str())] {
            let dir = tempfile::tempdir().unwrap();
            let store = open(dir.path(), schema).unwrap();
            block_on(store.write(|tx| {
                tx.execute(
                    "INSERT INTO accounts (id, username, password_hash, role) VALUES (1, 'a', '', 'employer')",
                    params![],
                )
            }))
            .unwrap();
            let twice = |sql: &'static str| {
                block_on(store.write(move |tx| {
                    tx.execute(&sql.replace("{n}", "1"), params![])?;
                    tx.execute(&sql.replace("{n}", "2"), params![])
                }))
                .unwrap_err()
            };
            // The second row differs in its credit code only ({n}).
            let employer = "INSERT INTO employers (name, credit_code, unit_number, district, contact_name, contact_mobile, work_injury_rate_bp)
                            VALUES ('甲', 'C{n}', 'U1', '330211', '王五', '13800138000', 40)";
            let key = "INSERT INTO idempotency (account_id, key, status, body, created_ms) VALUES (1, 'k', 201, '', 0)";
            let pending = "INSERT INTO applications (number, kind, state, employer_id, citizen_id, person_name, handling_month, flags, plan, submitted_ms, account_id)
                           VALUES ('SB{n}', 'enrol', 'submitted', NULL, '330211198503150021', '李四', '2026-11', '', '{}', 0, 1)";
            for (sql, constraint) in [
                (employer, "employers_unit_number_key"),
                (key, "idempotency_pkey"),
                (pending, "applications_one_pending"),
            ] {
                let error = twice(sql);
                assert!(
                    matches!(&error, DbError::Unique(v) if v.constraint == constraint),
                    "{schema:?}: {error:?}"
                );
                assert!(
                    std::error::Error::source(&error).is_some(),
                    "the engine's error is kept: {error:?}"
                );
            }
        }
    }
}
