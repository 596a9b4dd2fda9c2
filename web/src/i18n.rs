//! The one source of the UI's own strings, in Chinese and English. Messages about
//! rules (violations) and the labels of form fields, insurances, application kinds and
//! states come from `shebao-core`, never from here, so the browser and the server say
//! the same words. Wording follows the 2021 notice (参保征缴, 下一步, 保存成功, 撤回 …).

use shebao_core::money::Fen;
use shebao_core::words;
use shebao_core::Lang;

/// Declares every key once, with its words in both languages: the `Key` enum and
/// `words(key)`, the (Chinese, English) pair. A value is a pair of literals or one of
/// `core::words`' pairs (the words the server's still picture shares). `{name}` in the
/// words is a parameter, filled by [`trf`].
macro_rules! keys {
    ( $( $key:ident => $words:expr, )* ) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key {
            $( $key, )*
        }

        impl Key {
            /// Every key, in declaration order.
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[ $( Key::$key, )* ];
        }

        /// The key's words: (Chinese, English).
        fn words(key: Key) -> (&'static str, &'static str) {
            match key {
                $( Key::$key => $words, )*
            }
        }
    };
}

keys! {
    SiteTitle => words::SITE_TITLE,
    SkipToContent => words::SKIP_TO_CONTENT,
    Preferences => words::PREFERENCES,
    ElderMode => words::ELDER_MODE,
    Logout => words::LOGOUT,
    ChangePasswordTitle => words::CHANGE_PASSWORD,
    ChangePasswordForced => ("首次登录请修改密码", "Please change your password"),
    ChangePasswordForcedText => ("您使用的是管理员设置的一次性密码。请设置只有您知道的新密码，修改后才能办理业务。", "You logged in with a one-time password set by an administrator. Set a new password that only you know; then you can use the service."),
    NewPasswordHint => ("至少12个字符，可以是一句话；不能包含用户名，不能是常见密码", "At least 12 characters (a phrase is fine); not containing your user name, not a common password"),
    ChangePasswordButton => ("确认修改", "Change password"),
    PasswordChanged => ("密码已修改。其他设备上的登录已退出。", "Your password has been changed. You have been logged out on other devices."),
    IdCheckTitle => ("社会保障号码校验", "Check a social security number"),
    IdCheckIntro => ("社会保障号码即18位公民身份号码。输入时即时校验，并显示出生日期和性别。", "The social security number is the 18-character citizen ID. It is checked as you type, and the birth date and gender are shown."),
    CitizenIdLabel => ("社会保障号码", "Social security number"),
    CitizenIdHint => ("18位，最后一位可能是X", "18 characters; the last may be X"),
    IdValid => ("号码有效", "Valid number"),
    BirthDate => ("出生日期", "Birth date"),
    Gender => ("性别", "Gender"),
    Male => ("男", "male"),
    Female => ("女", "female"),
    Region => ("发证地", "Issued in"),
    ClockFromServer => ("按服务器时间校验", "Checked against the server's clock"),
    ClockFromDevice => ("正在获取服务器时间，暂按本机时间校验", "Fetching the server's clock; checking against this device's for now"),
    HomeIntro => ("单位经办人、参保人和经办人员请登录后办理业务。", "Employers' agents, insured people and agency reviewers: log in to use the service."),
    LoginTitle => ("登录", "Log in"),
    LoginIntro => ("请输入用户名和密码。", "Enter your user name and password."),
    LoginButton => ("登录", "Log in"),
    LoginDemoHint => ("以演示模式（--demo）启动时，演示账号在服务器启动时显示；正式账号由管理员开通。", "Demo accounts are printed when the server starts with --demo; real accounts are opened by an administrator."),
    Working => ("正在处理…", "Working…"),
    Loading => ("正在加载…", "Loading…"),
    NetworkError => ("无法连接服务器，请检查网络后重试。重试不会重复提交。", "The server could not be reached. Check the connection and try again; trying again never submits twice."),
    ErrorSummaryTitle => ("存在以下问题", "There is a problem"),
    PleaseChoose => ("请选择", "Choose"),
    NotFoundTitle => ("页面不存在", "Page not found"),
    BackHome => ("返回首页", "Back to the start page"),
    WrongRole => ("您当前登录的账号不能办理此项业务。", "The account you are logged in with cannot use this page."),
    GoToMyHome => ("前往我的首页", "Go to my start page"),
    MenuTitle => words::EMPLOYER_MENU_TITLE,
    MenuEnrol => words::ENROL_TITLE,
    MenuEnrolHint => ("新参保、续保均在本模块办理，系统自动鉴别状态", "New enrolments and resumptions; the system tells which"),
    MenuStop => ("社会保险职工暂停参保", "Stop an employee's insurance"),
    MenuStopHint => ("职工解除劳动合同、辞职、退休等", "When an employee leaves, retires, …"),
    MenuProgress => ("单位业务申报进度查询", "Progress of the employer's applications"),
    MenuProgressHint => ("查看审批状态，撤回待审核的办件", "See the state of applications; withdraw a submitted one"),
    MedicalNote => ("温馨提示：以上操作仅涉及职工养老、失业、工伤保险参保登记，职工医疗保险参保登记仍按原入口进行申报。", "Note: these cover pension, unemployment and work-injury insurance only; medical insurance is registered through its own entry."),
    UnitNumber => ("单位社保编号", "Unit number"),
    EnrolIntro => words::ENROL_INTRO,
    Search => ("搜索", "Search"),
    CaseNew => ("新参保", "New enrolment"),
    CaseNewText => ("该人员尚未参保，请填写基本信息。性别和出生日期取自社会保障号码。", "This person has not been insured before. Fill in the basic information; gender and birth date come from the number."),
    CaseResumption => ("续保", "Resumption"),
    CaseResumptionText => ("该人员曾参保，已读取登记信息。请核对姓名后填写。", "This person was insured before; the record has been read. Check the name and fill in the form."),
    MaskedName => ("登记姓名", "Name on record"),
    BasicInfo => ("基本信息", "Basic information"),
    RequiredNote => ("*为必填项", "Fields marked * are required"),
    MobileHint => ("11位手机号码", "11-digit mobile number"),
    DateHint => ("格式：年-月-日，如 2026-03-01", "As year-month-day, e.g. 2026-03-01"),
    WageHint => ("单位：元，最多两位小数", "In yuan, at most two decimals"),
    ContributionBase => ("缴费基数", "Contribution base"),
    BaseIsWage => ("月工资在缴费基数上下限之内，按月工资缴费。", "The wage is within the limits and is the base."),
    StartMonths => ("参保年月", "Start months"),
    StartMonthsRule => ("养老保险和失业保险可从办理的上月或者当月开始参保，工伤保险系统默认为当月参保。", "Pension and unemployment can start in the handling month or the month before; work injury always starts in the handling month."),
    StartMonthSuffix => ("参保年月", "start month"),
    WorkInjuryFixed => ("（系统默认为当月，不可选择）", "(always the handling month; not a choice)"),
    ThisMonth => ("当月", "this month"),
    LastMonth => ("上月", "last month"),
    CheckAnswers => ("请核对", "Check your answers"),
    Insurance => ("险种", "Insurance"),
    EmployerPart => ("单位缴纳", "Employer pays"),
    IndividualPart => ("个人缴纳", "Individual pays"),
    WorkInjuryAtEmployerRate => ("按本单位工伤保险费率由单位缴纳", "Paid by the employer at its own work-injury rate"),
    WillBeReviewed => ("提交后需经办人员审核：", "After submission a reviewer will check it: "),
    Next => ("下一步", "Next"),
    Save => ("保存", "Save"),
    Submit => ("提交", "Submit"),
    Back => ("上一步", "Back"),
    SavedOk => ("保存成功", "Saved"),
    ApplicationNumber => ("办件编号", "Application number"),
    ApplicationState => ("审批状态", "State"),
    ApplicationKind => ("业务类型", "Kind"),
    AutoReviewNote => ("提交10分钟内可以撤回；之后系统将自动审核。可在“单位业务申报进度查询”查看业务审批状态。", "It can be withdrawn for 10 minutes; after that it is reviewed automatically. Follow it in the progress list."),
    ManualReviewNote => ("该办件需经办人员审核。可在“单位业务申报进度查询”查看业务审批状态。", "A reviewer will check this application. Follow it in the progress list."),
    ViewProgress => ("查看办件", "View the application"),
    EnrolAnother => ("继续增员", "Enrol another employee"),
    StopAnother => ("继续减员", "Stop another employee"),
    BackToMenu => ("返回菜单", "Back to the menu"),
    StopIntro => ("输入社会保障号后点“搜索”，系统会在本单位在保职工中查找。", "Enter the social security number and search among this employer's insured employees."),
    StopFound => ("本单位在保职工：", "Insured employee of this employer:"),
    StopMonthRule => ("养老保险和失业保险停保时间可选择办理的上月或者当月，即缴费截止时间为上上月或上月止。", "Pension and unemployment can stop in the handling month or the month before; contributions end the month before."),
    StopMonthSuffix => ("停保年月", "stop month"),
    WorkInjuryStopFixed => ("（工伤保险不能补办往月停保，为当月）", "(work injury cannot stop retroactively: the handling month)"),
    StopSuspend => ("暂停", "suspend"),
    StopTerminate => ("终止", "terminate"),
    All => ("全部", "All"),
    HandlingMonth => ("办理月份", "Handling month"),
    NoResults => ("没有符合条件的记录。", "Nothing matches."),
    PersonName => ("姓名", "Name"),
    SubmittedAt => ("提交时间", "Submitted"),
    Paging => ("分页", "Pages"),
    PrevPage => ("上一页", "Previous"),
    NextPage => ("下一页", "Next"),
    ApplicationTitle => ("办件详情", "Application"),
    Withdraw => ("撤回", "Withdraw"),
    WithdrawQuestion => ("是否作废该办件？", "Void this application?"),
    WithdrawExplain => ("撤回后该办件作废，不能恢复，可重新办理。", "Once withdrawn it is void for good; you can apply again."),
    Confirm => ("确定", "Confirm"),
    Cancel => ("取消", "Cancel"),
    NameOnRecord => ("登记姓名", "Name on record"),
    FilerId => ("申报人社会保障号码", "Filer's ID number"),
    EmployerName => ("单位名称", "Employer"),
    ReviewFlags => ("审核提示", "Review flags"),
    NoFlags => ("无", "none"),
    DecisionReason => ("审核意见", "Reason"),
    PlanTitle => ("申报内容", "What was applied for"),
    HistoryTitle => ("办理过程", "History"),
    At => ("时间", "When"),
    FromState => ("原状态", "From"),
    ToState => ("新状态", "To"),
    Actor => ("办理人", "By"),
    Note => ("说明", "Note"),
    AutoReviewer => ("系统自动审核", "automatic review"),
    ByPerson => ("经办人", "a person"),
    PlanCase => ("参保类型", "Case"),
    PlanStarts => ("参保年月", "Start months"),
    PlanStops => ("停保年月", "Stop months"),
    PlanLastPaid => ("缴费截止月", "Last paid month"),
    PlanAmounts => ("首月缴费", "First month's contributions"),
    PlanWage => ("月工资", "Monthly wage"),
    PlanClamp => ("基数调整", "Base adjusted"),
    PlanStopKind => ("停保类型", "Kind of stop"),
    PlanStartMonth => ("参保年月", "Start month"),
    PlanPension => ("养老保险费", "Pension contribution"),
    PlanRetroactive => ("补办往月", "Retroactive"),
    ClampRaised => ("按下限调整", "raised to the minimum"),
    ClampLowered => ("按上限调整", "lowered to the maximum"),
    Urban => ("城镇", "urban"),
    Rural => ("农村", "rural"),
    Yes => ("是", "yes"),
    No => ("否", "no"),
    None => ("无", "none"),
    ResidentTitle => words::RESIDENT_TITLE,
    CurrentStatus => words::CURRENT_STATUS,
    RelActive => ("参保缴费", "insured"),
    RelSuspended => ("暂停参保", "suspended"),
    RelTerminated => ("终止参保", "terminated"),
    RelNone => ("未参保", "not insured"),
    FlexibleWorker => ("灵活就业", "flexible worker"),
    PaidThrough => ("参保单位", "Through"),
    EndMonth => ("停保年月", "End month"),
    MonthsPaid => ("缴费月数", "Months paid"),
    ContributionsTitle => words::CONTRIBUTIONS_TITLE,
    PensionTitle => words::PENSION_TITLE,
    PensionIntro => ("每年缴纳企业职工基本养老保险的月数和平均缴费基数。", "Each year's months of pension paid and the average base."),
    Month => ("月份", "Month"),
    PaidState => ("缴费状态", "Payment"),
    Paid => ("已缴费", "paid"),
    Unpaid => ("待缴", "due"),
    FromMonth => ("起始年月", "From"),
    ToMonth => ("截止年月", "To"),
    Year => ("年度", "Year"),
    AverageBase => ("平均缴费基数", "Average base"),
    FlexTitle => words::FLEX_TITLE,
    FlexMenuHint => words::FLEX_MENU_HINT,
    StepsLabel => ("办理步骤", "Steps"),
    StepNotice => ("用户须知", "Notice"),
    StepApply => ("业务申报", "Application"),
    StepMaterials => ("材料申报", "Materials"),
    StepReceipt => ("收件回执单", "Receipt"),
    FlexNotice1 => ("本事项适用于无雇工的个体工商户、未在用人单位参加社会保险的非全日制从业人员以及其他灵活就业人员。", "This is for self-employed people without employees, part-time workers not insured by an employer, and other flexible workers."),
    FlexNotice2 => ("若当前为社保中断状态，将办理“灵活就业人员参保”；若当前为灵活就业人员正常参保状态，将办理“灵活就业人员社保中断”。", "If your insurance is suspended you will enrol as a flexible worker; if you are insured as a flexible worker you will suspend it."),
    FlexNotice3 => ("请按实填报各项信息；养老保险费由个人全额缴纳，按月缴费。", "Fill in true information. You pay the whole pension contribution yourself, monthly."),
    NoticeAccept => ("我已阅读并同意用户须知", "I have read and accept the notice"),
    FlexEnrolCase => ("情形：灵活就业人员参保", "Case: enrol as a flexible worker"),
    FlexSuspendCase => ("情形：灵活就业人员社保中断", "Case: suspend flexible-worker insurance"),
    DistrictHint => ("按户籍所在地选择区县（市）", "Choose the district of your household registration"),
    IncludeMedical => ("同时参加职工基本医疗保险（可选）", "Also enrol in medical insurance (optional)"),
    FlexStartFixed => ("（为办理当月）", "(the handling month)"),
    ChangeMonthRule => ("增减年月可选择办理的上月或者当月，缴费截止为其上月。", "The month of change can be the handling month or the month before; contributions end the month before it."),
    FlexRefusedHelp => ("如已离职，请原单位先办理“社会保险职工暂停参保”，之后再来办理。", "If you have left your job, your employer must first stop your insurance; then come back."),
    MaterialsIntro => ("如有需要，请上传相关材料的扫描件或照片（可不上传）。", "Upload scans or photos of documents if required (optional)."),
    MaterialFile => ("材料文件", "File"),
    MaterialHint => ("PDF、JPG或PNG格式，不超过5 MB", "PDF, JPG or PNG, at most 5 MB"),
    Upload => ("上传", "Upload"),
    ReceiptIntro => ("您的申报已收件。请记下办件编号。", "Your application has been received. Note its number."),
    QueueTitle => ("待审核办件", "Review queue"),
    QueueIntro => ("需人工审核的办件排在前面；无审核提示的办件提交10分钟后由系统自动审核。", "Flagged applications come first; clean ones are approved automatically ten minutes after submission."),
    QueueEmpty => ("没有待审核的办件。", "Nothing is waiting for review."),
    ReviewTitle => ("办件审核", "Review an application"),
    Decision => ("审核", "Decision"),
    Approve => ("审核通过", "Approve"),
    Reject => ("审核不通过", "Reject"),
    RejectReason => ("不通过原因", "Reason for rejection"),
    RejectReasonHint => ("申报单位或个人会看到此原因，最多200字", "The applicant sees this reason; at most 200 characters"),
    RejectConfirm => ("确认不通过", "Reject"),
    Decided => ("已审核：", "Decided:"),
    BackToQueue => ("返回待审核办件", "Back to the queue"),
    BatchEnrolTitle => ("批量增员", "Batch enrolment"),
    BatchEnrolHint => ("从表格一次登记多名职工参保", "Enrol many employees from a spreadsheet"),
    BatchStopTitle => ("批量减员", "Batch stop"),
    BatchStopHint => ("从表格一次暂停多名职工参保", "Stop many employees from a spreadsheet"),
    BatchIntro => ("选择CSV或Excel（.xlsx）文件，第一行为表头。文件只在您的浏览器中读取，每一行立即校验，只提交校验通过的行。", "Choose a CSV or Excel (.xlsx) file whose first row is the header. The file is read in your browser only; every row is checked at once, and only the valid rows are submitted."),
    BatchColumns => ("表头须包含以下列：", "The header must name these columns:"),
    BatchTemplate => ("下载模板（CSV）", "Download a template (CSV)"),
    BatchFile => ("表格文件", "Spreadsheet file"),
    BatchFileHint => ("CSV（UTF-8或GBK编码）或Excel（.xlsx）；读取第一个工作表", "CSV (UTF-8 or GBK) or Excel (.xlsx); the first sheet is read"),
    BatchUnreadable => ("无法读取该文件，请使用CSV或.xlsx格式。", "This file cannot be read: use CSV or .xlsx."),
    BatchEmpty => ("文件中没有数据行。", "The file has no data rows."),
    BatchMissingColumns => ("表头缺少以下列：", "The header lacks these columns:"),
    BatchErrorsTitle => ("有错误的行", "Rows with errors"),
    BatchRow => ("行号", "Row"),
    BatchField => ("字段", "Field"),
    BatchProblem => ("问题", "Problem"),
    BatchOutcome => ("结果", "Outcome"),
    BatchErrorReport => ("下载错误报告（CSV）", "Download the error report (CSV)"),
    BatchSubmit => ("提交校验通过的行", "Submit the valid rows"),
    BatchResultTitle => ("逐行提交结果", "Row-by-row result"),
    BatchAnother => ("再导入一个文件", "Import another file"),
    BatchNothingValid => ("没有校验通过的行，请修改表格后重新选择文件。", "No row is valid: correct the spreadsheet and choose it again."),
    // ---- certificates (社保证明) ----
    CaptchaTitle => ("图形验证码", "Picture captcha"),
    CaptchaQuestion => ("看不清图片时，请回答文字题：", "If the picture is hard to see, answer in words: "),
    CaptchaAnswerHint => ("输入算式的结果（数字）", "Type the result of the sum (a number)"),
    CaptchaEnlarge => ("放大图片", "Enlarge picture"),
    CaptchaRefresh => ("换一张", "New captcha"),
    CertActions => ("操作", "Actions"),
    CertAverageBase => ("月平均缴费基数（元）", "Average monthly base (yuan)"),
    CertChooseKind => ("证明类型", "Certificate"),
    CertCode => ("验证码", "Verification code"),
    CertDownloadPdf => ("下载PDF", "Download PDF"),
    CertPaid => ("已缴费", "Paid"),
    CertDue => ("待缴", "Due"),
    CertNothingDue => ("无应缴", "Nothing due"),
    CertEmployerTitle => ("单位参保证明", "Employer insurance certificate"),
    CertEmployerIntro => ("选择参保地，填写单位社保编号（或统一社会信用代码）、专管员姓名和手机号。信息须与单位登记信息一致，核对无误后出具加盖电子专用章的参保证明（PDF）。", "Choose the insured place and enter the unit number (or the credit code) and the contact person's name and mobile. They must match the employer's record; the certificate (PDF) then carries the electronic seal."),
    CertEmployerNote => ("注：参保人数为出具之日正常参保的职工人数；括号内为当月已缴费（或待缴/应缴）人数。", "Insured: employees insured on the day of issue; in brackets, those paid (or due/assessed) that month."),
    CertEmployerMenuHint => ("出具加盖电子专用章的单位参保证明，查看历史证明", "Issue the sealed employer certificate; see those issued before"),
    CertHistory => ("已出具的证明", "Certificates issued"),
    CertHistoryEmpty => ("还没有出具过证明。", "No certificate has been issued yet."),
    CertInsurances => ("证明险种", "Insurances"),
    CertInsuredCount => ("参保人数", "Insured"),
    CertIssueAgain => ("再开一份证明", "Another certificate"),
    CertIssueEmployer => ("出具证明", "Issue certificate"),
    CertIssued => ("证明已出具", "Certificate issued"),
    CertIssuedAt => ("出具时间", "Issued at"),
    CertIssuedDate => ("出具日期", "Date of issue"),
    CertIssuer => ("出具单位", "Issued by"),
    CertKind => ("证明类型", "Certificate"),
    CertMonth => ("年月", "Month"),
    CertMonthLines => ("缴费明细", "Contributions by month"),
    CertMonthsHint => ("从上月起往前计算，最多36个月", "Counted back from last month; at most 36 months"),
    CertNumberHint => ("单位社保编号（12位）或统一社会信用代码（18位）", "The unit number (12 digits) or the unified social credit code (18 characters)"),
    CertPayState => ("缴费状态", "Payment"),
    CertPayer => ("参保单位", "Paid through"),
    CertPayments => ("参保缴费情况", "Insured and payments"),
    CertPensionYears => ("基本养老保险历年参保", "Basic pension, year by year"),
    CertPeriod => ("证明期间", "Period"),
    CertPersonalTitle => words::CERT_PERSONAL_TITLE,
    CertPersonalIntro => words::CERT_PERSONAL_INTRO,
    CertPersonalMenuHint => words::CERT_PERSONAL_MENU_HINT,
    CertPreview => ("预览证明", "Preview"),
    CertPreviewTitle => ("证明预览", "Certificate preview"),
    CertSealNote => ("以上内容与PDF证明一致。证明加盖电子专用章，可在“证明验真”中输入验证码或扫描二维码核验真伪。", "This is exactly what the PDF prints. The certificate carries the electronic seal; check it with its verification code or QR code at “Verify a certificate”."),
    CertState => ("参保状态", "Status"),
    CertStatusHeading => ("当前参保状态", "Current status"),
    CertYear => ("年度", "Year"),
    HandoffButton => ("电脑端打开", "Open on a computer"),
    HandoffTitle => ("在电脑上打开证明", "Open the certificate on a computer"),
    HandoffStep1 => ("在电脑浏览器中打开：", "In a computer's browser, go to: "),
    HandoffStep2 => ("输入下面的取件码，或用电脑或其他设备扫描二维码。", "Enter the code below, or scan the QR code with the computer or another device."),
    HandoffCodeLabel => ("取件码", "Code"),
    HandoffQrAlt => ("二维码：打开电脑端页面并填好取件码", "QR code: opens the computer page with the code filled in"),
    HandoffExpires => ("取件码10分钟内有效，只能使用一次。有效期至 ", "The code is valid for ten minutes and opens the certificate once. Valid until "),
    OpenTitle => ("电脑端打开证明", "Open a certificate on a computer"),
    OpenIntro => ("输入手机上显示的8位取件码，打开您的参保证明（PDF）。取件码10分钟内有效，只能使用一次。", "Enter the eight-character code shown on your phone to open your certificate (PDF). A code is valid for ten minutes and opens it once."),
    OpenCodeHint => ("8位字母和数字，如 ABCD-EFGH，短横线可省略，不区分大小写", "8 letters and digits, e.g. ABCD-EFGH; the dash is optional, any case"),
    OpenButton => ("打开证明", "Open certificate"),
    OpenDone => ("证明已打开", "Certificate opened"),
    OpenDoneHint => ("取件码已使用。请现在查看、打印或保存证明；关闭本页后需在手机上重新获取取件码。", "The code is now used. View, print or save the certificate now; after closing this page you need a new code from your phone."),
    OpenView => ("查看PDF", "View PDF"),
    VerifyTitle => ("证明验真", "Verify a certificate"),
    VerifyIntro => ("输入参保证明上的验证码，或扫描证明上的二维码，核验证明是否由本平台出具。", "Enter the verification code printed on a certificate, or scan its QR code, to check that this service issued it."),
    VerifyCodeHint => ("16位字母和数字，如 K7Q2-M9XD-4HPA-TR3C", "16 letters and digits, e.g. K7Q2-M9XD-4HPA-TR3C"),
    VerifyButton => ("验证", "Verify"),
    VerifyGenuine => ("证明真实有效", "Genuine certificate"),
    VerifyNotGenuine => ("未通过验证", "Not verified"),
    VerifyUnknownCode => ("未找到该验证码对应的证明，请核对验证码。", "No certificate has this verification code; please check it."),
    VerifyNoSeal => ("文件中没有本平台的电子签章。", "The file carries no seal of this service."),
    VerifySealBroken => ("文件在出具后被修改过，电子签章无效。", "The file was changed after it was issued; its seal is broken."),
    VerifyNotAsIssued => ("文件与本平台出具的证明不一致。", "The file is not the one this service issued."),
    VerifyRecordSignature => ("证明记录的签名无效。", "The certificate's record does not verify."),
    VerifyWhom => ("证明对象", "About"),
    VerifyContent => ("证明内容", "What the certificate says"),
    VerifyCompareHint => ("请逐项核对纸质证明与下列内容（月份、状态、单位、金额）；任何一处不同，该纸质证明即被改动过。姓名和证件号码已隐去部分。", "Compare the paper copy with every line below (months, statuses, employers, amounts): if anything differs, the copy has been altered. The name and ID number are partly hidden."),
    VerifyFileTitle => ("核验PDF文件", "Check a PDF file"),
    VerifyFileLabel => ("证明文件（PDF）", "Certificate file (PDF)"),
    VerifyFileHint => ("选择下载的证明PDF，核验文件的电子签章（不超过4MB）", "Choose a downloaded certificate PDF to check its seal (at most 4 MB)"),
    VerifyFileButton => ("核验文件", "Check file"),
    PublicServices => ("证明服务", "Certificate services"),
    VerifyMenuHint => ("输入验证码或上传PDF，核验参保证明真伪", "Check a certificate by its code or its PDF file"),
    OpenMenuHint => ("用手机上的取件码在本机打开参保证明", "Open your certificate here with the code from your phone"),
    // ---- with parameters (filled by `trf`) ----
    ListSeparator => ("、", ", "),
    MonthsCount => ("{n}个月", "{n} months"),
    CompanyServices => ("企业开办", "Starting a company"),
    OpeningTitle => ("开办企业全程网上办", "Open a new company online"),
    OpeningMenuHint => ("新成立的企业办理企业开户的同时一并完成职工新增申报", "A new company registers for social insurance and enrols its first employees at once"),
    MyOpeningsTitle => ("我的开办申请", "My company filings"),
    MyOpeningsHint => ("查看开办申请的审核结果、单位社保编号和经办人账号", "See your filings' decisions, the unit number and the agent account"),
    NewOpening => ("新的开办申请", "New filing"),
    NoOpeningsYet => ("您还没有开办申请。", "You have no filings yet."),
    StepUnit => ("单位信息", "The unit"),
    StepContact => ("专管员", "Contact person"),
    StepEmployees => ("职工", "Employees"),
    StepCheck => ("核对信息", "Check your answers"),
    CreditCodeHint => ("营业执照上的18位代码", "The 18 characters on the business licence"),
    InsuredDistrictHint => ("参保地：单位办理社会保险的区县", "Where the unit is insured for social insurance"),
    FoundingDateHint => ("营业执照上的成立日期，如 2026-03-01。应自成立之日起30日内办理社会保险登记。", "The date on the business licence, e.g. 2026-03-01. Register within 30 days of founding."),
    IndustryClassHint => ("工伤保险行业风险类别（一类风险最低，八类最高），决定单位的工伤保险基准费率", "The work-injury risk class (class 1 least risky, class 8 most), which sets the unit's base work-injury rate"),
    ContactIntro => ("专管员负责办理本单位的社会保险业务。申请审核通过后，系统以专管员的手机号码为用户名开通单位经办人账号，首次登录须设置密码。", "The contact person handles the unit's social insurance. Once the filing is approved, an employer-agent account is opened with the contact person's mobile number as its user name; a password must be set at first login."),
    EmployeesIntro => ("逐个录入首批职工，或按批量增员的表格格式导入。没有职工也可以先办理单位登记，以后再增员。", "Add the first employees one at a time, or import them from a spreadsheet in the batch-enrolment format. With no employees yet, the unit can register now and enrol them later."),
    EmployeesListTitle => ("已添加的职工", "Employees added"),
    NoEmployeesYet => ("尚未添加职工。", "No employees added yet."),
    NoEmployeesFiled => ("不申报职工，仅办理单位社会保险登记。", "No employees: the unit's registration only."),
    AddEmployeeTitle => ("录入一名职工", "Add an employee"),
    AddEmployee => ("添加职工", "Add employee"),
    ImportEmployeesTitle => ("从表格导入职工", "Import employees from a spreadsheet"),
    ImportEmployeesIntro => ("使用与批量增员相同的表格，文件只在您的浏览器中读取，每一行立即校验。", "Use the same spreadsheet as batch enrolment; the file is read in your browser only and every row is checked at once."),
    ChooseFile => ("请先选择表格文件。", "Choose a spreadsheet file first."),
    ImportButton => ("读取表格", "Read the file"),
    ImportedRows => ("已从表格读取 {rows} 名职工，请查看上方每一行的校验结果。", "{rows} employees read from the file: see each row's check above."),
    TooManyEmployees => ("一次申报最多 {max} 名职工。", "At most {max} employees in one filing."),
    EmployeeNumber => ("序号", "No."),
    EmployeeN => ("第{n}名职工：", "Employee {n}: "),
    EmploymentStart => ("用工起始日期", "Employment start date"),
    PensionStart => ("养老保险参保年月", "Pension start month"),
    Change => ("修改", "Change"),
    Remove => ("删除", "Remove"),
    RowOk => ("校验通过", "Valid"),
    CheckIntro => ("请核对以下信息，确认无误后提交。", "Check your answers, then submit."),
    OpeningAutoReviewNote => ("提交10分钟内可以撤回；之后系统将自动审核。可在“我的开办申请”查看审核结果。", "It can be withdrawn for 10 minutes; after that it is reviewed automatically. Follow it in My company filings."),
    OpeningManualReviewNote => ("该申请需经办人员审核。可在“我的开办申请”查看审核结果。", "A reviewer will check this filing. Follow it in My company filings."),
    UnitName => ("单位名称", "Unit name"),
    RegistrationDue => ("应登记截止日", "Register by"),
    OpeningIssuedTitle => ("单位参保登记结果", "The unit's registration"),
    AgentUsername => ("单位经办人用户名", "Agent's user name"),
    AgentPasswordSet => ("专管员已登录并设置了自己的密码。", "The contact person has logged in and set their own password."),
    AgentPasswordIntro => ("专管员尚未设置密码。可以生成一次性密码交给专管员，用于首次登录。", "The contact person has not set a password yet. Make a one-time password for their first login."),
    AgentPasswordButton => ("生成一次性密码", "Make a one-time password"),
    AgentPasswordShown => ("一次性密码（只显示这一次，请立即记下）：", "One-time password (shown only this once: note it now):"),
    AgentPasswordAdvice => ("请将用户名和一次性密码当面交给专管员本人，不要通过他人转交。专管员首次登录时须修改密码；再次生成会使此密码失效。", "Hand the user name and this password to the contact person in person, not through others. They must change it at first login; making another makes this one invalid."),
    StepCount => ("第{n}步，共{total}步", "Step {n} of {total}"),
    PagerStatus => ("第 {page} / {pages} 页，共 {total} 条", "Page {page} of {pages}, {total} in all"),
    // 待原单位减员 (issue 14 part 2)
    AskStop => ("申请原单位减员", "Ask the previous employer to stop"),
    AskStopOffer => ("可以申请原单位减员：系统通知原单位办理减员（不会告知您原单位名称），本人也可以确认已离职。原单位15天内未办理或本人确认离职后，经办机构可为其减员。减员后可在“待原单位减员”中重新申报。", "You can ask for the stop: the previous employer is asked to stop the insurance (it is not named to you), and the person can confirm leaving. If the previous employer has not acted within 15 days, or the person has confirmed leaving, the agency can stop it. Then submit the enrolment again from your requests."),
    AskStopFill => ("请填写增员信息，提交后将作为减员申请发送；原单位减员后可用同一信息重新申报。", "Fill in the enrolment; it is sent as the request, and once the stop is done you can submit it again as it is."),
    AskStopSent => ("已申请原单位减员", "Stop requested"),
    AskStopNext => ("接下来：原单位会收到办理减员的待办；本人可在个人服务中确认已离职；原单位15天内未办理或本人确认离职后，经办机构可为其减员。减员后请在“待原单位减员”中点击“重新申报”。", "Next: the previous employer is asked to stop the insurance; the person can confirm leaving in their own service; after 15 days without the previous employer acting, or once the person has confirmed, the agency can stop it. Then choose “Submit again” in your stop requests."),
    MyStopRequestsTitle => ("待原单位减员", "Waiting for previous employers"),
    MyStopRequestsHint => ("已申请原单位减员的人员；减员后重新申报", "People whose previous employer was asked to stop them; submit again once stopped"),
    MyStopRequestsEmpty => ("暂无减员申请。", "No stop requests."),
    RequestState => ("状态", "State"),
    RequestedAt => ("申请时间", "Requested"),
    EnrolAgain => ("重新申报", "Submit again"),
    StopRequestWithdrawn => ("减员申请已撤回。", "The stop request was withdrawn."),
    PrefillLoading => ("正在载入原增员信息…", "Loading the enrolment you sent…"),
    PrefillNote => ("已载入申请时填写的增员信息，请核对后提交。", "The enrolment you sent with the request is filled in: check it and submit."),
    IncomingTitle => ("待办：职工已在新单位申报参保，请办理减员", "To do: employees enrolled by a new employer, please stop them"),
    IncomingMenu => ("待办", "To do"),
    IncomingHint => ("职工已在新单位申报参保，请办理减员", "Employees enrolled by a new employer: please stop them"),
    IncomingIntro => ("以下职工已在新单位申报参保。请核实后办理减员；15天内未办理的，经办机构可为其减员。", "These employees have been enrolled by a new employer. Check and stop them; if you have not within 15 days, the agency can."),
    IncomingEmpty => ("暂无待办。", "Nothing to do."),
    AgencyMayStopFrom => ("经办机构可办理日期", "Agency may stop from"),
    DoStop => ("办理减员", "Stop"),
    StoppedByAgency => ("经办机构已减员", "Stopped by the agency"),
    StoppedByEmployer => ("本单位已减员", "Stopped by this employer"),
    StopFor => ("为 {name}（{id}）办理减员：请输入其完整社会保障号码后搜索。", "Stopping {name} ({id}): enter their full social security number and search."),
    PersonStopsTitle => ("原单位减员申请", "Requests to stop your previous job"),
    PersonStopsHint => ("新单位为您申报参保，需原单位减员", "A new employer enrolled you; your previous one must stop you"),
    PersonStopsIntro => ("新单位为您申报参保时，您仍在原单位参保。如已从原单位离职，请确认并填写最后工作日，经办机构即可为您办理减员。", "When your new employer enrolled you, you were still insured by your previous one. If you have left it, confirm with your last working day and the agency can stop the old insurance."),
    PersonStopsEmpty => ("暂无需要确认的申请。", "Nothing to confirm."),
    OldEmployer => ("原单位", "Previous employer"),
    NewEmployer => ("新单位", "New employer"),
    ConfirmLeaving => ("确认已离职", "Confirm I have left"),
    LeavingConfirmed => ("已确认离职，最后工作日 {day}。", "Leaving confirmed; last working day {day}."),
    LastDayHint => ("不能晚于今天，格式 YYYY-MM-DD", "Not after today; YYYY-MM-DD"),
    ReviewerStopsTitle => ("待原单位减员申请", "Stop requests"),
    ReviewerStopsHint => ("原单位15天内未办理或本人已确认离职的，可为其办理减员", "Stop the previous employment once 15 days have passed or the person confirmed leaving"),
    ReviewerStopsIntro => ("原单位15天内未办理减员，或本人已确认离职的，可由经办机构办理减员（暂停参保），并通知原单位。", "Once the previous employer has not acted for 15 days, or the person has confirmed leaving, the agency can stop the previous employment (suspended), and the employer is told."),
    ReviewerStopsEmpty => ("暂无申请。", "No requests."),
    MayStopFrom => ("可办理日期", "May stop from"),
    LastWorkingDay => ("最后工作日", "Last working day"),
    StopDone => ("已减员：{month}起，原因：{reason}", "Stopped from {month}, reason: {reason}"),
    NotYet => ("未到办理日期", "Not yet"),
    WithdrawnBanner => ("办件 {number} 已撤回作废。", "Application {number} was withdrawn and voided."),
    BaseRaised => ("月工资低于{month}缴费基数下限{min}，按下限缴费。", "The wage is below the {month} minimum base of {min}; the minimum is used."),
    BaseLowered => ("月工资高于{month}缴费基数上限{max}，按上限缴费。", "The wage is above the {month} maximum base of {max}; the maximum is used."),
    BaseLimits => ("{month}缴费基数范围：{min}至{max}", "Base limits for {month}: {min} to {max}"),
    ContributionsEnd => ("缴费截止{month}", "contributions end {month}"),
    PensionTotal => ("累计缴费 {total} 个月（{years} 年 {months} 个月）", "{total} months paid in all ({years} years {months} months)"),
    FlexBaseRange => ("可选缴费基数：{min}至{max}；养老保险费由个人全额缴纳（20%）。", "Choose a base from {min} to {max}; you pay the whole pension contribution (20%)."),
    FlexMonthlyAmount => ("每月养老保险费：{amount}（{month}起）", "Monthly pension contribution: {amount} (from {month})"),
    BatchChecked => ("已校验 {rows} 行，用时 {ms} ms", "Checked {rows} rows in {ms} ms"),
    BatchCounts => ("校验通过 {valid} 行，有错误 {invalid} 行。", "{valid} valid, {invalid} with errors."),
    BatchSubmitted => ("已提交 {submitted} 行，被拒绝 {refused} 行。", "{submitted} rows submitted, {refused} refused."),
    CertPeriodMonths => ("{first} 至 {last}（共{months}个月）", "{first} to {last} ({months} months)"),
    CertPensionMonthsTotal => ("企业职工基本养老保险累计缴费月数：{months}个月", "Basic pension, months paid in all: {months}"),
    CertMonthsTotal => ("合计缴费月数：{total}个月", "Months paid in all: {total}"),
}

