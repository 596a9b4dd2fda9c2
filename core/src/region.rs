//! Administrative divisions: the province prefixes of citizen IDs (GB/T 2260) and the
//! districts of Zhejiang that Shebao serves (insured places, household registration).

use crate::violation::Lang;
use serde::Serialize;

/// Provinces by the first two digits of a GB/T 2260 code.
const PROVINCES: &[(&str, &str, &str)] = &[
    ("11", "北京市", "Beijing"),
    ("12", "天津市", "Tianjin"),
    ("13", "河北省", "Hebei"),
    ("14", "山西省", "Shanxi"),
    ("15", "内蒙古自治区", "Inner Mongolia"),
    ("21", "辽宁省", "Liaoning"),
    ("22", "吉林省", "Jilin"),
    ("23", "黑龙江省", "Heilongjiang"),
    ("31", "上海市", "Shanghai"),
    ("32", "江苏省", "Jiangsu"),
    ("33", "浙江省", "Zhejiang"),
    ("34", "安徽省", "Anhui"),
    ("35", "福建省", "Fujian"),
    ("36", "江西省", "Jiangxi"),
    ("37", "山东省", "Shandong"),
    ("41", "河南省", "Henan"),
    ("42", "湖北省", "Hubei"),
    ("43", "湖南省", "Hunan"),
    ("44", "广东省", "Guangdong"),
    ("45", "广西壮族自治区", "Guangxi"),
    ("46", "海南省", "Hainan"),
    ("50", "重庆市", "Chongqing"),
    ("51", "四川省", "Sichuan"),
    ("52", "贵州省", "Guizhou"),
    ("53", "云南省", "Yunnan"),
    ("54", "西藏自治区", "Tibet"),
    ("61", "陕西省", "Shaanxi"),
    ("62", "甘肃省", "Gansu"),
    ("63", "青海省", "Qinghai"),
    ("64", "宁夏回族自治区", "Ningxia"),
    ("65", "新疆维吾尔自治区", "Xinjiang"),
    ("71", "台湾省", "Taiwan"),
    ("81", "香港特别行政区", "Hong Kong"),
    ("82", "澳门特别行政区", "Macao"),
];

/// A province, named by the first two digits of a division code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Province {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

impl Province {
    pub fn by_prefix(prefix: &str) -> Option<Province> {
        PROVINCES
            .iter()
            .find(|(code, _, _)| *code == prefix)
            .map(|&(code, name_zh, name_en)| Province {
                code,
                name_zh,
                name_en,
            })
    }
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.name_zh,
            Lang::En => self.name_en,
        }
    }
}

/// Districts of Zhejiang served by Shebao: the insured places (参保地) an employer
/// certificate can name and the household-registration districts of residents. The
/// service is province-wide (全省通办); the list holds Ningbo's districts and each
/// other city's own level (市本级).
pub const DISTRICTS: &[District] = &[
    District {
        code: "330200",
        name_zh: "宁波市—市本级",
        name_en: "Ningbo (city level)",
    },
    District {
        code: "330203",
        name_zh: "宁波市—海曙区",
        name_en: "Ningbo Haishu",
    },
    District {
        code: "330205",
        name_zh: "宁波市—江北区",
        name_en: "Ningbo Jiangbei",
    },
    District {
        code: "330206",
        name_zh: "宁波市—北仑区",
        name_en: "Ningbo Beilun",
    },
    District {
        code: "330211",
        name_zh: "宁波市—镇海区",
        name_en: "Ningbo Zhenhai",
    },
    District {
        code: "330212",
        name_zh: "宁波市—鄞州区",
        name_en: "Ningbo Yinzhou",
    },
    District {
        code: "330213",
        name_zh: "宁波市—奉化区",
        name_en: "Ningbo Fenghua",
    },
    District {
        code: "330225",
        name_zh: "宁波市—象山县",
        name_en: "Ningbo Xiangshan",
    },
    District {
        code: "330226",
        name_zh: "宁波市—宁海县",
        name_en: "Ningbo Ninghai",
    },
    District {
        code: "330281",
        name_zh: "宁波市—余姚市",
        name_en: "Ningbo Yuyao",
    },
    District {
        code: "330282",
        name_zh: "宁波市—慈溪市",
        name_en: "Ningbo Cixi",
    },
    District {
        code: "330100",
        name_zh: "杭州市—市本级",
        name_en: "Hangzhou (city level)",
    },
    District {
        code: "330300",
        name_zh: "温州市—市本级",
        name_en: "Wenzhou (city level)",
    },
    District {
        code: "330400",
        name_zh: "嘉兴市—市本级",
        name_en: "Jiaxing (city level)",
    },
    District {
        code: "330500",
        name_zh: "湖州市—市本级",
        name_en: "Huzhou (city level)",
    },
    District {
        code: "330600",
        name_zh: "绍兴市—市本级",
        name_en: "Shaoxing (city level)",
    },
    District {
        code: "330700",
        name_zh: "金华市—市本级",
        name_en: "Jinhua (city level)",
    },
    District {
        code: "330800",
        name_zh: "衢州市—市本级",
        name_en: "Quzhou (city level)",
    },
    District {
        code: "330900",
        name_zh: "舟山市—市本级",
        name_en: "Zhoushan (city level)",
    },
    District {
        code: "331000",
        name_zh: "台州市—市本级",
        name_en: "Taizhou (city level)",
    },
    District {
        code: "331100",
        name_zh: "丽水市—市本级",
        name_en: "Lishui (city level)",
    },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct District {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

impl District {
    pub fn by_code(code: &str) -> Option<District> {
        DISTRICTS.iter().copied().find(|d| d.code == code)
    }
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.name_zh,
            Lang::En => self.name_en,
        }
    }
}
