//! Renders a 36-month personal certificate (five insurances, 180 lines): the median time
//! and the file's size. Target: ≤ 10 ms and ≤ 80 KB.
//!
//! Run: `cargo bench -p shebao-server --bench certificate`

use criterion::{criterion_group, criterion_main, Criterion};
use shebao_server::certificates::{pdf::CertFont, sample_personal, seal::Signer, Sealer};

fn render(c: &mut Criterion) {
    let font = CertFont::shared().expect("the certificate font (fonts-wqy-microhei)");
    let sealer = Sealer::new(Signer::from_seed([3; 32]));
    let certificate = sample_personal(36);
    let url = "http://127.0.0.1:8080/verify?code=K7Q2-M9XD-4HPA-TR3C";
    let issued = sealer
        .issue_with(certificate.clone(), url, font)
        .expect("renders");
    println!(
        "36-month personal certificate: {} bytes ({:.1} KB)",
        issued.pdf.len(),
        issued.pdf.len() as f64 / 1024.0
    );
    c.bench_function("personal certificate, 36 months", |b| {
        b.iter(|| {
            sealer
                .issue_with(certificate.clone(), url, font)
                .expect("renders")
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
