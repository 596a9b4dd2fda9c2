//! Applications (业务申报): every enrolment, stop and flexible-worker change is one, with
//! a state that only moves along the transitions below.
//!
//! ```text
//! submitted (待审核) ──approve──▶ approved (审核通过)
//!     │       └──────reject(reason)──▶ rejected (审核不通过)
//!     └──withdraw──▶ withdrawn (已撤回)
//! ```
//!
//! Clean applications (no [`ReviewFlag`]) are approved by a scheduled reviewer, never
//! sooner than [`AUTO_REVIEW_DELAY_MS`] after submission, so every submission can be
//! withdrawn for at least ten minutes; flagged ones wait for an agency reviewer.

use crate::violation::{Code, Lang, Violation};
use serde::{Deserialize, Serialize};

/// Ten minutes: the least time a submission stays withdrawable.
pub const AUTO_REVIEW_DELAY_MS: i64 = 10 * 60 * 1000;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Named apart from the certificate `Kind` in the OpenAPI document.
#[cfg_attr(feature = "openapi", schema(as = ApplicationKind))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 社会保险职工参保登记 (增员)
    Enrol,
    /// 社会保险职工暂停参保 (减员)
    Stop,
    /// 灵活就业人员参保登记
    FlexEnrol,
    /// 灵活就业人员社保中断
    FlexSuspend,
    /// 开办企业: a new unit's social-insurance registration and its first employees'
    /// enrolments, filed together by its founder and decided as one (`crate::opening`).
    Opening,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Enrol,
        Kind::Stop,
        Kind::FlexEnrol,
        Kind::FlexSuspend,
        Kind::Opening,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Enrol => "enrol",
            Kind::Stop => "stop",
            Kind::FlexEnrol => "flex_enrol",
            Kind::FlexSuspend => "flex_suspend",
            Kind::Opening => "opening",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Enrol, Lang::Zh) => "社会保险职工参保登记",
            (Kind::Stop, Lang::Zh) => "社会保险职工暂停参保",
            (Kind::FlexEnrol, Lang::Zh) => "灵活就业人员参保登记",
            (Kind::FlexSuspend, Lang::Zh) => "灵活就业人员社保中断",
            (Kind::Opening, Lang::Zh) => "开办企业单位参保登记及职工新增申报",
            (Kind::Enrol, Lang::En) => "Employee enrolment",
            (Kind::Stop, Lang::En) => "Employee stop",
            (Kind::FlexEnrol, Lang::En) => "Flexible worker enrolment",
            (Kind::FlexSuspend, Lang::En) => "Flexible worker suspension",
            (Kind::Opening, Lang::En) => "New company: unit registration and first employees",
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 待审核
    Submitted,
    /// 审核通过
    Approved,
    /// 审核不通过
    Rejected,
    /// 已撤回
    Withdrawn,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Submitted,
        State::Approved,
        State::Rejected,
        State::Withdrawn,
    ];

    /// The stable lowercase code (`violation::state_label` renders it).
    pub fn code(self) -> &'static str {
        match self {
            State::Submitted => "submitted",
            State::Approved => "approved",
            State::Rejected => "rejected",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        crate::violation::state_label(self.code(), lang)
    }

    /// No transition leaves a final state.
    pub fn is_final(self) -> bool {
        self != State::Submitted
    }
}

/// What a reviewer or the applicant does to an application.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    Approve,
    /// A rejection always says why; the reason is shown to the applicant.
    Reject {
        reason: String,
    },
    Withdraw,
}

impl Action {
    pub fn code(&self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject { .. } => "reject",
            Action::Withdraw => "withdraw",
        }
    }
}

/// The most characters a rejection reason may have.
pub const REASON_MAX_CHARS: usize = 200;

/// The state after `action`, or `TRANSITION` (with `from` and `action`) when the state
/// does not allow it; a rejection without a reason is `REQUIRED` on `reason`.
pub fn transition(state: State, action: &Action) -> Result<State, Violation> {
    if state != State::Submitted {
        return Err(Violation::new(Code::Transition, "application")
            .with("from", state.code())
            .with("action", action.code()));
    }
    match action {
        Action::Approve => Ok(State::Approved),
        Action::Withdraw => Ok(State::Withdrawn),
        Action::Reject { reason } => {
            let reason = crate::text::normalize_text(reason);
            if reason.is_empty() {
                Err(Violation::new(Code::Required, "reason"))
            } else if reason.chars().count() > REASON_MAX_CHARS {
                Err(Violation::new(Code::TooLong, "reason").with("max", REASON_MAX_CHARS))
            } else {
                Ok(State::Rejected)
            }
        }
    }
}

