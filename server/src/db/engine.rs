//! What both engines share: the transaction interface, errors, and the pool of
//! dedicated threads that jobs are sent to.

use super::value::{FromRow, Row, Value};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// What the store answers when it cannot do what it was asked. Cloned, because SQLite's
/// group commit hands one commit's failure to every submission of the group; the
/// engine's own error is kept (behind an `Arc`) as the source.
#[derive(Clone, Debug, thiserror::Error)]
pub enum DbError {
    /// A unique constraint (or unique index, or primary key) refused the row.
    #[error(transparent)]
    Unique(UniqueViolation),
    /// A text parameter held a NUL character, which PostgreSQL cannot store; both
    /// engines refuse it alike, before the statement runs.
    #[error("a text value contains a NUL character")]
    NulInText,
    /// The store is shutting down.
    #[error("the store is closed")]
    Closed,
    /// The engine failed (connection, syntax, I/O, …).
    #[error("{context}: {source}")]
    Engine {
        /// What the store was doing.
        context: &'static str,
        #[source]
        source: EngineError,
    },
    /// A column held what its row type cannot be (a wrong type, an unknown code, …).
    #[error("column {column}: {what}")]
    Decode { column: String, what: String },
    /// An applied migration's file is not the one that was applied.
    #[error(
        "migration {file} was changed after it was applied (recorded SHA-256 {recorded}, \
         the file's now {current}): restore the file, and put the change in a new migration"
    )]
    MigrationChanged {
        file: &'static str,
        recorded: String,
        current: String,
    },
    /// Anything else, said in words (a thread that could not start, a caller's own
    /// refusal inside a transaction, …).
    #[error("{0}")]
    Other(String),
}

/// An engine's error, shared.
pub type EngineError = Arc<dyn std::error::Error + Send + Sync>;

impl DbError {
    /// The engine's error `source`, met while doing `context`.
    pub fn engine(
        context: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> DbError {
        DbError::Engine {
            context,
            source: Arc::new(source),
        }
    }

    /// A column that could not be decoded.
    pub fn decode(column: impl fmt::Display, what: impl fmt::Display) -> DbError {
        DbError::Decode {
            column: column.to_string(),
            what: what.to_string(),
        }
    }

    /// Whether this is a unique failure of `constraint`.
    pub fn is_unique(&self, constraint: &str) -> bool {
        matches!(self, DbError::Unique(v) if v.constraint == constraint)
    }
}

/// A unique constraint's refusal, named the same on both engines: PostgreSQL's
/// constraint name, which SQLite's is made to match (`CREATE UNIQUE INDEX` names are
/// the schema's own; a column's `UNIQUE` is `<table>_<columns>_key` and a primary key
/// `<table>_pkey`, PostgreSQL's defaults).
#[derive(Clone, Debug, thiserror::Error)]
#[error("unique constraint {constraint} violated")]
pub struct UniqueViolation {
    pub constraint: String,
    #[source]
    pub source: EngineError,
}

/// One transaction (or savepoint) on one connection.
pub trait Tx {
    /// Runs a statement; answers the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs a query; answers every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;
    fn dialect(&self) -> Dialect;
}

impl dyn Tx + '_ {
    /// The first row, if any.
    pub fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
    /// Exactly one row.
    pub fn query_row(&mut self, sql: &str, params: &[Value]) -> Result<Row, DbError> {
        self.query_opt(sql, params)?
            .ok_or_else(|| DbError::Other(format!("no row for: {sql}")))
    }
    /// Every row, each as a `T`.
    pub fn query_as<T: FromRow>(&mut self, sql: &str, params: &[Value]) -> Result<Vec<T>, DbError> {
        self.query(sql, params)?.iter().map(T::from_row).collect()
    }
    /// The first row, if any, as a `T`.
    pub fn query_opt_as<T: FromRow>(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<Option<T>, DbError> {
        self.query_opt(sql, params)?
            .as_ref()
            .map(T::from_row)
            .transpose()
    }
}

/// A unit of work sent to an engine thread: runs against a transaction, says whether it
/// succeeded (else its savepoint or transaction is rolled back), and gives back how to
/// deliver its result once the commit's outcome is known.
pub type Job = Box<dyn FnOnce(&mut dyn Tx) -> (bool, Deliver) + Send>;
pub type Deliver = Box<dyn FnOnce(Option<DbError>) + Send>;

/// The sending side of a set of engine threads.
#[derive(Clone)]
pub struct WorkerPool {
    jobs: crossbeam_channel::Sender<Job>,
    commits: Arc<AtomicU64>,
}

impl WorkerPool {
    pub fn new(jobs: crossbeam_channel::Sender<Job>, commits: Arc<AtomicU64>) -> WorkerPool {
        WorkerPool { jobs, commits }
    }
    pub fn submit(&self, job: Job) -> Result<(), DbError> {
        self.jobs.send(job).map_err(|_| DbError::Closed)
    }
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }
}

/// Refuses parameters that one engine could not store, so both behave the same.
pub fn check_params(params: &[super::value::Value]) -> Result<(), DbError> {
    if params
        .iter()
        .any(|p| matches!(p, super::value::Value::Text(t) if t.contains('\0')))
    {
        return Err(DbError::NulInText);
    }
    Ok(())
}

/// Rewrites `?1, ?2 …` placeholders as `$1, $2 …` for PostgreSQL (outside quotes).
pub fn numbered_to_dollar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut in_quote = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            in_quote = !in_quote;
        }
        if c == '?' && !in_quote && chars.peek().is_some_and(|n| n.is_ascii_digit()) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_rewritten_outside_quotes_only() {
        assert_eq!(
            super::numbered_to_dollar("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12"
        );
    }
}
