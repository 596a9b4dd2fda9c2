//! Certificates: the PDF read back with poppler, the signing key, the seal; and through
//! the API on both engines: issuing, history, captcha, open-on-computer, verification.

mod common;

use shebao_server::certificates::{pdf::CertFont, sample_personal, seal, seal::Signer, Sealer};
use std::process::Command;

/// Runs a poppler tool on `pdf`; answers its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certificate.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut command = Command::new(tool);
    command.args(args).arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils): {e}"));
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The attachment `certificate.json`, extracted with `pdfdetach`.
pub fn detach(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certificate.pdf");
    let out = dir.path().join("certificate.json");
    std::fs::write(&path, pdf).unwrap();
    let status = Command::new("pdfdetach")
        .args(["-save", "1", "-o"])
        .arg(&out)
        .arg(&path)
        .status()
        .expect("pdfdetach (poppler-utils)");
    assert!(status.success());
    std::fs::read_to_string(out).unwrap()
}

pub fn pdf_text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf)
}

/// `pdffonts`' rows: the one font is embedded as a subset.
pub fn assert_subset_font(pdf: &[u8]) {
    let fonts = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        let (tag, _) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("no subset tag: {row}"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{row}"
        );
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID
        let n = columns.len();
        assert_eq!(
            &columns[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
    }
}

#[test]
fn a_36_month_certificate_reads_back_with_a_subset_font_and_a_valid_seal() {
    let font = CertFont::shared().expect("fonts-wqy-microhei is installed (scripts/setup.sh)");
    let sealer = Sealer::new(Signer::from_seed([5; 32]));
    let issued = sealer
        .issue_with(
            sample_personal(36),
            "http://127.0.0.1/verify?code=K7Q2-M9XD-4HPA-TR3C",
            font,
        )
        .unwrap();
    if let Ok(path) = std::env::var("SHEBAO_CERTIFICATE_DUMP") {
        std::fs::write(path, &issued.pdf).unwrap();
    }
    assert!(issued.pdf.len() < 80 * 1024, "{} bytes", issued.pdf.len());
    assert_subset_font(&issued.pdf);
    let text = pdf_text(&issued.pdf);
    for expected in [
        "个人参保证明",
        "欧阳娜娜",
        "11010519491231002X",
        "2023-11",
        "2026-10",
        "8123.45",
        "1299.75",
        "649.87",
        "K7Q2-M9XD-4HPA-TR3C",
        "电子专用章",
        "已缴费",
    ] {
        assert!(text.contains(expected), "{expected} is not in:\n{text}");
    }
    let opened = seal::open_file(&issued.pdf, &sealer.signer.public_key()).unwrap();
    assert!(opened.seal_valid);
    assert_eq!(opened.code, "K7Q2-M9XD-4HPA-TR3C");
    // Offline, as any tool would: the attachment holds the content and its signature.
    let embedded: serde_json::Value = serde_json::from_str(&detach(&issued.pdf)).unwrap();
    let canonical = shebao_server::certificates::content::canonical_json(&embedded["certificate"]);
    assert_eq!(canonical, issued.canonical);
    let signature = embedded["signature"].as_str().unwrap();
    assert!(seal::verify(
        &sealer.signer.public_key(),
        canonical.as_bytes(),
        signature
    ));
    assert_eq!(embedded["public_key"], sealer.signer.public_key_base64());
}
