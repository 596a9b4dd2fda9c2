//! The demo set as pure data: employers, persons and their insurance stints, drawn from
//! one seeded generator in a fixed order, so the same seed always gives the same set
//! (however the rows are later batched into transactions).

use super::names::{
    COMPANY_FORMS, GIVEN, OTHER_REGIONS, SURNAMES, TRADES, TRADE_NAMES, ZHEJIANG_REGIONS,
};
use crate::repo::employers::Employer;
use crate::repo::ids::{EmployerId, PersonId};
use crate::repo::persons::Person;
use shebao_core::contribution::{amounts, apply_rate, clamp_base, WorkInjuryRate};
use shebao_core::ids::{CitizenId, CreditCode, Gender, UnitNumber};
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::policy;
use shebao_core::region::DISTRICTS;
use shebao_core::retirement::retirement_month;
use shebao_core::time::{days_in_month, Date, YearMonth};
use std::collections::HashSet;

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        // The bias of a plain modulo is below 2^-40 for the sizes used here.
        self.next_u64() % n
    }
    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// Earlier items more often (index = n·u², u uniform): surnames by frequency,
    /// employees towards the first (bigger) employers.
    pub fn pick_skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let u = self.below(1 << 20) as u128;
        &items[((items.len() as u128 * u * u) >> 40) as usize]
    }
}

pub fn name(rng: &mut Rng) -> String {
    let mut name = rng.pick_skewed(SURNAMES).to_string();
    name.push_str(rng.pick::<&str>(GIVEN));
    if rng.chance(70) {
        name.push_str(rng.pick::<&str>(GIVEN));
    }
    name
}

pub fn mobile(rng: &mut Rng) -> String {
    let second = *rng.pick(&[3u8, 5, 7, 8, 9]);
    format!("1{second}{:09}", rng.below(1_000_000_000))
}

/// Ningbo's districts (the insured places of the demo employers).
fn ningbo_districts() -> Vec<&'static str> {
    DISTRICTS
        .iter()
        .map(|d| d.code)
        .filter(|c| c.starts_with("3302"))
        .collect()
}

const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A valid unified social credit code, unique per `index`: 91 (enterprise), the
/// district, nine characters that are a bijection of the index, and the check.
pub fn credit_code(district: &str, index: u64) -> String {
    const SPACE: u64 = 31u64.pow(9);
    // 1_000_003 is prime and not 31, so multiplying by it permutes 0..31^9.
    let mut v = (index.wrapping_mul(1_000_003).wrapping_add(7_777_777)) % SPACE;
    let mut org = [0u8; 9];
    for slot in org.iter_mut().rev() {
        *slot = CREDIT_ALPHABET[(v % 31) as usize];
        v /= 31;
    }
    let mut code = format!("91{district}").into_bytes();
    code.extend_from_slice(&org);
    let check = CreditCode::check_char(&code);
    code.push(check as u8);
    String::from_utf8(code).expect("ASCII")
}

/// The contact person (专管员) and mobile of the first two employers (the demo agents').
pub const DEMO_CONTACTS: [(&str, &str); 2] = [("陈建国", "13957400001"), ("林晓燕", "13957400002")];

/// `count` employers with ids 1..=count. The first two are the demo agents' employers.
pub fn employers(rng: &mut Rng, count: usize) -> Vec<Employer> {
    let districts = ningbo_districts();
    let mut per_district = std::collections::HashMap::<&str, u32>::new();
    let mut names = HashSet::new();
    let rates = [20i64, 40, 50, 70, 90, 110, 130, 160, 190];
    (0..count)
        .map(|i| {
            let (district, name) = match i {
                0 => ("330211", "宁波甬江机械制造有限公司".to_string()),
                1 => ("330212", "宁波明州港口物流有限公司".to_string()),
                _ => {
                    let district = *rng.pick(&districts);
                    let mut name = String::new();
                    for attempt in 0.. {
                        name = format!(
                            "宁波{}{}{}",
                            rng.pick(TRADE_NAMES),
                            rng.pick(TRADES),
                            rng.pick(COMPANY_FORMS)
                        );
                        if attempt >= 8 {
                            name = format!("{name}（{i}）");
                        }
                        if names.insert(name.clone()) {
                            break;
                        }
                    }
                    (district, name)
                }
            };
            names.insert(name.clone());
            let seq = per_district.entry(district).or_insert(0);
            *seq += 1;
            let (contact_name, contact_mobile) = (self::name(rng), mobile(rng));
            // The demo agents' employers have a known 专管员 (printed with the demo
            // accounts), so the 单位参保证明, which asks for them, can be tried.
            let (contact_name, contact_mobile) = match DEMO_CONTACTS.get(i) {
                Some((n, m)) => (n.to_string(), m.to_string()),
                None => (contact_name, contact_mobile),
            };
            Employer {
                id: EmployerId(i as i64 + 1),
                name,
                credit_code: credit_code(district, i as u64),
                unit_number: UnitNumber::new(district, *seq).as_str().to_string(),
                district: district.to_string(),
                contact_name,
                contact_mobile,
                work_injury_rate_bp: *rng.pick(&rates),
            }
        })
        .collect()
}

