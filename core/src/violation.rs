//! Violations: why something was refused, as data.
//!
//! A violation has a stable [`Code`] (the same from the browser and from the server,
//! and what API clients match on), the field it concerns and named parameters. Only this
//! module turns it into words, in Chinese and English, so every screen and every API
//! answer says the same thing.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The two languages of the UI. Chinese first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

macro_rules! codes {
    ( $( $(#[$doc:meta])* $variant:ident = $code:literal { zh: $zh:literal, en: $en:literal } )* ) => {
        /// Every reason for a refusal, with a stable string code.
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Code {
            $(
                $(#[$doc])*
                #[serde(rename = $code)]
                #[cfg_attr(feature = "openapi", schema(rename = $code))]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in declaration order (the vectors check each one is exercised).
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable code, e.g. `ID_CHECK`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The code named by its stable string, if there is one.
            pub fn from_code(code: &str) -> Option<Code> {
                match code { $( $code => Some(Code::$variant), )* _ => None }
            }

            /// The message template; `{name}` is replaced by the parameter `name`.
            fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Code::$variant, Lang::Zh) => $zh, (Code::$variant, Lang::En) => $en, )*
                }
            }
        }
    };
}

codes! {
    // ---- any field ----
    /// Nothing was entered where something is required.
    Required = "REQUIRED" { zh: "此项为必填项", en: "This field is required." }
    /// Too many characters.
    TooLong = "TOO_LONG" { zh: "不能超过{max}个字符", en: "Must be at most {max} characters." }
    /// Wrong number of characters.
    BadLength = "BAD_LENGTH" { zh: "应为{expected}位，现为{actual}位", en: "Must be {expected} characters long; {actual} entered." }
    /// A character that is not allowed at this position (1-based).
    BadChar = "BAD_CHAR" { zh: "第{position}位“{char}”不是允许的字符", en: "Character {position} (“{char}”) is not allowed here." }
    /// The text does not have the expected shape.
    BadFormat = "BAD_FORMAT" { zh: "格式不正确，应为{expected}", en: "Wrong format; expected {expected}." }
    /// A value that is not one of the choices offered.
    BadChoice = "BAD_CHOICE" { zh: "“{value}”不是可选的项目", en: "“{value}” is not one of the choices." }
    /// A date that does not exist (e.g. 2023-02-30).
    DateInvalid = "DATE_INVALID" { zh: "{date}不是真实的日期", en: "{date} is not a real date." }

    // ---- identifiers ----
    /// The first two digits of a citizen ID are not a province code.
    IdRegion = "ID_REGION" { zh: "前两位“{prefix}”不是有效的省级行政区划代码", en: "The first two digits “{prefix}” are not a valid province code." }
    /// Digits 7–14 of a citizen ID are not a real date.
    IdBirthDate = "ID_BIRTH_DATE" { zh: "第7至14位出生日期“{date}”不是真实的日期", en: "The birth date in digits 7–14 (“{date}”) is not a real date." }
    /// The birth date of a citizen ID is after today.
    IdBirthFuture = "ID_BIRTH_FUTURE" { zh: "出生日期{date}晚于今天", en: "The birth date {date} is after today." }
    /// The 18th character of a citizen ID does not match the other 17.
    IdCheck = "ID_CHECK" { zh: "第18位校验码不正确，请核对号码", en: "The check character (18th) is wrong; please check the number." }
    /// The 18th character of a unified social credit code does not match.
    CreditCheck = "CREDIT_CHECK" { zh: "第18位校验码不正确，请核对统一社会信用代码", en: "The check character (18th) of the credit code is wrong; please check it." }
    /// The last digit of a unit social-security number does not match.
    UnitCheck = "UNIT_CHECK" { zh: "最后一位校验码不正确，请核对单位社保编号", en: "The check digit (last) of the unit number is wrong; please check it." }
    /// The unit number does not start with a known district code.
    UnitRegion = "UNIT_REGION" { zh: "前6位“{prefix}”不是本省的行政区划代码", en: "The first six digits “{prefix}” are not a district of this province." }
    /// A mobile number that does not start with 13–19.
    MobilePrefix = "MOBILE_PREFIX" { zh: "手机号码应以13至19开头", en: "A mobile number starts with 13 to 19." }

    // ---- months ----
    /// The handling month changed between the check in the browser and the submission.
    MonthChanged = "MONTH_CHANGED" { zh: "办理月份已由{checked}变为{handling}，请重新确认参保年月后再提交，已填写的内容已为您保留", en: "The handling month changed from {checked} to {handling}. Please confirm the months again and resubmit; what you entered has been kept." }
    /// A start month outside the allowed window for that insurance.
    StartMonthWindow = "START_MONTH_WINDOW" { zh: "{insurance}参保年月只能为{allowed}", en: "The {insurance} start month can only be {allowed}." }
    /// A stop month outside the allowed window for that insurance.
    StopMonthWindow = "STOP_MONTH_WINDOW" { zh: "{insurance}停保年月只能为{allowed}", en: "The {insurance} stop month can only be {allowed}." }
    /// Stopping would make the last paid month fall before the start month.
    StopBeforeStart = "STOP_BEFORE_START" { zh: "{insurance}停保后的缴费截止月{last_paid}早于参保开始月{start}", en: "Stopping would end {insurance} contributions in {last_paid}, before they started in {start}." }
    /// A flexible worker's month of change outside its window.
    ChangeMonthWindow = "CHANGE_MONTH_WINDOW" { zh: "增减年月只能为{allowed}", en: "The month of change can only be {allowed}." }
    /// The employment start date is after the handling month.
    EmploymentStartLate = "EMPLOYMENT_START_LATE" { zh: "用工起始日期{date}不能晚于办理月{handling}", en: "The employment start date {date} cannot be after the handling month {handling}." }
    /// No policy entry (base limits or rates) is in force for the month.
    PolicyMissing = "POLICY_MISSING" { zh: "{month}没有可用的缴费政策", en: "No contribution policy is in force for {month}." }

    // ---- money ----
    /// Not an amount of money with at most two decimals.
    MoneyFormat = "MONEY_FORMAT" { zh: "请输入金额（元），最多两位小数，如 6500 或 6500.50", en: "Enter an amount in yuan with at most two decimals, e.g. 6500 or 6500.50." }
    /// A monthly wage outside what can be true.
    WageRange = "WAGE_RANGE" { zh: "月工资应大于0元且不超过{max}元", en: "The monthly wage must be above 0 and at most {max} yuan." }
    /// A chosen contribution base outside the month's limits.
    BaseRange = "BASE_RANGE" { zh: "缴费基数应在{min}元至{max}元之间", en: "The contribution base must be between {min} and {max} yuan." }
    /// A work-injury rate outside the industry-class range.
    WorkInjuryRate = "WORK_INJURY_RATE" { zh: "工伤保险费率{rate}不在{min}至{max}之间", en: "The work-injury rate {rate} is outside {min} to {max}." }

    // ---- enrolment (增员) ----
    /// The person is already insured at this employer.
    AlreadyHere = "ALREADY_HERE" { zh: "已在本单位参保", en: "Already insured at this employer." }
    /// The person is insured at another employer (which is not named).
    ActiveElsewhere = "ACTIVE_ELSEWHERE" { zh: "该人员在其他单位参保中，需原单位先办理暂停参保后才能增员", en: "This person is insured by another employer, which must stop the insurance first." }
    /// The person is insured as a flexible worker.
    ActiveFlexible = "ACTIVE_FLEXIBLE" { zh: "该人员正以灵活就业人员身份参保，请其先在手机上办理“灵活就业人员社保中断”后再增员", en: "This person is insured as a flexible worker; they must first suspend flexible insurance (they can do it on their phone)." }
    /// The person is younger than 16 in the start month.
    Under16 = "UNDER_16" { zh: "未满16周岁（{age}周岁），不能参保", en: "Under 16 (aged {age}); cannot be insured." }

    // ---- stop (减员) ----
    /// The person is not an active employee of this employer.
    NotActiveHere = "NOT_ACTIVE_HERE" { zh: "该人员不是本单位在保职工", en: "This person is not an insured employee of this employer." }

    // ---- opening a unit (开办企业) ----
    /// The unit with this credit code is already registered for social insurance.
    CreditCodeRegistered = "CREDIT_CODE_REGISTERED" { zh: "该统一社会信用代码已办理社会保险登记，请由单位专管员登录后办理增员", en: "A unit with this credit code is already registered; its contact person can log in and enrol employees." }
    /// The founding date is after today.
    FoundingDateFuture = "FOUNDING_DATE_FUTURE" { zh: "成立日期{date}晚于今天", en: "The founding date {date} is after today." }
    /// An employee's start (date or month) before the unit was founded.
    BeforeFounding = "BEFORE_FOUNDING" { zh: "{value}早于单位成立日期{founding}", en: "{value} is before the unit's founding date {founding}." }
    /// The same citizen ID twice in one filing.
    CitizenIdRepeated = "CITIZEN_ID_REPEATED" { zh: "与第{first}名职工的社会保障号码重复", en: "The same social security number as employee {first}." }

    // ---- asking for a stop (待原单位减员) ----
    /// A last working day after today.
    LastDayFuture = "LAST_DAY_FUTURE" { zh: "最后工作日{date}晚于今天", en: "The last working day {date} is after today." }
    /// A last working day before the old insurance relationship began.
    LastDayBeforeStart = "LAST_DAY_BEFORE_START" { zh: "最后工作日{date}早于原单位参保开始月{start}", en: "The last working day {date} is before the old employer's insurance began in {start}." }
    /// A reviewer may not stop the old relationship yet.
    StopRequestWaiting = "STOP_REQUEST_WAITING" { zh: "原单位的办理期限未满且本人尚未确认离职，{from}起方可由经办机构办理减员", en: "The old employer still has time and the person has not confirmed leaving; the agency can stop it from {from}." }

    // ---- flexible worker (灵活就业) ----
    /// Insured through an employer, so cannot enrol as a flexible worker.
    FlexEmployed = "FLEX_EMPLOYED" { zh: "您目前由单位参保，不能办理灵活就业人员参保；如已离职，请原单位先办理暂停参保", en: "You are insured through an employer and cannot enrol as a flexible worker; if you have left, your employer must stop the insurance first." }
    /// Already enrolled as a flexible worker.
    FlexAlready = "FLEX_ALREADY" { zh: "您已是灵活就业人员正常参保状态", en: "You are already insured as a flexible worker." }
    /// Not enrolled as a flexible worker, so there is nothing to suspend.
    FlexNotEnrolled = "FLEX_NOT_ENROLLED" { zh: "您当前不是灵活就业人员参保状态，无需办理中断", en: "You are not insured as a flexible worker, so there is nothing to suspend." }
    /// The notice (用户须知) was not acknowledged.
    NoticeNotAcknowledged = "NOTICE_NOT_ACKNOWLEDGED" { zh: "请先阅读并同意用户须知", en: "Please read and accept the notice first." }

    // ---- access and the service itself (the server raises these; the words are core's) ----
    /// No valid session: log in first.
    Unauthenticated = "UNAUTHENTICATED" { zh: "请先登录", en: "Please log in first." }
    /// Logged in, but this is not yours to see or change.
    Forbidden = "FORBIDDEN" { zh: "您无权办理或查看此项业务", en: "You may not see or change this." }
    /// A write without the session's anti-forgery token.
    CsrfMismatch = "CSRF" { zh: "页面已过期，请刷新页面后重试", en: "This page has expired; please reload it and try again." }
    /// Wrong user name or password (never says which).
    LoginFailed = "LOGIN_FAILED" { zh: "用户名或密码不正确", en: "The user name or password is wrong." }
    /// Too many failed logins: locked for a while.
    /// The account must set a new password before anything else (after it was created
    /// or its password reset by an operator).
    PasswordChangeRequired = "PASSWORD_CHANGE_REQUIRED" { zh: "首次登录请修改密码，修改后才能办理业务", en: "Please change your password before doing anything else." }
    /// The current password given to change it is wrong.
    CurrentPasswordWrong = "CURRENT_PASSWORD_WRONG" { zh: "原密码不正确", en: "The current password is wrong." }

    // ---- passwords (the policy in `password`) ----
    /// A new password shorter than the minimum.
    PasswordTooShort = "PASSWORD_TOO_SHORT" { zh: "密码至少需要{min}个字符", en: "The password must have at least {min} characters." }
    /// A new password that is, or contains, the user name.
    PasswordHasUsername = "PASSWORD_HAS_USERNAME" { zh: "密码不能是用户名，也不能包含用户名", en: "The password must not be or contain the user name." }
    /// A new password on the list of common passwords.
    PasswordCommon = "PASSWORD_COMMON" { zh: "该密码过于常见，容易被猜中，请换一个", en: "This password is too common and easy to guess; choose another." }
    /// The new password is the current one.
    PasswordUnchanged = "PASSWORD_UNCHANGED" { zh: "新密码不能与原密码相同", en: "The new password must differ from the current one." }
    /// The confirmation does not repeat the new password.
    PasswordConfirmMismatch = "PASSWORD_CONFIRM_MISMATCH" { zh: "两次输入的新密码不一致", en: "The two new passwords do not match." }

    /// Too many requests of one kind in a short time.
    RateLimited = "RATE_LIMITED" { zh: "操作过于频繁，请{seconds}秒后再试", en: "Too many requests; try again in {seconds} seconds." }
    /// Nothing with that number or name exists (or it is not yours).
    NotFound = "NOT_FOUND" { zh: "未找到相关记录", en: "Nothing was found." }
    /// The person already has a submitted application of this kind.
    PendingExists = "PENDING_EXISTS" { zh: "该人员已有一笔待审核的同类业务，请勿重复申报", en: "This person already has a submitted application of this kind." }
    /// An uploaded file of a type that is not accepted.
    FileType = "FILE_TYPE" { zh: "只能上传{allowed}格式的文件", en: "Only {allowed} files can be uploaded." }
    /// An uploaded file that is too large.
    FileTooLarge = "FILE_TOO_LARGE" { zh: "文件不能超过{max}", en: "The file must be at most {max}." }
    /// The server failed; nothing was saved.
    Internal = "INTERNAL" { zh: "系统繁忙，本次操作未保存，请稍后再试", en: "The system is busy; nothing was saved. Please try again later." }

    // ---- certificates (社保证明) ----
    /// The employer certificate's details do not match the employer's record (which one
    /// is not said).
    ContactMismatch = "CONTACT_MISMATCH" { zh: "填写的参保地、单位编号或专管员信息与单位登记信息不一致，请核对后重试", en: "The insured place, unit number or contact details do not match the employer's record; please check them." }
    /// A wrong captcha answer (the captcha is spent).
    CaptchaWrong = "CAPTCHA_WRONG" { zh: "验证码答案不正确，请获取新的验证码后重试", en: "The captcha answer is wrong; get a new captcha and try again." }
    /// A captcha that expired, was already used, or does not exist.
    CaptchaExpired = "CAPTCHA_EXPIRED" { zh: "验证码已失效，请获取新的验证码", en: "The captcha has expired or was already used; get a new one." }
    /// An open-on-computer code that is wrong, expired or already used (never says which).
    HandoffInvalid = "HANDOFF_INVALID" { zh: "取件码不正确、已使用或已过期，请在手机上重新获取", en: "The code is wrong, already used or expired; get a new one on your phone." }

    // ---- applications (业务申报) ----
    /// A state change that the application's state does not allow.
    Transition = "TRANSITION" { zh: "办件当前为“{from}”状态，不能{action}", en: "The application is {from}; it cannot be {action}." }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason for a refusal.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub code: Code,
    /// The form field or request member it concerns, e.g. `citizen_id`.
    pub field: String,
    /// Named values for the message, e.g. `position` → `18`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl Violation {
    pub fn new(code: Code, field: impl Into<String>) -> Self {
        Violation {
            code,
            field: field.into(),
            params: BTreeMap::new(),
        }
    }

    /// Adds a message parameter.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_string(), value.to_string());
        self
    }

    /// The same violation, reported against another field (a parser reports against
    /// its own default field; a form says where the value was typed).
    pub fn in_field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let template = self.code.template(lang);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match self.params.get(name) {
                        Some(value) => out.push_str(&localize_param(name, value, lang)),
                        None => out.push_str(&rest[open..open + close + 2]),
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The field's label followed by the message, for an error summary.
    pub fn summary(&self, lang: Lang) -> String {
        match field_label(&self.field, lang) {
            Some(label) => match lang {
                Lang::Zh => format!("{label}：{}", self.message(lang)),
                Lang::En => format!("{label}: {}", self.message(lang)),
            },
            None => self.message(lang),
        }
    }
}

