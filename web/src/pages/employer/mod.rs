//! The employer agent's pages (单位经办人): the 参保征缴 menu, 社会保险职工参保登记 (增员),
//! 社会保险职工暂停参保 (减员) and 单位业务申报进度查询, 批量增员 / 批量减员 from a spreadsheet,
//! and 单位参保证明.

pub mod batch;
pub mod certificate;
pub mod enrol;
pub mod menu;
pub mod progress;
pub mod search;
pub mod stop;
pub mod stop_requests;
