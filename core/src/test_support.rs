//! What the rules' unit tests share: an instant on a CST day and a valid 增员 form to
//! vary, so each module's tests say only what they change.

use crate::enrolment::EnrolmentForm;
use crate::time::{cst_instant, Date};

/// 10:00 CST on the given day.
pub fn at(y: i32, m: u8, d: u8) -> i64 {
    cst_instant(Date::new(y, m, d).unwrap(), 10, 0, 0)
}

/// A valid enrolment for November 2026 (a new employee of an employer in 鄞州).
pub fn enrolment_form() -> EnrolmentForm {
    EnrolmentForm {
        citizen_id: "34052419800101001X".into(),
        name: "张三".into(),
        mobile: "13812345678".into(),
        hukou_district: "330211".into(),
        hukou_type: "urban".into(),
        employment_start: "2026-11-01".into(),
        monthly_wage: "6,500.00".into(),
        pension_start: "2026-11".into(),
        unemployment_start: "2026-11".into(),
        checked_month: Some("2026-11".into()),
    }
}
