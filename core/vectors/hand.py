"""Hand-written shared vectors of shebao-core: every rule and every violation code.

Expected values are written by hand from SPEC.md (amounts worked out on paper:
e.g. 6,500 元 × 16 % = 1,040.00 元). generate.py merges these with its bulk cases.
Times: NOV = 2026-11-15 10:00 CST, JAN = 2027-01-10 10:00 CST.
"""
import json
V = []
def v(name, rule, inp, expect): V.append({"name": name, "rule": rule, "input": inp, "expect": expect})
NOV = "2026-11-15T02:00:00Z"   # 2026-11-15 10:00 CST
JAN = "2027-01-10T02:00:00Z"   # 2027-01-10 10:00 CST
def form(**kw):
    f = {"citizen_id": "34052419800101001X", "name": "张三", "mobile": "13812345678",
         "hukou_district": "330211", "hukou_type": "urban", "employment_start": "2026-11-01",
         "monthly_wage": "6500", "pension_start": "2026-11", "unemployment_start": "2026-11",
         "checked_month": "2026-11"}
    f.update(kw); return f
UNK = {"status": "unknown"}
AM6500 = {"pension": {"employer": 104000, "individual": 52000}, "unemployment": {"employer": 3250, "individual": 3250}, "work_injury": {"employer": 2600, "individual": 0}}
def starts(p, u, w): return {"pension": p, "unemployment": u, "work_injury": w}

# ---- money ----
for s, fen, disp in [("6500", 650000, "6500.00"), ("6500.5", 650050, "6500.50"), ("6500.50", 650050, "6500.50"),
                     ("６５００．０５", 650005, "6500.05"), ("6,500.00", 650000, "6500.00"), (" 6500 ", 650000, "6500.00"),
                     ("1,234,567.89", 123456789, "1234567.89"), ("0.01", 1, "0.01"), ("0", 0, "0.00"), ("６，５００", 650000, "6500.00")]:
    v("money %r" % s, "money", {"value": s}, {"ok": {"fen": fen, "display": disp}})
for s in ["6500.555", "-6500", "6,50", "65,00.00", "6500.", ".5", "6500元", "1e3", "6 500", "abc"]:
    v("money refused %r" % s, "money", {"value": s}, {"err": {"code": "MONEY_FORMAT", "field": "monthly_wage"}})
v("money empty", "money", {"value": "  "}, {"err": {"code": "REQUIRED", "field": "monthly_wage"}})

# ---- mobile ----
v("mobile plain", "mobile", {"value": "13812345678"}, {"ok": {"mobile": "13812345678", "masked": "138****5678"}})
v("mobile +86 and spaces", "mobile", {"value": "+86 139 1234 5678"}, {"ok": {"mobile": "13912345678"}})
v("mobile full-width", "mobile", {"value": "１５９００００１１１１"}, {"ok": {"mobile": "15900001111"}})
v("mobile prefix 12", "mobile", {"value": "12812345678"}, {"err": {"code": "MOBILE_PREFIX", "field": "mobile"}})
v("mobile too short", "mobile", {"value": "1381234567"}, {"err": {"code": "BAD_LENGTH", "params": {"expected": "11", "actual": "10"}}})
v("mobile letter", "mobile", {"value": "1381234567a"}, {"err": {"code": "BAD_CHAR", "params": {"position": "11", "char": "A"}}})

# ---- spec examples of identifiers ----
T = "2026-11-27"
v("spec citizen id 11010519491231002X", "citizen_id", {"value": "11010519491231002X", "today": T}, {"ok": {"id": "11010519491231002X", "birth_date": "1949-12-31", "gender": "female", "masked": "1101**********002X"}})
v("spec citizen id 34052419800101001X", "citizen_id", {"value": "34052419800101001X", "today": T}, {"ok": {"gender": "male"}})
v("spec citizen id lowercase x", "citizen_id", {"value": "34052419800101001x", "today": T}, {"ok": {"id": "34052419800101001X"}})
v("spec citizen id bad check", "citizen_id", {"value": "340524198001010013", "today": T}, {"err": {"code": "ID_CHECK", "field": "citizen_id"}})
v("citizen id empty", "citizen_id", {"value": "", "today": T}, {"err": {"code": "REQUIRED", "field": "citizen_id"}})
v("citizen id province 00", "citizen_id", {"value": "000105194912310021", "today": T}, {"err": {"code": "ID_REGION", "params": {"prefix": "00"}}})
v("spec credit code 91350200776049653A", "credit_code", {"value": "91350200776049653A"}, {"ok": "91350200776049653A"})
v("spec credit code lowercase", "credit_code", {"value": "91440101ma5cjq4n59"}, {"ok": "91440101MA5CJQ4N59"})
v("credit code letter I", "credit_code", {"value": "9135020077604965IA"}, {"err": {"code": "BAD_CHAR", "params": {"position": "17", "char": "I"}}})

