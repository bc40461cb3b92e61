#!/usr/bin/env python3
"""Loopback HTTP server for clinicdex's sample web (data/demo-web).

    server.py --root DIR [--port N] [--bind 127.0.0.1] [--pidfile FILE] [--log FILE]
              [--hold MS] [--trace FILE]

Serves many sites from one port, chosen by the Host header: the host (port
and a leading "www." removed, lower-cased) names the folder DIR/<host>/.
Prints the bound port alone on one line to stdout, then serves until
SIGTERM or SIGINT and exits 0.  Standard library only.

Per-site files, never served themselves (names starting "_" or "." are
hidden):
  _redirects   lines "PATH STATUS TARGET", e.g. "/old-team 301 /team/"
  _status      lines "PATH STATUS", e.g. "/robots.txt 503": that path
               answers with that status and a short text body
  _mode        hostile modes, lines "KEY [VALUE]" (Site.mode), for the
               crawler's tests (tests/web/hostile-web/); see MODES below.

--hold MS keeps each request MS milliseconds before it is answered, so a
crawler's requests overlap; --trace FILE writes one line per request when
it ends, "HOST START END HOST_IN_FLIGHT ALL_IN_FLIGHT" (server monotonic
seconds; the requests to that host, and to all, being served when it
started, itself included): what a test reads a crawler's politeness off.

Hostile modes act on every path but /robots.txt (or, with "only PREFIX",
on paths starting with PREFIX).  Generators answer first (Handler.generate),
then files are served; content modes change a page before it is encoded
(Handler.transform); wire modes change how the bytes go out (Handler.emit).
Everything is bounded: generated sites end, dripping stops when the client
hangs up, the gzip bomb is built once in memory.
"""

import argparse
import datetime
import email.utils
import gzip
import hashlib
import ipaddress
import os
import posixpath
import re
import secrets
import signal
import socket
import struct
import sys
import threading
import time
import traceback
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
TYPES = {".html": HTML, ".htm": HTML, ".txt": TEXT, ".xml": "application/xml",
         ".json": "application/json", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg", ".pdf": "application/pdf", ".css": "text/css",
         ".js": "text/javascript", ".gz": "application/gzip"}
TEXT_TYPES = ("text/", "application/xml", "application/json")
HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
REDIRECT_CODES = (301, 302, 303, 307, 308)

MODES = {
    # generators: answer instead of a file
    "status": "CODE: every request gets CODE (e.g. 500)",
    "throttle": "CODE SECONDS [TIMES] [date]: the first TIMES (1) requests of each"
                " path get CODE (429, 503) with Retry-After SECONDS (an HTTP-date)",
    "redirect-loop": "/loop/N redirects to /loop/N+1, round and round",
    "calendar": "/calendar/YYYY-MM-DD links to the next and previous day, forever",
    "search": "N: /search?q=K links to q=K+1..K+20, up to q=N",
    "huge": "BYTES: an HTML page of BYTES bytes, streamed without Content-Length",
    "gzip-bomb": "MIB: a small gzip body that inflates to MIB MiB of HTML",
    # content: a page (a file) changed before it goes out
    "type": "PATH CTYPE: serve PATH as CTYPE (repeatable)",
    "charset": "LABEL [meta]: pages re-encoded from UTF-8 to LABEL, declared in"
               " the Content-Type header (with meta: only by the page's own <meta>)",
    "bad-utf8": 'each "<!--BAD-->" in a page becomes bytes that are not UTF-8',
    "session": 'each "{SID}" in a page becomes a fresh session id',
    # wire: how the bytes go out
    "drip": "MS: the body goes one byte every MS milliseconds",
    "reset": "Content-Length promises the body, half is sent, then a TCP reset",
    "header-flood": "KIB: KIB KiB of extra response headers",
    "only": "PREFIX: modes act on paths starting with PREFIX only",
}
BAD_UTF8 = b"\xff\xfe \xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xc0\xaf \xe2\x82"
_bombs = {}                               # MiB -> gzip bytes, built once
_bombs_lock = threading.Lock()


