#!/usr/bin/env python3
"""bench/warc_copies.py: a bigger WARC from a small one, for bench/warc.

  warc_copies.py IN.warc PAGES OUT.warc OUT.warc.gz

Repeats the records of IN (a plain WARC, as `crawl --warc` writes it) until
OUT holds at least PAGES response records: copy k renames every host
HOST.test to HOST-k.test (so every page is a new URL of a new site) and
gets fresh record ids; blocks are left byte for byte, so their digests
hold. OUT.warc.gz is the same records, a gzip member each, as Common
Crawl writes them."""
import gzip
import re
import sys
import uuid


def records(data):
    pos = 0
    while pos < len(data):
        end = data.index(b"\r\n\r\n", pos)
        head = data[pos:end + 4]
        m = re.search(rb"\r\nContent-Length: *(\d+)", head, re.I)
        n = int(m.group(1))
        block = data[end + 4:end + 4 + n]
        yield head, block
        pos = end + 4 + n + 4   # the record's closing CRLF CRLF


def main():
    src, want, out_plain, out_gz = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    recs = list(records(open(src, "rb").read()))
    per_copy = sum(1 for h, _ in recs if b"WARC-Type: response" in h)
    if per_copy == 0:
        sys.exit("warc_copies.py: no response record in " + src)
    copies = -(-want // per_copy)
    with open(out_plain, "wb") as plain, open(out_gz, "wb") as gz:
        for k in range(copies):
            ids = {}
            for head, block in recs:
                if k > 0:
                    head = re.sub(rb"([a-z0-9-]+)\.test\b", rb"\1-%d.test" % k, head)
                    head = re.sub(rb"<urn:uuid:[0-9a-f-]+>",
                                  lambda m: ids.setdefault(m.group(0),
                                                           b"<urn:uuid:%s>" % str(uuid.uuid4()).encode()),
                                  head)
                rec = head + block + b"\r\n\r\n"
                plain.write(rec)
                gz.write(gzip.compress(rec, 6))
    print(copies * per_copy)


main()
