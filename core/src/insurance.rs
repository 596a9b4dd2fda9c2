//! The five insurances (险种).

use crate::violation::Lang;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Insurance {
    /// 企业职工基本养老保险
    Pension,
    /// 失业保险
    Unemployment,
    /// 工伤保险 (employer only; rate per employer by industry class)
    WorkInjury,
    /// 职工基本医疗保险
    Medical,
    /// 生育保险
    Maternity,
}

impl Insurance {
    pub const ALL: [Insurance; 5] = [
        Insurance::Pension,
        Insurance::Unemployment,
        Insurance::WorkInjury,
        Insurance::Medical,
        Insurance::Maternity,
    ];

    /// The insurances an employer enrols and stops in this system; medical and
    /// maternity are registered through a separate entry, as the notice says.
    pub const EMPLOYER_MANAGED: [Insurance; 3] = [
        Insurance::Pension,
        Insurance::Unemployment,
        Insurance::WorkInjury,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Insurance::Pension => "pension",
            Insurance::Unemployment => "unemployment",
            Insurance::WorkInjury => "work_injury",
            Insurance::Medical => "medical",
            Insurance::Maternity => "maternity",
        }
    }

    pub fn from_code(code: &str) -> Option<Insurance> {
        Insurance::ALL.into_iter().find(|i| i.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Insurance::Pension, Lang::Zh) => "企业职工基本养老保险",
            (Insurance::Unemployment, Lang::Zh) => "失业保险",
            (Insurance::WorkInjury, Lang::Zh) => "工伤保险",
            (Insurance::Medical, Lang::Zh) => "职工基本医疗保险",
            (Insurance::Maternity, Lang::Zh) => "生育保险",
            (Insurance::Pension, Lang::En) => "pension",
            (Insurance::Unemployment, Lang::En) => "unemployment",
            (Insurance::WorkInjury, Lang::En) => "work injury",
            (Insurance::Medical, Lang::En) => "medical",
            (Insurance::Maternity, Lang::En) => "maternity",
        }
    }
}
