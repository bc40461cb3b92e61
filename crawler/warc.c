/* warc.c: WARC 1.1 records (ISO 28500:2017) for `crawl --warc FILE`.
 * A record is "WARC/1.1" CRLF, named fields, CRLF, the block, CRLF CRLF;
 * digests are "sha256:" and 64 hex digits, as warcio writes them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "common/sha256.h"
#include "common/xalloc.h"
#include "crawler/warc.h"

#define WARC_HEAD_MAX (64 * 1024 + 1024)   /* transfer.c caps response heads at 64 KiB */
/* a request head as recorded: the head and the blank line that ends it */
#define WARC_REQUEST_MAX (WARC_HEAD_MAX + 4)
/* a record (and its block) holds a body the crawl has capped already
 * (--max-bytes): no second cap here */
#define WARC_RECORD_UNCAPPED 0
/* a response head rewritten: a bare "\n" ending becomes "\r\n" (at most
 * twice the bytes) and a Content-Length line is added */
#define WARC_RESPONSE_MAX (2 * WARC_HEAD_MAX + 64)

struct warc {
	FILE *f;
	char *path;
	int urandom;    /* fd of /dev/urandom, or -1 */
};

struct warc_capture {
	struct buf request;    /* request head of the last hop, as sent */
	struct buf response;   /* response head of the last hop, as received */
	int new_request;       /* a response came: the next request head is a new hop */
	int overflow;          /* a head passed WARC_HEAD_MAX: nothing whole to record */
};

int
warc_record_format(struct buf *out, const struct warc_record *r)
{
	struct buf block = BUF_INIT;
	char block_hex[65], payload_hex[65];
	int rc = 0;

	buf_init(&block, WARC_RECORD_UNCAPPED);
	if (buf_append(&block, r->head, r->head_len) != 0 ||
	    buf_append(&block, r->payload, r->payload_len) != 0) {
		rc = CD_EIO;
		goto out;
	}
	sha256_hex(buf_str(&block), block.len, block_hex);
	if (r->payload_digest)
		sha256_hex(r->payload_len ? r->payload : "", r->payload_len, payload_hex);
	if (buf_printf(out, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\nWARC-Date: %s\r\n",
	               r->type, r->record_id, r->date) != 0 ||
	    (r->filename && buf_printf(out, "WARC-Filename: %s\r\n", r->filename) != 0) ||
	    (r->target_uri && buf_printf(out, "WARC-Target-URI: %s\r\n", r->target_uri) != 0) ||
	    (r->concurrent_to &&
	     buf_printf(out, "WARC-Concurrent-To: %s\r\n", r->concurrent_to) != 0) ||
	    (r->ip && buf_printf(out, "WARC-IP-Address: %s\r\n", r->ip) != 0) ||
	    buf_printf(out, "WARC-Block-Digest: sha256:%s\r\n", block_hex) != 0 ||
	    (r->payload_digest &&
	     buf_printf(out, "WARC-Payload-Digest: sha256:%s\r\n", payload_hex) != 0) ||
	    buf_printf(out, "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n", r->content_type,
	               block.len) != 0 ||
	    buf_append(out, buf_str(&block), block.len) != 0 || buf_puts(out, "\r\n\r\n") != 0)
		rc = CD_EIO;
out:
	buf_release(&block);
	return rc;
}

/* Is the header line [p, p+n) the field name? */
static int
warc_is_field(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && p[k] == ':' && strncasecmp(p, name, k) == 0;
}

int
warc_response_head(struct buf *out, const char *head, size_t len, size_t body_len)
{
	const char *p = head, *e = head + len;
	int dropping = 0, first = 1;

	if (len < 5 || strncmp(head, "HTTP/", 5) != 0)
		return CD_EPARSE;
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *end = nl ? nl + 1 : e, *t = end;

		while (t > p && (t[-1] == '\n' || t[-1] == '\r'))
			t--;
		if (t == p)   /* the blank line ends the head */
			break;
		/* a folded line belongs to the field before it */
		if (first || (*p != ' ' && *p != '\t'))
			dropping = !first && (warc_is_field(p, (size_t)(t - p), "content-encoding") ||
			                      warc_is_field(p, (size_t)(t - p), "transfer-encoding") ||
			                      warc_is_field(p, (size_t)(t - p), "content-length"));
		if (!dropping &&
		    (buf_append(out, p, (size_t)(t - p)) != 0 || buf_puts(out, "\r\n") != 0))
			return CD_EIO;
		first = 0;
		p = end;
	}
	if (buf_printf(out, "Content-Length: %zu\r\n\r\n", body_len) != 0)
		return CD_EIO;
	return 0;
}

struct warc_capture *
warc_capture_new(void)
{
	struct warc_capture *wc = xcalloc(1, sizeof *wc);

	buf_init(&wc->request, WARC_HEAD_MAX);
	buf_init(&wc->response, WARC_HEAD_MAX);
	return wc;
}

void
warc_capture_free(struct warc_capture *wc)
{
	if (wc == NULL)
		return;
	buf_release(&wc->request);
	buf_release(&wc->response);
	free(wc);
}

void
warc_capture_header(struct warc_capture *wc, const char *p, size_t len)
{
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		buf_reset(&wc->response);
		wc->new_request = 1;
	}
	/* past the cap transfer.c aborts the transfer anyway */
	if (buf_append(&wc->response, p, len) != 0)
		wc->overflow = 1;
}