# ---- months and dates ----
v("date leap day 2024", "date", {"value": "2024-02-29"}, {"ok": "2024-02-29"})
v("date 2023-02-29", "date", {"value": "2023-02-29"}, {"err": {"code": "DATE_INVALID", "field": "employment_start", "params": {"date": "2023-02-29"}}})
v("date slashes", "date", {"value": "2026/11/01"}, {"err": {"code": "BAD_FORMAT", "params": {"expected": "YYYY-MM-DD"}}})
v("month full-width", "year_month", {"value": "２０２６－１１"}, {"ok": "2026-11"})
v("month YYYYMM", "year_month", {"value": "202611"}, {"ok": "2026-11"})
v("month 13", "year_month", {"value": "2026-13"}, {"err": {"code": "BAD_FORMAT", "field": "pension_start"}})
v("checked month same", "check_form_month", {"checked": "2026-11", "now": "2026-11-30T15:59:59Z"}, {"ok": None})
v("checked month changed at midnight CST", "check_form_month", {"checked": "2026-11", "now": "2026-11-30T16:00:01Z"}, {"err": {"code": "MONTH_CHANGED", "field": "checked_month", "params": {"checked": "2026-11", "handling": "2026-12"}}})
v("checked month changed over the year", "check_form_month", {"checked": "2026-12", "now": "2026-12-31T16:00:00Z"}, {"err": {"code": "MONTH_CHANGED", "params": {"checked": "2026-12", "handling": "2027-01"}}})

# ---- policy ----
v("base limits 2024", "base_limits", {"month": "2024-07"}, {"ok": {"min": 481200, "max": 2406000, "from": "2024-01"}})
v("base limits 2023", "base_limits", {"month": "2023-12"}, {"ok": {"min": 446200, "max": 2231100}})
v("base limits 2022 illustrative", "base_limits", {"month": "2022-01"}, {"ok": {"min": 395700, "max": 1978300}})
v("base limits 2021 illustrative", "base_limits", {"month": "2021-01"}, {"ok": {"min": 332200, "max": 1661000}})
v("base limits later months keep the latest", "base_limits", {"month": "2027-01"}, {"ok": {"min": 481200, "from": "2024-01"}})
v("base limits before the table", "base_limits", {"month": "2020-12"}, {"err": {"code": "POLICY_MISSING", "params": {"month": "2020-12"}}})
v("rates pension", "rates", {"insurance": "pension", "month": "2026-11"}, {"ok": {"employer_bp": 1600, "individual_bp": 800}})
v("rates unemployment", "rates", {"insurance": "unemployment", "month": "2026-11"}, {"ok": {"employer_bp": 50, "individual_bp": 50}})
v("rates medical incl maternity", "rates", {"insurance": "medical", "month": "2026-11"}, {"ok": {"employer_bp": 950, "individual_bp": 200, "included_in": None}})
v("rates maternity within medical", "rates", {"insurance": "maternity", "month": "2026-11"}, {"ok": {"employer_bp": 0, "individual_bp": 0, "included_in": "medical"}})
v("work injury rate 0.4%", "work_injury_rate", {"value": "40", "month": "2026-11"}, {"ok": 40})
v("work injury rate bounds", "work_injury_rate", {"value": "190", "month": "2026-11"}, {"ok": 190})
v("work injury rate too high", "work_injury_rate", {"value": "200", "month": "2026-11"}, {"err": {"code": "WORK_INJURY_RATE", "field": "work_injury_rate", "params": {"rate": "2.00%", "min": "0.20%", "max": "1.90%"}}})
v("work injury rate too low", "work_injury_rate", {"value": "19", "month": "2026-11"}, {"err": {"code": "WORK_INJURY_RATE"}})
v("amounts half fen rounds up", "amounts", {"insurance": "unemployment", "base_fen": 481235, "month": "2026-11", "work_injury_rate_bp": 40}, {"ok": {"employer": 2406, "individual": 2406}})
v("amounts work injury outside the range", "amounts", {"insurance": "work_injury", "base_fen": 650000, "month": "2026-11", "work_injury_rate_bp": 191}, {"err": {"code": "WORK_INJURY_RATE"}})

# ---- enrolment: classify, mask ----
v("classify unknown → new", "classify", {"status": UNK}, {"ok": "new"})
v("classify known → resumption", "classify", {"status": {"status": "known", "name": "张三"}}, {"ok": "resumption"})
v("classify active here", "classify", {"status": {"status": "active_here"}}, {"err": {"code": "ALREADY_HERE", "field": "citizen_id"}})
v("classify active elsewhere", "classify", {"status": {"status": "active_elsewhere"}}, {"err": {"code": "ACTIVE_ELSEWHERE", "field": "citizen_id", "params": None}})
v("classify active flexible", "classify", {"status": {"status": "active_flexible"}}, {"err": {"code": "ACTIVE_FLEXIBLE"}})
v("mask two characters", "mask_name", {"name": "张三"}, {"ok": "张*"})
v("mask four characters", "mask_name", {"name": "欧阳娜娜"}, {"ok": "欧***"})
v("mask one character", "mask_name", {"name": "王"}, {"ok": "王"})

# ---- enrolment plans ----
v("enrol new, clean", "enrol_plan", {"status": UNK, "form": form(), "work_injury_rate_bp": 40, "now": NOV},
  {"ok": {"case": "new", "handling_month": "2026-11", "citizen_id": "34052419800101001X", "gender": "male", "birth_date": "1980-01-01",
          "starts": starts("2026-11", "2026-11", "2026-11"), "base": {"wage": 650000, "base": 650000, "clamp": None},
          "amounts": AM6500, "flags": [], "needs_review": False}})
v("enrol normalises what was typed", "enrol_plan", {"status": UNK, "form": form(citizen_id=" ３４０５２４１９８００１０１００１ｘ", mobile="+86 138 1234 5678", name="\u3000张三 ", monthly_wage="６，５００．００"), "now": NOV},
  {"ok": {"citizen_id": "34052419800101001X", "mobile": "13812345678", "name": "张三", "base": {"base": 650000}}})
