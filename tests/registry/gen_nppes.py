#!/usr/bin/env python3
"""Generate a synthetic NPPES NPI dissemination file (npidata_pfile_*.csv).

usage: gen_nppes.py [--rows N] [--seed S] [-o FILE] [--spec FILE.json]
                    [--mix national|dermatology] [--edge-cases]
                    [--old-header] [--progress]

Writes a file in the layout of CMS's npidata_pfile_*.csv: the real header,
read from ../data/nppes_header.csv beside this script and written byte for
byte, then one row per provider with every field double-quoted (an empty
one as ""), a " inside a field doubled, fields separated by commas, CRLF
line ends, UTF-8.  Every column is found by its header name; a column the
generator does not fill stays "".

Rows come in this order: the --spec rows, then the --edge-cases block, then
N generated rows.

  --rows N          generated rows after the explicit ones (default 0)
  --seed S          integer seed (default 1): the same seed, options and
                    Python version give the same bytes
  -o FILE           write to FILE instead of standard output
  --spec FILE.json  explicit rows first: a JSON list of objects with the
                    keys npi (else generated), entity (1|2; default 2 when
                    org is given, else 1), last, first, middle, prefix,
                    suffix, credential, org, street, street2, city, state,
                    zip, phone (practice location, copied to the mailing
                    address), deactivated, reactivated (YYYY-MM-DD, written
                    MM/DD/YYYY), taxonomies (a list of at most 15 objects
                    {"code", "primary" (true/false, or "Y"/"N"/"X"/""),
                    "license", "license_state" (default: state)}; when no
                    taxonomy says "primary", the first one is primary), and
                    columns (raw header name -> value, applied last, so it
                    overrides anything).  An object {"raw_line": "..."} is
                    written as-is (CRLF added unless it ends with a newline)
                    for malformed-row tests.  Unknown keys are an error.
                    Defaults for spec rows: Enumeration Date 05/23/2005,
                    Last Update Date 06/01/2020 (or the latest of the
                    deactivation/reactivation dates), Country Code "US" when
                    an address is given, Deactivation Reason DT (entity 1)
                    or DB (entity 2) when deactivated is given.
  --mix MIX         taxonomy mix of the generated rows: national (default;
                    like the real file, about 17% of rows carry a taxonomy
                    clinicdex keeps) or dermatology (about 90% kept)
  --edge-cases      add a fixed block of rows exercising quoting and content
                    edge cases (doubled quotes, commas, newlines inside
                    fields, non-ASCII names, very long fields, padded
                    fields, 5/9-digit and leading-zero ZIPs, 15 taxonomies,
                    no primary taxonomy, deactivated/reactivated NPIs); their
                    NPIs are fixed (1999999xxx) whatever the seed
  --old-header      write the older layout: column 42 "Provider Gender Code"
                    instead of "Provider Sex Code", no final "Certification
                    Date" column (329 columns); rows follow that header
  --progress        report progress on standard error
  -h, --help        print this text

Generated NPIs are unique, 10 digits, starting with 1 or 2, with the Luhn
check digit computed over the prefix 80840 as CMS documents; they never
repeat an NPI of a spec or edge-case row.

Examples:
  gen_nppes.py --rows 1000 -o /tmp/npidata_pfile_small.csv
  gen_nppes.py --rows 100000 --mix dermatology --seed 7 > derm.csv
  gen_nppes.py --spec cases.json --edge-cases --old-header -o old.csv
"""

import argparse
import datetime
import io
import json
import os
import random
import signal
import sys
import time

HEADER_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           os.pardir, "data", "nppes_header.csv")

SEX_NEW = "Provider Sex Code"
SEX_OLD = "Provider Gender Code"
CERT = "Certification Date"
NSLOTS = 15

# ---------------------------------------------------------------- header


class Layout:
    """Column names of the file being written and their positions."""

    def __init__(self, old):
        with open(HEADER_PATH, "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8")
        if not text.endswith("\r\n") or text.count("\n") != 1:
            sys.exit(f"gen_nppes: {HEADER_PATH}: expected one CRLF-ended line")
        names = parse_header(text[:-2])
        for need in (SEX_NEW, CERT, "NPI", "Entity Type Code"):
            if need not in names:
                sys.exit(f"gen_nppes: {HEADER_PATH}: no column {need!r}")
        if old:
            names = [SEX_OLD if n == SEX_NEW else n for n in names if n != CERT]
            text = ",".join('"' + n.replace('"', '""') + '"' for n in names) + "\r\n"
        self.header = text
        self.names = names
        self.ncols = len(names)
        self.index = {n: i for i, n in enumerate(names)}
        sex = self.index[SEX_OLD if old else SEX_NEW]
        # either name of the sex/gender column reaches it, in both layouts
        self.index[SEX_NEW] = self.index[SEX_OLD] = sex
        self.known = set(names) | {SEX_NEW, SEX_OLD, CERT}

    def col(self, name):
        """Position of a column, None when this layout has no such column."""
        return self.index.get(name)


def parse_header(line):
    """Split the header line: "a","b",... (names hold no comma or quote
    today, but a doubled quote is honoured)."""
    names, i, n = [], 0, len(line)
    while i < n:
        if line[i] != '"':
            sys.exit(f"gen_nppes: {HEADER_PATH}: unquoted header field at {i}")
        j, buf = i + 1, []
        while True:
            k = line.index('"', j)
            buf.append(line[j:k])
            if line.startswith('""', k):
                buf.append('"')
                j = k + 2
                continue
            break
        names.append("".join(buf))
        i = k + 1
        if i < n:
            if line[i] != ",":
                sys.exit(f"gen_nppes: {HEADER_PATH}: expected ',' at {i}")
            i += 1
    return names


# ---------------------------------------------------------------- NPIs


def _luhn_tables():
    """Luhn sums of a 3-digit group, for the two doubling patterns that
    occur in a 9-digit NPI base (positions counted from the right of the
    base, the check digit still to come: rightmost base digit doubled)."""
    def dbl(d):
        d *= 2
        return d - 9 if d > 9 else d
    a, b = [], []
    for v in range(1000):
        h, t, u = v // 100, v // 10 % 10, v % 10
        a.append(dbl(h) + t + dbl(u))      # groups 1 and 3 of the base
        b.append(h + dbl(t) + u)           # group 2
    return a, b


_TA, _TB = _luhn_tables()


