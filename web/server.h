/* server.h: `clinicdex serve`'s engine: the directory as a web site and a
 * JSON API over libmicrohttpd, read only. A pool of threads, each request
 * served on a database connection of its own; the library reports each
 * request to a callback and never prints. */
#ifndef CD_WEB_SERVER_H
#define CD_WEB_SERVER_H
#include <stdbool.h>
#include "common/error.h"
#include "extract/rules.h"

/* What one request was, for an access log. Strings valid during the call. */
struct web_log_entry {
	const char *client;      /* the peer's address */
	const char *method;
	const char *path;        /* decoded path, not yet safe to print */
	const char *query;       /* the parameters, percent-encoded again ("" none) */
	int status;
	size_t bytes;            /* body bytes */
	double ms;               /* time to build the reply */
};

struct web_options {
	const char *db_path;     /* the directory, opened read only */
	const char *listen;      /* "ADDR:PORT" ("[::1]:8080" for IPv6); port 0: any */
	const struct rules *taxonomy;   /* codes and labels; outlives the server */
	unsigned threads;        /* 0: one per processor */
	unsigned max_connections;        /* 0: 1024 */
	unsigned max_per_client;         /* connections at once from one address; 0: 128 */
	unsigned per_client_rate;        /* requests a second from one address (IPv6: one
	                                    /64), in bursts of up to WEB_RATE_BURST times
	                                    that; beyond it a 429 with Retry-After. 0: none */
	const char *leaflet_dir; /* leaflet.js and leaflet.css; NULL: no map */
	const char *tiles;       /* a tile URL template ({z}/{x}/{y}); NULL: markers only */
	void (*log)(void *arg, const struct web_log_entry *e);   /* may be NULL */
	void *log_arg;
};

#define WEB_RATE_BURST 4          /* a burst: a page and its assets, a few pages */
#define WEB_RATE_CLIENTS 8192     /* addresses the rate limit remembers at most */

struct web_server;

/* Opens the database (a connection per thread, read only, memory-mapped)
 * and starts serving. CD_EINVAL for a bad listen address, CD_EDB when
 * the database cannot be opened, CD_ENET when the address cannot be
 * bound. Stop with web_server_stop. */
int web_server_start(const struct web_options *o, struct web_server **out,
                     struct cd_error *err);
/* The port bound (useful after port 0) and the threads serving. */
unsigned web_server_port(const struct web_server *s);
unsigned web_server_threads(const struct web_server *s);
/* Stops accepting, finishes the requests in flight, closes everything. */
void web_server_stop(struct web_server *s);

/* Checks a tile URL template: http(s), one host (no {s}), {z}, {x} and
 * {y}, no quote, space or angle bracket, at most 500 bytes. Puts its
 * scheme://host[:port] in origin. CD_EINVAL with a message. */
int web_check_tiles(const char *url, char *origin, size_t origin_size, struct cd_error *err);

/* Parses "ADDR:PORT" into a numeric address and port (no name lookup).
 * CD_EINVAL with a message when malformed. */
int web_parse_listen(const char *s, char *addr, size_t addr_size, unsigned *port,
                     struct cd_error *err);

#endif
