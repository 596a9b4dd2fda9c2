//! SQLite: one file in the data directory, WAL, every commit flushed to disk before it
//! is acknowledged (an acknowledged write survives a power cut). One writer thread with
//! group commit, whose flushes run on a syncer thread of their own ([`Durability`]);
//! several reader threads, which WAL lets read while the writer writes.

use super::engine::{
    check_params, DbError, Deliver, Dialect, Job, Tx, UniqueViolation, WorkerPool,
};
use super::value::{Row, Value};
use super::wal_sync::Durability;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Most submissions committed together in one transaction.
pub const MAX_GROUP: usize = 512;

/// Prepared statements kept per connection: more than the server has distinct statements.
const STATEMENT_CACHE: usize = 512;

pub fn open(
    path: &Path,
    readers: usize,
    max_group: usize,
) -> Result<(WorkerPool, WorkerPool), DbError> {
    let mut conn = connect(path)?;
    // Each submission runs in a savepoint, whose undo copies of the pages it touches go
    // to a statement journal: kept in memory, not in a temporary file. In a file they cost
    // the writer a third of its time in write calls (perf, at 256 clients).
    conn.execute_batch("PRAGMA temp_store = MEMORY;")
        .map_err(map_err)?;
    // Checkpoints (copying the WAL back into the database file, with two fsyncs) run on
    // a thread of their own, so that the writer, and every submission waiting on its
    // commit, does not stall for one every few commits. The writer still checkpoints
    // should the WAL ever pass 64 MB (16,384 pages), so it cannot grow without bound.
    conn.execute_batch("PRAGMA wal_autocheckpoint = 16384;")
        .map_err(map_err)?;
    super::migrations::migrate(&mut SqliteTx { conn: &conn })?;
    conn.execute_batch("PRAGMA optimize;").map_err(map_err)?;
    // Group commit flushes on the syncer thread while the writer goes on; one
    // transaction per submission (the benchmark's baseline) keeps SQLite's own flush in
    // each COMMIT, as a server without group commit would.
    let durability = if max_group > 1 {
        conn.execute_batch("PRAGMA synchronous = NORMAL;")
            .map_err(map_err)?;
        Some(Durability::start(path)?)
    } else {
        None
    };
    let commits = Arc::new(AtomicU64::new(0));

    let (write_jobs, write_queue) = crossbeam_channel::unbounded::<Job>();
    let writer_commits = commits.clone();
    let writer_durability = durability.clone();
    // The checkpointer lives as long as the writer: the writer holds this sender, and
    // drops it when the store is dropped (its queue closes).
    let (writer_alive, checkpointer_stop) = crossbeam_channel::bounded::<()>(0);
    spawn_checkpointer(path, checkpointer_stop)?;
    std::thread::Builder::new()
        .name("sqlite-writer".into())
        .spawn(move || {
            let _alive = writer_alive;
            let writer = Writer {
                commits: &writer_commits,
                durability: writer_durability,
                max_group,
            };
            writer.run(&mut conn, write_queue)
        })
        .map_err(|e| DbError::engine("starting a SQLite thread", e))?;

    let (read_jobs, read_queue) = crossbeam_channel::unbounded::<Job>();
    for i in 0..readers.max(1) {
        let conn = connect(path)?;
        conn.execute_batch("PRAGMA query_only = ON;")
            .map_err(map_err)?;
        let queue = read_queue.clone();
        let durability = durability.clone();
        std::thread::Builder::new()
            .name(format!("sqlite-reader-{i}"))
            .spawn(move || reader_loop(&conn, queue, durability))
            .map_err(|e| DbError::engine("starting a SQLite thread", e))?;
    }
    Ok((
        WorkerPool::new(write_jobs, commits),
        WorkerPool::new(read_jobs, Arc::new(AtomicU64::new(0))),
    ))
}

/// How often the checkpointer copies what the WAL holds into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(25);

/// Checkpoints every [`CHECKPOINT_EVERY`] until `stop` is disconnected (the writer ended).
fn spawn_checkpointer(path: &Path, stop: crossbeam_channel::Receiver<()>) -> Result<(), DbError> {
    let conn = connect(path)?;
    std::thread::Builder::new()
        .name("sqlite-checkpointer".into())
        .spawn(move || {
            while let Err(crossbeam_channel::RecvTimeoutError::Timeout) =
                stop.recv_timeout(CHECKPOINT_EVERY)
            {
                checkpoint(&conn);
            }
        })
        .map_err(|e| DbError::engine("starting a SQLite thread", e))?;
    Ok(())
}

