#!/usr/bin/env python3
"""Loopback HTTP server for clinicdex's sample web (data/demo-web).

    server.py --root DIR [--port N] [--bind 127.0.0.1] [--pidfile FILE] [--log FILE]

Serves many sites from one port, chosen by the Host header: the host (port
and a leading "www." removed, lower-cased) names the folder DIR/<host>/.
Prints the bound port alone on one line to stdout, then serves until
SIGTERM or SIGINT and exits 0.  Standard library only.

Per-site files, never served themselves (names starting "_" or "." are
hidden):
  _redirects   lines "PATH STATUS TARGET", e.g. "/old-team 301 /team/"
  _status      lines "PATH STATUS", e.g. "/robots.txt 503": that path
               answers with that status and a short text body
  _mode        reserved for hostile modes (slow drip, 500s, 429, gzip
               bombs, ...), read as "KEY [VALUE]" lines into Site.mode.
               No mode is implemented yet; every response goes through
               Handler.emit(), the one place where a mode would act.
"""

import argparse
import email.utils
import gzip
import hashlib
import ipaddress
import os
import posixpath
import re
import signal
import socket
import sys
import threading
import traceback
import urllib.parse
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
        for line in read_lines(os.path.join(root, "_mode")):
            key, _, value = line.partition(" ")
            self.mode[key] = value.strip()


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
    headers = None                       # set by the base class once parsed

    def version_string(self):
        return self.server_version

    # --- dispatch -------------------------------------------------------
    def do_GET(self):
        self.serve(False)

    def do_HEAD(self):
        self.serve(True)

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
        path = urllib.parse.urlsplit(self.path).path or "/"   # query ignored
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

    def send_file(self, site, fpath, body, mtime):
        ctype = TYPES.get(os.path.splitext(fpath)[1].lower(), "application/octet-stream")
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
        """Sends a complete response.  Hostile modes (site.mode) hook in here."""
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not self.head and status != 304:
            self.wfile.write(body)

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
