//! What a certificate says: the data that is printed, signed, recorded and shown in the
//! preview. The preview (JSON), the PDF and the signature all come from one
//! [`Certificate`], so they can never disagree. The types live in
//! `shebao_core::certificate` (the browser shows the same value as the preview); what
//! only the PDF needs (yuan, the Chinese state words) is here.

pub use shebao_core::certificate::{
    canonical_json, Certificate, EmployerBody, EmployerInsurance, Kind, MonthLine, MonthPayment,
    PersonBody, StatusLine, YearLine,
};

/// Money in fen as yuan with two decimals: 700000 → `7000.00`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}{}.{:02}", fen / 100, fen % 100)
}

/// The state of a month's payment in Chinese.
pub fn status_zh(status: &str) -> &'static str {
    match status {
        "paid" => "已缴费",
        "due" => "待缴",
        "active" => "正常参保",
        "suspended" => "暂停参保",
        "terminated" => "终止参保",
        _ => "未参保",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_prints_as_yuan() {
        assert_eq!(yuan(700_000), "7000.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-150), "-1.50");
    }
}
