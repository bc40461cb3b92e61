/* warc_read.c: WARC records (ISO 28500, versions 1.0 and 1.1) read back.
 * zlib's gzread reads a file of concatenated gzip members (one a record)
 * as one stream, and a plain file as it is, so both need no code here. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "crawler/warc_read.h"

#define WARC_IN_CHUNK (64 * 1024)

struct warc_field {
	char *name;
	char *value;
};

struct warc_reader {
	gzFile gz;
	char *name;
	unsigned char in[WARC_IN_CHUNK];
	size_t pos, len;
	int eof;
	long long offset;        /* decompressed bytes consumed */
	char line[WARC_LINE_MAX + 1];
	struct warc_field fields[WARC_FIELDS_MAX];
	size_t n_fields;
	char *block;
	size_t block_cap;
};

int
warc_reader_open_fd(int fd, const char *name, struct warc_reader **out, struct cd_error *err)
{
	struct warc_reader *r;
	int copy = dup(fd);

	*out = NULL;
	if (copy < 0)
		return cd_error_set(err, CD_EIO, "cannot read %s: %s", name, strerror(errno));
	r = xcalloc(1, sizeof *r);
	if ((r->gz = gzdopen(copy, "rb")) == NULL) {
		close(copy);
		free(r);
		return cd_error_set(err, CD_EIO, "cannot read %s", name);
	}
	gzbuffer(r->gz, WARC_IN_CHUNK);
	r->name = xstrdup(name);
	*out = r;
	return 0;
}

static void
warc_fields_clear(struct warc_reader *r)
{
	for (size_t i = 0; i < r->n_fields; i++) {
		free(r->fields[i].name);
		free(r->fields[i].value);
	}
	r->n_fields = 0;
}

void
warc_reader_free(struct warc_reader *r)
{
	if (r == NULL)
		return;
	warc_fields_clear(r);
	if (r->gz)
		gzclose(r->gz);
	free(r->block);
	free(r->name);
	free(r);
}

/* Refills the input buffer: 1 when bytes came, 0 at the end, CD_EIO. */
static int
warc_fill(struct warc_reader *r, struct cd_error *err)
{
	int n, zerr = Z_OK;
	const char *msg;

	if (r->eof)
		return 0;
	n = gzread(r->gz, r->in, sizeof r->in);
	if (n < 0 || (n == 0 && (msg = gzerror(r->gz, &zerr)) != NULL && zerr != Z_OK &&
	              zerr != Z_BUF_ERROR))
		return cd_error_set(err, CD_EIO, "%s: cannot decompress after byte %lld: %s",
		                    r->name, r->offset, gzerror(r->gz, &zerr));
	if (n == 0) {
		/* a gzip member cut short reads as Z_BUF_ERROR at the end */
		if (gzerror(r->gz, &zerr) != NULL && zerr == Z_BUF_ERROR)
			return cd_error_set(err, CD_EIO, "%s: compressed data cut short after byte %lld",
			                    r->name, r->offset);
		r->eof = 1;
		return 0;
	}
	r->pos = 0;
	r->len = (size_t)n;
	return 1;
}

/* One line into r->line without its CRLF or LF: its length, -1 at the end
 * of the input before any byte, or CD_EPARSE/CD_EIO. */
static long
warc_line(struct warc_reader *r, struct cd_error *err)
{
	size_t n = 0;
	int rc;

	for (;;) {
		if (r->pos == r->len) {
			if ((rc = warc_fill(r, err)) < 0)
				return rc;
			if (rc == 0) {
				if (n == 0)
					return -1;
				break;   /* a last line without its newline */
			}
		}
		unsigned char *s = r->in + r->pos, *nl = memchr(s, '\n', r->len - r->pos);
		size_t take = nl ? (size_t)(nl - s) : r->len - r->pos;

		if (n + take > WARC_LINE_MAX)
			return cd_error_set(err, CD_EPARSE, "%s: a header line over %d bytes at byte %lld",
			                    r->name, WARC_LINE_MAX, r->offset);
		memcpy(r->line + n, s, take);
		n += take;
		r->pos += take + (nl ? 1 : 0);
		r->offset += (long long)(take + (nl ? 1 : 0));
		if (nl)
			break;
	}
	if (n > 0 && r->line[n - 1] == '\r')
		n--;
	r->line[n] = '\0';
	return (long)n;
}

