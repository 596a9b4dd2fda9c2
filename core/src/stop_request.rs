//! Asking for a stop (待原单位减员): the new employer's enrolment was refused because the
//! person is still insured by an old employer (`ACTIVE_ELSEWHERE`), so it asks for the
//! old relationship to be stopped. The old employer is never named to the new one.
//!
//! ```text
//! open (待原单位减员) ──person confirms leaving──▶ confirmed (本人已确认离职)
//!   │  └─────────────┬──────────────────────────────┘
//!   │   old employer's 减员 approved, or a reviewer stops ──▶ stopped (已减员)
//!   └─ the new employer withdraws (from open or confirmed) ──▶ withdrawn (已撤回)
//! ```
//!
//! The old employer stops the person with the ordinary 减员 form (`stop::plan`). A
//! reviewer may stop the old relationship only when the old employer has had its 15
//! days or the person has confirmed leaving ([`reviewer_may_stop`]), and with the same
//! stop months as 减员 ([`plan_reviewer_stop`]), so never further back than they allow.

use crate::ids::CitizenId;
use crate::stop::{self, ActiveEmployment, StopForm, StopKind, StopPlan};
use crate::time::{cst_date, Date};
use crate::violation::{Code, Lang, Violation, Violations};
use serde::{Deserialize, Serialize};

/// Days the old employer has to stop the person itself before a reviewer may.
pub const EMPLOYER_DAYS: i64 = 15;

/// Where a request stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// 待原单位减员: waiting for the old employer (or the person, or a reviewer).
    Open,
    /// 本人已确认离职: the person confirmed leaving, with the last working day.
    Confirmed,
    /// 已减员: the old relationship ended; the new employer can enrol again.
    Stopped,
    /// 已撤回: the new employer no longer asks.
    Withdrawn,
}

impl RequestState {
    pub fn code(self) -> &'static str {
        match self {
            RequestState::Open => "open",
            RequestState::Confirmed => "confirmed",
            RequestState::Stopped => "stopped",
            RequestState::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        crate::violation::state_label(self.code(), lang)
    }

    /// Still waiting for the old relationship to end.
    pub fn is_pending(self) -> bool {
        matches!(self, RequestState::Open | RequestState::Confirmed)
    }
}

/// What happens to a request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestEvent {
    /// The person confirms leaving the old employer.
    Confirm,
    /// The old employer's 减员 of the person was approved.
    EmployerStop,
    /// A reviewer stopped the old relationship.
    ReviewerStop,
    /// The new employer withdraws the request.
    Withdraw,
}

impl RequestEvent {
    pub fn code(self) -> &'static str {
        match self {
            RequestEvent::Confirm => "confirm",
            RequestEvent::EmployerStop => "employer_stop",
            RequestEvent::ReviewerStop => "reviewer_stop",
            RequestEvent::Withdraw => "withdraw",
        }
    }
}

/// The state after `event`, or `TRANSITION` (field `stop_request`) when the state does
/// not allow it. Whether a reviewer may stop now is [`reviewer_may_stop`].
pub fn transition(state: RequestState, event: RequestEvent) -> Result<RequestState, Violation> {
    use RequestEvent as E;
    use RequestState as S;
    match (state, event) {
        (S::Open, E::Confirm) => Ok(S::Confirmed),
        (S::Open | S::Confirmed, E::EmployerStop | E::ReviewerStop) => Ok(S::Stopped),
        (S::Open | S::Confirmed, E::Withdraw) => Ok(S::Withdrawn),
        _ => Err(Violation::new(Code::Transition, FIELD)
            .with("from", state.code())
            .with("action", event.code())),
    }
}

const FIELD: &str = "stop_request";

/// A request as the store holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopRequest {
    pub state: RequestState,
    pub requested_at_ms: i64,
}

/// The first day (CST) on which a reviewer may stop the old relationship without the
/// person's confirmation: the old employer has the 15 days after the day of the request
/// (counted from the next day, 民法典 第二百零一条), so the 16th day after.
pub fn reviewer_may_stop_from(requested_at_ms: i64) -> Date {
    cst_date(requested_at_ms).add_days(EMPLOYER_DAYS + 1)
}