v("enrol resumption, same name", "enrol_plan", {"status": {"status": "known", "name": "张三"}, "form": form(), "now": NOV}, {"ok": {"case": "resumption", "flags": []}})
v("enrol resumption, name mismatch", "enrol_plan", {"status": {"status": "known", "name": "张三"}, "form": form(name="张叁"), "now": NOV}, {"ok": {"case": "resumption", "flags": ["name_mismatch"], "needs_review": True}})
v("enrol refused: already here", "enrol_plan", {"status": {"status": "active_here"}, "form": form(), "now": NOV}, {"err": [{"code": "ALREADY_HERE"}]})
v("enrol refused: elsewhere", "enrol_plan", {"status": {"status": "active_elsewhere"}, "form": form(), "now": NOV}, {"err": [{"code": "ACTIVE_ELSEWHERE"}]})
v("enrol refused: flexible", "enrol_plan", {"status": {"status": "active_flexible"}, "form": form(), "now": NOV}, {"err": [{"code": "ACTIVE_FLEXIBLE"}]})
v("enrol retroactive pension in January (December of last year)", "enrol_plan",
  {"status": UNK, "form": form(employment_start="2026-12-01", pension_start="2026-12", unemployment_start="2027-01", checked_month="2027-01"), "now": JAN},
  {"ok": {"handling_month": "2027-01", "starts": starts("2026-12", "2027-01", "2027-01"), "flags": ["retroactive"], "amounts": AM6500}})
v("enrol window in January", "enrol_plan",
  {"status": UNK, "form": form(employment_start="2026-10-01", pension_start="2026-11", unemployment_start="2027-02", checked_month="2027-01"), "now": JAN},
  {"err": [{"code": "START_MONTH_WINDOW", "field": "pension_start", "params": {"insurance": "pension", "allowed": "2026-12、2027-01"}},
           {"code": "START_MONTH_WINDOW", "field": "unemployment_start", "params": {"insurance": "unemployment", "allowed": "2026-12、2027-01"}}]})
v("enrol clamped up to the minimum", "enrol_plan", {"status": UNK, "form": form(monthly_wage="3000"), "now": NOV},
  {"ok": {"base": {"wage": 300000, "base": 481200, "clamp": "raised_to_min"}, "flags": ["clamped_base"],
          "amounts": {"pension": {"employer": 76992, "individual": 38496}, "unemployment": {"employer": 2406, "individual": 2406}, "work_injury": {"employer": 1925, "individual": 0}}}})
v("enrol clamped down to the maximum", "enrol_plan", {"status": UNK, "form": form(monthly_wage="50000"), "now": NOV},
  {"ok": {"base": {"wage": 5000000, "base": 2406000, "clamp": "lowered_to_max"}, "flags": ["clamped_base"]}})
v("enrol month changed at midnight", "enrol_plan", {"status": UNK, "form": form(), "now": "2026-11-30T16:00:00Z"},
  {"err": [{"code": "MONTH_CHANGED", "field": "checked_month", "params": {"checked": "2026-11", "handling": "2026-12"}}]})
v("enrol last second of the month", "enrol_plan", {"status": UNK, "form": form(), "now": "2026-11-30T15:59:59Z"}, {"ok": {"handling_month": "2026-11"}})
v("enrol under 16", "enrol_plan", {"status": UNK, "form": form(citizen_id="330211201012150012"), "now": NOV},
  {"err": [{"code": "UNDER_16", "field": "citizen_id", "params": {"age": "15"}}]})
v("enrol turns 16 in the start month", "enrol_plan", {"status": UNK, "form": form(citizen_id="330211201011200030"), "now": NOV}, {"ok": {"gender": "male", "flags": []}})
v("enrol 16th birthday month after a retroactive start", "enrol_plan", {"status": UNK, "form": form(citizen_id="330211201011200030", pension_start="2026-10"), "now": NOV},
  {"err": [{"code": "UNDER_16", "params": {"age": "15"}}]})
v("enrol man past retirement age (reform: born 1965-01 retires 2025-02)", "enrol_plan", {"status": UNK, "form": form(citizen_id="33021119650115001X"), "now": NOV}, {"ok": {"flags": ["retirement_age"]}})
v("enrol woman worker past 50 + 1 month", "enrol_plan", {"status": UNK, "form": form(citizen_id="330211197501100025"), "now": NOV}, {"ok": {"gender": "female", "flags": ["retirement_age"]}})
v("enrol woman born 1976-05 not yet retired (50y9m → 2027-02)", "enrol_plan", {"status": UNK, "form": form(citizen_id="33021119760510002X"), "now": NOV}, {"ok": {"flags": []}})
v("enrol leap-day birth", "enrol_plan", {"status": UNK, "form": form(citizen_id="330211200002290017"), "now": NOV}, {"ok": {"birth_date": "2000-02-29"}})
v("enrol every field wrong at once", "enrol_plan",
  {"status": UNK, "form": {"citizen_id": "340524198001010013", "name": "", "mobile": "12812345678", "hukou_district": "110105", "hukou_type": "city",
                           "employment_start": "2026-12-01", "monthly_wage": "0", "pension_start": "2026-09", "unemployment_start": "2026-12", "checked_month": "2026-10"}, "now": NOV},
  {"err": [{"code": "MONTH_CHANGED"}, {"code": "ID_CHECK", "field": "citizen_id"}, {"code": "REQUIRED", "field": "name"}, {"code": "MOBILE_PREFIX", "field": "mobile"},
           {"code": "BAD_CHOICE", "field": "hukou_district", "params": {"value": "110105"}}, {"code": "BAD_CHOICE", "field": "hukou_type", "params": {"value": "city"}},
           {"code": "EMPLOYMENT_START_LATE", "field": "employment_start", "params": {"date": "2026-12-01", "handling": "2026-11"}},
           {"code": "WAGE_RANGE", "field": "monthly_wage"}, {"code": "START_MONTH_WINDOW", "field": "pension_start"}, {"code": "START_MONTH_WINDOW", "field": "unemployment_start"}]})