/// Parameters that name things are shown in the reader's language.
fn localize_param(name: &str, value: &str, lang: Lang) -> String {
    match name {
        "insurance" => crate::insurance::Insurance::from_code(value)
            .map(|i| i.label(lang).to_string())
            .unwrap_or_else(|| value.to_string()),
        "from" | "to" => crate::violation::state_label(value, lang).to_string(),
        "action" => match (value, lang) {
            ("approve", Lang::Zh) => "审核通过".into(),
            ("reject", Lang::Zh) => "审核不通过".into(),
            ("withdraw", Lang::Zh) => "撤回".into(),
            ("confirm", Lang::Zh) => "确认离职".into(),
            ("employer_stop", Lang::Zh) => "由原单位减员".into(),
            ("reviewer_stop", Lang::Zh) => "由经办机构减员".into(),
            ("approve", Lang::En) => "approved".into(),
            ("reject", Lang::En) => "rejected".into(),
            ("withdraw", Lang::En) => "withdrawn".into(),
            ("confirm", Lang::En) => "confirmed".into(),
            ("employer_stop", Lang::En) => "stopped by the old employer".into(),
            ("reviewer_stop", Lang::En) => "stopped by the agency".into(),
            _ => value.to_string(),
        },
        _ => value.to_string(),
    }
}