/* Copies (dst non-NULL) or skips n bytes. 0, or an error when cut short. */
static int
warc_bytes(struct warc_reader *r, char *dst, size_t n, struct cd_error *err)
{
	while (n > 0) {
		int rc;

		if (r->pos == r->len && (rc = warc_fill(r, err)) <= 0)
			return rc < 0 ? rc : cd_error_set(err, CD_EPARSE, "%s: record cut short at byte %lld",
			                                  r->name, r->offset);
		size_t take = r->len - r->pos < n ? r->len - r->pos : n;

		if (dst) {
			memcpy(dst, r->in + r->pos, take);
			dst += take;
		}
		r->pos += take;
		r->offset += (long long)take;
		n -= take;
	}
	return 0;
}

static const char *
warc_field(const struct warc_reader *r, const char *name)
{
	for (size_t i = 0; i < r->n_fields; i++)
		if (strcasecmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

/* The named fields up to the blank line; a line starting with a space or
 * tab continues the value before it. */
static int
warc_read_fields(struct warc_reader *r, struct cd_error *err)
{
	long n;

	while ((n = warc_line(r, err)) != 0) {
		char *colon, *v;

		if (n < 0)
			return n == -1 ? cd_error_set(err, CD_EPARSE, "%s: record header cut short",
			                              r->name) : (int)n;
		if ((r->line[0] == ' ' || r->line[0] == '\t') && r->n_fields > 0) {
			struct warc_field *f = &r->fields[r->n_fields - 1];
			char *joined = xasprintf("%s %s", f->value, r->line + strspn(r->line, " \t"));

			free(f->value);
			f->value = joined;
			if (strlen(joined) > WARC_LINE_MAX)
				return cd_error_set(err, CD_EPARSE, "%s: a field over %d bytes", r->name,
				                    WARC_LINE_MAX);
			continue;
		}
		if ((colon = strchr(r->line, ':')) == NULL || colon == r->line)
			return cd_error_set(err, CD_EPARSE, "%s: not a WARC field at byte %lld", r->name,
			                    r->offset);
		if (r->n_fields == WARC_FIELDS_MAX)
			return cd_error_set(err, CD_EPARSE, "%s: a record with over %d fields", r->name,
			                    WARC_FIELDS_MAX);
		*colon = '\0';
		v = colon + 1 + strspn(colon + 1, " \t");
		for (size_t k = strlen(v); k > 0 && (v[k - 1] == ' ' || v[k - 1] == '\t'); k--)
			v[k - 1] = '\0';
		r->fields[r->n_fields].name = xstrdup(r->line);
		r->fields[r->n_fields].value = xstrdup(v);
		r->n_fields++;
	}
	return 0;
}

int
warc_reader_next(struct warc_reader *r, struct warc_in_record *rec, struct cd_error *err)
{
	const char *cl;
	char *end;
	unsigned long long len;
	long n;
	int rc;

	memset(rec, 0, sizeof *rec);
	warc_fields_clear(r);
	/* blank lines between records: the CRLF CRLF that ends one */
	do
		rec->offset = r->offset;
	while ((n = warc_line(r, err)) == 0);
	if (n == -1)
		return 0;
	if (n < 0)
		return (int)n;
	if (strcmp(r->line, "WARC/1.0") != 0 && strcmp(r->line, "WARC/1.1") != 0)
		return cd_error_set(err, CD_EPARSE, "%s: not a WARC 1.0 or 1.1 record at byte %lld",
		                    r->name, rec->offset);
	if ((rc = warc_read_fields(r, err)) != 0)
		return rc;
	cl = warc_field(r, "Content-Length");
	errno = 0;
	if (cl == NULL || *cl < '0' || *cl > '9' || (len = strtoull(cl, &end, 10), errno) ||
	    *end != '\0' || len > (1ULL << 40))
		return cd_error_set(err, CD_EPARSE, "%s: record at byte %lld has no valid "
		                    "Content-Length", r->name, rec->offset);
	rec->block_len = (size_t)len;
	if (len > WARC_BLOCK_MAX) {
		if ((rc = warc_bytes(r, NULL, (size_t)len, err)) != 0)
			return rc;
	} else {
		if (r->block_cap < len + 1) {
			r->block_cap = (size_t)len + 1;
			r->block = xrealloc(r->block, r->block_cap);
		}
		if ((rc = warc_bytes(r, r->block, (size_t)len, err)) != 0)
			return rc;
		r->block[len] = '\0';
		rec->block = r->block;
	}
	rec->type = warc_field(r, "WARC-Type");
	if (rec->type == NULL)
		rec->type = "";
	rec->target_uri = warc_field(r, "WARC-Target-URI");
	/* WARC 1.0's grammar wrote the URI in angle brackets; some writers still do */
	if (rec->target_uri && rec->target_uri[0] == '<') {
		char *u = (char *)rec->target_uri;
		size_t ulen = strlen(u);

		if (ulen >= 2 && u[ulen - 1] == '>') {
			memmove(u, u + 1, ulen - 2);
			u[ulen - 2] = '\0';
		}
	}
	rec->date = warc_field(r, "WARC-Date");
	rec->content_type = warc_field(r, "Content-Type");
	return 1;
}

/* ---- the HTTP response in a response record ---- */

/* The value of header name in the head lines [p, e), or NULL (a new copy). */
static char *
warc_http_header(const char *p, const char *e, const char *name)
{
	size_t k = strlen(name);

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *t = nl ? nl : e;

		if ((size_t)(t - p) > k && p[k] == ':' && strncasecmp(p, name, k) == 0) {
			const char *v = p + k + 1;

			while (v < t && (*v == ' ' || *v == '\t'))
				v++;
			while (t > v && (t[-1] == '\r' || t[-1] == ' ' || t[-1] == '\t'))
				t--;
			return xstrndup(v, (size_t)(t - v));
		}
		p = nl ? nl + 1 : e;
	}
	return NULL;
}

/* Transfer-Encoding: chunked undone into out. */
static int
warc_dechunk(const char *p, const char *e, struct buf *out, struct cd_error *err)
{
	while (p < e) {
		char *end;
		unsigned long size;

		errno = 0;
		size = strtoul(p, &end, 16);
		if (end == p || errno != 0)
			return cd_error_set(err, CD_EPARSE, "bad chunk size");
		if ((p = memchr(end, '\n', (size_t)(e - end))) == NULL)
			return cd_error_set(err, CD_EPARSE, "chunk cut short");
		p++;
		if (size == 0)
			return 0;
		if (size > (size_t)(e - p))
			return cd_error_set(err, CD_EPARSE, "chunk cut short");
		if (buf_append(out, p, size) != 0)
			return cd_error_set(err, CD_EPARSE, "body over %u bytes", WARC_BODY_MAX);
		p += size;
		if (p < e && *p == '\r')
			p++;
		if (p < e && *p == '\n')
			p++;
	}
	return 0;   /* no last chunk: what came is the body */
}

/* gzip or zlib-wrapped (deflate) data inflated into out, up to its cap. */
static int
warc_inflate(const char *p, size_t n, int raw, struct buf *out, struct cd_error *err)
{
	z_stream z;
	unsigned char tmp[16384];
	int zr = Z_OK, rc = 0;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, raw ? -15 : 15 + 32) != Z_OK)
		return cd_error_set(err, CD_EPARSE, "cannot inflate");
	z.next_in = (unsigned char *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	while (zr != Z_STREAM_END) {
		z.next_out = tmp;
		z.avail_out = sizeof tmp;
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			rc = cd_error_set(err, CD_EPARSE, "bad compressed body");
			break;
		}
		if (buf_append(out, tmp, sizeof tmp - z.avail_out) != 0) {
			rc = cd_error_set(err, CD_EPARSE, "body over %u bytes", WARC_BODY_MAX);
			break;
		}
		if (zr == Z_OK && z.avail_in == 0 && z.avail_out != 0)
			break;   /* cut short: keep what came, as a browser would */
	}
	inflateEnd(&z);
	return rc;
}

