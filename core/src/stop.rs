//! Stopping an employee: 社会保险职工暂停参保 (减员).
//!
//! The stop month (停保年月) is the first month without contributions: they end the
//! month before it, so the last paid month is `stop − 1`. Pension and unemployment may be
//! stopped in the handling month or the month before; work injury is never stopped
//! retroactively (someone injured last month must still be covered), so its stop month
//! is always the handling month. No insurance may end before it started.

use crate::application::ReviewFlag;
use crate::ids::CitizenId;
use crate::insurance::Insurance;
use crate::text::normalize_text;
use crate::time::{self, cst_date, handling_month, list_months, YearMonth};
use crate::violation::{Code, Lang, Violation, Violations};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whether the insurance relationship is paused or over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopKind {
    /// 暂停: the person may be enrolled again.
    Suspend,
    /// 终止: retirement or death.
    Terminate,
}

/// Why an employee is stopped, with a stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// 解除劳动合同
    ContractEnded,
    /// 辞职
    Resigned,
    /// 辞退
    Dismissed,
    /// 参军
    Military,
    /// 其他
    Other,
    /// 退休
    Retired,
    /// 死亡
    Deceased,
}

impl StopReason {
    pub const ALL: [StopReason; 7] = [
        StopReason::ContractEnded,
        StopReason::Resigned,
        StopReason::Dismissed,
        StopReason::Military,
        StopReason::Other,
        StopReason::Retired,
        StopReason::Deceased,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StopReason::ContractEnded => "contract_ended",
            StopReason::Resigned => "resigned",
            StopReason::Dismissed => "dismissed",
            StopReason::Military => "military",
            StopReason::Other => "other",
            StopReason::Retired => "retired",
            StopReason::Deceased => "deceased",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (StopReason::ContractEnded, Lang::Zh) => "解除劳动合同",
            (StopReason::Resigned, Lang::Zh) => "辞职",
            (StopReason::Dismissed, Lang::Zh) => "辞退",
            (StopReason::Military, Lang::Zh) => "参军",
            (StopReason::Other, Lang::Zh) => "其他",
            (StopReason::Retired, Lang::Zh) => "退休",
            (StopReason::Deceased, Lang::Zh) => "死亡",
            (StopReason::ContractEnded, Lang::En) => "Employment contract ended",
            (StopReason::Resigned, Lang::En) => "Resigned",
            (StopReason::Dismissed, Lang::En) => "Dismissed",
            (StopReason::Military, Lang::En) => "Joined the army",
            (StopReason::Other, Lang::En) => "Other",
            (StopReason::Retired, Lang::En) => "Retired",
            (StopReason::Deceased, Lang::En) => "Deceased",
        }
    }

    pub fn kind(self) -> StopKind {
        match self {
            StopReason::Retired | StopReason::Deceased => StopKind::Terminate,
            _ => StopKind::Suspend,
        }
    }

    /// Accepts the stable code or the Chinese label (as in a spreadsheet for batch stop).
    pub fn parse(input: &str, field: &str) -> Result<StopReason, Violation> {
        let text = normalize_text(input);
        if text.is_empty() {
            return Err(Violation::new(Code::Required, field));
        }
        StopReason::ALL
            .into_iter()
            .find(|r| r.code() == text || r.label(Lang::Zh) == text)
            .ok_or_else(|| Violation::new(Code::BadChoice, field).with("value", text))
    }
}

/// The stop months allowed in `handling`, earliest first: pension and unemployment the
/// handling month or the month before; work injury only the handling month.
pub fn allowed_stop_months(insurance: Insurance, handling: YearMonth) -> Vec<YearMonth> {
    match insurance {
        Insurance::WorkInjury => vec![handling],
        _ => vec![handling.prev(), handling],
    }
}

/// The person's active employment at this employer: start month per insurance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveEmployment {
    pub starts: BTreeMap<Insurance, YearMonth>,
}

/// The stop form, as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StopForm {
    pub citizen_id: String,
    /// `YYYY-MM`: the stop month for pension and unemployment.
    pub stop_month: String,
    /// A [`StopReason`] code or its Chinese label.
    pub reason: String,
    pub checked_month: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopPlan {
    pub handling_month: YearMonth,
    pub citizen_id: CitizenId,
    pub reason: StopReason,
    pub kind: StopKind,
    /// Stop month per insurance (the first month without contributions).
    pub stops: BTreeMap<Insurance, YearMonth>,
    /// Last paid month per insurance (`stop − 1`).
    pub last_paid: BTreeMap<Insurance, YearMonth>,
    pub flags: Vec<ReviewFlag>,
}