/// Labels of application states and of stop requests' states, by their stable code.
pub fn state_label(code: &str, lang: Lang) -> &str {
    match (code, lang) {
        ("open", Lang::Zh) => "待原单位减员",
        ("confirmed", Lang::Zh) => "本人已确认离职",
        ("stopped", Lang::Zh) => "已减员",
        ("open", Lang::En) => "waiting for the old employer",
        ("confirmed", Lang::En) => "leaving confirmed",
        ("stopped", Lang::En) => "stopped",
        ("submitted", Lang::Zh) => "待审核",
        ("approved", Lang::Zh) => "审核通过",
        ("rejected", Lang::Zh) => "审核不通过",
        ("withdrawn", Lang::Zh) => "已撤回",
        ("submitted", Lang::En) => "submitted",
        ("approved", Lang::En) => "approved",
        ("rejected", Lang::En) => "rejected",
        ("withdrawn", Lang::En) => "withdrawn",
        (other, _) => other,
    }
}

/// The label of a form field, by its stable name, if it is one of ours. A path into a
/// filing (`unit.founding_date`, `employees[2].pension_start`) is labelled by its whole
/// path when that has a label of its own (`unit.name`), else by its last part.
pub fn field_label(field: &str, lang: Lang) -> Option<&'static str> {
    own_field_label(field, lang).or_else(|| {
        let (_, last) = field.rsplit_once('.')?;
        own_field_label(last, lang)
    })
}