/// Whether a reviewer may stop the old relationship at `now_ms`: the request is
/// pending, and the person has confirmed leaving or the old employer's 15 days are over.
pub fn reviewer_may_stop(request: &StopRequest, now_ms: i64) -> Result<(), Violation> {
    transition(request.state, RequestEvent::ReviewerStop)?;
    let from = reviewer_may_stop_from(request.requested_at_ms);
    if request.state == RequestState::Confirmed || cst_date(now_ms) >= from {
        Ok(())
    } else {
        Err(Violation::new(Code::StopRequestWaiting, FIELD).with("from", from))
    }
}

/// The person's confirmation that they left, as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LeavingForm {
    /// 最后工作日, `YYYY-MM-DD`.
    pub last_working_day: String,
}

/// Judges the person's confirmation against the old relationship (`old`): the last
/// working day is not after today and not before the month the relationship began
/// (its earliest start). Answers the day.
pub fn confirm_leaving(
    state: RequestState,
    old: &ActiveEmployment,
    form: &LeavingForm,
    now_ms: i64,
) -> Result<Date, Violations> {
    transition(state, RequestEvent::Confirm)?;
    let field = "last_working_day";
    let day = Date::parse(&form.last_working_day, field)?;
    if day > cst_date(now_ms) {
        return Err(Violation::new(Code::LastDayFuture, field)
            .with("date", day)
            .into());
    }
    if let Some(start) = old.starts.values().min() {
        if day.year_month() < *start {
            return Err(Violation::new(Code::LastDayBeforeStart, field)
                .with("date", day)
                .with("start", start)
                .into());
        }
    }
    Ok(day)
}

/// A reviewer's stop, as typed: the 减员 form's month and reason, for the request's
/// person (whose ID the request holds).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewerStopForm {
    /// `YYYY-MM`: the stop month for pension and unemployment.
    pub stop_month: String,
    /// A `StopReason` code or its Chinese label.
    pub reason: String,
    pub checked_month: Option<String>,
}

