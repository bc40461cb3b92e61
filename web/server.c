/* server.c: the HTTP side of `clinicdex serve`: libmicrohttpd's thread
 * pool, a read-only database connection per thread, routing of paths to
 * pages and API, the headers every reply carries, and the access report.
 * Only GET and HEAD (and OPTIONS for CORS) are served; no path reaches the
 * file system: the one asset is compiled in. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>
#include "common/xalloc.h"
#include "web/ratelimit.h"
#include "web/server.h"
#include "web/web.h"

#define WEB_MAX_BODY (64u << 20)    /* the largest reply built (a CSV of 10,000 rows) */
#define WEB_TIMEOUT_S 30            /* an idle connection is closed after this */

struct web_server {
	struct MHD_Daemon *daemon;
	struct web_options o;
	unsigned threads, port;
	/* the connections, one per thread; a request borrows one */
	struct index **pool;
	size_t *free_ids, n_free, n_pool;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool map;                /* Leaflet loaded */
	char tiles_origin[300];
	char *csp;               /* the Content-Security-Policy of every reply */
	struct web_ratelimit *rate;   /* NULL: no per-client request limit */
};

/* The policy every reply carries: no script but our own (and only with
 * the map), no frame, images only from here and the tile server. */
static char *
web_csp(bool map, const char *tiles_origin)
{
	return xasprintf("default-src 'none'; %sstyle-src 'self'; img-src 'self' data:%s%s; "
	                 "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
	                 map ? "script-src 'self'; " : "", tiles_origin[0] ? " " : "", tiles_origin);
}

int
web_check_tiles(const char *url, char *origin, size_t origin_size, struct cd_error *err)
{
	const char *host = NULL, *end = NULL, *p;
	size_t n = strlen(url);

	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return cd_error_set(err, CD_EINVAL, "the tile URL must begin with https:// or http://");
	if (n > 500)
		return cd_error_set(err, CD_EINVAL, "the tile URL is longer than 500 bytes");
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr("\"'<>\\`", *p))
			return cd_error_set(err, CD_EINVAL, "the tile URL holds a space, quote or bracket");
	for (end = host; *end && *end != '/'; end++)
		if (!((*end >= 'a' && *end <= 'z') || (*end >= 'A' && *end <= 'Z') ||
		      (*end >= '0' && *end <= '9') || *end == '.' || *end == '-' || *end == ':'))
			return cd_error_set(err, CD_EINVAL,
			                    "the tile URL's host must be one name (no {s}), with a port at most");
	if (end == host || *end != '/')
		return cd_error_set(err, CD_EINVAL, "the tile URL has no host or no path");
	if (!strstr(end, "{z}") || !strstr(end, "{x}") || !strstr(end, "{y}"))
		return cd_error_set(err, CD_EINVAL, "the tile URL needs {z}, {x} and {y}");
	if ((size_t)(end - url) >= origin_size)
		return cd_error_set(err, CD_EINVAL, "the tile URL's host is too long");
	memcpy(origin, url, (size_t)(end - url));
	origin[end - url] = '\0';
	return 0;
}

int
web_parse_listen(const char *s, char *addr, size_t addr_size, unsigned *port,
                 struct cd_error *err)
{
	const char *colon = NULL, *host = s, *host_end = NULL;
	struct in6_addr a6;
	struct in_addr a4;
	char *end = NULL, h[64];
	long p;

