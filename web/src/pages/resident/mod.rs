//! The resident's pages (参保人), mobile first: the five insurances, contribution
//! history, 基本养老历年参保, 灵活就业人员参保登记, and 个人参保证明.

pub mod certificate;
pub mod flexible;
pub mod home;
pub mod records;