def npi_from_base(base):
    """The 10-digit NPI for a 9-digit base (100000000..299999999): the check
    digit is the Luhn digit of 80840 + base; 80840 contributes 24."""
    s = 24 + _TA[base // 1000000] + _TB[base // 1000 % 1000] + _TA[base % 1000]
    return str(base * 10 + (-s) % 10)


def luhn_ok(npi):
    """Full Luhn check of an NPI with its 80840 prefix (for tests)."""
    digits = "80840" + npi
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class NpiSource:
    """Unique NPIs in a seed-dependent order: base = 1e8 + (a*i + b) mod 2e8
    with a coprime to 2e8 visits every base once."""
    M = 200_000_000

    def __init__(self, seed, reserved):
        r = random.Random(seed * 1_000_003 + 77)
        a = r.randrange(10_000_001, 199_999_999)
        while a % 2 == 0 or a % 5 == 0:
            a += 1
        self.a, self.b, self.i = a, r.randrange(self.M), 0
        self.reserved = reserved

    def next(self):
        while True:
            if self.i >= self.M:
                sys.exit("gen_nppes: out of NPIs")
            npi = npi_from_base(100_000_000 + (self.a * self.i + self.b) % self.M)
            self.i += 1
            if npi not in self.reserved:
                return npi


# ---------------------------------------------------------------- dates

DATE0 = datetime.date(2005, 5, 23)      # NPPES began enumerating
DATE1 = datetime.date(2025, 6, 30)
DATES = [(DATE0 + datetime.timedelta(days=k)).strftime("%m/%d/%Y")
         for k in range((DATE1 - DATE0).days + 1)]
ND = len(DATES)


def spec_date(value, where):
    try:
        d = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        sys.exit(f"gen_nppes: {where}: expected a date YYYY-MM-DD, got {value!r}")
    return d


# ---------------------------------------------------------------- pools

LAST = """SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ
MARTINEZ HERNANDEZ LOPEZ GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON
MARTIN LEE PEREZ THOMPSON WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON
WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL FLORES GREEN ADAMS
NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER ROBERTS GOMEZ PHILLIPS
EVANS TURNER DIAZ PARKER CRUZ EDWARDS COLLINS REYES STEWART MORRIS MORALES
MURPHY COOK ROGERS GUTIERREZ ORTIZ MORGAN COOPER PETERSON BAILEY REED KELLY
HOWARD RAMOS KIM COX WARD RICHARDSON WATSON BROOKS CHAVEZ WOOD JAMES BENNETT
GRAY MENDOZA RUIZ HUGHES PRICE ALVAREZ CASTILLO SANDERS PATEL MYERS LONG ROSS
FOSTER JIMENEZ POWELL JENKINS PERRY RUSSELL SULLIVAN BELL COLEMAN BUTLER
HENDERSON BARNES GONZALES FISHER VASQUEZ SIMMONS ROMERO JORDAN PATTERSON
ALEXANDER HAMILTON GRAHAM REYNOLDS GRIFFIN WALLACE MORENO WEST COLE HAYES
BRYANT HERRERA GIBSON ELLIS TRAN MEDINA AGUILAR STEVENS MURRAY FORD CASTRO
MARSHALL OWENS HARRISON FERNANDEZ MCDONALD WOODS WASHINGTON KENNEDY WELLS
VARGAS HENRY CHEN FREEMAN WEBB TUCKER GUZMAN BURNS CRAWFORD OLSON SIMPSON
PORTER HUNTER GORDON MENDEZ SILVA SHAW SNYDER MASON DIXON MUNOZ HUNT HICKS
HOLMES PALMER WAGNER BLACK ROBERTSON BOYD ROSE STONE SALAZAR FOX WARREN MILLS
MEYER RICE SCHMIDT GARZA DANIELS FERGUSON NICHOLS STEPHENS SOTO WEAVER RYAN
GARDNER PAYNE GRANT DUNN KELLEY SPENCER HAWKINS ARNOLD PIERCE VAZQUEZ HANSEN
PETERS SANTOS HART BRADLEY KNIGHT ELLIOTT CUNNINGHAM DUNCAN ARMSTRONG HUDSON
CARROLL LANE RILEY ANDREWS ALVARADO RAY DELGADO BERRY PERKINS HOFFMAN JOHNSTON
MATTHEWS PENA RICHARDS CONTRERAS WILLIS CARPENTER LAWRENCE SANDOVAL SHAH
WANG LI ZHANG LIU SINGH KUMAR PARK CHOI O'BRIEN O'NEIL MCCARTHY""".split()
LAST += ["ST. JOHN", "DEL RIO", "SMITH-JONES", "VAN HORN"]

FEMALE = """MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH
KAREN LISA NANCY BETTY MARGARET SANDRA ASHLEY KIMBERLY EMILY DONNA MICHELLE
CAROL AMANDA DOROTHY MELISSA DEBORAH STEPHANIE REBECCA SHARON LAURA CYNTHIA
KATHLEEN AMY ANGELA SHIRLEY ANNA BRENDA PAMELA EMMA NICOLE HELEN SAMANTHA
KATHERINE CHRISTINE DEBRA RACHEL CAROLYN JANET CATHERINE MARIA HEATHER DIANE
RUTH JULIE OLIVIA JOYCE VIRGINIA VICTORIA KELLY LAUREN CHRISTINA JOAN EVELYN
JUDITH MEGAN ANDREA CHERYL HANNAH JACQUELINE MARTHA GLORIA TERESA ANN SARA
MADISON FRANCES KATHRYN JANICE JEAN ABIGAIL ALICE JULIA JUDY SOPHIA GRACE
DENISE AMBER DORIS MARILYN DANIELLE BEVERLY ISABELLA THERESA DIANA NATALIE
BRITTANY CHARLOTTE MARIE KAYLA ALEXIS LORI PRIYA MEI GUADALUPE""".split()

MALE = """JAMES ROBERT JOHN MICHAEL DAVID WILLIAM RICHARD JOSEPH THOMAS
CHRISTOPHER CHARLES DANIEL MATTHEW ANTHONY MARK DONALD STEVEN PAUL ANDREW
JOSHUA KENNETH KEVIN BRIAN GEORGE TIMOTHY RONALD EDWARD JASON JEFFREY RYAN
JACOB GARY NICHOLAS ERIC JONATHAN STEPHEN LARRY JUSTIN SCOTT BRANDON BENJAMIN
SAMUEL GREGORY ALEXANDER FRANK PATRICK RAYMOND JACK DENNIS JERRY TYLER AARON
JOSE ADAM NATHAN HENRY DOUGLAS ZACHARY PETER KYLE ETHAN WALTER NOAH JEREMY
CHRISTIAN KEITH ROGER TERRY GERALD HAROLD SEAN AUSTIN CARL ARTHUR LAWRENCE
DYLAN JESSE JORDAN BRYAN BILLY JOE BRUCE GABRIEL LOGAN ALBERT WILLIE ALAN
JUAN WAYNE ELIJAH RANDY ROY VINCENT RALPH EUGENE RUSSELL BOBBY MASON PHILIP
LOUIS RAJ WEI CARLOS""".split()

MIDDLE_F = FEMALE + ["ANN", "ANN", "LYNN", "LYNN", "MARIE", "MARIE", "JO", "LEE", "RENEE"]
MIDDLE_M = MALE + ["LEE", "LEE", "RAY", "DEAN", "ALLEN", "LYNN", "EARL"]

STREETS = """MAIN OAK PARK MAPLE CEDAR ELM WASHINGTON LAKE HILL PINE WALNUT
BROADWAY MARKET CHURCH HIGHLAND RIVERSIDE SUNSET CENTER JEFFERSON LINCOLN
MADISON FRANKLIN JACKSON UNIVERSITY COLLEGE SPRING RIDGE VALLEY MEADOW FOREST
1ST 2ND 3RD 4TH 5TH 10TH 21ST 38TH PEACHTREE CONGRESS LAMAR WESTHEIMER
COMMONWEALTH MICHIGAN WILSHIRE DEVONSHIRE KINGS QUEENS LIBERTY UNION STATE
MEDICAL PROFESSIONAL CORPORATE TECHNOLOGY HARBOR BAY OCEAN MOUNTAIN DESERT""".split()
STREETS += ["MEDICAL CENTER", "MARTIN LUTHER KING JR", "EL CAMINO REAL",
            "SAINT JOSEPH", "OLD MILL", "TOWN CENTER", "GRAND"]
SUFFIXES = "ST ST ST AVE AVE BLVD DR DR RD PKWY LN WAY CT PL HWY CIR".split()
DIRS = ["N ", "S ", "E ", "W ", "NE ", "SW "]
UNITS = ["STE", "STE", "STE", "SUITE", "BLDG", "UNIT", "FL", "#", "ROOM", "APT"]

# city, state, ZIP prefix (3 digits), highest 2-digit ZIP tail, area codes
CITIES = [
    ("NEW YORK", "NY", "100", 40, ("212", "646", "917")),
    ("BROOKLYN", "NY", "112", 39, ("718", "347")),
    ("BUFFALO", "NY", "142", 25, ("716",)),
    ("LOS ANGELES", "CA", "900", 89, ("213", "310", "323")),
    ("SAN DIEGO", "CA", "921", 40, ("619", "858")),
    ("SAN FRANCISCO", "CA", "941", 34, ("415", "628")),
    ("SACRAMENTO", "CA", "958", 38, ("916",)),
    ("FRESNO", "CA", "937", 28, ("559",)),
    ("HOUSTON", "TX", "770", 99, ("713", "281", "832")),
    ("DALLAS", "TX", "752", 54, ("214", "469", "972")),
    ("AUSTIN", "TX", "787", 59, ("512", "737")),
    ("SAN ANTONIO", "TX", "782", 60, ("210", "726")),
    ("EL PASO", "TX", "799", 38, ("915",)),
    ("CHICAGO", "IL", "606", 61, ("312", "773", "872")),
    ("SPRINGFIELD", "IL", "627", 12, ("217",)),
    ("PHOENIX", "AZ", "850", 54, ("602", "480", "623")),
    ("TUCSON", "AZ", "857", 50, ("520",)),
    ("PHILADELPHIA", "PA", "191", 54, ("215", "267")),
    ("PITTSBURGH", "PA", "152", 40, ("412",)),
    ("JACKSONVILLE", "FL", "322", 58, ("904",)),
    ("MIAMI", "FL", "331", 90, ("305", "786")),
    ("TAMPA", "FL", "336", 47, ("813",)),
    ("ORLANDO", "FL", "328", 39, ("407", "321")),
    ("ST. PETERSBURG", "FL", "337", 16, ("727",)),
    ("COLUMBUS", "OH", "432", 40, ("614",)),
    ("CLEVELAND", "OH", "441", 44, ("216",)),
    ("CINCINNATI", "OH", "452", 55, ("513",)),
    ("INDIANAPOLIS", "IN", "462", 50, ("317",)),
    ("CHARLOTTE", "NC", "282", 80, ("704", "980")),
    ("RALEIGH", "NC", "276", 40, ("919", "984")),
    ("WINSTON-SALEM", "NC", "271", 10, ("336",)),
    ("SEATTLE", "WA", "981", 99, ("206",)),
    ("SPOKANE", "WA", "992", 24, ("509",)),
    ("DENVER", "CO", "802", 49, ("303", "720")),
    ("BOSTON", "MA", "021", 30, ("617", "857")),
    ("WORCESTER", "MA", "016", 10, ("508",)),
    ("NASHVILLE", "TN", "372", 50, ("615", "629")),
    ("MEMPHIS", "TN", "381", 41, ("901",)),
    ("DETROIT", "MI", "482", 40, ("313",)),
    ("GRAND RAPIDS", "MI", "495", 49, ("616",)),
    ("PORTLAND", "OR", "972", 39, ("503", "971")),
    ("PORTLAND", "ME", "041", 12, ("207",)),
    ("LAS VEGAS", "NV", "891", 70, ("702", "725")),
    ("BALTIMORE", "MD", "212", 39, ("410", "443")),
    ("MILWAUKEE", "WI", "532", 30, ("414",)),
    ("ALBUQUERQUE", "NM", "871", 23, ("505",)),
    ("KANSAS CITY", "MO", "641", 50, ("816",)),
    ("SAINT LOUIS", "MO", "631", 50, ("314",)),
    ("ATLANTA", "GA", "303", 50, ("404", "470", "678")),
    ("OMAHA", "NE", "681", 50, ("402",)),
    ("MINNEAPOLIS", "MN", "554", 50, ("612",)),
    ("NEW ORLEANS", "LA", "701", 30, ("504",)),
    ("BIRMINGHAM", "AL", "352", 44, ("205",)),
    ("LOUISVILLE", "KY", "402", 50, ("502",)),
    ("SALT LAKE CITY", "UT", "841", 30, ("801", "385")),
    ("NEWARK", "NJ", "071", 14, ("973", "862")),
    ("HACKENSACK", "NJ", "076", 1, ("201", "551")),
    ("HARTFORD", "CT", "061", 6, ("860",)),
    ("PROVIDENCE", "RI", "029", 9, ("401",)),
    ("BURLINGTON", "VT", "054", 8, ("802",)),
    ("MANCHESTER", "NH", "031", 9, ("603",)),
    ("SAN JUAN", "PR", "009", 40, ("787", "939")),
    ("HONOLULU", "HI", "968", 25, ("808",)),
    ("ANCHORAGE", "AK", "995", 20, ("907",)),
    ("BOISE", "ID", "837", 16, ("208",)),
    ("COEUR D'ALENE", "ID", "838", 14, ("208",)),
    ("BILLINGS", "MT", "591", 6, ("406",)),
    ("FARGO", "ND", "581", 4, ("701",)),
    ("SIOUX FALLS", "SD", "571", 8, ("605",)),
    ("CHEYENNE", "WY", "820", 9, ("307",)),
    ("DES MOINES", "IA", "503", 20, ("515",)),
    ("LITTLE ROCK", "AR", "722", 23, ("501",)),
    ("JACKSON", "MS", "392", 16, ("601", "769")),
    ("OKLAHOMA CITY", "OK", "731", 49, ("405",)),
    ("WICHITA", "KS", "672", 20, ("316",)),
    ("CHARLESTON", "WV", "253", 14, ("304",)),
    ("CHARLESTON", "SC", "294", 14, ("843",)),
    ("RICHMOND", "VA", "232", 30, ("804",)),
    ("WILMINGTON", "DE", "198", 10, ("302",)),
    ("WASHINGTON", "DC", "200", 50, ("202",)),
]
STATES = sorted({c[1] for c in CITIES})

ADJ = """PREMIER ADVANCED ELITE COMPLETE PREMIUM HERITAGE SUMMIT PINNACLE
RADIANT CARING TRUSTED FAMILY COMMUNITY UNITED SOUTHERN NORTHERN COASTAL
VALLEY MOUNTAIN GOLDEN BRIGHT NEW HOPE LIBERTY""".split()
SAINTS = ["ST. MARY'S", "ST. JOSEPH'S", "ST. LUKE'S", "MERCY", "GOOD SAMARITAN",
          "SACRED HEART", "PROVIDENCE", "BAPTIST", "METHODIST", "PRESBYTERIAN"]
TITLES = ["OWNER", "PRESIDENT", "CEO", "ADMINISTRATOR", "OFFICE MANAGER", "CFO",
          "MANAGING MEMBER", "PRACTICE MANAGER", "DIRECTOR OF OPERATIONS",
          "Credentialing Specialist", "VP REVENUE CYCLE", "MEMBER"]

# ---------------------------------------------------------------- taxonomy families

KEPT_CODES = frozenset("""207N00000X 207ND0101X 207NS0135X 208200000X 2082S0099X
2086S0122X 207Y00000X 207YS0123X 207Q00000X 207R00000X 207V00000X 363L00000X
363LF0000X 363LA2200X 363A00000X 163W00000X 164W00000X""".split())

MD = [("MD", 34), ("M.D.", 26), ("M.D", 3), ("D.O.", 7), ("DO", 7), ("", 10),
      ("MD, PHD", 2), ("M.D., PH.D.", 1), ("MD, MPH", 2), ("Md", 1), ("MBBS", 1),
      ("MD, FACP", 2), ("MD FACS", 1), ("DR.", 1), ("M. D.", 1)]


def expand(pairs):
    out = []
    for value, weight in pairs:
        out.extend([value] * weight)
    return out


class Family:
    """A kind of provider: entity, taxonomies (primary then secondary pool),
    credentials, licences, organisation name templates."""

    def __init__(self, name, entity, tax, sec=(), creds=(("", 1),),
                 lic=(("", 1),), p_lic=0.9, pf=0.55, orgs=(), ntax=None, dr=0.0):
        self.name, self.entity = name, entity
        self.tax = expand(tax)
        self.sec = list(sec)
        self.creds = expand(creds)
        self.lic = expand(lic)
        self.p_lic, self.pf, self.orgs, self.dr = p_lic, pf, list(orgs), dr
        if ntax is None:
            ntax = [(1, 64), (2, 22), (3, 9), (4, 3), (5, 2)] if entity == 1 else \
                   [(1, 55), (2, 25), (3, 12), (4, 5), (6, 3)]
        self.ntax = expand(ntax)
        self.kept = self.tax[0] in KEPT_CODES
        for code in self.tax:
            if (code in KEPT_CODES) != self.kept:
                raise AssertionError(f"family {name} mixes kept and other codes")
        if not self.kept:
            for code in self.sec:
                if code in KEPT_CODES:
                    raise AssertionError(f"family {name}: kept secondary {code}")


PHYS_LIC = [("", 6), ("ME", 2), ("A", 2), ("G", 2), ("MD", 2), ("DO", 1), ("N", 1), ("C", 1)]
F = Family
FAMILIES = {
    # kept, individuals
    "dermatology": F("dermatology", 1, [("207N00000X", 70), ("207ND0101X", 15), ("207NS0135X", 15)],
                     ["207ND0101X", "207NS0135X", "207ND0900X", "207NP0225X"],
                     MD + [("MD, FAAD", 9), ("M.D., FAAD", 3), ("MD FAAD", 3), ("DO, FAOCD", 2)],
                     PHYS_LIC, 0.95, 0.55, dr=0.25),
    "plastic": F("plastic", 1, [("208200000X", 60), ("2082S0099X", 15), ("2086S0122X", 25)],
                 ["2082S0099X", "2082S0105X", "208600000X"],
                 MD + [("MD, FACS", 8), ("M.D., F.A.C.S.", 3)], PHYS_LIC, 0.95, 0.3, dr=0.25),
    "ent": F("ent", 1, [("207Y00000X", 80), ("207YS0123X", 20)], ["207YS0123X"],
             MD + [("MD, FACS", 4)], PHYS_LIC, 0.95, 0.3, dr=0.2),
    "family_med": F("family_med", 1, [("207Q00000X", 1)], ["207R00000X", "207QA0505X", "207QS0010X"],
                    MD + [("MD, FAAFP", 3)], PHYS_LIC, 0.93, 0.5, dr=0.2),
    "internal_med": F("internal_med", 1, [("207R00000X", 1)], ["207RC0000X", "207RG0100X", "207Q00000X"],
                      MD, PHYS_LIC, 0.93, 0.45, dr=0.2),
    "obgyn": F("obgyn", 1, [("207V00000X", 1)], ["207VG0400X", "207VX0000X"],
               MD + [("MD, FACOG", 6), ("MD FACOG", 2)], PHYS_LIC, 0.95, 0.65, dr=0.2),
    "np": F("np", 1, [("363L00000X", 30), ("363LF0000X", 55), ("363LA2200X", 15)],
            ["163W00000X", "363L00000X", "363LF0000X"],
            [("NP", 10), ("FNP-C", 20), ("APRN, FNP-BC", 12), ("FNP-BC", 10), ("APRN", 8),
             ("CRNP", 6), ("MSN, FNP-C", 6), ("DNP, APRN, FNP-C", 4), ("ARNP", 5),
             ("A.P.R.N.", 2), ("FNP", 6), ("ANP-BC", 3), ("", 5), ("NP-C", 5), ("APRN-CNP", 3)],
            [("", 3), ("APRN", 2), ("RN", 1), ("NP", 1), ("AP", 1)], 0.95, 0.88),
    "pa": F("pa", 1, [("363A00000X", 1)], ["363AM0700X", "363AS0400X"],
            [("PA-C", 60), ("PA", 12), ("P.A.-C", 5), ("MPAS, PA-C", 8), ("MS, PA-C", 6),
             ("PA-C, MPAS", 3), ("", 6)],
            [("", 3), ("PA", 3), ("PA-C", 1)], 0.95, 0.68),
    "rn": F("rn", 1, [("163W00000X", 1)], [],
            [("RN", 55), ("R.N.", 8), ("BSN, RN", 12), ("RN, BSN", 10), ("RN BSN", 3),
             ("MSN, RN", 4), ("", 8)],
            [("", 3), ("RN", 4), ("R", 1)], 0.9, 0.88),
    "lpn": F("lpn", 1, [("164W00000X", 1)], [],
             [("LPN", 70), ("L.P.N.", 8), ("", 12), ("LPN, CNA", 2)],
             [("", 3), ("LPN", 2), ("PN", 1)], 0.9, 0.9),
    # kept, organisations
    "derm_org": F("derm_org", 2, [("207N00000X", 90), ("207ND0101X", 10)], ["193400000X", "207ND0101X"],
                  orgs=["{city} DERMATOLOGY ASSOCIATES, PA", "{last} DERMATOLOGY PLLC",
                        "{adj} SKIN & LASER CENTER LLC", "DERMATOLOGY & SKIN CANCER CENTER OF {city}",
                        "{last} & {last2} DERMATOLOGY, P.A.", "{adj} DERMATOLOGY GROUP INC",
                        "{last} SKIN INSTITUTE, LLC"], p_lic=0.3),
    "plastic_org": F("plastic_org", 2, [("208200000X", 80), ("2086S0122X", 20)], ["193400000X"],
                     orgs=["{last} PLASTIC SURGERY PC", "{city} PLASTIC & RECONSTRUCTIVE SURGERY LLC",
                           "{adj} AESTHETIC SURGERY CENTER", "{last} COSMETIC SURGERY INSTITUTE, INC."],
                     p_lic=0.3),
    "ent_org": F("ent_org", 2, [("207Y00000X", 1)], ["193400000X"],
                 orgs=["{city} EAR, NOSE & THROAT ASSOCIATES", "{adj} ENT & ALLERGY PA"], p_lic=0.3),
    "fm_org": F("fm_org", 2, [("207Q00000X", 60), ("207R00000X", 40)], ["193200000X", "261QP2300X"],
                orgs=["{adj} FAMILY MEDICINE PA", "{city} FAMILY PRACTICE, LLC",
                      "{last} FAMILY HEALTH CENTER", "{adj} PRIMARY CARE ASSOCIATES INC",
                      "{last} MEDICAL GROUP"], p_lic=0.3),
    "obgyn_org": F("obgyn_org", 2, [("207V00000X", 1)], ["193400000X"],
                   orgs=["{city} WOMEN'S HEALTH, PLLC", "{adj} OB/GYN ASSOCIATES"], p_lic=0.3),
    # other, individuals
    "dentist": F("dentist", 1, [("122300000X", 40), ("1223G0001X", 40), ("1223X0400X", 6),
                                ("1223S0112X", 5), ("1223P0221X", 5), ("1223E0200X", 4)],
                 ["1223G0001X", "1223S0112X"],
                 [("DDS", 45), ("D.D.S.", 15), ("DMD", 25), ("D.M.D.", 5), ("", 10)],
                 [("", 4), ("DN", 1), ("DDS", 1)], 0.95, 0.4, dr=0.3),
    "pharmacist": F("pharmacist", 1, [("183500000X", 1)], [],
                    [("PHARMD", 35), ("PharmD", 10), ("RPH", 25), ("R.PH.", 8), ("PHARM.D.", 5), ("", 17)],
                    [("", 3), ("RPH", 2), ("PH", 1)], 0.9, 0.6),
    "physical_therapist": F("physical_therapist", 1, [("225100000X", 85), ("2251X0800X", 8), ("2251G0304X", 7)],
                            [], [("PT", 35), ("DPT", 35), ("PT, DPT", 15), ("MPT", 5), ("", 10)],
                            [("", 3), ("PT", 3)], 0.9, 0.6),
    "occupational_therapist": F("occupational_therapist", 1, [("225X00000X", 1)], [],
                                [("OTR/L", 60), ("OT", 15), ("OTR", 10), ("", 15)], [("", 3), ("OT", 1)], 0.9, 0.85),
    "counselor": F("counselor", 1, [("101YP2500X", 35), ("101YM0800X", 35), ("101Y00000X", 15), ("101YA0400X", 15)],
                   ["101YM0800X", "101YA0400X"],
                   [("LPC", 35), ("LMHC", 15), ("LCPC", 10), ("MA, LPC", 8), ("M.S., LPC", 5),
                    ("LPC-S", 5), ("", 22)], [("", 3), ("LPC", 2)], 0.85, 0.75),
    "social_worker": F("social_worker", 1, [("1041C0700X", 70), ("104100000X", 30)], ["1041C0700X"],
                       [("LCSW", 55), ("LMSW", 10), ("MSW, LCSW", 10), ("L.C.S.W.", 5), ("", 20)],
                       [("", 3), ("LCSW", 1), ("SW", 1)], 0.85, 0.82),
    "chiropractor": F("chiropractor", 1, [("111N00000X", 90), ("111NS0005X", 10)], [],
                      [("DC", 60), ("D.C.", 25), ("", 15)], [("", 3), ("DC", 1), ("CHI", 1)], 0.9, 0.3, dr=0.3),
    "psychologist": F("psychologist", 1, [("103T00000X", 40), ("103TC0700X", 60)], ["103TC0700X"],
                      [("PHD", 35), ("PH.D.", 15), ("PSYD", 25), ("PSY.D.", 5), ("", 20)],
                      [("", 3), ("PSY", 2)], 0.9, 0.65, dr=0.3),
    "mft": F("mft", 1, [("106H00000X", 1)], [], [("LMFT", 75), ("MFT", 10), ("", 15)],
             [("", 3), ("LMFT", 1), ("MFC", 1)], 0.85, 0.8),
    "other_physician": F("other_physician", 1,
                         [("207X00000X", 10), ("208000000X", 14), ("207P00000X", 12), ("2084P0800X", 10),
                          ("207L00000X", 10), ("2085R0202X", 9), ("208600000X", 8), ("207RC0000X", 6),
                          ("208D00000X", 4), ("207RG0100X", 4), ("207K00000X", 2), ("208100000X", 3),
                          ("2084N0400X", 4), ("207W00000X", 4)],
                         ["208600000X", "207RG0100X", "2084N0400X", "390200000X"],
                         MD, PHYS_LIC, 0.93, 0.45, dr=0.2),
    "optometrist": F("optometrist", 1, [("152W00000X", 1)], [], [("OD", 70), ("O.D.", 20), ("", 10)],
                     [("", 3), ("OD", 1)], 0.95, 0.5, dr=0.2),
    "podiatrist": F("podiatrist", 1, [("213E00000X", 1)], [], [("DPM", 80), ("D.P.M.", 10), ("", 10)],
                    PHYS_LIC, 0.95, 0.3, dr=0.3),
    "slp": F("slp", 1, [("235Z00000X", 1)], [], [("CCC-SLP", 45), ("MS, CCC-SLP", 25), ("SLP", 15), ("", 15)],
             [("", 3), ("SP", 1)], 0.85, 0.95),
    "massage": F("massage", 1, [("225700000X", 1)], [], [("LMT", 60), ("", 30), ("CMT", 10)],
                 [("", 2), ("MA", 1), ("LMT", 1)], 0.7, 0.75),
    "dietitian": F("dietitian", 1, [("133V00000X", 1)], [], [("RD", 40), ("RDN", 25), ("RD, LD", 20), ("", 15)],
                   [("", 3), ("LD", 1)], 0.7, 0.92),
    "crna": F("crna", 1, [("367500000X", 1)], [], [("CRNA", 85), ("C.R.N.A.", 5), ("", 10)],
              [("", 3), ("RN", 1)], 0.95, 0.5),
    "midwife": F("midwife", 1, [("367A00000X", 1)], [], [("CNM", 80), ("", 20)], [("", 1)], 0.9, 0.99),
    "emt": F("emt", 1, [("146L00000X", 1)], [], [("EMT-P", 40), ("NRP", 20), ("PARAMEDIC", 10), ("", 30)],
             [("", 1)], 0.6, 0.3),
    "student": F("student", 1, [("390200000X", 1)], [], [("MD", 40), ("DO", 10), ("", 50)], [("", 1)],
                 0.05, 0.5, ntax=[(1, 1)]),
    "behavior_analyst": F("behavior_analyst", 1, [("103K00000X", 1)], [],
                          [("BCBA", 60), ("M.ED., BCBA", 10), ("MA, BCBA", 10), ("", 20)], [("", 1)], 0.5, 0.85),
    "case_manager": F("case_manager", 1, [("171M00000X", 1)], [], [("", 70), ("BS", 10), ("CCM", 20)],
                      [("", 1)], 0.1, 0.85),
    "lvn": F("lvn", 1, [("164X00000X", 1)], [], [("LVN", 80), ("", 20)], [("", 3), ("VN", 1)], 0.9, 0.9),
    "audiologist": F("audiologist", 1, [("231H00000X", 1)], [], [("AUD", 50), ("AU.D.", 20), ("", 30)],
                     [("", 3), ("AU", 1)], 0.9, 0.75),
    # other, organisations
    "pharmacy": F("pharmacy", 2, [("3336C0003X", 85), ("333600000X", 15)], ["332B00000X", "3336L0003X"],
                  orgs=["WALGREEN CO", "CVS PHARMACY, INC.", "{last} DRUG INC", "{city} PHARMACY LLC",
                        "{adj} PHARMACY SERVICES, INC", "{last}'S APOTHECARY", "{adj} RX LLC"], p_lic=0.9),
    "hospital": F("hospital", 2, [("282N00000X", 1)], ["261QA1903X", "282NC0060X"],
                  orgs=["{city} REGIONAL MEDICAL CENTER", "{saint} HOSPITAL",
                        "{saint} MEDICAL CENTER OF {city}", "{city} COMMUNITY HOSPITAL, INC.",
                        "{adj} HEALTH SYSTEM"], p_lic=0.8),
    "home_health": F("home_health", 2, [("251E00000X", 1)], ["253Z00000X"],
                     orgs=["{adj} HOME HEALTH CARE LLC", "{last} HOME HEALTH SERVICES, INC.",
                           "{city} HOME CARE AGENCY"], p_lic=0.7),
    "hospice": F("hospice", 2, [("251G00000X", 1)], [],
                 orgs=["{adj} HOSPICE LLC", "HOSPICE OF {city}, INC."], p_lic=0.7),
    "clinic": F("clinic", 2, [("261QP2300X", 40), ("261QR1300X", 15), ("261QF0400X", 15),
                              ("261QM0801X", 20), ("261QA1903X", 10)], ["261QP2300X", "261QM0801X"],
                orgs=["{city} HEALTH CLINIC", "{adj} COMMUNITY HEALTH CENTER, INC.",
                      "{adj} URGENT CARE LLC", "{city} SURGERY CENTER, LP", "{adj} BEHAVIORAL HEALTH"],
                p_lic=0.4),
    "group": F("group", 2, [("193200000X", 70), ("193400000X", 30)], ["193400000X"],
               orgs=["{adj} MEDICAL GROUP, INC.", "{city} PHYSICIANS PLLC", "{last} & {last2} MD PA",
                     "{adj} ANESTHESIA ASSOCIATES", "{city} ORTHOPEDIC SPECIALISTS"], p_lic=0.2),
    "lab": F("lab", 2, [("291U00000X", 1)], [], orgs=["{adj} LABORATORIES LLC", "{city} PATHOLOGY LAB"],
             p_lic=0.6),
    "dme": F("dme", 2, [("332B00000X", 70), ("335E00000X", 30)], ["332BX2000X"],
             orgs=["{adj} MEDICAL SUPPLY, INC.", "{last} ORTHOTICS & PROSTHETICS", "{city} DME LLC"],
             p_lic=0.3),
    "ambulance": F("ambulance", 2, [("3416L0300X", 80), ("341600000X", 20)], ["343900000X"],
                   orgs=["{city} AMBULANCE SERVICE", "{adj} EMS, LLC"], p_lic=0.7),
    "snf": F("snf", 2, [("314000000X", 1)], [],
             orgs=["{adj} NURSING & REHABILITATION CENTER", "{city} CARE CENTER, LLC",
                   "{saint} SKILLED NURSING FACILITY"], p_lic=0.9),
    "in_home": F("in_home", 2, [("253Z00000X", 1)], [], orgs=["{adj} IN-HOME CARE LLC", "{last} CAREGIVERS"],
                 p_lic=0.3),
    "behavioral": F("behavioral", 2, [("251S00000X", 1)], ["261QM0801X"],
                    orgs=["{adj} BEHAVIORAL SERVICES, INC", "{city} COUNSELING CENTER"], p_lic=0.3),
    "transport": F("transport", 2, [("343900000X", 1)], [], orgs=["{adj} MEDICAL TRANSPORT LLC",
                                                                     "{last} TRANSPORTATION SERVICES"],
                   p_lic=0.1),
}
del F

# weights per 1000 rows
MIXES = {
    "national": {
        "dermatology": 6, "plastic": 3, "ent": 4, "family_med": 30, "internal_med": 35, "obgyn": 8,
        "np": 40, "pa": 18, "rn": 12, "lpn": 3,
        "derm_org": 3, "plastic_org": 1, "ent_org": 1, "fm_org": 5, "obgyn_org": 1,
        "dentist": 55, "pharmacist": 35, "physical_therapist": 55, "occupational_therapist": 25,
        "counselor": 60, "social_worker": 55, "chiropractor": 25, "psychologist": 35, "mft": 15,
        "other_physician": 110, "optometrist": 15, "podiatrist": 6, "slp": 25, "massage": 15,
        "dietitian": 12, "crna": 10, "midwife": 3, "emt": 12, "student": 15, "behavior_analyst": 12,
        "case_manager": 8, "lvn": 5, "audiologist": 3,
        "pharmacy": 30, "hospital": 10, "home_health": 20, "hospice": 6, "clinic": 40, "group": 35,
        "lab": 10, "dme": 20, "ambulance": 8, "snf": 8, "in_home": 12, "behavioral": 12, "transport": 8,
    },
    "dermatology": {
        "dermatology": 300, "plastic": 90, "ent": 40, "family_med": 60, "internal_med": 40, "obgyn": 25,
        "np": 130, "pa": 90, "rn": 50, "lpn": 15,
        "derm_org": 30, "plastic_org": 10, "ent_org": 3, "fm_org": 10, "obgyn_org": 3,
        "other_physician": 30, "pharmacy": 10, "dentist": 10, "physical_therapist": 5, "counselor": 5,
        "massage": 10, "group": 10, "clinic": 10, "social_worker": 4, "dietitian": 5, "pharmacist": 5,
    },
}
for _m in MIXES.values():
    assert sum(_m.values()) == 1000, _m

TWO = ["%02d" % k for k in range(100)]
FOUR = ["%04d" % k for k in range(10000)]
P_DEACT = 0.025        # share of generated NPIs deactivated
P_REACT = 0.2          # share of those reactivated afterwards
CERT_FROM = (datetime.date(2017, 1, 1) - DATE0).days

# ---------------------------------------------------------------- output


class Out:
    """Buffered UTF-8 writer; rows are joined into chunks before writing."""

    def __init__(self, path):
        if path in (None, "-"):
            self.f = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
            self.close_f = False
        else:
            try:
                self.f = open(path, "w", encoding="utf-8", newline="", buffering=1 << 20)
            except OSError as e:
                sys.exit(f"gen_nppes: {path}: {e.strerror}")
            self.close_f = True
        self.buf = []

    def add(self, line):
        self.buf.append(line)
        if len(self.buf) >= 512:
            self.flush()

    def flush(self):
        if self.buf:
            self.f.write("".join(self.buf))
            self.buf = []

    def close(self):
        self.flush()
        self.f.flush()
        if self.close_f:
            self.f.close()
        else:
            self.f.detach()


def line_of(cells):
    """A row of unescaped values as a quoted CSV line."""
    return '"' + '","'.join(c.replace('"', '""') for c in cells) + '"\r\n'


# ---------------------------------------------------------------- spec rows

SPEC_KEYS = {"npi", "entity", "last", "first", "middle", "prefix", "suffix", "credential",
             "org", "street", "street2", "city", "state", "zip", "phone", "deactivated",
             "reactivated", "taxonomies", "columns"}
TAX_KEYS = {"code", "primary", "license", "license_state"}
SIMPLE = {
    "last": ["Provider Last Name (Legal Name)"],
    "first": ["Provider First Name"],
    "middle": ["Provider Middle Name"],
    "prefix": ["Provider Name Prefix Text"],
    "suffix": ["Provider Name Suffix Text"],
    "credential": ["Provider Credential Text"],
    "org": ["Provider Organization Name (Legal Business Name)"],
    "street": ["Provider First Line Business Practice Location Address",
               "Provider First Line Business Mailing Address"],
    "street2": ["Provider Second Line Business Practice Location Address",
                "Provider Second Line Business Mailing Address"],
    "city": ["Provider Business Practice Location Address City Name",
             "Provider Business Mailing Address City Name"],
    "state": ["Provider Business Practice Location Address State Name",
              "Provider Business Mailing Address State Name"],
    "zip": ["Provider Business Practice Location Address Postal Code",
            "Provider Business Mailing Address Postal Code"],
    "phone": ["Provider Business Practice Location Address Telephone Number",
              "Provider Business Mailing Address Telephone Number"],
}
COUNTRY = ["Provider Business Practice Location Address Country Code (If outside U.S.)",
           "Provider Business Mailing Address Country Code (If outside U.S.)"]


def slot_names(n):
    return (f"Healthcare Provider Taxonomy Code_{n}", f"Provider License Number_{n}",
            f"Provider License Number State Code_{n}",
            f"Healthcare Provider Primary Taxonomy Switch_{n}")


def spec_row(obj, where, layout, npis):
    """One spec object -> a CSV line (str)."""
    if not isinstance(obj, dict):
        sys.exit(f"gen_nppes: {where}: expected an object")
    if "raw_line" in obj:
        if set(obj) != {"raw_line"}:
            sys.exit(f"gen_nppes: {where}: raw_line goes alone, not with {sorted(set(obj) - {'raw_line'})}")
        raw = obj["raw_line"]
        if not isinstance(raw, str):
            sys.exit(f"gen_nppes: {where}: raw_line must be a string")
        return raw if raw.endswith("\n") else raw + "\r\n"
    unknown = set(obj) - SPEC_KEYS
    if unknown:
        sys.exit(f"gen_nppes: {where}: unknown key(s) {', '.join(sorted(unknown))}")

    def text(key):
        v = obj.get(key, "")
        if not isinstance(v, str):
            sys.exit(f"gen_nppes: {where}: {key} must be a string, got {v!r}")
        return v

    cells = [""] * layout.ncols

    def put(name, value):
        i = layout.col(name)
        if i is not None:
            cells[i] = value

    npi = obj["npi"] if "npi" in obj else npis.next()
    if not isinstance(npi, str):
        sys.exit(f"gen_nppes: {where}: npi must be a string")
    put("NPI", npi)
    entity = obj.get("entity", 2 if "org" in obj else 1)
    if isinstance(entity, bool) or entity not in (1, 2, "1", "2"):
        sys.exit(f"gen_nppes: {where}: entity must be 1 or 2")
    entity = int(entity)
    put("Entity Type Code", str(entity))
    for key, names in SIMPLE.items():
        if key in obj:
            for name in names:
                put(name, text(key))
    if any(k in obj for k in ("street", "street2", "city", "state", "zip", "phone")):
        for name in COUNTRY:
            put(name, "US")
    if entity == 2 and "org" in obj:
        put("Employer Identification Number (EIN)", "<UNAVAIL>")

    put("Provider Enumeration Date", "05/23/2005")
    last_update = datetime.date(2020, 6, 1)
    deact = react = None
    if "deactivated" in obj:
        deact = spec_date(obj["deactivated"], f"{where}: deactivated")
        put("NPI Deactivation Date", deact.strftime("%m/%d/%Y"))
        put("NPI Deactivation Reason Code", "DT" if entity == 1 else "DB")
        last_update = max(last_update, deact)
    if "reactivated" in obj:
        react = spec_date(obj["reactivated"], f"{where}: reactivated")
        if deact is None or react <= deact:
            sys.exit(f"gen_nppes: {where}: reactivated needs an earlier deactivated date "
                     "(use columns for inconsistent data)")
        put("NPI Reactivation Date", react.strftime("%m/%d/%Y"))
        last_update = max(last_update, react)
    put("Last Update Date", last_update.strftime("%m/%d/%Y"))

    taxes = obj.get("taxonomies", [])
    if not isinstance(taxes, list) or len(taxes) > NSLOTS:
        sys.exit(f"gen_nppes: {where}: taxonomies must be a list of at most {NSLOTS}")
    any_primary = any(isinstance(t, dict) and "primary" in t for t in taxes)
    for n, t in enumerate(taxes, 1):
        tw = f"{where}: taxonomies[{n - 1}]"
        if not isinstance(t, dict):
            sys.exit(f"gen_nppes: {tw}: expected an object")
        bad = set(t) - TAX_KEYS
        if bad:
            sys.exit(f"gen_nppes: {tw}: unknown key(s) {', '.join(sorted(bad))}")
        for k in ("code", "license", "license_state"):
            if not isinstance(t.get(k, ""), str):
                sys.exit(f"gen_nppes: {tw}: {k} must be a string")
        code_c, lic_c, st_c, sw_c = slot_names(n)
        put(code_c, t.get("code", ""))
        lic = t.get("license", "")
        put(lic_c, lic)
        put(st_c, t.get("license_state", obj.get("state", "") if lic else ""))
        p = t.get("primary", False) if any_primary else (n == 1)
        if p is True:
            sw = "Y"
        elif p is False:
            sw = "N"
        elif p in ("Y", "N", "X", ""):
            sw = p
        else:
            sys.exit(f"gen_nppes: {tw}: primary must be true, false, \"Y\", \"N\", \"X\" or \"\"")
        put(sw_c, sw)

    columns = obj.get("columns", {})
    if not isinstance(columns, dict):
        sys.exit(f"gen_nppes: {where}: columns must be an object")
    for name, value in columns.items():
        if name not in layout.known:
            sys.exit(f"gen_nppes: {where}: columns: no column named {name!r} in the header")
        if not isinstance(value, str):
            sys.exit(f"gen_nppes: {where}: columns[{name!r}] must be a string")
        put(name, value)          # a column this layout lacks (Certification Date) is dropped
    return line_of(cells)


def load_spec(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        sys.exit(f"gen_nppes: {path}: {e.strerror}")
    except ValueError as e:
        sys.exit(f"gen_nppes: {path}: bad JSON: {e}")
    if not isinstance(data, list):
        sys.exit(f"gen_nppes: {path}: expected a JSON list of objects")
    return data


# ---------------------------------------------------------------- edge cases


def edge_npi(k):
    return npi_from_base(199_999_900 + k)


def edge_cases():
    """Fixed rows for parser and matcher edge cases, in spec form."""
    derm = [{"code": "207N00000X", "primary": True, "license": "M1234", "license_state": "TX"}]
    rows = [
        # doubled quotes: a nickname inside the first name, a quote inside the
        # last name, a middle name that starts and ends with a quote
        {"last": 'O"BRIEN', "first": 'WILLIAM "BILL"', "middle": '"B"', "credential": "M.D.",
         "street": '1 "THE PLAZA" BLDG', "city": "AUSTIN", "state": "TX", "zip": "787012345",
         "phone": "5125550101", "taxonomies": derm, "columns": {SEX_NEW: "M"}},
        {"last": "O'CONNOR", "first": "MAEVE", "middle": '"', "credential": 'NP "FNP-C"',
         "city": "AUSTIN", "state": "TX", "zip": "78701",
         "taxonomies": [{"code": "363LF0000X", "primary": True, "license": "AP111", "license_state": "TX"}]},
        # commas inside fields
        {"entity": 2, "org": "SMITH, JONES & PARTNERS, LLC", "street": "100 MAIN ST, STE 4",
         "city": "DALLAS", "state": "TX", "zip": "752011234", "phone": "2145550102",
         "taxonomies": [{"code": "207N00000X", "primary": True}, {"code": "193400000X", "primary": False}],
         "columns": {"Authorized Official Last Name": "SMITH", "Authorized Official First Name": "ANNE",
                     "Authorized Official Title or Position": "MANAGING PARTNER, CEO",
                     "Authorized Official Credential Text": "MD, FAAD",
                     "Authorized Official Telephone Number": "2145550103",
                     "Is Organization Subpart": "N"}},
        {"last": "KIM", "first": "GRACE", "credential": "APRN, FNP-BC", "city": "SEATTLE", "state": "WA",
         "zip": "98101", "taxonomies": [{"code": "363LF0000X", "primary": True, "license": "ARNP60",
                                         "license_state": "WA"}]},
        # newlines inside quoted fields (LF, then CRLF)
        {"last": "NEWLINE", "first": "LF", "credential": "MD", "street": "1200 W 38TH ST\nSTE 300",
         "city": "AUSTIN", "state": "TX", "zip": "78705", "taxonomies": derm},
        {"last": "NEWLINE", "first": "CRLF", "credential": "PA-C", "street": "PO BOX 12\r\nDEPT 7",
         "street2": "LINE ONE\r\nLINE TWO\r\n", "city": "HOUSTON", "state": "TX", "zip": "77002",
         "taxonomies": [{"code": "363A00000X", "primary": True, "license": "PA01", "license_state": "TX"}]},
        # non-ASCII UTF-8 names
        {"last": "ÑÚÑEZ", "first": "JOSÉ", "credential": "M.D.", "city": "SAN JUAN", "state": "PR",
         "zip": "00901", "taxonomies": [{"code": "207N00000X", "primary": True, "license": "12345",
                                         "license_state": "PR"}], "columns": {SEX_NEW: "M"}},
        {"last": "MÜLLER", "first": "ZOË", "credential": "MD, FAAD", "city": "NEW YORK", "state": "NY",
         "zip": "100211234", "taxonomies": [{"code": "207ND0101X", "primary": True, "license": "271234",
                                             "license_state": "NY"}], "columns": {SEX_NEW: "F"}},
        {"last": "ĐẶNG", "first": "THỊ", "middle": "NGỌC", "credential": "RN", "city": "HOUSTON",
         "state": "TX", "zip": "77036", "taxonomies": [{"code": "163W00000X", "primary": True,
                                                       "license": "RN884422", "license_state": "TX"}]},
        # hyphenated and multi-word last names
        {"last": "GARCIA-LOPEZ", "first": "MARIA", "middle": "DEL CARMEN", "credential": "FNP-C",
         "city": "EL PASO", "state": "TX", "zip": "79902",
         "taxonomies": [{"code": "363LF0000X", "primary": True, "license": "AP22", "license_state": "TX"}]},
        {"last": "DE LA CRUZ", "first": "ANA", "credential": "D.O.", "city": "MIAMI", "state": "FL",
         "zip": "33130", "taxonomies": [{"code": "207Q00000X", "primary": True, "license": "OS9988",
                                         "license_state": "FL"}]},
        {"last": "VAN DER BERG", "first": "PIETER", "suffix": "III", "prefix": "Dr.", "credential": "MD",
         "city": "GRAND RAPIDS", "state": "MI", "zip": "49503",
         "taxonomies": [{"code": "208200000X", "primary": True, "license": "4301012345", "license_state": "MI"}]},
        # very long fields: 1,500 and 5,000 characters
        {"entity": 2, "org": "LONG NAME DERMATOLOGY " + "AND ASSOCIATES " * 100,
         "street": "1 LONG WAY", "street2": ("SUITE 100 " * 500).strip(), "city": "DENVER", "state": "CO",
         "zip": "80202", "taxonomies": [{"code": "207N00000X", "primary": True}]},
        # whitespace-padded fields
        {"last": "  PATEL  ", "first": " RAJ", "credential": " MD ", "city": " CHICAGO ", "state": "IL",
         "zip": " 60601 ", "taxonomies": [{"code": " 207R00000X ", "primary": True, "license": "036123456",
                                           "license_state": "IL"}]},
        # ZIPs: 5 and 9 digits, leading zeros
        {"last": "ZIPFIVE", "first": "LEADING", "credential": "MD", "city": "BOSTON", "state": "MA",
         "zip": "02116", "taxonomies": derm},
        {"last": "ZIPNINE", "first": "LEADING", "credential": "MD", "city": "BOSTON", "state": "MA",
         "zip": "021154321", "taxonomies": derm},
        {"last": "ZIPNINE", "first": "PLAIN", "credential": "MD", "city": "AUSTIN", "state": "TX",
         "zip": "787012345", "taxonomies": derm},
        # fifteen taxonomies, the primary one in slot 9
        {"entity": 2, "org": "FIFTEEN SPECIALTIES MULTISPECIALTY CLINIC INC", "city": "ATLANTA", "state": "GA",
         "zip": "30303", "taxonomies": [
             {"code": c, "primary": i == 8, "license": f"L{i + 1:02d}" if i % 3 == 0 else ""}
             for i, c in enumerate(["193200000X", "207Q00000X", "207R00000X", "207V00000X", "208000000X",
                                    "207X00000X", "207Y00000X", "208200000X", "207N00000X", "363L00000X",
                                    "363A00000X", "163W00000X", "261QP2300X", "207P00000X", "2084P0800X"])]},
        # no primary taxonomy at all
        {"last": "NOPRIMARY", "first": "NINA", "credential": "PA-C", "city": "PHOENIX", "state": "AZ",
         "zip": "85004", "taxonomies": [{"code": "363A00000X", "primary": False, "license": "4567"},
                                        {"code": "207N00000X", "primary": "N"}]},
        # X switch on the secondary taxonomy
        {"last": "XSWITCH", "first": "OSCAR", "credential": "MD", "city": "OMAHA", "state": "NE",
         "zip": "68102", "taxonomies": [{"code": "207Q00000X", "primary": True, "license": "22331"},
                                        {"code": "207R00000X", "primary": "X", "license": "22331"}]},
        # deactivated; deactivated then reactivated (the deactivation date stays)
        {"last": "LOPEZ", "first": "MARIA", "credential": "MD", "city": "AUSTIN", "state": "TX",
         "zip": "78701", "deactivated": "2019-03-14", "taxonomies": derm},
        {"last": "LOPEZ", "first": "MARIA", "credential": "FNP-C", "city": "AUSTIN", "state": "TX",
         "zip": "78701", "deactivated": "2016-08-01", "reactivated": "2018-02-20",
         "taxonomies": [{"code": "363LF0000X", "primary": True, "license": "AP77", "license_state": "TX"}]},
        # a deactivated NPI reduced to its NPI and deactivation date (how the
        # monthly file is understood to list deactivated NPIs), no entity type
        {"deactivated": "2012-07-20", "columns": {"Entity Type Code": "", "Provider Enumeration Date": "",
                                                  "Last Update Date": "", "NPI Deactivation Reason Code": ""}},
        # mailing address outside the U.S.
        {"last": "TREMBLAY", "first": "LUC", "credential": "MD", "city": "BURLINGTON", "state": "VT",
         "zip": "05401", "taxonomies": [{"code": "207Y00000X", "primary": True, "license": "042.0012345"}],
         "columns": {"Provider First Line Business Mailing Address": "1000 RUE SHERBROOKE O",
                     "Provider Business Mailing Address City Name": "MONTRÉAL",
                     "Provider Business Mailing Address State Name": "",
                     "Provider Business Mailing Address Postal Code": "H3A 3G4",
                     "Provider Business Mailing Address Country Code (If outside U.S.)": "CA"}},
    ]
    for k, row in enumerate(rows, 1):
        row["npi"] = edge_npi(k)
    return rows


# ---------------------------------------------------------------- generated rows


def generate(count, seed, mix, layout, npis, out, progress):
    """Write `count` generated rows.  The hot loop: one template of empty
    cells, ~40 cells filled, one join per row."""
    rng = random.Random(seed)
    r = rng.random

    def c(name):
        i = layout.col(name)
        if i is None:
            sys.exit(f"gen_nppes: the header has no column {name!r}")
        return i
    I_NPI, I_ENT, I_EIN, I_ORG = c("NPI"), c("Entity Type Code"), \
        c("Employer Identification Number (EIN)"), c("Provider Organization Name (Legal Business Name)")
    I_LAST, I_FIRST, I_MID = c("Provider Last Name (Legal Name)"), c("Provider First Name"), \
        c("Provider Middle Name")
    I_PRE, I_SUF, I_CRED = c("Provider Name Prefix Text"), c("Provider Name Suffix Text"), \
        c("Provider Credential Text")
    M1, M2, MCITY, MST, MZIP, MCTRY, MTEL, MFAX = (
        c("Provider First Line Business Mailing Address"), c("Provider Second Line Business Mailing Address"),
        c("Provider Business Mailing Address City Name"), c("Provider Business Mailing Address State Name"),
        c("Provider Business Mailing Address Postal Code"),
        c("Provider Business Mailing Address Country Code (If outside U.S.)"),
        c("Provider Business Mailing Address Telephone Number"), c("Provider Business Mailing Address Fax Number"))
    P1, P2, PCITY, PST, PZIP, PCTRY, PTEL, PFAX = (
        c("Provider First Line Business Practice Location Address"),
        c("Provider Second Line Business Practice Location Address"),
        c("Provider Business Practice Location Address City Name"),
        c("Provider Business Practice Location Address State Name"),
        c("Provider Business Practice Location Address Postal Code"),
        c("Provider Business Practice Location Address Country Code (If outside U.S.)"),
        c("Provider Business Practice Location Address Telephone Number"),
        c("Provider Business Practice Location Address Fax Number"))
    I_ENUM, I_LU, I_DRC, I_DD, I_RD = c("Provider Enumeration Date"), c("Last Update Date"), \
        c("NPI Deactivation Reason Code"), c("NPI Deactivation Date"), c("NPI Reactivation Date")
    I_SEX, I_CERT = c(SEX_NEW), layout.col(CERT)     # no Certification Date in --old-header
    A_LAST, A_FIRST, A_MID, A_TITLE, A_TEL, A_PRE, A_CRED = (
        c("Authorized Official Last Name"), c("Authorized Official First Name"),
        c("Authorized Official Middle Name"), c("Authorized Official Title or Position"),
        c("Authorized Official Telephone Number"), c("Authorized Official Name Prefix Text"),
        c("Authorized Official Credential Text"))
    I_SOLE, I_SUBP, I_PLBN = c("Is Sole Proprietor"), c("Is Organization Subpart"), c("Parent Organization LBN")
    O_ID, O_TYPE, O_STATE, O_ISS = c("Other Provider Identifier_1"), c("Other Provider Identifier Type Code_1"), \
        c("Other Provider Identifier State_1"), c("Other Provider Identifier Issuer_1")
    SLOTS = [tuple(c(n) for n in slot_names(k)) for k in range(1, NSLOTS + 1)]

    table = []
    for name, weight in MIXES[mix].items():
        table.extend([FAMILIES[name]] * weight)
    NT = len(table)
    NL, NFEM, NMAL = len(LAST), len(FEMALE), len(MALE)
    NC, NSTR, NSUF, NUNIT, NS = len(CITIES), len(STREETS), len(SUFFIXES), len(UNITS), len(STATES)
    NADJ, NSAINT, NTITLE = len(ADJ), len(SAINTS), len(TITLES)
    DR_PRE = ["Dr.", "Dr.", "DR."]
    OTHER_PRE = ["MS.", "MS.", "MR.", "MRS.", "MISS", "Ms.", "Mr."]
    SUFFIX = ["JR.", "JR.", "JR.", "SR.", "II", "III", "III", "IV"]
    SOLE = ["N"] * 6 + ["Y"] * 3 + ["X"]
    REASON1 = ["DT", "DT", "DT", "OT", "FR"]
    REASON2 = ["DB", "DB", "DB", "OT", "FR"]
    tmpl = [""] * layout.ncols
    next_npi = npis.next
    add = out.add
    t0 = time.monotonic()
    last_report = t0

    for i in range(count):
        row = tmpl[:]
        row[I_NPI] = next_npi()
        fam = table[int(r() * NT)]

        # practice location
        city, st, z3, zspan, areas = CITIES[int(r() * NC)]
        zip5 = z3 + TWO[1 + int(r() * zspan)]
        pzip = zip5 + FOUR[int(r() * 10000)] if r() < 0.6 else zip5
        x = r()
        street = (str(1 + int(r() * 19999)) + " " + (DIRS[int(x * 30)] if x < 0.2 else "")
                  + STREETS[int(r() * NSTR)] + " " + SUFFIXES[int(r() * NSUF)])
        street2 = ""
        if r() < 0.4:
            unit = UNITS[int(r() * NUNIT)]
            street2 = unit + " " + (str(100 + 10 * int(r() * 60)) if unit in ("STE", "SUITE")
                                    else str(1 + int(r() * 120)))
        area = areas[int(r() * len(areas))]
        tel = area + str(200 + int(r() * 800)) + FOUR[int(r() * 10000)]
        row[P1] = street
        row[P2] = street2
        row[PCITY] = city
        row[PST] = st
        row[PZIP] = pzip
        row[PCTRY] = "US"
        row[PTEL] = tel
        if r() < 0.4:
            row[PFAX] = area + str(200 + int(r() * 800)) + FOUR[int(r() * 10000)]
        x = r()
        if x < 0.7:
            row[M1] = street
            row[M2] = street2
            row[MZIP] = pzip
            row[MTEL] = tel
            row[MFAX] = row[PFAX]
        elif x < 0.85:
            row[M1] = "PO BOX " + str(1 + int(r() * 9999))
            row[MZIP] = z3 + TWO[1 + int(r() * zspan)]
            row[MTEL] = tel
        else:
            row[M1] = str(1 + int(r() * 19999)) + " " + STREETS[int(r() * NSTR)] + " " + \
                SUFFIXES[int(r() * NSUF)]
            row[MZIP] = z3 + TWO[1 + int(r() * zspan)] + FOUR[int(r() * 10000)]
            row[MTEL] = area + str(200 + int(r() * 800)) + FOUR[int(r() * 10000)]
        row[MCITY] = city
        row[MST] = st
        row[MCTRY] = "US"

        # who
        if fam.entity == 1:
            row[I_ENT] = "1"
            if r() < fam.pf:
                row[I_FIRST] = FEMALE[int(r() * NFEM)]
                row[I_SEX] = "F"
                mids = MIDDLE_F
            else:
                row[I_FIRST] = MALE[int(r() * NMAL)]
                row[I_SEX] = "M"
                mids = MIDDLE_M
            row[I_LAST] = LAST[int(r() * NL)]
            x = r()
            if x < 0.42:
                row[I_MID] = chr(65 + int(r() * 26))
            elif x < 0.65:
                row[I_MID] = mids[int(r() * len(mids))]
            x = r()
            if x < fam.dr:
                row[I_PRE] = DR_PRE[int(r() * 3)]
            elif x < fam.dr + 0.08:
                row[I_PRE] = OTHER_PRE[int(r() * 7)]
            if r() < 0.035:
                row[I_SUF] = SUFFIX[int(r() * 8)]
            creds = fam.creds
            row[I_CRED] = creds[int(r() * len(creds))]
            row[I_SOLE] = SOLE[int(r() * 10)]
        else:
            row[I_ENT] = "2"
            row[I_EIN] = "<UNAVAIL>"
            orgs = fam.orgs
            row[I_ORG] = orgs[int(r() * len(orgs))].format(
                city=city, last=LAST[int(r() * NL)], last2=LAST[int(r() * NL)],
                adj=ADJ[int(r() * NADJ)], saint=SAINTS[int(r() * NSAINT)])
            row[A_LAST] = LAST[int(r() * NL)]
            row[A_FIRST] = (FEMALE[int(r() * NFEM)] if r() < 0.55 else MALE[int(r() * NMAL)])
            if r() < 0.4:
                row[A_MID] = chr(65 + int(r() * 26))
            row[A_TITLE] = TITLES[int(r() * NTITLE)]
            row[A_TEL] = tel if r() < 0.6 else area + str(200 + int(r() * 800)) + FOUR[int(r() * 10000)]
            x = r()
            if x < 0.15:
                row[A_PRE] = "DR."
                row[A_CRED] = "MD"
            elif x < 0.25:
                row[A_PRE] = OTHER_PRE[int(r() * 7)]
            if r() < 0.12:
                row[I_SUBP] = "Y"
                row[I_PLBN] = ADJ[int(r() * NADJ)] + " HEALTH SYSTEM, INC."
            else:
                row[I_SUBP] = "N"

        # taxonomies
        ntax = fam.ntax[int(r() * len(fam.ntax))]
        tax = fam.tax
        primary = tax[int(r() * len(tax))]
        psl = 0 if (ntax == 1 or r() < 0.8) else int(r() * ntax)
        sec = fam.sec
        lic = fam.lic
        nlic = len(lic)
        for s in range(ntax):
            ci, li, si, pi = SLOTS[s]
            if s == psl:
                row[ci] = primary
                row[pi] = "Y"
                lst = st
            else:
                if sec and r() < 0.6:
                    row[ci] = sec[int(r() * len(sec))]
                    lst = st
                else:       # the same taxonomy licensed in another state
                    row[ci] = primary
                    lst = STATES[int(r() * NS)]
                row[pi] = "X" if r() < 0.03 else "N"
            if r() < fam.p_lic:
                row[li] = lic[int(r() * nlic)] + str(1000 + int(r() * 998999))
                row[si] = lst

        if r() < 0.1:
            row[O_ID] = str(100000 + int(r() * 899999999))
            if r() < 0.7:
                row[O_TYPE] = "05"
                row[O_STATE] = st
            else:
                row[O_TYPE] = "01"
                row[O_ISS] = "BCBS" if r() < 0.5 else "AETNA"

        # dates
        e = int(r() * (ND - 60))
        lu = e + int(r() * (ND - e))
        if r() < P_DEACT:
            d = e + 1 + int(r() * (ND - e - 2))
            row[I_DD] = DATES[d]
            row[I_DRC] = (REASON1 if fam.entity == 1 else REASON2)[int(r() * 5)]
            if r() < P_REACT:
                ra = d + 1 + int(r() * (ND - d - 1))
                row[I_RD] = DATES[ra]
                d = ra
            if lu < d:
                lu = d
        row[I_ENUM] = DATES[e]
        row[I_LU] = DATES[lu]
        if lu >= CERT_FROM and r() < 0.6:
            # drawn in both layouts so that a seed gives the same providers
            lo = e if e > CERT_FROM else CERT_FROM
            cert = DATES[lo + int(r() * (lu - lo + 1))]
            if I_CERT is not None:
                row[I_CERT] = cert

        add('"' + '","'.join(row) + '"\r\n')

        if progress and (i & 0xFFFF) == 0xFFFF:
            now = time.monotonic()
            if now - last_report >= 1.0:
                last_report = now
                print(f"gen_nppes: {i + 1}/{count} rows, {(i + 1) / (now - t0):,.0f} rows/s",
                      file=sys.stderr, flush=True)
    if progress:
        el = time.monotonic() - t0
        print(f"gen_nppes: {count} rows in {el:.1f} s", file=sys.stderr, flush=True)


def check_pools():
    """Generated values must need no quoting beyond the surrounding quotes."""
    pools = [LAST, FEMALE, MALE, MIDDLE_F, MIDDLE_M, STREETS, SUFFIXES, UNITS, ADJ, SAINTS, TITLES]
    pools += [[c[0] for c in CITIES]]
    for fam in FAMILIES.values():
        pools += [fam.tax, fam.sec, fam.creds, fam.lic, fam.orgs]
    for pool in pools:
        for v in pool:
            if '"' in v or "\n" in v or "\r" in v:
                raise AssertionError(f"pool value needs escaping: {v!r}")


# ---------------------------------------------------------------- main


class Help(argparse.Action):
    def __init__(self, option_strings, dest, **kw):
        super().__init__(option_strings, dest, nargs=0, **kw)

    def __call__(self, parser, namespace, values, option_string=None):
        sys.stdout.write(__doc__)
        parser.exit()


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)     # `| head` ends quietly
    p = argparse.ArgumentParser(prog="gen_nppes.py", add_help=False,
                                usage="gen_nppes.py [--rows N] [--seed S] [-o FILE] [--spec FILE.json] "
                                      "[--mix national|dermatology] [--edge-cases] [--old-header] "
                                      "[--progress]")
    p.add_argument("-h", "--help", action=Help)
    p.add_argument("--rows", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-o", dest="output", metavar="FILE")
    p.add_argument("--spec", metavar="FILE.json")
    p.add_argument("--mix", choices=sorted(MIXES), default="national")
    p.add_argument("--edge-cases", action="store_true")
    p.add_argument("--old-header", action="store_true")
    p.add_argument("--progress", action="store_true")
    a = p.parse_args(argv)
    if a.rows < 0:
        p.error("--rows must be 0 or more")
    check_pools()

    layout = Layout(a.old_header)
    spec = load_spec(a.spec) if a.spec else []
    edges = edge_cases() if a.edge_cases else []
    reserved = {o["npi"] for o in spec + edges
                if isinstance(o, dict) and isinstance(o.get("npi"), str)}
    npis = NpiSource(a.seed, reserved)

    # build the explicit rows before opening the output, so a bad spec
    # leaves no half-written file behind
    lines = [spec_row(o, f"{a.spec}: row {k}", layout, npis) for k, o in enumerate(spec, 1)]
    lines += [spec_row(o, f"edge case {k}", layout, npis) for k, o in enumerate(edges, 1)]

    out = Out(a.output)
    out.add(layout.header)
    for line in lines:
        out.add(line)
    generate(a.rows, a.seed, a.mix, layout, npis, out, a.progress)
    out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
