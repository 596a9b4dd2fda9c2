//! Parse and plan one full enrolment form (every field), as the server does for each
//! submission and the browser on each keystroke. Target: under 2 µs per form.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use shebao_core::contribution::WorkInjuryRate;
use shebao_core::enrolment::{plan, EmployerTerms, EnrolmentForm, PersonStatus};
use shebao_core::time::{cst_instant, Date, YearMonth};

fn bench(c: &mut Criterion) {
    let form = EnrolmentForm {
        citizen_id: "34052419800101001x".into(),
        name: "张三".into(),
        mobile: "+86 138 1234 5678".into(),
        hukou_district: "330211".into(),
        hukou_type: "urban".into(),
        employment_start: "2026-10-08".into(),
        monthly_wage: "6,500.00".into(),
        pension_start: "2026-10".into(),
        unemployment_start: "2026-11".into(),
        checked_month: Some("2026-11".into()),
    };
    let terms = EmployerTerms {
        work_injury_rate: WorkInjuryRate::from_bp(40, YearMonth::new(2026, 11).unwrap()).unwrap(),
    };
    let now = cst_instant(Date::new(2026, 11, 15).unwrap(), 10, 0, 0);
    let status = PersonStatus::Known {
        name: "张三".into(),
    };
    assert!(plan(&status, &form, &terms, now).is_ok());

    c.bench_function("enrolment form: parse and plan", |b| {
        b.iter(|| plan(black_box(&status), black_box(&form), &terms, black_box(now)))
    });

    // A plain figure as well, for the report.
    let n = 200_000u32;
    let start = std::time::Instant::now();
    for _ in 0..n {
        black_box(plan(black_box(&status), black_box(&form), &terms, black_box(now)).is_ok());
    }
    let ns = start.elapsed().as_nanos() / u128::from(n);
    println!("shebao-core: one enrolment form parsed and planned in {ns} ns");
}

criterion_group!(benches, bench);
criterion_main!(benches);
