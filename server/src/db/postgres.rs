//! PostgreSQL: several worker threads, each with its own connection; each job is its own
//! transaction. Unique constraints, not locks held across requests, keep two server
//! processes on one database behaving as one.

use super::engine::{
    check_params, numbered_to_dollar, DbError, Dialect, Job, Tx, UniqueViolation, WorkerPool,
};
use super::value::{Row, Value};
use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Opens `writers` connections for writes and `readers` for reads: two pools, so that a
/// resident's read never queues behind a month-end crowd of submissions.
pub fn open(
    url: &str,
    schema: Option<&str>,
    writers: usize,
    readers: usize,
) -> Result<(WorkerPool, WorkerPool), DbError> {
    if let Some(schema) = schema {
        if !schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(DbError::Other(format!(
                "schema name {schema:?} must be letters, digits and _"
            )));
        }
    }
    let mut first = connect(url, schema)?;
    {
        let mut tx = first.transaction().map_err(map_err)?;
        // Several processes may start at once: one migrates, the others wait.
        tx.execute("SELECT pg_advisory_xact_lock(7460527)", &[])
            .map_err(map_err)?;
        super::migrations::migrate(&mut PgTx {
            tx: &mut tx,
            statements: None,
        })?;
        tx.commit().map_err(map_err)?;
    }
    let writer = pool(url, schema, "postgres-writer", first, writers)?;
    let reader = pool(
        url,
        schema,
        "postgres-reader",
        connect(url, schema)?,
        readers,
    )?;
    Ok((writer, reader))
}

/// `count` threads named `name-{i}`, each with a connection (`first` and new ones).
fn pool(
    url: &str,
    schema: Option<&str>,
    name: &str,
    first: Client,
    count: usize,
) -> Result<WorkerPool, DbError> {
    let commits = Arc::new(AtomicU64::new(0));
    let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
    let mut clients = vec![first];
    for _ in 1..count.max(1) {
        clients.push(connect(url, schema)?);
    }
    for (i, client) in clients.into_iter().enumerate() {
        let queue = queue.clone();
        let commits = commits.clone();
        let url = url.to_string();
        let schema = schema.map(str::to_string);
        std::thread::Builder::new()
            .name(format!("{name}-{i}"))
            .spawn(move || worker_loop(client, &url, schema.as_deref(), queue, &commits))
            .map_err(|e| DbError::engine("starting a PostgreSQL thread", e))?;
    }
    Ok(WorkerPool::new(jobs, commits))
}

fn connect(url: &str, schema: Option<&str>) -> Result<Client, DbError> {
    let mut client = Client::connect(url, NoTls).map_err(map_err)?;
    if let Some(schema) = schema {
        client
            .batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
            ))
            .map_err(map_err)?;
    }
    Ok(client)
}

fn worker_loop(
    mut client: Client,
    url: &str,
    schema: Option<&str>,
    queue: crossbeam_channel::Receiver<Job>,
    commits: &AtomicU64,
) {
    let mut statements = HashMap::new();
    while let Ok(job) = queue.recv() {
        if client.is_closed() {
            statements.clear();
            match connect(url, schema) {
                Ok(fresh) => client = fresh,
                Err(error) => {
                    let (_, deliver) = job(&mut Unavailable);
                    deliver(Some(error));
                    continue;
                }
            }
        }
        let mut tx = match client.transaction() {
            Ok(tx) => tx,
            Err(error) => {
                let (_, deliver) = job(&mut Unavailable);
                deliver(Some(map_err(error)));
                continue;
            }
        };
        let (ok, deliver) = job(&mut PgTx {
            tx: &mut tx,
            statements: Some(&mut statements),
        });
        let outcome = if ok {
            tx.commit().map_err(map_err)
        } else {
            tx.rollback().map_err(map_err)
        };
        if ok && outcome.is_ok() {
            commits.fetch_add(1, Ordering::Relaxed);
        }
        deliver(outcome.err());
    }
}

/// Stands in for a transaction when the connection could not be had, so the job still
/// runs to completion (failing) and its caller hears about it.
struct Unavailable;

