//! The words at the top of the pages whose first screen the server sends ahead of the
//! app, as a still picture inside the page's HTML (`server/src/shell.rs`). The web app's
//! strings (`web/src/i18n.rs`) take these from here, so that the picture and the page
//! it stands for say exactly the same. Each is (Chinese, English).

/// A UI string in Chinese and English.
pub type Words = (&'static str, &'static str);

/// The site's name, in the header.
pub const SITE_TITLE: Words = (
    "浙江省社会保险网上服务系统",
    "Zhejiang Social Insurance Online Service",
);
/// The header's skip link.
pub const SKIP_TO_CONTENT: Words = ("跳到主要内容", "Skip to main content");
/// The label of the header's buttons.
pub const PREFERENCES: Words = ("显示设置", "Display settings");
/// The elder-friendly mode's button.
pub const ELDER_MODE: Words = ("长辈版", "Large text");
/// The language button: the other language's name.
pub const LANG_SWITCH: Words = ("English", "中文");
/// The log-out button.
pub const LOGOUT: Words = ("退出", "Log out");
/// The header's link to the password change, and that page's title.
pub const CHANGE_PASSWORD: Words = ("修改密码", "Change password");
/// The resident's home (a breadcrumb on its pages).
pub const RESIDENT_TITLE: Words = ("个人参保", "My insurance");
/// 个人参保证明: the title.
pub const CERT_PERSONAL_TITLE: Words = ("个人参保证明", "Personal insurance certificate");
/// 个人参保证明: the introduction.
pub const CERT_PERSONAL_INTRO: Words = ("选择证明类型、打印月数和参保险种，输入图形验证码后预览证明。证明加盖电子专用章，可下载PDF，或在电脑端打开后打印。", "Choose the certificate, the months and the insurances, answer the captcha, then preview it. The certificate carries the electronic seal: download the PDF, or open it on a computer to print.");
/// The employer's menu (a breadcrumb on its pages).
pub const EMPLOYER_MENU_TITLE: Words = ("参保征缴", "Enrolment and contributions");
/// 社会保险职工参保登记: the title.
pub const ENROL_TITLE: Words = ("社会保险职工参保登记", "Enrol an employee");
/// 社会保险职工参保登记: the introduction.
pub const ENROL_INTRO: Words = ("输入社会保障号后点“搜索”，系统会自动读取人员信息并鉴别新参保或续保。", "Enter the social security number and search; the system reads the person's records and tells a new enrolment from a resumption.");
/// 缴费记录: the title, and its item in the resident's menu.
pub const CONTRIBUTIONS_TITLE: Words = ("缴费记录", "Contribution history");
/// 基本养老历年参保: the title, and its item in the resident's menu.
pub const PENSION_TITLE: Words = ("基本养老历年参保", "Pension year by year");
/// 灵活就业人员参保登记: the title, and its item in the resident's menu.
pub const FLEX_TITLE: Words = ("灵活就业人员参保登记", "Flexible worker enrolment");
/// The hint under 灵活就业人员参保登记 in the resident's menu.
pub const FLEX_MENU_HINT: Words = ("参保或中断，分四步办理", "Enrol or suspend, in four steps");
/// The hint under 个人参保证明 in the resident's menu.
pub const CERT_PERSONAL_MENU_HINT: Words = (
    "打印个人参保证明、基本养老历年参保，电脑端打开",
    "Print your insurance certificate or pension history; open it on a computer",
);
/// The heading over the resident's five insurances.
pub const CURRENT_STATUS: Words = ("当前五险参保缴费情况", "The five insurances now");
