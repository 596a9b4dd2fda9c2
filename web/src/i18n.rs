//! The one source of the UI's own strings, in Chinese and English. Messages about
//! rules (violations) come from `shebao-core`, never from here, so the browser and the
//! server say the same words.

use shebao_core::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    SiteTitle,
    SkipToContent,
    Preferences,
    ElderMode,
    IdCheckTitle,
    IdCheckIntro,
    CitizenIdLabel,
    CitizenIdHint,
    IdValid,
    BirthDate,
    Gender,
    Male,
    Female,
    Region,
    ClockFromServer,
    ClockFromDevice,
}

pub fn tr(lang: Lang, key: Key) -> &'static str {
    let (zh, en) = match key {
        Key::SiteTitle => ("浙江省社会保险网上服务系统", "Zhejiang Social Insurance Online Service"),
        Key::SkipToContent => ("跳到主要内容", "Skip to main content"),
        Key::Preferences => ("显示设置", "Display settings"),
        Key::ElderMode => ("长辈版", "Large text"),
        Key::IdCheckTitle => ("社会保障号码校验", "Check a social security number"),
        Key::IdCheckIntro => (
            "社会保障号码即18位公民身份号码。输入时即时校验，并显示出生日期和性别。",
            "The social security number is the 18-character citizen ID. It is checked as you type, and the birth date and gender are shown.",
        ),
        Key::CitizenIdLabel => ("社会保障号码", "Social security number"),
        Key::CitizenIdHint => ("18位，最后一位可能是X", "18 characters; the last may be X"),
        Key::IdValid => ("号码有效", "Valid number"),
        Key::BirthDate => ("出生日期", "Birth date"),
        Key::Gender => ("性别", "Gender"),
        Key::Male => ("男", "male"),
        Key::Female => ("女", "female"),
        Key::Region => ("发证地", "Issued in"),
        Key::ClockFromServer => ("按服务器时间校验", "Checked against the server's clock"),
        Key::ClockFromDevice => ("正在获取服务器时间，暂按本机时间校验", "Fetching the server's clock; checking against this device's for now"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