	if (s[0] == '[') {
		host = s + 1;
		host_end = strchr(host, ']');
		if (host_end == NULL || host_end[1] != ':')
			return cd_error_set(err, CD_EINVAL, "'%s' is not ADDR:PORT (e.g. 127.0.0.1:8080)", s);
		colon = host_end + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return cd_error_set(err, CD_EINVAL, "'%s' is not ADDR:PORT (e.g. 127.0.0.1:8080)", s);
		host_end = colon;
	}
	if ((size_t)(host_end - host) >= sizeof h || host_end == host)
		return cd_error_set(err, CD_EINVAL, "'%s': no address before the port", s);
	memcpy(h, host, (size_t)(host_end - host));
	h[host_end - host] = '\0';
	if (strcmp(h, "localhost") == 0)
		snprintf(h, sizeof h, "127.0.0.1");
	if (inet_pton(AF_INET, h, &a4) != 1 && inet_pton(AF_INET6, h, &a6) != 1)
		return cd_error_set(err, CD_EINVAL, "'%s' is not a numeric IPv4 or IPv6 address", h);
	if (colon[1] < '0' || colon[1] > '9')
		return cd_error_set(err, CD_EINVAL, "'%s': the port is not a number", s);
	p = strtol(colon + 1, &end, 10);
	if (*end != '\0' || p < 0 || p > 65535)
		return cd_error_set(err, CD_EINVAL, "'%s': the port is not a number from 0 to 65535", s);
	snprintf(addr, addr_size, "%s", h);
	*port = (unsigned)p;
	return 0;
}

static struct index *
web_pool_take(struct web_server *s)
{
	struct index *idx;

	pthread_mutex_lock(&s->lock);
	while (s->n_free == 0)
		pthread_cond_wait(&s->cond, &s->lock);
	idx = s->pool[s->free_ids[--s->n_free]];
	pthread_mutex_unlock(&s->lock);
	return idx;
}

static void
web_pool_give(struct web_server *s, struct index *idx)
{
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->n_pool; i++)
		if (s->pool[i] == idx)
			s->free_ids[s->n_free++] = i;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result
web_collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                const char *value, size_t value_size)
{
	struct web_request *rq = cls;

	(void)kind;
	/* a %00 decodes to a NUL that would cut the value short unseen */
	if (strlen(key) != key_size || (value && strlen(value) != value_size))
		rq->nul_in_args = true;
	if (rq->n_args == WEB_MAX_ARGS) {
		rq->too_many_args = true;
		return MHD_NO;
	}
	rq->args[rq->n_args].key = key;
	rq->args[rq->n_args].value = value;
	rq->n_args++;
	return MHD_YES;
}

int
web_request_params(const struct web_request *rq, struct web_params *p, long default_limit,
                   struct cd_error *err)
{
	size_t i;
	int rc = 0;

	if (rq->too_many_args)
		return cd_error_set(err, CD_EINVAL, "more than %d parameters", WEB_MAX_ARGS);
	if (rq->nul_in_args)
		return cd_error_set(err, CD_EINVAL, "a parameter holds a NUL byte");
	for (i = 0; i < rq->n_args; i++)
		if ((rc = web_params_add(p, rq->args[i].key, rq->args[i].value, err)) != 0)
			return rc;
	return web_params_check(p, rq->taxonomy, default_limit, err);
}

bool
web_valid_clinic_ref(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 253)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '.' || c == '-' || c == ':'))
			return false;
	}
	return true;
}

/* Sends the path to its page; the reply is filled. */
static void
web_route(const struct web_request *rq, struct web_reply *rp)
{
	const char *p = rq->path;

	if (strcmp(p, "/") == 0 || strcmp(p, "/search") == 0) {
		web_page_home(rq, rp);
	} else if (strncmp(p, "/clinics/", 9) == 0) {
		web_page_clinic(rq, rp, p + 9);
	} else if (strcmp(p, "/api/search") == 0) {
		web_api_search(rq, rp, false);
	} else if (strcmp(p, "/api/search.csv") == 0) {
		web_api_search(rq, rp, true);
	} else if (strncmp(p, "/api/clinics/", 13) == 0) {
		web_api_clinic(rq, rp, p + 13);
	} else if (strncmp(p, "/static/", 8) == 0 && web_asset(p, rp)) {
		/* filled */
	} else if (strncmp(p, "/api/", 5) == 0 || strcmp(p, "/api") == 0) {
		web_api_error(rp, 404, "no such API path (try /api/search or /api/clinics/ID)");
	} else {
		web_page_error(rp, 404, "Page not found",
		               "There is no page at this address. Search the directory instead.");
	}
}

