//! What both engines share: the transaction interface, errors, and the pool of
//! dedicated threads that jobs are sent to.

use super::value::{Row, Value};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbError {
    /// A unique constraint refused the row; names the constraint (or index).
    Unique(String),
    /// A text parameter held a NUL character, which PostgreSQL cannot store; both
    /// engines refuse it alike, before the statement runs.
    NulInText,
    /// The store is shutting down.
    Closed,
    /// Anything else the engine reported.
    Other(String),
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Unique(what) => write!(f, "unique constraint violated: {what}"),
            DbError::NulInText => f.write_str("a text value contains a NUL character"),
            DbError::Closed => f.write_str("the store is closed"),
            DbError::Other(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for DbError {}

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
