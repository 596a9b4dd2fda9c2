//! Loading many rows at once with their own ids: the demo data set (up to a million
//! persons), by multi-row INSERTs. Tables are named by the caller, from the schema's
//! own names, never from input.

use crate::db::{DbError, Dialect, Tx, Value};
use crate::params;

/// How many rows `table` has.
pub fn count(tx: &mut dyn Tx, table: &str) -> Result<i64, DbError> {
    tx.query_row(&format!("SELECT COUNT(*) AS rows FROM {table}"), params![])?
        .get("rows")
}

/// The highest `id` of `table` (0 for none).
pub fn max_id(tx: &mut dyn Tx, table: &str) -> Result<i64, DbError> {
    tx.query_row(
        &format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS id FROM {table}"),
        params![],
    )?
    .get("id")
}

/// After rows were inserted with their own ids, makes the table's next generated id
/// follow the highest (PostgreSQL's sequence; SQLite takes MAX + 1 by itself).
pub fn continue_ids(tx: &mut dyn Tx, table: &str) -> Result<(), DbError> {
    if tx.dialect() == Dialect::Postgres {
        tx.query(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ),
            params![],
        )?;
    }
    Ok(())
}

/// Rows per INSERT statement (at 9 columns, 4,500 parameters: within both engines'
/// limits).
const ROWS_PER_STATEMENT: usize = 500;

/// Inserts `values` (row after row, `columns.len()` each) with multi-row INSERTs.
pub fn insert_rows(
    tx: &mut dyn Tx,
    table: &str,
    columns: &[&str],
    values: &[Value],
) -> Result<(), DbError> {
    let width = columns.len();
    let statement = |rows: usize| {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..width {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push('?');
                sql.push_str(&(r * width + c + 1).to_string());
            }
            sql.push(')');
        }
        sql
    };
    let mut full: Option<String> = None;
    for chunk in values.chunks(width * ROWS_PER_STATEMENT) {
        let rows = chunk.len() / width;
        if rows == ROWS_PER_STATEMENT {
            let sql = full.get_or_insert_with(|| statement(rows));
            tx.execute(sql, chunk)?;
        } else {
            tx.execute(&statement(rows), chunk)?;
        }
    }
    Ok(())
}
