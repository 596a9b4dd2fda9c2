#!/usr/bin/env python3
"""Writes core/data/common-passwords.txt: passwords too common to allow.

Source: the list of 20,000 common passwords Django ships
(django/contrib/auth/common-passwords.txt.gz, BSD licence; itself from Royce
Williams' list of leaked passwords), in order of frequency, taken from the Django
wheel on PyPI:

    pip download --no-deps django==5.2.19 -d /tmp/django
    python3 core/data/make_common_passwords.py /tmp/django/django-5.2.19-py3-none-any.whl

Shebao refuses any password shorter than 12 characters, so only the entries of 12 or
more characters could ever match; the list keeps those, and adds what people make of
the most common short ones to reach 12 (a year, 123456, 1314, a doubled word…), the
Chinese pinyin favourites, and the demo accounts' passwords (printed in the README).
Entries are lower case: the rule compares the password in lower case.
"""
import gzip
import sys
import zipfile

MIN = 12
TOTAL = 4000


def main(wheel):
    with zipfile.ZipFile(wheel) as z:
        raw = gzip.decompress(z.read("django/contrib/auth/common-passwords.txt.gz"))
    ranked = [w.strip().lower() for w in raw.decode("utf-8").split("\n") if w.strip()]
    printable = [w for w in ranked if all(33 <= ord(c) < 127 for c in w)]
    out, seen = [], set()

    def add(word):
        if len(word) >= MIN and word not in seen and len(out) < TOTAL:
            seen.add(word)
            out.append(word)

    for w in ["demo-employer-2026", "demo-resident-2026", "demo-reviewer-2026"]:
        add(w)
    for w in printable:
        add(w)
    pinyin = ["woaini", "woaiwojia", "woaiwolaopo", "woainima", "zhangwei", "wangwei",
              "liuyang", "zhongguo", "beijing", "shanghai", "zhejiang", "hangzhou",
              "ningbo", "shebao", "shebaoka", "laopo", "laogong", "baobei", "aini",
              "qq", "wodemima", "mima", "yiersan", "zxcvbnm", "asdfghjkl", "qwertyuiop",
              "1qaz2wsx", "qazwsx", "abc", "admin", "root", "user", "test", "guest",
              "welcome", "letmein", "password", "passw0rd", "p@ssw0rd", "p@ssword",
              "changeme", "employer", "resident", "reviewer", "flexible"]
    suffixes = ["123456", "12345678", "123456789", "1234", "12345", "123", "1314",
                "5201314", "520", "888888", "666666", "2024", "2025", "2026", "2027",
                "2023", "2022", "2021", "2020", "1990", "1988", "!", "@123", "!@#",
                "123!", "@2026", "@2025", "#123", "000", "111", "01", "1", "12"]
    bases = pinyin + [w for w in printable if w.isalnum() and 4 <= len(w) < MIN][:1200]
    for base in bases:
        for suffix in suffixes:
            add(base + suffix)
        add(base + base)
    with open(__file__.replace("make_common_passwords.py", "common-passwords.txt"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("wrote %d passwords" % len(out))


if __name__ == "__main__":
    main(sys.argv[1])