/// Judges a reviewer's stop of the old relationship: allowed now ([`reviewer_may_stop`])
/// and then exactly the ordinary 减员 (`stop::plan`: the same months, never further
/// back). The person is taking a new job, so the relationship is suspended (暂停), never
/// terminated: retirement and death are not reasons here.
pub fn plan_reviewer_stop(
    request: &StopRequest,
    person: &CitizenId,
    old: Option<&ActiveEmployment>,
    form: &ReviewerStopForm,
    now_ms: i64,
) -> Result<StopPlan, Violations> {
    reviewer_may_stop(request, now_ms)?;
    let stop_form = StopForm {
        citizen_id: person.as_str().to_string(),
        stop_month: form.stop_month.clone(),
        reason: form.reason.clone(),
        checked_month: form.checked_month.clone(),
    };
    let plan = stop::plan(old, &stop_form, now_ms)?;
    if plan.kind == StopKind::Terminate {
        return Err(Violation::new(Code::BadChoice, "reason")
            .with("value", plan.reason.label(Lang::Zh))
            .into());
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insurance::Insurance;
    use crate::time::{cst_instant, YearMonth};

    fn at(y: i32, m: u8, d: u8, h: u8) -> i64 {
        cst_instant(Date::new(y, m, d).unwrap(), h, 0, 0)
    }

    fn old(start: YearMonth) -> ActiveEmployment {
        ActiveEmployment {
            starts: Insurance::EMPLOYER_MANAGED
                .into_iter()
                .map(|i| (i, start))
                .collect(),
        }
    }

    #[test]
    fn states_move_only_forward() {
        use RequestEvent as E;
        use RequestState as S;
        assert_eq!(transition(S::Open, E::Confirm), Ok(S::Confirmed));
        assert_eq!(transition(S::Confirmed, E::EmployerStop), Ok(S::Stopped));
        assert_eq!(transition(S::Open, E::ReviewerStop), Ok(S::Stopped));
        assert_eq!(transition(S::Confirmed, E::Withdraw), Ok(S::Withdrawn));
        for (s, e) in [
            (S::Confirmed, E::Confirm),
            (S::Stopped, E::Withdraw),
            (S::Withdrawn, E::Confirm),
            (S::Stopped, E::ReviewerStop),
        ] {
            assert_eq!(transition(s, e).unwrap_err().code, Code::Transition);
        }
        let e = transition(S::Stopped, E::Confirm).unwrap_err();
        assert_eq!(e.message(Lang::Zh), "办件当前为“已减员”状态，不能确认离职");
    }

    #[test]
    fn a_reviewer_waits_fifteen_days_unless_the_person_confirmed() {
        // Asked on 2026-11-01 at 23:00 CST: the 15 days are 11-02 to 11-16.
        let open = StopRequest {
            state: RequestState::Open,
            requested_at_ms: at(2026, 11, 1, 23),
        };
        assert_eq!(
            reviewer_may_stop_from(open.requested_at_ms).to_string(),
            "2026-11-17"
        );
        let e = reviewer_may_stop(&open, at(2026, 11, 16, 23)).unwrap_err();
        assert_eq!(
            (e.code, e.params["from"].as_str()),
            (Code::StopRequestWaiting, "2026-11-17")
        );
        assert_eq!(reviewer_may_stop(&open, at(2026, 11, 17, 0)), Ok(()));
        let confirmed = StopRequest {
            state: RequestState::Confirmed,
            ..open
        };
        assert_eq!(reviewer_may_stop(&confirmed, at(2026, 11, 2, 9)), Ok(()));
    }

    #[test]
    fn the_last_working_day_is_past_and_after_the_start() {
        let now = at(2026, 11, 15, 10);
        let old = old(YearMonth::new(2025, 3).unwrap());
        let confirm = |day: &str| {
            confirm_leaving(
                RequestState::Open,
                &old,
                &LeavingForm {
                    last_working_day: day.into(),
                },
                now,
            )
        };
        assert_eq!(confirm("2026-11-15").unwrap().to_string(), "2026-11-15");
        assert_eq!(confirm("2025-03-01").unwrap().to_string(), "2025-03-01");
        assert_eq!(
            confirm("2026-11-16").unwrap_err().codes(),
            [Code::LastDayFuture]
        );
        assert_eq!(
            confirm("2025-02-28").unwrap_err().codes(),
            [Code::LastDayBeforeStart]
        );
        assert_eq!(confirm("").unwrap_err().codes(), [Code::Required]);
    }

    #[test]
    fn a_reviewer_stops_as_an_employer_would() {
        let request = StopRequest {
            state: RequestState::Confirmed,
            requested_at_ms: at(2026, 12, 28, 10),
        };
        let person =
            CitizenId::parse("34052419800101001X", Date::new(2027, 1, 5).unwrap()).unwrap();
        let old = old(YearMonth::new(2020, 1).unwrap());
        let now = at(2027, 1, 5, 9);
        let form = |month: &str, reason: &str| ReviewerStopForm {
            stop_month: month.into(),
            reason: reason.into(),
            checked_month: None,
        };
        let p = plan_reviewer_stop(&request, &person, Some(&old), &form("2026-12", "辞职"), now)
            .unwrap();
        assert_eq!(p.stops[&Insurance::Pension].to_string(), "2026-12");
        assert_eq!(p.stops[&Insurance::WorkInjury].to_string(), "2027-01");
        let e = plan_reviewer_stop(&request, &person, Some(&old), &form("2026-11", "辞职"), now)
            .unwrap_err();
        assert_eq!(e.codes(), [Code::StopMonthWindow]);
        let e = plan_reviewer_stop(&request, &person, Some(&old), &form("2027-01", "退休"), now)
            .unwrap_err();
        assert_eq!(e.codes(), [Code::BadChoice]);
        let open = StopRequest {
            state: RequestState::Open,
            ..request
        };
        let e = plan_reviewer_stop(&open, &person, Some(&old), &form("2027-01", "辞职"), now)
            .unwrap_err();
        assert_eq!(e.codes(), [Code::StopRequestWaiting]);
    }
}