/// What a person's records look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Insured by an employer now (about 80 %).
    Employed,
    /// Insured as a flexible worker now (about 8 %).
    Flexible,
    /// Insured before, not now (about 7 %).
    Suspended,
    /// In the records, never insured (about 5 %).
    Never,
}

/// A period of insurance: through an employer (all five insurances) or as a flexible
/// worker (pension), from `start` until `end` (the first month not covered; `None`:
/// still active).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stint {
    pub employer_id: Option<i64>,
    pub start: YearMonth,
    pub end: Option<YearMonth>,
}

#[derive(Clone, Debug)]
pub struct DemoPerson {
    pub person: Person,
    pub category: Category,
    /// Monthly wage at the handling month, in yuan; earlier years are lower.
    pub wage_yuan: i64,
    pub stints: Vec<Stint>,
}

/// Draws persons one after another.
pub struct PersonGenerator {
    rng: Rng,
    handling: YearMonth,
    /// The first month of contribution history.
    first: YearMonth,
    employer_ids: Vec<i64>,
    taken: HashSet<u64>,
}

impl PersonGenerator {
    pub fn new(rng: Rng, handling: YearMonth, history_months: i32, employers: usize) -> Self {
        PersonGenerator {
            rng,
            handling,
            first: handling.add_months(-history_months),
            employer_ids: (1..=employers as i64).collect(),
            taken: HashSet::new(),
        }
    }

    pub fn first_month(&self) -> YearMonth {
        self.first
    }

    /// The `index`-th person, with database id `id`. Person 0 works at employer 1
    /// with a full history (the demo resident); person 1 worked at employer 2 until
    /// three months ago and is insured nowhere now (the demo flexible worker-to-be).
    pub fn person(&mut self, index: usize, id: i64) -> DemoPerson {
        let category = match index {
            0 => Category::Employed,
            1 => Category::Suspended,
            _ => match self.rng.below(100) {
                0..=79 => Category::Employed,
                80..=87 => Category::Flexible,
                88..=94 => Category::Suspended,
                _ => Category::Never,
            },
        };
        let gender = if self.rng.chance(52) {
            Gender::Male
        } else {
            Gender::Female
        };
        let (lo, hi) = match category {
            Category::Employed | Category::Flexible => (1968, 2003),
            Category::Suspended => (1960, 2003),
            Category::Never => (1960, 2006),
        };
        let mut birth = self.birth_date(lo, hi);
        let working = matches!(category, Category::Employed | Category::Flexible);
        if working && retirement_month(birth, gender) <= self.handling.next() {
            birth = self.birth_date(1985, 2003);
        }
        let (region, hukou) = if self.rng.chance(85) {
            let (region, hukou) = *self.rng.pick_skewed(ZHEJIANG_REGIONS);
            (region, hukou)
        } else {
            let hukou = self.rng.pick(ZHEJIANG_REGIONS).1;
            (*self.rng.pick(OTHER_REGIONS), hukou)
        };
        let citizen_id = self.citizen_id(region, birth, gender);
        let person = Person {
            id: PersonId(id),
            citizen_id,
            name: name(&mut self.rng),
            gender,
            birth_date: birth,
            mobile: Some(mobile(&mut self.rng)),
            hukou_district: Some(hukou.to_string()),
            hukou_type: Some(
                if self.rng.chance(65) {
                    "urban"
                } else {
                    "rural"
                }
                .to_string(),
            ),
        };
        // Wages skewed low: most near the base minimum, a few at the maximum.
        let spread = self.rng.below(1000) as i64;
        let wage_yuan = 3_800 + spread * spread / 42 + self.rng.between(0, 999);
        let stints = self.stints(index, category, birth, gender);
        DemoPerson {
            person,
            category,
            wage_yuan,
            stints,
        }
    }

