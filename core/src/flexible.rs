//! Flexible workers: 灵活就业人员参保登记 and 灵活就业人员社保中断.
//!
//! What a resident may do depends on their state ([`next_action`]): someone not insured,
//! or suspended, enrols; someone enrolled as a flexible worker suspends; someone insured
//! through an employer is refused. A flexible worker chooses their base within the
//! month's limits (it is refused, not clamped, when outside: it is their own choice) and
//! pays the whole pension contribution themselves.

use crate::contribution::{apply_rate, Amounts};
use crate::enrolment::parse_district;
use crate::insurance::Insurance;
use crate::money::Fen;
use crate::policy;
use crate::time::{self, handling_month, list_months, YearMonth};
use crate::violation::{Code, Violation, Violations};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum FlexState {
    NotInsured,
    /// Was a flexible worker; suspended.
    Suspended,
    /// Enrolled as a flexible worker since that month.
    FlexibleActive {
        #[cfg_attr(
            feature = "openapi",
            schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}$", example = "2026-11")
        )]
        since: YearMonth,
    },
    /// Insured through an employer.
    Employed,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlexAction {
    Enrol,
    Suspend,
}

/// What the 业务申报 step offers in this state.
pub fn next_action(state: &FlexState) -> Result<FlexAction, Violation> {
    match state {
        FlexState::NotInsured | FlexState::Suspended => Ok(FlexAction::Enrol),
        FlexState::FlexibleActive { .. } => Ok(FlexAction::Suspend),
        FlexState::Employed => Err(Violation::new(Code::FlexEmployed, "person")),
    }
}

/// The enrolment form (用户须知 acknowledgement and 业务申报), as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlexEnrolForm {
    /// A code of [`crate::region::DISTRICTS`] (户籍所在地).
    pub hukou_district: String,
    /// The chosen base, in yuan as typed.
    pub base: String,
    /// Also enrol in medical insurance (optional).
    pub include_medical: bool,
    pub notice_acknowledged: bool,
    pub checked_month: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlexEnrolPlan {
    pub handling_month: YearMonth,
    /// Always the handling month.
    pub start_month: YearMonth,
    pub hukou_district: String,
    pub base: Fen,
    /// Pension, and medical when chosen.
    pub insurances: Vec<Insurance>,
    /// The monthly pension contribution: all of it paid by the individual. (Medical for
    /// flexible workers is assessed by the medical entry, not here.)
    pub pension: Amounts,
}

/// Judges a flexible-worker enrolment.
pub fn plan_enrol(
    state: &FlexState,
    form: &FlexEnrolForm,
    now_ms: i64,
) -> Result<FlexEnrolPlan, Violations> {
    match state {
        FlexState::Employed => return Err(Violation::new(Code::FlexEmployed, "person").into()),
        FlexState::FlexibleActive { .. } => {
            return Err(Violation::new(Code::FlexAlready, "person").into())
        }
        FlexState::NotInsured | FlexState::Suspended => {}
    }
    let handling = handling_month(now_ms);
    let mut v = Violations::new();
    v.take(time::check_form_month(
        form.checked_month.as_deref(),
        handling,
    ));
    if !form.notice_acknowledged {
        v.push(Violation::new(Code::NoticeNotAcknowledged, "notice"));
    }
    let district = v.take(parse_district(&form.hukou_district, "hukou_district"));
    let limits = v.take(policy::base_limits(handling));
    let rate = v.take(policy::flexible_rate(handling));
    let base = v.take(Fen::parse_yuan(&form.base, "base").and_then(|base| {
        match limits {
            Some(l) if base < l.min || base > l.max => Err(Violation::new(Code::BaseRange, "base")
                .with("min", l.min)
                .with("max", l.max)),
            _ => Ok(base),
        }
    }));
    match (district, base, rate) {
        (Some(district), Some(base), Some(rate)) if v.is_empty() => {
            let mut insurances = vec![Insurance::Pension];
            if form.include_medical {
                insurances.push(Insurance::Medical);
            }
            Ok(FlexEnrolPlan {
                handling_month: handling,
                start_month: handling,
                hukou_district: district.code.to_string(),
                base,
                insurances,
                pension: Amounts {
                    employer: Fen::ZERO,
                    individual: apply_rate(base, rate.pension_bp),
                },
            })
        }
        _ => Err(v),
    }
}