v("enrol name with a script fragment", "enrol_plan", {"status": {"status": "unknown"}, "form": form(name="<script>"), "now": NOV},
  {"err": [{"code": "BAD_CHAR", "field": "name", "params": {"position": "1", "char": "<"}}]})
v("enrol name with an SQL quote", "enrol_plan", {"status": {"status": "unknown"}, "form": form(name="张三'; DROP"), "now": NOV},
  {"err": [{"code": "BAD_CHAR", "field": "name", "params": {"position": "3", "char": "'"}}]})
v("enrol transliterated name with middle dot", "enrol_plan", {"status": {"status": "unknown"}, "form": form(name="阿卜杜拉·买买提"), "now": NOV},
  {"ok": {"name": "阿卜杜拉·买买提"}})
v("enrol name too long, date invalid, wage format", "enrol_plan",
  {"status": UNK, "form": form(name="张" * 31, employment_start="2023-02-29", monthly_wage="6500.555"), "now": NOV},
  {"err": [{"code": "TOO_LONG", "field": "name", "params": {"max": "30"}}, {"code": "DATE_INVALID", "field": "employment_start"}, {"code": "MONEY_FORMAT", "field": "monthly_wage"}]})
v("enrol wage above the sane maximum", "enrol_plan", {"status": UNK, "form": form(monthly_wage="1000000.01"), "now": NOV},
  {"err": [{"code": "WAGE_RANGE", "params": {"max": "1000000.00"}}]})
v("enrol empty form", "enrol_plan", {"status": UNK, "form": {}, "now": NOV},
  {"err": [{"code": "REQUIRED", "field": f} for f in ["citizen_id", "name", "mobile", "hukou_district", "hukou_type", "employment_start", "monthly_wage", "pension_start", "unemployment_start"]]})
v("enrol employer rate outside the range", "enrol_plan", {"status": UNK, "form": form(), "work_injury_rate_bp": 250, "now": NOV}, {"err": [{"code": "WORK_INJURY_RATE"}]})

# ---- stop ----
STOPNOW = "2027-01-05T01:00:00Z"  # 2027-01-05 09:00 CST
ACT = {"starts": starts("2020-01", "2020-01", "2020-01")}
def sform(stop="2027-01", reason="resigned", checked=None):
    return {"citizen_id": "34052419800101001X", "stop_month": stop, "reason": reason, "checked_month": checked}
for code, zh, en, kind in [("contract_ended", "解除劳动合同", "Employment contract ended", "suspend"), ("resigned", "辞职", "Resigned", "suspend"),
                           ("dismissed", "辞退", "Dismissed", "suspend"), ("military", "参军", "Joined the army", "suspend"),
                           ("other", "其他", "Other", "suspend"), ("retired", "退休", "Retired", "terminate"), ("deceased", "死亡", "Deceased", "terminate")]:
    v("stop reason %s" % code, "stop_reason", {"value": zh}, {"ok": {"code": code, "kind": kind, "zh": zh, "en": en}})
    v("stop plan reason %s" % code, "stop_plan", {"active": ACT, "form": sform(reason=code, checked="2027-01"), "now": STOPNOW},
      {"ok": {"reason": code, "kind": kind, "stops": starts("2027-01", "2027-01", "2027-01"), "last_paid": starts("2026-12", "2026-12", "2026-12"), "flags": []}})
v("stop reason unknown", "stop_reason", {"value": "跳槽"}, {"err": {"code": "BAD_CHOICE", "field": "reason", "params": {"value": "跳槽"}}})
v("stop retroactive over the year boundary", "stop_plan", {"active": ACT, "form": sform(stop="2026-12"), "now": STOPNOW},
  {"ok": {"handling_month": "2027-01", "stops": starts("2026-12", "2026-12", "2027-01"), "last_paid": starts("2026-11", "2026-11", "2026-12"), "flags": ["retroactive"]}})
v("stop month too early", "stop_plan", {"active": ACT, "form": sform(stop="2026-11"), "now": STOPNOW},
  {"err": [{"code": "STOP_MONTH_WINDOW", "field": "stop_month", "params": {"insurance": "pension", "allowed": "2026-12、2027-01"}}]})
v("stop month in the future", "stop_plan", {"active": ACT, "form": sform(stop="2027-02"), "now": STOPNOW}, {"err": [{"code": "STOP_MONTH_WINDOW"}]})
v("stop not active here", "stop_plan", {"active": None, "form": sform(), "now": STOPNOW}, {"err": [{"code": "NOT_ACTIVE_HERE", "field": "citizen_id"}]})
v("stop in the start month", "stop_plan", {"active": {"starts": starts("2027-01", "2027-01", "2027-01")}, "form": sform(), "now": STOPNOW},
  {"err": [{"code": "STOP_BEFORE_START", "params": {"insurance": i, "last_paid": "2026-12", "start": "2027-01"}} for i in ["pension", "unemployment", "work_injury"]]})
v("stop retroactive before a December start", "stop_plan", {"active": {"starts": starts("2026-12", "2026-12", "2027-01")}, "form": sform(stop="2026-12"), "now": STOPNOW},
  {"err": [{"code": "STOP_BEFORE_START", "params": {"insurance": "pension", "last_paid": "2026-11", "start": "2026-12"}},
           {"code": "STOP_BEFORE_START", "params": {"insurance": "unemployment"}}, {"code": "STOP_BEFORE_START", "params": {"insurance": "work_injury", "last_paid": "2026-12", "start": "2027-01"}}]})
