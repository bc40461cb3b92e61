/* transfer.c: one curl transfer of the crawler: its options, the
 * callbacks that collect its body and headers and refuse private
 * addresses, and what its failure is called. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <curl/curl.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/crawl_int.h"
#include "crawler/fetch.h"
#include "crawler/url.h"
#include "crawler/warc.h"

/* ---- one transfer ---- */

static size_t
crawl_on_body(char *p, size_t size, size_t n, void *arg)
{
	struct crawl_xfer *x = arg;

	/* with CURLOPT_ACCEPT_ENCODING these are decoded bytes: a gzip bomb
	 * stops at the cap like any other body */
	if (x->skipped[0])
		return 0;
	if (buf_append(&x->body, p, size * n) != 0) {
		x->too_big = true;
		return 0;   /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	return size * n;
}

/* Keeps a header value (cleaned and bounded) in *dst. */
static void
crawl_header_keep(char **dst, const char *v, size_t n)
{
	char *clean = NULL;

	free(*dst);
	if (n > CRAWL_HEADER_MAX)
		n = CRAWL_HEADER_MAX;
	clean = text_utf8_clean(v, n);
	*dst = text_for_terminal(clean, false);
	free(clean);
}

/* At the end of a page's final 2xx header block: a type that is clearly
 * not HTML is not downloaded at all. Returns false to abort. */
static bool
crawl_headers_end(struct crawl_xfer *x)
{
	size_t n = 0;

	if (x->kind != XFER_PAGE || x->status / 100 != 2 || fetch_type_of(x->content_type) != FETCH_TYPE_OTHER)
		return true;
	n = strcspn(x->content_type, "; \t");
	snprintf(x->skipped, sizeof x->skipped, "skipped: content type %.*s",
	         (int)(n < CRAWL_TYPE_SHOWN ? n : CRAWL_TYPE_SHOWN), x->content_type);
	return false;
}

/* Collects status, validators, type and Retry-After of the final response:
 * each status line (a redirect hop, a 100 Continue) starts afresh. The
 * header bytes of all hops together are capped. */
static size_t
crawl_on_header(char *p, size_t size, size_t n, void *arg)
{
	struct crawl_xfer *x = arg;
	size_t len = size * n, flen;
	const char *colon, *v, *e = p + len;

	x->header_bytes += len;
	if (x->header_bytes > CRAWL_HEADERS_MAX) {
		x->headers_too_big = true;
		return 0;   /* aborts the transfer */
	}
	if (x->warc)
		warc_capture_header(x->warc, p, len);
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(x->content_type);
		free(x->etag);
		free(x->last_modified);
		free(x->retry_after);
		x->content_type = x->etag = x->last_modified = x->retry_after = NULL;
		/* "HTTP/1.1 200 OK": the code after the first space */
		v = memchr(p, ' ', len);
		x->status = 0;
		for (v = v ? v + 1 : e; v < e && *v >= '0' && *v <= '9' && x->status < 1000; v++)
			x->status = x->status * 10 + (*v - '0');
		return len;
	}
	if (len <= 2 && (p[0] == '\r' || p[0] == '\n'))   /* the blank line */
		return crawl_headers_end(x) ? len : 0;
	if ((colon = memchr(p, ':', len)) == NULL)
		return len;
	flen = (size_t)(colon - p);
	for (v = colon + 1; v < e && (*v == ' ' || *v == '\t'); v++)
		;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (flen == 12 && strncasecmp(p, "content-type", flen) == 0)
		crawl_header_keep(&x->content_type, v, (size_t)(e - v));
	else if (flen == 4 && strncasecmp(p, "etag", flen) == 0)
		crawl_header_keep(&x->etag, v, (size_t)(e - v));
	else if (flen == 13 && strncasecmp(p, "last-modified", flen) == 0)
		crawl_header_keep(&x->last_modified, v, (size_t)(e - v));
	else if (flen == 11 && strncasecmp(p, "retry-after", flen) == 0)
		crawl_header_keep(&x->retry_after, v, (size_t)(e - v));
	return len;
}

/* Sees every address curl is about to connect to, on every redirect hop
 * and after --connect-to, so no name can lead us to a private network. */
static curl_socket_t
crawl_on_opensocket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct crawl_xfer *x = arg;
	struct sockaddr_in6 sin6;
	struct sockaddr_in sin;
	const void *ip = NULL;

	if (purpose == CURLSOCKTYPE_IPCXN) {
		if (a->family == AF_INET && a->addrlen >= sizeof sin) {
			memcpy(&sin, &a->addr, sizeof sin);
			ip = &sin.sin_addr;
		} else if (a->family == AF_INET6 && a->addrlen >= sizeof sin6) {
			memcpy(&sin6, &a->addr, sizeof sin6);
			ip = &sin6.sin6_addr;
		}
		if (ip == NULL || url_ip_is_private(a->family, ip)) {
			if (ip == NULL || inet_ntop(a->family, ip, x->refused, sizeof x->refused) == NULL)
				snprintf(x->refused, sizeof x->refused, "(family %d)", a->family);
			return CURL_SOCKET_BAD;
		}
	}
	return socket(a->family, a->socktype, a->protocol);
}