fn own_field_label(field: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match field {
        "citizen_id" => ("社会保障号码", "Social security number"),
        "credit_code" => ("统一社会信用代码", "Unified social credit code"),
        "unit_number" => ("单位社保编号", "Unit social-security number"),
        "mobile" => ("手机号码", "Mobile number"),
        "name" => ("姓名", "Name"),
        "hukou_district" => ("户籍所在地", "Household registration district"),
        "hukou_type" => ("户口性质", "Household registration type"),
        "employment_start" => ("用工起始日期", "Employment start date"),
        "monthly_wage" => ("月工资", "Monthly wage"),
        "pension_start" => ("养老保险参保年月", "Pension start month"),
        "unemployment_start" => ("失业保险参保年月", "Unemployment start month"),
        "stop_month" => ("停保年月", "Stop month"),
        "reason" => ("原因", "Reason"),
        "base" => ("缴费基数", "Contribution base"),
        "change_month" => ("增减年月", "Month of change"),
        "notice" => ("用户须知", "Notice"),
        "checked_month" => ("办理月份", "Handling month"),
        "unit.name" => ("单位名称", "Unit name"),
        "registered_address" => ("注册地址", "Registered address"),
        "district" => ("所属区县", "District"),
        "founding_date" => ("成立日期", "Founding date"),
        "legal_representative" => ("法定代表人", "Legal representative"),
        "industry_class" => ("行业风险类别", "Industry risk class"),
        "contact.name" => ("专管员姓名", "Contact person's name"),
        "contact.mobile" => ("专管员手机号", "Contact person's mobile"),
        "employees" => ("职工", "Employees"),
        "last_working_day" => ("最后工作日", "Last working day"),
        "stop_request" => ("减员请求", "Stop request"),
        "work_injury_rate" => ("工伤保险费率", "Work-injury rate"),
        "person" => ("人员", "Person"),
        "application" => ("办件", "Application"),
        "month" => ("月份", "Month"),
        "kind" => ("类型", "Kind"),
        "insurances" => ("参保险种", "Insurances"),
        "username" => ("用户名", "User name"),
        "password" => ("密码", "Password"),
        "current_password" => ("原密码", "Current password"),
        "new_password" => ("新密码", "New password"),
        "confirm_password" => ("确认新密码", "Confirm new password"),
        "idempotency_key" => ("提交编号", "Submission key"),
        "file" => ("材料文件", "File"),
        "contact" => ("单位及专管员信息", "Employer and contact details"),
        "insured_place" => ("参保地", "Insured place"),
        "unit_number_or_credit_code" => ("单位社保编号", "Unit number or credit code"),
        "contact_name" => ("专管员姓名", "Contact person's name"),
        "contact_mobile" => ("专管员手机号", "Contact person's mobile"),
        "months" => ("打印月数", "Months"),
        "captcha_answer" => ("验证码", "Captcha"),
        "handoff_code" => ("取件码", "Code"),
        "verification_code" => ("验证码", "Verification code"),
        _ => return None,
    };
    Some(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

/// Several violations, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    pub fn new() -> Self {
        Violations(Vec::new())
    }
    pub fn push(&mut self, v: Violation) {
        self.0.push(v);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }
    /// The codes, for tests and for matching.
    pub fn codes(&self) -> Vec<Code> {
        self.0.iter().map(|v| v.code).collect()
    }
    /// Records the error of a parse and gives back its value, if any.
    pub fn take<T>(&mut self, result: Result<T, Violation>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(v) => {
                self.push(v);
                None
            }
        }
    }
    /// `Ok(value)` when nothing was recorded, else the violations.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Violations> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl From<Violation> for Violations {
    fn from(v: Violation) -> Self {
        Violations(vec![v])
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            assert_eq!(Code::from_code(code.as_str()), Some(*code));
        }
    }

    #[test]
    fn every_message_fills_every_placeholder_it_is_given() {
        let v = Violation::new(Code::BadChar, "citizen_id")
            .with("position", 5)
            .with("char", "?");
        assert_eq!(v.message(Lang::Zh), "第5位“?”不是允许的字符");
        assert_eq!(
            v.message(Lang::En),
            "Character 5 (“?”) is not allowed here."
        );
        assert_eq!(v.summary(Lang::Zh), "社会保障号码：第5位“?”不是允许的字符");
    }

    #[test]
    fn insurance_parameters_are_translated() {
        let v = Violation::new(Code::StartMonthWindow, "pension_start")
            .with("insurance", "pension")
            .with("allowed", "2026-10、2026-11");
        assert_eq!(
            v.message(Lang::Zh),
            "企业职工基本养老保险参保年月只能为2026-10、2026-11"
        );
        assert!(v.message(Lang::En).starts_with("The pension start month"));
    }

    #[test]
    fn paths_into_a_filing_are_labelled() {
        let v = Violation::new(Code::Required, "employees[2].pension_start");
        assert_eq!(v.summary(Lang::Zh), "养老保险参保年月：此项为必填项");
        assert_eq!(field_label("unit.name", Lang::Zh), Some("单位名称"));
        assert_eq!(
            field_label("unit.credit_code", Lang::Zh),
            Some("统一社会信用代码")
        );
        assert_eq!(
            field_label("contact.mobile", Lang::En),
            Some("Contact person's mobile")
        );
        assert_eq!(field_label("unit.nothing", Lang::Zh), None);
    }

    #[test]
    fn serialises_with_the_stable_code() {
        let v = Violation::new(Code::IdCheck, "citizen_id").with("position", 18);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(
            json,
            r#"{"code":"ID_CHECK","field":"citizen_id","params":{"position":"18"}}"#
        );
    }
}