v("stop month changed", "stop_plan", {"active": ACT, "form": sform(checked="2026-12"), "now": STOPNOW}, {"err": [{"code": "MONTH_CHANGED"}]})
v("stop without reason", "stop_plan", {"active": ACT, "form": sform(reason=""), "now": STOPNOW}, {"err": [{"code": "REQUIRED", "field": "reason"}]})

# ---- flexible ----
since = lambda m: {"state": "flexible_active", "since": m}
for st, exp in [({"state": "not_insured"}, {"ok": "enrol"}), ({"state": "suspended"}, {"ok": "enrol"}), (since("2025-03"), {"ok": "suspend"}),
                ({"state": "employed"}, {"err": {"code": "FLEX_EMPLOYED"}})]:
    v("flex next action %s" % st["state"], "flex", {"op": "next_action", "state": st}, exp)
def fform(**kw):
    f = {"hukou_district": "330211", "base": "4812", "include_medical": False, "notice_acknowledged": True, "checked_month": "2026-11"}
    f.update(kw); return f
v("flex enrol at the minimum base", "flex", {"op": "enrol", "state": {"state": "not_insured"}, "form": fform(), "now": NOV},
  {"ok": {"start_month": "2026-11", "base": 481200, "insurances": ["pension"], "pension": {"employer": 0, "individual": 96240}}})
v("flex enrol again after suspension, with medical, at the maximum", "flex", {"op": "enrol", "state": {"state": "suspended"}, "form": fform(base="24,060", include_medical=True), "now": NOV},
  {"ok": {"base": 2406000, "insurances": ["pension", "medical"], "pension": {"individual": 481200}}})
v("flex enrol base above the limits (not clamped)", "flex", {"op": "enrol", "state": {"state": "not_insured"}, "form": fform(base="24060.01"), "now": NOV},
  {"err": [{"code": "BASE_RANGE", "field": "base", "params": {"min": "4812.00", "max": "24060.00"}}]})
v("flex enrol notice not acknowledged", "flex", {"op": "enrol", "state": {"state": "not_insured"}, "form": fform(notice_acknowledged=False), "now": NOV},
  {"err": [{"code": "NOTICE_NOT_ACKNOWLEDGED", "field": "notice"}]})
v("flex enrol while active", "flex", {"op": "enrol", "state": since("2025-03"), "form": fform(), "now": NOV}, {"err": [{"code": "FLEX_ALREADY"}]})
v("flex enrol while employed", "flex", {"op": "enrol", "state": {"state": "employed"}, "form": fform(), "now": NOV}, {"err": [{"code": "FLEX_EMPLOYED"}]})
v("flex suspend last month", "flex", {"op": "suspend", "state": since("2025-03"), "form": {"change_month": "2026-10"}, "now": NOV},
  {"ok": {"change_month": "2026-10", "last_paid": "2026-09", "retroactive": True}})
v("flex suspend in January for December", "flex", {"op": "suspend", "state": since("2025-03"), "form": {"change_month": "2026-12", "checked_month": "2027-01"}, "now": JAN},
  {"ok": {"handling_month": "2027-01", "change_month": "2026-12", "last_paid": "2026-11"}})
v("flex suspend outside the window", "flex", {"op": "suspend", "state": since("2025-03"), "form": {"change_month": "2026-09"}, "now": NOV},
  {"err": [{"code": "CHANGE_MONTH_WINDOW", "field": "change_month", "params": {"allowed": "2026-10、2026-11"}}]})
v("flex suspend before enrolment began", "flex", {"op": "suspend", "state": since("2026-11"), "form": {"change_month": "2026-10"}, "now": NOV},
  {"err": [{"code": "CHANGE_MONTH_WINDOW", "params": {"allowed": "2026-11"}}]})
v("flex suspend when not enrolled", "flex", {"op": "suspend", "state": {"state": "not_insured"}, "form": {"change_month": "2026-11"}, "now": NOV}, {"err": [{"code": "FLEX_NOT_ENROLLED"}]})
v("flex suspend when suspended", "flex", {"op": "suspend", "state": {"state": "suspended"}, "form": {"change_month": "2026-11"}, "now": NOV}, {"err": [{"code": "FLEX_NOT_ENROLLED"}]})

# ---- applications ----
acts = {"approve": {"action": "approve"}, "reject": {"action": "reject", "reason": "材料不全"}, "withdraw": {"action": "withdraw"}}
for a, to in [("approve", "approved"), ("reject", "rejected"), ("withdraw", "withdrawn")]:
    v("transition submitted %s" % a, "transition", {"state": "submitted", "action": acts[a]}, {"ok": to})
for st in ["approved", "rejected", "withdrawn"]:
    for a in acts:
        v("transition %s %s refused" % (st, a), "transition", {"state": st, "action": acts[a]},
          {"err": {"code": "TRANSITION", "field": "application", "params": {"from": st, "action": a}}})
v("transition reject needs a reason", "transition", {"state": "submitted", "action": {"action": "reject", "reason": " "}}, {"err": {"code": "REQUIRED", "field": "reason"}})
for name, at, now, state, flags, due, appr in [("9:59 after", 0, 599999, "submitted", [], False, False), ("10:00 after", 0, 600000, "submitted", [], True, True),
                                              ("flagged waits", 0, 3600000, "submitted", ["clamped_base"], True, False), ("withdrawn stays", 0, 3600000, "withdrawn", [], True, False)]:
    v("auto review %s" % name, "auto_review", {"submitted_at_ms": at, "now_ms": now, "state": state, "flags": flags}, {"ok": {"due": due, "approve": appr}})
