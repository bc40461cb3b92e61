"""Role and oversight scoring shared by bench/extract-eval and
bench/realweb-eval: what the roles table holds against labels.

Labels come either from a labelled web's expected.json (practitioners'
"roles", sites' "oversight") or from a tab-separated file with a header
naming at least the columns site, person, kind, code (kind is role,
oversight or performer; person is empty for the clinic's own statements;
a performer code such as "np" stands for the oversight code
performed_by_np). A row marked soft (a "soft" column that is not empty or
"0", or SOFT in its kind) is neither required nor charged. Each item is
(site host, person name key or "", "role:CODE" | "oversight:CODE").
Standard library only."""
import csv
import subprocess
import unicodedata

from check_expected import host, norm


def name_key(name):
    """A person's name compared without case, accents, punctuation or a
    "Dr." prefix."""
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = norm(s)
    for p in ("dr ", "dra "):
        if s.startswith(p):
            s = s[len(p):]
    # the labels drop middle initials ("Miguel A. Arrellano" is "Miguel
    # Arrellano"); a page may print them, and it is the same person
    words = s.split()
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return " ".join(words)


def found_roles(db):
    """The items the roles table of database db holds."""
    out = subprocess.run(
        ["sqlite3", "-separator", "\t", db,
         "SELECT s.key, coalesce(p.name, r.person, ''), CASE WHEN r.practitioner_id IS NULL"
         " AND r.person IS NULL THEN 'oversight:' ELSE 'role:' END || r.code FROM roles r"
         " JOIN clinics c ON c.id = r.clinic_id JOIN sites s ON s.id = c.site_id"
         " LEFT JOIN practitioners p ON p.id = r.practitioner_id"],
        check=True, capture_output=True).stdout.decode("utf-8")
    got = set()
    for line in out.splitlines():
        site, name, code = line.split("\t")
        got.add((host(site), name_key(name), code))
    return got


def wanted_expected(sites):
    """The items labelled in an expected.json's sites."""
    w = set()
    for site in sites:
        h = host(site["site"])
        w |= {(h, "", "oversight:" + c) for c in site.get("oversight", [])}
        for p in site["practitioners"]:
            w |= {(h, name_key(p["name"]), "role:" + c) for c in p.get("roles", [])}
    return w


def expected_labelled(sites):
    return any("oversight" in s or any("roles" in p for p in s["practitioners"])
               for s in sites)


def read_tsv(path, hosts=None):
    """(wanted, soft) item sets of a label file, for hosts (None: all)."""
    want, soft = set(), set()
    with open(path, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f, delimiter="\t"), 2):
            try:
                h = host(row["site"].strip().lower())
                kind = row["kind"].strip().lower()
                code = row["code"].strip()
                person = row.get("person") or ""
            except (KeyError, AttributeError):
                raise SystemExit(f"{path}:{n}: needs columns site, person, kind, code")
            if hosts is not None and h not in hosts:
                continue
            is_soft = "soft" in kind or (row.get("soft") or "").strip() not in ("", "0") \
                or (row.get("evidence") or "").lstrip().upper().startswith("SOFT")
            kind = kind.replace("soft", "").strip(" :-_()")
            if kind == "performer" and not code.startswith("performed_by_"):
                code = "performed_by_" + code
            if kind == "role":
                item = (h, name_key(person), "role:" + code)
            elif kind in ("oversight", "performer"):
                item = (h, "", "oversight:" + code)
            else:
                raise SystemExit(f"{path}:{n}: kind {kind!r} is not role, oversight or performer")
            (soft if is_soft else want).add(item)
    return want, soft - want


def tally(counts, want, got, soft=frozenset(), verbose=False):
    """Adds tp, fp, fn per code into counts (code -> [tp, fp, fn])."""
    for x in sorted(want | (got - soft)):
        c = counts.setdefault(x[2], [0, 0, 0])
        c[0 if x in want and x in got else 1 if x in got else 2] += 1
        if verbose and (x in want) != (x in got):
            print(f"  {'missed    ' if x in want else 'unexpected'}  {x[2]:12} {x[0]}: {x[1]}")


def report(counts, min_p=None, min_r=None):
    """Prints a line per code and the pooled line; False when the pooled
    figures fall short of a given target."""
    pooled = [0, 0, 0]
    for k in sorted(counts):
        tp, fp, fn = counts[k]
        pooled = [pooled[0] + tp, pooled[1] + fp, pooled[2] + fn]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"{k}\n{'':14}{tp:7}{fp:7}{fn:8}{p:11.3f}{r:8.3f}" if len(k) > 13 else
              f"{k:14}{tp:7}{fp:7}{fn:8}{p:11.3f}{r:8.3f}")
    tp, fp, fn = pooled
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"{'roles (all)':14}{tp:7}{fp:7}{fn:8}{p:11.3f}{r:8.3f}")
    if (min_p is not None and p < min_p) or (min_r is not None and r < min_r):
        print(f"below target: precision >= {min_p}, recall >= {min_r} for roles")
        return False
    return True
