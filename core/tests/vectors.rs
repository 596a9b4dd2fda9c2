//! Runs the shared vectors (`core/vectors/vectors.json`) natively and in wasm.
//!
//! Every vector names a rule, an input and the expected result, written by hand or by
//! `core/vectors/generate.py` from the SPEC, never by running this crate. The result of
//! a rule is `{"ok": value}` or `{"err": violation(s)}`; objects in `expect` are
//! compared as subsets (only the keys written are checked), arrays and scalars exactly.
//! All failures are collected and reported together; every violation code must appear
//! in at least one vector.

use serde_json::{json, Value};
use shebao_core::application::{self, Action, ReviewFlag, State};
use shebao_core::contribution::{self, clamp_base, WorkInjuryRate};
use shebao_core::enrolment::{self, EmployerTerms, EnrolmentForm, EnrolmentPlan, PersonStatus};
use shebao_core::flexible::{self, FlexEnrolForm, FlexState, FlexSuspendForm};
use shebao_core::ids::{CitizenId, CreditCode, Gender, Mobile, UnitNumber};
use shebao_core::industry::IndustryClass;
use shebao_core::insurance::Insurance;
use shebao_core::money::Fen;
use shebao_core::opening::{self, OpeningFacts, OpeningForm, OpeningPlan};
use shebao_core::region::District;
use shebao_core::stop::{self, ActiveEmployment, StopForm, StopReason};
use shebao_core::stop_request::{
    self, LeavingForm, RequestEvent, RequestState, ReviewerStopForm, StopRequest,
};
use shebao_core::time::{self, Date, YearMonth};
use shebao_core::{password, policy, retirement, Code, Lang, Violation, Violations};