impl StopPlan {
    pub fn needs_review(&self) -> bool {
        !self.flags.is_empty()
    }
}

/// Judges a stop form against the person's active employment here (`None`: the person
/// is not an active employee of this employer).
pub fn plan(
    active: Option<&ActiveEmployment>,
    form: &StopForm,
    now_ms: i64,
) -> Result<StopPlan, Violations> {
    let active = active.ok_or_else(|| Violation::new(Code::NotActiveHere, CitizenId::FIELD))?;
    let handling = handling_month(now_ms);
    let mut v = Violations::new();

    v.take(time::check_form_month(
        form.checked_month.as_deref(),
        handling,
    ));
    let id = v.take(CitizenId::parse(&form.citizen_id, cst_date(now_ms)));
    let stop = v.take(
        YearMonth::parse(&form.stop_month, "stop_month").and_then(|m| {
            let allowed = allowed_stop_months(Insurance::Pension, handling);
            if allowed.contains(&m) {
                Ok(m)
            } else {
                Err(Violation::new(Code::StopMonthWindow, "stop_month")
                    .with("insurance", Insurance::Pension.code())
                    .with("allowed", list_months(&allowed)))
            }
        }),
    );
    let reason = v.take(StopReason::parse(&form.reason, "reason"));

    let mut stops = BTreeMap::new();
    let mut last_paid = BTreeMap::new();
    if let Some(stop) = stop {
        for (&insurance, &start) in &active.starts {
            let month = match insurance {
                Insurance::WorkInjury => handling,
                Insurance::Pension | Insurance::Unemployment => stop,
                // Medical and maternity are stopped through their own entry.
                Insurance::Medical | Insurance::Maternity => continue,
            };
            let last = month.prev();
            if last < start {
                v.push(
                    Violation::new(Code::StopBeforeStart, "stop_month")
                        .with("insurance", insurance.code())
                        .with("last_paid", last)
                        .with("start", start),
                );
            }
            stops.insert(insurance, month);
            last_paid.insert(insurance, last);
        }
    }

    match (id, stop, reason) {
        (Some(citizen_id), Some(stop), Some(reason)) if v.is_empty() => {
            let mut flags = Vec::new();
            if stop < handling {
                flags.push(ReviewFlag::Retroactive);
            }
            Ok(StopPlan {
                handling_month: handling,
                citizen_id,
                reason,
                kind: reason.kind(),
                stops,
                last_paid,
                flags,
            })
        }
        _ => Err(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{cst_instant, Date};

    fn ym(y: i32, m: u8) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn active(start: YearMonth) -> ActiveEmployment {
        ActiveEmployment {
            starts: Insurance::EMPLOYER_MANAGED
                .into_iter()
                .map(|i| (i, start))
                .collect(),
        }
    }

    fn now() -> i64 {
        cst_instant(Date::new(2027, 1, 5).unwrap(), 9, 0, 0)
    }

    fn form(stop: &str, reason: &str) -> StopForm {
        StopForm {
            citizen_id: "34052419800101001X".into(),
            stop_month: stop.into(),
            reason: reason.into(),
            checked_month: None,
        }
    }

    #[test]
    fn retroactive_stop_over_the_year_boundary() {
        let p = plan(Some(&active(ym(2020, 1))), &form("2026-12", "辞职"), now()).unwrap();
        assert_eq!(p.stops[&Insurance::Pension], ym(2026, 12));
        assert_eq!(p.last_paid[&Insurance::Pension], ym(2026, 11));
        assert_eq!(p.stops[&Insurance::WorkInjury], ym(2027, 1));
        assert_eq!(p.kind, StopKind::Suspend);
        assert_eq!(p.flags, vec![ReviewFlag::Retroactive]);
    }

    #[test]
    fn refusals() {
        let e = plan(None, &form("2027-01", "retired"), now()).unwrap_err();
        assert_eq!(e.codes(), vec![Code::NotActiveHere]);
        let e = plan(Some(&active(ym(2020, 1))), &form("2026-11", "x"), now()).unwrap_err();
        assert_eq!(e.codes(), vec![Code::StopMonthWindow, Code::BadChoice]);
        let e = plan(Some(&active(ym(2027, 1))), &form("2027-01", "death"), now()).unwrap_err();
        assert_eq!(
            e.codes(),
            vec![
                Code::BadChoice,
                Code::StopBeforeStart,
                Code::StopBeforeStart,
                Code::StopBeforeStart
            ]
        );
        assert_eq!(StopReason::Deceased.kind(), StopKind::Terminate);
    }
}
