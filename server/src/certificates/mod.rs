//! Certificates (社保证明): the employer certificate (单位参保证明), the personal
//! certificate (个人参保证明) and the yearly pension history (基本养老历年参保).
//!
//! - [`content`]: what a certificate says, one [`content::Certificate`] from which the
//!   preview JSON, the PDF and the signature all come;
//! - [`pdf`]: the A4 Chinese PDF (krilla, subset font, vector QR code, drawn seal);
//! - [`seal`]: the Ed25519 signing key, the content signature and the file seal;
//! - [`gather`]: reading a certificate's content from the records;
//! - [`captcha`]: the captcha (an SVG sum, with the question in words);
//! - [`qr`]: a QR code as an SVG picture (the open-on-computer page's address).
//!
//! [`Sealer::issue`] puts them together: sign the content, render, seal the file.

pub mod captcha;
pub mod content;
pub mod gather;
pub mod pdf;
pub mod qr;
pub mod seal;

use content::Certificate;
use sha2::{Digest, Sha256};

/// Who issues certificates: the text of the seal and the signature line.
pub const ISSUER: &str = "社会保险网上服务平台";

/// A certificate ready to record: its content, signatures and file.
#[derive(Clone, Debug)]
pub struct Issued {
    pub certificate: Certificate,
    /// The canonical JSON that was signed.
    pub canonical: String,
    /// Base64 Ed25519 signature of `canonical`.
    pub signature: String,
    /// The sealed PDF.
    pub pdf: Vec<u8>,
    /// SHA-256 of `pdf`, hex.
    pub pdf_sha256: String,
}

/// Signs and renders certificates.
#[derive(Clone, Debug)]
pub struct Sealer {
    pub signer: seal::Signer,
}

impl Sealer {
    pub fn new(signer: seal::Signer) -> Sealer {
        Sealer { signer }
    }

    /// Signs the content, renders the PDF whose QR code opens `verify_url`, and seals it.
    /// CPU work of a few milliseconds: call it off the async threads.
    pub fn issue(&self, certificate: Certificate, verify_url: &str) -> Result<Issued, String> {
        let font = pdf::CertFont::shared()?;
        self.issue_with(certificate, verify_url, font)
    }

    pub fn issue_with(
        &self,
        certificate: Certificate,
        verify_url: &str,
        font: &pdf::CertFont,
    ) -> Result<Issued, String> {
        let canonical = certificate.canonical();
        let signature = self.signer.sign(canonical.as_bytes());
        let public_key = self.signer.public_key_base64();
        let rendered = pdf::render(
            &certificate,
            &pdf::Extras {
                signature: &signature,
                public_key: &public_key,
                verify_url,
            },
            font,
        )?;
        let pdf = seal::seal_file(rendered, &certificate.code, &self.signer);
        let pdf_sha256 = hex::encode(Sha256::digest(&pdf));
        Ok(Issued {
            certificate,
            canonical,
            signature,
            pdf,
            pdf_sha256,
        })
    }
}

/// Where the owner downloads a certificate's PDF.
pub fn pdf_url(code: &str) -> String {
    format!("/api/v1/certificates/{code}/pdf")
}

/// The alphabet of verification codes: no 0/O, 1/I/L.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new verification code: 16 random characters in groups of four (≈ 79 bits),
/// e.g. `K7Q2-M9XD-4HPA-TR3C`.
pub fn new_code() -> String {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).expect("the system's random numbers");
    let mut code = String::with_capacity(19);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char);
    }
    code
}

/// A typed code as stored: upper case, dashes where they belong, blanks dropped.
pub fn normalize_code(input: &str) -> Option<String> {
    let chars: Vec<char> = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() != 16 || !chars.iter().all(|c| CODE_ALPHABET.contains(&(*c as u8))) {
        return None;
    }
    let mut code = String::with_capacity(19);
    for (i, c) in chars.into_iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(c);
    }
    Some(code)
}

/// A personal certificate of `months` months over all five insurances, with made-up
/// data: for the benchmark and the renderer's tests.
pub fn sample_personal(months: usize) -> Certificate {
    use content::{Kind, MonthLine, PersonBody, StatusLine};
    use shebao_core::insurance::Insurance;
    use shebao_core::time::YearMonth;
    let last = YearMonth::new(2026, 10).expect("a month");
    let month_list: Vec<String> = (0..months as i32)
        .rev()
        .map(|i| last.add_months(-i).to_string())
        .collect();
    let mut lines = Vec::new();
    for m in &month_list {
        for insurance in Insurance::ALL {
            lines.push(MonthLine {
                month: m.clone(),
                insurance,
                employer_name: Some("宁波甲乙丙丁科技有限公司".into()),
                flexible: false,
                base_fen: 812_345,
                employer_fen: 129_975,
                individual_fen: 64_987,
                status: "paid".into(),
            });
        }
    }
    Certificate {
        code: "K7Q2-M9XD-4HPA-TR3C".into(),
        kind: Kind::Personal,
        issued_ms: 1_795_000_000_000,
        issued_date: "2026-11-18".into(),
        issuer: ISSUER.into(),
        employer: None,
        person: Some(PersonBody {
            name: "欧阳娜娜".into(),
            citizen_id: "11010519491231002X".into(),
            status: Insurance::ALL
                .into_iter()
                .map(|insurance| StatusLine {
                    insurance,
                    state: "active".into(),
                    employer_name: Some("宁波甲乙丙丁科技有限公司".into()),
                    flexible: false,
                    base_fen: Some(812_345),
                    months_paid: 120,
                })
                .collect(),
            pension_months_total: 120,
            months: month_list,
            insurances: Insurance::ALL.to_vec(),
            lines,
            years: Vec::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_and_normalised() {
        let code = new_code();
        assert_eq!(code.len(), 19);
        assert_eq!(
            normalize_code(&code.to_lowercase().replace('-', " ")),
            Some(code)
        );
        assert_eq!(
            normalize_code("K7Q2M9XD4HPATR3C").unwrap(),
            "K7Q2-M9XD-4HPA-TR3C"
        );
        assert_eq!(normalize_code("K7Q2-M9XD-4HPA-TR3"), None);
        assert_eq!(normalize_code("K7Q2-M9XD-4HPA-TR30"), None);
    }
}