impl Tx for Unavailable {
    fn execute(&mut self, _: &str, _: &[Value]) -> Result<u64, DbError> {
        Err(DbError::Other("database connection unavailable".into()))
    }
    fn query(&mut self, _: &str, _: &[Value]) -> Result<Vec<Row>, DbError> {
        Err(DbError::Other("database connection unavailable".into()))
    }
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
}

struct PgTx<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    /// Statements this connection has prepared, by SQL: each is prepared once per
    /// connection instead of on every call (a round trip saved per statement). None
    /// while migrating.
    statements: Option<&'a mut HashMap<String, Statement>>,
}

impl PgTx<'_, '_> {
    fn statement(&mut self, sql: &str) -> Result<Option<Statement>, DbError> {
        let Some(cache) = self.statements.as_deref_mut() else {
            return Ok(None);
        };
        if let Some(statement) = cache.get(sql) {
            return Ok(Some(statement.clone()));
        }
        let statement = self.tx.prepare(sql).map_err(map_err)?;
        cache.insert(sql.to_string(), statement.clone());
        Ok(Some(statement))
    }
}

#[derive(Debug)]
struct Param<'v>(&'v Value);

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                _ => v.to_string().to_sql(ty, out),
            },
            Value::Text(v) => v.as_str().to_sql(ty, out),
            Value::Blob(v) => v.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

impl Tx for PgTx<'_, '_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        check_params(params)?;
        let sql = numbered_to_dollar(sql);
        let params: Vec<Param> = params.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        if params.is_empty() && sql.contains(';') {
            self.tx.batch_execute(&sql).map_err(map_err)?;
            return Ok(0);
        }
        match self.statement(&sql)? {
            Some(statement) => self.tx.execute(&statement, &refs).map_err(map_err),
            None => self.tx.execute(sql.as_str(), &refs).map_err(map_err),
        }
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        check_params(params)?;
        let sql = numbered_to_dollar(sql);
        let params: Vec<Param> = params.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = match self.statement(&sql)? {
            Some(statement) => self.tx.query(&statement, &refs).map_err(map_err)?,
            None => self.tx.query(sql.as_str(), &refs).map_err(map_err)?,
        };
        let names: Arc<[String]> = rows
            .first()
            .map(|row| row.columns().iter().map(|c| c.name().to_string()).collect())
            .unwrap_or_default();
        rows.iter().map(|row| convert_row(row, &names)).collect()
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
}

fn convert_row(row: &postgres::Row, names: &Arc<[String]>) -> Result<Row, DbError> {
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let get_err = |e: postgres::Error| DbError::decode(column.name(), e);
        let value = match *column.type_() {
            Type::INT8 => row
                .try_get::<_, Option<i64>>(i)
                .map_err(get_err)?
                .map(Value::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)
                .map_err(get_err)?
                .map(|v| Value::Int(v.into())),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)
                .map_err(get_err)?
                .map(|v| Value::Int(v.into())),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)
                .map_err(get_err)?
                .map(Value::from),
            Type::FLOAT8 => row
                .try_get::<_, Option<f64>>(i)
                .map_err(get_err)?
                .map(|v| Value::Int(v as i64)),
            Type::BYTEA => row
                .try_get::<_, Option<Vec<u8>>>(i)
                .map_err(get_err)?
                .map(Value::Blob),
            _ => row
                .try_get::<_, Option<String>>(i)
                .map_err(get_err)?
                .map(Value::Text),
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(Row::new(names.clone(), values))
}

fn map_err(e: postgres::Error) -> DbError {
    let unique = e
        .as_db_error()
        .filter(|db| *db.code() == postgres::error::SqlState::UNIQUE_VIOLATION)
        .map(|db| db.constraint().unwrap_or("unique").to_string());
    match unique {
        Some(constraint) => DbError::Unique(UniqueViolation {
            constraint,
            source: Arc::new(e),
        }),
        None => DbError::engine("PostgreSQL", e),
    }
}