    fn birth_date(&mut self, lo: i32, hi: i32) -> Date {
        let year = self.rng.between(i64::from(lo), i64::from(hi)) as i32;
        let month = self.rng.between(1, 12) as u8;
        let day = self.rng.between(1, i64::from(days_in_month(year, month))) as u8;
        Date::new(year, month, day).expect("a real date")
    }

    fn citizen_id(&mut self, region: &str, birth: Date, gender: Gender) -> CitizenId {
        loop {
            let mut seq = self.rng.below(1000) as u32;
            // The 17th digit: odd for men, even for women.
            let odd = seq % 2 == 1;
            if odd != (gender == Gender::Male) {
                seq = if seq == 999 { 998 } else { seq + 1 };
            }
            let first17 = format!(
                "{region}{:04}{:02}{:02}{seq:03}",
                birth.year(),
                birth.month(),
                birth.day()
            );
            let key: u64 = first17.parse().expect("17 digits");
            if self.taken.insert(key) {
                let check = CitizenId::check_char(first17.as_bytes());
                let far_future = Date::new(9999, 12, 31).expect("a real date");
                return CitizenId::parse(&format!("{first17}{check}"), far_future)
                    .expect("the generator makes valid citizen IDs");
            }
        }
    }

    fn employer(&mut self) -> i64 {
        *self.rng.pick_skewed(&self.employer_ids)
    }

    fn other_employer(&mut self, not: i64) -> i64 {
        let mut e = self.employer();
        if e == not {
            e = self.employer_ids[(e as usize) % self.employer_ids.len()];
        }
        e
    }

    fn stints(
        &mut self,
        index: usize,
        category: Category,
        birth: Date,
        gender: Gender,
    ) -> Vec<Stint> {
        let (first, handling) = (self.first, self.handling);
        let window = first.months_until(handling);
        // Nobody is insured before 18 here, nor after retirement.
        let adult = birth.year_month().add_months(18 * 12);
        let retire = retirement_month(birth, gender);
        let mut stints = Vec::new();
        match (index, category) {
            (0, _) => stints.push(Stint {
                employer_id: Some(1),
                start: first.add_months(-30).max(adult),
                end: None,
            }),
            (1, _) => stints.push(Stint {
                employer_id: Some(2),
                start: first.add_months(-6).max(adult),
                end: Some(handling.add_months(-3)),
            }),
            (_, Category::Employed) => {
                let employer = self.employer();
                if self.rng.chance(55) {
                    // Insured here since before the history window.
                    let before = self.rng.between(0, 120) as i32;
                    stints.push(Stint {
                        employer_id: Some(employer),
                        start: first.add_months(-before).max(adult),
                        end: None,
                    });
                } else {
                    let start = first.add_months(self.rng.between(1, i64::from(window) - 1) as i32);
                    if self.rng.chance(40) && first.months_until(start) > 8 {
                        // An earlier job elsewhere, then a gap of a month or two.
                        let previous = self.other_employer(employer);
                        let end = start.add_months(-(self.rng.between(0, 2) as i32));
                        let begin = first
                            .add_months(-(self.rng.between(0, 36) as i32))
                            .max(adult);
                        if begin < end {
                            stints.push(Stint {
                                employer_id: Some(previous),
                                start: begin,
                                end: Some(end),
                            });
                        }
                    }
                    stints.push(Stint {
                        employer_id: Some(employer),
                        start: start.max(adult),
                        end: None,
                    });
                }
            }
            (_, Category::Flexible) => {
                let start = first.add_months(self.rng.between(-24, i64::from(window) - 1) as i32);
                stints.push(Stint {
                    employer_id: None,
                    start: start.max(adult),
                    end: None,
                });
            }
            (_, Category::Suspended) => {
                let start = first.add_months(self.rng.between(-60, i64::from(window) - 6) as i32);
                let end = start
                    .add_months(self.rng.between(6, 60) as i32)
                    .min(handling.prev())
                    .min(retire);
                let start = start.max(adult);
                if start < end {
                    let employer_id = if self.rng.chance(25) {
                        None
                    } else {
                        Some(self.employer())
                    };
                    stints.push(Stint {
                        employer_id,
                        start,
                        end: Some(end),
                    });
                }
            }
            (_, Category::Never) => {}
        }
        stints
    }
}