const VECTORS: &str = include_str!("../vectors/vectors.json");

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z` → ms since the epoch, computed here (not by core) so
/// the handling-month vectors test core's conversion against an independent one.
fn iso_ms(text: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| text[r].parse::<i64>().expect("digits");
    let (y, mo, d) = (n(0..4), n(5..7), n(8..10));
    let (h, mi, s) = (n(11..13), n(14..16), n(17..19));
    let ms = if text.as_bytes()[19] == b'.' {
        n(20..23)
    } else {
        0
    };
    let mut days = 0i64;
    if y >= 1970 {
        for year in 1970..y {
            days += if leap(year) { 366 } else { 365 };
        }
    } else {
        for year in y..1970 {
            days -= if leap(year) { 366 } else { 365 };
        }
    }
    let month_days = [
        31,
        if leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    days += month_days[..(mo - 1) as usize].iter().sum::<i64>() + d - 1;
    ((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms
}

fn leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn s<'a>(input: &'a Value, key: &str) -> &'a str {
    input[key]
        .as_str()
        .unwrap_or_else(|| panic!("input.{key} is not a string"))
}
fn ym(text: &str) -> YearMonth {
    YearMonth::parse(text, "month").expect("a month in the vector input")
}
fn date(text: &str) -> Date {
    Date::parse(text, "date").expect("a date in the vector input")
}
fn insurance(text: &str) -> Insurance {
    Insurance::from_code(text).expect("an insurance code")
}
fn from<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).expect("vector input has the right shape")
}

fn one<T: serde::Serialize>(r: Result<T, Violation>) -> Value {
    match r {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "err": e }),
    }
}
fn many<T: serde::Serialize>(r: Result<T, Violations>) -> Value {
    match r {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "err": e }),
    }
}
/// A plan's verdict with whether it waits for a person (`needs_review`) beside its fields.
fn with_needs_review<P: serde::Serialize>(
    r: Result<P, Violations>,
    needs_review: impl Fn(&P) -> bool,
) -> Value {
    match r {
        Ok(p) => {
            let review = needs_review(&p);
            let mut v = serde_json::to_value(p).unwrap();
            v["needs_review"] = json!(review);
            json!({ "ok": v })
        }
        Err(e) => json!({ "err": e }),
    }
}

fn run(rule: &str, i: &Value) -> Value {
    match rule {
        "citizen_id" => one(CitizenId::parse(s(i, "value"), date(s(i, "today"))).map(|id| {
            json!({
                "id": id.as_str(),
                "birth_date": id.birth_date(),
                "gender": id.gender(),
                "masked": id.masked(),
            })
        })),
        "credit_code" => one(CreditCode::parse(s(i, "value"))),
        "unit_number" => one(UnitNumber::parse(s(i, "value"))),
        "mobile" => one(Mobile::parse(s(i, "value")).map(|m| json!({"mobile": m, "masked": m.masked()}))),
        "money" => one(
            Fen::parse_yuan(s(i, "value"), "monthly_wage")
                .map(|f| json!({"fen": f, "display": f.to_string()})),
        ),
        "date" => one(Date::parse(s(i, "value"), "employment_start")),
        "year_month" => one(YearMonth::parse(s(i, "value"), "pension_start")),
        "month_add" => json!({"ok": ym(s(i, "month")).add_months(i["n"].as_i64().unwrap() as i32)}),
        "handling_month" => json!({"ok": time::handling_month(iso_ms(s(i, "now")))}),
        "check_form_month" => one(time::check_form_month(
            i["checked"].as_str(),
            time::handling_month(iso_ms(s(i, "now"))),
        )),
        "base_limits" => one(policy::base_limits(ym(s(i, "month"))).map(|l| {
            json!({"min": l.min, "max": l.max, "from": l.from})
        })),
        "rates" => one(policy::rates(insurance(s(i, "insurance")), ym(s(i, "month"))).map(|r| {
            json!({"employer_bp": r.employer_bp, "individual_bp": r.individual_bp, "included_in": r.included_in})
        })),
        "base_clamp" => one(
            policy::base_limits(ym(s(i, "month")))
                .map(|l| clamp_base(Fen(i["wage_fen"].as_i64().unwrap()), &l)),
        ),
        "amounts" => {
            let month = ym(s(i, "month"));
            let bp = i["work_injury_rate_bp"].as_u64().unwrap() as u32;
            one(WorkInjuryRate::from_bp(bp, month).and_then(|rate| {
                contribution::amounts(
                    insurance(s(i, "insurance")),
                    Fen(i["base_fen"].as_i64().unwrap()),
                    month,
                    rate,
                )
            }))
        }
        "work_injury_rate" => one(WorkInjuryRate::parse(s(i, "value"), ym(s(i, "month")))),
        "start_window" => json!({"ok": enrolment::allowed_start_months(insurance(s(i, "insurance")), ym(s(i, "handling")))}),
        "stop_window" => json!({"ok": stop::allowed_stop_months(insurance(s(i, "insurance")), ym(s(i, "handling")))}),
        "retirement" => {
            let gender: Gender = from(&i["gender"]);
            json!({"ok": retirement::retirement_month(date(s(i, "birth")), gender)})
        }
        "classify" => one(enrolment::classify(&from::<PersonStatus>(&i["status"]))),
        "mask_name" => json!({"ok": enrolment::mask_name(s(i, "name"))}),
        "enrol_plan" => {
            let now = iso_ms(s(i, "now"));
            let bp = i["work_injury_rate_bp"].as_u64().unwrap_or(40) as u32;
            match WorkInjuryRate::from_bp(bp, time::handling_month(now)) {
                Err(e) => json!({"err": [e]}),
                Ok(work_injury_rate) => {
                    let plan = enrolment::plan(
                        &from::<PersonStatus>(&i["status"]),
                        &from::<EnrolmentForm>(&i["form"]),
                        &EmployerTerms { work_injury_rate },
                        now,
                    );
                    with_needs_review(plan, EnrolmentPlan::needs_review)
                }
            }
        }
        "stop_plan" => {
            let active: Option<ActiveEmployment> = from(&i["active"]);
            many(stop::plan(active.as_ref(), &from::<StopForm>(&i["form"]), iso_ms(s(i, "now"))))
        }
        "opening_plan" => with_needs_review(
            opening::plan(
                &from::<OpeningForm>(&i["form"]),
                &from::<OpeningFacts>(&i["facts"]),
                iso_ms(s(i, "now")),
            ),
            OpeningPlan::needs_review,
        ),
        "industry_class" => one(IndustryClass::parse(s(i, "value"), "industry_class").and_then(|c| {
            c.work_injury_rate(ym(s(i, "month")))
                .map(|rate| json!({"class": c, "rate_bp": rate, "zh": c.label(Lang::Zh)}))
        })),
        "unit_number_issue" => {
            let district = District::by_code(s(i, "district")).expect("a district code");
            json!({"ok": UnitNumber::issue(district, i["seq"].as_u64().unwrap() as u32)})
        }
        "stop_request_transition" => one(stop_request::transition(
            from::<RequestState>(&i["state"]),
            from::<RequestEvent>(&i["event"]),
        )),
        "stop_request_reviewer_may_stop" => {
            let request = StopRequest {
                state: from(&i["state"]),
                requested_at_ms: iso_ms(s(i, "requested_at")),
            };
            one(stop_request::reviewer_may_stop(&request, iso_ms(s(i, "now"))))
        }
        "stop_request_confirm" => many(stop_request::confirm_leaving(
            from::<RequestState>(&i["state"]),
            &from::<ActiveEmployment>(&i["old"]),
            &from::<LeavingForm>(&i["form"]),
            iso_ms(s(i, "now")),
        )),
        "stop_request_reviewer_stop" => {
            let now = iso_ms(s(i, "now"));
            let request = StopRequest {
                state: from(&i["state"]),
                requested_at_ms: iso_ms(s(i, "requested_at")),
            };
            let person = CitizenId::parse(s(i, "person"), time::cst_date(now)).expect("a valid ID");
            let old: Option<ActiveEmployment> = from(&i["old"]);
            many(stop_request::plan_reviewer_stop(
                &request,
                &person,
                old.as_ref(),
                &from::<ReviewerStopForm>(&i["form"]),
                now,
            ))
        }
        "stop_reason" => one(StopReason::parse(s(i, "value"), "reason").map(|r| {
            json!({"code": r.code(), "kind": r.kind(), "zh": r.label(Lang::Zh), "en": r.label(Lang::En)})
        })),
        "flex" => {
            let state: FlexState = from(&i["state"]);
            match s(i, "op") {
                "next_action" => one(flexible::next_action(&state)),
                "enrol" => many(flexible::plan_enrol(
                    &state,
                    &from::<FlexEnrolForm>(&i["form"]),
                    iso_ms(s(i, "now")),
                )),
                "suspend" => many(flexible::plan_suspend(
                    &state,
                    &from::<FlexSuspendForm>(&i["form"]),
                    iso_ms(s(i, "now")),
                )),
                other => panic!("unknown flex op {other}"),
            }
        }
        "transition" => {
            let state: State = from(&i["state"]);
            let action: Action = from(&i["action"]);
            one(application::transition(state, &action))
        }
        "auto_review" => {
            let (at, now) = (i["submitted_at_ms"].as_i64().unwrap(), i["now_ms"].as_i64().unwrap());
            let state: State = from(&i["state"]);
            let flags: Vec<ReviewFlag> = from(&i["flags"]);
            json!({"ok": {
                "due": application::auto_review_due(at, now),
                "approve": application::auto_approve(state, &flags, at, now),
            }})
        }
        "password" => {
            let (user, new) = (s(i, "username"), s(i, "password"));
            many(match i["current"].as_str() {
                Some(current) => password::check_change(user, current, new),
                None => password::check(user, new, "new_password"),
            })
        }
        "password_confirm" => one(password::check_confirmation(s(i, "new"), s(i, "confirmation"))),
        "message" => {
            let v: Violation = from(&i["violation"]);
            let lang: Lang = from(&i["lang"]);
            json!({"ok": v.message(lang), "code": v.code})
        }
        other => panic!("unknown rule {other}"),
    }
}

/// `expect` matches `actual` when every key of every expected object matches.
fn matches(expect: &Value, actual: &Value) -> bool {
    match (expect, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, ev)| matches(ev, a.get(k).unwrap_or(&Value::Null))),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(ev, av)| matches(ev, av))
        }
        _ => expect == actual,
    }
}

fn collect_strings(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn shared_vectors() {
    let vectors: Vec<Value> = serde_json::from_str(VECTORS).expect("vectors.json parses");
    let mut failures = Vec::new();
    let mut expected_strings = std::collections::BTreeSet::new();
    for v in &vectors {
        let (name, rule) = (v["name"].as_str().unwrap(), v["rule"].as_str().unwrap());
        let actual = run(rule, &v["input"]);
        if !matches(&v["expect"], &actual) {
            failures.push(format!(
                "{name} [{rule}]\n  input:    {}\n  expected: {}\n  actual:   {}",
                v["input"], v["expect"], actual
            ));
        }
        collect_strings(&v["expect"], &mut expected_strings);
    }
    let unexercised: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !expected_strings.contains(*c))
        .collect();
    assert!(
        unexercised.is_empty(),
        "violation codes without a vector: {unexercised:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
    let target = if cfg!(target_arch = "wasm32") {
        "wasm32"
    } else {
        "native"
    };
    #[cfg(not(target_arch = "wasm32"))]
    println!("shebao-core vectors: {} passed ({target})", vectors.len());
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!("shebao-core vectors: {} passed ({target})", vectors.len());
}
