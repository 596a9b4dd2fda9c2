//! Values crossing into and out of SQL, the same for both engines. Booleans are
//! integers 0/1, instants are milliseconds since the epoch, money is fen, months are
//! `YYYY-MM` text (which sorts correctly).

use super::DbError;
use shebao_core::application::{Kind, State};
use shebao_core::ids::{CitizenId, Gender};
use shebao_core::insurance::Insurance;
use shebao_core::stop_request::RequestState;
use shebao_core::time::{Date, YearMonth};
use shebao_core::views::Role;
use std::sync::Arc;

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

/// One result row: its values and the names of its columns (shared by the rows of one
/// query). Code reads columns by name ([`Row::get`]), so the order of a `SELECT` list
/// can change without swapping two values of one type; a position is accepted too, for
/// a test's or a tool's ad-hoc query.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

/// Names a column of a [`Row`]: its name (`"id"`, or the `AS` alias of an expression;
/// lower case, as PostgreSQL folds unquoted names) or its position.
pub trait Column: Copy + std::fmt::Display {
    fn position(self, row: &Row) -> Option<usize>;
}

impl Column for &str {
    fn position(self, row: &Row) -> Option<usize> {
        row.columns.iter().position(|name| name == self)
    }
}

impl Column for usize {
    fn position(self, row: &Row) -> Option<usize> {
        (self < row.values.len()).then_some(self)
    }
}

/// A Rust value a column can be read as.
pub trait FromValue: Sized {
    /// The value, or what is wrong with it.
    fn from_value(value: &Value) -> Result<Self, String>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Int(v) => Ok(*v),
            other => Err(format!("expected integer, got {other:?}")),
        }
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Result<Self, String> {
        i64::from_value(value).map(|v| v != 0)
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Text(v) => Ok(v.clone()),
            other => Err(format!("expected text, got {other:?}")),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Blob(v) => Ok(v.clone()),
            other => Err(format!("expected bytes, got {other:?}")),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A type built from one row: each row struct says once which column is which field.
pub trait FromRow: Sized {
    fn from_row(row: &Row) -> Result<Self, DbError>;
}

/// [`FromRow`] for a struct whose every field is the column of the same name:
/// `from_row!(Employer { id, name, credit_code })`.
#[macro_export]
macro_rules! from_row {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl $crate::db::FromRow for $ty {
            fn from_row(row: &$crate::db::Row) -> Result<Self, $crate::db::DbError> {
                Ok($ty {
                    $($field: row.get(stringify!($field))?,)+
                })
            }
        }
    };
}

impl Row {
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { columns, values }
    }

    /// The value of `column`, as a `T`.
    pub fn get<T: FromValue>(&self, column: impl Column) -> Result<T, DbError> {
        let value = column
            .position(self)
            .and_then(|i| self.values.get(i))
            .ok_or_else(|| DbError::decode(column, "no such column"))?;
        T::from_value(value).map_err(|what| DbError::decode(column, what))
    }

    pub fn i64(&self, column: impl Column) -> Result<i64, DbError> {
        self.get(column)
    }
    pub fn opt_i64(&self, column: impl Column) -> Result<Option<i64>, DbError> {
        self.get(column)
    }
    pub fn bool(&self, column: impl Column) -> Result<bool, DbError> {
        self.get(column)
    }
    pub fn text(&self, column: impl Column) -> Result<String, DbError> {
        self.get(column)
    }
    pub fn opt_text(&self, column: impl Column) -> Result<Option<String>, DbError> {
        self.get(column)
    }
    pub fn blob(&self, column: impl Column) -> Result<Vec<u8>, DbError> {
        self.get(column)
    }
}

// Core's parsed types, stored as their text. Reading one back checks it again, so a
// row that holds something core would refuse fails loudly instead of travelling on.

impl From<&CitizenId> for Value {
    fn from(id: &CitizenId) -> Value {
        Value::Text(id.as_str().to_string())
    }
}

impl FromValue for CitizenId {
    fn from_value(value: &Value) -> Result<Self, String> {
        // A stored ID was judged against the day it was typed: any later day reads it.
        let far_future = Date::new(9999, 12, 31).expect("a real date");
        CitizenId::parse(&String::from_value(value)?, far_future)
            .map_err(|v| v.message(shebao_core::Lang::En))
    }
}

/// Core's enums stored as their stable codes (`Code::code` and `from_code`).
macro_rules! stored_as_code {
    ($($ty:ty),+) => {$(
        impl From<$ty> for Value {
            fn from(value: $ty) -> Value {
                Value::Text(value.code().to_string())
            }
        }

        impl FromValue for $ty {
            fn from_value(value: &Value) -> Result<Self, String> {
                let code = String::from_value(value)?;
                <$ty>::from_code(&code).ok_or_else(|| format!("unknown code {code:?}"))
            }
        }
    )+};
}

stored_as_code!(Role, Kind, State, Insurance);

/// A stop request's state (`core::stop_request::RequestState`), stored as its code.
impl From<RequestState> for Value {
    fn from(value: RequestState) -> Value {
        Value::Text(value.code().to_string())
    }
}

impl FromValue for RequestState {
    fn from_value(value: &Value) -> Result<Self, String> {
        let code = String::from_value(value)?;
        [
            RequestState::Open,
            RequestState::Confirmed,
            RequestState::Stopped,
            RequestState::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.code() == code)
        .ok_or_else(|| format!("unknown stop request state {code:?}"))
    }
}

/// A gender's stored code (as core's API spells it).
pub fn gender_code(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

impl From<Gender> for Value {
    fn from(gender: Gender) -> Value {
        Value::Text(gender_code(gender).to_string())
    }
}

impl FromValue for Gender {
    fn from_value(value: &Value) -> Result<Self, String> {
        match String::from_value(value)?.as_str() {
            "male" => Ok(Gender::Male),
            "female" => Ok(Gender::Female),
            other => Err(format!("unknown gender {other:?}")),
        }
    }
}

impl From<Date> for Value {
    fn from(date: Date) -> Value {
        Value::Text(date.to_string())
    }
}

impl FromValue for Date {
    fn from_value(value: &Value) -> Result<Self, String> {
        Date::parse(&String::from_value(value)?, "date")
            .map_err(|v| v.message(shebao_core::Lang::En))
    }
}

impl From<YearMonth> for Value {
    fn from(month: YearMonth) -> Value {
        Value::Text(month.to_string())
    }
}

impl FromValue for YearMonth {
    fn from_value(value: &Value) -> Result<Self, String> {
        YearMonth::parse(&String::from_value(value)?, "month")
            .map_err(|v| v.message(shebao_core::Lang::En))
    }
}
