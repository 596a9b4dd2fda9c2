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


def main():
    import sys
    sys.path.insert(0, HERE)
    import hand
    cases = list(hand.V) + generated()
    names = [c["name"] for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes, dupes
    with open(os.path.join(HERE, "vectors.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote %d vectors" % len(cases))


if __name__ == "__main__":
    main()