def gzip_bomb(mib):
    """A gzip stream of an HTML page of mib MiB of spaces (about 1 KiB a MiB)."""
    with _bombs_lock:
        if mib not in _bombs:
            z = zlib.compressobj(9, zlib.DEFLATED, 31)        # 31: gzip framing
            parts = [z.compress(b"<!DOCTYPE html><html><body><p>")]
            chunk = b" " * (1 << 20)
            parts += [z.compress(chunk) for _ in range(mib)]
            parts.append(z.flush())
            _bombs[mib] = b"".join(parts)
        return _bombs[mib]


class Site:
    """One site folder with its optional _redirects and _mode files."""

    def __init__(self, root):
        self.root = root
        self.redirects = {}
        self.status = {}
        self.mode = {}
        for line in read_lines(os.path.join(root, "_redirects")):
            parts = line.split()
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) in REDIRECT_CODES:
                self.redirects[parts[0]] = (int(parts[1]), parts[2])
        for line in read_lines(os.path.join(root, "_status")):
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit() and 200 <= int(parts[1]) < 600:
                self.status[parts[0]] = int(parts[1])
        self.types = {}
        for line in read_lines(os.path.join(root, "_mode")):
            key, _, value = line.partition(" ")
            self.mode[key] = value.strip()
            if key == "type" and len(value.split()) == 2:
                self.types[value.split()[0]] = value.split()[1]

    def modes(self, path):
        """The modes acting on path: {} outside "only", and for /robots.txt."""
        only = self.mode.get("only")
        if only is not None:
            return self.mode if path.startswith(only) else {}
        return self.mode if path != "/robots.txt" else {}