int
warc_capture_debug(CURL *handle, curl_infotype type, char *data, size_t size, void *arg)
{
	struct warc_capture *wc = arg;

	(void)handle;
	if (type != CURLINFO_HEADER_OUT)
		return 0;
	if (wc->new_request) {
		buf_reset(&wc->request);
		wc->new_request = 0;
	}
	if (buf_append(&wc->request, data, size) != 0)
		wc->overflow = 1;
	return 0;
}

/* "<urn:uuid:...>", a random (version 4) UUID. */
static void
warc_record_id(struct warc *w, char id[48])
{
	unsigned char b[16];
	size_t got = 0;

	while (w->urandom >= 0 && got < sizeof b) {
		ssize_t n = read(w->urandom, b + got, sizeof b - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	for (; got < sizeof b; got++)   /* no /dev/urandom: still unique enough */
		b[got] = (unsigned char)(rand() ^ (int)time(NULL) ^ (int)got);
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(id, 48,
	         "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
	         b[13], b[14], b[15]);
}

static void
warc_date(char date[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(date, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Appends one formatted record to the file: one write, then a flush. */
static int
warc_append(struct warc *w, const struct warc_record *r, struct cd_error *err)
{
	struct buf rec = BUF_INIT;
	int rc = 0;

	buf_init(&rec, WARC_RECORD_UNCAPPED);
	if ((rc = warc_record_format(&rec, r)) != 0) {
		rc = cd_error_set(err, CD_EIO, "WARC record for %s too large",
		                  r->target_uri ? r->target_uri : r->type);
		goto out;
	}
	if (fwrite(buf_str(&rec), 1, rec.len, w->f) != rec.len || fflush(w->f) != 0)
		rc = cd_error_set(err, CD_EIO, "cannot write %s: %s", w->path, strerror(errno));
out:
	buf_release(&rec);
	return rc;
}

int
warc_open(const char *path, struct warc **out, struct cd_error *err)
{
	struct warc *w = xcalloc(1, sizeof *w);
	struct warc_record r;
	const char *base = strrchr(path, '/');
	char *info = NULL, id[48], date[32];
	int rc = 0;

	*out = NULL;
	w->urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	w->path = xstrdup(path);
	if ((w->f = fopen(path, "ab")) == NULL) {
		rc = cd_error_set(err, CD_EIO, "cannot open WARC file %s: %s", path, strerror(errno));
		goto out;
	}
	info = xasprintf("software: clinicdex/%s\r\n"
	                 "format: WARC File Format 1.1\r\n"
	                 "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
	                 "warc-format/warc-1.1/\r\n",
	                 PACKAGE_VERSION);
	warc_record_id(w, id);
	warc_date(date);
	memset(&r, 0, sizeof r);
	r.type = "warcinfo";
	r.record_id = id;
	r.date = date;
	r.filename = base ? base + 1 : path;
	r.content_type = "application/warc-fields";
	r.head = info;
	r.head_len = strlen(info);
	r.payload = "";
	if ((rc = warc_append(w, &r, err)) != 0)
		goto out;
	*out = w;
	w = NULL; /* transferred */
out:
	free(info);
	warc_close(w);
	return rc;
}

/* The body is recorded as libcurl hands it over, decoded from any
 * Content-Encoding (the crawler asks with CURLOPT_ACCEPT_ENCODING), and
 * the head says so: without Content-Encoding or Transfer-Encoding, with
 * the decoded Content-Length. That is simpler than a second raw copy of
 * every body, and keeps the payload digest true to the headers. */
int
warc_write_exchange(struct warc *w, const struct warc_capture *wc, const char *url,
                    const char *ip, const void *body, size_t body_len, struct cd_error *err)
{
	struct warc_record r;
	struct buf req = BUF_INIT, resp = BUF_INIT;
	char req_id[48], resp_id[48], date[32];
	int rc = 0;

	buf_init(&req, WARC_REQUEST_MAX);
	buf_init(&resp, WARC_RESPONSE_MAX);
	if (wc->request.len == 0 || wc->overflow ||
	    warc_response_head(&resp, buf_str(&wc->response), wc->response.len, body_len) != 0 ||
	    buf_append(&req, buf_str(&wc->request), wc->request.len) != 0)
		goto out;   /* nothing whole to record */
	while (req.len < 4 || memcmp(buf_str(&req) + req.len - 4, "\r\n\r\n", 4) != 0)
		if (buf_puts(&req, "\r\n") != 0)
			goto out;
	warc_record_id(w, req_id);
	warc_record_id(w, resp_id);
	warc_date(date);

	memset(&r, 0, sizeof r);
	r.type = "request";
	r.record_id = req_id;
	r.date = date;
	r.target_uri = url;
	r.concurrent_to = resp_id;
	r.ip = ip && ip[0] ? ip : NULL;
	r.content_type = "application/http;msgtype=request";
	r.head = buf_str(&req);
	r.head_len = req.len;
	r.payload = "";
	if ((rc = warc_append(w, &r, err)) != 0)
		goto out;

	r.type = "response";
	r.record_id = resp_id;
	r.concurrent_to = NULL;
	r.content_type = "application/http;msgtype=response";
	r.head = buf_str(&resp);
	r.head_len = resp.len;
	r.payload = body_len ? body : "";
	r.payload_len = body_len;
	r.payload_digest = 1;
	rc = warc_append(w, &r, err);
out:
	buf_release(&req);
	buf_release(&resp);
	return rc;
}

void
warc_close(struct warc *w)
{
	if (w == NULL)
		return;
	if (w->f)
		fclose(w->f);
	if (w->urandom >= 0)
		close(w->urandom);
	free(w->path);
	free(w);
}
