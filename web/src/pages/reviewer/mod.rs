//! The agency reviewer's pages (经办人员): the queue, and one application with its
//! evidence and the decision.

pub mod queue;
pub mod review;
pub mod stop_requests;
