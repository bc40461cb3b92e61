#!/usr/bin/env python3
"""Generate a synthetic LEIE file (OIG's UPDATED.csv).

usage: gen_leie.py [--rows N] [--seed S] [-o FILE] [--spec FILE.json]

Writes a file in the layout HHS-OIG publishes the List of Excluded
Individuals/Entities in: the 18-column header, every field double-quoted
(a " inside doubled), CRLF line ends, dates YYYYMMDD with 00000000 for
none, NPI 0000000000 when unknown, names in upper case.

Rows come in this order: the --spec rows, then N generated rows (random
names of made-up syllables, so they never meet a test's practitioners).

  --rows N          generated rows after the explicit ones (default 0)
  --seed S          integer seed (default 1): the same seed gives the same bytes
  -o FILE           write to FILE instead of standard output
  --spec FILE.json  explicit rows first: a JSON list of objects whose keys
                    are header names in lower case (lastname, firstname,
                    midname, busname, general, specialty, upin, npi, dob,
                    address, city, state, zip, excltype, excldate, reindate,
                    waiverdate, wvrstate); missing ones are "" (dates and
                    NPI their zeros). An object {"raw_line": "..."} is
                    written as-is (CRLF added) for malformed-row tests.
"""
import argparse
import json
import random
import sys

HEADER = ["LASTNAME", "FIRSTNAME", "MIDNAME", "BUSNAME", "GENERAL", "SPECIALTY", "UPIN",
          "NPI", "DOB", "ADDRESS", "CITY", "STATE", "ZIP", "EXCLTYPE", "EXCLDATE",
          "REINDATE", "WAIVERDATE", "WVRSTATE"]
ZERO = {"npi": "0000000000", "dob": "00000000", "excldate": "00000000",
        "reindate": "00000000", "waiverdate": "00000000"}
TYPES = ["1128a1", "1128a2", "1128a3", "1128a4", "1128b4", "1128b5", "1128b7", "1128b14",
         "1128Aa", "1128b8"]
GENERAL = ["IND- LIC HC SERV PRO", "NURSING PROFESSION", "PHYSICIAN (MD, DO)", "OTHER BUSINESS",
           "PHARMACY", "BUSINESS"]
STATES = ["TX", "CA", "FL", "NY", "OH", "PA", "GA", "NC", "MI", "IL", "OR", "AZ"]
SYL = ["ka", "ro", "mi", "zen", "tal", "bor", "vex", "qui", "dra", "lom", "pha", "nur"]


def line(fields):
    return ",".join('"' + f.replace('"', '""') + '"' for f in fields) + "\r\n"


def word(rng, n):
    return "".join(rng.choice(SYL) for _ in range(n)).upper()


def date(rng, y0, y1):
    return "%04d%02d%02d" % (rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", dest="out")
    ap.add_argument("--spec")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = open(a.out, "w", encoding="utf-8", newline="") if a.out else sys.stdout
    out.write(line(HEADER))
    for r in json.load(open(a.spec, encoding="utf-8")) if a.spec else []:
        if "raw_line" in r:
            out.write(r["raw_line"] + "\r\n")
            continue
        unknown = set(r) - {h.lower() for h in HEADER}
        if unknown:
            sys.exit("gen_leie.py: unknown keys %s" % sorted(unknown))
        out.write(line([r.get(h.lower(), ZERO.get(h.lower(), "")) for h in HEADER]))
    for _ in range(a.rows):
        business = rng.random() < 0.12
        rein = date(rng, 2010, 2024) if rng.random() < 0.05 else "00000000"
        f = {
            "lastname": "" if business else word(rng, 3),
            "firstname": "" if business else word(rng, 2),
            "midname": "" if business or rng.random() < 0.5 else word(rng, 1)[0],
            "busname": word(rng, 3) + " LLC" if business else "",
            "general": rng.choice(GENERAL),
            "specialty": "",
            "npi": "0000000000" if rng.random() < 0.9 else "1%09d" % rng.randrange(10**9),
            "dob": "00000000" if business else date(rng, 1940, 1995),
            "address": "%d %s ST" % (rng.randint(1, 9999), word(rng, 2)),
            "city": word(rng, 2),
            "state": rng.choice(STATES),
            "zip": "%05d" % rng.randint(1000, 99999),
            "excltype": rng.choice(TYPES),
            "excldate": date(rng, 1990, 2024),
            "reindate": rein,
        }
        out.write(line([f.get(h.lower(), ZERO.get(h.lower(), "")) for h in HEADER]))
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
