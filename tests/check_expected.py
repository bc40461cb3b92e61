#!/usr/bin/env python3
"""Compare what clinicdex found in a crawled web with the labelled
expectation file (data/demo-web/expected.json).

usage: check_expected.py EXPECTED CLINICDEX

Reads `clinicdex export --what claims|practitioners --format csv` and
`clinicdex show HOST --format json` (the database comes from CLINICDEX_DB),
checks the CSV header against SPEC, and prints one line per difference.
Exit status 0 when everything matches, 1 otherwise."""
import csv
import io
import json
import re
import subprocess
import sys
from urllib.parse import urlsplit

CLAIM_COLS = ["claim_id", "clinic_id", "site", "practitioner", "kind", "code",
              "status", "reason", "evidence_url", "evidence"]
PRAC_COLS = ["practitioner_id", "clinic_id", "site", "name", "credentials", "npi", "status",
             "role"]


def run(clinicdex, *args):
    out = subprocess.run([clinicdex, *args], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def read_csv(text, cols, what):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or rows[0] != cols:
        raise SystemExit(f"{what}: header {rows[:1]} is not {cols}")
    return [dict(zip(cols, r)) for r in rows[1:]]


def host(site):
    h = urlsplit(site).hostname or site
    return h[4:] if h.startswith("www.") else h


def norm(s):
    return re.sub(r"[^a-z0-9]+", " ", (s or "").lower()).strip()


def main():
    expected_path, clinicdex = sys.argv[1], sys.argv[2]
    expected = json.load(open(expected_path, encoding="utf-8"))["sites"]
    claims = read_csv(run(clinicdex, "export", "--what", "claims", "--format", "csv"),
                      CLAIM_COLS, "claims")
    pracs = read_csv(run(clinicdex, "export", "--what", "practitioners", "--format", "csv"),
                     PRAC_COLS, "practitioners")
    problems = []
    seen_sites = set()
    found_claims = {}
    for c in claims:
        h = host(c["site"])
        seen_sites.add(h)
        found_claims.setdefault(h, set()).add((c["kind"], c["code"], c["practitioner"]))
        if not c["evidence"] or not c["evidence_url"].startswith("http"):
            problems.append(f"{h}: claim {c['code']} without evidence sentence or URL")
        elif host(c["evidence_url"]) != h:
            problems.append(f"{h}: claim {c['code']} evidence from another site {c['evidence_url']}")
    found_pracs = {}
    for p in pracs:
        found_pracs.setdefault(host(p["site"]), {})[p["name"]] = set(
            x for x in p["credentials"].split(";") if x)

    tp = fp = fn = 0
    for site in expected:
        h = host(site["site"])
        want = {(c["kind"], c["code"], c.get("practitioner", "")) for c in site["claims"]}
        got = found_claims.get(h, set())
        for c in sorted(want - got):
            problems.append(f"{h}: missing claim {c}")
        for c in sorted(got - want):
            problems.append(f"{h}: unexpected claim {c}")
        tp += len(want & got)
        fn += len(want - got)
        fp += len(got - want)
        want_p = {p["name"]: set(p.get("credentials", [])) for p in site["practitioners"]}
        got_p = found_pracs.get(h, {})
        for name in sorted(set(want_p) - set(got_p)):
            problems.append(f"{h}: missing practitioner {name!r}")
        for name in sorted(set(got_p) - set(want_p)):
            problems.append(f"{h}: unexpected practitioner {name!r}")
        for name in sorted(set(want_p) & set(got_p)):
            if want_p[name] != got_p[name]:
                problems.append(f"{h}: {name} credentials {sorted(got_p[name])} "
                                f"!= expected {sorted(want_p[name])}")
        shown = json.loads(run(clinicdex, "show", h, "--format", "json"))
        if site.get("name") and norm(shown.get("name")) != norm(site["name"]):
            problems.append(f"{h}: clinic name {shown.get('name')!r} != {site['name']!r}")
        got_l = {(norm(l.get("street")), (l.get("city") or "").lower(), l.get("state"),
                  (l.get("zip") or "")[:5]) for l in shown.get("locations", [])}
        want_l = {(norm(l.get("street")), l["city"].lower(), l["state"], l["zip"][:5])
                  for l in site["locations"]}
        for l in sorted(want_l - got_l):
            problems.append(f"{h}: missing location {l}")
        for l in sorted(got_l - want_l):
            problems.append(f"{h}: unexpected location {l}")
    unknown = seen_sites - {host(s["site"]) for s in expected}
    for h in sorted(unknown):
        problems.append(f"{h}: claims from a site not in the expectation file")
    for p in problems:
        print(p)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    print(f"claims: {tp} found, {fp} unexpected, {fn} missed "
          f"(precision {prec:.3f}, recall {rec:.3f}); {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