v("message unauthenticated zh", "message", {"violation": {"code": "UNAUTHENTICATED", "field": "session"}, "lang": "zh"}, {"ok": "请先登录", "code": "UNAUTHENTICATED"})
v("message forbidden en", "message", {"violation": {"code": "FORBIDDEN", "field": "application"}, "lang": "en"}, {"ok": "You may not see or change this.", "code": "FORBIDDEN"})
v("message csrf zh", "message", {"violation": {"code": "CSRF", "field": "session"}, "lang": "zh"}, {"ok": "页面已过期，请刷新页面后重试", "code": "CSRF"})
v("message login failed zh", "message", {"violation": {"code": "LOGIN_FAILED", "field": "password"}, "lang": "zh"}, {"ok": "用户名或密码不正确", "code": "LOGIN_FAILED"})
v("message rate limited en", "message", {"violation": {"code": "RATE_LIMITED", "field": "citizen_id", "params": {"seconds": "60"}}, "lang": "en"}, {"ok": "Too many requests; try again in 60 seconds.", "code": "RATE_LIMITED"})
v("message not found zh", "message", {"violation": {"code": "NOT_FOUND", "field": "application"}, "lang": "zh"}, {"ok": "未找到相关记录", "code": "NOT_FOUND"})
v("message pending exists zh", "message", {"violation": {"code": "PENDING_EXISTS", "field": "citizen_id"}, "lang": "zh"}, {"ok": "该人员已有一笔待审核的同类业务，请勿重复申报", "code": "PENDING_EXISTS"})
v("message file type zh", "message", {"violation": {"code": "FILE_TYPE", "field": "file", "params": {"allowed": "PDF、JPG、PNG"}}, "lang": "zh"}, {"ok": "只能上传PDF、JPG、PNG格式的文件", "code": "FILE_TYPE"})
v("message file too large en", "message", {"violation": {"code": "FILE_TOO_LARGE", "field": "file", "params": {"max": "5 MB"}}, "lang": "en"}, {"ok": "The file must be at most 5 MB.", "code": "FILE_TOO_LARGE"})
v("message internal zh", "message", {"violation": {"code": "INTERNAL", "field": "request"}, "lang": "zh"}, {"ok": "系统繁忙，本次操作未保存，请稍后再试", "code": "INTERNAL"})
v("message contact mismatch zh", "message", {"violation": {"code": "CONTACT_MISMATCH", "field": "contact"}, "lang": "zh"}, {"ok": "填写的参保地、单位编号或专管员信息与单位登记信息不一致，请核对后重试", "code": "CONTACT_MISMATCH"})
v("message contact mismatch en", "message", {"violation": {"code": "CONTACT_MISMATCH", "field": "contact"}, "lang": "en"}, {"ok": "The insured place, unit number or contact details do not match the employer's record; please check them.", "code": "CONTACT_MISMATCH"})
v("message captcha wrong zh", "message", {"violation": {"code": "CAPTCHA_WRONG", "field": "captcha_answer"}, "lang": "zh"}, {"ok": "验证码答案不正确，请获取新的验证码后重试", "code": "CAPTCHA_WRONG"})
v("message captcha expired en", "message", {"violation": {"code": "CAPTCHA_EXPIRED", "field": "captcha_answer"}, "lang": "en"}, {"ok": "The captcha has expired or was already used; get a new one.", "code": "CAPTCHA_EXPIRED"})
v("message handoff invalid zh", "message", {"violation": {"code": "HANDOFF_INVALID", "field": "handoff_code"}, "lang": "zh"}, {"ok": "取件码不正确、已使用或已过期，请在手机上重新获取", "code": "HANDOFF_INVALID"})
v("message transition zh", "message", {"violation": {"code": "TRANSITION", "field": "application", "params": {"from": "approved", "action": "withdraw"}}, "lang": "zh"}, {"ok": "办件当前为“审核通过”状态，不能撤回"})
v("message month changed en", "message", {"violation": {"code": "MONTH_CHANGED", "field": "checked_month", "params": {"checked": "2026-11", "handling": "2026-12"}}, "lang": "en"},
  {"ok": "The handling month changed from 2026-11 to 2026-12. Please confirm the months again and resubmit; what you entered has been kept."})
v("message password change required zh", "message", {"violation": {"code": "PASSWORD_CHANGE_REQUIRED", "field": "session"}, "lang": "zh"}, {"ok": "首次登录请修改密码，修改后才能办理业务", "code": "PASSWORD_CHANGE_REQUIRED"})
v("message password change required en", "message", {"violation": {"code": "PASSWORD_CHANGE_REQUIRED", "field": "session"}, "lang": "en"}, {"ok": "Please change your password before doing anything else.", "code": "PASSWORD_CHANGE_REQUIRED"})
v("message current password wrong zh", "message", {"violation": {"code": "CURRENT_PASSWORD_WRONG", "field": "current_password"}, "lang": "zh"}, {"ok": "原密码不正确", "code": "CURRENT_PASSWORD_WRONG"})
v("message password too short zh", "message", {"violation": {"code": "PASSWORD_TOO_SHORT", "field": "new_password", "params": {"min": "12"}}, "lang": "zh"}, {"ok": "密码至少需要12个字符", "code": "PASSWORD_TOO_SHORT"})
v("message password common en", "message", {"violation": {"code": "PASSWORD_COMMON", "field": "new_password"}, "lang": "en"}, {"ok": "This password is too common and easy to guess; choose another.", "code": "PASSWORD_COMMON"})

