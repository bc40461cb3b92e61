/* cmd-serve.c: `clinicdex serve`: the directory as a web site and a JSON
 * API (web/), read only, until SIGINT or SIGTERM. */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "web/server.h"

#define SERVE_DEFAULT_LISTEN "127.0.0.1:8080"
#define SERVE_DEFAULT_RATE 25     /* requests a second per client address */
#define STR_(x) #x
#define STR(x) STR_(x)

static pthread_mutex_t serve_log_lock = PTHREAD_MUTEX_INITIALIZER;

/* The access log: one line a request, the path stripped of controls. */
static void
serve_log(void *arg, const struct web_log_entry *e)
{
	char *path = text_utf8_clean(e->path, strlen(e->path)), *safe = text_for_terminal(path, false);

	(void)arg;
	pthread_mutex_lock(&serve_log_lock);
	fprintf(stderr, "%s %s %.200s%.300s %d %zu %.1fms\n", e->client, e->method, safe, e->query,
	        e->status, e->bytes, e->ms);
	pthread_mutex_unlock(&serve_log_lock);
	free(safe);
	free(path);
}

/* Where Leaflet was vendored: DATADIR/leaflet when installed, else
 * web/leaflet beside the executable in a build tree; NULL when neither
 * holds it (the pages then draw no map). Caller frees. */
static char *
serve_leaflet_dir(void)
{
	char exe[PATH_MAX], *slash, *dir = xasprintf("%s/leaflet", cli_datadir()), *js;
	ssize_t n;

	js = xasprintf("%s/leaflet.js", dir);
	if (access(js, R_OK) == 0) {
		free(js);
		return dir;
	}
	free(js);
	free(dir);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	dir = xasprintf("%s/web/leaflet", exe);
	js = xasprintf("%s/leaflet.js", dir);
	if (access(js, R_OK) != 0) {
		free(dir);
		dir = NULL;
	}
	free(js);
	return dir;
}

enum { O_LISTEN = OPT_FIRST_LOCAL, O_TILES, O_RATE };
static const struct option serve_opts[] = {
	{ "listen", required_argument, NULL, O_LISTEN },
	{ "tiles", required_argument, NULL, O_TILES },
	{ "per-client-rate", required_argument, NULL, O_RATE },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cd_error err = { 0, "" };
	struct web_options o;
	struct web_server *srv = NULL;
	sigset_t stop, old;
	char addr[64], origin[300];
	unsigned port = 0;
	int c, status = EXIT_OK, sig = 0;
	char *db = NULL, *leaflet = NULL;

	memset(&o, 0, sizeof o);
	o.listen = SERVE_DEFAULT_LISTEN;
	o.per_client_rate = SERVE_DEFAULT_RATE;
	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, serve_opts, &status)) != -1) {
		long rate = 0;

		if (c == CLI_OPT_EXIT)
			return status;
		if (c == O_LISTEN) {
			o.listen = optarg;
		} else if (c == O_TILES) {
			o.tiles = optarg;
		} else if (c == O_RATE) {
			if ((rate = cli_parse_count(optarg)) < 0 || rate > 1000000)
				return cli_usage(ctx, "--per-client-rate: '%s' is not a number from 0 to "
				                 "1000000", optarg);
			o.per_client_rate = (unsigned)rate;
		}
	}
	if (optind < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
	if (web_parse_listen(o.listen, addr, sizeof addr, &port, &err) != 0)
		return cli_usage(ctx, "--listen: %s", err.msg);
	if (o.tiles && web_check_tiles(o.tiles, origin, sizeof origin, &err) != 0)
		return cli_usage(ctx, "--tiles: %s", err.msg);
	if ((status = cli_setup(ctx)) != EXIT_OK)
		return status;
	if ((status = cli_db_path(ctx, &db)) != EXIT_OK)
		return status;
	o.db_path = db;
	o.taxonomy = ctx->rules;
	leaflet = serve_leaflet_dir();
	o.leaflet_dir = leaflet;
	if (leaflet == NULL && !ctx->quiet)
		fprintf(stderr, "clinicdex serve: Leaflet is not installed: the pages draw no map\n");
	if (ctx->verbose)
		o.log = serve_log;

	/* the server's threads inherit a mask without SIGINT and SIGTERM, so
	 * that this thread alone takes them, in sigwait */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	signal(SIGPIPE, SIG_IGN);
	if (web_server_start(&o, &srv, &err) != 0) {
		status = cli_fail(ctx, &err);
		goto out;
	}
	if (!ctx->quiet)
		fprintf(stderr, "clinicdex serve: http://%s%s%s:%u/ (%u threads; Ctrl-C stops)\n",
		        strchr(addr, ':') ? "[" : "", addr, strchr(addr, ':') ? "]" : "",
		        web_server_port(srv), web_server_threads(srv));
	while (sigwait(&stop, &sig) != 0)
		;
	web_server_stop(srv);
	if (!ctx->quiet)
		fprintf(stderr, "clinicdex serve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
out:
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(db);
	free(leaflet);
	return status;
}

const struct cmd_entry cmd_serve_entry = {
	.name = "serve",
	.usage = "[--listen ADDR:PORT] [--tiles URL] [--per-client-rate N]",
	.summary = "the directory as a web site and a JSON API, read only",
	.help = "  --listen ADDR:PORT      where to listen (default " SERVE_DEFAULT_LISTEN "; port 0:\n"
	        "                          any free port, printed on stderr)\n"
	        "  --tiles URL             map tiles for the pages' Leaflet maps, e.g.\n"
	        "                          https://tile.example.org/{z}/{x}/{y}.png (default:\n"
	        "                          none; the markers are drawn on a blank map)\n"
	        "  --per-client-rate N     requests a second one client address (IPv6: its\n"
	        "                          /64) may make, in bursts of up to 4 N; beyond it,\n"
	        "                          429 with Retry-After (default " STR(SERVE_DEFAULT_RATE) "; 0: no\n"
	        "                          limit). Connections: 128 at once per address.\n"
	        "  Pages: / (search), /search?..., /clinics/ID. API: /api/search?near=&radius=\n"
	        "  &credential=&service=&text=&status=&state=&city=&zip=&excluded=1&limit=\n"
	        "  &offset= (excluded=1: the clinic or a practitioner on the exclusion list),\n"
	        "  /api/search.csv (the CSV export of a search), /api/clinics/ID.\n"
	        "  -v logs each request on stderr. SIGINT or SIGTERM stops it cleanly.\n",
	.options = serve_opts,
	.flags = CMD_TAXONOMY,
	.exec = cmd_serve,
};