void
crawl_xfer_free(struct crawl_xfer *x)
{
	if (x == NULL)
		return;
	if (x->easy) {
		if (x->c && x->c->multi)
			curl_multi_remove_handle(x->c->multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	buf_release(&x->body);
	warc_capture_free(x->warc);
	free(x->url);
	free(x->content_type);
	free(x->etag);
	free(x->last_modified);
	free(x->retry_after);
	curl_slist_free_all(x->conditional);
	free(x);
}

/* A page stored with validators is asked for conditionally: a 304 then
 * keeps what is stored (crawl_page_not_modified). */
static int
crawl_xfer_conditional(struct crawl *c, struct crawl_xfer *x)
{
	char *etag = NULL, *lm = NULL, *h = NULL;
	int rc = 0;

	if ((rc = index_page_validators(c->idx, x->url, &etag, &lm, c->err)) != 0)
		goto out;
	if (etag && !strpbrk(etag, "\r\n")) {
		h = xasprintf("If-None-Match: %s", etag);
		x->conditional = curl_slist_append(x->conditional, h);
		free(h);
	}
	if (lm && !strpbrk(lm, "\r\n")) {
		h = xasprintf("If-Modified-Since: %s", lm);
		x->conditional = curl_slist_append(x->conditional, h);
		free(h);
	}
	if (x->conditional)
		curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->conditional);
out:
	free(etag);
	free(lm);
	return rc;
}

int
crawl_xfer_start(struct crawl *c, struct crawl_site *site, enum crawl_xfer_kind kind,
                 const char *url, int64_t item_id, int depth, int attempts)
{
	const struct crawl_options *o = c->opt;
	struct crawl_xfer *x = xcalloc(1, sizeof *x);
	CURL *e = NULL;
	int rc = 0;
	bool is_robots = kind == XFER_ROBOTS;

	x->c = c;
	x->site = site;
	x->kind = kind;
	x->item_id = item_id;
	x->attempts = attempts;
	x->url = xstrdup(url);
	x->depth = depth;
	buf_init(&x->body, is_robots ? CRAWL_ROBOTS_MAX : (size_t)o->max_bytes);
	if ((e = x->easy = curl_easy_init()) == NULL) {
		rc = cd_error_set(c->err, CD_ENET, "cannot create a curl handle");
		goto out;
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, is_robots ? CRAWL_ROBOTS_REDIRECTS : o->max_redirects);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->agent);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, o->timeout_s);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, CRAWL_CONNECT_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, CRAWL_LOW_SPEED_BPS);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, CRAWL_LOW_SPEED_S);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* TLS is verified, always: CURLOPT_SSL_VERIFYPEER and _VERIFYHOST keep
	 * curl's defaults (on) and are never set here. A server that drips
	 * bytes is cut by the low-speed limit, or by CURLOPT_TIMEOUT at the
	 * latest; either is recorded as the page's failure. */
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, crawl_on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, crawl_on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	if (!is_robots)   /* a Content-Length over the cap fails at once */
		curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
	if (c->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to);
	if (c->warc && !is_robots) {   /* the debug callback sees the request head */
		x->warc = warc_capture_new();
		curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, warc_capture_debug);
		curl_easy_setopt(e, CURLOPT_DEBUGDATA, x->warc);
		curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	}
	if (!o->allow_private) {
		curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, crawl_on_opensocket);
		curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
	}
	if (item_id > 0 && (rc = crawl_xfer_conditional(c, x)) != 0)
		goto out;
	if (curl_multi_add_handle(c->multi, e) != CURLM_OK) {
		rc = cd_error_set(c->err, CD_ENET, "cannot start a transfer of %s", url);
		goto out;
	}
	c->xfers = xreallocarray(c->xfers, c->n_xfers + 1, sizeof *c->xfers);
	x->slot = c->n_xfers;
	c->xfers[c->n_xfers++] = x;
	x = NULL; /* transferred */
	site->in_flight++;
	site->next_start = crawl_now() + (double)site->delay_ms / 1000.0;
out:
	if (x) {
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
		crawl_xfer_free(x);
	}
	return rc;
}

void
crawl_xfer_detach(struct crawl *c, struct crawl_xfer *x)
{
	/* the last one takes its slot */
	c->xfers[x->slot] = c->xfers[--c->n_xfers];
	c->xfers[x->slot]->slot = x->slot;
	x->site->in_flight--;
	x->site->idle = false;
}

const char *
crawl_xfer_error(const struct crawl_xfer *x, CURLcode res, char *tmp, size_t tmp_size)
{
	if (res == CURLE_OK)
		return NULL;
	if (x->skipped[0])
		return x->skipped;
	if (x->headers_too_big)
		return CRAWL_HEADERS_BIG;
	if (x->too_big || res == CURLE_FILESIZE_EXCEEDED)
		return CRAWL_TOO_BIG;
	if (x->refused[0]) {
		snprintf(tmp, tmp_size, "refused: private address %s", x->refused);
		return tmp;
	}
	if (x->errbuf[0]) {
		snprintf(tmp, tmp_size, "%s", x->errbuf);
		return tmp;
	}
	return curl_easy_strerror(res);
}

/* --warc: a page's final response, with the request that asked for it.
 * Redirect hops are not written, nor a 304 (nothing new to keep), nor a
 * transfer that failed or was cut (over --max-bytes, not HTML). */
int
crawl_warc_write(struct crawl *c, struct crawl_xfer *x, CURLcode res)
{
	char *eff = NULL, *ip = NULL;
	long status = 0;

	if (x->warc == NULL || x->kind != XFER_PAGE || res != CURLE_OK)
		return 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip);
	if (status == 304)
		return 0;
	return warc_write_exchange(c->warc, x->warc, eff ? eff : x->url, ip, buf_str(&x->body),
	                           x->body.len, c->err);
}