# ---- opening a unit (开办企业), issue 14: written from the issue and the law ----
# 社会保险法 第五十七条: the unit registers within 30 days of founding; 第五十八条: each
# employee within 30 days of hiring. Counted from the next day (民法典 第二百零一条), so
# founded 2026-10-16, the 30th day is 2026-11-15: on time at NOV, late a day later.
def unit(**kw):
    u = {"credit_code": "91350200776049653A", "name": "宁波甬新科技有限公司",
         "registered_address": "宁波市鄞州区首南街道天童南路1号", "district": "330212",
         "founding_date": "2026-11-02", "legal_representative": "李四", "industry_class": "一类"}
    u.update(kw); return u
def filing(employees=None, checked="2026-11", **kw):
    return {"unit": unit(**kw), "contact": {"name": "王五", "mobile": "13912345678"},
            "employees": [form(employment_start="2026-11-02")] if employees is None else employees,
            "checked_month": checked}
NOFACTS = {"credit_code_registered": False, "statuses": []}
# class 1 is 0.20%: 6,500 元 × 0.2 % = 13.00 元 of work injury a month.
v("opening clean, one employee, class 1", "opening_plan", {"form": filing(), "facts": NOFACTS, "now": NOV},
  {"ok": {"unit": {"credit_code": "91350200776049653A", "district": "330212", "industry_class": 1, "work_injury_rate": 20},
          "contact": {"mobile": "13912345678"}, "registration_due": "2026-12-02", "flags": [],
          "employees": [{"case": "new", "amounts": {"work_injury": {"employer": 1300}}, "flags": []}], "needs_review": False}})
v("opening without employees is the unit's registration alone", "opening_plan", {"form": filing(employees=[]), "facts": NOFACTS, "now": NOV},
  {"ok": {"employees": [], "needs_review": False}})
v("opening on the 30th day after founding", "opening_plan", {"form": filing(employees=[], founding_date="2026-10-16"), "facts": NOFACTS, "now": NOV},
  {"ok": {"flags": [], "registration_due": "2026-11-15"}})
v("opening on the 31st day after founding is flagged", "opening_plan", {"form": filing(employees=[], founding_date="2026-10-15"), "facts": NOFACTS, "now": NOV},
  {"ok": {"flags": ["late_unit_registration"], "needs_review": True}})
v("opening employee hired 31 days ago is flagged", "opening_plan",
  {"form": filing(employees=[form(employment_start="2026-10-15", pension_start="2026-10")], founding_date="2026-10-15"), "facts": NOFACTS, "now": NOV},
  {"ok": {"flags": ["late_unit_registration"], "employees": [{"flags": ["retroactive", "late_employee_registration"]}]}})
v("opening refused: credit code registered", "opening_plan", {"form": filing(), "facts": {"credit_code_registered": True, "statuses": []}, "now": NOV},
  {"err": [{"code": "CREDIT_CODE_REGISTERED", "field": "unit.credit_code"}]})
v("opening refused: credit code check", "opening_plan", {"form": filing(credit_code="91350200776049653B"), "facts": NOFACTS, "now": NOV},
  {"err": [{"code": "CREDIT_CHECK", "field": "unit.credit_code"}]})
v("opening refused: founded tomorrow", "opening_plan", {"form": filing(employees=[], founding_date="2026-11-16"), "facts": NOFACTS, "now": NOV},
  {"err": [{"code": "FOUNDING_DATE_FUTURE", "field": "unit.founding_date", "params": {"date": "2026-11-16"}}]})
v("opening refused: employee starts before the founding month", "opening_plan",
  {"form": filing(employees=[form(employment_start="2026-11-10", pension_start="2026-10")], founding_date="2026-11-10"), "facts": NOFACTS, "now": NOV},
  {"err": [{"code": "BEFORE_FOUNDING", "field": "employees[1].pension_start", "params": {"value": "2026-10", "founding": "2026-11-10"}}]})
v("opening refused: the same person twice", "opening_plan",
  {"form": filing(employees=[form(employment_start="2026-11-02"), form(citizen_id="34052419800101001x", name="张叁", employment_start="2026-11-02")]), "facts": NOFACTS, "now": NOV},
  {"err": [{"code": "CITIZEN_ID_REPEATED", "field": "employees[2].citizen_id", "params": {"first": "1"}}]})
v("opening refused: every part at once", "opening_plan",
  {"form": {"unit": unit(name="", district="110105", legal_representative="李<四", industry_class="九类"),
            "contact": {"name": "", "mobile": "1391234567"}, "employees": [form(pension_start="2026-12", employment_start="2026-11-02")], "checked_month": "2026-10"},
   "facts": NOFACTS, "now": NOV},
  {"err": [{"code": "MONTH_CHANGED", "field": "checked_month"}, {"code": "REQUIRED", "field": "unit.name"},
           {"code": "BAD_CHOICE", "field": "unit.district", "params": {"value": "110105"}},
           {"code": "BAD_CHAR", "field": "unit.legal_representative", "params": {"position": "2", "char": "<"}},
           {"code": "BAD_CHOICE", "field": "unit.industry_class", "params": {"value": "九类"}},
           {"code": "REQUIRED", "field": "contact.name"}, {"code": "BAD_LENGTH", "field": "contact.mobile"},
           {"code": "START_MONTH_WINDOW", "field": "employees[1].pension_start"}]})