static void
web_add_headers(const struct web_server *s, struct MHD_Response *r, const struct web_reply *rp)
{
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rp->type);
	MHD_add_response_header(r, "Content-Security-Policy", s->csp);
	if (rp->cache)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=86400");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	if (rp->api) {
		MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
		MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
	}
	if (rp->disposition)
		MHD_add_response_header(r, "Content-Disposition", rp->disposition);
	if (rp->status == 405)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, OPTIONS");
	if (rp->retry_after > 0) {
		char secs[16];

		snprintf(secs, sizeof secs, "%u", rp->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, secs);
	}
}

static double
web_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
web_report(struct web_server *s, struct MHD_Connection *conn, const char *method,
           const struct web_request *rq, int status, size_t bytes, double t0)
{
	const union MHD_ConnectionInfo *ci;
	struct web_log_entry e;
	struct buf q = BUF_INIT;
	char client[INET6_ADDRSTRLEN + 1] = "-";
	size_t i;

	if (s->o.log == NULL)
		return;
	buf_init(&q, 4096);
	for (i = 0; i < rq->n_args; i++) {
		buf_putc(&q, i ? '&' : '?');
		web_url_value(&q, rq->args[i].key);
		if (rq->args[i].value) {
			buf_putc(&q, '=');
			web_url_value(&q, rq->args[i].value);
		}
	}
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		socklen_t len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
		                                                       : sizeof(struct sockaddr_in);

		if (getnameinfo(ci->client_addr, len, client, sizeof client, NULL, 0,
		                NI_NUMERICHOST) != 0)
			snprintf(client, sizeof client, "-");
	}
	e.client = client;
	e.method = method;
	e.path = rq->path;
	e.query = buf_str(&q);
	e.status = status;
	e.bytes = bytes;
	e.ms = web_now_ms() - t0;
	s->o.log(s->o.log_arg, &e);
	buf_release(&q);
}

/* Seconds the client of conn must wait before its next request (its
 * Retry-After), or 0 when it may go on. */
static unsigned
web_rate_wait(struct web_server *s, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;
	unsigned char key[WEB_RATELIMIT_KEY];

	if (s->rate == NULL)
		return 0;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || !web_ratelimit_key(ci->client_addr, key))
		return 0;
	return web_ratelimit_take(s->rate, key, web_now_ms() / 1e3);
}

/* The refusal of a client over its request rate, as a page or JSON. */
static void
web_too_many(const struct web_request *rq, struct web_reply *rp, unsigned wait)
{
	char msg[160];

	snprintf(msg, sizeof msg, "Too many requests from your address: please wait %u second%s "
	         "and try again.", wait, wait == 1 ? "" : "s");
	if (strncmp(rq->path, "/api/", 5) == 0)
		web_api_error(rp, 429, msg);
	else
		web_page_error(rp, 429, "Too many requests", msg);
	rp->retry_after = wait;
}

static enum MHD_Result
web_handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size,
           void **con_cls)
{
	static int seen;
	struct web_server *s = cls;
	struct web_request rq;
	struct web_reply rp;
	struct MHD_Response *resp = NULL;
	enum MHD_Result ret;
	double t0 = web_now_ms();
	size_t len = 0;
	unsigned wait = 0;
	bool get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
	           strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;

	(void)version;
	(void)upload_data;
	if (*con_cls == NULL && get && *upload_data_size == 0) {
		/* the first call has the headers only; answer on the next */
		*con_cls = &seen;
		return MHD_YES;
	}
	*upload_data_size = 0;   /* a body is never read */
	*con_cls = &seen;
	memset(&rq, 0, sizeof rq);
	memset(&rp, 0, sizeof rp);
	buf_init(&rp.body, WEB_MAX_BODY);
	rq.taxonomy = s->o.taxonomy;
	rq.path = url;
	rq.map = s->map;
	rq.tiles = s->map ? s->o.tiles : NULL;
	rq.tiles_origin = s->tiles_origin;
	if ((wait = web_rate_wait(s, conn)) > 0) {
		/* before any work: no database connection; the parameters
		 * only for the access log */
		MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, web_collect_arg, &rq);
		web_too_many(&rq, &rp, wait);
	} else if (strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0) {
		rp.status = 204;
		rp.type = "text/plain; charset=utf-8";
		rp.api = true;
	} else if (!get) {
		web_page_error(&rp, 405, "Method not allowed",
		               "This site is read only: it answers GET and HEAD requests.");
	} else {
		MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, web_collect_arg, &rq);
		rq.idx = web_pool_take(s);
		web_route(&rq, &rp);
		web_pool_give(s, rq.idx);
	}
	if (rp.status == 0) {   /* a page that filled nothing: a bug, said plainly */
		buf_reset(&rp.body);
		web_page_error(&rp, 500, "Server error", "This page could not be built.");
	}
	len = rp.body.len;
	resp = MHD_create_response_from_buffer(len, buf_detach(&rp.body), MHD_RESPMEM_MUST_FREE);
	web_add_headers(s, resp, &rp);
	/* reported before it goes: a client that has its answer finds the line */
	web_report(s, conn, method, &rq, rp.status, len, t0);
	ret = MHD_queue_response(conn, (unsigned)rp.status, resp);
	MHD_destroy_response(resp);
	buf_release(&rp.body);
	return ret;
}

