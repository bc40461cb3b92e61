#!/usr/bin/env python3
"""Write a synthetic clinic web for crawl tests and benchmarks.

    gen_web.py OUTDIR [--sites N] [--pages M] [--seed S]

Makes OUTDIR/site0001.test/ ... each with M pages: a home page linking to
a team page, a services page and a chain of article pages that also link
forward and back, so a crawl must follow links several levels deep. Every
page carries a little claim-bearing text (a practitioner with suffixes, a
service, an address) so extraction has work to do. Prints the seed URLs,
one a line, to stdout. Standard library only; deterministic for a seed."""
import argparse
import os
import random

STATES = [("Austin", "TX", "78701"), ("Denver", "CO", "80202"), ("Miami", "FL", "33131"),
          ("Portland", "OR", "97209"), ("Phoenix", "AZ", "85004"), ("Albany", "NY", "12207")]
FIRST = ["Maria", "Daniel", "Kim", "Lena", "Omar", "Grace", "Ivan", "Priya", "Tomas", "Ruth"]
LAST = ["Lopez", "Whitfield", "Tran", "Park", "Haddad", "Kim", "Petrov", "Shah", "Novak", "Bell"]
CREDS = ["MD, FAAD", "DO", "FNP-C", "PA-C", "RN, BSN", "LE"]
SERVICES = ["SkinPen microneedling", "Botox and Dysport", "HydraFacial", "chemical peels",
            "laser hair removal", "Juvederm fillers", "dermaplaning", "IPL photofacials"]


def page(title, body, links):
    nav = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"</head><body><nav><ul>{nav}</ul></nav><main>{body}</main></body></html>\n")


def write_site(out, i, pages, rnd):
    host = f"site{i:04d}.test"
    root = os.path.join(out, host)
    os.makedirs(os.path.join(root, "a"), exist_ok=True)
    city, st, zipc = STATES[i % len(STATES)]
    name = f"{rnd.choice(LAST)} Skin Clinic {i}"
    people = [f"{rnd.choice(FIRST)} {rnd.choice(LAST)}, {rnd.choice(CREDS)}" for _ in range(3)]
    services = rnd.sample(SERVICES, 3)
    addr = f"{100 + i} Main St Suite {i % 50 + 1}, {city}, {st} {zipc}"
    n_articles = max(0, pages - 3)
    common = [("/", "Home"), ("/team.html", "Team"), ("/services.html", "Services")]
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write(page(name, f"<h1>{name}</h1><p>Visit us at {addr}.</p>"
                     f"<p>We offer {', '.join(services)}.</p>",
                     common + ([("/a/1.html", "Articles")] if n_articles else [])))
    with open(os.path.join(root, "team.html"), "w") as f:
        cards = "".join(f'<div class="card"><h3>{p}</h3></div>' for p in people)
        f.write(page(f"Team | {name}", cards, common))
    with open(os.path.join(root, "services.html"), "w") as f:
        items = "".join(f"<li>{s}</li>" for s in services)
        f.write(page(f"Services | {name}", f"<ul>{items}</ul>", common))
    for k in range(1, n_articles + 1):
        links = list(common)
        if k > 1:
            links.append((f"/a/{k - 1}.html", "Previous"))
        if k < n_articles:
            links.append((f"/a/{k + 1}.html", "Next"))
        # a few links further ahead keep the frontier wide, not only deep
        for j in (k + 5, k + 11):
            if j <= n_articles:
                links.append((f"/a/{j}.html", f"Article {j}"))
        with open(os.path.join(root, "a", f"{k}.html"), "w") as f:
            f.write(page(f"Article {k} | {name}",
                         f"<p>Note {k} from {name}: skin care in {city}.</p>", links))
    with open(os.path.join(root, "robots.txt"), "w") as f:
        f.write("User-agent: *\nDisallow: /private/\n")
    return f"http://{host}/"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    for i in range(1, a.sites + 1):
        print(write_site(a.out, i, a.pages, rnd))


if __name__ == "__main__":
    main()
