//! The stop form (减员) and the flexible worker's enrolment and suspension (灵活就业)
//! from arbitrary or well-formed fields, any state and any instant from 2020 to 2030.
//! A verdict is a plan or a non-empty list of well-formed violations against the form's
//! fields; a field its own parser refuses is reported against that field; an accepted
//! plan holds what its fields parse to, inside the windows of its handling month.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use shebao_core::api::{ActiveEmployment, FlexEnrolForm, FlexSuspendForm, StopForm, StopPlan};
use shebao_core::flexible::{self, allowed_change_months, FlexState};
use shebao_core::ids::CitizenId;
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::policy;
use shebao_core::stop::{self, allowed_stop_months, StopReason};
use shebao_core::time::{cst_date, handling_month, YearMonth};
use shebao_fuzz::*;
use std::collections::BTreeMap;

#[derive(Arbitrary, Debug)]
enum Input {
    Stop {
        /// Months before the handling month each insurance started; `None`: not active here.
        active: Option<[u8; 3]>,
        citizen_id: Typed,
        stop_month: Typed,
        reason: Typed,
        checked_month: Option<Typed>,
        now: u64,
    },
    FlexEnrol {
        state: u8,
        hukou_district: Typed,
        base: Typed,
        include_medical: bool,
        notice_acknowledged: bool,
        checked_month: Option<Typed>,
        now: u64,
    },
    FlexSuspend {
        /// `None`: not a flexible worker; else months before the handling month enrolled.
        since: Option<u8>,
        change_month: Typed,
        checked_month: Option<Typed>,
        now: u64,
    },
}