/// Why an application waits for an agency reviewer instead of being auto-approved.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewFlag {
    /// A start or stop month before the handling month.
    Retroactive,
    /// The wage was raised to the minimum or lowered to the maximum base.
    ClampedBase,
    /// At or past the statutory retirement age in the handling month.
    RetirementAge,
    /// A resumption where the typed name differs from the record's.
    NameMismatch,
    /// A new unit registered more than 30 days after it was founded (社会保险法 第五十七条).
    LateUnitRegistration,
    /// An employee registered more than 30 days after being hired (社会保险法 第五十八条).
    LateEmployeeRegistration,
}

impl ReviewFlag {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReviewFlag::Retroactive, Lang::Zh) => "补办往月",
            (ReviewFlag::ClampedBase, Lang::Zh) => "缴费基数已按上下限调整",
            (ReviewFlag::RetirementAge, Lang::Zh) => "已达法定退休年龄",
            (ReviewFlag::NameMismatch, Lang::Zh) => "姓名与登记信息不一致",
            (ReviewFlag::LateUnitRegistration, Lang::Zh) => "成立超过30日办理社会保险登记",
            (ReviewFlag::LateEmployeeRegistration, Lang::Zh) => "用工超过30日办理参保登记",
            (ReviewFlag::Retroactive, Lang::En) => "retroactive month",
            (ReviewFlag::ClampedBase, Lang::En) => "base adjusted to the limits",
            (ReviewFlag::RetirementAge, Lang::En) => "at or past retirement age",
            (ReviewFlag::NameMismatch, Lang::En) => "name differs from the record",
            (ReviewFlag::LateUnitRegistration, Lang::En) => {
                "unit registered over 30 days after founding"
            }
            (ReviewFlag::LateEmployeeRegistration, Lang::En) => {
                "registered over 30 days after hiring"
            }
        }
    }
}

/// True when the scheduled reviewer may look at a submission: at least ten minutes
/// after it was submitted (exactly ten minutes counts).
pub fn auto_review_due(submitted_at_ms: i64, now_ms: i64) -> bool {
    now_ms - submitted_at_ms >= AUTO_REVIEW_DELAY_MS
}

/// True when the scheduled reviewer approves the application now: it is still
/// submitted, it has no review flags (flagged ones wait for a person), and its ten
/// minutes are up.
pub fn auto_approve(state: State, flags: &[ReviewFlag], submitted_at_ms: i64, now_ms: i64) -> bool {
    state == State::Submitted && flags.is_empty() && auto_review_due(submitted_at_ms, now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_submitted_moves() {
        assert_eq!(
            transition(State::Submitted, &Action::Approve),
            Ok(State::Approved)
        );
        assert_eq!(
            transition(State::Submitted, &Action::Withdraw),
            Ok(State::Withdrawn)
        );
        let reject = Action::Reject {
            reason: "材料不全".into(),
        };
        assert_eq!(transition(State::Submitted, &reject), Ok(State::Rejected));
        let e = transition(State::Submitted, &Action::Reject { reason: " ".into() }).unwrap_err();
        assert_eq!(e.code, Code::Required);
        for s in [State::Approved, State::Rejected, State::Withdrawn] {
            for a in [Action::Approve, Action::Withdraw, reject.clone()] {
                assert_eq!(transition(s, &a).unwrap_err().code, Code::Transition);
            }
        }
        let e = transition(State::Approved, &Action::Withdraw).unwrap_err();
        assert_eq!(e.message(Lang::Zh), "办件当前为“审核通过”状态，不能撤回");
    }

    #[test]
    fn ten_minutes_then_only_clean_ones() {
        assert!(!auto_review_due(0, AUTO_REVIEW_DELAY_MS - 1));
        assert!(auto_review_due(0, AUTO_REVIEW_DELAY_MS));
        assert!(auto_approve(State::Submitted, &[], 0, AUTO_REVIEW_DELAY_MS));
        assert!(!auto_approve(
            State::Submitted,
            &[ReviewFlag::Retroactive],
            0,
            AUTO_REVIEW_DELAY_MS
        ));
        assert!(!auto_approve(
            State::Withdrawn,
            &[],
            0,
            AUTO_REVIEW_DELAY_MS
        ));
    }
}
