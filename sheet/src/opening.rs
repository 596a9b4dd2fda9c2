//! What the 开办企业 pages do with a filing apart from the browser: which page of the
//! wizard a violation's path belongs to, one employee's violations under their own
//! field names, the employee being typed judged as the filing's next one, and a
//! spreadsheet's rows (the 批量增员 format) read as employees. Pure, so it is tested
//! natively; core judges everything (`shebao_core::opening`).

use crate::batch::{self, BatchKind, RowForm};
use crate::Table;
use shebao_core::api::EnrolmentForm;
use shebao_core::opening::{self, employee_field, split_employee_field, OpeningForm};
use shebao_core::Violation;

/// The wizard's pages that hold fields, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Unit,
    Contact,
    Employees,
}

/// The page on which the field at `path` is typed: `unit.…`, `contact.…`,
/// `employees…`; anything else of the filing (the handling month) is the unit's page,
/// the first one, where a refusal is best explained.
pub fn section_of(path: &str) -> Section {
    if path.starts_with("contact.") {
        Section::Contact
    } else if path.starts_with("employees") {
        Section::Employees
    } else {
        Section::Unit
    }
}

/// The violations of `section`, at their paths in the filing.
pub fn in_section(violations: &[Violation], section: Section) -> Vec<Violation> {
    violations
        .iter()
        .filter(|v| section_of(&v.field) == section)
        .cloned()
        .collect()
}

/// Employee `number`'s (from 1) violations, each under its own field name
/// (`pension_start`), as the employee's form shows them.
pub fn employee_violations(violations: &[Violation], number: usize) -> Vec<Violation> {
    violations
        .iter()
        .filter_map(|v| match split_employee_field(&v.field) {
            Some((n, field)) if n == number => Some(v.clone().in_field(field)),
            _ => None,
        })
        .collect()
}

/// The violations of `filing` as typed, judged by core without the store's facts
/// (`opening::check_form`; none when it passes).
pub fn check(filing: &OpeningForm, now_ms: i64) -> Vec<Violation> {
    match opening::check_form(filing, now_ms) {
        Ok(_) => Vec::new(),
        Err(v) => v.0,
    }
}

/// `employee` judged as the next employee of `filing` (after those it has): the
/// ordinary 增员 rules, the founding month, and an ID already in the filing. Under the
/// employee's own field names; the rest of the filing's violations are left out.
pub fn check_next_employee(
    filing: &OpeningForm,
    employee: &EnrolmentForm,
    now_ms: i64,
) -> Vec<Violation> {
    let mut with_it = filing.clone();
    with_it.employees.push(employee.clone());
    let number = with_it.employees.len();
    employee_violations(&check(&with_it, now_ms), number)
}

/// The path of employee `number`'s `field` (re-exported for the pages' ids).
pub fn employee_path(number: usize, field: &str) -> String {
    employee_field(number, field)
}