def read_lines(path):
    """Non-blank, non-comment lines of a small config file, or []."""
    try:
        with open(path, encoding="utf-8") as f:
            return [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    except OSError:
        return []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"        # keep-alive; every answer has Content-Length
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle
    # plus the client's delayed ACK stalls every keep-alive reply ~40 ms.
    disable_nagle_algorithm = True
    server_version = "clinicdex-demo/1"
    head = False                         # set per request by serve()
    req_path = "/"                       # the path being answered, set by serve()
    headers = None                       # set by the base class once parsed

    def version_string(self):
        return self.server_version

    # --- dispatch -------------------------------------------------------
    def do_GET(self):
        self.traced(False)

    def traced(self, head):
        """serve, held and traced when --hold or --trace asks for it."""
        srv = self.server
        if srv.hold <= 0 and srv.trace is None:
            return self.serve(head)
        host = self.headers.get("Host", "-").strip().lower()
        with srv.trace_lock:
            srv.in_flight[host] = srv.in_flight.get(host, 0) + 1
            srv.all_in_flight += 1
            mine, everyone = srv.in_flight[host], srv.all_in_flight
        start = time.monotonic()
        try:
            if srv.hold > 0:
                time.sleep(srv.hold)
            self.serve(head)
            self.wfile.flush()
        finally:
            end = time.monotonic()
            with srv.trace_lock:
                srv.in_flight[host] -= 1
                srv.all_in_flight -= 1
                if srv.trace is not None:
                    srv.trace.write("%s %.6f %.6f %d %d\n" % (host, start, end, mine, everyone))
                    srv.trace.flush()

    def do_HEAD(self):
        self.traced(True)

    def __getattr__(self, name):
        # BaseHTTPRequestHandler looks up do_<METHOD>; any method other
        # than GET and HEAD gets 405 instead of the default 501.
        if name.startswith("do_"):
            return self.not_allowed
        raise AttributeError(name)

    def not_allowed(self):
        # The request body is not read, so the connection cannot be reused.
        self.close_connection = True
        self.emit(405, {"Allow": "GET, HEAD", "Connection": "close"},
                  b"405 Method Not Allowed\n", TEXT)

    # --- the request ----------------------------------------------------
    def serve(self, head):
        self.head = head
        site = self.find_site()
        if site is None:
            return self.not_found()
        split = urllib.parse.urlsplit(self.path)
        path = split.path or "/"                              # query ignored
        self.req_path = path
        if self.generate(site, site.modes(path), path, split.query):
            return
        if path in site.status:
            code = site.status[path]
            return self.emit(code, {}, ("%d\n" % code).encode(), TEXT, site)
        if path in site.redirects:
            status, target = site.redirects[path]
            body = ('<!DOCTYPE html><title>Moved</title><a href="%s">moved here</a>\n'
                    % target).encode()
            return self.emit(status, {"Location": target}, body, HTML, site)
        fpath = self.resolve(site.root, urllib.parse.unquote(path))
        if fpath is None:
            return self.not_found(site)
        try:
            with open(fpath, "rb") as f:
                body = f.read()
                mtime = int(os.fstat(f.fileno()).st_mtime)
        except OSError:
            return self.not_found(site)
        self.send_file(site, fpath, body, mtime)

    def find_site(self):
        """The Site named by the Host header, or None."""
        host = self.headers.get("Host", "").strip().lower()
        if host.startswith("["):                       # [v6]:port
            host = host[1:host.find("]")] if "]" in host else ""
        else:
            host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        host = host.rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        if not HOST_RE.match(host):
            return None
        root = os.path.join(self.server.root, host)
        return Site(root) if os.path.isdir(root) else None

    @staticmethod
    def resolve(root, path):
        """Maps a URL path to a file under root, or None (traversal, hidden, absent)."""
        if "\0" in path or "\\" in path:
            return None
        segs = path.split("/")
        if any(s == ".." or s.startswith((".", "_")) for s in segs if s):
            return None
        rel = posixpath.normpath("/" + path).lstrip("/")
        base = os.path.join(root, rel) if rel not in ("", ".") else root
        if path.endswith("/"):
            candidates = [os.path.join(base, "index.html")]
        else:
            candidates = [base + ".html", os.path.join(base, "index.html"), base]
        real_root = os.path.realpath(root)
        for c in candidates:
            real = os.path.realpath(c)
            if os.path.isfile(real) and os.path.commonpath([real, real_root]) == real_root:
                return real
        return None

    # --- hostile modes: generators -----------------------------------------
    def generate(self, site, mode, path, query):
        """Answers from a generator mode; False when none applies."""
        if "status" in mode:
            code = int(mode["status"] or 500)
            self.emit(code, {}, ("%d\n" % code).encode(), TEXT, site)
        elif "throttle" in mode and self.throttled(site, mode["throttle"], path):
            pass
        elif "redirect-loop" in mode and path.startswith("/loop"):
            n = path.rsplit("/", 1)[-1]
            n = int(n) + 1 if n.isdigit() else 0
            self.emit(302, {"Location": "/loop/%d" % (n % 100)}, b"loop\n", TEXT, site)
        elif "calendar" in mode and path.startswith("/calendar/"):
            self.calendar(site, path[len("/calendar/"):])
        elif "search" in mode and path == "/search":
            self.search(site, int(mode["search"] or 10000), query)
        elif "huge" in mode:
            self.stream(site, int(mode["huge"] or 50_000_000))
        elif "gzip-bomb" in mode:
            body = gzip_bomb(int(mode["gzip-bomb"] or 100))
            self.emit(200, {"Content-Encoding": "gzip"}, body, HTML, site)
        else:
            return False
        return True

    def throttled(self, site, value, path):
        """429/503 with Retry-After for the first TIMES requests of path."""
        args = value.split()
        code, wait = int(args[0]), int(args[1])
        times = int(args[2]) if len(args) > 2 and args[2].isdigit() else 1
        with self.server.hits_lock:
            key = (site.root, path)
            seen = self.server.hits.get(key, 0)
            self.server.hits[key] = seen + 1
        if seen >= times:
            return False
        after = str(wait)
        if "date" in args:
            after = email.utils.formatdate(time.time() + wait, usegmt=True)
        self.emit(code, {"Retry-After": after}, b"slow down\n", TEXT, site)
        return True

    def calendar(self, site, day):
        try:
            d = datetime.date.fromisoformat(day)
        except ValueError:
            return self.not_found(site)
        if not 1900 <= d.year <= 2999:
            return self.not_found(site)
        links = "".join('<a href="/calendar/%s">%s</a> ' % (x, x) for x in
                        (d - datetime.timedelta(days=1), d + datetime.timedelta(days=1)))
        body = ("<!DOCTYPE html><title>Events %s</title><p>No events on %s.</p><p>%s"
                % (d, d, links)).encode()
        self.emit(200, {}, body, HTML, site)

    def search(self, site, last, query):
        q = urllib.parse.parse_qs(query).get("q", ["0"])[0]
        k = int(q) if q.isdigit() and len(q) < 9 else 0
        links = "".join('<a href="/search?q=%d">%d</a> ' % (i, i)
                        for i in range(k + 1, min(k + 20, last) + 1))
        body = ("<!DOCTYPE html><title>Search %d</title><p>Results for %d.</p><p>%s"
                % (k, k, links)).encode()
        self.emit(200, {}, body, HTML, site)

    def stream(self, site, size):
        """A page of size bytes with no Content-Length: the end is the close."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.head:
            return
        chunk = b"<p>" + b"Microneedling is what we do. " * 2000 + b"</p>\n"
        try:
            self.wfile.write(b"<!DOCTYPE html><html><body>")
            sent = 0
            while sent < size:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass

    # --- hostile modes: content ---------------------------------------------
    def transform(self, site, mode, path, body, ctype):
        """A file's body and type as the content modes serve them."""
        if ctype == HTML:
            if "bad-utf8" in mode:
                body = body.replace(b"<!--BAD-->", BAD_UTF8)
            if "session" in mode:
                body = body.replace(b"{SID}", secrets.token_hex(8).encode())
            if "charset" in mode:
                label, _, where = mode["charset"].partition(" ")
                body = body.decode("utf-8").encode(label, "xmlcharrefreplace")
                ctype = "text/html" if where == "meta" else "text/html; charset=" + label
        if mode and path in site.types:
            ctype = site.types[path]
        return body, ctype

    def send_file(self, site, fpath, body, mtime):
        ctype = TYPES.get(os.path.splitext(fpath)[1].lower(), "application/octet-stream")
        body, ctype = self.transform(site, site.modes(self.req_path), self.req_path, body,
                                     ctype)
        headers = {"Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        etag_base = hashlib.sha1(body).hexdigest()[:20]
        if ctype.startswith(TEXT_TYPES):
            headers["Vary"] = "Accept-Encoding"
            if self.accepts_gzip():
                body = gzip.compress(body, mtime=0)
                headers["Content-Encoding"] = "gzip"
                etag_base += "-gz"                   # distinct representation
        headers["ETag"] = '"%s"' % etag_base
        if self.not_modified(headers["ETag"], mtime):
            return self.emit(304, headers, b"", None, site)
        self.emit(200, headers, body, ctype, site)

    def accepts_gzip(self):
        for item in self.headers.get("Accept-Encoding", "").lower().split(","):
            name, _, params = item.strip().partition(";")
            if name.strip() in ("gzip", "x-gzip", "*"):
                q = re.search(r"q\s*=\s*([0-9.]+)", params)
                return not q or float(q.group(1) or 0) > 0
        return False

    def not_modified(self, etag, mtime):
        inm = self.headers.get("If-None-Match")
        if inm is not None:                          # takes precedence (RFC 9110)
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        try:
            return bool(ims) and mtime <= email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError, OverflowError):
            return False

    def not_found(self, site=None):
        self.emit(404, {}, b"404 Not Found\n", TEXT, site)

    # --- the one way out ------------------------------------------------
    def emit(self, status, headers, body, ctype, site=None):
        """Sends a complete response, as the site's wire modes say."""
        mode = site.modes(self.req_path) if site else {}
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        for i in range(int(mode.get("header-flood") or 0) * 1024 // 100):
            self.send_header("X-Flood-%05d" % i, "x" * 80)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.head or status == 304:
            return
        if "reset" in mode:
            return self.reset(body[:len(body) // 2])
        if "drip" in mode:
            return self.drip(body, int(mode["drip"] or 1000) / 1000.0)
        self.wfile.write(body)

    def reset(self, part):
        """Sends part of a body, then aborts the connection with a TCP RST."""
        self.close_connection = True
        self.wfile.write(part)
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.connection.close()

    def drip(self, body, gap):
        """One byte every gap seconds, until done or the client hangs up."""
        self.close_connection = True
        try:
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(gap)
        except OSError:
            pass

    # --- logging: only to --log FILE -------------------------------------
    def log_message(self, fmt, *args):
        log = self.server.log
        if log is not None:
            host = self.headers.get("Host", "-") if self.headers else "-"
            line = "%s %s [%s] %s\n" % (self.client_address[0], host,
                                        self.log_date_time_string(), fmt % args)
            with self.server.log_lock:
                log.write(line)
                log.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024            # a crawl may open hundreds at once
    block_on_close = False

    def handle_error(self, request, client_address):
        # Clients that hang up are normal; never write tracebacks to stderr.
        if self.log is not None:
            with self.log_lock:
                self.log.write("error from %s:\n%s" % (client_address[0], traceback.format_exc()))
                self.log.flush()


def main():
    ap = argparse.ArgumentParser(description="Serve the clinicdex sample web on loopback.")
    ap.add_argument("--root", required=True, help="folder holding one folder per host")
    ap.add_argument("--port", type=int, default=0, help="port (default 0: the OS picks)")
    ap.add_argument("--bind", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    ap.add_argument("--pidfile", help="write the process id here")
    ap.add_argument("--log", help="append an access log here (default: no log)")
    ap.add_argument("--hold", type=int, default=0, help="hold each request MS milliseconds")
    ap.add_argument("--trace", help="append a line per request here (see above)")
    a = ap.parse_args()

    bind = "127.0.0.1" if a.bind == "localhost" else a.bind
    try:
        if not ipaddress.ip_address(bind).is_loopback:
            ap.error("--bind %s: not a loopback address" % a.bind)
    except ValueError:
        ap.error("--bind %s: not an IP address" % a.bind)
    if not os.path.isdir(a.root):
        ap.error("--root %s: not a folder" % a.root)

    Server.address_family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    try:
        httpd = Server((bind, a.port), Handler)
    except OSError as e:
        sys.exit("server.py: cannot bind %s:%d: %s" % (bind, a.port, e.strerror))
    httpd.root = os.path.abspath(a.root)
    httpd.log = open(a.log, "a", encoding="utf-8") if a.log else None
    httpd.log_lock = threading.Lock()
    httpd.hold = a.hold / 1000.0
    httpd.trace = open(a.trace, "a", encoding="utf-8") if a.trace else None
    httpd.trace_lock = threading.Lock()
    httpd.in_flight = {}                 # host -> requests being served
    httpd.all_in_flight = 0
    httpd.hits = {}                      # (site, path) -> requests, for "throttle"
    httpd.hits_lock = threading.Lock()
    if a.pidfile:
        with open(a.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print(httpd.server_address[1], flush=True)
    # The reader may close its end of the pipe once it has the port:
    # nothing more ever goes to stdout.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    while not stop.wait(0.5):
        pass
    httpd.shutdown()
    httpd.server_close()
    if a.pidfile and os.path.exists(a.pidfile):
        os.unlink(a.pidfile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