/// Which insurances a stint covers.
pub fn insurances_of(stint: &Stint) -> &'static [Insurance] {
    match stint.employer_id {
        Some(_) => &Insurance::ALL,
        None => &[Insurance::Pension],
    }
}

/// The wage in `month`: `wage_yuan` at the handling month, about 4 % less a year
/// before, rounded to whole yuan.
pub fn wage_in(wage_yuan: i64, month: YearMonth, handling: YearMonth) -> Fen {
    let months_back = i64::from(month.months_until(handling).max(0));
    Fen::yuan(wage_yuan * (1200 - 4 * months_back) / 1200)
}

/// One month of one insurance of a stint: (base, employer fen, individual fen), or
/// `None` when the policy table has nothing for the month.
pub fn month_row(
    stint: &Stint,
    insurance: Insurance,
    wage_yuan: i64,
    work_injury_bp: i64,
    month: YearMonth,
    handling: YearMonth,
) -> Option<(i64, i64, i64)> {
    let limits = policy::base_limits(month).ok()?;
    let base = clamp_base(wage_in(wage_yuan, month, handling), &limits).base;
    match stint.employer_id {
        Some(_) => {
            let rate = WorkInjuryRate::from_bp(work_injury_bp as u32, month).ok()?;
            let a = amounts(insurance, base, month, rate).ok()?;
            Some((base.fen(), a.employer.fen(), a.individual.fen()))
        }
        None => {
            let rate = policy::flexible_rate(month).ok()?;
            Some((base.fen(), 0, apply_rate(base, rate.pension_bp).fen()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shebao_core::ids::CreditCode;

    #[test]
    fn identifiers_are_valid_and_the_set_is_the_same_each_time() {
        let handling = YearMonth::new(2026, 11).unwrap();
        let today = Date::new(2026, 11, 27).unwrap();
        let draw = || {
            let mut rng = Rng::new(42);
            let employers = employers(&mut rng, 30);
            let mut g = PersonGenerator::new(rng, handling, 60, employers.len());
            let persons: Vec<DemoPerson> = (0..500).map(|i| g.person(i, i as i64 + 1)).collect();
            (employers, persons)
        };
        let (employers, persons) = draw();
        for e in &employers {
            CreditCode::parse(&e.credit_code).unwrap();
            UnitNumber::parse(&e.unit_number).unwrap();
            shebao_core::ids::Mobile::parse(&e.contact_mobile).unwrap();
            assert!((20..=190).contains(&e.work_injury_rate_bp));
        }
        let codes: HashSet<_> = employers.iter().map(|e| &e.credit_code).collect();
        assert_eq!(codes.len(), employers.len());
        let units: HashSet<_> = employers.iter().map(|e| &e.unit_number).collect();
        assert_eq!(units.len(), employers.len());
        for p in &persons {
            let id = CitizenId::parse(p.person.citizen_id.as_str(), today).unwrap();
            assert_eq!(id.birth_date(), p.person.birth_date);
            for s in &p.stints {
                assert!(s.end.is_none_or(|end| s.start < end), "{s:?}");
                assert!(id.age_in(s.start) >= 16, "{s:?}");
            }
            let active = p.stints.iter().filter(|s| s.end.is_none()).count();
            match p.category {
                Category::Employed | Category::Flexible => assert_eq!(active, 1),
                Category::Suspended | Category::Never => assert_eq!(active, 0),
            }
        }
        let (again_employers, again_persons) = draw();
        assert_eq!(again_employers, employers);
        assert!(again_persons
            .iter()
            .zip(&persons)
            .all(|(a, b)| a.person == b.person && a.stints == b.stints));
        assert_eq!(persons[0].stints[0].employer_id, Some(1));
        assert!(persons[1].stints.iter().all(|s| s.end.is_some()));
    }
}
