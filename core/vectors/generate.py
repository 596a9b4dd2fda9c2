#!/usr/bin/env python3
"""Generates core/vectors/vectors.json: the shared test vectors of shebao-core.

Expected results here are computed INDEPENDENTLY of the Rust code, from the rules in
SPEC.md, with Python's standard library only (datetime for calendars and time zones,
integer arithmetic for money). Hand-written cases live in hand.py and are merged
first; this script adds the bulk identifier, month and money cases.

Run: python3 core/vectors/generate.py   (deterministic: fixed random seed)

Result shapes (see core/tests/vectors.rs): {"ok": value} or {"err": violation(s)}.
Objects in `expect` are compared as subsets (only the keys written are checked);
arrays and scalars exactly.
"""
import datetime as dt
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261127)

TODAY = dt.date(2026, 11, 27)
PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
             "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
             "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"]
DISTRICTS = ["330200", "330203", "330205", "330206", "330211", "330212", "330213",
             "330225", "330226", "330281", "330282", "330100", "330300", "330400",
             "330500", "330600", "330700", "330800", "330900", "331000", "331100"]


def halfwidth(s):
    out = []
    for c in s:
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            out.append(chr(o - 0xFEE0))
        elif o == 0x3000:
            out.append(" ")
        else:
            out.append(c)
    return "".join(out)


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def norm_id(s):
    return halfwidth(s).strip().upper()


def shape(text, field, n, allowed):
    """The shape rule: empty → REQUIRED; first bad char within n → BAD_CHAR; length."""
    if not text:
        return {"code": "REQUIRED", "field": field}
    for i, c in enumerate(text):
        if i >= n:
            break
        if not allowed(i, c):
            return {"code": "BAD_CHAR", "field": field,
                    "params": {"position": str(i + 1), "char": c}}
    if len(text) != n:
        return {"code": "BAD_LENGTH", "field": field,
                "params": {"expected": str(n), "actual": str(len(text))}}
    return None


# ---- citizen ID (GB 11643-1999) ----
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(first17):
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_W)) % 11]


def real_date(y, m, d):
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def judge_id(value, today):
    t = norm_id(value)
    f = "citizen_id"
    e = shape(t, f, 18, lambda i, c: c.isascii() and (c.isdigit() or (i == 17 and c == "X")))
    if e:
        return {"err": e}
    if t[:2] not in PROVINCES:
        return {"err": {"code": "ID_REGION", "field": f, "params": {"prefix": t[:2]}}}
    birth = real_date(int(t[6:10]), int(t[10:12]), int(t[12:14]))
    if birth is None or int(t[6:10]) < 1:
        return {"err": {"code": "ID_BIRTH_DATE", "field": f, "params": {"date": t[6:14]}}}
    if birth > today:
        return {"err": {"code": "ID_BIRTH_FUTURE", "field": f,
                        "params": {"date": birth.isoformat()}}}
    if id_check(t[:17]) != t[17]:
        return {"err": {"code": "ID_CHECK", "field": f, "params": {"position": "18"}}}
    return {"ok": {"id": t, "birth_date": birth.isoformat(),
                   "gender": "male" if int(t[16]) % 2 == 1 else "female"}}


def random_id(with_x=None):
    while True:
        prov = rng.choice(PROVINCES)
        region = prov + "%04d" % rng.randrange(0, 10000)
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, (TODAY - dt.date(1930, 1, 1)).days + 1))
        first17 = region + birth.strftime("%Y%m%d") + "%03d" % rng.randrange(0, 1000)
        c = id_check(first17)
        if with_x is None or (c == "X") == with_x:
            return first17 + c


# ---- unified social credit code (GB 32100-2015) ----
CC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def cc_check(first17):
    s = sum(CC_ALPHA.index(c) * w for c, w in zip(first17, CC_W))
    return CC_ALPHA[(31 - s % 31) % 31]


def judge_cc(value):
    t = norm_id(value)
    e = shape(t, "credit_code", 18, lambda i, c: c in CC_ALPHA)
    if e:
        return {"err": e}
    if cc_check(t[:17]) != t[17]:
        return {"err": {"code": "CREDIT_CHECK", "field": "credit_code", "params": {"position": "18"}}}
    return {"ok": t}