fn checkpoint(conn: &Connection) {
    // PASSIVE: copies what it can without waiting for, or blocking, the writer and the
    // readers. An error (say, the disk is full) leaves the WAL to the writer's own
    // checkpoint; nothing acknowledged depends on this copy.
    if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE);") {
        tracing::warn!("checkpoint: {e}");
    }
}

fn connect(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open(path).map_err(map_err)?;
    // Every statement the server runs stays prepared: rusqlite keeps 16 by default, fewer
    // than one submission's statements, so each was parsed again every time.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 10000;",
    )
    .map_err(map_err)?;
    Ok(conn)
}

/// The writer thread: takes every job queued, runs them in one transaction, and hands
/// their results to the syncer (or, without one, delivers them after SQLite's flush).
struct Writer<'a> {
    commits: &'a AtomicU64,
    durability: Option<Durability>,
    max_group: usize,
}

impl Writer<'_> {
    fn run(self, conn: &mut Connection, queue: crossbeam_channel::Receiver<Job>) {
        while let Ok(first) = queue.recv() {
            let mut group = vec![first];
            while group.len() < self.max_group {
                match queue.try_recv() {
                    Ok(job) => group.push(job),
                    Err(_) => break,
                }
            }
            self.commit(conn, group);
        }
    }

    fn commit(&self, conn: &Connection, group: Vec<Job>) {
        let mut number = None;
        let mut deliveries = Vec::with_capacity(group.len());
        let outcome = run_group(conn, group, &mut deliveries, || {
            if let Some(durability) = &self.durability {
                number = Some(durability.commit_starts()?);
            }
            Ok(())
        });
        if outcome.is_ok() {
            self.commits.fetch_add(1, Ordering::Relaxed);
        }
        match (&self.durability, number) {
            (Some(durability), Some(number)) => {
                durability.deliver_commit(number, outcome.err(), deliveries)
            }
            // No syncer (SQLite flushed in its COMMIT), or the group ended before its
            // COMMIT: nothing of it was ever visible or needs flushing.
            _ => deliveries
                .into_iter()
                .for_each(|d| d(outcome.clone().err())),
        }
    }
}

/// One transaction: each job in a savepoint of its own, so a job that fails is undone
/// alone; `deliveries` receives each job's way to answer, in order. `before_commit` runs
/// just before the COMMIT statement (if the group gets that far); its error rolls the
/// whole group back.
fn run_group(
    conn: &Connection,
    group: Vec<Job>,
    deliveries: &mut Vec<Deliver>,
    before_commit: impl FnOnce() -> Result<(), DbError>,
) -> Result<(), DbError> {
    run(conn, "BEGIN IMMEDIATE")?;
    for job in group {
        let (ok, deliver) = match run(conn, "SAVEPOINT submission") {
            Ok(()) => job(&mut SqliteTx { conn }),
            Err(e) => {
                let _ = run(conn, "ROLLBACK");
                return Err(e);
            }
        };
        deliveries.push(deliver);
        let undone = if ok {
            Ok(())
        } else {
            run(conn, "ROLLBACK TO submission")
        };
        if let Err(e) = undone.and_then(|()| run(conn, "RELEASE submission")) {
            let _ = run(conn, "ROLLBACK");
            return Err(e);
        }
    }
    if let Err(e) = before_commit() {
        let _ = run(conn, "ROLLBACK");
        return Err(e);
    }
    run(conn, "COMMIT").inspect_err(|_| {
        let _ = run(conn, "ROLLBACK");
    })
}

/// Runs one statement without parameters, prepared once per connection (the writer and
/// the readers run these around every job; parsing them each time was a measurable share
/// of the writer's time).
fn run(conn: &Connection, sql: &str) -> Result<(), DbError> {
    conn.prepare_cached(sql)
        .and_then(|mut statement| statement.execute([]))
        .map(|_| ())
        .map_err(map_err)
}

fn reader_loop(
    conn: &Connection,
    queue: crossbeam_channel::Receiver<Job>,
    durability: Option<Durability>,
) {
    while let Ok(job) = queue.recv() {
        let began = run(conn, "BEGIN");
        let (_, deliver) = job(&mut SqliteTx { conn });
        let _ = run(conn, "COMMIT");
        match (began, &durability) {
            (Ok(()), Some(durability)) => durability.deliver_read(deliver),
            (began, _) => deliver(began.err()),
        }
    }
}

struct SqliteTx<'c> {
    conn: &'c Connection,
}