v("opening refused: an employee active elsewhere", "opening_plan",
  {"form": filing(), "facts": {"credit_code_registered": False, "statuses": [{"status": "active_elsewhere"}]}, "now": NOV},
  {"err": [{"code": "ACTIVE_ELSEWHERE", "field": "employees[1].citizen_id"}]})
v("industry class 八类 is 1.9%", "industry_class", {"value": "八类", "month": "2026-11"}, {"ok": {"class": 8, "rate_bp": 190, "zh": "八类"}})
v("industry class before the 2015 notice", "industry_class", {"value": "1", "month": "2015-09"}, {"err": {"code": "POLICY_MISSING"}})
v("unit number issued first in 330211", "unit_number_issue", {"district": "330211", "seq": 1}, {"ok": "330211000014"})
v("message before founding zh", "message", {"violation": {"code": "BEFORE_FOUNDING", "field": "employees[1].pension_start", "params": {"value": "2026-10", "founding": "2026-11-10"}}, "lang": "zh"},
  {"ok": "2026-10早于单位成立日期2026-11-10", "code": "BEFORE_FOUNDING"})
v("message citizen id repeated en", "message", {"violation": {"code": "CITIZEN_ID_REPEATED", "field": "employees[2].citizen_id", "params": {"first": "1"}}, "lang": "en"},
  {"ok": "The same social security number as employee 1.", "code": "CITIZEN_ID_REPEATED"})
v("message credit code registered zh", "message", {"violation": {"code": "CREDIT_CODE_REGISTERED", "field": "unit.credit_code"}, "lang": "zh"},
  {"ok": "该统一社会信用代码已办理社会保险登记，请由单位专管员登录后办理增员", "code": "CREDIT_CODE_REGISTERED"})

# ---- asking for a stop (待原单位减员), issue 14 ----
# Asked 2026-11-01 23:00 CST: the old employer's 15 days are 11-02 to 11-16.
v("stop request: reviewer waits on the 15th day", "stop_request_reviewer_may_stop",
  {"state": "open", "requested_at": "2026-11-01T15:00:00Z", "now": "2026-11-16T15:59:59Z"},
  {"err": {"code": "STOP_REQUEST_WAITING", "field": "stop_request", "params": {"from": "2026-11-17"}}})
v("stop request: reviewer may from the 16th day", "stop_request_reviewer_may_stop",
  {"state": "open", "requested_at": "2026-11-01T15:00:00Z", "now": "2026-11-16T16:00:00Z"}, {"ok": None})
v("stop request: reviewer may at once when the person confirmed", "stop_request_reviewer_may_stop",
  {"state": "confirmed", "requested_at": "2026-11-01T15:00:00Z", "now": "2026-11-02T01:00:00Z"}, {"ok": None})
v("stop request: confirmed, then the old employer stops", "stop_request_transition", {"state": "confirmed", "event": "employer_stop"}, {"ok": "stopped"})
v("stop request: no confirming once stopped", "stop_request_transition", {"state": "stopped", "event": "confirm"},
  {"err": {"code": "TRANSITION", "field": "stop_request", "params": {"from": "stopped", "action": "confirm"}}})
OLD = {"starts": {"pension": "2025-03", "unemployment": "2025-03", "work_injury": "2025-03"}}
v("stop request: last working day today", "stop_request_confirm", {"state": "open", "old": OLD, "form": {"last_working_day": "2026-11-15"}, "now": NOV}, {"ok": "2026-11-15"})
v("stop request: last working day tomorrow", "stop_request_confirm", {"state": "open", "old": OLD, "form": {"last_working_day": "2026-11-16"}, "now": NOV},
  {"err": [{"code": "LAST_DAY_FUTURE", "field": "last_working_day", "params": {"date": "2026-11-16"}}]})
v("stop request: last working day before the old start", "stop_request_confirm", {"state": "open", "old": OLD, "form": {"last_working_day": "2025-02-28"}, "now": NOV},
  {"err": [{"code": "LAST_DAY_BEFORE_START", "field": "last_working_day", "params": {"date": "2025-02-28", "start": "2025-03"}}]})
v("stop request: a reviewer's stop is a 减员 (December in January)", "stop_request_reviewer_stop",
  {"state": "confirmed", "requested_at": "2027-01-02T02:00:00Z", "person": "34052419800101001X", "old": OLD,
   "form": {"stop_month": "2026-12", "reason": "辞职"}, "now": JAN},
  {"ok": {"stops": {"pension": "2026-12", "unemployment": "2026-12", "work_injury": "2027-01"}, "flags": ["retroactive"], "kind": "suspend"}})
v("stop request: a reviewer's stop no further back than 减员", "stop_request_reviewer_stop",
  {"state": "confirmed", "requested_at": "2027-01-02T02:00:00Z", "person": "34052419800101001X", "old": OLD,
   "form": {"stop_month": "2026-11", "reason": "辞职"}, "now": JAN},
  {"err": [{"code": "STOP_MONTH_WINDOW", "field": "stop_month", "params": {"allowed": "2026-12、2027-01"}}]})
v("message stop request waiting en", "message", {"violation": {"code": "STOP_REQUEST_WAITING", "field": "stop_request", "params": {"from": "2026-11-17"}}, "lang": "en"},
  {"ok": "The old employer still has time and the person has not confirmed leaving; the agency can stop it from 2026-11-17.", "code": "STOP_REQUEST_WAITING"})
v("message transition of a stop request zh", "message", {"violation": {"code": "TRANSITION", "field": "stop_request", "params": {"from": "stopped", "action": "confirm"}}, "lang": "zh"},
  {"ok": "办件当前为“已减员”状态，不能确认离职"})