def random_cc():
    first17 = rng.choice("9156") + rng.choice("123") + "".join(rng.choice("0123456789") for _ in range(6)) \
        + "".join(rng.choice(CC_ALPHA) for _ in range(9))
    return first17 + cc_check(first17)


# ---- unit social-security number (Shebao's own: district + 5-digit seq + Luhn) ----
def luhn(payload):
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def judge_unit(value):
    t = norm_id(value)
    e = shape(t, "unit_number", 12, lambda i, c: c.isascii() and c.isdigit())
    if e:
        return {"err": e}
    if t[:6] not in DISTRICTS:
        return {"err": {"code": "UNIT_REGION", "field": "unit_number", "params": {"prefix": t[:6]}}}
    if luhn(t[:11]) != t[11]:
        return {"err": {"code": "UNIT_CHECK", "field": "unit_number"}}
    return {"ok": t}


def mutations(valid, alphabet, count):
    """`count` single-character changes of `valid` (a different character, same place)."""
    out = []
    for _ in range(count):
        i = rng.randrange(len(valid))
        c = rng.choice([a for a in alphabet if a != valid[i]])
        out.append(valid[:i] + c + valid[i + 1:])
    return out


# ---- time ----
CST = dt.timezone(dt.timedelta(hours=8))


def handling_month(iso):
    t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(CST)
    return "%04d-%02d" % (t.year, t.month)