fuzz_target!(|input: Input| match input {
    Input::Stop {
        active,
        citizen_id: id,
        stop_month,
        reason,
        checked_month,
        now,
    } => {
        let now = now_ms(now);
        let (today, handling) = (cst_date(now), handling_month(now));
        let active = active.map(|back| ActiveEmployment {
            starts: [
                Insurance::Pension,
                Insurance::Unemployment,
                Insurance::WorkInjury,
            ]
            .into_iter()
            .zip(back)
            .map(|(i, b)| (i, handling.add_months(-i32::from(b % 40))))
            .collect::<BTreeMap<_, _>>(),
        });
        let form = StopForm {
            citizen_id: id.text(|s| citizen_id(s, today)),
            stop_month: stop_month.text(|s| month_near(s, handling)),
            reason: reason.text(|s| {
                let r = StopReason::ALL[s as usize % StopReason::ALL.len()];
                r.code().to_string()
            }),
            checked_month: checked_month.map(|t| t.text(|s| month_near(s, handling))),
        };
        let result = stop::plan(active.as_ref(), &form, now);
        assert_eq!(stop::plan(active.as_ref(), &form, now), result);
        match &result {
            Err(v) => {
                check_refusal(
                    v,
                    &[
                        "citizen_id",
                        "stop_month",
                        "reason",
                        "checked_month",
                        "month",
                    ],
                );
                if active.is_some() {
                    let reported = |f: &str| v.iter().any(|x| x.field == f);
                    if CitizenId::parse(&form.citizen_id, today).is_err() {
                        assert!(reported("citizen_id"), "{v:?}");
                    }
                    if YearMonth::parse(&form.stop_month, "stop_month").is_err() {
                        assert!(reported("stop_month"), "{v:?}");
                    }
                    if StopReason::parse(&form.reason, "reason").is_err() {
                        assert!(reported("reason"), "{v:?}");
                    }
                }
            }
            Ok(plan) => accepted_stop(plan, &form, active.as_ref().unwrap(), now),
        }
        check_verdict(result);
    }
    Input::FlexEnrol {
        state,
        hukou_district,
        base,
        include_medical,
        notice_acknowledged,
        checked_month,
        now,
    } => {
        let now = now_ms(now);
        let handling = handling_month(now);
        let state = flex_state(state, handling);
        let form = FlexEnrolForm {
            hukou_district: hukou_district.text(district),
            base: base.text(yuan),
            include_medical,
            notice_acknowledged,
            checked_month: checked_month.map(|t| t.text(|s| month_near(s, handling))),
        };
        let result = flexible::plan_enrol(&state, &form, now);
        assert_eq!(flexible::plan_enrol(&state, &form, now), result);
        match &result {
            Err(v) => {
                let fields = [
                    "person",
                    "checked_month",
                    "notice",
                    "hukou_district",
                    "base",
                    "month",
                ];
                check_refusal(v, &fields);
                if matches!(state, FlexState::NotInsured | FlexState::Suspended) {
                    let reported = |f: &str| v.iter().any(|x| x.field == f);
                    if !notice_acknowledged {
                        assert!(reported("notice"), "{v:?}");
                    }
                    if Fen::parse_yuan(&form.base, "base").is_err() {
                        assert!(reported("base"), "{v:?}");
                    }
                }
            }
            Ok(plan) => {
                assert!(matches!(
                    state,
                    FlexState::NotInsured | FlexState::Suspended
                ));
                assert!(notice_acknowledged);
                assert_eq!(plan.handling_month, handling);
                assert_eq!(plan.start_month, handling);
                assert_eq!(Fen::parse_yuan(&form.base, "base"), Ok(plan.base));
                let limits = policy::base_limits(handling).expect("policy in force");
                assert!(limits.min <= plan.base && plan.base <= limits.max);
                assert_eq!(plan.insurances.first(), Some(&Insurance::Pension));
                assert_eq!(
                    plan.insurances.contains(&Insurance::Medical),
                    include_medical
                );
                assert_eq!(plan.pension.employer, Fen::ZERO);
                assert!(
                    Fen::ZERO <= plan.pension.individual && plan.pension.individual <= plan.base
                );
            }
        }
        check_verdict(result);
    }
    Input::FlexSuspend {
        since,
        change_month,
        checked_month,
        now,
    } => {
        let now = now_ms(now);
        let handling = handling_month(now);
        let state = match since {
            Some(back) => FlexState::FlexibleActive {
                since: handling.add_months(-i32::from(back % 30)),
            },
            None => FlexState::NotInsured,
        };
        let form = FlexSuspendForm {
            change_month: change_month.text(|s| month_near(s, handling)),
            checked_month: checked_month.map(|t| t.text(|s| month_near(s, handling))),
        };
        let result = flexible::plan_suspend(&state, &form, now);
        match &result {
            Err(v) => {
                check_refusal(v, &["person", "checked_month", "change_month"]);
                if since.is_some() && YearMonth::parse(&form.change_month, "change_month").is_err()
                {
                    assert!(v.iter().any(|x| x.field == "change_month"), "{v:?}");
                }
            }
            Ok(plan) => {
                let FlexState::FlexibleActive { since } = state else {
                    panic!("suspended someone who is not a flexible worker");
                };
                assert_eq!(plan.handling_month, handling);
                assert!(allowed_change_months(since, handling).contains(&plan.change_month));
                assert_eq!(plan.last_paid, plan.change_month.prev());
                assert_eq!(plan.retroactive, plan.change_month < handling);
                assert_eq!(
                    YearMonth::parse(&form.change_month, "x"),
                    Ok(plan.change_month)
                );
            }
        }
        check_verdict(result);
    }
});

fn flex_state(choice: u8, handling: YearMonth) -> FlexState {
    match choice % 4 {
        0 => FlexState::NotInsured,
        1 => FlexState::Suspended,
        2 => FlexState::Employed,
        _ => FlexState::FlexibleActive {
            since: handling.prev(),
        },
    }
}

/// An accepted stop holds the form's ID, reason and month, for each insurance that is
/// active here, never before it started.
fn accepted_stop(plan: &StopPlan, form: &StopForm, active: &ActiveEmployment, now: i64) {
    let (today, handling) = (cst_date(now), handling_month(now));
    assert_eq!(plan.handling_month, handling);
    assert_eq!(
        Ok(&plan.citizen_id),
        CitizenId::parse(&form.citizen_id, today).as_ref()
    );
    assert_eq!(Ok(plan.reason), StopReason::parse(&form.reason, "reason"));
    assert_eq!(plan.kind, plan.reason.kind());
    let stop = YearMonth::parse(&form.stop_month, "x").expect("accepted stop month parses");
    assert!(allowed_stop_months(Insurance::Pension, handling).contains(&stop));
    for (insurance, start) in &active.starts {
        let month = plan.stops[insurance];
        assert_eq!(plan.last_paid[insurance], month.prev());
        assert!(
            month.prev() >= *start,
            "stopped before it started: {plan:?}"
        );
        let expected = if *insurance == Insurance::WorkInjury {
            handling
        } else {
            stop
        };
        assert_eq!(month, expected);
    }
    assert_eq!(plan.stops.len(), active.starts.len());
}
