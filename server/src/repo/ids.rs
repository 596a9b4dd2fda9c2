//! The store's row ids, one type per table, so an employer's id cannot be passed where a
//! person's is wanted. Each is the row's `id` column as it is (an `i64`), and reads and
//! writes as that integer (in SQL and in JSON).

use crate::db::{FromValue, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for Value {
            fn from(id: $name) -> Value {
                Value::Int(id.0)
            }
        }

        impl FromValue for $name {
            fn from_value(value: &Value) -> Result<Self, String> {
                i64::from_value(value).map($name)
            }
        }
    )+};
}

ids! {
    /// `accounts.id`: who logs in.
    AccountId;
    /// `employers.id`.
    EmployerId;
    /// `persons.id`.
    PersonId;
    /// `applications.id` (people are shown its `number`).
    ApplicationId;
    /// `relationships.id`.
    RelationshipId;
    /// `certificates.id` (people are shown its `code`).
    CertificateId;
    /// `stop_requests.id` (待原单位减员).
    StopRequestId;
}