def ym_add(ym, n):
    y, m = int(ym[:4]), int(ym[5:7])
    idx = y * 12 + m - 1 + n
    return "%04d-%02d" % (idx // 12, idx % 12 + 1)


# ---- money (SPEC's illustrative policy, restated here independently) ----
LIMITS = [("2021-01", 3322, 16610), ("2022-01", 3957, 19783), ("2023-01", 4462, 22311),
          ("2024-01", 4812, 24060)]
RATES = {"pension": (1600, 800), "unemployment": (50, 50), "medical": (950, 200),
         "maternity": (0, 0)}


def limits_for(month):
    found = None
    for frm, lo, hi in LIMITS:
        if frm <= month:
            found = (lo * 100, hi * 100)
    return found


def round_rate(base_fen, bp):
    n = base_fen * bp
    q, r = divmod(n, 10000)  # base is non-negative here
    return q + 1 if 2 * r >= 10000 else q


with open(os.path.join(HERE, "..", "data", "common-passwords.txt"), encoding="utf-8") as _f:
    COMMON_PASSWORDS = set(line for line in _f.read().split("\n") if line)


def judge_password(username, password, current=None):
    """The password policy, from the issue: at least 12 characters, at most 128, not the
    user name nor containing it (names of 3+ characters), case-insensitively, not a
    common password (lower case, the shipped list), not the current password."""
    field = "new_password"
    errs = []
    n = len(password)  # code points, as Rust's chars()
    if n == 0:
        errs.append({"code": "REQUIRED", "field": field})
    else:
        if n < 12:
            errs.append({"code": "PASSWORD_TOO_SHORT", "field": field, "params": {"min": "12"}})
        if n > 128:
            errs.append({"code": "TOO_LONG", "field": field, "params": {"max": "128"}})
        name = username.strip().lower()
        low = password.lower()
        if name and (low == name or (len(name) >= 3 and name in low)):
            errs.append({"code": "PASSWORD_HAS_USERNAME", "field": field})
        if low in COMMON_PASSWORDS:
            errs.append({"code": "PASSWORD_COMMON", "field": field})
    if current is not None and password and password == current:
        errs.append({"code": "PASSWORD_UNCHANGED", "field": field})
    return {"err": errs} if errs else {"ok": None}


def vec(name, rule, inp, expect):
    return {"name": name, "rule": rule, "input": inp, "expect": expect}


def generated():
    out = []
    today = TODAY.isoformat()
    # citizen IDs: valid, random
    for k in range(40):
        v = random_id(with_x=(k % 5 == 0))
        out.append(vec("citizen id valid #%d" % k, "citizen_id", {"value": v, "today": today}, judge_id(v, TODAY)))
    for k in range(8):
        v = random_id(with_x=True)
        low = v[:17] + "x"
        out.append(vec("citizen id lowercase x #%d" % k, "citizen_id", {"value": low, "today": today}, judge_id(low, TODAY)))
    for k in range(6):
        v = random_id()
        fw = "\u3000" + fullwidth(v.lower()) + " "
        out.append(vec("citizen id full-width #%d" % k, "citizen_id", {"value": fw, "today": today}, judge_id(fw, TODAY)))
    for k, m in enumerate(mutations(random_id(), "0123456789X", 30)):
        out.append(vec("citizen id one character changed #%d" % k, "citizen_id", {"value": m, "today": today}, judge_id(m, TODAY)))
    # leap days and the future
    for first14 in ["11010520000229", "11010519000229", "11010520230229", "11010520240229",
                    "11010520261127", "11010520261128", "11010521000101"]:
        v = first14 + "123"
        v += id_check(v)
        out.append(vec("citizen id birth %s" % first14[6:], "citizen_id", {"value": v, "today": today}, judge_id(v, TODAY)))
    # credit codes
    for k in range(20):
        v = random_cc()
        out.append(vec("credit code valid #%d" % k, "credit_code", {"value": v}, judge_cc(v)))
    for k, m in enumerate(mutations(random_cc(), CC_ALPHA + "IOSVZ", 20)):
        out.append(vec("credit code one character changed #%d" % k, "credit_code", {"value": m}, judge_cc(m)))
    # unit numbers
    units = []
    for k in range(16):
        payload = rng.choice(DISTRICTS) + "%05d" % rng.randrange(0, 100000)
        units.append(payload + luhn(payload))
        out.append(vec("unit number valid #%d" % k, "unit_number", {"value": units[-1]}, judge_unit(units[-1])))
    out.append(vec("unit number full-width", "unit_number", {"value": fullwidth(units[0])}, judge_unit(units[0])))
    for k, m in enumerate(mutations(units[1], "0123456789", 16)):
        out.append(vec("unit number one digit changed #%d" % k, "unit_number", {"value": m}, judge_unit(m)))
    for bad in ["110105000427", "330299123450", "3302110004", "33021100042A", ""]:
        out.append(vec("unit number %r" % bad, "unit_number", {"value": bad}, judge_unit(bad)))
    # handling month: first and last second of months in CST versus UTC
    for iso in ["2026-11-30T15:59:59Z", "2026-11-30T16:00:00Z", "2026-12-31T15:59:59Z",
                "2026-12-31T16:00:00Z", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z",
                "2024-02-29T15:59:59Z", "2024-02-29T16:00:00Z", "2023-02-28T16:00:00Z",
                "2026-10-31T16:00:00Z", "2026-06-30T15:59:59.999Z", "1970-01-01T00:00:00Z",
                "1969-12-31T16:00:00Z", "2026-11-15T02:00:00Z"]:
        out.append(vec("handling month at %s" % iso, "handling_month", {"now": iso}, {"ok": handling_month(iso)}))
    # month arithmetic
    for ym, n in [("2027-01", -1), ("2026-12", 1), ("2026-11", -23), ("2000-03", -12), ("1999-12", 1),
                  ("2026-01", -13), ("2026-11", 120)]:
        out.append(vec("month %s %+d" % (ym, n), "month_add", {"month": ym, "n": n}, {"ok": ym_add(ym, n)}))
    # base clamping
    for month, wage in [("2024-03", 300000), ("2024-03", 481199), ("2024-03", 481200), ("2024-03", 650000),
                        ("2024-03", 2406000), ("2024-03", 2406001), ("2023-12", 446199), ("2023-12", 2300000),
                        ("2021-06", 1), ("2022-01", 1978300), ("2026-11", 3000000)]:
        lo, hi = limits_for(month)
        base, clamp = (lo, "raised_to_min") if wage < lo else (hi, "lowered_to_max") if wage > hi else (wage, None)
        out.append(vec("clamp %d fen in %s" % (wage, month), "base_clamp", {"wage_fen": wage, "month": month},
                       {"ok": {"wage": wage, "base": base, "clamp": clamp}}))
    # amounts
    for k in range(30):
        ins = ["pension", "unemployment", "medical", "maternity", "work_injury"][k % 5]
        month = rng.choice(["2021-03", "2023-06", "2024-12", "2026-11", "2027-01"])
        lo, hi = limits_for(month)
        base = rng.randrange(lo, hi + 1)
        if k % 7 == 0:
            base = base - base % 100 + 50  # a half-fen case for 0.5% rates
        wi = rng.randrange(20, 191)
        e_bp, i_bp = (wi, 0) if ins == "work_injury" else RATES[ins]
        out.append(vec("amounts %s base %d fen %s" % (ins, base, month), "amounts",
                       {"insurance": ins, "base_fen": base, "month": month, "work_injury_rate_bp": wi},
                       {"ok": {"employer": round_rate(base, e_bp), "individual": round_rate(base, i_bp)}}))
    # windows
    for ins in ["pension", "unemployment", "work_injury"]:
        for h in ["2027-01", "2026-11"]:
            expect = [h] if ins == "work_injury" else [ym_add(h, -1), h]
            out.append(vec("start window %s in %s" % (ins, h), "start_window", {"insurance": ins, "handling": h}, {"ok": expect}))
            out.append(vec("stop window %s in %s" % (ins, h), "stop_window", {"insurance": ins, "handling": h}, {"ok": expect}))
    # retirement (2025 reform: men +1 month per 4 birth months from 1965-01, max 36;
    # women workers +1 per 2 from 1975-01, max 60)
    for birth, gender in [("1964-12-31", "male"), ("1965-01-01", "male"), ("1965-04-30", "male"),
                          ("1965-05-01", "male"), ("1976-12-15", "male"), ("1977-01-15", "male"),
                          ("1990-06-15", "male"), ("1974-12-31", "female"), ("1975-01-01", "female"),
                          ("1975-03-01", "female"), ("1984-11-15", "female"), ("1995-01-15", "female")]:
        y, m = int(birth[:4]), int(birth[5:7])
        idx = y * 12 + m - 1
        if gender == "male":
            first, per, mx, years = 1965 * 12, 4, 36, 60
        else:
            first, per, mx, years = 1975 * 12, 2, 60, 50
        delay = 0 if idx < first else min(mx, (idx - first) // per + 1)
        r = idx + years * 12 + delay
        out.append(vec("retirement month %s %s" % (gender, birth), "retirement",
                       {"birth": birth, "gender": gender}, {"ok": "%04d-%02d" % (r // 12, r % 12 + 1)}))
    # passwords: hand-picked edges, then random ones
    cases = [("agent01", "", None), ("agent01", "short", None), ("agent01", "elevenchars", None),
             ("agent01", "twelve chars", None), ("agent01", "AGENT01", None), ("agent01", "Agent01-is-my-name", None),
             ("ab", "ab", None), ("ab", "xxabxxabxxabxx", None), ("  wang.li  ", "my wang.li secret", None),
             ("agent01", "Password1234", None), ("agent01", "QWERTY123456", None), ("agent01", "1qaz2wsx3edc", None),
             ("agent01", "Demo-Reviewer-2026", None), ("agent01", "woaini5201314", None),
             ("agent01", "长城长城长城长城长城长城", None), ("agent01", "长城长城长城长城长城", None),
             ("agent01", "x" * 128, None), ("agent01", "x" * 129, None), ("pw", "password", None),
             ("agent01", "Same-strong-secret-9", "Same-strong-secret-9"),
             ("agent01", "New-strong-secret-9", "Old-strong-secret-9"), ("agent01", "short", "short")]
    common = sorted(COMMON_PASSWORDS)
    for k in range(12):
        w = rng.choice(common)
        cases.append(("agent%02d" % k, "".join(c.upper() if rng.random() < 0.3 else c for c in w), None))
    for k in range(8):
        alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_"
        cases.append(("agent%02d" % k, "".join(rng.choice(alphabet) for _ in range(rng.randrange(8, 20))), None))
    for k, (user, pw, cur) in enumerate(cases):
        inp = {"username": user, "password": pw}
        if cur is not None:
            inp["current"] = cur
        out.append(vec("password #%d %r" % (k, pw[:24]), "password", inp, judge_password(user, pw, cur)))
    for new, conf, expect in [("New-strong-secret-9", "New-strong-secret-9", {"ok": None}),
                              ("New-strong-secret-9", "new-strong-secret-9", {"err": {"code": "PASSWORD_CONFIRM_MISMATCH", "field": "confirm_password"}}),
                              ("New-strong-secret-9", "", {"err": {"code": "REQUIRED", "field": "confirm_password"}})]:
        out.append(vec("password confirmation %r" % conf, "password_confirm", {"new": new, "confirmation": conf}, expect))
    return out


# ---- opening a unit (开办企业, issue 14), restated from the issue and the law ----
# 社会保险法 第五十七条 (unit within 30 days of founding) and 第五十八条 (employee within 30
# days of hiring); a period counts from the next day (民法典 第二百零一条), so the last day
# in time is start + 30 days. 人社部发〔2015〕71号: class 1..8 base rates below.
CLASS_BP = [20, 40, 70, 90, 110, 130, 160, 190]
CLASS_ZH = "一二三四五六七八"
WI_RANGE = (20, 190)
OPEN_NOW = "2026-11-15T02:00:00Z"  # 10:00 CST


def cst_now(iso):
    t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(CST)
    return t.date(), "%04d-%02d" % (t.year, t.month)


def month_of(date_text):
    return date_text[:7]


def judge_class(value):
    t = norm_id(value)
    if not t:
        return None, {"code": "REQUIRED", "field": "industry_class"}
    bare = t[:-1] if t.endswith("类") else t
    n = None
    if bare.isdigit():
        n = int(bare)
    elif len(bare) == 1 and bare in CLASS_ZH:
        n = CLASS_ZH.index(bare) + 1
    if n is None or not 1 <= n <= 8:
        return None, {"code": "BAD_CHOICE", "field": "industry_class", "params": {"value": t}}
    return n, None


def at_field(err, path):
    e = dict(err)
    e["field"] = path
    return e


def judge_opening(form, facts, now):
    today, handling = cst_now(now)
    window = [ym_add(handling, -1), handling]
    assert form["checked_month"] == handling
    errs = []
    u = form["unit"]
    cc = judge_cc(u["credit_code"])
    if "err" in cc:
        errs.append(at_field(cc["err"], "unit.credit_code"))
    elif facts["credit_code_registered"]:
        errs.append({"code": "CREDIT_CODE_REGISTERED", "field": "unit.credit_code"})
    founding = dt.date.fromisoformat(u["founding_date"])
    if founding > today:
        errs.append({"code": "FOUNDING_DATE_FUTURE", "field": "unit.founding_date",
                     "params": {"date": founding.isoformat()}})
        founding = None
    cls, e = judge_class(u["industry_class"])
    if e:
        errs.append(at_field(e, "unit.industry_class"))
    employees = []
    first_of = {}
    statuses = facts["statuses"]
    for k, emp in enumerate(form["employees"]):
        n = k + 1
        status = statuses[k]["status"] if k < len(statuses) else "unknown"
        own = []
        code = {"active_here": "ALREADY_HERE", "active_elsewhere": "ACTIVE_ELSEWHERE",
                "active_flexible": "ACTIVE_FLEXIBLE"}.get(status)
        if code:
            own.append({"code": code, "field": "citizen_id"})
        else:
            if month_of(emp["employment_start"]) > handling:
                own.append({"code": "EMPLOYMENT_START_LATE", "field": "employment_start"})
            for f in ["pension_start", "unemployment_start"]:
                if emp[f] not in window:
                    own.append({"code": "START_MONTH_WINDOW", "field": f})
        if founding is not None:
            taken = {o["field"] for o in own}
            fm = "%04d-%02d" % (founding.year, founding.month)
            if "employment_start" not in taken and emp["employment_start"] < founding.isoformat():
                own.append({"code": "BEFORE_FOUNDING", "field": "employment_start",
                            "params": {"value": emp["employment_start"], "founding": founding.isoformat()}})
            for f in ["pension_start", "unemployment_start"]:
                if f not in taken and emp[f] < fm:
                    own.append({"code": "BEFORE_FOUNDING", "field": f,
                                "params": {"value": emp[f], "founding": founding.isoformat()}})
        cid = norm_id(emp["citizen_id"])
        if cid in first_of:
            own.append({"code": "CITIZEN_ID_REPEATED", "field": "citizen_id", "params": {"first": str(first_of[cid])}})
        else:
            first_of[cid] = n
        errs.extend(at_field(o, "employees[%d].%s" % (n, o["field"])) for o in own)
        if not own and not code:
            flags = []
            if min(emp["pension_start"], emp["unemployment_start"]) < handling:
                flags.append("retroactive")
            if status == "known" and statuses[k]["name"] != emp["name"]:
                flags.append("name_mismatch")
            if today > dt.date.fromisoformat(emp["employment_start"]) + dt.timedelta(days=30):
                flags.append("late_employee_registration")
            employees.append({"citizen_id": cid, "flags": flags,
                              "starts": {"pension": emp["pension_start"], "unemployment": emp["unemployment_start"],
                                         "work_injury": handling},
                              "amounts": {"work_injury": {"employer": round_rate(650000, CLASS_BP[cls - 1]) if cls else None}}})
    if errs:
        return {"err": errs}
    bp = CLASS_BP[cls - 1]
    assert WI_RANGE[0] <= bp <= WI_RANGE[1]
    flags = ["late_unit_registration"] if today > founding + dt.timedelta(days=30) else []
    return {"ok": {"unit": {"credit_code": cc["ok"], "founding_date": founding.isoformat(), "industry_class": cls,
                            "work_injury_rate": bp},
                   "registration_due": (founding + dt.timedelta(days=30)).isoformat(),
                   "flags": flags, "employees": employees,
                   "needs_review": bool(flags) or any(e["flags"] for e in employees)}}


def opening_employee(cid, start, pension, unemployment, name="张三"):
    return {"citizen_id": cid, "name": name, "mobile": "13812345678", "hukou_district": "330211",
            "hukou_type": "urban", "employment_start": start, "monthly_wage": "6500",
            "pension_start": pension, "unemployment_start": unemployment}


def opening_filing(founding, cls, employees, credit_code="91350200776049653A"):
    return {"unit": {"credit_code": credit_code, "name": "宁波甬新科技有限公司",
                     "registered_address": "宁波市鄞州区首南街道天童南路1号", "district": "330212",
                     "founding_date": founding, "legal_representative": "李四", "industry_class": cls},
            "contact": {"name": "王五", "mobile": "13912345678"},
            "employees": employees, "checked_month": "2026-11"}


def adult_id():
    """Someone of working age in 2026: 21 to 46, far from retirement (its flag is
    enrolment's own, tested there)."""
    while True:
        v = random_id()
        if "1980" <= v[6:10] <= "2005":
            return v


def opening_vectors():
    out = []
    nofacts = {"credit_code_registered": False, "statuses": []}
    today, _ = cst_now(OPEN_NOW)
    # founding dates around the 30 days and today, no employees
    for d in [-400, -46, -31, -30, -29, -1, 0, 1, 2, 30]:
        founding = (today + dt.timedelta(days=d)).isoformat()
        f = opening_filing(founding, "1", [])
        out.append(vec("opening founded %+d days from today" % d, "opening_plan",
                       {"form": f, "facts": nofacts, "now": OPEN_NOW}, judge_opening(f, nofacts, OPEN_NOW)))
    # every class, in each way of writing it, and wrong ones
    for k, value in enumerate([str(n) for n in range(1, 9)] + [c + "类" for c in CLASS_ZH] + ["０", "9", "九类", "x", " "]):
        f = opening_filing("2026-11-02", value, [opening_employee(adult_id(), "2026-11-02", "2026-11", "2026-11")])
        out.append(vec("opening industry class %r" % value, "opening_plan",
                       {"form": f, "facts": nofacts, "now": OPEN_NOW}, judge_opening(f, nofacts, OPEN_NOW)))
        n, e = judge_class(value)
        expect = {"err": e} if e else {"ok": {"class": n, "rate_bp": CLASS_BP[n - 1]}}
        out.append(vec("industry class %r" % value, "industry_class", {"value": value, "month": "2026-11"}, expect))
    # random filings: founding, employees' starts and statuses, repeated IDs, a registered code
    for k in range(40):
        founding = today - dt.timedelta(days=rng.randrange(0, 60))
        employees, statuses = [], []
        ids = []
        for _ in range(rng.randrange(1, 5)):
            cid = rng.choice(ids) if ids and rng.random() < 0.15 else adult_id()
            if rng.random() < 0.3:
                cid = cid.lower()
            ids.append(norm_id(cid))
            start = (founding + dt.timedelta(days=rng.randrange(-10, 40))).isoformat()
            months = ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
            pension = rng.choice(months[1:4] if rng.random() < 0.8 else months)
            unemployment = pension if rng.random() < 0.7 else rng.choice(months)
            employees.append(opening_employee(cid, start, pension, unemployment))
            r = rng.random()
            statuses.append({"status": "unknown"} if r < 0.7 else {"status": "known", "name": "张三"} if r < 0.85
                            else {"status": rng.choice(["active_here", "active_elsewhere", "active_flexible"])})
        facts = {"credit_code_registered": rng.random() < 0.1, "statuses": statuses}
        cc = random_cc() if rng.random() < 0.8 else mutations(random_cc(), CC_ALPHA, 1)[0]
        f = opening_filing(founding.isoformat(), rng.choice(CLASS_ZH) + "类", employees, cc)
        out.append(vec("opening random filing #%d" % k, "opening_plan",
                       {"form": f, "facts": facts, "now": OPEN_NOW}, judge_opening(f, facts, OPEN_NOW)))
    # unit numbers issued from the store's sequence
    for k in range(12):
        district, seq = rng.choice(DISTRICTS), rng.randrange(1, 100000)
        payload = district + "%05d" % seq
        out.append(vec("unit number issued #%d" % k, "unit_number_issue", {"district": district, "seq": seq},
                       {"ok": payload + luhn(payload)}))
    for seq in [0, 99999, 100000]:
        payload = "330212%05d" % seq
        out.append(vec("unit number issued seq %d" % seq, "unit_number_issue", {"district": "330212", "seq": seq},
                       {"ok": payload + luhn(payload) if 1 <= seq <= 99999 else None}))
    return out


# ---- asking for a stop (待原单位减员, issue 14) ----
REQUEST_MOVES = {("open", "confirm"): "confirmed", ("open", "employer_stop"): "stopped",
                 ("open", "reviewer_stop"): "stopped", ("open", "withdraw"): "withdrawn",
                 ("confirmed", "employer_stop"): "stopped", ("confirmed", "reviewer_stop"): "stopped",
                 ("confirmed", "withdraw"): "withdrawn"}


def stop_request_vectors():
    out = []
    for state in ["open", "confirmed", "stopped", "withdrawn"]:
        for event in ["confirm", "employer_stop", "reviewer_stop", "withdraw"]:
            to = REQUEST_MOVES.get((state, event))
            expect = {"ok": to} if to else {"err": {"code": "TRANSITION", "field": "stop_request",
                                                    "params": {"from": state, "action": event}}}
            out.append(vec("stop request %s + %s" % (state, event), "stop_request_transition",
                           {"state": state, "event": event}, expect))
    # the old employer's 15 days: the request's CST day, then 15 more; the reviewer from the next
    base = dt.datetime(2026, 12, 20, tzinfo=dt.timezone.utc)
    for k in range(24):
        asked = base + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        now = asked + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        if k % 6 == 0:  # the last second before a CST midnight, and the first after
            day = (now.astimezone(CST)).date()
            now = dt.datetime(day.year, day.month, day.day, tzinfo=CST) - dt.timedelta(seconds=1 - (k % 12 == 0))
            if now < asked:
                now = asked
        state = rng.choice(["open", "open", "confirmed", "stopped"])
        first = asked.astimezone(CST).date() + dt.timedelta(days=16)
        iso = lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if state == "stopped":
            expect = {"err": {"code": "TRANSITION", "params": {"from": "stopped", "action": "reviewer_stop"}}}
        elif state == "confirmed" or now.astimezone(CST).date() >= first:
            expect = {"ok": None}
        else:
            expect = {"err": {"code": "STOP_REQUEST_WAITING", "field": "stop_request", "params": {"from": first.isoformat()}}}
        out.append(vec("stop request reviewer #%d" % k, "stop_request_reviewer_may_stop",
                       {"state": state, "requested_at": iso(asked), "now": iso(now)}, expect))
    # the last working day: not after today (CST), not before the old relationship's first month
    now = "2027-01-10T17:00:00Z"  # 2027-01-11 01:00 CST
    today, _ = cst_now(now)
    for k in range(16):
        start = "%04d-%02d" % (rng.choice([2024, 2025, 2026]), rng.randrange(1, 13))
        old = {"starts": {"pension": start, "unemployment": start, "work_injury": ym_add(start, rng.choice([0, 0, 2]))}}
        day = today - dt.timedelta(days=rng.randrange(-3, 900))
        earliest = min(old["starts"].values())
        if day > today:
            expect = {"err": [{"code": "LAST_DAY_FUTURE", "field": "last_working_day", "params": {"date": day.isoformat()}}]}
        elif day.isoformat()[:7] < earliest:
            expect = {"err": [{"code": "LAST_DAY_BEFORE_START", "field": "last_working_day",
                               "params": {"date": day.isoformat(), "start": earliest}}]}
        else:
            expect = {"ok": day.isoformat()}
        out.append(vec("stop request last working day #%d" % k, "stop_request_confirm",
                       {"state": "open", "old": old, "form": {"last_working_day": day.isoformat()}, "now": now}, expect))
    # a reviewer's stop: the 减员 months (handling or the month before for pension and
    # unemployment, work injury the handling month), suspended, never terminated
    now = "2027-01-10T02:00:00Z"
    handling = "2027-01"
    for k, (month, reason, start) in enumerate([(m, r, s) for m in ["2026-11", "2026-12", "2027-01", "2027-02"]
                                                for r in ["辞职", "contract_ended", "退休", "deceased"]
                                                for s in ["2020-05", "2027-01"]]):
        errs = []
        allowed = [ym_add(handling, -1), handling]
        stops = None
        if month not in allowed:
            errs.append({"code": "STOP_MONTH_WINDOW", "field": "stop_month"})
        else:
            stops = {"pension": month, "unemployment": month, "work_injury": handling}
            for ins in ["pension", "unemployment", "work_injury"]:
                if ym_add(stops[ins], -1) < start:
                    errs.append({"code": "STOP_BEFORE_START", "field": "stop_month",
                                 "params": {"insurance": ins, "last_paid": ym_add(stops[ins], -1), "start": start}})
        if errs:
            expect = {"err": errs}
        elif reason in ["退休", "deceased"]:
            expect = {"err": [{"code": "BAD_CHOICE", "field": "reason"}]}
        else:
            expect = {"ok": {"stops": stops, "kind": "suspend", "flags": ["retroactive"] if month < handling else []}}
        old = {"starts": {"pension": start, "unemployment": start, "work_injury": start}}
        out.append(vec("stop request reviewer stops %s %s from %s" % (month, reason, start), "stop_request_reviewer_stop",
                       {"state": "confirmed", "requested_at": "2027-01-09T02:00:00Z", "person": "34052419800101001X",
                        "old": old, "form": {"stop_month": month, "reason": reason}, "now": now}, expect))
    return out


def main():
    import sys
    sys.path.insert(0, HERE)
    import hand
    cases = list(hand.V) + generated() + opening_vectors() + stop_request_vectors()
    names = [c["name"] for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes, dupes
    with open(os.path.join(HERE, "vectors.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote %d vectors" % len(cases))


if __name__ == "__main__":
    main()
