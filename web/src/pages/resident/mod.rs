//! The resident's pages (参保人), mobile first: the five insurances, contribution
//! history, 基本养老历年参保, 灵活就业人员参保登记, and 个人参保证明, and 开办企业 (the filing wizard and 我的开办申请).

pub mod certificate;
pub mod flexible;
pub mod home;
pub mod opening;
pub mod openings;
pub mod records;
pub mod stop_requests;