int
warc_http_parse(const char *block, size_t len, struct warc_http *h, struct cd_error *err)
{
	const char *e = block + len, *head_end = NULL, *body, *p;
	char *te = NULL, *ce = NULL;
	struct buf tmp = BUF_INIT, out = BUF_INIT;
	int rc = 0;

	memset(h, 0, sizeof *h);
	buf_init(&tmp, WARC_BODY_MAX);
	buf_init(&out, WARC_BODY_MAX);
	if (len < 12 || strncmp(block, "HTTP/", 5) != 0 || (p = memchr(block, ' ', 12)) == NULL ||
	    p + 4 > e || p[1] < '1' || p[1] > '5' || p[2] < '0' || p[2] > '9' || p[3] < '0' ||
	    p[3] > '9') {
		rc = cd_error_set(err, CD_EPARSE, "no HTTP status line");
		goto out;
	}
	h->status = (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
	/* the head ends at the first blank line (CRLF CRLF, or bare LFs) */
	for (p = block; p < e; p++) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));

		if (nl == NULL)
			break;
		if (nl + 1 < e && nl[1] == '\n') {
			head_end = nl + 2;
			break;
		}
		if (nl + 2 < e && nl[1] == '\r' && nl[2] == '\n') {
			head_end = nl + 3;
			break;
		}
		p = nl;
	}
	body = head_end ? head_end : e;
	h->content_type = warc_http_header(block, body, "Content-Type");
	te = warc_http_header(block, body, "Transfer-Encoding");
	ce = warc_http_header(block, body, "Content-Encoding");
	if (te && strcasecmp(te, "chunked") == 0) {
		if ((rc = warc_dechunk(body, e, &tmp, err)) != 0)
			goto out;
	} else if ((size_t)(e - body) > WARC_BODY_MAX) {
		rc = cd_error_set(err, CD_EPARSE, "body over %u bytes", WARC_BODY_MAX);
		goto out;
	} else if (buf_append(&tmp, body, (size_t)(e - body)) != 0) {
		/* cannot be: the length was checked against the same cap */
		rc = cd_error_set(err, CD_EPARSE, "body over %u bytes", WARC_BODY_MAX);
		goto out;
	}
	if (ce == NULL || *ce == '\0' || strcasecmp(ce, "identity") == 0) {
		h->body_len = tmp.len;
		h->body = buf_detach(&tmp);
	} else if (strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0 ||
	           strcasecmp(ce, "deflate") == 0) {
		/* "deflate" is zlib-wrapped by the RFC, raw from some servers */
		rc = warc_inflate(buf_str(&tmp), tmp.len, 0, &out, err);
		if (rc != 0 && strcasecmp(ce, "deflate") == 0) {
			buf_reset(&out);
			rc = warc_inflate(buf_str(&tmp), tmp.len, 1, &out, err);
		}
		if (rc != 0)
			goto out;
		h->body_len = out.len;
		h->body = buf_detach(&out);
	} else {
		rc = cd_error_set(err, CD_EPARSE, "body in an encoding not read (%.40s)", ce);
	}
out:
	free(te);
	free(ce);
	buf_release(&tmp);
	buf_release(&out);
	if (rc != 0)
		warc_http_release(h);
	return rc;
}

void
warc_http_release(struct warc_http *h)
{
	free(h->content_type);
	free(h->body);
	memset(h, 0, sizeof *h);
}