/// The key's words in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    let (zh, en) = words(key);
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The key's words in `lang` with each `{name}` replaced by its value in `params`
/// (a name without a value stays as written).
pub fn trf(lang: Lang, key: Key, params: &[(&str, &dyn std::fmt::Display)]) -> String {
    let template = tr(lang, key);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        match params.iter().find(|(name, _)| *name == &after[..close]) {
            Some((_, value)) => out.push_str(&value.to_string()),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// An amount of money: `6500.00元`, or `¥6500.00` in English.
pub fn money(lang: Lang, amount: Fen) -> String {
    match lang {
        Lang::Zh => format!("{amount}元"),
        Lang::En => format!("¥{amount}"),
    }
}

/// An instant as `YYYY-MM-DD HH:MM`, China Standard Time.
pub fn datetime(ms: i64) -> String {
    let date = shebao_core::time::cst_date(ms);
    let minutes = (ms + 8 * 3_600_000).rem_euclid(86_400_000) / 60_000;
    format!("{date} {:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_key_has_words_in_both_languages() {
        for key in Key::ALL {
            let (zh, en) = words(*key);
            assert!(!zh.is_empty() && !en.is_empty(), "{key:?}");
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn templates_are_filled_by_name() {
        let filled = trf(Lang::En, Key::StepCount, &[("total", &4), ("n", &2)]);
        assert_eq!(filled, "Step 2 of 4");
        assert_eq!(
            trf(Lang::Zh, Key::StepCount, &[("n", &1)]),
            "第1步，共{total}步"
        );
    }
}