struct Param<'v>(&'v Value);

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Value::Blob(v) => ToSqlOutput::Borrowed(ValueRef::Blob(v)),
        })
    }
}

impl Tx for SqliteTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        check_params(params)?;
        let mut statement = self.conn.prepare_cached(sql).map_err(|e| self.error(e))?;
        let params: Vec<Param> = params.iter().map(Param).collect();
        let changed = statement
            .execute(rusqlite::params_from_iter(params.iter()))
            .map_err(|e| self.error(e))?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        check_params(params)?;
        let mut statement = self.conn.prepare_cached(sql).map_err(|e| self.error(e))?;
        let names: Arc<[String]> = statement
            .column_names()
            .into_iter()
            .map(str::to_string)
            .collect();
        let columns = names.len();
        let params: Vec<Param> = params.iter().map(Param).collect();
        let mut rows = statement
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(|e| self.error(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.error(e))? {
            let mut values = Vec::with_capacity(columns);
            for i in 0..columns {
                values.push(match row.get_ref(i).map_err(|e| self.error(e))? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Int(v as i64),
                    ValueRef::Text(v) => Value::Text(String::from_utf8_lossy(v).into_owned()),
                    ValueRef::Blob(v) => Value::Blob(v.to_vec()),
                });
            }
            out.push(Row::new(names.clone(), values));
        }
        Ok(out)
    }

    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
}

fn map_err(e: rusqlite::Error) -> DbError {
    DbError::engine("SQLite", e)
}

impl SqliteTx<'_> {
    /// The engine's error, a unique failure named as PostgreSQL names it.
    fn error(&self, e: rusqlite::Error) -> DbError {
        match &e {
            rusqlite::Error::SqliteFailure(code, message)
                if code.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || code.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                let constraint = constraint_name(self.conn, message.as_deref().unwrap_or(""));
                DbError::Unique(UniqueViolation {
                    constraint,
                    source: Arc::new(e),
                })
            }
            _ => map_err(e),
        }
    }
}

/// The name of the constraint a SQLite unique failure (`UNIQUE constraint failed:
/// t.a, t.b`, or `… failed: index 'name'`) broke, as PostgreSQL would call it: a
/// `CREATE UNIQUE INDEX`'s own name, `<table>_pkey` for a primary key, and
/// `<table>_<columns>_key` for a column's `UNIQUE`.
fn constraint_name(conn: &Connection, message: &str) -> String {
    let Some(failed) = message.split_once("failed: ").map(|(_, what)| what) else {
        return message.to_string();
    };
    if let Some(index) = failed
        .strip_prefix("index '")
        .and_then(|rest| rest.strip_suffix('\''))
    {
        return index.to_string();
    }
    let columns: Vec<(&str, &str)> = failed
        .split(", ")
        .filter_map(|column| column.split_once('.'))
        .collect();
    let Some((table, _)) = columns.first().copied() else {
        return message.to_string();
    };
    let names: Vec<&str> = columns.iter().map(|(_, column)| *column).collect();
    match unique_index_on(conn, table, &names) {
        Some((name, origin)) if origin == "c" => name,
        Some((_, origin)) if origin == "u" => format!("{table}_{}_key", names.join("_")),
        // A primary key ('pk'), or the rowid (INTEGER PRIMARY KEY, no index at all).
        _ => format!("{table}_pkey"),
    }
}

/// The unique index of `table` on exactly `columns`: its name and origin (`c`: made
/// by CREATE INDEX, `u`: a UNIQUE constraint, `pk`: the primary key).
fn unique_index_on(conn: &Connection, table: &str, columns: &[&str]) -> Option<(String, String)> {
    let quoted = table.replace('"', "\"\"");
    let mut list = conn
        .prepare(&format!("PRAGMA index_list(\"{quoted}\")"))
        .ok()?;
    let indexes: Vec<(String, bool, String)> = list
        .query_map([], |row| {
            Ok((row.get("name")?, row.get("unique")?, row.get("origin")?))
        })
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    indexes
        .into_iter()
        .filter(|(_, unique, _)| *unique)
        .find(|(name, _, _)| {
            let quoted = name.replace('"', "\"\"");
            conn.prepare(&format!("PRAGMA index_info(\"{quoted}\")"))
                .and_then(|mut info| {
                    info.query_map([], |row| row.get::<_, String>("name"))?
                        .collect::<Result<Vec<String>, _>>()
                })
                .is_ok_and(|indexed| indexed == columns)
        })
        .map(|(name, _, origin)| (name, origin))
}