/// A sheet in the 批量增员 format (read with `BatchKind::Enrol.columns()`) as the
/// filing's employees, each row's cells in the form core parses (districts by name,
/// dates and months as spreadsheets write them), with the spreadsheet row each came
/// from. The filing judges them (its own `checked_month` stands for all of them).
pub fn employees_from_table(table: &Table, now_ms: i64) -> Vec<(usize, EnrolmentForm)> {
    batch::check(BatchKind::Enrol, table, now_ms)
        .into_iter()
        .filter_map(|row| match row.form {
            RowForm::Enrol(form) => Some((
                row.line,
                EnrolmentForm {
                    checked_month: None,
                    ..form
                },
            )),
            RowForm::Stop(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shebao_core::opening::{ContactForm, UnitForm};
    use shebao_core::region::DISTRICTS;
    use shebao_core::time::handling_month;
    use shebao_core::Code;

    // 2026-06-15 12:00 CST.
    const NOW: i64 = 1_781_496_000_000;

    fn unit(founding: &str) -> UnitForm {
        UnitForm {
            credit_code: "91350200776049653A".into(),
            name: "宁波测试科技有限公司".into(),
            registered_address: "宁波市镇海区骆驼街道1号".into(),
            district: DISTRICTS[0].code.into(),
            founding_date: founding.into(),
            legal_representative: "张三".into(),
            industry_class: "1".into(),
        }
    }

    fn filing(founding: &str) -> OpeningForm {
        OpeningForm {
            unit: unit(founding),
            contact: ContactForm {
                name: "李四".into(),
                mobile: "13800138000".into(),
            },
            employees: Vec::new(),
            checked_month: Some(handling_month(NOW).to_string()),
        }
    }

    fn employee(id: &str, start: &str) -> EnrolmentForm {
        let month = handling_month(NOW).to_string();
        EnrolmentForm {
            citizen_id: id.into(),
            name: "王五".into(),
            mobile: "13900139000".into(),
            hukou_district: DISTRICTS[0].code.into(),
            hukou_type: "urban".into(),
            employment_start: start.into(),
            monthly_wage: "6500".into(),
            pension_start: month.clone(),
            unemployment_start: month,
            checked_month: None,
        }
    }

    #[test]
    fn paths_belong_to_their_pages() {
        assert_eq!(section_of("unit.credit_code"), Section::Unit);
        assert_eq!(section_of("contact.mobile"), Section::Contact);
        assert_eq!(section_of("employees[2].pension_start"), Section::Employees);
        assert_eq!(section_of("employees"), Section::Employees);
        assert_eq!(section_of("checked_month"), Section::Unit);
    }

    #[test]
    fn one_employees_violations_lose_their_prefix() {
        let all = vec![
            Violation::new(Code::Required, "employees[1].name"),
            Violation::new(Code::Required, "employees[2].mobile"),
            Violation::new(Code::Required, "unit.name"),
        ];
        let second = employee_violations(&all, 2);
        assert_eq!(second, vec![Violation::new(Code::Required, "mobile")]);
        assert_eq!(in_section(&all, Section::Unit).len(), 1);
        assert_eq!(employee_path(3, "name"), "employees[3].name");
    }

    #[test]
    fn the_unit_as_typed_is_judged_at_its_paths() {
        let mut f = filing("2026-06-01");
        assert_eq!(
            check(&f, NOW),
            Vec::new(),
            "a clean filing with no employees"
        );
        f.unit.credit_code = "91350200776049653".into();
        f.unit.founding_date = "2026-07-01".into();
        let fields: Vec<String> = check(&f, NOW).into_iter().map(|v| v.field).collect();
        assert!(
            fields.contains(&"unit.credit_code".to_string()),
            "{fields:?}"
        );
        assert!(
            fields.contains(&"unit.founding_date".to_string()),
            "{fields:?}"
        );
    }

    #[test]
    fn the_next_employee_is_judged_within_the_filing() {
        let id = "330211199001011236";
        let mut f = filing("2026-06-01");
        let first = employee(id, "2026-06-01");
        assert_eq!(check_next_employee(&f, &first, NOW), Vec::new());
        f.employees.push(first.clone());
        // The same ID again: refused as a repeat of employee 1, under `citizen_id`.
        let again = check_next_employee(&f, &first, NOW);
        assert!(
            again
                .iter()
                .any(|v| v.code == Code::CitizenIdRepeated && v.field == "citizen_id"),
            "{again:?}"
        );
        // A unit founded this month cannot have employees insured from the month before.
        let mut early = employee("330211199203041230", "2026-06-01");
        early.pension_start = handling_month(NOW).prev().to_string();
        let refused = check_next_employee(&f, &early, NOW);
        assert!(
            refused.iter().any(|v| v.field == "pension_start"),
            "{refused:?}"
        );
    }

    #[test]
    fn a_sheet_in_the_batch_format_gives_the_employees_with_their_rows() {
        let rows = crate::parse_text(
            "社会保障号码,姓名,手机号码,户籍所在地,户口性质,用工起始日期,月工资,养老保险参保年月,失业保险参保年月\n\
             330211199001011236,王五,13900139000,330211,urban,2026/6/1,6500,2026年6月,2026-06\n",
        )
        .unwrap();
        let table = crate::table(&rows, BatchKind::Enrol.columns()).unwrap();
        let employees = employees_from_table(&table, NOW);
        assert_eq!(employees.len(), 1);
        let (line, form) = &employees[0];
        assert_eq!(*line, 2);
        assert_eq!(form.employment_start, "2026-06-01");
        assert_eq!(form.pension_start, "2026-06");
        assert_eq!(form.checked_month, None);
        assert_eq!(form.hukou_district, crate::batch::district_code("330211"));
    }
}