static void
web_server_free(struct web_server *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n_pool; i++)
		index_close(s->pool[i]);
	free(s->pool);
	free(s->free_ids);
	free(s->csp);
	web_ratelimit_free(s->rate);
	if (s->map)
		web_assets_free();
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s);
}

int
web_server_start(const struct web_options *o, struct web_server **out, struct cd_error *err)
{
	struct web_server *s = xcalloc(1, sizeof *s);
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	const union MHD_DaemonInfo *di;
	char addr[64];
	unsigned port = 0, flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i;
	int rc = 0;

	*out = NULL;
	s->o = *o;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	if ((rc = web_parse_listen(o->listen, addr, sizeof addr, &port, err)) != 0)
		goto out;
	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
	} else {
		inet_pton(AF_INET6, addr, &sin6->sin6_addr);
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		flags |= MHD_USE_IPv6;
	}
	if (o->tiles && (rc = web_check_tiles(o->tiles, s->tiles_origin, sizeof s->tiles_origin,
	                                      err)) != 0)
		goto out;
	if (o->leaflet_dir) {
		if ((rc = web_assets_load(o->leaflet_dir, err)) != 0)
			goto out;
		s->map = true;
	}
	if (!s->map)
		s->tiles_origin[0] = '\0';
	s->csp = web_csp(s->map, s->tiles_origin);
	if (o->per_client_rate > 0)
		s->rate = web_ratelimit_new((double)o->per_client_rate,
		                            (double)o->per_client_rate * WEB_RATE_BURST,
		                            WEB_RATE_CLIENTS);
	s->threads = o->threads ? o->threads : ncpu > 0 ? (unsigned)ncpu : 1;
	if (s->threads > 256)
		s->threads = 256;
	/* one connection per thread: a request never waits for another's */
	s->n_pool = s->threads;
	s->pool = xcalloc(s->n_pool, sizeof *s->pool);
	s->free_ids = xcalloc(s->n_pool, sizeof *s->free_ids);
	for (i = 0; i < s->n_pool; i++) {
		if ((rc = index_open_readonly(o->db_path, &s->pool[i], err)) != 0) {
			s->n_pool = i;
			goto out;
		}
		index_map_for_reading(s->pool[i]);
		s->free_ids[s->n_free++] = i;
	}
	s->daemon = MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, web_handle, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, s->threads,
		MHD_OPTION_CONNECTION_LIMIT, o->max_connections ? o->max_connections : 1024u,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_client ? o->max_per_client : 128u,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_TIMEOUT_S,
		MHD_OPTION_END);
	if (s->daemon == NULL) {
		rc = cd_error_set(err, CD_ENET, "cannot listen on %s (in use, or not an address "
		                  "of this machine)", o->listen);
		goto out;
	}
	di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : port;
	*out = s;
	s = NULL;   /* transferred */
out:
	web_server_free(s);
	return rc;
}

unsigned
web_server_port(const struct web_server *s)
{
	return s->port;
}

unsigned
web_server_threads(const struct web_server *s)
{
	return s->threads;
}

void
web_server_stop(struct web_server *s)
{
	if (s == NULL)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	web_server_free(s);
}