/// The suspension form (灵活就业人员社保中断), as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlexSuspendForm {
    /// 增减年月, `YYYY-MM`.
    pub change_month: String,
    pub checked_month: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlexSuspendPlan {
    pub handling_month: YearMonth,
    pub change_month: YearMonth,
    /// Contributions end the month before the change.
    pub last_paid: YearMonth,
    pub retroactive: bool,
}

/// The months of change allowed: the handling month or the month before, but never
/// before the flexible enrolment began. Earliest first.
pub fn allowed_change_months(since: YearMonth, handling: YearMonth) -> Vec<YearMonth> {
    [handling.prev(), handling]
        .into_iter()
        .filter(|m| *m >= since)
        .collect()
}

pub fn plan_suspend(
    state: &FlexState,
    form: &FlexSuspendForm,
    now_ms: i64,
) -> Result<FlexSuspendPlan, Violations> {
    let FlexState::FlexibleActive { since } = *state else {
        return Err(Violation::new(Code::FlexNotEnrolled, "person").into());
    };
    let handling = handling_month(now_ms);
    let mut v = Violations::new();
    v.take(time::check_form_month(
        form.checked_month.as_deref(),
        handling,
    ));
    let change = v.take(
        YearMonth::parse(&form.change_month, "change_month").and_then(|m| {
            let allowed = allowed_change_months(since, handling);
            if allowed.contains(&m) {
                Ok(m)
            } else {
                Err(Violation::new(Code::ChangeMonthWindow, "change_month")
                    .with("allowed", list_months(&allowed)))
            }
        }),
    );
    match change {
        Some(change) if v.is_empty() => Ok(FlexSuspendPlan {
            handling_month: handling,
            change_month: change,
            last_paid: change.prev(),
            retroactive: change < handling,
        }),
        _ => Err(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{cst_instant, Date};

    fn now() -> i64 {
        cst_instant(Date::new(2026, 11, 15).unwrap(), 9, 0, 0)
    }

    fn ym(y: i32, m: u8) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn actions_by_state() {
        assert_eq!(next_action(&FlexState::NotInsured), Ok(FlexAction::Enrol));
        assert_eq!(next_action(&FlexState::Suspended), Ok(FlexAction::Enrol));
        assert_eq!(
            next_action(&FlexState::FlexibleActive { since: ym(2025, 1) }),
            Ok(FlexAction::Suspend)
        );
        assert_eq!(
            next_action(&FlexState::Employed).unwrap_err().code,
            Code::FlexEmployed
        );
    }

    #[test]
    fn enrol_within_the_limits() {
        let form = FlexEnrolForm {
            hukou_district: "330211".into(),
            base: "4812".into(),
            include_medical: true,
            notice_acknowledged: true,
            checked_month: Some("2026-11".into()),
        };
        let p = plan_enrol(&FlexState::NotInsured, &form, now()).unwrap();
        assert_eq!(p.start_month, ym(2026, 11));
        assert_eq!(p.pension.individual, Fen(96_240));
        let low = FlexEnrolForm {
            base: "4811.99".into(),
            notice_acknowledged: false,
            ..form
        };
        let e = plan_enrol(&FlexState::Suspended, &low, now()).unwrap_err();
        assert_eq!(
            e.codes(),
            vec![Code::NoticeNotAcknowledged, Code::BaseRange]
        );
    }

    #[test]
    fn suspend_window() {
        let state = FlexState::FlexibleActive {
            since: ym(2026, 11),
        };
        let form = |m: &str| FlexSuspendForm {
            change_month: m.into(),
            checked_month: None,
        };
        assert!(plan_suspend(&state, &form("2026-11"), now()).is_ok());
        let e = plan_suspend(&state, &form("2026-10"), now()).unwrap_err();
        assert_eq!(e.codes(), vec![Code::ChangeMonthWindow]);
        let e = plan_suspend(&FlexState::NotInsured, &form("2026-11"), now()).unwrap_err();
        assert_eq!(e.codes(), vec![Code::FlexNotEnrolled]);
    }
}
