//! Values crossing into and out of SQL, the same for both engines. Booleans are
//! integers 0/1, instants are milliseconds since the epoch, money is fen, months are
//! `YYYY-MM` text (which sorts correctly).

use super::DbError;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Blob(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

/// Builds a `&[Value]` parameter list: `params![id, name, month.to_string()]`.
#[macro_export]
macro_rules! params {
    () => { &[] as &[$crate::db::Value] };
    ($($v:expr),+ $(,)?) => { &[$($crate::db::Value::from($v)),+] as &[$crate::db::Value] };
}

/// One result row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> Result<&Value, DbError> {
        self.0
            .get(i)
            .ok_or_else(|| DbError::Other(format!("no column {i}")))
    }
    pub fn i64(&self, i: usize) -> Result<i64, DbError> {
        match self.at(i)? {
            Value::Int(v) => Ok(*v),
            other => Err(DbError::Other(format!(
                "column {i}: expected integer, got {other:?}"
            ))),
        }
    }
    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>, DbError> {
        match self.at(i)? {
            Value::Null => Ok(None),
            _ => self.i64(i).map(Some),
        }
    }
    pub fn bool(&self, i: usize) -> Result<bool, DbError> {
        self.i64(i).map(|v| v != 0)
    }
    pub fn text(&self, i: usize) -> Result<String, DbError> {
        match self.at(i)? {
            Value::Text(v) => Ok(v.clone()),
            other => Err(DbError::Other(format!(
                "column {i}: expected text, got {other:?}"
            ))),
        }
    }
    pub fn opt_text(&self, i: usize) -> Result<Option<String>, DbError> {
        match self.at(i)? {
            Value::Null => Ok(None),
            _ => self.text(i).map(Some),
        }
    }
    pub fn blob(&self, i: usize) -> Result<Vec<u8>, DbError> {
        match self.at(i)? {
            Value::Blob(v) => Ok(v.clone()),
            other => Err(DbError::Other(format!(
                "column {i}: expected bytes, got {other:?}"
            ))),
        }
    }
}
